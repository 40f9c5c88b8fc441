/**
 * Few-shot tasks: pair pools, the 80/20 train/held-out split and the episode
 * generator. Prompts are built with src/analysis/fewshot.ts, the same code the
 * app and the evaluation use.
 */
import { buildEpisode, formatById, sampleExamples, type TaskPair } from '../../src/analysis/fewshot';
import { EN_FR } from './french';
import type { Country } from './sources';

export interface TaskDef {
  id: string;
  name: string;
  instruction: string;
  formats: string[];
  /** Inputs shared with another task (the examples alone say which is meant). */
  sharesInputsWith: string | null;
  train: TaskPair[];
  heldOut: TaskPair[];
  /** Relative weight in the training mix. */
  weight: number;
}

/** FNV-1a, for a split that does not depend on list order. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Held out iff the key's hash falls in the lowest 20%: stable, and the same key is held out in every task. */
export function isHeldOut(key: string): boolean {
  return hash32(`split:${key}`) % 100 < 20;
}

function split(pairs: TaskPair[], keyOf: (p: TaskPair) => string): { train: TaskPair[]; heldOut: TaskPair[] } {
  const train: TaskPair[] = [];
  const heldOut: TaskPair[] = [];
  for (const p of pairs) (isHeldOut(keyOf(p)) ? heldOut : train).push(p);
  return { train, heldOut };
}

export interface TaskInputs {
  sentiment: { text: string; positive: boolean }[];
  afinn: { word: string; score: number }[];
  antonyms: [string, string][];
  countries: Country[];
}

export function makeTasks(inp: TaskInputs): TaskDef[] {
  const sent = split(
    inp.sentiment.map((s) => ({ input: s.text, output: s.positive ? 'positive' : 'negative' })),
    (p) => `sent:${p.input}`,
  );
  const words = split(
    inp.afinn.map((a) => ({ input: a.word, output: a.score > 0 ? 'good' : 'bad' })),
    (p) => `word:${p.input}`,
  );
  // Antonyms: both directions, split by the unordered pair so a held-out pair never appears reversed in training.
  const antPairs: TaskPair[] = [];
  for (const [a, b] of inp.antonyms) antPairs.push({ input: a, output: b }, { input: b, output: a });
  const ant = split(antPairs, (p) => `ant:${[p.input, p.output].sort().join('|')}`);
  const seenFr = new Set<string>();
  const frPairs: TaskPair[] = [];
  for (const [en, fr] of EN_FR) {
    if (seenFr.has(en)) continue;
    seenFr.add(en);
    frPairs.push({ input: en, output: fr });
  }
  const fr = split(frPairs, (p) => `en:${p.input}`);
  const cap = split(
    inp.countries.map((c) => ({ input: c.name, output: c.capital })),
    (p) => `country:${p.input}`,
  );
  const cont = split(
    inp.countries.map((c) => ({ input: c.name, output: c.continent })),
    (p) => `country:${p.input}`,
  );
  return [
    {
      id: 'sentiment',
      name: 'Review sentiment',
      instruction: 'is this review positive or negative?',
      formats: ['arrow', 'colon', 'qa'],
      sharesInputsWith: null,
      weight: 3,
      ...sent,
    },
    {
      id: 'word-sentiment',
      name: 'Word: good or bad',
      instruction: 'is each word good or bad?',
      formats: ['arrow', 'colon', 'equals', 'inline'],
      sharesInputsWith: null,
      weight: 2,
      ...words,
    },
    {
      id: 'antonym',
      name: 'Opposites',
      instruction: 'give the opposite of each word.',
      formats: ['arrow', 'colon', 'equals', 'qa', 'inline'],
      sharesInputsWith: 'en-fr',
      weight: 3,
      ...ant,
    },
    {
      id: 'en-fr',
      name: 'English to French',
      instruction: 'translate english to french.',
      formats: ['arrow', 'colon', 'equals', 'qa', 'inline'],
      sharesInputsWith: 'antonym',
      weight: 3,
      ...fr,
    },
    {
      id: 'capital',
      name: 'Capital of a country',
      instruction: 'what is the capital of each country?',
      formats: ['arrow', 'colon', 'equals', 'qa'],
      sharesInputsWith: 'continent',
      weight: 3,
      ...cap,
    },
    {
      id: 'continent',
      name: 'Continent of a country',
      instruction: 'which continent is each country in?',
      formats: ['arrow', 'colon', 'equals', 'qa'],
      sharesInputsWith: 'capital',
      weight: 2,
      ...cont,
    },
  ];
}

/**
 * One training episode: a task (by weight), a format, k = 0…5 examples from
 * the train pool, the query also from the train pool. With k = 0 the
 * instruction is always present; otherwise half of the time.
 * `fits` lets the caller reject an episode that is too long; k is lowered until it fits.
 */
export function makeEpisode(
  tasks: TaskDef[],
  rand: () => number,
  fits: (text: string) => boolean,
): { task: string; k: number; text: string } | null {
  const total = tasks.reduce((s, t) => s + t.weight, 0);
  let r = rand() * total;
  let task = tasks[0] as TaskDef;
  for (const t of tasks) {
    r -= t.weight;
    if (r < 0) {
      task = t;
      break;
    }
  }
  const format = formatById(task.formats[Math.floor(rand() * task.formats.length)] as string);
  let k = Math.floor(rand() * 6);
  const withInstruction = k === 0 || rand() < 0.5;
  const query = task.train[Math.floor(rand() * task.train.length)] as TaskPair;
  const examples = sampleExamples(task.train, k, rand, query.input);
  while (k >= 0) {
    const text = buildEpisode(
      { instruction: withInstruction || k === 0 ? task.instruction : null, examples: examples.slice(0, k), query: query.input, format },
      query.output,
    );
    if (fits(text)) return { task: task.id, k, text };
    k--;
  }
  return null;
}
