/**
 * Fused kernels for TensorFlow.js's WebGL backend, as shader programs of its
 * own (the backend's `compileAndRun`; nothing here imports the backend, so
 * the engine stays backend-neutral and these are registered whether or not
 * WebGL is ever loaded). On WebGL every kernel launch is a draw call into a
 * texture of its own, and a KV-cache step of tiny-gpt drew 366 of them (65
 * now), most for reshapes, packing and small reductions:
 *
 * - `TpLayerNorm`: LayerNorm of rows in one draw (the composite: ~19 draws,
 *   with the packing and unpacking around its reductions);
 * - `TpGeluTanh`: GPT-2's GELU in one draw (the composite: ~10);
 * - `TpSegmentRows`: the embedding's gradient in training (train.ts), each
 *   vocabulary row summing its token's rows of the batch: ~N·d additions
 *   instead of the one-hot product's V·N·d (unpacked: it reads the gather's
 *   unpacked output);
 * - a KV-cache step's attention for one new token (`attendOne`, kvcache.ts):
 *   the new key and value written into the fixed-size cache at the step's
 *   position, read straight out of the q/k/v product's row (`TpCacheWrite`,
 *   one draw each), the masked scores of all heads (`TpScoresOne`), their
 *   softmax (`TpSoftmaxRow`) and the weighted sum of the values, written as
 *   the merged `(1, 1, d)` row the output projection reads (`TpMixOne`): 5
 *   draws a layer instead of ~27 (splits, reshapes, the one-hot write of the
 *   cache, the mask, the softmax's reductions and the packing around them).
 *   The position is a uniform, so every step runs the same compiled programs.
 *
 * The others read and write the backend's packed layout (2 × 2 values a texel),
 * the one its matrix products use, so no pack or unpack runs around them. Each
 * is float32 like the composite; ops.ts and kvcache.ts take them outside
 * gradient recording only, for the shapes they accept.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Registers `kernelFunc` as `kernelName` on `backendName`, unless a kernel of that name is registered there already. */
export function registerOnce(kernelName: string, backendName: string, kernelFunc: tf.KernelFunc): void {
  if (!tf.getKernel(kernelName, backendName)) tf.registerKernel({ kernelName, backendName, kernelFunc });
}

/** What these kernels use of the WebGL backend (`MathBackendWebGL.compileAndRun`). */
interface WebglLike {
  compileAndRun(program: GpuProgram, inputs: tf.TensorInfo[], dtype?: 'float32', customUniformValues?: number[][]): tf.TensorInfo;
}

/** The backend's GPGPUProgram, as far as these programs use it. */
interface GpuProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  packedInputs: boolean;
  packedOutput: boolean;
  enableShapeUniforms: boolean;
  customUniforms?: { name: string; type: 'int' | 'float' }[];
}

/**
 * Runs `fn` with WebGL's shapes written into the programs it compiles instead of read from uniforms
 * (`WEBGL_USE_SHAPES_UNIFORMS`, which the app turns on so passes of a new length reuse the compiled
 * programs: src/engine/backend.ts). For work whose shapes repeat exactly (a KV-cache step into the
 * fixed-size cache, a training step of one batch size), each program is compiled once either way, and
 * the baked ones run faster: the uniform version computes every texel's coordinates from the shapes
 * at run time. Measured in headless Chromium (SwiftShader): a KV step of tiny-gpt 23-27 ms against
 * 28-33, a training step of 16 × 128 tokens 11.1-12.1 s against 17.9-18.7. Elsewhere `fn()` as is.
 */
export function bakedShapes<T>(fn: () => T): T {
  return withBackendFlag('webgl', 'WEBGL_USE_SHAPES_UNIFORMS', false, fn);
}

/**
 * Runs `fn` with the environment flag `flag` set to `value` when `backend` is the active backend (the flag is
 * registered by that backend's module), and sets it back after; otherwise, or when it already has that value, `fn()`.
 */
export function withBackendFlag<T>(backend: string, flag: string, value: boolean | number, fn: () => T): T {
  if (tf.getBackend() !== backend) return fn();
  const before = tf.env().get(flag);
  if (before === value) return fn();
  tf.env().set(flag, value);
  try {
    return fn();
  } finally {
    tf.env().set(flag, before);
  }
}

/** Shapes as uniforms when the app asked for them (one compiled program for every length), as the backend's own programs do. */
function shapeUniforms(rank: number): boolean {
  return tf.env().getBool('WEBGL_USE_SHAPES_UNIFORMS') && rank <= 4;
}

const GELU_A = 2 * Math.sqrt(2 / Math.PI);
const GELU_B = GELU_A * 0.044715;

/** GLSL float literal. */
const f = (x: number) => (Number.isInteger(x) ? `${x}.0` : String(x));

/** x·σ(x(a + b·x²)) on four values at once. */
function geluProgram(shape: number[]): GpuProgram {
  return {
    variableNames: ['X'],
    outputShape: shape,
    packedInputs: true,
    packedOutput: true,
    enableShapeUniforms: shapeUniforms(shape.length),
    userCode: `
      void main() {
        vec4 x = getXAtOutCoords();
        setOutput(x / (1.0 + exp(-x * (${f(GELU_A)} + ${f(GELU_B)} * x * x))));
      }`,
  };
}

/**
 * LayerNorm over the last axis of `(B, N, d)`, `d` even. A texel holds rows
 * r, r + 1 and columns c, c + 1 (x, y: row r; z, w: row r + 1); each output
 * texel sums its two rows itself (2·d reads, no reduction pass).
 */
function layerNormProgram(shape: number[], eps: number): GpuProgram {
  const d = shape[2] as number;
  return {
    variableNames: ['X', 'G', 'Bt'],
    outputShape: shape,
    packedInputs: true,
    packedOutput: true,
    enableShapeUniforms: shapeUniforms(3),
    userCode: `
      void main() {
        ivec3 rc = getOutputCoords();
        vec2 s = vec2(0.0);
        for (int k = 0; k < ${d}; k += 2) {
          vec4 t = getX(rc.x, rc.y, k);
          s += vec2(t.x + t.y, t.z + t.w);
        }
        vec4 mean = vec4(s.xx, s.yy) / ${f(d)};
        vec2 v = vec2(0.0);
        for (int k = 0; k < ${d}; k += 2) {
          vec4 c = getX(rc.x, rc.y, k) - mean;
          c *= c;
          v += vec2(c.x + c.y, c.z + c.w);
        }
        vec2 inv = inversesqrt(v / ${f(d)} + ${f(eps)});
        vec2 g = getG(rc.z).xy;
        vec2 b = getBt(rc.z).xy;
        vec4 c = getX(rc.x, rc.y, rc.z) - mean;
        setOutput(c * vec4(inv.xx, inv.yy) * vec4(g, g) + vec4(b, b));
      }`,
  };
}

/** Whether the WebGL LayerNorm takes `x`: rows `(B, N, d)` with `d` even (no half-filled texel in a row). */
export function webglLayerNormFits(x: { rank: number; shape: number[] }): boolean {
  return x.rank === 3 && (x.shape[2] as number) % 2 === 0;
}

export const CACHE_WRITE = 'TpCacheWrite';
export const SCORES_ONE = 'TpScoresOne';
export const SOFTMAX_ROW = 'TpSoftmaxRow';
export const MIX_ONE = 'TpMixOne';

/** Large negative score bias of keys not read yet (transformer.ts's MASKED: exp() of it underflows to exactly 0). */
const MASKED = -1e9;

/**
 * The cache `(1, H, C, hs)` with position `pos` set to head h's slice `offset + h·hs ..` of
 * `src` `(1, 1, W)` (the q/k/v row: keys at offset d, values at 2d). A texel holds positions
 * c, c + 1 (x, y: c; z, w: c + 1) and columns j, j + 1 of one head.
 */
function cacheWriteProgram(shape: number[], offset: number): GpuProgram {
  const hs = shape[3] as number;
  return {
    variableNames: ['Cache', 'Src'],
    outputShape: shape,
    packedInputs: true,
    packedOutput: true,
    enableShapeUniforms: false,
    customUniforms: [{ name: 'pos', type: 'int' }],
    userCode: `
      void main() {
        ivec4 rc = getOutputCoords();
        vec4 v = getCache(rc.x, rc.y, rc.z, rc.w);
        if (rc.z == pos || rc.z + 1 == pos) {
          vec2 n = getSrc(0, 0, ${offset} + rc.y * ${hs} + rc.w).xy;
          if (rc.z == pos) v.xy = n; else v.zw = n;
        }
        setOutput(v);
      }`,
  };
}

/** Scores `(1, H, 1, C)` of the query (`src` columns h·hs.., pre-scaled) against every cached key; keys from `valid` on get MASKED. */
function scoresProgram(keys: number[]): GpuProgram {
  const [, H, C, hs] = keys as [number, number, number, number];
  return {
    variableNames: ['Src', 'Keys'],
    outputShape: [1, H, 1, C],
    packedInputs: true,
    packedOutput: true,
    enableShapeUniforms: false,
    customUniforms: [{ name: 'valid', type: 'int' }],
    userCode: `
      void main() {
        ivec4 rc = getOutputCoords();
        vec2 s = vec2(0.0);
        for (int j = 0; j < ${hs}; j += 2) {
          vec2 q = getSrc(0, 0, rc.y * ${hs} + j).xy;
          vec4 k = getKeys(0, rc.y, rc.w, j);
          s += vec2(dot(q, k.xy), dot(q, k.zw));
        }
        if (rc.w >= valid) s.x += ${f(MASKED)};
        if (rc.w + 1 >= valid) s.y += ${f(MASKED)};
        setOutput(vec4(s, s));
      }`,
  };
}

/** Softmax of each `(1, C)` row of `(1, H, 1, C)`: exp(s − max) / Σ exp(s − max), as the backend's own softmax. */
function softmaxRowProgram(shape: number[]): GpuProgram {
  const C = shape[3] as number;
  return {
    variableNames: ['S'],
    outputShape: shape,
    packedInputs: true,
    packedOutput: true,
    enableShapeUniforms: false,
    userCode: `
      void main() {
        ivec4 rc = getOutputCoords();
        float m = getS(rc.x, rc.y, 0, 0).x;
        for (int k = 0; k < ${C}; k += 2) {
          vec2 v = getS(rc.x, rc.y, 0, k).xy;
          m = max(m, max(v.x, v.y));
        }
        float sum = 0.0;
        for (int k = 0; k < ${C}; k += 2) {
          vec2 v = getS(rc.x, rc.y, 0, k).xy;
          sum += exp(v.x - m) + exp(v.y - m);
        }
        vec2 p = exp(getS(rc.x, rc.y, 0, rc.w).xy - m) / sum;
        setOutput(vec4(p, p));
      }`,
  };
}

/** The heads' outputs Σ_c p[h, c] · v[h, c, j], merged as the row `(1, 1, H·hs)` (column h·hs + j). */
function mixProgram(values: number[]): GpuProgram {
  const [, H, C, hs] = values as [number, number, number, number];
  return {
    variableNames: ['P', 'Vals'],
    outputShape: [1, 1, H * hs],
    packedInputs: true,
    packedOutput: true,
    enableShapeUniforms: false,
    userCode: `
      void main() {
        ivec3 rc = getOutputCoords();
        int h = rc.z / ${hs};
        int j = rc.z - h * ${hs};
        vec2 o = vec2(0.0);
        for (int c = 0; c < ${C}; c += 2) {
          vec2 p = getP(0, h, 0, c).xy;
          vec4 v = getVals(0, h, c, j);
          o += p.x * v.xy + p.y * v.zw;
        }
        setOutput(vec4(o, o));
      }`,
  };
}

/** Whether `attendOne` runs here: the WebGL backend, head size and cache length even (whole texels). */
export function attendOneFits(hs: number, C: number): boolean {
  return tf.getBackend() === 'webgl' && tf.getKernel(CACHE_WRITE, 'webgl') !== undefined && hs % 2 === 0 && C % 2 === 0;
}

/**
 * One new token's attention over a fixed-size cache (kvcache.ts's 'fixed' layout), on WebGL:
 * `rows` is the q/k/v product `(1, 1, 3d)` (q pre-scaled), `keys` / `values` the caches
 * `(1, H, C, hs)` before this token, `pos` its position. Returns the caches with the token
 * written at `pos`, the attention row `(1, H, 1, C)` (0 past `pos`) and the heads' outputs
 * merged `(1, 1, d)`. Same numbers as the composite (float32; the write is exact).
 */
export function attendOne(
  rows: tf.Tensor3D,
  keys: tf.Tensor4D,
  values: tf.Tensor4D,
  pos: number,
): { keys: tf.Tensor4D; values: tf.Tensor4D; att: tf.Tensor4D; merged: tf.Tensor3D } {
  const d = keys.shape[1] * keys.shape[3];
  const run = (name: string, inputs: tf.NamedTensorMap, attrs: Record<string, number>) =>
    tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  const k = run(CACHE_WRITE, { cache: keys, src: rows }, { offset: d, pos }) as tf.Tensor4D;
  const v = run(CACHE_WRITE, { cache: values, src: rows }, { offset: 2 * d, pos }) as tf.Tensor4D;
  const s = run(SCORES_ONE, { src: rows, keys: k }, { valid: pos + 1 });
  const att = run(SOFTMAX_ROW, { s }, {}) as tf.Tensor4D;
  const merged = run(MIX_ONE, { p: att, values: v }, {}) as tf.Tensor3D;
  return { keys: k, values: v, att, merged };
}

/** kernels.ts's SEGMENT_ROWS: each output value sums its token's rows (a loop over at most `N`, the batch's rows). */
function segmentRowsProgram(rows: number[], V: number): GpuProgram {
  const [N, d] = rows as [number, number];
  return {
    variableNames: ['Rows', 'Start', 'Count'],
    outputShape: [V, d],
    packedInputs: false,
    packedOutput: false,
    enableShapeUniforms: false,
    userCode: `
      void main() {
        ivec2 rc = getOutputCoords();
        int s = int(getStart(rc.x));
        int n = int(getCount(rc.x));
        float acc = 0.0;
        for (int k = 0; k < ${N}; k++) {
          if (k >= n) break;
          acc += getRows(s + k, rc.y);
        }
        setOutput(acc);
      }`,
  };
}

export function registerWebglKernels(names: { layerNorm: string; gelu: string; segmentRows: string }): void {
  const reg = (kernelName: string, fn: (b: WebglLike, x: Record<string, tf.TensorInfo>, a: Record<string, number>) => tf.TensorInfo) =>
    registerOnce(kernelName, 'webgl', ({ inputs, backend, attrs }) =>
      fn(backend as WebglLike, inputs as Record<string, tf.TensorInfo>, attrs as unknown as Record<string, number>),
    );
  type I = Record<string, tf.TensorInfo>;
  reg(names.layerNorm, (b, { x, gamma, beta }: I, a) => {
    const shape = (x as tf.TensorInfo).shape;
    const d = shape[2] as number;
    if (shape.length !== 3 || d % 2 !== 0) throw new Error(`${names.layerNorm} (webgl): rows (B, N, d) with d even, got [${shape}]`);
    if ((gamma as tf.TensorInfo).shape.join() !== String(d) || (beta as tf.TensorInfo).shape.join() !== String(d))
      throw new Error(`${names.layerNorm}: gamma and beta must be [${d}]`);
    return b.compileAndRun(layerNormProgram(shape, a.eps as number), [x, gamma, beta] as tf.TensorInfo[], 'float32');
  });
  reg(names.gelu, (b, { x }: I) => b.compileAndRun(geluProgram((x as tf.TensorInfo).shape), [x as tf.TensorInfo], 'float32'));
  reg(names.segmentRows, (b, { rows, start, count }: I) =>
    b.compileAndRun(segmentRowsProgram((rows as tf.TensorInfo).shape, (start as tf.TensorInfo).shape[0] as number), [
      rows,
      start,
      count,
    ] as tf.TensorInfo[]),
  );
  reg(CACHE_WRITE, (b, { cache, src }: I, a) =>
    b.compileAndRun(cacheWriteProgram((cache as tf.TensorInfo).shape, a.offset as number), [cache, src] as tf.TensorInfo[], 'float32', [
      [a.pos as number],
    ]),
  );
  reg(SCORES_ONE, (b, { src, keys }: I, a) =>
    b.compileAndRun(scoresProgram((keys as tf.TensorInfo).shape), [src, keys] as tf.TensorInfo[], 'float32', [[a.valid as number]]),
  );
  reg(SOFTMAX_ROW, (b, { s }: I) => b.compileAndRun(softmaxRowProgram((s as tf.TensorInfo).shape), [s as tf.TensorInfo], 'float32'));
  reg(MIX_ONE, (b, { p, values }: I) =>
    b.compileAndRun(mixProgram((values as tf.TensorInfo).shape), [p, values] as tf.TensorInfo[], 'float32'),
  );
}
