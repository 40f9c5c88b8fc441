/**
 * Messages between the page and the engine worker. Only plain data and typed
 * arrays cross this boundary; tensors never leave the worker.
 */
import type { ModelConfig, ModelObjective } from '../model/config';
import type { StepOptions } from '../model/kvcache';
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

/** One pass of a generation session (key/value cache): the probes of the last position fed. */
export interface GenStepOutput {
  session: number;
  /** Position of the last token fed; `logits` predict the next one. */
  position: number;
  /** `[V]` */
  logits: Float32Array;
  /** Attention row of the query at `position`, `[nLayers][nHeads][position + 1]` (empty when not asked). */
  attention: Float32Array;
  /** Residual stream at `position`, `[nLayers + 1][dModel]` (empty unless asked). */
  residual: Float32Array;
  /** Milliseconds inside the worker, readback included. */
  ms: number;
}

export type Request =
  | { kind: 'init'; backend?: BackendName; baseUrl: string }
  | { kind: 'load'; modelId: string }
  | { kind: 'forward'; modelId: string; ids: number[]; options?: ForwardOptions }
  | { kind: 'embeddings'; modelId: string; ids: number[]; positions: number[] }
  | { kind: 'logitLens'; modelId: string; vectors: Float32Array; n: number }
  | { kind: 'memory' }
  /** Opens a KV-cache session: reads `ids` in one pass, then each `replay` token as its own step. Causal models only. */
  | { kind: 'genStart'; modelId: string; ids: number[]; replay?: number[]; options?: StepOptions }
  /** Feeds one token to an open session. */
  | { kind: 'genStep'; session: number; id: number; options?: StepOptions }
  /** Frees a session's cache (true if it was open). */
  | { kind: 'genEnd'; session: number }
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
              : R extends { kind: 'genStart' | 'genStep' }
                ? GenStepOutput
                : R extends { kind: 'genEnd' }
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
