import { expect, type Page, test } from '@playwright/test';
import { openApp, shownTokenText } from './helpers';

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
  await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('#s=1.');
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
