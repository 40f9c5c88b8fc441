import { expect, type Page, test } from '@playwright/test';
import { openApp } from './helpers';

const failView = (page: Page, name: string, on = true) =>
  page.evaluate(
    ([n, o]) => (window as unknown as { __tp: { failView: (n: string, o: boolean) => void } }).__tp.failView(n as string, o as boolean),
    [name, on] as const,
  );

test('one failing view shows its error; the other views, the prompt and the engine keep working; retry recovers', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await openApp(page, '?backend=wasm');
  await page.getByTestId('tab-drift').click();
  await expect(page.getByTestId('drift-plot').first()).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });

  await failView(page, 'drift');
  const error = page.getByTestId('view-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('data-view', 'drift');
  await expect(error).toContainText('simulated failure in the drift view');
  await expect(page.getByTestId('drift-plot')).toHaveCount(0);

  // The rest of the page: shell, prompt, other views, engine.
  await page.getByTestId('prompt-input').fill('the river bank was muddy');
  await page.getByTestId('tab-attention').click();
  await expect(page.getByTestId('attention-grid')).toBeVisible();
  await expect(page.getByTestId('view-error')).toHaveCount(0);
  await expect(page.getByTestId('next-token')).toHaveCount(10);
  await page.getByTestId('tab-sampling').click();
  await expect(page.getByTestId('step')).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId('step').click();
  await expect(page.getByTestId('generated-text')).toHaveAttribute('data-count', '1', { timeout: 60_000 });

  // Back to the broken view: still its own error; after the cause is gone, Retry brings it back.
  await page.getByTestId('tab-drift').click();
  await expect(page.getByTestId('view-error')).toHaveAttribute('data-view', 'drift');
  await failView(page, 'drift', false);
  await page.getByTestId('view-error').getByRole('button').click();
  await expect(page.getByTestId('view-error')).toHaveCount(0);
  await expect(page.getByTestId('drift-plot').first()).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
  // React reports caught render errors to the console, but nothing escaped to the page.
  expect(pageErrors).toEqual([]);
});
