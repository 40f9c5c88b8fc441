import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelConfig } from './config';
import { weightSpecs } from './config';
import { type PlainWeights, referenceForward } from './testing/reference';
import { setupCpuBackend, tinyConfig, toPlain } from './testing/tfNode';
import { Batcher, evalWindows, minCorpusTokens, splitCorpus, Trainer } from './train';
import { randomWeights } from './transformer';

beforeAll(async () => {
  await setupCpuBackend();
});

/** Mean next-token cross-entropy of a batch, in Float64, through the independent reference forward. */
function referenceLoss(cfg: ModelConfig, w: PlainWeights, batch: Int32Array, W: number): number {
  let sum = 0;
  let n = 0;
  for (let b = 0; b < batch.length / W; b++) {
    const seq = Array.from(batch.subarray(b * W, (b + 1) * W));
    const { logits } = referenceForward(cfg, w, seq.slice(0, -1));
    const V = cfg.vocabSize;
    for (let t = 0; t < W - 1; t++) {
      let max = -Infinity;
      for (let v = 0; v < V; v++) max = Math.max(max, logits[t * V + v] as number);
      let z = 0;
      for (let v = 0; v < V; v++) z += Math.exp((logits[t * V + v] as number) - max);
      sum += -((logits[t * V + (seq[t + 1] as number)] as number) - max - Math.log(z));
      n++;
    }
  }
  return sum / n;
}

/** A toy corpus: a fixed cycle of 10 tokens, with a seeded 1-in-8 substitution so it is not fully predictable. */
function toyCorpus(n: number): Int32Array {
  const out = new Int32Array(n);
  let s = 7;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = (s >>> 16) % 8 === 0 ? 11 + ((s >>> 20) % 10) : 1 + (i % 10);
  }
  return out;
}

describe('splitCorpus and batches', () => {
  it('holds out the end of the corpus and rejects a corpus too short', () => {
    const ids = Array.from({ length: 200 }, (_, i) => i % 7);
    const { train, val } = splitCorpus(ids, 8);
    expect(train.length).toBe(180);
    expect(val.length).toBe(20);
    expect(Array.from(val)).toEqual(ids.slice(180));
    expect(() => splitCorpus(ids.slice(0, minCorpusTokens(8) - 1), 8)).toThrow(/need at least/);
  });

  it('draws the same windows for the same seed, each a contiguous slice', () => {
    const ids = Int32Array.from({ length: 100 }, (_, i) => i);
    const a = new Batcher(ids, 5, 4, 9);
    const b = new Batcher(ids, 5, 4, 9);
    const x = a.next();
    expect(Array.from(x)).toEqual(Array.from(b.next()));
    for (let r = 0; r < 4; r++) {
      const row = Array.from(x.subarray(r * 6, r * 6 + 6));
      expect(row).toEqual(row.map((_, i) => (row[0] as number) + i));
    }
    expect(Array.from(new Batcher(ids, 5, 4, 10).next())).not.toEqual(Array.from(x));
  });

  it('evaluation windows are fixed and evenly spaced', () => {
    const ids = Int32Array.from({ length: 50 }, (_, i) => i);
    const w = evalWindows(ids, 9, 5);
    expect(w.map((x) => x[0])).toEqual([0, 10, 20, 30, 40]);
    expect(w.every((x) => x.length === 10)).toBe(true);
  });
});

describe('Trainer', () => {
  const cfg = tinyConfig(true);

  it('computes the same loss as the independent Float64 reference forward', async () => {
    const init = randomWeights(cfg, 3, { std: 0.3, all: true });
    const trainer = new Trainer(cfg, init, { learningRate: 1e-3, batchSize: 2, seqLen: 6, seed: 1 });
    const batch = new Batcher(toyCorpus(100), 6, 2, 5).next();
    const { loss } = await trainer.gradients(batch);
    expect(loss).toBeCloseTo(referenceLoss(cfg, await toPlain(init), batch, 7), 5);
    trainer.dispose();
    tf.dispose(Object.values(init));
  });

  /*
   * Gradient check. The finite differences are central, taken on the Float64
   * reference loss with h = 1e-5: truncation error O(h²·f‴) ≈ 1e-10 and
   * rounding ≈ 1e-16/h ≈ 1e-11, so they are exact to far below what float32
   * can show. The analytic gradients come from TF.js in float32 (unit
   * roundoff 6e-8) through ~10 layers of sums over ≤ 32 terms, which bounds
   * their relative error near 1e-5; we allow |g − fd| ≤ 2e-5 + 2e-3·|fd|,
   * two orders above that bound and far below a wrong gradient (a missing
   * term or a sign error is off by O(|fd|)).
   */
  it('gradients match central finite differences of the Float64 reference loss', async () => {
    const init = randomWeights(cfg, 11, { std: 0.3, all: true });
    const trainer = new Trainer(cfg, init, { learningRate: 1e-3, batchSize: 2, seqLen: 5, seed: 1 });
    const batch = new Batcher(toyCorpus(100), 5, 2, 3).next();
    const { grads } = await trainer.gradients(batch);
    const plain = await toPlain(init);
    // Float64 copies of every weight, to perturb one entry at a time.
    const w64: PlainWeights = {};
    for (const [k, v] of Object.entries(plain)) w64[k] = { shape: v.shape, values: Float64Array.from(v.values) };
    const h = 1e-5;
    let worst = 0;
    let checked = 0;
    let nonzero = 0;
    for (const spec of weightSpecs(cfg)) {
      const vals = (w64[spec.name] as unknown as { values: Float64Array }).values;
      const g = grads[spec.name] as Float32Array;
      // Three entries per tensor, including the first and the last; for wte, rows of tokens in the batch.
      const picks =
        spec.name === 'wte'
          ? [(batch[0] as number) * cfg.dModel, (batch[3] as number) * cfg.dModel + 5, (batch[6] as number) * cfg.dModel + 15]
          : [0, Math.floor(vals.length / 2), vals.length - 1];
      for (const i of picks) {
        const orig = vals[i] as number;
        vals[i] = orig + h;
        const up = referenceLoss(cfg, w64, batch, 6);
        vals[i] = orig - h;
        const down = referenceLoss(cfg, w64, batch, 6);
        vals[i] = orig;
        const fd = (up - down) / (2 * h);
        const an = g[i] as number;
        const err = Math.abs(an - fd);
        worst = Math.max(worst, err / (2e-5 + 2e-3 * Math.abs(fd)));
        expect(err, `${spec.name}[${i}]: analytic ${an}, finite difference ${fd}`).toBeLessThanOrEqual(2e-5 + 2e-3 * Math.abs(fd));
        checked++;
        if (Math.abs(fd) > 1e-4) nonzero++;
      }
    }
    expect(checked).toBe(weightSpecs(cfg).length * 3);
    // Most checked entries must carry a real gradient, or the check proves little.
    expect(nonzero).toBeGreaterThan(checked * 0.6);
    expect(worst).toBeLessThan(1);
    trainer.dispose();
    tf.dispose(Object.values(init));
  });

  it('loss decreases on a toy corpus, on training and held-out windows', async () => {
    const init = randomWeights(cfg, 1);
    const { train, val } = splitCorpus(toyCorpus(600), 8);
    const trainer = new Trainer(cfg, init, { learningRate: 1e-2, batchSize: 8, seqLen: 8, seed: 2 });
    tf.dispose(Object.values(init));
    const held = evalWindows(val, 8);
    const before = await trainer.evalLoss(held);
    const batches = new Batcher(train, 8, 8, 2);
    const losses: number[] = [];
    for (let i = 0; i < 120; i++) losses.push(await trainer.trainStep(batches.next()));
    const after = await trainer.evalLoss(held);
    expect(before).toBeGreaterThan(Math.log(cfg.vocabSize) - 0.2); // random start: about ln V
    expect(after).toBeLessThan(before * 0.5);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(-10))).toBeLessThan(mean(losses.slice(0, 10)) * 0.5);
    expect(trainer.step).toBe(120);
    trainer.dispose();
  });

  it('keeps the number of tensors stable across steps, and frees everything on dispose', async () => {
    const start = tf.memory().numTensors;
    const init = randomWeights(cfg, 4);
    const trainer = new Trainer(cfg, init, { learningRate: 1e-3, batchSize: 4, seqLen: 8, seed: 3 });
    tf.dispose(Object.values(init));
    const batches = new Batcher(toyCorpus(200), 8, 4, 1);
    await trainer.trainStep(batches.next()); // creates Adam's moment variables
    const after1 = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await trainer.trainStep(batches.next());
    await trainer.evalLoss(evalWindows(toyCorpus(50), 8));
    await trainer.gradients(batches.next());
    const snap = trainer.snapshot();
    tf.dispose(Object.values(snap));
    expect(tf.memory().numTensors).toBe(after1);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('a snapshot is a copy: it does not move when training continues', async () => {
    const init = randomWeights(cfg, 5);
    const trainer = new Trainer(cfg, init, { learningRate: 1e-2, batchSize: 2, seqLen: 8, seed: 3 });
    const snap = trainer.snapshot();
    const before = Array.from(await (snap['blocks.0.attn.q.w'] as tf.Tensor).data());
    expect(before).toEqual(Array.from(await (init['blocks.0.attn.q.w'] as tf.Tensor).data()));
    await trainer.trainStep(new Batcher(toyCorpus(100), 8, 2, 1).next());
    expect(Array.from(await (snap['blocks.0.attn.q.w'] as tf.Tensor).data())).toEqual(before);
    const now = trainer.snapshot();
    expect(Array.from(await (now['blocks.0.attn.q.w'] as tf.Tensor).data())).not.toEqual(before);
    tf.dispose([...Object.values(snap), ...Object.values(now), ...Object.values(init)]);
    trainer.dispose();
  });

  it('rejects a masked model and windows longer than the context', () => {
    const init = randomWeights(tinyConfig(false), 1);
    expect(() => new Trainer(tinyConfig(false), init, { learningRate: 1e-3, batchSize: 1, seqLen: 4, seed: 1 })).toThrow(/causal/);
    tf.dispose(Object.values(init));
    const init2 = randomWeights(cfg, 1);
    expect(() => new Trainer(cfg, init2, { learningRate: 1e-3, batchSize: 1, seqLen: 13, seed: 1 })).toThrow(/context/);
    tf.dispose(Object.values(init2));
  });
});
