/**
 * Model configuration. One shape for every model the engine runs: the
 * shipped GPT-style causal and BERT-style masked models differ only in
 * `causal` (the attention mask) and in the objective they were trained on;
 * opened Hugging Face checkpoints add their architecture family
 * (family.ts: GPT-2 or BERT), which decides the rest.
 */
import { type FamilyId, familyOf, familyWeightSpecs } from './family';

export type { FamilyId } from './family';

export interface ModelConfig {
  /** Number of tokens in the vocabulary (rows of the tied embedding). */
  vocabSize: number;
  /** Width of the residual stream. */
  dModel: number;
  /** Attention heads per layer; dModel must be divisible by it. */
  nHeads: number;
  /** Number of Transformer blocks. */
  nLayers: number;
  /** Maximum sequence length (rows of the learned position embedding). */
  contextLength: number;
  /** true: each position attends only to itself and earlier ones (GPT). false: to all (BERT). */
  causal: boolean;
  /** Epsilon inside every LayerNorm. */
  layerNormEps: number;
  /** Hidden width of the MLP, usually 4 × dModel. */
  dMlp: number;
  /** Architecture family (family.ts); absent: 'gpt2', the layout of the shipped models. */
  family?: FamilyId;
  /** The checkpoint has its own output matrix (`out.w`) instead of reusing the token embedding. */
  untiedHead?: boolean;
}

export type ModelObjective = 'clm' | 'mlm';

export function headSize(c: ModelConfig): number {
  return c.dModel / c.nHeads;
}

/** Throws a readable error when a config cannot describe a valid model. */
export function validateConfig(c: ModelConfig): void {
  const ints: (keyof ModelConfig)[] = ['vocabSize', 'dModel', 'nHeads', 'nLayers', 'contextLength', 'dMlp'];
  for (const k of ints) {
    const v = c[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
      throw new Error(`Model config: "${k}" must be a positive integer, got ${String(v)}`);
    }
  }
  if (c.dModel % c.nHeads !== 0) {
    throw new Error(`Model config: dModel (${c.dModel}) is not divisible by nHeads (${c.nHeads})`);
  }
  if (typeof c.causal !== 'boolean') throw new Error('Model config: "causal" must be true or false');
  if (!(c.layerNormEps > 0 && c.layerNormEps < 1)) throw new Error('Model config: "layerNormEps" must be in (0, 1)');
  if (c.family !== undefined && c.family !== 'gpt2' && c.family !== 'bert') {
    throw new Error(`Model config: unknown architecture family "${String(c.family)}"`);
  }
}

export interface WeightSpec {
  name: string;
  shape: number[];
}

/**
 * Every tensor a model of this config owns, with its shape (family.ts).
 * Linear layers are stored as TensorFlow kernels: `[in, out]`, applied as
 * `x @ w + b`. The output projection is tied to `wte` (logits = h @ wteᵀ)
 * unless the config says `untiedHead`.
 */
export function weightSpecs(c: ModelConfig): WeightSpec[] {
  return familyWeightSpecs(familyOf(c), c);
}

export function parameterCount(c: ModelConfig): number {
  return weightSpecs(c).reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
}
