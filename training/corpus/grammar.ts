/**
 * A tiny template grammar for generated training text.
 *
 *   {name}      a random entry of the lexicon `name` (entries are templates too)
 *   (a|b|c)     one of the alternatives (an alternative may be empty)
 *   [x]         x or nothing, half of the time each
 *
 * Expansion is seeded by the caller's `rand`, so the corpus is reproducible.
 * Whitespace is collapsed afterwards, so optional parts need no care about
 * spaces. The parser is recursive descent over the template string.
 */

export type Lexicon = Record<string, readonly string[]>;

export class Grammar {
  constructor(
    private readonly lex: Lexicon,
    private readonly rand: () => number,
  ) {}

  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('Grammar: pick from an empty list');
    return xs[Math.floor(this.rand() * xs.length)] as T;
  }

  /** Expands a template into plain text (whitespace collapsed, trimmed). */
  expand(template: string, depth = 0): string {
    if (depth > 12) throw new Error(`Grammar: templates nest too deeply near "${template.slice(0, 40)}"`);
    const out = this.seq(template, { i: 0 }, '', depth);
    return out
      .replace(/\s+/g, ' ')
      .replace(/ ([,.;:!?])/g, '$1')
      .trim();
  }

  /** Parses until one of `stops` (or the end) and returns the expansion. */
  private seq(t: string, pos: { i: number }, stops: string, depth: number): string {
    let s = '';
    while (pos.i < t.length) {
      const c = t[pos.i] as string;
      if (stops.includes(c)) return s;
      if (c === '{') {
        const end = t.indexOf('}', pos.i);
        if (end < 0) throw new Error(`Grammar: unclosed { in "${t}"`);
        const name = t.slice(pos.i + 1, end);
        const entries = this.lex[name];
        if (!entries) throw new Error(`Grammar: unknown lexicon {${name}}`);
        s += this.expand(this.pick(entries), depth + 1);
        pos.i = end + 1;
      } else if (c === '(') {
        // Expand lazily: find every alternative's extent, then expand the chosen one.
        const { end, bars } = group(t, pos.i + 1);
        if (t[end] !== ')') throw new Error(`Grammar: unclosed ( in "${t}"`);
        const starts = [pos.i + 1, ...bars.map((k) => k + 1)];
        const alts = starts.map((a, k) => t.slice(a, k + 1 < starts.length ? (starts[k + 1] as number) - 1 : end));
        s += this.expand(this.pick(alts), depth + 1);
        pos.i = end + 1;
      } else if (c === '[') {
        const { end } = group(t, pos.i + 1);
        if (t[end] !== ']') throw new Error(`Grammar: unclosed [ in "${t}"`);
        if (this.rand() < 0.5) s += this.expand(t.slice(pos.i + 1, end), depth + 1);
        pos.i = end + 1;
      } else {
        s += c;
        pos.i++;
      }
    }
    return s;
  }
}

/**
 * From just inside an opening ( or [ at `from`: the index of the bracket that closes it (t.length if none) and the
 * positions of the | at its own level.
 */
function group(t: string, from: number): { end: number; bars: number[] } {
  const bars: number[] = [];
  let level = 0;
  let j = from;
  for (; j < t.length; j++) {
    const d = t[j];
    if (d === '(' || d === '[') level++;
    else if (d === ')' || d === ']') {
      if (level === 0) break;
      level--;
    } else if (d === '|' && level === 0) bars.push(j);
  }
  return { end: j, bars };
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A sentence: first letter upper case, a full stop unless it already ends in . ! or ?. */
export function sentence(s: string): string {
  const t = s.trim();
  return capitalize(/[.!?]$/.test(t) ? t : `${t}.`);
}
