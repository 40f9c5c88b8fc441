/**
 * A Hugging Face `tokenizer.json` (with `tokenizer_config.json` where
 * present) as a TextTokenizer, through the `@huggingface/tokenizers`
 * library: GPT-2's byte-level BPE and BERT's WordPiece. The library does the
 * tokenizing; this file adds what the views need around it: the special ids,
 * each token's span of the input text, and readable token labels.
 */
import { Tokenizer as HfLib } from '@huggingface/tokenizers';
import type { TextTokenizer } from '../textTokenizer';
import type { Token } from '../tokenizer';
import { displayBytes, displaySequence, pieceBytes, visibleSpace } from './byteLevel';

export interface HfTokenizerSpec {
  type: 'hf';
  tokenizer: Record<string, unknown>;
  config: Record<string, unknown> | null;
}

export class HfTokenizerError extends Error {
  constructor(message: string) {
    super(`tokenizer.json: ${message}`);
    this.name = 'HfTokenizerError';
  }
}

function tokenName(cfg: Record<string, unknown> | null, key: string): string | undefined {
  const v = cfg?.[key];
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { content?: unknown }).content === 'string') return (v as { content: string }).content;
  return undefined;
}

export class HfTokenizer implements TextTokenizer {
  readonly kind: 'hf-bpe' | 'hf-wordpiece';
  readonly size: number;
  readonly padId: number;
  readonly unkId: number;
  readonly maskId: number;
  readonly sepId: number;
  readonly newlineId: number;
  readonly maskText: string;
  private readonly lib: HfLib;
  private readonly pieces: string[];
  private readonly byId: Map<string, number>;
  private readonly displays = new Map<number, string>();

  constructor(readonly spec: HfTokenizerSpec) {
    const model = spec.tokenizer.model as { type?: unknown } | undefined;
    const type = typeof model?.type === 'string' ? model.type : 'none';
    if (type !== 'BPE' && type !== 'WordPiece') throw new HfTokenizerError(`model type "${type}" is not supported (BPE or WordPiece)`);
    try {
      this.lib = new HfLib(spec.tokenizer, spec.config ?? {});
    } catch (e) {
      throw new HfTokenizerError(`could not be read (${(e as Error).message})`);
    }
    this.kind = type === 'BPE' ? 'hf-bpe' : 'hf-wordpiece';
    this.byId = this.lib.get_vocab(true);
    let max = -1;
    for (const id of this.byId.values()) max = Math.max(max, id);
    if (max < 0) throw new HfTokenizerError('the vocabulary is empty');
    this.size = max + 1;
    this.pieces = new Array<string>(this.size).fill('');
    for (const [p, id] of this.byId) this.pieces[id] = p;
    const id = (...names: (string | undefined)[]) => {
      for (const n of names) {
        const v = n === undefined ? undefined : this.byId.get(n);
        if (v !== undefined) return v;
      }
      return -1;
    };
    const c = spec.config;
    this.padId = id(tokenName(c, 'pad_token'), '[PAD]', '<pad>');
    this.unkId = id(tokenName(c, 'unk_token'), '[UNK]', '<unk>');
    this.maskId = id(tokenName(c, 'mask_token'), '[MASK]', '<mask>');
    this.sepId = id(tokenName(c, 'sep_token'), '[SEP]', tokenName(c, 'eos_token'), '<|endoftext|>', '</s>');
    this.newlineId = id('Ċ', '\n');
    this.maskText = this.maskId >= 0 ? (this.pieces[this.maskId] ?? '') : '';
  }

  private get byteLevel(): boolean {
    return this.kind === 'hf-bpe';
  }

  pieceOf(id: number): string {
    return this.pieces[id] ?? '';
  }

  idOf(piece: string): number | undefined {
    return this.byId.get(piece);
  }

  display(id: number): string {
    let d = this.displays.get(id);
    if (d === undefined) {
      const piece = this.pieceOf(id);
      const bytes = this.byteLevel ? pieceBytes(piece) : null;
      d = bytes ? displayBytes(bytes) : piece.startsWith('##') ? piece.slice(2) : visibleSpace(piece);
      if (d === '') d = `#${id}`;
      this.displays.set(id, d);
    }
    return d;
  }

  encodeIds(text: string): number[] {
    return this.lib.encode(text).ids;
  }

  encodePiece(text: string): number[] {
    return this.lib.encode(text, { add_special_tokens: false }).ids;
  }

  get spaceAware(): boolean {
    return this.byteLevel;
  }

  wordIds(): number[] {
    const re = this.byteLevel ? /^Ġ[a-z]{2,}$/ : /^[a-z]{2,}$/;
    const out: number[] = [];
    this.pieces.forEach((p, id) => {
      if (re.test(p) && id !== this.unkId) out.push(id);
    });
    return out;
  }

  decode(ids: readonly number[]): string {
    if (ids.length === 0) return '';
    return this.lib.decode([...ids], { skip_special_tokens: false, clean_up_tokenization_spaces: false });
  }

  encode(text: string): Token[] {
    const ids = this.encodeIds(text);
    const pieces = ids.map((i) => this.pieceOf(i));
    return this.byteLevel ? this.spansBytes(text, ids, pieces) : this.spansWords(text, ids, pieces);
  }

  /** Byte-level BPE is lossless: the tokens' bytes are the text's UTF-8, so each token's span is exact. */
  private spansBytes(text: string, ids: number[], pieces: string[]): Token[] {
    const bytes = pieces.map((p) => pieceBytes(p));
    const shown = displaySequence(bytes, pieces);
    // UTF-16 index at every UTF-8 byte offset that starts a character.
    const at: number[] = [];
    let b = 0;
    for (let i = 0; i < text.length; ) {
      const cp = text.codePointAt(i) as number;
      at[b] = i;
      b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      i += cp > 0xffff ? 2 : 1;
    }
    at[b] = text.length;
    const index = (byte: number) => {
      let k = byte;
      while (k > 0 && at[k] === undefined) k--;
      return at[k] ?? 0;
    };
    let pos = 0;
    return ids.map((id, k) => {
      const len = bytes[k]?.length ?? (pieces[k] as string).length;
      const start = index(pos);
      pos += len;
      const end = Math.max(start, index(pos));
      const piece = pieces[k] as string;
      const prev = k > 0 ? (pieces[k - 1] as string) : '';
      const split = /^[^Ġ\s]/.test(piece) && /\p{L}$/u.test(prev) && /^\p{L}/u.test(piece);
      return { id, piece, text: text.slice(start, end), start, end, unknown: false, split, display: shown[k] as string };
    });
  }

  /** WordPiece: each piece is found in order in the lower-cased text (specials added by the template have no span). */
  private spansWords(text: string, ids: number[], pieces: string[]): Token[] {
    const lower = text.toLowerCase();
    const specials = new Set([this.padId, this.maskId, this.sepId, this.byId.get('[CLS]') ?? -2]);
    let pos = 0;
    return ids.map((id, k) => {
      const piece = pieces[k] as string;
      const bare = piece.startsWith('##') ? piece.slice(2) : piece;
      const literal = specials.has(id) ? lower.indexOf(piece.toLowerCase(), pos) : -1;
      const found = id === this.unkId ? -1 : specials.has(id) ? literal : lower.indexOf(bare, pos);
      let start = pos;
      let end = pos;
      if (found >= 0) {
        start = found;
        end = found + (specials.has(id) ? piece.length : bare.length);
        pos = end;
      } else if (id === this.unkId) {
        // The unknown word: the next run of non-space characters.
        const m = /\S+/.exec(text.slice(pos));
        if (m) {
          start = pos + m.index;
          end = start + (m[0].length ?? 0);
          pos = end;
        }
      }
      const next = pieces[k + 1];
      const split = piece.startsWith('##') || (next?.startsWith('##') ?? false);
      const unknown = id === this.unkId;
      return { id, piece, text: text.slice(start, end), start, end, unknown, split, display: unknown ? text.slice(start, end) : bare };
    });
  }
}
