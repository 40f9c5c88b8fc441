/**
 * Few-shot accuracy of a causal model on the held-out pairs of
 * public/data/tasks.json, with the prompting view's own code
 * (src/analysis/prompting.ts → src/analysis/fewshot.ts): the same seeded
 * example draws, the same prompt text, the same context fitting, greedy
 * answers with the same stop tokens and answer length limit.
 *
 * Two settings:
 * - "app": the prompting view's defaults (format arrow, seed 7, instruction
 *   line kept in every prompt; zero-shot always has it).
 * - "bare": no instruction line anywhere (zero-shot is just `query -> `).
 *
 * Queries: the first `perTask` of the batch run's seeded order (the same
 * shuffle the view's batch run uses), or all when perTask is 0.
 * Verdicts: `answerMatches` of fewshot.ts (the expected words, in order, at
 * the start of the answer) and, alongside, the view's stricter `isCorrect`
 * (the whole answer equals the expected one, spaces ignored).
 */
import { answerMatches, buildPrompt } from '../../src/analysis/fewshot';
import {
  answerLimit,
  drawSeed,
  fitsContext,
  formatFor,
  greedyAnswer,
  isCorrect,
  makeShotPrompt,
  type PromptTask,
  stopIds,
} from '../../src/analysis/prompting';
import { Rng } from '../../src/model/rng';
import type { Tokenizer } from '../../src/model/tokenizer';
import type { Transformer } from '../../src/model/transformer';

/** The prompting view's defaults (src/state/slices/prompting.ts). */
export const APP_DEFAULTS = { format: 'arrow', seed: 7, instruction: true } as const;

/** app: the view's defaults; bare: no instruction anywhere; independent: the view's defaults on the independent items only. */
export type FewShotSetting = 'app' | 'bare' | 'independent';

export interface FewShotCell {
  k: number;
  correct: number;
  strict: number;
  total: number;
  /** Prompts that held fewer than k examples (context length). */
  shortened: number;
}

export interface TaskResult {
  task: string;
  queries: number;
  cells: FewShotCell[];
}

/** Same order as the view's batch run: a seeded shuffle of the query indices (seed mixed with `<task>/batch`). */
export function queryOrder(task: PromptTask, seed: number): number[] {
  return new Rng(drawSeed(seed, `${task.id}/batch`, 0)).shuffle(task.queries.map((_, i) => i));
}

export interface FewShotOptions {
  setting: FewShotSetting;
  ks: readonly number[];
  perTask: number;
  /** Ask exactly these queries (indices into task.queries) instead of the batch order. */
  indices?: readonly number[];
  /** The seed of the example draw (default: the view's, APP_DEFAULTS.seed); the queries stay those of the view's batch order. */
  drawSeed?: number;
  onPrompt?: () => void;
}

export async function evaluateTask(model: Transformer, tok: Tokenizer, task: PromptTask, o: FewShotOptions): Promise<TaskResult> {
  const C = model.config.contextLength;
  const format = formatFor(task, APP_DEFAULTS.format);
  const withInstruction = o.setting !== 'bare';
  const fits = fitsContext(tok, C);
  const stop = stopIds(tok, format);
  const order = queryOrder(task, APP_DEFAULTS.seed);
  const qs = o.indices ? [...o.indices] : o.perTask > 0 ? order.slice(0, o.perTask) : order;
  const next = async (ids: number[]) => (await model.forward(ids, { logits: 'last', attention: false, residual: false })).logits;
  const cells: FewShotCell[] = [];
  for (const k of o.ks) {
    const cell: FewShotCell = { k, correct: 0, strict: 0, total: 0, shortened: 0 };
    for (const q of qs) {
      const p = makeShotPrompt(task, q, k, { seed: o.drawSeed ?? APP_DEFAULTS.seed, format, withInstruction, fits });
      // makeShotPrompt always keeps the instruction at zero shots; the bare setting drops it there too.
      const text = o.setting === 'bare' && p.k === 0 ? buildPrompt({ ...p.spec, instruction: null }) : p.text;
      const expected = p.query.output;
      const ids = tok.encodeIds(text).slice(-C);
      const ans = await greedyAnswer(ids, next, {
        maxNew: answerLimit(tok.encodeIds(expected).length),
        stop,
        contextLength: C,
        decode: (x) => tok.decode(x),
        expected,
      });
      cell.total++;
      if (answerMatches(ans.text, expected)) cell.correct++;
      if (isCorrect(ans.text, expected)) cell.strict++;
      if (p.k < k) cell.shortened++;
      o.onPrompt?.();
    }
    cells.push(cell);
  }
  return { task: task.id, queries: qs.length, cells };
}

/** Accuracy per k averaged over tasks (each task weighs the same). */
export function averageOverTasks(results: readonly TaskResult[], ks: readonly number[]): { k: number; accuracy: number; strict: number }[] {
  return ks.map((k, i) => {
    const cells = results.map((r) => r.cells[i] as FewShotCell).filter((c) => c && c.k === k && c.total > 0);
    const mean = (f: (c: FewShotCell) => number) => (cells.length ? cells.reduce((s, c) => s + f(c), 0) / cells.length : Number.NaN);
    return { k, accuracy: mean((c) => c.correct / c.total), strict: mean((c) => c.strict / c.total) };
  });
}
