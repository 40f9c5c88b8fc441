/**
 * Weights in the layout the pass computes fastest with, made from the
 * model's own weights and kept beside them: the query, key and value
 * matrices side by side (one product instead of three), and on WASM the
 * output matrix transposed (TF.js's WASM backend hands a product with a
 * transposed operand to a scalar loop, ~20× slower than XNNPACK's: 100 ms
 * against 5 ms for GPT-2 small's 50,257 × 768 head in Node here).
 *
 * A derived tensor is rebuilt when the data of a weight it was made from
 * changes (a training step assigns new data to its variables), and while
 * gradients are being taken it is made inside the graph instead, so the
 * gradient flows back to the weights it came from.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * On WebGL, `t` copied into the backend's packed layout (the one its matrix products read); elsewhere `t`.
 * A tensor made by an unpacked program (a concatenation of vectors) or also read by one (`wte` by the
 * embedding's gather) would otherwise be packed again by every product that reads it: for the tied
 * output matrix of tiny-gpt, 512k values at every step.
 */
export function packedOnWebgl(t: tf.Tensor): tf.Tensor {
  return tf.getBackend() === 'webgl' ? tf.add(t, 0) : t;
}

interface Entry {
  /** `dataId`s of the source weights when it was made. */
  sources: object[];
  tensor: tf.Tensor;
}

export class DerivedWeights {
  private readonly cache = new Map<string, Entry>();

  /**
   * The tensor `make()` builds from `sources`. `inGraph`: build it as part of
   * the caller's graph (while training), not cached. Otherwise it is cached
   * and owned here: callers must not dispose it.
   */
  get(key: string, sources: readonly tf.Tensor[], make: () => tf.Tensor, inGraph: boolean): tf.Tensor {
    if (inGraph) return make();
    const hit = this.cache.get(key);
    if (hit && hit.sources.length === sources.length && hit.sources.every((s, i) => s === sources[i]?.dataId)) return hit.tensor;
    hit?.tensor.dispose();
    const tensor = tf.keep(tf.tidy(make));
    this.cache.set(key, { sources: sources.map((s) => s.dataId), tensor });
    return tensor;
  }

  /** Number of tensors held (tests count tensors). */
  get size(): number {
    return this.cache.size;
  }

  dispose(): void {
    for (const e of this.cache.values()) e.tensor.dispose();
    this.cache.clear();
  }
}
