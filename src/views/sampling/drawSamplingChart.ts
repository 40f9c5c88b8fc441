/**
 * Draws the next-token chart inside one <g>: a bar per candidate (pale: after
 * the temperature, before the cut-offs; solid: what the sampler uses, kept
 * set renormalised), the top-k and top-p cut-offs as dashed lines, and below
 * it the cumulative distribution of the kept set as a strip with the marker
 * where the step's uniform u landed. Owned by d3; React owns the <svg>.
 */
import * as d3 from 'd3';
import { formatPercent } from '../../analysis/probability';
import type { ChartData } from '../../analysis/samplingChart';
import { SAMPLING } from '../../lib/palette';

export interface ChartLabels {
  topK: (k: number) => string;
  topP: (p: string) => string;
  beyond: (what: string, rank: number) => string;
  rest: (n: number) => string;
  u: (u: string) => string;
  cdf: string;
  probability: string;
  tip: (c: { piece: string; p: string; pTemp: string; pModel: string; rank: number; kept: boolean }) => string;
}

export interface ChartOptions {
  width: number;
  height: number;
  piece: (id: number) => string;
  topK: number;
  topP: number;
  /** Before the first step: no token is drawn, no u is shown. */
  preview?: boolean;
  labels: ChartLabels;
}

export const COLORS = SAMPLING;

const M = { top: 40, right: 12, bottom: 160, left: 50 };
const LABEL_CHARS = 12;
const short = (s: string) => (s.length > LABEL_CHARS ? `${s.slice(0, LABEL_CHARS - 1)}…` : s);
const STRIP_H = 26;

/** Text styles as presentation attributes, so an exported SVG/PNG looks like the page. */
const TEXT_STYLE: Record<string, Record<string, string | number>> = {
  'bar-label': { 'font-size': 12, fill: '#1d1d24', 'font-family': 'ui-monospace, "DejaVu Sans Mono", monospace' },
  'bar-value': { 'font-size': 10, fill: '#5b5b6b' },
  'cutoff-label': { 'font-size': 12, 'font-weight': 600 },
  'seg-label': { 'font-size': 11, fill: '#ffffff' },
  'u-label': { 'font-size': 12, 'font-weight': 700, fill: '#1d1d24' },
  'axis-title': { 'font-size': 12, fill: '#5b5b6b' },
};

export function drawSamplingChart(el: SVGGElement, data: ChartData, o: ChartOptions): void {
  const g = d3.select(el);
  g.selectAll('*').remove();
  const W = Math.max(200, o.width - M.left - M.right);
  const H = Math.max(80, o.height - M.top - M.bottom);
  const root = g.append('g').attr('transform', `translate(${M.left},${M.top})`);
  const bars = data.candidates;
  // The drawn token's id, or none before the first step.
  const drawnId = o.preview ? -1 : data.draw.id;
  const restShown = data.rest.count > 0;
  const slots = bars.length + (restShown ? 1 : 0);
  const x = d3.scaleBand<number>().domain(d3.range(slots)).range([0, W]).paddingInner(0.18).paddingOuter(0.05);
  const yMax = Math.max(1e-9, d3.max(bars, (c) => Math.max(c.p, c.pTemp)) ?? 0, restShown ? data.rest.p : 0);
  const y = d3.scaleLinear().domain([0, yMax]).nice().range([H, 0]);

  root
    .append('g')
    .attr('class', 'axis')
    .call(
      d3
        .axisLeft(y)
        .ticks(5)
        .tickFormat((v) => `${Math.round(100 * Number(v))}%`),
    );
  root
    .append('text')
    .attr('class', 'axis-title')
    .attr('transform', `translate(${-M.left + 12},${H / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(o.labels.probability);

  const bw = x.bandwidth();
  const groups = root
    .selectAll<SVGGElement, (typeof bars)[number]>('g.candidate')
    .data(bars)
    .join('g')
    .attr('class', 'candidate')
    .attr('data-testid', 'candidate')
    .attr('data-id', (c) => c.id)
    .attr('data-token', (c) => o.piece(c.id))
    .attr('data-prob', (c) => c.p.toPrecision(10))
    .attr('data-prob-temp', (c) => c.pTemp.toPrecision(10))
    .attr('data-kept', (c) => String(c.kept))
    .attr('data-outside', (c) => String(c.outside))
    .attr('data-drawn', (c) => String(c.id === drawnId))
    .attr('transform', (_c, i) => `translate(${x(i) ?? 0},0)`);
  groups.append('title').text((c) =>
    o.labels.tip({
      piece: o.piece(c.id),
      p: formatPercent(c.p),
      pTemp: formatPercent(c.pTemp),
      pModel: formatPercent(c.pModel),
      rank: c.rank + 1,
      kept: c.kept,
    }),
  );
  // Pale bar: after the temperature, before the cut-offs.
  groups
    .append('rect')
    .attr('class', 'bar-temp')
    .attr('x', 0)
    .attr('width', bw)
    .attr('y', (c) => y(c.pTemp))
    .attr('height', (c) => H - y(c.pTemp))
    .attr('fill', (c) => (c.kept ? COLORS.ghost : COLORS.cut))
    .attr('opacity', 0.7);
  // Solid bar: what the sampler uses.
  groups
    .append('rect')
    .attr('class', 'bar-p')
    .attr('x', bw * 0.18)
    .attr('width', bw * 0.64)
    .attr('y', (c) => y(c.p))
    .attr('height', (c) => H - y(c.p))
    .attr('fill', (c) => (c.id === drawnId ? COLORS.drawn : COLORS.kept));
  groups
    .filter((c) => c.id === drawnId)
    .append('rect')
    .attr('x', -2)
    .attr('y', (c) => y(Math.max(c.p, c.pTemp)) - 2)
    .attr('width', bw + 4)
    .attr('height', (c) => H - y(Math.max(c.p, c.pTemp)) + 4)
    .attr('fill', 'none')
    .attr('stroke', COLORS.drawn)
    .attr('stroke-width', 2);
  if (bw >= 26) {
    groups
      .append('text')
      .attr('class', 'bar-value')
      .attr('x', bw / 2)
      .attr('y', (c) => y(Math.max(c.p, c.pTemp)) - 4)
      .attr('text-anchor', 'middle')
      .text((c) => (c.kept ? formatPercent(c.p) : '✕'));
  }
  groups
    .append('text')
    .attr('class', 'bar-label')
    .attr('transform', `translate(${bw / 2},${H + 10}) rotate(-45)`)
    .attr('text-anchor', 'end')
    .attr('dominant-baseline', 'middle')
    .attr('font-weight', (c) => (c.id === drawnId ? 700 : 400))
    .text((c) => (c.outside ? `#${c.rank + 1} ${short(o.piece(c.id))}` : short(o.piece(c.id))));

  if (restShown) {
    const rx = x(bars.length) ?? 0;
    const rg = root.append('g').attr('data-testid', 'candidate-rest').attr('data-prob', data.rest.p.toPrecision(10));
    rg.append('rect')
      .attr('x', rx)
      .attr('width', bw)
      .attr('y', y(data.rest.p))
      .attr('height', H - y(data.rest.p))
      .attr('fill', COLORS.rest);
    rg.append('text')
      .attr('class', 'bar-label')
      .attr('transform', `translate(${rx + bw / 2},${H + 10}) rotate(-45)`)
      .attr('text-anchor', 'end')
      .attr('dominant-baseline', 'middle')
      .text(o.labels.rest(data.rest.count));
  }

  // Cut-off lines, between the last kept bar and the next.
  const cut = (rank: number, label: string, row: number, side: 'left' | 'right') => {
    if (rank >= data.vocab) return;
    if (rank < bars.length) {
      const cx = (x(rank) ?? 0) - (x.step() * x.paddingInner()) / 2;
      root
        .append('line')
        .attr('class', 'cutoff')
        .attr('x1', cx)
        .attr('x2', cx)
        .attr('y1', -28 + row * 14)
        .attr('y2', H + 4)
        .attr('stroke', COLORS.cutLine)
        .attr('stroke-dasharray', '5 3')
        .attr('stroke-width', 1.5);
      root
        .append('text')
        .attr('class', 'cutoff-label')
        .attr('x', side === 'right' ? cx + 4 : cx - 4)
        .attr('y', -26 + row * 14)
        .attr('text-anchor', side === 'right' ? 'start' : 'end')
        .attr('fill', COLORS.cutLine)
        .text(label);
    } else {
      root
        .append('text')
        .attr('class', 'cutoff-label')
        .attr('x', W)
        .attr('y', -26 + row * 14)
        .attr('text-anchor', 'end')
        .attr('fill', COLORS.cutLine)
        .text(o.labels.beyond(label, rank));
    }
  };
  if (o.topK > 0 && data.keptByK < data.vocab) cut(data.keptByK, o.labels.topK(o.topK), 0, 'right');
  if (o.topP < 1 && data.kept < data.keptByK) cut(data.kept, o.labels.topP(o.topP.toFixed(2)), 1, 'left');

  // The cumulative distribution of the kept set, and where u landed.
  const sy = H + M.bottom - STRIP_H - 44;
  const sx = d3.scaleLinear().domain([0, 1]).range([0, W]);
  const strip = root.append('g').attr('class', 'cdf').attr('data-testid', 'cdf-strip').attr('transform', `translate(0,${sy})`);
  strip.append('text').attr('class', 'axis-title').attr('x', 0).attr('y', -6).text(o.labels.cdf);
  const segs = bars.filter((c) => c.kept && !c.outside);
  const outsideSeg = bars.find((c) => c.outside);
  strip
    .selectAll('rect.seg')
    .data(segs)
    .join('rect')
    .attr('class', 'seg')
    .attr('x', (c) => sx(c.lo))
    .attr('width', (c) => Math.max(0, sx(c.hi) - sx(c.lo)))
    .attr('y', 0)
    .attr('height', STRIP_H)
    .attr('fill', (c, i) => (c.id === drawnId ? COLORS.drawn : i % 2 ? COLORS.keptAlt : COLORS.kept))
    .attr('stroke', '#fff')
    .attr('stroke-width', 0.5)
    .append('title')
    .text((c) => `${o.piece(c.id)} [${c.lo.toFixed(3)}, ${c.hi.toFixed(3)})`);
  strip
    .selectAll('text.seg-label')
    .data(segs.filter((c) => sx(c.hi) - sx(c.lo) > 34))
    .join('text')
    .attr('class', 'seg-label')
    .attr('x', (c) => (sx(c.lo) + sx(c.hi)) / 2)
    .attr('y', STRIP_H / 2)
    .attr('text-anchor', 'middle')
    .attr('dominant-baseline', 'central')
    .text((c) => o.piece(c.id));
  if (restShown) {
    const lo = segs.length ? (segs[segs.length - 1]?.hi ?? 0) : 0;
    strip
      .append('rect')
      .attr('x', sx(lo))
      .attr('width', Math.max(0, sx(1) - sx(lo)))
      .attr('y', 0)
      .attr('height', STRIP_H)
      .attr('fill', COLORS.rest);
  }
  if (outsideSeg) {
    strip
      .append('rect')
      .attr('x', sx(outsideSeg.lo))
      .attr('width', Math.max(3, sx(outsideSeg.hi) - sx(outsideSeg.lo)))
      .attr('y', 0)
      .attr('height', STRIP_H)
      .attr('fill', COLORS.drawn);
  }
  const ux = sx(data.u);
  if (o.preview) {
    applyTextStyles(g);
    return;
  }
  const marker = strip.append('g').attr('data-testid', 'u-marker').attr('data-u', data.u.toFixed(6));
  marker
    .append('line')
    .attr('x1', ux)
    .attr('x2', ux)
    .attr('y1', -2)
    .attr('y2', STRIP_H + 6)
    .attr('stroke', '#111')
    .attr('stroke-width', 2);
  marker
    .append('path')
    .attr('d', `M${ux - 6},${STRIP_H + 14} L${ux + 6},${STRIP_H + 14} L${ux},${STRIP_H + 6} Z`)
    .attr('fill', '#111');
  marker
    .append('text')
    .attr('class', 'u-label')
    .attr('x', Math.min(Math.max(ux, 30), W - 30))
    .attr('y', STRIP_H + 26)
    .attr('text-anchor', 'middle')
    .text(o.labels.u(data.u.toFixed(3)));
  applyTextStyles(g);
}

function applyTextStyles(g: d3.Selection<SVGGElement, unknown, null, undefined>): void {
  for (const [cls, attrs] of Object.entries(TEXT_STYLE)) {
    const sel = g.selectAll(`text.${cls}`);
    for (const [k, v] of Object.entries(attrs)) sel.attr(k, v);
  }
  g.selectAll('.axis text').attr('font-size', 11).attr('fill', '#1d1d24');
}
