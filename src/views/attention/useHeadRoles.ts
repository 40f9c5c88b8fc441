/** Every head's role measured on the current model (src/analysis/headRoles.ts), once per model, on the full model. */
import { useEffect, useState } from 'react';
import { type HeadRoles, measureHeadRoles } from '../../analysis/headRoles';
import { useEngine } from '../../app/EngineContext';
import type { EngineHandle } from '../../app/engineController';

export type { HeadRoles } from '../../analysis/headRoles';

const cache = new Map<string, Promise<HeadRoles>>();

async function measure(engine: EngineHandle, modelId: string): Promise<HeadRoles> {
  const { info, tokenizer } = await engine.load(modelId);
  // ablation: null — the labels describe the model itself, whatever heads are switched off.
  const attentionOf = async (ids: number[]) =>
    (await engine.forwardIds(modelId, ids, { logits: 'last', residual: false, ablation: null })).attention;
  return measureHeadRoles(attentionOf, tokenizer, info.config);
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
