import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { VIEWS } from '../src/state/slices/core';
import { openApp } from './helpers';

for (const width of [768, 1280, 1920]) {
  test(`layout at ${width} px: no sideways scrolling on any view, screenshots taken`, async ({ page }) => {
    await page.setViewportSize({ width, height: width === 768 ? 1024 : width === 1280 ? 800 : 1080 });
    await openApp(page, '?backend=wasm');
    for (const v of VIEWS) {
      await page.getByTestId(`tab-${v}`).click();
      await expect(page.getByTestId(`tab-${v}`)).toHaveAttribute('aria-selected', 'true');
      await expect(page.locator('.view-panel[data-state="active"]')).not.toContainText(/Loading view|正在加载视图/);
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
    await page.getByTestId(`tab-${v}`).click();
    await expect(page.getByTestId(`tab-${v}`)).toHaveAttribute('aria-selected', 'true');
    await page.waitForTimeout(500);
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
