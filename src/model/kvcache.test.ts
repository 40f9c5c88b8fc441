import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KVCache } from './kvcache';
import { maxAbsDiff, referenceForward } from './testing/reference';
import { setupCpuBackend, tinyConfig, toPlain } from './testing/tfNode';
import { randomWeights, Transformer } from './transformer';

const tf = await setupCpuBackend();

describe('KVCache: cached generation equals full recomputation', () => {
  const cfg = tinyConfig(true);
  const L = cfg.nLayers;
  const H = cfg.nHeads;
  const d = cfg.dModel;
  const V = cfg.vocabSize;
  let model: Transformer;
  beforeAll(() => {
    model = new Transformer(cfg, randomWeights(cfg, 11, { std: 0.5, all: true }));
  });
  afterAll(() => model.dispose());

  /** Last query's attention row `[L][H][T]` out of a full `[L][H][T][T]` block. */
  function lastRows(att: Float32Array, T: number): Float32Array {
    const out = new Float32Array(L * H * T);
    for (let m = 0; m < L * H; m++) out.set(att.subarray((m * T + T - 1) * T, (m * T + T) * T), m * T);
    return out;
  }

  it.each<[number[], boolean, 'grow' | 'fixed']>([
    [[4], false, 'grow'],
    [[1, 5, 9], false, 'grow'],
    [[0, 22, 4, 4, 17], false, 'grow'],
    [[1, 5, 9], true, 'grow'],
    [[4], false, 'fixed'],
    [[0, 22, 4, 4, 17], false, 'fixed'],
    [[1, 5, 9], true, 'fixed'],
  ])(
    'prompt %j then single steps up to the context (steps padded to two rows: %s, %s layout): logits, attention rows and residual within 1e-4',
    async (prompt, padSingleRow, layout) => {
      const cache = new KVCache(model, { padSingleRow, layout });
      const seq: number[] = [...prompt];
      let step = await cache.append(prompt, { attention: true, residual: true });
      for (;;) {
        const T = seq.length;
        const full = await model.forward(seq);
        expect(step.position).toBe(T - 1);
        expect(maxAbsDiff(step.logits, full.logits.subarray((T - 1) * V, T * V))).toBeLessThanOrEqual(1e-4);
        expect(step.attention.length).toBe(L * H * T);
        expect(maxAbsDiff(step.attention, lastRows(full.attention, T))).toBeLessThanOrEqual(1e-4);
        const res = new Float32Array((L + 1) * d);
        for (let l = 0; l <= L; l++) res.set(full.residual.subarray((l * T + T - 1) * d, (l * T + T) * d), l * d);
        expect(maxAbsDiff(step.residual, res)).toBeLessThanOrEqual(1e-4);
        if (T === cfg.contextLength) break;
        const next = (T * 7 + 3) % V;
        seq.push(next);
        step = await cache.step(next, { attention: true, residual: true });
      }
      cache.dispose();
    },
  );

  it('agrees with the Float64 reference at the last position', async () => {
    const ids = [3, 1, 4, 1, 5, 9, 2, 6];
    const ref = referenceForward(cfg, await toPlain(model.weights), ids);
    const cache = new KVCache(model);
    await cache.append(ids.slice(0, 3));
    let out = await cache.step(ids[3] as number);
    for (const id of ids.slice(4)) out = await cache.step(id);
    const T = ids.length;
    expect(maxAbsDiff(out.logits, ref.logits.subarray((T - 1) * V, T * V))).toBeLessThanOrEqual(1e-4);
    expect(maxAbsDiff(out.attention, lastRows(Float32Array.from(ref.attention), T))).toBeLessThanOrEqual(1e-4);
    cache.dispose();
  });

  it('is deterministic: the same prompt and steps give the same bits', async () => {
    const run = async () => {
      const cache = new KVCache(model);
      const rows = [await cache.append([2, 7, 1])];
      for (const id of [8, 2, 8]) rows.push(await cache.step(id));
      cache.dispose();
      return rows;
    };
    const a = await run();
    const b = await run();
    for (let i = 0; i < a.length; i++) {
      expect(Array.from(a[i]?.logits ?? [])).toEqual(Array.from(b[i]?.logits ?? []));
      expect(Array.from(a[i]?.attention ?? [])).toEqual(Array.from(b[i]?.attention ?? []));
    }
  });

  it('reads back only what was asked for', async () => {
    const cache = new KVCache(model);
    const out = await cache.append([1, 2], { attention: false });
    expect(out.logits.length).toBe(V);
    expect(out.attention.length).toBe(0);
    expect(out.residual.length).toBe(0);
    cache.dispose();
  });

  it('keeps tf.memory().numTensors stable while stepping and frees everything on dispose', async () => {
    const before = tf.memory().numTensors;
    for (let run = 0; run < 8; run++) {
      const cache = new KVCache(model, { padSingleRow: run % 2 === 1, layout: run % 4 < 2 ? 'grow' : 'fixed' });
      await cache.append([1, 2, 3]);
      const during = tf.memory().numTensors;
      expect(during).toBe(before + 2 * L); // one key and one value tensor per layer
      for (let i = 0; i < cfg.contextLength - 3; i++) {
        await cache.step((i * 5) % V);
        expect(tf.memory().numTensors).toBe(during);
      }
      cache.dispose();
      cache.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('rejects a bidirectional model, over-long input, bad ids and use after dispose', async () => {
    const bert = new Transformer(tinyConfig(false), randomWeights(tinyConfig(false), 1));
    expect(() => new KVCache(bert)).toThrow(/causal/);
    bert.dispose();
    const before = tf.memory().numTensors;
    const cache = new KVCache(model);
    await expect(cache.append([])).rejects.toThrow(/at least one token/);
    await expect(cache.append(new Array(cfg.contextLength + 1).fill(1))).rejects.toThrow(/exceed the context length/);
    await expect(cache.step(V)).rejects.toThrow(/outside the vocabulary/);
    await cache.append(new Array(cfg.contextLength).fill(1));
    await expect(cache.step(1)).rejects.toThrow(/exceed the context length/);
    cache.dispose();
    await expect(cache.step(1)).rejects.toThrow(/disposed/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
