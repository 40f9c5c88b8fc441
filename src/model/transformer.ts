/**
 * The Transformer in TensorFlow.js, one engine for every family (family.ts):
 * GPT-2 and the shipped models (pre-LayerNorm, tanh GELU, final LayerNorm,
 * tied output) and BERT (post-LayerNorm, embedding LayerNorm, token types,
 * erf GELU, MLM head), causal (GPT) or bidirectional (BERT) attention.
 *
 * The pass is three parts that the key/value cache (kvcache.ts) reuses as
 * they are: `embed` (token + position (+ type) vectors), `block` (one layer;
 * how attention reads keys is a callback, so the cache can supply its own
 * keys) and `head` (logits). A per-layer, per-head mask (head ablation)
 * belongs in `block`, where the marked line scales each head's output.
 *
 * `forward` returns logits plus named probes (attention probabilities per
 * layer and head, the residual stream after the embedding and after each
 * block) as plain typed arrays: no tensor leaves this file.
 */
import * as tf from '@tensorflow/tfjs-core';
import { headSize, type ModelConfig, validateConfig, weightSpecs } from './config';
import { type Family, familyOf } from './family';
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
}

/** Large negative bias for masked scores: exp() of it underflows to exactly 0 in float32. */
export const MASKED = -1e9;

/**
 * What one layer's attention computes from its queries, keys and values
 * `(B, H, T, hs)`: probabilities `(B, H, T, Tk)` and the heads' outputs
 * `(B, H, T, hs)`. The full pass attends over its own keys; the key/value
 * cache over the cached ones.
 */
export type Attend = (q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, layer: number) => { att: tf.Tensor4D; heads: tf.Tensor4D };

/** Exact GELU, x·Φ(x) with the error function (BERT's "gelu"). */
export function geluErf(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
}

export class Transformer {
  readonly config: ModelConfig;
  readonly family: Family;
  private readonly w: Weights;
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
   * @param embed optional token-embedding override `[B, T, d]` (training on backends without gather gradients)
   * @returns logits `[B, T, V]`, attention per layer `[B, H, T, T]`, residual per layer `[B, T, d]`
   */
  graph(ids: tf.Tensor2D, embed?: tf.Tensor3D): { logits: tf.Tensor3D; attention: tf.Tensor4D[]; residual: tf.Tensor3D[] } {
    const c = this.config;
    const [B, T] = ids.shape;
    const tok = embed ?? (tf.gather(this.p('wte'), ids) as unknown as tf.Tensor3D); // (B, T, d)
    let x = this.embed(tok, tf.slice(this.p('wpe'), [0, 0], [T, c.dModel]) as tf.Tensor2D); // (B, T, d)
    const residual: tf.Tensor3D[] = [x];
    const attention: tf.Tensor4D[] = [];
    // Causal mask as an additive bias (T, T): 0 on and below the diagonal, MASKED above.
    const maskBias = c.causal ? tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)), MASKED) : null;
    const attend: Attend = (q, k, v) => {
      let scores = tf.mul(tf.matMul(q, k, false, true), this.scale) as tf.Tensor4D; // (B, H, T, T)
      if (maskBias) scores = tf.add(scores, maskBias) as tf.Tensor4D;
      const att = tf.softmax(scores, -1) as tf.Tensor4D; // (B, H, T, T), rows sum to 1
      return { att, heads: tf.matMul(att, v) as tf.Tensor4D }; // heads: (B, H, T, hs)
    };
    for (let i = 0; i < c.nLayers; i++) {
      const out = this.block(i, x, attend);
      x = out.x;
      attention.push(out.att);
      residual.push(x);
    }
    const logits = tf.reshape(this.head(tf.reshape(x, [B * T, c.dModel])), [B, T, c.vocabSize]) as tf.Tensor3D; // (B, T, V)
    return { logits, attention, residual };
  }

  /** 1/√hs, the attention score scale. */
  get scale(): number {
    return 1 / Math.sqrt(headSize(this.config));
  }

  /**
   * The residual stream's start: token vectors `(B, T, d)` plus position
   * vectors `(T, d)` (plus the type-0 vector and a LayerNorm for BERT).
   * Internal: also used by kvcache.ts.
   */
  embed(tok: tf.Tensor3D, pos: tf.Tensor2D): tf.Tensor3D {
    let x = tf.add(tok, pos) as tf.Tensor3D; // (B, T, d)
    if (this.family.tokenTypes) x = tf.add(x, this.p('tte')) as tf.Tensor3D; // (B, T, d) + (1, d)
    if (this.family.embeddingNorm) x = this.layerNorm(x, 'emb.ln') as tf.Tensor3D;
    return x;
  }

  /**
   * Layer `i` on the residual stream `x` `(B, T, d)`: attention, then the
   * MLP, each around a residual sum (LayerNorm before: GPT-2; after: BERT).
   * `attend` turns this layer's queries, keys and values `(B, H, T, hs)`
   * into attention probabilities and the heads' outputs. Internal: also used
   * by kvcache.ts.
   */
  block(i: number, x: tf.Tensor3D, attend: Attend): { x: tf.Tensor3D; att: tf.Tensor4D } {
    const c = this.config;
    const [B, T] = x.shape;
    const H = c.nHeads;
    const hs = headSize(c);
    const b = `blocks.${i}`;
    const pre = this.family.norm === 'pre';
    const h = pre ? this.layerNorm(x, `${b}.ln1`) : x; // (B, T, d)
    const split = (name: string) =>
      tf.transpose(tf.reshape(this.linear(h, `${b}.attn.${name}`), [B, T, H, hs]), [0, 2, 1, 3]) as tf.Tensor4D; // (B, H, T, hs)
    const { att, heads } = attend(split('q'), split('k'), split('v'), i); // (B, H, T, T), (B, H, T, hs)
    // Head ablation goes here: heads × mask[i] reshaped to (1, H, 1, 1) silences a head's output.
    const merged = tf.reshape(tf.transpose(heads, [0, 2, 1, 3]), [B, T, c.dModel]); // (B, T, d)
    const a = this.linear(merged, `${b}.attn.o`);
    const x1 = (pre ? tf.add(x, a) : this.layerNorm(tf.add(x, a), `${b}.ln1`)) as tf.Tensor3D;
    const m = this.linear(this.act(this.linear(pre ? this.layerNorm(x1, `${b}.ln2`) : x1, `${b}.mlp.fc`)), `${b}.mlp.proj`); // (B, T, d)
    const x2 = (pre ? tf.add(x1, m) : this.layerNorm(tf.add(x1, m), `${b}.ln2`)) as tf.Tensor3D;
    return { x: x2, att };
  }

  /**
   * Logits `(N, V)` from last-layer vectors `(N, d)`: final LayerNorm and the
   * tied (or own) output matrix; for BERT the MLM head's transform first and
   * its bias after. Internal: also used by kvcache.ts and the logit lens.
   */
  head(x: tf.Tensor2D): tf.Tensor2D {
    const f = this.family;
    const out = this.config.untiedHead ? this.p('out.w') : this.p('wte'); // (V, d)
    if (f.head === 'mlm') {
      const t = this.layerNorm(this.act(this.linear(x, 'head.transform')), 'head.ln'); // (N, d)
      return tf.add(tf.matMul(t, out, false, true), this.p('head.bias')) as tf.Tensor2D; // (N, V)
    }
    const h = f.norm === 'pre' ? this.layerNorm(x, 'lnf') : x;
    return tf.matMul(h, out, false, true) as tf.Tensor2D; // (N, V)
  }

  /** x @ w + b for a kernel stored as [in, out]; x is (..., in). Internal: also used by kvcache.ts. */
  linear(x: tf.Tensor, name: string): tf.Tensor {
    const w = this.p(`${name}.w`) as tf.Tensor2D;
    const shape = x.shape;
    const inDim = shape[shape.length - 1] as number;
    const flat = tf.reshape(x, [-1, inDim]);
    const y = tf.add(tf.matMul(flat, w), this.p(`${name}.b`));
    return tf.reshape(y, [...shape.slice(0, -1), w.shape[1]]);
  }

  /** LayerNorm over the last axis with biased variance, as in PyTorch. Internal: also used by kvcache.ts. */
  layerNorm(x: tf.Tensor, name: string): tf.Tensor {
    const { mean, variance } = tf.moments(x, -1, true);
    const norm = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.config.layerNormEps)));
    return tf.add(tf.mul(norm, this.p(`${name}.gamma`)), this.p(`${name}.beta`));
  }

  /** The family's MLP activation. */
  act(x: tf.Tensor): tf.Tensor {
    return this.family.activation === 'gelu-erf' ? geluErf(x) : this.gelu(x);
  }

  /** GELU, tanh approximation (GPT-2's). */
  gelu(x: tf.Tensor): tf.Tensor {
    const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
    return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
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
    const outs: tf.Tensor[] = tf.tidy(() => {
      const out = this.graph(tf.tensor2d([...ids], [1, T], 'int32'));
      const logits = tf.reshape(out.logits, [T, this.config.vocabSize]); // (T, V)
      return [
        only !== null ? tf.slice(logits, [only, 0], [1, -1]) : logits, // (T or 1, V)
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
    const out = tf.tidy(() => this.head(tf.tensor2d(vectors, [n, d]))); // (n, V)
    try {
      return (await out.data()) as Float32Array;
    } finally {
      out.dispose();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
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
