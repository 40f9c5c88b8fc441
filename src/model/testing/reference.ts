/**
 * An independent forward pass for tests only: plain loops in Float64, written
 * from the architecture description rather than from transformer.ts, so a
 * shared mistake is unlikely. Slow (O(T·d²) per layer in JavaScript): use it
 * on tiny configs and short inputs.
 */
import type { ModelConfig } from '../config';

export type PlainWeights = Record<string, { shape: number[]; values: ArrayLike<number> }>;

export interface ReferenceResult {
  logits: Float64Array; // [T][V]
  attention: Float64Array; // [L][H][T][T]
  residual: Float64Array; // [L+1][T][d]
  /** Each head's output (its attention-weighted mix of values) averaged over the T positions, after ablation: [L][H][hs]. */
  headMeans: Float64Array;
}

/** Heads switched off: their output is 0 ('zero') or the given mean `[L][H][hs]` ('mean'). */
export interface ReferenceAblation {
  off: readonly (readonly [number, number])[];
  means?: ArrayLike<number>;
}

function get(w: PlainWeights, name: string): ArrayLike<number> {
  const t = w[name];
  if (!t) throw new Error(`reference: missing ${name}`);
  return t.values;
}

/** y[t][o] = Σ_i x[t][i] · W[i][o] + b[o]; W stored row-major [in][out]. */
function dense(x: Float64Array, T: number, nIn: number, W: ArrayLike<number>, b: ArrayLike<number>, nOut: number): Float64Array {
  const y = new Float64Array(T * nOut);
  for (let t = 0; t < T; t++) {
    for (let o = 0; o < nOut; o++) {
      let acc = b[o] as number;
      for (let i = 0; i < nIn; i++) acc += (x[t * nIn + i] as number) * (W[i * nOut + o] as number);
      y[t * nOut + o] = acc;
    }
  }
  return y;
}

function norm(x: Float64Array, T: number, d: number, g: ArrayLike<number>, b: ArrayLike<number>, eps: number): Float64Array {
  const y = new Float64Array(T * d);
  for (let t = 0; t < T; t++) {
    let mean = 0;
    for (let i = 0; i < d; i++) mean += x[t * d + i] as number;
    mean /= d;
    let v = 0;
    for (let i = 0; i < d; i++) v += ((x[t * d + i] as number) - mean) ** 2;
    v /= d;
    const inv = 1 / Math.sqrt(v + eps);
    for (let i = 0; i < d; i++) y[t * d + i] = ((x[t * d + i] as number) - mean) * inv * (g[i] as number) + (b[i] as number);
  }
  return y;
}

function geluTanh(v: number): number {
  return 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
}

export function referenceForward(cfg: ModelConfig, w: PlainWeights, ids: readonly number[], ablation?: ReferenceAblation): ReferenceResult {
  const T = ids.length;
  const d = cfg.dModel;
  const H = cfg.nHeads;
  const hs = d / H;
  const V = cfg.vocabSize;
  const L = cfg.nLayers;
  const wte = get(w, 'wte');
  const wpe = get(w, 'wpe');
  const attention = new Float64Array(L * H * T * T);
  const residual = new Float64Array((L + 1) * T * d);
  const headMeans = new Float64Array(L * H * hs);

  let x = new Float64Array(T * d);
  for (let t = 0; t < T; t++) {
    const id = ids[t] as number;
    for (let i = 0; i < d; i++) x[t * d + i] = (wte[id * d + i] as number) + (wpe[t * d + i] as number);
  }
  residual.set(x, 0);

  for (let l = 0; l < L; l++) {
    const p = `blocks.${l}`;
    const h = norm(x, T, d, get(w, `${p}.ln1.gamma`), get(w, `${p}.ln1.beta`), cfg.layerNormEps);
    const q = dense(h, T, d, get(w, `${p}.attn.q.w`), get(w, `${p}.attn.q.b`), d);
    const k = dense(h, T, d, get(w, `${p}.attn.k.w`), get(w, `${p}.attn.k.b`), d);
    const v = dense(h, T, d, get(w, `${p}.attn.v.w`), get(w, `${p}.attn.v.b`), d);
    const heads = new Float64Array(T * d);
    for (let hd = 0; hd < H; hd++) {
      for (let tq = 0; tq < T; tq++) {
        const visible = cfg.causal ? tq + 1 : T;
        const s = new Float64Array(visible);
        let max = -Infinity;
        for (let tk = 0; tk < visible; tk++) {
          let dot = 0;
          for (let i = 0; i < hs; i++) dot += (q[tq * d + hd * hs + i] as number) * (k[tk * d + hd * hs + i] as number);
          s[tk] = dot / Math.sqrt(hs);
          if ((s[tk] as number) > max) max = s[tk] as number;
        }
        let z = 0;
        for (let tk = 0; tk < visible; tk++) {
          s[tk] = Math.exp((s[tk] as number) - max);
          z += s[tk] as number;
        }
        const base = ((l * H + hd) * T + tq) * T;
        for (let tk = 0; tk < visible; tk++) {
          const a = (s[tk] as number) / z;
          attention[base + tk] = a;
          for (let i = 0; i < hs; i++)
            heads[tq * d + hd * hs + i] = (heads[tq * d + hd * hs + i] as number) + a * (v[tk * d + hd * hs + i] as number);
        }
      }
    }
    for (const [ol, oh] of ablation?.off ?? []) {
      if (ol !== l) continue;
      for (let tq = 0; tq < T; tq++) {
        for (let i = 0; i < hs; i++) heads[tq * d + oh * hs + i] = ablation?.means ? (ablation.means[(l * H + oh) * hs + i] as number) : 0;
      }
    }
    for (let hd = 0; hd < H; hd++) {
      for (let i = 0; i < hs; i++) {
        let m = 0;
        for (let tq = 0; tq < T; tq++) m += heads[tq * d + hd * hs + i] as number;
        headMeans[(l * H + hd) * hs + i] = m / T;
      }
    }
    const o = dense(heads, T, d, get(w, `${p}.attn.o.w`), get(w, `${p}.attn.o.b`), d);
    const x1 = new Float64Array(T * d);
    for (let i = 0; i < T * d; i++) x1[i] = (x[i] as number) + (o[i] as number);
    const h2 = norm(x1, T, d, get(w, `${p}.ln2.gamma`), get(w, `${p}.ln2.beta`), cfg.layerNormEps);
    const fc = dense(h2, T, d, get(w, `${p}.mlp.fc.w`), get(w, `${p}.mlp.fc.b`), cfg.dMlp);
    for (let i = 0; i < fc.length; i++) fc[i] = geluTanh(fc[i] as number);
    const proj = dense(fc, T, cfg.dMlp, get(w, `${p}.mlp.proj.w`), get(w, `${p}.mlp.proj.b`), d);
    x = new Float64Array(T * d);
    for (let i = 0; i < T * d; i++) x[i] = (x1[i] as number) + (proj[i] as number);
    residual.set(x, (l + 1) * T * d);
  }

  const hf = norm(x, T, d, get(w, 'lnf.gamma'), get(w, 'lnf.beta'), cfg.layerNormEps);
  const logits = new Float64Array(T * V);
  for (let t = 0; t < T; t++) {
    for (let vId = 0; vId < V; vId++) {
      let acc = 0;
      for (let i = 0; i < d; i++) acc += (hf[t * d + i] as number) * (wte[vId * d + i] as number);
      logits[t * V + vId] = acc;
    }
  }
  return { logits, attention, residual, headMeans };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths differ (${a.length} vs ${b.length})`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}
