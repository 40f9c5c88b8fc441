import { describe, expect, it } from 'vitest';
import { Rng } from './rng';

describe('Rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('is uniform on [0, 1): ten equal bins within 4 standard deviations over 100k draws', () => {
    const r = new Rng(7);
    const bins = new Array(10).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      bins[Math.floor(x * 10)]++;
    }
    const sd = Math.sqrt(n * 0.1 * 0.9);
    for (const b of bins) expect(Math.abs(b - n / 10)).toBeLessThan(4 * sd);
  });

  it('shuffles and samples without repeats', () => {
    const r = new Rng(1);
    const s = r.shuffle([1, 2, 3, 4, 5, 6]);
    expect([...s].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const k = r.sample(['a', 'b', 'c', 'd'], 3);
    expect(new Set(k).size).toBe(3);
  });
});
