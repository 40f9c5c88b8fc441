/**
 * 2-D projections of a set of vectors: PCA (deterministic: power iteration
 * from a fixed start, signs fixed) and UMAP (umap-js, seeded). Every layer's
 * vectors go into one fit, so positions are comparable across layers.
 */
import { UMAP } from 'umap-js';
import { Rng } from '../model/rng';
import type { Vec } from './senses';

export type Point = [number, number];

export interface PcaResult {
  points: Point[];
  /** Share of the total variance along each of the two axes. */
  explained: [number, number];
}

/** Top-k principal axes of the centred data by power iteration with deflation (Float64). */
export function pca2(vectors: readonly Vec[]): PcaResult {
  const n = vectors.length;
  if (n === 0) return { points: [], explained: [0, 0] };
  const d = (vectors[0] as Vec).length;
  const mean = new Float64Array(d);
  for (const v of vectors) for (let k = 0; k < d; k++) mean[k] = (mean[k] as number) + (v[k] as number) / n;
  const X = vectors.map((v) => Float64Array.from({ length: d }, (_, k) => (v[k] as number) - (mean[k] as number)));
  // Covariance (d × d), symmetric.
  const C = Array.from({ length: d }, () => new Float64Array(d));
  for (const x of X)
    for (let i = 0; i < d; i++) {
      const xi = x[i] as number;
      if (xi === 0) continue;
      const row = C[i] as Float64Array;
      for (let j = 0; j < d; j++) row[j] = (row[j] as number) + xi * (x[j] as number);
    }
  let trace = 0;
  for (let i = 0; i < d; i++) trace += (C[i] as Float64Array)[i] as number;
  const axes: Float64Array[] = [];
  const values: number[] = [];
  for (let a = 0; a < 2; a++) {
    // Fixed, generic start vector: deterministic and almost never orthogonal to the top axis.
    let v = Float64Array.from({ length: d }, (_, k) => 1 + 0.01 * k);
    let lambda = 0;
    for (let it = 0; it < 500; it++) {
      for (const u of axes) {
        const p = dotF(v, u);
        for (let k = 0; k < d; k++) v[k] = (v[k] as number) - p * (u[k] as number);
      }
      const w = new Float64Array(d);
      for (let i = 0; i < d; i++) w[i] = dotF(C[i] as Float64Array, v);
      const len = Math.sqrt(dotF(w, w));
      if (len === 0) break;
      for (let k = 0; k < d; k++) w[k] = (w[k] as number) / len;
      const delta = Math.abs(Math.abs(dotF(w, v)) - 1);
      v = w;
      lambda = len;
      if (delta < 1e-13 && it > 5) break;
    }
    // Sign convention: the largest-magnitude component is positive.
    let big = 0;
    for (let k = 0; k < d; k++) if (Math.abs(v[k] as number) > Math.abs(v[big] as number)) big = k;
    if ((v[big] as number) < 0) for (let k = 0; k < d; k++) v[k] = -(v[k] as number);
    axes.push(v);
    values.push(lambda);
  }
  const points = X.map((x) => [dotF(x, axes[0] as Float64Array), dotF(x, axes[1] as Float64Array)] as Point);
  const ex = (l: number) => (trace > 0 ? l / trace : 0);
  return { points, explained: [ex(values[0] ?? 0), ex(values[1] ?? 0)] };
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
