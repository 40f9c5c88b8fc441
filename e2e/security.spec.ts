import { expect, test } from '@playwright/test';
import { encode } from '../src/state/codec';
import { chosenDefaults } from '../src/state/slices';

const PAYLOADS = [
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 2">',
  '<svg onload="window.__pwned = 3"><a xlink:href="javascript:window.__pwned = 4">x</a></svg>',
  '"><iframe src="javascript:window.__pwned=5"></iframe>',
  'supercalifragilisticexpialidocious'.repeat(8),
  'مرحبا بالعالم — שלום עולם',
  '🏦🌊💰 银行 河岸 銀行',
];

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__violations.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`),
    );
  });
});

test('hostile text from a link renders as plain text: no script runs, no element is injected', async ({ page }) => {
  const state = structuredClone(chosenDefaults);
  state.prompt.text = PAYLOADS.join(' ');
  state.drift.sentences = PAYLOADS.map((text, i) => ({
    text: `the bank ${text}`.slice(0, 300),
    sense: i % 2 ? '<b>river</b>' : 'money<script>',
  }));
  state.prompting.custom = {
    instruction: '<img src=x onerror="window.__pwned = 6">',
    examples: [{ input: '<script>window.__pwned=7</script>', output: '<b>x</b>' }],
    queries: [{ input: 'سلام 🏦', output: '银行' }],
  };
  for (const view of ['attention', 'drift', 'sampling', 'prompting'] as const) {
    state.view.current = view;
    await page.goto(`./?backend=wasm#s=${encode(state)}`);
    await expect(page.getByTestId('next-token').first()).toBeVisible({ timeout: 90_000 });
    await expect(page.getByTestId(`tab-${view}`)).toHaveAttribute('data-state', 'active');
    await page.waitForTimeout(1500);
    await expect(page.getByTestId('prompt-input')).toHaveValue(state.prompt.text);
    const found = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
      iframes: document.querySelectorAll('iframe').length,
      badImages: document.querySelectorAll('img[src="x"]').length,
      scripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
      bold: document.querySelectorAll('b').length,
    }));
    expect(found, view).toEqual({ pwned: null, iframes: 0, badImages: 0, scripts: 0, bold: 0 });
    await expect(page.getByTestId('view-error')).toHaveCount(0);
  }
});

test('the production build sets a Content-Security-Policy, works under it and only talks to its own origin', async ({ page, baseURL }) => {
  const origins = new Set<string>();
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol === 'http:' || u.protocol === 'https:') origins.add(u.origin);
  });
  for (const backend of ['wasm', 'webgpu']) {
    await page.goto(`./?backend=${backend}`);
    await expect(page.getByTestId('next-token').first()).toBeVisible({ timeout: 90_000 });
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', backend);
  }
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).not.toMatch(/https?:/);
  for (const view of ['drift', 'sampling', 'prompting', 'attention']) {
    await page.getByTestId(`tab-${view}`).click();
    await page.waitForTimeout(1000);
  }
  expect([...origins]).toEqual([new URL(baseURL as string).origin]);
  expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
});
