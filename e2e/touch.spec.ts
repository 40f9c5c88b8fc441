/**
 * Every view works by touch on a phone (Pixel 7 emulation: isMobile, hasTouch; WASM backend): tap a head and a
 * token, step the sampler, drag sliders with a finger, add a drift sentence, change the query of the lanes, start
 * and stop training, and open the header and export menus. Taps are real touch events (locator.tap); drags are
 * touch sequences sent through the DevTools protocol, as a finger would.
 */
import { type CDPSession, devices, expect, type Locator, type Page, test } from '@playwright/test';
import { openApp, showView } from './helpers';

const { defaultBrowserType: _ignored, ...PIXEL_7 } = devices['Pixel 7'];
test.use({ ...PIXEL_7, viewport: { width: 412, height: 915 } });

/**
 * A finger put down on the element at `from` (0–1 across it), moved to `to`, held still a moment (so the lift is
 * not a fling, which would swallow the next tap), then lifted.
 */
async function drag(page: Page, cdp: CDPSession, el: Locator, from: number, to: number): Promise<void> {
  await el.scrollIntoViewIfNeeded();
  const box = await el.boundingBox();
  if (!box) throw new Error('nothing to drag');
  const x0 = box.x + box.width * from;
  const x1 = box.x + box.width * to;
  const y = box.y + box.height / 2;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: x0, y }] });
  for (let i = 1; i <= 8; i++)
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x0 + ((x1 - x0) * i) / 8, y }] });
  await page.waitForTimeout(150);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x1, y }] });
  await page.waitForTimeout(50);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await page.waitForTimeout(100);
}

const state = (page: Page) =>
  page.evaluate(() => (window as unknown as { __tp: { state: () => Record<string, unknown> } }).__tp.state()) as Promise<
    Record<string, Record<string, unknown>>
  >;

test('a phone, by touch: every view answers taps and drags', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page, '?backend=wasm');
  expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches && navigator.maxTouchPoints > 0)).toBe(true);
  const cdp = await page.context().newCDPSession(page);

  // Header menu and a panel's export menu open by tap.
  await page.getByTestId('more-menu').tap();
  await expect(page.getByTestId('tour-button')).toBeVisible();
  await page.getByTestId('shortcut-button').tap();
  await expect(page.getByTestId('shortcut-help')).toBeVisible();
  await page.getByTestId('shortcut-help').getByRole('button').tap();
  await expect(page.getByTestId('shortcut-help')).toHaveCount(0);

  // Attention: tap a head, then a token of the head view to pin it.
  await showView(page, 'attention');
  const thumb = page.locator('[data-testid="head-thumb"][data-layer="2"][data-head="1"]');
  await thumb.tap();
  await expect(thumb).toHaveAttribute('aria-pressed', 'true');
  expect((await state(page)).attention).toMatchObject({ layer: 2, head: 1 });
  const token = page.locator('[data-testid="head-view"] .lines-svg .tok.q').nth(3);
  await token.tap();
  await expect(token).toHaveAttribute('aria-pressed', 'true');
  expect((await state(page)).attention?.focus).toBe(3);
  const grid = page.locator('[data-panel="attention.grid"]');
  await grid.getByTestId('export-menu').first().tap();
  await expect(grid.getByTestId('export-png')).toBeVisible();
  await grid.getByTestId('export-menu').first().tap();
  await expect(grid.getByTestId('export-png')).toHaveCount(0);

  // Drift: drag the layer slider, add a sentence of one's own.
  await showView(page, 'drift');
  const layer = page.getByTestId('drift-layer');
  // It opens on the last layer.
  await expect
    .poll(async () => {
      const [now, max] = [await layer.getAttribute('aria-valuenow'), await layer.getAttribute('aria-valuemax')];
      return now === max && Number(max) >= 4;
    })
    .toBe(true);
  await drag(page, cdp, page.locator('.drift-controls .slider'), 0.97, 0.02);
  await expect(layer).toHaveAttribute('aria-valuenow', '0');
  const before = await page.getByTestId('drift-sentence').count();
  await page.getByTestId('drift-add-text').tap();
  await page.keyboard.type('we sat on the bank and fished all day');
  await page.getByTestId('drift-add-sense').tap();
  await page.keyboard.type('river');
  await page.getByTestId('drift-add').tap();
  await expect(page.getByTestId('drift-sentence')).toHaveCount(before + 1);
  await expect(page.getByTestId('drift-plot').first()).toHaveAttribute('data-paths', String(before + 1), { timeout: 60_000 });

  // Sampling: the chart is there before the first step; tap Step; drag the temperature with a finger.
  await showView(page, 'sampling');
  await expect(page.getByTestId('preview-chart')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('step').tap();
  await expect(page.getByTestId('generated-text')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('step-chart')).toBeVisible();
  const temperature = page.getByTestId('temperature').getByRole('slider');
  const t0 = await temperature.getAttribute('aria-valuenow');
  await drag(page, cdp, page.getByTestId('temperature'), 0.5, 0.1);
  await expect(temperature).not.toHaveAttribute('aria-valuenow', t0 as string);
  expect(Number((await state(page)).sampling?.temperature)).toBeLessThan(Number(t0));

  // Prompting: tap the next query; drag the number of examples.
  await showView(page, 'prompting');
  const query = page.getByTestId('shot-query');
  const q0 = await query.inputValue();
  await page.locator('.shot-query-field button').last().tap();
  await expect(query).not.toHaveValue(q0);
  const k = page.getByTestId('shot-k');
  const k0 = Number(await k.getAttribute('aria-valuenow'));
  await drag(page, cdp, page.locator('.shot-slider'), 0.05, 0.98);
  await expect.poll(async () => Number(await k.getAttribute('aria-valuenow'))).toBeGreaterThan(k0);
  await expect(page.getByTestId('shot-lane')).toHaveCount(3, { timeout: 60_000 });

  // Training lab: start and stop a run with taps.
  await showView(page, 'training');
  await page.getByTestId('train-start').tap();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'running', { timeout: 60_000 });
  await expect(page.getByTestId('train-status')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('train-stop').tap();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });

  // Still exactly as wide as the screen after all that.
  expect(await page.evaluate(() => [window.innerWidth, document.documentElement.scrollWidth])).toEqual([412, 412]);
});
