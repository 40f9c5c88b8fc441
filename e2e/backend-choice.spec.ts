import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

// This spec measures: the suite's default switches the measurement off (playwright.config.ts).
test.use({ storageState: { cookies: [], origins: [] } });
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('tp.tourSeen', '1'));
});

test('without ?backend= the page starts on WASM, measures every backend after the first screen, keeps WASM here and remembers it', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openApp(page);
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-backend', 'wasm');
  // First visit: measured once the first screen is there (SwiftShader compiling its shaders takes a while).
  await expect(badge).toHaveAttribute('data-choice', 'measured', { timeout: 180_000 });
  await page.getByTestId('backend-why').click();
  const times = page.getByTestId('backend-time');
  await expect(times).toHaveCount(4);
  const rows = await times.evaluateAll((els) =>
    els.map((e) => ({
      name: e.getAttribute('data-name'),
      ms: e.getAttribute('data-ms'),
      winner: e.getAttribute('data-winner'),
      text: e.textContent,
    })),
  );
  test.info().annotations.push({ type: 'measured', description: JSON.stringify(rows) });
  const wasm = rows.find((r) => r.name === 'wasm');
  expect(Number(wasm?.ms)).toBeGreaterThan(0);
  // On this machine the GPU is SwiftShader, a software one: it does not win over the faster WASM.
  const gpu = rows.find((r) => r.name === 'webgpu');
  if (gpu?.text?.includes('swiftshader') || gpu?.text?.toLowerCase().includes('software')) expect(gpu.winner).toBe('false');
  const winner = rows.find((r) => r.winner === 'true');
  await expect(badge).toHaveAttribute('data-backend', winner?.name ?? 'wasm');
  // A second visit on the same browser and adapter starts on the winner and does not measure again.
  await page.reload();
  await expect(page.getByTestId('next-token').first()).toBeVisible({ timeout: 90_000 });
  await expect(badge).toHaveAttribute('data-choice', 'remembered');
  await expect(badge).toHaveAttribute('data-backend', winner?.name ?? 'wasm');
  await page.waitForTimeout(3_000);
  await expect(badge).toHaveAttribute('data-choice', 'remembered');
});

test('?backend= forces a backend and the badge says so', async ({ page }) => {
  await openApp(page, '?backend=cpu');
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-backend', 'cpu');
  await expect(badge).toHaveAttribute('data-choice', 'forced');
  await page.getByTestId('backend-why').click();
  await expect(page.getByTestId('backend-times')).toContainText('?backend=');
});
