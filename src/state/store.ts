/**
 * What the user chose — the state a permalink carries — as one zustand store
 * built from the slice registry (slices/index.ts). Computed outputs live in
 * runtime.ts. Actions are plain functions: `update` patches one slice,
 * `replace` swaps the whole chosen state (opening a link, history).
 */
import { create } from 'zustand';
import { type Chosen, chosenDefaults, type SliceKey } from './slices';

export type { Chosen, SliceKey } from './slices';
export type { Lang } from './slices/core';

export interface Actions {
  update: <K extends SliceKey>(key: K, patch: Partial<Chosen[K]>) => void;
  replace: (next: Chosen) => void;
}

export type AppState = Chosen & Actions;

export const useAppStore = create<AppState>()((set) => ({
  ...structuredClone(chosenDefaults),
  update: (key, patch) => set((s) => ({ [key]: { ...s[key], ...patch } }) as Partial<AppState>),
  replace: (next) => set(() => ({ ...next })),
}));

/** The chosen state without the actions. */
export function chosenOf(s: AppState): Chosen {
  return {
    model: s.model,
    prompt: s.prompt,
    view: s.view,
    attention: s.attention,
    ablation: s.ablation,
    drift: s.drift,
    sampling: s.sampling,
    prompting: s.prompting,
    training: s.training,
    ui: s.ui,
  };
}
