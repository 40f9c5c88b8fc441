/**
 * Incremental decoding with a key/value cache for causal models.
 *
 * A full forward pass recomputes every position for every new token: O(T²)
 * work per step. The cache keeps each layer's keys and values of the tokens
 * already read, so a step runs the new token alone through the blocks and
 * attends over the cached keys: O(T) per step.
 *
 * Probes stay available at every step: the attention row of the new token's
 * query (every layer and head, over all keys so far) and its residual
 * stream. Everything a step returns is read back from the device once (one
 * `data()` call on one packed tensor). No tensor leaves this file.
 *
 * The cache has a fixed size (the context length) and a position is written
 * into it with a one-hot product rather than grown by concatenation: every
 * single-token step then has the same tensor shapes, so GPU backends compile
 * their shader programs once instead of at every new length. Keys not read
 * yet get a -1e9 score bias, so their attention weight is exactly 0.
 *
 * Determinism: a step's numbers depend only on the cache, so the same prompt
 * fed with `append(prompt)` followed by the same single-token steps always
 * gives the same bits. They agree with `Transformer.forward` to float32
 * rounding (≈1e-6), not bit for bit: the shapes of the matrix products differ.
 */
import * as tf from '@tensorflow/tfjs-core';
import { headSize } from './config';
import { type Attend, MASKED, type Transformer } from './transformer';

export interface StepOptions {
  /** Read back the new query's attention row (default true). */
  attention?: boolean;
  /** Read back the residual stream at the new position (default false). */
  residual?: boolean;
}

export interface StepResult {
  /** Position (0-based) of the last token fed; the logits predict position + 1. */
  position: number;
  /** Logits at `position`, `[vocabSize]`. */
  logits: Float32Array;
  /** Attention of the query at `position`, row-major `[nLayers][nHeads][position + 1]`; empty when not asked. */
  attention: Float32Array;
  /** Residual stream at `position`, row-major `[nLayers + 1][dModel]`; empty when not asked. */
  residual: Float32Array;
}

export class KVCache {
  private readonly model: Transformer;
  /** Per layer: keys and values of every position, `[1, H, C, hs]` (C = context length; unread positions 0). */
  private keys: tf.Tensor4D[] = [];
  private values: tf.Tensor4D[] = [];
  private readonly fed: number[] = [];
  private disposed = false;
  /** Serialises appends: each one needs the cache left by the previous one. */
  private chain: Promise<unknown> = Promise.resolve();

  /**
   * Runs single-token steps as two identical rows (the copy writes nothing):
   * TF.js's WebGPU matrix product for a one-row left operand is ~4× slower
   * than for two rows (measured on SwiftShader: 1.1 s vs 0.25 s per pass).
   * On by default on the WebGPU backend only.
   */
  private readonly padSingleRow: boolean;

  constructor(model: Transformer, opts: { padSingleRow?: boolean } = {}) {
    if (!model.config.causal) throw new Error('KVCache: a key/value cache needs a causal model');
    this.model = model;
    this.padSingleRow = opts.padSingleRow ?? tf.getBackend() === 'webgpu';
  }

  /** Number of tokens in the cache. */
  get length(): number {
    return this.fed.length;
  }

  /** The tokens read so far. */
  get tokens(): readonly number[] {
    return this.fed;
  }

  /** Reads one more token. */
  step(id: number, opts?: StepOptions): Promise<StepResult> {
    return this.append([id], opts);
  }

  /**
   * Reads `ids` after the cached tokens (all at once: the prompt is one pass)
   * and returns the probes of the last of them.
   */
  append(ids: readonly number[], opts: StepOptions = {}): Promise<StepResult> {
    const run = this.chain.then(() => this.run(ids, opts));
    this.chain = run.catch(() => {});
    return run;
  }

  private async run(ids: readonly number[], opts: StepOptions): Promise<StepResult> {
    if (this.disposed) throw new Error('KVCache: the cache was disposed');
    const c = this.model.config;
    const t = this.fed.length;
    const n = ids.length;
    if (n === 0) throw new Error('KVCache: nothing to read (at least one token is needed)');
    if (t + n > c.contextLength) {
      throw new Error(`KVCache: ${t + n} tokens exceed the context length of ${c.contextLength}`);
    }
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= c.vocabSize) {
        throw new Error(`KVCache: token id ${id} is outside the vocabulary (0..${c.vocabSize - 1})`);
      }
    }
    const wantAtt = opts.attention ?? true;
    const wantRes = opts.residual ?? false;
    const T = t + n;
    const d = c.dModel;
    const H = c.nHeads;
    const hs = headSize(c);
    const L = c.nLayers;
    const m = this.model;

    const C = c.contextLength;
    // Score bias (n, C): query i (absolute position t + i) sees keys 0..t + i.
    // Rows computed: the new tokens, or a single token twice (see padSingleRow); probes come from row `n - 1`.
    const pad = n === 1 && this.padSingleRow;
    const rowIds = pad ? [ids[0] as number, ids[0] as number] : [...ids];
    const r = rowIds.length;
    const positions = pad ? [t, t] : Array.from({ length: n }, (_, i) => t + i);
    // Where each row's key and value are written; -1 (an all-zero one-hot row) writes nothing.
    const writeAt = pad ? [t, -1] : positions;
    const bias = new Float32Array(r * C);
    for (let i = 0; i < r; i++) bias.fill(MASKED, i * C + (positions[i] as number) + 1, (i + 1) * C);

    const { packed, keys, values } = tf.tidy(() => {
      const pos = tf.tensor1d(positions, 'int32');
      const tok = tf.gather(m.p('wte'), tf.tensor2d(rowIds, [1, r], 'int32')) as tf.Tensor3D; // (1, r, d)
      let x = m.embed(tok, tf.gather(m.p('wpe'), pos) as tf.Tensor2D); // (1, r, d)
      const lastRow = (v: tf.Tensor3D) => tf.reshape(tf.slice(v, [0, n - 1, 0], [1, 1, d]), [d]);
      const res: tf.Tensor[] = wantRes ? [lastRow(x)] : [];
      const att: tf.Tensor[] = [];
      const maskBias = tf.tensor2d(bias, [r, C]);
      // Writing rows t..t+n-1 of a (1, H, C, hs) cache: cache * keep + oneHotᵀ @ new rows (exact: products with 1 and 0).
      const oneHot = tf.cast(tf.oneHot(tf.tensor1d(writeAt, 'int32'), C), 'float32'); // (r, C)
      const keep = tf.reshape(tf.sub(1, tf.sum(oneHot, 0)), [1, 1, C, 1]);
      const write = (cache: tf.Tensor4D | undefined, rows: tf.Tensor4D): tf.Tensor4D => {
        const flat = tf.reshape(tf.transpose(rows, [0, 2, 1, 3]), [r, H * hs]); // (r, H*hs)
        const placed = tf.transpose(tf.reshape(tf.matMul(oneHot, flat, true, false), [1, C, H, hs]), [0, 2, 1, 3]); // (1, H, C, hs)
        return (cache ? tf.add(tf.mul(cache, keep), placed) : placed) as tf.Tensor4D;
      };
      const newKeys: tf.Tensor4D[] = [];
      const newValues: tf.Tensor4D[] = [];
      // The model's own layer, attending over the cache: the new rows' keys and values are written first.
      const attend: Attend = (q, kNew, vNew, i) => {
        const k = write(this.keys[i], kNew); // (1, H, C, hs)
        const v = write(this.values[i], vNew);
        newKeys.push(tf.keep(k));
        newValues.push(tf.keep(v));
        const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), m.scale), maskBias); // (1, H, r, C)
        const a = tf.softmax(scores, -1) as tf.Tensor4D;
        return { att: a, heads: tf.matMul(a, v) as tf.Tensor4D }; // (1, H, r, hs)
      };
      for (let i = 0; i < L; i++) {
        const out = m.block(i, x, attend);
        x = out.x;
        if (wantAtt) att.push(tf.reshape(tf.slice(out.att, [0, 0, n - 1, 0], [1, H, 1, C]), [H * C]));
        if (wantRes) res.push(lastRow(x));
      }
      // Padded: both rows through the output product (the one-row product is the slow one), row 0 kept.
      const rows = m.head((pad ? tf.reshape(x, [r, d]) : tf.reshape(lastRow(x), [1, d])) as tf.Tensor2D);
      const logits = tf.reshape(tf.slice(rows, [0, 0], [1, c.vocabSize]), [c.vocabSize]);
      // One packed tensor, so the step costs one readback.
      return { packed: tf.concat([logits, ...att, ...res], 0), keys: newKeys, values: newValues };
    });
    for (const old of [...this.keys, ...this.values]) old.dispose();
    this.keys = keys;
    this.values = values;
    this.fed.push(...ids);
    let flat: Float32Array;
    try {
      flat = (await packed.data()) as Float32Array;
    } finally {
      packed.dispose();
    }
    const V = c.vocabSize;
    const attLen = wantAtt ? L * H * C : 0;
    // Attention rows come over the whole cache: keep the first T keys of each (layer, head).
    const attention = new Float32Array(wantAtt ? L * H * T : 0);
    if (wantAtt) for (let r = 0; r < L * H; r++) attention.set(flat.subarray(V + r * C, V + r * C + T), r * T);
    return {
      position: T - 1,
      logits: flat.slice(0, V),
      attention,
      residual: flat.slice(V + attLen, V + attLen + (wantRes ? (L + 1) * d : 0)),
    };
  }

  /** Frees the cached keys and values. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of [...this.keys, ...this.values]) t.dispose();
    this.keys = [];
    this.values = [];
  }
}
