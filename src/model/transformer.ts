/**
 * The Transformer in TensorFlow.js, one engine for every family (family.ts):
 * GPT-2 and the shipped models (pre-LayerNorm, tanh GELU, final LayerNorm,
 * tied output) and BERT (post-LayerNorm, embedding LayerNorm, token types,
 * erf GELU, MLM head), causal (GPT) or bidirectional (BERT) attention.
 *
 * The pass is three parts that the key/value cache (kvcache.ts) reuses as
 * they are: `embed` (token + position (+ type) vectors), `block` (one layer;
 * how attention reads keys is a callback, so the cache can supply its own
 * keys) and `head` (logits). Head ablation (ablation.ts) is an input of
 * the pass: a per-layer, per-head mask that `block` applies to the heads'
 * outputs, so the full pass, the cache and the batched losses of the
 * importance map all switch heads off the same way.
 *
 * Speed (see ops.ts and derived.ts): the residual stream runs as rows
 * `(B·T, d)`, so every linear layer is one fused product-plus-bias with no
 * reshapes around it; q, k and v come from one product with the score scale
 * folded into the query weights; only the logits rows asked for go through
 * the output product.
 *
 * `forward` returns logits plus named probes (attention probabilities per
 * layer and head, the residual stream after the embedding and after each
 * block) as plain typed arrays: no tensor leaves this file.
 */
import * as tf from '@tensorflow/tfjs-core';
import { applyAblation, checkAblation, type HeadAblation, isFull, type LayerAblation, layerAblations } from './ablation';
import { headSize, type ModelConfig, validateConfig, weightSpecs } from './config';
import { DerivedWeights, packedOnWebgl } from './derived';
import { type Family, familyOf } from './family';
import { geluErf, geluTanh, layerNorm, linear, mix, scores, softmaxRows } from './ops';
export type Weights = Record<string, tf.Tensor>;

export interface ForwardResult {
  /** Sequence length. */
  T: number;
  /** Logits, row-major `[T][vocabSize]`. */
  logits: Float32Array;
  /** Attention probabilities, row-major `[nLayers][nHeads][T][T]` (query row, key column). */
  attention: Float32Array;
  /** Residual stream, row-major `[nLayers + 1][T][dModel]`: after the embedding, then after each block. */
  residual: Float32Array;
}

export interface ForwardOptions {
  /** 'all' (default): logits for every position; 'last': only the last position's row; a number: only that position's row. */
  logits?: 'all' | 'last' | number;
  /** Read back attention probabilities (default true); when false `attention` is empty. */
  attention?: boolean;
  /** Only these layers' attention, in this order (`[n][H][T][T]`): a long text on a big model needs one layer at a time. */
  attentionLayers?: number[];
  /** Read back the residual stream (default true); when false `residual` is empty. */
  residual?: boolean;
  /** Heads switched off for this pass (ablation.ts); absent or empty: the full model. */
  ablation?: HeadAblation;
}

/** Large negative bias for masked scores: exp() of it underflows to exactly 0 in float32. */
export const MASKED = -1e9;

/**
 * What one layer's attention computes from its queries, keys and values
 * `(B, H, T, hs)`: probabilities `(B, H, T, Tk)` and the heads' outputs
 * `(B, H, T, hs)`. The queries come already scaled by 1/√hs (the scale is
 * folded into the query weights), so scores are q·kᵀ. The full pass attends
 * over its own keys; the key/value cache over the cached ones.
 */
export type Attend = (qkv: QKV, layer: number) => { att: tf.Tensor4D; heads: tf.Tensor4D } | { att: tf.Tensor4D; merged: tf.Tensor3D };

/**
 * One layer's queries, keys and values: `rows`, the product `(1, B·T, 3d)` (q | k | v side by side,
 * q pre-scaled), and `heads()`, which splits it into `(B, H, T, hs)` each. An attention that reads
 * the rows itself (kvcache.ts on WebGL) returns the heads' outputs already `merged` as rows
 * `(1, B·T, d)`; one that returns `heads` gets them merged here.
 */
export interface QKV {
  rows: tf.Tensor3D;
  heads(): [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
}

export { geluErf } from './ops';

export interface GraphOptions {
  /** Token-embedding override `[B, T, d]` (training on backends without gather gradients). */
  embed?: tf.Tensor3D;
  /** Gradients are being taken: derived weights are built in the graph so the gradient reaches the model's weights. */
  training?: boolean;
  /** Logits for this position only (`[B, 1, V]`): the output product is the largest of a big model's pass. */
  logitsAt?: number;
  /** Heads switched off, one ablation per batch row (null: the full model for that row). */
  ablation?: readonly (HeadAblation | null | undefined)[];
  /** Called with each layer's head outputs `(B, H, T, hs)` after ablation, before the output projection. */
  tap?: (layer: number, heads: tf.Tensor4D) => void;
}

export class Transformer {
  readonly config: ModelConfig;
  readonly family: Family;
  private readonly w: Weights;
  private readonly derived = new DerivedWeights();
  private disposed = false;

  /** Takes ownership of `weights` (they are disposed with the model). */
  constructor(config: ModelConfig, weights: Weights) {
    validateConfig(config);
    for (const spec of weightSpecs(config)) {
      const t = weights[spec.name];
      if (!t) throw new Error(`Transformer: missing weight "${spec.name}"`);
      if (t.shape.join(',') !== spec.shape.join(',')) {
        throw new Error(`Transformer: weight "${spec.name}" has shape [${t.shape}], expected [${spec.shape}]`);
      }
    }
    this.config = config;
    this.family = familyOf(config);
    this.w = weights;
    // Derived weights are made now, so the model's tensor count is fixed from here on.
    for (let i = 0; i < config.nLayers; i++) {
      this.qkv(i, false);
      for (const n of ['attn.o', 'mlp.fc', 'mlp.proj']) this.weight3(`blocks.${i}.${n}`, false);
    }
    if (this.family.head === 'mlm') this.weight3('head.transform', false);
    if (tf.getBackend() === 'wasm' || tf.getBackend() === 'webgl') this.headMatrix(false);
  }

  /** A weight by name. Internal: also used by kvcache.ts. */
  p(name: string): tf.Tensor {
    const t = this.w[name];
    if (!t) throw new Error(`Transformer: missing weight "${name}"`);
    return t;
  }

  /** The weights, for saving or training. Owned by the model. */
  get weights(): Readonly<Weights> {
    return this.w;
  }

  /** Checks token ids; throws a readable error for an empty, over-long or out-of-range input. */
  checkIds(ids: readonly number[]): void {
    if (ids.length === 0) throw new Error('forward: empty input (at least one token is needed)');
    if (ids.length > this.config.contextLength) {
      throw new Error(`forward: ${ids.length} tokens exceed the context length of ${this.config.contextLength}`);
    }
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= this.config.vocabSize) {
        throw new Error(`forward: token id ${id} is outside the vocabulary (0..${this.config.vocabSize - 1})`);
      }
    }
  }

  /**
   * Builds the graph for a batch of token ids. Must run inside `tf.tidy`.
   * @param ids int32 `[B, T]`
   * @returns logits `[B, T, V]` (`[B, 1, V]` with `logitsAt`), attention per layer `[B, H, T, T]`, residual per layer `[B, T, d]`
   */
  graph(ids: tf.Tensor2D, opts: GraphOptions = {}): { logits: tf.Tensor3D; attention: tf.Tensor4D[]; residual: tf.Tensor3D[] } {
    const c = this.config;
    const d = c.dModel;
    const [B, T] = ids.shape;
    const training = opts.training ?? false;
    const tok = opts.embed ?? (tf.gather(this.p('wte'), ids) as unknown as tf.Tensor3D); // (B, T, d)
    // The residual stream as rows (1, B·T, d).
    let x = tf.reshape(this.embed(tok, tf.slice(this.p('wpe'), [0, 0], [T, d]) as tf.Tensor2D, training), [1, B * T, d]) as tf.Tensor3D;
    const residual: tf.Tensor3D[] = [tf.reshape(x, [B, T, d])];
    const attention: tf.Tensor4D[] = [];
    // Causal mask as an additive bias (T, T): 0 on and below the diagonal, MASKED above.
    const maskBias = c.causal && T > 1 ? tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)), MASKED) : null;
    const attend: Attend = (qkv) => {
      const [q, k, v] = qkv.heads();
      let s = scores(q, k, training); // (B, H, T, T); q is pre-scaled
      if (maskBias) s = tf.add(s, maskBias) as tf.Tensor4D;
      const att = softmaxRows(s); // (B, H, T, T), rows sum to 1
      return { att, heads: mix(att, v, training) }; // heads: (B, H, T, hs)
    };
    const ablate = opts.ablation?.some((a) => !isFull(a)) ? layerAblations(c, opts.ablation) : null;
    for (let i = 0; i < c.nLayers; i++) {
      const out = this.block(i, x, B, T, attend, training, ablate?.[i], opts.tap);
      x = out.x;
      attention.push(out.att);
      residual.push(tf.reshape(x, [B, T, d]));
    }
    const at = opts.logitsAt;
    const rows = at === undefined ? x : (tf.reshape(tf.slice(tf.reshape(x, [B, T, d]), [0, at, 0], [B, 1, d]), [1, B, d]) as tf.Tensor3D);
    const logits = tf.reshape(this.head(rows, training), [B, at === undefined ? T : 1, c.vocabSize]) as tf.Tensor3D; // (B, T or 1, V)
    return { logits, attention, residual };
  }

  /** 1/√hs, the attention score scale. */
  get scale(): number {
    return 1 / Math.sqrt(headSize(this.config));
  }

  /**
   * The residual stream's start: token vectors `(B, T, d)` (or rows
   * `(1, N, d)`) plus position vectors `(T, d)` (or `(N, d)`), plus the
   * type-0 vector and a LayerNorm for BERT. Internal: also used by kvcache.ts.
   */
  embed<T extends tf.Tensor>(tok: T, pos: tf.Tensor2D, training = false): T {
    let x = tf.add(tok, pos) as T; // (B, T, d)
    if (this.family.tokenTypes) x = tf.add(x, this.p('tte')) as T; // (B, T, d) + (1, d)
    if (this.family.embeddingNorm) x = this.layerNorm(x, 'emb.ln', training);
    return x;
  }

  /**
   * Layer `i` on the residual stream `x`, rows `(1, B·T, d)`: attention,
   * then the MLP, each around a residual sum (LayerNorm before: GPT-2;
   * after: BERT). `attend` turns this layer's queries (pre-scaled), keys and
   * values `(B, H, T, hs)` into attention probabilities and the heads'
   * outputs. `training`: gradients are being taken (ops.ts, derived.ts).
   * `ablate`: this layer's heads switched off (ablation.ts); `tap` sees the
   * heads' outputs. Internal: also used by kvcache.ts.
   */
  block(
    i: number,
    x: tf.Tensor3D,
    B: number,
    T: number,
    attend: Attend,
    training = false,
    ablate?: LayerAblation | null,
    tap?: (layer: number, heads: tf.Tensor4D) => void,
  ): { x: tf.Tensor3D; att: tf.Tensor4D } {
    const c = this.config;
    const H = c.nHeads;
    const hs = headSize(c);
    const d = c.dModel;
    const b = `blocks.${i}`;
    const pre = this.family.norm === 'pre';
    const h = pre ? this.layerNorm(x, `${b}.ln1`, training) : x; // (1, B·T, d)
    const { w, bias } = this.qkv(i, training);
    const rows = linear(h, w, bias, training); // (1, B·T, 3d): q | k | v, q scaled by 1/√hs
    // (1, B·T, d) → (B, H, T, hs); one position needs no transpose.
    const heads4 = (t: tf.Tensor3D) =>
      (T === 1 ? tf.reshape(t, [B, H, 1, hs]) : tf.transpose(tf.reshape(t, [B, T, H, hs]), [0, 2, 1, 3])) as tf.Tensor4D;
    const split = (): [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D] => {
      const [q, k, v] = tf.split(rows, 3, 2) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D]; // (1, B·T, d) each
      return [heads4(q), heads4(k), heads4(v)];
    };
    const attended = attend({ rows, heads: split }, i); // att (B, H, T, Tk); heads (B, H, T, hs) or merged (1, B·T, d)
    const att = attended.att;
    let merged: tf.Tensor3D;
    if ('merged' in attended) {
      if (ablate || tap) throw new Error('block: an attention returning merged rows leaves no heads to ablate or tap');
      merged = attended.merged;
    } else {
      // Heads switched off: heads · keep (B, H, 1, 1) + fill (B, H, 1, hs); nothing at all when none is off in this layer.
      const heads = applyAblation(attended.heads, ablate); // (B, H, T, hs)
      tap?.(i, heads);
      merged = (T === 1 ? tf.reshape(heads, [1, B, d]) : tf.reshape(tf.transpose(heads, [0, 2, 1, 3]), [1, B * T, d])) as tf.Tensor3D; // (1, B·T, d)
    }
    const a = this.linear(merged, `${b}.attn.o`, training);
    const x1 = pre ? tf.add(x, a) : this.layerNorm(tf.add(x, a), `${b}.ln1`, training);
    const hidden = this.act(
      this.linear((pre ? this.layerNorm(x1, `${b}.ln2`, training) : x1) as tf.Tensor3D, `${b}.mlp.fc`, training),
      training,
    );
    const m = this.linear(hidden, `${b}.mlp.proj`, training); // (1, B·T, d)
    const x2 = pre ? tf.add(x1, m) : this.layerNorm(tf.add(x1, m), `${b}.ln2`, training);
    return { x: x2 as tf.Tensor3D, att };
  }

  /** Layer i's query, key and value matrices side by side `[1, d, 3d]` (+ bias `[3d]`), the query part scaled by 1/√hs. */
  private qkv(i: number, training: boolean): { w: tf.Tensor3D; bias: tf.Tensor1D } {
    const a = `blocks.${i}.attn`;
    const [wq, wk, wv] = ['q', 'k', 'v'].map((n) => this.p(`${a}.${n}.w`)) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const [bq, bk, bv] = ['q', 'k', 'v'].map((n) => this.p(`${a}.${n}.b`)) as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
    const s = this.scale;
    const d = this.config.dModel;
    const w = this.derived.get(
      `${a}.qkv.w`,
      [wq, wk, wv],
      () => tf.reshape(tf.concat([tf.mul(wq, s), wk, wv], 1), [1, d, 3 * d]),
      training,
    );
    const bias = this.derived.get(`${a}.qkv.b`, [bq, bk, bv], () => packedOnWebgl(tf.concat([tf.mul(bq, s), bk, bv], 0)), training);
    return { w: w as tf.Tensor3D, bias: bias as tf.Tensor1D };
  }

  /**
   * Logits `(1, N, V)` from last-layer rows `(1, N, d)`: final LayerNorm and
   * the tied (or own) output matrix; for BERT the MLM head's transform first
   * and its bias after. Internal: also used by kvcache.ts and the logit lens.
   */
  head(x: tf.Tensor3D, training = false): tf.Tensor3D {
    const f = this.family;
    const h =
      f.head === 'mlm'
        ? this.layerNorm(this.act(this.linear(x, 'head.transform', training), training), 'head.ln', training)
        : f.norm === 'pre'
          ? this.layerNorm(x, 'lnf', training)
          : x; // (1, N, d)
    const out = this.headMatrix(training);
    const [, N, d] = h.shape;
    // A batched left operand against a 2-D matrix has a wrong gradient in TF.js 4.22 (not reduced over the batch): go through 2-D.
    const logits = (
      out.transposed ? tf.matMul(h, out.m) : tf.reshape(tf.matMul(tf.reshape(h, [N, d]), out.m, false, true), [1, N, this.config.vocabSize])
    ) as tf.Tensor3D; // (1, N, V)
    return f.head === 'mlm' ? (tf.add(logits, this.p('head.bias')) as tf.Tensor3D) : logits;
  }

  /**
   * The output matrix: tied `wte` or own `out.w`, `[V, d]`; on WASM its transpose `[1, d, V]` (h @ outᵀ
   * through XNNPACK, see derived.ts); on WebGL a packed copy (the gather of the embedding keeps `wte` unpacked).
   */
  private headMatrix(training: boolean): { m: tf.Tensor; transposed: boolean } {
    const out = (this.config.untiedHead ? this.p('out.w') : this.p('wte')) as tf.Tensor2D; // (V, d)
    const backend = tf.getBackend();
    if (backend === 'webgl' && !training) {
      const make = () => {
        // The embedding's gather reads `wte` unpacked: a first read by the copy's packed program would upload it packed instead.
        if (!this.config.untiedHead) tf.gather(out, [0]);
        return packedOnWebgl(out);
      };
      return { m: this.derived.get('head.packed', [out], make, false), transposed: false };
    }
    if (backend !== 'wasm') return { m: out, transposed: false };
    const [V, d] = out.shape;
    return { m: this.derived.get('head.t', [out], () => tf.reshape(tf.transpose(out), [1, d, V]), training), transposed: true };
  }

  /** x @ w + b for a kernel stored as [in, out]; x is rows (1, N, in). Internal: also used by kvcache.ts. */
  linear(x: tf.Tensor3D, name: string, training = false): tf.Tensor3D {
    return linear(x, this.weight3(name, training), this.p(`${name}.b`) as tf.Tensor1D, training);
  }

  /** A linear layer's kernel `[in, out]` viewed as `[1, in, out]` (same data), the shape the fused product takes. */
  private weight3(name: string, training: boolean): tf.Tensor3D {
    const w = this.p(`${name}.w`) as tf.Tensor2D;
    return this.derived.get(`${name}.w3`, [w], () => tf.reshape(w, [1, ...w.shape]), training) as tf.Tensor3D;
  }

  /** LayerNorm over the last axis with biased variance, as in PyTorch. Internal: also used by kvcache.ts. */
  layerNorm<T extends tf.Tensor>(x: T, name: string, training = false): T {
    return layerNorm(x, this.p(`${name}.gamma`), this.p(`${name}.beta`), this.config.layerNormEps, training);
  }

  /** The family's MLP activation. */
  act<T extends tf.Tensor>(x: T, training = false): T {
    return this.family.activation === 'gelu-erf' ? geluErf(x) : geluTanh(x, training);
  }

  /**
   * One forward pass over one sequence. By default every probe is read back;
   * `opts` can restrict the readback (e.g. generation needs only the last
   * row of logits), which saves most of the GPU→JS transfer.
   */
  async forward(ids: readonly number[], opts: ForwardOptions = {}): Promise<ForwardResult> {
    if (this.disposed) throw new Error('forward: the model was disposed');
    this.checkIds(ids);
    const T = ids.length;
    const only = opts.logits === 'last' ? T - 1 : typeof opts.logits === 'number' ? opts.logits : null;
    if (only !== null && !(Number.isInteger(only) && only >= 0 && only < T)) throw new Error(`forward: no position ${only} in ${T} tokens`);
    const wantAtt = opts.attention ?? true;
    const layers = opts.attentionLayers;
    if (layers?.some((l) => !(Number.isInteger(l) && l >= 0 && l < this.config.nLayers))) throw new Error('forward: no such layer');
    const wantRes = opts.residual ?? true;
    if (opts.ablation) checkAblation(this.config, opts.ablation);
    const ablation = isFull(opts.ablation) ? undefined : [opts.ablation];
    const outs: tf.Tensor[] = tf.tidy(() => {
      // One row asked for: only that row goes through the output product.
      const out = this.graph(tf.tensor2d([...ids], [1, T], 'int32'), { ...(only !== null ? { logitsAt: only } : {}), ablation });
      return [
        tf.reshape(out.logits, [only !== null ? 1 : T, this.config.vocabSize]), // (T or 1, V)
        wantAtt ? tf.concat(layers ? layers.map((l) => out.attention[l] as tf.Tensor4D) : out.attention, 0) : tf.zeros([0]), // (L or n, H, T, T)
        wantRes ? tf.concat(out.residual, 0) : tf.zeros([0]), // (L+1, T, d)
      ];
    });
    try {
      const [logits, attention, residual] = (await Promise.all(outs.map((t) => t.data()))) as Float32Array[];
      return { T, logits: logits as Float32Array, attention: attention as Float32Array, residual: residual as Float32Array };
    } finally {
      for (const t of outs) t.dispose();
    }
  }

  /**
   * Each head's mean output over the positions of `ids` on the full model,
   * row-major `[L][H][hs]`: what 'mean' ablation puts in place of a head.
   */
  async headMeans(ids: readonly number[]): Promise<Float32Array> {
    if (this.disposed) throw new Error('headMeans: the model was disposed');
    this.checkIds(ids);
    const out = tf.tidy(() => {
      const means: tf.Tensor[] = [];
      this.graph(tf.tensor2d([...ids], [1, ids.length], 'int32'), { logitsAt: 0, tap: (_, h) => means.push(tf.mean(h, 2)) }); // (1, H, hs) each
      return tf.concat(means, 0); // (L, H, hs)
    });
    try {
      return (await out.data()) as Float32Array;
    } finally {
      out.dispose();
    }
  }

  /**
   * The loss of `ids`, token by token, under each of several ablations (one
   * batch row each, in one pass): row-major `[variants][n]` in nats. Causal
   * models: position t predicts token t + 1 (n = T − 1). Masked models:
   * every position predicts its own token with nothing masked (n = T), the
   * visible-token loss the shipped BERT-style model is trained with.
   */
  async tokenLosses(ids: readonly number[], variants: readonly (HeadAblation | null)[]): Promise<Float32Array> {
    if (this.disposed) throw new Error('tokenLosses: the model was disposed');
    this.checkIds(ids);
    if (variants.length === 0) return new Float32Array(0);
    for (const a of variants) if (a) checkAblation(this.config, a);
    const causal = this.config.causal;
    const T = ids.length;
    if (causal && T < 2) throw new Error('tokenLosses: a causal model needs at least two tokens');
    const B = variants.length;
    const V = this.config.vocabSize;
    const n = causal ? T - 1 : T;
    const picks = new Int32Array(B * n);
    for (let b = 0; b < B; b++) for (let t = 0; t < n; t++) picks[b * n + t] = (b * T + t) * V + (ids[causal ? t + 1 : t] as number);
    const out = tf.tidy(() => {
      const rows = tf.tensor2d(
        Array.from({ length: B }, () => [...ids]),
        [B, T],
        'int32',
      );
      const { logits } = this.graph(rows, { ablation: variants }); // (B, T, V)
      const logp = tf.logSoftmax(logits, -1);
      return tf.neg(tf.gather(tf.reshape(logp, [-1]), tf.tensor1d(picks, 'int32'))); // (B·n)
    });
    try {
      return (await out.data()) as Float32Array;
    } finally {
      out.dispose();
    }
  }

  /**
   * Rows of the static embeddings: token vectors `wte[ids]` `[n][d]` and
   * position vectors `wpe[positions]` `[m][d]`. The residual stream at
   * layer 0 is exactly `wte[id] + wpe[position]`.
   */
  async embeddings(ids: readonly number[], positions: readonly number[]): Promise<{ tok: Float32Array; pos: Float32Array }> {
    for (const id of ids)
      if (!(id >= 0 && id < this.config.vocabSize)) throw new Error(`embeddings: token id ${id} is outside the vocabulary`);
    for (const p of positions)
      if (!(p >= 0 && p < this.config.contextLength)) throw new Error(`embeddings: position ${p} is outside the context`);
    const [tokT, posT] = tf.tidy(() => [
      tf.gather(this.p('wte'), tf.tensor1d([...ids], 'int32')), // (n, d)
      tf.gather(this.p('wpe'), tf.tensor1d([...positions], 'int32')), // (m, d)
    ]);
    try {
      const [tok, pos] = (await Promise.all([tokT.data(), posT.data()])) as Float32Array[];
      return { tok: tok as Float32Array, pos: pos as Float32Array };
    } finally {
      tokT.dispose();
      posT.dispose();
    }
  }

  /**
   * The "logit lens": reads residual-stream vectors `[n][d]` as if they were
   * the last layer's output, through the model's own head (final LayerNorm
   * and tied output; BERT: the MLM head). Returns logits `[n][V]`.
   */
  async logitLens(vectors: Float32Array, n: number): Promise<Float32Array> {
    const d = this.config.dModel;
    if (vectors.length !== n * d) throw new Error(`logitLens: expected ${n}×${d} values, got ${vectors.length}`);
    const out = tf.tidy(() => this.head(tf.tensor3d(vectors, [1, n, d]))); // (1, n, V)
    try {
      return (await out.data()) as Float32Array;
    } finally {
      out.dispose();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.derived.dispose();
    for (const t of Object.values(this.w)) t.dispose();
  }
}

/**
 * Seeded random weights. Defaults follow GPT-2's initialisation (matrices
 * N(0, 0.02), LayerNorm gamma 1, beta and biases 0). Tests use `std` large
 * and `all: true` (every tensor random) so attention is far from uniform and
 * every parameter matters.
 */
export function randomWeights(config: ModelConfig, seed: number, opts: { std?: number; all?: boolean } = {}): Weights {
  validateConfig(config);
  const std = opts.std ?? 0.02;
  const out: Weights = {};
  let s = seed;
  for (const spec of weightSpecs(config)) {
    s += 1;
    const isGamma = spec.name.endsWith('.gamma');
    const isBias = spec.name.endsWith('.beta') || spec.name.endsWith('.b') || spec.name.endsWith('.bias');
    if (opts.all) {
      out[spec.name] = isGamma
        ? tf.tidy(() => tf.add(1, tf.randomNormal(spec.shape, 0, 0.2, 'float32', s)))
        : tf.randomNormal(spec.shape, 0, isBias ? 0.1 : std, 'float32', s);
    } else if (isGamma) out[spec.name] = tf.ones(spec.shape);
    else if (isBias) out[spec.name] = tf.zeros(spec.shape);
    else out[spec.name] = tf.randomNormal(spec.shape, 0, std, 'float32', s);
  }
  return out;
}
