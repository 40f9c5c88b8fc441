/** Embedding drift view: word, its sentences grouped by sense, projection, selected layer. */
import { z } from 'zod';

export const driftSentenceSchema = z.object({ text: z.string().min(1).max(300), sense: z.string().min(1).max(40) });

export const driftSchema = z.object({
  word: z.string().min(1).max(40),
  /** null: the preset sentences of `word`; otherwise the user's edited list. */
  sentences: z.array(driftSentenceSchema).max(60).nullable(),
  method: z.enum(['pca', 'umap']),
  /** Layer highlighted by the slider; null: the last layer. */
  layer: z.number().int().min(0).max(64).nullable(),
  /** Show tiny-gpt and tiny-bert side by side. */
  compare: z.boolean(),
});
export type DriftChoice = z.infer<typeof driftSchema>;
export const driftDefaults: DriftChoice = { word: 'bank', sentences: null, method: 'pca', layer: null, compare: false };
