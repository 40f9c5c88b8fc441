/// <reference lib="webworker" />
/**
 * The same-stack peer, @genai-fi/nanogpt (TensorFlow.js 4.22, KV cache with
 * RoPE, custom WebGPU/WebGL kernels), run through its own public API in a
 * worker of its own, as an app would run it: `TeachableLLM.create`,
 * `responses.create` for generation and `training.job` for training.
 * scripts/bench-peer.ts drives it against our engine in alternating rounds.
 * Nothing here is shipped: it is built into the bench's folder only.
 */
import { TeachableLLM } from '@genai-fi/nanogpt';
import type { PeerReply, PeerRequest } from './types';

declare const self: DedicatedWorkerGlobalScope;

let llm: TeachableLLM | null = null;
let built = '';

function model(req: Extract<PeerRequest, { kind: 'gen' | 'train' }>): TeachableLLM {
  const key = JSON.stringify(req.variant);
  if (llm && built === key) return llm;
  llm?.dispose();
  const c = req.config;
  const base = {
    vocabSize: c.vocabSize,
    blockSize: c.contextLength,
    nLayer: c.nLayers,
    nHead: c.nHeads,
    nEmbed: c.dModel,
    mlpFactor: c.dMlp / c.dModel,
  };
  const config =
    req.variant.model === 'v2'
      ? { ...base, modelType: 'GenAI_NanoGPT_v2' as const }
      : { ...base, modelType: 'GenAI_NanoGPT_v1' as const, useRope: req.variant.model === 'v1-rope' };
  llm = TeachableLLM.create('char', config);
  built = key;
  return llm;
}

async function gen(req: Extract<PeerRequest, { kind: 'gen' }>): Promise<PeerReply> {
  const m = model(req);
  let tokens = 0;
  const t0 = performance.now();
  await m.responses.create(
    {
      input: 'a',
      maxLength: req.tokens,
      temperature: 1,
      nonConversational: true,
      allowSpecial: true,
      noCache: req.variant.cache === false,
      outputAttention: req.variant.attention,
    },
    () => {
      tokens++;
    },
  );
  const ms = performance.now() - t0;
  return { ok: true, ms, tokens };
}

async function train(req: Extract<PeerRequest, { kind: 'train' }>): Promise<PeerReply> {
  const m = model(req);
  const W = req.config.contextLength;
  // Random tokens: enough for `steps` batches of `batch` windows (one epoch).
  const n = (req.steps + 1) * req.batch * (W + 1);
  const data = new Uint16Array(n);
  for (let i = 0; i < n; i++) data[i] = (i * 2654435761) % req.config.vocabSize;
  const marks: { step: number; at: number; tokens: number }[] = [];
  await new Promise<void>((resolve, reject) => {
    m.training.on('progress', (job) => {
      const last = job.history?.[job.history.length - 1];
      if (last) marks.push({ step: last.step, at: performance.now(), tokens: last.totalTokens });
    });
    m.training.on('completed', () => resolve());
    m.training.on('error', (_id, e) => reject(e));
    m.training
      .job(
        { method: { type: 'pretraining' }, batchSize: req.batch, maxEpochs: 1, logInterval: 1, learningRate: 1e-3 },
        [data],
        [{ id: 'bench', name: 'bench', conversational: false } as never],
      )
      .catch(reject);
  });
  // Steady state: from the `warm`-th logged step to the last (the first ones compile kernels).
  const a = marks[Math.min(req.warm, marks.length - 2)];
  const b = marks[marks.length - 1];
  if (!a || !b || b.step <= a.step) return { ok: false, error: `only ${marks.length} steps logged` };
  const steps = b.step - a.step;
  return { ok: true, ms: b.at - a.at, tokens: steps * req.batch * W, steps };
}

self.onmessage = async (ev: MessageEvent<PeerRequest>) => {
  const req = ev.data;
  try {
    if (req.kind === 'backend') {
      await TeachableLLM.selectBackend(req.backend);
      self.postMessage({ ok: true, ms: 0, tokens: 0 } satisfies PeerReply);
    } else self.postMessage(await (req.kind === 'gen' ? gen(req) : train(req)));
  } catch (e) {
    self.postMessage({ ok: false, error: (e as Error).stack ?? String(e) } satisfies PeerReply);
  }
};
