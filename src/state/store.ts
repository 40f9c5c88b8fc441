/**
 * What the user chose (the state a permalink will carry), as typed slices
 * combined into one zustand store. Computed outputs live in runtime.ts.
 */
import { create } from 'zustand';
import { DEFAULT_MODEL_ID } from './models';

export type Lang = 'en' | 'zh';

export interface ModelSlice {
  modelId: string;
  setModelId: (id: string) => void;
}

export interface PromptSlice {
  prompt: string;
  setPrompt: (text: string) => void;
}

export interface UiSlice {
  lang: Lang;
  setLang: (lang: Lang) => void;
}

export type AppState = ModelSlice & PromptSlice & UiSlice;

export const DEFAULT_PROMPT = 'she sat on the bank of the river and watched the';

type SliceCreator<S> = (set: (partial: Partial<AppState>) => void) => S;

const createModelSlice: SliceCreator<ModelSlice> = (set) => ({
  modelId: DEFAULT_MODEL_ID,
  setModelId: (modelId) => set({ modelId }),
});

const createPromptSlice: SliceCreator<PromptSlice> = (set) => ({
  prompt: DEFAULT_PROMPT,
  setPrompt: (prompt) => set({ prompt }),
});

const createUiSlice: SliceCreator<UiSlice> = (set) => ({
  lang: 'en',
  setLang: (lang) => set({ lang }),
});

export const useAppStore = create<AppState>()((set) => ({
  ...createModelSlice(set),
  ...createPromptSlice(set),
  ...createUiSlice(set),
}));
