/**
 * Messages between the page and the engine worker. Only plain data and typed
 * arrays cross this boundary; tensors never leave the worker.
 */
import type { AblationKind } from '../model/ablation';
import type { ModelConfig, ModelObjective } from '../model/config';
import type { StepOptions } from '../model/kvcache';
import type { SamplerSettings } from '../model/sampling';
import type { TokenizerSpec } from '../model/tokenizers';
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
  /** GPU adapter description where the backend exposes one (e.g. "google swiftshader"; WebGL: its renderer). */
  adapter?: string;
  /** The adapter is a CPU standing in for a GPU (SwiftShader, llvmpipe, `isFallbackAdapter`). */
  software?: boolean;
}

export interface LoadedModel {
  id: string;
  objective: ModelObjective;
  config: ModelConfig;
  tokenizer: TokenizerSpec;
  parameters: number;
  bytes: number;
  /** For a checkpoint opened from files: what it is and where it came from. */
  opened?: OpenedInfo;
}

/** A Hugging Face checkpoint opened from files (src/engine/hfModels.ts). */
export interface OpenedInfo {
  /** The name the user knows it by (its folder's name, or config.json's `_name_or_path`). */
  name: string;
  /** SHA-256 (hex) of its files; the first 12 digits are in its id. */
  hash: string;
  architecture: string;
  /** Storage dtype of the weights: F32, F16 or BF16. */
  dtype: string;
  /** Kept in this browser's IndexedDB. */
  saved: boolean;
}

/** The files of a checkpoint folder, as the page picked them (Blobs read inside the worker). */
export interface OpenFiles {
  config: Blob;
  weights: Blob;
  /** tokenizer.json; without it, the older files it is made from: vocab.txt (BERT) or vocab.json + merges.txt (GPT-2). */
  tokenizer: Blob | null;
  tokenizerConfig: Blob | null;
  vocabTxt?: Blob | null;
  vocabJson?: Blob | null;
  merges?: Blob | null;
}

/** Progress messages of an open carry this model id. */
export const OPEN_PROGRESS_ID = 'open~files';

/**
 * Heads switched off for a pass, as the page asks for them (src/model/ablation.ts). For 'mean' the worker
 * computes each head's mean output over the positions of `reference` (token ids) on the full model.
 */
export interface AblationSpec {
  /** `[layer, head]` pairs. */
  heads: [number, number][];
  kind: AblationKind;
  /** 'mean': the text (token ids) the means are taken over. */
  reference?: number[];
}

export interface ForwardOutput {
  ids: number[];
  T: number;
  /** `[T][V]`, or `[1][V]` (one position) when asked with `logits: 'last'` or a position. */
  logits: Float32Array;
  /** The position of the single logits row, when only one was asked for by position. */
  logitsRow?: number;
  /** The layers `attention` holds, when only some were asked for (`[n][H][T][T]`). */
  attentionLayers?: number[];
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

/** How `genRun` chooses each next token: the top one, or the app's sampler with step j's uniform `uniforms[j]`. */
export type TokenChoice = { kind: 'greedy' } | { kind: 'sample'; settings: SamplerSettings; uniforms: number[] };

/** Several steps of a generation session for one message: each step's probes and the token chosen from its logits. */
export interface GenRunOutput {
  session: number;
  steps: (Omit<GenStepOutput, 'session' | 'ms'> & { chosen: number })[];
  /** Milliseconds inside the worker for all of them. */
  ms: number;
}

export type Request =
  /** `backend`: forced with `?backend=`; `preferred`: measured fastest on this browser and adapter before. */
  | { kind: 'init'; backend?: BackendName; preferred?: BackendName; baseUrl: string }
  | { kind: 'load'; modelId: string }
  | { kind: 'forward'; modelId: string; ids: number[]; options?: Omit<ForwardOptions, 'ablation'>; ablation?: AblationSpec }
  /**
   * The loss of `ids` token by token under each of several ablations, in one batched pass (`[variants][n]`,
   * see Transformer.tokenLosses); each variant is the heads off, all of the same kind.
   */
  | {
      kind: 'tokenLosses';
      modelId: string;
      ids: number[];
      variants: [number, number][][];
      ablationKind: AblationKind;
      reference?: number[];
    }
  | { kind: 'embeddings'; modelId: string; ids: number[]; positions: number[] }
  | { kind: 'logitLens'; modelId: string; vectors: Float32Array; n: number }
  | { kind: 'memory' }
  /** Opens a KV-cache session: reads `ids` in one pass, then each `replay` token as its own step. Causal models only. */
  | { kind: 'genStart'; modelId: string; ids: number[]; replay?: number[]; options?: StepOptions; ablation?: AblationSpec }
  /** Feeds one token to an open session. */
  | { kind: 'genStep'; session: number; id: number; options?: StepOptions }
  /**
   * Feeds `first`, then keeps going for up to `count` steps in all, feeding the token chosen from each step's
   * logits (`choice`); stops after choosing `stopAt`, or when the context is full.
   */
  | { kind: 'genRun'; session: number; first: number; count: number; choice: TokenChoice; options?: StepOptions; stopAt?: number }
  /** Frees a session's cache (true if it was open). */
  | { kind: 'genEnd'; session: number }
  /**
   * Opens a Hugging Face checkpoint from files (progress under OPEN_PROGRESS_ID). `idHint`: the id a link
   * named, used when the files' hash matches it. Handled outside the queue: `openCancel`.
   */
  | { kind: 'openHf'; files: OpenFiles; name: string; idHint?: string; save: boolean }
  | { kind: 'openCancel' }
  /** Keeps an opened checkpoint in IndexedDB, or forgets it there (and in memory). */
  | { kind: 'hfSave'; modelId: string }
  | { kind: 'hfForget'; modelId: string }
  | { kind: 'hfList' }
  /** Test hook: destroys the WebGPU device, as a driver reset or sleep would. */
  | { kind: 'debugLoseDevice' }
  /** Test hook: model/kernelProbe.ts's products and reductions on this backend, and whether WebGPU's direct kernels ran. */
  | { kind: 'debugKernels' }
  | LabRequest;

export interface KernelProbe {
  backend: string;
  /** WebGPU's matrix products and reductions ran as the engine's direct programs (model/kernelsWebgpu.ts). */
  direct: boolean;
  cases: { name: string; shape: number[]; values: number[] }[];
}

export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
}

/** What each request resolves with (the Training lab's requests: `LabResultOf`). */
interface Results {
  init: BackendInfo;
  openHf: LoadedModel;
  hfSave: LoadedModel;
  openCancel: boolean;
  hfForget: boolean;
  hfList: HfEntry[];
  load: LoadedModel;
  forward: ForwardOutput;
  memory: MemoryInfo;
  embeddings: { tok: Float32Array; pos: Float32Array };
  logitLens: Float32Array;
  tokenLosses: Float32Array;
  debugLoseDevice: boolean;
  debugKernels: KernelProbe;
  genStart: GenStepOutput;
  genStep: GenStepOutput;
  genRun: GenRunOutput;
  genEnd: boolean;
}

/** Every request that is not the lab's has its entry in `Results`: this fails to compile otherwise. */
type IsTrue<T extends true> = T;
export type EveryRequestAnswered = IsTrue<[Exclude<Exclude<Request, LabRequest>['kind'], keyof Results>] extends [never] ? true : false>;

export type ResultOf<R extends Request> = R extends LabRequest
  ? LabResultOf<R>
  : R['kind'] extends keyof Results
    ? Results[R['kind']]
    : never;

export interface EngineError {
  message: string;
  /** For model-file errors: the file and tensor concerned. */
  file?: string;
  tensor?: string;
  /** 'labMissing': a Training-lab model that is not saved in this browser; 'hfMissing': an opened checkpoint it lacks; 'cancelled'. */
  code?: 'labMissing' | 'hfMissing' | 'cancelled';
}

export type WorkerMessage =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: EngineError }
  /** Model download: bytes received, and bytes expected from the Content-Length of the files started so far. */
  | { type: 'progress'; modelId: string; loaded: number; total: number }
  /** The GPU device behind the WebGPU backend is gone; the worker cannot compute any more. */
  | { type: 'deviceLost'; message: string }
  /** Training lab: one message per training step (and on every state change). */
  | { type: 'train'; progress: TrainProgress };

/** An opened checkpoint known in this browser (in memory this session, or saved). */
export interface HfEntry {
  id: string;
  name: string;
  hash: string;
  saved: boolean;
  bytes: number;
}

export type RequestEnvelope = { id: number; request: Request };

// ---- Training lab (see src/engine/lab.ts) ----

/** The model a training run reads while it trains (not selectable; used for live probes). */
export const LAB_LIVE_ID = 'lab~live';

export interface TrainSpec {
  /** 'scratch': random weights of a small config; 'finetune': start from a shipped model's weights. */
  mode: 'scratch' | 'finetune';
  /** Scratch size (SCRATCH_SIZES id in src/model/train.ts). */
  size: 'xs' | 's' | 'm';
  /** Fine-tuning: the shipped causal model to start from; scratch: the model whose tokenizer is used. */
  base: string;
  /** Training text (built-in or pasted), or null for the repeated-word-lists corpus. */
  text: string | null;
  learningRate: number;
  batchSize: number;
  seqLen: number;
  seed: number;
  /** Steps after which the run ends by itself. */
  maxSteps: number;
  /** Held-out loss every this many steps. */
  evalEvery: number;
  /** A sample (and a checkpoint for the probes) every this many steps. */
  sampleEvery: number;
  /** Text the samples continue. */
  samplePrompt: string;
  /**
   * Token sequences read at every checkpoint (and before the first step):
   * their attention and residual stream come back with the progress, so the
   * page can measure head roles and sense separation exactly at that step.
   */
  probes: number[][];
}

export interface ProbeOutput {
  T: number;
  /** `[L][H][T][T]` */
  attention: Float32Array;
  /** `[L+1][T][d]` */
  residual: Float32Array;
}

export type TrainState = 'running' | 'paused' | 'stopped' | 'done' | 'failed';

export interface TrainProgress {
  state: TrainState;
  step: number;
  /** Loss of the last step's batch (nats per token); NaN before the first step. */
  loss: number;
  /** Held-out loss, present on evaluation steps. */
  valLoss?: number;
  /** Tokens per second over the last steps (training steps only, evaluation and samples excluded). */
  tokensPerSec: number;
  /** Milliseconds spent in training steps so far. */
  trainMs: number;
  /** A sample continuing the prompt, on sample steps. */
  sample?: string;
  /** On checkpoint (sample) steps and at step 0: the probes read with the weights of this step. */
  probes?: ProbeOutput[];
  /** Why the run failed. */
  error?: string;
}

export interface TrainInfo {
  config: ModelConfig;
  parameters: number;
  trainTokens: number;
  valTokens: number;
  /** Loss of the untrained (or base) model on the held-out windows. */
  valLoss0: number;
  backend: string;
}

export interface LabEntry {
  id: string;
  name: string;
  /** Saved in this browser's IndexedDB (otherwise only in memory until the page closes). */
  saved: boolean;
  parameters: number;
  config: ModelConfig;
  /** Steps trained and where it started. */
  steps: number;
  base: string;
  savedAt: number;
}

export type LabRequest =
  | { kind: 'trainStart'; spec: TrainSpec }
  | { kind: 'trainPause' }
  | { kind: 'trainResume' }
  | { kind: 'trainStop' }
  | { kind: 'trainReset' }
  /** Copies the current training weights into a model of its own (id lab-<name>) that every view can use. */
  | { kind: 'labPublish'; name: string }
  | { kind: 'labSave'; modelId: string }
  | { kind: 'labList' }
  | { kind: 'labDelete'; modelId: string }
  | { kind: 'labExport'; modelId: string }
  | { kind: 'labImport'; bytes: ArrayBuffer; fileName: string };

export type LabResultOf<R extends LabRequest> = R extends { kind: 'trainStart' }
  ? TrainInfo
  : R extends { kind: 'trainPause' | 'trainResume' | 'trainStop' | 'trainReset' }
    ? TrainProgress | null
    : R extends { kind: 'labPublish' | 'labSave' | 'labImport' }
      ? LabEntry
      : R extends { kind: 'labList' | 'labDelete' }
        ? LabEntry[]
        : R extends { kind: 'labExport' }
          ? ArrayBuffer
          : never;

export const LAB_KINDS: readonly LabRequest['kind'][] = [
  'trainStart',
  'trainPause',
  'trainResume',
  'trainStop',
  'trainReset',
  'labPublish',
  'labSave',
  'labList',
  'labDelete',
  'labExport',
  'labImport',
];

export function isLabRequest(r: Request): r is LabRequest {
  return (LAB_KINDS as readonly string[]).includes(r.kind);
}
