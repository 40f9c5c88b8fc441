import { describe, expect, it } from 'vitest';
import { maxAbsDiff } from './testing/reference';
import { setupCpuBackend, tinyConfig } from './testing/tfNode';
import { Tokenizer } from './tokenizer';
import { randomWeights, Transformer } from './transformer';
import {
  decodeModelWeights,
  float32ToFloat16,
  generatedShards,
  loadModelFiles,
  ModelFileError,
  parseModelJson,
  saveModelFiles,
} from './weights';

const tf = await setupCpuBackend();
const cfg = tinyConfig(true);
const tokenizerBytes = new TextEncoder().encode(
  JSON.stringify(new Tokenizer(['[PAD]', '[UNK]', '[MASK]', '[SEP]', '\n', 'a', 'b']).toJSON()),
).buffer as ArrayBuffer;

async function savedFiles(float16: boolean) {
  const w = randomWeights(cfg, 3, { std: 0.3, all: true });
  const saved = await saveModelFiles('t', 'clm', cfg, w, { float16 });
  const files = new Map<string, ArrayBuffer>([
    ['model.json', new TextEncoder().encode(saved.modelJson).buffer as ArrayBuffer],
    [saved.shard.path, saved.shard.data],
    ['tokenizer.json', tokenizerBytes],
  ]);
  return { w, saved, files, read: async (p: string) => files.get(p) ?? Promise.reject(new Error('404 Not Found')) };
}

describe('model files', () => {
  it('round-trips float32 weights exactly and gives the same forward pass', async () => {
    const { w, read } = await savedFiles(false);
    const loaded = await loadModelFiles(read);
    for (const [name, t] of Object.entries(w)) {
      expect(maxAbsDiff(await t.data(), await (loaded.weights[name] as typeof t).data())).toBe(0);
    }
    const a = new Transformer(cfg, w);
    const b = new Transformer(loaded.config, loaded.weights);
    expect(maxAbsDiff((await a.forward([1, 2, 3])).logits, (await b.forward([1, 2, 3])).logits)).toBe(0);
    a.dispose();
    b.dispose();
  });

  it('stores float16 at half the size and decodes within half-precision rounding', async () => {
    const { w, saved, read } = await savedFiles(true);
    const n = Object.values(w).reduce((s, t) => s + t.size, 0);
    expect(saved.shard.data.byteLength).toBe(2 * n);
    const loaded = await loadModelFiles(read);
    for (const [name, t] of Object.entries(w)) {
      const a = await t.data();
      const b = await (loaded.weights[name] as typeof t).data();
      for (let i = 0; i < a.length; i++)
        expect(Math.abs((a[i] as number) - (b[i] as number))).toBeLessThanOrEqual(Math.abs(a[i] as number) / 1024 + 1e-7);
    }
    for (const t of [...Object.values(w), ...Object.values(loaded.weights)]) t.dispose();
  });

  it("decodes 8-bit affine tensors (the trainer's --weights-8bit) as q · scale + min, beside float16 ones", async () => {
    const { saved, files, read } = await savedFiles(true);
    const json = JSON.parse(saved.modelJson) as {
      weightsManifest: { weights: { name: string; shape: number[]; quantization?: unknown }[] }[];
    };
    const entries = (json.weightsManifest[0] as (typeof json.weightsManifest)[number]).weights;
    const src = new Uint8Array(saved.shard.data);
    const parts: ArrayBuffer[] = [];
    let offset = 0;
    const expected = new Map<string, Float32Array>();
    for (const [i, e] of entries.entries()) {
      const n = tf.util.sizeFromShape(e.shape);
      if (e.shape.length === 2 && i % 2 === 0) {
        // Every other matrix as 8-bit: codes 0, 1, …, 255, 0, … and a negative minimum.
        const q = Uint8Array.from({ length: n }, (_, j) => (j * 7) % 256);
        e.quantization = { dtype: 'uint8', scale: 0.01, min: -1.2 };
        parts.push(q.buffer);
        expected.set(
          e.name,
          Float32Array.from(q, (v) => v * 0.01 - 1.2),
        );
      } else parts.push(src.slice(offset, offset + 2 * n).buffer);
      offset += 2 * n;
    }
    expect(expected.size).toBeGreaterThan(1);
    const shard = tf.io.concatenateArrayBuffers(parts);
    files.set('model.json', new TextEncoder().encode(JSON.stringify(json)).buffer as ArrayBuffer);
    files.set(saved.shard.path, shard);
    const loaded = await loadModelFiles(read);
    for (const [name, want] of expected)
      expect(maxAbsDiff(want, await (loaded.weights[name] as NonNullable<(typeof loaded.weights)[string]>).data())).toBe(0);
    for (const t of Object.values(loaded.weights)) t.dispose();
    // One byte fewer: the size check counts 8-bit entries as one byte each and names the tensor it cuts.
    files.set(saved.shard.path, shard.slice(0, shard.byteLength - 1));
    await expect(loadModelFiles(read)).rejects.toThrow(/needs \d+ \(truncated at tensor/);
    // A zero or missing scale is refused before anything is decoded.
    (entries.find((e) => expected.has(e.name)) as { quantization: { scale: number } }).quantization.scale = 0;
    files.set('model.json', new TextEncoder().encode(JSON.stringify(json)).buffer as ArrayBuffer);
    await expect(loadModelFiles(read)).rejects.toBeInstanceOf(ModelFileError);
  });

  it('converts float16 edge cases like IEEE 754', () => {
    const h = float32ToFloat16(new Float32Array([0, -0, 1, -2, 65504, 1e6, 6.1035156e-5, 5.96e-8, 1e-9, Number.NaN, 1.00048828125]));
    expect([...h].map((x) => x.toString(16))).toEqual(['0', '8000', '3c00', 'c000', '7bff', '7c00', '400', '1', '0', '7e00', '3c00']);
  });

  it('names the missing tensor', async () => {
    const { saved, files, read } = await savedFiles(false);
    const json = JSON.parse(saved.modelJson);
    json.weightsManifest[0].weights = json.weightsManifest[0].weights.filter((e: { name: string }) => e.name !== 'blocks.1.attn.v.b');
    files.set('model.json', new TextEncoder().encode(JSON.stringify(json)).buffer as ArrayBuffer);
    const err = await loadModelFiles(read).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelFileError);
    expect((err as ModelFileError).tensor).toBe('blocks.1.attn.v.b');
    expect((err as Error).message).toMatch(/lacks tensor "blocks.1.attn.v.b"/);
  });

  it('names the mis-shaped tensor', async () => {
    const { saved, files, read } = await savedFiles(false);
    const json = JSON.parse(saved.modelJson);
    json.weightsManifest[0].weights[0].shape = [cfg.vocabSize, cfg.dModel + 1];
    files.set('model.json', new TextEncoder().encode(JSON.stringify(json)).buffer as ArrayBuffer);
    await expect(loadModelFiles(read)).rejects.toThrow(/tensor "wte" has shape \[23,17\] in model.json, the config needs \[23,16\]/);
  });

  it('names the file and the tensor where a truncated shard stops', async () => {
    const { saved, files, read } = await savedFiles(false);
    files.set('weights.bin', saved.shard.data.slice(0, 4 * (23 * 16 + 12 * 16 + 5)));
    const err = (await loadModelFiles(read).catch((e: unknown) => e)) as ModelFileError;
    expect(err.file).toBe('weights.bin');
    expect(err.tensor).toBe('blocks.0.ln1.gamma');
    expect(err.message).toMatch(/weights.bin has \d+ bytes, model.json needs \d+ \(truncated at tensor "blocks.0.ln1.gamma"\)/);
  });

  it('rejects a missing file, bad JSON and a foreign format with the file name', async () => {
    const { files, read } = await savedFiles(false);
    files.delete('weights.bin');
    await expect(loadModelFiles(read)).rejects.toThrow(/could not load weights.bin: 404/);
    expect(() => parseModelJson('{"format": "x"')).toThrow(/model.json is not valid JSON/);
    expect(() => parseModelJson('{"format": "keras"}')).toThrow(/model.json is not a model file of this app: "format"/);
  });

  it('rejects NaN weights and leaks no tensor on failure', async () => {
    const { saved } = await savedFiles(false);
    const json = parseModelJson(saved.modelJson);
    const data = new Float32Array(saved.shard.data.slice(0));
    data[5] = Number.NaN;
    const before = tf.memory().numTensors;
    await expect(decodeModelWeights(json, new Map([['weights.bin', data.buffer]]))).rejects.toThrow(/"wte" contains NaN/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('generated weights (model.json "generated")', () => {
  it('makes the shipped random-gpt from its seed, byte for byte the weights.bin it replaced', async () => {
    const { readFileSync } = await import('node:fs');
    const { createHash } = await import('node:crypto');
    const { join } = await import('node:path');
    const dir = join(__dirname, '..', '..', 'public', 'models', 'random-gpt');
    const asked: string[] = [];
    const read = async (p: string) => {
      asked.push(p);
      const b = readFileSync(join(dir, p));
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    };
    const loaded = await loadModelFiles(read);
    expect(asked).toEqual(['model.json', 'tokenizer.json']);
    const json = parseModelJson(readFileSync(join(dir, 'model.json'), 'utf8'));
    const shards = await generatedShards(json);
    // sha256 of public/models/random-gpt/weights.bin as shipped before the weights were made on load (seed 1234)
    const sha = createHash('sha256')
      .update(new Uint8Array(shards.get('weights.bin') as ArrayBuffer))
      .digest('hex');
    expect(sha).toBe('0206d75ff6ce820288032c6c3f34f88cf937aec0f27f6c4c478babf20c4f6dc7');
    const before = tf.memory().numTensors;
    for (const t of Object.values(loaded.weights)) t.dispose();
    expect(tf.memory().numTensors).toBe(before - Object.keys(loaded.weights).length);
  });

  it('loads a generated model without reading its shard, the same as the written file', async () => {
    const w = randomWeights(cfg, 77);
    const saved = await saveModelFiles('g', 'clm', cfg, w, { float16: true, generated: { kind: 'random', seed: 77 } });
    for (const t of Object.values(w)) t.dispose();
    const files = new Map<string, ArrayBuffer>([
      ['model.json', new TextEncoder().encode(saved.modelJson).buffer as ArrayBuffer],
      ['tokenizer.json', tokenizerBytes],
    ]);
    const gen = await loadModelFiles(async (p) => files.get(p) ?? Promise.reject(new Error('404 Not Found')));
    const fromFile = await decodeModelWeights(parseModelJson(saved.modelJson), new Map([['weights.bin', saved.shard.data]]));
    for (const [name, t] of Object.entries(fromFile)) {
      expect(maxAbsDiff(await t.data(), await (gen.weights[name] as typeof t).data())).toBe(0);
    }
    for (const t of [...Object.values(fromFile), ...Object.values(gen.weights)]) t.dispose();
  });

  it('refuses a generated model that is too large, or a generator it does not know', () => {
    const big = { ...cfg, vocabSize: 200_000, dModel: 512, dMlp: 2048 };
    const json = (generated: unknown, config = cfg) =>
      JSON.stringify({
        format: 'transformer-playground/v1',
        id: 'x',
        objective: 'clm',
        config,
        tokenizer: 'tokenizer.json',
        weightsManifest: [{ paths: ['weights.bin'], weights: [] }],
        generated,
      });
    expect(() => parseModelJson(json({ kind: 'random', seed: 1 }, big))).toThrow(/generated weights are for small models only/);
    expect(() => parseModelJson(json({ kind: 'zeros', seed: 1 }))).toThrow(ModelFileError);
    expect(() => parseModelJson(json({ kind: 'random', seed: 1.5 }))).toThrow(/generated/);
  });
});
