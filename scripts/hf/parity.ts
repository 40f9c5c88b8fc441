/**
 * Prints how far the engine is from the PyTorch reference on each committed
 * Hugging Face fixture, in Node on TF.js's CPU and WASM backends (the unit
 * tests assert ≤ 1e-3; this shows the actual figures).
 *
 *   npx tsx scripts/hf/parity.ts
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { loadHfCheckpoint } from '../../src/model/hf/checkpoint';
import { FIXTURES, fixtureFiles, reference } from '../../src/model/hf/testing/fixtures';
import { Transformer } from '../../src/model/transformer';
import { setupWasm } from '../eval/backend';

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
};

for (const backend of ['cpu', 'wasm']) {
  if (backend === 'wasm') await setupWasm();
  else await tf.setBackend('cpu');
  for (const name of FIXTURES) {
    const loaded = await loadHfCheckpoint(fixtureFiles(name));
    const model = new Transformer(loaded.config, loaded.weights);
    const ref = reference(name);
    const out = await model.forward(ref.ids);
    console.log(
      `${backend} ${name} (${loaded.dtype}): max |Δ| logits ${maxDiff(out.logits, ref.logits).toExponential(2)}, attention ${maxDiff(out.attention, ref.attention).toExponential(2)}, residual ${maxDiff(out.residual, ref.residual).toExponential(2)}`,
    );
    model.dispose();
  }
}
