/**
 * What the engine and the views need from a tokenizer, whatever its kind:
 * the app's own lower-case WordPiece (tokenizer.ts, shipped models) or a
 * Hugging Face `tokenizer.json` (hf/hfTokenizer.ts: GPT-2's byte-level BPE,
 * BERT's WordPiece). Special ids a tokenizer lacks are -1.
 */
import type { Token } from './tokenizer';

export type TokenizerKind = 'wordpiece-lower' | 'hf-bpe' | 'hf-wordpiece';

export interface TextTokenizer {
  readonly kind: TokenizerKind;
  /** Number of ids (the largest id + 1). */
  readonly size: number;
  readonly padId: number;
  readonly unkId: number;
  readonly maskId: number;
  /** Generation stops after this token ([SEP]; GPT-2: <|endoftext|>). */
  readonly sepId: number;
  readonly newlineId: number;
  /** Tokens of `text`, with the characters each stands for. Never throws. */
  encode(text: string): Token[];
  encodeIds(text: string): number[];
  /** Ids of a fragment that continues a text: no [CLS]/[SEP] added (answers, separators). */
  encodePiece(text: string): number[];
  /**
   * Spaces belong to the next token (GPT-2's byte-level BPE: " cold" is one
   * token, "cold" another), so a prompt must not end in a space and an answer
   * after one starts with it. false: spaces only separate tokens.
   */
  readonly spaceAware: boolean;
  /** Ordinary whole-word tokens (no specials, no word pieces), for random-token probes. */
  wordIds(): number[];
  /** Readable text of a sequence of ids. */
  decode(ids: readonly number[]): string;
  /** The vocabulary entry of an id (e.g. `##ing`, `Ġbank`). */
  pieceOf(id: number): string;
  idOf(piece: string): number | undefined;
  /** How one token shows on its own (`bank`, `␣bank`, `↵`, `‹e4 bd›` for bytes that are part of a character). */
  display(id: number): string;
  /** The text the model is shown for `[MASK]` (empty when it has none). */
  readonly maskText: string;
}

/** How a token of an encoded text is shown: its own display, or what the user typed for unknown characters. */
export function shownToken(t: Token): string {
  if (t.display !== undefined) return t.display;
  if (t.unknown) return t.text;
  if (t.piece === '\n') return '↵';
  return t.piece.startsWith('##') ? t.piece.slice(2) : t.piece;
}
