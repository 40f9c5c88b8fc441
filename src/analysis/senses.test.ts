import { describe, expect, it } from 'vitest';
import { cosine, cosineGap, looNearestCentroid, similarityMatrix } from './senses';

describe('cosine and similarity matrix', () => {
  it('knows orthogonal, equal and opposite vectors', () => {
    expect(cosine([1, 0], [0, 3])).toBeCloseTo(0, 12);
    expect(cosine([2, 2], [5, 5])).toBeCloseTo(1, 12);
    expect(cosine([1, 2], [-1, -2])).toBeCloseTo(-1, 12);
    expect(cosine([0, 0], [1, 1])).toBe(0);
  });
  it('is symmetric with ones on the diagonal', () => {
    const m = similarityMatrix([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    expect(m[0]?.[0]).toBeCloseTo(1, 12);
    expect(m[0]?.[1]).toBeCloseTo(0, 12);
    expect(m[2]?.[0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(m[0]?.[2]).toBe(m[2]?.[0]);
  });
});

describe('cosine gap', () => {
  it('is 1 for two senses along orthogonal axes', () => {
    const g = cosineGap(
      [
        [1, 0],
        [2, 0],
        [0, 1],
        [0, 3],
      ],
      ['a', 'a', 'b', 'b'],
    );
    expect(g.within).toBeCloseTo(1, 12);
    expect(g.across).toBeCloseTo(0, 12);
    expect(g.gap).toBeCloseTo(1, 12);
  });
  it('is 0 when every vector is the same (layer 0 of one token)', () => {
    const v = [0.3, -0.2, 0.9];
    expect(cosineGap([v, v, v, v], ['a', 'b', 'a', 'b']).gap).toBeCloseTo(0, 12);
  });
  it('computes a hand-worked mixed case', () => {
    // pairs: (0,1) same a: cos 45° ; (0,2),(1,2) across: 0 and cos 45°
    const g = cosineGap(
      [
        [1, 0],
        [1, 1],
        [0, 1],
      ],
      ['a', 'a', 'b'],
    );
    expect(g.within).toBeCloseTo(Math.SQRT1_2, 12);
    expect(g.across).toBeCloseTo(Math.SQRT1_2 / 2, 12);
  });
});

describe('leave-one-out nearest centroid', () => {
  it('scores 100% on separated senses', () => {
    const r = looNearestCentroid(
      [
        [1, 0.1],
        [1, -0.1],
        [1, 0],
        [0.1, 1],
        [-0.1, 1],
        [0, 1],
      ],
      ['a', 'a', 'a', 'b', 'b', 'b'],
    );
    expect(r).toMatchObject({ correct: 6, total: 6, accuracy: 1 });
  });
  it('holds the sentence out of its own centroid', () => {
    // With the sentence left in, [0.9,1] would sit near its own sense a's centroid; held out,
    // a's centroid is [1,0] (cos 0.67) while b's is [0,1] (cos 0.74): it is misclassified.
    const r = looNearestCentroid(
      [
        [1, 0],
        [0.9, 1],
        [0, 1],
        [0, 1],
      ],
      ['a', 'a', 'b', 'b'],
    );
    expect(r.predicted).toEqual(['a', 'b', 'b', 'b']);
    expect(r.accuracy).toBeCloseTo(0.75, 12);
  });
  it('skips a sense with a single sentence, and returns NaN for one sense only', () => {
    const r = looNearestCentroid(
      [
        [1, 0],
        [1, 0.1],
        [0, 1],
      ],
      ['a', 'a', 'b'],
    );
    expect(r.total).toBe(2);
    expect(r.predicted[2]).toBeNull();
    expect(looNearestCentroid([[1], [2]], ['a', 'a']).accuracy).toBeNaN();
  });
  it('scores chance-level 0 when identical vectors have different senses (ties go to the first sense)', () => {
    const v = [1, 2];
    const r = looNearestCentroid([v, v, v, v], ['a', 'b', 'a', 'b']);
    expect(r.predicted).toEqual(['a', 'a', 'a', 'a']);
    expect(r.accuracy).toBeCloseTo(0.5, 12);
  });
});
