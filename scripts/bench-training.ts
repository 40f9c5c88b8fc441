/**
 * `npm run bench:train`: training throughput (tokens per second) of the
 * Training lab on every backend, measured in headless Chromium against the
 * production build, through the page itself (the engine worker trains; the
 * figure is the one the lab shows: tokens of the last 10 training steps
 * divided by their time, evaluation and samples excluded).
 *
 *   npm run bench:train                                  # builds dist-bench, all backends
 *   npm run bench:train -- --backends wasm,webgpu --steps 60 --size s
 *   npm run bench:train -- --url http://127.0.0.1:4173/  # an app already served
 *   npm run bench:train -- --json bench-training.json     # also write the results
 *
 * `benchTraining(options)` is exported for a combined `npm run bench`.
 */
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { chromiumPath, QUIET_FLAGS } from '../e2e/browser';

export interface TrainBenchOptions {
  /** The app's URL (with a trailing slash). */
  url: string;
  backends?: string[];
  /** Steps trained before reading the speed (the first steps include compiling kernels). */
  steps?: number;
  /** Scratch size: 'xs' | 's' | 'm'. */
  size?: 'xs' | 's' | 'm';
  batchSize?: number;
  seqLen?: number;
  /** Per-backend time limit. */
  timeoutMs?: number;
}

export interface TrainBenchResult {
  requested: string;
  /** The backend the page actually ran on (it falls back when the requested one is unavailable). */
  backend: string | null;
  tokensPerSec: number | null;
  steps: number;
  msPerStep: number | null;
  /** Why no figure: unavailable backend, timeout, error. */
  note?: string;
}

export async function benchOne(page: Page, o: Required<TrainBenchOptions>, backend: string): Promise<TrainBenchResult> {
  await page.goto(`${o.url}?backend=${backend}`);
  await page.getByTestId('next-token').first().waitFor({ timeout: o.timeoutMs });
  const actual = await page.evaluate(
    () => (window as unknown as { __tp: { runtime: () => { backend: { name: string } | null } } }).__tp.runtime().backend?.name ?? null,
  );
  if (actual !== backend)
    return {
      requested: backend,
      backend: actual,
      tokensPerSec: null,
      steps: 0,
      msPerStep: null,
      note: `unavailable (fell back to ${actual})`,
    };
  await page.getByTestId('tab-training').click();
  await page.getByTestId('train-size').selectOption(o.size);
  await page.getByTestId('train-batch').fill(String(o.batchSize));
  await page.getByTestId('train-seqlen').fill(String(o.seqLen));
  // Samples and probes only at the end, so they do not disturb the steps measured.
  await page.getByTestId('train-sample-every').fill(String(Math.max(5, o.steps * 10)));
  await page.getByTestId('train-max-steps').fill(String(o.steps * 10));
  await page.getByTestId('train-start').click();
  const status = page.getByTestId('train-status');
  const deadline = Date.now() + o.timeoutMs;
  let step = 0;
  while (Date.now() < deadline) {
    step = Number((await status.getAttribute('data-step').catch(() => null)) ?? 0);
    const err = await page
      .getByTestId('train-error')
      .textContent({ timeout: 50 })
      .catch(() => null);
    if (err) return { requested: backend, backend: actual, tokensPerSec: null, steps: step, msPerStep: null, note: err };
    if (step >= o.steps) break;
    await page.waitForTimeout(250);
  }
  const tps = Number(await page.getByTestId('train-tps').getAttribute('data-tps'));
  await page.getByTestId('train-stop').click();
  if (step < o.steps)
    return { requested: backend, backend: actual, tokensPerSec: tps || null, steps: step, msPerStep: null, note: 'timed out' };
  const tokensPerStep = o.batchSize * o.seqLen;
  return { requested: backend, backend: actual, tokensPerSec: tps, steps: step, msPerStep: tps > 0 ? (1000 * tokensPerStep) / tps : null };
}

export async function benchTraining(options: TrainBenchOptions): Promise<TrainBenchResult[]> {
  const o: Required<TrainBenchOptions> = {
    backends: ['webgpu', 'webgl', 'wasm', 'cpu'],
    steps: 40,
    size: 'xs',
    batchSize: 16,
    seqLen: 32,
    timeoutMs: 300_000,
    ...options,
  };
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--enable-unsafe-webgpu', ...QUIET_FLAGS] });
  const results: TrainBenchResult[] = [];
  try {
    for (const b of o.backends) {
      // Service worker blocked and the tour marked as seen: a returning visitor, nothing else competing.
      const page = await browser.newPage({ serviceWorkers: 'block' });
      await page.addInitScript(() => localStorage.setItem('tp.tourSeen', '1'));
      try {
        results.push(await benchOne(page, o, b));
      } catch (e) {
        results.push({
          requested: b,
          backend: null,
          tokensPerSec: null,
          steps: 0,
          msPerStep: null,
          note: (e as Error).message.split('\n')[0],
        });
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  return results;
}

async function waitFor(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      backends: { type: 'string', default: 'webgpu,webgl,wasm,cpu' },
      steps: { type: 'string', default: '40' },
      size: { type: 'string', default: 'xs' },
      batch: { type: 'string', default: '16' },
      seqlen: { type: 'string', default: '32' },
      port: { type: 'string', default: '4319' },
      json: { type: 'string' },
    },
  });
  let server: ChildProcess | null = null;
  let url = values.url;
  if (!url) {
    const port = Number(values.port);
    execSync('npx vite build --outDir dist-bench --emptyOutDir', { stdio: 'inherit' });
    server = spawn('npx', ['vite', 'preview', '--outDir', 'dist-bench', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
      stdio: 'ignore',
      detached: true,
    });
    url = `http://127.0.0.1:${port}/`;
    await waitFor(url, 60_000);
  }
  try {
    const results = await benchTraining({
      url,
      backends: (values.backends ?? '').split(',').filter(Boolean),
      steps: Number(values.steps),
      size: values.size as 'xs' | 's' | 'm',
      batchSize: Number(values.batch),
      seqLen: Number(values.seqlen),
    });
    console.log(
      `\nTraining throughput (scratch size ${values.size}, batch ${values.batch} × ${values.seqlen} tokens, after ${values.steps} steps):`,
    );
    console.log('backend   tokens/s   ms/step   note');
    for (const r of results) {
      const tps = r.tokensPerSec === null ? '—' : Math.round(r.tokensPerSec).toString();
      const ms = r.msPerStep === null ? '—' : r.msPerStep.toFixed(1);
      console.log(`${r.requested.padEnd(9)} ${tps.padStart(8)}   ${ms.padStart(7)}   ${r.note ?? ''}`);
    }
    if (values.json) writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    if (server?.pid) process.kill(-server.pid);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
