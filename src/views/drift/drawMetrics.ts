/** Small line chart of sense accuracy and cosine gap over layers, the selected layer marked. */
import * as d3 from 'd3';
import type { LayerMetrics } from '../../analysis/drift';
import { SERIES } from '../../lib/palette';

export interface MetricsOpts {
  width: number;
  height: number;
  layer: number;
  accLabel: string;
  gapLabel: string;
  layerAxis: string;
}

export const ACC_COLOUR = SERIES.primary;
export const GAP_COLOUR = SERIES.secondary;

export function drawMetrics(g: SVGGElement, metrics: readonly LayerMetrics[], o: MetricsOpts): void {
  const root = d3.select(g);
  root.selectAll('*').remove();
  if (metrics.length === 0) return;
  const m = { l: 34, r: 10, t: 8, b: 30 };
  const L = metrics.length - 1;
  const x = d3
    .scaleLinear()
    .domain([0, Math.max(1, L)])
    .range([m.l, o.width - m.r]);
  const lo = Math.min(0, d3.min(metrics, (d) => (Number.isFinite(d.gap) ? d.gap : 0)) ?? 0);
  const y = d3
    .scaleLinear()
    .domain([lo, 1])
    .nice()
    .range([o.height - m.b, m.t]);
  root
    .append('g')
    .attr('transform', `translate(0,${o.height - m.b})`)
    .call(d3.axisBottom(x).ticks(L).tickFormat(d3.format('d')));
  root.append('g').attr('transform', `translate(${m.l},0)`).call(d3.axisLeft(y).ticks(4));
  root
    .append('text')
    .attr('x', (m.l + o.width - m.r) / 2)
    .attr('y', o.height - 2)
    .attr('text-anchor', 'middle')
    .attr('font-size', 11)
    .attr('fill', 'currentColor')
    .text(o.layerAxis);
  root
    .append('line')
    .attr('x1', x(o.layer))
    .attr('x2', x(o.layer))
    .attr('y1', m.t)
    .attr('y2', o.height - m.b)
    .attr('stroke', '#999')
    .attr('stroke-dasharray', '3 3');
  if (lo < 0)
    root
      .append('line')
      .attr('x1', m.l)
      .attr('x2', o.width - m.r)
      .attr('y1', y(0))
      .attr('y2', y(0))
      .attr('stroke', '#ccc');
  const series: [keyof LayerMetrics, string, string, d3.SymbolType][] = [
    ['accuracy', ACC_COLOUR, o.accLabel, d3.symbolCircle],
    ['gap', GAP_COLOUR, o.gapLabel, d3.symbolSquare],
  ];
  for (const [key, colour, label, sym] of series) {
    const pts = metrics.filter((d) => Number.isFinite(d[key] as number));
    root
      .append('path')
      .attr('fill', 'none')
      .attr('stroke', colour)
      .attr('stroke-width', 2)
      .attr('stroke-dasharray', key === 'gap' ? '5 3' : null)
      .attr(
        'd',
        d3
          .line<LayerMetrics>()
          .x((d) => x(d.layer))
          .y((d) => y(d[key] as number))(pts),
      )
      .append('title')
      .text(label);
    for (const d of pts)
      root
        .append('path')
        .attr('transform', `translate(${x(d.layer)},${y(d[key] as number)})`)
        .attr('d', d3.symbol(sym, 30)())
        .attr('fill', colour);
  }
}
