/** Test setup: TensorFlow.js on the pure-JS CPU backend under Node. */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config';
import type { Weights } from '../transformer';
import type { PlainWeights } from './reference';

export async function setupCpuBackend(): Promise<typeof tf> {
  await tf.setBackend('cpu');
  await tf.ready();
  return tf;
}

export async function toPlain(weights: Weights): Promise<PlainWeights> {
  const out: PlainWeights = {};
  for (const [name, t] of Object.entries(weights)) out[name] = { shape: t.shape, values: await t.data() };
  return out;
}

export const tinyConfig = (causal: boolean): ModelConfig => ({
  vocabSize: 23,
  dModel: 16,
  nHeads: 4,
  nLayers: 2,
  contextLength: 12,
  causal,
  layerNormEps: 1e-5,
  dMlp: 32,
});
