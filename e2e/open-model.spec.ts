import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { openApp, showView } from './helpers';

/**
 * Opening Hugging Face checkpoints (fixtures/hf/: seeded random weights in
 * the Hub's layouts, with reference activations from PyTorch) through the
 * file chooser, as a user who downloaded a model folder would.
 */
test.describe.configure({ mode: 'serial' });

const ROOT = 'fixtures/hf';
const FILES = ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json'];

interface Reference {
  ids: number[];
  logits: number[];
  attention: number[];
}

async function openFiles(
  page: Page,
  name: string,
  o: { folder?: boolean; keep?: boolean; via?: 'picker' | 'notice' } = {},
): Promise<string> {
  if (o.via === 'notice') await page.getByTestId('model-missing-open').click();
  else await page.getByTestId('model-picker').selectOption('__open__');
  const dialog = page.getByTestId('open-model-dialog');
  await expect(dialog).toBeVisible();
  if (o.folder) await page.getByTestId('open-folder-input').setInputFiles(`${ROOT}/${name}`);
  else await page.getByTestId('open-files-input').setInputFiles(FILES.map((f) => `${ROOT}/${name}/${f}`));
  await expect(page.getByTestId('open-found')).toContainText('model.safetensors');
  if (o.keep) await page.getByTestId('open-keep').check();
  await page.getByTestId('open-start').click();
  await expect(dialog).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('opened-info')).toBeVisible();
  const id = await page.getByTestId('model-picker').inputValue();
  expect(id).toMatch(/^hf-[a-z0-9-]+-[0-9a-f]{12}$/);
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-model-id', id);
  return id;
}

async function maxErr(page: Page, id: string, ref: Reference): Promise<{ logits: number; attention: number }> {
  return page.evaluate(
    async ([m, r]) => {
      const tp = (
        window as unknown as { __tp: { forward: (m: string, i: number[]) => Promise<{ logits: Float32Array; attention: Float32Array }> } }
      ).__tp;
      const out = await tp.forward(m as string, (r as Reference).ids);
      const diff = (a: ArrayLike<number>, b: number[]) => {
        if (a.length !== b.length) return Number.POSITIVE_INFINITY;
        let e = 0;
        for (let i = 0; i < b.length; i++) e = Math.max(e, Math.abs((a[i] as number) - (b[i] as number)));
        return e;
      };
      return { logits: diff(out.logits, (r as Reference).logits), attention: diff(out.attention, (r as Reference).attention) };
    },
    [id, ref] as const,
  );
}

for (const backend of ['webgpu', 'wasm'] as const) {
  test(`opened checkpoints match the PyTorch reference to 1e-3 on ${backend} (float32, float16, bfloat16; GPT-2 and BERT)`, async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await openApp(page, `?backend=${backend}`);
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', backend);
    for (const name of ['gpt2-tiny', 'gpt2-tiny-hub', 'bert-tiny', 'bert-tiny-bf16']) {
      const id = await openFiles(page, name);
      const ref = JSON.parse(readFileSync(`${ROOT}/${name}/reference.json`, 'utf8')) as Reference;
      const err = await maxErr(page, id, ref);
      const line = `${backend} ${name}: max |Δ| logits ${err.logits.toExponential(2)}, attention ${err.attention.toExponential(2)}`;
      test.info().annotations.push({ type: 'parity', description: line });
      console.log(line);
      expect(err.logits, name).toBeLessThanOrEqual(1e-3);
      expect(err.attention, name).toBeLessThanOrEqual(1e-3);
    }
  });
}

test('a GPT-2-format folder: every view, kept over a reload, and a link that names it', async ({ page, browser }) => {
  test.setTimeout(300_000);
  await openApp(page, '?backend=wasm');
  const id = await openFiles(page, 'gpt2-tiny', { folder: true, keep: true });
  expect(id).toMatch(/^hf-gpt2-tiny-/);
  await expect(page.getByTestId('opened-info')).toHaveAttribute('data-saved', 'true');
  await page.getByTestId('prompt-input').fill('The bank of the river');
  // GPT-2's space marker shows as a visible space; the tokens tile the text.
  const shown = () => page.locator('[data-testid="token"] .token-text').allTextContents();
  await expect.poll(async () => (await shown()).join('').replaceAll('␣', ' ')).toBe('The bank of the river');
  expect((await shown()).filter((s) => s.startsWith('␣')).length).toBeGreaterThanOrEqual(4);
  await expect(page.getByTestId('next-token')).toHaveCount(10);

  await showView(page, 'attention');
  await expect(page.getByTestId('head-thumb')).toHaveCount(2 * (4 + 2));
  await showView(page, 'drift');
  await expect(page.getByTestId('drift-model')).toHaveValue(id);
  await showView(page, 'sampling');
  await page.getByTestId('step').click();
  await page.getByTestId('step').click();
  await expect(page.getByTestId('gen-status')).toContainText('2');
  await expect(page.getByTestId('sampling-chart').first()).toBeVisible();
  await showView(page, 'prompting');
  await expect(page.getByTestId('shot-lane')).toHaveCount(3, { timeout: 90_000 });
  await expect(page.getByTestId('shot-model-note')).toHaveCount(0);

  // The Training lab fine-tunes a checkpoint this small: a few steps from its weights.
  await showView(page, 'training');
  await page.getByTestId('train-mode').selectOption('finetune');
  await expect(page.getByTestId('train-base-note')).toHaveAttribute('data-base', id);
  await page.getByTestId('train-batch').fill('4');
  await page.getByTestId('train-seqlen').fill('16');
  await page.getByTestId('train-start').click();
  await expect
    .poll(async () => Number(await page.getByTestId('train-status').getAttribute('data-step')), { timeout: 120_000 })
    .toBeGreaterThanOrEqual(3);
  await page.getByTestId('train-stop').click();

  // Reload: the checkpoint comes back from IndexedDB, by the id in the link.
  const url = page.url();
  expect(url).toContain('#s=');
  await page.reload();
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-model-id', id, { timeout: 90_000 });
  await expect(page.getByTestId('opened-info')).toHaveAttribute('data-saved', 'true');

  // Elsewhere (a fresh browser profile): the link runs on the shipped model and asks for the checkpoint by name and hash.
  const other = await browser.newContext();
  const p2 = await other.newPage();
  await p2.goto(url);
  const notice = p2.getByTestId('model-missing');
  await expect(notice).toBeVisible({ timeout: 90_000 });
  const hash = id.slice(-12);
  await expect(notice).toContainText(`Open gpt2-tiny (${hash}) to see this exactly`);
  await expect(p2.getByTestId('next-token').first()).toBeVisible({ timeout: 90_000 });
  await expect(p2.getByTestId('model-info')).toHaveAttribute('data-model-id', 'tiny-gpt');
  await expect(p2.getByTestId('model-picker')).toHaveValue(id);
  // Opening the same files (chosen one by one, so without the folder's name) gives the linked checkpoint.
  await openFiles(p2, 'gpt2-tiny', { via: 'notice' });
  await expect(p2.getByTestId('model-missing')).toHaveCount(0);
  await expect(p2.getByTestId('model-picker')).toHaveValue(id);
  await other.close();
});

test('a BERT-format checkpoint: fill-in-the-blank and every view', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page, '?backend=wasm');
  const id = await openFiles(page, 'bert-tiny');
  await page.getByTestId('prompt-input').fill('she sat on the [MASK] of the river');
  await expect(page.locator('[data-testid="token"] .token-text').first()).toHaveText('[CLS]');
  await expect(page.getByTestId('next-token')).toHaveCount(10);
  await showView(page, 'attention');
  await expect(page.getByTestId('head-thumb')).toHaveCount(2 * (4 + 2));
  await showView(page, 'drift');
  await expect(page.getByTestId('drift-model')).toHaveValue(id);
  await showView(page, 'sampling');
  await page.getByTestId('step').click();
  await expect(page.getByTestId('gen-status')).toContainText('1');
  await showView(page, 'prompting');
  // Few-shot prompting needs a causal model: the view says it uses tiny-gpt instead.
  await expect(page.getByTestId('shot-model-note')).toBeVisible();
  await showView(page, 'training');
  await page.getByTestId('train-mode').selectOption('finetune');
  await expect(page.getByTestId('train-base-note')).toHaveAttribute('data-reason', 'masked');
});

test('a hostile checkpoint is refused by name and the current model keeps working', async ({ page }) => {
  await openApp(page, '?backend=wasm');
  const good = readFileSync(`${ROOT}/gpt2-tiny/model.safetensors`);
  const payload = (name: string, buffer: Buffer) => ({ name, mimeType: 'application/octet-stream', buffer });
  const jsonFiles = ['config.json', 'tokenizer.json'].map((f) => payload(f, readFileSync(`${ROOT}/gpt2-tiny/${f}`)));
  await page.getByTestId('model-picker').selectOption('__open__');
  await page
    .getByTestId('open-files-input')
    .setInputFiles([...jsonFiles, payload('model.safetensors', good.subarray(0, good.length - 4096))]);
  await page.getByTestId('open-start').click();
  const err = page.getByTestId('open-error');
  await expect(err).toBeVisible();
  await expect(err).toContainText(/model\.safetensors: tensor "transformer\.[\w.]+" ends at byte \d+/);
  await expect(err).toContainText('Tensor: transformer.');
  // A header claiming a terabyte is refused before anything is read.
  const huge = Buffer.alloc(16);
  huge.writeBigUInt64LE(2n ** 40n, 0);
  await page.getByTestId('open-files-input').setInputFiles([...jsonFiles, payload('model.safetensors', huge)]);
  await page.getByTestId('open-start').click();
  await expect(err).toContainText('the header claims 1099511627776 bytes');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-model-id', 'tiny-gpt');
  await page.getByTestId('prompt-input').fill('the river');
  await expect(page.getByTestId('next-token')).toHaveCount(10);
});
