/**
 * Drives the engine from the store: starts the worker and picks the backend,
 * loads the chosen model, and runs a forward pass whenever the model or the
 * prompt changes (latest wins). Results go to the runtime store. This is the
 * only place that writes engine output into a store.
 */
import { EngineCallError, EngineClient, LatestOnly } from '../engine/client';
import {
  type AblationSpec,
  type BackendName,
  type ForwardOutput,
  type GenStepOutput,
  type LoadedModel,
  OPEN_PROGRESS_ID,
  type OpenFiles,
} from '../engine/protocol';
import type { GenSession } from '../model/generate';
import type { StepOptions } from '../model/kvcache';
import type { TextTokenizer } from '../model/textTokenizer';
import { tokenizerFor } from '../model/tokenizers';
import type { ForwardOptions } from '../model/transformer';
import { engineRestarted, receiveTrain, useLab } from '../state/lab';
import { DEFAULT_MODEL_ID, hfIdParts, isHfModelId } from '../state/models';
import { effectiveModelId, useRuntime } from '../state/runtime';
import { useAppStore } from '../state/store';
import { ablationSpec } from './ablation';

/** Most attention probabilities a prompt's pass reads back for every layer at once (8M floats, 32 MB). */
export const ATTENTION_BUDGET = 8_000_000;

/**
 * Options of a pass asked through the handle. `ablation`: absent, the heads the user switched off for
 * that model (so every view follows the switches); null, the full model; a spec, exactly those heads.
 */
export type PassOptions = Omit<ForwardOptions, 'ablation'> & { ablation?: AblationSpec | null };

export interface EngineHandle {
  /** The current worker client (replaced when the engine restarts after a lost GPU device). */
  readonly client: EngineClient;
  tokenizer(modelId: string): TextTokenizer | undefined;
  /** Loads a model (or returns the loaded one) and makes it current in the runtime store. */
  selectModel(modelId: string): Promise<void>;
  /** Loads a model without making it current (e.g. to compare two models); resolves with its tokenizer. */
  load(modelId: string): Promise<{ info: LoadedModel; tokenizer: TextTokenizer }>;
  forwardIds(modelId: string, ids: number[], options?: PassOptions): Promise<ForwardOutput>;
  /** The heads the user switched off for `modelId`, as a pass asks for them; undefined when it runs in full. */
  ablation(modelId: string): AblationSpec | undefined;
  /** Loss of `ids` token by token under each variant (heads off, `kind`), one batched pass: `[variants][n]`. */
  tokenLosses(
    modelId: string,
    ids: number[],
    variants: [number, number][][],
    kind: AblationSpec['kind'],
    reference?: number[],
  ): Promise<Float32Array>;
  /** Static token and position embeddings (rows of wte and wpe). */
  embeddings(modelId: string, ids: number[], positions: number[]): Promise<{ tok: Float32Array; pos: Float32Array }>;
  /** Logit lens: residual vectors [n][d] read through the final LayerNorm and the output embedding → logits [n][V]. */
  logitLens(modelId: string, vectors: Float32Array, n: number): Promise<Float32Array>;
  /**
   * A key/value-cache generation session in the worker (causal models): the prompt once, then one token per
   * step. It runs with the heads switched off when it starts (`ablation` as in PassOptions) for its whole life.
   */
  generation(modelId: string, options?: StepOptions, ablation?: AblationSpec | null): GenSession;
  /** Moves the engine to another backend (a fresh worker; the current model and prompt are recomputed). */
  switchBackend(name: BackendName): void;
  /** Training lab: a lab model's weights changed (published again, deleted); reload it where it is in use. */
  refreshModel(modelId: string): void;
  /** Training lab: re-reads the list of lab models (memory and IndexedDB) into the lab store. */
  refreshLabList(): Promise<void>;
  /** Opens a Hugging Face checkpoint from its files (read in the worker) and makes it the chosen model. */
  openModel(files: OpenFiles, name: string, keep: boolean): Promise<LoadedModel>;
  /** Stops the open in progress. */
  cancelOpen(): void;
  /** Keeps an opened checkpoint in IndexedDB / forgets it (IndexedDB and memory). */
  keepOpened(modelId: string): Promise<void>;
  forgetOpened(modelId: string): Promise<void>;
}

/**
 * A generation session over the worker's KV cache; `end` frees it (also when called before `start` finished).
 * `fed` follows what the worker has read, so a kept session can be continued only where it fits.
 */
function workerSession(client: () => EngineClient, modelId: string, options?: StepOptions, ablation?: AblationSpec): GenSession {
  let session: Promise<number> | null = null;
  let ended = false;
  const fed: number[] = [];
  const row = (o: GenStepOutput) => ({ logits: o.logits, attention: o.attention });
  return {
    fed,
    async start(ids, replay) {
      const c = client();
      const out = c.call({ kind: 'genStart', modelId, ids, replay, options, ablation });
      session = out.then((o) => o.session);
      const o = await out;
      fed.push(...ids, ...replay);
      if (ended) void c.call({ kind: 'genEnd', session: o.session }).catch(() => {});
      return row(o);
    },
    async step(id) {
      if (!session) throw new Error('generation session not started');
      const o = await client().call({ kind: 'genStep', session: await session, id, options });
      fed.push(id);
      return row(o);
    },
    async run(first, count, choice, stopAt) {
      if (!session) throw new Error('generation session not started');
      const out = await client().call({
        kind: 'genRun',
        session: await session,
        first,
        count,
        choice: { kind: 'sample', ...choice },
        options,
        stopAt,
      });
      // The worker fed `first`, then every chosen token but the last.
      fed.push(first, ...out.steps.slice(0, -1).map((s) => s.chosen));
      return out.steps.map((s) => ({ logits: s.logits, attention: s.attention, chosen: s.chosen }));
    },
    end() {
      if (ended) return;
      ended = true;
      const c = client();
      session?.then((s) => c.call({ kind: 'genEnd', session: s })).catch(() => {});
    },
  };
}

/** `backend`: forced (`?backend=`); `preferred`: the one measured fastest here before (src/app/backendChoice.ts). */
export function startEngine(opts: { backend?: BackendName; preferred?: BackendName; baseUrl: string }): EngineHandle {
  let preferred = opts.preferred;
  const tokenizers = new Map<string, TextTokenizer>();
  const infos = new Map<string, LoadedModel>();
  const scheduler = new LatestOnly<void>();
  const rt = useRuntime.setState;
  let client: EngineClient;
  let ready: Promise<void>;

  /** Starts a worker and picks the backend. Called again when the GPU device is lost. */
  function boot(): void {
    client = EngineClient.create();
    client.onProgress = (modelId, loaded, total) => {
      if (modelId !== OPEN_PROGRESS_ID) {
        rt({ loading: { modelId, loaded, total } });
        return;
      }
      // An opened checkpoint being read: the dialog's bar, or the page's when a kept one loads by itself.
      const loading = useRuntime.getState().loading;
      rt(
        loading && isHfModelId(loading.modelId)
          ? { opening: { loaded, total }, loading: { ...loading, loaded, total } }
          : { opening: { loaded, total } },
      );
    };
    client.onDeviceLost = restart;
    client.onTrain = receiveTrain;
    ready = client
      .call({ kind: 'init', backend: opts.backend, preferred, baseUrl: opts.baseUrl })
      .then((backend) => rt({ backend, backendError: null }))
      .catch((e: unknown) => {
        rt({ backendError: (e as Error).message });
        throw e;
      });
    ready.catch(() => {});
  }

  /**
   * The WebGPU device is gone (driver reset, sleep, SwiftShader losing its
   * instance): throw the worker away and start a fresh one, which asks for a
   * new device or falls back to another backend. The chosen state lives in
   * the store and is untouched; the current model and prompt are recomputed.
   */
  function restart(reason: string): void {
    const count = (useRuntime.getState().recovered?.count ?? 0) + 1;
    client.terminate(`The GPU device was lost (${reason}); the engine restarted.`);
    rt({ recovered: { reason, count }, backend: null, model: null });
    engineRestarted();
    boot();
    loadCurrent();
  }

  /** A fresh engine on another backend (measured faster); the chosen state is untouched and recomputed. */
  function switchBackend(name: BackendName): void {
    preferred = name;
    client.terminate('The engine moved to another backend.');
    rt({ backend: null, model: null });
    engineRestarted();
    boot();
    loadCurrent();
  }

  boot();

  async function load(modelId: string): Promise<{ info: LoadedModel; tokenizer: TextTokenizer }> {
    await ready;
    const info = await client.call({ kind: 'load', modelId });
    infos.set(modelId, info);
    let tokenizer = tokenizers.get(modelId);
    if (!tokenizer) {
      tokenizer = tokenizerFor(info.tokenizer);
      tokenizers.set(modelId, tokenizer);
    }
    return { info, tokenizer };
  }

  async function selectModel(modelId: string): Promise<void> {
    await ready;
    rt({ loading: { modelId, loaded: 0, total: 1 }, modelError: null });
    const chosen = () => useAppStore.getState().model.id === modelId;
    try {
      const { info } = await load(modelId);
      if (chosen()) rt({ model: info, loading: null, missingModel: null });
    } catch (e) {
      const detail = e instanceof EngineCallError ? e.detail : { message: (e as Error).message };
      if (detail.code === 'hfMissing' && chosen()) {
        // A link names a checkpoint this browser lacks: the rest of the state runs on the shipped model, and the page says which files to open.
        const parts = hfIdParts(modelId) ?? { name: modelId, hash: '' };
        rt({ missingModel: { id: modelId, ...parts }, loading: { modelId: DEFAULT_MODEL_ID, loaded: 0, total: 1 } });
        const { info } = await load(DEFAULT_MODEL_ID);
        if (chosen()) rt({ model: info, loading: null });
        return;
      }
      if (chosen()) rt({ modelError: { ...detail, modelId }, loading: null, model: null, forward: null });
      throw e;
    }
  }

  async function runForward(): Promise<void> {
    const { model: chosenModel, prompt: chosenPrompt } = useAppStore.getState();
    const modelId = effectiveModelId(chosenModel.id, useRuntime.getState().missingModel);
    const prompt = chosenPrompt.text;
    const model = useRuntime.getState().model;
    const tokenizer = tokenizers.get(modelId);
    if (!model || model.id !== modelId || !tokenizer) return;
    const all = tokenizer.encode(prompt);
    // Whitespace only (newlines included) is treated as empty: there is nothing to read.
    if (all.length === 0 || prompt.trim() === '') {
      rt({ forward: null, forwardError: 'empty' });
      return;
    }
    const dropped = Math.max(0, all.length - model.config.contextLength);
    const tokens = all.slice(dropped);
    const ids = tokens.map((t) => t.id);
    // Read back what the views on screen use: the next-token row (BERT: the first [MASK]'s) and the attention; not the residual stream.
    const mask = model.objective === 'mlm' ? ids.indexOf(tokenizer.maskId) : -1;
    const options: ForwardOptions = { logits: mask >= 0 ? mask : ids.length - 1, residual: false };
    // Attention of every head is L·H·T² numbers: GPT-2 small at 1,024 tokens would be 600 MB. Past the budget, only the open layer's.
    const { nLayers: L, nHeads: H } = model.config;
    if (L * H * ids.length * ids.length > ATTENTION_BUDGET)
      options.attentionLayers = [Math.min(useAppStore.getState().attention.layer, L - 1)];
    const ablation = ablationFor(modelId);
    try {
      const output = await client.call({ kind: 'forward', modelId, ids, options, ablation });
      // Heads off: the full model's next-token row too, so the panel can show each probability before → after.
      const full = ablation
        ? (await client.call({ kind: 'forward', modelId, ids, options: { ...options, attention: false } })).logits
        : undefined;
      rt({ forward: { modelId, tokens, output, dropped, receivedAt: performance.now(), ablation, full }, forwardError: null });
    } catch (e) {
      rt({ forwardError: (e as Error).message });
    }
  }

  const schedule = () => void scheduler.run(runForward).catch(() => {});

  const loadCurrent = () => {
    const id = useAppStore.getState().model.id;
    selectModel(id).then(schedule, () => {});
  };
  loadCurrent();

  async function refreshLabList(): Promise<void> {
    await ready;
    useLab.setState({ entries: await client.call({ kind: 'labList' }) });
  }
  refreshLabList().catch(() => {});

  async function refreshOpened(): Promise<void> {
    await ready;
    rt({ opened: await client.call({ kind: 'hfList' }) });
  }
  refreshOpened().catch(() => {});

  /** The heads the user switched off for `modelId` (the ablation slice), as a pass asks for them. */
  function ablationFor(modelId: string): AblationSpec | undefined {
    const info = infos.get(modelId);
    if (!info) return undefined;
    const s = useAppStore.getState();
    return ablationSpec(s.ablation, s.prompt.text, info, tokenizers.get(modelId));
  }
  const pick = (modelId: string, a: AblationSpec | null | undefined) => (a === null ? undefined : (a ?? ablationFor(modelId)));

  useAppStore.subscribe((s, prev) => {
    if (s.model.id !== prev.model.id) loadCurrent();
    else if (s.prompt.text !== prev.prompt.text || s.ablation !== prev.ablation) schedule();
    else if (s.attention.layer !== prev.attention.layer) {
      // A pass that read one layer's attention: read the newly opened one.
      const layers = useRuntime.getState().forward?.output.attentionLayers;
      if (layers && !layers.includes(s.attention.layer)) schedule();
    }
  });

  return {
    get client() {
      return client;
    },
    tokenizer: (id) => tokenizers.get(id),
    selectModel,
    load,
    forwardIds: (modelId, ids, options = {}) => {
      const { ablation, ...rest } = options;
      return client.call({ kind: 'forward', modelId, ids, options: rest, ablation: pick(modelId, ablation) });
    },
    ablation: ablationFor,
    tokenLosses: (modelId, ids, variants, kind, reference) =>
      client.call({ kind: 'tokenLosses', modelId, ids, variants, ablationKind: kind, reference }),
    embeddings: (modelId, ids, positions) => client.call({ kind: 'embeddings', modelId, ids, positions }),
    logitLens: (modelId, vectors, n) => client.call({ kind: 'logitLens', modelId, vectors, n }),
    generation: (modelId, options, ablation) => workerSession(() => client, modelId, options, pick(modelId, ablation)),
    switchBackend,
    refreshModel: (modelId) => {
      tokenizers.delete(modelId);
      if (useAppStore.getState().model.id === modelId) loadCurrent();
    },
    refreshLabList,
    async openModel(files, name, keep) {
      await ready;
      const missing = useRuntime.getState().missingModel;
      rt({ opening: { loaded: 0, total: files.weights.size } });
      try {
        const info = await client.call({ kind: 'openHf', files, name, idHint: missing?.id, save: keep });
        tokenizers.delete(info.id);
        await refreshOpened().catch(() => {});
        if (useAppStore.getState().model.id === info.id) loadCurrent();
        else useAppStore.getState().update('model', { id: info.id });
        // The drift view shows one model of its own choosing: the checkpoint just opened is the one wanted there too.
        if (!useAppStore.getState().drift.compare) useAppStore.getState().update('drift', { model: info.id });
        return info;
      } finally {
        rt({ opening: null });
      }
    },
    cancelOpen() {
      void client.call({ kind: 'openCancel' }).catch(() => {});
    },
    async keepOpened(modelId) {
      const info = await client.call({ kind: 'hfSave', modelId });
      if (useRuntime.getState().model?.id === modelId) rt({ model: info });
      await refreshOpened();
    },
    async forgetOpened(modelId) {
      await client.call({ kind: 'hfForget', modelId });
      await refreshOpened();
      if (useAppStore.getState().model.id === modelId) useAppStore.getState().update('model', { id: DEFAULT_MODEL_ID });
    },
  };
}
