/**
 * Validation loss recomputed with the TypeScript engine on
 * the val.bin of the corpus the model was trained on (card.json
 * `corpus.folder`, training/data when it does not say;
 * little-endian uint16 token ids; gitignored, written by the corpus build). Windows of contextLength + 1 tokens at evenly spaced
 * offsets over the whole stream (deterministic).
 * - causal: mean next-token cross-entropy over the contextLength targets;
 * - masked: the trainer's corruption rule with a seeded generator: 15 % of
 *   the positions holding a newline or a plain token are targets, of those
 *   80 % become [MASK], 10 % a random plain token, 10 % stay; mean
 *   cross-entropy on the targets.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Rng } from '../../src/model/rng';
import type { Transformer } from '../../src/model/transformer';
import { crossEntropy } from './induction';

const MASK_ID = 2;
const FIRST_PLAIN = 5;

export interface ValidationResult {
  windows: number;
  targets: number;
  loss: number;
  perplexity: number;
}

export function readTokens(path: string): Uint16Array | null {
  if (!existsSync(path)) return null;
  const b = readFileSync(path);
  const out = new Uint16Array(b.byteLength >> 1);
  for (let i = 0; i < out.length; i++) out[i] = b.readUInt16LE(i * 2);
  return out;
}

export function windowStarts(n: number, span: number, count: number): number[] {
  const room = n - span;
  if (room < 0) return [];
  const all = Math.floor(n / span);
  const k = count > 0 ? Math.min(count, all) : all;
  return Array.from({ length: k }, (_, i) => Math.floor((i * room) / Math.max(1, k - 1)));
}

export async function validationLoss(model: Transformer, tokens: Uint16Array, count: number, seed = 999): Promise<ValidationResult> {
  const { contextLength: C, vocabSize: V, causal } = model.config;
  const rng = new Rng(seed);
  let sum = 0;
  let targets = 0;
  const starts = windowStarts(tokens.length, C + 1, count);
  for (const s of starts) {
    const win = Array.from(tokens.subarray(s, s + C + 1));
    if (causal) {
      const out = await model.forward(win.slice(0, C), { attention: false, residual: false });
      for (let t = 0; t < C; t++) sum += crossEntropy(out.logits, t * V, V, win[t + 1] as number);
      targets += C;
    } else {
      const x = win.slice(0, C);
      const tgt: number[] = [];
      for (let t = 0; t < C; t++) {
        const u = rng.next();
        const r = rng.next();
        const rand = FIRST_PLAIN + rng.int(V - FIRST_PLAIN);
        if (!(u < 0.15 && (x[t] as number) >= FIRST_PLAIN - 1)) continue;
        tgt.push(t);
        if (r < 0.8) x[t] = MASK_ID;
        else if (r < 0.9) x[t] = rand;
      }
      if (tgt.length === 0) continue;
      const out = await model.forward(x, { attention: false, residual: false });
      for (const t of tgt) sum += crossEntropy(out.logits, t * V, V, win[t] as number);
      targets += tgt.length;
    }
  }
  const loss = targets ? sum / targets : Number.NaN;
  return { windows: starts.length, targets, loss, perplexity: Math.exp(loss) };
}
