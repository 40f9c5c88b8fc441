import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { exportItem, openApp } from './helpers';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(buf: Buffer): { w: number; h: number } {
  expect(buf.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { w: buf.readUInt32BE(16), h: buf.readUInt32BE(20) };
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; body: Buffer }> {
  // Chromium drops downloads that follow each other within a few milliseconds (measured: about 20-30 in a row
  // are kept, then none); a person clicking is never that fast, so the test pauses like one.
  await page.waitForTimeout(250);
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: d.suggestedFilename(), body: readFileSync((await d.path()) as string) };
}

/**
 * Every panel on screen exports PNG (at least 1920 px wide), SVG and — where it has numbers — JSON, each from the
 * panel's one export menu. A folded explanation is opened first: its export is inside it.
 */
async function exportAll(page: Page, view: string, skip: ReadonlySet<string> = new Set()): Promise<string[]> {
  const panels = page.locator('[data-panel]:visible');
  const n = await panels.count();
  expect(n, `${view} has panels`).toBeGreaterThan(0);
  const done: string[] = [];
  for (let i = 0; i < n; i++) {
    const panel = panels.nth(i);
    const id = (await panel.getAttribute('data-panel')) as string;
    if (skip.has(id)) continue;
    if ((await panel.evaluate((el) => el.tagName === 'DETAILS' && !(el as HTMLDetailsElement).open)) === true)
      await panel.locator(':scope > summary').click();
    // One control per panel, not a row of buttons.
    await expect(panel.locator(':scope > .panel-export').getByTestId('export-menu'), `${id} export menu`).toHaveCount(1);
    const png = await download(page, async () => (await exportItem(panel, 'png')).click());
    expect(png.name).toMatch(/\.png$/);
    const { w, h } = pngSize(png.body);
    expect(w, `${id} PNG width`).toBeGreaterThanOrEqual(1920);
    expect(h).toBeGreaterThan(50);
    let hasJson = false;
    const svg = await download(page, async () => {
      const item = await exportItem(panel, 'svg');
      // The open menu shows whether the panel has numbers to export.
      hasJson = (await panel.locator(':scope > .panel-export').getByTestId('export-json').count()) > 0;
      await item.click();
    });
    expect(svg.name).toMatch(/\.svg$/);
    const text = svg.body.toString('utf8');
    expect(text, `${id} SVG`).toMatch(/^<svg|<svg[\s>]/);
    expect(text).not.toContain('data-export-skip');
    // A real SVG: the panel's own markup (text, vector charts; only canvases become images), not one picture of it.
    expect(/<foreignObject|<path|<line|<text/.test(text), `${id} SVG has markup`).toBe(true);
    expect(/^<svg[^>]*><image/.test(text), `${id} SVG is not a single image`).toBe(false);
    if (hasJson) {
      const j = await download(page, async () => (await exportItem(panel, 'json')).click());
      expect(j.name).toMatch(/\.json$/);
      const data = JSON.parse(j.body.toString('utf8'));
      expect(data, `${id} JSON`).not.toBeNull();
    }
    done.push(id);
  }
  return done;
}

test('every panel of every view exports PNG at presentation size, SVG and the numbers as JSON', async ({ browser }) => {
  test.setTimeout(240_000);
  // Each view in a fresh page, as a teacher preparing slides would open it.
  const seen = new Set<string>();
  const prepare: Record<string, (page: Page) => Promise<void>> = {
    attention: async () => {},
    drift: async (page) => {
      await expect(page.getByTestId('drift-plot').first()).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
    },
    sampling: async (page) => {
      await page.getByTestId('step').click();
      await expect(page.locator('[data-panel="sampling.chart"]')).toBeVisible();
    },
    prompting: async (page) => {
      await expect(page.getByTestId('shot-lane').first()).toBeVisible({ timeout: 90_000 });
    },
    training: async (page) => {
      await expect(page.getByTestId('train-setup')).toBeVisible();
    },
  };
  for (const [view, ready] of Object.entries(prepare)) {
    const page = await browser.newPage();
    await openApp(page, '?backend=wasm');
    await page.getByTestId(`tab-${view}`).click();
    await ready(page);
    for (const id of await exportAll(page, view, seen)) seen.add(id);
    await page.close();
  }

  expect([...seen].sort()).toEqual(
    [
      'shell.tokens',
      'attention.grid',
      'attention.explain',
      'attention.head',
      'attention.ablation',
      'drift.intro',
      'drift.setup',
      'drift.controls',
      'drift.models',
      'drift.explain',
      'sampling.explain',
      'sampling.controls',
      'sampling.text',
      'sampling.chart',
      'sampling.entropy',
      'prompting.intro',
      'prompting.controls',
      'prompting.lanes',
      'prompting.batch',
      'training.setup',
      'training.run',
      'training.loss',
      'training.heads',
      'training.samples',
      'training.models',
    ].sort(),
  );
});

test('the chart SVGs are vector drawings with their styles inlined (they open in slides)', async ({ page }) => {
  await openApp(page, '?backend=wasm');
  const head = page.locator('[data-panel="attention.head"]');
  const svg = await download(page, async () => (await exportItem(head, 'svg')).click());
  const text = svg.body.toString('utf8');
  expect(text).not.toContain('foreignObject');
  expect(text).toMatch(/<line|<path/);
  expect(text).toContain('stroke:');
});
