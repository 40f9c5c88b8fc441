/**
 * The views' default screens, computed with the views' own code paths and
 * their default settings (src/state/slices/*): what a teacher sees on opening
 * the drift view, the prompting view and the sampling view.
 *
 * - Drift: the preset sentences the view picks (`pickPreset`, 10 per sense),
 *   the view's default model, position removed, each layer centred (the
 *   view's default), one PCA fit over all layers (`analyseDrift`); the plot
 *   without centring is reported beside it. Reported per layer: leave-one-out accuracy (cosine, the
 *   view's number), and in the 2-D plot a Euclidean leave-one-out nearest
 *   centroid accuracy ("two visible groups"), and the spread of layer 0
 *   (every sentence's point is the same static embedding).
 * - Prompting: the default task and query in the three lanes (zero-, one-,
 *   k-shot), the view's verdict (`isCorrect`).
 * - Sampling: ten seeded continuations of the default prompt at the view's
 *   default settings.
 */
import { analyseDrift, findTarget, pickPreset, targetVectors } from '../../src/analysis/drift';
import type { Point } from '../../src/analysis/projection';
import {
  answerLimit,
  fitsContext,
  formatFor,
  greedyAnswer,
  isCorrect,
  makeShotPrompt,
  type PromptTask,
  stopIds,
} from '../../src/analysis/prompting';
import { generate } from '../../src/model/generate';
import type { Tokenizer } from '../../src/model/tokenizer';
import type { Transformer } from '../../src/model/transformer';
import { promptDefaults } from '../../src/state/slices/core';
import { driftDefaults } from '../../src/state/slices/drift';
import { promptingDefaults } from '../../src/state/slices/prompting';
import { samplingDefaults } from '../../src/state/slices/sampling';
import type { PolysemyWord } from './polysemy';

/** Sentences per sense in the drift view's preset (DriftView.tsx). */
export const DRIFT_PER_SENSE = 10;

export interface DriftDefault {
  model: string;
  word: string;
  sentences: number;
  accuracy: number[];
  gap: number[];
  /** Euclidean leave-one-out nearest-centroid accuracy of the 2-D points, per layer (the view's default projection). */
  plot: number[];
  /** Whether the view's default centres each layer before projecting. */
  centred: boolean;
  /** The same for one PCA fit of the uncentred vectors (the view before "Centre each layer"). */
  plotUncentred: number[];
  /** Largest distance between two layer-0 points (0: one point). */
  layer0Spread: number;
}

function plotAccuracy(points: readonly Point[], labels: readonly string[]): number {
  let correct = 0;
  const senses = [...new Set(labels)];
  points.forEach((p, i) => {
    let best = '';
    let bestD = Infinity;
    for (const s of senses) {
      const idx = labels.map((l, j) => (l === s && j !== i ? j : -1)).filter((j) => j >= 0);
      if (idx.length === 0) continue;
      const cx = idx.reduce((a, j) => a + (points[j] as Point)[0], 0) / idx.length;
      const cy = idx.reduce((a, j) => a + (points[j] as Point)[1], 0) / idx.length;
      const d = (p[0] - cx) ** 2 + (p[1] - cy) ** 2;
      if (d < bestD) {
        bestD = d;
        best = s;
      }
    }
    if (best === labels[i]) correct++;
  });
  return points.length ? correct / points.length : Number.NaN;
}

export async function driftDefault(model: Transformer, tok: Tokenizer, words: readonly PolysemyWord[]): Promise<DriftDefault | null> {
  const w = words.find((x) => x.word === driftDefaults.word);
  if (!w) return null;
  const preset = pickPreset(w.sentences, DRIFT_PER_SENSE);
  const vectors: Float64Array[][] = [];
  const labels: string[] = [];
  const d = model.config.dModel;
  for (const s of preset) {
    const tokens = tok.encode(s.text).slice(0, model.config.contextLength);
    const target = findTarget(s.text, tokens, w.word);
    if (target.status !== 'ok') continue;
    const ids = tokens.map((t) => t.id);
    const out = await model.forward(ids, { logits: 'last', attention: false, residual: true });
    const { pos } = await model.embeddings([], [target.index]);
    vectors.push(targetVectors(out.residual, ids.length, d, target.index, pos));
    labels.push(s.sense);
  }
  const a = analyseDrift(vectors, labels, 'pca', { centre: driftDefaults.centre });
  const uncentred = analyseDrift(vectors, labels, 'pca', { centre: false });
  const L = vectors[0]?.length ?? 0;
  const plotOf = (x: typeof a) =>
    Array.from({ length: L }, (_, l) =>
      plotAccuracy(
        x.points.map((p) => p[l] as Point),
        labels,
      ),
    );
  const plot = plotOf(a);
  let spread = 0;
  for (const p of a.points)
    for (const q of a.points)
      spread = Math.max(spread, Math.hypot((p[0] as Point)[0] - (q[0] as Point)[0], (p[0] as Point)[1] - (q[0] as Point)[1]));
  return {
    model: driftDefaults.model,
    word: w.word,
    sentences: vectors.length,
    accuracy: a.metrics.map((m) => m.accuracy),
    gap: a.metrics.map((m) => m.gap),
    plot,
    centred: driftDefaults.centre,
    plotUncentred: plotOf(uncentred),
    layer0Spread: spread,
  };
}

export interface PromptDefault {
  task: string;
  query: { input: string; output: string };
  lanes: { k: number; answer: string; correct: boolean }[];
}

/** The prompting view's lanes: zero-shot, one-shot and the default k. */
export async function promptDefault(model: Transformer, tok: Tokenizer, tasks: readonly PromptTask[]): Promise<PromptDefault | null> {
  const task = tasks.find((t) => t.id === promptingDefaults.taskId);
  const query = task?.queries[promptingDefaults.query];
  if (!task || !query) return null;
  const format = formatFor(task, promptingDefaults.format);
  const C = model.config.contextLength;
  const fits = fitsContext(tok, C);
  const next = async (ids: number[]) => (await model.forward(ids, { logits: 'last', attention: false, residual: false })).logits;
  const lanes: PromptDefault['lanes'] = [];
  for (const k of [0, 1, promptingDefaults.shots]) {
    const p = makeShotPrompt(task, promptingDefaults.query, k, {
      seed: promptingDefaults.seed,
      format,
      withInstruction: promptingDefaults.instruction,
      fits,
    });
    const ids = tok.encodeIds(p.text).slice(-C);
    const ans = await greedyAnswer(ids, next, {
      maxNew: answerLimit(tok.encodeIds(query.output).length),
      stop: stopIds(tok, format),
      contextLength: C,
      decode: (x) => tok.decode(x),
      expected: query.output,
    });
    lanes.push({ k, answer: ans.text, correct: isCorrect(ans.text, query.output) });
  }
  return { task: task.id, query, lanes };
}

export interface Sample {
  prompt: string;
  seed: number;
  continuation: string;
  tokens: number;
  max: number;
}

/** Ten continuations of the default prompt at the sampling view's default settings: the view's seed and the nine after it. */
export async function defaultSamples(model: Transformer, tok: Tokenizer, n = 10): Promise<Sample[]> {
  const out: Sample[] = [];
  const prompt = promptDefaults.text;
  const promptIds = tok.encodeIds(prompt).slice(-model.config.contextLength);
  for (let seed = samplingDefaults.seed; seed < samplingDefaults.seed + n; seed++) {
    const r = await generate({
      plan: { mode: 'clm', promptIds, contextLength: model.config.contextLength, endId: tok.sepId, maskId: tok.maskId },
      settings: { temperature: samplingDefaults.temperature, topK: samplingDefaults.topK, topP: samplingDefaults.topP },
      seed,
      count: samplingDefaults.maxTokens,
      forward: async (ids) => (await model.forward(ids, { logits: 'last', attention: false, residual: false })).logits,
    });
    const ids = r.steps.map((s) => s.draw.id).filter((id) => id !== tok.sepId);
    const head = tok.decode(promptIds);
    const full = tok.decode([...promptIds, ...ids]);
    out.push({
      prompt,
      seed,
      continuation: full.startsWith(head) ? full.slice(head.length) : ` ${tok.decode(ids)}`,
      tokens: r.steps.length,
      max: samplingDefaults.maxTokens,
    });
  }
  return out;
}
