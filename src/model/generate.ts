/**
 * Step-by-step generation ("文字接龙"): read the sequence, get the logits of
 * the next position, draw one token with the seeded uniform of this step,
 * append it, repeat. For a masked model (BERT) each step fills the next
 * [MASK] of the prompt, left to right, instead of appending.
 *
 * Every step keeps the raw logits it was drawn from, so other sampler
 * settings re-derive the draws without running the model again, as long as
 * the drawn tokens stay the same. At the first step whose token changes, the
 * text after it no longer exists for the model: those steps are recomputed.
 *
 * The model is reached through a `forward` callback, so this file runs in
 * Node with a fake model in tests. No React, DOM or tfjs.
 *
 * A causal run can instead go through a `session` (a key/value cache in the
 * engine): the prompt is read once, then each step feeds only the token just
 * drawn. To keep a seed's run bit-for-bit the same however it was reached,
 * the cache is always built the same way: the prompt in one pass, then every
 * generated token as its own step (`start` replays the kept tokens one by
 * one before it continues).
 */
import {
  type Distribution,
  type Draw,
  distribution,
  keptEntropyBits,
  pick,
  type SamplerSettings,
  temperatureSoftmax,
  uniforms,
} from './sampling';

export interface GenerationPlan {
  /** 'clm': append at the end (GPT). 'mlm': fill the prompt's [MASK]s left to right (BERT). */
  mode: 'clm' | 'mlm';
  /** Prompt ids, already cut to the context length. */
  promptIds: readonly number[];
  contextLength: number;
  /** Generation stops after drawing this token ([SEP]). */
  endId: number;
  maskId: number;
}

export interface GenStep {
  /** Position in the sequence whose logits were read (the token drawn goes there). */
  position: number;
  /** Raw logits for that position, full vocabulary. */
  logits: Float32Array;
  /** The seeded uniform of this step. */
  u: number;
  draw: Draw;
  /** Entropy (bits) of the model's own distribution (temperature 1, no cut-off) and of the one sampled from. */
  entropyModel: number;
  entropy: number;
  /**
   * Attention probe of this step, when the model ran through a session: the
   * query at `position` over keys `0..position`, row-major `[nLayers][nHeads][position + 1]`.
   */
  attention?: Float32Array;
}

/** Reads the logits row for `position` of `ids`. */
export type ForwardRow = (ids: number[], position: number) => Promise<Float32Array>;

/** What one pass of a generation session returns: the logits of the last position fed, and its attention row. */
export interface SessionRow {
  logits: Float32Array;
  attention?: Float32Array;
}

/** How a session draws the tokens of a batch: this sampler, step j of the batch with `uniforms[j]`. */
export interface BatchChoice {
  settings: SamplerSettings;
  uniforms: number[];
}

/** A causal generation session with a key/value cache (see the file comment). */
export interface GenSession {
  /** Reads the prompt in one pass, then each `replay` token as its own step; returns the last position's row. */
  start(promptIds: number[], replay: number[]): Promise<SessionRow>;
  /** Feeds one more token; returns its position's row. */
  step(id: number): Promise<SessionRow>;
  /**
   * Feeds `first`, then the token it draws from each step's logits (`choice`), up to `count` steps in all;
   * stops after drawing `stopAt`. Returns every step's row and the token drawn from it.
   */
  run?(first: number, count: number, choice: BatchChoice, stopAt: number): Promise<(SessionRow & { chosen: number })[]>;
  /** The tokens read so far (prompt, replay, steps), when the session keeps track of them. */
  readonly fed?: readonly number[];
  /** Frees the cache. Called once when the run ends, however it ends (unless the caller keeps it). */
  end(): void;
}

/** Where the [MASK]s of the prompt are. */
export function maskPositions(plan: GenerationPlan): number[] {
  const out: number[] = [];
  plan.promptIds.forEach((id, i) => {
    if (id === plan.maskId) out.push(i);
  });
  return out;
}

/** How many steps the plan allows at most (context room, or number of masks). */
export function capacity(plan: GenerationPlan): number {
  if (plan.mode === 'mlm') return maskPositions(plan).length;
  return plan.promptIds.length === 0 ? 0 : Math.max(0, plan.contextLength - plan.promptIds.length);
}

/** The sequence after the given steps: prompt plus drawn tokens (appended, or written into the masks). */
export function sequenceAfter(plan: GenerationPlan, steps: readonly Pick<GenStep, 'position' | 'draw'>[]): number[] {
  const ids = [...plan.promptIds];
  for (const s of steps) {
    if (plan.mode === 'mlm') ids[s.position] = s.draw.id;
    else ids.push(s.draw.id);
  }
  return ids;
}

/** The position the next step reads, or null when the run is over (end token, context full, no mask left). */
export function nextPosition(plan: GenerationPlan, steps: readonly GenStep[]): number | null {
  const n = steps.length;
  if (n >= capacity(plan)) return null;
  if (plan.mode === 'mlm') return maskPositions(plan)[n] ?? null;
  if (n > 0 && steps[n - 1]?.draw.id === plan.endId) return null;
  return plan.promptIds.length + n - 1;
}

/** One step from its logits: the draw and the entropies. */
export function makeStep(position: number, logits: Float32Array, settings: SamplerSettings, u: number, entropyModel?: number): GenStep {
  const d: Distribution = distribution(logits, settings);
  let h = entropyModel ?? 0;
  if (entropyModel === undefined) for (const p of temperatureSoftmax(logits, 1)) if (p > 0) h -= p * Math.log2(p);
  return { position, logits, u, draw: pick(d, u), entropyModel: h, entropy: keptEntropyBits(d) };
}

export interface GenerateResult {
  steps: GenStep[];
  /** First step whose token differs from the previous run's (null: none changed). */
  changedAt: number | null;
  /** Forward passes run (the rest were re-derived from kept logits). */
  passes: number;
  /** Why the run stopped short of `count`: 'end' token, 'full' context or masks, or null. */
  stopped: 'end' | 'full' | null;
  /** With `keep`: the session, still open. */
  session?: GenSession;
}

const sameIds = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export interface GenerateOptions {
  plan: GenerationPlan;
  settings: SamplerSettings;
  seed: number;
  /** Steps wanted. */
  count: number;
  forward: ForwardRow;
  /** Opens a key/value-cache session; used instead of `forward` for causal plans when given. */
  session?: () => GenSession;
  /** The previous run's steps, for the same plan: reused while their tokens stay the same. */
  previous?: readonly GenStep[];
  /** Checked after every forward pass; true abandons the run (the result so far is returned). */
  cancelled?: () => boolean;
  /** Called with the steps re-derived from kept logits, then after every new step. */
  onStep?: (steps: readonly GenStep[]) => void;
  /** Most steps per session call (default 1: one token per call). */
  batch?: number;
  /** An open session from the previous run of this plan: continued when it has read exactly the prompt and the kept draws. */
  reuse?: GenSession;
  /** Leave the session open and hand it back in the result (the caller ends it). */
  keep?: boolean;
}

export async function generate(o: GenerateOptions): Promise<GenerateResult> {
  const us = uniforms(o.seed, Math.max(0, o.count));
  const steps: GenStep[] = [];
  let changedAt: number | null = null;
  const prev = o.previous ?? [];
  // Re-derive from kept logits while the drawn tokens stay the same.
  for (let i = 0; i < prev.length && i < o.count; i++) {
    const old = prev[i] as GenStep;
    if (nextPosition(o.plan, steps) !== old.position) break;
    const step = makeStep(old.position, old.logits, o.settings, us[i] as number, old.entropyModel);
    if (old.attention) step.attention = old.attention;
    steps.push(step);
    if (step.draw.id !== old.draw.id) {
      changedAt = i;
      break;
    }
  }
  if (changedAt === null && steps.length < prev.length && steps.length < o.count) changedAt = steps.length;
  if (steps.length > 0) o.onStep?.(steps);
  let passes = 0;
  let session: GenSession | null = null;
  const drawn = () => steps.map((x) => x.draw.id);
  // The previous run's open session continues this one if it has read the prompt and every kept draw but the last.
  let candidate = o.reuse;
  let reused = false;
  const takeReuse = (): GenSession | null => {
    const c = candidate;
    candidate = undefined;
    if (!c) return null;
    if (o.plan.mode === 'clm' && steps.length > 0 && c.fed && sameIds(c.fed, [...o.plan.promptIds, ...drawn().slice(0, -1)])) return c;
    c.end();
    return null;
  };
  const push = (pos: number, row: SessionRow) => {
    const step = makeStep(pos, row.logits, o.settings, us[steps.length] as number);
    if (row.attention) step.attention = row.attention;
    steps.push(step);
    return step;
  };
  try {
    while (steps.length < o.count) {
      const pos = nextPosition(o.plan, steps);
      if (pos === null) break;
      let rows: (SessionRow & { chosen?: number })[];
      if (o.plan.mode === 'clm' && o.session) {
        if (!session) {
          session = takeReuse();
          reused = session !== null;
        }
        if (!session) {
          session = o.session();
          rows = [await session.start([...o.plan.promptIds], drawn())];
        } else {
          const last = (steps[steps.length - 1] as GenStep).draw.id;
          const room = Math.min(o.count - steps.length, o.plan.contextLength - o.plan.promptIds.length - steps.length);
          const k = Math.min(room, Math.max(1, o.batch ?? 1));
          try {
            const choice = { settings: o.settings, uniforms: us.slice(steps.length, steps.length + k) };
            rows = k > 1 && session.run ? await session.run(last, k, choice, o.plan.endId) : [await session.step(last)];
          } catch (e) {
            if (!reused) throw e;
            // The kept session is gone (the engine restarted, or dropped it): start afresh.
            session.end();
            session = null;
            continue;
          }
          reused = false;
        }
      } else rows = [{ logits: await o.forward(sequenceAfter(o.plan, steps), pos) }];
      passes += rows.length;
      if (o.cancelled?.()) break;
      for (const row of rows) {
        const p = nextPosition(o.plan, steps);
        if (p === null) break;
        const step = push(p, row);
        // Drawn the same way by construction; if not, the session read other tokens than these and cannot go on.
        if (row.chosen !== undefined && row.chosen !== step.draw.id) {
          session?.end();
          session = null;
          break;
        }
      }
      o.onStep?.(steps);
    }
  } catch (e) {
    session?.end();
    throw e;
  }
  // Nothing needed the kept session: it goes back as it was.
  if (!session && candidate && o.keep) session = candidate;
  else candidate?.end();
  if (!o.keep) session?.end();
  let stopped: GenerateResult['stopped'] = null;
  if (steps.length < o.count) {
    const last = steps[steps.length - 1];
    stopped = o.plan.mode === 'clm' && last?.draw.id === o.plan.endId ? 'end' : 'full';
  }
  return { steps, changedAt, passes, stopped, ...(o.keep && session ? { session } : {}) };
}
