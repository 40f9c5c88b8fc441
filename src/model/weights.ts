/**
 * Model files in TensorFlow.js's weights-manifest format: a `model.json`
 * (config, tokenizer file name, weights manifest) and binary shards.
 * Loading validates everything before a tensor is made: a missing,
 * mis-shaped or truncated tensor is an error that names the file and tensor.
 */
import '../lib/zodSetup';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { type ModelConfig, type ModelObjective, parameterCount, validateConfig, weightSpecs } from './config';
import { randomWeights, type Weights } from './transformer';

export const MODEL_FORMAT = 'transformer-playground/v1';

const weightEntrySchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.literal('float32'),
  quantization: z
    .union([
      z.object({ dtype: z.literal('float16'), original_dtype: z.literal('float32').optional() }),
      // 8-bit affine, one (scale, min) per tensor: value = q · scale + min (TensorFlow.js's uint8 quantization).
      z.object({
        dtype: z.literal('uint8'),
        scale: z.number().finite().positive(),
        min: z.number().finite(),
        original_dtype: z.literal('float32').optional(),
      }),
    ])
    .optional(),
});

export const modelJsonSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  id: z.string().min(1),
  objective: z.enum(['clm', 'mlm']),
  config: z.object({
    vocabSize: z.number().int().positive(),
    dModel: z.number().int().positive(),
    nHeads: z.number().int().positive(),
    nLayers: z.number().int().positive(),
    contextLength: z.number().int().positive(),
    causal: z.boolean(),
    layerNormEps: z.number().positive(),
    dMlp: z.number().int().positive(),
    family: z.enum(['gpt2', 'bert']).optional(),
    untiedHead: z.boolean().optional(),
  }),
  tokenizer: z.string().min(1),
  weightsManifest: z.array(z.object({ paths: z.array(z.string().min(1)).min(1), weights: z.array(weightEntrySchema) })).min(1),
  /**
   * Weights made on load instead of read from the shards: `randomWeights(config, seed)` (the untrained model),
   * encoded as the manifest says. The manifest is validated as for read weights; the shard files are not fetched.
   */
  generated: z
    .object({
      kind: z.literal('random'),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1),
    })
    .strict()
    .optional(),
});

export type ModelJson = z.infer<typeof modelJsonSchema>;

/** An error about one model file, naming the file and, where known, the tensor. */
export class ModelFileError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly tensor?: string,
  ) {
    super(message);
    this.name = 'ModelFileError';
  }
}

/** Reads a file relative to the model folder. */
export type FileReader = (path: string) => Promise<ArrayBuffer>;

export interface LoadedModelFiles {
  json: ModelJson;
  config: ModelConfig;
  objective: ModelObjective;
  weights: Weights;
  tokenizerJson: unknown;
}

/** Bytes an entry takes in its shard: float32 4 per value, float16 2, 8-bit 1. */
function entryBytes(e: z.infer<typeof weightEntrySchema>): number {
  const q = e.quantization?.dtype;
  return tf.util.sizeFromShape(e.shape) * (q === 'float16' ? 2 : q === 'uint8' ? 1 : 4);
}

/** Parses and validates `model.json`; throws ModelFileError naming what is wrong. */
export function parseModelJson(text: string, file = 'model.json'): ModelJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ModelFileError(`${file} is not valid JSON (${(e as Error).message})`, file);
  }
  const parsed = modelJsonSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    throw new ModelFileError(`${file} is not a model file of this app: ${where ? `"${where}": ` : ''}${issue?.message ?? 'invalid'}`, file);
  }
  try {
    validateConfig(parsed.data.config);
  } catch (e) {
    throw new ModelFileError(`${file}: ${(e as Error).message}`, file);
  }
  if (parsed.data.generated && parameterCount(parsed.data.config) > MAX_GENERATED_PARAMETERS) {
    throw new ModelFileError(
      `${file}: generated weights are for small models only (${parameterCount(parsed.data.config)} parameters, at most ${MAX_GENERATED_PARAMETERS})`,
      file,
    );
  }
  return parsed.data;
}

/** A generated model is made in memory on load; this bounds what a model.json can ask for. */
export const MAX_GENERATED_PARAMETERS = 20_000_000;

/**
 * The shard bytes of a generated model (`model.json` "generated"), laid out as its manifest says, so that they load
 * exactly as the same weights written to a file would (float16 entries round the same way).
 */
export async function generatedShards(json: ModelJson): Promise<Map<string, ArrayBuffer>> {
  if (!json.generated) throw new Error('generatedShards: this model.json does not generate its weights');
  if (json.weightsManifest.length !== 1 || json.weightsManifest[0]?.paths.length !== 1) {
    throw new ModelFileError('model.json: generated weights take one manifest group with one path', 'model.json');
  }
  const group = json.weightsManifest[0];
  const weights = randomWeights(json.config, json.generated.seed);
  try {
    const parts: ArrayBuffer[] = [];
    for (const e of group.weights) {
      const t = weights[e.name];
      if (!t) throw new ModelFileError(`model.json has an unknown tensor "${e.name}"`, 'model.json', e.name);
      if (e.quantization?.dtype === 'uint8') {
        throw new ModelFileError(`model.json: generated weights are float32 or float16, not 8-bit ("${e.name}")`, 'model.json', e.name);
      }
      parts.push(encodeValues((await t.data()) as Float32Array, e.quantization?.dtype === 'float16'));
    }
    return new Map([[group.paths[0] as string, tf.io.concatenateArrayBuffers(parts)]]);
  } finally {
    for (const t of Object.values(weights)) t.dispose();
  }
}

/**
 * Checks the manifest against the tensors the config needs (names, shapes)
 * and the shard bytes against the manifest, then decodes the tensors.
 */
export async function decodeModelWeights(json: ModelJson, shards: Map<string, ArrayBuffer>): Promise<Weights> {
  const entries = json.weightsManifest.flatMap((g) => g.weights);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const expected = weightSpecs(json.config);
  const expectedNames = new Set(expected.map((s) => s.name));
  for (const spec of expected) {
    const e = byName.get(spec.name);
    if (!e) throw new ModelFileError(`model.json lacks tensor "${spec.name}" (shape [${spec.shape}])`, 'model.json', spec.name);
    if (e.shape.join(',') !== spec.shape.join(',')) {
      throw new ModelFileError(
        `tensor "${spec.name}" has shape [${e.shape}] in model.json, the config needs [${spec.shape}]`,
        'model.json',
        spec.name,
      );
    }
  }
  for (const e of entries) {
    if (!expectedNames.has(e.name)) throw new ModelFileError(`model.json has an unknown tensor "${e.name}"`, 'model.json', e.name);
  }
  const weights: Weights = {};
  try {
    for (const group of json.weightsManifest) {
      const buffers = group.paths.map((p) => {
        const b = shards.get(p);
        if (!b) throw new ModelFileError(`weights file "${p}" was not loaded`, p);
        return b;
      });
      const data = tf.io.concatenateArrayBuffers(buffers);
      const need = group.weights.reduce((n, e) => n + entryBytes(e), 0);
      if (data.byteLength !== need) {
        // Name the first tensor that does not fit, to point at where the file was cut.
        let offset = 0;
        let culprit = group.weights[group.weights.length - 1]?.name;
        for (const e of group.weights) {
          offset += entryBytes(e);
          if (offset > data.byteLength) {
            culprit = e.name;
            break;
          }
        }
        const file = group.paths.join(', ');
        throw new ModelFileError(
          `${file} has ${data.byteLength} bytes, model.json needs ${need}${data.byteLength < need ? ` (truncated at tensor "${culprit}")` : ''}`,
          file,
          culprit,
        );
      }
      const decoded = tf.io.decodeWeights(data, group.weights as tf.io.WeightsManifestEntry[]);
      for (const [name, t] of Object.entries(decoded)) weights[name] = t;
      for (const e of group.weights) {
        const values = await (weights[e.name] as tf.Tensor).data();
        if (!values.every((v) => Number.isFinite(v))) {
          throw new ModelFileError(`tensor "${e.name}" contains NaN or infinite values`, group.paths.join(', '), e.name);
        }
      }
    }
  } catch (e) {
    for (const t of Object.values(weights)) t.dispose();
    throw e;
  }
  return weights;
}

/** Loads `model.json`, its shards and its tokenizer through `read`, validating each. */
export async function loadModelFiles(read: FileReader, onProgress?: (loaded: number, total: number) => void): Promise<LoadedModelFiles> {
  const jsonText = new TextDecoder().decode(await readFile(read, 'model.json'));
  const json = parseModelJson(jsonText);
  const paths = json.generated ? [] : json.weightsManifest.flatMap((g) => g.paths);
  const total = paths.length + 1;
  let loaded = 0;
  onProgress?.(loaded, total);
  const shards = json.generated ? await generatedShards(json) : new Map<string, ArrayBuffer>();
  for (const p of paths) {
    shards.set(p, await readFile(read, p));
    onProgress?.(++loaded, total);
  }
  const tokText = new TextDecoder().decode(await readFile(read, json.tokenizer));
  let tokenizerJson: unknown;
  try {
    tokenizerJson = JSON.parse(tokText);
  } catch (e) {
    throw new ModelFileError(`${json.tokenizer} is not valid JSON (${(e as Error).message})`, json.tokenizer);
  }
  onProgress?.(++loaded, total);
  const weights = await decodeModelWeights(json, shards);
  return { json, config: json.config, objective: json.objective, weights, tokenizerJson };
}

async function readFile(read: FileReader, path: string): Promise<ArrayBuffer> {
  try {
    return await read(path);
  } catch (e) {
    throw new ModelFileError(`could not load ${path}: ${(e as Error).message}`, path);
  }
}

/** Serialises a model: `model.json` text plus one float32 (or float16) shard. */
export async function saveModelFiles(
  id: string,
  objective: ModelObjective,
  config: ModelConfig,
  weights: Weights,
  opts: { float16?: boolean; shard?: string; tokenizer?: string; generated?: ModelJson['generated'] } = {},
): Promise<{ modelJson: string; shard: { path: string; data: ArrayBuffer } }> {
  const shardPath = opts.shard ?? 'weights.bin';
  const specs = weightSpecs(config);
  const parts: ArrayBuffer[] = [];
  const entries: z.infer<typeof weightEntrySchema>[] = [];
  for (const spec of specs) {
    const t = weights[spec.name];
    if (!t) throw new Error(`save: missing weight "${spec.name}"`);
    parts.push(encodeValues((await t.data()) as Float32Array, !!opts.float16));
    entries.push({
      name: spec.name,
      shape: spec.shape,
      dtype: 'float32',
      ...(opts.float16 ? { quantization: { dtype: 'float16', original_dtype: 'float32' } as const } : {}),
    });
  }
  const json: ModelJson = {
    format: MODEL_FORMAT,
    id,
    objective,
    config,
    tokenizer: opts.tokenizer ?? 'tokenizer.json',
    weightsManifest: [{ paths: [shardPath], weights: entries }],
    ...(opts.generated ? { generated: opts.generated } : {}),
  };
  return { modelJson: `${JSON.stringify(json, null, 1)}\n`, shard: { path: shardPath, data: tf.io.concatenateArrayBuffers(parts) } };
}

/** A tensor's values as the bytes of a shard: float32, or float16 (the manifest's quantization). */
function encodeValues(values: Float32Array, float16: boolean): ArrayBuffer {
  return float16 ? (float32ToFloat16(values).buffer as ArrayBuffer) : new Float32Array(values).buffer;
}

/** IEEE 754 half precision, round to nearest even. */
export function float32ToFloat16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  for (let i = 0; i < values.length; i++) {
    f[0] = values[i] as number;
    const x = u[0] as number;
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    let mant = x & 0x7fffff;
    if (exp === 0xff) {
      out[i] = sign | 0x7c00 | (mant ? 0x200 : 0);
      continue;
    }
    const e = exp - 127 + 15;
    if (e >= 0x1f) {
      out[i] = sign | 0x7c00;
      continue;
    }
    if (e <= 0) {
      if (e < -10) {
        out[i] = sign;
        continue;
      }
      mant |= 0x800000;
      const shift = 14 - e;
      let half = mant >>> shift;
      const rem = mant & ((1 << shift) - 1);
      const halfway = 1 << (shift - 1);
      if (rem > halfway || (rem === halfway && half & 1)) half++;
      out[i] = sign | half;
      continue;
    }
    // A rounding carry out of the mantissa correctly bumps the exponent (up to infinity).
    let half = (e << 10) | (mant >>> 13);
    const rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++;
    out[i] = sign | half;
  }
  return out;
}
