/**
 * The few building blocks of the Transformer's pass, each written with as
 * few kernel launches as the maths allows. On small models a launch costs
 * more than its arithmetic (a token of tiny-gpt is ~2.6 MFLOP; the step took
 * 385 launches before this file existed, ~140 now on CPU and WASM), so the
 * count is what sets the speed there:
 *
 * - `linear`: x @ w + b as one fused launch (`_FusedMatMul`) on rows kept as
 *   `(1, N, in)` with the weight viewed as `[1, in, out]`, so nothing is
 *   reshaped around it (`tf.fused.matMul` reshapes both operands and the
 *   result: three more launches);
 * - `layerNorm` and `geluTanh`: one launch each where a fused kernel is
 *   registered for the backend (kernels.ts: CPU and WASM) and, on WASM, the
 *   tensor is small (see `fuse`), otherwise the
 *   composite: centre once, then scale (9 launches), and GPT-2's GELU written
 *   as x·σ(2u), the same function as ½x(1 + tanh u) (6 launches instead of 8).
 *
 * `training`: while gradients are taken every function takes TensorFlow.js's
 * own differentiable ops (the fused kernels have no gradients).
 */
import * as tf from '@tensorflow/tfjs-core';
import { GELU_TANH, LAYER_NORM, registerFusedKernels, SOFTMAX, SOFTMAX_GRAD } from './kernels';
import { webglLayerNormFits } from './kernelsWebgl';

registerFusedKernels();

/**
 * Whether to take the fused kernel for a tensor of `size` values. On WASM the fused loop is plain
 * JavaScript and the composite runs the backend's vectorised C loops, so past a few thousand values
 * (measured in Node here: GELU ~4k, LayerNorm ~12k) the composite's extra launches cost less than the
 * slower loop: a step of one token is fused, a pass over a long prompt is not.
 */
function fuse(name: string, size: number, wasmLimit: number): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(name, backend) !== undefined && (backend !== 'wasm' || size <= wasmLimit);
}

/**
 * x @ w + b on rows `(1, N, in)` → `(1, N, out)`. `w3` is the weight as
 * `[1, in, out]` (a view of `[in, out]`: same data).
 */
export function linear(x: tf.Tensor3D, w3: tf.Tensor3D, b: tf.Tensor1D, training: boolean): tf.Tensor3D {
  if (training) return tf.fused.matMul({ a: x, b: w3, bias: b }) as tf.Tensor3D;
  const attrs = { transposeA: false, transposeB: false, activation: 'linear', leakyreluAlpha: 0 };
  return tf.engine().runKernel('_FusedMatMul', { a: x, b: w3, bias: b }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor3D;
}

/** LayerNorm over the last axis with biased variance, as in PyTorch. */
export function layerNorm<T extends tf.Tensor>(x: T, gamma: tf.Tensor, beta: tf.Tensor, eps: number, training: boolean): T {
  if (!training && fuse(LAYER_NORM, x.size, 8192) && (tf.getBackend() !== 'webgl' || webglLayerNormFits(x)))
    return tf.engine().runKernel(LAYER_NORM, { x, gamma, beta }, { eps }) as T;
  const centred = tf.sub(x, tf.mean(x, -1, true));
  const variance = tf.mean(tf.square(centred), -1, true);
  return tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, eps))), gamma), beta) as T;
}

/**
 * Softmax along the last axis. Where the backend has SOFTMAX and SOFTMAX_GRAD (WebGPU: one
 * invocation a row each way, kernelsWebgpu.ts) both directions run as one kernel each, with the
 * gradient written out (TF.js's: a multiply, a sum, a subtraction and a multiply); otherwise
 * `tf.softmax`. Same formula as TF.js's in both directions, so the same numbers to float rounding.
 */
export function softmaxRows<T extends tf.Tensor>(x: T): T {
  const backend = tf.getBackend();
  if (!tf.getKernel(SOFTMAX, backend) || !tf.getKernel(SOFTMAX_GRAD, backend)) return tf.softmax(x, -1) as T;
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const y = tf.engine().runKernel(SOFTMAX, { x: args[0] as tf.Tensor }) as tf.Tensor;
    (args[1] as tf.GradSaveFunc)([y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.engine().runKernel(SOFTMAX_GRAD, { y: saved[0] as tf.Tensor, dy }) as tf.Tensor,
    };
  });
  return f(x) as T;
}

/** √(2/π), the tanh GELU's inner scale. */
export const GELU_K = Math.sqrt(2 / Math.PI);

/** GELU with the tanh approximation (GPT-2's): ½x(1 + tanh(√(2/π)(x + 0.044715x³))) = x·σ(2√(2/π)(x + 0.044715x³)). */
export function geluTanh<T extends tf.Tensor>(x: T, training: boolean): T {
  if (!training && fuse(GELU_TANH, x.size, 4096)) return tf.engine().runKernel(GELU_TANH, { x }) as T;
  // 2√(2/π)(x + 0.044715x³) = x·(a + b·x²)
  const a = 2 * GELU_K;
  const b = 2 * GELU_K * 0.044715;
  return tf.mul(x, tf.sigmoid(tf.mul(x, tf.add(tf.mul(tf.square(x), b), a)))) as T;
}

/**
 * WASM hands a batched product (one per head) or a transposed operand to a
 * scalar loop; a 2-D product without transposes goes through XNNPACK. For
 * many query rows (a prompt's pass) one product per head is ~5× faster
 * (GPT-2 small at 128 tokens, in Node here: 8.5 → 1.8 ms a layer for q·kᵀ);
 * for a single row (a generation step) the batched one costs less.
 */
function perHead(rows: number, heads: number, training: boolean): boolean {
  return !training && rows >= 8 && heads <= 64 && tf.getBackend() === 'wasm';
}

/** Attention scores q·kᵀ: `(B, H, Tq, hs)` × `(B, H, Tk, hs)` → `(B, H, Tq, Tk)`. */
export function scores(q: tf.Tensor4D, k: tf.Tensor4D, training = false): tf.Tensor4D {
  const [B, H, Tq, hs] = q.shape;
  const Tk = k.shape[2];
  if (!perHead(Tq, B * H, training)) return tf.matMul(q, k, false, true);
  const qs = tf.unstack(tf.reshape(q, [B * H, Tq, hs])) as tf.Tensor2D[];
  const ks = tf.unstack(tf.reshape(tf.transpose(k, [0, 1, 3, 2]), [B * H, hs, Tk])) as tf.Tensor2D[];
  return tf.reshape(tf.stack(qs.map((x, i) => tf.matMul(x, ks[i] as tf.Tensor2D))), [B, H, Tq, Tk]);
}

/** The heads' outputs a·v: `(B, H, Tq, Tk)` × `(B, H, Tk, hs)` → `(B, H, Tq, hs)`. */
export function mix(a: tf.Tensor4D, v: tf.Tensor4D, training = false): tf.Tensor4D {
  const [B, H, Tq, Tk] = a.shape;
  const hs = v.shape[3];
  if (!perHead(Tq, B * H, training)) return tf.matMul(a, v);
  const as = tf.unstack(tf.reshape(a, [B * H, Tq, Tk])) as tf.Tensor2D[];
  const vs = tf.unstack(tf.reshape(v, [B * H, Tk, hs])) as tf.Tensor2D[];
  return tf.reshape(tf.stack(as.map((x, i) => tf.matMul(x, vs[i] as tf.Tensor2D))), [B, H, Tq, hs]);
}

/** Exact GELU, x·Φ(x) with the error function (BERT's "gelu"). */
export function geluErf<T extends tf.Tensor>(x: T): T {
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))) as T;
}
