import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { setupWasm } from '../../scripts/eval/backend';
import { GELU_TANH, LAYER_NORM } from './kernels';
import { geluTanh, layerNorm } from './ops';
import { maxAbsDiff } from './testing/reference';
import { setupCpuBackend } from './testing/tfNode';

/** GPT-2's GELU as written in its paper's form, ½x(1 + tanh(√(2/π)(x + 0.044715x³))). */
const geluPaper = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`fused kernels (${backend}) equal the composite ops`, () => {
    afterAll(async () => {
      await setupCpuBackend();
    });

    it('LayerNorm and GELU: one kernel each, same numbers as the differentiable composite, no tensors left', async () => {
      if (backend === 'cpu') await setupCpuBackend();
      else await setupWasm();
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
}
