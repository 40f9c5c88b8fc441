import { describe, expect, it } from 'vitest';
import { batchSize, meanOf, repeatedHalf, secondCopyRange, singleHeads, summarise } from './ablation';

describe('ablation arithmetic', () => {
  it('finds a block said twice, and nothing else', () => {
    expect(repeatedHalf([5, 6, 7, 5, 6, 7])).toBe(3);
    expect(repeatedHalf([5, 6, 5, 7])).toBeNull();
    expect(repeatedHalf([5, 6, 7, 5, 6])).toBeNull();
    expect(repeatedHalf([5, 5])).toBeNull();
  });

  it('reads the second copy where induction can predict it', () => {
    // Causal, n = 3: tokens 4 and 5 are predicted by entries 3 and 4.
    expect(secondCopyRange(3, true)).toEqual([3, 5]);
    expect(secondCopyRange(3, false)).toEqual([3, 6]);
    const ids = [1, 2, 3, 1, 2, 3];
    const losses = new Float32Array([4, 4, 4, 1, 2, /* row 2 */ 4, 4, 4, 3, 5]);
    const [full, ablated] = summarise(losses, ids, true);
    expect(full?.secondCopy).toBeCloseTo(1.5);
    expect(ablated?.secondCopy).toBeCloseTo(4);
    expect(full?.text).toBeCloseTo(3);
    expect(summarise(new Float32Array([1, 2, 3]), [1, 2, 3, 4], true)[0]?.secondCopy).toBeNull();
    expect(meanOf([1, 2], 1, 1)).toBeNaN();
  });

  it('batches within the budget and lists every head once', () => {
    expect(batchSize(64, 50257)).toBe(7);
    expect(batchSize(1024, 50257)).toBe(1);
    expect(batchSize(40, 4000)).toBe(16);
    expect(singleHeads(2, 3)).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
  });
});
