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
 * stream. Everything a step returns is read back from the device at once (one
 * `data()` call on one packed tensor; on WebGL one per probe, side by side).
 * No tensor leaves this file.
 *
 * Two layouts of the cache (`layout`):
 * - 'grow' (default): each step appends its key and value (one concatenation
 *   per layer), so a step attends over exactly the keys read so far and
 *   needs no mask; its cost grows with the position, not with the context
 *   (GPT-2 small's context is 1,024 tokens).
 * - 'fixed' (WebGL): the cache has the context's size and a position is
 *   written into it with a one-hot product, so every single-token step has
 *   the same tensor shapes and WebGL compiles its shader programs once
 *   instead of at every new length. Keys not read yet get a -1e9 score
 *   bias, so their attention weight is exactly 0. A single new token's
 *   attention there runs as WebGL shader programs of its own
 *   (kernelsWebgl.ts `attendOne`: the key and value written at the position
 *   in one draw each, then scores, softmax and the values' sum, 5 draws a
 *   layer); the prompt, padded rows and ablated heads take the composite ops.
 *
 * Head ablation (ablation.ts) is fixed for the life of a cache: the keys
 * and values of later layers depend on which heads of earlier layers were
 * off, so a different ablation needs a new cache.
 *
 * Determinism: a step's numbers depend only on the cache, so the same prompt
 * fed with `append(prompt)` followed by the same single-token steps always
 * gives the same bits. They agree with `Transformer.forward` to float32
 * rounding (≈1e-6), not bit for bit: the shapes of the matrix products differ.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkAblation, type HeadAblation, isFull, layerAblations } from './ablation';
import { headSize } from './config';
import { attendOne, attendOneFits, bakedShapes } from './kernelsWebgl';
import { mix, scores } from './ops';
import { type Attend, MASKED, type Transformer } from './transformer';

export type CacheLayout = 'grow' | 'fixed';

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
  /** Per layer: keys and values `[1, H, T, hs]` ('grow': the T tokens read; 'fixed': T = context length, unread positions 0). */
  private keys: tf.Tensor4D[] = [];
  private values: tf.Tensor4D[] = [];
  private readonly fed: number[] = [];
  private disposed = false;
  /** Serialises appends: each one needs the cache left by the previous one. */
  private chain: Promise<unknown> = Promise.resolve();
  readonly layout: CacheLayout;
  /** Heads switched off for every step of this cache (null: the full model). */
  readonly ablation: HeadAblation | null;

  /**
   * Runs single-token steps as two identical rows (only the first is kept):
   * TF.js's WebGPU matrix product for a one-row left operand is ~4× slower
   * than for two rows (measured on SwiftShader: 1.1 s vs 0.25 s per pass).
   * On by default on the WebGPU backend only.
   */
  private readonly padSingleRow: boolean;

  constructor(model: Transformer, opts: { padSingleRow?: boolean; layout?: CacheLayout; ablation?: HeadAblation | null } = {}) {
    if (!model.config.causal) throw new Error('KVCache: a key/value cache needs a causal model');
    if (opts.ablation) checkAblation(model.config, opts.ablation);
    this.model = model;
    this.ablation = isFull(opts.ablation) ? null : (opts.ablation ?? null);
    this.padSingleRow = opts.padSingleRow ?? tf.getBackend() === 'webgpu';
    this.layout = opts.layout ?? (tf.getBackend() === 'webgl' ? 'fixed' : 'grow');
  }

  /** Number of tokens in the cache. */
  get length(): number {
    return this.fed.length;
  }

  /** Most tokens the cache can hold (the model's context). */
  get contextLength(): number {
    return this.model.config.contextLength;
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

  private check(ids: readonly number[]): void {
    if (this.disposed) throw new Error('KVCache: the cache was disposed');
    const c = this.model.config;
    const n = ids.length;
    if (n === 0) throw new Error('KVCache: nothing to read (at least one token is needed)');
    if (this.fed.length + n > c.contextLength) {
      throw new Error(`KVCache: ${this.fed.length + n} tokens exceed the context length of ${c.contextLength}`);
    }
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= c.vocabSize) {
        throw new Error(`KVCache: token id ${id} is outside the vocabulary (0..${c.vocabSize - 1})`);
      }
    }
  }

  private async run(ids: readonly number[], opts: StepOptions): Promise<StepResult> {
    this.check(ids);
    const c = this.model.config;
    const m = this.model;
    const t = this.fed.length;
    const n = ids.length;
    const wantAtt = opts.attention ?? true;
    const wantRes = opts.residual ?? false;
    const T = t + n;
    const d = c.dModel;
    const H = c.nHeads;
    const hs = headSize(c);
    const L = c.nLayers;
    const fixed = this.layout === 'fixed';
    const C = fixed ? c.contextLength : T; // keys attended over
    // Rows computed: the new tokens, or a single token twice (see padSingleRow); probes come from row `last`.
    const pad = n === 1 && this.padSingleRow;
    const r = pad ? 2 : n;
    const last = pad ? 0 : n - 1;
    // Score bias (r, C): row i (position t + i) sees keys 0..t + i. Not needed when every row sees every key.
    let bias: Float32Array | null = null;
    if (fixed || n > 1) {
      bias = new Float32Array(r * C);
      for (let i = 0; i < r; i++) bias.fill(MASKED, i * C + t + (pad ? 0 : i) + 1, (i + 1) * C);
    }

    const separate = tf.getBackend() === 'webgl';
    // WebGL, one token into the fixed-size cache: every such step has the same shapes, so its programs are
    // compiled with them written in (once per model), which run faster (kernelsWebgl.ts bakedShapes).
    const bake = fixed && n === 1;
    const graph = () =>
      tf.tidy(() => {
        const tok = tf.gather(
          m.p('wte'),
          tf.tensor2d(pad ? [ids[0] as number, ids[0] as number] : [...ids], [1, r], 'int32'),
        ) as tf.Tensor3D; // (1, r, d)
        const pos = pad
          ? tf.concat([tf.slice(m.p('wpe'), [t, 0], [1, d]), tf.slice(m.p('wpe'), [t, 0], [1, d])], 0)
          : tf.slice(m.p('wpe'), [t, 0], [n, d]); // (r, d)
        let x = m.embed(tok, pos as tf.Tensor2D); // rows (1, r, d)
        const row = (v: tf.Tensor3D) => (r === 1 ? tf.reshape(v, [d]) : tf.reshape(tf.slice(v, [0, last, 0], [1, 1, d]), [d])); // (d)
        const res: tf.Tensor[] = wantRes ? [row(x)] : [];
        const att: tf.Tensor[] = [];
        const newKeys: tf.Tensor4D[] = [];
        const newValues: tf.Tensor4D[] = [];
        const ablate = this.ablation ? layerAblations(c, [this.ablation]) : null;
        // The model's own layer, attending over the cache: the new rows' keys and values are written first.
        // One new token on WebGL: written into the cache and attended in 5 draws (kernelsWebgl.ts), no mask tensor.
        let maskBias: tf.Tensor2D | null = null;
        let write: ReturnType<KVCache['fixedWriter']> | null = null;
        const oneRow = fixed && n === 1 && !pad && !ablate && this.keys.length === L && attendOneFits(hs, C);
        const attend: Attend = (qkv, i) => {
          if (oneRow) {
            const out = attendOne(qkv.rows, this.keys[i] as tf.Tensor4D, this.values[i] as tf.Tensor4D, t);
            newKeys.push(tf.keep(out.keys));
            newValues.push(tf.keep(out.values));
            return { att: out.att, merged: out.merged };
          }
          maskBias ??= bias ? tf.tensor2d(bias, [r, C]) : null;
          write ??= fixed ? this.fixedWriter(t, pad ? 1 : n) : null;
          const [q, kNew, vNew] = qkv.heads();
          // Padded: both rows are the same token; its key and value go in once.
          const kIn = pad ? (tf.slice(kNew, [0, 0, 0, 0], [1, H, 1, hs]) as tf.Tensor4D) : kNew; // (1, H, n, hs)
          const vIn = pad ? (tf.slice(vNew, [0, 0, 0, 0], [1, H, 1, hs]) as tf.Tensor4D) : vNew;
          const k = write
            ? write(this.keys[i], kIn)
            : this.keys[i]
              ? (tf.concat([this.keys[i] as tf.Tensor4D, kIn], 2) as tf.Tensor4D)
              : kIn; // (1, H, C, hs)
          const v = write
            ? write(this.values[i], vIn)
            : this.values[i]
              ? (tf.concat([this.values[i] as tf.Tensor4D, vIn], 2) as tf.Tensor4D)
              : vIn;
          newKeys.push(tf.keep(k));
          newValues.push(tf.keep(v));
          const s = scores(q, k); // (1, H, r, C); q is pre-scaled
          const a = tf.softmax(maskBias ? tf.add(s, maskBias) : s, -1) as tf.Tensor4D;
          return { att: a, heads: mix(a, v) }; // (1, H, r, hs)
        };
        for (let i = 0; i < L; i++) {
          const out = m.block(i, x, 1, r, attend, false, ablate?.[i]);
          x = out.x;
          if (wantAtt) att.push(r === 1 ? out.att : tf.slice(out.att, [0, 0, last, 0], [1, H, 1, C])); // (1, H, 1, C)
          if (wantRes) res.push(row(x));
        }
        // Padded: both rows through the output product (the one-row product is the slow one), row 0 kept.
        const rows = m.head(pad || r === 1 ? x : (tf.slice(x, [0, last, 0], [1, 1, d]) as tf.Tensor3D)); // (1, 1 or 2, V)
        const logits = tf.reshape(pad ? tf.slice(rows, [0, 0, 0], [1, 1, c.vocabSize]) : rows, [c.vocabSize]);
        // WebGL: the logits, the attention rows (L, H, 1, C) and the residual rows read back side by side (their
        // fences are polled together); a concatenation into one vector would draw 1-texel-high textures
        // (unpacking every input first), which SwiftShader shades at half speed: ~6 ms of a 34 ms step.
        // Elsewhere one tensor, so the step costs one readback.
        const reads = separate
          ? [logits, ...(wantAtt ? [tf.concat(att, 0)] : []), ...(wantRes ? [tf.concat(res, 0)] : [])]
          : [tf.concat([logits, ...att.map((a) => tf.reshape(a, [H * C])), ...res], 0)];
        return { reads, keys: newKeys, values: newValues };
      });
    const built = bake ? bakedShapes(graph) : graph();
    const { reads, keys, values } = built;
    for (const old of [...this.keys, ...this.values]) old.dispose();
    this.keys = keys;
    this.values = values;
    this.fed.push(...ids);
    let got: Float32Array[];
    try {
      got = (await Promise.all(reads.map((x) => x.data()))) as Float32Array[];
    } finally {
      for (const x of reads) x.dispose();
    }
    const V = c.vocabSize;
    const attLen = wantAtt ? L * H * C : 0;
    const resLen = wantRes ? (L + 1) * d : 0;
    const empty = new Float32Array(0);
    // Views into the buffers read back (no copies); a caller that transfers them sends each buffer once.
    const flat = got[0] as Float32Array;
    const logits = separate ? flat : flat.subarray(0, V);
    const attAll = separate ? (wantAtt ? (got[1] as Float32Array) : empty) : flat.subarray(V, V + attLen);
    const residual = separate ? (wantRes ? (got[wantAtt ? 2 : 1] as Float32Array) : empty) : flat.subarray(V + attLen, V + attLen + resLen);
    let attention = attAll;
    if (wantAtt && C !== T) {
      // Fixed layout: rows come over the whole cache; keep the first T keys of each (layer, head).
      attention = new Float32Array(L * H * T);
      for (let j = 0; j < L * H; j++) attention.set(attAll.subarray(j * C, j * C + T), j * T);
    }
    return { position: T - 1, logits, attention, residual };
  }

  /**
   * 'fixed' layout: writes `rowsIn` rows `(1, H, rowsIn, hs)` at positions t.. of a
   * `(1, H, C, hs)` cache, as cache·keep + placed (exact: products with 1
   * and 0). One row: a broadcast product with the one-hot column; several:
   * a one-hot matrix product.
   */
  private fixedWriter(t: number, rowsIn: number): (cache: tf.Tensor4D | undefined, rows: tf.Tensor4D) => tf.Tensor4D {
    const c = this.model.config;
    const C = c.contextLength;
    const H = c.nHeads;
    const hs = headSize(c);
    const hot = new Float32Array(rowsIn * C);
    const keepArr = new Float32Array(C).fill(1);
    for (let i = 0; i < rowsIn; i++) {
      hot[i * C + t + i] = 1;
      keepArr[t + i] = 0;
    }
    const keep = tf.tensor4d(keepArr, [1, 1, C, 1]);
    const oneHot = rowsIn === 1 ? tf.tensor4d(hot, [1, 1, C, 1]) : tf.tensor2d(hot, [rowsIn, C]);
    return (cache, rows) => {
      const placed =
        rowsIn === 1
          ? tf.mul(oneHot, rows) // (1, 1, C, 1) × (1, H, 1, hs) → (1, H, C, hs)
          : tf.transpose(
              tf.reshape(tf.matMul(oneHot as tf.Tensor2D, tf.reshape(tf.transpose(rows, [0, 2, 1, 3]), [rowsIn, H * hs]), true, false), [
                1,
                C,
                H,
                hs,
              ]),
              [0, 2, 1, 3],
            );
      return (cache ? tf.add(tf.mul(cache, keep), placed) : placed) as tf.Tensor4D;
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
