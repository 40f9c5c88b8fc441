import { describe, expect, it } from 'vitest';
import { Rng } from '../model/rng';
import { pca2, umap2 } from './projection';

describe('pca2', () => {
  it('finds the axis of largest variance and its share', () => {
    // Points on a line along (3,4)/5 plus a small orthogonal spread.
    const pts = [-2, -1, 0, 1, 2].flatMap((t) => [
      [3 * t - 0.4 * 0.1, 4 * t + 0.3 * 0.1, 0],
      [3 * t + 0.4 * 0.1, 4 * t - 0.3 * 0.1, 0],
    ]);
    const r = pca2(pts);
    // First coordinate = 5 t (sign fixed: largest component positive).
    const first = r.points.map((p) => p[0]);
    expect(first[0]).toBeCloseTo(-10, 6);
    expect(first[9]).toBeCloseTo(10, 6);
    expect(Math.abs(r.points[0]?.[1] as number)).toBeCloseTo(0.05, 6);
    expect(r.explained[0] + r.explained[1]).toBeCloseTo(1, 9);
    expect(r.explained[0]).toBeGreaterThan(0.99);
  });
  it('is deterministic and maps identical vectors to one point', () => {
    const rng = new Rng(3);
    const v = Array.from({ length: 16 }, () => rng.next());
    const data = [v, v, ...Array.from({ length: 20 }, () => Array.from({ length: 16 }, () => rng.next()))];
    const a = pca2(data);
    const b = pca2(data);
    expect(a.points).toEqual(b.points);
    expect(a.points[0]).toEqual(a.points[1]);
  });
});

describe('umap2', () => {
  it('is reproducible with a seed, keeps duplicates together and separates clusters', () => {
    const rng = new Rng(5);
    const cluster = (c: number) =>
      Array.from({ length: 12 }, () => Array.from({ length: 8 }, (_, k) => (k === c ? 5 : 0) + rng.next() * 0.3));
    const same = [9, 9, 9, 9, 9, 9, 9, 9];
    const data = [same, same, ...cluster(0), ...cluster(1)];
    const a = umap2(data, 7);
    expect(umap2(data, 7)).toEqual(a);
    expect(a[0]).toEqual(a[1]);
    const mean = (ps: number[][]) => [0, 1].map((k) => ps.reduce((s, p) => s + (p[k] as number), 0) / ps.length);
    const spread = (ps: number[][], m: number[]) =>
      Math.max(...ps.map((p) => Math.hypot((p[0] as number) - (m[0] as number), (p[1] as number) - (m[1] as number))));
    const A = a.slice(2, 14);
    const B = a.slice(14);
    const ma = mean(A);
    const mb = mean(B);
    const between = Math.hypot((ma[0] as number) - (mb[0] as number), (ma[1] as number) - (mb[1] as number));
    expect(between).toBeGreaterThan(spread(A, ma));
    expect(between).toBeGreaterThan(spread(B, mb));
  });
});
