import { describe, expect, it } from 'vitest';
import { Tokenizer } from '../model/tokenizer';
import { answerMatches, buildEpisode, buildPrompt, FORMATS, formatById, mulberry32, sampleExamples } from './fewshot';

const pairs = [
  { input: 'hot', output: 'cold' },
  { input: 'big', output: 'small' },
  { input: 'up', output: 'down' },
];

describe('few-shot prompt format', () => {
  it('builds zero-shot prompts with the instruction and no examples', () => {
    expect(buildPrompt({ instruction: 'give the opposite of each word.', examples: [], query: 'old', format: formatById('arrow') })).toBe(
      'give the opposite of each word.\nold -> ',
    );
  });

  it('builds k-shot prompts in every format', () => {
    expect(buildPrompt({ instruction: null, examples: pairs.slice(0, 2), query: 'up', format: formatById('arrow') })).toBe(
      'hot -> cold\nbig -> small\nup -> ',
    );
    expect(buildPrompt({ instruction: null, examples: pairs.slice(0, 1), query: 'up', format: formatById('qa') })).toBe(
      'input: hot\noutput: cold\ninput: up\noutput: ',
    );
    expect(buildPrompt({ instruction: 'x', examples: pairs.slice(0, 1), query: 'up', format: formatById('inline') })).toBe(
      'x\nhot -> cold ; up -> ',
    );
  });

  it('an episode is the prompt followed by the answer, and tokenizes as prompt tokens + answer tokens', () => {
    const tok = new Tokenizer([
      '[PAD]',
      '[UNK]',
      '[MASK]',
      '[SEP]',
      '\n',
      'hot',
      'cold',
      'up',
      'down',
      '-',
      '>',
      ':',
      '=',
      ';',
      'input',
      'output',
    ]);
    for (const format of FORMATS) {
      const spec = { instruction: null, examples: pairs.slice(0, 1), query: 'up', format };
      const ep = tok.encodeIds(buildEpisode(spec, 'down'));
      const prompt = tok.encodeIds(buildPrompt(spec));
      expect(ep).toEqual([...prompt, ...tok.encodeIds('down')]);
      expect(format.outputPrefix).toMatch(/\s$/);
    }
  });

  it('rejects an unknown format', () => {
    expect(() => formatById('nope')).toThrow(/Unknown few-shot format/);
  });

  it('matches answers case-insensitively on the expected words', () => {
    expect(answerMatches('Cold and wet', 'cold')).toBe(true);
    expect(answerMatches('abu dhabi.', 'Abu Dhabi')).toBe(true);
    expect(answerMatches('abu', 'Abu Dhabi')).toBe(false);
    expect(answerMatches('warm', 'cold')).toBe(false);
    expect(answerMatches('', '')).toBe(false);
  });

  it('samples distinct examples reproducibly and never the query', () => {
    const a = sampleExamples(pairs, 2, mulberry32(5), 'hot');
    const b = sampleExamples(pairs, 2, mulberry32(5), 'hot');
    expect(a).toEqual(b);
    expect(a).toHaveLength(2);
    expect(a.some((p) => p.input === 'hot')).toBe(false);
    expect(new Set(a.map((p) => p.input)).size).toBe(2);
    expect(sampleExamples(pairs, 10, mulberry32(1))).toHaveLength(3);
  });
});
