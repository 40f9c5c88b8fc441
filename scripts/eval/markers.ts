/** Replaces the text strictly between two marker lines, keeping the markers and everything outside them. */
export function replaceBetweenMarkers(text: string, start: string, end: string, body: string): string {
  const a = text.indexOf(start);
  const b = text.indexOf(end, a + start.length);
  if (a < 0 || b < 0) throw new Error(`markers ${start} … ${end} not found`);
  if (text.indexOf(start, a + start.length) >= 0) throw new Error(`marker ${start} occurs twice`);
  const inner = body.trim();
  return `${text.slice(0, a + start.length)}\n${inner}\n${text.slice(b)}`;
}

/** Percent with one decimal, or "–" for NaN/null. */
export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(digits)}%`;
}

/** A markdown table; cells are escaped for `|` and newlines. */
export function mdTable(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const esc = (c: string | number) => String(c).replace(/\|/g, '\\|').replace(/\n/g, '↵');
  const line = (r: readonly (string | number)[]) => `| ${r.map(esc).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
