import { describe, expect, it } from 'vitest';
import { driftDefaults, driftSchema } from './drift';

describe('drift slice', () => {
  it('accepts the defaults and a user list of sentences', () => {
    expect(driftSchema.parse(driftDefaults)).toEqual(driftDefaults);
    const mine = {
      ...driftDefaults,
      word: 'arroyo',
      sentences: [{ text: 'we crossed the arroyo', sense: 'stream' }],
      layer: 2,
      compare: true,
    };
    expect(driftSchema.parse(mine)).toEqual(mine);
  });
  it('rejects out-of-bounds choices a link might carry', () => {
    const bad = [
      { word: '' },
      { model: 'not-a-model' },
      { method: 'tsne' },
      { layer: -1 },
      { layer: 1.5 },
      { seed: -3 },
      { sentences: Array.from({ length: 61 }, () => ({ text: 'the bank', sense: 'x' })) },
      { sentences: [{ text: 'x'.repeat(301), sense: 'x' }] },
      { sentences: [{ text: 'the bank', sense: '' }] },
    ];
    for (const b of bad) expect(driftSchema.safeParse({ ...driftDefaults, ...b }).success, JSON.stringify(b).slice(0, 60)).toBe(false);
  });
});
