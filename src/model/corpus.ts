/**
 * Built-in training corpora, derived from data the app already ships
 * (public/data/*.json), so nothing else has to be downloaded.
 *
 * - "sentences": the example inputs and answers of the few-shot tasks
 *   (public/data/tasks.json) and the polysemy sentences of every word except
 *   "bank" (public/data/polysemy.json). The "bank" sentences are left out on
 *   purpose: the lab measures how well the model separates the two senses of
 *   "bank" on them, which means little if it was trained on them.
 * - "repeats": lists of random words, each said twice. The second copy can
 *   only be predicted by looking back at the first one, which is exactly
 *   what an induction head does, so this is the corpus on which one appears.
 */
import { Rng } from './rng';

interface TasksData {
  formats?: { id: string; outputPrefix: string }[];
  tasks: { train?: { input: string; output: string }[]; test?: { input: string; output: string }[] }[];
}
interface PolysemyData {
  words: { word: string; sentences: { text: string }[] }[];
}

/** The word whose senses the lab measures; its sentences stay out of the built-in corpus. */
export const PROBE_WORD = 'bank';

export function builtinSentences(tasks: unknown, polysemy: unknown): string {
  const lines: string[] = [];
  const t = tasks as TasksData;
  for (const task of t?.tasks ?? []) {
    for (const ex of [...(task.train ?? []), ...(task.test ?? [])]) lines.push(`${ex.input} -> ${ex.output}`);
  }
  const p = polysemy as PolysemyData;
  for (const w of p?.words ?? []) {
    if (w.word === PROBE_WORD) continue;
    for (const s of w.sentences) lines.push(s.text);
  }
  if (lines.length === 0) throw new Error('The built-in corpus is empty (the data files have an unexpected shape)');
  // A fixed shuffle, so the held-out end is a fair mix of both sources.
  return new Rng(7).shuffle(lines).join('\n');
}

/**
 * `n` token ids of word lists said twice, separated by `sepId`:
 * w1 … wk w1 … wk . w1' … wk' w1' … wk' . …  (k from 5 to 10, words from `pool`).
 */
export function repeatCorpus(pool: readonly number[], n: number, sepId: number, seed: number): Int32Array {
  if (pool.length < 10) throw new Error('repeatCorpus: the word pool is too small');
  const rng = new Rng(seed);
  const out = new Int32Array(n);
  let i = 0;
  while (i < n) {
    const k = 5 + rng.int(6);
    const block = Array.from({ length: k }, () => pool[rng.int(pool.length)] as number);
    for (const id of [...block, ...block, sepId]) {
      if (i >= n) break;
      out[i++] = id;
    }
  }
  return out;
}

/** Ordinary whole words of a vocabulary (no specials, no word pieces), first `max` of them. */
export function wordPool(vocab: readonly string[], max = 300): number[] {
  const out: number[] = [];
  for (let id = 0; id < vocab.length && out.length < max; id++) {
    if (/^[a-z]{2,}$/.test(vocab[id] as string)) out.push(id);
  }
  return out;
}
