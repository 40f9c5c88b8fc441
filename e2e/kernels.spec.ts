import { expect, type Page, test } from '@playwright/test';
import { openApp } from './helpers';

interface Probe {
  backend: string;
  direct: boolean;
  cases: { name: string; shape: number[]; values: number[] }[];
}

async function probe(page: Page, backend: string): Promise<{ probe: Probe; software: boolean }> {
  await openApp(page, `?backend=${backend}`);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', backend);
  return page.evaluate(async () => {
    const tp = (
      window as unknown as {
        __tp: { kernels: () => Promise<Probe>; runtime: () => { backend: { software?: boolean } | null } };
      }
    ).__tp;
    return { probe: await tp.kernels(), software: !!tp.runtime().backend?.software };
  });
}

// The engine's own WebGPU matrix products and reductions (src/model/kernelsWebgpu.ts), on a software adapter, give
// WASM's values on every edge the probe has (src/model/kernelProbe.ts), and those they hand back to TF.js too.
test('WebGPU products and reductions equal WASM on odd sizes, transposes, broadcast batches, bias, kept axes', async ({ page }) => {
  const wasm = await probe(page, 'wasm');
  const gpu = await probe(page, 'webgpu');
  expect(wasm.probe.backend).toBe('wasm');
  expect(gpu.probe.backend).toBe('webgpu');
  // Headless Chromium here is SwiftShader: the direct programs must be the ones that ran; on a hardware GPU, TF.js's.
  expect(gpu.probe.direct).toBe(gpu.software);
  expect(gpu.probe.cases.map((c) => c.name)).toEqual(wasm.probe.cases.map((c) => c.name));
  for (const [i, w] of wasm.probe.cases.entries()) {
    const g = gpu.probe.cases[i] as Probe['cases'][number];
    expect(g.shape, w.name).toEqual(w.shape);
    const scale = Math.max(1, ...w.values.map(Math.abs));
    const worst = Math.max(...w.values.map((v, j) => Math.abs(v - (g.values[j] as number)) / scale));
    expect(worst, w.name).toBeLessThan(1e-5);
  }
});
