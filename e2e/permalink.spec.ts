import { type Browser, expect, type Page, test } from '@playwright/test';
import { CODEC_VERSION } from '../src/state/codec';
import { openApp, playUntilStopped, shownTokenText } from './helpers';

async function copyLink(page: Page): Promise<string> {
  await page.getByTestId('copy-link').click();
  const url = await page.getByTestId('link-url').inputValue();
  expect(url).toContain('#s=');
  return url;
}

test('a copied link reopens the same prompt, model, view and attention selection in a fresh browser', async ({ page, browser }) => {
  await openApp(page, '?backend=wasm');
  await page.getByTestId('prompt-input').fill('the bank raised its interest rates');
  await page.getByTestId('tab-attention').click();
  await page.getByTestId('attention-grid').locator('[data-layer="2"][data-head="max"]').click();
  await page.getByTestId('mode-matrix').click();
  await expect(page.getByTestId('head-view')).toHaveAttribute('data-mode', 'matrix');
  const tokens = await shownTokenText(page);
  const url = await copyLink(page);
  expect(url).not.toContain('backend=');

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(`${url.split('#')[0]}?backend=wasm#${url.split('#')[1]}`);
  await expect(other.getByTestId('next-token').first()).toBeVisible({ timeout: 90_000 });
  await expect(other.getByTestId('prompt-input')).toHaveValue('the bank raised its interest rates');
  expect(await shownTokenText(other)).toBe(tokens);
  await expect(other.getByTestId('attention-grid').locator('[data-layer="2"][data-head="max"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(other.getByTestId('head-view')).toHaveAttribute('data-mode', 'matrix');
  await expect(other.getByTestId('link-notice')).toHaveCount(0);
  const probs = (p: Page) =>
    p.getByTestId('next-token').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-id')}:${e.getAttribute('data-prob')}`));
  expect(await probs(other)).toEqual(await probs(page));
  await fresh.close();
});

test('a damaged link opens the default state with a notice, never a blank page', async ({ page }) => {
  for (const hash of ['#s=1.AAAAthis-is-not-lz', '#s=999.', '#s=%3Cscript%3E']) {
    await page.goto(`./?backend=wasm${hash}`);
    await expect(page.getByTestId('next-token').first()).toBeVisible({ timeout: 90_000 });
    await expect(page.getByTestId('link-notice')).toBeVisible();
    await expect(page.getByTestId('prompt-input')).not.toHaveValue('');
  }
});

test('state changes update the URL, and Back restores the previous view', async ({ page }) => {
  await openApp(page, '?backend=wasm');
  await page.getByTestId('prompt-input').fill('the river bank');
  await expect.poll(() => page.evaluate(() => window.location.hash)).toContain(`#s=${CODEC_VERSION}.`);
  await page.getByTestId('tab-sampling').click();
  await expect.poll(() => page.evaluate(() => window.location.hash)).not.toBe('');
  await expect(page.getByTestId('tab-sampling')).toHaveAttribute('data-state', 'active');
  await page.waitForTimeout(500);
  await page.goBack();
  await expect(page.getByTestId('tab-attention')).toHaveAttribute('data-state', 'active');
  await expect(page.getByTestId('prompt-input')).toHaveValue('the river bank');
  await page.goForward();
  await expect(page.getByTestId('tab-sampling')).toHaveAttribute('data-state', 'active');
});

/** Opens a copied link in a new browser context (nothing shared with the page that made it), on WASM. */
async function reopen(browser: Browser, url: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url.split('#')[0]}?backend=wasm#${url.split('#')[1]}`);
  await expect(page.getByTestId('next-token').first()).toBeVisible({ timeout: 90_000 });
  return { page, close: () => context.close() };
}

async function driftPoints(page: Page): Promise<string[]> {
  const plot = page.getByTestId('drift-plot').first();
  await expect(plot).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
  return page
    .locator('[data-testid="drift-point"]')
    .evaluateAll((els) =>
      els.map(
        (e) =>
          ['data-layer', 'data-x', 'data-y'].map((a) => e.getAttribute(a)).join(' ') +
          ` ${e.closest('[data-model]')?.getAttribute('data-model')}`,
      ),
    );
}

test('drift: a copied link reopens the same word, sentences and paths', async ({ page, browser }) => {
  await openApp(page, '?backend=wasm');
  await page.getByTestId('tab-drift').click();
  await driftPoints(page);
  const plot = page.getByTestId('drift-plot').first();
  const before = Number(await plot.getAttribute('data-paths'));
  await page.getByTestId('drift-add-text').fill('we walked along the bank of the stream at dawn');
  await page.getByTestId('drift-add-sense').fill('river');
  await page.getByTestId('drift-add').click();
  const paths = String(before + 1);
  await expect(plot).toHaveAttribute('data-paths', paths, { timeout: 60_000 });
  const points = await driftPoints(page);
  expect(points.length).toBeGreaterThan(10);
  const url = await copyLink(page);

  const other = await reopen(browser, url);
  await expect(other.page.getByTestId('tab-drift')).toHaveAttribute('data-state', 'active');
  await expect(other.page.getByTestId('drift-plot').first()).toHaveAttribute('data-paths', paths);
  expect(await driftPoints(other.page)).toEqual(points);
  await other.close();
});

test('sampling: a copied link reopens the same settings, seed and sampled text', async ({ page, browser }) => {
  await openApp(page, '?backend=wasm');
  await page.getByTestId('tab-sampling').click();
  await page.getByTestId('seed').fill('4242');
  await page.getByTestId('max-tokens').fill('5');
  await expect(page.getByTestId('gen-status')).toHaveAttribute('data-busy', 'false');
  await playUntilStopped(page);
  const text = page.getByTestId('generated-text');
  // Up to 5 tokens: the model may end its text ([SEP]) sooner.
  await expect(text).toHaveAttribute('data-count', /^[1-5]$/);
  const count = (await text.getAttribute('data-count')) ?? '';
  const tokens = await text.getAttribute('data-tokens');
  const decoded = await text.getAttribute('data-text');
  expect(tokens?.split(',')).toHaveLength(Number(count));
  const url = await copyLink(page);

  const other = await reopen(browser, url);
  await expect(other.page.getByTestId('tab-sampling')).toHaveAttribute('data-state', 'active');
  await expect(other.page.getByTestId('seed')).toHaveValue('4242');
  const again = other.page.getByTestId('generated-text');
  await expect(again).toHaveAttribute('data-count', count, { timeout: 60_000 });
  await expect(again).toHaveAttribute('data-tokens', tokens ?? '');
  await expect(again).toHaveAttribute('data-text', decoded ?? '');
  await other.close();
});

test('prompting: a copied link reopens the same task, examples and lanes', async ({ page, browser }) => {
  await openApp(page, '?backend=wasm');
  await page.getByTestId('tab-prompting').click();
  await expect(page.getByTestId('shot-lane')).toHaveCount(3, { timeout: 90_000 });
  await page.getByTestId('shot-task').selectOption('capital');
  await page.getByTestId('shot-seed').fill('99');
  await page.getByTestId('shot-k').focus();
  await page.keyboard.press('ArrowRight');
  const lanes = page.getByTestId('shot-lane');
  await expect(lanes.nth(2)).toHaveAttribute('data-shots', '5', { timeout: 90_000 });
  const snapshot = async (p: Page) => {
    const l = p.getByTestId('shot-lane');
    await expect(l.nth(2)).toHaveAttribute('data-correct', /^(true|false)$/, { timeout: 90_000 });
    return {
      prompts: await p.getByTestId('shot-prompt').allTextContents(),
      lanes: await l.evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('data-shots')}|${e.getAttribute('data-completion')}|${e.getAttribute('data-correct')}`),
      ),
      candidates: await p
        .getByTestId('shot-candidate')
        .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-token')}:${e.getAttribute('data-prob')}`)),
    };
  };
  const before = await snapshot(page);
  expect(before.candidates.length).toBe(18);
  const url = await copyLink(page);

  const other = await reopen(browser, url);
  await expect(other.page.getByTestId('tab-prompting')).toHaveAttribute('data-state', 'active');
  await expect(other.page.getByTestId('shot-task')).toHaveValue('capital');
  await expect(other.page.getByTestId('shot-lane').nth(2)).toHaveAttribute('data-shots', '5', { timeout: 90_000 });
  expect(await snapshot(other.page)).toEqual(before);
  await other.close();
});
