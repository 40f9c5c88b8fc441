/**
 * A small BERT (WordPiece, uncased) tokenizer in Hugging Face's
 * `tokenizer.json` layout, for test checkpoints: the specials, punctuation,
 * digits, every letter alone and as a `##` continuation, and some common
 * words (enough for the app's default prompts to be read as words).
 */
const WORDS = (
  'the of and to a in is it that was for on with as he she they you at by from his her this be are were had have not ' +
  'but or an one all we my there their so up out if about who them what which when will would can said sat watched ' +
  'bank river money water side boat fish walked went deposit loan account cash teller shore grass trees old man children ' +
  'park played dinner after good bad big small hot cold happy sad yes no capital france paris word opposite each give'
).split(' ');

export function bertTokenizerJson(): { tokenizer: Record<string, unknown>; config: Record<string, unknown> } {
  const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  const pieces = [...specials, ...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'.split(''), ...'0123456789'.split('')];
  const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');
  pieces.push(...letters, ...letters.map((l) => `##${l}`), ...WORDS, '##s', '##ed', '##ing', '##er');
  const vocab: Record<string, number> = {};
  for (const p of pieces) if (!(p in vocab)) vocab[p] = Object.keys(vocab).length;
  const special = (content: string) => ({
    id: vocab[content],
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const tok = (id: string) => ({ id, ids: [vocab[id]], tokens: [id] });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': tok('[CLS]'), '[SEP]': tok('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
  const config = {
    do_lower_case: true,
    model_max_length: 512,
    tokenizer_class: 'BertTokenizer',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
  };
  return { tokenizer, config };
}
