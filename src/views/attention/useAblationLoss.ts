/**
 * The losses of the Attention view's ablation panel, computed in the page:
 * the current text's loss with all heads on and with the chosen heads off
 * (one batched pass of two rows), and the importance map — every head
 * switched off alone, in batches of passes, with progress and cancel.
 */
import { useEffect, useRef, useState } from 'react';
import { batchSize, type LossSummary, singleHeads, summarise } from '../../analysis/ablation';
import { useEngine } from '../../app/EngineContext';
import type { AblationKind } from '../../model/ablation';

export interface LossInput {
  modelId: string;
  ids: number[];
  causal: boolean;
  vocabSize: number;
  L: number;
  H: number;
  kind: AblationKind;
  /** Heads off now, `[layer, head]`. */
  heads: [number, number][];
}

const enough = (x: LossInput) => x.ids.length >= (x.causal ? 2 : 1);

/** Full model and ablated model on the current text; null while measuring or with nothing off. */
export function useAblationLoss(x: LossInput | null): { full: LossSummary; ablated: LossSummary } | null {
  const engine = useEngine();
  const [state, setState] = useState<{ key: string; full: LossSummary; ablated: LossSummary } | null>(null);
  const key = x && x.heads.length > 0 && enough(x) ? `${x.modelId}|${x.kind}|${JSON.stringify(x.heads)}|${x.ids.join(',')}` : '';
  const input = useRef(x);
  input.current = x;
  useEffect(() => {
    const x = input.current;
    if (!key || !x) return;
    let live = true;
    engine
      .tokenLosses(x.modelId, x.ids, [[], x.heads], x.kind, x.ids)
      .then((losses) => {
        const [full, ablated] = summarise(losses, x.ids, x.causal);
        if (live && full && ablated) setState({ key, full, ablated });
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [engine, key]);
  return state && state.key === key ? state : null;
}

export interface ImportanceMap {
  key: string;
  status: 'running' | 'done' | 'cancelled' | 'error';
  done: number;
  total: number;
  passes: number;
  ms: number;
  kind: AblationKind;
  /** `[L][H]` change of the text's mean loss (nats) when the head alone is off; NaN until measured. */
  delta: Float64Array;
  error?: string;
}

/** Maps made this session, by model, kind and text (leaving the view and coming back keeps them). */
const maps = new Map<string, ImportanceMap>();

export function importanceKey(x: LossInput): string {
  return `${x.modelId}|${x.kind}|${x.ids.join(',')}`;
}

export function useImportance(x: LossInput | null): {
  map: ImportanceMap | null;
  /** The latest map of this model, even if made for another text or kind (shown as stale). */
  stale: boolean;
  run: () => void;
  cancel: () => void;
  canRun: boolean;
} {
  const engine = useEngine();
  const [, setTick] = useState(0);
  const stop = useRef<(() => void) | null>(null);
  const key = x ? importanceKey(x) : '';
  const current = maps.get(key) ?? null;
  const latest = useRef<ImportanceMap | null>(null);
  if (current) latest.current = current;
  const shown = current ?? (latest.current && x && latest.current.key.startsWith(`${x.modelId}|`) ? latest.current : null);
  const running = useRef('');
  useEffect(() => () => stop.current?.(), []);
  // Another text, model or kind: a map still being made for the old one is no longer wanted.
  useEffect(() => {
    if (running.current && running.current !== key) stop.current?.();
  }, [key]);

  const run = () => {
    if (!x || !enough(x)) return;
    stop.current?.();
    running.current = key;
    let stopped = false;
    stop.current = () => {
      stopped = true;
    };
    const heads = singleHeads(x.L, x.H);
    const B = batchSize(x.ids.length, x.vocabSize);
    const map: ImportanceMap = {
      key,
      status: 'running',
      done: 0,
      total: heads.length,
      passes: 0,
      ms: 0,
      kind: x.kind,
      delta: new Float64Array(heads.length).fill(Number.NaN),
    };
    maps.set(key, map);
    setTick((n) => n + 1);
    const t0 = performance.now();
    const publish = (patch: Partial<ImportanceMap>) => {
      maps.set(key, { ...(maps.get(key) ?? map), ...patch, ms: performance.now() - t0 });
      setTick((n) => n + 1);
    };
    void (async () => {
      try {
        // The full model's loss rides along with the first batch (one row more).
        let base: number | null = null;
        for (let i = 0; i < heads.length && !stopped; ) {
          const chunk = heads.slice(i, i + (base === null ? B - 1 || 1 : B));
          const variants = [...(base === null ? [[] as [number, number][]] : []), ...chunk.map((h) => [h])];
          const s = summarise(await engine.tokenLosses(x.modelId, x.ids, variants, x.kind, x.ids), x.ids, x.causal);
          if (base === null) base = s.shift()?.text ?? Number.NaN;
          s.forEach((r, j) => {
            map.delta[i + j] = r.text - (base as number);
          });
          i += chunk.length;
          map.done = i;
          map.passes++;
          publish({ done: map.done, passes: map.passes, delta: map.delta });
        }
        publish({ status: stopped ? 'cancelled' : 'done' });
      } catch (e) {
        publish({ status: stopped ? 'cancelled' : 'error', error: (e as Error).message });
      }
    })();
  };

  return {
    map: shown,
    stale: shown !== null && shown !== current,
    run,
    cancel: () => stop.current?.(),
    canRun: !!x && enough(x) && current?.status !== 'running',
  };
}
