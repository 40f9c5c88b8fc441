/**
 * Induction on repeated random token sequences: a block of n ordinary word
 * tokens (ids > 4, letters only, as the attention view draws them), seeded,
 * repeated twice, with nothing before it.
 *
 * - Loss (causal models only): mean next-token cross-entropy on the first
 *   copy (targets at positions 1..n-1) and on the second copy (targets at
 *   n+1..2n-1: each follows a token that occurred before, so copying can
 *   predict it; position n cannot be predicted by copying and is left out on
 *   both sides, which keeps n-1 targets each).
 * - Prefix matching: inductionScore of src/analysis/attention.ts per head,
 *   averaged over the sequences; the best head is reported.
 */
import { headMatrix, inductionScore } from '../../src/analysis/attention';
import { Rng } from '../../src/model/rng';
import type { Tokenizer } from '../../src/model/tokenizer';
import type { Transformer } from '../../src/model/transformer';

export interface InductionResult {
  sequences: number;
  blockLength: number;
  /** null for a masked model (its loss is not next-token). */
  lossFirst: number | null;
  lossSecond: number | null;
  ratio: number | null;
  /** Mean prefix-matching score per head, `[layer][head]`. */
  heads: number[][];
  best: { layer: number; head: number; score: number };
}

export function randomBlocks(tok: Tokenizer, count: number, n: number, seed: number): number[][] {
  const pool = tok.vocab.map((p, id) => ({ p, id })).filter(({ p, id }) => id > 4 && /^[a-z]+$/.test(p));
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => rng.sample(pool, n).map((x) => x.id));
}

/** −log softmax(row)[target], in Float64. */
export function crossEntropy(logits: ArrayLike<number>, offset: number, V: number, target: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < V; i++) max = Math.max(max, logits[offset + i] as number);
  let z = 0;
  for (let i = 0; i < V; i++) z += Math.exp((logits[offset + i] as number) - max);
  return Math.log(z) + max - (logits[offset + target] as number);
}

export async function evaluateInduction(model: Transformer, tok: Tokenizer, count = 16, n = 20, seed = 1): Promise<InductionResult> {
  const { nLayers: L, nHeads: H, vocabSize: V, causal } = model.config;
  const blocks = randomBlocks(tok, count, Math.min(n, Math.floor(model.config.contextLength / 2)), seed);
  const heads = Array.from({ length: L }, () => new Array<number>(H).fill(0));
  let first = 0;
  let second = 0;
  let m = 0;
  for (const block of blocks) {
    const bn = block.length;
    const ids = [...block, ...block];
    const T = ids.length;
    const out = await model.forward(ids, { logits: causal ? 'all' : 'last', attention: true, residual: false });
    for (let l = 0; l < L; l++) {
      const row = heads[l] as number[];
      for (let h = 0; h < H; h++)
        row[h] = (row[h] as number) + inductionScore(headMatrix(out.attention, { L, H, T }, l, h), T, bn) / blocks.length;
    }
    if (causal) {
      for (let t = 1; t < bn; t++) {
        first += crossEntropy(out.logits, (t - 1) * V, V, ids[t] as number);
        second += crossEntropy(out.logits, (bn + t - 1) * V, V, ids[bn + t] as number);
        m++;
      }
    }
  }
  let best = { layer: 0, head: 0, score: Number.NEGATIVE_INFINITY };
  heads.forEach((row, layer) => {
    row.forEach((score, head) => {
      if (score > best.score) best = { layer, head, score };
    });
  });
  const lossFirst = causal ? first / m : null;
  const lossSecond = causal ? second / m : null;
  return {
    sequences: blocks.length,
    blockLength: blocks[0]?.length ?? 0,
    lossFirst,
    lossSecond,
    ratio: lossFirst !== null && lossSecond !== null ? lossSecond / lossFirst : null,
    heads,
    best,
  };
}
