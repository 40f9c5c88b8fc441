import { describe, expect, it } from 'vitest';
import { checkRows, dominantRole, headMatrix, inductionScore, positionalScores } from './attention';

/** A causal matrix where each query puts `w` on one chosen key and spreads the rest over the others it can see. */
function patterned(T: number, target: (q: number) => number, w: number): Float32Array {
  const m = new Float32Array(T * T);
  for (let q = 0; q < T; q++) {
    const t = target(q);
    if (q === 0) {
      m[0] = 1;
      continue;
    }
    for (let k = 0; k <= q; k++) m[q * T + k] = k === t ? w : (1 - w) / q;
  }
  return m;
}

describe('attention analysis', () => {
  it('selects one head, the mean and the max over heads', () => {
    const s = { L: 1, H: 2, T: 2 };
    const att = new Float32Array([1, 0, 0.5, 0.5, 1, 0, 0.1, 0.9]);
    expect(Array.from(headMatrix(att, s, 0, 1))).toEqual([1, 0, 0.1, 0.9].map(Math.fround));
    expect(Array.from(headMatrix(att, s, 0, 'mean')).map((v) => +v.toFixed(6))).toEqual([1, 0, 0.3, 0.7]);
    expect(Array.from(headMatrix(att, s, 0, 'max')).map((v) => +v.toFixed(6))).toEqual([1, 0, 0.5, 0.9]);
  });

  it('checks row sums and the causal triangle', () => {
    const m = patterned(5, (q) => q - 1, 0.8);
    expect(checkRows(m, 5).maxAboveDiagonal).toBe(0);
    expect(checkRows(m, 5).maxRowError).toBeLessThan(1e-6);
    m[1] = 0.2;
    expect(checkRows(m, 5).maxAboveDiagonal).toBeCloseTo(0.2, 6);
  });

  it('recognises a previous-token head, a sink head and a self head', () => {
    const T = 8;
    const prev = positionalScores(
      patterned(T, (q) => q - 1, 0.9),
      T,
    );
    expect(prev.previous).toBeGreaterThan(0.85);
    expect(dominantRole({ ...prev, induction: 0 })).toBe('previous');
    const sink = positionalScores(
      patterned(T, () => 0, 0.9),
      T,
    );
    expect(dominantRole({ ...sink, induction: 0 })).toBe('first');
    const self = positionalScores(
      patterned(T, (q) => q, 0.9),
      T,
    );
    expect(dominantRole({ ...self, induction: 0 })).toBe('self');
    expect(dominantRole({ previous: 0.2, first: 0.3, self: 0.1, induction: 0.1 })).toBeNull();
  });

  it('scores prefix matching on a repeated sequence', () => {
    const n = 5;
    const T = 2 * n;
    const m = patterned(T, (q) => (q >= n ? q - n + 1 : 0), 0.7);
    expect(inductionScore(m, T, n)).toBeCloseTo(0.7, 5);
    expect(
      inductionScore(
        patterned(T, (q) => q - 1, 0.9),
        T,
        n,
      ),
    ).toBeLessThan(0.2);
    expect(() => inductionScore(m, T, 6)).toThrow(/need 12 tokens/);
  });
});
