/**
 * Training lab, computed side (never in links): the run's curves, samples and
 * checkpoint metrics as the worker reports them, and the lab models known in
 * this browser. Written by the engine controller (progress messages) and the
 * Training view (starting runs, model list).
 */
import { create } from 'zustand';
import { analyseCheckpoint, type CheckpointMetrics, type ProbePlan } from '../analysis/training';
import type { LabEntry, TrainInfo, TrainProgress, TrainState } from '../engine/protocol';
import type { ModelConfig } from '../model/config';

export type LabPhase = 'idle' | 'starting' | TrainState;

export interface LabRuntime {
  entries: LabEntry[];
  phase: LabPhase;
  info: TrainInfo | null;
  /** The config being trained (known before the worker answers, so step 0's probes can be read). */
  config: ModelConfig | null;
  plan: ProbePlan | null;
  /** What the run trains: 'scratch' or the base model id. */
  base: string;
  last: TrainProgress | null;
  losses: { step: number; loss: number }[];
  vals: { step: number; loss: number }[];
  samples: { step: number; text: string }[];
  /** The first is "before" (step 0); the others follow every sampleEvery steps. */
  checkpoints: CheckpointMetrics[];
  error: string | null;
  /** Pasted training text (kept out of links: it can be long and private). */
  customText: string;
  /** The lab model last made from this run (Save and Download act on it). */
  published: string | null;
}

const empty = {
  phase: 'idle' as LabPhase,
  info: null,
  config: null,
  plan: null,
  base: '',
  last: null,
  losses: [],
  vals: [],
  samples: [],
  checkpoints: [],
  error: null,
};

export const useLab = create<LabRuntime>()(() => ({ ...empty, entries: [], customText: '', published: null }));

/** Forgets the current run (after a reset, or before a new one). */
export function clearRun(): void {
  useLab.setState({ ...empty });
}

/** Keeps the loss curve to at most this many points (every other point is dropped when it is full). */
const MAX_POINTS = 4000;

export function receiveTrain(p: TrainProgress): void {
  const s = useLab.getState();
  if (s.phase === 'idle') return; // a message from a run that was reset
  const patch: Partial<LabRuntime> = { last: p, phase: p.state, error: p.error ?? null };
  if (p.step > 0 && Number.isFinite(p.loss)) {
    let losses = [...s.losses, { step: p.step, loss: p.loss }];
    if (losses.length > MAX_POINTS) losses = losses.filter((_, i) => i % 2 === 0 || i === losses.length - 1);
    patch.losses = losses;
  }
  if (p.valLoss !== undefined && Number.isFinite(p.valLoss)) patch.vals = [...s.vals, { step: p.step, loss: p.valLoss }];
  if (p.sample !== undefined) patch.samples = [...s.samples, { step: p.step, text: p.sample }].slice(-50);
  if (p.probes && s.plan && s.config) {
    const { nLayers: L, nHeads: H, dModel: d } = s.config;
    const m = analyseCheckpoint(p.step, p.probes, s.plan, { L, H, d }, p.valLoss);
    // Keep the first (before training) and the last 40.
    const rest = [...s.checkpoints.slice(1), m].slice(-40);
    patch.checkpoints = s.checkpoints.length === 0 ? [m] : [s.checkpoints[0] as CheckpointMetrics, ...rest];
  }
  useLab.setState(patch);
}

/** The engine restarted (lost GPU device): the run lived in the old worker and is gone. */
export function engineRestarted(): void {
  const s = useLab.getState();
  if (s.phase === 'idle') return;
  useLab.setState({ phase: 'failed', error: 'The engine restarted (the GPU device was lost); the run in it is gone.' });
}
