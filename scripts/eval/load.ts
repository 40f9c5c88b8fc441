/**
 * Loading a shipped model from disk through the app's own loader
 * (`loadModelFiles`), and the reference activations the trainer exported
 * with it. The training runs rewrite these files while they run (each file
 * atomically, weights first, the reference last), so a consistent snapshot is
 * one where nothing changed while we read and the reference is not older
 * than the weights.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type LoadedModelFiles, loadModelFiles } from '../../src/model/weights';

export interface ReferenceArray {
  shape: number[];
  data: string;
}

export interface ReferencePrompt {
  text: string;
  ids: number[];
  logits: ReferenceArray;
  attention: ReferenceArray;
  residual: ReferenceArray;
}

export interface ReferenceFile {
  format: string;
  model: string;
  step: number;
  note: string;
  prompts: ReferencePrompt[];
}

/** Decodes base64 little-endian float32 (row-major) into a Float32Array, checking its length against the shape. */
export function decodeFloat32(a: ReferenceArray): Float32Array {
  const buf = Buffer.from(a.data, 'base64');
  const n = a.shape.reduce((x, y) => x * y, 1);
  if (buf.byteLength !== n * 4) throw new Error(`reference array: ${buf.byteLength} bytes for shape [${a.shape}]`);
  const out = new Float32Array(n);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

export function modelDir(root: string, id: string): string {
  return join(root, 'public', 'models', id);
}

export function referencePath(root: string, id: string): string {
  return join(root, 'training', 'reference', `${id}.json`);
}

/** Loads public/models/<id>/ through the app's loader, reading files from disk. */
export function loadFromDisk(dir: string): Promise<LoadedModelFiles> {
  return loadModelFiles(async (p) => {
    const b = readFileSync(join(dir, p));
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  });
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Number.NaN;
  }
}

export interface Snapshot {
  files: LoadedModelFiles;
  reference: ReferenceFile | null;
  /** Training step of the export, from card.json (null when there is no card). */
  step: number | null;
  status: string | null;
  /** The corpus folder the model was trained on, from card.json (`training/data` when the card does not say). */
  corpusFolder: string;
}

/**
 * Reads model, card and (optionally) reference so that they belong to the same
 * export: retries while a file changes during the read or the reference is
 * older than the weights (an export in progress).
 */
export async function loadSnapshot(root: string, id: string, withReference: boolean, tries = 10): Promise<Snapshot> {
  const dir = modelDir(root, id);
  const watched = [join(dir, 'weights.bin'), join(dir, 'model.json'), join(dir, 'card.json')];
  if (withReference) watched.push(referencePath(root, id));
  for (let attempt = 0; ; attempt++) {
    const before = watched.map(mtime);
    const reference = withReference ? (JSON.parse(readFileSync(referencePath(root, id), 'utf8')) as ReferenceFile) : null;
    let card: { status?: string; training?: { steps?: number }; corpus?: { folder?: string } } | null = null;
    try {
      card = JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8'));
    } catch {
      card = null;
    }
    const files = await loadFromDisk(dir);
    const after = watched.map(mtime);
    const unchanged = before.every((t, i) => t === after[i]);
    const step = card?.training?.steps ?? null;
    const refOk = !reference || ((after[3] as number) >= (after[0] as number) && (step === null || reference.step === step));
    const corpusFolder = card?.corpus?.folder ?? join('training', 'data');
    if (unchanged && refOk) return { files, reference, step, status: card?.status ?? null, corpusFolder };
    for (const t of Object.values(files.weights)) t.dispose();
    if (attempt + 1 >= tries) throw new Error(`${id}: the export kept changing while it was read`);
    await new Promise((r) => setTimeout(r, 3000));
  }
}
