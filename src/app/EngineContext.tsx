import { createContext, useContext } from 'react';
import type { EngineHandle } from './engineController';

const EngineContext = createContext<EngineHandle | null>(null);

export const EngineProvider = EngineContext.Provider;

/** The engine handle, for views that run their own forward passes (drift, sampling, prompting). */
export function useEngine(): EngineHandle {
  const e = useContext(EngineContext);
  if (!e) throw new Error('useEngine: no EngineProvider above this component');
  return e;
}
