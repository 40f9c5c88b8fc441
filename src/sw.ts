/// <reference lib="webworker" />
/**
 * The service worker (production builds only; vite-plugin-pwa builds it and
 * injects the precache manifest). It precaches the whole app on the first
 * visit — shell, WASM binaries, data and every shipped model — and then
 * answers those URLs from the cache, so the app works with the network off.
 *
 * Updates: a new version installs beside the running one (its files go into
 * the cache under new revision keys) and then waits. The page shows a notice;
 * only when the user clicks Reload does it send SKIP_WAITING, the new worker
 * activates, drops the files the new manifest no longer lists, takes control
 * and the page reloads. Until then the open page keeps its own files.
 *
 * While installing it reports progress to the pages as
 * `{ type: 'tp-precache', done, total, doneFiles, totalFiles }`: the total
 * from the build's file sizes, `done` counting bytes as they stream into the
 * cache (files already cached count in full).
 */
import { clientsClaim } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, type PrecacheEntry, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> };

/** Manifest entries carry their size in bytes (added by the build, see vite.config.ts). */
type SizedEntry = PrecacheEntry & { bytes?: number };
const manifest = self.__WB_MANIFEST as SizedEntry[];

const bytesByUrl = new Map<string, number>();
for (const e of manifest) {
  // The plugin appends some files again (manifest icons) without a size: keep the known one.
  const href = new URL(e.url, self.location.href).href;
  bytesByUrl.set(href, Math.max(bytesByUrl.get(href) ?? 0, e.bytes ?? 0));
}
const totalBytes = [...bytesByUrl.values()].reduce((a, b) => a + b, 0);
const totalFiles = bytesByUrl.size;

// Install progress: bytes of files already in the cache, plus bytes streamed into it as they arrive.
let cachedBytes = 0;
let streamedBytes = 0;
let doneFiles = 0;
const fetched = new Set<string>();
const finished = new Set<string>();
let lastPost = 0;

async function report(force: boolean): Promise<void> {
  const now = Date.now();
  if (!force && now - lastPost < 150) return;
  lastPost = now;
  const done = Math.min(totalBytes, cachedBytes + streamedBytes);
  const clients = await self.clients.matchAll({ includeUncontrolled: true, type: 'window' });
  for (const c of clients) c.postMessage({ type: 'tp-precache', done, total: totalBytes, doneFiles, totalFiles });
}

addPlugins([
  {
    // A file fetched during install: count its bytes as they stream into the cache.
    fetchDidSucceed: async ({ event, request, response }) => {
      if (event?.type !== 'install' || !response.ok || !response.body) return response;
      fetched.add(request.url);
      const counter = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          streamedBytes += chunk.byteLength;
          void report(false);
          controller.enqueue(chunk);
        },
      });
      return new Response(response.body.pipeThrough(counter), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    },
    // Called once per manifest entry during install, whether it was already cached or has just been stored.
    handlerDidRespond: async ({ event, request, response }) => {
      if (event?.type !== 'install' || !response?.ok) return;
      const url = request.url;
      if (finished.has(url)) return;
      finished.add(url);
      if (!fetched.has(url)) cachedBytes += bytesByUrl.get(url) ?? 0;
      doneFiles += 1;
      await report(doneFiles === totalFiles);
    },
  },
]);

precacheAndRoute(manifest);
cleanupOutdatedCaches();

// Any navigation to the app's page (with or without a query such as ?backend=wasm) gets the precached index.html.
const scope = new URL(self.registration.scope);
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    // Matched against path + query.
    allowlist: [new RegExp(`^${scope.pathname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(index\\.html)?(\\?.*)?$`)],
  }),
);

// The page asks for the waiting worker to take over only when the user clicks Reload.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// The first install takes control of the open page at once, so it works offline without a reload.
// (A later version waits for SKIP_WAITING above; clientsClaim only runs when it activates.)
clientsClaim();
