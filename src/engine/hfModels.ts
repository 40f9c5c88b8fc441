/**
 * Hugging Face checkpoints opened from files, inside the engine worker. The
 * files are read here (Blob slices, block by block), so a checkpoint of
 * hundreds of MB never blocks the page; progress goes to the page in bytes,
 * and `cancel` stops a read between two blocks. The tokenizer is checked
 * before the weights are read, and a failed open leaves the model map as it
 * was: the current model keeps working.
 *
 * The files stay reachable for the session (File handles), so a checkpoint
 * can be kept in IndexedDB later (`save`) or reloaded after the one-open-
 * checkpoint-in-memory rule dropped its tensors.
 */
import { parameterCount } from '../model/config';
import { type HfCheckpointFiles, loadHfCheckpoint, OpenCancelled } from '../model/hf/checkpoint';
import { HfTokenizer, HfTokenizerError, type HfTokenizerSpec } from '../model/hf/hfTokenizer';
import { byteLevelBpeTokenizerJson, wordPieceTokenizerJson } from '../model/hf/legacyTokenizer';
import { Transformer } from '../model/transformer';
import { ModelFileError } from '../model/weights';
import { hfIdFor, hfIdParts, isHfModelId } from '../state/models';
import { deleteHf, getHf, listHf, putHf } from './hfStore';
import type { ModelMap } from './labModels';
import { type HfEntry, type LoadedModel, OPEN_PROGRESS_ID, type OpenFiles, type WorkerMessage } from './protocol';

/** An opened checkpoint named by a link that this browser does not have. */
export class HfMissingError extends Error {
  readonly code = 'hfMissing' as const;
  constructor(modelId: string) {
    const p = hfIdParts(modelId);
    super(`open ${p?.name ?? modelId} (${p?.hash ?? '?'}) to see this exactly: it is not in this browser.`);
    this.name = 'HfMissingError';
  }
}

function parseJsonFile(text: string, file: string): Record<string, unknown> {
  try {
    const j = JSON.parse(text) as unknown;
    if (typeof j === 'object' && j !== null && !Array.isArray(j)) return j as Record<string, unknown>;
  } catch (e) {
    throw new ModelFileError(`${file} is not valid JSON (${(e as Error).message})`, file);
  }
  throw new ModelFileError(`${file} is not a JSON object`, file);
}

/** The tokenizer.json that a folder's older tokenizer files (vocab.txt; vocab.json + merges.txt) convert to. */
async function legacyTokenizer(f: OpenFiles, config: Record<string, unknown> | null): Promise<Record<string, unknown>> {
  if (f.vocabJson && f.merges) {
    const vocab = parseJsonFile(await f.vocabJson.text(), 'vocab.json');
    if (!Object.values(vocab).every((v) => Number.isInteger(v) && (v as number) >= 0)) {
      throw new ModelFileError('vocab.json must map each piece to a non-negative integer id', 'vocab.json');
    }
    return byteLevelBpeTokenizerJson(vocab as Record<string, number>, await f.merges.text());
  }
  if (f.vocabTxt) return wordPieceTokenizerJson(await f.vocabTxt.text(), config);
  throw new ModelFileError('tokenizer.json is missing (nor are vocab.txt or vocab.json + merges.txt there)', 'tokenizer.json');
}

export function createHfModels(models: ModelMap, post: (msg: WorkerMessage) => void) {
  /** Files of every checkpoint opened this session, by id. */
  const files = new Map<string, { files: OpenFiles; entry: HfEntry }>();
  let current: { aborted: boolean } | null = null;

  async function read(f: OpenFiles, name: string, idHint: string | undefined, signal: { aborted: boolean }): Promise<LoadedModel> {
    const cfgText = f.tokenizerConfig ? await f.tokenizerConfig.text() : null;
    const tokConfig = cfgText === null ? null : parseJsonFile(cfgText, 'tokenizer_config.json');
    // The hash covers tokenizer.json as it is on disk (or the JSON its older files converted to).
    const raw = f.tokenizer ? await f.tokenizer.text() : null;
    const tokObject = raw === null ? await legacyTokenizer(f, tokConfig) : parseJsonFile(raw, 'tokenizer.json');
    const tokText = raw ?? JSON.stringify(tokObject);
    const spec: HfTokenizerSpec = { type: 'hf', tokenizer: tokObject, config: tokConfig };
    let tok: HfTokenizer;
    try {
      tok = new HfTokenizer(spec);
    } catch (e) {
      throw new ModelFileError((e as Error).message, e instanceof HfTokenizerError ? 'tokenizer.json' : 'tokenizer_config.json');
    }
    const input: HfCheckpointFiles = {
      config: await f.config.text(),
      tokenizer: tokText,
      tokenizerConfig: cfgText,
      weights: { size: f.weights.size, read: async (b, e) => new Uint8Array(await f.weights.slice(b, e).arrayBuffer()) },
    };
    const loaded = await loadHfCheckpoint(input, {
      signal,
      onProgress: (loadedBytes, total) => post({ type: 'progress', modelId: OPEN_PROGRESS_ID, loaded: loadedBytes, total }),
    });
    const model = new Transformer(loaded.config, loaded.weights);
    if (tok.size > loaded.config.vocabSize) {
      model.dispose();
      throw new ModelFileError(
        `tokenizer.json has ids up to ${tok.size - 1}, but the model's vocabulary has ${loaded.config.vocabSize}`,
        'tokenizer.json',
      );
    }
    const hinted = idHint && hfIdParts(idHint)?.hash === loaded.hash.slice(0, 12) ? idHint : null;
    const id = hinted ?? hfIdFor(name || loaded.spec.nameHint, loaded.hash);
    const info: LoadedModel = {
      id,
      objective: loaded.spec.objective,
      config: loaded.config,
      tokenizer: spec,
      parameters: parameterCount(loaded.config),
      bytes: loaded.bytes,
      opened: {
        name: name || loaded.spec.nameHint,
        hash: loaded.hash,
        architecture: loaded.spec.architecture,
        dtype: loaded.dtype,
        saved: false,
      },
    };
    // One opened checkpoint in memory at a time (they are large); the others reload from their files when chosen.
    for (const [other, m] of models) {
      if (isHfModelId(other)) {
        m.model.dispose();
        models.delete(other);
      }
    }
    models.set(id, { model, info });
    files.set(id, { files: f, entry: { id, name: info.opened?.name ?? id, hash: loaded.hash, saved: false, bytes: loaded.bytes } });
    return info;
  }

  async function save(id: string): Promise<LoadedModel> {
    const known = files.get(id);
    const m = models.get(id);
    if (!known || !m?.info.opened) throw new Error(`${id} is not an opened checkpoint of this session`);
    const entry = { ...known.entry, saved: true };
    await putHf({ entry, files: known.files });
    files.set(id, { files: known.files, entry });
    m.info = { ...m.info, opened: { ...m.info.opened, saved: true } };
    return m.info;
  }

  return {
    async open(f: OpenFiles, name: string, idHint: string | undefined, keep: boolean): Promise<LoadedModel> {
      const signal = { aborted: false };
      current = signal;
      try {
        const info = await read(f, name, idHint, signal);
        if (!keep) return info;
        try {
          return await save(info.id);
        } catch {
          return info; // no IndexedDB (private window, quota): open, not kept; the dialog says so
        }
      } catch (e) {
        if (e instanceof OpenCancelled) throw Object.assign(new Error(e.message), { code: 'cancelled' as const });
        throw e;
      } finally {
        if (current === signal) current = null;
      }
    },

    /** Stops the open in progress; false when none runs. */
    cancel(): boolean {
      if (!current) return false;
      current.aborted = true;
      return true;
    },

    save,

    /** Loads an opened checkpoint by id: from this session's files, else from IndexedDB, else HfMissingError. */
    async load(id: string): Promise<LoadedModel> {
      const have = models.get(id);
      if (have) return have.info;
      const known = files.get(id);
      let rec = known ? { files: known.files, entry: known.entry } : undefined;
      if (!rec) {
        try {
          rec = await getHf(id);
        } catch {
          rec = undefined;
        }
      }
      if (!rec) throw new HfMissingError(id);
      const info = await read(rec.files, rec.entry.name, id, { aborted: false });
      if (info.id !== id) throw new HfMissingError(id);
      if (rec.entry.saved) {
        files.set(id, { files: rec.files, entry: rec.entry });
        const m = models.get(id);
        if (m?.info.opened) m.info = { ...m.info, opened: { ...m.info.opened, saved: true } };
      }
      return models.get(id)?.info ?? info;
    },

    async forget(id: string): Promise<boolean> {
      try {
        await deleteHf(id);
      } catch {
        // nothing saved: forgetting it in memory is enough
      }
      const m = models.get(id);
      m?.model.dispose();
      models.delete(id);
      return files.delete(id);
    },

    async list(): Promise<HfEntry[]> {
      const out = new Map<string, HfEntry>();
      try {
        for (const e of await listHf()) out.set(e.id, e);
      } catch {
        // no IndexedDB: this session's only
      }
      for (const [id, f] of files) if (!out.has(id)) out.set(id, f.entry);
      return [...out.values()];
    },
  };
}
