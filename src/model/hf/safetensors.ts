/**
 * A validating reader of the safetensors format (Hugging Face's weight
 * files): an 8-byte little-endian header length N, N bytes of JSON
 * `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}`,
 * then the raw little-endian tensor data, offsets relative to its start.
 *
 * Nothing is trusted and nothing large is allocated before the whole header
 * has been checked against the file's real size: the header length within
 * bounds, every entry's dtype known, shape made of safe integers, offsets
 * inside the data, byte length = elements × dtype size, no two tensors
 * overlapping and no bytes unaccounted for. Every failure is a
 * `SafetensorsError` with a code and, where one is concerned, the tensor.
 */

/** Bytes per element of every dtype the format defines; only F32, F16 and BF16 are read as numbers here. */
export const DTYPE_BYTES: Readonly<Record<string, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U64: 8,
  U32: 4,
  U16: 2,
  U8: 1,
  BOOL: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
};
export const FLOAT_DTYPES = ['F32', 'F16', 'BF16'] as const;
export type FloatDtype = (typeof FLOAT_DTYPES)[number];

/** Hugging Face's own reader refuses headers above 100 MB; so does this one. */
export const MAX_HEADER_BYTES = 100_000_000;

export type SafetensorsErrorCode =
  | 'too-small'
  | 'header-length'
  | 'header-json'
  | 'entry'
  | 'dtype'
  | 'offsets'
  | 'size'
  | 'overlap'
  | 'gap'
  | 'non-finite';

export class SafetensorsError extends Error {
  constructor(
    readonly code: SafetensorsErrorCode,
    message: string,
    readonly tensor?: string,
  ) {
    super(message);
    this.name = 'SafetensorsError';
  }
}

export interface TensorEntry {
  name: string;
  dtype: string;
  shape: number[];
  /** Absolute byte offsets in the file. */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  /** Where the data section starts (8 + header length). */
  dataStart: number;
  /** Entries in file order. */
  tensors: TensorEntry[];
  byName: Map<string, TensorEntry>;
  metadata: Record<string, string>;
}

/** Reads and bounds the header length from the file's first 8 bytes. */
export function headerLength(first8: Uint8Array, fileSize: number): number {
  if (fileSize < 8 || first8.byteLength < 8)
    throw new SafetensorsError('too-small', `the file has ${fileSize} bytes: too short for a header`);
  const view = new DataView(first8.buffer, first8.byteOffset, 8);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) {
    throw new SafetensorsError('header-length', `the header claims ${n} bytes (more than the ${MAX_HEADER_BYTES} allowed)`);
  }
  const len = Number(n);
  if (len < 2) throw new SafetensorsError('header-length', `the header claims ${len} bytes: too short for JSON`);
  if (8 + len > fileSize) {
    throw new SafetensorsError('header-length', `the header claims ${len} bytes but the file has only ${fileSize - 8} after the length`);
  }
  return len;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses and checks the JSON header (`bytes`: exactly the header) against a file of `fileSize` bytes. */
export function parseHeader(bytes: Uint8Array, fileSize: number): SafetensorsHeader {
  const dataStart = 8 + bytes.byteLength;
  const dataLen = fileSize - dataStart;
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new SafetensorsError('header-json', `the header is not valid JSON (${(e as Error).message})`);
  }
  if (!isPlainObject(raw)) throw new SafetensorsError('header-json', 'the header is not a JSON object');
  const metadata: Record<string, string> = {};
  const tensors: TensorEntry[] = [];
  for (const [name, e] of Object.entries(raw)) {
    if (name === '__metadata__') {
      if (!isPlainObject(e)) throw new SafetensorsError('entry', '"__metadata__" must be an object of strings');
      for (const [k, v] of Object.entries(e)) if (typeof v === 'string') metadata[k] = v;
      continue;
    }
    if (!isPlainObject(e)) throw new SafetensorsError('entry', `tensor "${name}": its entry is not an object`, name);
    const { dtype, shape, data_offsets: off } = e;
    if (typeof dtype !== 'string' || !(dtype in DTYPE_BYTES)) {
      throw new SafetensorsError('dtype', `tensor "${name}": unknown dtype ${JSON.stringify(dtype)}`, name);
    }
    if (!Array.isArray(shape) || shape.length > 8 || !shape.every((s) => Number.isSafeInteger(s) && s >= 0)) {
      throw new SafetensorsError('entry', `tensor "${name}": shape ${JSON.stringify(shape)} is not a list of non-negative integers`, name);
    }
    if (!Array.isArray(off) || off.length !== 2 || !off.every((o) => Number.isSafeInteger(o) && o >= 0) || off[0] > off[1]) {
      throw new SafetensorsError('offsets', `tensor "${name}": data_offsets ${JSON.stringify(off)} are not [begin, end]`, name);
    }
    const [b, en] = off as [number, number];
    if (en > dataLen) {
      throw new SafetensorsError(
        'offsets',
        `tensor "${name}" ends at byte ${en} of the data, which has only ${dataLen} (file truncated?)`,
        name,
      );
    }
    let elements = 1;
    for (const s of shape as number[]) elements *= s;
    const need = elements * (DTYPE_BYTES[dtype] as number);
    if (!Number.isSafeInteger(need) || need !== en - b) {
      throw new SafetensorsError(
        'size',
        `tensor "${name}": ${dtype} [${shape.join(', ')}] needs ${need} bytes, its offsets span ${en - b}`,
        name,
      );
    }
    tensors.push({ name, dtype, shape: shape as number[], begin: dataStart + b, end: dataStart + en });
  }
  tensors.sort((x, y) => x.begin - y.begin || x.end - y.end);
  let at = dataStart;
  for (const t of tensors) {
    if (t.begin < at) throw new SafetensorsError('overlap', `tensor "${t.name}" overlaps the tensor before it`, t.name);
    if (t.begin > at) throw new SafetensorsError('gap', `${t.begin - at} bytes before tensor "${t.name}" belong to no tensor`, t.name);
    at = t.end;
  }
  if (at !== fileSize) throw new SafetensorsError('gap', `${fileSize - at} bytes after the last tensor belong to no tensor`);
  return { dataStart, tensors, byName: new Map(tensors.map((t) => [t.name, t])), metadata };
}

let halfTable: Float32Array | null = null;

/** float16 bit pattern → float32, for all 65,536 patterns (subnormals, infinities and NaN included). */
function halfToFloat(): Float32Array {
  if (halfTable) return halfTable;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const mant = h & 0x3ff;
    if (exp === 0) t[h] = sign * mant * 2 ** -24;
    else if (exp === 31) t[h] = mant ? Number.NaN : sign * Number.POSITIVE_INFINITY;
    else t[h] = sign * (1 + mant / 1024) * 2 ** (exp - 15);
  }
  halfTable = t;
  return t;
}

/**
 * A tensor's raw little-endian bytes as float32 values. Throws a
 * `non-finite` error naming the tensor when a value is NaN or infinite.
 */
export function toFloat32(entry: Pick<TensorEntry, 'name' | 'dtype'>, bytes: Uint8Array): Float32Array {
  // Typed-array views need aligned offsets; a copy is aligned.
  const buf = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  let out: Float32Array;
  if (entry.dtype === 'F32') out = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4).slice();
  else if (entry.dtype === 'F16') {
    const table = halfToFloat();
    const h = new Uint16Array(buf.buffer, buf.byteOffset, buf.byteLength / 2);
    out = new Float32Array(h.length);
    for (let i = 0; i < h.length; i++) out[i] = table[h[i] as number] as number;
  } else if (entry.dtype === 'BF16') {
    const h = new Uint16Array(buf.buffer, buf.byteOffset, buf.byteLength / 2);
    const u = new Uint32Array(h.length);
    for (let i = 0; i < h.length; i++) u[i] = (h[i] as number) << 16;
    out = new Float32Array(u.buffer);
  } else {
    throw new SafetensorsError('dtype', `tensor "${entry.name}" is ${entry.dtype}; only F32, F16 and BF16 weights can be read`, entry.name);
  }
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i] as number)) {
      throw new SafetensorsError('non-finite', `tensor "${entry.name}" holds a NaN or infinite value (element ${i})`, entry.name);
    }
  }
  return out;
}
