/**
 * Runs the three lanes (zero-, one-, few-shot) for the chosen query: one
 * forward pass with attention at the answer position, then the greedy answer
 * (one pass per further token, logits of the last position only).
 */
import { useEffect, useState } from 'react';
import { type Ranked, softmax, topK } from '../../analysis/probability';
import {
  answerLimit,
  answerText,
  fitsContext,
  greedyAnswer,
  isCorrect,
  makeShotPrompt,
  type PromptOptions,
  type PromptTask,
  promptText,
  type Segment,
  type ShotPrompt,
  segmentAt,
  stopIds,
} from '../../analysis/prompting';
import { useAblationKey } from '../../app/ablation';
import { useEngine } from '../../app/EngineContext';
import type { Token } from '../../model/tokenizer';
import type { CausalModel } from './useSources';

export interface LaneResult {
  shots: number;
  prompt: ShotPrompt;
  tokens: Token[];
  /** Segment of every prompt token (instruction, example input/output, query, format). */
  segments: (Segment | null)[];
  /** `[L][H][T][T]` attention probabilities of the prompt pass. */
  attention: Float32Array;
  probs: Float64Array;
  top: Ranked[];
  /** First token of the expected answer, its probability and rank (1 = most likely). */
  expected: { id: number; p: number; rank: number } | null;
  completion: string;
  completionIds: number[];
  correct: boolean;
  passes: number;
  /** The heads that were switched off (ablationKey; '' for the full model). */
  ablation: string;
}

function rankOf(probs: Float64Array, id: number): number {
  const p = probs[id] as number;
  let r = 1;
  for (let i = 0; i < probs.length; i++) if ((probs[i] as number) > p) r++;
  return r;
}

export function useLanes(
  model: CausalModel | null,
  task: PromptTask | null,
  queryIndex: number,
  shots: readonly number[],
  opts: Omit<PromptOptions, 'fits'> | null,
): { lanes: LaneResult[] | null; error: string | null; busy: boolean } {
  const engine = useEngine();
  const [state, setState] = useState<{ lanes: LaneResult[] | null; error: string | null; busy: boolean }>({
    lanes: null,
    error: null,
    busy: false,
  });
  const shotsKey = shots.join(',');
  // Heads switched off (Attention view) change every answer: the lanes run again.
  const ablation = useAblationKey(model?.id);
  useEffect(() => {
    if (!model || !task || !opts || !task.queries[queryIndex]) return;
    let live = true;
    setState((s) => ({ ...s, busy: true }));
    const { tokenizer: tok, config, id } = model;
    const fits = fitsContext(tok, config.contextLength);
    const stop = stopIds(tok, opts.format);
    const run = async (): Promise<LaneResult[]> => {
      const out: LaneResult[] = [];
      for (const k of shotsKey.split(',').map(Number)) {
        const prompt = makeShotPrompt(task, queryIndex, k, { ...opts, fits });
        const tokens = tok.encode(promptText(prompt.text, tok)).slice(-config.contextLength);
        const ids = tokens.map((t) => t.id);
        const pass = await engine.forwardIds(id, ids, { logits: 'last', attention: true, residual: false });
        if (!live) return out;
        const probs = softmax(pass.logits);
        const expectedIds = tok.encodePiece(answerText(prompt.text, prompt.query.output, tok));
        const first = expectedIds[0];
        const answer = await greedyAnswer(
          ids,
          async (next) => {
            if (!live) throw new Error('cancelled');
            return (await engine.forwardIds(id, next, { logits: 'last', attention: false, residual: false })).logits;
          },
          { maxNew: answerLimit(expectedIds.length), stop, contextLength: config.contextLength, decode: (x) => tok.decode(x) },
          pass.logits,
        );
        out.push({
          shots: k,
          prompt,
          tokens,
          segments: tokens.map((t) => segmentAt(prompt.segments, t.start)),
          attention: pass.attention,
          probs,
          top: topK(probs, 6),
          expected: first === undefined ? null : { id: first, p: probs[first] as number, rank: rankOf(probs, first) },
          completion: answer.text,
          completionIds: answer.ids,
          correct: isCorrect(answer.text, prompt.query.output),
          passes: answer.passes + 1,
          ablation,
        });
      }
      return out;
    };
    run().then(
      (lanes) => live && setState({ lanes, error: null, busy: false }),
      (e: unknown) => live && setState({ lanes: null, error: (e as Error).message, busy: false }),
    );
    return () => {
      live = false;
    };
  }, [engine, model, task, queryIndex, shotsKey, opts, ablation]);
  return state;
}
