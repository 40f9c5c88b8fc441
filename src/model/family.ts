/**
 * Architecture families: what differs between the models the one engine
 * runs, written as data rather than as branches through the code.
 *
 * - `gpt2` — GPT-2 and the app's shipped models: pre-LayerNorm blocks
 *   (x + f(LN(x))), GELU with the tanh approximation, learned positions, a
 *   final LayerNorm and an output projection tied to the token embedding.
 *   The shipped tiny-bert is this layout too, only bidirectional.
 * - `bert` — BERT (BertForMaskedLM): post-LayerNorm blocks (LN(x + f(x))),
 *   a LayerNorm on the embedding, token-type embeddings (type 0: one
 *   sentence), exact (erf) GELU, no final LayerNorm, and the MLM head:
 *   transform (dense + GELU + LayerNorm), then the tied decoder plus a bias.
 *
 * `causal` and `layerNormEps` stay in the config: they are numbers of a
 * checkpoint, not of its family.
 */
export type FamilyId = 'gpt2' | 'bert';

export interface Family {
  id: FamilyId;
  /** 'pre': x + f(LN(x)) with a final LayerNorm; 'post': LN(x + f(x)), no final LayerNorm. */
  norm: 'pre' | 'post';
  activation: 'gelu-tanh' | 'gelu-erf';
  /** LayerNorm on the embedding sum (BERT). */
  embeddingNorm: boolean;
  /** Adds the token-type embedding's type-0 row (`tte`, `[1, d]`; BERT: every token is of sentence A). */
  tokenTypes: boolean;
  /** 'tied': logits = LN_f(h) @ wteᵀ. 'mlm': logits = LN(GELU(h W + b)) @ wteᵀ + bias. */
  head: 'tied' | 'mlm';
}

export const FAMILIES: Readonly<Record<FamilyId, Family>> = {
  gpt2: { id: 'gpt2', norm: 'pre', activation: 'gelu-tanh', embeddingNorm: false, tokenTypes: false, head: 'tied' },
  bert: { id: 'bert', norm: 'post', activation: 'gelu-erf', embeddingNorm: true, tokenTypes: true, head: 'mlm' },
};

export function familyOf(c: { family?: FamilyId }): Family {
  return FAMILIES[c.family ?? 'gpt2'];
}

export interface FamilyWeightSpec {
  name: string;
  shape: number[];
}

/**
 * Every tensor of a model of this family, with its shape, in the engine's
 * own names. Linear layers are TensorFlow kernels `[in, out]` (x @ w + b).
 * `untiedHead`: the checkpoint has an output matrix `out.w` `[V, d]` of its
 * own instead of reusing `wte`.
 */
export function familyWeightSpecs(
  f: Family,
  c: { vocabSize: number; dModel: number; nLayers: number; contextLength: number; dMlp: number; untiedHead?: boolean },
): FamilyWeightSpec[] {
  const d = c.dModel;
  const specs: FamilyWeightSpec[] = [
    { name: 'wte', shape: [c.vocabSize, d] },
    { name: 'wpe', shape: [c.contextLength, d] },
  ];
  if (f.tokenTypes) specs.push({ name: 'tte', shape: [1, d] });
  if (f.embeddingNorm) specs.push({ name: 'emb.ln.gamma', shape: [d] }, { name: 'emb.ln.beta', shape: [d] });
  for (let i = 0; i < c.nLayers; i++) {
    const p = `blocks.${i}`;
    // ln1 / ln2: before attention / MLP (pre-LN), or after their residual sums (post-LN).
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
  if (f.norm === 'pre') specs.push({ name: 'lnf.gamma', shape: [d] }, { name: 'lnf.beta', shape: [d] });
  if (f.head === 'mlm') {
    specs.push(
      { name: 'head.transform.w', shape: [d, d] },
      { name: 'head.transform.b', shape: [d] },
      { name: 'head.ln.gamma', shape: [d] },
      { name: 'head.ln.beta', shape: [d] },
      { name: 'head.bias', shape: [c.vocabSize] },
    );
  }
  if (c.untiedHead) specs.push({ name: 'out.w', shape: [c.vocabSize, d] });
  return specs;
}
