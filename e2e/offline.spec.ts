/**
 * Offline and updates (service worker, src/sw.ts). The rest of the suite
 * blocks service workers (playwright.config.ts); these tests allow them.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, expect, type Page, test } from '@playwright/test';
import { chromiumPath, QUIET_FLAGS } from './browser';

test.use({ serviceWorkers: 'allow' });

// The test servers below run on their own ports, where the config's "tour already seen" flag does not apply.
test.beforeEach(async ({ context }) => {
  await context.addInitScript(() => localStorage.setItem('tp.tourSeen', '1'));
});

const DIST = process.env.E2E_DIST ?? 'dist';
const VIEWS = ['attention', 'drift', 'sampling', 'prompting', 'training'] as const;

async function waitOfflineReady(page: Page): Promise<void> {
  await expect(page.getByTestId('offline-status')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** The model is loaded and the page's engine ran it on the prompt (causal models: next-token predictions on screen). */
async function expectPredictions(page: Page, modelId: string): Promise<void> {
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-model-id', modelId);
  await page.waitForFunction(
    (id) =>
      (window as unknown as { __tp: { runtime: () => { forward: { modelId: string } | null } } }).__tp.runtime().forward?.modelId === id,
    modelId,
  );
  if (modelId !== 'tiny-bert') await expect(page.getByTestId('next-token').first()).toBeVisible();
}

test('after one visit the app works offline: every shipped model and every view', async ({ page, context }) => {
  test.setTimeout(90_000);
  await page.goto('./?backend=wasm');
  await expectPredictions(page, 'tiny-gpt');
  await waitOfflineReady(page);

  await context.setOffline(true);
  // The network is off for this page: a file the worker does not serve cannot be fetched. (Chromium 150 keeps
  // navigator.onLine true under Playwright's offline emulation, so that flag proves nothing there.)
  expect(
    await page.evaluate(() =>
      fetch(`./offline-probe-${Date.now()}.txt`, { cache: 'no-store' }).then(
        () => 'fetched',
        () => 'failed',
      ),
    ),
  ).toBe('failed');
  const failed: string[] = [];
  page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.url()} ${r.status()}`);
  });
  await page.reload();
  // Served by the worker, not the network (which is off).
  await expectPredictions(page, 'tiny-gpt');
  await expect(page.getByTestId('offline-status')).toHaveAttribute('data-phase', 'ready');

  for (const id of ['tiny-bert', 'random-gpt', 'tiny-gpt']) {
    await page.getByTestId('model-picker').selectOption(id);
    await expectPredictions(page, id);
    await expect(page.getByTestId('model-error')).toHaveCount(0);
  }

  for (const v of VIEWS) {
    await page.getByTestId(`tab-${v}`).click();
    await expect(page.getByTestId(`tab-${v}`)).toHaveAttribute('aria-selected', 'true');
    await expect(page.locator('.view-panel[data-state="active"] > *').first()).toBeVisible();
    await expect(page.getByTestId('view-error')).toHaveCount(0);
  }
  // The views that read public/data got their files from the cache.
  await page.getByTestId('tab-drift').click();
  await expect(page.getByTestId('drift-sentence').first()).toBeVisible();
  await page.getByTestId('tab-prompting').click();
  await expect(page.getByTestId('shot-task')).toBeVisible();
  expect(await page.getByTestId('shot-task').locator('option').count()).toBeGreaterThan(1);

  expect(failed).toEqual([]);
});

/**
 * Serves the built folder like a static host; `deploy()` switches it to a
 * "new version": index.html gains a marker and sw.js lists it under a new
 * revision (as a real rebuild would), so the browser finds an updated worker.
 */
function staticHost(opts: { slow?: RegExp } = {}): { server: Server; deploy: () => void; url: () => string } {
  let version = 1;
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.json': 'application/json',
    '.map': 'application/json',
    '.wasm': 'application/wasm',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.bin': 'application/octet-stream',
    '.webmanifest': 'application/manifest+json',
  };
  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const rel = normalize(path === '/' ? 'index.html' : decodeURIComponent(path.slice(1)));
      if (rel.startsWith('..')) {
        res.writeHead(400).end();
        return;
      }
      let body: Buffer;
      try {
        body = await readFile(join(DIST, rel));
      } catch {
        res.writeHead(404).end();
        return;
      }
      if (version === 2 && rel === 'index.html') {
        body = Buffer.from(body.toString('utf8').replace('<head>', '<head><meta name="tp-version" content="2">'));
      }
      if (version === 2 && rel === 'sw.js') {
        const text = body.toString('utf8');
        const next = text.replace(/("revision":")[0-9a-f]+(","url":"index\.html")/, '$1version2$2');
        if (next === text) throw new Error('index.html is not in the precache manifest of sw.js');
        body = Buffer.from(`${next}\n// version 2\n`);
      }
      res.writeHead(200, {
        'content-type': types[extname(rel)] ?? 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-cache',
      });
      // A slow network for the matching files: 32 KB every 40 ms (~800 KB/s).
      const slow = opts.slow?.test(rel) ?? false;
      for (let i = 0; i < body.length; i += 32_768) {
        res.write(body.subarray(i, i + 32_768));
        if (slow) await new Promise((r) => setTimeout(r, 40));
      }
      res.end();
    })().catch((e: unknown) => {
      res.writeHead(500).end(String(e));
    });
  });
  server.listen(0, '127.0.0.1');
  return {
    server,
    deploy: () => {
      version = 2;
    },
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
  };
}

test('a new version: notice, the old page keeps working, Reload switches cleanly, offline still works', async ({ page, context }) => {
  test.setTimeout(90_000);
  const host = staticHost();
  await new Promise<void>((r) => host.server.once('listening', () => r()));
  try {
    // First visit, then a return visit (the page is now controlled by version 1).
    await page.goto(`${host.url()}?backend=wasm`);
    await expectPredictions(page, 'tiny-gpt');
    await waitOfflineReady(page);
    await page.reload();
    await expectPredictions(page, 'tiny-gpt');
    await expect(page.getByTestId('offline-status')).toHaveAttribute('data-phase', 'ready');
    await expect(page.getByTestId('update-notice')).toHaveCount(0);

    host.deploy();
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      await reg?.update();
    });
    await expect(page.getByTestId('update-notice')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('update-reload')).toHaveText('Reload');
    // The dock (notice, Later, status) passes axe with no serious or critical violations.
    const axe = await new AxeBuilder({ page }).include('.offline-dock').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    // Nothing half-updated: this page is still version 1, served by the old worker, and its lazy views still load.
    expect(await page.locator('meta[name="tp-version"]').count()).toBe(0);
    expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)).toBe(true);
    await page.getByTestId('tab-sampling').click();
    await expect(page.locator('.sampling-view')).toBeVisible();
    await expect(page.getByTestId('view-error')).toHaveCount(0);

    await Promise.all([page.waitForEvent('load'), page.getByTestId('update-reload').click()]);
    await expect(page.locator('meta[name="tp-version"]')).toHaveAttribute('content', '2');
    await expectPredictions(page, 'tiny-gpt');
    await expect(page.getByTestId('update-notice')).toHaveCount(0);
    const after = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      const keys: string[] = [];
      for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) keys.push(r.url);
      return {
        waiting: !!reg?.waiting,
        active: reg?.active?.state,
        controlled: !!navigator.serviceWorker.controller,
        indexKeys: keys.filter((k) => /\/index\.html/.test(k)),
        weights: keys.filter((k) => k.includes('weights.bin')).length,
      };
    });
    expect(after.waiting).toBe(false);
    expect(after.active).toBe('activated');
    expect(after.controlled).toBe(true);
    // The new version's index.html is cached; the old revision was cleaned up when the new worker activated.
    expect(after.indexKeys).toHaveLength(1);
    expect(after.indexKeys[0]).toContain('__WB_REVISION__=version2');
    // tiny-gpt's and tiny-bert's; random-gpt ships none (its weights are made on load from its seed).
    expect(after.weights).toBe(2);

    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('meta[name="tp-version"]')).toHaveAttribute('content', '2');
    await expectPredictions(page, 'tiny-gpt');
  } finally {
    await context.setOffline(false);
    host.server.closeAllConnections();
    await new Promise((r) => host.server.close(r));
  }
});

test.describe('model download', () => {
  test.use({ serviceWorkers: 'block' });

  test('a named progress bar follows the bytes of a slow download', async ({ page }) => {
    const host = staticHost({ slow: /weights\.bin$/ });
    await new Promise<void>((r) => host.server.once('listening', () => r()));
    try {
      await page.goto(`${host.url()}?backend=wasm`);
      const bar = page.getByRole('progressbar', { name: /Loading tiny-gpt/ });
      await expect(bar).toBeVisible();
      // Sample the bar while the 2.6 MB of weights trickle in: it moves through intermediate values, never backwards.
      const values: number[] = [];
      while ((await page.getByTestId('model-loading').count()) > 0) {
        // A short timeout: the bar can go between the count and this read, and a locator waits for its element
        // (up to the test's whole timeout: a CI run once hung here for 2 minutes after the model had loaded).
        const v = await bar.evaluate((el: HTMLProgressElement) => el.value / el.max, undefined, { timeout: 500 }).catch(() => null);
        if (v !== null) values.push(v);
        await page.waitForTimeout(100);
      }
      await expectPredictions(page, 'tiny-gpt');
      expect(values.filter((v) => v > 0.1 && v < 0.9).length).toBeGreaterThan(3);
      expect(values).toEqual([...values].sort((a, b) => a - b));
    } finally {
      host.server.closeAllConnections();
      await new Promise((r) => host.server.close(r));
    }
  });
});

test('Chromium finds the app installable: manifest, icons and a service worker that serves it offline', async ({ baseURL }) => {
  // Playwright's usual contexts are incognito, where nothing is installable: use a real (temporary) profile.
  const profile = await mkdtemp(join(tmpdir(), 'tp-install-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: ['--enable-unsafe-webgpu', ...QUIET_FLAGS],
  });
  try {
    await context.addInitScript(() => localStorage.setItem('tp.tourSeen', '1'));
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${baseURL}?backend=wasm`);
    await expectPredictions(page, 'tiny-gpt');
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.errors).toEqual([]);
    const parsed = JSON.parse(manifest.data ?? '{}') as { icons?: { sizes: string }[]; display?: string };
    expect(parsed.display).toBe('standalone');
    expect(parsed.icons?.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    // Chromium's own install check (what decides whether "Install app" is offered).
    await expect
      .poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors.map((e) => e.errorId), { timeout: 30_000 })
      .toEqual([]);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});
