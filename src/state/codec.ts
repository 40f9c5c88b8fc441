/**
 * The permalink codec: pure, versioned, typed. `encode` keeps only what
 * differs from the defaults, as compact JSON compressed into URL-safe text;
 * `decode` never throws: it migrates old versions, validates every slice and
 * field against its schema, keeps what is valid and reports what it ignored.
 */
import LZString from 'lz-string';
import { type Chosen, chosenDefaults, chosenSchema, SLICE_KEYS, type SliceKey } from './slices';

export const CODEC_VERSION = 3;

/** Raw payload of version v → raw payload of version v + 1. Add one entry per format change. */
export type Migration = (raw: Record<string, unknown>) => Record<string, unknown>;
export const MIGRATIONS: Record<number, Migration> = {
  /**
   * Version 2 made the trained `tiny-gpt` the default model. Defaults are
   * left out of links, so a version-1 link without a model meant the
   * untrained `random-gpt` then, and still must.
   */
  1: (raw) => {
    const model = isPlainObject(raw.model) ? raw.model : {};
    return 'id' in model ? raw : { ...raw, model: { ...model, id: 'random-gpt' } };
  },
  /**
   * Version 3 added the drift view's "Centre each layer" (on by default). Links made before it showed the plot
   * uncentred, and reopen that way.
   */
  2: (raw) => {
    const drift = isPlainObject(raw.drift) ? raw.drift : {};
    return 'centre' in drift ? raw : { ...raw, drift: { ...drift, centre: false } };
  },
};

/** Link text is `<version>.<payload>`. */
const FORMAT = /^(\d{1,4})\.([A-Za-z0-9+\-$]*)$/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The chosen state as link text. Only fields that differ from the defaults are written. */
export function encode(state: Chosen): string {
  const diff: Record<string, Record<string, unknown>> = {};
  for (const key of SLICE_KEYS) {
    const slice = state[key] as Record<string, unknown>;
    const defaults = chosenDefaults[key] as Record<string, unknown>;
    for (const [field, value] of Object.entries(slice)) {
      if (!equal(value, defaults[field])) {
        diff[key] ??= {};
        (diff[key] as Record<string, unknown>)[field] = value;
      }
    }
  }
  const payload = Object.keys(diff).length ? LZString.compressToEncodedURIComponent(JSON.stringify(diff)) : '';
  return `${CODEC_VERSION}.${payload}`;
}

export type DecodeProblem =
  | { kind: 'format' }
  | { kind: 'damaged' }
  | { kind: 'newer'; version: number }
  | { kind: 'ignored'; path: string };

export interface Decoded {
  state: Chosen;
  /** Empty when the link was read completely. */
  problems: DecodeProblem[];
}

/**
 * Reads link text. Always returns a valid state: the defaults, overlaid with
 * every field of the link that passes its schema.
 */
export function decode(text: string): Decoded {
  const state = structuredClone(chosenDefaults);
  const problems: DecodeProblem[] = [];
  const m = FORMAT.exec(text);
  if (!m) return { state, problems: [{ kind: 'format' }] };
  const version = Number(m[1]);
  const payload = m[2] ?? '';
  if (payload === '' && version >= CODEC_VERSION) return { state, problems: version > CODEC_VERSION ? [{ kind: 'newer', version }] : [] };
  let raw: unknown = {};
  if (payload !== '') {
    try {
      const json = LZString.decompressFromEncodedURIComponent(payload);
      raw = json ? JSON.parse(json) : null;
    } catch {
      raw = null;
    }
  }
  if (!isPlainObject(raw)) return { state, problems: [{ kind: 'damaged' }] };
  if (version > CODEC_VERSION) problems.push({ kind: 'newer', version });
  for (let v = version; v < CODEC_VERSION; v++) {
    const migrate = MIGRATIONS[v];
    if (migrate) raw = migrate(raw as Record<string, unknown>);
  }
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!(SLICE_KEYS as string[]).includes(key) || !isPlainObject(value)) {
      problems.push({ kind: 'ignored', path: key });
      continue;
    }
    applySlice(state, key as SliceKey, value, problems);
  }
  return { state, problems };
}

function applySlice(state: Chosen, key: SliceKey, value: Record<string, unknown>, problems: DecodeProblem[]): void {
  const schema = chosenSchema.shape[key];
  const merged = { ...state[key], ...value };
  const whole = schema.safeParse(merged);
  if (whole.success) {
    const known = Object.keys(state[key]);
    for (const f of Object.keys(value)) if (!known.includes(f)) problems.push({ kind: 'ignored', path: `${key}.${f}` });
    (state as Record<SliceKey, unknown>)[key] = whole.data;
    return;
  }
  // Keep the valid fields one by one.
  let current: Record<string, unknown> = { ...state[key] };
  for (const [field, v] of Object.entries(value)) {
    const trial = schema.safeParse({ ...current, [field]: v });
    if (trial.success && field in current) current = trial.data as Record<string, unknown>;
    else problems.push({ kind: 'ignored', path: `${key}.${field}` });
  }
  (state as Record<SliceKey, unknown>)[key] = current;
}

/**
 * Reads the state text from a URL hash such as `#s=1.abc`; null when the hash
 * carries no state. Not URLSearchParams: it would turn the '+' of the
 * compressed alphabet into a space.
 */
export function stateTextFromHash(hash: string): string | null {
  for (const part of hash.replace(/^#/, '').split('&')) {
    if (!part.startsWith('s=')) continue;
    try {
      return decodeURIComponent(part.slice(2));
    } catch {
      return part.slice(2);
    }
  }
  return null;
}

export function hashFromStateText(text: string): string {
  return `#s=${text}`;
}
