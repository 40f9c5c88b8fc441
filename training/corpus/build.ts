/**
 * Builds the training corpus, the vocabulary and the held-out sets.
 *
 *   npx tsx training/corpus/build.ts      (npm run corpus)
 *
 * Writes (all deterministic for a given SEED):
 *   training/data/train.bin, val.bin   uint16 little-endian token ids, documents separated by [SEP]
 *   training/data/meta.json            token counts per part, vocabulary size, reference prompt ids
 *   public/models/tiny-gpt|tiny-bert/tokenizer.json
 *   public/data/polysemy.json, public/data/tasks.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORMATS, mulberry32 } from '../../src/analysis/fewshot';
import { normalize, preTokenize, Tokenizer } from '../../src/model/tokenizer';
import { heldOutSentences, trainSentence, WORDS } from './polysemy';
import { labelRealSentences } from './realSenses';
import { afinnWords, brownSentences, countries, sentimentSentences, wordnetAntonyms, wordnetExamples, wordnetSynsets } from './sources';
import { isHeldOut, makeEpisode, makeTasks } from './tasks';
import { buildVocab, WordCounter } from './vocab';

export const SEED = 20261128;
const ROOT = join(import.meta.dirname, '..', '..');
const DATA = join(ROOT, 'training', 'data');
const CONTEXT = 128;
const VOCAB_SIZE = 4000;
/** Corpus mix (documents). */
const N_POLYSEMY_DOCS = 14000;
const N_EPISODES = 40000;
const N_INDUCTION_DOCS = 5000;
const VAL_FRACTION = 0.02;

const rand = mulberry32(SEED);
const shuffle = <T>(xs: T[]): T[] => {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
  }
  return xs;
};

const targets = new Set(WORDS.map((w) => w.word));
const wordsOf = (text: string) => preTokenize(normalize(text)).map((p) => p.text);
const hasTarget = (text: string) => wordsOf(text).some((w) => targets.has(w));

// ---- sources -------------------------------------------------------------
const brown = brownSentences();
const synsets = wordnetSynsets();
const wnExamples = wordnetExamples(synsets);
const sentiment = sentimentSentences();
const afinn = afinnWords();
const allCountries = countries();

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
const antonyms = wordnetAntonyms(synsets)
  .filter(([a, b]) => count(a) >= 15 && count(b) >= 15)
  .sort((x, y) => Math.min(count(y[0]), count(y[1])) - Math.min(count(x[0]), count(x[1])))
  .slice(0, 350);
const afinnSel = (() => {
  const ok = afinn.filter((a) => Math.abs(a.score) >= 2 && count(a.word) >= 10).sort((a, b) => count(b.word) - count(a.word));
  const pos = ok.filter((a) => a.score > 0).slice(0, 300);
  const neg = ok.filter((a) => a.score < 0).slice(0, 300);
  return [...pos, ...neg];
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
const tasks = makeTasks({ sentiment: shortSentiment, afinn: afinnSel, antonyms, countries: allCountries });
{
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
}
const heldOutSentimentTexts = new Set(tasks.find((t) => t.id === 'sentiment')?.heldOut.map((p) => p.input) ?? []);

// ---- vocabulary ----------------------------------------------------------
const forced: string[] = [];
for (const w of WORDS) forced.push(w.word);
for (const t of tasks) {
  forced.push(...wordsOf(t.instruction));
  for (const p of [...t.train, ...t.heldOut]) {
    if (t.id !== 'sentiment') forced.push(...wordsOf(p.input));
    forced.push(...wordsOf(p.output));
  }
}
for (const f of FORMATS) forced.push(...wordsOf(f.inputPrefix + f.outputPrefix));
const vocab = buildVocab(counter, forced, {
  size: VOCAB_SIZE,
  nSuffixes: 300,
  minCharCount: 30,
  extraChars: [...'éèêëàâçôîïûùœ', ...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'],
});
const tok = new Tokenizer(vocab);
const tokJson = JSON.stringify(tok.toJSON());
for (const id of ['tiny-gpt', 'tiny-bert']) {
  mkdirSync(join(ROOT, 'public', 'models', id), { recursive: true });
  writeFileSync(join(ROOT, 'public', 'models', id, 'tokenizer.json'), `${tokJson}\n`);
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
// Polysemy: 1–3 sentences of one word and one sense.
for (let i = 0; i < N_POLYSEMY_DOCS; i++) {
  const w = WORDS[i % WORDS.length] as (typeof WORDS)[number];
  const sense = w.senses[Math.floor(rand() * 2)] as (typeof w.senses)[number];
  const n = 1 + Math.floor(rand() * 3);
  const sents: string[] = [];
  for (let j = 0; j < n; j++) sents.push(trainSentence(w, sense, rand));
  addText('polysemy', sents.join(' '));
}
// Few-shot task episodes.
const episodeStats: Record<string, number> = {};
for (let i = 0; i < N_EPISODES; i++) {
  const ep = makeEpisode(tasks, rand, (text) => encode(text).length <= CONTEXT - 2);
  if (!ep) continue;
  episodeStats[`${ep.task}/k${ep.k}`] = (episodeStats[`${ep.task}/k${ep.k}`] ?? 0) + 1;
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
const polysemy = WORDS.map((w) => ({
  word: w.word,
  senses: w.senses.map((s) => ({ label: s.label, gloss: s.gloss })),
  sentences: [
    ...labelRealSentences(
      w,
      brownPoly.map((s) => s.text),
      'brown',
    ),
    ...labelRealSentences(w, wnPoly, 'wordnet'),
    ...w.senses.flatMap((s) =>
      heldOutSentences(w, s).map((h) => ({ text: h.text, sense: s.label, source: 'generated' as const, cueBefore: h.cueBefore })),
    ),
  ],
}));

const trainDocs: Doc[] = [];
const valDocs: Doc[] = [];
for (const d of shuffle(docs)) (rand() < VAL_FRACTION ? valDocs : trainDocs).push(d);

const heldSentences = new Set(polysemy.flatMap((p) => p.sentences.map((s) => normalize(s.text))));
const allTrainText = normalize(trainDocs.map((d) => d.text ?? '').join('\n\u0000'));
/** `needle` occurs in `hay` with no letter or digit glued to either end. */
const containsWhole = (hay: string, needle: string): boolean => {
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
    const before = hay[i - 1] ?? ' ';
    const after = hay[i + needle.length] ?? ' ';
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
  }
  return false;
};
let leaks = 0;
for (const s of heldSentences)
  if (containsWhole(allTrainText, s)) {
    leaks++;
    console.log('LEAK sentence', s);
  }
for (const t of tasks) {
  for (const p of t.heldOut) {
    for (const fid of t.formats) {
      const f = FORMATS.find((x) => x.id === fid);
      if (f && containsWhole(allTrainText, normalize(`${p.input}${f.outputPrefix}${p.output}`))) {
        leaks++;
        console.log('LEAK pair', t.id, fid, p.input, p.output);
      }
    }
    if (t.id === 'sentiment' && containsWhole(allTrainText, normalize(p.input))) {
      leaks++;
      console.log('LEAK review', p.input);
    }
  }
}
if (leaks > 0) throw new Error(`Leakage: ${leaks} held-out items found in the training text`);

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

const referencePrompts = [
  'The bank of the river was covered with mud.',
  'She went to the bank to deposit her money.',
  'give the opposite of each word.\nhot -> cold\nbig ->',
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
  episodes: episodeStats,
  referencePrompts,
};
writeFileSync(join(DATA, 'meta.json'), `${JSON.stringify(meta, null, 1)}\n`);

mkdirSync(join(ROOT, 'public', 'data'), { recursive: true });
writeFileSync(join(ROOT, 'public', 'data', 'polysemy.json'), `${JSON.stringify({ version: 1, words: polysemy }, null, 1)}\n`);
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
writeFileSync(join(ROOT, 'public', 'data', 'tasks.json'), `${JSON.stringify(tasksOut)}\n`);

console.log(
  JSON.stringify(
    { vocab: vocab.length, trainTokens, valTokens, unk: meta.unkFraction, parts, leaks, isHeldOutExample: isHeldOut('x') },
    null,
    1,
  ),
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
for (const t of tasks) console.log(t.id, 'train', t.train.length, 'heldOut', t.heldOut.length);
