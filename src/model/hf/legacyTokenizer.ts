/**
 * Checkpoint folders without a `tokenizer.json` (older uploads, e.g. the
 * google/bert_uncased_L-*_H-*_A-* family ships only `vocab.txt`; older GPT-2
 * folders `vocab.json` + `merges.txt`): the same tokenizer written as the
 * `tokenizer.json` that Hugging Face's converters produce for them, so one
 * reader (hfTokenizer.ts) serves both.
 */

const added = (id: number, content: string, normalized: boolean) => ({
  id,
  content,
  single_word: false,
  lstrip: false,
  rstrip: false,
  normalized,
  special: true,
});

/** BERT's WordPiece from `vocab.txt` (one piece per line, id = line number); lower-cased unless the config says not. */
export function wordPieceTokenizerJson(vocabTxt: string, config: Record<string, unknown> | null): Record<string, unknown> {
  const pieces = vocabTxt.split(/\r?\n/);
  if (pieces[pieces.length - 1] === '') pieces.pop();
  const vocab: Record<string, number> = {};
  pieces.forEach((p, i) => {
    if (!(p in vocab)) vocab[p] = i;
  });
  const name = (k: string, d: string) => (typeof config?.[k] === 'string' ? (config[k] as string) : d);
  const [cls, sep] = [name('cls_token', '[CLS]'), name('sep_token', '[SEP]')];
  const specials = [name('pad_token', '[PAD]'), name('unk_token', '[UNK]'), cls, sep, name('mask_token', '[MASK]')].filter(
    (s) => s in vocab,
  );
  const tok = (id: string) => ({ id, ids: [vocab[id]], tokens: [id] });
  const lowercase = config?.do_lower_case !== false;
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((s) => added(vocab[s] as number, s, false)),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor:
      cls in vocab && sep in vocab
        ? {
            type: 'TemplateProcessing',
            single: [
              { SpecialToken: { id: cls, type_id: 0 } },
              { Sequence: { id: 'A', type_id: 0 } },
              { SpecialToken: { id: sep, type_id: 0 } },
            ],
            pair: [
              { SpecialToken: { id: cls, type_id: 0 } },
              { Sequence: { id: 'A', type_id: 0 } },
              { SpecialToken: { id: sep, type_id: 0 } },
              { Sequence: { id: 'B', type_id: 1 } },
              { SpecialToken: { id: sep, type_id: 1 } },
            ],
            special_tokens: { [cls]: tok(cls), [sep]: tok(sep) },
          }
        : null,
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: name('unk_token', '[UNK]'),
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab,
    },
  };
}

/** GPT-2's byte-level BPE from `vocab.json` and `merges.txt` (its first line may be a `#version` comment). */
export function byteLevelBpeTokenizerJson(vocab: Record<string, number>, mergesTxt: string, merges?: number): Record<string, unknown> {
  const lines = mergesTxt.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#version'));
  const specials = Object.keys(vocab).filter((p) => /^<\|.*\|>$/.test(p));
  const byteLevel = { add_prefix_space: false, trim_offsets: true, use_regex: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((s) => added(vocab[s] as number, s, true)),
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', ...byteLevel },
    post_processor: { type: 'ByteLevel', ...byteLevel, trim_offsets: false },
    decoder: { type: 'ByteLevel', ...byteLevel },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges: merges === undefined ? lines : lines.slice(0, merges),
    },
  };
}
