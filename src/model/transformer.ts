/**
 * The Transformer in TensorFlow.js: a pre-LayerNorm decoder (GPT, causal) or
 * encoder (BERT, bidirectional) with learned positions, a GELU MLP and an
 * output projection tied to the token embedding.
 *
 * `forward` returns logits for every position plus named probes (attention
 * probabilities per layer and head, the residual stream after the embedding
 * and after each block) as plain typed arrays: no tensor leaves this file.
 */
import * as tf from '@tensorflow/tfjs-core';
import { headSize, type ModelConfig, validateConfig, weightSpecs } from './config';

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
  /** 'all' (default): logits for every position; 'last': only the last position's row. */
  logits?: 'all' | 'last';
  /** Read back attention probabilities (default true); when false `attention` is empty. */
  attention?: boolean;
  /** Read back the residual stream (default true); when false `residual` is empty. */
  residual?: boolean;
}

/** Large negative bias for masked scores: exp() of it underflows to exactly 0 in float32. */
export const MASKED = -1e9;

export class Transformer {
  readonly config: ModelConfig;
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
   * @param embed optional embedding override `[B, T, d]` (training on backends without gather gradients)
   * @returns logits `[B, T, V]`, attention per layer `[B, H, T, T]`, residual per layer `[B, T, d]`
   */
  graph(ids: tf.Tensor2D, embed?: tf.Tensor3D): { logits: tf.Tensor3D; attention: tf.Tensor4D[]; residual: tf.Tensor3D[] } {
    const c = this.config;
    const [B, T] = ids.shape;
    const d = c.dModel;
    const H = c.nHeads;
    const hs = headSize(c);
    const wte = this.p('wte') as tf.Tensor2D;

    const tok = embed ?? (tf.gather(wte, ids) as unknown as tf.Tensor3D); // (B, T, d)
    const pos = tf.slice(this.p('wpe'), [0, 0], [T, d]); // (T, d)
    let x = tf.add(tok, pos) as tf.Tensor3D; // (B, T, d)
    const residual: tf.Tensor3D[] = [x];
    const attention: tf.Tensor4D[] = [];

    // Causal mask as an additive bias (T, T): 0 on and below the diagonal, MASKED above.
    const maskBias = c.causal ? tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)), MASKED) : null;
    const scale = 1 / Math.sqrt(hs);

    for (let i = 0; i < c.nLayers; i++) {
      const b = `blocks.${i}`;
      const h = this.layerNorm(x, `${b}.ln1`); // (B, T, d)
      const split = (name: string) =>
        tf.transpose(tf.reshape(this.linear(h, `${b}.attn.${name}`), [B, T, H, hs]), [0, 2, 1, 3]) as tf.Tensor4D; // (B, H, T, hs)
      const q = split('q');
      const k = split('k');
      const v = split('v');
      let scores = tf.mul(tf.matMul(q, k, false, true), scale) as tf.Tensor4D; // (B, H, T, T)
      if (maskBias) scores = tf.add(scores, maskBias) as tf.Tensor4D;
      const att = tf.softmax(scores, -1) as tf.Tensor4D; // (B, H, T, T), rows sum to 1
      attention.push(att);
      const heads = tf.matMul(att, v); // (B, H, T, hs)
      const merged = tf.reshape(tf.transpose(heads, [0, 2, 1, 3]), [B, T, d]); // (B, T, d)
      x = tf.add(x, this.linear(merged, `${b}.attn.o`)) as tf.Tensor3D;
      const m = this.gelu(this.linear(this.layerNorm(x, `${b}.ln2`), `${b}.mlp.fc`)); // (B, T, dMlp)
      x = tf.add(x, this.linear(m, `${b}.mlp.proj`)) as tf.Tensor3D; // (B, T, d)
      residual.push(x);
    }
    const hf = this.layerNorm(x, 'lnf'); // (B, T, d)
    // Tied output: logits = hf @ wteᵀ, (B*T, d) x (d, V) -> (B, T, V)
    const logits = tf.reshape(tf.matMul(tf.reshape(hf, [B * T, d]), wte, false, true), [B, T, c.vocabSize]) as tf.Tensor3D;
    return { logits, attention, residual };
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

  /** GELU, tanh approximation (GPT-2's). Internal: also used by kvcache.ts. */
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
    const lastOnly = opts.logits === 'last';
    const wantAtt = opts.attention ?? true;
    const wantRes = opts.residual ?? true;
    const outs: tf.Tensor[] = tf.tidy(() => {
      const out = this.graph(tf.tensor2d([...ids], [1, T], 'int32'));
      const logits = tf.reshape(out.logits, [T, this.config.vocabSize]); // (T, V)
      return [
        lastOnly ? tf.slice(logits, [T - 1, 0], [1, -1]) : logits, // (T or 1, V)
        wantAtt ? tf.concat(out.attention, 0) : tf.zeros([0]), // (L, H, T, T)
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
   * the last layer's output, through the final LayerNorm and the tied
   * output embedding. Returns logits `[n][V]`.
   */
  async logitLens(vectors: Float32Array, n: number): Promise<Float32Array> {
    const d = this.config.dModel;
    if (vectors.length !== n * d) throw new Error(`logitLens: expected ${n}×${d} values, got ${vectors.length}`);
    const out = tf.tidy(() => tf.matMul(this.layerNorm(tf.tensor2d(vectors, [n, d]), 'lnf'), this.p('wte'), false, true)); // (n, V)
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
    const isBias = spec.name.endsWith('.beta') || spec.name.endsWith('.b');
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
