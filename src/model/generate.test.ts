import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capacity, type ForwardRow, type GenerationPlan, type GenSession, generate, sequenceAfter } from './generate';
import { KVCache } from './kvcache';
import { Rng } from './rng';
import { distribution, pick, sample, uniforms } from './sampling';
import { setupCpuBackend, tinyConfig } from './testing/tfNode';
import { randomWeights, Transformer } from './transformer';

const V = 30;
const END = 3;
const MASK = 2;

/** A fake model: logits depend on the whole sequence and the position, deterministically. */
function fakeModel(): { forward: ForwardRow; calls: number[][] } {
  const calls: number[][] = [];
  const forward: ForwardRow = async (ids, position) => {
    calls.push([...ids]);
    let h = 17 + position;
    for (const id of ids) h = (Math.imul(h, 31) + id + 1) >>> 0;
    const rng = new Rng(h);
    const logits = Float32Array.from({ length: V }, () => 4 * rng.next());
    logits[END] = -5; // the end token is rare
    return logits;
  };
  return { forward, calls };
}

const clm: GenerationPlan = { mode: 'clm', promptIds: [7, 8, 9], contextLength: 16, endId: END, maskId: MASK };
const settings = { temperature: 1, topK: 0, topP: 1 };

describe('generate (causal)', () => {
  it('appends one drawn token per step, each drawn with the seed’s uniform of that step', async () => {
    const m = fakeModel();
    const r = await generate({ plan: clm, settings, seed: 5, count: 6, forward: m.forward });
    expect(r.steps).toHaveLength(6);
    expect(r.passes).toBe(6);
    const us = uniforms(5, 6);
    r.steps.forEach((s, i) => {
      expect(s.u).toBe(us[i]);
      expect(s.position).toBe(clm.promptIds.length + i - 1);
      expect(m.calls[i]).toEqual(sequenceAfter(clm, r.steps.slice(0, i)));
      expect(s.draw.id).toBe(pick(distribution(s.logits, settings), s.u).id);
    });
  });

  it('the same seed replays the same tokens; another seed gives other tokens', async () => {
    const ids = async (seed: number) =>
      sequenceAfter(clm, (await generate({ plan: clm, settings, seed, count: 10, forward: fakeModel().forward })).steps);
    expect(await ids(11)).toEqual(await ids(11));
    expect(await ids(11)).not.toEqual(await ids(12));
  });

  it('new settings reuse the kept logits up to the first changed token, then recompute', async () => {
    const m = fakeModel();
    const first = await generate({ plan: clm, settings, seed: 3, count: 10, forward: m.forward });
    // Same settings: nothing to run.
    const same = await generate({ plan: clm, settings, seed: 3, count: 10, forward: m.forward, previous: first.steps });
    expect(same.passes).toBe(0);
    expect(same.changedAt).toBeNull();
    // Greedy: the draws change somewhere; the steps before are re-derived, the ones after recomputed.
    const greedy = { ...settings, temperature: 0 };
    const fresh = await generate({ plan: clm, settings: greedy, seed: 3, count: 10, forward: fakeModel().forward });
    const reused = await generate({ plan: clm, settings: greedy, seed: 3, count: 10, forward: m.forward, previous: first.steps });
    expect(sequenceAfter(clm, reused.steps)).toEqual(sequenceAfter(clm, fresh.steps));
    const at = reused.changedAt as number;
    expect(at).not.toBeNull();
    expect(reused.passes).toBe(10 - at - 1);
    for (let i = 0; i < at; i++) expect(reused.steps[i]?.draw.id).toBe(first.steps[i]?.draw.id);
    expect(reused.steps[at]?.draw.id).not.toBe(first.steps[at]?.draw.id);
  });

  it('fewer steps wanted: truncates without running the model', async () => {
    const m = fakeModel();
    const first = await generate({ plan: clm, settings, seed: 3, count: 8, forward: m.forward });
    const back = await generate({ plan: clm, settings, seed: 3, count: 5, forward: m.forward, previous: first.steps });
    expect(back.passes).toBe(0);
    expect(back.steps.map((s) => s.draw.id)).toEqual(first.steps.slice(0, 5).map((s) => s.draw.id));
  });

  it('stops after the end token, and at the context length', async () => {
    const endAlways: ForwardRow = async () => {
      const l = new Float32Array(V);
      l[END] = 10;
      return l;
    };
    const r = await generate({ plan: clm, settings: { ...settings, temperature: 0 }, seed: 1, count: 5, forward: endAlways });
    expect(r.steps.map((s) => s.draw.id)).toEqual([END]);
    expect(r.stopped).toBe('end');
    const full = await generate({ plan: clm, settings, seed: 1, count: 50, forward: fakeModel().forward });
    expect(capacity(clm)).toBe(13);
    expect(sequenceAfter(clm, full.steps).length).toBeLessThanOrEqual(16);
    if (full.stopped === 'full') expect(full.steps).toHaveLength(13);
  });

  it('cancellation returns what was done', async () => {
    const m = fakeModel();
    let n = 0;
    const r = await generate({ plan: clm, settings, seed: 2, count: 10, forward: m.forward, cancelled: () => ++n > 3 });
    expect(r.steps).toHaveLength(3);
  });
});

/** A session over the fake model, recording how it was driven. */
function fakeSession(m: { forward: ForwardRow }) {
  const log: string[] = [];
  let seq: number[] = [];
  const open = (): GenSession => ({
    get fed() {
      return seq;
    },
    async run(first, count, choice, stopAt) {
      log.push(`run ${first} ×${count}`);
      const rows = [];
      let id = first;
      for (let j = 0; j < count; j++) {
        seq.push(id);
        const logits = await m.forward(seq, seq.length - 1);
        id = sample(logits, choice.settings, choice.uniforms[j] as number).id;
        rows.push({ logits, attention: new Float32Array(seq.length), chosen: id });
        if (id === stopAt) break;
      }
      return rows;
    },
    async start(prompt, replay) {
      log.push(`start ${prompt.join(',')} | ${replay.join(',')}`);
      seq = [...prompt, ...replay];
      return { logits: await m.forward(seq, seq.length - 1), attention: new Float32Array(seq.length) };
    },
    async step(id) {
      log.push(`step ${id}`);
      seq.push(id);
      if (id === -1) throw new Error('boom');
      return { logits: await m.forward(seq, seq.length - 1), attention: new Float32Array(seq.length) };
    },
    end() {
      log.push('end');
    },
  });
  return { open, log };
}

describe('generate through a key/value-cache session', () => {
  it('reads the prompt once, then feeds one drawn token per step; same draws as full passes', async () => {
    const viaForward = await generate({ plan: clm, settings, seed: 5, count: 6, forward: fakeModel().forward });
    const s = fakeSession(fakeModel());
    const r = await generate({ plan: clm, settings, seed: 5, count: 6, forward: fakeModel().forward, session: s.open });
    expect(r.steps.map((x) => x.draw.id)).toEqual(viaForward.steps.map((x) => x.draw.id));
    const ids = r.steps.map((x) => x.draw.id);
    expect(s.log).toEqual([`start 7,8,9 | `, ...ids.slice(0, 5).map((id) => `step ${id}`), 'end']);
    for (const x of r.steps) expect(x.attention?.length).toBe(x.position + 1);
  });

  it('after a changed token, replays the kept tokens one by one so the cache is built as in a fresh run', async () => {
    const first = await generate({ plan: clm, settings, seed: 3, count: 10, forward: fakeModel().forward });
    const greedy = { ...settings, temperature: 0 };
    const s = fakeSession(fakeModel());
    const r = await generate({
      plan: clm,
      settings: greedy,
      seed: 3,
      count: 10,
      forward: fakeModel().forward,
      previous: first.steps,
      session: s.open,
    });
    const at = r.changedAt as number;
    const kept = r.steps.slice(0, at + 1).map((x) => x.draw.id);
    expect(s.log[0]).toBe(`start 7,8,9 | ${kept.join(',')}`);
    expect(s.log[s.log.length - 1]).toBe('end');
    const fresh = await generate({ plan: clm, settings: greedy, seed: 3, count: 10, forward: fakeModel().forward });
    expect(r.steps.map((x) => x.draw.id)).toEqual(fresh.steps.map((x) => x.draw.id));
  });

  it('ends the session when cancelled and when a step fails', async () => {
    const s = fakeSession(fakeModel());
    let n = 0;
    const r = await generate({
      plan: clm,
      settings,
      seed: 2,
      count: 10,
      forward: fakeModel().forward,
      session: s.open,
      cancelled: () => ++n > 3,
    });
    expect(r.steps).toHaveLength(3);
    expect(s.log.filter((l) => l === 'end')).toHaveLength(1);
    const bad = fakeSession(fakeModel());
    const open = (): GenSession => ({ ...bad.open(), step: async () => Promise.reject(new Error('boom')), end: () => bad.log.push('end') });
    await expect(generate({ plan: clm, settings, seed: 2, count: 5, forward: fakeModel().forward, session: open })).rejects.toThrow('boom');
    expect(bad.log).toContain('end');
  });

  it('batches: several steps per call, drawn by the session, the same steps as one token per call', async () => {
    const one = await generate({
      plan: clm,
      settings,
      seed: 5,
      count: 11,
      forward: fakeModel().forward,
      session: fakeSession(fakeModel()).open,
    });
    const s = fakeSession(fakeModel());
    const r = await generate({ plan: clm, settings, seed: 5, count: 11, forward: fakeModel().forward, session: s.open, batch: 4 });
    expect(r.steps.map((x) => x.draw.id)).toEqual(one.steps.map((x) => x.draw.id));
    expect(r.steps.map((x) => x.logits)).toEqual(one.steps.map((x) => x.logits));
    const ids = r.steps.map((x) => x.draw.id);
    expect(s.log).toEqual(['start 7,8,9 | ', `run ${ids[0]} ×4`, `run ${ids[4]} ×4`, `run ${ids[8]} ×2`, 'end']);
  });

  it('continues a kept session when it has read exactly the kept draws; otherwise ends it and starts afresh', async () => {
    const fresh = await generate({ plan: clm, settings, seed: 4, count: 7, forward: fakeModel().forward });
    const s = fakeSession(fakeModel());
    const a = await generate({ plan: clm, settings, seed: 4, count: 3, forward: fakeModel().forward, session: s.open, keep: true });
    expect(a.session).toBeDefined();
    expect(s.log).not.toContain('end');
    const b = await generate({
      plan: clm,
      settings,
      seed: 4,
      count: 7,
      forward: fakeModel().forward,
      session: s.open,
      previous: a.steps,
      reuse: a.session,
      keep: true,
    });
    expect(b.steps.map((x) => x.draw.id)).toEqual(fresh.steps.map((x) => x.draw.id));
    expect(s.log.filter((l) => l.startsWith('start'))).toHaveLength(1);
    // Another seed changes the first draw: the kept session read other tokens.
    const c = await generate({
      plan: clm,
      settings,
      seed: 99,
      count: 3,
      forward: fakeModel().forward,
      session: s.open,
      previous: b.steps,
      reuse: b.session,
    });
    expect(s.log.filter((l) => l === 'end')).toHaveLength(2);
    expect(c.steps).toHaveLength(3);
  });

  it('is not used for a masked model', async () => {
    const plan: GenerationPlan = { mode: 'mlm', promptIds: [7, MASK, 9], contextLength: 16, endId: END, maskId: MASK };
    const s = fakeSession(fakeModel());
    await generate({ plan, settings, seed: 9, count: 5, forward: fakeModel().forward, session: s.open });
    expect(s.log).toEqual([]);
  });
});

describe('generate (masked)', () => {
  it('fills the masks left to right, each with the context of the earlier fills', async () => {
    const plan: GenerationPlan = { mode: 'mlm', promptIds: [7, MASK, 9, MASK, 5], contextLength: 16, endId: END, maskId: MASK };
    const m = fakeModel();
    const r = await generate({ plan, settings, seed: 9, count: 5, forward: m.forward });
    expect(r.steps.map((s) => s.position)).toEqual([1, 3]);
    expect(r.stopped).toBe('full');
    expect(m.calls[0]).toEqual([7, MASK, 9, MASK, 5]);
    expect(m.calls[1]).toEqual([7, r.steps[0]?.draw.id, 9, MASK, 5]);
  });
});

describe('generate with a real Transformer (CPU)', () => {
  let tf: Awaited<ReturnType<typeof setupCpuBackend>>;
  let model: Transformer;
  beforeAll(async () => {
    tf = await setupCpuBackend();
    const cfg = tinyConfig(true);
    model = new Transformer(cfg, randomWeights(cfg, 4, { std: 0.5, all: true }));
  });
  afterAll(() => model.dispose());

  it('last-position logits equal the full pass’s last row; no tensors leak', async () => {
    const before = tf.memory().numTensors;
    const forward: ForwardRow = async (ids) => (await model.forward(ids, { logits: 'last', attention: false, residual: false })).logits;
    const plan: GenerationPlan = { mode: 'clm', promptIds: [5, 6], contextLength: 12, endId: 3, maskId: 2 };
    const r = await generate({ plan, settings: { temperature: 0.8, topK: 10, topP: 0.9 }, seed: 1, count: 6, forward });
    const ids = sequenceAfter(plan, r.steps.slice(0, 3));
    const all = (await model.forward(ids)).logits;
    const V2 = model.config.vocabSize;
    const last = all.subarray((ids.length - 1) * V2, ids.length * V2);
    const step = r.steps[3];
    expect(step).toBeDefined();
    for (let i = 0; i < V2; i++) expect(Math.abs((step?.logits[i] as number) - (last[i] as number))).toBeLessThan(1e-5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a KVCache session draws the same tokens as full passes, keeps each step’s attention row, leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const forward: ForwardRow = async (ids) => (await model.forward(ids, { logits: 'last', attention: false, residual: false })).logits;
    const session = (): GenSession => {
      const cache = new KVCache(model);
      return {
        start: (p, replay) =>
          cache.append(p).then(async (r) => {
            for (const id of replay) r = await cache.step(id);
            return r;
          }),
        step: (id) => cache.step(id),
        end: () => cache.dispose(),
      };
    };
    const plan: GenerationPlan = { mode: 'clm', promptIds: [5, 6], contextLength: 12, endId: 3, maskId: 2 };
    const opts = { plan, settings: { temperature: 0.8, topK: 10, topP: 0.9 }, seed: 1, count: 10 };
    const full = await generate({ ...opts, forward });
    const cached = await generate({ ...opts, forward, session });
    expect(cached.steps.map((s) => s.draw.id)).toEqual(full.steps.map((s) => s.draw.id));
    const cfg = model.config;
    cached.steps.forEach((s, i) => {
      expect(s.attention?.length).toBe(cfg.nLayers * cfg.nHeads * (s.position + 1));
      const f = full.steps[i]?.logits as Float32Array;
      for (let j = 0; j < cfg.vocabSize; j++) expect(Math.abs((s.logits[j] as number) - (f[j] as number))).toBeLessThan(1e-4);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
