/**
 * The page's side of head ablation: from what the user chose (the ablation
 * slice) to what a pass on a given model is asked to do (AblationSpec). The
 * engine handle adds it to every pass on that model unless the caller asks
 * for the full model, so every view follows the switches without knowing
 * about them; `ablationKey` is what a view's cached result depends on.
 */

import type { AblationSpec, LoadedModel } from '../engine/protocol';
import type { TextTokenizer } from '../model/textTokenizer';
import { type AblationChoice, headsOff } from '../state/slices/ablation';
import { useAppStore } from '../state/store';

/** The reference text of mean ablation: the current prompt's tokens, cut to the context as the views cut it. */
export function referenceIds(prompt: string, tokenizer: TextTokenizer, contextLength: number): number[] {
  return tokenizer.encodeIds(prompt).slice(-contextLength);
}

/** What a pass on `model` is asked to switch off; undefined when it runs in full. */
export function ablationSpec(
  a: AblationChoice,
  prompt: string,
  model: Pick<LoadedModel, 'id' | 'config'>,
  tokenizer: TextTokenizer | undefined,
): AblationSpec | undefined {
  const heads = headsOff(a, model.id, model.config.nLayers, model.config.nHeads);
  if (heads.length === 0) return undefined;
  if (a.kind === 'zero') return { heads, kind: 'zero' };
  const reference = tokenizer ? referenceIds(prompt, tokenizer, model.config.contextLength) : [];
  // An empty text has no positions to average over: such a head gives zeros rather than no answer at all.
  return reference.length ? { heads, kind: 'mean', reference } : { heads, kind: 'zero' };
}

/** A string that changes whenever passes on `modelId` would change: which heads, how, and (mean) over which text. */
export function ablationKey(a: AblationChoice, prompt: string, modelId: string): string {
  if (a.model !== modelId || a.heads.length === 0) return '';
  return `${a.kind}:${a.heads.join(',')}${a.kind === 'mean' ? `|${prompt}` : ''}`;
}

/** The ablation key of `modelId` from the store (views add it to what their results depend on). */
export function useAblationKey(modelId: string | undefined): string {
  return useAppStore((s) => (modelId ? ablationKey(s.ablation, s.prompt.text, modelId) : ''));
}
