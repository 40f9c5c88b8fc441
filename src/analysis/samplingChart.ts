/**
 * What the sampling chart shows at one step, as plain numbers: the top
 * candidates with their probability before and after the cut-offs, where
 * top-k and top-p cut, the mass each removes, the cumulative interval of each
 * kept candidate and where the step's uniform landed. Also the JSON export of
 * every step. Pure: no React, DOM or d3.
 */
import type { GenStep } from '../model/generate';
import { type Distribution, type Draw, distribution, pick, type SamplerSettings, temperatureSoftmax } from '../model/sampling';

export interface Candidate {
  id: number;
  rank: number;
  /** Model probability (temperature 1, full vocabulary). */
  pModel: number;
  /** After the temperature, before the cut-offs. */
  pTemp: number;
  /** What the sampler uses: renormalised over the kept set, 0 if cut. */
  p: number;
  kept: boolean;
  /** Shown although outside the top bars, because it was drawn. */
  outside: boolean;
  /** Its interval on the cumulative distribution of the kept set (lo = hi when cut). */
  lo: number;
  hi: number;
}

export interface ChartData {
  /** The top `n` tokens, then the drawn token when it ranks below them. */
  candidates: Candidate[];
  /** The kept tokens not shown as bars, together. */
  rest: { count: number; p: number; pTemp: number };
  /** Tokens kept by top-k / by both cut-offs (ranks below these are kept). */
  keptByK: number;
  kept: number;
  removedByK: number;
  removedByP: number;
  vocab: number;
  u: number;
  draw: Draw;
}

/** Chart data for one step under the given settings, with `n` candidates as bars. */
export function chartData(logits: ArrayLike<number>, settings: SamplerSettings, u: number, n: number): ChartData {
  const d: Distribution = distribution(logits, settings);
  const model = temperatureSoftmax(logits, 1);
  const draw = pick(d, u);
  const shown = Math.min(n, d.order.length);
  const candidates: Candidate[] = [];
  let cum = 0;
  for (let r = 0; r < shown; r++) {
    const id = d.order[r] as number;
    const kept = r < d.kept;
    const p = kept ? (d.probs[id] as number) / d.keptMass : 0;
    const lo = cum;
    // The last kept interval closes at exactly 1, as in pick().
    const hi = kept ? (r === d.kept - 1 ? 1 : cum + p) : cum;
    cum = hi;
    candidates.push({ id, rank: r, pModel: model[id] as number, pTemp: d.probs[id] as number, p, kept, outside: false, lo, hi });
  }
  // A drawn token below the top bars gets a bar of its own, so the draw is always visible.
  const outside = draw.rank >= shown;
  if (outside) {
    const id = draw.id;
    candidates.push({
      id,
      rank: draw.rank,
      pModel: model[id] as number,
      pTemp: d.probs[id] as number,
      p: draw.p,
      kept: true,
      outside,
      lo: draw.lo,
      hi: draw.hi,
    });
  }
  let restP = 0;
  let restTemp = 0;
  for (let r = shown; r < d.kept; r++) {
    if (outside && r === draw.rank) continue;
    const id = d.order[r] as number;
    restP += (d.probs[id] as number) / d.keptMass;
    restTemp += d.probs[id] as number;
  }
  return {
    candidates,
    rest: { count: Math.max(0, d.kept - shown - (outside ? 1 : 0)), p: restP, pTemp: restTemp },
    keptByK: d.keptByK,
    kept: d.kept,
    removedByK: d.removedByK,
    removedByP: d.removedByP,
    vocab: d.order.length,
    u,
    draw,
  };
}

export interface StepExport {
  step: number;
  position: number;
  u: number;
  token: { id: number; piece: string; p: number; rank: number };
  entropyModelBits: number;
  entropyBits: number;
  keptTokens: number;
  removedByTopK: number;
  removedByTopP: number;
  /** The most likely tokens: model probability, after temperature, and the sampler's. */
  top: { id: number; piece: string; pModel: number; pTemp: number; p: number }[];
}

/** Every step's distribution (top `n` tokens and the summary of the rest), for the JSON export. */
export function exportSteps(steps: readonly GenStep[], settings: SamplerSettings, pieceOf: (id: number) => string, n = 50): StepExport[] {
  return steps.map((s, i) => {
    const c = chartData(s.logits, settings, s.u, n);
    return {
      step: i + 1,
      position: s.position,
      u: s.u,
      token: { id: c.draw.id, piece: pieceOf(c.draw.id), p: c.draw.p, rank: c.draw.rank },
      entropyModelBits: s.entropyModel,
      entropyBits: s.entropy,
      keptTokens: c.kept,
      removedByTopK: c.removedByK,
      removedByTopP: c.removedByP,
      top: c.candidates.map((x) => ({ id: x.id, piece: pieceOf(x.id), pModel: x.pModel, pTemp: x.pTemp, p: x.p })),
    };
  });
}
