/** Sampled continuations with the app's own sampler and generation loop (src/model/generate.ts). */
import { generate } from '../../src/model/generate';
import type { Tokenizer } from '../../src/model/tokenizer';
import type { Transformer } from '../../src/model/transformer';

export const SAMPLE_PROMPTS = [
  'The bank of the river',
  'She went to the bank to',
  'The children played in the park',
  'After dinner, the old man',
  'give the opposite of each word.\nhot -> cold\nbig ->',
];

export interface Sample {
  prompt: string;
  seed: number;
  continuation: string;
  /** Tokens drawn, and the most that were asked for. */
  tokens: number;
  max: number;
}

export async function sampleContinuations(
  model: Transformer,
  tok: Tokenizer,
  o: { temperature: number; tokens: number; seed: number },
): Promise<Sample[]> {
  const out: Sample[] = [];
  for (const [i, prompt] of SAMPLE_PROMPTS.entries()) {
    const seed = o.seed + i;
    const promptIds = tok.encodeIds(prompt).slice(-model.config.contextLength);
    const r = await generate({
      plan: { mode: 'clm', promptIds, contextLength: model.config.contextLength, endId: tok.sepId, maskId: tok.maskId },
      settings: { temperature: o.temperature, topK: 0, topP: 1 },
      seed,
      count: o.tokens,
      forward: async (ids, position) => {
        // A causal plan always reads the last position.
        if (position !== ids.length - 1) throw new Error(`samples: position ${position} is not the last of ${ids.length}`);
        return (await model.forward(ids, { logits: 'last', attention: false, residual: false })).logits;
      },
    });
    const ids = r.steps.map((s) => s.draw.id).filter((id) => id !== tok.sepId);
    // Decode prompt and continuation together, so a continuation piece (##ed) glues to the prompt's last word.
    const head = tok.decode(promptIds);
    const full = tok.decode([...promptIds, ...ids]);
    const continuation = full.startsWith(head) ? full.slice(head.length) : ` ${tok.decode(ids)}`;
    out.push({ prompt, seed, continuation, tokens: r.steps.length, max: o.tokens });
  }
  return out;
}
