/**
 * A model as one file, for download and upload: the engine's own weight
 * format (model.json, tokenizer.json, weights.bin: what public/models/<id>/
 * holds) packed one after the other.
 *
 *   "TPMODEL1"                      8 bytes, ASCII
 *   uint32 LE length, model.json    UTF-8
 *   uint32 LE length, tokenizer.json UTF-8
 *   uint32 LE length, weights.bin   the shard model.json describes
 *
 * Reading unpacks the three files and loads them with `loadModelFiles`, so an
 * uploaded file is validated exactly like a shipped model (zod schema,
 * tensor names and shapes, byte counts, finite values; ModelFileError).
 */
import type { ModelConfig, ModelObjective } from './config';
import type { Weights } from './transformer';
import { type LoadedModelFiles, loadModelFiles, ModelFileError, saveModelFiles } from './weights';

export const BUNDLE_MAGIC = 'TPMODEL1';
export const BUNDLE_EXTENSION = '.tpmodel';
const SECTIONS = ['model.json', 'tokenizer.json', 'weights.bin'] as const;

/** Packs the three files into one bundle. */
export function packBundle(files: { modelJson: string; tokenizerJson: string; weights: ArrayBuffer }): ArrayBuffer {
  const enc = new TextEncoder();
  const parts = [enc.encode(files.modelJson), enc.encode(files.tokenizerJson), new Uint8Array(files.weights)];
  const total = BUNDLE_MAGIC.length + parts.reduce((n, p) => n + 4 + p.byteLength, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(enc.encode(BUNDLE_MAGIC), 0);
  let at = BUNDLE_MAGIC.length;
  for (const p of parts) {
    view.setUint32(at, p.byteLength, true);
    out.set(p, at + 4);
    at += 4 + p.byteLength;
  }
  return out.buffer;
}

/** Splits a bundle into its files; throws ModelFileError (naming `fileName`) when it is not one. */
export function unpackBundle(bytes: ArrayBuffer, fileName: string): Map<string, ArrayBuffer> {
  const u8 = new Uint8Array(bytes);
  const head = new TextDecoder().decode(u8.subarray(0, BUNDLE_MAGIC.length));
  if (u8.byteLength < BUNDLE_MAGIC.length || head !== BUNDLE_MAGIC) {
    throw new ModelFileError(
      `${fileName} is not a model file of this app (a ${BUNDLE_EXTENSION} file starts with "${BUNDLE_MAGIC}")`,
      fileName,
    );
  }
  const view = new DataView(bytes);
  const files = new Map<string, ArrayBuffer>();
  let at = BUNDLE_MAGIC.length;
  for (const name of SECTIONS) {
    if (at + 4 > u8.byteLength) throw new ModelFileError(`${fileName} is cut short: ${name} is missing`, fileName);
    const n = view.getUint32(at, true);
    if (at + 4 + n > u8.byteLength) {
      throw new ModelFileError(`${fileName} is cut short: ${name} needs ${n} bytes, ${u8.byteLength - at - 4} are left`, fileName);
    }
    files.set(name, bytes.slice(at + 4, at + 4 + n));
    at += 4 + n;
  }
  if (at !== u8.byteLength) throw new ModelFileError(`${fileName} has ${u8.byteLength - at} unexpected bytes after weights.bin`, fileName);
  return files;
}

/** Serialises a model as a bundle (float32 weights, so nothing is lost). */
export async function encodeBundle(
  id: string,
  objective: ModelObjective,
  config: ModelConfig,
  weights: Weights,
  tokenizerJson: unknown,
): Promise<ArrayBuffer> {
  const { modelJson, shard } = await saveModelFiles(id, objective, config, weights, { shard: 'weights.bin', tokenizer: 'tokenizer.json' });
  return packBundle({ modelJson, tokenizerJson: JSON.stringify(tokenizerJson), weights: shard.data });
}

/**
 * Reads a bundle through the same loader as shipped models. The model's own
 * file names must be the bundle's (model.json names its tokenizer and shards).
 */
export async function decodeBundle(bytes: ArrayBuffer, fileName: string): Promise<LoadedModelFiles> {
  const files = unpackBundle(bytes, fileName);
  return loadModelFiles(async (path) => {
    const f = files.get(path);
    if (!f) throw new Error(`${fileName} holds no file "${path}"`);
    return f;
  });
}
