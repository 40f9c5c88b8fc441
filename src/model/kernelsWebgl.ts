/**
 * Fused kernels for TensorFlow.js's WebGL backend, as shader programs of its
 * own (the backend's `compileAndRun`; nothing here imports the backend, so
 * the engine stays backend-neutral and these are registered whether or not
 * WebGL is ever loaded). On WebGL every kernel launch is a draw call, and on
 * a software GPU (SwiftShader) each costs ~0.15 ms whatever it computes, so
 * a KV-cache step of tiny-gpt (366 draws before these) is paid in launches:
 *
 * - `TpLayerNorm`: LayerNorm of rows in one draw (the composite: ~19 draws,
 *   with the packing and unpacking around its reductions);
 * - `TpGeluTanh`: GPT-2's GELU in one draw (the composite: ~10).
 *
 * Both read and write the backend's packed layout (2 × 2 values a texel), the
 * one its matrix products use, so no pack or unpack runs around them. Each
 * is float32 like the composite; ops.ts takes them outside gradient
 * recording only, for the shapes `webglFits` accepts.
 */
import * as tf from '@tensorflow/tfjs-core';

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

export function registerWebglKernels(names: { layerNorm: string; gelu: string }): void {
  if (!tf.getKernel(names.layerNorm, 'webgl')) {
    tf.registerKernel({
      kernelName: names.layerNorm,
      backendName: 'webgl',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const { x, gamma, beta } = inputs as { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo };
        const d = x.shape[2] as number;
        if (x.shape.length !== 3 || d % 2 !== 0)
          throw new Error(`${names.layerNorm} (webgl): rows (B, N, d) with d even, got [${x.shape}]`);
        if (gamma.shape.join() !== String(d) || beta.shape.join() !== String(d))
          throw new Error(`${names.layerNorm}: gamma and beta must be [${d}]`);
        const program = layerNormProgram(x.shape, (attrs as { eps: number }).eps);
        return (backend as WebglLike).compileAndRun(program, [x, gamma, beta], 'float32');
      },
    });
  }
  if (!tf.getKernel(names.gelu, 'webgl')) {
    tf.registerKernel({
      kernelName: names.gelu,
      backendName: 'webgl',
      kernelFunc: ({ inputs, backend }) => {
        const { x } = inputs as { x: tf.TensorInfo };
        return (backend as WebglLike).compileAndRun(geluProgram(x.shape), [x], 'float32');
      },
    });
  }
}
