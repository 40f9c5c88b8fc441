import { expect, test } from '@playwright/test';
import { chromiumPath, QUIET_FLAGS } from './browser';
import { openApp } from './helpers';

// A browser without WebGPU: the flag that enables it is left out and the feature switched off.
test.use({ launchOptions: { executablePath: chromiumPath(), args: ['--disable-features=WebGPU', ...QUIET_FLAGS] } });

test('asked for WebGPU in a browser without it, the app falls back to another backend and says why', async ({ page }) => {
  await openApp(page, '?backend=webgpu');
  const badge = page.getByTestId('backend-badge');
  await expect(badge).not.toHaveAttribute('data-backend', 'webgpu');
  await expect(badge).not.toHaveAttribute('data-backend', '');
  const notice = page.getByTestId('backend-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('webgpu');
  await expect(page.getByTestId('next-token')).toHaveCount(10);
});
