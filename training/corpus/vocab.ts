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
  /** Leave regular inflections (dogs, walked, walking) out, so they are split into stem + ##s / ##ed / ##ing. */
  splitInflections?: boolean;
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

/** Suffix pieces regular inflections are written with. */
export const INFLECTION_PIECES = ['##s', '##es', '##ed', '##d', '##ing'];
/** Words that look like an inflection but are words of their own (news is not new + s). */
const NOT_INFLECTIONS = new Set([
  'news',
  'hers',
  'ours',
  'yours',
  'theirs',
  'evening',
  'series',
  'species',
  'means',
  'always',
  'towards',
  'besides',
  'sometimes',
  'afterwards',
  'nowadays',
  'upstairs',
  'downstairs',
  'indoors',
  'outdoors',
  'glasses',
  'clothes',
  'pants',
  'thanks',
  'feed',
  'seed',
  'weed',
  'need',
  'speed',
  'wicked',
  'naked',
  'sacred',
  'hundred',
  'kindred',
  'hatred',
  'crooked',
  'ragged',
  'jagged',
  'rugged',
  'wretched',
  'beloved',
  'learned',
  'aged',
  'dogged',
  'ceiling',
  'morning',
  'pudding',
  'wedding',
  'herring',
  'during',
  'shilling',
  'sterling',
  'lings',
  'ons',
  'ins',
]);

/**
 * The stem a regular inflection is made from, or null: walked/walking/walks -> walk, boxes -> box,
 * smiled -> smile. -ing after a stem that also exists with a final e (car/care: caring) is not
 * split, since the tokenizer would cut it into the wrong stem.
 */
export function inflectionStem(w: string, has: (stem: string) => boolean): string | null {
  if (NOT_INFLECTIONS.has(w)) return null;
  const ok = (stem: string) => stem.length >= 3 && has(stem);
  if (w.endsWith('ing')) {
    const stem = w.slice(0, -3);
    return ok(stem) && !has(`${stem}e`) ? stem : null;
  }
  if (w.endsWith('ed')) {
    if (ok(w.slice(0, -1)) && w.slice(0, -1).endsWith('e')) return w.slice(0, -1);
    return ok(w.slice(0, -2)) ? w.slice(0, -2) : null;
  }
  if (w.endsWith('es') && /(s|x|z|ch|sh)$/.test(w.slice(0, -2)) && ok(w.slice(0, -2))) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && ok(w.slice(0, -1))) return w.slice(0, -1);
  return null;
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

  const forcedAll = [...new Set([...forcedWords].map((w) => normalize(w)))].filter((w) => LETTERS.test(w) && w.length > 1);
  const rankedAll = byCount(counter.words).filter(([w]) => w.length > 1);
  // Regular inflections of a word that gets its own entry are left out (two passes: the stems are decided
  // on the list without them), so the tokenizer writes them as stem + suffix piece.
  let skip = new Set<string>();
  let forced = forcedAll;
  let ranked = rankedAll;
  let provisional = new Set<string>();
  const nWhole = opts.size - vocab.length - opts.nSuffixes - (opts.splitInflections ? INFLECTION_PIECES.length : 0);
  for (let pass = 0; pass < (opts.splitInflections ? 3 : 1); pass++) {
    forced = forcedAll.filter((w) => !skip.has(w));
    ranked = rankedAll.filter(([w]) => !skip.has(w));
    provisional = new Set(forced);
    for (const [w] of ranked) {
      if (provisional.size >= nWhole) break;
      provisional.add(w);
    }
    const stems = provisional;
    skip = new Set([...forcedAll, ...rankedAll.map(([w]) => w)].filter((w) => inflectionStem(w, (x) => stems.has(x)) !== null));
  }
  forced = forced.filter((w) => !skip.has(w));
  ranked = ranked.filter(([w]) => !skip.has(w));
  if (opts.splitInflections) for (const p of INFLECTION_PIECES) push(p);
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
