import * as tf from '@tensorflow/tfjs-core';
import { afterAll, expect, it } from 'vitest';
import { setupWasm } from '../../scripts/eval/backend';
import { kernelProbe, PROBE_CASES, seeded } from './kernelProbe';
import { maxAbsDiff } from './testing/reference';
import { setupCpuBackend } from './testing/tfNode';

afterAll(async () => {
  await setupCpuBackend();
});

it('the kernel probe gives the same values on CPU and WASM, repeats itself, and leaves no tensor behind', async () => {
  await setupCpuBackend();
  const before = tf.memory().numTensors;
  const cpu = await kernelProbe();
  expect(tf.memory().numTensors).toBe(before);
  expect((await kernelProbe()).map((c) => c.values)).toEqual(cpu.map((c) => c.values));
  await setupWasm();
  const wasm = await kernelProbe();
  expect(cpu.map((c) => c.name)).toEqual(PROBE_CASES.map(([name]) => name));
  const shapes = Object.fromEntries(cpu.map((c) => [c.name, c.shape]));
  expect(shapes['mm 7x3ᵀ · 5x7ᵀ']).toEqual([3, 5]);
  expect(shapes['mm 3x7 · batch 2x7x5 (broadcast)']).toEqual([2, 3, 5]);
  expect(shapes['mm 4-d 2x2x6x4 · 2x2x6x4ᵀ']).toEqual([2, 2, 6, 6]);
  expect(shapes['mean 6x130 last axis, kept']).toEqual([6, 1]);
  expect(shapes['sum 3x5x7 leading two axes']).toEqual([7]);
  expect(shapes['sum 3x5x7 all']).toEqual([]);
  for (const [i, c] of cpu.entries()) {
    const w = wasm[i] as (typeof wasm)[number];
    expect(w.shape).toEqual(c.shape);
    const scale = Math.max(1, ...c.values.map(Math.abs));
    expect(maxAbsDiff(c.values, w.values) / scale, c.name).toBeLessThan(1e-5);
  }
  // The first case by hand: (3, 7) · (7, 5) from the seeds 1000 and 1001.
  await setupCpuBackend();
  const [a, b] = [seeded([3, 7], 1000), seeded([7, 5], 1001)];
  const [av, bv] = [await a.data(), await b.data()];
  tf.dispose([a, b]);
  const byHand = Array.from({ length: 15 }, (_, o) => {
    const [r, c] = [Math.floor(o / 5), o % 5];
    let s = 0;
    for (let k = 0; k < 7; k++) s += (av[r * 7 + k] as number) * (bv[k * 5 + c] as number);
    return s;
  });
  for (const [o, v] of (cpu[0] as (typeof cpu)[number]).values.entries()) expect(v).toBeCloseTo(byHand[o] as number, 5);
});
