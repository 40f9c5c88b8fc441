/** The custom task editor's text format: one "input -> answer" pair per line. */
import { type CustomTask, customTaskSchema } from '../../state/slices/prompting';

/** "input -> output" per line; lines without an arrow are ignored. */
export function parsePairs(text: string): { input: string; output: string }[] {
  return text
    .split('\n')
    .map((line) => {
      const i = line.indexOf('->');
      if (i < 0) return null;
      return { input: line.slice(0, i).trim(), output: line.slice(i + 2).trim() };
    })
    .filter((p): p is { input: string; output: string } => p !== null && p.input.length > 0 && p.output.length > 0);
}

export function pairsText(pairs: readonly { input: string; output: string }[]): string {
  return pairs.map((p) => `${p.input} -> ${p.output}`).join('\n');
}

/** Validated custom task from the editor's three fields, or the reason it is not valid. */
export function customFromText(instruction: string, examples: string, queries: string): CustomTask | null {
  const r = customTaskSchema.safeParse({ instruction: instruction.trim(), examples: parsePairs(examples), queries: parsePairs(queries) });
  return r.success ? r.data : null;
}
