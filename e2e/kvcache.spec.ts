import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

/**
 * The KV-cache generation path in the real worker: greedy tokens, logits and
 * the attention row of every step agree with full forward passes, and the
 * session frees its tensors. WASM broadly; WebGPU and WebGL (SwiftShader) briefly.
 */
type Row = { logits: Float32Array; attention?: Float32Array };
type Tp = {
  __tp: {
    forward: (m: string, ids: number[]) => Promise<{ T: number; logits: Float32Array; attention: Float32Array }>;
    generation: (
      m: string,
      o: { attention: boolean },
    ) => { start(ids: number[], replay: number[]): Promise<Row>; step(id: number): Promise<Row>; end(): void };
    memory: () => Promise<{ numTensors: number }>;
  };
};

for (const [backend, steps] of [
  ['wasm', 24],
  ['webgpu', 4],
  // WebGL: a single token's attention runs as the engine's own shader programs (src/model/kernelsWebgl.ts).
  ['webgl', 12],
] as const) {
  test(`${backend}: KV-cache steps match full recomputation (logits, attention rows), and free their tensors`, async ({ page }) => {
    test.setTimeout(240_000);
    await openApp(page, `?backend=${backend}`);
    const r = await page.evaluate(
      async ([n]) => {
        const tp = (window as unknown as Tp).__tp;
        const model = 'tiny-gpt';
        const argmax = (a: Float32Array) => a.reduce((b, x, i) => (x > (a[b] as number) ? i : b), 0);
        await tp.forward(model, [5]); // loads the model
        const before = (await tp.memory()).numTensors;
        const s = tp.generation(model, { attention: true });
        const prompt = [101, 202, 303];
        const ids = [...prompt];
        let row = await s.start(prompt, []);
        let maxLogit = 0;
        let maxAtt = 0;
        let attLenOk = true;
        for (let i = 0; i < n; i++) {
          const full = await tp.forward(model, ids);
          const T = full.T;
          const V = full.logits.length / T;
          for (let j = 0; j < V; j++)
            maxLogit = Math.max(maxLogit, Math.abs((row.logits[j] as number) - (full.logits[(T - 1) * V + j] as number)));
          const att = row.attention as Float32Array;
          const LH = full.attention.length / (T * T);
          attLenOk &&= att.length === LH * T;
          for (let m = 0; m < LH; m++)
            for (let k = 0; k < T; k++)
              maxAtt = Math.max(maxAtt, Math.abs((att[m * T + k] as number) - (full.attention[(m * T + T - 1) * T + k] as number)));
          const next = argmax(row.logits);
          ids.push(next);
          row = await s.step(next);
        }
        s.end();
        await tp.memory(); // genEnd is sent without waiting; this request runs after it
        const after = (await tp.memory()).numTensors;
        return { maxLogit, maxAtt, attLenOk, before, after, T: ids.length };
      },
      [steps] as const,
    );
    expect(r.T).toBe(3 + steps);
    expect(r.attLenOk).toBe(true);
    expect(r.maxLogit).toBeLessThanOrEqual(1e-3);
    expect(r.maxAtt).toBeLessThanOrEqual(1e-4);
    expect(r.after).toBe(r.before);
  });
}
