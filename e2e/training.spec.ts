import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { openApp } from './helpers';

test.describe.configure({ mode: 'serial' });

const status = (page: Page) => page.getByTestId('train-status');
const stepOf = async (page: Page) => Number(await status(page).getAttribute('data-step'));
const probs = (p: Page) =>
  p.getByTestId('next-token').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-id')}:${e.getAttribute('data-prob')}`));
const memory = (page: Page) =>
  page.evaluate(() => (window as unknown as { __tp: { memory: () => Promise<{ numTensors: number }> } }).__tp.memory());

/** Opens the Training lab with small, quick settings (a checkpoint every 10 steps). */
async function openLab(page: Page, backend = 'wasm'): Promise<void> {
  await openApp(page, `?backend=${backend}`);
  await page.getByTestId('tab-training').click();
  await expect(page.getByTestId('training-view')).toBeVisible();
  await page.getByTestId('train-batch').fill('8');
  await page.getByTestId('train-seqlen').fill('16');
  await page.getByTestId('train-sample-every').fill('10');
}

test('train from scratch: the loss falls, pause holds the step, resume continues, the heads are read before and after', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openLab(page);
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'running', { timeout: 60_000 });
  // Held-out loss before the first step: a random model, about ln 4000 ≈ 8.3.
  await expect(status(page)).toHaveAttribute('data-val', /\d/, { timeout: 60_000 });
  const val0 = Number(await status(page).getAttribute('data-val'));
  expect(val0).toBeGreaterThan(7.5);
  await expect.poll(() => stepOf(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(30);
  const val = Number(await status(page).getAttribute('data-val'));
  expect(val).toBeLessThan(val0 - 1);
  await expect(page.getByTestId('loss-chart').locator('path.train-line')).toHaveAttribute('d', /L/);
  await expect(page.getByTestId('train-sample').first()).toBeVisible();
  await expect(page.getByTestId('heads-before')).toHaveAttribute('data-step', '0');
  expect(Number(await page.getByTestId('heads-now').getAttribute('data-step'))).toBeGreaterThan(0);
  expect(await page.getByTestId('train-metrics').locator('tbody tr').count()).toBeGreaterThan(1);
  expect(Number(await page.getByTestId('train-tps').getAttribute('data-tps'))).toBeGreaterThan(0);

  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'paused');
  const held = await stepOf(page);
  const m1 = await memory(page);
  await page.waitForTimeout(1500);
  expect(await stepOf(page)).toBe(held);

  // The page stays usable while training: the prompt answers on the chosen model.
  await page.getByTestId('train-resume').click();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'running');
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBeGreaterThan(held + 5);
  await page.getByTestId('prompt-input').fill('the river bank');
  await expect(page.getByTestId('next-token').first()).toBeVisible();
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'paused');
  // Training steps leave no tensor behind (counted between steps, with the same models loaded).
  expect((await memory(page)).numTensors).toBe(m1.numTensors);

  await page.getByTestId('train-stop').click();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'stopped');
  await expect(page.getByTestId('train-resume')).toBeDisabled();
  await page.getByTestId('train-reset').click();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'idle');
  await expect(status(page)).toHaveCount(0);
});

test('a trained model is used by every view, saved in the browser, downloaded and uploaded again; a bad file is refused clearly', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(300_000);
  await openLab(page);
  await page.getByTestId('train-max-steps').fill('20');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'done', { timeout: 150_000 });

  // Use it in every view: it becomes the chosen model.
  await page.getByTestId('lab-name').fill('E2E Model');
  await page.getByTestId('lab-publish').click();
  await expect(page.getByTestId('lab-message')).toBeVisible();
  await expect(page.getByTestId('model-picker')).toHaveValue('lab-e2e-model');
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-model-id', 'lab-e2e-model');
  await page.getByTestId('prompt-input').fill('she sat on the bank');
  await page.getByTestId('tab-attention').click();
  await expect(page.getByTestId('attention-grid')).toBeVisible();
  // 2 layers × 2 heads (the extra-small config).
  await expect(page.getByTestId('attention-grid').locator('[data-layer="1"][data-head="1"]')).toBeVisible();
  await page.getByTestId('tab-sampling').click();
  await expect(page.getByTestId('tab-sampling')).toHaveAttribute('aria-selected', 'true');
  const before = await probs(page);
  expect(before.length).toBeGreaterThan(0);

  // Save, then reload: the link names the lab model and IndexedDB brings it back.
  await page.getByTestId('tab-training').click();
  await page.getByTestId('lab-save').click();
  await expect(page.getByTestId('lab-model').and(page.locator('[data-id="lab-e2e-model"]'))).toHaveAttribute('data-saved', 'true');
  // The app's own link (Copy link) names the lab model; opened again, IndexedDB brings the model back.
  await page.getByTestId('copy-link').click();
  const link = await page.getByTestId('link-url').inputValue();
  await page.goto('about:blank');
  await page.goto(`${link.split('#')[0]}?backend=wasm#${link.split('#')[1]}`);
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-model-id', 'lab-e2e-model', { timeout: 90_000 });
  await expect.poll(() => probs(page)).toEqual(before);

  // Download, delete, upload: the same model comes back.
  await page.getByTestId('tab-training').click();
  const row = page.getByTestId('lab-model').and(page.locator('[data-id="lab-e2e-model"]'));
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Download' }).click()]);
  expect(download.suggestedFilename()).toBe('e2e-model.tpmodel');
  const file = testInfo.outputPath('e2e-model.tpmodel');
  await download.saveAs(file);
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8).toString('latin1')).toBe('TPMODEL1');
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('lab-model')).toHaveCount(0);
  await expect(page.getByTestId('model-picker')).toHaveValue('tiny-gpt');
  await page.getByTestId('lab-upload').setInputFiles(file);
  await expect(page.getByTestId('lab-message')).toContainText('e2e-model');
  await expect(row).toHaveAttribute('data-saved', 'true');
  await row.getByRole('button', { name: 'Use' }).click();
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-model-id', 'lab-e2e-model');
  await expect.poll(() => probs(page)).toEqual(before);

  // A file that is not a model, and a cut-off one: clear messages, nothing added.
  await page
    .getByTestId('lab-upload')
    .setInputFiles({ name: 'notes.tpmodel', mimeType: 'application/octet-stream', buffer: Buffer.from('hello') });
  await expect(page.getByTestId('lab-error')).toContainText('notes.tpmodel is not a model file of this app');
  await page
    .getByTestId('lab-upload')
    .setInputFiles({ name: 'cut.tpmodel', mimeType: 'application/octet-stream', buffer: bytes.subarray(0, bytes.length - 100) });
  await expect(page.getByTestId('lab-error')).toContainText('cut.tpmodel is cut short');
  await expect(page.getByTestId('lab-model')).toHaveCount(1);

  // The same link, opened in a browser that does not have the model: a clear notice and a way out.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(`${link.split('#')[0]}?backend=wasm#${link.split('#')[1]}`);
  await expect(other.getByTestId('model-error')).toHaveAttribute('data-code', 'labMissing', { timeout: 90_000 });
  await expect(other.getByTestId('model-error')).toContainText('e2e-model');
  await other.getByTestId('lab-missing-fallback').click();
  await expect(other.getByTestId('next-token').first()).toBeVisible({ timeout: 90_000 });
  await fresh.close();
});

test('WebGPU trains the same model as WASM: the same held-out loss after 10 seeded steps, and no tensor left behind', async ({ page }) => {
  // The WebGPU path has its own programs (the embedding gradient's segment sum, attention's softmax and its
  // gradient, the gradient norm's grouped AddN): the same seeded run must land where WASM's does.
  test.setTimeout(300_000);
  const valAt10: Record<string, number> = {};
  for (const backend of ['wasm', 'webgpu']) {
    await openLab(page, backend);
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', backend);
    await page.getByTestId('train-max-steps').fill('10');
    await page.getByTestId('train-start').click();
    await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'done', { timeout: 200_000 });
    const row = (step: number) => page.getByTestId('train-metrics').locator(`tbody tr[data-step="${step}"]`);
    const v0 = Number(await row(0).getAttribute('data-val'));
    const v10 = Number(await row(10).getAttribute('data-val'));
    expect(v10).toBeLessThan(v0 - 0.5);
    valAt10[backend] = v10;
    if (backend === 'webgpu') {
      const m1 = await memory(page);
      await page.getByTestId('train-reset').click();
      await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'idle');
      await page.getByTestId('train-max-steps').fill('10');
      await page.getByTestId('train-start').click();
      await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'done', { timeout: 200_000 });
      // A second run from the same seed: the same loss on the same backend, and the same tensor count after it.
      expect(Number(await row(10).getAttribute('data-val'))).toBe(v10);
      expect((await memory(page)).numTensors).toBe(m1.numTensors);
    }
  }
  expect(Math.abs((valAt10.webgpu as number) - (valAt10.wasm as number))).toBeLessThan(0.02);
});
