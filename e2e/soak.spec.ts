import { expect, test } from '@playwright/test';
import { chromiumPath, QUIET_FLAGS } from './browser';
import { openApp } from './helpers';

// --expose-gc lets the test collect garbage before reading the heap, so growth means leaks, not timing.
test.use({ launchOptions: { executablePath: chromiumPath(), args: ['--js-flags=--expose-gc', ...QUIET_FLAGS] } });

const INTERACTIONS = Number(process.env.SOAK_INTERACTIONS ?? 1000);
const MODELS = ['random-gpt', 'tiny-gpt', 'tiny-bert'];
const VIEWS = ['attention', 'drift', 'sampling', 'prompting'];
const WORDS = 'the bank of the river was full of water and the money in the bank was safe [MASK] she sat'.split(' ');

interface Probe {
  tensors: number;
  heap: number;
}

test(`soak: ${INTERACTIONS} mixed interactions keep tensors and heap stable, with no console errors`, async ({ page }) => {
  test.setTimeout(15 * 60_000);
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, '?backend=wasm');
  const probe = (): Promise<Probe> =>
    page.evaluate(async () => {
      const w = window as unknown as { gc?: () => void; __tp: { memory: () => Promise<{ numTensors: number }> } };
      w.gc?.();
      await new Promise((r) => setTimeout(r, 50));
      w.gc?.();
      const heap = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
      return { tensors: (await w.__tp.memory()).numTensors, heap };
    });
  // Warm up: every model loaded and every view opened once, so caches are full before we measure.
  for (const m of MODELS) {
    await page.getByTestId('model-picker').selectOption(m);
    await expect(page.getByTestId('model-info')).toHaveAttribute('data-model-id', m);
  }
  for (const v of VIEWS) await page.getByTestId(`tab-${v}`).click();
  await page.getByTestId('tab-sampling').click();
  await page.waitForTimeout(2000);
  // Both counts are read on the Attention view: the sampling view keeps its last KV-cache session open while it is
  // shown (the next Play or step continues it; its tensors, two per layer, are freed when the view closes).
  await page.getByTestId('tab-attention').click();
  await page.waitForTimeout(1000);
  const before = await probe();

  let seed = 1;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const input = page.getByTestId('prompt-input');
  const t0 = Date.now();
  const counts = { edit: 0, step: 0, idle: 0, model: 0, view: 0 };
  for (let i = 0; i < INTERACTIONS; i++) {
    const r = rnd(100);
    if (r < 55) {
      const n = 1 + rnd(12);
      await input.fill(Array.from({ length: n }, () => WORDS[rnd(WORDS.length)]).join(' '));
      counts.edit++;
    } else if (r < 80) {
      if (!(await page.getByTestId('step').isVisible())) await page.getByTestId('tab-sampling').click();
      // A masked model fills in [MASK]: like a user, give it one to fill when the prompt has none.
      const masked = (await page.getByTestId('model-info').getAttribute('data-model-id')) === 'tiny-bert';
      const text = await input.inputValue();
      if (masked && !text.includes('[MASK]')) await input.fill(`${text} [MASK]`);
      // A step waits, as a user would, until the button is enabled (the pass for the last edit is done);
      // "back" only when something was generated. A turn where it never becomes possible counts as idle.
      // A masked model has one step per [MASK]; when all are filled, go back instead.
      const generated = await page.evaluate(
        () => (window as unknown as { __tp: { state: () => { sampling: { generated: number } } } }).__tp.state().sampling.generated,
      );
      const full = masked && generated >= (await input.inputValue()).split('[MASK]').length - 1;
      const button = page.getByTestId(generated > 0 && (full || rnd(4) === 0) ? 'back' : 'step');
      const ready = await expect(button)
        .toBeEnabled({ timeout: 15_000 })
        .then(() => true)
        .catch(() => false);
      if (ready) {
        await button.click();
        counts.step++;
      } else counts.idle++;
    } else if (r < 88) {
      await page.getByTestId('model-picker').selectOption(MODELS[rnd(MODELS.length)] as string);
      counts.model++;
    } else {
      await page.getByTestId(`tab-${VIEWS[rnd(VIEWS.length)]}`).click();
      counts.view++;
    }
  }
  // Let the last passes finish.
  await page.getByTestId('model-picker').selectOption('tiny-gpt');
  await page.getByTestId('tab-sampling').click();
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-model-id', 'tiny-gpt');
  await page.waitForTimeout(3000);
  await page.getByTestId('tab-attention').click();
  await page.waitForTimeout(1000);
  const after = await probe();
  const seconds = (Date.now() - t0) / 1000;
  console.log(
    `soak: ${INTERACTIONS} interactions (${JSON.stringify(counts)}) in ${seconds.toFixed(0)} s; ` +
      `tensors ${before.tensors} -> ${after.tensors}; JS heap ${(before.heap / 1e6).toFixed(1)} -> ${(after.heap / 1e6).toFixed(1)} MB`,
  );
  expect(after.tensors).toBe(before.tensors);
  expect(after.heap - before.heap).toBeLessThan(10e6);
  expect(errors).toEqual([]);
});
