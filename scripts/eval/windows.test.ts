import { describe, expect, it } from 'vitest';
import { crossEntropy } from './induction';
import { windowAround } from './polysemy';
import { windowStarts } from './validation';

describe('windowAround', () => {
  it('keeps a short sentence whole', () => {
    expect(windowAround(10, 3, 128, true)).toEqual({ start: 0, end: 10 });
  });
  it('causal: the window ends right after the word', () => {
    expect(windowAround(300, 200, 128, true)).toEqual({ start: 73, end: 201 });
    expect(windowAround(300, 5, 128, true)).toEqual({ start: 0, end: 128 });
  });
  it('masked: the window is centred on the word and stays inside the sentence', () => {
    expect(windowAround(300, 200, 128, false)).toEqual({ start: 136, end: 264 });
    expect(windowAround(300, 290, 128, false)).toEqual({ start: 172, end: 300 });
    expect(windowAround(300, 10, 128, false)).toEqual({ start: 0, end: 128 });
  });
  it('always contains the word and at most the context', () => {
    for (const causal of [true, false])
      for (let i = 0; i < 300; i += 7) {
        const w = windowAround(300, i, 128, causal);
        expect(w.end - w.start).toBe(128);
        expect(i >= w.start && i < w.end).toBe(true);
      }
  });
});

describe('windowStarts', () => {
  it('spreads windows evenly from the start to the end of the stream', () => {
    expect(windowStarts(1000, 129, 3)).toEqual([0, 435, 871]);
    expect(windowStarts(1000, 129, 0)).toHaveLength(7);
    expect(windowStarts(100, 129, 4)).toEqual([]);
  });
});

describe('crossEntropy', () => {
  it('is log V for uniform logits and small for a confident right answer', () => {
    expect(crossEntropy([0, 0, 0, 0], 0, 4, 2)).toBeCloseTo(Math.log(4), 12);
    expect(crossEntropy([9, 0, 0, 0, 20, 0], 3, 3, 1)).toBeLessThan(1e-6);
  });
});
