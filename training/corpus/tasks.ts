/**
 * Few-shot tasks: pair pools, the 80/20 train/held-out split and the episode
 * generator. Prompts are built with src/analysis/fewshot.ts, the same code the
 * app and the evaluation use.
 *
 * What makes examples matter (see shared/MODELS.md):
 * - Tasks share their inputs (a noun has a plural, a French word and a
 *   category; an adjective an opposite and a French word; a country a capital
 *   and a continent), so a bare query is ambiguous and only the examples say
 *   which task is meant.
 * - Instruction lines are rare (RARE_INSTRUCTIONS: 5% of episodes) and varied,
 *   and the app's own instruction line is held out like the test pairs: it
 *   never heads a training episode (the leakage check enforces it), so the
 *   zero-shot lane asks the model to act on an instruction it was never
 *   drilled on, as GPT-3's zero-shot prompts did, while the examples of the
 *   few-shot lanes show it the task in a format it knows.
 * - Rule tasks (plural, past tense) carry over to any word; knowledge tasks
 *   (opposites, French, capitals, continents, categories) need facts, which
 *   the corpus states in prose for every pair, held-out ones included: only
 *   the task format is held out.
 * - Episodes are bursts of one task, 1–9 pairs long, drawn from long pools.
 */
import { buildEpisode, formatById, sampleExamples, type TaskPair } from '../../src/analysis/fewshot';
import type { Country } from './sources';
import { type NounEntry, pastOf, pluralOf } from './words';

export interface TaskDef {
  id: string;
  name: string;
  /** The app's zero-shot instruction line. */
  instruction: string;
  /** The phrasings used in training episodes (the app's `instruction` is not among them). */
  paraphrases: string[];
  formats: string[];
  /** Inputs shared with another task (the examples alone say which is meant). */
  sharesInputsWith: string | null;
  train: TaskPair[];
  heldOut: TaskPair[];
  /** Relative weight in the training mix. */
  weight: number;
}

/** How training episodes use instruction lines. */
export interface InstructionPolicy {
  /** Share of episodes that start with an instruction line. */
  share: number;
  /** Whether the app's own instruction line is among the phrasings (otherwise only the paraphrases are). */
  appLine: boolean;
}

/** The corpus tiny-gpt is trained on: instructions rare, the app's own line held out. */
export const RARE_INSTRUCTIONS: InstructionPolicy = { share: 0.05, appLine: false };

/**
 * The first corpus (`build.ts --drilled-instructions`): 15% of episodes with an instruction, the app's line one of
 * five phrasings. tiny-bert is warm-started from tiny-gpt's first phase on it (training/README.md says why).
 */
export const DRILLED_INSTRUCTIONS: InstructionPolicy = { share: 0.15, appLine: true };
/** Longest episode: this many examples before the last pair. */
export const MAX_EPISODE_SHOTS = 8;

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

/** How two task inputs are compared: the same word whatever its case, Unicode form or surrounding spaces. */
export function inputKey(x: string): string {
  return x.normalize('NFKC').toLowerCase().trim();
}

/**
 * Splits pairs by key; pairs listed in `forced` (the independent evaluation
 * items, by task) are always held out, and so is every pair with their input.
 */
function split(pairs: TaskPair[], keyOf: (p: TaskPair) => string, forced: TaskPair[] = []): { train: TaskPair[]; heldOut: TaskPair[] } {
  const forcedInputs = new Set(forced.map((p) => inputKey(p.input)));
  const train: TaskPair[] = [];
  const heldOut: TaskPair[] = [];
  const seen = new Set<string>();
  for (const p of pairs) {
    const k = `${p.input}\u0000${p.output}`;
    if (seen.has(k)) continue;
    seen.add(k);
    (isHeldOut(keyOf(p)) || forcedInputs.has(inputKey(p.input)) ? heldOut : train).push(p);
  }
  return { train, heldOut };
}

export interface TaskInputs {
  sentiment: { text: string; positive: boolean }[];
  afinn: { word: string; score: number }[];
  opposites: [string, string][];
  nouns: NounEntry[];
  french: [string, string][];
  verbs: string[];
  countries: Country[];
  /** Independent evaluation items by task id: never in training episodes. */
  independent: Record<string, TaskPair[]>;
  /**
   * Hold a word out in every word task at once (`holdOutAcrossTasks`; `build.ts --split-shared`). Default false: each
   * task's own split (opposites by pair, French words by word), the corpus the shipped models were trained on.
   */
  sharedHeldOut?: boolean;
}

/** The tasks whose inputs are single words that other tasks may share. */
export const WORD_TASKS = ['antonym', 'en-fr', 'plural', 'category'];

/**
 * A word that is a held-out query of one task is held out in every word task, as nouns (one key for plural,
 * category and French) and countries (capital and continent) always were. Otherwise "hot -> cold" is a held-out
 * opposite while "hot -> chaud" is trained in the very same prompt format, and the test asks the model to overrule
 * a pair it was drilled on rather than to recall a fact from prose and read the task from the examples. Opposites
 * stay whole pairs (a held-out "hot -> cold" never appears reversed), so the closure is repeated until it is stable.
 */
export function holdOutAcrossTasks(tasks: { id: string; train: TaskPair[]; heldOut: TaskPair[] }[]): void {
  const word = tasks.filter((t) => WORD_TASKS.includes(t.id));
  const held = new Set(word.flatMap((t) => t.heldOut.map((p) => inputKey(p.input))));
  for (;;) {
    // One pass over the tasks against the words held out before it; what it moves joins them for the next pass.
    const moved = word.flatMap((t) => {
      const isOpp = t.id === 'antonym';
      const move = (p: TaskPair) => held.has(inputKey(p.input)) || (isOpp && held.has(inputKey(p.output)));
      const out = t.train.filter(move);
      if (out.length > 0) {
        t.heldOut.push(...out);
        t.train = t.train.filter((p) => !move(p));
      }
      return out;
    });
    if (moved.length === 0) return;
    for (const p of moved) held.add(inputKey(p.input));
  }
}

export function makeTasks(inp: TaskInputs): TaskDef[] {
  const ind = (id: string) => inp.independent[id] ?? [];
  const byWord = (prefix: string) => (p: TaskPair) => `${prefix}:${p.input}`;
  const sent = split(
    inp.sentiment.map((s) => ({ input: s.text, output: s.positive ? 'positive' : 'negative' })),
    (p) => `sent:${p.input}`,
  );
  const words = split(
    inp.afinn.map((a) => ({ input: a.word, output: a.score > 0 ? 'good' : 'bad' })),
    byWord('word'),
    ind('word-sentiment'),
  );
  // Opposites: both directions, split by the unordered pair so a held-out pair never appears reversed in training.
  const antPairs: TaskPair[] = [];
  for (const [a, b] of inp.opposites) antPairs.push({ input: a, output: b }, { input: b, output: a });
  const ant = split(antPairs, (p) => `ant:${[p.input, p.output].sort().join('|')}`, ind('antonym'));
  // A noun is held out in all three noun tasks at once (key noun:<word>).
  const nounKey = (p: TaskPair) => `noun:${p.input}`;
  const plural = split(
    inp.nouns.filter((n) => n.regularPlural).map((n) => ({ input: n.word, output: pluralOf(n.word) })),
    nounKey,
    ind('plural'),
  );
  const category = split(
    inp.nouns.filter((n) => n.category).map((n) => ({ input: n.word, output: n.category as string })),
    nounKey,
    ind('category'),
  );
  const fr = split(
    inp.french.map(([en, f]) => ({ input: en, output: f })),
    nounKey,
    ind('en-fr'),
  );
  const past = split(
    inp.verbs.map((v) => ({ input: v, output: pastOf(v) })),
    byWord('verb'),
    ind('past'),
  );
  const cap = split(
    inp.countries.map((c) => ({ input: c.name, output: c.capital })),
    (p) => `country:${p.input}`,
    ind('capital'),
  );
  const cont = split(
    inp.countries.map((c) => ({ input: c.name, output: c.continent })),
    (p) => `country:${p.input}`,
    ind('continent'),
  );
  const all = ['arrow', 'colon', 'equals', 'qa', 'inline'];
  const defs: TaskDef[] = [
    {
      id: 'antonym',
      name: 'Opposites',
      instruction: 'give the opposite of each word.',
      paraphrases: ['opposites:', 'write the opposite word.', 'what is the opposite?', 'antonyms:'],
      formats: all,
      sharesInputsWith: 'en-fr',
      weight: 3,
      ...ant,
    },
    {
      id: 'plural',
      name: 'Plural',
      instruction: 'give the plural of each word.',
      paraphrases: ['plurals:', 'one and many:', 'write the plural.', 'more than one:'],
      formats: all,
      sharesInputsWith: 'category',
      weight: 3,
      ...plural,
    },
    {
      id: 'past',
      name: 'Past tense',
      instruction: 'put each verb in the past tense.',
      paraphrases: ['past tense:', 'today and yesterday:', 'write the past tense.', 'what happened yesterday?'],
      formats: all,
      sharesInputsWith: null,
      weight: 3,
      ...past,
    },
    {
      id: 'en-fr',
      name: 'English to French',
      instruction: 'translate english to french.',
      paraphrases: ['english to french:', 'in french:', 'french words:', 'translate into french.'],
      formats: all,
      sharesInputsWith: 'plural',
      weight: 3,
      ...fr,
    },
    {
      id: 'category',
      name: 'Category',
      instruction: 'what kind of thing is each word?',
      paraphrases: ['categories:', 'sort the words into groups:', 'which group does it belong to?', 'kinds of things:'],
      formats: all,
      sharesInputsWith: 'plural',
      weight: 3,
      ...category,
    },
    {
      id: 'capital',
      name: 'Capital of a country',
      instruction: 'what is the capital of each country?',
      paraphrases: ['capitals:', 'country and capital:', 'name the capital city.', 'capital cities:'],
      formats: all,
      sharesInputsWith: 'continent',
      weight: 2,
      ...cap,
    },
    {
      id: 'continent',
      name: 'Continent of a country',
      instruction: 'which continent is each country in?',
      paraphrases: ['continents:', 'country and continent:', 'where is each country?', 'name the continent.'],
      formats: all,
      sharesInputsWith: 'capital',
      weight: 2,
      ...cont,
    },
    {
      id: 'word-sentiment',
      name: 'Word: good or bad',
      instruction: 'is each word good or bad?',
      paraphrases: ['good or bad:', 'good words and bad words:', 'is it good or bad?', 'nice or nasty:'],
      formats: all,
      sharesInputsWith: null,
      weight: 2,
      ...words,
    },
    {
      id: 'sentiment',
      name: 'Review sentiment',
      instruction: 'is this review positive or negative?',
      paraphrases: ['reviews:', 'positive or negative:', 'what did the customer think?', 'review and verdict:'],
      formats: ['arrow', 'colon', 'qa'],
      sharesInputsWith: null,
      weight: 2,
      ...sent,
    },
  ];
  if (inp.sharedHeldOut === true) holdOutAcrossTasks(defs);
  return defs;
}

function pickTask(tasks: TaskDef[], rand: () => number): TaskDef {
  const total = tasks.reduce((s, t) => s + t.weight, 0);
  let r = rand() * total;
  for (const t of tasks) {
    r -= t.weight;
    if (r < 0) return t;
  }
  return tasks[tasks.length - 1] as TaskDef;
}

/**
 * One training episode: a task (by weight), a format, 1–9 pairs from the
 * train pool (the last is the "query" only in name: every answer is trained),
 * an instruction line in `policy.share` of episodes, one of the task's
 * paraphrases (and the app's own line, if `policy.appLine`). `fits` rejects an episode that is too long; pairs are dropped
 * until it fits.
 */
export function makeEpisode(
  tasks: TaskDef[],
  rand: () => number,
  fits: (text: string) => boolean,
  policy: InstructionPolicy = RARE_INSTRUCTIONS,
): { task: string; k: number; text: string } | null {
  const task = pickTask(tasks, rand);
  const format = formatById(task.formats[Math.floor(rand() * task.formats.length)] as string);
  let k = Math.floor(rand() * (MAX_EPISODE_SHOTS + 1));
  let instruction: string | null = null;
  if (rand() < policy.share) {
    const phrasings = policy.appLine ? [task.instruction, ...task.paraphrases] : task.paraphrases;
    instruction = phrasings[Math.floor(rand() * phrasings.length)] as string;
  }
  const query = task.train[Math.floor(rand() * task.train.length)] as TaskPair;
  const examples = sampleExamples(task.train, k, rand, query.input);
  while (k >= 0) {
    const text = buildEpisode({ instruction, examples: examples.slice(0, k), query: query.input, format }, query.output);
    if (fits(text)) return { task: task.id, k, text };
    k--;
  }
  return null;
}
