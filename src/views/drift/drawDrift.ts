/**
 * Draws the drift plot into one <g>: a path per sentence through its layer
 * points (layer 0 → last), coloured and shaped by sense, the selected layer
 * emphasised. One scale for both axes, so distances are not distorted.
 */
import * as d3 from 'd3';
import type { Point } from '../../analysis/projection';

export interface DriftPath {
  index: number;
  text: string;
  sense: string;
  colour: string;
  symbol: d3.SymbolType;
  points: Point[];
}

export interface DriftPlotOpts {
  width: number;
  height: number;
  layer: number;
  /** Caption at the common layer-0 point (null: the layer-0 points do not coincide). */
  startLabel: string | null;
  layerLabel: (l: number) => string;
  /** One line at the top (word, model, method, layer), so an exported image says what it shows. */
  heading: string;
  /** Sentence to emphasise (others dimmed), or null. */
  focus: number | null;
  onFocus: (index: number | null) => void;
}

export function drawDrift(g: SVGGElement, paths: readonly DriftPath[], o: DriftPlotOpts): void {
  const root = d3.select(g);
  root.selectAll('*').remove();
  const all = paths.flatMap((p) => p.points);
  if (all.length === 0) return;
  const pad = 30;
  const [x0, x1] = d3.extent(all, (p) => p[0]) as [number, number];
  const [y0, y1] = d3.extent(all, (p) => p[1]) as [number, number];
  const span = Math.max(x1 - x0, y1 - y0, 1e-9);
  const k = Math.min((o.width - 2 * pad) / Math.max(x1 - x0, span * 1e-3), (o.height - 2 * pad) / Math.max(y1 - y0, span * 1e-3));
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const sx = (v: number) => o.width / 2 + (v - cx) * k;
  const sy = (v: number) => o.height / 2 - (v - cy) * k;

  const line = d3
    .line<Point>()
    .x((p) => sx(p[0]))
    .y((p) => sy(p[1]))
    .curve(d3.curveLinear); // straight segments: nothing drawn between layers that was not computed

  const dim = (p: DriftPath) => o.focus !== null && p.index !== o.focus;
  const lines = root.append('g').attr('class', 'drift-lines');
  for (const p of paths) {
    lines
      .append('path')
      .on('mouseenter', () => o.onFocus(p.index))
      .on('mouseleave', () => o.onFocus(null))
      .attr('data-testid', 'drift-path')
      .attr('data-sentence', p.index)
      .attr('data-sense', p.sense)
      .attr('d', line(p.points))
      .attr('fill', 'none')
      .attr('stroke', p.colour)
      .attr('stroke-width', o.focus === p.index ? 3 : 1.4)
      .attr('stroke-opacity', dim(p) ? 0.12 : o.focus === p.index ? 1 : 0.55)
      .append('title')
      .text(p.text);
  }

  const dots = root.append('g').attr('class', 'drift-dots');
  for (const p of paths) {
    p.points.forEach((pt, l) => {
      const sel = l === o.layer;
      dots
        .append('path')
        .attr('data-testid', 'drift-point')
        .attr('data-sentence', p.index)
        .attr('data-layer', l)
        .attr('data-x', pt[0])
        .attr('data-y', pt[1])
        .attr('transform', `translate(${sx(pt[0])},${sy(pt[1])})`)
        .attr('d', d3.symbol(p.symbol, sel ? 70 : 14)())
        .attr('fill', p.colour)
        .attr('fill-opacity', dim(p) ? 0.12 : sel ? 0.95 : 0.5)
        .attr('stroke', sel ? '#1d1d24' : 'none')
        .attr('stroke-width', 0.8)
        .append('title')
        .text(`${o.layerLabel(l)} · ${p.sense} · ${p.text}`);
    });
  }
  // Bring the selected layer's markers, then the focused sentence, to the front.
  dots.selectAll<SVGPathElement, unknown>(`[data-layer="${o.layer}"]`).raise();
  if (o.focus !== null) {
    lines.selectAll<SVGPathElement, unknown>(`[data-sentence="${o.focus}"]`).raise();
    dots.selectAll<SVGPathElement, unknown>(`[data-sentence="${o.focus}"]`).raise();
  }

  // Heading and sense legend (colour and shape), inside the SVG so exports carry them.
  root.append('text').attr('x', 8).attr('y', 16).attr('font-size', 12).attr('font-weight', 600).attr('fill', '#1d1d24').text(o.heading);
  const senses: DriftPath[] = [];
  for (const p of paths) if (!senses.some((q) => q.sense === p.sense)) senses.push(p);
  const legend = root.append('g').attr('class', 'drift-legend').attr('transform', 'translate(8, 26)');
  senses.forEach((p, i) => {
    const row = legend.append('g').attr('transform', `translate(0, ${i * 16})`);
    row
      .append('path')
      .attr('transform', 'translate(6, 6)')
      .attr('d', d3.symbol(p.symbol, 50)())
      .attr('fill', p.colour)
      .attr('stroke', '#1d1d24')
      .attr('stroke-width', 0.6);
    row.append('text').attr('x', 16).attr('y', 10).attr('font-size', 11).attr('fill', '#1d1d24').text(p.sense);
  });

  const start = paths[0]?.points[0];
  if (o.startLabel && start) {
    const x = sx(start[0]);
    const y = sy(start[1]);
    const right = x < o.width / 2;
    root
      .append('circle')
      .attr('cx', x)
      .attr('cy', y)
      .attr('r', 9)
      .attr('fill', 'none')
      .attr('stroke', '#1d1d24')
      .attr('stroke-dasharray', '2 2');
    root
      .append('text')
      .attr('class', 'drift-start')
      .attr('x', x + (right ? 13 : -13))
      .attr('y', y + 4)
      .attr('text-anchor', right ? 'start' : 'end')
      .attr('font-size', 12)
      .attr('fill', '#1d1d24')
      .attr('stroke', '#fff')
      .attr('stroke-width', 3)
      .attr('paint-order', 'stroke')
      .text(o.startLabel);
  }
}
