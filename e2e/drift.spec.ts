import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { findTarget } from '../src/analysis/drift';
import { cosineGap, looNearestCentroid } from '../src/analysis/senses';
import { Tokenizer } from '../src/model/tokenizer';
import { exportItem, openApp } from './helpers';

/** The model the drift view opens on (src/state/slices/drift.ts). */
const DEFAULT = 'tiny-bert';

async function openDrift(page: Page): Promise<void> {
  await openApp(page, '?backend=wasm');
  await page.getByTestId('tab-drift').click();
  await expect(page.getByTestId('drift-plot').first()).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
}

async function layerPoints(page: Page, panel: string, layer: number): Promise<[number, number][]> {
  return page
    .locator(`[data-testid="drift-panel"][data-model="${panel}"] [data-testid="drift-point"][data-layer="${layer}"]`)
    .evaluateAll((els) => els.map((e) => [Number(e.getAttribute('data-x')), Number(e.getAttribute('data-y'))] as [number, number]));
}

test('adding a sentence adds a path; layer-0 points coincide; a sentence without the word is reported', async ({ page }) => {
  await openDrift(page);
  const plot = page.getByTestId('drift-plot');
  const before = Number(await plot.getAttribute('data-paths'));
  expect(before).toBeGreaterThanOrEqual(10);
  await expect(page.locator('[data-testid="drift-path"]')).toHaveCount(before);
  await expect(plot).toHaveAttribute('data-coincide', 'true');

  // Every sentence's layer-0 point is the same point (the static embedding wte[bank]).
  const p0 = await layerPoints(page, DEFAULT, 0);
  expect(p0).toHaveLength(before);
  const pLast = await layerPoints(page, DEFAULT, 4);
  const spread = Math.max(...pLast.map((p) => Math.hypot(p[0] - (p0[0] as [number, number])[0], p[1] - (p0[0] as [number, number])[1])));
  expect(spread).toBeGreaterThan(0);
  for (const p of p0)
    expect(Math.hypot(p[0] - (p0[0] as [number, number])[0], p[1] - (p0[0] as [number, number])[1])).toBeLessThan(1e-6 * spread);

  await page.getByTestId('drift-add-text').fill('after the flood we sat on the bank and watched the water');
  await page.getByTestId('drift-add-sense').fill('river');
  await page.getByTestId('drift-add').click();
  await expect(plot).toHaveAttribute('data-paths', String(before + 1), { timeout: 60_000 });
  await expect(page.locator('[data-testid="drift-path"]')).toHaveCount(before + 1);

  await page.getByTestId('drift-add-text').fill('the sky was blue all day');
  await page.getByTestId('drift-add').click();
  await expect(page.getByTestId('drift-missing')).toHaveCount(1);
  await expect(page.getByTestId('drift-missing')).toContainText('bank');
  await expect(plot).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(plot).toHaveAttribute('data-paths', String(before + 1));

  // The user's sentences are in the chosen state (what a permalink carries).
  const state = await page.evaluate(
    () => (window as unknown as { __tp: { state: () => { drift: { sentences: unknown[] } } } }).__tp.state().drift,
  );
  expect(state.sentences).toHaveLength(before + 2);

  // "Centre each layer" (on by default) moves the points, not the numbers; layer 0 stays one point either way.
  const centre = page.getByTestId('drift-centre');
  await expect(centre).toBeChecked();
  const centred4 = JSON.stringify(await layerPoints(page, DEFAULT, 4));
  const metrics = () => page.getByTestId('drift-metric-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-acc')));
  const shownCentred = await metrics();
  await centre.uncheck();
  await expect.poll(async () => JSON.stringify(await layerPoints(page, DEFAULT, 4))).not.toBe(centred4);
  await expect(plot).toHaveAttribute('data-coincide', 'true');
  expect(await metrics()).toEqual(shownCentred);
  expect(
    await page.evaluate(() => (window as unknown as { __tp: { state: () => { drift: { centre: boolean } } } }).__tp.state().drift.centre),
  ).toBe(false);
  await centre.check();

  // Without removing the position vector, layer-0 points differ with the word's position.
  await page.getByTestId('drift-remove-position').uncheck();
  await expect(plot).toHaveAttribute('data-coincide', 'false');

  // Export of the vectors.
  const item = await exportItem(page.locator('[data-panel="drift.models"]').first(), 'json');
  const download = page.waitForEvent('download');
  await item.click();
  expect((await download).suggestedFilename()).toBe(`drift-bank-${DEFAULT}.json`);
});

test('the metrics shown equal those computed from the engine’s residual stream', async ({ page }) => {
  await openDrift(page);
  // Raw residual vectors (position kept), so the check needs nothing but the forward probe.
  await page.getByTestId('drift-remove-position').uncheck();
  await expect(page.getByTestId('drift-plot')).toHaveAttribute('data-coincide', 'false');
  const rows = page.getByTestId('drift-sentence');
  const n = await rows.count();
  const sentences: { text: string; sense: string }[] = [];
  for (let i = 0; i < n; i++) {
    sentences.push({
      text: await page.locator(`#drift-text-${i}`).inputValue(),
      sense: await page.locator(`#drift-sense-${i}`).inputValue(),
    });
  }
  const tokJson = await page.evaluate(async (m) => (await fetch(`models/${m}/tokenizer.json`)).json(), DEFAULT);
  const tok = Tokenizer.fromJSON(tokJson);
  // Residual-stream points: the embedding and every layer's output.
  const nLayers: number = await page.evaluate(async (m) => (await (await fetch(`models/${m}/model.json`)).json()).config.nLayers, DEFAULT);
  const L = nLayers + 1;
  const vecs: number[][][] = [];
  const senses: string[] = [];
  for (const s of sentences) {
    const tokens = tok.encode(s.text).slice(0, 128);
    const target = findTarget(s.text, tokens, 'bank');
    if (target.status === 'missing') continue;
    const v = await page.evaluate(
      async ([ids, idx, model, nl]) => {
        const tp = (window as unknown as { __tp: { forward: (m: string, i: number[]) => Promise<{ T: number; residual: Float32Array }> } })
          .__tp;
        const out = await tp.forward(model as string, ids as number[]);
        const d = out.residual.length / ((nl as number) * out.T);
        return Array.from({ length: nl as number }, (_, l) =>
          Array.from(out.residual.slice((l * out.T + (idx as number)) * d, (l * out.T + (idx as number) + 1) * d)),
        );
      },
      [tokens.map((t) => t.id), target.index, DEFAULT, L] as const,
    );
    vecs.push(v);
    senses.push(s.sense);
  }
  expect(vecs.length).toBeGreaterThanOrEqual(10);
  const shown = await page
    .getByTestId('drift-metric-row')
    .evaluateAll((els) => els.map((e) => ({ acc: Number(e.getAttribute('data-acc')), gap: Number(e.getAttribute('data-gap')) })));
  expect(shown).toHaveLength(L);
  for (let l = 0; l < L; l++) {
    const at = vecs.map((v) => v[l] as number[]);
    expect(shown[l]?.acc).toBeCloseTo(looNearestCentroid(at, senses).accuracy, 9);
    expect(shown[l]?.gap).toBeCloseTo(cosineGap(at, senses).gap, 9);
  }
  // Layer 0 holds no context: whatever separation there is comes from the position only.
  test.info().annotations.push({ type: 'metrics', description: JSON.stringify(shown) });
});

test('GPT and BERT side by side, and UMAP', async ({ page }) => {
  await openDrift(page);
  await page.getByTestId('drift-compare').check();
  const panels = page.getByTestId('drift-panel');
  await expect(panels).toHaveCount(2);
  for (const m of ['tiny-gpt', 'tiny-bert'])
    await expect(page.locator(`[data-testid="drift-panel"][data-model="${m}"] [data-testid="drift-plot"]`)).toHaveAttribute(
      'data-ready',
      'true',
      {
        timeout: 90_000,
      },
    );
  for (const m of ['tiny-gpt', 'tiny-bert'])
    await expect(page.locator(`[data-testid="drift-panel"][data-model="${m}"] [data-testid="drift-plot"]`)).toHaveAttribute(
      'data-coincide',
      'true',
    );
  await page.getByTestId('drift-umap').click();
  for (const m of ['tiny-gpt', 'tiny-bert'])
    await expect(page.locator(`[data-testid="drift-panel"][data-model="${m}"] [data-testid="drift-plot"]`)).toHaveAttribute(
      'data-coincide',
      'true',
      { timeout: 60_000 },
    );
  await expect(page.getByTestId('drift-lens').first()).toBeVisible();
});

test('a word cut into several tokens shows the chosen piece; the layer slider moves the highlight; no axe violations', async ({ page }) => {
  await openDrift(page);
  // Layer slider, by keyboard.
  // It opens on the last layer; one step left is the layer below it.
  const last = Number(await page.getByTestId('drift-lens').getAttribute('data-layer'));
  expect(last).toBeGreaterThanOrEqual(2);
  const below = String(last - 1);
  await page.getByTestId('drift-layer').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('drift-lens')).toHaveAttribute('data-layer', below);
  await expect(page.getByTestId('drift-metrics')).toHaveAttribute('data-layer', below);
  await expect(page.locator(`[data-testid="drift-point"][data-layer="${below}"]`).first()).toHaveAttribute('stroke', '#1d1d24');

  const axe = await new AxeBuilder({ page }).include('[data-testid="drift-view"]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  const word = page.getByTestId('drift-word');
  await word.fill('arroyo');
  await word.press('Enter');
  await expect(page.getByTestId('drift-sentence')).toHaveCount(0);
  await page.getByTestId('drift-add-text').fill('we crossed the dry arroyo at dawn');
  await page.getByTestId('drift-add-sense').fill('stream');
  await page.getByTestId('drift-add').click();
  await expect(page.getByTestId('drift-split')).toBeVisible();
  await expect(page.getByTestId('drift-split')).toContainText('##');
  await expect(page.getByTestId('drift-plot')).toHaveAttribute('data-paths', '1', { timeout: 60_000 });
});
