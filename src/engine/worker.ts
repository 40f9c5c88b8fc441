/// <reference lib="webworker" />
import '../lib/zodSetup';
/**
 * The engine worker: owns TensorFlow.js, the backend and the loaded models,
 * so the page never blocks on tensor math. It answers requests one at a time
 * in arrival order.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HeadAblation } from '../model/ablation';
import { parameterCount } from '../model/config';
import { kernelProbe } from '../model/kernelProbe';
import { directKernelsOn } from '../model/kernelsWebgpu';
import { Tokenizer } from '../model/tokenizer';
import { Transformer } from '../model/transformer';
import { loadModelFiles, ModelFileError } from '../model/weights';
import { isHfModelId, isLabModelId } from '../state/models';
import { selectBackend } from './backend';
import { DownloadProgress } from './download';
import { createHfModels } from './hfModels';
import { createLab } from './lab';
import {
  type AblationSpec,
  type EngineError,
  isLabRequest,
  type LoadedModel,
  type Request,
  type RequestEnvelope,
  type WorkerMessage,
} from './protocol';
import { createSessions } from './sessions';

declare const self: DedicatedWorkerGlobalScope;

let baseUrl = '/';
const models = new Map<string, { model: Transformer; info: LoadedModel }>();

function post(msg: WorkerMessage, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

function okOrThrow(res: Response): Response {
  if (!res.ok) throw new Error(`${res.status} ${res.statusText || 'HTTP error'}`);
  return res;
}

async function fetchBytes(url: string, progress: DownloadProgress): Promise<ArrayBuffer> {
  // The pending fetch goes in as it is, so the bar knows a file has started before its headers arrive.
  return progress.read(fetch(url).then(okOrThrow));
}

/** The shard and tokenizer files a model.json names (best effort: loadModelFiles validates it properly). */
function namedFiles(modelJson: ArrayBuffer): string[] {
  try {
    const j = JSON.parse(new TextDecoder().decode(modelJson)) as {
      weightsManifest?: { paths?: unknown[] }[];
      tokenizer?: unknown;
      generated?: unknown;
    };
    // A model that generates its weights has no shard to fetch.
    const shards = j.generated ? [] : (j.weightsManifest ?? []).flatMap((g) => g.paths ?? []);
    const names = [...shards, j.tokenizer];
    return names.filter((n): n is string => typeof n === 'string' && /^[\w.-]+$/.test(n));
  } catch {
    return [];
  }
}

async function load(modelId: string): Promise<LoadedModel> {
  const existing = models.get(modelId);
  if (existing) return existing.info;
  if (isLabModelId(modelId)) return lab.loadSaved(modelId);
  if (isHfModelId(modelId)) return hf.load(modelId);
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(modelId)) throw new Error(`"${modelId}" is not a model name`);
  const dir = `${baseUrl}models/${modelId}/`;
  let bytes = 0;
  // Progress in bytes as they arrive (the weights are one 2.6 MB file: a per-file count would sit at 0% until it is done).
  // model.json names the other files: they all start at once, so the bar's total is known from their headers on.
  const progress = new DownloadProgress((loaded, total) => post({ type: 'progress', modelId, loaded, total }));
  const started = new Map<string, Promise<ArrayBuffer>>();
  const start = (p: string) => {
    let f = started.get(p);
    if (!f) {
      f = fetchBytes(dir + p, progress);
      started.set(p, f);
    }
    return f;
  };
  const files = await loadModelFiles(async (p) => {
    let b: ArrayBuffer;
    if (p === 'model.json') {
      b = await (await fetch(dir + p).then(okOrThrow)).arrayBuffer();
      for (const name of namedFiles(b)) start(name).catch(() => {}); // errors surface when loadModelFiles asks for the file
    } else b = await start(p);
    bytes += b.byteLength;
    return b;
  });
  let tokenizer: Tokenizer;
  try {
    tokenizer = Tokenizer.fromJSON(files.tokenizerJson);
  } catch (e) {
    for (const t of Object.values(files.weights)) t.dispose();
    throw new ModelFileError(`${files.json.tokenizer}: ${(e as Error).message}`, files.json.tokenizer);
  }
  if (tokenizer.size !== files.config.vocabSize) {
    for (const t of Object.values(files.weights)) t.dispose();
    throw new ModelFileError(
      `${files.json.tokenizer} has ${tokenizer.size} entries but the model expects ${files.config.vocabSize}`,
      files.json.tokenizer,
    );
  }
  const model = new Transformer(files.config, files.weights);
  const info: LoadedModel = {
    id: modelId,
    objective: files.objective,
    config: files.config,
    tokenizer: tokenizer.toJSON(),
    parameters: parameterCount(files.config),
    bytes,
  };
  models.set(modelId, { model, info });
  return info;
}

const sessions = createSessions();

async function modelFor(modelId: string): Promise<Transformer> {
  if (!models.has(modelId)) await load(modelId);
  const entry = models.get(modelId);
  if (!entry) throw new Error(`model ${modelId} is not loaded`);
  return entry.model;
}

/** Head means of recent reference texts, per model (mean ablation reads them at every pass). */
const meansCache = new Map<string, Float32Array>();

/** The model-level ablation for a page's spec: for 'mean', the heads' means over the reference text on the full model. */
async function ablationFor(model: Transformer, modelId: string, spec: AblationSpec | undefined): Promise<HeadAblation | null> {
  if (!spec || spec.heads.length === 0) return null;
  if (spec.kind === 'zero') return { heads: spec.heads, kind: 'zero' };
  const ref = spec.reference ?? [];
  const key = `${modelId}|${ref.join(',')}`;
  let means = meansCache.get(key);
  if (!means) {
    means = await model.headMeans(ref);
    meansCache.set(key, means);
    for (const k of meansCache.keys()) if (meansCache.size > 8) meansCache.delete(k);
  }
  return { heads: spec.heads, kind: 'mean', means };
}

async function handle(req: Request): Promise<{ value: unknown; transfer?: Transferable[] }> {
  if (isLabRequest(req)) return lab.handle(req);
  switch (req.kind) {
    case 'init': {
      baseUrl = req.baseUrl;
      const info = await selectBackend(req.backend, req.preferred);
      watchDevice();
      return { value: info };
    }
    case 'debugKernels':
      return { value: { backend: tf.getBackend(), direct: tf.getBackend() === 'webgpu' && directKernelsOn(), cases: await kernelProbe() } };
    case 'debugLoseDevice': {
      const device = gpuDevice();
      device?.destroy();
      return { value: !!device };
    }
    case 'load':
      return { value: await load(req.modelId) };
    case 'openHf':
      return { value: await hf.open(req.files, req.name, req.idHint, req.save) };
    case 'openCancel':
      return { value: hf.cancel() };
    case 'hfSave':
      return { value: await hf.save(req.modelId) };
    case 'hfForget':
      return { value: await hf.forget(req.modelId) };
    case 'hfList':
      return { value: await hf.list() };
    case 'embeddings': {
      const out = await (await modelFor(req.modelId)).embeddings(req.ids, req.positions);
      return { value: out, transfer: [out.tok.buffer, out.pos.buffer] };
    }
    case 'logitLens': {
      const out = await (await modelFor(req.modelId)).logitLens(req.vectors, req.n);
      return { value: out, transfer: [out.buffer] };
    }
    case 'forward': {
      const entry = { model: await modelFor(req.modelId) };
      const t0 = performance.now();
      const ablation = await ablationFor(entry.model, req.modelId, req.ablation);
      const out = await entry.model.forward(req.ids, { ...req.options, ...(ablation ? { ablation } : {}) });
      const ms = performance.now() - t0;
      return {
        value: {
          ids: req.ids,
          T: out.T,
          logits: out.logits,
          ...(typeof req.options?.logits === 'number' ? { logitsRow: req.options.logits } : {}),
          ...(req.options?.attentionLayers ? { attentionLayers: req.options.attentionLayers } : {}),
          attention: out.attention,
          residual: out.residual,
          ms,
        },
        transfer: [out.logits.buffer, out.attention.buffer, out.residual.buffer],
      };
    }
    case 'tokenLosses': {
      const model = await modelFor(req.modelId);
      const variants = await Promise.all(
        req.variants.map((heads) => ablationFor(model, req.modelId, { heads, kind: req.ablationKind, reference: req.reference })),
      );
      const out = await model.tokenLosses(req.ids, variants);
      return { value: out, transfer: [out.buffer] };
    }
    case 'genStart': {
      const model = await modelFor(req.modelId);
      return sessions.start(model, req.ids, req.replay ?? [], req.options, await ablationFor(model, req.modelId, req.ablation));
    }
    case 'genStep':
      return sessions.step(req.session, req.id, req.options);
    case 'genRun':
      return sessions.run(req.session, req.first, req.count, req.choice, req.options, req.stopAt);
    case 'genEnd':
      return { value: sessions.end(req.session) };
    case 'memory': {
      const m = tf.memory();
      return { value: { numTensors: m.numTensors, numBytes: m.numBytes } };
    }
  }
}

interface GpuDeviceLike {
  lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
}

function gpuDevice(): GpuDeviceLike | undefined {
  return tf.getBackend() === 'webgpu' ? (tf.backend() as unknown as { device?: GpuDeviceLike }).device : undefined;
}

/** A lost WebGPU device makes every later kernel fail or return garbage: tell the page at once. */
function watchDevice(): void {
  const device = gpuDevice();
  device?.lost.then((info) => {
    post({ type: 'deviceLost', message: info.message || info.reason || 'unknown reason' });
  });
}

function toEngineError(e: unknown): EngineError {
  if (e instanceof ModelFileError) return { message: e.message, file: e.file, tensor: e.tensor };
  const code = e instanceof Error ? (e as { code?: unknown }).code : undefined;
  if (code === 'labMissing' || code === 'hfMissing' || code === 'cancelled') return { message: (e as Error).message, code };
  return { message: e instanceof Error ? e.message : String(e) };
}

let queue: Promise<void> = Promise.resolve();

/** Runs a job after every request (or job) already queued; the Training lab queues each training step this way. */
function enqueue<T>(job: () => Promise<T>): Promise<T> {
  const result = queue.then(job);
  queue = result.then(
    () => {},
    () => {},
  );
  return result;
}

const lab = createLab({ models, load, enqueue, post });
const hf = createHfModels(models, post);

async function answer(id: number, request: Request): Promise<void> {
  try {
    const { value, transfer } = await handle(request);
    post({ type: 'result', id, ok: true, value }, transfer);
  } catch (e) {
    post({ type: 'result', id, ok: false, error: toEngineError(e) });
  }
}

self.onmessage = (ev: MessageEvent<RequestEnvelope>) => {
  const { id, request } = ev.data;
  // Cancel must not wait behind the open it cancels.
  if (request.kind === 'openCancel') {
    void answer(id, request);
    return;
  }
  queue = queue.then(() => answer(id, request));
};
