/**
 * Hugging Face tensor names and layouts → the engine's weights (family.ts).
 *
 * GPT-2 (`transformer.` prefix when saved from GPT2LMHeadModel, none in the
 * `gpt2` repository's file): Conv1D weights are already `[in, out]`, the
 * engine's kernel layout; `c_attn` holds q, k and v side by side `[d, 3d]`.
 * The causal-mask buffers some files hold (`h.N.attn.bias`,
 * `h.N.attn.masked_bias`) are not weights and are skipped.
 *
 * BERT (`bert.` prefix, or none): nn.Linear weights are `[out, in]` and are
 * transposed; LayerNorm parameters are `weight`/`bias` or, in older files,
 * `gamma`/`beta`; only the type-0 row of the token-type embedding is used.
 * The pooler and next-sentence head (BertForPreTraining) are skipped.
 *
 * An explicit output matrix (`lm_head.weight`, `cls.predictions.decoder.weight`)
 * is compared with the token embedding when read: equal means tied.
 */
import { headSize, weightSpecs } from '../config';
import type { HfModelSpec } from './hfConfig';
import type { SafetensorsHeader } from './safetensors';

export class HfMappingError extends Error {
  constructor(
    message: string,
    readonly tensor?: string,
  ) {
    super(message);
    this.name = 'HfMappingError';
  }
}

export type Op = { kind: 'copy' } | { kind: 'transpose' } | { kind: 'columns'; part: number; of: number } | { kind: 'row0' };

export interface Recipe {
  /** Engine weight name. */
  target: string;
  targetShape: number[];
  op: Op;
}

export interface Plan {
  /** Per source tensor (file name), the engine weights made from it. */
  bySource: Map<string, Recipe[]>;
  /** Tensors in the file that are not weights of the model. */
  ignored: Set<string>;
  /** An explicit output matrix to compare with `wte` (tied when equal). */
  head: string | null;
  /** The file name of `wte`. */
  wte: string;
}

const dims = (s: number[]) => s.join(', ');

/** Source shape an op needs to produce `target`. */
function sourceShape(op: Op, target: number[]): number[] | null {
  if (op.kind === 'copy') return target;
  if (op.kind === 'transpose') return [target[1] as number, target[0] as number];
  if (op.kind === 'columns')
    return target.length === 1 ? [(target[0] as number) * op.of] : [target[0] as number, (target[1] as number) * op.of];
  return null; // row0: [types, d], any number of types
}

export function planMapping(spec: HfModelSpec, header: SafetensorsHeader): Plan {
  const names = new Set(header.byName.keys());
  const c = spec.config;
  const gpt = spec.architecture === 'GPT2LMHeadModel';
  const marker = gpt ? 'wte.weight' : 'embeddings.word_embeddings.weight';
  const prefix = [gpt ? 'transformer.' : 'bert.', ''].find((p) => names.has(p + marker));
  if (prefix === undefined) {
    throw new HfMappingError(
      `model.safetensors lacks the token embedding "${gpt ? 'transformer.' : 'bert.'}${marker}" (is it a ${spec.architecture}?)`,
      marker,
    );
  }
  const has = (n: string) => names.has(prefix + n);
  /** The file name for a base name, trying LayerNorm's older spellings. */
  const src = (...alts: string[]): string => {
    for (const a of alts) if (has(a)) return prefix + a;
    return prefix + (alts[0] as string);
  };
  const ln = (base: string) =>
    gpt ? [src(`${base}.weight`), src(`${base}.bias`)] : [src(`${base}.weight`, `${base}.gamma`), src(`${base}.bias`, `${base}.beta`)];
  const rows: [string, string, Op][] = []; // [target, source, op]
  const copy: Op = { kind: 'copy' };
  const tr: Op = { kind: 'transpose' };
  const lnRows = (target: string, base: string) => {
    const [g, b] = ln(base) as [string, string];
    rows.push([`${target}.gamma`, g, copy], [`${target}.beta`, b, copy]);
  };
  if (gpt) {
    rows.push(['wte', src('wte.weight'), copy], ['wpe', src('wpe.weight'), copy]);
    for (let i = 0; i < c.nLayers; i++) {
      const h = `h.${i}`;
      const b = `blocks.${i}`;
      lnRows(`${b}.ln1`, `${h}.ln_1`);
      ['q', 'k', 'v'].forEach((name, part) => {
        rows.push([`${b}.attn.${name}.w`, src(`${h}.attn.c_attn.weight`), { kind: 'columns', part, of: 3 }]);
        rows.push([`${b}.attn.${name}.b`, src(`${h}.attn.c_attn.bias`), { kind: 'columns', part, of: 3 }]);
      });
      rows.push([`${b}.attn.o.w`, src(`${h}.attn.c_proj.weight`), copy], [`${b}.attn.o.b`, src(`${h}.attn.c_proj.bias`), copy]);
      lnRows(`${b}.ln2`, `${h}.ln_2`);
      rows.push([`${b}.mlp.fc.w`, src(`${h}.mlp.c_fc.weight`), copy], [`${b}.mlp.fc.b`, src(`${h}.mlp.c_fc.bias`), copy]);
      rows.push([`${b}.mlp.proj.w`, src(`${h}.mlp.c_proj.weight`), copy], [`${b}.mlp.proj.b`, src(`${h}.mlp.c_proj.bias`), copy]);
    }
    lnRows('lnf', 'ln_f');
  } else {
    const e = 'embeddings';
    rows.push(['wte', src(`${e}.word_embeddings.weight`), copy], ['wpe', src(`${e}.position_embeddings.weight`), copy]);
    rows.push(['tte', src(`${e}.token_type_embeddings.weight`), { kind: 'row0' }]);
    lnRows('emb.ln', `${e}.LayerNorm`);
    for (let i = 0; i < c.nLayers; i++) {
      const l = `encoder.layer.${i}`;
      const b = `blocks.${i}`;
      for (const [name, hf] of [
        ['q', 'query'],
        ['k', 'key'],
        ['v', 'value'],
      ] as const) {
        rows.push(
          [`${b}.attn.${name}.w`, src(`${l}.attention.self.${hf}.weight`), tr],
          [`${b}.attn.${name}.b`, src(`${l}.attention.self.${hf}.bias`), copy],
        );
      }
      rows.push(
        [`${b}.attn.o.w`, src(`${l}.attention.output.dense.weight`), tr],
        [`${b}.attn.o.b`, src(`${l}.attention.output.dense.bias`), copy],
      );
      lnRows(`${b}.ln1`, `${l}.attention.output.LayerNorm`);
      rows.push([`${b}.mlp.fc.w`, src(`${l}.intermediate.dense.weight`), tr], [`${b}.mlp.fc.b`, src(`${l}.intermediate.dense.bias`), copy]);
      rows.push([`${b}.mlp.proj.w`, src(`${l}.output.dense.weight`), tr], [`${b}.mlp.proj.b`, src(`${l}.output.dense.bias`), copy]);
      lnRows(`${b}.ln2`, `${l}.output.LayerNorm`);
    }
  }
  // BERT's MLM head lives outside the `bert.` prefix.
  const cls = (n: string, ...alts: string[]) => [n, ...alts].find((a) => names.has(a)) ?? n;
  if (!gpt) {
    const t = 'cls.predictions.transform';
    rows.push(['head.transform.w', cls(`${t}.dense.weight`), tr], ['head.transform.b', cls(`${t}.dense.bias`), copy]);
    rows.push(['head.ln.gamma', cls(`${t}.LayerNorm.weight`, `${t}.LayerNorm.gamma`), copy]);
    rows.push(['head.ln.beta', cls(`${t}.LayerNorm.bias`, `${t}.LayerNorm.beta`), copy]);
    rows.push(['head.bias', cls('cls.predictions.bias', 'cls.predictions.decoder.bias'), copy]);
  }
  const targetShapes = new Map(weightSpecs({ ...c, untiedHead: false }).map((s) => [s.name, s.shape]));
  const bySource = new Map<string, Recipe[]>();
  for (const [target, source, op] of rows) {
    const targetShape = targetShapes.get(target);
    if (!targetShape) throw new Error(`mapping: no engine weight "${target}"`);
    const entry = header.byName.get(source);
    if (!entry) throw new HfMappingError(`model.safetensors lacks tensor "${source}" (a ${spec.architecture} needs it)`, source);
    const want = sourceShape(op, targetShape);
    const ok = want
      ? dims(entry.shape) === dims(want)
      : entry.shape.length === 2 && entry.shape[1] === c.dModel && (entry.shape[0] as number) >= 1;
    if (!ok) {
      throw new HfMappingError(
        `tensor "${source}" has shape [${dims(entry.shape)}]; config.json (d=${c.dModel}, heads=${c.nHeads}×${headSize(c)}, layers=${c.nLayers}) needs [${want ? dims(want) : `types, ${c.dModel}`}]`,
        source,
      );
    }
    const list = bySource.get(source) ?? [];
    list.push({ target, targetShape, op });
    bySource.set(source, list);
  }
  const headName = gpt ? 'lm_head.weight' : 'cls.predictions.decoder.weight';
  const head = names.has(headName) ? headName : null;
  if (head && dims(header.byName.get(head)?.shape ?? []) !== dims([c.vocabSize, c.dModel])) {
    throw new HfMappingError(
      `tensor "${head}" has shape [${dims(header.byName.get(head)?.shape ?? [])}], needs [${c.vocabSize}, ${c.dModel}]`,
      head,
    );
  }
  if (!head && spec.untiedHint)
    throw new HfMappingError(`config.json says tie_word_embeddings: false, but "${headName}" is missing`, headName);
  const ignored = new Set<string>();
  const skippable = gpt
    ? /^(transformer\.)?h\.\d+\.attn\.(bias|masked_bias)$/
    : /^(bert\.)?(pooler\.|embeddings\.position_ids$)|^cls\.seq_relationship\.|^cls\.predictions\.decoder\.bias$/;
  for (const n of names) {
    if (bySource.has(n) || n === head) continue;
    if (skippable.test(n)) ignored.add(n);
    else
      throw new HfMappingError(`model.safetensors has a tensor "${n}" that is not part of a ${spec.architecture} as this app reads it`, n);
  }
  return { bySource, ignored, head, wte: [...bySource].find(([, r]) => r.some((x) => x.target === 'wte'))?.[0] as string };
}

/** Applies an op to a source tensor's values (row-major, `shape`). */
export function applyOp(op: Op, values: Float32Array, shape: number[]): Float32Array {
  if (op.kind === 'copy') return values;
  if (op.kind === 'row0') return values.slice(0, shape[1]);
  if (op.kind === 'transpose') {
    const [r, c] = shape as [number, number];
    const out = new Float32Array(r * c);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = values[i * c + j] as number;
    return out;
  }
  if (shape.length === 1) {
    const w = (shape[0] as number) / op.of;
    return values.slice(op.part * w, (op.part + 1) * w);
  }
  const [r, c] = shape as [number, number];
  const w = c / op.of;
  const out = new Float32Array(r * w);
  for (let i = 0; i < r; i++) out.set(values.subarray(i * c + op.part * w, i * c + (op.part + 1) * w), i * w);
  return out;
}
