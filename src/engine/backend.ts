/**
 * Picks the TensorFlow.js backend: WebGPU, then WebGL, then WASM, then CPU,
 * the first that really initialises. `tf.setBackend` can return false or
 * quietly leave another backend active, so both the return value and
 * `tf.getBackend()` are checked, and every skipped backend keeps its reason.
 * Backends are imported on demand so only the one in use is downloaded.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BACKENDS, type BackendInfo, type BackendName } from './protocol';

interface GpuLike {
  requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string; description?: string } } | null>;
}

async function register(name: BackendName): Promise<void> {
  switch (name) {
    case 'webgpu':
      await import('@tensorflow/tfjs-backend-webgpu');
      return;
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      // Shapes as uniforms: a new prompt length reuses the compiled shader programs instead of compiling new ones.
      tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', true);
      return;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const { wasmPaths } = await import('./wasmPaths');
      wasm.setWasmPaths(wasmPaths);
      return;
    }
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return;
  }
}

async function webgpuAdapter(): Promise<string> {
  const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) throw new Error('this browser does not offer WebGPU');
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('WebGPU found no usable GPU adapter');
  const info = adapter.info ?? {};
  return [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown adapter';
}

async function tryBackend(name: BackendName): Promise<string | undefined> {
  let adapter: string | undefined;
  if (name === 'webgpu') adapter = await webgpuAdapter();
  await register(name);
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) throw new Error(`TensorFlow.js could not start the ${name} backend`);
  // A tiny computation proves the backend really runs kernels.
  const probe = tf.tidy(() => tf.sum(tf.mul(tf.tensor1d([1, 2, 3]), 2)));
  const v = (await probe.data())[0];
  probe.dispose();
  if (v !== 12) throw new Error(`the ${name} backend computed a wrong result`);
  return adapter;
}

export async function selectBackend(requested?: BackendName): Promise<BackendInfo> {
  const order: BackendName[] = requested ? [requested, ...BACKENDS.filter((b) => b !== requested)] : [...BACKENDS];
  const skipped: BackendInfo['skipped'] = [];
  for (const name of order) {
    try {
      const adapter = await tryBackend(name);
      return { name, skipped, requested, adapter };
    } catch (e) {
      skipped.push({ name, reason: (e as Error).message || String(e) });
    }
  }
  throw new Error(`No TensorFlow.js backend works here: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}
