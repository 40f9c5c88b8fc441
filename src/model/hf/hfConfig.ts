/**
 * A Hugging Face `config.json` → the engine's ModelConfig and family, for
 * the two architectures the app runs: GPT2LMHeadModel and BertForMaskedLM.
 * Anything else (another architecture, an option that changes the
 * arithmetic, a number out of bounds) is an `HfConfigError` that names it.
 */
import type { ModelConfig, ModelObjective } from '../config';
import { validateConfig } from '../config';

export class HfConfigError extends Error {
  constructor(message: string) {
    super(`config.json: ${message}`);
    this.name = 'HfConfigError';
  }
}

export const SUPPORTED_ARCHITECTURES = ['GPT2LMHeadModel', 'BertForMaskedLM'] as const;

export interface HfModelSpec {
  /** The architecture as config.json names it. */
  architecture: (typeof SUPPORTED_ARCHITECTURES)[number];
  config: ModelConfig;
  objective: ModelObjective;
  /** `_name_or_path` or the model type: a default display name. */
  nameHint: string;
  /** The checkpoint says its output matrix is not the token embedding. */
  untiedHint: boolean;
}

type Json = Record<string, unknown>;

function int(j: Json, key: string, fallback?: number): number {
  const v = j[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0 || v > 1_000_000) {
    throw new HfConfigError(`"${key}" must be a positive integer, got ${JSON.stringify(j[key])}`);
  }
  return v;
}

function eps(j: Json, key: string, fallback: number): number {
  const v = j[key] ?? fallback;
  if (typeof v !== 'number' || !(v > 0 && v < 1))
    throw new HfConfigError(`"${key}" must be a number in (0, 1), got ${JSON.stringify(j[key])}`);
  return v;
}

function refuse(j: Json, key: string, ok: (v: unknown) => boolean, why: string): void {
  if (key in j && j[key] !== null && !ok(j[key])) throw new HfConfigError(`"${key}": ${JSON.stringify(j[key])} is not supported (${why})`);
}

export function parseHfConfig(text: string): HfModelSpec {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch (e) {
    throw new HfConfigError(`not valid JSON (${(e as Error).message})`);
  }
  if (typeof j !== 'object' || j === null || Array.isArray(j)) throw new HfConfigError('not a JSON object');
  const c = j as Json;
  const archs = Array.isArray(c.architectures) ? c.architectures.filter((a): a is string => typeof a === 'string') : [];
  const type = typeof c.model_type === 'string' ? c.model_type : '';
  let architecture: HfModelSpec['architecture'];
  if (archs.includes('GPT2LMHeadModel') || (archs.length === 0 && type === 'gpt2')) architecture = 'GPT2LMHeadModel';
  else if (archs.some((a) => a === 'BertForMaskedLM' || a === 'BertForPreTraining') || (archs.length === 0 && type === 'bert'))
    architecture = 'BertForMaskedLM';
  else {
    const named = archs.length ? archs.join(', ') : type ? `model_type "${type}"` : 'no architecture';
    throw new HfConfigError(`architecture ${named} is not supported (this app runs ${SUPPORTED_ARCHITECTURES.join(' and ')})`);
  }
  const nameHint = typeof c._name_or_path === 'string' && c._name_or_path ? c._name_or_path : type || architecture;
  let config: ModelConfig;
  if (architecture === 'GPT2LMHeadModel') {
    refuse(
      c,
      'activation_function',
      (v) => ['gelu_new', 'gelu_pytorch_tanh', 'gelu_fast'].includes(v as string),
      'GPT-2 uses the tanh GELU',
    );
    refuse(c, 'scale_attn_weights', (v) => v === true, 'attention scores are scaled by 1/√head size');
    refuse(c, 'scale_attn_by_inverse_layer_idx', (v) => v === false, 'per-layer score scaling');
    refuse(c, 'add_cross_attention', (v) => v === false, 'cross-attention');
    const d = int(c, 'n_embd');
    config = {
      vocabSize: int(c, 'vocab_size'),
      dModel: d,
      nHeads: int(c, 'n_head'),
      nLayers: int(c, 'n_layer'),
      contextLength: int(c, 'n_positions', c.n_ctx as number),
      causal: true,
      layerNormEps: eps(c, 'layer_norm_epsilon', 1e-5),
      dMlp: c.n_inner == null ? 4 * d : int(c, 'n_inner'),
      family: 'gpt2',
    };
  } else {
    refuse(c, 'hidden_act', (v) => v === 'gelu', "BERT's MLP uses the exact (erf) GELU");
    refuse(c, 'position_embedding_type', (v) => v === 'absolute', 'only learned absolute positions');
    refuse(c, 'is_decoder', (v) => v === false, 'a decoder BERT');
    int(c, 'type_vocab_size', 2);
    config = {
      vocabSize: int(c, 'vocab_size'),
      dModel: int(c, 'hidden_size'),
      nHeads: int(c, 'num_attention_heads'),
      nLayers: int(c, 'num_hidden_layers'),
      contextLength: int(c, 'max_position_embeddings'),
      causal: false,
      layerNormEps: eps(c, 'layer_norm_eps', 1e-12),
      dMlp: int(c, 'intermediate_size'),
      family: 'bert',
    };
  }
  try {
    validateConfig(config);
  } catch (e) {
    throw new HfConfigError((e as Error).message);
  }
  return {
    architecture,
    config,
    objective: architecture === 'GPT2LMHeadModel' ? 'clm' : 'mlm',
    nameHint,
    untiedHint: c.tie_word_embeddings === false,
  };
}
