/**
 * Training lab: how a run is set up. A link carries these settings (not the
 * pasted text, which can be long and private, nor the trained weights).
 */
import '../../lib/zodSetup';
import { z } from 'zod';

export const TRAIN_CORPORA = ['sentences', 'repeats', 'custom'] as const;
export type TrainCorpus = (typeof TRAIN_CORPORA)[number];

export const trainingSchema = z.object({
  /** 'scratch': pre-train a fresh small model; 'finetune': keep training tiny-gpt on new text. */
  mode: z.enum(['scratch', 'finetune']),
  /** Scratch model size (see SCRATCH_SIZES in src/model/train.ts). */
  size: z.enum(['xs', 's', 'm']),
  corpus: z.enum(TRAIN_CORPORA),
  learningRate: z.number().gt(0).max(0.1),
  batchSize: z.number().int().min(1).max(64),
  /** Tokens per training window (capped by the model's context). */
  seqLen: z.number().int().min(4).max(128),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  maxSteps: z.number().int().min(1).max(100_000),
  /** A sample, a held-out loss and a look at the heads every this many steps. */
  sampleEvery: z.number().int().min(5).max(10_000),
  samplePrompt: z.string().max(200),
});
export type TrainingChoice = z.infer<typeof trainingSchema>;

export const trainingDefaults: TrainingChoice = {
  mode: 'scratch',
  size: 'xs',
  corpus: 'sentences',
  learningRate: 0.003,
  batchSize: 16,
  seqLen: 32,
  seed: 1,
  maxSteps: 2000,
  sampleEvery: 50,
  samplePrompt: 'the river',
};

/** Settings that suit fine-tuning tiny-gpt (a larger model that already knows English: smaller steps). */
export const finetuneDefaults: Partial<TrainingChoice> = { learningRate: 0.0003, batchSize: 8, seqLen: 64, maxSteps: 500, sampleEvery: 25 };
