import { expect, test } from '@playwright/test';
import { expectTokensFor, openApp } from './helpers';

test('a lost WebGPU device is detected; the engine restarts and the state survives', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, '?backend=webgpu');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'webgpu');
  await page.getByTestId('prompt-input').fill('the money in the bank');
  await expectTokensFor(page, 'the money in the bank');
  await page.getByTestId('tab-attention').click();
  await page.getByTestId('attention-grid').locator('[data-layer="1"][data-head="2"]').click();
  const probs = () =>
    page.getByTestId('next-token').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-id')}:${e.getAttribute('data-prob')}`));
  await page.waitForTimeout(500);
  const before = await probs();
  expect(before).toHaveLength(10);

  const hadDevice = await page.evaluate(() => (window as unknown as { __tp: { loseDevice: () => Promise<boolean> } }).__tp.loseDevice());
  expect(hadDevice).toBe(true);
  await expect(page.getByTestId('recovery-notice')).toBeVisible();
  await expect(page.getByTestId('recovery-notice')).toContainText('destroyed');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', /webgpu|webgl|wasm|cpu/);
  await expect(page.getByTestId('prompt-input')).toHaveValue('the money in the bank');
  await expect(page.getByTestId('attention-grid').locator('[data-layer="1"][data-head="2"]')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(probs, { timeout: 90_000 }).toEqual(before);
  expect(errors).toEqual([]);
});
