import './lib/zodSetup';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App';
import { startBackendChoice } from './app/autoBackend';
import { readChoice } from './app/backendChoice';
import { type PassOptions, startEngine } from './app/engineController';
import { startOffline } from './app/offline';
import { startPermalinkSync } from './app/permalink';
import { setViewFault } from './components/ViewBoundary';
import { isBackendName } from './engine/protocol';
import { initI18n } from './i18n';
import type { StepOptions } from './model/kvcache';
import { useRuntime } from './state/runtime';
import { useAppStore } from './state/store';
import './styles.css';

// The link decides the state before anything starts, so the engine loads the linked model first.
startPermalinkSync();

const params = new URLSearchParams(window.location.search);
const asked = params.get('backend');
const requested = isBackendName(asked) ? asked : undefined;
// The worker resolves URLs against its own script, so hand it an absolute base.
const baseUrl = new URL(import.meta.env.BASE_URL, window.location.href).href;
// Without ?backend=: the backend measured fastest here before, or WASM; measured after the first screen.
const remembered = requested ? null : readChoice();
const engine = startEngine({ backend: requested, preferred: remembered?.winner, baseUrl });
void startBackendChoice(engine, { requested, remembered, baseUrl }).catch(() => {});

// Read-only handle for end-to-end tests and curious engineers (devtools).
Object.assign(window, {
  __tp: {
    forward: (modelId: string, ids: number[], options?: PassOptions) => engine.forwardIds(modelId, ids, options),
    // KV-cache generation session (npm run bench measures it); computes only, changes no state.
    generation: (modelId: string, options?: StepOptions) => engine.generation(modelId, options),
    memory: () => engine.client.call({ kind: 'memory' }),
    loseDevice: () => engine.client.call({ kind: 'debugLoseDevice' }),
    kernels: () => engine.client.call({ kind: 'debugKernels' }),
    state: () => useAppStore.getState(),
    runtime: () => useRuntime.getState(),
    failView: (name: string, on = true) => setViewFault(name, on),
  },
});

// Offline support (service worker) in production builds only; a failure leaves the app online-only.
if (import.meta.env.PROD) void startOffline().catch(() => {});

const i18n = initI18n(useAppStore.getState().ui.lang);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App engine={engine} />
    </I18nextProvider>
  </StrictMode>,
);
