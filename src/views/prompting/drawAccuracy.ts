/** Accuracy against the number of examples k: d3 draws axes, line and points inside one <g>. */
import * as d3 from 'd3';
import type { BatchCell } from '../../analysis/prompting';

export interface AccuracyChartOptions {
  width: number;
  height: number;
  ks: readonly number[];
  xLabel: string;
  yLabel: string;
  /** Text in the corner, e.g. "n = 20 queries". */
  note: string;
}

const M = { top: 16, right: 16, bottom: 44, left: 52 };

export function drawAccuracy(el: SVGGElement, cells: readonly BatchCell[], o: AccuracyChartOptions): void {
  const g = d3.select(el);
  g.selectAll('*').remove();
  const w = o.width - M.left - M.right;
  const h = o.height - M.top - M.bottom;
  const x = d3
    .scalePoint<number>()
    .domain([...o.ks])
    .range([0, w])
    .padding(0.3);
  const y = d3.scaleLinear().domain([0, 1]).range([h, 0]);
  const root = g.append('g').attr('transform', `translate(${M.left},${M.top})`);

  root
    .append('g')
    .attr('class', 'acc-grid')
    .call(
      d3
        .axisLeft(y)
        .ticks(5)
        .tickSize(-w)
        .tickFormat(() => ''),
    )
    .call((s) => s.select('.domain').remove());
  root.append('g').attr('transform', `translate(0,${h})`).call(d3.axisBottom(x));
  root.append('g').call(d3.axisLeft(y).ticks(5).tickFormat(d3.format('.0%')));
  root
    .append('text')
    .attr('class', 'acc-label')
    .attr('x', w / 2)
    .attr('y', h + 36)
    .attr('text-anchor', 'middle')
    .text(o.xLabel);
  root
    .append('text')
    .attr('class', 'acc-label')
    .attr('transform', `translate(${-40},${h / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(o.yLabel);
  root.append('text').attr('class', 'acc-note').attr('x', w).attr('y', -4).attr('text-anchor', 'end').text(o.note);

  const done = cells.filter((c) => c.total > 0);
  const acc = (c: BatchCell) => c.correct / c.total;
  const line = d3
    .line<BatchCell>()
    .x((c) => x(c.k) ?? 0)
    .y((c) => y(acc(c)));
  root.append('path').datum(done).attr('class', 'acc-line').attr('d', line);
  const pts = root
    .selectAll('g.acc-point')
    .data(done)
    .join('g')
    .attr('class', 'acc-point')
    .attr('transform', (c) => `translate(${x(c.k) ?? 0},${y(acc(c))})`);
  pts.append('circle').attr('r', 5);
  pts
    .append('text')
    .attr('y', -10)
    .attr('text-anchor', 'middle')
    .attr('class', 'acc-value')
    .text((c) => `${Math.round(100 * acc(c))}%`);
  pts.append('title').text((c) => `k = ${c.k}: ${c.correct}/${c.total}`);
}
