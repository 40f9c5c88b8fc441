/**
 * Slices of the chosen state shared by every view: model, prompt, selected
 * view, interface. Each slice is a zod schema (what a link may carry, with
 * bounds) plus defaults; the store and the permalink codec are built from
 * these definitions.
 */
import '../../lib/zodSetup';
import { z } from 'zod';
import { DEFAULT_MODEL_ID, isModelId } from '../models';

export const MAX_PROMPT_CHARS = 2000;

export const modelSchema = z.object({ id: z.string().refine(isModelId, 'unknown model') });
export type ModelChoice = z.infer<typeof modelSchema>;
export const modelDefaults: ModelChoice = { id: DEFAULT_MODEL_ID };

export const promptSchema = z.object({ text: z.string().max(MAX_PROMPT_CHARS) });
export type PromptChoice = z.infer<typeof promptSchema>;
export const promptDefaults: PromptChoice = { text: 'she sat on the bank of the river and watched the' };

export const VIEWS = ['attention', 'drift', 'sampling', 'prompting', 'training'] as const;
export type ViewId = (typeof VIEWS)[number];
export const viewSchema = z.object({ current: z.enum(VIEWS) });
export type ViewChoice = z.infer<typeof viewSchema>;
export const viewDefaults: ViewChoice = { current: 'attention' };

export const uiSchema = z.object({
  lang: z.enum(['en', 'zh']),
  presenter: z.boolean(),
  /** Panels and controls hidden for a lesson (ids of state/lesson.ts). */
  hidden: z.array(z.string().max(40)).max(40),
  /** A lesson link: the page keeps it as the state "Reset to lesson" returns to. */
  lesson: z.boolean(),
});
export type UiChoice = z.infer<typeof uiSchema>;
export type Lang = UiChoice['lang'];
export const uiDefaults: UiChoice = { lang: 'en', presenter: false, hidden: [], lesson: false };
