/**
 * Head ablation: switching attention heads off as an input of the forward
 * pass, not as an edit of the weights. A switched-off head's output — its
 * attention-weighted mix of values `(B, H, T, hs)`, before the output
 * projection — is replaced:
 *
 * - 'zero': by zeros, so the head adds nothing to the residual stream (the
 *   output projection's bias still does, as it does for every head);
 * - 'mean': by the head's mean output over the positions of a reference text
 *   (computed on the full model, `Transformer.headMeans`), so the head still
 *   adds its average contribution but no longer depends on the input.
 *
 * In the graph a layer's ablation is two small tensors: `keep` `(B, H, 1, 1)`
 * with 0 for heads off and 1 for the rest, and for 'mean' `fill`
 * `(B, H, 1, hs)`, the means of the heads off (0 for the others). A head's
 * output becomes `heads · keep + fill`. Layers without a head off get no
 * tensors at all, so their numbers are the full model's bit for bit. Several
 * batch rows can carry different ablations (the importance map runs one
 * head off per row).
 */
import * as tf from '@tensorflow/tfjs-core';
import { headSize, type ModelConfig } from './config';

export type AblationKind = 'zero' | 'mean';
export const ABLATION_KINDS: readonly AblationKind[] = ['zero', 'mean'];

export interface HeadAblation {
  /** Heads switched off, as `[layer, head]`. */
  heads: readonly (readonly [number, number])[];
  kind: AblationKind;
  /** 'mean': every head's mean output over the positions of the reference text, row-major `[L][H][hs]`. */
  means?: Float32Array;
}

/** One layer's ablation in the graph (see the file comment). */
export interface LayerAblation {
  keep: tf.Tensor4D;
  fill: tf.Tensor4D | null;
}

/** Throws a readable error for heads outside the model or 'mean' without means of the right size. */
export function checkAblation(c: ModelConfig, a: HeadAblation): void {
  for (const [l, h] of a.heads) {
    if (!(Number.isInteger(l) && l >= 0 && l < c.nLayers && Number.isInteger(h) && h >= 0 && h < c.nHeads)) {
      throw new Error(`ablation: no head ${h} in layer ${l} (the model has ${c.nLayers} layers of ${c.nHeads} heads)`);
    }
  }
  if (a.kind === 'mean' && a.heads.length > 0) {
    const n = c.nLayers * c.nHeads * headSize(c);
    if (!a.means || a.means.length !== n) throw new Error(`ablation: mean ablation needs ${n} head means, got ${a.means?.length ?? 0}`);
  }
}

/** True when the ablation switches nothing off. */
export function isFull(a: HeadAblation | null | undefined): boolean {
  return !a || a.heads.length === 0;
}

/**
 * Per layer, the graph tensors for batch rows `rows` (one ablation per row;
 * null or empty: the full model for that row); null for a layer where every
 * row keeps every head. Must run inside `tf.tidy`.
 */
export function layerAblations(c: ModelConfig, rows: readonly (HeadAblation | null | undefined)[]): (LayerAblation | null)[] {
  const L = c.nLayers;
  const H = c.nHeads;
  const hs = headSize(c);
  const B = rows.length;
  const out: (LayerAblation | null)[] = [];
  for (let l = 0; l < L; l++) {
    const keep = new Float32Array(B * H).fill(1);
    let fill: Float32Array | null = null;
    let any = false;
    rows.forEach((a, b) => {
      if (!a) return;
      for (const [al, h] of a.heads) {
        if (al !== l) continue;
        any = true;
        keep[b * H + h] = 0;
        if (a.kind === 'mean' && a.means) {
          fill ??= new Float32Array(B * H * hs);
          fill.set(a.means.subarray((l * H + h) * hs, (l * H + h + 1) * hs), (b * H + h) * hs);
        }
      }
    });
    const f = fill as Float32Array | null;
    out.push(any ? { keep: tf.tensor4d(keep, [B, H, 1, 1]), fill: f ? tf.tensor4d(f, [B, H, 1, hs]) : null } : null);
  }
  return out;
}

/** A head's output with its ablation applied: `heads · keep + fill`, `(B, H, T, hs)`. */
export function applyAblation(heads: tf.Tensor4D, a: LayerAblation | null | undefined): tf.Tensor4D {
  if (!a) return heads;
  const kept = tf.mul(heads, a.keep) as tf.Tensor4D;
  return a.fill ? (tf.add(kept, a.fill) as tf.Tensor4D) : kept;
}
