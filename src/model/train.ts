/**
 * Training a causal language model with the engine's own Transformer: the
 * weights are `tf.Variable`s handed to the same `Transformer` class that
 * inference uses, and the loss is built from its `graph()`. There is no
 * second model implementation.
 *
 * Pre-training and fine-tuning are the same loop: predict every next token
 * of windows cut from a corpus (cross-entropy), and move every weight a
 * little against its gradient (Adam). Pre-training starts from random
 * weights; fine-tuning starts from a trained model's.
 *
 * Runs in Node (tests) and in the engine worker; no DOM, no React.
 */
import * as tf from '@tensorflow/tfjs-core';
// Gradient functions are not registered by the core import; training needs them (one registry, kept on the global object).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { type ModelConfig, validateConfig, weightSpecs } from './config';
import { SEGMENT_ROWS } from './kernels';
import { bakedShapes } from './kernelsWebgl';
import { orderedMatmul } from './kernelsWebgpu';
import { Rng } from './rng';
import { Transformer, type Weights } from './transformer';

export interface TrainOptions {
  /** Adam step size. */
  learningRate: number;
  /** Windows per step. */
  batchSize: number;
  /** Tokens per window the model reads (it predicts the next token at each of them). */
  seqLen: number;
  /** Seeds the window sampler, so a run is reproducible. */
  seed: number;
  /** Gradients are scaled down when their global norm exceeds this (0: never). */
  clipNorm?: number;
}

/** Corpus of token ids split into a training part and a held-out part (its end). */
export interface CorpusSplit {
  train: Int32Array;
  val: Int32Array;
}

/** Tokens a corpus needs for a model reading windows of seqLen (both parts must hold one window and its next token). */
export function minCorpusTokens(seqLen: number, valFraction = 0.1): number {
  return Math.ceil((seqLen + 2) / valFraction);
}

/**
 * Splits a corpus: the last `valFraction` of the tokens are held out and
 * never trained on, so their loss shows whether the model generalises or
 * only memorises.
 */
export function splitCorpus(ids: ArrayLike<number>, seqLen: number, valFraction = 0.1): CorpusSplit {
  const need = minCorpusTokens(seqLen, valFraction);
  if (ids.length < need) {
    throw new Error(`The text has ${ids.length} tokens; training windows of ${seqLen} need at least ${need}.`);
  }
  const cut = Math.floor(ids.length * (1 - valFraction));
  const all = Int32Array.from(ids);
  return { train: all.slice(0, cut), val: all.slice(cut) };
}

/**
 * Seeded window sampler: each batch is `batchSize` windows of `seqLen + 1`
 * tokens starting at uniformly random offsets (row-major `[B][seqLen + 1]`).
 */
export class Batcher {
  private readonly rng: Rng;

  constructor(
    private readonly ids: Int32Array,
    readonly seqLen: number,
    readonly batchSize: number,
    seed: number,
  ) {
    if (ids.length < seqLen + 1) throw new Error(`Batcher: ${ids.length} tokens cannot fill a window of ${seqLen + 1}`);
    this.rng = new Rng(seed);
  }

  next(): Int32Array {
    const W = this.seqLen + 1;
    const out = new Int32Array(this.batchSize * W);
    const starts = this.ids.length - W + 1;
    for (let b = 0; b < this.batchSize; b++) {
      const s = this.rng.int(starts);
      out.set(this.ids.subarray(s, s + W), b * W);
    }
    return out;
  }
}

/**
 * Fixed held-out windows, evenly spaced over the held-out part (at most
 * `max` of them), so every evaluation reads the same text.
 */
export function evalWindows(ids: Int32Array, seqLen: number, max = 16): Int32Array[] {
  const W = seqLen + 1;
  const starts = ids.length - W + 1;
  if (starts < 1) return [];
  const n = Math.min(max, starts);
  const out: Int32Array[] = [];
  for (let i = 0; i < n; i++) {
    const s = n === 1 ? 0 : Math.round((i * (starts - 1)) / (n - 1));
    out.push(ids.slice(s, s + W));
  }
  return out;
}

/**
 * The token vectors of the windows' inputs `(B·T, d)`, differentiable in `wte`. Given the ids on the
 * CPU (`ids`, row-major `[B][T + 1]`) and a SEGMENT_ROWS kernel for the backend (kernels.ts): a gather,
 * whose gradient sums each token's rows of the batch, ~N·d additions (the rows sorted by token here,
 * so each vocabulary row reads one run of them). Otherwise a one-hot product `(N, V) @ (V, d)`, V·N·d
 * multiply-adds each way (WASM has no gather gradient), which on tiny-gpt's batch of 16 × 128 was
 * a fifth of a training step's arithmetic.
 */
function embedRows(wte: tf.Tensor2D, inputs: tf.Tensor2D, ids: Int32Array | undefined): tf.Tensor2D {
  const V = wte.shape[0];
  const [B, T] = inputs.shape;
  const N = B * T;
  const flat = tf.reshape(inputs, [N]) as tf.Tensor1D;
  if (!ids || ids.length !== B * (T + 1) || !tf.getKernel(SEGMENT_ROWS, tf.getBackend())) {
    return tf.matMul(tf.cast(tf.oneHot(flat, V), 'float32') as tf.Tensor2D, wte); // (N, V) @ (V, d)
  }
  const tok = new Int32Array(N);
  for (let b = 0; b < B; b++) tok.set(ids.subarray(b * (T + 1), b * (T + 1) + T), b * T);
  const count = new Float32Array(V);
  for (const id of tok) count[id] = (count[id] as number) + 1;
  const start = new Float32Array(V);
  for (let v = 1; v < V; v++) start[v] = (start[v - 1] as number) + (count[v - 1] as number);
  // Positions sorted by token, in order within a token (a counting sort).
  const next = Float32Array.from(start);
  const order = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const id = tok[i] as number;
    order[next[id] as number] = i;
    next[id] = (next[id] as number) + 1;
  }
  const rowsOf = tf.customGrad((w) => ({
    value: tf.gather(w as tf.Tensor, flat),
    gradFunc: (dy: tf.Tensor) =>
      tf.engine().runKernel(SEGMENT_ROWS, {
        rows: tf.gather(dy, tf.tensor1d(order, 'int32')),
        start: tf.tensor1d(start),
        count: tf.tensor1d(count),
      }) as tf.Tensor,
  }));
  return rowsOf(wte) as tf.Tensor2D;
}

/**
 * Mean next-token cross-entropy (nats) of a batch `[B, T + 1]` of token ids:
 * the model reads tokens 0..T-1 and is scored on tokens 1..T. Must run in a
 * tidy (or a gradient function). `ids`: the same windows on the CPU, for the
 * embedding's cheaper gradient (embedRows); without them, the one-hot product.
 */
export function lmLoss(model: Transformer, batch: tf.Tensor2D, ids?: Int32Array): tf.Scalar {
  const c = model.config;
  const [B, W] = batch.shape;
  const T = W - 1;
  const inputs = tf.slice(batch, [0, 0], [B, T]) as tf.Tensor2D;
  const targets = tf.reshape(tf.slice(batch, [0, 1], [B, T]), [B * T]) as tf.Tensor1D;
  const wte = model.weights.wte as tf.Tensor2D;
  const embed = tf.reshape(embedRows(wte, inputs, ids), [B, T, c.dModel]) as tf.Tensor3D; // (B, T, d)
  const { logits } = model.graph(inputs, { embed, training: true }); // (B, T, V)
  const logp = tf.logSoftmax(tf.reshape(logits, [B * T, c.vocabSize])); // (B*T, V)
  const picked = tf.sum(tf.mul(logp, tf.cast(tf.oneHot(targets, c.vocabSize), 'float32')), -1); // (B*T)
  return tf.neg(tf.mean(picked)) as tf.Scalar;
}

/**
 * Σ xs with AddN kernels of at most 7 inputs each, in a fixed order. WebGPU's AddN binds every input
 * as a storage buffer of one program, and a device need offer no more than 8 per stage (the output
 * takes one): the norm of tiny-gpt's 68 gradients in one AddN was an invalid pipeline there, whose
 * result was never written (WebGL's and the CPU's AddN split long lists themselves).
 */
export function addAll(xs: tf.Tensor[]): tf.Tensor {
  if (xs.length === 0) throw new Error('addAll: nothing to add');
  let level = xs;
  while (level.length > 1) {
    const next: tf.Tensor[] = [];
    for (let i = 0; i < level.length; i += 7) {
      const group = level.slice(i, i + 7);
      next.push(group.length === 1 ? (group[0] as tf.Tensor) : tf.addN(group));
    }
    level = next;
  }
  return level[0] as tf.Tensor;
}

function checkBatch(batch: Int32Array, batchSize: number, window: number, vocab: number): void {
  if (batch.length !== batchSize * window) throw new Error(`train: batch has ${batch.length} ids, expected ${batchSize}×${window}`);
  for (const id of batch) if (id < 0 || id >= vocab) throw new Error(`train: token id ${id} is outside the vocabulary`);
}

/**
 * Owns the variables, the model built over them and the optimizer. The
 * initial weights are copied, so the caller keeps its own.
 */
export class Trainer {
  readonly config: ModelConfig;
  readonly model: Transformer;
  readonly options: Required<TrainOptions>;
  private readonly vars: Record<string, tf.Variable>;
  private readonly optimizer: tf.AdamOptimizer;
  /** Optimizer steps taken. */
  step = 0;
  private disposed = false;

  constructor(config: ModelConfig, init: Weights, options: TrainOptions) {
    validateConfig(config);
    if (!config.causal) throw new Error('Trainer: only causal (GPT-style) models are trained here');
    if (options.seqLen < 1 || options.seqLen > config.contextLength) {
      throw new Error(`Trainer: windows of ${options.seqLen} tokens do not fit the context of ${config.contextLength}`);
    }
    if (!(options.batchSize >= 1) || !(options.learningRate > 0)) throw new Error('Trainer: batch size and learning rate must be positive');
    this.config = config;
    this.options = { clipNorm: 1, ...options };
    this.vars = {};
    for (const spec of weightSpecs(config)) {
      const t = init[spec.name];
      if (!t) throw new Error(`Trainer: missing weight "${spec.name}"`);
      this.vars[spec.name] = tf.variable(t, true, `train/${spec.name}/${nextVarId++}`);
    }
    this.model = new Transformer(config, this.vars);
    this.optimizer = tf.train.adam(options.learningRate, 0.9, 0.99, 1e-8);
  }

  private batchTensor(batch: Int32Array): tf.Tensor2D {
    const W = this.options.seqLen + 1;
    checkBatch(batch, batch.length / W, W, this.config.vocabSize);
    return tf.tensor2d(batch, [batch.length / W, W], 'int32');
  }

  /** Loss and gradient of every weight for one batch (tests compare them with finite differences). */
  async gradients(batch: Int32Array): Promise<{ loss: number; grads: Record<string, Float32Array> }> {
    const { value, grads } = orderedMatmul(() =>
      tf.tidy(() => {
        const x = this.batchTensor(batch);
        return tf.variableGrads(() => lmLoss(this.model, x, batch), Object.values(this.vars));
      }),
    );
    try {
      const out: Record<string, Float32Array> = {};
      for (const [name, v] of Object.entries(this.vars)) out[name] = (await (grads[v.name] as tf.Tensor).data()) as Float32Array;
      return { loss: (await value.data())[0] as number, grads: out };
    } finally {
      value.dispose();
      tf.dispose(Object.values(grads));
    }
  }

  /** One optimizer step on a batch `[B][seqLen + 1]`; resolves with the batch's loss before the step. */
  async trainStep(batch: Int32Array): Promise<number> {
    if (this.disposed) throw new Error('train: the trainer was disposed');
    // Every step of a run has the same shapes: on WebGL its programs are compiled with them written in (kernelsWebgl.ts).
    // On WebGPU, matrix products that add in a fixed order, so that a seeded run repeats exactly (kernelsWebgpu.ts).
    const loss = orderedMatmul(() =>
      bakedShapes(() =>
        tf.tidy(() => {
          const x = this.batchTensor(batch);
          const { value, grads } = tf.variableGrads(() => lmLoss(this.model, x, batch), Object.values(this.vars));
          let list = Object.values(this.vars).map((v) => ({ name: v.name, tensor: grads[v.name] as tf.Tensor }));
          const clip = this.options.clipNorm;
          if (clip > 0) {
            // Global-norm clipping on the device (no readback): scale = min(1, clip / ‖g‖).
            const norm = tf.sqrt(addAll(list.map((g) => tf.sum(tf.square(g.tensor)))));
            const scale = tf.minimum(1, tf.div(clip, tf.add(norm, 1e-6)));
            list = list.map((g) => ({ name: g.name, tensor: tf.mul(g.tensor, scale) }));
          }
          this.optimizer.applyGradients(list);
          return value;
        }),
      ),
    );
    this.step++;
    try {
      return (await loss.data())[0] as number;
    } finally {
      loss.dispose();
    }
  }

  /** Mean loss over windows `[seqLen + 1]` each (no gradient, weights unchanged). */
  async evalLoss(windows: readonly Int32Array[], chunk = 8): Promise<number> {
    if (windows.length === 0) return Number.NaN;
    let sum = 0;
    for (let i = 0; i < windows.length; i += chunk) {
      const part = windows.slice(i, i + chunk);
      const W = (part[0] as Int32Array).length;
      const flat = new Int32Array(part.length * W);
      part.forEach((w, j) => {
        flat.set(w, j * W);
      });
      const t = bakedShapes(() => tf.tidy(() => lmLoss(this.model, tf.tensor2d(flat, [part.length, W], 'int32'), flat)));
      try {
        sum += ((await t.data())[0] as number) * part.length;
      } finally {
        t.dispose();
      }
    }
    return sum / windows.length;
  }

  /** A copy of the current weights as plain tensors (for a model of its own, or for saving). Caller owns them. */
  snapshot(): Weights {
    const out: Weights = {};
    for (const [name, v] of Object.entries(this.vars)) out[name] = tf.clone(v);
    return out;
  }

  setLearningRate(lr: number): void {
    if (!(lr > 0)) throw new Error('train: the learning rate must be positive');
    (this.optimizer as unknown as { learningRate: number }).learningRate = lr;
    this.options.learningRate = lr;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.optimizer.dispose();
    this.model.dispose();
  }
}

let nextVarId = 0;

/** Configurations offered for training from scratch (all causal, shipped tokenizer). */
export interface ScratchSize {
  id: 'xs' | 's' | 'm';
  dModel: number;
  nHeads: number;
  nLayers: number;
  contextLength: number;
}

export const SCRATCH_SIZES: readonly ScratchSize[] = [
  { id: 'xs', dModel: 32, nHeads: 2, nLayers: 2, contextLength: 32 },
  { id: 's', dModel: 64, nHeads: 4, nLayers: 2, contextLength: 64 },
  { id: 'm', dModel: 128, nHeads: 4, nLayers: 4, contextLength: 128 },
];

export function scratchConfig(size: ScratchSize, vocabSize: number): ModelConfig {
  return {
    vocabSize,
    dModel: size.dModel,
    nHeads: size.nHeads,
    nLayers: size.nLayers,
    contextLength: size.contextLength,
    causal: true,
    layerNormEps: 1e-5,
    dMlp: 4 * size.dModel,
  };
}

/**
 * The largest model the Training lab fine-tunes. Training keeps four float32
 * copies of every parameter (weights, gradients, Adam's two moments), and
 * its speed falls with the parameter count: scaling the ~1,700 tokens/s
 * measured for the 154k-parameter xs model on WASM here, GPT-2 small (124M
 * parameters, 2 GB of training state) would manage about two tokens per
 * second.
 */
export const FINETUNE_MAX_PARAMETERS = 20_000_000;
