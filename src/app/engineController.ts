/**
 * Drives the engine from the store: starts the worker and picks the backend,
 * loads the chosen model, and runs a forward pass whenever the model or the
 * prompt changes (latest wins). Results go to the runtime store. This is the
 * only place that writes engine output into a store.
 */
import { EngineCallError, EngineClient, LatestOnly } from '../engine/client';
import type { BackendName, ForwardOutput } from '../engine/protocol';
import { Tokenizer } from '../model/tokenizer';
import { useRuntime } from '../state/runtime';
import { useAppStore } from '../state/store';

export interface EngineHandle {
  client: EngineClient;
  tokenizer(modelId: string): Tokenizer | undefined;
  /** Loads a model (or returns the loaded one) and makes it current in the runtime store. */
  selectModel(modelId: string): Promise<void>;
  forwardIds(modelId: string, ids: number[]): Promise<ForwardOutput>;
}

export function startEngine(opts: { backend?: BackendName; baseUrl: string }): EngineHandle {
  const client = EngineClient.create();
  const tokenizers = new Map<string, Tokenizer>();
  const scheduler = new LatestOnly<void>();
  const rt = useRuntime.setState;

  client.onProgress = (modelId, loaded, total) => rt({ loading: { modelId, loaded, total } });

  const ready = client
    .call({ kind: 'init', backend: opts.backend, baseUrl: opts.baseUrl })
    .then((backend) => rt({ backend }))
    .catch((e: unknown) => {
      rt({ backendError: (e as Error).message });
      throw e;
    });

  async function selectModel(modelId: string): Promise<void> {
    await ready;
    rt({ loading: { modelId, loaded: 0, total: 1 }, modelError: null });
    try {
      const info = await client.call({ kind: 'load', modelId });
      if (!tokenizers.has(modelId)) tokenizers.set(modelId, Tokenizer.fromJSON(info.tokenizer));
      if (useAppStore.getState().modelId === modelId) rt({ model: info, loading: null });
    } catch (e) {
      const detail = e instanceof EngineCallError ? e.detail : { message: (e as Error).message };
      if (useAppStore.getState().modelId === modelId) rt({ modelError: { ...detail, modelId }, loading: null, model: null, forward: null });
      throw e;
    }
  }

  async function runForward(): Promise<void> {
    const { modelId, prompt } = useAppStore.getState();
    const model = useRuntime.getState().model;
    const tokenizer = tokenizers.get(modelId);
    if (!model || model.id !== modelId || !tokenizer) return;
    const all = tokenizer.encode(prompt);
    if (all.length === 0) {
      rt({ forward: null, forwardError: 'empty' });
      return;
    }
    const dropped = Math.max(0, all.length - model.config.contextLength);
    const tokens = all.slice(dropped);
    try {
      const output = await client.call({ kind: 'forward', modelId, ids: tokens.map((t) => t.id) });
      rt({ forward: { modelId, tokens, output, dropped }, forwardError: null });
    } catch (e) {
      rt({ forwardError: (e as Error).message });
    }
  }

  const schedule = () => void scheduler.run(runForward).catch(() => {});

  const loadCurrent = () => {
    const id = useAppStore.getState().modelId;
    selectModel(id).then(schedule, () => {});
  };
  loadCurrent();
  useAppStore.subscribe((s, prev) => {
    if (s.modelId !== prev.modelId) loadCurrent();
    else if (s.prompt !== prev.prompt) schedule();
  });

  return {
    client,
    tokenizer: (id) => tokenizers.get(id),
    selectModel,
    forwardIds: (modelId, ids) => client.call({ kind: 'forward', modelId, ids }),
  };
}
