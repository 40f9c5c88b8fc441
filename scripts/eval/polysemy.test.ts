import { describe, expect, it } from 'vitest';
import { bestOf } from './polysemy';

describe('bestOf', () => {
  it('never picks layer 0, where every sentence is one point and accuracy is only the majority share', () => {
    expect(bestOf([{ accuracy: 0.84 }, { accuracy: 0.6 }, { accuracy: 0.7 }])).toEqual({ layer: 2, accuracy: 0.7 });
  });
  it('takes the first of equal later layers', () => {
    expect(bestOf([{ accuracy: 0.5 }, { accuracy: 0.9 }, { accuracy: 0.9 }])).toEqual({ layer: 1, accuracy: 0.9 });
  });
  it('falls back to layer 0 when it is the only one', () => {
    expect(bestOf([{ accuracy: 0.5 }])).toEqual({ layer: 0, accuracy: 0.5 });
  });
});
