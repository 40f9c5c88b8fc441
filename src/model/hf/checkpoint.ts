/**
 * Loads a Hugging Face checkpoint folder (config.json, model.safetensors,
 * tokenizer.json) into engine weights, validating each file first:
 * config.json is read (hfConfig.ts), the safetensors header checked against
 * the file's size (safetensors.ts) and every needed tensor's name, dtype and
 * shape checked against the config (mapping.ts) — all before any tensor is
 * made. Then the file is read once, front to back, in blocks: each block is
 * hashed (the content hash that names the model in links) and its bytes go
 * to the tensor they belong to; a tensor becomes a TF.js tensor as soon as
 * its last byte arrives, so memory holds one block and one tensor beyond
 * the weights. Progress is reported in bytes; `signal` cancels between
 * blocks. On any error or cancel every tensor made so far is disposed:
 * nothing is half-loaded.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config';
import type { Weights } from '../transformer';
import { ModelFileError } from '../weights';
import { HfConfigError, type HfModelSpec, parseHfConfig } from './hfConfig';
import { applyOp, HfMappingError, planMapping } from './mapping';
import { FLOAT_DTYPES, headerLength, parseHeader, SafetensorsError, type TensorEntry, toFloat32 } from './safetensors';

/** Random access to a file's bytes (a File in the browser, a Buffer in tests). */
export interface ByteSource {
  size: number;
  read(begin: number, end: number): Promise<Uint8Array>;
}

export interface HfCheckpointFiles {
  config: string;
  tokenizer: string;
  tokenizerConfig?: string | null;
  weights: ByteSource;
}

export interface LoadedHfCheckpoint {
  spec: HfModelSpec;
  config: ModelConfig;
  weights: Weights;
  /** SHA-256 (hex) over config.json, tokenizer.json, tokenizer_config.json and model.safetensors. */
  hash: string;
  /** Storage dtype(s) of the weights, e.g. "F16". */
  dtype: string;
  /** File tensors that are not model weights (mask buffers, pooler, …). */
  ignored: string[];
  /** Bytes read in all. */
  bytes: number;
}

export class OpenCancelled extends Error {
  constructor() {
    super('Opening the model was cancelled');
    this.name = 'OpenCancelled';
  }
}

export const BLOCK_BYTES = 16 * 1024 * 1024;
/** The weights file is hashed in pieces of this size (WebCrypto has no streaming digest), whatever the read size. */
export const HASH_PIECE_BYTES = 16 * 1024 * 1024;

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
}

function toFileError(e: unknown): unknown {
  if (e instanceof HfConfigError) return new ModelFileError(e.message, 'config.json');
  if (e instanceof SafetensorsError || e instanceof HfMappingError) {
    return new ModelFileError(`model.safetensors: ${e.message.replace(/^model\.safetensors:? ?/, '')}`, 'model.safetensors', e.tensor);
  }
  return e;
}

export async function loadHfCheckpoint(
  files: HfCheckpointFiles,
  opts: { onProgress?: (loaded: number, total: number) => void; signal?: { aborted: boolean }; blockBytes?: number } = {},
): Promise<LoadedHfCheckpoint> {
  const weights: Weights = {};
  try {
    return await load(files, opts, weights);
  } catch (e) {
    tf.dispose(Object.values(weights));
    throw toFileError(e);
  }
}

async function load(
  files: HfCheckpointFiles,
  opts: { onProgress?: (loaded: number, total: number) => void; signal?: { aborted: boolean }; blockBytes?: number },
  weights: Weights,
): Promise<LoadedHfCheckpoint> {
  const spec = parseHfConfig(files.config);
  const src = files.weights;
  const n = headerLength(await src.read(0, Math.min(8, src.size)), src.size);
  const header = parseHeader(await src.read(8, 8 + n), src.size);
  const plan = planMapping(spec, header);
  const needed = (t: TensorEntry) => plan.bySource.has(t.name) || t.name === plan.head;
  const dtypes = new Set<string>();
  for (const t of header.tensors) {
    if (!needed(t)) continue;
    if (!(FLOAT_DTYPES as readonly string[]).includes(t.dtype)) {
      throw new SafetensorsError('dtype', `tensor "${t.name}" is ${t.dtype}; only F32, F16 and BF16 weights can be read`, t.name);
    }
    dtypes.add(t.dtype);
  }
  const enc = new TextEncoder();
  const digests: Uint8Array[] = [
    await sha256(enc.encode(files.config)),
    await sha256(enc.encode(files.tokenizer)),
    await sha256(enc.encode(files.tokenizerConfig ?? '')),
  ];
  let wteValues: Float32Array | null = null;
  let headValues: Float32Array | null = null;
  const finish = (t: TensorEntry, bytes: Uint8Array) => {
    const values = toFloat32(t, bytes);
    for (const r of plan.bySource.get(t.name) ?? [])
      weights[r.target] = tf.tensor(applyOp(r.op, values, t.shape), r.targetShape, 'float32');
    if (plan.head && t.name === plan.wte) wteValues = values;
    if (t.name === plan.head) headValues = values;
  };
  const block = opts.blockBytes ?? BLOCK_BYTES;
  const piece = { buf: new Uint8Array(Math.min(HASH_PIECE_BYTES, src.size)), fill: 0 };
  const hashIn = async (bytes: Uint8Array) => {
    for (let at = 0; at < bytes.byteLength; ) {
      const n = Math.min(piece.buf.byteLength - piece.fill, bytes.byteLength - at);
      piece.buf.set(bytes.subarray(at, at + n), piece.fill);
      piece.fill += n;
      at += n;
      if (piece.fill === piece.buf.byteLength) {
        digests.push(await sha256(piece.buf));
        piece.fill = 0;
      }
    }
  };
  const tensors = header.tensors;
  let ti = 0;
  let cur: Uint8Array | null = null;
  for (let bs = 0; bs < src.size; bs += block) {
    if (opts.signal?.aborted) throw new OpenCancelled();
    const be = Math.min(src.size, bs + block);
    const bytes = await src.read(bs, be);
    if (bytes.byteLength !== be - bs) {
      throw new SafetensorsError('offsets', `read ${bytes.byteLength} bytes at ${bs}, expected ${be - bs} (did the file change?)`);
    }
    await hashIn(bytes);
    while (ti < tensors.length) {
      const t = tensors[ti] as TensorEntry;
      // A tensor of zero bytes at the very end belongs to the last block.
      if (!(t.begin < be || (t.begin === t.end && be === src.size))) break;
      if (needed(t)) {
        cur ??= new Uint8Array(t.end - t.begin);
        const from = Math.max(bs, t.begin);
        const to = Math.min(be, t.end);
        cur.set(bytes.subarray(from - bs, to - bs), from - t.begin);
      }
      if (t.end > be) break;
      if (needed(t)) finish(t, cur as Uint8Array);
      cur = null;
      ti++;
    }
    opts.onProgress?.(be, src.size);
  }
  if (piece.fill > 0) digests.push(await sha256(piece.buf.subarray(0, piece.fill)));
  if (ti !== tensors.length) throw new SafetensorsError('offsets', `the file ended before tensor "${tensors[ti]?.name}"`);
  const config: ModelConfig = { ...spec.config };
  if (plan.head && headValues && wteValues) {
    const h = headValues as Float32Array;
    const w = wteValues as Float32Array;
    let tied = h.length === w.length;
    for (let i = 0; tied && i < h.length; i++) if (h[i] !== w[i]) tied = false;
    if (!tied) {
      weights['out.w'] = tf.tensor(h, [config.vocabSize, config.dModel], 'float32');
      config.untiedHead = true;
    }
  }
  const all = new Uint8Array(digests.length * 32);
  digests.forEach((d, i) => {
    all.set(d, i * 32);
  });
  const hash = [...(await sha256(all))].map((b) => b.toString(16).padStart(2, '0')).join('');
  return { spec, config, weights, hash, dtype: [...dtypes].join('+'), ignored: [...plan.ignored], bytes: src.size };
}
