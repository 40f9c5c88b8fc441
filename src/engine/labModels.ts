/**
 * The lab models inside the engine worker: the ones the Training lab publishes
 * and the ones uploaded as files. They live next to the shipped models in the
 * worker's model map, and can be saved to IndexedDB (labStore.ts), listed,
 * exported as a `.tpmodel` bundle, imported and deleted.
 */
import * as tf from '@tensorflow/tfjs-core';
import { decodeBundle, encodeBundle } from '../model/bundle';
import { parameterCount } from '../model/config';
import type { TextTokenizer } from '../model/textTokenizer';
import { makeTokenizer, type TokenizerSpec } from '../model/tokenizers';
import { Transformer } from '../model/transformer';
import { ModelFileError } from '../model/weights';
import { isLabModelId, labIdFor } from '../state/models';
import { deleteLab, getLab, listLab, putLab } from './labStore';
import type { LabEntry, LoadedModel } from './protocol';

export type ModelMap = Map<string, { model: Transformer; info: LoadedModel }>;

/** A lab model that is not in this browser (e.g. named by a link made elsewhere). */
export class LabMissingError extends Error {
  readonly code = 'labMissing' as const;
  constructor(readonly modelId: string) {
    super(`"${modelId.slice(4)}" is a model trained in the Training lab of another browser; it is not saved in this one.`);
    this.name = 'LabMissingError';
  }
}

/** What a lab model's info needs besides its weights (its config comes from the model). */
interface LabModelFacts {
  objective: LoadedModel['objective'];
  tokenizer: LoadedModel['tokenizer'];
  /** Size of its file; in memory, 4 bytes per parameter. */
  bytes?: number;
}

export function createLabModels(models: ModelMap) {
  const entries = new Map<string, LabEntry>();

  /** Puts a lab model in the model map (replacing one of that id) and lists it. */
  function register(
    id: string,
    model: Transformer,
    facts: LabModelFacts,
    entry: Pick<LabEntry, 'steps' | 'base'> & Partial<LabEntry>,
  ): LabEntry {
    const { config } = model;
    const parameters = parameterCount(config);
    const info: LoadedModel = {
      id,
      objective: facts.objective,
      config,
      tokenizer: facts.tokenizer,
      parameters,
      bytes: facts.bytes ?? parameters * 4,
    };
    const full: LabEntry = { id, name: id.slice(4), saved: false, parameters, config, savedAt: Date.now(), ...entry };
    const old = models.get(id);
    if (old && old.model !== model) old.model.dispose();
    models.set(id, { model, info });
    entries.set(id, full);
    return full;
  }

  async function bundleOf(id: string): Promise<ArrayBuffer> {
    const m = models.get(id);
    if (m && isLabModelId(id))
      return encodeBundle(id, m.info.objective, m.info.config, m.model.weights as Record<string, tf.Tensor>, m.info.tokenizer);
    const rec = await getLab(id);
    if (!rec) throw new LabMissingError(id);
    return rec.bytes;
  }

  async function fromBundle(
    bytes: ArrayBuffer,
    fileName: string,
    idWanted: string | null,
    entryBase: Partial<LabEntry>,
  ): Promise<LabEntry> {
    const files = await decodeBundle(bytes, fileName);
    let tokenizer: TextTokenizer;
    try {
      tokenizer = makeTokenizer(files.tokenizerJson);
      if (tokenizer.kind === 'wordpiece-lower' ? tokenizer.size !== files.config.vocabSize : tokenizer.size > files.config.vocabSize) {
        throw new Error(`the tokenizer has ${tokenizer.size} entries but the model expects ${files.config.vocabSize}`);
      }
    } catch (e) {
      tf.dispose(Object.values(files.weights));
      throw new ModelFileError(`${fileName}: tokenizer.json: ${(e as Error).message}`, fileName);
    }
    const id = idWanted ?? (isLabModelId(files.json.id) ? files.json.id : labIdFor(fileName.replace(/\.[^.]*$/, '')));
    const model = new Transformer(files.config, files.weights);
    return register(
      id,
      model,
      { objective: files.objective, tokenizer: files.tokenizerJson as TokenizerSpec, bytes: bytes.byteLength },
      { steps: 0, base: 'upload', ...entryBase },
    );
  }

  async function save(id: string): Promise<LabEntry> {
    const entry = entries.get(id);
    if (!entry || !models.has(id)) throw new Error(`${id} is not a lab model in memory`);
    const bytes = await bundleOf(id);
    const saved: LabEntry = { ...entry, saved: true, savedAt: Date.now() };
    await putLab({ entry: saved, bytes });
    entries.set(id, saved);
    return saved;
  }

  async function list(): Promise<LabEntry[]> {
    const out = new Map<string, LabEntry>();
    try {
      for (const e of await listLab()) out.set(e.id, e);
    } catch {
      // No IndexedDB (private window): only the models in memory.
    }
    for (const [id, e] of entries) if (!out.has(id)) out.set(id, e);
    return [...out.values()];
  }

  return {
    register,
    save,
    list,
    bundleOf,

    /** Loads a lab model named by id from IndexedDB (worker `load` for `lab-` ids not in memory). */
    async loadSaved(id: string): Promise<LoadedModel> {
      const have = models.get(id);
      if (have) return have.info;
      let rec: Awaited<ReturnType<typeof getLab>>;
      try {
        rec = await getLab(id);
      } catch {
        rec = undefined;
      }
      if (!rec) throw new LabMissingError(id);
      await fromBundle(rec.bytes, `${id}.tpmodel`, id, rec.entry);
      const loaded = models.get(id);
      if (!loaded) throw new LabMissingError(id);
      return loaded.info;
    },

    /** Forgets a lab model: out of IndexedDB and out of memory. */
    async remove(id: string): Promise<LabEntry[]> {
      if (!isLabModelId(id)) throw new Error(`${id} is not a lab model`);
      try {
        await deleteLab(id);
      } catch {
        // Nothing saved (or no IndexedDB): forgetting it in memory is enough.
      }
      const m = models.get(id);
      models.delete(id);
      m?.model.dispose();
      entries.delete(id);
      return list();
    },

    /** Reads a `.tpmodel` file into memory and saves it (kept in memory only when IndexedDB refuses). */
    async importFile(bytes: ArrayBuffer, fileName: string): Promise<LabEntry> {
      const entry = await fromBundle(bytes, fileName, null, {});
      try {
        return await save(entry.id);
      } catch {
        return entry;
      }
    },
  };
}
