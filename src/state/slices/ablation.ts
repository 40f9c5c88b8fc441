/**
 * Head ablation (the Attention view's switches; every view runs the model
 * with these heads off): which heads of which model are switched off, and
 * how. Heads are numbered `layer · 64 + head` so a link stays short and
 * every value is checked by bounds. The heads belong to one model: another
 * model runs in full, and switching back finds them off again.
 */
import '../../lib/zodSetup';
import { z } from 'zod';
import { isModelId } from '../models';

/** Heads per layer the numbering allows (the attention slice's bound too). */
export const HEAD_STRIDE = 64;

export const ablationSchema = z.object({
  /** The model the heads are of; '' when none was ever switched off. */
  model: z.string().refine((s) => s === '' || isModelId(s), 'unknown model'),
  /** Heads switched off, `layer · 64 + head`, in ascending order. */
  heads: z
    .array(
      z
        .number()
        .int()
        .min(0)
        .max(HEAD_STRIDE * HEAD_STRIDE - 1),
    )
    .max(1024)
    .refine((a) => a.every((v, i) => i === 0 || v > (a[i - 1] as number)), 'heads in ascending order, each once'),
  /** 'zero': a head's output is replaced by zeros; 'mean': by its mean over the positions of the current text. */
  kind: z.enum(['zero', 'mean']),
});
export type AblationChoice = z.infer<typeof ablationSchema>;
export const ablationDefaults: AblationChoice = { model: '', heads: [], kind: 'zero' };

export const headNumber = (layer: number, head: number): number => layer * HEAD_STRIDE + head;

/** The heads off for `modelId` as `[layer, head]`, only those the model has (a model of `L` layers of `H` heads). */
export function headsOff(a: AblationChoice, modelId: string, L: number, H: number): [number, number][] {
  if (a.model !== modelId) return [];
  const out: [number, number][] = [];
  for (const n of a.heads) {
    const l = Math.floor(n / HEAD_STRIDE);
    const h = n % HEAD_STRIDE;
    if (l < L && h < H) out.push([l, h]);
  }
  return out;
}

/** Whether a head is off for `modelId`. */
export function isOff(a: AblationChoice, modelId: string, layer: number, head: number): boolean {
  return a.model === modelId && a.heads.includes(headNumber(layer, head));
}

/** Switches one head of `modelId` off or back on; heads of another model are dropped (they mean nothing here). */
export function toggleHead(a: AblationChoice, modelId: string, layer: number, head: number): AblationChoice {
  const mine = a.model === modelId ? a.heads : [];
  const n = headNumber(layer, head);
  const heads = mine.includes(n) ? mine.filter((v) => v !== n) : [...mine, n].sort((x, y) => x - y);
  return { ...a, model: heads.length ? modelId : '', heads };
}
