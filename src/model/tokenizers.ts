/**
 * The one place a tokenizer is made from its description: the app's own
 * WordPiece vocabulary (`{type: 'wordpiece-lower', …}`) or a Hugging Face
 * tokenizer (`{type: 'hf', tokenizer, config}`). Building a 50k-entry BPE
 * takes ~0.1 s, so each description is built once (`tokenizerFor`).
 */
import { HfTokenizer, type HfTokenizerSpec } from './hf/hfTokenizer';
import type { TextTokenizer } from './textTokenizer';
import { Tokenizer, type TokenizerJSON } from './tokenizer';

export type TokenizerSpec = TokenizerJSON | HfTokenizerSpec;

export function makeTokenizer(spec: unknown): TextTokenizer {
  if ((spec as { type?: unknown } | null)?.type === 'hf') return new HfTokenizer(spec as HfTokenizerSpec);
  return Tokenizer.fromJSON(spec);
}

const cache = new WeakMap<object, TextTokenizer>();

/** The tokenizer of a description object, built on first use. */
export function tokenizerFor(spec: TokenizerSpec): TextTokenizer {
  let t = cache.get(spec);
  if (!t) {
    t = makeTokenizer(spec);
    cache.set(spec, t);
  }
  return t;
}
