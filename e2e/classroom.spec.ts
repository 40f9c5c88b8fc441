import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import QRCode from 'qrcode';
import { menuItem, openApp } from './helpers';

test('the shared link comes with a QR code that encodes exactly that link', async ({ page }) => {
  await openApp(page, '?backend=wasm');
  await page.getByTestId('copy-link').click();
  const url = await page.getByTestId('link-url').inputValue();
  const qr = page.getByTestId('link-qr');
  await expect(qr).toBeVisible();
  // The page's QR matrix must be the one the qrcode library makes for this URL (same dark modules).
  const expected = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = expected.modules.size;
  const dark: string[] = [];
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (expected.modules.get(x, y)) dark.push(`M${x + 4} ${y + 4}h1v1h-1z`);
  await expect(qr.locator('path')).toHaveAttribute('d', dark.join(''));
  await expect(qr).toHaveAttribute('viewBox', `0 0 ${n + 8} ${n + 8}`);
});

test('presenter mode: p enlarges type and hides secondary controls, ? lists shortcuts, digits switch views', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page, '?backend=wasm');
  const rootSize = () => page.evaluate(() => Number.parseFloat(getComputedStyle(document.documentElement).fontSize));
  const before = await rootSize();
  await page.keyboard.press('p');
  await expect(page.locator('html')).toHaveClass(/presenter/);
  expect(await rootSize()).toBeGreaterThanOrEqual(before * 1.4);
  await expect(page.getByTestId('copy-link')).toBeHidden();
  await expect(page.getByTestId('presenter-toggle')).toHaveAttribute('aria-pressed', 'true');

  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-help')).toBeVisible();
  await expect(page.getByTestId('shortcut-help').locator('kbd')).toHaveCount(9);
  await expect(page.getByTestId('shortcut-help')).toContainText('Start the guided tour');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcut-help')).toHaveCount(0);

  // t starts the tour (the list says so); Escape ends it.
  await page.keyboard.press('t');
  await expect(page.getByTestId('tour')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('tour')).toHaveCount(0);

  await page.keyboard.press('2');
  await expect(page.getByTestId('tab-drift')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('1');
  await expect(page.getByTestId('tab-attention')).toHaveAttribute('aria-selected', 'true');

  // Typing in the prompt must not trigger shortcuts.
  await page.getByTestId('prompt-input').focus();
  await page.keyboard.type('p');
  await expect(page.locator('html')).toHaveClass(/presenter/);

  await page.screenshot({ path: test.info().outputPath('presenter-1920.png') });
  const axe = await new AxeBuilder({ page }).analyze();
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);

  await page.getByTestId('presenter-toggle').click();
  await expect(page.locator('html')).not.toHaveClass(/presenter/);
});

test('presenter button and shortcut list switch to Chinese with the language', async ({ page }) => {
  await openApp(page, '?backend=wasm');
  await page.getByTestId('lang-switch').selectOption('zh');
  await expect(page.getByTestId('presenter-toggle')).toHaveText('演示模式');
  await (await menuItem(page, 'shortcut-button')).click();
  await expect(page.getByTestId('shortcut-help')).toContainText('开启/关闭演示模式');
});
