/** Embedding drift view: word, its sentences grouped by sense, model(s), projection, selected layer. */
import '../../lib/zodSetup';
import { z } from 'zod';
import { isModelId } from '../models';

export const driftSentenceSchema = z.object({ text: z.string().min(1).max(300), sense: z.string().min(1).max(40) });
export type DriftSentence = z.infer<typeof driftSentenceSchema>;

export const driftSchema = z.object({
  word: z.string().min(1).max(40),
  /** null: the preset sentences of `word`; otherwise the user's edited list. */
  sentences: z.array(driftSentenceSchema).max(60).nullable(),
  /** The model shown when `compare` is off. */
  model: z.string().refine(isModelId, 'unknown model'),
  method: z.enum(['pca', 'umap']),
  /** Seed of the UMAP layout (PCA needs none). */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  /** Subtract the position vector wpe[position] at every layer, so layer 0 is the static token embedding. */
  removePosition: z.boolean(),
  /**
   * Centre each layer before projecting (the plot only): subtract the mean of the shown vectors at that layer, so
   * the drift all sentences share drops out and what the context adds is what the plot spreads.
   */
  centre: z.boolean(),
  /** Layer highlighted by the slider; null: the last layer. */
  layer: z.number().int().min(0).max(64).nullable(),
  /** Show tiny-gpt and tiny-bert side by side. */
  compare: z.boolean(),
});
export type DriftChoice = z.infer<typeof driftSchema>;
export const driftDefaults: DriftChoice = {
  word: 'bank',
  sentences: null,
  // BERT reads both ways, so every word of a sentence can tell it which "bank" is meant; a left-to-right
  // model sees only the words before it (the view's text says so, and "Compare" shows both).
  model: 'tiny-bert',
  method: 'pca',
  seed: 42,
  removePosition: true,
  centre: true,
  layer: null,
  compare: false,
};
