/**
 * Views first (issue 19): at every size, in English and Chinese, each view opened in its default state is
 * measured and photographed.
 * - Laptop 1280×800 and projector 1920×1080: the view's main figure is inside the first viewport, top edge
 *   included, at least half of it visible without scrolling; the header is one row; the prompt and the tokens /
 *   next-token panels are on the same screen.
 * - Tablet 768×1024 and phones 412×915, 390×844 (device emulation: isMobile, hasTouch): the document is exactly as
 *   wide as the viewport (a wider page is zoomed out on a phone), the content keeps side padding, the view tabs
 *   sit in one row.
 * Every view is also checked for sideways scrolling; axe runs on every view. Screenshots of the first screen go to
 * test-results/ (layout-…/<view>-<size>-<lang>.png), the measurements to the test's annotations.
 */
import { writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, devices, expect, type Page, test } from '@playwright/test';
import { VIEWS, type ViewId } from '../src/state/slices/core';
import { openApp, showView } from './helpers';
import { type FirstScreen, measure, type ViewFigure } from './layoutMeasure';

/** The main figure of each view (several: each must be on the first screen). */
const FIGURES: Record<ViewId, ViewFigure[]> = {
  attention: [
    { name: 'head grid', selector: '[data-testid="attention-grid"]' },
    { name: 'head view', selector: '[data-testid="head-view"] .head-scroll' },
  ],
  drift: [{ name: 'plot', selector: '[data-testid="drift-plot"]' }],
  sampling: [{ name: 'next-token chart', selector: '[data-testid="sampling-chart"]' }],
  prompting: [0, 1, 2].map((i) => ({ name: `lane ${i + 1}`, selector: '[data-testid="shot-lane"]', nth: i })),
  training: [{ name: 'loss chart', selector: '[data-testid="loss-chart"]' }],
};

const LANGS = ['en', 'zh'] as const;

async function setLang(page: Page, lang: (typeof LANGS)[number]): Promise<void> {
  await page.getByTestId('lang-switch').selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en');
}

/** Waits until the view has drawn its figure in its default state (the sampler's chart before the first step). */
async function showFigure(page: Page, view: ViewId): Promise<void> {
  await showView(page, view);
  if (view === 'sampling') await expect(page.getByTestId('preview-chart')).toBeVisible({ timeout: 60_000 });
  if (view === 'training') await expect(page.getByTestId('loss-chart')).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** Every measurement of a test, also written to first-screen.json next to its screenshots. */
const measured: FirstScreen[] = [];
test.afterEach(async () => {
  if (measured.length === 0) return;
  writeFileSync(test.info().outputPath('first-screen.json'), `${JSON.stringify(measured.splice(0), null, 1)}\n`);
});

function note(kind: string, m: FirstScreen): void {
  measured.push(m);
  const figs = m.figures.map((f) => `${f.name} top ${f.top} px, ${Math.round(100 * f.visible)}% visible`).join('; ');
  test.info().annotations.push({
    type: kind,
    description: `${m.size} ${m.lang} ${m.view}: ${figs} | document ${m.docWidth} px wide, tabs at y ${m.tabsTop}, header ${m.headerRows} row(s)`,
  });
}

test('laptop and projector: every view has its figure on the first screen, the header is one row (English and 中文)', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page, '?backend=wasm');
  for (const view of VIEWS) {
    await showFigure(page, view);
    for (const lang of LANGS) {
      await setLang(page, lang);
      for (const [width, height] of [
        [1280, 800],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width, height });
        await page.evaluate(() => window.scrollTo(0, 0));
        const m = await measure(page, view, lang, FIGURES[view]);
        note('first screen', m);
        await page.screenshot({ path: test.info().outputPath(`${view}-${width}-${lang}.png`) });
        for (const f of m.figures) {
          expect(f.top, `${m.size} ${lang} ${view}: the ${f.name}'s top edge is on the first screen`).toBeGreaterThanOrEqual(0);
          expect(f.top, `${m.size} ${lang} ${view}: the ${f.name}'s top edge is on the first screen`).toBeLessThan(height);
          expect(f.visible, `${m.size} ${lang} ${view}: at least half of the ${f.name} is visible`).toBeGreaterThanOrEqual(0.5);
          expect(f.inside, `${m.size} ${lang} ${view}: the ${f.name} is inside the window sideways`).toBe(true);
        }
        expect(m.headerRows, `${m.size} ${lang}: the header is one row`).toBe(1);
        expect(m.docWidth, `${m.size} ${lang} ${view}: no sideways scrolling`).toBe(width);
        // The text and its tokens / next token are at hand, not above the view pushing it down.
        expect(m.promptOnScreen, `${m.size} ${lang} ${view}: the prompt is on the first screen`).toBe(true);
        expect(m.railTop, `${m.size} ${lang} ${view}: tokens and next token start on the first screen`).toBeLessThan(height / 2);
        expect(m.tabsTop, `${m.size} ${lang} ${view}: the view tabs are at the top`).toBeLessThan(120);
      }
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    await setLang(page, 'en');
  }
});

const DEVICES = [
  { name: 'iPad Mini', width: 768, height: 1024 },
  { name: 'Pixel 7', width: 412, height: 915 },
  { name: 'iPhone 13', width: 390, height: 844 },
] as const;

async function deviceContext(browser: Browser, d: (typeof DEVICES)[number]) {
  // The descriptor's browser UI height is left out: the screen sizes of the issue are what is measured.
  const { defaultBrowserType: _ignored, ...descriptor } = devices[d.name];
  return browser.newContext({ ...descriptor, viewport: { width: d.width, height: d.height }, deviceScaleFactor: 1 });
}

for (const d of DEVICES) {
  test(`${d.name} ${d.width}×${d.height}: exactly as wide as the screen, side padding, tabs in one row (English and 中文)`, async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const context = await deviceContext(browser, d);
    const page = await context.newPage();
    await openApp(page, '?backend=wasm');
    for (const view of VIEWS) {
      await showFigure(page, view);
      for (const lang of LANGS) {
        await setLang(page, lang);
        await page.evaluate(() => window.scrollTo(0, 0));
        const m = await measure(page, view, lang, FIGURES[view]);
        note('device', m);
        await page.screenshot({ path: test.info().outputPath(`${view}-${d.width}-${lang}.png`) });
        // A page wider than the screen makes the phone zoom out: the layout viewport then grows past the device width.
        expect(m.viewportWidth, `${m.size} ${lang} ${view}: not zoomed out`).toBe(d.width);
        expect(m.docWidth, `${m.size} ${lang} ${view}: the document is as wide as the screen`).toBe(d.width);
        expect(m.padding.left, `${m.size} ${lang} ${view}: side padding (left)`).toBeGreaterThanOrEqual(8);
        expect(m.padding.right, `${m.size} ${lang} ${view}: side padding (right)`).toBeGreaterThanOrEqual(8);
        expect(m.tabRows, `${m.size} ${lang} ${view}: the tabs sit in one row`).toBe(1);
        // The figure starts on the first screen of a tablet and a phone too.
        const first = m.figures[0];
        expect(first?.top ?? Number.POSITIVE_INFINITY, `${m.size} ${lang} ${view}: the figure starts on the first screen`).toBeLessThan(
          d.height,
        );
      }
      await setLang(page, 'en');
    }
    await context.close();
  });
}

test('axe: no serious or critical violations on any view', async ({ page }) => {
  await openApp(page, '?backend=wasm');
  const found: string[] = [];
  for (const v of VIEWS) {
    await showView(page, v);
    if (v === 'sampling') {
      // Before the first step (the preview chart) and after two steps (the step and entropy charts).
      await expect(page.getByTestId('preview-chart')).toBeVisible({ timeout: 60_000 });
      found.push(...(await serious(page, `${v} before the first step`)));
      for (const n of [1, 2]) {
        await page.getByTestId('step').click();
        await expect(page.getByTestId('generated-text')).toHaveAttribute('data-count', String(n));
      }
      await expect(page.locator('[data-panel="sampling.entropy"]')).toBeVisible();
    }
    found.push(...(await serious(page, v)));
  }
  // The open menus too: the header's and a panel's export menu.
  await page.getByTestId('more-menu').click();
  found.push(...(await serious(page, 'header menu')));
  await page.keyboard.press('Escape');
  await page.locator('[data-panel]').first().getByTestId('export-menu').first().click();
  found.push(...(await serious(page, 'export menu')));
  expect(found).toEqual([]);
});

async function serious(page: Page, where: string): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).analyze();
  return axe.violations
    .filter((x) => x.impact === 'serious' || x.impact === 'critical')
    .map(
      (x) =>
        `${where}: ${x.id} (${x.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')})`,
    );
}
