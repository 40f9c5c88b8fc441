/**
 * Embedding drift: where the target word sits in each sentence, its vector
 * at every layer, and the choice of preset sentences. Pure functions.
 *
 * Position: the residual stream at layer 0 is wte[token] + wpe[position].
 * Two sentences put "bank" at different positions, so their raw layer-0
 * vectors differ only by the position vector. With `removePosition` we
 * subtract wpe[position] at every layer (the same vector all the way up, so
 * a path is only shifted, never bent): layer 0 becomes the static token
 * embedding wte[token], identical for every sentence, and layer l shows the
 * token's own vector plus everything the blocks added on top of it.
 */
import { normalize, preTokenize, type Token } from '../model/tokenizer';
import { type Point, pca2, umap2 } from './projection';
import { cosineGap, looNearestCentroid, type Vec } from './senses';

export type TargetStatus = 'ok' | 'split' | 'missing';

export interface Target {
  status: TargetStatus;
  /** Index of the chosen token in the sentence (−1 when missing). */
  index: number;
  /** Tokens the word was cut into (one when `ok`). */
  pieces: Token[];
  /** How many times the word occurs (the first occurrence is used). */
  occurrences: number;
}

/**
 * Finds `word` as a whole word in the tokens of `text`. A word that the
 * tokenizer cuts into several pieces is `split`; its last piece is chosen,
 * because in a causal model only the last piece has seen the whole word.
 */
export function findTarget(text: string, tokens: readonly Token[], word: string): Target {
  const w = normalize(word).trim();
  const hits = w ? preTokenize(normalize(text)).filter((p) => p.text === w) : [];
  const first = hits[0];
  if (!first) return { status: 'missing', index: -1, pieces: [], occurrences: 0 };
  const idx: number[] = [];
  tokens.forEach((t, i) => {
    // A GPT-2 token carries the space before its word (" bank"): its word starts after that space.
    const start = t.start + (t.text.length - t.text.trimStart().length);
    if (start >= first.start && t.end <= first.end && t.end > start) idx.push(i);
  });
  if (idx.length === 0) return { status: 'missing', index: -1, pieces: [], occurrences: 0 };
  return {
    status: idx.length === 1 ? 'ok' : 'split',
    index: idx[idx.length - 1] as number,
    pieces: idx.map((i) => tokens[i] as Token),
    occurrences: hits.length,
  };
}

/**
 * The target's vectors at every layer, `[L+1][d]`, from a residual stream
 * `[L+1][T][d]` (row-major). With `pos` (wpe[position], length d) given, it is
 * subtracted at every layer.
 */
export function targetVectors(residual: Float32Array, T: number, d: number, index: number, pos?: ArrayLike<number>): Float64Array[] {
  const layers = residual.length / (T * d);
  const out: Float64Array[] = [];
  for (let l = 0; l < layers; l++) {
    const base = (l * T + index) * d;
    const v = new Float64Array(d);
    for (let k = 0; k < d; k++) v[k] = (residual[base + k] as number) - (pos ? (pos[k] as number) : 0);
    out.push(v);
  }
  return out;
}

export interface PresetSentence {
  text: string;
  sense: string;
  source: string;
  cueBefore: boolean;
}

/**
 * A balanced, deterministic selection of the held-out sentences of one word:
 * per sense, up to `perSense` sentences, the classroom sentences first (short
 * everyday sentences written independently of the training corpus), then
 * real corpus sentences of at most 160 characters, in file order.
 */
export function pickPreset(sentences: readonly PresetSentence[], perSense = 10): { text: string; sense: string }[] {
  const senses = [...new Set(sentences.map((s) => s.sense))];
  const out: { text: string; sense: string }[] = [];
  for (const sense of senses) {
    const of = sentences.filter((s) => s.sense === sense);
    const ordered = [...of.filter((s) => s.source === 'classroom'), ...of.filter((s) => s.source !== 'classroom' && s.text.length <= 160)];
    for (const s of ordered.slice(0, perSense)) out.push({ text: s.text, sense: s.sense });
  }
  return out;
}

export interface LayerMetrics {
  layer: number;
  /** Leave-one-out nearest-centroid sense accuracy (NaN when it cannot be scored). */
  accuracy: number;
  correct: number;
  scored: number;
  within: number;
  across: number;
  gap: number;
  /** Leave-one-out prediction per sentence (null: not scored). */
  predicted: (string | null)[];
}

/** Accuracy of leave-one-out predictions over a subset of sentences (e.g. those whose sense cue comes after the word). */
export function subsetAccuracy(
  predicted: readonly (string | null)[],
  senses: readonly string[],
  keep: readonly boolean[],
): { correct: number; scored: number; accuracy: number } {
  let correct = 0;
  let scored = 0;
  predicted.forEach((p, i) => {
    if (!keep[i] || p === null) return;
    scored++;
    if (p === senses[i]) correct++;
  });
  return { correct, scored, accuracy: scored ? correct / scored : Number.NaN };
}

export interface DriftAnalysis {
  /** points[sentence][layer]: one projection fitted on all layers together. */
  points: Point[][];
  /** PCA only: share of variance on each axis. */
  explained?: [number, number];
  metrics: LayerMetrics[];
}

/**
 * Subtracts, at every layer, the mean of that layer's vectors over the sentences. What every sentence shares at a
 * layer (the word's own vector, and the part of each block's update that is the same whatever the context) is taken
 * out; what differs between contexts remains. Label-free: the senses play no part.
 */
export function centreLayers(vectors: readonly (readonly Vec[])[]): Float64Array[][] {
  const S = vectors.length;
  const L = S ? (vectors[0] as readonly Vec[]).length : 0;
  const out: Float64Array[][] = vectors.map(() => []);
  for (let l = 0; l < L; l++) {
    const d = ((vectors[0] as readonly Vec[])[l] as Vec).length;
    const mean = new Float64Array(d);
    for (const v of vectors) for (let k = 0; k < d; k++) mean[k] = (mean[k] as number) + ((v[l] as Vec)[k] as number) / S;
    vectors.forEach((v, s) => {
      const c = new Float64Array(d);
      for (let k = 0; k < d; k++) c[k] = ((v[l] as Vec)[k] as number) - (mean[k] as number);
      (out[s] as Float64Array[]).push(c);
    });
  }
  return out;
}

export interface DriftOptions {
  /**
   * Project the vectors after `centreLayers` (the plot only; the metrics are always computed on the vectors as
   * given). Without it, the largest spread in a pre-LayerNorm model is usually the drift every sentence shares from
   * one layer to the next, and the differences between contexts sit on the smaller axes.
   */
  centre?: boolean;
  seed?: number;
}

/**
 * Projects every sentence's vector at every layer with one fit, and scores
 * sense separation per layer. `vectors[sentence][layer]`, all sentences with
 * the same number of layers.
 */
export function analyseDrift(
  vectors: readonly (readonly Vec[])[],
  senses: readonly string[],
  method: 'pca' | 'umap',
  options: DriftOptions = {},
): DriftAnalysis {
  const S = vectors.length;
  const L = S ? (vectors[0] as readonly Vec[]).length : 0;
  const flat = (options.centre ? centreLayers(vectors) : vectors).flatMap((v) => v);
  let flatPoints: Point[];
  let explained: [number, number] | undefined;
  if (method === 'pca') {
    const r = pca2(flat);
    flatPoints = r.points;
    explained = r.explained;
  } else flatPoints = umap2(flat, options.seed ?? 42);
  const points = vectors.map((_, s) => flatPoints.slice(s * L, (s + 1) * L));
  const metrics: LayerMetrics[] = [];
  for (let l = 0; l < L; l++) {
    const at = vectors.map((v) => v[l] as Vec);
    const loo = looNearestCentroid(at, senses);
    const g = cosineGap(at, senses);
    metrics.push({ layer: l, accuracy: loo.accuracy, correct: loo.correct, scored: loo.total, ...g, predicted: loo.predicted });
  }
  return { points, explained, metrics };
}
