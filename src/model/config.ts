/**
 * Model configuration. One shape for both shipped models: a GPT-style causal
 * language model and a BERT-style masked language model differ only in
 * `causal` (the attention mask) and in the objective they were trained on.
 */
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
}

export interface WeightSpec {
  name: string;
  shape: number[];
}

/**
 * Every tensor a model of this config owns, with its shape. Linear layers are
 * stored as TensorFlow kernels: `[in, out]`, applied as `x @ w + b`.
 * The output projection is tied to `wte` (logits = h @ wteᵀ), so it has no
 * tensor of its own.
 */
export function weightSpecs(c: ModelConfig): WeightSpec[] {
  const d = c.dModel;
  const specs: WeightSpec[] = [
    { name: 'wte', shape: [c.vocabSize, d] },
    { name: 'wpe', shape: [c.contextLength, d] },
  ];
  for (let i = 0; i < c.nLayers; i++) {
    const p = `blocks.${i}`;
    specs.push(
      { name: `${p}.ln1.gamma`, shape: [d] },
      { name: `${p}.ln1.beta`, shape: [d] },
      { name: `${p}.attn.q.w`, shape: [d, d] },
      { name: `${p}.attn.q.b`, shape: [d] },
      { name: `${p}.attn.k.w`, shape: [d, d] },
      { name: `${p}.attn.k.b`, shape: [d] },
      { name: `${p}.attn.v.w`, shape: [d, d] },
      { name: `${p}.attn.v.b`, shape: [d] },
      { name: `${p}.attn.o.w`, shape: [d, d] },
      { name: `${p}.attn.o.b`, shape: [d] },
      { name: `${p}.ln2.gamma`, shape: [d] },
      { name: `${p}.ln2.beta`, shape: [d] },
      { name: `${p}.mlp.fc.w`, shape: [d, c.dMlp] },
      { name: `${p}.mlp.fc.b`, shape: [c.dMlp] },
      { name: `${p}.mlp.proj.w`, shape: [c.dMlp, d] },
      { name: `${p}.mlp.proj.b`, shape: [d] },
    );
  }
  specs.push({ name: 'lnf.gamma', shape: [d] }, { name: 'lnf.beta', shape: [d] });
  return specs;
}

export function parameterCount(c: ModelConfig): number {
  return weightSpecs(c).reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
}
