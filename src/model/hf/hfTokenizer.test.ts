import { getEncoding } from 'js-tiktoken';
import { describe, expect, it } from 'vitest';
import { shownToken } from '../textTokenizer';
import { HfTokenizer } from './hfTokenizer';
import { bertTokenizerJson } from './testing/bertTokenizer';
import { gpt2TokenizerJson } from './testing/gpt2Tokenizer';

const full = gpt2TokenizerJson();
const gpt2 = new HfTokenizer({ type: 'hf', tokenizer: full.tokenizer, config: full.config });
const r50k = getEncoding('r50k_base');

const HARD = [
  'The bank of the river, and the bank that holds money.',
  '    four leading spaces, two  inside,   three, and trailing   ',
  'tabs\tand\nnewlines\n\n\nand \r\n windows',
  '日本語のテキストと中文的句子，还有한국어',
  'emoji 🤗 flags 🏳️‍🌈 families 👩‍👩‍👧‍👦 skin 👍🏽 and keycaps 1️⃣',
  'accents: café naïve façade Ångström ß œ',
  "contractions it's we'll they're I'd you've HE'S",
  'numbers 3.14159 1,000,000 0x1F and 2026-12-01',
  'symbols <>&"\' {}[] ~`@#$%^*()_+=|\\/ …—–',
  'zero\u200bwidth \u00a0nbsp \u2028line',
  'Ünïcödé ǅ ﬁ ligature 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
];

describe('GPT-2 byte-level BPE from tokenizer.json (@huggingface/tokenizers)', () => {
  it("agrees id for id with js-tiktoken's r50k_base (GPT-2's own vocabulary) on Unicode, emoji, CJK and runs of spaces", () => {
    expect(gpt2.size).toBe(50257);
    for (const s of HARD) expect(gpt2.encodeIds(s), s).toEqual(r50k.encode(s));
    // Runs of every length of spaces and newlines, alone and between words.
    for (let n = 1; n <= 12; n++) {
      for (const ws of [' ', '\n', ' \n']) {
        const s = `a${ws.repeat(n)}b${ws.repeat(n)}`;
        expect(gpt2.encodeIds(s), JSON.stringify(s)).toEqual(r50k.encode(s));
      }
    }
  });

  it('decodes back to the text and gives every token its exact span of it', () => {
    for (const s of HARD) {
      const toks = gpt2.encode(s);
      expect(gpt2.decode(toks.map((t) => t.id))).toBe(s);
      // Spans tile the text; a character split over tokens belongs to the token that starts it.
      expect(toks.map((t) => t.text).join('')).toBe(s);
    }
  });

  it('shows the leading-space marker as a visible space and a split character on the token that completes it', () => {
    const toks = gpt2.encode('hello world');
    expect(toks.map((t) => t.piece)).toEqual(['hello', 'Ġworld']);
    expect(toks.map(shownToken)).toEqual(['hello', '␣world']);
    expect(gpt2.display(gpt2.idOf('Ġbank') as number)).toBe('␣bank');
    expect(gpt2.display(gpt2.newlineId)).toBe('↵');
    // 🤗 is 4 bytes, which GPT-2 spreads over several tokens.
    const hug = gpt2.encode('🤗');
    expect(hug.length).toBeGreaterThan(1);
    const shown = hug.map(shownToken);
    expect(shown.slice(0, -1).every((s) => /^‹[0-9a-f ]+›$/.test(s))).toBe(true);
    expect(shown[shown.length - 1]).toBe('🤗');
    expect(gpt2.sepId).toBe(50256);
    expect(gpt2.maskId).toBe(-1);
  });
});

describe('BERT WordPiece from tokenizer.json', () => {
  const b = bertTokenizerJson();
  const bert = new HfTokenizer({ type: 'hf', tokenizer: b.tokenizer, config: b.config });

  it('lower-cases, splits into ## pieces, adds [CLS]/[SEP] and keeps [MASK] literal', () => {
    const toks = bert.encode('She sat on the BANKS [MASK] river.');
    expect(toks.map((t) => t.piece)).toEqual(['[CLS]', 'she', 'sat', 'on', 'the', 'bank', '##s', '[MASK]', 'river', '.', '[SEP]']);
    expect(toks.map(shownToken)).toEqual(['[CLS]', 'she', 'sat', 'on', 'the', 'bank', 's', '[MASK]', 'river', '.', '[SEP]']);
    expect(toks[5]).toMatchObject({ text: 'BANK', split: true }); // spans are of the text as typed
    expect(toks[7]?.text).toBe('[MASK]');
    expect(bert.maskId).toBe(4);
    expect(bert.sepId).toBe(3);
    expect(bert.decode(bert.encodeIds('the bank'))).toBe('[CLS] the bank [SEP]');
  });

  it('marks an unknown character as [UNK] with what was typed', () => {
    const toks = bert.encode('the ☃ bank');
    const unk = toks.find((t) => t.unknown);
    expect(unk).toMatchObject({ piece: '[UNK]', text: '☃' });
    expect(shownToken(unk as (typeof toks)[number])).toBe('☃');
  });
});
