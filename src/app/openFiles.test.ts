import { describe, expect, it } from 'vitest';
import { pickCheckpointFiles } from './openFiles';

const f = (path: string) => ({ path, file: new Blob([path]) });

describe('picking a checkpoint folder', () => {
  it('finds the four files of a Hub folder and names the folder', () => {
    const p = pickCheckpointFiles(
      [
        'gpt2/config.json',
        'gpt2/model.safetensors',
        'gpt2/tokenizer.json',
        'gpt2/tokenizer_config.json',
        'gpt2/README.md',
        'gpt2/onnx/config.json',
      ].map(f),
    );
    expect(p.missing).toEqual([]);
    expect(p.folder).toBe('gpt2');
    expect(p.used).toEqual(['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json']);
    expect(p.files?.tokenizerConfig).not.toBeNull();
  });

  it('names what is missing, and weights in a form it does not read', () => {
    expect(pickCheckpointFiles([f('config.json'), f('tokenizer.json')]).missing).toEqual(['model.safetensors']);
    expect(pickCheckpointFiles([f('config.json'), f('tokenizer.json'), f('pytorch_model.bin')]).problem).toBe('pytorchBin');
    const sharded = pickCheckpointFiles([f('m/config.json'), f('m/model-00001-of-00002.safetensors'), f('m/model.safetensors.index.json')]);
    expect(sharded.problem).toBe('sharded');
    expect(sharded.missing).toEqual(['model.safetensors', 'tokenizer.json']);
    expect(sharded.files).toBeNull();
  });
});

describe('older tokenizer files', () => {
  it('takes vocab.txt (BERT) or vocab.json + merges.txt (GPT-2) when tokenizer.json is absent', () => {
    const bert = pickCheckpointFiles([f('m/config.json'), f('m/model.safetensors'), f('m/vocab.txt')]);
    expect(bert.missing).toEqual([]);
    expect(bert.files?.tokenizer).toBeNull();
    expect(bert.files?.vocabTxt).not.toBeNull();
    const gpt = pickCheckpointFiles([f('config.json'), f('model.safetensors'), f('vocab.json'), f('merges.txt')]);
    expect(gpt.used).toEqual(['config.json', 'model.safetensors', 'vocab.json', 'merges.txt']);
    expect(pickCheckpointFiles([f('config.json'), f('model.safetensors'), f('vocab.json')]).missing).toEqual(['tokenizer.json']);
  });
});
