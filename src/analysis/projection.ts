/**
 * 2-D projections of a set of vectors: PCA (ml-pca; deterministic, signs
 * fixed) and UMAP (umap-js, seeded). Every layer's
 * vectors go into one fit, so positions are comparable across layers.
 */
import { PCA } from 'ml-pca';
import { UMAP } from 'umap-js';
import { Rng } from '../model/rng';
import type { Vec } from './senses';

export type Point = [number, number];

export interface PcaResult {
  points: Point[];
  /** Share of the total variance along each of the two axes. */
  explained: [number, number];
}

/**
 * The two principal axes of the centred data (ml-pca, by SVD), with a sign convention so that a layout never
 * flips between runs or library versions: each axis's largest-magnitude component is positive.
 */
export function pca2(vectors: readonly Vec[]): PcaResult {
  const n = vectors.length;
  if (n === 0) return { points: [], explained: [0, 0] };
  const d = (vectors[0] as Vec).length;
  const rows = vectors.map((v) => Array.from(v as ArrayLike<number>));
  const mean = new Float64Array(d);
  for (const r of rows) for (let k = 0; k < d; k++) mean[k] = (mean[k] as number) + (r[k] as number) / n;
  let total = 0;
  for (const r of rows) for (let k = 0; k < d; k++) total += ((r[k] as number) - (mean[k] as number)) ** 2;
  // Every point the same: no spread, no axes (SVD of a zero matrix gives arbitrary ones).
  if (total === 0) return { points: rows.map(() => [0, 0] as Point), explained: [0, 0] };
  const pca = new PCA(rows, { center: true, scale: false });
  const U = pca.getEigenvectors();
  const explainedAll = pca.getExplainedVariance();
  const axes: Float64Array[] = [];
  for (let a = 0; a < 2; a++) {
    const v = a < U.columns ? Float64Array.from(U.getColumn(a)) : new Float64Array(d);
    let big = 0;
    for (let k = 0; k < d; k++) if (Math.abs(v[k] as number) > Math.abs(v[big] as number)) big = k;
    if ((v[big] as number) < 0) for (let k = 0; k < d; k++) v[k] = -(v[k] as number);
    axes.push(v);
  }
  const points = rows.map((r) => {
    const x = Float64Array.from(r, (y, k) => y - (mean[k] as number));
    return [dotF(x, axes[0] as Float64Array), dotF(x, axes[1] as Float64Array)] as Point;
  });
  return { points, explained: [explainedAll[0] ?? 0, explainedAll[1] ?? 0] };
}

function dotF(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** UMAP with a seeded random source: the same vectors and seed give the same layout. */
export function umap2(vectors: readonly Vec[], seed = 42): Point[] {
  // Identical vectors (every layer-0 point) are fitted once, so they land on exactly one spot.
  const keyOf = new Map<string, number>();
  const unique: Vec[] = [];
  const slot = vectors.map((v) => {
    const key = Array.from(v).join(',');
    let i = keyOf.get(key);
    if (i === undefined) {
      i = unique.length;
      keyOf.set(key, i);
      unique.push(v);
    }
    return i;
  });
  const fitted = umapUnique(unique, seed);
  return slot.map((i) => fitted[i] as Point);
}

function umapUnique(vectors: readonly Vec[], seed: number): Point[] {
  const n = vectors.length;
  if (n < 4) return pca2(vectors).points;
  const rng = new Rng(seed);
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.max(2, Math.min(15, n - 1)),
    minDist: 0.1,
    nEpochs: 300,
    random: () => rng.next(),
  });
  return umap.fit(vectors.map((v) => Array.from(v))).map((p) => [p[0] as number, p[1] as number] as Point);
}
