import { describe, expect, it } from 'vitest';
import { Rng } from '../model/rng';
import { sample } from '../model/sampling';
import { chartData } from './samplingChart';

function logits(seed: number, n: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => 5 * rng.next());
}

describe('chartData', () => {
  it('a drawn token below the top bars gets its own bar; the sum stays 1', () => {
    const l = logits(4, 500);
    const c = chartData(l, { temperature: 1, topK: 0, topP: 1 }, 0.999, 10);
    expect(c.draw.rank).toBeGreaterThanOrEqual(10);
    expect(c.candidates).toHaveLength(11);
    const last = c.candidates[10];
    expect(last?.id).toBe(c.draw.id);
    expect(last?.outside).toBe(true);
    expect(c.rest.count).toBe(500 - 11);
    expect(Math.abs(c.candidates.reduce((a, x) => a + x.p, 0) + c.rest.p - 1)).toBeLessThan(1e-12);
  });

  it('the bars plus the rest sum to 1 over the kept set', () => {
    for (const s of [
      { temperature: 1, topK: 0, topP: 1 },
      { temperature: 0.6, topK: 8, topP: 1 },
      { temperature: 1.4, topK: 0, topP: 0.8 },
      { temperature: 0, topK: 0, topP: 1 },
    ]) {
      const c = chartData(logits(1, 500), s, 0.37, 20);
      const sum = c.candidates.reduce((a, x) => a + x.p, 0) + c.rest.p;
      expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
      expect(c.removedByK + c.removedByP + c.candidates.reduce((a, x) => a + (x.kept ? x.pTemp : 0), 0) + c.rest.pTemp).toBeCloseTo(1, 12);
    }
  });

  it('top-k within the bars: exactly k bars are kept and they sum to 1', () => {
    const c = chartData(logits(2, 300), { temperature: 1, topK: 5, topP: 1 }, 0.5, 20);
    expect(c.candidates.filter((x) => x.kept)).toHaveLength(5);
    expect(c.rest.count).toBe(0);
    expect(c.candidates.slice(5).every((x) => x.p === 0)).toBe(true);
  });

  it('the drawn token is the bar whose interval holds u, and matches the sampler', () => {
    const l = logits(3, 400);
    const s = { temperature: 0.9, topK: 12, topP: 0.95 };
    for (const u of [0, 0.2, 0.5, 0.77, 0.999]) {
      const c = chartData(l, s, u, 20);
      const bar = c.candidates.find((x) => x.kept && x.lo <= u && u < x.hi);
      expect(bar?.id).toBe(c.draw.id);
      expect(c.draw.id).toBe(sample(l, s, u).id);
    }
  });
});
