/** Prompting view: task, number of shots and the seed that draws the examples; or a custom task. */
import { z } from 'zod';

const pair = z.object({ input: z.string().min(1).max(120), output: z.string().min(1).max(60) });

export const customTaskSchema = z.object({
  instruction: z.string().max(200),
  examples: z.array(pair).min(1).max(16),
  queries: z.array(pair).min(1).max(16),
});

export const promptingSchema = z.object({
  taskId: z.string().min(1).max(40),
  /** k for the few-shot lane. */
  shots: z.number().int().min(1).max(8),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  /** Index of the held-out query shown in the lanes. */
  query: z.number().int().min(0).max(1000),
  custom: customTaskSchema.nullable(),
});
export type PromptingChoice = z.infer<typeof promptingSchema>;
export type CustomTask = z.infer<typeof customTaskSchema>;
export const promptingDefaults: PromptingChoice = { taskId: 'antonym', shots: 4, seed: 7, query: 0, custom: null };
