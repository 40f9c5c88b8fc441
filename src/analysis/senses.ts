/**
 * Sense separation on contextual vectors: cosine similarity, the per-layer
 * similarity matrix, the cosine gap (mean within-sense minus mean
 * across-sense similarity) and leave-one-out nearest-centroid accuracy.
 * Pure functions over arrays, Float64 arithmetic.
 */

export type Vec = ArrayLike<number>;

export function dot(a: Vec, b: Vec): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

export function norm(a: Vec): number {
  return Math.sqrt(dot(a, a));
}

/** Cosine similarity; 0 when either vector is zero (no direction to compare). */
export function cosine(a: Vec, b: Vec): number {
  const n = norm(a) * norm(b);
  return n === 0 ? 0 : dot(a, b) / n;
}

/** Symmetric matrix of pairwise cosine similarities, 1 on the diagonal for non-zero vectors. */
export function similarityMatrix(vectors: readonly Vec[]): number[][] {
  const n = vectors.length;
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const c = cosine(vectors[i] as Vec, vectors[j] as Vec);
      (m[i] as number[])[j] = c;
      (m[j] as number[])[i] = c;
    }
  }
  return m;
}

export interface CosineGap {
  /** Mean cosine over pairs with the same sense (NaN when there is none). */
  within: number;
  /** Mean cosine over pairs with different senses (NaN when there is none). */
  across: number;
  /** within − across: > 0 when sentences of one sense point more alike than sentences of different senses. */
  gap: number;
}

export function cosineGap(vectors: readonly Vec[], labels: readonly string[]): CosineGap {
  let w = 0;
  let nw = 0;
  let a = 0;
  let na = 0;
  for (let i = 0; i < vectors.length; i++) {
    for (let j = i + 1; j < vectors.length; j++) {
      const c = cosine(vectors[i] as Vec, vectors[j] as Vec);
      if (labels[i] === labels[j]) {
        w += c;
        nw++;
      } else {
        a += c;
        na++;
      }
    }
  }
  const within = nw ? w / nw : Number.NaN;
  const across = na ? a / na : Number.NaN;
  return { within, across, gap: within - across };
}

export interface LooResult {
  correct: number;
  /** Sentences that could be scored: their sense has at least one other sentence, and there are ≥ 2 senses. */
  total: number;
  /** correct / total (NaN when nothing could be scored). */
  accuracy: number;
  /** Predicted sense per sentence (null when it could not be scored). */
  predicted: (string | null)[];
}

/**
 * Leave-one-out nearest-centroid classification: each sentence is held out,
 * the centroid (mean vector) of every sense is computed from the remaining
 * sentences, and the sentence is assigned to the centroid with the highest
 * cosine similarity. Ties go to the sense that comes first in label order.
 */
export function looNearestCentroid(vectors: readonly Vec[], labels: readonly string[]): LooResult {
  const n = vectors.length;
  const senses = [...new Set(labels)];
  const d = n ? (vectors[0] as Vec).length : 0;
  const sums = new Map<string, Float64Array>();
  const counts = new Map<string, number>();
  for (const s of senses) {
    sums.set(s, new Float64Array(d));
    counts.set(s, 0);
  }
  for (let i = 0; i < n; i++) {
    const s = labels[i] as string;
    const sum = sums.get(s) as Float64Array;
    const v = vectors[i] as Vec;
    for (let k = 0; k < d; k++) sum[k] = (sum[k] as number) + (v[k] as number);
    counts.set(s, (counts.get(s) as number) + 1);
  }
  const predicted: (string | null)[] = [];
  let correct = 0;
  let total = 0;
  const centroid = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const own = labels[i] as string;
    const v = vectors[i] as Vec;
    if (senses.length < 2 || (counts.get(own) as number) < 2) {
      predicted.push(null);
      continue;
    }
    let best: string | null = null;
    let bestSim = -Infinity;
    for (const s of senses) {
      const sum = sums.get(s) as Float64Array;
      const c = (counts.get(s) as number) - (s === own ? 1 : 0);
      if (c === 0) continue;
      for (let k = 0; k < d; k++) centroid[k] = ((sum[k] as number) - (s === own ? (v[k] as number) : 0)) / c;
      const sim = cosine(v, centroid);
      if (sim > bestSim) {
        bestSim = sim;
        best = s;
      }
    }
    predicted.push(best);
    total++;
    if (best === own) correct++;
  }
  return { correct, total, accuracy: total ? correct / total : Number.NaN, predicted };
}
