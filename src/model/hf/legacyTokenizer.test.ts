import { describe, expect, it } from 'vitest';
import { HfTokenizer } from './hfTokenizer';
import { wordPieceTokenizerJson } from './legacyTokenizer';
import { bertTokenizerJson } from './testing/bertTokenizer';

describe('tokenizer.json from older files', () => {
  it("vocab.txt gives the same BERT tokens as the folder's tokenizer.json", () => {
    const { tokenizer, config } = bertTokenizerJson();
    const vocab = (tokenizer.model as { vocab: Record<string, number> }).vocab;
    const lines = Object.entries(vocab)
      .sort((a, b) => a[1] - b[1])
      .map(([p]) => p);
    const fromTxt = new HfTokenizer({ type: 'hf', tokenizer: wordPieceTokenizerJson(`${lines.join('\n')}\n`, config), config });
    const fromJson = new HfTokenizer({ type: 'hf', tokenizer, config });
    for (const s of ['She sat on the BANKS [MASK] river.', 'naïve café, 2026!', 'the ☃ bank']) {
      expect(fromTxt.encodeIds(s), s).toEqual(fromJson.encodeIds(s));
    }
    expect(fromTxt.maskId).toBe(fromJson.maskId);
  });
});
