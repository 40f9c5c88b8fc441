/** TensorFlow.js on the WASM backend in Node (several times faster than the pure-JS CPU backend). */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';

export async function setupWasm(): Promise<string> {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  setWasmPaths(`${join(dist, '/')}`);
  const ok = await tf.setBackend('wasm');
  await tf.ready();
  if (!ok || tf.getBackend() !== 'wasm') throw new Error(`the wasm backend did not start (backend: ${tf.getBackend()})`);
  return tf.getBackend();
}
