/**
 * Pure arithmetic of the head-ablation experiments over the losses the
 * engine returns (Transformer.tokenLosses: `[variants][n]`, nats per token;
 * a causal model's entry t is the loss of token t + 1, a masked model's the
 * loss of token t itself).
 */

/** n when `ids` is a block of n ≥ 2 tokens said twice (the repeated random tokens demo), else null. */
export function repeatedHalf(ids: readonly number[]): number | null {
  const T = ids.length;
  if (T < 4 || T % 2 !== 0) return null;
  const n = T / 2;
  for (let i = 0; i < n; i++) if (ids[i] !== ids[i + n]) return null;
  return n;
}

/** Mean of `losses[from..to)`. */
export function meanOf(losses: ArrayLike<number>, from: number, to: number): number {
  if (to <= from) return Number.NaN;
  let s = 0;
  for (let i = from; i < to; i++) s += losses[i] as number;
  return s / (to - from);
}

/**
 * Where the second copy's loss is read in one variant's row. Causal: the tokens after the first of the
 * second copy (positions n + 1 … 2n − 1, the ones an induction head can predict from the first copy: the
 * first token of the second copy follows nothing seen before); entries n … 2n − 2. Masked: positions n … 2n − 1.
 */
export function secondCopyRange(n: number, causal: boolean): [number, number] {
  return causal ? [n, 2 * n - 1] : [n, 2 * n];
}

export interface LossSummary {
  /** Mean loss over the whole text. */
  text: number;
  /** Mean loss over the second copy, when the text is a block said twice. */
  secondCopy: number | null;
}

/** Summaries of every variant of a `[variants][perRow]` loss block for `ids`. */
export function summarise(losses: Float32Array, ids: readonly number[], causal: boolean): LossSummary[] {
  const perRow = causal ? ids.length - 1 : ids.length;
  const n = repeatedHalf(ids);
  const out: LossSummary[] = [];
  for (let b = 0; b * perRow < losses.length; b++) {
    const row = losses.subarray(b * perRow, (b + 1) * perRow);
    const range = n === null ? null : secondCopyRange(n, causal);
    out.push({ text: meanOf(row, 0, perRow), secondCopy: range ? meanOf(row, range[0], range[1]) : null });
  }
  return out;
}

/**
 * How many ablated passes to batch into one engine call for a text of T tokens and a vocabulary of V:
 * the logits of a batch are B·T·V floats, kept under `budget` (default 24M floats, ~100 MB), at most `max`.
 */
export function batchSize(T: number, V: number, budget = 24_000_000, max = 16): number {
  return Math.max(1, Math.min(max, Math.floor(budget / Math.max(1, T * V))));
}

/** Every head of an L × H model as a one-head variant, layer by layer. */
export function singleHeads(L: number, H: number): [number, number][] {
  const out: [number, number][] = [];
  for (let l = 0; l < L; l++) for (let h = 0; h < H; h++) out.push([l, h]);
  return out;
}
