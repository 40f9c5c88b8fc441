/**
 * Measures every head's role on the model itself (not on the user's prompt,
 * so labels stay put while typing): previous-token, first-token (sink) and
 * self scores on a few fixed sentences, and the induction (prefix-matching)
 * score on a random token block repeated twice.
 */
import { useEffect, useState } from 'react';
import { headMatrix, inductionScore, positionalScores, type RoleScores } from '../../analysis/attention';
import { useEngine } from '../../app/EngineContext';
import type { EngineHandle } from '../../app/engineController';
import { Rng } from '../../model/rng';

export const ROLE_SENTENCES = [
  'the man went to the bank to get some money for his family .',
  'she sat on the bank of the river and watched the water go by .',
  'the children played in the park after school and then went home .',
];
export const INDUCTION_BLOCK = 20;
const INDUCTION_SEED = 1;

export interface HeadRoles {
  /** `[layer][head]` */
  scores: RoleScores[][];
  /** The random block used for the induction score (token ids). */
  block: number[];
}

const cache = new Map<string, Promise<HeadRoles>>();

async function measure(engine: EngineHandle, modelId: string): Promise<HeadRoles> {
  const { info, tokenizer } = await engine.load(modelId);
  const { nLayers: L, nHeads: H } = info.config;
  const sums: RoleScores[][] = Array.from({ length: L }, () =>
    Array.from({ length: H }, () => ({ previous: 0, first: 0, self: 0, induction: 0 })),
  );
  for (const text of ROLE_SENTENCES) {
    const ids = tokenizer.encodeIds(text).slice(0, info.config.contextLength);
    const out = await engine.forwardIds(modelId, ids, { logits: 'last', residual: false });
    const shape = { L, H, T: ids.length };
    for (let l = 0; l < L; l++) {
      for (let h = 0; h < H; h++) {
        const s = positionalScores(headMatrix(out.attention, shape, l, h), ids.length);
        const acc = sums[l]?.[h] as RoleScores;
        acc.previous += s.previous / ROLE_SENTENCES.length;
        acc.first += s.first / ROLE_SENTENCES.length;
        acc.self += s.self / ROLE_SENTENCES.length;
      }
    }
  }
  // Random ordinary tokens (not specials, not word pieces), repeated twice.
  const rng = new Rng(INDUCTION_SEED);
  const pool = tokenizer.wordIds();
  const n = Math.min(INDUCTION_BLOCK, Math.floor(info.config.contextLength / 2), pool.length);
  const block = rng.sample(pool, n);
  const ids = [...block, ...block];
  const out = await engine.forwardIds(modelId, ids, { logits: 'last', residual: false });
  for (let l = 0; l < L; l++) {
    for (let h = 0; h < H; h++) {
      (sums[l]?.[h] as RoleScores).induction = inductionScore(headMatrix(out.attention, { L, H, T: ids.length }, l, h), ids.length, n);
    }
  }
  return { scores: sums, block };
}

export function useHeadRoles(modelId: string | undefined): HeadRoles | null {
  const engine = useEngine();
  const [roles, setRoles] = useState<{ id: string; roles: HeadRoles } | null>(null);
  useEffect(() => {
    if (!modelId) return;
    let live = true;
    let p = cache.get(modelId);
    if (!p) {
      p = measure(engine, modelId);
      cache.set(modelId, p);
      p.catch(() => cache.delete(modelId));
    }
    p.then((r) => live && setRoles({ id: modelId, roles: r })).catch(() => {});
    return () => {
      live = false;
    };
  }, [engine, modelId]);
  return roles && roles.id === modelId ? roles.roles : null;
}
