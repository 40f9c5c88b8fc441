import { expect, type Page, test } from '@playwright/test';
import { expectTokensFor, exportItem, openApp } from './helpers';

async function openAttention(page: Page, query = '?backend=wasm') {
  await openApp(page, query);
  await page.getByTestId('tab-attention').click();
  await expect(page.getByTestId('attention-grid')).toBeVisible();
}

async function tableWeights(page: Page): Promise<number[][]> {
  const toggle = page.getByTestId('weights-table-toggle');
  if (
    !(await page
      .getByTestId('weights-table')
      .isVisible()
      .catch(() => false))
  )
    await toggle.click();
  await expect(page.getByTestId('weights-table')).toBeVisible();
  return page.getByTestId('weights-table').evaluate((table) => {
    const rows: number[][] = [];
    for (const td of table.querySelectorAll('td[data-q]')) {
      const q = Number(td.getAttribute('data-q'));
      const k = Number(td.getAttribute('data-k'));
      rows[q] ??= [];
      (rows[q] as number[])[k] = Number(td.getAttribute('data-w'));
    }
    return rows;
  });
}

test('typing a prompt redraws every head; the causal model never looks ahead and rows sum to 1', async ({ page }) => {
  await openAttention(page);
  const grid = page.getByTestId('attention-grid');
  // 4 layers × (4 heads + mean + max)
  await expect(grid.getByTestId('head-thumb')).toHaveCount(4 * 6);
  const prompt = 'the man went to the bank to get money';
  await page.getByTestId('prompt-input').fill(prompt);
  await expectTokensFor(page, prompt);
  await expect(page.getByTestId('attention-view')).toHaveAttribute('data-t', '9');
  for (const [layer, head] of [
    [0, '0'],
    [3, '2'],
    [1, 'mean'],
    [2, 'max'],
  ] as const) {
    await grid.locator(`[data-layer="${layer}"][data-head="${head}"]`).click();
    await expect(grid.locator(`[data-layer="${layer}"][data-head="${head}"]`)).toHaveAttribute('aria-pressed', 'true');
    const w = await tableWeights(page);
    expect(w).toHaveLength(9);
    for (let q = 0; q < 9; q++) {
      const row = w[q] as number[];
      if (head !== 'max') expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-3);
      for (let k = q + 1; k < 9; k++) expect(row[k]).toBe(0);
    }
    await expect(page.getByTestId('head-view')).toHaveAttribute('data-max-above-diagonal', '0');
  }
});

test('keyboard: Enter on a thumbnail opens it, focusing a token isolates its row', async ({ page }) => {
  await openAttention(page);
  const thumb = page.getByTestId('attention-grid').locator('[data-layer="1"][data-head="3"]');
  await thumb.focus();
  await page.keyboard.press('Enter');
  await expect(thumb).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('head-view').locator('h3')).toContainText('1');
  const token = page.getByTestId('head-view').locator('.tok.q').nth(3);
  await token.focus();
  await expect(page.getByTestId('head-view').locator('.weight')).not.toHaveCount(0);
  await page.keyboard.press('Enter');
  const state = await page.evaluate(() => (window as unknown as { __tp: { state: () => { attention: unknown } } }).__tp.state().attention);
  expect(state).toMatchObject({ layer: 1, head: 3, focus: 3 });
  await page.getByTestId('mode-matrix').click();
  await expect(page.getByTestId('head-view')).toHaveAttribute('data-mode', 'matrix');
});

test('exports the head view as PNG and SVG and the raw attention as JSON', async ({ page }) => {
  await openAttention(page);
  for (const [kind, ext] of [
    ['png', '.png'],
    ['svg', '.svg'],
    ['json', '.json'],
  ] as const) {
    const item = await exportItem(page.locator('[data-panel="attention.head"]'), kind);
    const download = page.waitForEvent('download');
    await item.click();
    const d = await download;
    expect(d.suggestedFilename()).toMatch(new RegExp(`^attention-.*\\${ext}$`));
    if (ext === '.json') {
      const json = JSON.parse(await (await import('node:fs/promises')).readFile((await d.path()) as string, 'utf8'));
      expect(json.attention).toHaveLength(4);
      expect(json.attention[0]).toHaveLength(4);
      expect(json.tokens.length).toBe(json.shape.T);
    }
  }
});

test('stays readable and fast from 1 token to the full context', async ({ page }) => {
  await openAttention(page);
  const times: number[] = [];
  const words = 'the bank of the river was full of water and the money in the bank was safe'.split(' ');
  for (const n of [1, 4, 16, 64, 128]) {
    const text = Array.from({ length: n }, (_, i) => words[i % words.length]).join(' ');
    await page.getByTestId('prompt-input').fill(text);
    await expect(page.getByTestId('attention-view')).toHaveAttribute('data-t', String(n));
    await expect(page.getByTestId('attention-view')).toHaveAttribute('data-render-ms', /\d/);
    await page.waitForTimeout(300);
    times.push(Number(await page.getByTestId('attention-view').getAttribute('data-render-ms')));
  }
  console.log(`attention view render after forward (ms) at 1/4/16/64/128 tokens: ${times.join(' / ')}`);
  // The head view scrolls instead of shrinking labels below legibility.
  const box = await page.getByTestId('head-view').locator('.head-scroll').boundingBox();
  expect(box?.height).toBeLessThan(800);
});

test('switching to tiny-bert keeps the selection and shows full (unmasked) attention', async ({ page }) => {
  await openAttention(page);
  await page.getByTestId('prompt-input').fill('she sat on the bank of the river');
  await page.getByTestId('attention-grid').locator('[data-layer="2"][data-head="1"]').click();
  await page.getByTestId('model-picker').selectOption('tiny-bert');
  await expect(page.getByTestId('attention-view')).toHaveAttribute('data-model', 'tiny-bert');
  await expect(page.getByTestId('attention-grid').locator('[data-layer="2"][data-head="1"]')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => Number(await page.getByTestId('head-view').getAttribute('data-max-above-diagonal'))).toBeGreaterThan(0);
  const w = await tableWeights(page);
  for (const row of w) expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-3);
});
