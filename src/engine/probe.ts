/// <reference lib="webworker" />
import '../lib/zodSetup';
/**
 * The backend probe: a short-lived worker that starts one backend, loads the
 * shipped model (from the HTTP cache: the engine fetched it already) and
 * times the pass the first screen runs, so src/app/backendChoice.ts can
 * choose the fastest backend by measurement. One worker per backend, ended
 * after its answer (or when it takes too long), so nothing it compiled or
 * allocated stays behind and the engine worker is not disturbed.
 */
import { Transformer } from '../model/transformer';
import { loadModelFiles } from '../model/weights';
import { tryBackend } from './backend';
import type { BackendName } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

export interface ProbeRequest {
  backend: BackendName;
  /** Absolute URL of the model folder, with a trailing slash. */
  modelUrl: string;
  ids: number[];
  /** Timed passes after the first (which compiles kernels and is reported apart). */
  reps: number;
  /** Stop timing once a pass takes longer than this (it has lost already). */
  stopAboveMs: number;
}

export type ProbeReply =
  | { ok: true; backend: BackendName; adapter?: string; software?: boolean; firstMs: number; passMs: number[] }
  | { ok: false; backend: BackendName; reason: string };

self.onmessage = async (ev: MessageEvent<ProbeRequest>) => {
  const r = ev.data;
  try {
    const facts = await tryBackend(r.backend);
    const files = await loadModelFiles(async (p) => {
      const res = await fetch(r.modelUrl + p);
      if (!res.ok) throw new Error(`${p}: ${res.status}`);
      return res.arrayBuffer();
    });
    const model = new Transformer(files.config, files.weights);
    // The first screen's pass: the next-token row and every head's attention.
    const opts = { logits: 'last' as const, residual: false };
    let t0 = performance.now();
    await model.forward(r.ids, opts);
    const firstMs = performance.now() - t0;
    const passMs: number[] = [];
    for (let i = 0; i < r.reps; i++) {
      t0 = performance.now();
      await model.forward(r.ids, opts);
      passMs.push(performance.now() - t0);
      if ((passMs[passMs.length - 1] as number) > r.stopAboveMs) break;
    }
    model.dispose();
    self.postMessage({
      ok: true,
      backend: r.backend,
      adapter: facts?.description,
      software: facts?.software,
      firstMs,
      passMs,
    } satisfies ProbeReply);
  } catch (e) {
    self.postMessage({ ok: false, backend: r.backend, reason: (e as Error).message || String(e) } satisfies ProbeReply);
  }
};
