import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { VIEWS } from '../src/state/slices/core';
import { openApp, showView } from './helpers';

/** Two sampling steps, so the step chart and the entropy chart are on screen too. */
async function generateTwo(page: Page): Promise<void> {
  for (const n of ['1', '2']) {
    await page.getByTestId('step').click();
    await expect(page.getByTestId('generated-text')).toHaveAttribute('data-tokens', new RegExp(`^(\\d+,){${Number(n) - 1}}\\d+$`));
  }
  await expect(page.locator('[data-panel="sampling.entropy"]')).toBeVisible();
}

for (const width of [768, 1280, 1920]) {
  test(`layout at ${width} px: no sideways scrolling on any view, screenshots taken`, async ({ page }) => {
    await page.setViewportSize({ width, height: width === 768 ? 1024 : width === 1280 ? 800 : 1080 });
    await openApp(page, '?backend=wasm');
    for (const v of VIEWS) {
      await showView(page, v);
      if (v === 'sampling') await generateTwo(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${v} at ${width}px scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: test.info().outputPath(`${v}-${width}.png`), fullPage: true });
    }
  });
}

test('axe: no serious or critical violations on any view', async ({ page }) => {
  await openApp(page, '?backend=wasm');
  const found: string[] = [];
  for (const v of VIEWS) {
    await showView(page, v);
    if (v === 'sampling') await generateTwo(page);
    const axe = await new AxeBuilder({ page }).analyze();
    for (const x of axe.violations)
      if (x.impact === 'serious' || x.impact === 'critical')
        found.push(
          `${v}: ${x.id} (${x.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')})`,
        );
  }
  expect(found).toEqual([]);
});
