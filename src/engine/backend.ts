/**
 * Starts a TensorFlow.js backend: the one asked for with `?backend=`, else
 * the one measured fastest on this browser and adapter (src/app/
 * backendChoice.ts), else WASM (fast to start and fast on small models
 * everywhere), then the others; the first that really initialises. `tf.setBackend` can return false or
 * quietly leave another backend active, so both the return value and
 * `tf.getBackend()` are checked, and every skipped backend keeps its reason.
 * Backends are imported on demand so only the one in use is downloaded.
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerWebgpuDirectKernels, setDirectKernels } from '../model/kernelsWebgpu';
import type { BackendInfo, BackendName } from './protocol';

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(): Promise<{ info?: AdapterInfoLike; isFallbackAdapter?: boolean } | null>;
}

/** Order tried when nothing was asked for or measured. */
export const DEFAULT_ORDER: readonly BackendName[] = ['wasm', 'webgpu', 'webgl', 'cpu'];

/** What a GPU adapter says about itself: its description and whether it is a software implementation. */
export interface AdapterFacts {
  description: string;
  software: boolean;
}

/** SwiftShader, llvmpipe/lavapipe, WARP ("Microsoft Basic Render Driver"): CPUs standing in for a GPU. */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render/i;

async function register(name: BackendName): Promise<void> {
  switch (name) {
    case 'webgpu':
      await import('@tensorflow/tfjs-backend-webgpu');
      registerWebgpuDirectKernels();
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

/** The WebGPU adapter the backend will get (`isFallbackAdapter`: the browser's own software one). */
export async function webgpuAdapter(): Promise<AdapterFacts> {
  const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) throw new Error('this browser does not offer WebGPU');
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('WebGPU found no usable GPU adapter');
  const info = adapter.info ?? {};
  const description = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown adapter';
  return { description, software: !!(info.isFallbackAdapter ?? adapter.isFallbackAdapter) || SOFTWARE.test(description) };
}

/** The WebGL renderer (WEBGL_debug_renderer_info), once the WebGL backend runs. */
export function webglRenderer(): AdapterFacts | undefined {
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
  if (!gl) return undefined;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const description = String((ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER)) ?? 'unknown renderer');
  return { description, software: SOFTWARE.test(description) };
}

/** Starts one backend and proves it computes; resolves with its adapter where it has one. */
export async function tryBackend(name: BackendName): Promise<AdapterFacts | undefined> {
  let adapter: AdapterFacts | undefined;
  if (name === 'webgpu') adapter = await webgpuAdapter();
  await register(name);
  // On a CPU standing in for a GPU, matrix products and reductions without shared memory (kernelsWebgpu.ts).
  if (name === 'webgpu') setDirectKernels(!!adapter?.software);
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) throw new Error(`TensorFlow.js could not start the ${name} backend`);
  // A tiny computation proves the backend really runs kernels.
  const probe = tf.tidy(() => tf.sum(tf.mul(tf.tensor1d([1, 2, 3]), 2)));
  const v = (await probe.data())[0];
  probe.dispose();
  if (v !== 12) throw new Error(`the ${name} backend computed a wrong result`);
  return name === 'webgl' ? webglRenderer() : adapter;
}

/** `requested`: forced with `?backend=`; `preferred`: the one measured fastest here before. */
export async function selectBackend(requested?: BackendName, preferred?: BackendName): Promise<BackendInfo> {
  const first = requested ?? preferred;
  const order: BackendName[] = first ? [first, ...DEFAULT_ORDER.filter((b) => b !== first)] : [...DEFAULT_ORDER];
  const skipped: BackendInfo['skipped'] = [];
  for (const name of order) {
    try {
      const facts = await tryBackend(name);
      return { name, skipped, requested, adapter: facts?.description, software: facts?.software };
    } catch (e) {
      skipped.push({ name, reason: (e as Error).message || String(e) });
    }
  }
  throw new Error(`No TensorFlow.js backend works here: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}
