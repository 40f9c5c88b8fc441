import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBundle, encodeBundle, packBundle, unpackBundle } from './bundle';
import { setupCpuBackend, tinyConfig } from './testing/tfNode';
import { randomWeights, Transformer } from './transformer';
import { ModelFileError } from './weights';

const tokenizer = { type: 'wordpiece-lower', version: 1, vocab: ['[PAD]', '[UNK]'] };

beforeAll(async () => {
  await setupCpuBackend();
});

describe('model bundle', () => {
  it('round-trips a model exactly: same weights, same forward pass, tokenizer kept', async () => {
    const cfg = tinyConfig(true);
    const w = randomWeights(cfg, 3, { std: 0.3, all: true });
    const bytes = await encodeBundle('lab-test', 'clm', cfg, w, tokenizer);
    const files = await decodeBundle(bytes, 'test.tpmodel');
    expect(files.config).toEqual(cfg);
    expect(files.objective).toBe('clm');
    expect(files.json.id).toBe('lab-test');
    expect(files.tokenizerJson).toEqual(tokenizer);
    const a = new Transformer(cfg, w);
    const b = new Transformer(cfg, files.weights);
    const ids = [1, 5, 7, 2, 9];
    expect(Array.from((await b.forward(ids)).logits)).toEqual(Array.from((await a.forward(ids)).logits));
    a.dispose();
    b.dispose();
  });

  it('rejects a file that is not a bundle, naming the file', () => {
    const err = (() => {
      try {
        unpackBundle(new TextEncoder().encode('{"hello": 1}').buffer as ArrayBuffer, 'notes.json');
      } catch (e) {
        return e;
      }
    })() as ModelFileError;
    expect(err).toBeInstanceOf(ModelFileError);
    expect(err.file).toBe('notes.json');
    expect(err.message).toMatch(/not a model file/);
  });

  it('rejects a cut-short bundle and trailing bytes', async () => {
    const cfg = tinyConfig(true);
    const w = randomWeights(cfg, 1);
    const bytes = await encodeBundle('lab-x', 'clm', cfg, w, tokenizer);
    tf.dispose(Object.values(w));
    expect(() => unpackBundle(bytes.slice(0, bytes.byteLength - 10), 'cut.tpmodel')).toThrow(/cut short: weights.bin/);
    const longer = new Uint8Array(bytes.byteLength + 3);
    longer.set(new Uint8Array(bytes));
    expect(() => unpackBundle(longer.buffer, 'long.tpmodel')).toThrow(/unexpected bytes/);
  });

  it('validates the packed files like any model: a wrong shape names the tensor, no tensor leaks', async () => {
    const cfg = tinyConfig(true);
    const w = randomWeights(cfg, 1);
    const good = unpackBundle(await encodeBundle('lab-x', 'clm', cfg, w, tokenizer), 'x');
    tf.dispose(Object.values(w));
    const json = JSON.parse(new TextDecoder().decode(good.get('model.json')));
    json.weightsManifest[0].weights[2].shape = [3, 3];
    const before = tf.memory().numTensors;
    const bad = packBundle({
      modelJson: JSON.stringify(json),
      tokenizerJson: new TextDecoder().decode(good.get('tokenizer.json')),
      weights: good.get('weights.bin') as ArrayBuffer,
    });
    const err = (await decodeBundle(bad, 'bad.tpmodel').catch((e: unknown) => e)) as ModelFileError;
    expect(err).toBeInstanceOf(ModelFileError);
    expect(err.tensor).toBe('blocks.0.ln1.gamma');
    expect(tf.memory().numTensors).toBe(before);
  });
});
