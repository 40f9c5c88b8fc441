import { describe, expect, it } from 'vitest';
import { customTaskExample, promptingDefaults, promptingSchema } from '../../state/slices/prompting';
import { nextSeed } from './Controls';
import { customFromText, pairsText, parsePairs } from './customText';
import { pct } from './Lane';

describe('prompting slice', () => {
  it('accepts the defaults and the custom example', () => {
    expect(promptingSchema.parse(promptingDefaults)).toEqual(promptingDefaults);
    expect(promptingSchema.parse({ ...promptingDefaults, taskId: 'custom', custom: customTaskExample }).custom).toEqual(customTaskExample);
  });
  it('rejects out-of-range choices from a hostile link', () => {
    for (const bad of [
      { shots: 1 },
      { shots: 9 },
      { seed: -1 },
      { seed: 2 ** 32 },
      { query: 1e6 },
      { layer: -2 },
      { batchQueries: 1.5 },
      { taskId: '' },
    ]) {
      expect(promptingSchema.safeParse({ ...promptingDefaults, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
    const tooMany = { ...customTaskExample, examples: Array.from({ length: 17 }, () => ({ input: 'a', output: 'b' })) };
    expect(promptingSchema.safeParse({ ...promptingDefaults, custom: tooMany }).success).toBe(false);
  });
});

describe('custom task text', () => {
  it('parses "input -> answer" lines and round-trips', () => {
    expect(parsePairs('hot -> cold\n\nno arrow here\n big->small \n -> x')).toEqual([
      { input: 'hot', output: 'cold' },
      { input: 'big', output: 'small' },
    ]);
    expect(parsePairs(pairsText(customTaskExample.examples))).toEqual(customTaskExample.examples);
  });
  it('needs an example and a query', () => {
    expect(customFromText('x', 'a -> b', '')).toBeNull();
    expect(customFromText(' x ', 'a -> b', 'c -> d')).toEqual({
      instruction: 'x',
      examples: [{ input: 'a', output: 'b' }],
      queries: [{ input: 'c', output: 'd' }],
    });
  });
  it('draws another seed deterministically, within 32 bits', () => {
    expect(nextSeed(7)).toBe(nextSeed(7));
    expect(nextSeed(7)).not.toBe(7);
    expect(nextSeed(2 ** 32 - 1)).toBeLessThan(2 ** 32);
  });
});

describe('percent labels', () => {
  it('never fall into scientific notation', () => {
    expect([0, 0.00002, 0.0123, 0.5, 1].map(pct)).toEqual(['0%', '<0.1%', '1.2%', '50%', '100%']);
  });
});
