import { expect, type Page, test } from '@playwright/test';
import { openApp, showView } from './helpers';

const INTERACTIVE =
  'button, input, select, textarea, summary, a[href], [role="slider"], [role="tab"], [role="button"], [role="radio"], [role="checkbox"], [tabindex]';

/** Marks every visible, enabled control that is in the tab order; returns how many. */
async function markControls(page: Page): Promise<number> {
  return page.evaluate((sel) => {
    let n = 0;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
      el.removeAttribute('data-kb');
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      const hidden = r.width === 0 || r.height === 0 || style.visibility === 'hidden' || el.closest('[inert], [aria-hidden="true"]');
      const disabled = (el as HTMLButtonElement).disabled || el.closest('fieldset:disabled');
      // Roving-focus groups (tab lists, toggle groups) hand focus to their active item.
      const group = ['tablist', 'group', 'radiogroup', 'toolbar'].includes(el.getAttribute('role') ?? '');
      if (hidden || disabled || group || el.tabIndex < 0) continue;
      el.setAttribute('data-kb', String(n++));
    }
    return n;
  }, INTERACTIVE);
}

/** Without an outline or shadow, focus must still change what the control looks like (e.g. an SVG label turns bold). */
async function focusChangesPixels(page: Page, kb: string): Promise<boolean> {
  const el = page.locator(`[data-kb="${kb}"]`);
  const box = await el.boundingBox();
  if (!box) return false;
  const clip = { x: Math.max(0, box.x - 4), y: Math.max(0, box.y - 4), width: box.width + 8, height: box.height + 8 };
  const focused = await page.screenshot({ clip });
  await el.evaluate((e) => (e as HTMLElement).blur());
  const blurred = await page.screenshot({ clip });
  await el.focus();
  return !focused.equals(blurred);
}

/** Tabs through the page from the top; returns which marked controls got focus, and those without a visible focus mark. */
async function tabThrough(page: Page, max: number): Promise<{ reached: Set<string>; noRing: string[] }> {
  // Start at the first control of the page (clicking a tab moved the starting point of Tab).
  await page.locator('[data-kb="0"]').focus();
  await page.keyboard.press('Shift+Tab');
  const reached = new Set<string>();
  const noRing: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const r = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const ring = (s.outlineStyle !== 'none' && Number.parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
      return {
        kb: el.getAttribute('data-kb'),
        ring,
        what: `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''}`,
      };
    });
    if (!r) break; // wrapped past the end of the page
    if (r.kb !== null) {
      if (reached.has(r.kb)) break;
      reached.add(r.kb);
    }
    if (!r.ring && r.kb !== null && !(await focusChangesPixels(page, r.kb))) noRing.push(r.what);
  }
  return { reached, noRing };
}

test('every control of every view is reachable with Tab and shows where the focus is', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page, '?backend=wasm');
  for (const view of ['attention', 'drift', 'sampling', 'prompting', 'training']) {
    await showView(page, view);
    if (view === 'sampling') await page.getByTestId('step').click();
    const n = await markControls(page);
    expect(n, `${view}: controls found`).toBeGreaterThan(12);
    const { reached, noRing } = await tabThrough(page, n + 40);
    test.info().annotations.push({ type: 'tab stops', description: `${view}: ${reached.size} of ${n}` });
    const missed = await page.evaluate(
      (got) =>
        Array.from(document.querySelectorAll<HTMLElement>('[data-kb]'))
          .filter((el) => !got.includes(el.getAttribute('data-kb') as string))
          .map(
            (el) => `${el.tagName.toLowerCase()}[${el.dataset.testid ?? el.getAttribute('aria-label') ?? el.textContent?.slice(0, 30)}]`,
          ),
      [...reached],
    );
    expect(missed, `${view}: controls Tab never reaches`).toEqual([]);
    expect(noRing, `${view}: controls without a visible focus ring`).toEqual([]);
  }
});

test('keyboard only: switch views with the arrow keys, step the sampler, move a slider, open the lesson editor', async ({ page }) => {
  await openApp(page, '?backend=wasm');
  await page.getByTestId('tab-attention').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tab-drift')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tab-sampling')).toHaveAttribute('aria-selected', 'true');

  await page.getByTestId('step').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('generated-text')).toHaveAttribute('data-tokens', /\d/);

  const temp = page.locator('[data-panel="sampling.controls"] [role="slider"]').first();
  await temp.focus();
  const before = await temp.getAttribute('aria-valuenow');
  await page.keyboard.press('ArrowRight');
  await expect(temp).not.toHaveAttribute('aria-valuenow', before as string);

  // The lesson editor is in the header's "More" menu: Enter opens it on its first item, arrows move.
  await page.getByTestId('more-menu').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('shortcut-button')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('lesson-button')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lesson-editor')).toBeVisible();
  // Focus is trapped in the dialog and Escape closes it, returning focus to the menu it came from.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="lesson-editor"]'))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('lesson-editor')).toHaveCount(0);
  await expect(page.getByTestId('more-menu')).toBeFocused();
});
