import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { openApp } from './helpers';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(buf: Buffer): { w: number; h: number } {
  expect(buf.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { w: buf.readUInt32BE(16), h: buf.readUInt32BE(20) };
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; body: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: d.suggestedFilename(), body: readFileSync((await d.path()) as string) };
}

/** Every panel on screen exports PNG (at least 1920 px wide), SVG and — where it has numbers — JSON. */
async function exportAll(page: Page, view: string): Promise<string[]> {
  const panels = page.locator('[data-panel]:visible');
  const n = await panels.count();
  expect(n, `${view} has panels`).toBeGreaterThan(0);
  const done: string[] = [];
  for (let i = 0; i < n; i++) {
    const panel = panels.nth(i);
    const id = (await panel.getAttribute('data-panel')) as string;
    const png = await download(page, () => panel.getByTestId('export-png').last().click());
    expect(png.name).toMatch(/\.png$/);
    const { w, h } = pngSize(png.body);
    expect(w, `${id} PNG width`).toBeGreaterThanOrEqual(1920);
    expect(h).toBeGreaterThan(50);
    const svg = await download(page, () => panel.getByTestId('export-svg').last().click());
    expect(svg.name).toMatch(/\.svg$/);
    const text = svg.body.toString('utf8');
    expect(text, `${id} SVG`).toMatch(/^<svg|<svg[\s>]/);
    expect(text).not.toContain('data-export-skip');
    // A real SVG: the panel's own markup (vector charts, text), not a picture of it.
    expect(text).not.toContain('data:image/png');
    const json = panel.getByTestId('export-json').last();
    if ((await json.count()) > 0 && (await json.isVisible())) {
      const j = await download(page, () => json.click());
      expect(j.name).toMatch(/\.json$/);
      const data = JSON.parse(j.body.toString('utf8'));
      expect(data, `${id} JSON`).not.toBeNull();
    }
    done.push(id);
  }
  return done;
}

test('every panel of every view exports PNG at presentation size, SVG and the numbers as JSON', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page, '?backend=wasm');
  const seen = new Set<string>(await exportAll(page, 'attention'));

  await page.getByTestId('tab-drift').click();
  await expect(page.getByTestId('drift-plot').first()).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
  for (const id of await exportAll(page, 'drift')) seen.add(id);

  await page.getByTestId('tab-sampling').click();
  await page.getByTestId('step').click();
  await expect(page.locator('[data-panel="sampling.chart"]')).toBeVisible();
  for (const id of await exportAll(page, 'sampling')) seen.add(id);

  await page.getByTestId('tab-prompting').click();
  await expect(page.getByTestId('shot-lane').first()).toBeVisible({ timeout: 90_000 });
  for (const id of await exportAll(page, 'prompting')) seen.add(id);

  await page.getByTestId('tab-training').click();
  await expect(page.getByTestId('train-setup')).toBeVisible();
  for (const id of await exportAll(page, 'training')) seen.add(id);

  expect([...seen].sort()).toEqual(
    [
      'shell.tokens',
      'attention.grid',
      'attention.explain',
      'attention.head',
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
  const svg = await download(page, () => head.getByTestId('export-svg').click());
  const text = svg.body.toString('utf8');
  expect(text).not.toContain('foreignObject');
  expect(text).toMatch(/<line|<path/);
  expect(text).toContain('stroke:');
});
