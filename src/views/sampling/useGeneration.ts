/**
 * Runs the generation of the sampling view: the plan from the current model
 * and prompt, then `generate` with the slice's settings, seed and count. Kept
 * logits are reused across setting changes; when a changed setting changes a
 * drawn token, the steps after it are recomputed and the change is reported
 * (`diff`) so the view can show what changed and why.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useAblationKey } from '../../app/ablation';
import { useEngine } from '../../app/EngineContext';
import { type GenerationPlan, type GenSession, type GenStep, generate } from '../../model/generate';
import type { SamplerSettings } from '../../model/sampling';
import type { TextTokenizer } from '../../model/textTokenizer';
import { tokenizerFor } from '../../model/tokenizers';
import { useEffectiveModelId, useRuntime } from '../../state/runtime';
import { useAppStore } from '../../state/store';

export interface GenerationDiff {
  /** First step whose token changed. */
  at: number;
  /** The previous run's tokens (generated part). */
  before: number[];
  /** What changed: 'settings' (temperature, top-k, top-p) or 'seed'. */
  cause: 'settings' | 'seed';
}

export interface Generation {
  plan: GenerationPlan | null;
  tokenizer: TextTokenizer | null;
  modelId: string | null;
  steps: readonly GenStep[];
  busy: boolean;
  stopped: 'end' | 'full' | null;
  error: string | null;
  diff: GenerationDiff | null;
  /** Prompt tokens cut off to fit the context. */
  dropped: number;
}

/** Most steps one message to the engine computes (a link that opens at 20 tokens costs one round trip, not 20). */
export const GEN_BATCH = 16;

/** Steps are computed ahead only while a batch of them stays this short (GPT-2 on a software GPU takes seconds a step). */
const AHEAD_BUDGET_MS = 100;

/**
 * @param ahead Most steps to compute beyond those asked for, kept for the next ones (Play: each tick then shows a
 *   step already computed, and the engine gets one message per `ahead` + 1 steps instead of one per step).
 */
export function useGeneration(ahead = 0): Generation {
  const engine = useEngine();
  const model = useRuntime((s) => s.model);
  const prompt = useAppStore((s) => s.prompt.text);
  const modelId = useEffectiveModelId();
  const { temperature, topK, topP, seed, generated, maxTokens } = useAppStore((s) => s.sampling);
  // Heads switched off (Attention view): the engine runs every pass of this model with them off.
  const ablation = useAblationKey(modelId);

  const tokenizer = useMemo(() => (model ? tokenizerFor(model.tokenizer) : null), [model]);
  const { plan, dropped } = useMemo(() => {
    if (!model || !tokenizer || model.id !== modelId) return { plan: null, dropped: 0 };
    const all = tokenizer.encodeIds(prompt);
    const ctx = model.config.contextLength;
    const dropped = Math.max(0, all.length - ctx);
    // The plan names the heads off, so switching one makes a new plan: a new run, no kept logits or session reused.
    const p: GenerationPlan & { ablation: string } = {
      ablation,
      mode: model.objective === 'mlm' ? 'mlm' : 'clm',
      promptIds: all.slice(dropped),
      contextLength: ctx,
      endId: tokenizer.sepId,
      maskId: tokenizer.maskId,
    };
    return { plan: p, dropped };
  }, [model, tokenizer, modelId, prompt, ablation]);

  const [steps, setSteps] = useState<readonly GenStep[]>([]);
  const [busy, setBusy] = useState(false);
  const [stopped, setStopped] = useState<'end' | 'full' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [diff, setDiff] = useState<GenerationDiff | null>(null);
  const last = useRef<{ plan: GenerationPlan | null; steps: readonly GenStep[]; settings: string; seed: number }>({
    plan: null,
    steps: [],
    settings: '',
    seed: -1,
  });
  /** The last run that finished: what a change of settings or seed is compared with. */
  const done = useRef<{ plan: GenerationPlan | null; tokens: number[]; settings: string; seed: number }>({
    plan: null,
    tokens: [],
    settings: '',
    seed: -1,
  });
  const runId = useRef(0);
  /** The session the last finished run left open (this plan), continued by the next run when it fits. */
  const live = useRef<{ plan: GenerationPlan; session: GenSession } | null>(null);
  /** Measured milliseconds per engine step of the last run (null: none yet). */
  const stepMs = useRef<number | null>(null);
  useEffect(
    () => () => {
      live.current?.session.end();
      live.current = null;
    },
    [],
  );

  useEffect(() => {
    const id = ++runId.current;
    if (!plan || !model) {
      setSteps([]);
      setStopped(null);
      setBusy(false);
      return;
    }
    const settings: SamplerSettings = { temperature, topK, topP };
    const settingsKey = `${temperature}|${topK}|${topP}`;
    const prev = last.current;
    const samePlan = prev.plan === plan;
    const previous = samePlan ? prev.steps : [];
    const base = done.current;
    const comparable = base.plan === plan;
    const cause: GenerationDiff['cause'] | null =
      comparable && base.seed !== seed ? 'seed' : comparable && base.settings !== settingsKey ? 'settings' : null;
    if (!samePlan) setDiff(null);
    const V = model.config.vocabSize;
    const forward = async (ids: number[], position: number): Promise<Float32Array> => {
      const out = await engine.forwardIds(model.id, ids, {
        logits: plan.mode === 'clm' ? 'last' : 'all',
        attention: false,
        residual: false,
      });
      // Copy the one row, so a step does not keep the whole [T][V] block alive.
      return plan.mode === 'clm' ? out.logits.slice(0, V) : out.logits.slice(position * V, (position + 1) * V);
    };
    // A causal run never goes past the chosen number of tokens; a masked one fills at most every mask.
    const count = plan.mode === 'clm' ? Math.min(generated, maxTokens) : generated;
    const publish = (s: readonly GenStep[]) => {
      if (runId.current !== id) return;
      const copy = [...s];
      last.current = { plan, steps: copy, settings: settingsKey, seed };
      setSteps(copy.length > count ? copy.slice(0, count) : copy);
    };
    setBusy(true);
    setError(null);
    // Causal models generate through a KV cache in the worker, keeping each step's attention row.
    const session = () => engine.generation(model.id, { attention: true });
    // The kept session is this run's alone until it is handed back (a superseded run ends its own).
    const kept = live.current;
    live.current = null;
    const reuse = kept && kept.plan === plan ? kept.session : undefined;
    if (kept && !reuse) kept.session.end();
    // Ahead: once the steps computed ahead are used up, the next batch (the kept ones cost no engine call).
    const ms = stepMs.current;
    const extra = plan.mode === 'clm' && count > 0 && ms !== null ? Math.min(ahead, Math.floor(AHEAD_BUDGET_MS / Math.max(ms, 1))) : 0;
    const total = extra > 0 ? Math.min(maxTokens, previous.length >= count ? previous.length : count + extra) : count;
    const t0 = performance.now();
    generate({
      plan,
      settings,
      seed,
      count: total,
      forward,
      session,
      previous,
      reuse,
      keep: true,
      batch: GEN_BATCH,
      cancelled: () => runId.current !== id,
      onStep: publish,
    })
      .then((r) => {
        if (runId.current !== id) {
          r.session?.end();
          return;
        }
        if (r.session) live.current = { plan, session: r.session };
        if (r.passes > 0) stepMs.current = (performance.now() - t0) / r.passes;
        publish(r.steps);
        // Stopped short of the steps asked for (not of those computed ahead).
        setStopped(r.steps.length < count ? r.stopped : null);
        const tokens = r.steps.slice(0, count).map((s) => s.draw.id);
        if (cause) {
          let at = 0;
          while (at < tokens.length && at < base.tokens.length && tokens[at] === base.tokens[at]) at++;
          const changed = at < Math.min(tokens.length, base.tokens.length) || tokens.length !== base.tokens.length;
          setDiff(changed ? { at, before: base.tokens, cause } : null);
        }
        done.current = { plan, tokens, settings: settingsKey, seed };
        setBusy(false);
      })
      .catch((e: unknown) => {
        if (runId.current !== id) return;
        setError((e as Error).message);
        setBusy(false);
      });
    // Leaving the view (or a newer run) abandons this one after its current pass.
    return () => {
      if (runId.current === id) runId.current++;
    };
  }, [engine, model, plan, temperature, topK, topP, seed, generated, maxTokens, ahead]);

  return { plan, tokenizer, modelId: model?.id ?? null, steps, busy, stopped, error, diff, dropped };
}
