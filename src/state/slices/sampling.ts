/** Sampling view: generation settings; the seed makes every draw reproducible. */
import '../../lib/zodSetup';
import { z } from 'zod';

export const samplingSchema = z.object({
  /** 0 means greedy (always the most likely token). */
  temperature: z.number().min(0).max(5),
  /** 0 means no top-k cut-off. */
  topK: z.number().int().min(0).max(100_000),
  /** 1 means no top-p (nucleus) cut-off. */
  topP: z.number().gt(0).max(1),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  maxTokens: z.number().int().min(1).max(256),
  /** Step shown in the chart (0-based); null: the latest, so the chart follows generation. */
  step: z.number().int().min(0).max(256).nullable(),
  /**
   * Steps asked for (the run is replayed from the seed, so only the count is kept). A run may
   * stop earlier: end token, full context, no [MASK] left, or maxTokens for a causal model.
   */
  generated: z.number().int().min(0).max(256),
});
export type SamplingChoice = z.infer<typeof samplingSchema>;
export const samplingDefaults: SamplingChoice = { temperature: 1, topK: 0, topP: 1, seed: 42, maxTokens: 24, step: null, generated: 0 };
