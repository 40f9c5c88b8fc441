import { defineConfig } from '@playwright/test';
import { chromiumPath, QUIET_FLAGS } from './e2e/browser';

/**
 * End-to-end tests run against the production build in a real Chromium with
 * WebGPU enabled (see e2e/browser.ts for which Chromium).
 */
const PORT = Number(process.env.E2E_PORT ?? 4173);
// Separate build folders and ports let several checkouts or sessions test at once.
const DIST = process.env.E2E_DIST ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 60_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: chromiumPath(), args: ['--enable-unsafe-webgpu', ...QUIET_FLAGS] },
    trace: 'off',
    // The production build registers a service worker; specs about it opt in (e2e/offline.spec.ts).
    serviceWorkers: 'block',
    // The guided tour shows itself on a first visit; other specs start as returning visitors (e2e/tour.spec.ts clears this).
    // The backend measurement after the first screen is switched off (it would time SwiftShader in every test):
    // pages start on WASM, and the WebGPU specs force it with ?backend=webgpu (e2e/backend-choice.spec.ts measures).
    storageState: {
      cookies: [],
      origins: [
        {
          origin: `http://127.0.0.1:${PORT}`,
          localStorage: [
            { name: 'tp.tourSeen', value: '1' },
            { name: 'tp.backendProbe', value: 'off' },
          ],
        },
      ],
    },
  },
  webServer: {
    command: `npx vite build --outDir ${DIST} --emptyOutDir && npx vite preview --outDir ${DIST} --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
