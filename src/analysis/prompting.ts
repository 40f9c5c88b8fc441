/**
 * Prompting modes (zero-, one-, few-shot): the task presets of tasks.json,
 * seeded example draws, prompts in the training format (built by fewshot.ts),
 * greedy answers and their scoring, and the attention from the answer
 * position onto the prompt. Pure functions over plain data: no tfjs, React or
 * DOM, so the page, the unit tests and the end-to-end test share them.
 */
import '../lib/zodSetup';
import { z } from 'zod';
import { Rng } from '../model/rng';
import { buildPrompt, type FewShotFormat, FORMATS, formatById, type PromptSpec, type TaskPair } from './fewshot';

/** The largest number of examples in a prompt (lanes and batch). */
export const MAX_SHOTS = 8;

const pairSchema = z.object({ input: z.string().min(1), output: z.string().min(1) });
const taskSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  instruction: z.string(),
  formats: z.array(z.string()).min(1),
  sharesInputsWith: z.string().nullable(),
  train: z.array(pairSchema).min(1),
  heldOut: z.array(pairSchema).min(1),
});
const tasksFileSchema = z.object({ version: z.literal(1), tasks: z.array(taskSchema).min(1) });

/** A task as the view uses it: examples are drawn from `pool`, queries are asked in order. */
export interface PromptTask {
  id: string;
  name: string;
  instruction: string;
  /** Format ids this task was trained with (the first is the default). */
  formats: string[];
  sharesInputsWith: string | null;
  pool: TaskPair[];
  queries: TaskPair[];
}

/** Validates public/data/tasks.json; formats unknown to fewshot.ts are dropped. Throws on a malformed file. */
export function parseTasksFile(json: unknown): PromptTask[] {
  const file = tasksFileSchema.parse(json);
  const known = new Set(FORMATS.map((f) => f.id));
  return file.tasks.map((t) => {
    const formats = t.formats.filter((f) => known.has(f));
    return {
      id: t.id,
      name: t.name,
      instruction: t.instruction,
      formats: formats.length > 0 ? formats : [FORMATS[0]?.id ?? 'arrow'],
      sharesInputsWith: t.sharesInputsWith,
      pool: t.train,
      queries: t.heldOut,
    };
  });
}

/** A user-written task: examples form the pool, queries are asked in order. */
export function customTask(c: { instruction: string; examples: TaskPair[]; queries: TaskPair[] }): PromptTask {
  return {
    id: 'custom',
    name: 'custom',
    instruction: c.instruction.trim(),
    formats: FORMATS.map((f) => f.id),
    sharesInputsWith: null,
    pool: c.examples,
    queries: c.queries,
  };
}

/** FNV-1a over the task id, mixed with the seed and the query index: one independent stream per query. */
export function drawSeed(seed: number, taskId: string, queryIndex: number): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  const s = `${taskId}#${queryIndex}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= Math.imul(seed >>> 0, 0x9e3779b1) >>> 0;
  return h >>> 0;
}

/**
 * The examples for one query: MAX_SHOTS distinct pool pairs (never the
 * query's own input), drawn with the seeded generator. A prompt with k shots
 * uses the first k, so the one-shot example is the first few-shot example
 * and the lanes differ only in how many examples they show.
 */
export function drawExamples(task: PromptTask, queryIndex: number, seed: number, max = MAX_SHOTS): TaskPair[] {
  const query = task.queries[queryIndex];
  const candidates = task.pool.filter((p) => p.input !== query?.input);
  return new Rng(drawSeed(seed, task.id, queryIndex)).sample(candidates, max);
}

export type SegmentKind = 'instruction' | 'input' | 'output' | 'query' | 'format';

/** A stretch of the (normalised) prompt text: which part of the prompt it is. */
export interface Segment {
  kind: SegmentKind;
  /** Index of the example for `input`/`output`. */
  example: number | null;
  start: number;
  end: number;
}

/** Same normalisation as the tokenizer (NFKC, lower case, CRLF → LF), so segment offsets match token offsets. */
function norm(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\r\n?/g, '\n');
}

/** The parts of a prompt in order, mirroring buildPrompt; their concatenation is the prompt. */
export function promptSegments(spec: PromptSpec): { text: string; segments: Segment[] } {
  const parts: { kind: SegmentKind; example: number | null; text: string }[] = [];
  const f = spec.format;
  if (spec.instruction)
    parts.push({ kind: 'instruction', example: null, text: spec.instruction }, { kind: 'format', example: null, text: '\n' });
  spec.examples.forEach((ex, i) => {
    parts.push(
      { kind: 'format', example: i, text: f.inputPrefix },
      { kind: 'input', example: i, text: ex.input },
      { kind: 'format', example: i, text: f.outputPrefix },
      { kind: 'output', example: i, text: ex.output },
      { kind: 'format', example: null, text: f.exampleSeparator },
    );
  });
  parts.push(
    { kind: 'format', example: null, text: f.inputPrefix },
    { kind: 'query', example: null, text: spec.query },
    { kind: 'format', example: null, text: f.outputPrefix },
  );
  const text = buildPrompt(spec);
  const segments: Segment[] = [];
  let at = 0;
  for (const p of parts) {
    const n = norm(p.text);
    if (n.length === 0) continue;
    segments.push({ kind: p.kind, example: p.example, start: at, end: at + n.length });
    at += n.length;
  }
  // Normalising part by part equals normalising the whole except in exotic cases (combining marks across parts).
  if (at !== norm(text).length) return { text, segments: [{ kind: 'format', example: null, start: 0, end: norm(text).length }] };
  return { text, segments };
}

/** The segment a token belongs to: the one that contains its first character. */
export function segmentAt(segments: readonly Segment[], offset: number): Segment | null {
  for (const s of segments) if (offset >= s.start && offset < s.end) return s;
  return null;
}

/** How many tokens the greedy answer may take: enough for the expected answer plus a stop token, at least 3. */
export function answerLimit(expectedTokens: number): number {
  return Math.max(3, Math.min(16, expectedTokens + 2));
}

/** A prompt fits when it leaves room in the context for the answer and its stop token. */
export function fitsContext(tok: { encode(text: string): unknown[] }, contextLength: number): (text: string, query: TaskPair) => boolean {
  return (text, query) => tok.encode(text).length + answerLimit(tok.encode(query.output).length) <= contextLength;
}

export interface ShotPrompt {
  spec: PromptSpec;
  text: string;
  segments: Segment[];
  /** Examples asked for, and examples that fit into the context. */
  requested: number;
  k: number;
  query: TaskPair;
  queryIndex: number;
}

export interface PromptOptions {
  seed: number;
  format: FewShotFormat;
  /** Keep the instruction line when there are examples (zero-shot always has it). */
  withInstruction: boolean;
  /** Whether a prompt leaves room for the answer in the context; examples are dropped from the end until it does. */
  fits: (text: string, query: TaskPair) => boolean;
}

/** The prompt for query `queryIndex` with k examples, in the training format (fewshot.ts). */
export function makeShotPrompt(task: PromptTask, queryIndex: number, k: number, o: PromptOptions): ShotPrompt {
  const query = task.queries[queryIndex];
  if (!query) throw new Error(`No query ${queryIndex} in task ${task.id}`);
  const examples = drawExamples(task, queryIndex, o.seed, Math.max(0, k));
  let kk = Math.min(Math.max(0, k), examples.length);
  for (;;) {
    const spec: PromptSpec = {
      instruction: (kk === 0 || o.withInstruction) && task.instruction ? task.instruction : null,
      examples: examples.slice(0, kk),
      query: query.input,
      format: o.format,
    };
    const { text, segments } = promptSegments(spec);
    if (kk === 0 || o.fits(text, query)) return { spec, text, segments, requested: k, k: kk, query, queryIndex };
    kk--;
  }
}

/** `makeShotPrompt` for the format id; unknown ids fall back to the task's first format. */
export function formatFor(task: PromptTask, formatId: string): FewShotFormat {
  return formatById(FORMATS.some((f) => f.id === formatId) ? formatId : (task.formats[0] ?? 'arrow'));
}

/**
 * Answers are compared after normalisation: NFKC, lower case, whitespace
 * removed. The tokenizer ignores spaces (it only cuts text at them), so the
 * model cannot express a spacing difference: "guinea-bissau" and
 * "guinea - bissau" are the same answer to it.
 */
export function normalizeAnswer(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

export function isCorrect(completion: string, expected: string): boolean {
  const e = normalizeAnswer(expected);
  return e.length > 0 && normalizeAnswer(completion) === e;
}

/** What a tokenizer needs to tell apart about spaces (src/model/textTokenizer.ts). */
export interface SpaceTokenizer {
  newlineId: number;
  sepId: number;
  encodePiece(text: string): number[];
  /** GPT-2's BPE: a space belongs to the token after it. */
  spaceAware: boolean;
}

/** Tokens that end an answer: newline, [SEP], and the first token of the example separator (";" for inline; also " ;" for GPT-2's BPE). */
export function stopIds(tok: SpaceTokenizer, format: FewShotFormat): Set<number> {
  const s = new Set([tok.newlineId, tok.sepId]);
  const sep = format.exampleSeparator.trim();
  for (const piece of sep ? (tok.spaceAware ? [sep, ` ${sep}`] : [sep]) : []) {
    const first = tok.encodePiece(piece)[0];
    if (first !== undefined) s.add(first);
  }
  return s;
}

/**
 * The prompt as the model reads it. With a space-aware tokenizer (GPT-2) a
 * prompt ending in "-> " would end in a lone space token that the model
 * almost never saw before an answer: the space goes to the answer instead
 * (`answerText`), as in GPT-2's own text (" cold" is one token).
 */
export function promptText(text: string, tok: Pick<SpaceTokenizer, 'spaceAware'>): string {
  return tok.spaceAware ? text.replace(/[ \t]+$/, '') : text;
}

/** The expected answer as the model would write it after `promptText(text)`. */
export function answerText(text: string, output: string, tok: Pick<SpaceTokenizer, 'spaceAware'>): string {
  return tok.spaceAware && /[ \t]$/.test(text) ? ` ${output}` : output;
}

/** Index of the largest value (the lowest index on ties). */
export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if ((row[i] as number) > (row[best] as number)) best = i;
  return best;
}

export interface GreedyOptions {
  maxNew: number;
  stop: ReadonlySet<number>;
  contextLength: number;
  decode: (ids: readonly number[]) => string;
  /** Stop as soon as the answer can no longer equal this (for scoring only: the verdict is unchanged). */
  expected?: string;
}

export interface GreedyResult {
  /** Generated answer tokens, without the stop token. */
  ids: number[];
  text: string;
  end: 'stop' | 'limit' | 'context' | 'mismatch';
  /** Forward passes run. */
  passes: number;
}

/**
 * Greedy completion: the most likely token, step after step, until a stop
 * token or `maxNew` tokens. `next(ids)` returns the logits of the last
 * position; `first` (optional) are the logits already computed for the prompt.
 * With `expected`, generation ends once the text stops being a prefix of the
 * expected answer: whitespace-free decoded text only grows, so the verdict of
 * `isCorrect` is the same as after a full completion.
 */
export async function greedyAnswer(
  promptIds: readonly number[],
  next: (ids: number[]) => Promise<ArrayLike<number>>,
  o: GreedyOptions,
  first?: ArrayLike<number>,
): Promise<GreedyResult> {
  const ids = [...promptIds];
  const out: number[] = [];
  let passes = 0;
  let logits = first;
  const target = o.expected === undefined ? null : normalizeAnswer(o.expected);
  for (;;) {
    if (out.length >= o.maxNew) return { ids: out, text: o.decode(out), end: 'limit', passes };
    if (ids.length >= o.contextLength) return { ids: out, text: o.decode(out), end: 'context', passes };
    if (!logits) {
      logits = await next(ids);
      passes++;
    }
    const id = argmax(logits);
    logits = undefined;
    if (o.stop.has(id)) return { ids: out, text: o.decode(out), end: 'stop', passes };
    out.push(id);
    ids.push(id);
    if (target !== null && !target.startsWith(normalizeAnswer(o.decode(out))))
      return { ids: out, text: o.decode(out), end: 'mismatch', passes };
  }
}

/**
 * Attention of the last position (where the answer is predicted) onto every
 * prompt position, averaged over heads, for one layer or averaged over layers.
 * `attention` is `[L][H][T][T]` row-major; the result sums to 1.
 */
export function attentionFromLast(attention: ArrayLike<number>, L: number, H: number, T: number, layer: number | 'mean'): Float64Array {
  const out = new Float64Array(T);
  const layers = layer === 'mean' ? Array.from({ length: L }, (_, i) => i) : [layer];
  const q = T - 1;
  for (const l of layers) {
    for (let h = 0; h < H; h++) {
      const base = ((l * H + h) * T + q) * T;
      for (let k = 0; k < T; k++) out[k] = (out[k] as number) + (attention[base + k] as number);
    }
  }
  const n = layers.length * H;
  for (let k = 0; k < T; k++) out[k] = (out[k] as number) / n;
  return out;
}

/** Attention mass per kind of prompt part (examples = inputs + outputs). */
export function attentionByKind(weights: ArrayLike<number>, kinds: readonly (SegmentKind | null)[]): Record<SegmentKind, number> {
  const r: Record<SegmentKind, number> = { instruction: 0, input: 0, output: 0, query: 0, format: 0 };
  for (let i = 0; i < kinds.length; i++) r[kinds[i] ?? 'format'] += weights[i] as number;
  return r;
}

/**
 * The order in which the batch run takes the queries: a seeded shuffle of all
 * query indices (presets are stored sorted, e.g. all "good" words first, so
 * the first n in file order would be a biased sample). The first n are used.
 */
export function batchQueryOrder(task: PromptTask, seed: number): number[] {
  return new Rng(drawSeed(seed, `${task.id}/batch`, 0)).shuffle(task.queries.map((_, i) => i));
}

export interface BatchCell {
  k: number;
  correct: number;
  total: number;
  /** Prompts that held fewer examples than k because of the context length. */
  shortened: number;
}

/** Accuracy per k from per-prompt verdicts. */
export function tally(results: readonly { k: number; correct: boolean; shortened: boolean }[], ks: readonly number[]): BatchCell[] {
  return ks.map((k) => {
    const rs = results.filter((r) => r.k === k);
    return { k, total: rs.length, correct: rs.filter((r) => r.correct).length, shortened: rs.filter((r) => r.shortened).length };
  });
}
