import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff, referenceForward } from './testing/reference';
import { setupCpuBackend, tinyConfig, toPlain } from './testing/tfNode';
import { randomWeights, Transformer } from './transformer';

const tf = await setupCpuBackend();

describe.each([true, false])('Transformer (causal=%s) against the Float64 reference', (causal) => {
  const cfg = tinyConfig(causal);
  let model: Transformer;
  beforeAll(() => {
    model = new Transformer(cfg, randomWeights(cfg, 7, { std: 0.5, all: true }));
  });
  afterAll(() => model.dispose());

  it.each([[[3]], [[1, 5, 9, 2, 2, 7]], [[0, 22, 4, 4, 17, 3, 8, 11, 12, 6, 5, 1]]])(
    'matches logits, attention and residual stream for %j',
    async (ids) => {
      const out = await model.forward(ids);
      const ref = referenceForward(cfg, await toPlain(model.weights), ids);
      const T = ids.length;
      expect(out.logits.length).toBe(T * cfg.vocabSize);
      expect(out.attention.length).toBe(cfg.nLayers * cfg.nHeads * T * T);
      expect(out.residual.length).toBe((cfg.nLayers + 1) * T * cfg.dModel);
      expect(maxAbsDiff(out.logits, ref.logits)).toBeLessThanOrEqual(1e-4);
      expect(maxAbsDiff(out.attention, ref.attention)).toBeLessThanOrEqual(1e-4);
      expect(maxAbsDiff(out.residual, ref.residual)).toBeLessThanOrEqual(1e-4);
    },
  );

  it('has attention rows summing to 1 and, when causal, exactly 0 above the diagonal', async () => {
    const ids = [4, 8, 15, 16, 2, 3, 9, 1];
    const { attention, T } = await model.forward(ids);
    let above = 0;
    let nonzeroAbove = 0;
    for (let m = 0; m < cfg.nLayers * cfg.nHeads; m++) {
      for (let q = 0; q < T; q++) {
        let sum = 0;
        for (let k = 0; k < T; k++) {
          const a = attention[(m * T + q) * T + k] as number;
          sum += a;
          if (k > q) {
            above++;
            if (a !== 0) nonzeroAbove++;
          }
        }
        expect(Math.abs(sum - 1)).toBeLessThan(1e-5);
      }
    }
    if (causal) expect(nonzeroAbove).toBe(0);
    else expect(nonzeroAbove).toBe(above); // bidirectional: every key gets some weight
  });

  it('keeps tf.memory().numTensors unchanged over 200 forward passes', async () => {
    await model.forward([1, 2, 3]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) await model.forward([1 + (i % 7), 2, 3, (i * 5) % cfg.vocabSize]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Transformer input checks', () => {
  const cfg = tinyConfig(true);
  it('rejects empty, over-long and out-of-vocabulary inputs with readable errors', async () => {
    const model = new Transformer(cfg, randomWeights(cfg, 1));
    await expect(model.forward([])).rejects.toThrow(/empty input/);
    await expect(model.forward(new Array(cfg.contextLength + 1).fill(1))).rejects.toThrow(/exceed the context length of 12/);
    await expect(model.forward([cfg.vocabSize])).rejects.toThrow(/outside the vocabulary/);
    model.dispose();
    await expect(model.forward([1])).rejects.toThrow(/disposed/);
  });

  it('refuses weights of the wrong shape, naming the tensor', () => {
    const w = randomWeights(cfg, 1);
    w['blocks.1.mlp.fc.w']?.dispose();
    w['blocks.1.mlp.fc.w'] = tf.zeros([16, 33]);
    expect(() => new Transformer(cfg, w)).toThrow(/"blocks.1.mlp.fc.w" has shape \[16,33\], expected \[16,32\]/);
    for (const t of Object.values(w)) t.dispose();
  });
});

describe('Transformer readback options', () => {
  it('returns only the last row of logits and skips probes when asked, with the same numbers', async () => {
    const cfg = tinyConfig(true);
    const model = new Transformer(cfg, randomWeights(cfg, 5, { std: 0.5, all: true }));
    const ids = [3, 1, 4, 1, 5];
    const full = await model.forward(ids);
    const last = await model.forward(ids, { logits: 'last', attention: false, residual: false });
    expect(last.logits).toEqual(full.logits.slice(4 * cfg.vocabSize));
    expect(last.attention.length).toBe(0);
    expect(last.residual.length).toBe(0);
    model.dispose();
  });

  it("reads one position's logits row and some layers' attention only, with the same numbers", async () => {
    const cfg = tinyConfig(true);
    const model = new Transformer(cfg, randomWeights(cfg, 6, { std: 0.5, all: true }));
    const ids = [3, 1, 4, 1, 5, 9];
    const full = await model.forward(ids);
    const part = await model.forward(ids, { logits: 2, attentionLayers: [1], residual: false });
    const V = cfg.vocabSize;
    const per = cfg.nHeads * ids.length * ids.length;
    expect(part.logits).toEqual(full.logits.slice(2 * V, 3 * V));
    expect(part.attention).toEqual(full.attention.slice(per, 2 * per));
    await expect(model.forward(ids, { logits: 6 })).rejects.toThrow(/no position 6/);
    await expect(model.forward(ids, { attentionLayers: [2] })).rejects.toThrow(/no such layer/);
    model.dispose();
  });
});

describe('Transformer embeddings and logit lens', () => {
  it('layer-0 residual equals wte[id] + wpe[pos], and the lens of the last layer equals the logits', async () => {
    const cfg = tinyConfig(true);
    const model = new Transformer(cfg, randomWeights(cfg, 9, { std: 0.5, all: true }));
    const ids = [4, 9, 2];
    const out = await model.forward(ids);
    const { tok, pos } = await model.embeddings(ids, [0, 1, 2]);
    const d = cfg.dModel;
    for (let i = 0; i < 3 * d; i++) expect(out.residual[i]).toBeCloseTo((tok[i] as number) + (pos[i] as number), 6);
    const last = out.residual.slice(cfg.nLayers * 3 * d);
    const lens = await model.logitLens(last, 3);
    expect(maxAbsDiff(lens, out.logits)).toBeLessThan(1e-5);
    await expect(model.embeddings([cfg.vocabSize], [])).rejects.toThrow(/outside the vocabulary/);
    model.dispose();
  });
});
