import { describe, expect, it } from 'vitest';
import { attestedRulePairs } from './rules';
import { pastOf, pluralOf } from './words';

const counts = new Map<string, number>([
  ['walk', 9],
  ['walked', 5],
  ['stop', 20],
  ['stoped', 0],
  ['run', 30],
  ['runned', 0],
  ['jump', 4],
  ['jumped', 2],
  ['bake', 3],
  ['baked', 3],
  ['pull', 8],
  ['pulled', 8],
  ['box', 6],
  ['boxes', 4],
  ['woman', 40],
  ['womans', 0],
  ['cat', 3],
  ['cats', 7],
]);
const count = (w: string) => counts.get(w) ?? 0;

describe('rule stream words', () => {
  it('keeps a lemma only when real text attests the form its rule makes, most frequent first', () => {
    const o = { count, taken: new Set<string>(), keep: () => true, minCount: 3 };
    expect(attestedRulePairs(['jump', 'walk', 'stop', 'run', 'bake', 'Walk', 'pull'], { ...o, form: pastOf })).toEqual([
      { input: 'walk', output: 'walked' },
      { input: 'pull', output: 'pulled' },
      { input: 'bake', output: 'baked' },
    ]);
    expect(attestedRulePairs(['cat', 'woman', 'box'], { ...o, form: pluralOf })).toEqual([
      { input: 'box', output: 'boxes' },
      { input: 'cat', output: 'cats' },
    ]);
  });

  it('leaves out taken words, as the lemma or as the form, words that fail `keep`, and anything but plain words', () => {
    const o = { count, keep: (w: string) => w !== 'bake', minCount: 3, form: pastOf };
    expect(attestedRulePairs(['walk', 'pull', 'bake', 'ice-skate', 'go'], { ...o, taken: new Set(['pulled']) })).toEqual([
      { input: 'walk', output: 'walked' },
    ]);
    expect(attestedRulePairs(['walk', 'pull'], { ...o, taken: new Set(['walk']) })).toEqual([{ input: 'pull', output: 'pulled' }]);
  });
});
