/**
 * What the Prompting view runs on: the task presets of public/data/tasks.json
 * and a causal language model. The view always needs a model that continues
 * text left to right: a masked model (tiny-bert) is replaced by tiny-gpt, or by
 * the untrained GPT if tiny-gpt cannot be loaded.
 */
import { useEffect, useState } from 'react';
import { type PromptTask, parseTasksFile } from '../../analysis/prompting';
import { useEngine } from '../../app/EngineContext';
import type { ModelConfig } from '../../model/config';
import type { TextTokenizer } from '../../model/textTokenizer';
import { useRuntime } from '../../state/runtime';

export function useTasks(): { tasks: PromptTask[] | null; error: string | null } {
  const [state, setState] = useState<{ tasks: PromptTask[] | null; error: string | null }>({ tasks: null, error: null });
  useEffect(() => {
    let live = true;
    fetch(new URL('data/tasks.json', document.baseURI))
      .then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.json();
      })
      .then((json) => live && setState({ tasks: parseTasksFile(json), error: null }))
      .catch((e: unknown) => live && setState({ tasks: null, error: (e as Error).message }));
    return () => {
      live = false;
    };
  }, []);
  return state;
}

/** Why the view runs on another model than the current one, or that the model is untrained. */
export type ModelNote = 'replacedBert' | 'fallbackUntrained' | 'untrained' | null;

export interface CausalModel {
  id: string;
  config: ModelConfig;
  tokenizer: TextTokenizer;
  note: ModelNote;
}

const TRAINED_GPT = 'tiny-gpt';
const UNTRAINED_GPT = 'random-gpt';

export function useCausalModel(): { model: CausalModel | null; error: string | null } {
  const engine = useEngine();
  const current = useRuntime((s) => s.model);
  const [state, setState] = useState<{ model: CausalModel | null; error: string | null }>({ model: null, error: null });
  useEffect(() => {
    if (!current) return;
    let live = true;
    const pick = async (): Promise<CausalModel> => {
      if (current.objective === 'clm') {
        const { tokenizer } = await engine.load(current.id);
        return { id: current.id, config: current.config, tokenizer, note: current.id === UNTRAINED_GPT ? 'untrained' : null };
      }
      try {
        const { info, tokenizer } = await engine.load(TRAINED_GPT);
        return { id: info.id, config: info.config, tokenizer, note: 'replacedBert' };
      } catch {
        const { info, tokenizer } = await engine.load(UNTRAINED_GPT);
        return { id: info.id, config: info.config, tokenizer, note: 'fallbackUntrained' };
      }
    };
    pick().then(
      (model) => live && setState({ model, error: null }),
      (e: unknown) => live && setState({ model: null, error: (e as Error).message }),
    );
    return () => {
      live = false;
    };
  }, [current, engine]);
  return state;
}
