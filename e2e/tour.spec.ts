import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { menuItem, openApp } from './helpers';

// A first visit: no tour flag in localStorage.
test.use({ storageState: { cookies: [], origins: [] } });

const STEPS: { id: string; tab: string }[] = [
  { id: 'welcome', tab: 'attention' },
  { id: 'attention', tab: 'attention' },
  { id: 'drift', tab: 'drift' },
  { id: 'sampling', tab: 'sampling' },
  { id: 'prompting', tab: 'prompting' },
  { id: 'end', tab: 'prompting' },
];

async function expectStep(page: Page, k: number): Promise<void> {
  const step = STEPS[k] as { id: string; tab: string };
  const tour = page.getByTestId('tour');
  await expect(tour).toHaveAttribute('data-step', step.id);
  await expect(page.getByTestId('tour-progress')).toHaveText(`Step ${k + 1} of ${STEPS.length}`);
  await expect(page.getByTestId(`tab-${step.tab}`)).toHaveAttribute('data-state', 'active');
}

/** The card lies inside the window (once the smooth scroll to the view has settled). */
async function expectCardInside(page: Page, w: number, h: number, k: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const box = await page.getByTestId('tour').boundingBox();
        return !!box && box.x >= 0 && box.y >= 0 && box.x + box.width <= w && box.y + box.height <= h;
      },
      { message: `card inside the window at step ${k + 1}`, timeout: 5_000 },
    )
    .toBe(true);
}

test('the tour shows on a first visit, walks the four views, and returns the view the user was on', async ({ page }) => {
  await openApp(page, '?backend=wasm');
  const tour = page.getByTestId('tour');
  await expect(tour).toBeVisible();
  // Focus is inside the card, on Next.
  await expect(page.getByTestId('tour-next')).toBeFocused();

  const axe = await new AxeBuilder({ page }).analyze();
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  for (let k = 0; k < STEPS.length; k++) {
    await expectStep(page, k);
    // The pointed-at part is ringed and the card sits inside the window.
    await expect(page.locator('.tour-target')).toHaveCount(1);
    await expectCardInside(page, 1280, 800, k);
    if (k === 2) {
      await page.getByTestId('tour-back').click();
      await expectStep(page, 1);
      await page.getByTestId('tour-next').click();
      await expectStep(page, 2);
    }
    if (k < STEPS.length - 1) await page.getByTestId('tour-next').click();
  }
  await page.getByTestId('tour-done').click();
  await expect(tour).toHaveCount(0);
  await expect(page.locator('.tour-target')).toHaveCount(0);
  // The first visit started on the attention view: it comes back.
  await expect(page.getByTestId('tab-attention')).toHaveAttribute('data-state', 'active');

  // Seen once: a reload does not show it again.
  await page.reload();
  await expect(page.getByTestId('next-token').first()).toBeVisible({ timeout: 90_000 });
  await page.waitForTimeout(500);
  await expect(tour).toHaveCount(0);
});

test('Escape and Skip end the tour; the Tour item of the header menu brings it back, focus returns to the menu', async ({ page }) => {
  await openApp(page, '?backend=wasm');
  await expect(page.getByTestId('tour')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('tour')).toHaveCount(0);

  await page.getByTestId('tab-sampling').click();
  // Keyboard only: the menu opens on its first item, the arrow keys move to the tour.
  const button = page.getByTestId('more-menu');
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('shortcut-button')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('tour-button')).toBeFocused();
  await page.keyboard.press('Enter');
  await expectStep(page, 0);
  await page.getByTestId('tour-next').click();
  await page.getByTestId('tour-next').click();
  await expectStep(page, 2);
  await page.getByTestId('tour-skip').click();
  await expect(page.getByTestId('tour')).toHaveCount(0);
  // Back where the user was, focus on the menu that started it.
  await expect(page.getByTestId('tab-sampling')).toHaveAttribute('data-state', 'active');
  await expect(button).toBeFocused();

  // In Chinese too.
  await (await menuItem(page, 'tour-button')).click();
  await page.evaluate(() =>
    (window as unknown as { __tp: { state: () => { update: (k: string, p: object) => void } } }).__tp.state().update('ui', { lang: 'zh' }),
  );
  await expect(page.getByTestId('tour-progress')).toHaveText('第 1 步，共 6 步');
  await page.keyboard.press('Escape');
});

test('a shared link opens as prepared: no tour', async ({ page }) => {
  // Build a link from a plain visit (the tour flag is cleared again afterwards).
  await openApp(page, '?backend=wasm');
  await page.keyboard.press('Escape');
  await page.getByTestId('tab-drift').click();
  await expect.poll(() => page.evaluate(() => window.location.hash)).not.toBe('');
  const url = page.url();
  await page.evaluate(() => window.localStorage.clear());
  await page.goto('about:blank');
  await page.goto(url);
  await expect(page.getByTestId('next-token').first()).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('tab-drift')).toHaveAttribute('data-state', 'active');
  await page.waitForTimeout(500);
  await expect(page.getByTestId('tour')).toHaveCount(0);
});

test('at 768 px and in presenter mode the card stays inside the window at every step', async ({ page }) => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await openApp(page, '?backend=wasm');
  for (const presenter of [false, true]) {
    if (presenter) {
      await page.getByTestId('presenter-toggle').click();
      await expect(page.locator('html')).toHaveClass(/presenter/);
      await (await menuItem(page, 'tour-button')).click();
    }
    for (let k = 0; k < STEPS.length; k++) {
      await expectStep(page, k);
      await expectCardInside(page, 768, 1024, k);
      if (k < STEPS.length - 1) await page.getByTestId('tour-next').click();
    }
    await page.getByTestId('tour-done').click();
    await expect(page.getByTestId('tour')).toHaveCount(0);
  }
});

test('inside a lesson the tour skips the views the lesson hides', async ({ page }) => {
  await openApp(page, '?backend=wasm');
  await page.getByTestId('tour-skip').click();
  await (await menuItem(page, 'lesson-button')).click();
  const editor = page.getByTestId('lesson-editor');
  for (const id of ['view.drift', 'view.sampling']) await editor.getByTestId(`lesson-item-${id}`).uncheck();
  await editor.getByTestId('lesson-make').click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('lesson-bar')).toBeVisible();

  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('t');
  const seen: string[] = [];
  for (let k = 0; k < 4; k++) {
    await expect(page.getByTestId('tour-progress')).toHaveText(`Step ${k + 1} of 4`);
    seen.push((await page.getByTestId('tour').getAttribute('data-step')) ?? '');
    if (k < 3) await page.getByTestId('tour-next').click();
  }
  expect(seen).toEqual(['welcome', 'attention', 'prompting', 'end']);
  await page.getByTestId('tour-done').click();
  await expect(page.getByTestId('tour')).toHaveCount(0);
  await expect(page.getByTestId('tab-drift')).toHaveCount(0);
});
