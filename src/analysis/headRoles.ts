/**
 * Measures every head's role on the model itself (not on the user's text,
 * so labels stay put while typing): previous-token, first-token (sink) and
 * self scores on a few fixed sentences, and the induction (prefix-matching)
 * score on a random block of ordinary words repeated twice. The model is
 * reached through a `forward` callback (the page's engine, or a model in
 * Node), and always in full: labels describe the model, not an ablation.
 */
import { Rng } from '../model/rng';
import type { TextTokenizer } from '../model/textTokenizer';
import { headMatrix, inductionScore, positionalScores, type RoleScores } from './attention';

export const ROLE_SENTENCES = [
  'the man went to the bank to get some money for his family .',
  'she sat on the bank of the river and watched the water go by .',
  'the children played in the park after school and then went home .',
];
export const INDUCTION_BLOCK = 20;
const INDUCTION_SEED = 1;

export interface HeadRoles {
  /** `[layer][head]` */
  scores: RoleScores[][];
  /** The random block used for the induction score (token ids); the sequence read was this block twice. */
  block: number[];
}

/** Reads `ids` and returns the attention `[L][H][T][T]`. */
export type AttentionOf = (ids: number[]) => Promise<Float32Array>;

/** The random block of the induction score for this tokenizer and context: the same block every time. */
export function inductionBlock(tokenizer: TextTokenizer, contextLength: number): number[] {
  const rng = new Rng(INDUCTION_SEED);
  const pool = tokenizer.wordIds();
  const n = Math.min(INDUCTION_BLOCK, Math.floor(contextLength / 2), pool.length);
  return rng.sample(pool, n);
}

export async function measureHeadRoles(
  attentionOf: AttentionOf,
  tokenizer: TextTokenizer,
  config: { nLayers: number; nHeads: number; contextLength: number },
): Promise<HeadRoles> {
  const { nLayers: L, nHeads: H } = config;
  const sums: RoleScores[][] = Array.from({ length: L }, () =>
    Array.from({ length: H }, () => ({ previous: 0, first: 0, self: 0, induction: 0 })),
  );
  for (const text of ROLE_SENTENCES) {
    const ids = tokenizer.encodeIds(text).slice(0, config.contextLength);
    const att = await attentionOf(ids);
    const shape = { L, H, T: ids.length };
    for (let l = 0; l < L; l++) {
      for (let h = 0; h < H; h++) {
        const s = positionalScores(headMatrix(att, shape, l, h), ids.length);
        const acc = sums[l]?.[h] as RoleScores;
        acc.previous += s.previous / ROLE_SENTENCES.length;
        acc.first += s.first / ROLE_SENTENCES.length;
        acc.self += s.self / ROLE_SENTENCES.length;
      }
    }
  }
  // Random ordinary tokens (not specials, not word pieces), repeated twice.
  const block = inductionBlock(tokenizer, config.contextLength);
  const n = block.length;
  const ids = [...block, ...block];
  const att = await attentionOf(ids);
  for (let l = 0; l < L; l++) {
    for (let h = 0; h < H; h++) {
      (sums[l]?.[h] as RoleScores).induction = inductionScore(headMatrix(att, { L, H, T: ids.length }, l, h), ids.length, n);
    }
  }
  return { scores: sums, block };
}
