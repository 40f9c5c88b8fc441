import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { exportItem, openApp, playUntilStopped } from './helpers';

/** Sampling settings as the slice holds them. */
interface Settings {
  temperature: number;
  topK: number;
  topP: number;
  seed: number;
  maxTokens: number;
}

type Tp = { __tp: { state: () => { update: (k: string, p: unknown) => void } } };

async function openSampling(page: Page, patch: Record<string, unknown> = {}, backend = 'wasm'): Promise<void> {
  await openApp(page, `?backend=${backend}`);
  await page.getByTestId('tab-sampling').click();
  if (Object.keys(patch).length) await setSampling(page, patch);
}

async function setSampling(page: Page, patch: Record<string, unknown>): Promise<void> {
  await page.evaluate((p) => (window as unknown as Tp).__tp.state().update('sampling', p), patch);
}

async function idle(page: Page): Promise<void> {
  await expect(page.getByTestId('gen-status')).toHaveAttribute('data-busy', 'false');
}

/** Plays generation from scratch with these settings until it stops; returns the generated token ids. */
async function play(page: Page, s: Settings): Promise<string> {
  await setSampling(page, { ...s, generated: 0, step: null });
  await idle(page);
  await playUntilStopped(page);
  // It stops at the limit, or earlier when the model ends the text with [SEP].
  const text = page.getByTestId('generated-text');
  const count = Number(await text.getAttribute('data-count'));
  if (count < s.maxTokens) expect(await text.getAttribute('data-text')).toMatch(/\[SEP\]$/);
  else expect(count).toBe(s.maxTokens);
  return (await text.getAttribute('data-tokens')) ?? '';
}

async function candidates(page: Page): Promise<{ token: string; p: number; kept: boolean; drawn: boolean; outside: boolean }[]> {
  return page.getByTestId('candidate').evaluateAll((els) =>
    els.map((e) => ({
      token: e.getAttribute('data-token') ?? '',
      p: Number(e.getAttribute('data-prob')),
      kept: e.getAttribute('data-kept') === 'true',
      drawn: e.getAttribute('data-drawn') === 'true',
      outside: e.getAttribute('data-outside') === 'true',
    })),
  );
}

const NON_GREEDY: Settings = { temperature: 1, topK: 10, topP: 1, seed: 7, maxTokens: 6 };

test('the same seed and settings replay the same text; another seed changes it', async ({ browser }) => {
  const context = await browser.newContext();
  const a = await context.newPage();
  await openSampling(a);
  const first = await play(a, NON_GREEDY);
  expect(first.split(',').length).toBeGreaterThan(0);
  // Reset and play again in the same page.
  await a.getByTestId('reset').click();
  await expect(a.getByTestId('generated-text')).toHaveAttribute('data-count', '0');
  expect(await play(a, NON_GREEDY)).toBe(first);
  // A fresh page, generation recomputed from the same state.
  const b = await context.newPage();
  await openSampling(b);
  expect(await play(b, NON_GREEDY)).toBe(first);
  // Other seeds, same settings: other tokens. A confident model can draw the same few tokens under two seeds (the
  // shipped tiny-gpt does for seeds 7 and 8), so the check is that the seed matters: one of four others differs.
  const others: string[] = [];
  for (const seed of [8, 9, 10, 11]) others.push(await play(b, { ...NON_GREEDY, seed }));
  expect(others.some((o) => o !== first)).toBe(true);
  // Greedy ignores the seed.
  const greedy = { ...NON_GREEDY, temperature: 0 };
  expect(await play(b, { ...greedy, seed: 1 })).toBe(await play(b, { ...greedy, seed: 2 }));
  await context.close();
});

test('the same seed draws the same tokens on WebGPU as on WASM (draws happen in JavaScript, seeded)', async ({ browser }) => {
  const settings = { ...NON_GREEDY, topK: 0, maxTokens: 3 };
  const context = await browser.newContext();
  const wasm = await context.newPage();
  await openSampling(wasm);
  const onWasm = await play(wasm, settings);
  const gpu = await context.newPage();
  await openSampling(gpu, {}, 'webgpu');
  await expect(gpu.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'webgpu');
  expect(await play(gpu, settings)).toBe(onWasm);
  await context.close();
});

test('the chart: probabilities over the kept set sum to 1, cut-offs, draw and scrubber', async ({ page }) => {
  await openSampling(page);
  await play(page, NON_GREEDY);
  await expect(page.getByTestId('sampling-chart')).toBeVisible();
  const c = await candidates(page);
  expect(c.length).toBeGreaterThanOrEqual(10);
  const kept = c.filter((x) => x.kept);
  expect(kept).toHaveLength(10);
  expect(Math.abs(kept.reduce((s, x) => s + x.p, 0) - 1)).toBeLessThan(1e-6);
  expect(c.filter((x) => !x.kept).every((x) => x.p === 0)).toBe(true);
  // The drawn token is a kept bar, and the generated text ends with it.
  const drawn = c.filter((x) => x.drawn);
  expect(drawn).toHaveLength(1);
  expect(drawn[0]?.kept).toBe(true);
  const tokens = ((await page.getByTestId('generated-text').getAttribute('data-tokens')) ?? '').split(',');
  await expect(page.getByTestId('sampling-chart')).toHaveAttribute('data-drawn', tokens[tokens.length - 1] as string);
  // The mass removed by top-k is shown and positive (and equals what the kept bars were renormalised from).
  expect(Number(await page.getByTestId('removed-mass').getAttribute('data-removed-k'))).toBeGreaterThan(0);
  await expect(page.locator('.cutoff')).toHaveCount(1);

  // Without top-k: the bars plus the rest bar sum to 1.
  await setSampling(page, { topK: 0, topP: 1 });
  await idle(page);
  const all = await candidates(page);
  const rest = Number(await page.getByTestId('candidate-rest').getAttribute('data-prob'));
  expect(Math.abs(all.reduce((s, x) => s + x.p, 0) + rest - 1)).toBeLessThan(1e-6);

  // The scrubber revisits an earlier step: the chart follows.
  await setSampling(page, { topK: 10 });
  await idle(page);
  const thumb = page.getByTestId('step-scrubber').getByRole('slider');
  await thumb.focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('step-chart')).toHaveAttribute('data-step', '0');
  const firstToken = ((await page.getByTestId('generated-text').getAttribute('data-tokens')) ?? '').split(',')[0];
  await expect(page.getByTestId('sampling-chart')).toHaveAttribute('data-drawn', firstToken as string);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('step-chart')).toHaveAttribute('data-step', '1');

  // Exports: the chart as SVG, every step's distribution as JSON.
  const [svgDl] = await Promise.all([
    page.waitForEvent('download'),
    exportItem(page.locator('[data-panel="sampling.chart"]'), 'svg').then((b) => b.click()),
  ]);
  const svgText = readFileSync((await svgDl.path()) as string, 'utf8');
  expect(svgText).toContain('<svg');
  expect(svgText).toContain('data-testid="candidate"');
  const [jsonDl] = await Promise.all([
    page.waitForEvent('download'),
    exportItem(page.locator('[data-panel="sampling.chart"]'), 'json').then((b) => b.click()),
  ]);
  const exported = JSON.parse(readFileSync((await jsonDl.path()) as string, 'utf8')) as {
    seed: number;
    steps: { token: { id: number }; top: { p: number }[] }[];
  };
  expect(exported.seed).toBe(NON_GREEDY.seed);
  expect(exported.steps.map((x) => x.token.id).join(',')).toBe(tokens.join(','));
  for (const st of exported.steps) expect(Math.abs(st.top.reduce((a, x) => a + x.p, 0) - 1)).toBeLessThan(1e-9);

  // Accessible: labelled controls, enough contrast.
  const axe = await new AxeBuilder({ page }).include('.sampling-view').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('temperature reshapes the chart live; the same seed keeps the same random draws', async ({ page }) => {
  await openSampling(page);
  await play(page, { ...NON_GREEDY, topK: 0, maxTokens: 5 });
  await setSampling(page, { step: 0 });
  const u = await page.getByTestId('draw-explain').getAttribute('data-u');
  const before = await candidates(page);
  await setSampling(page, { temperature: 0.3 });
  await idle(page);
  await setSampling(page, { step: 0 });
  // Same u at step 1 whatever the temperature.
  await expect(page.getByTestId('draw-explain')).toHaveAttribute('data-u', u as string);
  const after = await candidates(page);
  // Same ranking of the top bars (a drawn token below them has a bar of its own), sharper distribution.
  const top = (c: typeof after) => c.filter((x) => !x.outside).map((x) => x.token);
  expect(top(after)).toEqual(top(before));
  expect(after[0]?.p).toBeGreaterThan(before[0]?.p as number);
  // Greedy: the draws that changed are shown, from the first step whose token differs.
  const warm = ((await page.getByTestId('generated-text').getAttribute('data-tokens')) ?? '').split(',');
  await setSampling(page, { temperature: 0, step: null });
  await idle(page);
  const cold = ((await page.getByTestId('generated-text').getAttribute('data-tokens')) ?? '').split(',');
  let at = 0;
  while (at < cold.length && cold[at] === warm[at]) at++;
  expect(at).toBeLessThan(cold.length);
  await expect(page.getByTestId('change-note')).toHaveAttribute('data-at', String(at));
  await expect(page.getByTestId('change-note')).toContainText(`u = `);
});

test('tiny-bert: the fill-in-the-blank distribution at [MASK]', async ({ page }) => {
  await openApp(page, '?backend=wasm');
  await page.evaluate(() => {
    const s = (window as unknown as Tp).__tp.state();
    s.update('model', { id: 'tiny-bert' });
    s.update('prompt', { text: 'she went to the [MASK] to get some money .' });
  });
  await page.getByTestId('tab-sampling').click();
  await setSampling(page, { temperature: 1, topK: 10, topP: 1, seed: 3, generated: 0, step: null });
  await expect(page.getByTestId('step')).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId('step').click();
  await expect(page.getByTestId('generated-text')).toHaveAttribute('data-count', '1');
  const kept = (await candidates(page)).filter((x) => x.kept);
  expect(kept).toHaveLength(10);
  expect(Math.abs(kept.reduce((s, x) => s + x.p, 0) - 1)).toBeLessThan(1e-6);
  // One mask: filled, and nothing more to do.
  await expect(page.getByTestId('step')).toBeDisabled();
});
