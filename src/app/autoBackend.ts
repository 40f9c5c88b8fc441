/**
 * Runs the backend choice of backendChoice.ts for this page: after the first
 * screen is shown (the first forward pass reached the page, plus a moment
 * for it to paint), checks whether this browser and adapter were measured
 * before; if not, measures every backend, remembers the result and moves the
 * engine to the winner. What happened goes to the runtime store for the
 * backend badge.
 */
import type { BackendName } from '../engine/protocol';
import { useLab } from '../state/lab';
import { DEFAULT_MODEL_ID } from '../state/models';
import { type BackendChoiceState, useRuntime } from '../state/runtime';
import { adapterKey, type ChoiceRecord, measureBackends, probeOff, saveChoice } from './backendChoice';
import type { EngineHandle } from './engineController';

/** Wait after the first pass reached the page before measuring (the views paint meanwhile). */
const AFTER_FIRST_VIEW_MS = 1_000;

function firstView(): Promise<void> {
  return new Promise((resolve) => {
    const ready = () => !!useRuntime.getState().forward;
    if (ready()) return resolve();
    const stop = useRuntime.subscribe(() => {
      if (!ready()) return;
      stop();
      resolve();
    });
  });
}

/** Moving the engine drops what lives only in its memory: an opened checkpoint, an unsaved lab model, a training run. */
function canMove(): boolean {
  const lab = useLab.getState();
  const busyLab = lab.phase !== 'idle' && lab.phase !== 'stopped' && lab.phase !== 'done' && lab.phase !== 'failed';
  return !busyLab && lab.entries.every((e) => e.saved) && useRuntime.getState().opened.length === 0;
}

const set = (backendChoice: BackendChoiceState) => useRuntime.setState({ backendChoice });

export async function startBackendChoice(
  engine: Pick<EngineHandle, 'switchBackend'>,
  o: { requested?: BackendName; remembered: ChoiceRecord | null; baseUrl: string },
): Promise<void> {
  if (o.requested) return set({ how: 'forced' });
  if (probeOff()) return set({ how: 'default' });
  set(o.remembered ? { how: 'remembered', record: o.remembered } : { how: 'default' });
  await firstView();
  await new Promise((r) => setTimeout(r, AFTER_FIRST_VIEW_MS));
  const key = await adapterKey();
  if (o.remembered?.key === key) return;
  set({ how: 'measuring', record: o.remembered ?? undefined });
  const record = await measureBackends(new URL(`models/${DEFAULT_MODEL_ID}/`, o.baseUrl).href, key);
  saveChoice(record);
  const running = useRuntime.getState().backend?.name;
  if (running && record.winner !== running) {
    if (canMove()) {
      set({ how: 'measured', record });
      engine.switchBackend(record.winner);
      return;
    }
    return set({ how: 'measured', record, pending: record.winner });
  }
  set({ how: 'measured', record });
}
