/**
 * Head ablation on the shipped model. No head index or figure is written
 * here: the heads are found by the labels the page measures (the most
 * induction-like head labelled "induction", and a head with no label in a
 * later layer, which cannot feed it), and both losses are the page's own.
 */
import { expect, type Page, test } from '@playwright/test';
import { decode, stateTextFromHash } from '../src/state/codec';
import { openApp, showView } from './helpers';

/** The heads off that the address bar's link carries. */
function linkedHeads(hash: string): number[] {
  const text = stateTextFromHash(hash);
  return text === null ? [] : decode(text).state.ablation.heads;
}

interface ThumbInfo {
  layer: number;
  head: number;
  role: string;
  induction: number;
}

async function thumbs(page: Page): Promise<ThumbInfo[]> {
  return page.getByTestId('head-thumb').evaluateAll((els) =>
    els
      .filter((e) => /^\d+$/.test(e.getAttribute('data-head') ?? ''))
      .map((e) => ({
        layer: Number(e.getAttribute('data-layer')),
        head: Number(e.getAttribute('data-head')),
        role: e.getAttribute('data-role') ?? '',
        induction: Number(e.getAttribute('data-induction')),
      })),
  );
}

const thumb = (page: Page, h: ThumbInfo) => page.locator(`[data-testid="head-thumb"][data-layer="${h.layer}"][data-head="${h.head}"]`);

/**
 * Opens the demo (random words said twice) and returns the heads the experiment compares: every head labelled
 * "induction" (most induction-like first) and a head with no label.
 */
async function openDemo(page: Page): Promise<{ induction: ThumbInfo; inductionHeads: ThumbInfo[]; none: ThumbInfo }> {
  await openApp(page, '?backend=wasm');
  await showView(page, 'attention');
  await page.getByTestId('ablation-demo').click();
  await expect(page.getByTestId('attention-view')).toHaveAttribute('data-t', /^\d*[02468]$/);
  // Roles are measured once per model on the full model: wait until every square carries its score.
  await expect.poll(async () => (await thumbs(page)).every((t) => Number.isFinite(t.induction) && t.induction >= 0)).toBe(true);
  const all = await thumbs(page);
  const inductionHeads = all.filter((t) => t.role === 'induction').sort((a, b) => b.induction - a.induction);
  const induction = inductionHeads[0];
  expect(induction, 'the shipped model has a head labelled "induction"').toBeDefined();
  const ind = induction as ThumbInfo;
  const none = all.find((t) => t.role === '' && t.layer > ind.layer) ?? all.find((t) => t.role === '' && t.layer === ind.layer);
  expect(none, 'a head with no label in the induction head layer or after it').toBeDefined();
  return { induction: ind, inductionHeads, none: none as ThumbInfo };
}

async function copyLoss(page: Page): Promise<{ full: number; ablated: number }> {
  const el = page.getByTestId('copy-loss');
  await expect(el).toBeVisible();
  return { full: Number(await el.getAttribute('data-full')), ablated: Number(await el.getAttribute('data-ablated')) };
}

test('switching off the induction heads raises the second-copy loss; a head with no role changes it much less', async ({ page }) => {
  const { induction, inductionHeads, none } = await openDemo(page);

  // The most induction-like head by the grid's square, then the head view's switch.
  await thumb(page, induction).click();
  await page.getByTestId('head-toggle').click();
  await expect(thumb(page, induction)).toHaveAttribute('data-ablated', 'true');
  await expect(page.getByTestId('ablation-notice')).toHaveAttribute('data-count', '1');
  const one = await copyLoss(page);
  // The next-token panel shows the full model → the ablated one.
  await expect(page.getByTestId('next-token-change')).toBeVisible();
  await expect(page.getByTestId('next-token').first()).toHaveAttribute('data-before', /\d/);
  // The other heads labelled "induction" by keyboard: the heads with the same label can share the copying very
  // unequally (the pattern scores do not say which one carries it), so the experiment switches them all off.
  for (const h of inductionHeads.slice(1)) {
    await thumb(page, h).focus();
    await page.keyboard.press('x');
    await expect(thumb(page, h)).toHaveAttribute('data-ablated', 'true');
  }
  await expect(page.getByTestId('ablation-notice')).toHaveAttribute('data-count', String(inductionHeads.length));
  const ind = await copyLoss(page);
  expect(ind.full).toBeCloseTo(one.full, 5);
  expect(ind.ablated).toBeGreaterThanOrEqual(one.ablated - 1e-6);

  // The state and the link carry them: once the address bar has the new state, a reload opens with the heads still off.
  const ids = inductionHeads.map((h) => h.layer * 64 + h.head).sort((a, b) => a - b);
  await expect.poll(async () => [...linkedHeads(await page.evaluate(() => window.location.hash))].sort((a, b) => a - b)).toEqual(ids);
  await page.reload();
  await expect(page.getByTestId('next-token').first()).toBeVisible({ timeout: 90_000 });
  for (const h of inductionHeads) await expect(thumb(page, h)).toHaveAttribute('data-ablated', 'true');
  expect(await copyLoss(page)).toEqual(ind);

  // "All on", then the head with no role switched off by keyboard.
  await page.getByTestId('ablation-reset').click();
  await expect(page.locator('[data-testid="head-thumb"][data-ablated="true"]')).toHaveCount(0);
  await expect(page.getByTestId('copy-loss')).toHaveCount(0);
  await thumb(page, none).focus();
  await page.keyboard.press('x');
  await expect(thumb(page, none)).toHaveAttribute('data-ablated', 'true');
  const other = await copyLoss(page);
  expect(other.full).toBeCloseTo(ind.full, 5);

  const up = ind.ablated - ind.full;
  const change = other.ablated - other.full;
  console.log(
    `second-copy loss ${ind.full.toFixed(3)} nats; L${induction.layer} H${induction.head} (most induction-like) off: ${one.ablated.toFixed(3)}; ` +
      `all ${inductionHeads.length} induction heads off: ${ind.ablated.toFixed(3)} (+${up.toFixed(3)}); ` +
      `L${none.layer} H${none.head} (no role) off: ${other.ablated.toFixed(3)} (${change >= 0 ? '+' : ''}${change.toFixed(3)})`,
  );
  expect(up).toBeGreaterThan(0.25);
  expect(Math.abs(change)).toBeLessThan(up / 2);

  // Several at once: both off, then mean ablation shown as the choice.
  await thumb(page, induction).focus();
  await page.keyboard.press('x');
  await expect(page.locator('[data-testid="head-thumb"][data-ablated="true"]')).toHaveCount(2);
  await page.getByTestId('ablation-kind-mean').click();
  await expect(page.getByTestId('ablation-kind')).toHaveAttribute('data-kind', 'mean');
  await expect(page.getByTestId('ablation-notice')).toHaveAttribute('data-kind', 'mean');
  await expect(page.getByTestId('copy-loss')).toBeVisible();
});

test('the importance map measures every head on the current text, and the prompting batch run follows the ablation', async ({ page }) => {
  test.setTimeout(300_000);
  const { induction, none } = await openDemo(page);
  await page.getByTestId('importance-run').click();
  await expect(page.getByTestId('importance')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const deltas = await page
    .locator('[data-testid="head-thumb"][data-importance]')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-importance'))));
  expect(deltas.length).toBe((await thumbs(page)).length);
  const of = async (h: ThumbInfo) => Number(await thumb(page, h).getAttribute('data-importance'));
  expect(await of(induction)).toBeGreaterThan(await of(none));

  // The batch run with the full model, then with the induction head off: the table shows both.
  await showView(page, 'prompting');
  await page.getByTestId('shot-batch-queries').fill('4');
  await page.getByTestId('shot-batch-run').click();
  await expect(page.getByTestId('shot-batch')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await showView(page, 'attention');
  await thumb(page, induction).click();
  await page.getByTestId('head-toggle').click();
  await expect(thumb(page, induction)).toHaveAttribute('data-ablated', 'true');
  await showView(page, 'prompting');
  await expect(page.getByTestId('ablation-notice')).toBeVisible();
  await expect(page.getByTestId('shot-batch')).toHaveAttribute('data-state', 'idle');
  await page.getByTestId('shot-batch-run').click();
  await expect(page.getByTestId('shot-batch')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('shot-batch-full')).toHaveCount(9);
  const rows = await page.getByTestId('shot-batch-cell').evaluateAll((els) =>
    els.map((e) => ({
      k: Number(e.getAttribute('data-k')),
      off: Number(e.getAttribute('data-correct')),
      full: Number(e.querySelector('[data-testid="shot-batch-full"]')?.getAttribute('data-correct')),
    })),
  );
  console.log(`batch run (4 queries per k), correct with the head off / full: ${rows.map((r) => `k${r.k} ${r.off}/${r.full}`).join(', ')}`);
  expect(rows.length).toBe(9);
});

/** The last row's logits of one pass in the page: with `heads` off (zero), or the full model (`heads` null). */
async function lastLogits(page: Page, ids: number[], heads: [number, number][] | null): Promise<number[]> {
  return page.evaluate(
    async ([i, h]) => {
      const tp = (window as unknown as { __tp: { forward: (m: string, i: number[], o: unknown) => Promise<{ logits: Float32Array }> } })
        .__tp;
      const ablation = h ? { heads: h, kind: 'zero' } : null;
      const out = await tp.forward('tiny-gpt', i as number[], { logits: 'last', attention: false, residual: false, ablation });
      return Array.from(out.logits);
    },
    [ids, heads] as const,
  );
}

test('the ablated pass is the same on WebGPU and WASM, and toggling keeps the engine tensor count flat', async ({ page }) => {
  test.setTimeout(300_000);
  // An engine check, not a claim about the model: any two heads will do.
  const heads: [number, number][] = [
    [0, 1],
    [1, 0],
  ];
  const ids = [5, 17, 230, 41, 5, 17, 230];
  const out: Record<string, { off: number[]; full: number[] }> = {};
  for (const backend of ['webgpu', 'wasm']) {
    await openApp(page, `?backend=${backend}`);
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', backend);
    out[backend] = { off: await lastLogits(page, ids, heads), full: await lastLogits(page, ids, null) };
    if (backend === 'wasm') {
      await showView(page, 'attention');
      const sq = page.locator('[data-testid="head-thumb"][data-layer="0"][data-head="0"]');
      const memory = () =>
        page.evaluate(
          async () => (await (window as unknown as { __tp: { memory: () => Promise<{ numTensors: number }> } }).__tp.memory()).numTensors,
        );
      await sq.focus();
      await page.keyboard.press('x');
      await expect(page.getByTestId('text-loss')).toBeVisible();
      await page.keyboard.press('x');
      await expect(sq).toHaveAttribute('data-ablated', 'false');
      await expect(page.getByTestId('ablation-notice')).toHaveCount(0);
      const before = await memory();
      for (let i = 0; i < 10; i++) {
        await page.keyboard.press('x');
        await expect(sq).toHaveAttribute('data-ablated', i % 2 === 0 ? 'true' : 'false');
      }
      await expect(page.getByTestId('ablation-notice')).toHaveCount(0);
      await expect.poll(memory).toBe(before);
    }
  }
  const diff = (a: number[], b: number[]) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);
  const gpu = out.webgpu as { off: number[]; full: number[] };
  const cpu = out.wasm as { off: number[]; full: number[] };
  expect(diff(gpu.off, cpu.off)).toBeLessThan(1e-3);
  expect(diff(gpu.full, cpu.full)).toBeLessThan(1e-3);
  expect(diff(cpu.off, cpu.full)).toBeGreaterThan(1e-2);
});
