import { expect, type Locator, type Page } from '@playwright/test';

export interface TpForward {
  T: number;
  logits: number[];
  attention: number[];
}

/** Opens the app and waits until the first forward pass is on screen. */
export async function openApp(page: Page, query = ''): Promise<void> {
  await page.goto(`./${query}`);
  await expect(page.getByTestId('next-token').first()).toBeVisible({ timeout: 90_000 });
}

/** Runs a forward pass through the page's engine and returns plain arrays. */
export async function forwardInPage(page: Page, modelId: string, ids: number[]): Promise<TpForward> {
  return page.evaluate(
    async ([m, i]) => {
      const tp = (
        window as unknown as {
          __tp: { forward: (m: string, i: number[]) => Promise<{ T: number; logits: Float32Array; attention: Float32Array }> };
        }
      ).__tp;
      const out = await tp.forward(m as string, i as number[]);
      return { T: out.T, logits: Array.from(out.logits), attention: Array.from(out.attention) };
    },
    [modelId, ids] as const,
  );
}

/** The prompt as the token strip shows it: every token's text, joined. Equals the prompt without spaces. */
export async function shownTokenText(page: Page): Promise<string> {
  return (await page.locator('[data-testid="token"] .token-text').allTextContents()).join('');
}

export async function expectTokensFor(page: Page, prompt: string): Promise<void> {
  await expect.poll(() => shownTokenText(page)).toBe(prompt.toLowerCase().replace(/\s+/g, ''));
}

/**
 * Opens a view's tab and waits until the view has drawn what it computes: its panels are on screen, the drift
 * paths are projected and the prompting lanes are in.
 */
export async function showView(page: Page, view: string): Promise<void> {
  await page.getByTestId(`tab-${view}`).click();
  await expect(page.getByTestId(`tab-${view}`)).toHaveAttribute('aria-selected', 'true');
  const active = page.locator('.view-panel[data-state="active"]');
  await expect(active.locator('[data-panel]').first()).toBeVisible({ timeout: 90_000 });
  if (view === 'drift') await expect(active.getByTestId('drift-plot').first()).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
  if (view === 'prompting') await expect(active.getByTestId('shot-lane').first()).toBeVisible({ timeout: 90_000 });
  if (view === 'attention') await expect(active.getByTestId('head-view')).toBeVisible();
}

/**
 * Presses Play in the sampling view and waits until playing has stopped by itself (at the token limit or the
 * model's end of text). Between two steps of a play the status is not busy, so only the pause button going away
 * says that playing is over; the busy check after it waits for the last step's computation.
 */
export async function playUntilStopped(page: Page): Promise<void> {
  await page.getByTestId('play').click();
  await expect(page.getByTestId('pause')).toHaveCount(0);
  await expect(page.getByTestId('gen-status')).toHaveAttribute('data-busy', 'false');
}

/**
 * A control of the header's "More" menu (keyboard shortcuts, tour, lesson editor): opens the menu when it is
 * closed and returns the item.
 */
export async function menuItem(page: Page, testId: 'shortcut-button' | 'tour-button' | 'lesson-button'): Promise<Locator> {
  const item = page.getByTestId(testId);
  if (!(await item.isVisible())) await page.getByTestId('more-menu').click();
  await expect(item).toBeVisible();
  return item;
}

/** A panel's own export item (PNG, SVG or JSON): opens the panel's export menu (not one of a panel inside it). */
export async function exportItem(panel: Locator, kind: 'png' | 'svg' | 'json'): Promise<Locator> {
  const own = panel.locator(':scope > .panel-export');
  const item = own.getByTestId(`export-${kind}`);
  if (!(await item.isVisible())) await own.getByTestId('export-menu').click();
  await expect(item).toBeVisible();
  return item;
}
