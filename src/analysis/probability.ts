/** Probability helpers over full-vocabulary logits, computed in Float64. */

/** softmax(logits / temperature) over the whole row; temperature > 0. */
export function softmax(logits: ArrayLike<number>, temperature = 1): Float64Array {
  const n = logits.length;
  const out = new Float64Array(n);
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, logits[i] as number);
  let z = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(((logits[i] as number) - max) / temperature);
    out[i] = e;
    z += e;
  }
  for (let i = 0; i < n; i++) out[i] = (out[i] as number) / z;
  return out;
}

/** The row `t` of a row-major `[T][V]` matrix. */
export function row(matrix: Float32Array, t: number, width: number): Float32Array {
  return matrix.subarray(t * width, (t + 1) * width);
}

export interface Ranked {
  id: number;
  p: number;
}

/** The k largest entries, descending; ties broken by lower id. */
export function topK(probs: ArrayLike<number>, k: number): Ranked[] {
  const idx = Array.from({ length: probs.length }, (_, i) => i);
  idx.sort((a, b) => (probs[b] as number) - (probs[a] as number) || a - b);
  return idx.slice(0, k).map((id) => ({ id, p: probs[id] as number }));
}

/** Shannon entropy in bits. */
export function entropyBits(probs: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i] as number;
    if (p > 0) h -= p * Math.log2(p);
  }
  return h;
}

/** A probability as a percentage with enough digits to tell small values apart. */
export function formatPercent(p: number): string {
  const pct = 100 * p;
  if (pct >= 10) return `${pct.toFixed(1)}%`;
  if (pct >= 0.01) return `${pct.toPrecision(2)}%`;
  return `${pct.toExponential(1)}%`;
}

/** `x` with its sign and `digits` decimals: +1.5, −0.3, 0.0. */
export function signed(x: number, digits: number): string {
  const s = Math.abs(x).toFixed(digits);
  if (Number(s) === 0) return s;
  return x > 0 ? `+${s}` : `−${s}`;
}
