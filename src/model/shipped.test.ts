/**
 * The shipped models, loaded from disk through the app's own loader, must
 * reproduce the reference activations the trainer exported with them
 * (PyTorch, float32, the same float16-rounded weights): logits, attention
 * probabilities and the residual stream, max abs error ≤ 1e-3. The tokenizer
 * in each model folder must give the reference prompts exactly the ids the
 * trainer used, and all shipped model files together stay within 10 MB.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFloat32, loadSnapshot, referencePath, type Snapshot } from '../../scripts/eval/load';
import { maxAbsDiff } from './testing/reference';
import { setupCpuBackend } from './testing/tfNode';
import { Tokenizer } from './tokenizer';
import { Transformer } from './transformer';

const ROOT = join(__dirname, '..', '..');
const MODELS = ['tiny-gpt', 'tiny-bert'];
const TOL = 1e-3;
const MAX_BYTES = 10_000_000;

beforeAll(async () => {
  await setupCpuBackend();
});

describe.each(MODELS)('shipped model %s', (id) => {
  const present = existsSync(join(ROOT, 'public', 'models', id, 'model.json')) && existsSync(referencePath(ROOT, id));
  let snap: Snapshot;
  let model: Transformer;

  beforeAll(async () => {
    if (!present) return;
    snap = await loadSnapshot(ROOT, id, true);
    model = new Transformer(snap.files.config, snap.files.weights);
  });
  afterAll(() => model?.dispose());

  it('ships model.json and a reference for this model with prompts', () => {
    expect(present, `public/models/${id}/model.json and training/reference/${id}.json`).toBe(true);
  });

  it.runIf(present)('reference names this model', () => {
    const ref = snap.reference;
    expect(ref?.format).toBe('transformer-playground/reference-v1');
    expect(ref?.model).toBe(id);
    expect(ref?.prompts.length).toBeGreaterThanOrEqual(3);
  });

  it.runIf(present)('tokenizer in the model folder encodes each reference prompt to its ids', () => {
    const tok = Tokenizer.fromJSON(snap.files.tokenizerJson);
    for (const p of snap.reference?.prompts ?? []) expect(tok.encodeIds(p.text), p.text).toEqual(p.ids);
  });

  it.runIf(present)('keeps frequent and preset words whole: bank, river, money and every drift preset word', () => {
    const tok = Tokenizer.fromJSON(snap.files.tokenizerJson);
    const poly = JSON.parse(readFileSync(join(ROOT, 'public', 'data', 'polysemy.json'), 'utf8')) as { words: { word: string }[] };
    const words = ['bank', 'river', 'money', 'the', 'water', ...poly.words.map((w) => w.word)];
    expect(poly.words.length).toBeGreaterThanOrEqual(5);
    for (const w of words) {
      const pieces = tok.encode(w);
      expect(
        pieces.map((p) => p.piece),
        w,
      ).toEqual([w]);
      expect(pieces[0]?.unknown).toBe(false);
    }
  });

  it.runIf(present)('forward pass matches the reference logits, attention and residual (max abs error ≤ 1e-3)', async () => {
    const { nLayers: L, nHeads: H, dModel: d, vocabSize: V } = snap.files.config;
    for (const p of snap.reference?.prompts ?? []) {
      const T = p.ids.length;
      expect(p.logits.shape).toEqual([T, V]);
      expect(p.attention.shape).toEqual([L, H, T, T]);
      expect(p.residual.shape).toEqual([L + 1, T, d]);
      const out = await model.forward(p.ids);
      const err = {
        logits: maxAbsDiff(out.logits, decodeFloat32(p.logits)),
        attention: maxAbsDiff(out.attention, decodeFloat32(p.attention)),
        residual: maxAbsDiff(out.residual, decodeFloat32(p.residual)),
      };
      for (const [k, e] of Object.entries(err)) expect(e, `${id} ${k} on "${p.text}"`).toBeLessThanOrEqual(TOL);
    }
  });
});

describe('shipped weights', () => {
  it('all model files under public/models together are at most 10 MB', () => {
    const dir = join(ROOT, 'public', 'models');
    let bytes = 0;
    let weights = 0;
    for (const m of readdirSync(dir)) {
      for (const f of readdirSync(join(dir, m))) {
        const s = statSync(join(dir, m, f));
        if (!s.isFile() || f.endsWith('.tmp')) continue;
        bytes += s.size;
        if (f.endsWith('.bin')) weights += s.size;
      }
    }
    expect(weights).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(MAX_BYTES);
  });
});
