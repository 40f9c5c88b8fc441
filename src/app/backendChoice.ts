/**
 * The fastest backend by measurement. Without `?backend=`, the page starts
 * on the backend measured fastest before on this browser and adapter, or on
 * WASM when nothing was measured yet. Once the first screen is shown, it
 * times the first screen's pass of the shipped model on every backend (one
 * short-lived worker each: src/engine/probe.ts), keeps the result in
 * localStorage under this browser and its GPU adapter, and moves the engine
 * to the winner if that is not the one running.
 *
 * The rule (`decide`): WASM, unless another backend is more than 1.2× faster.
 * A software GPU (SwiftShader, llvmpipe, `isFallbackAdapter`) is measured
 * like any other, so it never wins over a faster WASM.
 */
import { z } from 'zod';
import type { ProbeReply, ProbeRequest } from '../engine/probe';
import { BACKENDS, type BackendName, isBackendName } from '../engine/protocol';

export const CHOICE_KEY = 'tp.backendChoice';
/** 'off': never measure (the end-to-end suite sets it; its backend tests force one with `?backend=`). */
export const PROBE_OFF_KEY = 'tp.backendProbe';
/** Another backend replaces WASM only when it is at least this much faster. */
export const MARGIN = 1.2;
/** A backend that has not answered after this long has lost (a software GPU compiling its shaders). */
export const PROBE_TIMEOUT_MS = 20_000;
/** Measured in this order: WASM first, so the others can stop early once they are far behind it. */
const ORDER: readonly BackendName[] = ['wasm', 'webgpu', 'webgl', 'cpu'];

export interface Measured {
  name: BackendName;
  /** Median milliseconds of the timed passes; null: it did not run (see `note`). */
  ms: number | null;
  /** The first pass (compiles kernels or shaders), ms. */
  firstMs?: number;
  adapter?: string;
  software?: boolean;
  note?: string;
}

export interface ChoiceRecord {
  v: 1;
  /** This browser and its GPU adapter (`adapterKey`). */
  key: string;
  winner: BackendName;
  results: Measured[];
  /** Tokens of the timed pass. */
  tokens: number;
  at: number;
}

const backendName = z.string().refine(isBackendName) as unknown as z.ZodType<BackendName>;
const recordSchema: z.ZodType<ChoiceRecord> = z.object({
  v: z.literal(1),
  key: z.string(),
  winner: backendName,
  results: z.array(
    z.object({
      name: backendName,
      ms: z.number().nullable(),
      firstMs: z.number().optional(),
      adapter: z.string().optional(),
      software: z.boolean().optional(),
      note: z.string().optional(),
    }),
  ),
  tokens: z.number(),
  at: z.number(),
});

/** WASM unless another backend is more than MARGIN× faster; the fastest that ran when WASM did not. */
export function decide(results: readonly Measured[]): BackendName | null {
  const ran = results.filter((r): r is Measured & { ms: number } => r.ms !== null);
  if (ran.length === 0) return null;
  const fastest = ran.reduce((a, b) => (b.ms < a.ms ? b : a));
  const wasm = ran.find((r) => r.name === 'wasm');
  if (!wasm) return fastest.name;
  return fastest.ms * MARGIN < wasm.ms ? fastest.name : 'wasm';
}

export function readChoice(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): ChoiceRecord | null {
  try {
    const parsed = recordSchema.safeParse(JSON.parse(storage?.getItem(CHOICE_KEY) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function probeOff(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): boolean {
  try {
    return storage?.getItem(PROBE_OFF_KEY) === 'off';
  } catch {
    return true;
  }
}

/** This browser and the GPU adapter WebGPU would give it: a new adapter (or browser) is measured again. */
export async function adapterKey(): Promise<string> {
  let adapter = 'no WebGPU adapter';
  try {
    type Info = { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Info } | null> } }).gpu;
    const a = await gpu?.requestAdapter();
    if (a) adapter = JSON.stringify(a.info ?? {});
  } catch {}
  return `${navigator.userAgent} | ${adapter}`;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2 : Number.NaN;
};

function probeOne(req: ProbeRequest): Promise<Measured> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('../engine/probe.ts', import.meta.url), { type: 'module' });
    const done = (m: Measured) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(m);
    };
    const timer = setTimeout(
      () => done({ name: req.backend, ms: null, note: `no answer within ${PROBE_TIMEOUT_MS / 1000} s` }),
      PROBE_TIMEOUT_MS,
    );
    worker.onmessage = (ev: MessageEvent<ProbeReply>) => {
      const r = ev.data;
      if (!r.ok) done({ name: r.backend, ms: null, note: r.reason });
      else done({ name: r.backend, ms: median(r.passMs), firstMs: r.firstMs, adapter: r.adapter, software: r.software });
    };
    worker.onerror = (e) => done({ name: req.backend, ms: null, note: e.message || 'the probe failed' });
    worker.postMessage(req);
  });
}

/** Times the first screen's pass of the model at `modelUrl` on every backend, one after the other. */
export async function measureBackends(modelUrl: string, key: string, tokens = 24): Promise<ChoiceRecord> {
  const ids = Array.from({ length: tokens }, (_, i) => 5 + ((i * 37) % 1000));
  const results: Measured[] = [];
  for (const backend of ORDER.filter((b) => BACKENDS.includes(b))) {
    const wasm = results.find((r) => r.name === 'wasm')?.ms;
    // Far behind WASM after one pass: it has lost, no need to time it further.
    const stopAboveMs = wasm ? wasm * 5 * MARGIN : 5_000;
    results.push(await probeOne({ backend, modelUrl, ids, reps: 5, stopAboveMs }));
  }
  return { v: 1, key, winner: decide(results) ?? 'wasm', results, tokens, at: Date.now() };
}

export function saveChoice(r: ChoiceRecord): void {
  try {
    localStorage.setItem(CHOICE_KEY, JSON.stringify(r));
  } catch {}
}
