import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { setupWasm } from '../../scripts/eval/backend';
import { GELU_TANH, LAYER_NORM, SEGMENT_ROWS, SOFTMAX, SOFTMAX_GRAD } from './kernels';
import { geluTanh, layerNorm, softmaxRows } from './ops';
import { maxAbsDiff } from './testing/reference';
import { setupCpuBackend } from './testing/tfNode';
import { addAll } from './train';

/** GPT-2's GELU as written in its paper's form, ½x(1 + tanh(√(2/π)(x + 0.044715x³))). */
const geluPaper = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));

// Each test picks its backend; the file leaves the CPU backend set.
afterAll(async () => {
  await setupCpuBackend();
});

for (const backend of ['cpu', 'wasm'] as const) {
  const use = () => (backend === 'cpu' ? setupCpuBackend() : setupWasm());

  describe(`fused kernels (${backend}) equal the composite ops`, () => {
    it('LayerNorm and GELU: one kernel each, same numbers as the differentiable composite, no tensors left', async () => {
      await use();
      expect(tf.getKernel(LAYER_NORM, backend)).toBeDefined();
      expect(tf.getKernel(GELU_TANH, backend)).toBeDefined();
      const before = tf.memory().numTensors;
      const x = tf.randomNormal([1, 5, 24], 0, 3, 'float32', 7);
      const g = tf.randomNormal([24], 1, 0.3, 'float32', 8);
      const b = tf.randomNormal([24], 0, 0.3, 'float32', 9);
      const [fusedLn, compLn, fusedGelu, compGelu] = tf.tidy(() => [
        layerNorm(x, g, b, 1e-5, false),
        layerNorm(x, g, b, 1e-5, true),
        geluTanh(x, false),
        geluTanh(x, true),
      ]);
      const prof = await tf.profile(() => {
        tf.dispose([layerNorm(x, g, b, 1e-5, false), geluTanh(x, false)]);
      });
      const kernels = prof.kernels.map((k) => k.name);
      expect(kernels).toEqual([LAYER_NORM, GELU_TANH]);
      const xs = await x.data();
      const got = await fusedGelu?.data();
      expect(maxAbsDiff(got as Float32Array, Float32Array.from(xs, geluPaper))).toBeLessThan(1e-5);
      expect(maxAbsDiff(got as Float32Array, (await compGelu?.data()) as Float32Array)).toBeLessThan(1e-5);
      expect(maxAbsDiff((await fusedLn?.data()) as Float32Array, (await compLn?.data()) as Float32Array)).toBeLessThan(1e-5);
      tf.dispose([x, g, b, fusedLn, compLn, fusedGelu, compGelu] as tf.Tensor[]);
      expect(tf.memory().numTensors).toBe(before);
    });
  });

  describe(`the embedding's gradient kernel (${backend})`, () => {
    // The contract WebGPU's WGSL program (kernelsWebgpu.ts) and WebGL's shader follow: each vocabulary
    // row the in-order sum of its token's rows, 0 for tokens absent, i.e. the one-hot product's gradient.
    it("sums each token's rows like the one-hot product (N, V)ᵀ @ dy, zero rows for absent tokens", async () => {
      await use();
      expect(tf.getKernel(SEGMENT_ROWS, backend)).toBeDefined();
      const V = 11;
      const d = 6;
      const tokens = [3, 0, 3, 7, 10, 3, 0];
      const before = tf.memory().numTensors;
      const dy = tf.randomNormal([tokens.length, d], 0, 1, 'float32', 4);
      const count = new Float32Array(V);
      for (const t of tokens) count[t] = (count[t] as number) + 1;
      const start = new Float32Array(V);
      for (let v = 1; v < V; v++) start[v] = (start[v - 1] as number) + (count[v - 1] as number);
      const order = tokens.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i);
      const [got, want] = tf.tidy(() => [
        tf.engine().runKernel(SEGMENT_ROWS, {
          rows: tf.gather(
            dy,
            tf.tensor1d(
              order.map((o) => o.i),
              'int32',
            ),
          ),
          start: tf.tensor1d(start),
          count: tf.tensor1d(count),
        }) as tf.Tensor,
        tf.matMul(tf.cast(tf.oneHot(tf.tensor1d(tokens, 'int32'), V), 'float32'), dy, true, false),
      ]);
      expect(got?.shape).toEqual([V, d]);
      expect(maxAbsDiff((await got?.data()) as Float32Array, (await want?.data()) as Float32Array)).toBeLessThan(1e-6);
      tf.dispose([dy, got, want] as tf.Tensor[]);
      expect(tf.memory().numTensors).toBe(before);
    });
  });
}

describe('softmaxRows and addAll (cpu)', () => {
  it('without SOFTMAX kernels for the backend (CPU, WASM, WebGL) it is tf.softmax', async () => {
    await setupCpuBackend();
    expect(tf.getKernel(SOFTMAX, 'cpu')).toBeUndefined();
    const x = tf.randomNormal([2, 3, 5], 0, 2, 'float32', 3);
    const prof = await tf.profile(() => {
      tf.dispose(softmaxRows(x));
    });
    expect(prof.kernels.map((k) => k.name)).toEqual(['Softmax']);
    x.dispose();
  });

  // WebGPU's programs (kernelsWebgpu.ts) cannot run under Node: the same formulas as CPU kernels here
  // check the wiring around them (the saved output, the gradient's inputs), forwards and backwards.
  it('with SOFTMAX and SOFTMAX_GRAD kernels: their value, and their gradient where tf.softmax has its own', async () => {
    await setupCpuBackend();
    const rowsOf = (t: tf.TensorInfo) => [t.shape.reduce((a, b) => a * b, 1) / (t.shape.at(-1) as number), t.shape.at(-1) as number];
    type Cpu = {
      data: { get(id: object): { values: Float32Array } };
      makeTensorInfo(s: number[], d: 'float32', v: Float32Array): tf.TensorInfo;
    };
    tf.registerKernel({
      kernelName: SOFTMAX,
      backendName: 'cpu',
      kernelFunc: ({ inputs, backend }) => {
        const x = (inputs as { x: tf.TensorInfo }).x;
        const b = backend as unknown as Cpu;
        const xv = b.data.get(x.dataId).values;
        const [R, C] = rowsOf(x) as [number, number];
        const out = new Float32Array(xv.length);
        for (let r = 0; r < R; r++) {
          let m = -Infinity;
          for (let k = 0; k < C; k++) m = Math.max(m, xv[r * C + k] as number);
          let sum = 0;
          for (let k = 0; k < C; k++) sum += Math.exp((xv[r * C + k] as number) - m);
          for (let k = 0; k < C; k++) out[r * C + k] = Math.exp((xv[r * C + k] as number) - m) / sum;
        }
        return b.makeTensorInfo(x.shape, 'float32', out);
      },
    });
    tf.registerKernel({
      kernelName: SOFTMAX_GRAD,
      backendName: 'cpu',
      kernelFunc: ({ inputs, backend }) => {
        const { y, dy } = inputs as { y: tf.TensorInfo; dy: tf.TensorInfo };
        const b = backend as unknown as Cpu;
        const yv = b.data.get(y.dataId).values;
        const gv = b.data.get(dy.dataId).values;
        const [R, C] = rowsOf(y) as [number, number];
        const out = new Float32Array(yv.length);
        for (let r = 0; r < R; r++) {
          let s = 0;
          for (let k = 0; k < C; k++) s += (gv[r * C + k] as number) * (yv[r * C + k] as number);
          for (let k = 0; k < C; k++) out[r * C + k] = ((gv[r * C + k] as number) - s) * (yv[r * C + k] as number);
        }
        return b.makeTensorInfo(y.shape, 'float32', out);
      },
    });
    try {
      const before = tf.memory().numTensors;
      const x = tf.randomNormal([2, 2, 4, 4], 0, 2, 'float32', 5);
      // A causal mask, as in attention: the masked entries must come out exactly 0.
      const mask = tf.tidy(() => tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([4, 4]), -1, 0)), -1e9));
      const w = tf.randomNormal([2, 2, 4, 4], 0, 1, 'float32', 6);
      const loss = (f: (t: tf.Tensor) => tf.Tensor) => (t: tf.Tensor) => tf.sum(tf.mul(f(tf.add(t, mask)), w));
      const [ours, theirs, gOurs, gTheirs] = tf.tidy(() => [
        softmaxRows(tf.add(x, mask)),
        tf.softmax(tf.add(x, mask)),
        tf.grad(loss((t) => softmaxRows(t)))(x),
        tf.grad(loss((t) => tf.softmax(t)))(x),
      ]) as tf.Tensor[];
      const o = (await ours?.data()) as Float32Array;
      expect(maxAbsDiff(o, (await theirs?.data()) as Float32Array)).toBeLessThan(1e-6);
      expect(o[1]).toBe(0);
      expect(maxAbsDiff((await gOurs?.data()) as Float32Array, (await gTheirs?.data()) as Float32Array)).toBeLessThan(1e-6);
      const prof = await tf.profile(() => {
        tf.dispose(softmaxRows(x));
      });
      // (customGrad's own bookkeeping records a kernel without a name.)
      expect(prof.kernels.map((k) => k.name).filter(Boolean)).toEqual([SOFTMAX]);
      tf.dispose([x, mask, w, ours, theirs, gOurs, gTheirs] as tf.Tensor[]);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      tf.unregisterKernel(SOFTMAX, 'cpu');
      tf.unregisterKernel(SOFTMAX_GRAD, 'cpu');
    }
  });

  it('addAll sums many tensors with AddN kernels of at most 7 inputs (WebGPU binds no more), in a fixed order', async () => {
    await setupCpuBackend();
    const xs = Array.from({ length: 68 }, (_, i) => tf.scalar(i + 0.5));
    const prof = await tf.profile(() => {
      const s = addAll(xs);
      expect(s.dataSync()[0]).toBe(68 * 68 * 0.5);
      s.dispose();
    });
    const addNs = prof.kernels.filter((k) => k.name === 'AddN');
    expect(addNs.length).toBeGreaterThan(1);
    expect(Math.max(...addNs.map((k) => k.inputShapes.length))).toBeLessThanOrEqual(7);
    expect(addAll([xs[3] as tf.Scalar])).toBe(xs[3]);
    expect(() => addAll([])).toThrow(/nothing/);
    tf.dispose(xs);
  });
});
