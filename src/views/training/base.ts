/**
 * Which model the Training lab fine-tunes: the shipped tiny-gpt, or the
 * checkpoint the user opened when the lab can train it (a causal model of
 * at most FINETUNE_MAX_PARAMETERS parameters). When it cannot, the reason,
 * so the view says so plainly.
 */
import type { LoadedModel } from '../../engine/protocol';
import { FINETUNE_MAX_PARAMETERS } from '../../model/train';

export const BASE_MODEL = 'tiny-gpt';

export type FinetuneBase =
  | { id: string; opened: LoadedModel | null; reason: null }
  | { id: typeof BASE_MODEL; opened: LoadedModel; reason: 'masked' | 'large' };

export function finetuneBase(current: LoadedModel | null): FinetuneBase {
  if (!current?.opened) return { id: BASE_MODEL, opened: null, reason: null };
  if (current.objective !== 'clm') return { id: BASE_MODEL, opened: current, reason: 'masked' };
  if (current.parameters > FINETUNE_MAX_PARAMETERS) return { id: BASE_MODEL, opened: current, reason: 'large' };
  return { id: current.id, opened: current, reason: null };
}

/** Training state in float32: weights, gradients and Adam's two moments, in GB. */
export function trainingGigabytes(parameters: number): number {
  return (parameters * 4 * 4) / 1e9;
}
