/**
 * Writes training/data/eval.json: token ids (from the app's tokenizer) for
 * the offline checks in training/eval/evaluate.py — polysemy sentences with
 * the position of the preset word, and few-shot prompts on held-out pairs
 * built with src/analysis/fewshot.ts.
 *
 *   npx tsx training/eval/prepare.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPrompt, formatById, mulberry32, sampleExamples, type TaskPair } from '../../src/analysis/fewshot';
import { Tokenizer } from '../../src/model/tokenizer';

const ROOT = join(import.meta.dirname, '..', '..');
const tok = Tokenizer.fromJSON(JSON.parse(readFileSync(join(ROOT, 'public', 'models', 'tiny-gpt', 'tokenizer.json'), 'utf8')));
const poly = JSON.parse(readFileSync(join(ROOT, 'public', 'data', 'polysemy.json'), 'utf8')) as {
  words: { word: string; sentences: { text: string; sense: string; source: string; cueBefore: boolean }[] }[];
};
const tasks = JSON.parse(readFileSync(join(ROOT, 'public', 'data', 'tasks.json'), 'utf8')) as {
  tasks: { id: string; instruction: string; formats: string[]; train: TaskPair[]; heldOut: TaskPair[] }[];
};

const polysemy = poly.words.map((w) => ({
  word: w.word,
  sentences: w.sentences.map((s) => {
    const toks = tok.encode(s.text);
    return { ...s, ids: toks.map((t) => t.id), at: toks.findIndex((t) => t.piece === w.word) };
  }),
}));

const fewshot: { task: string; k: number; instruction: boolean; format: string; ids: number[]; answer: number[] }[] = [];
for (const t of tasks.tasks) {
  for (const withInstruction of [true, false]) {
    for (let k = 0; k <= 5; k++) {
      if (k === 0 && !withInstruction) continue;
      const rand = mulberry32(1000 + k);
      for (const q of t.heldOut.slice(0, 60)) {
        const format = formatById(t.formats[0] as string);
        const text = buildPrompt({
          instruction: withInstruction ? t.instruction : null,
          examples: sampleExamples(t.train, k, rand, q.input),
          query: q.input,
          format,
        });
        fewshot.push({
          task: t.id,
          k,
          instruction: withInstruction,
          format: format.id,
          ids: tok.encodeIds(text),
          answer: tok.encodeIds(q.output),
        });
      }
    }
  }
}
writeFileSync(join(ROOT, 'training', 'data', 'eval.json'), JSON.stringify({ polysemy, fewshot }));
console.log(
  'polysemy sentences',
  polysemy.reduce((n, w) => n + w.sentences.length, 0),
  'few-shot prompts',
  fewshot.length,
);
