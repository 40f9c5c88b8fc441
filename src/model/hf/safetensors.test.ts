import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupCpuBackend } from '../testing/tfNode';
import { loadHfCheckpoint } from './checkpoint';
import { headerLength, parseHeader, SafetensorsError, toFloat32 } from './safetensors';
import { bufferSource, fixtureFile, fixtureFiles, safetensorsBytes } from './testing/fixtures';

/** Parses a whole file the way the loader does; returns the error code, or 'ok'. */
function codeOf(file: Uint8Array): string {
  try {
    const n = headerLength(file.subarray(0, 8), file.byteLength);
    parseHeader(file.subarray(8, 8 + n), file.byteLength);
    return 'ok';
  } catch (e) {
    if (e instanceof SafetensorsError) return e.code;
    throw e;
  }
}

const f32 = (...v: number[]) => new Uint8Array(new Float32Array(v).buffer);
const entry = (dtype: string, shape: number[], begin: number, end: number) => ({ dtype, shape, data_offsets: [begin, end] });

describe('safetensors header validation', () => {
  it('accepts a well-formed file, with metadata and a zero-size tensor', () => {
    const file = safetensorsBytes({ __metadata__: { format: 'pt' }, a: entry('F32', [2], 0, 8), e: entry('F32', [0, 3], 8, 8) }, f32(1, 2));
    expect(codeOf(file)).toBe('ok');
    const h = parseHeader(file.subarray(8, file.byteLength - 8), file.byteLength);
    expect(h.metadata).toEqual({ format: 'pt' });
    expect(h.tensors.map((t) => t.name)).toEqual(['a', 'e']);
  });

  it('refuses hostile or broken files with a named error before allocating', () => {
    const ok = { a: entry('F32', [2], 0, 8) };
    expect(codeOf(new Uint8Array(5))).toBe('too-small');
    // A header that claims a terabyte, and one that claims more than the file holds.
    expect(codeOf(safetensorsBytes(ok, f32(1, 2), 2n ** 40n))).toBe('header-length');
    expect(codeOf(safetensorsBytes(ok, f32(1, 2), 10_000n))).toBe('header-length');
    expect(codeOf(safetensorsBytes(ok, f32(1, 2), 0n))).toBe('header-length');
    const notJson = safetensorsBytes(ok, f32(1, 2));
    notJson[8] = 0x7b + 1;
    expect(codeOf(notJson)).toBe('header-json');
    expect(codeOf(safetensorsBytes([1, 2], f32(1, 2)))).toBe('header-json');
    expect(codeOf(safetensorsBytes({ a: 'x' }, f32(1, 2)))).toBe('entry');
    expect(codeOf(safetensorsBytes({ a: entry('Q4', [2], 0, 8) }, f32(1, 2)))).toBe('dtype');
    expect(codeOf(safetensorsBytes({ a: entry('F32', [-2], 0, 8) }, f32(1, 2)))).toBe('entry');
    expect(codeOf(safetensorsBytes({ a: entry('F32', [1.5], 0, 8) }, f32(1, 2)))).toBe('entry');
    expect(codeOf(safetensorsBytes({ a: entry('F32', [2], 8, 0) }, f32(1, 2)))).toBe('offsets');
    // A shape of absurd size: its byte count cannot match the offsets.
    expect(codeOf(safetensorsBytes({ a: entry('F32', [1e6, 1e6, 1e6], 0, 8) }, f32(1, 2)))).toBe('size');
    expect(codeOf(safetensorsBytes({ a: entry('F16', [2], 0, 8) }, f32(1, 2)))).toBe('size');
    expect(codeOf(safetensorsBytes({ a: entry('F32', [2], 0, 16) }, f32(1, 2)))).toBe('offsets');
    expect(codeOf(safetensorsBytes({ a: entry('F32', [2], 0, 8), b: entry('F32', [1], 4, 8) }, f32(1, 2)))).toBe('overlap');
    expect(codeOf(safetensorsBytes({ a: entry('F32', [1], 4, 8) }, f32(1, 2)))).toBe('gap');
    expect(codeOf(safetensorsBytes({ a: entry('F32', [1], 0, 4) }, f32(1, 2)))).toBe('gap');
  });

  it('decodes float32, float16 and bfloat16, and names a tensor holding NaN', () => {
    expect([...toFloat32({ name: 'x', dtype: 'F32' }, f32(1.5, -2))]).toEqual([1.5, -2]);
    const half = new Uint8Array(new Uint16Array([0x3c00, 0xc000, 0x3555, 0x0001, 0x7bff]).buffer);
    expect([...toFloat32({ name: 'x', dtype: 'F16' }, half)]).toEqual([1, -2, 0.333251953125, 2 ** -24, 65504]);
    const bf = new Uint8Array(new Uint16Array([0x3f80, 0xc040, 0x3eab]).buffer);
    expect([...toFloat32({ name: 'x', dtype: 'BF16' }, bf)]).toEqual([1, -3, 0.333984375]);
    expect(() => toFloat32({ name: 'w', dtype: 'F32' }, f32(1, Number.NaN))).toThrow(/tensor "w" holds a NaN/);
    expect(() => toFloat32({ name: 'w', dtype: 'F16' }, new Uint8Array(new Uint16Array([0x7c00]).buffer))).toThrow(/infinite/);
    // Unaligned input (a view at an odd offset) is copied, not misread.
    const shifted = new Uint8Array(9);
    shifted.set(f32(3, 4), 1);
    expect([...toFloat32({ name: 'x', dtype: 'F32' }, shifted.subarray(1))]).toEqual([3, 4]);
  });
});

describe('hostile checkpoints through the loader', () => {
  beforeAll(setupCpuBackend);

  const real = () => fixtureFile('gpt2-tiny', 'model.safetensors');
  const attempt = async (bytes: Uint8Array) => {
    const before = tf.memory().numTensors;
    const err = await loadHfCheckpoint(fixtureFiles('gpt2-tiny', bytes)).then(
      () => null,
      (e: Error & { file?: string; tensor?: string }) => e,
    );
    expect(tf.memory().numTensors).toBe(before);
    return err;
  };

  it('a truncated file names the tensor it cuts, and nothing is left allocated', async () => {
    const file = real();
    const err = await attempt(file.subarray(0, file.byteLength - 1000));
    expect(err?.message).toMatch(/model.safetensors: tensor "transformer\.[\w.]+" ends at byte \d+ of the data/);
    expect(err?.file).toBe('model.safetensors');
    expect(err?.tensor).toMatch(/^transformer\./);
  });

  it('a NaN-filled weight is refused by name after other tensors were made (they are disposed)', async () => {
    const file = real();
    const n = headerLength(file.subarray(0, 8), file.byteLength);
    const h = parseHeader(file.subarray(8, 8 + n), file.byteLength);
    const last = h.tensors[h.tensors.length - 1];
    if (!last) throw new Error('no tensors');
    const bad = file.slice();
    new Float32Array(bad.buffer, last.begin, (last.end - last.begin) / 4).fill(Number.NaN);
    const err = await attempt(bad);
    expect(err?.message).toContain(`tensor "${last.name}" holds a NaN`);
  });

  it('integer weights and an empty file are named', async () => {
    const file = real();
    const text = new TextDecoder().decode(file.subarray(8, 8 + headerLength(file.subarray(0, 8), file.byteLength)));
    const at = text.indexOf('"transformer.wte.weight":{"dtype":"F32"');
    expect(at).toBeGreaterThan(0);
    const asInt = file.slice();
    asInt.set(new TextEncoder().encode('I32'), 8 + at + '"transformer.wte.weight":{"dtype":"'.length);
    expect((await attempt(asInt))?.message).toMatch(/tensor "transformer.wte.weight" is I32; only F32, F16 and BF16/);
    expect((await attempt(new Uint8Array(0)))?.message).toMatch(/too short for a header/);
    expect(bufferSource(file).size).toBe(file.byteLength);
  });
});
