import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupWasm } from '../../../scripts/eval/backend';
import { setupCpuBackend } from '../testing/tfNode';
import { Transformer } from '../transformer';
import { ModelFileError } from '../weights';
import { loadHfCheckpoint } from './checkpoint';
import { FIXTURES, fixtureFile, fixtureFiles, reference } from './testing/fixtures';

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`Hugging Face checkpoints against the PyTorch reference (${backend})`, () => {
    beforeAll(async () => {
      if (backend === 'cpu') await setupCpuBackend();
      else await setupWasm();
    });
    afterAll(async () => {
      await setupCpuBackend();
    });

    for (const name of FIXTURES) {
      it(`${name}: logits, attention and residual stream within 1e-3`, async () => {
        const before = tf.memory().numTensors;
        const loaded = await loadHfCheckpoint(fixtureFiles(name), { blockBytes: 4096 });
        const model = new Transformer(loaded.config, loaded.weights);
        const ref = reference(name);
        const out = await model.forward(ref.ids);
        const errs = {
          logits: maxDiff(out.logits, ref.logits),
          attention: maxDiff(out.attention, ref.attention),
          residual: maxDiff(out.residual, ref.residual),
        };
        expect(errs.logits).toBeLessThanOrEqual(1e-3);
        expect(errs.attention).toBeLessThanOrEqual(1e-3);
        expect(errs.residual).toBeLessThanOrEqual(1e-3);
        expect(loaded.dtype).toBe(ref.dtype);
        model.dispose();
        expect(tf.memory().numTensors).toBe(before);
      });
    }
  });
}

describe('loading', () => {
  beforeAll(setupCpuBackend);

  it('maps each layout: prefixes, mask buffers and pretraining heads skipped, an equal decoder tied', async () => {
    const hub = await loadHfCheckpoint(fixtureFiles('gpt2-tiny-hub'));
    expect(hub.ignored.sort()).toEqual(['h.0.attn.bias', 'h.0.attn.masked_bias', 'h.1.attn.bias', 'h.1.attn.masked_bias']);
    expect(hub.config).toMatchObject({ family: 'gpt2', causal: true, nHeads: 4, nLayers: 2, contextLength: 64, vocabSize: 457 });
    const bert = await loadHfCheckpoint(fixtureFiles('bert-tiny'));
    expect(bert.ignored.sort()).toEqual([
      'bert.pooler.dense.bias',
      'bert.pooler.dense.weight',
      'cls.seq_relationship.bias',
      'cls.seq_relationship.weight',
    ]);
    expect(bert.config).toMatchObject({ family: 'bert', causal: false, layerNormEps: 1e-12 });
    const legacy = await loadHfCheckpoint(fixtureFiles('bert-tiny-bf16'));
    expect(legacy.config.untiedHead).toBeUndefined();
    expect(legacy.ignored).toEqual(['cls.predictions.decoder.bias']);
    for (const l of [hub, bert, legacy]) tf.dispose(Object.values(l.weights));
  });

  it('the content hash depends on every byte and on the block size not at all', async () => {
    const a = await loadHfCheckpoint(fixtureFiles('gpt2-tiny'));
    const bytes = fixtureFile('gpt2-tiny', 'model.safetensors');
    const b = await loadHfCheckpoint(fixtureFiles('gpt2-tiny', bytes), { blockBytes: 100 });
    expect(b.hash).toBe(a.hash);
    const changed = bytes.slice();
    changed[changed.length - 1] = (changed[changed.length - 1] as number) ^ 1;
    const c = await loadHfCheckpoint(fixtureFiles('gpt2-tiny', changed));
    expect(c.hash).not.toBe(a.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    for (const l of [a, b, c]) tf.dispose(Object.values(l.weights));
  });

  it('reports progress in bytes and stops on cancel with nothing left behind', async () => {
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    const signal = { aborted: false };
    const run = loadHfCheckpoint(fixtureFiles('gpt2-tiny'), {
      blockBytes: 8192,
      signal,
      onProgress: (loaded, total) => {
        seen.push(loaded / total);
        if (seen.length === 5) signal.aborted = true;
      },
    });
    await expect(run).rejects.toThrow(/cancelled/);
    expect(seen).toHaveLength(5);
    expect(seen.every((f, i) => f > 0 && f < 1 && (i === 0 || f > (seen[i - 1] as number)))).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a wrong config.json is a named error: architecture, option, shape', async () => {
    const base = fixtureFiles('gpt2-tiny');
    const cfg = JSON.parse(base.config) as Record<string, unknown>;
    const tryConfig = (patch: Record<string, unknown>) =>
      loadHfCheckpoint({ ...fixtureFiles('gpt2-tiny'), config: JSON.stringify({ ...cfg, ...patch }) });
    await expect(tryConfig({ architectures: ['LlamaForCausalLM'], model_type: 'llama' })).rejects.toThrow(
      /architecture LlamaForCausalLM is not supported/,
    );
    await expect(tryConfig({ activation_function: 'relu' })).rejects.toThrow(/"activation_function": "relu" is not supported/);
    await expect(tryConfig({ n_embd: 48 })).rejects.toThrow(/tensor "transformer.wte.weight" has shape \[457, 32\].*needs \[457, 48\]/);
    await expect(tryConfig({ n_layer: 3 })).rejects.toThrow(/lacks tensor "transformer.h.2.ln_1.weight"/);
    await expect(tryConfig({ n_head: 5 })).rejects.toThrow(ModelFileError);
    await expect(loadHfCheckpoint({ ...base, config: '{"n_embd": ' })).rejects.toThrow(/config.json: not valid JSON/);
  });
});
