/**
 * Generation sessions in the engine worker: one key/value cache each. A
 * session reads the prompt once, then one token per step; `genRun` runs
 * several steps for one message, choosing each next token here (greedy, or
 * the app's own sampler with the uniforms the page sends), so a batch costs
 * one round trip to the page instead of one per token. The page re-derives
 * every draw from the logits it receives with the same sampler, so it sees
 * exactly what a step-by-step run would have given.
 */
import type { HeadAblation } from '../model/ablation';
import { KVCache, type StepOptions, type StepResult } from '../model/kvcache';
import { type SamplerSettings, sample } from '../model/sampling';
import type { Transformer } from '../model/transformer';
import type { GenRunOutput, GenStepOutput, TokenChoice } from './protocol';

/** A page that forgets to end sessions cannot pile up caches: past this many, the oldest goes. */
const MAX_SESSIONS = 4;

/** Argmax, ties by lower id (the sampler's greedy choice without sorting the vocabulary). */
function argmax(a: Float32Array): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if ((a[i] as number) > (a[best] as number)) best = i;
  return best;
}

function choose(c: TokenChoice, logits: Float32Array, j: number): number {
  if (c.kind === 'greedy') return argmax(logits);
  const s: SamplerSettings = c.settings;
  return s.temperature <= 0 ? argmax(logits) : sample(logits, s, c.uniforms[j] as number).id;
}

/** The buffers of a step's arrays, each once (they may be views of one buffer). */
function buffersOf(rs: readonly StepResult[]): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  for (const r of rs) for (const a of [r.logits, r.attention, r.residual]) set.add(a.buffer as ArrayBuffer);
  return [...set];
}

export function createSessions() {
  const sessions = new Map<number, KVCache>();
  let next = 1;

  const get = (id: number): KVCache => {
    const cache = sessions.get(id);
    if (!cache) throw new Error(`generation session ${id} is not open`);
    return cache;
  };
  const one = (session: number, r: StepResult, ms: number): { value: GenStepOutput; transfer: ArrayBuffer[] } => ({
    value: { session, position: r.position, logits: r.logits, attention: r.attention, residual: r.residual, ms },
    transfer: buffersOf([r]),
  });

  return {
    /** Reads `ids` in one pass, then each `replay` token as its own step. */
    async start(model: Transformer, ids: number[], replay: number[], options?: StepOptions, ablation?: HeadAblation | null) {
      const t0 = performance.now();
      const cache = new KVCache(model, { ablation });
      try {
        let r = await cache.append(ids, options);
        for (const id of replay) r = await cache.step(id, options);
        const session = next++;
        sessions.set(session, cache);
        for (const [old, c] of sessions) {
          if (sessions.size <= MAX_SESSIONS) break;
          c.dispose();
          sessions.delete(old);
        }
        return one(session, r, performance.now() - t0);
      } catch (e) {
        cache.dispose();
        throw e;
      }
    },
    async step(session: number, id: number, options?: StepOptions) {
      const t0 = performance.now();
      return one(session, await get(session).step(id, options), performance.now() - t0);
    },
    /**
     * Feeds `first`, then up to `count - 1` tokens it chooses itself; stops after choosing
     * `stopAt` or when the context is full. Returns every step's probes and the token chosen from it.
     */
    async run(session: number, first: number, count: number, choice: TokenChoice, options?: StepOptions, stopAt?: number) {
      const t0 = performance.now();
      const cache = get(session);
      const limit = cache.contextLength;
      const rows: StepResult[] = [];
      const chosen: number[] = [];
      let id = first;
      while (rows.length < count && cache.length < limit) {
        const r = await cache.step(id, options);
        rows.push(r);
        id = choose(choice, r.logits, rows.length - 1);
        chosen.push(id);
        if (id === stopAt) break;
      }
      const value: GenRunOutput = {
        session,
        steps: rows.map((r, j) => ({
          position: r.position,
          logits: r.logits,
          attention: r.attention,
          residual: r.residual,
          chosen: chosen[j] as number,
        })),
        ms: performance.now() - t0,
      };
      return { value, transfer: buffersOf(rows) };
    },
    end(session: number): boolean {
      sessions.get(session)?.dispose();
      return sessions.delete(session);
    },
  };
}
