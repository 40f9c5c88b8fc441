/** Messages between the peer harness page and its worker (scripts/peer/worker.ts). */
export interface PeerConfig {
  vocabSize: number;
  dModel: number;
  nHeads: number;
  nLayers: number;
  contextLength: number;
  dMlp: number;
}

/** The peer's model variants: v2 (its default: RoPE, RMSNorm, KV cache), v1 with RoPE (KV cache), v1 with learned positions (no cache). */
export interface PeerVariant {
  model: 'v2' | 'v1-rope' | 'v1-learned';
  cache: boolean;
  /** Ask for every layer's attention each token (what our sampling view reads). */
  attention: boolean;
}

export type PeerRequest =
  | { kind: 'backend'; backend: 'cpu' | 'webgl' | 'webgpu' }
  | { kind: 'gen'; config: PeerConfig; variant: PeerVariant; tokens: number }
  | { kind: 'train'; config: PeerConfig; variant: PeerVariant; batch: number; steps: number; warm: number };

export type PeerReply = { ok: true; ms: number; tokens: number; steps?: number } | { ok: false; error: string };
