/**
 * The sampler: how one next token is chosen from the model's logits.
 *
 * Exact over the whole vocabulary (no top-50 shortcut): softmax(logits / T)
 * in Float64, then the top-k cut-off, then the top-p (nucleus) cut-off on what
 * top-k kept, then the kept set is renormalised and one uniform number u in
 * [0, 1) picks the token where it lands on the cumulative distribution.
 *
 * Order (documented, deterministic): descending probability, ties by lower
 * id. The cumulative distribution is walked in that order, so the same u
 * picks the same token on every backend and at every temperature whose
 * ranking is the same. Temperature 0 means greedy: the top token, whatever u.
 *
 * Pure: no tfjs, React or DOM.
 */
import { Rng } from './rng';

export interface SamplerSettings {
  /** 0: greedy. Otherwise logits are divided by it before the softmax. */
  temperature: number;
  /** Keep only the k most likely tokens; 0 (or ≥ vocabulary size): no cut-off. */
  topK: number;
  /** Keep the smallest set (in order) whose mass reaches p; 1: no cut-off. */
  topP: number;
}

export interface Distribution {
  /** softmax(logits / T) over the full vocabulary (one-hot on the top token when greedy). */
  probs: Float64Array;
  /** Token ids by descending probability, ties by lower id. */
  order: Int32Array;
  /** Position of each id in `order` (0 = most likely). */
  rank: Int32Array;
  /** How many tokens top-k keeps (a prefix of `order`). */
  keptByK: number;
  /** How many tokens survive both cut-offs (a prefix of `order`, ≤ keptByK). */
  kept: number;
  /** Mass (under `probs`) removed by top-k, and then by top-p. */
  removedByK: number;
  removedByP: number;
  /** Mass of the kept set before renormalisation (= 1 − removedByK − removedByP). */
  keptMass: number;
}

/** Orders already computed, per logits array (a step's logits never change once read back). */
const orderCache = new WeakMap<object, Int32Array>();

/** Token ids by descending value, ties by lower id. Memoised per typed array: do not mutate one after ranking it. */
export function rankOrder(values: ArrayLike<number>): Int32Array {
  const cacheable = ArrayBuffer.isView(values);
  const hit = cacheable ? orderCache.get(values) : undefined;
  if (hit) return hit;
  const idx = Int32Array.from({ length: values.length }, (_, i) => i);
  idx.sort((a, b) => (values[b] as number) - (values[a] as number) || a - b);
  if (cacheable) orderCache.set(values, idx);
  return idx;
}

/** softmax(logits / temperature) in Float64; temperature 0 gives one-hot on the top token (ties: lower id). */
export function temperatureSoftmax(logits: ArrayLike<number>, temperature: number): Float64Array {
  const n = logits.length;
  const out = new Float64Array(n);
  let max = -Infinity;
  let arg = 0;
  for (let i = 0; i < n; i++) {
    const v = logits[i] as number;
    if (v > max) {
      max = v;
      arg = i;
    }
  }
  if (temperature <= 0) {
    out[arg] = 1;
    return out;
  }
  let z = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(((logits[i] as number) - max) / temperature);
    out[i] = e;
    z += e;
  }
  for (let i = 0; i < n; i++) out[i] = (out[i] as number) / z;
  return out;
}

/** The distribution the sampler draws from, with the cut-offs and the mass each removes. */
export function distribution(logits: ArrayLike<number>, s: SamplerSettings): Distribution {
  const probs = temperatureSoftmax(logits, s.temperature);
  // Rank by logits, not by probs: at a low temperature many probabilities underflow to 0
  // and would tie, while the logits still order them. The softmax is monotone, so the
  // orders agree wherever the probabilities differ.
  const order = rankOrder(logits);
  const n = order.length;
  const rank = new Int32Array(n);
  for (let r = 0; r < n; r++) rank[order[r] as number] = r;
  const keptByK = s.temperature <= 0 ? 1 : s.topK > 0 ? Math.min(s.topK, n) : n;
  let massK = 0;
  for (let r = 0; r < keptByK; r++) massK += probs[order[r] as number] as number;
  // Top-p on the distribution top-k left, renormalised: keep the shortest prefix whose mass reaches p.
  let kept = keptByK;
  if (s.topP < 1) {
    const target = s.topP * massK;
    let cum = 0;
    for (let r = 0; r < keptByK; r++) {
      cum += probs[order[r] as number] as number;
      // A relative tolerance so that a prefix summing to p up to rounding counts as reaching it.
      if (cum >= target * (1 - 1e-12)) {
        kept = r + 1;
        break;
      }
    }
  }
  let keptMass = 0;
  for (let r = 0; r < kept; r++) keptMass += probs[order[r] as number] as number;
  // Exactly 0 when a cut-off keeps everything (1 − Σp is rounding noise, not mass removed).
  const removedByK = keptByK === n ? 0 : Math.max(0, 1 - massK);
  const removedByP = kept === keptByK ? 0 : Math.max(0, massK - keptMass);
  return { probs, order, rank, keptByK, kept, removedByK, removedByP, keptMass };
}

/** The probability the sampler gives `id`: renormalised over the kept set, 0 outside it. */
export function keptProb(d: Distribution, id: number): number {
  return (d.rank[id] as number) < d.kept ? (d.probs[id] as number) / d.keptMass : 0;
}

/** The renormalised probabilities of the kept set, in order. They sum to 1 (up to rounding). */
export function keptProbs(d: Distribution): Float64Array {
  const out = new Float64Array(d.kept);
  for (let r = 0; r < d.kept; r++) out[r] = (d.probs[d.order[r] as number] as number) / d.keptMass;
  return out;
}

export interface Draw {
  id: number;
  /** Rank of the drawn token in the order (0 = most likely). */
  rank: number;
  /** Its renormalised probability. */
  p: number;
  /** Cumulative mass before and after it: the interval [lo, hi) that u fell into. */
  lo: number;
  hi: number;
}

/**
 * Picks the token where u ∈ [0, 1) lands on the cumulative distribution of the
 * kept set (walked in order). Exact: the interval of token r is
 * [c_r, c_{r+1}) with c_r the renormalised mass of the tokens before it; u
 * beyond the last boundary by rounding picks the last kept token.
 */
export function pick(d: Distribution, u: number): Draw {
  let lo = 0;
  for (let r = 0; r < d.kept; r++) {
    const id = d.order[r] as number;
    const p = (d.probs[id] as number) / d.keptMass;
    const hi = r === d.kept - 1 ? 1 : lo + p;
    if (u < hi) return { id, rank: r, p, lo, hi };
    lo = hi;
  }
  const r = d.kept - 1;
  const id = d.order[r] as number;
  return { id, rank: r, p: (d.probs[id] as number) / d.keptMass, lo, hi: 1 };
}

/** One draw from logits. */
export function sample(logits: ArrayLike<number>, s: SamplerSettings, u: number): Draw {
  return pick(distribution(logits, s), u);
}

/**
 * The uniform numbers of a run: u_i is the i-th output of Rng(seed). Step i
 * always uses u_i, whatever the temperature, top-k or top-p, so the same seed
 * replays the same draws under other settings.
 */
export function uniforms(seed: number, n: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => rng.next());
}

/** Shannon entropy in bits of the kept, renormalised distribution. */
export function keptEntropyBits(d: Distribution): number {
  let h = 0;
  for (let r = 0; r < d.kept; r++) {
    const p = (d.probs[d.order[r] as number] as number) / d.keptMass;
    if (p > 0) h -= p * Math.log2(p);
  }
  return h;
}
