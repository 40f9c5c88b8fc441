import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadAblation } from './ablation';
import { KVCache } from './kvcache';
import { maxAbsDiff, referenceForward } from './testing/reference';
import { setupCpuBackend, tinyConfig, toPlain } from './testing/tfNode';
import { randomWeights, Transformer } from './transformer';

const tf = await setupCpuBackend();

describe('Head ablation against the Float64 reference with the same heads removed', () => {
  const cfg = tinyConfig(true);
  const ids = [0, 22, 4, 4, 17, 3, 8, 11];
  const reference = [5, 9, 2, 2, 7, 1];
  const off: [number, number][] = [
    [0, 1],
    [1, 3],
    [1, 0],
  ];
  let model: Transformer;
  let plain: Awaited<ReturnType<typeof toPlain>>;
  beforeAll(async () => {
    model = new Transformer(cfg, randomWeights(cfg, 7, { std: 0.5, all: true }));
    plain = await toPlain(model.weights);
  });
  afterAll(() => model.dispose());

  it('zero ablation: logits, attention and residual stream match the reference within 1e-4, and differ from the full model', async () => {
    const out = await model.forward(ids, { ablation: { heads: off, kind: 'zero' } });
    const ref = referenceForward(cfg, plain, ids, { off });
    expect(maxAbsDiff(out.logits, ref.logits)).toBeLessThanOrEqual(1e-4);
    expect(maxAbsDiff(out.attention, ref.attention)).toBeLessThanOrEqual(1e-4);
    expect(maxAbsDiff(out.residual, ref.residual)).toBeLessThanOrEqual(1e-4);
    const full = referenceForward(cfg, plain, ids);
    expect(maxAbsDiff(out.logits, full.logits)).toBeGreaterThan(1e-2);
  });

  it('head means match the reference, and mean ablation with them matches the reference', async () => {
    const means = await model.headMeans(reference);
    const refMeans = referenceForward(cfg, plain, reference).headMeans;
    expect(maxAbsDiff(means, refMeans)).toBeLessThanOrEqual(1e-4);
    const out = await model.forward(ids, { ablation: { heads: off, kind: 'mean', means } });
    const ref = referenceForward(cfg, plain, ids, { off, means: refMeans });
    expect(maxAbsDiff(out.logits, ref.logits)).toBeLessThanOrEqual(1e-4);
    expect(maxAbsDiff(out.residual, ref.residual)).toBeLessThanOrEqual(1e-4);
  });

  it('a removed head changes nothing before its layer, and an empty ablation is the full model bit for bit', async () => {
    const full = await model.forward(ids);
    const none = await model.forward(ids, { ablation: { heads: [], kind: 'zero' } });
    expect(Array.from(none.logits)).toEqual(Array.from(full.logits));
    const late = await model.forward(ids, { ablation: { heads: [[1, 2]], kind: 'zero' } });
    const T = ids.length;
    const d = cfg.dModel;
    // Residual after the embedding and after block 0, and layer 0's attention, are untouched by a head of layer 1.
    expect(Array.from(late.residual.subarray(0, 2 * T * d))).toEqual(Array.from(full.residual.subarray(0, 2 * T * d)));
    const l0 = cfg.nHeads * T * T;
    expect(Array.from(late.attention.subarray(0, l0))).toEqual(Array.from(full.attention.subarray(0, l0)));
  });

  it.each<['grow' | 'fixed', boolean]>([
    ['grow', false],
    ['fixed', false],
    ['grow', true],
  ])(
    'the KV cache (%s layout, steps padded: %s) with an ablation agrees with the ablated full pass at every step',
    async (layout, padSingleRow) => {
      const ablation: HeadAblation = { heads: off, kind: 'mean', means: await model.headMeans(reference) };
      const cache = new KVCache(model, { ablation, layout, padSingleRow });
      try {
        let step = await cache.append(ids.slice(0, 3));
        for (let t = 3; t <= ids.length; t++) {
          const full = await model.forward(ids.slice(0, t), { ablation, logits: 'last' });
          expect(maxAbsDiff(step.logits, full.logits)).toBeLessThanOrEqual(1e-4);
          if (t < ids.length) step = await cache.step(ids[t] as number);
        }
      } finally {
        cache.dispose();
      }
    },
  );

  it('batched token losses: one row per ablation, each equal to its own pass', async () => {
    const variants: (HeadAblation | null)[] = [null, { heads: [[0, 1]], kind: 'zero' }, { heads: off, kind: 'zero' }];
    const losses = await model.tokenLosses(ids, variants);
    const n = ids.length - 1;
    expect(losses.length).toBe(3 * n);
    for (let b = 0; b < variants.length; b++) {
      const v = variants[b];
      const ref = referenceForward(cfg, plain, ids, v ? { off: v.heads } : undefined);
      const V = cfg.vocabSize;
      for (let t = 0; t < n; t++) {
        let max = -Infinity;
        for (let j = 0; j < V; j++) max = Math.max(max, ref.logits[t * V + j] as number);
        let z = 0;
        for (let j = 0; j < V; j++) z += Math.exp((ref.logits[t * V + j] as number) - max);
        const nll = -((ref.logits[t * V + (ids[t + 1] as number)] as number) - max - Math.log(z));
        expect(Math.abs((losses[b * n + t] as number) - nll)).toBeLessThanOrEqual(1e-4);
      }
    }
  });

  it('rejects heads outside the model and mean ablation without means', async () => {
    await expect(model.forward(ids, { ablation: { heads: [[2, 0]], kind: 'zero' } })).rejects.toThrow(/no head 0 in layer 2/);
    await expect(model.forward(ids, { ablation: { heads: [[0, 0]], kind: 'mean' } })).rejects.toThrow(/needs 32 head means/);
  });

  it('keeps tf.memory().numTensors unchanged over repeated toggling (passes, caches, losses)', async () => {
    const means = await model.headMeans(reference);
    await model.forward(ids, { ablation: { heads: [[0, 0]], kind: 'zero' } });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 40; i++) {
      const heads: [number, number][] = i % 3 === 0 ? [] : [[i % 2, i % cfg.nHeads]];
      const ablation: HeadAblation = { heads, kind: i % 2 ? 'mean' : 'zero', means };
      await model.forward(ids, { ablation });
      const cache = new KVCache(model, { ablation });
      await cache.append(ids.slice(0, 4));
      await cache.step(3);
      cache.dispose();
      await model.tokenLosses(ids, [null, ablation]);
      await model.headMeans(reference);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Head ablation on a bidirectional model', () => {
  const cfg = tinyConfig(false);
  it('matches the Float64 reference with heads removed, and own-token losses have one value per position', async () => {
    const model = new Transformer(cfg, randomWeights(cfg, 3, { std: 0.5, all: true }));
    try {
      const ids = [1, 5, 9, 2, 2, 7];
      const off: [number, number][] = [[0, 2]];
      const out = await model.forward(ids, { ablation: { heads: off, kind: 'zero' } });
      const ref = referenceForward(cfg, await toPlain(model.weights), ids, { off });
      expect(maxAbsDiff(out.logits, ref.logits)).toBeLessThanOrEqual(1e-4);
      expect((await model.tokenLosses(ids, [null])).length).toBe(ids.length);
    } finally {
      model.dispose();
    }
  });
});
