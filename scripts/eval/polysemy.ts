/**
 * Sense separation of a polysemous word: its residual vector at every layer
 * on the held-out sentences of public/data/polysemy.json, scored per layer
 * with leave-one-out nearest-centroid accuracy (src/analysis/senses.ts, the
 * metric the drift view shows).
 *
 * Choices (fixed before looking at any result):
 * - The position vector wpe[position] is subtracted at every layer, as the
 *   drift view does by default (removePosition). Layer 0 is then the static
 *   token embedding, identical in every sentence, so its accuracy is the
 *   tie-break baseline. Subtracting is not a no-op for nearest-centroid
 *   (the word sits at different positions in different sentences); the curve
 *   without subtraction is reported too.
 * - Sentences longer than the context are cut to a window around the word:
 *   for a causal model the window ends right after the word (the only
 *   context it can use is on its left); for a masked model it is centred on
 *   the word.
 * - Headline accuracy is over all sentences of the word, leave-one-out over
 *   all of them; subsets (cue before / after the word) are scored from the
 *   same leave-one-out predictions, as the drift view does. Balanced accuracy
 *   (mean recall per sense) and the majority share are reported alongside,
 *   because the real sentences are not balanced across senses. Secondary
 *   curves: without removing the position, and with vectors centred on their
 *   mean per layer (the offline NumPy check in training/eval scores that way).
 */
import { centreLayers, findTarget, subsetAccuracy, targetVectors } from '../../src/analysis/drift';
import { cosineGap, looNearestCentroid, type Vec } from '../../src/analysis/senses';
import type { Tokenizer } from '../../src/model/tokenizer';
import type { Transformer } from '../../src/model/transformer';

export interface PolysemySentence {
  text: string;
  sense: string;
  source: string;
  cueBefore: boolean;
}

export interface PolysemyWord {
  word: string;
  senses: { label: string; gloss: string }[];
  sentences: PolysemySentence[];
}

/** The window [start, end) of `n` tokens that keeps the target at `index` within `context` tokens. */
export function windowAround(n: number, index: number, context: number, causal: boolean): { start: number; end: number } {
  if (n <= context) return { start: 0, end: n };
  if (causal) {
    const end = index + 1;
    const start = Math.max(0, end - context);
    return { start, end: start + context };
  }
  const start = Math.min(Math.max(0, index - Math.floor(context / 2)), n - context);
  return { start, end: start + context };
}

export interface LayerScore {
  layer: number;
  accuracy: number;
  correct: number;
  scored: number;
  balanced: number;
  gap: number;
}

export interface SubsetScore {
  accuracy: number;
  correct: number;
  scored: number;
}

/** Scores of one group of sentences (leave-one-out within the group). */
export interface SubsetResult {
  /** Sentences scored, per sense. */
  counts: Record<string, number>;
  majority: number;
  /** Position removed (headline). */
  layers: LayerScore[];
  /** Per layer, from the group's leave-one-out predictions. */
  cueBefore: SubsetScore[];
  cueAfter: SubsetScore[];
  /** Per layer, leave-one-out among the group's cue-before sentences only. */
  cueBeforeOnly: SubsetScore[];
  best: { layer: number; accuracy: number };
  bestCueBefore: { layer: number; accuracy: number };
}

export interface WordResult extends SubsetResult {
  word: string;
  skipped: number;
  windowed: number;
  /** Without removing the position vector (all sentences). */
  layersRaw: LayerScore[];
  /** Position removed, then every layer's vectors centred on their mean (as training/eval/evaluate.py scores them); secondary. */
  layersCentred: LayerScore[];
  /** Real corpus sentences only (Brown, WordNet), and the independent classroom sentences only. */
  real: SubsetResult | null;
  classroom: SubsetResult | null;
}

function balancedAccuracy(predicted: readonly (string | null)[], labels: readonly string[]): number {
  const senses = [...new Set(labels)];
  let sum = 0;
  for (const s of senses) {
    const idx = labels.map((l, i) => (l === s ? i : -1)).filter((i) => i >= 0 && predicted[i] !== null);
    sum += idx.length ? idx.filter((i) => predicted[i] === s).length / idx.length : 0;
  }
  return senses.length ? sum / senses.length : Number.NaN;
}

function score(vectors: readonly Vec[][], labels: readonly string[]): { layers: LayerScore[]; predicted: (string | null)[][] } {
  const L = vectors[0]?.length ?? 0;
  const layers: LayerScore[] = [];
  const predicted: (string | null)[][] = [];
  for (let l = 0; l < L; l++) {
    const at = vectors.map((v) => v[l] as Vec);
    const loo = looNearestCentroid(at, labels);
    layers.push({
      layer: l,
      accuracy: loo.accuracy,
      correct: loo.correct,
      scored: loo.total,
      balanced: balancedAccuracy(loo.predicted, labels),
      gap: cosineGap(at, labels).gap,
    });
    predicted.push(loo.predicted);
  }
  return { layers, predicted };
}

/**
 * The best layer among those that have seen the context (1 and up). Layer 0 is the word's own embedding, one point
 * for every sentence, so leave-one-out there only breaks ties towards the larger sense: its "accuracy" is the
 * majority share and says nothing about separation (a word whose senses are 84/16 would pass an 80% bar on it).
 */
export function bestOf(xs: readonly { accuracy: number }[]): { layer: number; accuracy: number } {
  let best = { layer: xs.length > 1 ? 1 : 0, accuracy: Number.NEGATIVE_INFINITY };
  xs.forEach((x, layer) => {
    if ((layer > 0 || xs.length === 1) && x.accuracy > best.accuracy) best = { layer, accuracy: x.accuracy };
  });
  return best;
}

export async function evaluateWord(model: Transformer, tok: Tokenizer, w: PolysemyWord): Promise<WordResult> {
  const { contextLength: C, dModel: d, causal } = model.config;
  const withPos: Vec[][] = [];
  const raw: Vec[][] = [];
  const labels: string[] = [];
  const cue: boolean[] = [];
  const sources: string[] = [];
  let skipped = 0;
  let windowed = 0;
  for (const s of w.sentences) {
    const tokens = tok.encode(s.text);
    const target = findTarget(s.text, tokens, w.word);
    if (target.status !== 'ok') {
      skipped++;
      continue;
    }
    const win = windowAround(tokens.length, target.index, C, causal);
    if (win.start > 0 || win.end < tokens.length) windowed++;
    const ids = tokens.slice(win.start, win.end).map((t) => t.id);
    const index = target.index - win.start;
    const out = await model.forward(ids, { logits: 'last', attention: false, residual: true });
    const { pos } = await model.embeddings([], [index]);
    withPos.push(targetVectors(out.residual, ids.length, d, index, pos));
    raw.push(targetVectors(out.residual, ids.length, d, index));
    labels.push(s.sense);
    cue.push(s.cueBefore);
    sources.push(s.source);
  }
  const all = subset(withPos, labels, cue);
  const pick = (keep: (src: string) => boolean) => {
    const idx = sources.map((src, i) => (keep(src) ? i : -1)).filter((i) => i >= 0);
    if (idx.length < 4 || new Set(idx.map((i) => labels[i])).size < 2) return null;
    return subset(
      idx.map((i) => withPos[i] as Vec[]),
      idx.map((i) => labels[i] as string),
      idx.map((i) => cue[i] as boolean),
    );
  };
  return {
    word: w.word,
    ...all,
    skipped,
    windowed,
    layersRaw: score(raw, labels).layers,
    layersCentred: score(centreLayers(withPos), labels).layers,
    real: pick((src) => src === 'brown' || src === 'wordnet'),
    classroom: pick((src) => src === 'classroom'),
  };
}

function subset(withPos: readonly Vec[][], labels: readonly string[], cue: readonly boolean[]): SubsetResult {
  const main = score(withPos, labels);
  const counts: Record<string, number> = {};
  for (const l of labels) counts[l] = (counts[l] ?? 0) + 1;
  const beforeIdx = cue.map((c, i) => (c ? i : -1)).filter((i) => i >= 0);
  const only = score(
    beforeIdx.map((i) => withPos[i] as Vec[]),
    beforeIdx.map((i) => labels[i] as string),
  );
  const cueBefore = main.predicted.map((p) => subsetAccuracy(p, labels, cue));
  const cueAfter = main.predicted.map((p) =>
    subsetAccuracy(
      p,
      labels,
      cue.map((c) => !c),
    ),
  );
  return {
    counts,
    majority: labels.length ? Math.max(...Object.values(counts)) / labels.length : Number.NaN,
    layers: main.layers,
    cueBefore,
    cueAfter,
    cueBeforeOnly: only.layers.map((l) => ({ accuracy: l.accuracy, correct: l.correct, scored: l.scored })),
    best: bestOf(main.layers),
    bestCueBefore: bestOf(cueBefore),
  };
}
