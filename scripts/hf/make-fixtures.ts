/**
 * Writes the Hugging Face test checkpoints under fixtures/hf/: the tokenizer
 * files here, then the seeded random weights (model.safetensors, config.json)
 * and the reference activations (reference.json) with PyTorch, in
 * scripts/hf/reference.py — an implementation of the two architectures of its
 * own, written from Hugging Face's conventions, not from this app's engine.
 *
 *   npx tsx scripts/hf/make-fixtures.ts        (needs Debian's python3-torch: /usr/bin/python3)
 *
 * Deterministic: same seeds, same bytes. The output is committed, so tests
 * never need Python.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bertTokenizerJson } from '../../src/model/hf/testing/bertTokenizer';
import { gpt2TokenizerJson } from '../../src/model/hf/testing/gpt2Tokenizer';

const ROOT = 'fixtures/hf';
const FIXTURES = [
  { name: 'gpt2-tiny', tok: () => gpt2TokenizerJson(200) },
  { name: 'gpt2-tiny-hub', tok: () => gpt2TokenizerJson(200) },
  { name: 'bert-tiny', tok: bertTokenizerJson },
  { name: 'bert-tiny-bf16', tok: bertTokenizerJson },
];

for (const f of FIXTURES) {
  const dir = join(ROOT, f.name);
  mkdirSync(dir, { recursive: true });
  const { tokenizer, config } = f.tok();
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  writeFileSync(join(dir, 'tokenizer_config.json'), `${JSON.stringify(config, null, 2)}\n`);
}
execFileSync(process.env.TORCH_PYTHON ?? '/usr/bin/python3', ['scripts/hf/reference.py', ROOT], { stdio: 'inherit' });
