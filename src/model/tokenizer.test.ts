import { describe, expect, it } from 'vitest';
import { displayPiece, Tokenizer } from './tokenizer';

const tok = new Tokenizer([
  '[PAD]',
  '[UNK]',
  '[MASK]',
  '[SEP]',
  '\n',
  'the',
  'bank',
  'river',
  'b',
  'a',
  'n',
  'k',
  '##s',
  '##ing',
  '##a',
  '##n',
  '##k',
  '.',
  ',',
  "'",
  '1',
  '2',
  'walk',
]);

describe('Tokenizer', () => {
  it('keeps known words whole, lower-cased, with offsets', () => {
    const t = tok.encode('The BANK, river.');
    expect(t.map((x) => x.piece)).toEqual(['the', 'bank', ',', 'river', '.']);
    expect(t.map((x) => [x.start, x.end])).toEqual([
      [0, 3],
      [4, 8],
      [8, 9],
      [10, 15],
      [15, 16],
    ]);
    expect(t.every((x) => !x.unknown && !x.split)).toBe(true);
  });

  it('splits unknown words into the longest known pieces and marks them as split', () => {
    const t = tok.encode('banks walking');
    expect(t.map((x) => x.piece)).toEqual(['bank', '##s', 'walk', '##ing']);
    expect(t.every((x) => x.split)).toBe(true);
    expect(t.map((x) => x.text).join('')).toBe('bankswalking');
  });

  it('marks characters it cannot represent as [UNK] and keeps their text', () => {
    const t = tok.encode('bank 银行 🏦 x');
    expect(t.map((x) => x.piece)).toEqual(['bank', '[UNK]', '[UNK]', '[UNK]', '[UNK]']);
    expect(t.filter((x) => x.unknown).map((x) => x.text)).toEqual(['银', '行', '🏦', 'x']);
  });

  it('never drops a visible character and never throws on arbitrary input', () => {
    const inputs = ['', '   ', '<script>alert(1)</script>', 'a'.repeat(5000), 'مرحبا بالعالم', '\u0000\uFFFF\uD800', 'ﬁne Ⅻ', '1,2\n\nthe'];
    for (const s of inputs) {
      const t = tok.encode(s);
      const visible = s
        .normalize('NFKC')
        .toLowerCase()
        .replace(/[^\S\n]/g, '');
      expect(t.map((x) => x.text).join('')).toBe(visible);
    }
  });

  it('reads newlines and literal [MASK] / [SEP] as their special tokens', () => {
    const t = tok.encode('the [MASK] bank\n[sep]');
    expect(t.map((x) => x.id)).toEqual([5, tok.maskId, 6, tok.newlineId, tok.sepId]);
  });

  it('decodes ids to readable text', () => {
    expect(tok.decode(tok.encodeIds('The banks, walking by the river.'))).toBe('the banks, walking b [UNK] the river.');
    expect(displayPiece('##ing')).toBe('ing');
    expect(displayPiece('\n')).toBe('↵');
  });

  it('validates tokenizer files', () => {
    expect(() => Tokenizer.fromJSON({ type: 'bpe' })).toThrow(/wordpiece-lower/);
    expect(() => Tokenizer.fromJSON({ type: 'wordpiece-lower', version: 1, vocab: ['[PAD]'] })).toThrow(/entry 1 must be "\[UNK\]"/);
    expect(() => new Tokenizer(['[PAD]', '[UNK]', '[MASK]', '[SEP]', '\n', 'a', 'a'])).toThrow(/duplicate/);
    expect(Tokenizer.fromJSON(tok.toJSON()).size).toBe(tok.size);
  });
});
