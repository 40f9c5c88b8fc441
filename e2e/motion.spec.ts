/**
 * prefers-reduced-motion: with it, nothing on the page animates (no CSS animations or transitions running,
 * every computed transition/animation duration 0) while the user works through every view and the tour; the
 * sampler does not generate by itself until Play is pressed. Without it the blinking answer slot in the
 * prompting view does animate, which shows the check can see an animation.
 */
import { expect, type Page, test } from '@playwright/test';
import { menuItem, openApp } from './helpers';

async function motion(page: Page): Promise<{ running: string[]; timed: string[] }> {
  return page.evaluate(() => {
    const running = document
      .getAnimations()
      .filter((a) => a.playState === 'running')
      .map((a) => {
        const t = (a.effect as KeyframeEffect | null)?.target as Element | null;
        return `${a.constructor.name} on ${t?.tagName ?? '?'}.${t?.className ?? ''}`;
      });
    const timed: string[] = [];
    const secs = (v: string) => Math.max(...v.split(',').map((s) => Number.parseFloat(s) || 0));
    for (const el of document.querySelectorAll('*')) {
      const cs = getComputedStyle(el);
      if (secs(cs.transitionDuration) > 0 || (cs.animationName !== 'none' && secs(cs.animationDuration) > 0))
        timed.push(
          `${el.tagName}.${el.className}: transition ${cs.transitionDuration}, animation ${cs.animationName} ${cs.animationDuration}`,
        );
    }
    return { running, timed };
  });
}

async function expectStill(page: Page, where: string): Promise<void> {
  const m = await motion(page);
  expect(m.running, `running animations in ${where}`).toEqual([]);
  expect(m.timed, `timed transitions/animations in ${where}`).toEqual([]);
}

test('with prefers-reduced-motion nothing animates in any view or the tour', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openApp(page, '?backend=wasm');
  expect(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(true);
  await expectStill(page, 'first screen');

  await expect(page.getByTestId('head-thumb').first()).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('head-thumb').nth(5).click();
  await page.getByTestId('mode-matrix').click();
  await page.getByTestId('mode-lines').click();
  await expectStill(page, 'attention');

  await page.getByTestId('tab-drift').click();
  await expect(page.getByTestId('drift-panel').first()).toBeVisible({ timeout: 90_000 });
  await page.getByTestId('drift-layer').first().focus();
  await page.keyboard.press('ArrowRight');
  await expectStill(page, 'drift');

  await page.getByTestId('tab-sampling').click();
  await expect(page.getByTestId('step')).toBeEnabled({ timeout: 60_000 });
  // Nothing generates by itself: the count stays until the user asks.
  const status = page.getByTestId('gen-status');
  const before = await status.textContent();
  await page.waitForTimeout(800);
  expect(await status.textContent()).toBe(before);
  await page.getByTestId('step').click();
  await expect(status).not.toHaveText(before ?? '');
  await page.getByTestId('play').click();
  await page.getByTestId('pause').click();
  await expectStill(page, 'sampling');

  await page.getByTestId('tab-prompting').click();
  await expect(page.locator('.shot-answer-slot').first()).toBeVisible({ timeout: 90_000 });
  await expectStill(page, 'prompting');

  await page.getByTestId('tab-training').click();
  await expectStill(page, 'training');

  await (await menuItem(page, 'tour-button')).click();
  await expect(page.getByTestId('tour')).toBeVisible();
  for (let i = 0; i < 5; i++) {
    await page.getByTestId('tour-next').click();
    await expectStill(page, `tour step ${i + 2}`);
  }
  await page.keyboard.press('Escape');
});

test('without reduced motion the blinking answer slot animates (the check above can see animations)', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await openApp(page, '?backend=wasm');
  await page.getByTestId('tab-prompting').click();
  await expect(page.locator('.shot-answer-slot').first()).toBeVisible({ timeout: 90_000 });
  const m = await motion(page);
  expect(m.running.some((s) => s.includes('shot-answer-slot'))).toBe(true);
});
