/**
 * What the engine computed and how it is doing: backend, model loading,
 * the latest forward pass. Written only by the engine controller
 * (app/useEngine.ts), read by views. Never serialised into links.
 */
import { create } from 'zustand';
import type { ChoiceRecord } from '../app/backendChoice';
import type { AblationSpec, BackendInfo, BackendName, EngineError, ForwardOutput, HfEntry, LoadedModel } from '../engine/protocol';
import type { Token } from '../model/tokenizer';
import type { DecodeProblem } from './codec';
import { DEFAULT_MODEL_ID } from './models';
import { useAppStore } from './store';

export interface ForwardState {
  modelId: string;
  tokens: Token[];
  output: ForwardOutput;
  /** Tokens cut off because the prompt was longer than the context. */
  dropped: number;
  /** performance.now() when the result reached the page (views measure their render time from it). */
  receivedAt: number;
  /** The heads that were off for this pass; absent: the full model. */
  ablation?: AblationSpec;
  /** With heads off: the full model's logits row at the same position, for before → after. */
  full?: Float32Array;
}

/**
 * Why the backend is the one it is: forced with `?backend=`, the default (WASM; nothing measured yet, or
 * measuring switched off), being measured, measured now, or remembered from an earlier measurement on this
 * browser and adapter. `pending`: measured faster but not moved to yet (it would drop what the engine holds).
 */
export interface BackendChoiceState {
  how: 'forced' | 'default' | 'measuring' | 'measured' | 'remembered';
  record?: ChoiceRecord;
  pending?: BackendName;
}

export interface RuntimeState {
  backend: BackendInfo | null;
  backendChoice: BackendChoiceState | null;
  backendError: string | null;
  loading: { modelId: string; loaded: number; total: number } | null;
  model: LoadedModel | null;
  modelError: (EngineError & { modelId: string }) | null;
  forward: ForwardState | null;
  forwardError: string | null;
  /** Set when the GPU device was lost and the engine restarted (the chosen state is untouched). */
  recovered: { reason: string; count: number } | null;
  /** What the link the page was opened with could not carry over. */
  linkProblems: DecodeProblem[];
  /** Link text of the lesson this page was opened with (or made here); "Reset to lesson" returns to it. */
  lesson: string | null;
  /**
   * The chosen model is an opened checkpoint this browser does not have (a
   * link made elsewhere): the views run on the shipped default meanwhile,
   * and the page asks for the checkpoint by name and hash.
   */
  missingModel: { id: string; name: string; hash: string } | null;
  /** Checkpoints opened from files, this session or kept in IndexedDB. */
  opened: HfEntry[];
  /** Bytes read of the checkpoint being opened. */
  opening: { loaded: number; total: number } | null;
}

export const useRuntime = create<RuntimeState>()(() => ({
  backend: null,
  backendChoice: null,
  backendError: null,
  loading: null,
  model: null,
  modelError: null,
  forward: null,
  forwardError: null,
  linkProblems: [],
  lesson: null,
  recovered: null,
  missingModel: null,
  opened: [],
  opening: null,
}));

/** The model the views run on: the chosen one, or the shipped default while the chosen checkpoint is missing. */
export function effectiveModelId(chosen: string, missing: RuntimeState['missingModel']): string {
  return missing?.id === chosen ? DEFAULT_MODEL_ID : chosen;
}

export function useEffectiveModelId(): string {
  const chosen = useAppStore((s) => s.model.id);
  const missing = useRuntime((s) => s.missingModel);
  return effectiveModelId(chosen, missing);
}
