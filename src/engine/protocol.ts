/**
 * Messages between the page and the engine worker. Only plain data and typed
 * arrays cross this boundary; tensors never leave the worker.
 */
import type { ModelConfig, ModelObjective } from '../model/config';
import type { TokenizerJSON } from '../model/tokenizer';
import type { ForwardOptions } from '../model/transformer';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export function isBackendName(s: unknown): s is BackendName {
  return typeof s === 'string' && (BACKENDS as readonly string[]).includes(s);
}

export interface BackendInfo {
  name: BackendName;
  /** Backends tried before this one, and why each was not used. */
  skipped: { name: BackendName; reason: string }[];
  /** The backend asked for with `?backend=`, if any. */
  requested?: BackendName;
  /** GPU adapter description where the backend exposes one (e.g. "google swiftshader"). */
  adapter?: string;
}

export interface LoadedModel {
  id: string;
  objective: ModelObjective;
  config: ModelConfig;
  tokenizer: TokenizerJSON;
  parameters: number;
  bytes: number;
}

export interface ForwardOutput {
  ids: number[];
  T: number;
  /** `[T][V]`, or `[1][V]` (last position) when asked with `logits: 'last'`. */
  logits: Float32Array;
  attention: Float32Array;
  residual: Float32Array;
  /** Milliseconds the forward pass took inside the worker, readback included. */
  ms: number;
}

export type Request =
  | { kind: 'init'; backend?: BackendName; baseUrl: string }
  | { kind: 'load'; modelId: string }
  | { kind: 'forward'; modelId: string; ids: number[]; options?: ForwardOptions }
  | { kind: 'embeddings'; modelId: string; ids: number[]; positions: number[] }
  | { kind: 'logitLens'; modelId: string; vectors: Float32Array; n: number }
  | { kind: 'memory' }
  /** Test hook: destroys the WebGPU device, as a driver reset or sleep would. */
  | { kind: 'debugLoseDevice' };

export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
}

export type ResultOf<R extends Request> = R extends { kind: 'init' }
  ? BackendInfo
  : R extends { kind: 'load' }
    ? LoadedModel
    : R extends { kind: 'forward' }
      ? ForwardOutput
      : R extends { kind: 'memory' }
        ? MemoryInfo
        : R extends { kind: 'embeddings' }
          ? { tok: Float32Array; pos: Float32Array }
          : R extends { kind: 'logitLens' }
            ? Float32Array
            : R extends { kind: 'debugLoseDevice' }
              ? boolean
              : never;

export interface EngineError {
  message: string;
  /** For model-file errors: the file and tensor concerned. */
  file?: string;
  tensor?: string;
}

export type WorkerMessage =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: EngineError }
  | { type: 'progress'; modelId: string; loaded: number; total: number }
  /** The GPU device behind the WebGPU backend is gone; the worker cannot compute any more. */
  | { type: 'deviceLost'; message: string };

export type RequestEnvelope = { id: number; request: Request };
