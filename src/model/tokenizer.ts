/**
 * Lower-case WordPiece tokenizer.
 *
 * Text is normalised (NFKC, lower case), then cut into pieces: special tokens
 * written literally (`[MASK]`, `[SEP]`), newlines, runs of letters, single
 * digits, and single other characters. Whitespace other than newlines only
 * separates pieces. A piece that is in the vocabulary is one token; any other
 * word is split greedily into the longest known pieces (continuations carry a
 * `##` prefix, as in BERT). A character the vocabulary does not know becomes
 * `[UNK]`, one per character, and keeps its original text so the UI can show
 * what was not understood. Nothing typed is ever dropped silently: every
 * non-space character lands in exactly one token's `text`.
 */
import type { TextTokenizer } from './textTokenizer';

export interface Token {
  /** Vocabulary id. */
  id: number;
  /** The vocabulary entry (e.g. `##ing`, `[UNK]`). */
  piece: string;
  /** The characters of the normalised input this token stands for. */
  text: string;
  /** Offsets into the normalised input (UTF-16 code units). */
  start: number;
  end: number;
  /** The model has no entry for this character: it sees `[UNK]`. */
  unknown: boolean;
  /** This token is one of several pieces of one word. */
  split: boolean;
  /** How the token shows in the UI, where it differs from its piece (Hugging Face tokenizers: `␣bank`, `‹e4›`). */
  display?: string;
}

export interface TokenizerJSON {
  type: 'wordpiece-lower';
  version: 1;
  vocab: string[];
}

export const SPECIAL = {
  pad: '[PAD]',
  unk: '[UNK]',
  mask: '[MASK]',
  sep: '[SEP]',
  newline: '\n',
} as const;

const SPECIALS_IN_ORDER = [SPECIAL.pad, SPECIAL.unk, SPECIAL.mask, SPECIAL.sep, SPECIAL.newline];

/** Pieces: literal specials, newline, letter runs, one digit, one other visible character. */
const PIECE_RE = /\[(?:mask|sep)\]|\n|[\p{L}\p{M}]+|\p{N}|[^\s\p{L}\p{M}\p{N}]/gu;

const MAX_WORD_CHARS = 100;

export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\r\n?/g, '\n');
}

export interface Piece {
  text: string;
  start: number;
  end: number;
}

/** Splits normalised text into pre-tokens with offsets. */
export function preTokenize(normalised: string): Piece[] {
  const out: Piece[] = [];
  for (const m of normalised.matchAll(PIECE_RE)) {
    const start = m.index ?? 0;
    out.push({ text: m[0], start, end: start + m[0].length });
  }
  return out;
}

export class Tokenizer implements TextTokenizer {
  readonly kind = 'wordpiece-lower' as const;
  readonly spaceAware = false;
  readonly maskText = SPECIAL.mask;
  readonly vocab: readonly string[];
  private readonly ids: Map<string, number>;
  readonly padId: number;
  readonly unkId: number;
  readonly maskId: number;
  readonly sepId: number;
  readonly newlineId: number;

  constructor(vocab: readonly string[]) {
    SPECIALS_IN_ORDER.forEach((s, i) => {
      if (vocab[i] !== s) {
        throw new Error(`Tokenizer: vocabulary entry ${i} must be ${JSON.stringify(s)}, got ${JSON.stringify(vocab[i])}`);
      }
    });
    this.vocab = vocab;
    this.ids = new Map();
    vocab.forEach((p, i) => {
      if (this.ids.has(p)) throw new Error(`Tokenizer: duplicate vocabulary entry ${JSON.stringify(p)}`);
      this.ids.set(p, i);
    });
    this.padId = 0;
    this.unkId = 1;
    this.maskId = 2;
    this.sepId = 3;
    this.newlineId = 4;
  }

  static fromJSON(json: unknown): Tokenizer {
    const j = json as Partial<TokenizerJSON> | null;
    if (j?.type !== 'wordpiece-lower' || j.version !== 1 || !Array.isArray(j.vocab)) {
      throw new Error('Tokenizer file: expected {"type":"wordpiece-lower","version":1,"vocab":[...]}');
    }
    if (!j.vocab.every((v) => typeof v === 'string' && v.length > 0)) {
      throw new Error('Tokenizer file: every vocabulary entry must be a non-empty string');
    }
    return new Tokenizer(j.vocab);
  }

  toJSON(): TokenizerJSON {
    return { type: 'wordpiece-lower', version: 1, vocab: [...this.vocab] };
  }

  get size(): number {
    return this.vocab.length;
  }

  idOf(piece: string): number | undefined {
    return this.ids.get(piece);
  }

  display(id: number): string {
    return displayPiece(this.pieceOf(id));
  }

  pieceOf(id: number): string {
    return this.vocab[id] ?? SPECIAL.unk;
  }

  /** Encodes text into tokens with offsets into `normalize(text)`. Never throws. */
  encode(text: string): Token[] {
    const norm = normalize(text);
    const out: Token[] = [];
    for (const p of preTokenize(norm)) {
      if (p.text === '[mask]' || p.text === '[sep]') {
        const id = p.text === '[mask]' ? this.maskId : this.sepId;
        out.push({ id, piece: this.vocab[id] as string, text: p.text, start: p.start, end: p.end, unknown: false, split: false });
        continue;
      }
      const whole = this.ids.get(p.text);
      if (whole !== undefined) {
        out.push({ id: whole, piece: p.text, text: p.text, start: p.start, end: p.end, unknown: false, split: false });
        continue;
      }
      this.splitWord(p, out);
    }
    return out;
  }

  encodeIds(text: string): number[] {
    return this.encode(text).map((t) => t.id);
  }

  encodePiece(text: string): number[] {
    return this.encodeIds(text);
  }

  wordIds(): number[] {
    const out: number[] = [];
    this.vocab.forEach((p, id) => {
      if (id > 4 && /^[a-z]+$/.test(p)) out.push(id);
    });
    return out;
  }

  /** Greedy longest-match WordPiece split of one pre-token. */
  private splitWord(p: Piece, out: Token[]): void {
    const chars = Array.from(p.text);
    const pieces: Token[] = [];
    let i = 0;
    let offset = p.start;
    while (i < chars.length) {
      let found: { id: number; piece: string; len: number } | undefined;
      const maxLen = Math.min(chars.length - i, MAX_WORD_CHARS);
      for (let len = maxLen; len > 0; len--) {
        const sub = chars.slice(i, i + len).join('');
        const piece = i === 0 ? sub : `##${sub}`;
        const id = this.ids.get(piece);
        if (id !== undefined) {
          found = { id, piece, len };
          break;
        }
      }
      if (found) {
        const text = chars.slice(i, i + found.len).join('');
        pieces.push({ id: found.id, piece: found.piece, text, start: offset, end: offset + text.length, unknown: false, split: true });
        i += found.len;
        offset += text.length;
      } else {
        const ch = chars[i] as string;
        pieces.push({ id: this.unkId, piece: SPECIAL.unk, text: ch, start: offset, end: offset + ch.length, unknown: true, split: true });
        i += 1;
        offset += ch.length;
      }
    }
    if (pieces.length === 1) (pieces[0] as Token).split = false;
    out.push(...pieces);
  }

  /** Readable text for ids: words separated by spaces, `##` pieces glued, no space before punctuation. */
  decode(ids: readonly number[]): string {
    let s = '';
    for (const id of ids) {
      const piece = this.pieceOf(id);
      if (piece.startsWith('##')) s += piece.slice(2);
      else if (piece === '\n') s += '\n';
      else if (s === '' || s.endsWith('\n') || /^[.,;:!?)\]}'%]$/.test(piece) || /[([{$]$/.test(s)) s += piece;
      else s += ` ${piece}`;
    }
    return s;
  }
}

/** How a token is shown in the UI: newline as ↵, continuation pieces without `##`. */
export function displayPiece(piece: string): string {
  if (piece === '\n') return '↵';
  if (piece.startsWith('##')) return piece.slice(2);
  return piece;
}
