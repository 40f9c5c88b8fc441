/** Test helpers (Node only): the committed Hugging Face fixtures of fixtures/hf/ as loader inputs. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ByteSource, HfCheckpointFiles } from '../checkpoint';

export const FIXTURE_ROOT = join(import.meta.dirname, '../../../../fixtures/hf');
export const FIXTURES = ['gpt2-tiny', 'gpt2-tiny-hub', 'bert-tiny', 'bert-tiny-bf16'] as const;

export interface Reference {
  dtype: string;
  ids: number[];
  logits: number[];
  attention: number[];
  residual: number[];
}

export function bufferSource(bytes: Uint8Array): ByteSource & { reads: number } {
  const src = {
    size: bytes.byteLength,
    reads: 0,
    async read(begin: number, end: number) {
      src.reads++;
      return bytes.slice(begin, end);
    },
  };
  return src;
}

export function fixtureFile(name: string, file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURE_ROOT, name, file)));
}

export function fixtureFiles(name: string, weights?: Uint8Array): HfCheckpointFiles {
  const dir = join(FIXTURE_ROOT, name);
  const cfg = join(dir, 'tokenizer_config.json');
  return {
    config: readFileSync(join(dir, 'config.json'), 'utf8'),
    tokenizer: readFileSync(join(dir, 'tokenizer.json'), 'utf8'),
    tokenizerConfig: existsSync(cfg) ? readFileSync(cfg, 'utf8') : null,
    weights: bufferSource(weights ?? fixtureFile(name, 'model.safetensors')),
  };
}

export function reference(name: string): Reference {
  return JSON.parse(readFileSync(join(FIXTURE_ROOT, name, 'reference.json'), 'utf8')) as Reference;
}

/** A safetensors file from a header object and a data section (for hostile-file tests). */
export function safetensorsBytes(header: unknown, data: Uint8Array, headerLen?: bigint): Uint8Array {
  const h = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + h.byteLength + data.byteLength);
  new DataView(out.buffer).setBigUint64(0, headerLen ?? BigInt(h.byteLength), true);
  out.set(h, 8);
  out.set(data, 8 + h.byteLength);
  return out;
}
