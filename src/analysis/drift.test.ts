import { describe, expect, it } from 'vitest';
import { Tokenizer } from '../model/tokenizer';
import { analyseDrift, centreLayers, findTarget, pickPreset, subsetAccuracy, targetVectors } from './drift';

const tok = new Tokenizer([
  '[PAD]',
  '[UNK]',
  '[MASK]',
  '[SEP]',
  '\n',
  'the',
  'bank',
  'river',
  'money',
  'sea',
  '##l',
  'se',
  '##a',
  'by',
  '.',
]);

describe('findTarget', () => {
  it('finds a one-token word, case-insensitively, and counts occurrences', () => {
    const text = 'The Bank by the bank.';
    const t = findTarget(text, tok.encode(text), 'bank');
    expect(t).toMatchObject({ status: 'ok', index: 1, occurrences: 2 });
    expect(t.pieces.map((p) => p.piece)).toEqual(['bank']);
  });
  it('reports a missing word (also a word that only occurs inside another word)', () => {
    expect(findTarget('the river', tok.encode('the river'), 'bank').status).toBe('missing');
    expect(findTarget('the banks', tok.encode('the banks'), 'bank').status).toBe('missing');
    expect(findTarget('the bank', tok.encode('the bank'), '').status).toBe('missing');
  });
  it('chooses the last piece of a split word', () => {
    const text = 'the seal by the sea';
    const t = findTarget(text, tok.encode(text), 'seal');
    expect(t.status).toBe('split');
    expect(t.pieces.map((p) => p.piece)).toEqual(['sea', '##l']);
    expect(t.index).toBe(2);
  });
});

describe('targetVectors', () => {
  it('reads one position at every layer and subtracts the position vector', () => {
    // L+1 = 2 layers, T = 3, d = 2: value = 100 l + 10 t + k
    const T = 3;
    const d = 2;
    const res = Float32Array.from({ length: 2 * T * d }, (_, i) => {
      const l = Math.floor(i / (T * d));
      const t = Math.floor(i / d) % T;
      return 100 * l + 10 * t + (i % d);
    });
    expect(targetVectors(res, T, d, 2).map((v) => Array.from(v))).toEqual([
      [20, 21],
      [120, 121],
    ]);
    expect(targetVectors(res, T, d, 1, [10, 11]).map((v) => Array.from(v))).toEqual([
      [0, 0],
      [100, 100],
    ]);
  });
  it('makes layer 0 identical for the same token at different positions', () => {
    // residual0 = wte[tok] + wpe[pos]
    const wte = [0.5, -1];
    const wpe = [
      [0.1, 0.2],
      [-0.3, 0.7],
    ];
    const at = (p: number) => Float32Array.from([0, 1].map((k) => (wte[k] as number) + (wpe[p]?.[k] as number)));
    const r0 = new Float32Array([...at(0), ...at(1)]); // T = 2, one layer
    const a = targetVectors(r0, 2, 2, 0, wpe[0])[0] as Float64Array;
    const b = targetVectors(r0, 2, 2, 1, wpe[1])[0] as Float64Array;
    for (let k = 0; k < 2; k++) expect(a[k]).toBeCloseTo(b[k] as number, 6);
  });
});

describe('pickPreset', () => {
  it('takes classroom sentences first, then short real ones, per sense, deterministically', () => {
    const s = (text: string, sense: string, source: string) => ({ text, sense, source, cueBefore: false });
    const all = [
      s('r1', 'a', 'brown'),
      s('c1', 'a', 'classroom'),
      s('c2', 'a', 'classroom'),
      s('x'.repeat(161), 'a', 'wordnet'),
      s('r2', 'a', 'wordnet'),
      s('c3', 'b', 'classroom'),
    ];
    expect(pickPreset(all, 3)).toEqual([
      { text: 'c1', sense: 'a' },
      { text: 'c2', sense: 'a' },
      { text: 'r1', sense: 'a' },
      { text: 'c3', sense: 'b' },
    ]);
  });
});

describe('analyseDrift', () => {
  it('fits one projection over all layers and scores each layer', () => {
    // Two senses; layer 0 identical for all, layer 1 separated along orthogonal axes.
    const v0 = [1, 1, 0];
    const vec = (a: number, b: number) => [v0, [a, b, 0.1]];
    const r = analyseDrift([vec(5, 0), vec(4, 0.2), vec(0, 5), vec(0.3, 4)], ['x', 'x', 'y', 'y'], 'pca');
    expect(r.points).toHaveLength(4);
    expect(r.points[0]).toHaveLength(2);
    for (const p of r.points) expect(p[0]).toEqual(r.points[0]?.[0]);
    expect(r.metrics[0]?.gap).toBeCloseTo(0, 12);
    expect(r.metrics[0]?.accuracy).toBeCloseTo(0.5, 12);
    expect(r.metrics[1]?.accuracy).toBe(1);
    expect(r.metrics[1]?.gap).toBeGreaterThan(0.8);
  });
});

describe('centreLayers and the centred projection', () => {
  // Every sentence shares a large drift from layer 0 to layer 1 (+10 on axis 0); the senses differ by ±0.5 on axis 2.
  const sentences = [0.5, 0.6, -0.5, -0.4].map((s) => [
    [1, 0, 0],
    [11, 0.05 * s, s],
  ]);
  const senses = ['x', 'x', 'y', 'y'];

  it('subtracts each layer mean, so identical layer-0 vectors become one point at the origin', () => {
    const c = centreLayers(sentences);
    for (const v of c) expect(Array.from(v[0] as Float64Array)).toEqual([0, 0, 0]);
    const mean1 = [0, 1, 2].map((k) => c.reduce((a, v) => a + ((v[1] as Float64Array)[k] as number), 0) / c.length);
    for (const m of mean1) expect(m).toBeCloseTo(0, 12);
  });

  it('spreads the senses on the first axis when centred, the shared drift when not; the metrics do not change', () => {
    const raw = analyseDrift(sentences, senses, 'pca');
    const centred = analyseDrift(sentences, senses, 'pca', { centre: true });
    // Uncentred, the first axis is the layer-0 → layer-1 drift: the two layers lie far apart on it.
    const [at0, at1] = raw.points[0] as [number, number][];
    expect(Math.abs((at1 as [number, number])[0] - (at0 as [number, number])[0])).toBeGreaterThan(9);
    // Centred, layer 0 is one point and the first axis splits the senses at layer 1.
    for (const p of centred.points) expect(p[0]).toEqual(centred.points[0]?.[0]);
    const x1 = centred.points.map((p) => (p[1] as [number, number])[0]);
    expect(Math.sign(x1[0] as number)).toBe(Math.sign(x1[1] as number));
    expect(Math.sign(x1[2] as number)).toBe(Math.sign(x1[3] as number));
    expect(Math.sign(x1[0] as number)).not.toBe(Math.sign(x1[2] as number));
    expect(centred.metrics).toEqual(raw.metrics);
  });
});

describe('subsetAccuracy', () => {
  it('scores only the kept, scored sentences', () => {
    const r = subsetAccuracy(['a', 'b', null, 'a'], ['a', 'a', 'b', 'a'], [true, true, true, false]);
    expect(r).toEqual({ correct: 1, scored: 2, accuracy: 0.5 });
    expect(subsetAccuracy(['a'], ['a'], [false]).accuracy).toBeNaN();
  });
});
