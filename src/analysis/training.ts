/**
 * What the Training lab measures at each checkpoint, from the probes the
 * worker read with that step's weights (pure functions, no DOM):
 * - every head's role scores (previous token, first token, self, induction),
 *   with the same definitions as the Attention view;
 * - how well the residual stream separates the two senses of "bank"
 *   (within − across cosine gap and leave-one-out nearest-centroid accuracy,
 *   as in the Embedding drift view), per layer.
 */
import type { ProbeOutput } from '../engine/protocol';
import { headMatrix, inductionScore, positionalScores, type RoleScores } from './attention';
import { targetVectors } from './drift';
import { cosineGap, looNearestCentroid } from './senses';

/** How the probe list sent with a run is laid out. */
export interface ProbePlan {
  /** Ordinary sentences for the positional roles (indices into the probe list). */
  roleProbes: number[];
  /** Index of the block-repeated-twice probe, and the block length. */
  induction: { probe: number; n: number };
  /** "bank" sentences: probe index, position of the word, sense label. */
  senses: { probe: number; index: number; sense: string }[];
}

export interface SenseLayer {
  layer: number;
  gap: number;
  accuracy: number;
}

export interface CheckpointMetrics {
  step: number;
  /** `[layer][head]` */
  roles: RoleScores[][];
  /** The head with the highest induction score. */
  bestInduction: { layer: number; head: number; score: number };
  /** Per layer (0 = embedding): sense separation of "bank". Empty when there were no sense probes. */
  senses: SenseLayer[];
  /** Attention of the induction probe `[L][H][T][T]`, for the head grid. */
  attention: Float32Array;
  T: number;
  valLoss?: number;
}

export function analyseCheckpoint(
  step: number,
  probes: readonly ProbeOutput[],
  plan: ProbePlan,
  shape: { L: number; H: number; d: number },
  valLoss?: number,
): CheckpointMetrics {
  const { L, H, d } = shape;
  const roles: RoleScores[][] = Array.from({ length: L }, () =>
    Array.from({ length: H }, () => ({ previous: 0, first: 0, self: 0, induction: 0 })),
  );
  for (const i of plan.roleProbes) {
    const p = probes[i];
    if (!p) continue;
    for (let l = 0; l < L; l++) {
      for (let h = 0; h < H; h++) {
        const s = positionalScores(headMatrix(p.attention, { L, H, T: p.T }, l, h), p.T);
        const acc = roles[l]?.[h] as RoleScores;
        acc.previous += s.previous / plan.roleProbes.length;
        acc.first += s.first / plan.roleProbes.length;
        acc.self += s.self / plan.roleProbes.length;
      }
    }
  }
  const ind = probes[plan.induction.probe];
  let best = { layer: 0, head: 0, score: 0 };
  if (ind) {
    for (let l = 0; l < L; l++) {
      for (let h = 0; h < H; h++) {
        const score = inductionScore(headMatrix(ind.attention, { L, H, T: ind.T }, l, h), ind.T, plan.induction.n);
        (roles[l]?.[h] as RoleScores).induction = score;
        if (score > best.score || (l === 0 && h === 0)) best = { layer: l, head: h, score };
      }
    }
  }
  const senses: SenseLayer[] = [];
  const vecs = plan.senses.flatMap((s) => {
    const p = probes[s.probe];
    return p ? [{ v: targetVectors(p.residual, p.T, d, s.index), sense: s.sense }] : [];
  });
  if (vecs.length >= 4) {
    for (let l = 0; l <= L; l++) {
      const at = vecs.map((x) => x.v[l] as Float64Array);
      const labels = vecs.map((x) => x.sense);
      senses.push({ layer: l, gap: cosineGap(at, labels).gap, accuracy: looNearestCentroid(at, labels).accuracy });
    }
  }
  return {
    step,
    roles,
    bestInduction: best,
    senses,
    attention: ind?.attention ?? new Float32Array(0),
    T: ind?.T ?? 0,
    ...(valLoss !== undefined ? { valLoss } : {}),
  };
}

/** Keeps at most `max` points of a growing curve: every k-th one, plus always the last. */
export function thin<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const k = Math.ceil(points.length / max);
  const out = points.filter((_, i) => i % k === 0);
  const last = points[points.length - 1] as T;
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}
