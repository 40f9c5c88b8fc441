/** Attention view: which layer and head (or summary) is open, how it is drawn, which token is focused. */
import '../../lib/zodSetup';
import { z } from 'zod';

export const attentionSchema = z.object({
  layer: z.number().int().min(0).max(63),
  /** A head index, or a summary over the layer's heads. */
  head: z.union([z.number().int().min(0).max(63), z.enum(['mean', 'max'])]),
  mode: z.enum(['lines', 'matrix']),
  /** Token whose row is isolated, or null. */
  focus: z.number().int().min(0).max(4095).nullable(),
});
export type AttentionChoice = z.infer<typeof attentionSchema>;
export const attentionDefaults: AttentionChoice = { layer: 0, head: 0, mode: 'lines', focus: null };
