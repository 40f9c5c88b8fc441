/**
 * The rule stream (built by `build.ts` unless `--no-rules-stream`, training/data/rules.bin): the plural and past-tense
 * tasks asked of many more words than their drilled pairs, so that what the model learns from their episodes is the
 * rule (copy the word, add the ending the examples show) rather than a table of 100-odd pairs.
 *
 * Why: on the shipped tiny-gpt (phase 3) the past-tense task answered 10 of 30 held-out regular verbs at k = 4, and
 * most misses were not a wrong ending but another task: "pull -> push", "start -> finish", "close -> open" with four
 * past-tense examples above the query, or the bare word copied ("mark -> mark"). Its 114 drilled verbs are too few to
 * make the examples, rather than the word's strongest association, decide the answer. The words come from WordNet's
 * noun and verb lemmas; a word is used only when real text (the corpus's Brown and WordNet sentences) attests the
 * regular form the task's rule makes of it, which keeps out irregular verbs ("run" -> "runned"), doubled consonants
 * ("stop" -> "stoped") and odd plurals ("woman" -> "womans") without a hand-written list. No word of any task pair
 * (held-out or not), of the corpus's opposites or of the sense words is used, so no test item enters training;
 * words of the recall stream's opposites may, which makes them shared inputs of two tasks, as the tasks' own are.
 * Not part of train.bin; the trainer mixes it in with `--stream rules.bin:SHARE`.
 */
import type { TaskPair } from '../../src/analysis/fewshot';

export interface RuleWordOptions {
  /** The task's rule: the regular form of a lemma. */
  form: (lemma: string) => string;
  /** How often a word occurs in real text. */
  count: (word: string) => number;
  /** Words that may not be used (as the lemma or as its form). */
  taken: ReadonlySet<string>;
  /** Extra condition on the lemma (for example: one token of the vocabulary). */
  keep: (lemma: string) => boolean;
  /** Both the lemma and its regular form must occur at least this often. */
  minCount: number;
}

/**
 * Lemmas (lower-case letters only, 3–12 of them) whose regular form real text attests, as task pairs, most frequent
 * lemma first (ties alphabetical), each lemma once.
 */
export function attestedRulePairs(lemmas: Iterable<string>, o: RuleWordOptions): TaskPair[] {
  const seen = new Set<string>();
  const out: TaskPair[] = [];
  for (const raw of lemmas) {
    const w = raw.toLowerCase();
    if (seen.has(w) || !/^[a-z]{3,12}$/.test(w)) continue;
    seen.add(w);
    const f = o.form(w);
    if (f === w || o.taken.has(w) || o.taken.has(f) || !o.keep(w)) continue;
    if (o.count(w) < o.minCount || o.count(f) < o.minCount) continue;
    out.push({ input: w, output: f });
  }
  return out.sort((a, b) => o.count(b.input) - o.count(a.input) || (a.input < b.input ? -1 : 1));
}
