/// <reference types="vite-plugin-pwa/client" />
/**
 * Offline state of the page, fed by the service worker (src/sw.ts):
 * - `saving`: the first visit is copying the app into the offline cache
 *   (bytes counted by the worker as each file lands in the cache);
 * - `ready`: every file of this version is cached, the app works offline;
 * - `update`: a new version is installed and waiting; `applyUpdate()` lets it
 *   take over and reloads the page (until then this page keeps its own files).
 * Nothing here is serialised into links.
 */
import { create } from 'zustand';

export type OfflinePhase = 'off' | 'saving' | 'ready' | 'failed';

export interface OfflineState {
  phase: OfflinePhase;
  /** Bytes and files cached so far on the first visit (null until the worker reports). */
  progress: { done: number; total: number; doneFiles: number; totalFiles: number } | null;
  /** A new version is waiting for the user's Reload. */
  updateReady: boolean;
  /** This page watched the offline copy complete (the status then says so in full; later visits show the short form). */
  justSaved: boolean;
}

export const useOffline = create<OfflineState>()(() => ({ phase: 'off', progress: null, updateReady: false, justSaved: false }));

export interface PrecacheMessage {
  type: 'tp-precache';
  done: number;
  total: number;
  doneFiles: number;
  totalFiles: number;
}

export function isPrecacheMessage(data: unknown): data is PrecacheMessage {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  return (
    d.type === 'tp-precache' &&
    [d.done, d.total, d.doneFiles, d.totalFiles].every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0)
  );
}

/** Progress as a fraction 0..1 (by bytes when the worker knows sizes, else by files). */
export function progressFraction(p: OfflineState['progress']): number {
  if (!p) return 0;
  if (p.total > 0) return Math.min(1, p.done / p.total);
  return p.totalFiles > 0 ? Math.min(1, p.doneFiles / p.totalFiles) : 0;
}

let apply: (() => Promise<void>) | null = null;

/** Lets the waiting version take over, then reloads once it controls the page. */
export async function applyUpdate(): Promise<void> {
  if (!apply) return;
  // The reload happens when the new worker takes control (whatever workbox-window decides about it).
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
  await apply();
}

const HOUR = 60 * 60 * 1000;

/**
 * Registers the service worker (production builds only; the caller checks).
 * The registration code comes from vite-plugin-pwa's virtual module, loaded
 * lazily so it never delays the first render.
 */
export async function startOffline(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const set = useOffline.setState;
  const sw = navigator.serviceWorker;
  // Already controlled by a worker of this app: this version was fully cached when it installed.
  if (sw.controller) set({ phase: 'ready' });
  sw.addEventListener('message', (event: MessageEvent) => {
    if (!isPrecacheMessage(event.data)) return;
    const { type: _type, ...progress } = event.data;
    // Progress of a new version installing behind a working one is not news: the page is offline-ready already.
    if (useOffline.getState().phase === 'ready') return;
    set({ phase: 'saving', progress });
  });
  const { registerSW } = await import('virtual:pwa-register');
  const update = registerSW({
    onOfflineReady: () => set({ phase: 'ready', justSaved: true }),
    onNeedRefresh: () => set({ updateReady: true }),
    onRegisteredSW: (_url, registration) => {
      if (!registration) return;
      if (registration.installing && !sw.controller) set({ phase: 'saving' });
      // An install that fails (the network dropped mid-way) leaves the page as it was: online only.
      const watch = (w: ServiceWorker | null) =>
        w?.addEventListener('statechange', () => {
          if (w.state === 'redundant' && useOffline.getState().phase === 'saving') set({ phase: 'failed' });
        });
      watch(registration.installing);
      registration.addEventListener('updatefound', () => watch(registration.installing));
      // A tab left open in a classroom still learns about a new version.
      setInterval(() => {
        if (navigator.onLine) registration.update().catch(() => {});
      }, HOUR);
    },
    onRegisterError: () => {
      if (useOffline.getState().phase === 'saving') set({ phase: 'failed' });
    },
  });
  apply = () => update(true);
}
