/**
 * The held-out material and the leakage check.
 *
 * polysemy.json holds, per preset word, the real sentences that contain it
 * (Brown, WordNet: labelled keyword-assisted, then read by hand; see
 * realSenses.ts) and the independent classroom sentences of
 * training/eval-items/independent.json (written before training by someone
 * who had not seen the corpus). None of them is in the training text: real
 * sentences with a preset word never enter it, and a generated document that
 * happens to contain a held-out sentence or a held-out task pair is dropped.
 */
import { FORMATS, renderExample } from '../../src/analysis/fewshot';
import { normalize, preTokenize } from '../../src/model/tokenizer';
import { labelRealSentences, type PolysemySentence } from './realSenses';
import type { SenseWordDef } from './senses/types';
import type { TaskDef } from './tasks';

export interface PolysemyOut {
  word: string;
  senses: { label: string; gloss: string }[];
  sentences: PolysemySentence[];
}

function cueBefore(text: string, word: string, keywords: readonly string[]): boolean {
  const words = preTokenize(normalize(text)).map((p) => p.text);
  const at = words.indexOf(word);
  return at > 0 && words.slice(0, at).some((x) => keywords.includes(x));
}

export function heldOutPolysemy(
  words: SenseWordDef[],
  brown: string[],
  wordnet: string[],
  independent: Record<string, Record<string, string[]>>,
): PolysemyOut[] {
  return words.map((w) => {
    const classroom: PolysemySentence[] = [];
    for (const s of w.senses) {
      for (const text of independent[w.word]?.[s.label] ?? []) {
        const toks = preTokenize(normalize(text)).map((p) => p.text);
        if (!toks.includes(w.word)) throw new Error(`independent sentence without "${w.word}": ${text}`);
        classroom.push({ text, sense: s.label, source: 'classroom', cueBefore: cueBefore(text, w.word, s.keywords) });
      }
    }
    return {
      word: w.word,
      senses: w.senses.map((s) => ({ label: s.label, gloss: s.gloss })),
      sentences: [...classroom, ...labelRealSentences(w, brown, 'brown'), ...labelRealSentences(w, wordnet, 'wordnet')],
    };
  });
}

interface DocLike {
  kind: string;
  text?: string;
}

const key = (s: string) =>
  normalize(s)
    .replace(/[.!?"]+\s*$/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Drops generated documents that contain a held-out sentence or a held-out task pair; counts what was dropped. */
export function checkLeaks<D extends DocLike>(
  docs: D[],
  polysemy: PolysemyOut[],
  tasks: TaskDef[],
  options: { appInstructions?: 'held-out' | 'allowed' } = {},
): { docs: D[]; dropped: Record<string, number> } {
  const sentences = new Set(polysemy.flatMap((p) => p.sentences.map((s) => key(s.text))));
  const pairs = new Set<string>();
  for (const t of tasks) for (const p of t.heldOut) for (const f of FORMATS) pairs.add(key(renderExample(p, f)));
  const reviews = new Set(tasks.find((t) => t.id === 'sentiment')?.heldOut.map((p) => key(p.input)) ?? []);
  // The app's instruction lines are held out like the test pairs: none may head a training episode.
  const instructions = new Set(options.appInstructions === 'allowed' ? [] : tasks.map((t) => key(t.instruction)));
  const dropped: Record<string, number> = {};
  const out: D[] = [];
  for (const d of docs) {
    const text = d.text ?? '';
    let leak = false;
    if (d.kind === 'brown' || d.kind === 'wordnet') {
      // Real text never holds a preset word (filtered at the source); nothing to check sentence by sentence.
    } else {
      for (const s of text.split(/(?<=[.!?])\s+|\n/))
        if (sentences.has(key(s)) || (d.kind === 'reviews' && reviews.has(key(s)))) {
          leak = true;
          if (process.env.LEAKS) console.log('LEAK', d.kind, s);
        }
      if (d.kind === 'tasks') {
        for (const line of text.split(/\n| ; /))
          if (pairs.has(key(line)) || instructions.has(key(line))) {
            leak = true;
            if (process.env.LEAKS) console.log('LEAKP', line);
          }
        const qa = text.match(/input: [^\n]*\noutput: [^\n]*/g) ?? [];
        for (const m of qa) if (pairs.has(key(m))) leak = true;
      }
    }
    if (leak) dropped[d.kind] = (dropped[d.kind] ?? 0) + 1;
    else out.push(d);
  }
  return { docs: out, dropped };
}
