import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32, type TaskPair } from '../../src/analysis/fewshot';
import { recallEpisodes, wordnetAntonyms } from './recall';

// Two adjective synsets in WordNet's data-file layout: word 1 of each points at word 1 of the other ("!" 0101).
const ADJ = [
  '  1 This software and database is being provided ...',
  "00001740 00 a 01 able 0 001 ! 00002098 a 0101 | (usually followed by `to') having the necessary means",
  '00002098 00 a 02 unable 0 incapable 0 002 ! 00001740 a 0101 & 00002312 a 0000 | not having the necessary means',
  '00002312 00 s 01 unequal 0 001 & 00002098 a 0000 | not equal',
].join('\n');

describe('recall stream', () => {
  it('reads word-level antonym links from WordNet data files, both ways, and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wn-'));
    writeFileSync(join(dir, 'data.adj'), `${ADJ}\n`);
    writeFileSync(join(dir, 'data.verb'), '  1 header\n');
    expect(wordnetAntonyms(dir)).toEqual([
      ['able', 'unable'],
      ['unable', 'able'],
    ]);
  });

  it('asks each pair once per round as the query of an antonym episode, with other pairs as its examples', () => {
    const pairs: TaskPair[] = [
      { input: 'absent', output: 'present' },
      { input: 'active', output: 'passive' },
      { input: 'abstract', output: 'concrete' },
    ];
    const drilled: TaskPair[] = [
      { input: 'big', output: 'small' },
      { input: 'wet', output: 'dry' },
    ];
    const eps = recallEpisodes(pairs, drilled, ['arrow'], ['opposites:'], 2, 0, mulberry32(1), () => true);
    expect(eps).toHaveLength(6);
    for (const [i, text] of eps.entries()) {
      const q = pairs[i % 3] as TaskPair;
      const lines = text.trim().split('\n');
      expect(lines.at(-1)).toBe(`${q.input} -> ${q.output}`);
      expect(lines.slice(0, -1).some((l) => l.startsWith(`${q.input} ->`))).toBe(false);
      expect(lines.length).toBeGreaterThanOrEqual(2);
    }
    expect(recallEpisodes(pairs, drilled, ['arrow'], ['opposites:'], 2, 0, mulberry32(1), () => true)).toEqual(eps);
  });
});
