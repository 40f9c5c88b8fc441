/**
 * Test-only models served by intercepting requests: random weights generated
 * here in Node, so the browser's forward pass can be checked against the
 * Float64 reference on exactly the same numbers.
 */
import '@tensorflow/tfjs-backend-cpu';
import type { BrowserContext } from '@playwright/test';
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../src/model/config';
import type { PlainWeights } from '../src/model/testing/reference';
import { Tokenizer } from '../src/model/tokenizer';
import { randomWeights } from '../src/model/transformer';
import { saveModelFiles } from '../src/model/weights';

export interface FixtureModel {
  id: string;
  config: ModelConfig;
  weights: PlainWeights;
  files: Map<string, Buffer>;
}

export async function makeRandomModel(id: string, causal: boolean, seed: number): Promise<FixtureModel> {
  await tf.setBackend('cpu');
  const config: ModelConfig = { vocabSize: 40, dModel: 32, nHeads: 4, nLayers: 2, contextLength: 16, causal, layerNormEps: 1e-5, dMlp: 64 };
  const w = randomWeights(config, seed, { std: 0.4, all: true });
  const saved = await saveModelFiles(id, causal ? 'clm' : 'mlm', config, w);
  const vocab = ['[PAD]', '[UNK]', '[MASK]', '[SEP]', '\n', ...Array.from({ length: config.vocabSize - 5 }, (_, i) => `w${i}`)];
  const weights: PlainWeights = {};
  for (const [name, t] of Object.entries(w)) weights[name] = { shape: t.shape, values: Array.from(await t.data()) };
  for (const t of Object.values(w)) t.dispose();
  const files = new Map<string, Buffer>([
    ['model.json', Buffer.from(saved.modelJson)],
    [saved.shard.path, Buffer.from(saved.shard.data)],
    ['tokenizer.json', Buffer.from(JSON.stringify(new Tokenizer(vocab).toJSON()))],
  ]);
  return { id, config, weights, files };
}

/** Serves the fixture's files at models/<id>/ for every page of the context (workers included). */
export async function serveModel(
  context: BrowserContext,
  model: FixtureModel,
  override?: (file: string, body: Buffer) => Buffer | null,
): Promise<void> {
  await context.route(`**/models/${model.id}/*`, async (route) => {
    const file = new URL(route.request().url()).pathname.split('/').pop() ?? '';
    const body = model.files.get(file);
    const out = body && override ? override(file, body) : body;
    if (!out) await route.fulfill({ status: 404, body: 'not found' });
    else
      await route.fulfill({
        status: 200,
        body: out,
        contentType: file.endsWith('.json') ? 'application/json' : 'application/octet-stream',
      });
  });
}
