/**
 * Kernels for TensorFlow.js's WebGPU backend, as compute programs of the engine's own (WGSL, run
 * through the backend's `runWebGPUProgram`; nothing here imports the backend, so the engine stays
 * backend-neutral and these are registered whether or not WebGPU is ever loaded):
 *
 * - `TpSegmentRows` (kernels.ts): the embedding's gradient in training (train.ts), each vocabulary
 *   row summing its token's rows of the batch in order, ~N·d additions instead of the one-hot
 *   product's V·N·d each way (the forward pass then gathers). TF.js's own WebGPU gather gradient
 *   is an atomic scatter-add, whose summation order is not fixed from run to run; here each
 *   output value has one invocation that adds its rows in the batch's order, so a seeded run
 *   gives the same weights every time, and the same sums as the CPU and WASM loops (float32).
 *
 * The backend builds the rest of the shader around `getUserCode()`: the bindings (`result`, one
 * `array<f32>` per name in `variableNames`), the shapes as uniforms (`uniforms.rowsShape` …,
 * `uniforms.size` with `size: true`) and `main(index)`, called once per output value with a flat
 * dispatch. Shapes are uniforms, so one compiled pipeline serves every batch size.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { registerOnce, withBackendFlag } from './kernelsWebgl';

/** What these kernels use of the WebGPU backend (`WebGPUBackend.runWebGPUProgram`). */
interface WebgpuLike {
  runWebGPUProgram(program: WgslProgram, inputs: tf.TensorInfo[], dtype: 'float32'): tf.TensorInfo;
}

/** The backend's WebGPUProgram, as far as these programs use it. */
interface WgslProgram {
  outputShape: number[];
  /** The backend appends the inputs' ranks and dtypes to it, and caches the compiled pipeline under it. */
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  variableNames: string[];
  workgroupSize: [number, number, number];
  size: boolean;
  getUserCode(): string;
}

const WORKGROUP = 64;

/** kernels.ts's SEGMENT_ROWS: `rows` `(N, d)` sorted by token, `start` / `count` `[V]` → `(V, d)`. */
function segmentRowsProgram(V: number, d: number): WgslProgram {
  const size = V * d;
  return {
    outputShape: [V, d],
    shaderKey: 'tpSegmentRows',
    // Flat: one invocation per output value, x only (at most 65535 workgroups in a dimension).
    dispatchLayout: { x: [0, 1] },
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
    variableNames: ['Rows', 'Start', 'Count'],
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let d = uniforms.rowsShape.y;
          let v = index / d;
          let i = index - v * d;
          let s = i32(Start[v]);
          let n = i32(Count[v]);
          var acc = 0.0;
          for (var k = 0; k < n; k++) {
            acc = acc + Rows[(s + k) * d + i];
          }
          setOutputAtIndex(index, acc);
        }
      }`,
  };
}

/** Rows of `(R, C)`, one invocation each (there are B·H·T of them in training: 2,048 for tiny-gpt's batch of 4 × 128). */
function rowsProgram(key: string, R: number, C: number, inputs: string[], body: string): WgslProgram {
  return {
    outputShape: [R, C],
    shaderKey: key,
    dispatchLayout: { x: [0, 1] },
    dispatch: [Math.ceil(R / WORKGROUP), 1, 1],
    variableNames: inputs,
    workgroupSize: [WORKGROUP, 1, 1],
    size: false,
    getUserCode: () => `
      fn main(row : i32) {
        if (row < uniforms.outShape.x) {
          let C = uniforms.outShape.y;
          let o = row * C;
          ${body}
        }
      }`,
  };
}

/** exp(x − max) / Σ exp(x − max) along each row, as the backend's own softmax (which spends a workgroup of 256 on each row). */
const SOFTMAX_BODY = `
          var m = X[o];
          for (var k = 1; k < C; k++) { m = max(m, X[o + k]); }
          var sum = 0.0;
          for (var k = 0; k < C; k++) { sum = sum + exp(X[o + k] - m); }
          for (var k = 0; k < C; k++) { setOutputAtIndex(o + k, exp(X[o + k] - m) / sum); }`;

/** The softmax's gradient from its output y and the incoming dy: (dy − Σ dy·y) · y, TF.js's formula. */
const SOFTMAX_GRAD_BODY = `
          var s = 0.0;
          for (var k = 0; k < C; k++) { s = s + Dy[o + k] * Y[o + k]; }
          for (var k = 0; k < C; k++) { setOutputAtIndex(o + k, (Dy[o + k] - s) * Y[o + k]); }`;

export function registerWebgpuKernels(names: { segmentRows: string; softmax: string; softmaxGrad: string }): void {
  const rows2 = (t: tf.TensorInfo) => {
    const C = t.shape[t.shape.length - 1] as number;
    return [t.shape.reduce((a, b) => a * b, 1) / C, C] as const;
  };
  const reshaped = (out: tf.TensorInfo, shape: number[]): tf.TensorInfo => ({ ...out, shape });
  registerOnce(names.softmax, 'webgpu', ({ inputs, backend }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const [R, C] = rows2(x);
    const out = (backend as WebgpuLike).runWebGPUProgram(
      rowsProgram('tpSoftmaxRows', R, C, ['X'], SOFTMAX_BODY),
      [reshaped(x, [R, C])],
      'float32',
    );
    return reshaped(out, x.shape);
  });
  registerOnce(names.softmaxGrad, 'webgpu', ({ inputs, backend }) => {
    const { y, dy } = inputs as { y: tf.TensorInfo; dy: tf.TensorInfo };
    const [R, C] = rows2(y);
    const out = (backend as WebgpuLike).runWebGPUProgram(
      rowsProgram('tpSoftmaxRowsGrad', R, C, ['Y', 'Dy'], SOFTMAX_GRAD_BODY),
      [reshaped(y, [R, C]), reshaped(dy, [R, C])],
      'float32',
    );
    return reshaped(out, y.shape);
  });
  registerOnce(names.segmentRows, 'webgpu', ({ inputs, backend }) => {
    const { rows, start, count } = inputs as { rows: tf.TensorInfo; start: tf.TensorInfo; count: tf.TensorInfo };
    const d = rows.shape[1] as number;
    const V = start.shape[0] as number;
    if (rows.shape.length !== 2 || count.shape[0] !== V) throw new Error(`${names.segmentRows} (webgpu): rows (N, d), start and count [V]`);
    return (backend as WebgpuLike).runWebGPUProgram(segmentRowsProgram(V, d), [rows, start, count], 'float32');
  });
}

/**
 * Runs `fn` with TF.js's WebGPU matrix product kept to its tiled program. For products with few output tiles and a
 * long inner dimension (in training, the LM head's input gradient: rows × d out, the vocabulary inside) the backend
 * otherwise picks its split-K program, which adds partial sums with atomics in whatever order they finish, so the
 * same seeded step gave losses that differed in the seventh digit from run to run. Elsewhere `fn` runs as it is.
 */
export function orderedMatmul<T>(fn: () => T): T {
  // 3: MatMulProgramType.MatMulPackedProgram (tfjs-backend-webgpu 4.22)
  return withBackendFlag('webgpu', 'WEBGPU_MATMUL_PROGRAM_TYPE', 3, fn);
}
