/**
 * The head view's lines: one line per (query, key) pair whose opacity is the
 * attention weight. d3 owns the lines inside the given <g>; React owns the
 * token labels around it.
 */
import { select } from 'd3';
import { ATTENTION } from '../../lib/palette';

export interface LinesData {
  T: number;
  /** `[T][T]`, row = query. */
  m: Float32Array;
  tokens: string[];
}

export interface LinesOptions {
  rowH: number;
  x0: number;
  x1: number;
  /** Only this query's lines are drawn, or all when null. */
  focus: number | null;
  /** Weights below this are not drawn (invisible anyway; keeps long prompts fast). */
  minWeight: number;
}

interface Seg {
  q: number;
  k: number;
  w: number;
}

export function drawLines(g: SVGGElement, data: LinesData, opts: LinesOptions): void {
  const segs: Seg[] = [];
  const { T, m } = data;
  for (let q = 0; q < T; q++) {
    if (opts.focus != null && opts.focus !== q) continue;
    for (let k = 0; k < T; k++) {
      const w = m[q * T + k] as number;
      if (w >= opts.minWeight) segs.push({ q, k, w });
    }
  }
  const y = (i: number) => i * opts.rowH + opts.rowH / 2;
  select(g)
    .selectAll<SVGLineElement, Seg>('line')
    .data(segs, (d) => `${d.q}-${d.k}`)
    .join('line')
    .attr('x1', opts.x0)
    .attr('x2', opts.x1)
    .attr('y1', (d) => y(d.q))
    .attr('y2', (d) => y(d.k))
    .attr('stroke', opts.focus != null ? ATTENTION.focus : ATTENTION.line)
    .attr('stroke-width', (d) => (opts.focus != null ? 1 + 3 * d.w : 1 + 2 * d.w))
    .attr('stroke-opacity', (d) => Math.min(1, d.w));
}
