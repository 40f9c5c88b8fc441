/**
 * Pure helpers over attention probes laid out `[L][H][T][T]` (row = query,
 * column = key), and head-role scores.
 */

export type HeadSel = number | 'mean' | 'max';

export interface AttentionShape {
  L: number;
  H: number;
  T: number;
}

/** The `[T][T]` matrix of one head, or the mean / element-wise max over a layer's heads. */
export function headMatrix(att: Float32Array, s: AttentionShape, layer: number, head: HeadSel): Float32Array {
  const { H, T } = s;
  const size = T * T;
  const base = layer * H * size;
  if (typeof head === 'number') return att.slice(base + head * size, base + (head + 1) * size);
  const out = new Float32Array(size);
  if (head === 'max') out.fill(0);
  for (let h = 0; h < H; h++) {
    const off = base + h * size;
    for (let i = 0; i < size; i++) {
      const v = att[off + i] as number;
      if (head === 'mean') out[i] = (out[i] as number) + v / H;
      else if (v > (out[i] as number)) out[i] = v;
    }
  }
  return out;
}

export interface RowCheck {
  /** Largest |row sum − 1|. */
  maxRowError: number;
  /** Largest weight strictly above the diagonal (a query looking at a later key). */
  maxAboveDiagonal: number;
}

export function checkRows(m: Float32Array, T: number): RowCheck {
  let maxRowError = 0;
  let maxAboveDiagonal = 0;
  for (let q = 0; q < T; q++) {
    let sum = 0;
    for (let k = 0; k < T; k++) {
      const v = m[q * T + k] as number;
      sum += v;
      if (k > q) maxAboveDiagonal = Math.max(maxAboveDiagonal, v);
    }
    maxRowError = Math.max(maxRowError, Math.abs(sum - 1));
  }
  return { maxRowError, maxAboveDiagonal };
}

export const ROLES = ['previous', 'first', 'self', 'induction'] as const;
export type Role = (typeof ROLES)[number];
export type RoleScores = Record<Role, number>;

/**
 * Role scores of one head's matrix `[T][T]`, averaged over queries:
 * - previous: weight on the token just before the query (queries 1..T-1);
 * - first: weight on the first token, the "attention sink" (queries 1..T-1);
 * - self: weight on the query's own position.
 */
export function positionalScores(m: Float32Array, T: number): Omit<RoleScores, 'induction'> {
  let prev = 0;
  let first = 0;
  let self = 0;
  for (let q = 0; q < T; q++) {
    self += m[q * T + q] as number;
    if (q > 0) {
      prev += m[q * T + q - 1] as number;
      first += m[q * T] as number;
    }
  }
  return { previous: T > 1 ? prev / (T - 1) : 0, first: T > 1 ? first / (T - 1) : 0, self: self / T };
}

/**
 * Prefix-matching (induction) score on a sequence made of a random block of
 * n tokens repeated twice: a query in the second copy at position n + i
 * should look at position i + 1 — the token that followed the previous
 * occurrence of the current token. Mean weight there over i = 0..n-2.
 */
export function inductionScore(m: Float32Array, T: number, n: number): number {
  if (T < 2 * n) throw new Error(`inductionScore: need ${2 * n} tokens, got ${T}`);
  let s = 0;
  for (let i = 0; i < n - 1; i++) s += m[(n + i) * T + (i + 1)] as number;
  return s / (n - 1);
}

/** A role counts as the head's label when its score is at least this high and the highest. */
export const ROLE_THRESHOLD = 0.4;

export function dominantRole(scores: RoleScores): Role | null {
  let best: Role | null = null;
  for (const r of ROLES) if (scores[r] >= ROLE_THRESHOLD && (best === null || scores[r] > scores[best])) best = r;
  return best;
}
