import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Tokenizer } from '../model/tokenizer';
import { buildPrompt, formatById } from './fewshot';
import {
  answerLimit,
  attentionByKind,
  attentionFromLast,
  batchQueryOrder,
  customTask,
  drawExamples,
  greedyAnswer,
  isCorrect,
  makeShotPrompt,
  normalizeAnswer,
  type PromptTask,
  parseTasksFile,
  promptSegments,
  segmentAt,
  stopIds,
  tally,
} from './prompting';

const task: PromptTask = {
  id: 'toy',
  name: 'toy',
  instruction: 'give the opposite of each word.',
  formats: ['arrow'],
  sharesInputsWith: null,
  pool: Array.from({ length: 20 }, (_, i) => ({ input: `in${i}`, output: `out${i}` })),
  queries: [
    { input: 'in3', output: 'out3' },
    { input: 'hot', output: 'cold' },
  ],
};
const arrow = formatById('arrow');
const always = { seed: 7, format: arrow, withInstruction: true, fits: () => true };

describe('tasks.json', () => {
  it('parses the shipped file: every preset has a pool, queries and known formats', () => {
    const tasks = parseTasksFile(JSON.parse(readFileSync('public/data/tasks.json', 'utf8')));
    expect(tasks.map((t) => t.id)).toEqual(expect.arrayContaining(['sentiment', 'antonym', 'capital', 'en-fr']));
    for (const t of tasks) {
      expect(t.pool.length).toBeGreaterThan(8);
      expect(t.queries.length).toBeGreaterThan(0);
      for (const f of t.formats) expect(() => formatById(f)).not.toThrow();
    }
  });
  it('rejects a malformed file', () => {
    expect(() => parseTasksFile({ version: 1, tasks: [{ id: 'x' }] })).toThrow();
    expect(() => parseTasksFile(null)).toThrow();
  });
});

describe('seeded example draws', () => {
  it('are reproducible, distinct, never the query, and nested across k', () => {
    const a = drawExamples(task, 0, 7);
    expect(drawExamples(task, 0, 7)).toEqual(a);
    expect(a).toHaveLength(8);
    expect(new Set(a.map((p) => p.input)).size).toBe(8);
    expect(a.some((p) => p.input === 'in3')).toBe(false);
    expect(drawExamples(task, 0, 7, 3)).toEqual(a.slice(0, 3));
    expect(drawExamples(task, 0, 8)).not.toEqual(a);
    expect(drawExamples(task, 1, 7)).not.toEqual(a);
  });
  it('give prompts equal to fewshot.buildPrompt, one-shot ⊂ few-shot', () => {
    const zero = makeShotPrompt(task, 1, 0, always);
    const one = makeShotPrompt(task, 1, 1, always);
    const four = makeShotPrompt(task, 1, 4, always);
    expect(zero.text).toBe('give the opposite of each word.\nhot -> ');
    expect(one.text).toBe(
      buildPrompt({ instruction: task.instruction, examples: four.spec.examples.slice(0, 1), query: 'hot', format: arrow }),
    );
    expect(four.k).toBe(4);
    expect(four.text.endsWith('\nhot -> ')).toBe(true);
    const bare = makeShotPrompt(task, 1, 2, { ...always, withInstruction: false });
    expect(bare.text.startsWith('give')).toBe(false);
    expect(makeShotPrompt(task, 1, 0, { ...always, withInstruction: false }).text).toBe(zero.text);
  });
  it('drop examples from the end until the prompt fits', () => {
    const p = makeShotPrompt(task, 1, 6, { ...always, fits: (t) => t.split('\n').length <= 4 });
    expect(p.requested).toBe(6);
    expect(p.k).toBe(2);
    expect(p.spec.examples).toEqual(makeShotPrompt(task, 1, 6, always).spec.examples.slice(0, 2));
  });
  it('a custom task draws from its own examples', () => {
    const c = customTask({
      instruction: ' say it louder ',
      examples: [{ input: 'a', output: 'A' }],
      queries: [{ input: 'b', output: 'B' }],
    });
    const p = makeShotPrompt(c, 0, 4, always);
    expect(p.k).toBe(1);
    expect(p.text).toBe('say it louder\na -> A\nb -> ');
  });
});

describe('batch query order', () => {
  it('is a seeded permutation of all queries', () => {
    const big = { ...task, queries: Array.from({ length: 50 }, (_, i) => ({ input: `q${i}`, output: 'x' })) };
    const a = batchQueryOrder(big, 7);
    expect(batchQueryOrder(big, 7)).toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(big.queries.map((_, i) => i));
    expect(a).not.toEqual(big.queries.map((_, i) => i));
    expect(batchQueryOrder(big, 8)).not.toEqual(a);
  });
});

describe('prompt segments', () => {
  it('cover the normalised prompt and line up with the tokenizer offsets', () => {
    const tok = new Tokenizer([
      '[PAD]',
      '[UNK]',
      '[MASK]',
      '[SEP]',
      '\n',
      'give',
      'the',
      'opposite',
      'of',
      'each',
      'word',
      '.',
      '-',
      '>',
      'hot',
      'in',
      '##0',
      '##1',
      '##2',
      '##3',
      '##4',
      '##5',
      '##6',
      '##7',
      '##8',
      '##9',
      'out',
      ':',
    ]);
    for (const format of [arrow, formatById('qa'), formatById('inline')]) {
      const p = makeShotPrompt(task, 1, 3, { ...always, format });
      const { segments } = promptSegments(p.spec);
      expect(segments[0]?.start).toBe(0);
      expect(segments.at(-1)?.end).toBe(p.text.toLowerCase().length);
      for (let i = 1; i < segments.length; i++) expect(segments[i]?.start).toBe(segments[i - 1]?.end);
      const kinds = tok.encode(p.text).map((t) => segmentAt(segments, t.start));
      expect(kinds[0]?.kind).toBe('instruction');
      expect(kinds.filter((s) => s?.kind === 'query')).toHaveLength(1); // "hot"
      expect([...new Set(kinds.filter((s) => s?.kind === 'output').map((s) => s?.example))]).toEqual([0, 1, 2]); // out + ##N…
    }
  });
});

describe('scoring', () => {
  it('normalises case and spacing only', () => {
    expect(normalizeAnswer(' Buenos  Aires\n')).toBe('buenosaires');
    expect(isCorrect('buenos aires', 'Buenos Aires')).toBe(true);
    expect(isCorrect('guinea - bissau', 'Guinea-Bissau')).toBe(true);
    expect(isCorrect('paris.', 'Paris')).toBe(false);
    expect(isCorrect('pari', 'Paris')).toBe(false);
    expect(isCorrect('', '')).toBe(false);
  });
  it('leaves room for the answer and a stop token', () => {
    expect(answerLimit(1)).toBe(3);
    expect(answerLimit(4)).toBe(6);
    expect(answerLimit(40)).toBe(16);
  });
});

describe('greedy answers', () => {
  // A fake model: a script of next tokens by position.
  const V = 10;
  const script = (seq: number[]) => async (ids: number[]) => {
    const r = new Float32Array(V);
    r[seq[ids.length - 2] ?? 0] = 5;
    return r;
  };
  const decode = (ids: readonly number[]) => ids.map((i) => `t${i}`).join(' ');
  const base = { maxNew: 5, stop: new Set([4]), contextLength: 100, decode };

  it('stops at a stop token and does not include it', async () => {
    const r = await greedyAnswer([1, 2], script([7, 8, 4, 9]), base);
    expect(r).toEqual({ ids: [7, 8], text: 't7 t8', end: 'stop', passes: 3 });
  });
  it('uses the first logits given, stops at the limit and at the context', async () => {
    const first = new Float32Array(V);
    first[6] = 1;
    const r = await greedyAnswer([1, 2], script([0, 9, 9, 9, 9, 9]), { ...base, maxNew: 3 }, first);
    expect(r.ids).toEqual([6, 9, 9]);
    expect(r.end).toBe('limit');
    expect(r.passes).toBe(2);
    expect((await greedyAnswer([1, 2], script([7, 7, 7]), { ...base, contextLength: 3 })).end).toBe('context');
  });
  it('early exit on a wrong prefix gives the same verdict as the full answer', async () => {
    for (const seq of [[7, 8, 4], [7, 9, 4], [7, 8, 8, 4], [3, 4], [4]]) {
      const full = await greedyAnswer([1, 2], script(seq), base);
      const quick = await greedyAnswer([1, 2], script(seq), { ...base, expected: 'T7 t8' });
      expect(isCorrect(quick.text, 'T7 t8')).toBe(isCorrect(full.text, 'T7 t8'));
      expect(quick.passes).toBeLessThanOrEqual(full.passes);
    }
  });
  it('stop tokens: newline, [SEP] and the inline separator', () => {
    const tok = new Tokenizer(['[PAD]', '[UNK]', '[MASK]', '[SEP]', '\n', ';', 'a']);
    expect([...stopIds(tok, arrow)].sort()).toEqual([3, 4]);
    expect([...stopIds(tok, formatById('inline'))].sort()).toEqual([3, 4, 5]);
  });
});

describe('attention from the answer position', () => {
  // L=2, H=2, T=3: row of the last query position set per layer/head.
  const L = 2;
  const H = 2;
  const T = 3;
  const att = new Float32Array(L * H * T * T);
  const rows = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
    [0.5, 0.5, 0],
  ];
  for (let m = 0; m < rows.length; m++) {
    for (let k = 0; k < T; k++) att[(m * T + 2) * T + k] = rows[m]?.[k] as number;
  }
  it('averages over heads, per layer or over layers, and sums to 1', () => {
    expect(Array.from(attentionFromLast(att, L, H, T, 0))).toEqual([0.5, 0.5, 0]);
    expect(Array.from(attentionFromLast(att, L, H, T, 1))).toEqual([0.25, 0.25, 0.5]);
    const m = attentionFromLast(att, L, H, T, 'mean');
    expect(Array.from(m)).toEqual([0.375, 0.375, 0.25]);
  });
  it('sums per kind of prompt part', () => {
    const r = attentionByKind([0.5, 0.3, 0.2], ['input', null, 'query']);
    expect(r).toEqual({ instruction: 0, input: 0.5, output: 0, query: 0.2, format: 0.3 });
  });
  it('tallies accuracy per k', () => {
    const cells = tally(
      [
        { k: 0, correct: true, shortened: false },
        { k: 0, correct: false, shortened: false },
        { k: 2, correct: true, shortened: true },
      ],
      [0, 1, 2],
    );
    expect(cells).toEqual([
      { k: 0, correct: 1, total: 2, shortened: 0 },
      { k: 1, correct: 0, total: 0, shortened: 0 },
      { k: 2, correct: 1, total: 1, shortened: 1 },
    ]);
  });
});
