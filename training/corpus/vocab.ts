/**
 * Vocabulary builder for the lower-case WordPiece tokenizer in
 * src/model/tokenizer.ts. Order: the five specials; every frequent single
 * character (letters also as `##x` continuations); the most useful word-final
 * continuation pieces (`##s`, `##ed`, `##ing`, … by frequency among words
 * that do not get their own entry); then whole words: forced ones (preset and
 * task words) first, the rest by frequency, up to `size`.
 */
import { normalize, preTokenize, SPECIAL } from '../../src/model/tokenizer';

export interface VocabOptions {
  size: number;
  nSuffixes: number;
  minCharCount: number;
  /** Characters always included (plain and, for letters, as `##x`). */
  extraChars: string[];
}

const LETTERS = /^[\p{L}\p{M}]+$/u;

export class WordCounter {
  readonly words = new Map<string, number>();
  readonly chars = new Map<string, number>();
  add(text: string): void {
    for (const p of preTokenize(normalize(text))) {
      if (p.text === '[mask]' || p.text === '[sep]' || p.text === '\n') continue;
      if (LETTERS.test(p.text)) this.words.set(p.text, (this.words.get(p.text) ?? 0) + 1);
      for (const ch of p.text) this.chars.set(ch, (this.chars.get(ch) ?? 0) + 1);
    }
  }
}

const byCount = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

export function buildVocab(counter: WordCounter, forcedWords: Iterable<string>, opts: VocabOptions): string[] {
  const vocab: string[] = [SPECIAL.pad, SPECIAL.unk, SPECIAL.mask, SPECIAL.sep, SPECIAL.newline];
  const have = new Set(vocab);
  const push = (p: string) => {
    if (!have.has(p)) {
      have.add(p);
      vocab.push(p);
    }
  };
  const chars = byCount(counter.chars)
    .filter(([, c]) => c >= opts.minCharCount)
    .map(([ch]) => ch);
  for (const ch of [...'abcdefghijklmnopqrstuvwxyz0123456789', ...opts.extraChars, ...chars]) push(ch);
  for (const ch of [...vocab]) if (LETTERS.test(ch)) push(`##${ch}`);

  const forced = [...new Set([...forcedWords].map((w) => normalize(w)))].filter((w) => LETTERS.test(w) && w.length > 1);
  const ranked = byCount(counter.words).filter(([w]) => w.length > 1);
  const nWhole = opts.size - vocab.length - opts.nSuffixes;
  const provisional = new Set(forced);
  for (const [w] of ranked) {
    if (provisional.size >= nWhole) break;
    provisional.add(w);
  }
  // Word-final pieces, counted over the occurrences of words that will be split.
  const suffixCounts = new Map<string, number>();
  for (const [w, c] of ranked) {
    if (provisional.has(w)) continue;
    const chs = Array.from(w);
    for (let len = 2; len <= 6 && len < chs.length; len++) {
      const s = `##${chs.slice(chs.length - len).join('')}`;
      suffixCounts.set(s, (suffixCounts.get(s) ?? 0) + c * len);
    }
  }
  let nSuf = 0;
  for (const [s] of byCount(suffixCounts)) {
    if (nSuf >= opts.nSuffixes) break;
    if (!have.has(s)) {
      push(s);
      nSuf++;
    }
  }
  for (const w of forced) push(w);
  for (const [w] of ranked) {
    if (vocab.length >= opts.size) break;
    push(w);
  }
  return vocab;
}
