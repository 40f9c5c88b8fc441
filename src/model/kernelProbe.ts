/**
 * A fixed set of matrix products and reductions on seeded inputs, with the shapes that stress a kernel's edges:
 * sizes that are not multiples of a block, transposed operands, batches broadcast against one matrix, a single row,
 * a bias, kept and dropped axes, leading, trailing and middle reductions. The e2e suite runs it on WebGPU and on
 * WASM (the worker's `debugKernels`) and compares, so the WebGPU programs of kernelsWebgpu.ts are checked on every
 * case they take, and on those they hand back to the backend. Backend-neutral; runs under Node in unit tests.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from './rng';

/** Values uniform in [-1, 1) from `Rng(seed)`, the same on every backend. */
export function seeded(shape: number[], seed: number): tf.Tensor {
  const rng = new Rng(seed);
  const v = new Float32Array(tf.util.sizeFromShape(shape));
  for (let i = 0; i < v.length; i++) v[i] = rng.next() * 2 - 1;
  return tf.tensor(v, shape, 'float32');
}

type Case = [name: string, run: (t: (shape: number[]) => tf.Tensor) => tf.Tensor];

export const PROBE_CASES: readonly Case[] = [
  ['mm 3x7 · 7x5', (t) => tf.matMul(t([3, 7]), t([7, 5]))],
  ['mm 7x3ᵀ · 7x5', (t) => tf.matMul(t([7, 3]), t([7, 5]), true, false)],
  ['mm 3x7 · 5x7ᵀ', (t) => tf.matMul(t([3, 7]), t([5, 7]), false, true)],
  ['mm 7x3ᵀ · 5x7ᵀ', (t) => tf.matMul(t([7, 3]), t([5, 7]), true, true)],
  ['mm 1x9 · 9x13 (one row)', (t) => tf.matMul(t([1, 9]), t([9, 13]))],
  ['mm 2x9 · 13x9ᵀ (two rows)', (t) => tf.matMul(t([2, 9]), t([13, 9]), false, true)],
  ['mm batch 2x3x7 · 2x7x5', (t) => tf.matMul(t([2, 3, 7]), t([2, 7, 5]))],
  ['mm batch 2x3x7 · 7x5 (broadcast)', (t) => tf.matMul(t([2, 3, 7]), t([7, 5]))],
  ['mm 3x7 · batch 2x7x5 (broadcast)', (t) => tf.matMul(t([3, 7]), t([2, 7, 5]))],
  ['mm 4-d 2x2x6x4 · 2x2x6x4ᵀ', (t) => tf.matMul(t([2, 2, 6, 4]), t([2, 2, 6, 4]), false, true)],
  ['mm 33x40 · 40x17', (t) => tf.matMul(t([33, 40]), t([40, 17]))],
  ['fused 3x7 · 7x5 + bias', (t) => tf.fused.matMul({ a: t([3, 7]), b: t([7, 5]), bias: t([5]) })],
  ['fused 1x3x7 · 1x7x9 + bias', (t) => tf.fused.matMul({ a: t([1, 3, 7]), b: t([1, 7, 9]), bias: t([9]) })],
  // Not with a transposed b: TF.js 4.22's WASM adds the bias to the wrong columns there (the engine never asks for it).
  ['fused 3x7 · 7x5 + bias, relu', (t) => tf.fused.matMul({ a: t([3, 7]), b: t([7, 5]), bias: t([5]), activation: 'relu' })],
  ['sum 3x5x7 last axis', (t) => tf.sum(t([3, 5, 7]), -1)],
  ['sum 3x5x7 leading two axes', (t) => tf.sum(t([3, 5, 7]), [0, 1])],
  ['sum 3x5x7 middle axis', (t) => tf.sum(t([3, 5, 7]), 1)],
  ['sum 3x5x7 all', (t) => tf.sum(t([3, 5, 7]))],
  ['sum 9x4000 all (long)', (t) => tf.sum(t([9, 4000]))],
  ['mean 6x130 last axis, kept', (t) => tf.mean(t([6, 130]), -1, true)],
  ['mean 4x6x10 first axis', (t) => tf.mean(t([4, 6, 10]), 0)],
  ['max 5x301 last axis, kept', (t) => tf.max(t([5, 301]), -1, true)],
  ['max 5x301 first axis', (t) => tf.max(t([5, 301]), 0)],
];

/** Every case's values, in order, computed on the active backend. Leaves no tensor behind. */
export async function kernelProbe(): Promise<{ name: string; shape: number[]; values: number[] }[]> {
  const out: { name: string; shape: number[]; values: number[] }[] = [];
  for (const [i, [name, run]] of PROBE_CASES.entries()) {
    let seed = 1000 * (i + 1);
    const r = tf.tidy(() => run((shape) => seeded(shape, seed++)));
    try {
      out.push({ name, shape: r.shape, values: Array.from(await r.data()) });
    } finally {
      r.dispose();
    }
  }
  return out;
}
