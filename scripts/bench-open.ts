/**
 * `npm run bench` (and `npm run bench:open` alone): a GPT-2-small-sized
 * checkpoint opened from files, as a user would open `gpt2`. The checkpoint
 * (124,439,808 parameters, float32, GPT-2's real tokenizer, random weights)
 * is written at bench time by scripts/hf/make-random-checkpoint.ts into
 * bench-results/ (never committed), then, per backend in a fresh page:
 *
 * - load: "Open" clicked in the dialog → the weights read, checked and on
 *   the backend, then → the first forward pass of the prompt on screen;
 * - memory: peak resident memory of the renderer (the page and its engine
 *   worker, WASM memory included) and of the GPU process (SwiftShader's
 *   buffers), the engine's tensor bytes, the worker's JS heap;
 * - forward passes of 128 tokens with the probes the default view reads (the
 *   next-token row [50257] and attention [12][12][128][128]), and with every
 *   probe (logits [128][50257], attention, residual stream [13][128][768]);
 * - KV-cache generation, tokens/s (attention row and residual each step),
 *   after a 2-token warm-up session.
 *
 *   npm run bench:open -- --backends wasm
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { type ProcessMemory, processMemory, workerHeapUsed } from './bench/heap';
import { writeRandomCheckpoint } from './hf/make-random-checkpoint';

const DIR = 'bench-results/gpt2-random';
const FILES = ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json'];
/**
 * `view`: 128-token passes with the default view's probes; `forward`: with every probe (0: skipped; on SwiftShader
 * one such pass takes minutes); `genTokens`: KV-cache steps timed.
 */
const REPS: Record<string, { view: number; forward: number; genTokens: number }> = {
  wasm: { view: 3, forward: 2, genTokens: 32 },
  webgpu: { view: 1, forward: 0, genTokens: 4 },
  webgl: { view: 1, forward: 1, genTokens: 8 },
  cpu: { view: 1, forward: 1, genTokens: 4 },
};
/** What the default view reads of a 128-token prompt's pass (src/app/engineController.ts): the next-token row and every layer's attention. */
const VIEW_PROBES = { logits: 127, residual: false };

export interface OpenBenchResult {
  backend: string;
  works: boolean;
  reason?: string;
  parameters?: number;
  fileBytes?: number;
  /** Milliseconds from "Open" to the weights on the backend, and to the first forward pass on screen. */
  openMs?: number;
  firstViewMs?: number;
  forward128?: { roundMs: number[]; workerMs: number[] };
  /** The same pass with the default view's probes (next-token row, attention; no residual). */
  view128?: { roundMs: number[]; workerMs: number[] };
  kv?: { tokens: number; ms: number; tokensPerSec: number };
  memory?: { renderer: ProcessMemory | null; gpu: ProcessMemory | null; tensorBytes: number; workerHeap: number | null };
  /** The softmax of the next-token list runs over this many logits. */
  nextTokenRow?: number;
}

const log = (s: string) => console.log(`[bench:open ${new Date().toISOString().slice(11, 19)}] ${s}`);

type Tp = {
  __tp: {
    runtime(): { model: { id: string } | null; forward: { modelId: string; output: { logits: Float32Array } } | null; opening: unknown };
  };
};

export function ensureCheckpoint(): { parameters: number; bytes: number } {
  if (existsSync(join(DIR, 'model.safetensors')) && existsSync(join(DIR, 'config.json'))) {
    const cfg = JSON.parse(readFileSync(join(DIR, 'config.json'), 'utf8')) as { n_layer: number };
    if (cfg.n_layer === 12) return { parameters: 124_439_808, bytes: readFileSync(join(DIR, 'model.safetensors')).byteLength };
  }
  log(`writing a random 124M-parameter GPT-2 checkpoint into ${DIR}`);
  const r = writeRandomCheckpoint({ out: DIR, seed: 1 });
  return { parameters: r.parameters, bytes: r.bytes };
}

async function benchOne(browser: Browser, origin: string, inpage: string, backend: string, ck: { parameters: number; bytes: number }) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    serviceWorkers: 'block',
    storageState: { cookies: [], origins: [{ origin: origin.replace(/\/$/, ''), localStorage: [{ name: 'tp.tourSeen', value: '1' }] }] },
  });
  const page: Page = await context.newPage();
  page.setDefaultTimeout(900_000);
  try {
    await page.goto(`${origin}?backend=${backend}`);
    await page.getByTestId('next-token').first().waitFor();
    const got = await page.getByTestId('backend-badge').getAttribute('data-backend');
    if (got !== backend) return { backend, works: false, reason: `runs on ${got}` };
    await page.getByTestId('model-picker').selectOption('__open__');
    await page.getByTestId('open-files-input').setInputFiles(FILES.map((f) => join(DIR, f)));
    const t0 = Date.now();
    await page.getByTestId('open-start').click();
    await page.waitForFunction(() => (window as unknown as Tp).__tp.runtime().model?.id.startsWith('hf-') ?? false, null, { polling: 200 });
    const openMs = Date.now() - t0;
    const id = await page.evaluate(() => (window as unknown as Tp).__tp.runtime().model?.id as string);
    await page.waitForFunction((m) => (window as unknown as Tp).__tp.runtime().forward?.modelId === m, id, { polling: 200 });
    await page.getByTestId('next-token').first().waitFor();
    const firstViewMs = Date.now() - t0;
    const nextTokenRow = await page.evaluate(() => (window as unknown as Tp).__tp.runtime().forward?.output.logits.length ?? 0);
    log(`${backend}: opened in ${openMs} ms, first view at ${firstViewMs} ms`);
    await page.evaluate(inpage);
    const reps = REPS[backend] ?? { view: 1, forward: 1, genTokens: 4 };
    const bench = (fn: string, ...a: unknown[]) =>
      page.evaluate(
        ([f, args]) =>
          (window as unknown as Record<string, Record<string, (...x: unknown[]) => unknown>>).__bench?.[f as string]?.(
            ...(args as unknown[]),
          ),
        [fn, a] as const,
      );
    const view128 = (await bench('forward', id, 128, reps.view, 1, VIEW_PROBES)) as { round: number[]; worker: number[] };
    log(`${backend}: forward 128 tokens, the default view's probes: ${view128.round.map((x) => x.toFixed(0)).join(', ')} ms`);
    const forward128 = reps.forward
      ? ((await bench('forward', id, 128, reps.forward, 0)) as { round: number[]; worker: number[] })
      : { round: [], worker: [] };
    log(`${backend}: forward 128 tokens, all probes: ${forward128.round.map((x) => x.toFixed(0)).join(', ')} ms`);
    // A warm-up session first: the first steps compile the GPU backends' shader programs for the step shapes.
    await bench('genCached', id, 2);
    const gen = (await bench('genCached', id, reps.genTokens)) as { ms: number };
    const kv = { tokens: reps.genTokens, ms: gen.ms, tokensPerSec: (1000 * reps.genTokens) / gen.ms };
    log(`${backend}: KV cache ${kv.tokensPerSec.toFixed(2)} tok/s`);
    const tensorBytes = (await bench('memory')) as { numBytes: number };
    const procs = await processMemory(browser);
    const renderer = procs.filter((p) => p.type === 'renderer').sort((a, b) => b.peak - a.peak)[0] ?? null;
    const gpu = procs.find((p) => p.type === 'GPU') ?? null;
    const workerHeap = await workerHeapUsed(browser, page.url());
    return {
      backend,
      works: true,
      parameters: ck.parameters,
      fileBytes: ck.bytes,
      openMs,
      firstViewMs,
      forward128: { roundMs: forward128.round, workerMs: forward128.worker },
      view128: { roundMs: view128.round, workerMs: view128.worker },
      kv,
      memory: { renderer, gpu, tensorBytes: tensorBytes.numBytes, workerHeap },
      nextTokenRow,
    };
  } finally {
    await context.close();
  }
}

export async function benchOpened(o: {
  browser: Browser;
  origin: string;
  inpage: string;
  backends: readonly string[];
}): Promise<OpenBenchResult[]> {
  const ck = ensureCheckpoint();
  const out: OpenBenchResult[] = [];
  for (const backend of o.backends.filter((b) => b === 'wasm' || b === 'webgpu')) {
    try {
      out.push(await benchOne(o.browser, o.origin, o.inpage, backend, ck));
    } catch (e) {
      log(`${backend}: failed: ${(e as Error).message.split('\n')[0]}`);
      out.push({ backend, works: false, reason: (e as Error).message.split('\n')[0] ?? 'error' });
    }
  }
  return out;
}

export function openedTable(rs: OpenBenchResult[]): string {
  const ok = rs.filter((r) => r.works);
  if (ok.length === 0)
    return rs.length ? `\n\nOpened GPT-2-sized checkpoint: ${rs.map((r) => `${r.backend} failed (${r.reason})`).join('; ')}` : '';
  const f = (x: number | undefined, d = 0) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d));
  const mb = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : (x / 1e6).toFixed(0));
  const med = (xs: number[] | undefined) => (xs?.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : undefined);
  const row = (name: string, fn: (r: OpenBenchResult) => string) => `| ${name} | ${ok.map(fn).join(' | ')} |`;
  const first = ok[0] as OpenBenchResult;
  return [
    '',
    '',
    `Opened checkpoint, GPT-2 small size (${first.parameters?.toLocaleString('en')} parameters, float32 safetensors of ${mb(first.fileBytes)} MB, random weights written at bench time):`,
    '',
    `|  | ${ok.map((r) => `**${r.backend}**`).join(' | ')} |`,
    `| --- | ${ok.map(() => '---').join(' | ')} |`,
    row('open → weights on the backend, s', (r) => f((r.openMs ?? Number.NaN) / 1000, 1)),
    row('open → first forward pass on screen, s', (r) => f((r.firstViewMs ?? Number.NaN) / 1000, 1)),
    row(
      "forward, 128 tokens, the default view's probes (next-token row, attention), ms (median, n)",
      (r) => `${f(med(r.view128?.roundMs))} (n=${r.view128?.roundMs.length ?? 0})`,
    ),
    row('… of which inside the worker, ms', (r) => f(med(r.view128?.workerMs))),
    row(
      'forward, 128 tokens, all probes, ms (median, n)',
      (r) => `${f(med(r.forward128?.roundMs))} (n=${r.forward128?.roundMs.length ?? 0})`,
    ),
    row('… of which inside the worker, ms', (r) => f(med(r.forward128?.workerMs))),
    row('generation, KV cache, tok/s', (r) => `${f(r.kv?.tokensPerSec, 2)} (${r.kv?.tokens} tok)`),
    row('peak resident, renderer (page + worker), MB', (r) => mb(r.memory?.renderer?.peak)),
    row('peak resident, GPU process, MB', (r) => mb(r.memory?.gpu?.peak)),
    row('engine tensors after, MB', (r) => mb(r.memory?.tensorBytes)),
    row('worker JS heap after GC, MB', (r) => mb(r.memory?.workerHeap)),
    row('next-token softmax over, logits', (r) => String(r.nextTokenRow ?? '–')),
  ].join('\n');
}
