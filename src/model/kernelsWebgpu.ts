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
import * as tf from '@tensorflow/tfjs-core';
import { registerOnce, withBackendFlag } from './kernelsWebgl';

/** What these kernels use of the WebGPU backend (`WebGPUBackend.runWebGPUProgram`). */
interface WebgpuLike {
  runWebGPUProgram(
    program: WgslProgram,
    inputs: tf.TensorInfo[],
    dtype: 'float32',
    uniforms?: { type: 'int32'; data: number[] }[],
  ): tf.TensorInfo;
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
  /** Uniforms of the program's own, appended to the backend's struct (`name : i32, …`), their values passed with the run. */
  uniforms?: string;
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
    return [tf.util.sizeFromShape(t.shape) / C, C] as const;
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

/**
 * A matrix product for software WebGPU adapters (SwiftShader, llvmpipe: a CPU standing in for a GPU), where
 * TF.js's tiled product is slow for a reason of the emulator's: every workgroup stages its tiles in shared memory
 * between barriers, and SwiftShader pays about half a millisecond a workgroup for that whatever the arithmetic, so
 * the time followed the size of the output, not the work. Here each invocation computes an RM × RN block of the
 * output straight from the inputs (the CPU's caches do what the shared memory did), adding k in order with `fma`,
 * like the tiled program. Measured in headless Chromium (SwiftShader, this project's 2-core machine): the LM head's
 * (512, 128) × (4000, 128)ᵀ 2.1–3.1 s against 0.25 s, attention's (16, 128, 32) × (16, 128, 32)ᵀ 129–146 ms against
 * 15–17, an MLP product (512, 128) × (128, 512) 234–279 ms against 43–57, with the same values to the last bit.
 * On a hardware adapter TF.js's program stays (it was not measured there against this one).
 *
 * A, B `(batch or 1, rows, cols)` as stored (transposed or not), output `(Bt, M, N)`; an optional bias `[N]`.
 */
function directMatmulProgram(Bt: number, M: number, N: number, tA: boolean, tB: boolean, bias: boolean): WgslProgram & { tiles: number } {
  const RM = M === 1 ? 1 : M === 2 ? 2 : 4;
  const RN = N <= 4 ? 4 : 8;
  const tiles = Bt * Math.ceil(M / RM) * Math.ceil(N / RN);
  const aAt = (r: string) => (tA ? `A[aOff + k * M + ${r}]` : `A[aOff + (${r}) * K + k]`);
  const bAt = (c: string) => (tB ? `B[bOff + (${c}) * K + k]` : `B[bOff + k * N + ${c}]`);
  const rows = [...Array(RM).keys()];
  const cols = [...Array(RN).keys()];
  const cells = rows.flatMap((i) => cols.map((j) => [i, j] as const));
  return {
    tiles,
    outputShape: [Bt, M, N],
    shaderKey: `tpDirectMatmul_${tA}_${tB}_${RM}_${RN}_${bias}`,
    dispatchLayout: { x: [0, 1, 2] },
    dispatch: [Math.ceil(tiles / WORKGROUP), 1, 1],
    variableNames: bias ? ['A', 'B', 'Bias'] : ['A', 'B'],
    workgroupSize: [WORKGROUP, 1, 1],
    size: false,
    uniforms: 'M : i32, N : i32, K : i32, aStride : i32, bStride : i32, tiles : i32,',
    // Edge blocks read a clamped row or column (always inside the matrix) and write only what is inside.
    getUserCode: () => `
      fn main(index : i32) {
        if (index >= uniforms.tiles) { return; }
        let M = uniforms.M;
        let N = uniforms.N;
        let K = uniforms.K;
        let tm = (M + ${RM - 1}) / ${RM};
        let tn = (N + ${RN - 1}) / ${RN};
        let batch = index / (tm * tn);
        let r = index - batch * tm * tn;
        let m0 = (r / tn) * ${RM};
        let n0 = (r - (r / tn) * tn) * ${RN};
        let aOff = batch * uniforms.aStride;
        let bOff = batch * uniforms.bStride;
        ${rows.map((i) => `let row${i} = min(m0 + ${i}, M - 1);`).join(' ')}
        ${cols.map((j) => `let col${j} = min(n0 + ${j}, N - 1);`).join(' ')}
        ${cells.map(([i, j]) => `var c${i}_${j} = 0.0;`).join(' ')}
        for (var k = 0; k < K; k++) {
          ${rows.map((i) => `let a${i} = ${aAt(`row${i}`)};`).join(' ')}
          ${cols.map((j) => `let b${j} = ${bAt(`col${j}`)};`).join(' ')}
          ${cells.map(([i, j]) => `c${i}_${j} = fma(a${i}, b${j}, c${i}_${j});`).join(' ')}
        }
        let o = batch * M * N;
        ${cells
          .map(
            ([i, j]) =>
              `if (m0 + ${i} < M && n0 + ${j} < N) { result[o + (m0 + ${i}) * N + n0 + ${j}] = c${i}_${j}${bias ? ` + Bias[col${j}]` : ''}; }`,
          )
          .join('\n        ')}
      }`,
  };
}

let directOn = false;

/**
 * Whether WebGPU's matrix products and reductions run as `directMatmulProgram` and `directReduceProgram`
 * (src/engine/backend.ts: on for a software adapter).
 */
export function setDirectKernels(on: boolean): void {
  directOn = on;
}

export function directKernelsOn(): boolean {
  return directOn;
}

/** `BatchMatMul` / `_FusedMatMul` as `directMatmulProgram` where it applies; otherwise null (the backend's own runs). */
function directMatmul(args: Parameters<tf.KernelFunc>[0], fused: boolean): tf.TensorInfo | null {
  const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const { transposeA, transposeB, activation } = args.attrs as { transposeA: boolean; transposeB: boolean; activation?: string };
  if (!a || !b || a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  if (fused && ((activation && activation !== 'linear') || preluActivationWeights)) return null;
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra < 2 || rb < 2) return null;
  const [a0, a1] = a.shape.slice(-2) as [number, number];
  const [b0, b1] = b.shape.slice(-2) as [number, number];
  const [M, K] = transposeA ? [a1, a0] : [a0, a1];
  const [K2, N] = transposeB ? [b1, b0] : [b0, b1];
  if (K !== K2 || M === 0 || N === 0 || K === 0) return null;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  let outer: number[];
  try {
    outer = tf.backend_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return null;
  }
  const Bt = tf.util.sizeFromShape(outer);
  const [nA, nB] = [tf.util.sizeFromShape(outerA), tf.util.sizeFromShape(outerB)];
  // Each operand is either one matrix for every batch entry or one per entry, in the output's order.
  if ((nA !== Bt && nA !== 1) || (nB !== Bt && nB !== 1)) return null;
  if (bias && (bias.dtype !== 'float32' || tf.util.sizeFromShape(bias.shape) !== N || bias.shape[bias.shape.length - 1] !== N)) return null;
  const program = directMatmulProgram(Bt, M, N, transposeA, transposeB, !!bias);
  if ((program.dispatch[0] as number) > 65535) return null;
  const as3 = (t: tf.TensorInfo, n: number): tf.TensorInfo => ({ ...t, shape: [n, ...t.shape.slice(-2)] });
  const inputs = [as3(a, nA), as3(b, nB), ...(bias ? [{ ...bias, shape: [N] }] : [])];
  const out = (args.backend as WebgpuLike).runWebGPUProgram(program, inputs, 'float32', [
    { type: 'int32', data: [M] },
    { type: 'int32', data: [N] },
    { type: 'int32', data: [K] },
    { type: 'int32', data: [nA === 1 ? 0 : M * K] },
    { type: 'int32', data: [nB === 1 ? 0 : K * N] },
    { type: 'int32', data: [program.tiles] },
  ]);
  return { ...out, shape: [...outer, M, N] };
}

/**
 * A reduction for software WebGPU adapters, for the same reason as `directMatmulProgram`: TF.js's reduces each
 * output in a workgroup of up to 256 invocations through shared memory and barriers, and the LayerNorm means of a
 * (4 × 128, 128) batch took 80 ms each on SwiftShader, the bias gradients' sums over 512 rows 27 ms. Here one
 * invocation adds its output's n values in order (as the CPU backend does). The reduced axes are the trailing ones
 * (each output a contiguous run, `stride` 1) or the leading ones (each output a column, `stride` = outputs).
 */
function directReduceProgram(op: 'sum' | 'mean' | 'max', outputs: number, leading: boolean): WgslProgram {
  const combine = op === 'max' ? 'acc = max(acc, v);' : 'acc = acc + v;';
  return {
    outputShape: [outputs],
    shaderKey: `tpDirectReduce_${op}_${leading}`,
    dispatchLayout: { x: [0] },
    dispatch: [Math.ceil(outputs / WORKGROUP), 1, 1],
    variableNames: ['X'],
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    uniforms: 'n : i32,',
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let n = uniforms.n;
          let base = ${leading ? 'index' : 'index * n'};
          let stride = ${leading ? 'uniforms.size' : '1'};
          var acc = X[base];
          for (var k = 1; k < n; k++) {
            let v = X[base + k * stride];
            ${combine}
          }
          setOutputAtIndex(index, acc${op === 'mean' ? ' / f32(n)' : ''});
        }
      }`,
  };
}

/** `Sum` / `Mean` / `Max` as `directReduceProgram` where the reduced axes are leading or trailing; otherwise null. */
function directReduce(args: Parameters<tf.KernelFunc>[0], op: 'sum' | 'mean' | 'max'): tf.TensorInfo | null {
  const { x } = args.inputs as { x?: tf.TensorInfo };
  const attrs = args.attrs as { axis?: number | number[]; reductionIndices?: number | number[]; keepDims?: boolean };
  if (x?.dtype !== 'float32' || x.shape.length === 0) return null;
  const axes = [...new Set(tf.util.parseAxisParam((op === 'max' ? attrs.reductionIndices : attrs.axis) ?? [], x.shape))].sort(
    (p, q) => p - q,
  );
  const r = x.shape.length;
  if (axes.length === 0 || axes.some((a, i) => a !== (axes[0] as number) + i)) return null;
  const leading = axes[0] === 0;
  if (!leading && axes[axes.length - 1] !== r - 1) return null;
  const n = tf.util.sizeFromShape(axes.map((a) => x.shape[a] as number));
  const size = tf.util.sizeFromShape(x.shape);
  const outputs = size / n;
  if (n === 0 || outputs === 0 || outputs > 65535 * WORKGROUP) return null;
  // A few long sums (a whole gradient's square for the norm) stay with the backend's parallel tree.
  if (outputs < WORKGROUP && n > 4096) return null;
  const shape = attrs.keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
  const out = (args.backend as WebgpuLike).runWebGPUProgram(
    directReduceProgram(op, outputs, leading),
    [{ ...x, shape: [size] }],
    'float32',
    [{ type: 'int32', data: [n] }],
  );
  return { ...out, shape };
}

const WRAPPED = Symbol('tpDirectKernel');

/**
 * Puts `directMatmul` in front of the WebGPU backend's `BatchMatMul` and `_FusedMatMul`, and `directReduce` in front
 * of its `Sum`, `Mean` and `Max` (the backend's kernels run whenever those do not apply, or while `setDirectKernels`
 * is off). Call after the backend's module is imported; a second call changes nothing.
 */
export function registerWebgpuDirectKernels(): void {
  const direct: [string, (args: Parameters<tf.KernelFunc>[0]) => tf.TensorInfo | null][] = [
    ['BatchMatMul', (args) => directMatmul(args, false)],
    ['_FusedMatMul', (args) => directMatmul(args, true)],
    ['Sum', (args) => directReduce(args, 'sum')],
    ['Mean', (args) => directReduce(args, 'mean')],
    ['Max', (args) => directReduce(args, 'max')],
  ];
  for (const [name, run] of direct) {
    const own = tf.getKernel(name, 'webgpu');
    if (!own || (own.kernelFunc as { [WRAPPED]?: true })[WRAPPED]) continue;
    const kernelFunc: tf.KernelFunc = (args) => (directOn ? run(args) : null) ?? own.kernelFunc(args);
    (kernelFunc as { [WRAPPED]?: true })[WRAPPED] = true;
    tf.unregisterKernel(name, 'webgpu');
    tf.registerKernel({ ...own, kernelFunc });
  }
}
