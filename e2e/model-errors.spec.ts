import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

test('a truncated weights file gives an error naming the file and tensor; retry and other models work', async ({ page, context }) => {
  let broken = true;
  await context.route('**/models/tiny-bert/weights.bin', async (route) => {
    if (!broken) return route.continue();
    const res = await route.fetch();
    const body = await res.body();
    await route.fulfill({ response: res, body: body.subarray(0, Math.floor(body.length * 0.6)) });
  });
  await openApp(page, '?backend=wasm');
  await page.getByTestId('model-picker').selectOption('tiny-bert');
  const err = page.getByTestId('model-error');
  await expect(err).toBeVisible();
  await expect(err).toContainText('weights.bin');
  await expect(err).toContainText(/truncated at tensor "blocks\.\d\.[a-z0-9.]+"/);
  // The rest of the app keeps working: pick another model.
  await page.getByTestId('model-picker').selectOption('random-gpt');
  await expect(page.getByTestId('model-error')).toHaveCount(0);
  await expect(page.getByTestId('next-token')).toHaveCount(10);
  // Back to the broken one, then retry once the file is whole again.
  await page.getByTestId('model-picker').selectOption('tiny-bert');
  await expect(err).toBeVisible();
  broken = false;
  await err.getByRole('button').click();
  await expect(page.getByTestId('model-error')).toHaveCount(0);
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-model-id', 'tiny-bert');
});

test('a missing or mis-shaped model file names the file (and the tensor)', async ({ page, context }) => {
  await context.route('**/models/tiny-bert/model.json', (route) => route.fulfill({ status: 404, body: 'Not Found' }));
  await context.route('**/models/random-gpt/model.json', async (route) => {
    const res = await route.fetch();
    const json = await res.json();
    json.weightsManifest[0].weights[2].shape = [7, 7];
    await route.fulfill({ response: res, body: JSON.stringify(json) });
  });
  await openApp(page, '?backend=wasm');
  await page.getByTestId('model-picker').selectOption('tiny-bert');
  await expect(page.getByTestId('model-error')).toContainText('model.json');
  await expect(page.getByTestId('model-error')).toContainText('404');
  await page.getByTestId('model-picker').selectOption('random-gpt');
  await expect(page.getByTestId('model-error')).toContainText(/tensor "blocks\.0\.ln1\.gamma" has shape \[7,7\]/);
  await page.getByTestId('model-picker').selectOption('tiny-gpt');
  await expect(page.getByTestId('model-error')).toHaveCount(0);
  await expect(page.getByTestId('next-token')).toHaveCount(10);
});

test('empty, whitespace-only, over-long prompts and unknown characters get messages, not errors', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, '?backend=wasm');
  const input = page.getByTestId('prompt-input');
  await input.fill('');
  await expect(page.getByTestId('prompt-empty')).toBeVisible();
  await input.fill('   \n\t  ');
  await expect(page.getByTestId('prompt-empty')).toBeVisible();
  await input.fill(Array.from({ length: 200 }, (_, i) => (i % 2 ? 'river' : 'bank')).join(' '));
  await expect(page.getByTestId('prompt-dropped')).toContainText('72');
  await expect(page.getByTestId('token')).toHaveCount(128);
  await input.fill('the bank 銀行 🏦');
  await expect(page.getByTestId('token').filter({ has: page.locator('.token-id', { hasText: '[UNK]' }) })).not.toHaveCount(0);
  await expect(page.getByTestId('next-token')).toHaveCount(10);
  expect(errors).toEqual([]);
});
