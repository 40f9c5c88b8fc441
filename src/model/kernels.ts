/**
 * Fused kernels for the backends whose tensors live in JavaScript-visible
 * memory (CPU: typed arrays; WASM: the module's heap): LayerNorm and GPT-2's
 * tanh GELU in one loop each, instead of 9 and 6 kernel launches. They run
 * only outside gradient recording (ops.ts chooses) and have no gradients.
 *
 * Each row is normalised in float64 (JavaScript numbers), so the result is at
 * least as exact as the float32 composite.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { registerOnce, registerWebglKernels } from './kernelsWebgl';
import { registerWebgpuKernels } from './kernelsWebgpu';

export const LAYER_NORM = 'TpLayerNorm';
export const GELU_TANH = 'TpGeluTanh';
/**
 * The embedding's gradient as a sum of rows: `rows` `(N, d)` sorted by token, `start` and `count`
 * `[V]` (float32) where each token's rows begin and how many there are → `(V, d)`, row v the sum of
 * its token's rows (0 for tokens not in the batch). See train.ts.
 */
export const SEGMENT_ROWS = 'TpSegmentRows';
/** Softmax along the last axis, and its gradient `{ y, dy }` → (dy − Σ dy·y)·y: WebGPU only (kernelsWebgpu.ts; ops.ts's `softmaxRows`). */
export const SOFTMAX = 'TpSoftmax';
export const SOFTMAX_GRAD = 'TpSoftmaxGrad';

/** out[v] = Σ rows[start[v] .. start[v] + count[v]), in order. */
function segmentRows(rows: Float32Array, start: Float32Array, count: Float32Array, out: Float32Array, d: number): void {
  for (let v = 0; v < start.length; v++) {
    const o = v * d;
    const s = start[v] as number;
    const n = count[v] as number;
    for (let i = 0; i < d; i++) {
      let acc = 0;
      for (let k = 0; k < n; k++) acc = Math.fround(acc + (rows[(s + k) * d + i] as number));
      out[o + i] = acc;
    }
  }
}

const GELU_A = 2 * Math.sqrt(2 / Math.PI);
const GELU_B = GELU_A * 0.044715;

/** Rows of `d` values: (x − mean) / √(var + eps) · g + b. */
function layerNormRows(x: Float32Array, g: Float32Array, b: Float32Array, out: Float32Array, d: number, eps: number): void {
  for (let o = 0; o < x.length; o += d) {
    let mean = 0;
    for (let i = 0; i < d; i++) mean += x[o + i] as number;
    mean /= d;
    let v = 0;
    for (let i = 0; i < d; i++) {
      const c = (x[o + i] as number) - mean;
      v += c * c;
    }
    const s = 1 / Math.sqrt(v / d + eps);
    for (let i = 0; i < d; i++) out[o + i] = ((x[o + i] as number) - mean) * s * (g[i] as number) + (b[i] as number);
  }
}

/** x·σ(x(a + b·x²)) = ½x(1 + tanh(√(2/π)(x + 0.044715x³))). */
function geluTanhAll(x: Float32Array, out: Float32Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    out[i] = v / (1 + Math.exp(-v * (GELU_A + GELU_B * v * v)));
  }
}

interface WasmLike {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}
interface CpuLike {
  data: { get(dataId: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

/** Output buffer, then input views (on WASM making the output may grow the heap and detach earlier views). */
function io(backendName: 'cpu' | 'wasm', backend: unknown, shape: number[], inputs: tf.TensorInfo[]) {
  if (backendName === 'wasm') {
    const b = backend as WasmLike;
    const out = b.makeOutput(shape, 'float32');
    return { out, outV: b.typedArrayFromHeap(out), ins: inputs.map((t) => b.typedArrayFromHeap(t)) };
  }
  const b = backend as CpuLike;
  const outV = new Float32Array(shape.reduce((a, s) => a * s, 1));
  return {
    out: null as tf.TensorInfo | null,
    outV,
    ins: inputs.map((t) => b.data.get(t.dataId).values),
    make: () => b.makeTensorInfo(shape, 'float32', outV),
  };
}

function register(backendName: 'cpu' | 'wasm'): void {
  registerOnce(LAYER_NORM, backendName, ({ inputs, backend, attrs }) => {
    const { x, gamma, beta } = inputs as { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo };
    const d = x.shape[x.shape.length - 1] as number;
    if (gamma.shape.join() !== String(d) || beta.shape.join() !== String(d))
      throw new Error(`${LAYER_NORM}: gamma and beta must be [${d}]`);
    const r = io(backendName, backend, x.shape, [x, gamma, beta]);
    const [xv, gv, bv] = r.ins as [Float32Array, Float32Array, Float32Array];
    layerNormRows(xv, gv, bv, r.outV, d, (attrs as { eps: number }).eps);
    return r.out ?? (r.make?.() as tf.TensorInfo);
  });
  registerOnce(SEGMENT_ROWS, backendName, ({ inputs, backend }) => {
    const { rows, start, count } = inputs as { rows: tf.TensorInfo; start: tf.TensorInfo; count: tf.TensorInfo };
    const d = rows.shape[1] as number;
    const r = io(backendName, backend, [start.shape[0] as number, d], [rows, start, count]);
    const [rv, sv, cv] = r.ins as [Float32Array, Float32Array, Float32Array];
    segmentRows(rv, sv, cv, r.outV, d);
    return r.out ?? (r.make?.() as tf.TensorInfo);
  });
  registerOnce(GELU_TANH, backendName, ({ inputs, backend }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const r = io(backendName, backend, x.shape, [x]);
    geluTanhAll(r.ins[0] as Float32Array, r.outV);
    return r.out ?? (r.make?.() as tf.TensorInfo);
  });
}

/** Registers the fused kernels for CPU and WASM, WebGL's shader programs (kernelsWebgl.ts) and WebGPU's (kernelsWebgpu.ts), once. */
export function registerFusedKernels(): void {
  register('cpu');
  register('wasm');
  registerWebglKernels({ layerNorm: LAYER_NORM, gelu: GELU_TANH, segmentRows: SEGMENT_ROWS });
  registerWebgpuKernels({ segmentRows: SEGMENT_ROWS, softmax: SOFTMAX, softmaxGrad: SOFTMAX_GRAD });
}
