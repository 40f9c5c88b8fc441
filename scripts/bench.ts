/**
 * `npm run bench`: builds the app, serves the production build locally,
 * drives it in headless Chromium on every backend that works here and prints
 * a table; the figures go to bench-results/bench-<time>.json and
 * bench-results/latest.{json,md}.
 *
 *   npm run bench                              # every backend (webgpu, webgl, wasm, cpu)
 *   npm run bench -- --backends wasm,cpu       # some of them
 *   npm run bench -- --no-build                # reuse the last build in --dist
 *   npm run bench -- --port 4312 --dist dist-perf
 *
 * What is measured (model: tiny-gpt, named explicitly):
 * - cold load: fresh browser context (empty cache) → the first complete view
 *   (token strip, next tokens and the attention view show the forward pass);
 * - forward pass with every probe (logits, attention, residual), p50/p95, at
 *   16, 64 and 128 (= full context) tokens: round trip page → worker → page;
 * - generation: tokens/s over 128 greedy tokens, full recomputation with
 *   every probe vs. the KV cache with the attention row and residual probe
 *   of each step, both from the page through the worker;
 * - interaction: prompt edit (an input event) → every visible view shows the
 *   new pass, p50/p95 over 30 edits, prompts of 4–32 tokens;
 * - memory: engine tensors and JS heap (page and worker, after GC) before
 *   and after 500 KV-cache generation steps;
 * - bytes: initial JavaScript of the page (gzip) and the model files.
 * Figures on a shared 2-core machine are noisy: medians, and variants
 * compared as ratios within one run. SwiftShader "WebGPU" is a CPU emulating
 * a GPU: fewer repetitions there (see REPS).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium, type Page } from '@playwright/test';
import { chromiumPath, QUIET_FLAGS } from '../e2e/browser';
import { DEFAULT_MODEL_ID } from '../src/state/models';
import { workerHeapUsed } from './bench/heap';
import { benchOpened, type OpenBenchResult, openedTable } from './bench-open';
import { benchPeer, buildPeerHarness, type PeerRow, peerTable } from './bench-peer';
import { benchTraining, type TrainBenchResult } from './bench-training';

const PEER_VERSION = (JSON.parse(readFileSync('node_modules/@genai-fi/nanogpt/package.json', 'utf8')) as { version: string }).version;

const MODEL = 'tiny-gpt';
/** Steps per worker message in the batched generation (the sampling view's GEN_BATCH). */
const GEN_BATCH = 16;
const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
type Backend = (typeof BACKENDS)[number];

/** Repetitions per backend: SwiftShader WebGPU and the pure-JS CPU backend are 10–30× slower than WASM. */
const REPS: Record<Backend, { load: number; forward: number; gen: number; genTokens: number; edits: number; steps: number }> = {
  wasm: { load: 5, forward: 30, gen: 3, genTokens: 128, edits: 30, steps: 500 },
  webgl: { load: 3, forward: 15, gen: 1, genTokens: 128, edits: 30, steps: 500 },
  cpu: { load: 3, forward: 8, gen: 1, genTokens: 128, edits: 30, steps: 500 },
  webgpu: { load: 2, forward: 5, gen: 1, genTokens: 32, edits: 10, steps: 100 },
};

const { values: args } = parseArgs({
  options: {
    backends: { type: 'string', default: BACKENDS.join(',') },
    port: { type: 'string', default: process.env.BENCH_PORT ?? '4312' },
    dist: { type: 'string', default: process.env.BENCH_DIST ?? 'dist-bench' },
    'no-build': { type: 'boolean', default: false },
    'no-training': { type: 'boolean', default: false },
    /** Skip the opened GPT-2-sized checkpoint (scripts/bench-open.ts), or run only that. */
    'no-open': { type: 'boolean', default: false },
    'only-open': { type: 'boolean', default: false },
    /** Against the same-stack peer @genai-fi/nanogpt (scripts/bench-peer.ts), after the rest, or only that. */
    peer: { type: 'boolean', default: false },
    'only-peer': { type: 'boolean', default: false },
    rounds: { type: 'string', default: '3' },
  },
});
const PORT = Number(args.port);
const DIST = args.dist as string;
const ORIGIN = `http://127.0.0.1:${PORT}/`;
const INPAGE = readFileSync(new URL('./bench/inpage.js', import.meta.url), 'utf8');

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}
const stats = (xs: number[]) => ({ p50: median(xs), p95: quantile(xs, 0.95), n: xs.length, samples: xs.map((x) => +x.toFixed(2)) });
const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);

function bytes(): {
  initialJsGzip: number;
  initialJs: number;
  initialFiles: string[];
  allJsGzip: number;
  modelFiles: Record<string, number>;
} {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g)].map((m) =>
    (m[1] as string).replace(/^\.\//, ''),
  );
  const initialFiles = [...new Set(refs)];
  let initialJs = 0;
  let initialJsGzip = 0;
  for (const f of initialFiles) {
    const b = readFileSync(join(DIST, f));
    initialJs += b.length;
    initialJsGzip += gzipSync(b, { level: 9 }).length;
  }
  let allJsGzip = 0;
  for (const f of readdirSync(join(DIST, 'assets')))
    if (f.endsWith('.js')) allJsGzip += gzipSync(readFileSync(join(DIST, 'assets', f)), { level: 9 }).length;
  const modelDir = join(DIST, 'models', MODEL);
  const modelFiles: Record<string, number> = {};
  for (const f of readdirSync(modelDir)) modelFiles[f] = statSync(join(modelDir, f)).size;
  return { initialJsGzip, initialJs, initialFiles, allJsGzip, modelFiles };
}

async function startServer(): Promise<ChildProcess> {
  const server = spawn('npx', ['vite', 'preview', '--outDir', DIST, '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true, // its own process group, so stopping it also stops vite under npx
  });
  const t0 = Date.now();
  for (;;) {
    try {
      if ((await fetch(ORIGIN)).ok) return server;
    } catch {}
    if (Date.now() - t0 > 60_000) throw new Error(`the preview server did not start on port ${PORT}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * Every page is a returning visitor without the service worker: the first-visit tour would cover the page, and the
 * service worker's offline download (12.5 MB) would compete with the load being measured.
 */
const CONTEXT = {
  viewport: { width: 1280, height: 800 },
  serviceWorkers: 'block' as const,
  storageState: { cookies: [], origins: [{ origin: ORIGIN.replace(/\/$/, ''), localStorage: [{ name: 'tp.tourSeen', value: '1' }] }] },
};

async function openPage(browser: Browser, query: string, hash: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext(CONTEXT);
  const page = await context.newPage();
  page.setDefaultTimeout(300_000);
  await page.goto(`${ORIGIN}${query}${hash}`);
  await page.evaluate(INPAGE);
  return { page, close: () => context.close() };
}

/**
 * Injected before the app's own scripts on cold loads: notes (in page time,
 * from navigation start) when the engine has a backend, when the model is
 * loaded and when the first forward pass reaches the page, so a slow load
 * says which stage dominates.
 */
const LOAD_MARKS = `(() => {
  const marks = (window.__benchMarks = {});
  const poll = () => {
    const rt = window.__tp && window.__tp.runtime();
    if (rt) {
      if (rt.backend && !marks.backend) marks.backend = performance.now();
      if (rt.model && !marks.model) marks.model = performance.now();
      if (rt.forward && !marks.forward) marks.forward = rt.forward.receivedAt;
    }
    if (!marks.forward) requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})();`;

async function waitComplete(page: Page): Promise<number> {
  await page.evaluate(INPAGE).catch(() => {});
  const h = await page.waitForFunction(
    (m) => (window as unknown as { __bench?: { completeAt(m: string): number | false } }).__bench?.completeAt(m) ?? false,
    MODEL,
    {
      polling: 'raf',
      timeout: 300_000,
    },
  );
  return (await h.jsonValue()) as number;
}

/** The permalink hash that opens tiny-gpt (the app's own codec writes it). */
async function modelHash(browser: Browser): Promise<string> {
  // Links leave defaults out: the default model needs no hash (and the page writes none).
  if (MODEL === DEFAULT_MODEL_ID) return '';
  const { page, close } = await openPage(browser, '?backend=wasm', '');
  await page.evaluate(
    (m) => (window as unknown as { __tp: { state(): { update(k: string, p: unknown): void } } }).__tp.state().update('model', { id: m }),
    MODEL,
  );
  await waitComplete(page);
  await page.waitForFunction(() => window.location.hash.length > 3);
  const hash = await page.evaluate(() => window.location.hash);
  await close();
  return hash;
}

/** Prompts of 4–32 tokens for the interaction test. */
function prompts(n: number): string[] {
  const words =
    'the river bank was full of water and the old man sat on the bank to watch the boats go by while the children played in the park near the school and the teacher read a story about a king who lived in a castle'.split(
      ' ',
    );
  return Array.from({ length: n }, (_, i) => words.slice(0, 4 + ((i * 7) % 29)).join(' ') + (i % 2 ? '.' : ''));
}

async function benchBackend(browser: Browser, backend: Backend, hash: string) {
  const reps = REPS[backend];
  const query = `?backend=${backend}`;
  // Cold loads: each in a fresh context (empty HTTP cache), production build from the local server.
  const loads: number[] = [];
  const stages: { backend: number[]; model: number[]; forward: number[] } = { backend: [], model: [], forward: [] };
  let adapter: string | undefined;
  for (let i = 0; i < reps.load; i++) {
    const context = await browser.newContext(CONTEXT);
    const page = await context.newPage();
    page.setDefaultTimeout(300_000);
    await page.addInitScript(LOAD_MARKS);
    await page.goto(`${ORIGIN}${query}${hash}`);
    loads.push(await waitComplete(page));
    const m = await page.evaluate(() => (window as unknown as { __benchMarks: Record<string, number> }).__benchMarks);
    for (const k of ['backend', 'model', 'forward'] as const) if (m[k] !== undefined) stages[k].push(m[k] as number);
    const info = await page.evaluate(
      () => (window as unknown as { __tp: { runtime(): { backend: { name: string; adapter?: string } | null } } }).__tp.runtime().backend,
    );
    await context.close();
    if (info?.name !== backend) return { backend, works: false as const, reason: `fell back to ${info?.name}` };
    adapter = info.adapter;
  }
  const loadStages = {
    backendReady: median(stages.backend),
    modelLoaded: median(stages.model),
    firstForward: median(stages.forward),
    complete: median(loads),
  };
  log(
    `${backend}: cold load p50 ${median(loads).toFixed(0)} ms (backend ${loadStages.backendReady.toFixed(0)}, model ${loadStages.modelLoaded.toFixed(0)}, forward ${loadStages.firstForward.toFixed(0)})`,
  );

  const { page, close } = await openPage(browser, query, hash);
  await waitComplete(page);
  type B = { __bench: Record<string, (...a: unknown[]) => Promise<unknown>> };
  const call = <T>(fn: string, ...a: unknown[]) =>
    page.evaluate(([f, xs]) => (window as unknown as B).__bench[f as string]?.(...(xs as unknown[])), [fn, a] as const) as Promise<T>;

  const forward: Record<string, { round: ReturnType<typeof stats>; worker: ReturnType<typeof stats> }> = {};
  for (const T of [16, 64, 128]) {
    const r = await call<{ round: number[]; worker: number[] }>('forward', MODEL, T, reps.forward, 2);
    forward[T] = { round: stats(r.round), worker: stats(r.worker) };
    log(`${backend}: forward T=${T} p50 ${forward[T].round.p50.toFixed(1)} ms`);
  }

  // Generation: recomputation and KV cache alternate, so drift in machine load hits both alike.
  const recompute: number[] = [];
  const cached: number[] = [];
  const batched: number[] = [];
  let sameTokens = true;
  for (let i = 0; i < reps.gen; i++) {
    const a = await call<{ ms: number; tokens: number[] }>('genRecompute', MODEL, reps.genTokens);
    const b = await call<{ ms: number; tokens: number[] }>('genCached', MODEL, reps.genTokens);
    const c = await call<{ ms: number; tokens: number[] }>('genBatched', MODEL, reps.genTokens, GEN_BATCH);
    recompute.push((reps.genTokens / a.ms) * 1000);
    cached.push((reps.genTokens / b.ms) * 1000);
    batched.push((reps.genTokens / c.ms) * 1000);
    if (a.tokens.join() !== b.tokens.join() || b.tokens.join() !== c.tokens.join()) sameTokens = false;
  }
  const gen = {
    tokens: reps.genTokens,
    recompute: stats(recompute),
    cached: stats(cached),
    batched: stats(batched),
    ratio: median(batched) / median(recompute),
    sameTokens,
  };
  log(
    `${backend}: generation ${gen.recompute.p50.toFixed(1)} → ${gen.cached.p50.toFixed(1)} (1/msg) → ${gen.batched.p50.toFixed(1)} (${GEN_BATCH}/msg) tok/s`,
  );

  const edits: number[] = [];
  let maxT = 0;
  const ps = prompts(reps.edits);
  await call('edit', 'warm up the view');
  for (const p of ps) {
    const e = await call<{ ms: number; T: number }>('edit', p);
    edits.push(e.ms);
    maxT = Math.max(maxT, e.T);
  }
  const interaction = stats(edits);
  log(`${backend}: interaction p95 ${interaction.p95.toFixed(0)} ms`);

  type Mem = { numTensors: number; numBytes: number; pageHeap: number | null; workerHeap: number | null };
  const workerHeap = () => workerHeapUsed(browser, page.url());
  // Heaps through the DevTools protocol, after a full GC (performance.memory is coarse and absent in workers).
  const pageCdp = await page.context().newCDPSession(page);
  const pageHeap = async () => {
    await pageCdp.send('HeapProfiler.collectGarbage');
    return ((await pageCdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
  };
  const mem = async (): Promise<Mem> => ({
    ...(await call<Omit<Mem, 'workerHeap'>>('memory')),
    pageHeap: await pageHeap(),
    workerHeap: await workerHeap(),
  });
  await call('steps', MODEL, backend === 'webgpu' ? 10 : 130, 128); // warm: every kernel and buffer size once
  const before = await mem();
  const t0 = Date.now();
  await call('steps', MODEL, reps.steps, 128);
  const stepsMs = Date.now() - t0;
  const after = await mem();
  const memory = { steps: reps.steps, before, after, stepsPerSecond: (reps.steps / stepsMs) * 1000 };
  log(
    `${backend}: tensors ${before.numTensors} → ${after.numTensors}, page heap ${before.pageHeap} → ${after.pageHeap}, worker heap ${before.workerHeap} → ${after.workerHeap}`,
  );
  await close();
  return {
    backend,
    works: true as const,
    adapter,
    loadMs: stats(loads),
    loadStages,
    forward,
    generation: gen,
    interaction: { ...interaction, maxPromptTokens: maxT },
    memory,
  };
}

type Result = Awaited<ReturnType<typeof benchBackend>>;

/**
 * Cold loads without `?backend=`, as a first visit: the page starts on WASM (nothing measured yet in a fresh
 * context) and measures the backends after the first screen; the first complete view is timed.
 */
async function benchDefault(browser: Browser, hash: string, n: number): Promise<{ loads: number[]; backend: string; choice: string }> {
  const loads: number[] = [];
  let backend = '';
  let choice = '';
  for (let i = 0; i < n; i++) {
    const context = await browser.newContext(CONTEXT);
    const page = await context.newPage();
    page.setDefaultTimeout(300_000);
    await page.goto(`${ORIGIN}${hash}`);
    loads.push(await waitComplete(page));
    backend = (await page.getByTestId('backend-badge').getAttribute('data-backend')) ?? '';
    choice = (await page.getByTestId('backend-badge').getAttribute('data-choice')) ?? '';
    await context.close();
  }
  log(`no ?backend=: ${backend} (${choice}), first complete view p50 ${median(loads).toFixed(0)} ms`);
  return { loads, backend, choice };
}

function table(results: Result[], b: ReturnType<typeof bytes>, machine: string): string {
  const f = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '–');
  const mb = (x: number | null) => (x === null ? '–' : (x / 1e6).toFixed(1));
  const rows = results.filter((r): r is Extract<Result, { works: true }> => r.works);
  const head = ['', ...rows.map((r) => `**${r.backend}**`)];
  const line = (name: string, fn: (r: (typeof rows)[number]) => string) => [name, ...rows.map(fn)];
  const body = [
    line('adapter', (r) => r.adapter ?? '–'),
    line('cold load → first complete view, p50 ms', (r) => `${f(r.loadMs.p50)} (n=${r.loadMs.n})`),
    line('… of which: backend ready / model loaded / first pass at, ms', (r) =>
      [r.loadStages.backendReady, r.loadStages.modelLoaded, r.loadStages.firstForward].map((x) => f(x)).join(' / '),
    ),
    ...[16, 64, 128].map((T) =>
      line(
        `forward, all probes, ${T} tokens, p50 / p95 ms`,
        (r) => `${f(r.forward[T]?.round.p50 ?? Number.NaN, 1)} / ${f(r.forward[T]?.round.p95 ?? Number.NaN, 1)}`,
      ),
    ),
    line('generation, recompute, tok/s', (r) => `${f(r.generation.recompute.p50, 1)} (${r.generation.tokens} tok)`),
    line('generation, KV cache, one message per token, tok/s', (r) => f(r.generation.cached.p50, 1)),
    line(`generation, KV cache, ${GEN_BATCH} tokens per message, tok/s`, (r) => f(r.generation.batched.p50, 1)),
    line('KV cache (batched) ÷ recompute', (r) => `×${f(r.generation.ratio, 2)}${r.generation.sameTokens ? '' : ' (tokens differ)'}`),
    line(
      'interaction, p50 / p95 ms',
      (r) => `${f(r.interaction.p50)} / ${f(r.interaction.p95)} (n=${r.interaction.n}, ≤${r.interaction.maxPromptTokens} tok)`,
    ),
    line('tensors before → after steps', (r) => `${r.memory.before.numTensors} → ${r.memory.after.numTensors} (${r.memory.steps} steps)`),
    line('page heap MB before → after', (r) => `${mb(r.memory.before.pageHeap)} → ${mb(r.memory.after.pageHeap)}`),
    line('worker heap MB before → after', (r) => `${mb(r.memory.before.workerHeap)} → ${mb(r.memory.after.workerHeap)}`),
  ];
  const md = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const out = [md(head), md(head.map(() => '---')), ...body.map(md)];
  const failed = results.filter((r) => !r.works).map((r) => `${r.backend} (${'reason' in r ? r.reason : ''})`);
  const modelBytes = Object.values(b.modelFiles).reduce((a, x) => a + x, 0);
  out.push(
    '',
    `Initial JavaScript: ${(b.initialJsGzip / 1024).toFixed(1)} kB gzip (${(b.initialJs / 1024).toFixed(0)} kB raw, ${b.initialFiles.length} files); all JavaScript incl. lazy views and the engine worker: ${(b.allJsGzip / 1024).toFixed(0)} kB gzip. Model files (${MODEL}): ${(modelBytes / 1024).toFixed(0)} kB (${Object.entries(
      b.modelFiles,
    )
      .map(([k, v]) => `${k} ${(v / 1024).toFixed(0)} kB`)
      .join(', ')}).`,
    `Machine: ${machine}.${failed.length ? ` Not working here: ${failed.join(', ')}.` : ''}`,
  );
  return out.join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  const want = (args.backends as string).split(',').filter((b): b is Backend => (BACKENDS as readonly string[]).includes(b));
  const withPeer = args.peer || args['only-peer'];
  if (!args['no-build']) {
    log(`building into ${DIST}`);
    execFileSync('npx', ['vite', 'build', '--outDir', DIST, '--emptyOutDir'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (withPeer) buildPeerHarness(DIST);
  }
  const b = bytes();
  log(`initial JS ${(b.initialJsGzip / 1024).toFixed(1)} kB gzip`);
  const server = await startServer();
  const stop = () => {
    if (server.pid) process.kill(-server.pid);
    process.exit(130);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: ['--enable-unsafe-webgpu', ...QUIET_FLAGS],
    });
    const onlyPeer = args['only-peer'];
    const only = args['only-open'] || onlyPeer;
    const hash = args['only-open'] ? '' : await modelHash(browser);
    const results: Result[] = [];
    const byDefault = only || !want.includes('wasm') ? null : await benchDefault(browser, hash, REPS.wasm.load);
    for (const backend of only ? [] : want) {
      try {
        results.push(await benchBackend(browser, backend, hash));
      } catch (e) {
        log(`${backend}: failed: ${(e as Error).stack}`);
        results.push({ backend, works: false, reason: (e as Error).message.split('\n')[0] ?? 'error' });
      }
    }
    // Training lab throughput (issue 12): the lab's own tokens/s after 30 steps of the default scratch model.
    // Issue 18: a GPT-2-small-sized checkpoint opened from files (WASM and WebGPU).
    let opened: OpenBenchResult[] = [];
    if (!args['no-open'] && !onlyPeer) opened = await benchOpened({ browser, origin: ORIGIN, inpage: INPAGE, backends: want });
    let peer: PeerRow[] = [];
    if (withPeer) {
      const b2 = browser;
      peer = await benchPeer({
        browser: b2,
        origin: ORIGIN,
        inpage: INPAGE,
        hash,
        backends: want,
        rounds: Number(args.rounds),
        training: !args['no-training'],
        newPage: async () => {
          const page = await (await b2.newContext(CONTEXT)).newPage();
          page.setDefaultTimeout(900_000);
          return page;
        },
      });
    }
    let training: TrainBenchResult[] = [];
    if (!args['no-training'] && !only) {
      try {
        training = await benchTraining({ url: ORIGIN, backends: want, steps: 30 });
      } catch (e) {
        log(`training bench failed: ${(e as Error).message}`);
      }
    }
    const cpu = cpus();
    const machine = `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Chromium ${browser.version()}, ${process.platform}`;
    const trainingMd = training.length
      ? `\n\nTraining lab (scratch size xs: d 32, 2 layers, context 32; batch 16 × 32 tokens; speed over the last 10 of 30 steps):\n\n| backend | training tokens/s | ms per step |\n| --- | --- | --- |\n${training
          .map(
            (r) =>
              `| ${r.backend ?? r.requested} | ${r.tokensPerSec === null ? '—' : Math.round(r.tokensPerSec)} | ${r.msPerStep === null ? '—' : r.msPerStep.toFixed(0)} |`,
          )
          .join('\n')}`
      : '';
    const peerMd = peer.length
      ? `\n\nAgainst @genai-fi/nanogpt ${PEER_VERSION} (same config: vocabulary 4000, d 128, 4 heads, 4 layers, MLP 512, context 128; generation tokens/s, training tokens/s; medians of alternating rounds):\n\n${peerTable(peer)}`
      : '';
    const defaultMd = byDefault
      ? `\n\nWithout \`?backend=\` (a first visit): runs on ${byDefault.backend} (${byDefault.choice} when the view is complete), first complete view p50 ${median(byDefault.loads).toFixed(0)} ms (n=${byDefault.loads.length}).`
      : '';
    const md = (only ? `Machine: ${machine}.` : table(results, b, machine)) + defaultMd + trainingMd + openedTable(opened) + peerMd;
    const report = {
      date: new Date().toISOString(),
      model: MODEL,
      machine,
      reps: REPS,
      bytes: b,
      results,
      byDefault,
      training,
      opened,
      peer,
      seconds: (Date.now() - started) / 1000,
    };
    mkdirSync('bench-results', { recursive: true });
    const stamp = report.date.replace(/[:.]/g, '-');
    writeFileSync(`bench-results/bench-${stamp}.json`, `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync('bench-results/latest.json', `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync('bench-results/latest.md', `${md}\n`);
    console.log(`\n${md}\n\nWritten: bench-results/bench-${stamp}.json (and latest.json, latest.md) in ${report.seconds.toFixed(0)} s`);
  } finally {
    await browser?.close();
    if (server.pid) process.kill(-server.pid);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
