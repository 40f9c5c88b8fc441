/**
 * The Training lab inside the engine worker: one training run at a time,
 * trained with the engine's own Transformer (src/model/train.ts). The lab
 * models it publishes (in memory, in IndexedDB, as files) are kept by
 * labModels.ts.
 *
 * Every training step is queued like any other request, so a forward pass
 * asked for by a view (or a pause) runs between two steps: the page never
 * waits for more than one step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type ModelConfig, parameterCount } from '../model/config';
import { repeatCorpus, wordPool } from '../model/corpus';
import { Rng } from '../model/rng';
import { sample } from '../model/sampling';
import type { TextTokenizer } from '../model/textTokenizer';
import { Tokenizer } from '../model/tokenizer';
import { makeTokenizer } from '../model/tokenizers';
import { Batcher, evalWindows, FINETUNE_MAX_PARAMETERS, SCRATCH_SIZES, scratchConfig, splitCorpus, Trainer } from '../model/train';
import { randomWeights, Transformer } from '../model/transformer';
import { labIdFor } from '../state/models';
import { createLabModels, type ModelMap } from './labModels';
import {
  LAB_LIVE_ID,
  type LabEntry,
  type LabRequest,
  type LoadedModel,
  type ProbeOutput,
  type TrainInfo,
  type TrainProgress,
  type TrainSpec,
  type TrainState,
  type WorkerMessage,
} from './protocol';

export interface LabDeps {
  models: ModelMap;
  /** Loads a shipped model (base for fine-tuning, tokenizer for scratch). */
  load: (modelId: string) => Promise<LoadedModel>;
  /** Runs a job in the worker's request queue. */
  enqueue: <T>(job: () => Promise<T>) => Promise<T>;
  post: (msg: WorkerMessage) => void;
}

const MAX_TEXT_CHARS = 2_000_000;
const REPEAT_TOKENS = 60_000;
const SAMPLE_TOKENS = 24;
/** The lab's sample text: the app's sampler at temperature 0.8, no cut-offs. */
const SAMPLE_SETTINGS = { temperature: 0.8, topK: 0, topP: 1 } as const;

interface Run {
  spec: TrainSpec;
  trainer: Trainer;
  batcher: Batcher;
  held: Int32Array[];
  tokenizer: TextTokenizer;
  tokenizerJson: unknown;
  state: TrainState;
  loss: number;
  stepMs: number[];
  trainMs: number;
  looping: boolean;
  error?: string;
}

function checkSpec(s: TrainSpec): void {
  const ok =
    (s.mode === 'scratch' || s.mode === 'finetune') &&
    s.learningRate > 0 &&
    s.learningRate <= 1 &&
    Number.isInteger(s.batchSize) &&
    s.batchSize >= 1 &&
    s.batchSize <= 256 &&
    Number.isInteger(s.seqLen) &&
    s.seqLen >= 2 &&
    Number.isInteger(s.maxSteps) &&
    s.maxSteps >= 1 &&
    s.maxSteps <= 1_000_000 &&
    Number.isInteger(s.evalEvery) &&
    s.evalEvery >= 1 &&
    Number.isInteger(s.sampleEvery) &&
    s.sampleEvery >= 1 &&
    Array.isArray(s.probes) &&
    s.probes.length <= 64 &&
    s.probes.every((p) => p.length >= 1);
  if (!ok) throw new Error('Training settings are out of range');
  if (s.text !== null && s.text.length > MAX_TEXT_CHARS) throw new Error(`The text is longer than ${MAX_TEXT_CHARS} characters`);
}

export function createLab(deps: LabDeps) {
  let run: Run | null = null;
  const labModels = createLabModels(deps.models);

  const progressOf = (r: Run, extra: Partial<TrainProgress> = {}): TrainProgress => {
    const recent = r.stepMs.slice(-10);
    const ms = recent.reduce((a, b) => a + b, 0);
    const tokens = recent.length * r.spec.batchSize * r.spec.seqLen;
    return {
      state: r.state,
      step: r.trainer.step,
      loss: r.loss,
      tokensPerSec: ms > 0 ? (1000 * tokens) / ms : 0,
      trainMs: r.trainMs,
      ...(r.error ? { error: r.error } : {}),
      ...extra,
    };
  };

  async function sampleText(r: Run): Promise<string> {
    const rng = new Rng((r.spec.seed * 7919 + r.trainer.step) >>> 0);
    const prompt = r.tokenizer.encodeIds(r.spec.samplePrompt).slice(-Math.floor(r.trainer.config.contextLength / 2));
    const ids = prompt.length ? [...prompt] : [rng.int(r.trainer.config.vocabSize)];
    const start = ids.length;
    while (ids.length - start < SAMPLE_TOKENS && ids.length < r.trainer.config.contextLength) {
      const out = await r.trainer.model.forward(ids, { logits: 'last', attention: false, residual: false });
      ids.push(sample(out.logits, SAMPLE_SETTINGS, rng.next()).id);
    }
    return r.tokenizer.decode(ids.slice(start));
  }

  async function probe(r: Run): Promise<ProbeOutput[]> {
    const out: ProbeOutput[] = [];
    for (const ids of r.spec.probes) {
      const f = await r.trainer.model.forward(ids.slice(0, r.trainer.config.contextLength), { logits: 'last' });
      out.push({ T: f.T, attention: f.attention, residual: f.residual });
    }
    return out;
  }

  async function oneStep(r: Run): Promise<void> {
    if (run !== r || r.state !== 'running') return;
    const t0 = performance.now();
    const loss = await r.trainer.trainStep(r.batcher.next());
    const dt = performance.now() - t0;
    r.stepMs.push(dt);
    if (r.stepMs.length > 50) r.stepMs.splice(0, r.stepMs.length - 50);
    r.trainMs += dt;
    r.loss = loss;
    const step = r.trainer.step;
    const extra: Partial<TrainProgress> = {};
    if (!Number.isFinite(loss)) {
      r.state = 'failed';
      r.error = 'The loss is no longer a finite number: the learning rate is probably too high. Reset and try a smaller one.';
    } else {
      const last = step >= r.spec.maxSteps;
      if (step % r.spec.evalEvery === 0 || last) extra.valLoss = await r.trainer.evalLoss(r.held);
      if (step % r.spec.sampleEvery === 0 || last) {
        extra.sample = await sampleText(r);
        extra.probes = await probe(r);
      }
      if (last) r.state = 'done';
    }
    deps.post({ type: 'train', progress: progressOf(r, extra) });
  }

  async function loop(r: Run): Promise<void> {
    if (r.looping) return;
    r.looping = true;
    try {
      while (run === r && r.state === 'running') {
        try {
          await deps.enqueue(() => oneStep(r));
        } catch (e) {
          r.state = 'failed';
          r.error = e instanceof Error ? e.message : String(e);
          deps.post({ type: 'train', progress: progressOf(r) });
        }
        // Let requests that arrived during the step (pause, a view's forward pass) in first.
        await new Promise((res) => setTimeout(res, 0));
      }
    } finally {
      r.looping = false;
    }
  }

  function reset(): void {
    if (!run) return;
    const r = run;
    run = null;
    r.state = 'stopped';
    deps.models.delete(LAB_LIVE_ID);
    r.trainer.dispose();
  }

  async function start(spec: TrainSpec): Promise<TrainInfo> {
    checkSpec(spec);
    reset();
    const baseInfo = await deps.load(spec.base);
    const base = deps.models.get(spec.base);
    if (!base) throw new Error(`model ${spec.base} is not loaded`);
    const tokenizer = makeTokenizer(baseInfo.tokenizer);
    let config: ModelConfig;
    let init: Record<string, tf.Tensor>;
    let own = false;
    if (spec.mode === 'finetune') {
      if (baseInfo.objective !== 'clm') throw new Error(`${spec.base} is not a causal language model; only those are fine-tuned here`);
      if (baseInfo.parameters > FINETUNE_MAX_PARAMETERS) {
        throw new Error(
          `${spec.base} has ${baseInfo.parameters.toLocaleString('en')} parameters; the lab fine-tunes models of up to ${FINETUNE_MAX_PARAMETERS.toLocaleString('en')}`,
        );
      }
      config = baseInfo.config;
      init = base.model.weights as Record<string, tf.Tensor>;
    } else {
      const size = SCRATCH_SIZES.find((s) => s.id === spec.size);
      if (!size) throw new Error(`unknown model size "${spec.size}"`);
      config = scratchConfig(size, tokenizer.size);
      init = randomWeights(config, spec.seed);
      own = true;
    }
    const seqLen = Math.min(spec.seqLen, config.contextLength);
    const ids =
      spec.text === null
        ? repeatCorpus(
            tokenizer instanceof Tokenizer ? wordPool(tokenizer.vocab) : tokenizer.wordIds().slice(0, 300),
            REPEAT_TOKENS,
            tokenizer.idOf('.') ?? 1,
            spec.seed,
          )
        : tokenizer.encodeIds(spec.text);
    const split = splitCorpus(ids, seqLen);
    let trainer: Trainer;
    try {
      trainer = new Trainer(config, init, { learningRate: spec.learningRate, batchSize: spec.batchSize, seqLen, seed: spec.seed });
    } finally {
      if (own) tf.dispose(Object.values(init));
    }
    const r: Run = {
      spec: { ...spec, seqLen },
      trainer,
      batcher: new Batcher(split.train, seqLen, spec.batchSize, spec.seed),
      held: evalWindows(split.val, seqLen),
      tokenizer,
      tokenizerJson: baseInfo.tokenizer,
      state: 'running',
      loss: Number.NaN,
      stepMs: [],
      trainMs: 0,
      looping: false,
    };
    run = r;
    const parameters = parameterCount(config);
    deps.models.set(LAB_LIVE_ID, {
      model: trainer.model,
      info: { id: LAB_LIVE_ID, objective: 'clm', config, tokenizer: baseInfo.tokenizer, parameters, bytes: parameters * 4 },
    });
    let valLoss0: number;
    try {
      valLoss0 = await trainer.evalLoss(r.held);
      deps.post({ type: 'train', progress: progressOf(r, { valLoss: valLoss0, probes: await probe(r) }) });
    } catch (e) {
      reset();
      throw e;
    }
    void loop(r);
    return { config, parameters, trainTokens: split.train.length, valTokens: split.val.length, valLoss0, backend: tf.getBackend() };
  }

  function publish(name: string): LabEntry {
    if (!run) throw new Error('Nothing is being trained: start a run first');
    const r = run;
    const model = new Transformer(r.trainer.config, r.trainer.snapshot());
    return labModels.register(
      labIdFor(name),
      model,
      { objective: 'clm', tokenizer: r.tokenizerJson as LoadedModel['tokenizer'] },
      { steps: r.trainer.step, base: r.spec.mode === 'finetune' ? r.spec.base : 'scratch' },
    );
  }

  return {
    /** Loads a lab model named by id from IndexedDB (worker `load` for `lab-` ids not in memory). */
    loadSaved: labModels.loadSaved,

    async handle(req: LabRequest): Promise<{ value: unknown; transfer?: Transferable[] }> {
      switch (req.kind) {
        case 'trainStart':
          return { value: await start(req.spec) };
        case 'trainPause':
          if (run?.state === 'running') run.state = 'paused';
          return { value: run ? progressOf(run) : null };
        case 'trainResume':
          if (run?.state === 'paused') {
            run.state = 'running';
            void loop(run);
          }
          return { value: run ? progressOf(run) : null };
        case 'trainStop':
          if (run && (run.state === 'running' || run.state === 'paused')) run.state = 'stopped';
          return { value: run ? progressOf(run) : null };
        case 'trainReset':
          reset();
          return { value: null };
        case 'labPublish':
          return { value: publish(req.name) };
        case 'labSave':
          return { value: await labModels.save(req.modelId) };
        case 'labList':
          return { value: await labModels.list() };
        case 'labDelete':
          return { value: await labModels.remove(req.modelId) };
        case 'labExport': {
          const bytes = await labModels.bundleOf(req.modelId);
          return { value: bytes, transfer: [bytes] };
        }
        case 'labImport':
          return { value: await labModels.importFile(req.bytes, req.fileName) };
      }
    },
  };
}
