/**
 * Writes public/models/random-gpt/: the tiny-gpt architecture with seeded
 * random weights and tiny-gpt's tokenizer — the "before training" model, and
 * the app's default until trained weights exist. Deterministic: same seed,
 * same bytes. No weights file is shipped: model.json says `"generated":
 * {"kind": "random", "seed": …}` and the app makes the same float16 weights
 * on load (`generatedShards` in src/model/weights.ts); `--write-shard` also
 * writes them to weights.bin (to compare, or for a tool that needs the file).
 *
 *   npx tsx scripts/make-random-model.ts [--seed 1234] [--tokenizer public/models/tiny-gpt/tokenizer.json]
 */
import '@tensorflow/tfjs-backend-cpu';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../src/model/config';
import { Tokenizer } from '../src/model/tokenizer';
import { randomWeights } from '../src/model/transformer';
import { saveModelFiles } from '../src/model/weights';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1234' },
    tokenizer: { type: 'string', default: 'public/models/tiny-gpt/tokenizer.json' },
    like: { type: 'string', default: 'public/models/tiny-gpt/model.json' },
    out: { type: 'string', default: 'public/models/random-gpt' },
    'write-shard': { type: 'boolean', default: false },
  },
});

await tf.setBackend('cpu');
const tokenizer = Tokenizer.fromJSON(JSON.parse(readFileSync(values.tokenizer, 'utf8')));
let config: ModelConfig = {
  vocabSize: tokenizer.size,
  dModel: 128,
  nHeads: 4,
  nLayers: 4,
  contextLength: 128,
  causal: true,
  layerNormEps: 1e-5,
  dMlp: 512,
};
try {
  config = { ...(JSON.parse(readFileSync(values.like, 'utf8')) as { config: ModelConfig }).config, causal: true };
} catch {
  console.warn(`(no ${values.like}: using the default tiny config)`);
}
const seed = Number(values.seed);
const weights = randomWeights(config, seed);
const saved = await saveModelFiles('random-gpt', 'clm', config, weights, { float16: true, generated: { kind: 'random', seed } });
mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, 'model.json'), saved.modelJson);
const shard = join(values.out, saved.shard.path);
if (values['write-shard']) writeFileSync(shard, Buffer.from(saved.shard.data));
else rmSync(shard, { force: true });
copyFileSync(values.tokenizer, join(values.out, 'tokenizer.json'));
console.log(
  `wrote ${values.out} (${config.vocabSize} tokens; ${saved.shard.data.byteLength} bytes of weights, ${values['write-shard'] ? 'written' : `made on load from seed ${seed}`}) from ${dirname(values.tokenizer)}`,
);
