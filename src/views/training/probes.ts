/**
 * Builds what a training run needs from the page: the training text (built-in
 * corpora come from the shipped data files) and the probe sequences the
 * worker reads at every checkpoint (see src/analysis/training.ts).
 */
import { findTarget, type PresetSentence, pickPreset } from '../../analysis/drift';
import type { ProbePlan } from '../../analysis/training';
import { builtinSentences, PROBE_WORD } from '../../model/corpus';
import { Rng } from '../../model/rng';
import type { TextTokenizer } from '../../model/textTokenizer';
import type { TrainCorpus } from '../../state/slices/training';

/** Ordinary sentences for the positional head roles (as the Attention view uses). */
export const ROLE_SENTENCES = [
  'the man went to the bank to get some money for his family .',
  'she sat on the bank of the river and watched the water go by .',
  'the children played in the park after school and then went home .',
];

async function fetchJson(path: string): Promise<unknown> {
  const r = await fetch(new URL(path, document.baseURI));
  if (!r.ok) throw new Error(`${path}: ${r.status} ${r.statusText}`);
  return r.json();
}

let polysemy: Promise<unknown> | null = null;
const loadPolysemy = () => {
  polysemy ??= fetchJson('data/polysemy.json').catch((e: unknown) => {
    polysemy = null;
    throw e;
  });
  return polysemy;
};

/** The training text: built-in sentences, null for the repeated word lists, or the pasted text. */
export async function corpusText(corpus: TrainCorpus, custom: string): Promise<string | null> {
  if (corpus === 'repeats') return null;
  if (corpus === 'custom') return custom;
  const [tasks, poly] = await Promise.all([fetchJson('data/tasks.json'), loadPolysemy()]);
  return builtinSentences(tasks, poly);
}

export async function buildProbes(tokenizer: TextTokenizer, contextLength: number): Promise<{ probes: number[][]; plan: ProbePlan }> {
  const probes: number[][] = [];
  const roleProbes: number[] = [];
  for (const s of ROLE_SENTENCES) {
    roleProbes.push(probes.length);
    probes.push(tokenizer.encodeIds(s).slice(0, contextLength));
  }
  // A block of random ordinary words said twice (same recipe as the Attention view's induction score).
  const rng = new Rng(1);
  const pool = tokenizer.wordIds();
  const n = Math.min(20, Math.floor(contextLength / 2), pool.length);
  const block = rng.sample(pool, n);
  const induction = { probe: probes.length, n };
  probes.push([...block, ...block]);
  const senses: ProbePlan['senses'] = [];
  const data = (await loadPolysemy()) as { words: { word: string; sentences: PresetSentence[] }[] };
  const word = data.words.find((w) => w.word === PROBE_WORD);
  for (const s of word ? pickPreset(word.sentences, 8) : []) {
    const tokens = tokenizer.encode(s.text);
    const target = findTarget(s.text, tokens, PROBE_WORD);
    if (target.status === 'missing' || target.index >= contextLength) continue;
    senses.push({ probe: probes.length, index: target.index, sense: s.sense });
    probes.push(tokens.slice(0, contextLength).map((t) => t.id));
  }
  return { probes, plan: { roleProbes, induction, senses } };
}
