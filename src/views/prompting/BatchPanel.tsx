import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  answerLimit,
  answerText,
  type BatchCell,
  batchQueryOrder,
  fitsContext,
  greedyAnswer,
  isCorrect,
  MAX_SHOTS,
  makeShotPrompt,
  type PromptOptions,
  type PromptTask,
  promptText,
  stopIds,
  tally,
} from '../../analysis/prompting';
import { useAblationKey } from '../../app/ablation';
import { useEngine } from '../../app/EngineContext';
import { Panel } from '../../components/Panel';
import { useAppStore } from '../../state/store';
import { drawAccuracy } from './drawAccuracy';
import type { CausalModel } from './useSources';

export const BATCH_KS = Array.from({ length: MAX_SHOTS + 1 }, (_, k) => k);

/** Finished runs of this page by key, so a run with heads off can be read beside the full model's. */
const finished = new Map<string, BatchCell[]>();

interface Verdict {
  k: number;
  kUsed: number;
  query: number;
  input: string;
  expected: string;
  answer: string;
  correct: boolean;
  shortened: boolean;
}

interface BatchRun {
  key: string;
  status: 'running' | 'done' | 'cancelled' | 'error';
  done: number;
  total: number;
  n: number;
  verdicts: Verdict[];
  passes: number;
  ms: number;
  error?: string;
}

/**
 * Accuracy over the held-out queries for k = 0…8, computed in the page: every
 * prompt is answered greedily by the model, one forward pass at a time, with
 * progress and a cancel button. The result is component state, not a choice.
 */
export function BatchPanel({ model, task, opts }: { model: CausalModel; task: PromptTask; opts: Omit<PromptOptions, 'fits'> }) {
  const { t } = useTranslation();
  const engine = useEngine();
  const limit = useAppStore((s) => s.prompting.batchQueries);
  const update = useAppStore((s) => s.update);
  const available = task.queries.length;
  const n = limit === 0 ? available : Math.min(limit, available);
  const base = `${model.id}|${task.id}|${opts.format.id}|${opts.seed}|${opts.withInstruction}|${n}|${task.pool.length}|${JSON.stringify(task.queries.slice(0, n))}`;
  // Heads switched off (Attention view): another model, another result; the full model's, if run, is kept beside it.
  const ablation = useAblationKey(model.id);
  const key = `${base}|${ablation}`;
  const fullCells = ablation ? finished.get(`${base}|`) : undefined;
  const [latest, setRun] = useState<BatchRun | null>(null);
  const run = latest && latest.key === key ? latest : null;
  const cancel = useRef<(() => void) | null>(null);
  const runKey = useRef<string | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const gRef = useRef<SVGGElement>(null);

  // A change of task, model or prompt settings makes a result meaningless: stop the run, hide the result.
  useEffect(() => {
    if (runKey.current !== key) cancel.current?.();
  }, [key]);

  const start = () => {
    cancel.current?.();
    let stopped = false;
    cancel.current = () => {
      stopped = true;
    };
    const { tokenizer: tok, config, id } = model;
    const fits = fitsContext(tok, config.contextLength);
    const stop = stopIds(tok, opts.format);
    const order = batchQueryOrder(task, opts.seed).slice(0, n);
    const total = BATCH_KS.length * n;
    const t0 = performance.now();
    runKey.current = key;
    const state: BatchRun = { key, status: 'running', done: 0, total, n, verdicts: [], passes: 0, ms: 0 };
    setRun({ ...state });
    const loop = async () => {
      for (const k of BATCH_KS) {
        for (const q of order) {
          if (stopped) return;
          const prompt = makeShotPrompt(task, q, k, { ...opts, fits });
          const ids = tok.encodeIds(promptText(prompt.text, tok)).slice(-config.contextLength);
          const expected = prompt.query.output;
          const ans = await greedyAnswer(
            ids,
            async (x) => {
              if (stopped) throw new Error('cancelled');
              return (await engine.forwardIds(id, x, { logits: 'last', attention: false, residual: false })).logits;
            },
            {
              maxNew: answerLimit(tok.encodePiece(answerText(prompt.text, expected, tok)).length),
              stop,
              contextLength: config.contextLength,
              decode: (x) => tok.decode(x),
              expected,
            },
          );
          state.passes += ans.passes;
          state.verdicts.push({
            k,
            kUsed: prompt.k,
            query: q,
            input: prompt.query.input,
            expected,
            answer: ans.text,
            correct: isCorrect(ans.text, expected),
            shortened: prompt.k < k,
          });
          state.done++;
          state.ms = performance.now() - t0;
          setRun({ ...state, verdicts: [...state.verdicts] });
          // Let the page paint and take input between prompts.
          await new Promise((r) => setTimeout(r, 0));
        }
      }
    };
    loop().then(
      () => {
        if (!stopped) finished.set(key, tally(state.verdicts, BATCH_KS));
        setRun({ ...state, status: stopped ? 'cancelled' : 'done', verdicts: [...state.verdicts] });
      },
      (e: unknown) =>
        setRun({ ...state, status: stopped ? 'cancelled' : 'error', error: (e as Error).message, verdicts: [...state.verdicts] }),
    );
  };

  useEffect(() => () => cancel.current?.(), []);

  const cells: BatchCell[] = useMemo(() => (run ? tally(run.verdicts, BATCH_KS) : []), [run]);
  const note = t('prompting.batch.note', { count: run?.n ?? n });

  useEffect(() => {
    if (!gRef.current || !run) return;
    drawAccuracy(gRef.current, cells, {
      width: 560,
      height: 280,
      ks: BATCH_KS,
      xLabel: t('prompting.batch.xLabel'),
      yLabel: t('prompting.batch.yLabel'),
      note,
    });
  }, [cells, run, t, note]);

  const running = run?.status === 'running';
  return (
    <Panel
      id="prompting.batch"
      className="shot-batch panel-bar"
      name={`prompting-${task.id}-accuracy`}
      title={t('prompting.batch.heading')}
      svg={() => svgRef.current}
      data={() => ({ model: model.id, task: task.id, format: opts.format.id, seed: opts.seed, cells, verdicts: run?.verdicts ?? [] })}
      data-testid="shot-batch"
      data-state={run?.status ?? 'idle'}
      data-queries={n}
      aria-labelledby="shot-batch-h"
    >
      <h3 id="shot-batch-h">{t('prompting.batch.heading')}</h3>
      <p className="explain">{t('prompting.batch.explain')}</p>
      <div className="shot-batch-controls">
        <label className="field inline">
          <span>{t('prompting.batch.queries', { count: available })}</span>
          <input
            type="number"
            data-testid="shot-batch-queries"
            min={0}
            max={available}
            value={limit}
            disabled={running}
            onChange={(e) => {
              const v = Math.round(Number(e.target.value));
              if (Number.isFinite(v)) update('prompting', { batchQueries: Math.max(0, Math.min(1000, v)) });
            }}
          />
        </label>
        <span className="muted small">{t('prompting.batch.queriesHint')}</span>
        <button type="button" data-testid="shot-batch-run" onClick={start} disabled={running}>
          {t('prompting.batch.run', { prompts: BATCH_KS.length * n })}
        </button>
        <button type="button" data-testid="shot-batch-cancel" onClick={() => cancel.current?.()} disabled={!running}>
          {t('prompting.batch.cancel')}
        </button>
      </div>
      {run ? (
        <div className="shot-batch-progress" aria-live="polite">
          <progress max={run.total} value={run.done} aria-label={t('prompting.batch.progressLabel')} data-testid="shot-batch-progress" />
          <span className="small">
            {t(`prompting.batch.status.${run.status}`, {
              done: run.done,
              total: run.total,
              passes: run.passes,
              seconds: (run.ms / 1000).toFixed(1),
            })}
          </span>
          {run.error && run.status === 'error' ? <span className="notice notice-error">{run.error}</span> : null}
        </div>
      ) : null}
      {run && run.verdicts.length > 0 ? (
        <div className="shot-batch-result">
          <figure className="shot-batch-figure">
            <svg ref={svgRef} viewBox="0 0 560 280" role="img" aria-label={t('prompting.batch.chartLabel', { count: run.n })}>
              <g ref={gRef} />
            </svg>
          </figure>
          <table className="shot-batch-table">
            <caption className="visually-hidden">{t('prompting.batch.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">k</th>
                <th scope="col">{t('prompting.batch.correct')}</th>
                <th scope="col">{t('prompting.batch.accuracy')}</th>
                <th scope="col">{t('prompting.batch.shortened')}</th>
                {fullCells ? <th scope="col">{t('prompting.batch.fullModel')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {cells
                .filter((c) => c.total > 0)
                .map((c) => (
                  <tr key={c.k} data-testid="shot-batch-cell" data-k={c.k} data-correct={c.correct} data-total={c.total}>
                    <th scope="row">{c.k}</th>
                    <td>
                      {c.correct}/{c.total}
                    </td>
                    <td>{Math.round((100 * c.correct) / c.total)}%</td>
                    <td>{c.shortened}</td>
                    {fullCells ? <FullCell cell={fullCells.find((f) => f.k === c.k)} /> : null}
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Panel>
  );
}

/** The full model's accuracy at one k, from its finished run (beside a run with heads off). */
function FullCell({ cell }: { cell: BatchCell | undefined }) {
  if (!cell || cell.total === 0) return <td>–</td>;
  return (
    <td data-testid="shot-batch-full" data-correct={cell.correct} data-total={cell.total}>
      {Math.round((100 * cell.correct) / cell.total)}%
    </td>
  );
}
