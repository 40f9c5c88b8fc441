/**
 * Which of the files a user chose or dropped make up a Hugging Face
 * checkpoint: config.json, model.safetensors, tokenizer.json and, where
 * present, tokenizer_config.json (matched by file name, in any folder depth).
 * What is missing, or present in a form the app does not read (sharded
 * safetensors, PyTorch .bin), is named. Pure: no DOM beyond Blob.
 */
import type { OpenFiles } from '../engine/protocol';

export interface PickedFile {
  /** Path inside the chosen folder (webkitRelativePath), or the file's name. */
  path: string;
  file: Blob;
}

export type PickProblem = 'sharded' | 'pytorchBin' | 'none';

export interface Picked {
  files: OpenFiles | null;
  /** Required files not found. */
  missing: string[];
  /** Why the weights cannot be read, when they are there in another form. */
  problem: PickProblem;
  /** The folder's name (a default model name), or ''. */
  folder: string;
  /** Names of the files used. */
  used: string[];
}

export const REQUIRED = ['config.json', 'model.safetensors', 'tokenizer.json'] as const;
/** Older folders: the tokenizer as vocab.txt (BERT) or vocab.json + merges.txt (GPT-2), used when tokenizer.json is absent. */
const LEGACY = ['vocab.txt', 'vocab.json', 'merges.txt'] as const;

const base = (p: string) => p.split('/').pop() ?? p;

export function pickCheckpointFiles(list: readonly PickedFile[]): Picked {
  const byName = new Map<string, PickedFile>();
  // The shallowest file of each name wins (a folder may hold copies in sub-folders).
  for (const f of [...list].sort((a, b) => a.path.split('/').length - b.path.split('/').length)) {
    const n = base(f.path);
    if (!byName.has(n)) byName.set(n, f);
  }
  const names = [...byName.keys()];
  const legacy = !byName.has('tokenizer.json') && (byName.has('vocab.txt') || (byName.has('vocab.json') && byName.has('merges.txt')));
  const missing = REQUIRED.filter((n) => !byName.has(n) && !(n === 'tokenizer.json' && legacy));
  let problem: PickProblem = 'none';
  if (!byName.has('model.safetensors')) {
    if (names.some((n) => /^model-\d+-of-\d+\.safetensors$/.test(n) || n === 'model.safetensors.index.json')) problem = 'sharded';
    else if (names.includes('pytorch_model.bin')) problem = 'pytorchBin';
  }
  const first = list.find((f) => f.path.includes('/'));
  const folder = first ? (first.path.split('/')[0] ?? '') : '';
  const get = (n: string) => byName.get(n)?.file ?? null;
  const config = get('config.json');
  const weights = get('model.safetensors');
  const tokenizer = get('tokenizer.json');
  const files =
    config && weights && (tokenizer || legacy)
      ? {
          config,
          weights,
          tokenizer,
          tokenizerConfig: get('tokenizer_config.json'),
          ...(tokenizer ? {} : { vocabTxt: get('vocab.txt'), vocabJson: get('vocab.json'), merges: get('merges.txt') }),
        }
      : null;
  const used = [...REQUIRED, 'tokenizer_config.json', ...(legacy ? LEGACY : [])].filter((n) => byName.has(n));
  return { files, missing, problem, folder, used };
}

interface EntryLike {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  file?: (ok: (f: File) => void, err: (e: unknown) => void) => void;
  createReader?: () => { readEntries: (ok: (e: EntryLike[]) => void, err: (e: unknown) => void) => void };
}

/** Files of dropped items, folders read one level deep at a time (as deep as `depth`). */
export async function droppedFiles(items: readonly { webkitGetAsEntry(): unknown }[], depth = 3): Promise<PickedFile[]> {
  const out: PickedFile[] = [];
  const walk = async (e: EntryLike, prefix: string, left: number): Promise<void> => {
    if (e.isFile && e.file) {
      const f = await new Promise<File>((ok, err) => e.file?.(ok, err));
      out.push({ path: prefix + e.name, file: f });
    } else if (e.isDirectory && e.createReader && left > 0) {
      const reader = e.createReader();
      for (;;) {
        const batch = await new Promise<EntryLike[]>((ok, err) => reader.readEntries(ok, err));
        if (batch.length === 0) break;
        for (const c of batch) await walk(c, `${prefix}${e.name}/`, left - 1);
      }
    }
  };
  for (const it of items) {
    const e = it.webkitGetAsEntry() as EntryLike | null;
    if (e) await walk(e, '', depth);
  }
  return out;
}
