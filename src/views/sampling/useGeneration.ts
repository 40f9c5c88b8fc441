/**
 * Runs the generation of the sampling view: the plan from the current model
 * and prompt, then `generate` with the slice's settings, seed and count. Kept
 * logits are reused across setting changes; when a changed setting changes a
 * drawn token, the steps after it are recomputed and the change is reported
 * (`diff`) so the view can show what changed and why.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useEngine } from '../../app/EngineContext';
import { type GenerationPlan, type GenStep, generate } from '../../model/generate';
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

export function useGeneration(): Generation {
  const engine = useEngine();
  const model = useRuntime((s) => s.model);
  const prompt = useAppStore((s) => s.prompt.text);
  const modelId = useEffectiveModelId();
  const { temperature, topK, topP, seed, generated, maxTokens } = useAppStore((s) => s.sampling);

  const tokenizer = useMemo(() => (model ? tokenizerFor(model.tokenizer) : null), [model]);
  const { plan, dropped } = useMemo(() => {
    if (!model || !tokenizer || model.id !== modelId) return { plan: null, dropped: 0 };
    const all = tokenizer.encodeIds(prompt);
    const ctx = model.config.contextLength;
    const dropped = Math.max(0, all.length - ctx);
    const p: GenerationPlan = {
      mode: model.objective === 'mlm' ? 'mlm' : 'clm',
      promptIds: all.slice(dropped),
      contextLength: ctx,
      endId: tokenizer.sepId,
      maskId: tokenizer.maskId,
    };
    return { plan: p, dropped };
  }, [model, tokenizer, modelId, prompt]);

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
    const publish = (s: readonly GenStep[]) => {
      if (runId.current !== id) return;
      const copy = [...s];
      last.current = { plan, steps: copy, settings: settingsKey, seed };
      setSteps(copy);
    };
    setBusy(true);
    setError(null);
    // A causal run never goes past the chosen number of tokens; a masked one fills at most every mask.
    const count = plan.mode === 'clm' ? Math.min(generated, maxTokens) : generated;
    // Causal models generate through a KV cache in the worker, keeping each step's attention row.
    const session = () => engine.generation(model.id, { attention: true });
    generate({ plan, settings, seed, count, forward, session, previous, cancelled: () => runId.current !== id, onStep: publish })
      .then((r) => {
        if (runId.current !== id) return;
        publish(r.steps);
        setStopped(r.stopped);
        const tokens = r.steps.map((s) => s.draw.id);
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
  }, [engine, model, plan, temperature, topK, topP, seed, generated, maxTokens]);

  return { plan, tokenizer, modelId: model?.id ?? null, steps, busy, stopped, error, diff, dropped };
}
