/**
 * Runs the forward passes of the drift view: for each model and sentence,
 * the target token's residual vector at every layer, the position vector
 * wpe[position] of the target, and the logit lens at every layer. Passes run
 * one after another (the worker queues them anyway) and are cached per
 * (model, heads switched off, word, sentence), so editing one sentence
 * reruns one pass.
 */
import { useEffect, useState } from 'react';
import { findTarget, type Target } from '../../analysis/drift';
import { softmax, topK } from '../../analysis/probability';
import { ablationKey } from '../../app/ablation';
import type { EngineHandle } from '../../app/engineController';
import type { LoadedModel } from '../../engine/protocol';
import type { TextTokenizer } from '../../model/textTokenizer';
import type { Token } from '../../model/tokenizer';
import type { DriftSentence } from '../../state/slices/drift';
import { useAppStore } from '../../state/store';

export interface LensEntry {
  id: number;
  piece: string;
  p: number;
}

export interface SentenceRun {
  target: Target;
  tokens: Token[];
  /** Tokens beyond the context window were cut off. */
  truncated: boolean;
  /** Raw residual at the target, one row of d per layer (L + 1 rows). Absent when the word is missing. */
  raw?: Float32Array[];
  /** wpe[position of the target] (length d). */
  pos?: Float32Array;
  /** Logit lens: top tokens per layer. */
  lens?: LensEntry[][];
}

export interface ModelRun {
  modelId: string;
  info?: LoadedModel;
  items: (SentenceRun | undefined)[];
  done: number;
  total: number;
  error?: string;
}

const LENS_K = 5;
const cache = new Map<string, SentenceRun>();

async function runSentence(
  engine: EngineHandle,
  info: LoadedModel,
  tokenizer: TextTokenizer,
  word: string,
  text: string,
  ablation: string,
): Promise<SentenceRun> {
  const key = `${info.id}\u0000${ablation}\u0000${word}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const all = tokenizer.encode(text);
  const tokens = all.slice(0, info.config.contextLength);
  const target = findTarget(text, tokens, word);
  const run: SentenceRun = { target, tokens, truncated: all.length > tokens.length };
  if (target.status !== 'missing') {
    const ids = tokens.map((t) => t.id);
    const out = await engine.forwardIds(info.id, ids, { logits: 'last', attention: false, residual: true });
    const { dModel: d, nLayers } = info.config;
    const raw: Float32Array[] = [];
    for (let l = 0; l <= nLayers; l++) {
      const base = (l * out.T + target.index) * d;
      raw.push(out.residual.slice(base, base + d));
    }
    const emb = await engine.embeddings(info.id, [], [target.index]);
    const stacked = new Float32Array((nLayers + 1) * d);
    for (let l = 0; l <= nLayers; l++) stacked.set(raw[l] as Float32Array, l * d);
    const logits = await engine.logitLens(info.id, stacked, nLayers + 1);
    const V = info.config.vocabSize;
    const lens = raw.map((_, l) =>
      topK(softmax(logits.subarray(l * V, (l + 1) * V)), LENS_K).map((r) => ({ id: r.id, piece: tokenizer.display(r.id), p: r.p })),
    );
    Object.assign(run, { raw, pos: emb.pos.slice(0, d), lens });
  }
  cache.set(key, run);
  return run;
}

/** Runs every sentence on every model in `modelIds`; re-renders after each pass with the progress. */
export function useDriftRuns(
  engine: EngineHandle,
  modelIds: readonly string[],
  word: string,
  sentences: readonly DriftSentence[],
): ModelRun[] {
  const modelsKey = modelIds.join(',');
  const textsKey = JSON.stringify(sentences.map((s) => s.text));
  // Heads switched off in a model change its vectors: part of what the runs depend on.
  const ablationsKey = useAppStore((s) => modelIds.map((id) => ablationKey(s.ablation, s.prompt.text, id)).join('\u0001'));
  const key = `${modelsKey}\u0000${ablationsKey}\u0000${word}\u0000${textsKey}`;
  const [runs, setRuns] = useState<{ key: string; runs: ModelRun[] }>({ key: '', runs: [] });
  useEffect(() => {
    let cancelled = false;
    const ids = modelsKey.split(',');
    const ablations = ablationsKey.split('\u0001');
    const texts = JSON.parse(textsKey) as string[];
    const state: ModelRun[] = ids.map((modelId) => ({ modelId, items: [], done: 0, total: texts.length }));
    const publish = () => {
      if (!cancelled)
        setRuns({
          key: `${modelsKey}\u0000${ablationsKey}\u0000${word}\u0000${textsKey}`,
          runs: state.map((r) => ({ ...r, items: [...r.items] })),
        });
    };
    publish();
    void (async () => {
      for (const [m, r] of state.entries()) {
        try {
          const { info, tokenizer } = await engine.load(r.modelId);
          if (cancelled) return;
          r.info = info;
          for (let i = 0; i < texts.length; i++) {
            r.items[i] = await runSentence(engine, info, tokenizer, word, texts[i] as string, ablations[m] ?? '');
            if (cancelled) return;
            r.done = i + 1;
            // Publish every few passes so a long list does not re-render 60 times.
            if (r.done === texts.length || r.done % 4 === 0) publish();
          }
        } catch (e) {
          r.error = (e as Error).message;
        }
        publish();
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [engine, modelsKey, ablationsKey, word, textsKey]);
  // Until the effect has published for these inputs, show them as pending (never stale vectors under new sentences).
  if (runs.key !== key) return modelIds.map((modelId) => ({ modelId, items: [], done: 0, total: sentences.length }));
  return runs.runs;
}
