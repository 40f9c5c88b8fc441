/**
 * Prompting view: what the user chose — task (a preset of tasks.json or a
 * custom one), prompt format, k for the few-shot lane, the seed that draws the
 * examples, the query shown, whether the instruction stays in prompts with
 * examples, the attention layer shown, and how many queries the batch run uses.
 * Computed results (answers, accuracies) are never stored here.
 */
import '../../lib/zodSetup';
import { z } from 'zod';

const pair = z.object({ input: z.string().trim().min(1).max(120), output: z.string().trim().min(1).max(60) });

export const customTaskSchema = z.object({
  instruction: z.string().max(200),
  examples: z.array(pair).min(1).max(16),
  queries: z.array(pair).min(1).max(16),
});

/** The task id that selects the custom task. */
export const CUSTOM_TASK_ID = 'custom';

export const promptingSchema = z.object({
  taskId: z.string().min(1).max(40),
  /** Few-shot format id of src/analysis/fewshot.ts (arrow, colon, equals, qa, inline). */
  format: z.string().min(1).max(20),
  /** k for the few-shot lane. */
  shots: z.number().int().min(2).max(8),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  /** Index of the held-out query shown in the lanes. */
  query: z.number().int().min(0).max(1000),
  /** Keep the instruction line in the one- and few-shot prompts (zero-shot always has it). */
  instruction: z.boolean(),
  /** Attention layer shown in the lanes; -1 = mean over layers. */
  layer: z.number().int().min(-1).max(15),
  /** Number of held-out queries in the batch run; 0 = all. */
  batchQueries: z.number().int().min(0).max(1000),
  custom: customTaskSchema.nullable(),
});
export type PromptingChoice = z.infer<typeof promptingSchema>;
export type CustomTask = z.infer<typeof customTaskSchema>;
export const promptingDefaults: PromptingChoice = {
  taskId: 'antonym',
  format: 'arrow',
  shots: 4,
  seed: 7,
  query: 0,
  instruction: true,
  layer: -1,
  batchQueries: 0,
  custom: null,
};

/** Starting point of the custom task editor. */
export const customTaskExample: CustomTask = {
  instruction: 'give the opposite of each word.',
  examples: [
    { input: 'hot', output: 'cold' },
    { input: 'big', output: 'small' },
    { input: 'up', output: 'down' },
    { input: 'old', output: 'new' },
  ],
  queries: [
    { input: 'fast', output: 'slow' },
    { input: 'good', output: 'bad' },
  ],
};
