import { describe, expect, it } from 'vitest';
import { entropyBits, softmax, topK } from './probability';

describe('probability', () => {
  it('softmax sums to 1, is shift-invariant and sharpens at low temperature', () => {
    const p = softmax([1, 2, 3, 1000]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(softmax([1, 2, 3])[2]).toBeCloseTo(softmax([101, 102, 103])[2] as number, 12);
    expect(softmax([1, 2, 3], 0.01)[2]).toBeCloseTo(1, 12);
    expect(softmax([0, Math.log(3)])[1]).toBeCloseTo(0.75, 12);
  });
  it('topK orders by probability, ties by id', () => {
    expect(topK([0.1, 0.4, 0.1, 0.4], 3)).toEqual([
      { id: 1, p: 0.4 },
      { id: 3, p: 0.4 },
      { id: 0, p: 0.1 },
    ]);
  });
  it('entropy of a uniform distribution over 8 is 3 bits', () => {
    expect(entropyBits(new Array(8).fill(1 / 8))).toBeCloseTo(3, 12);
    expect(entropyBits([1, 0])).toBe(0);
  });
});
