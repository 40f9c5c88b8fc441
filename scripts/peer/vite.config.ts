import { defineConfig } from 'vite';

/** Builds the peer harness (scripts/bench-peer.ts passes --outDir: a folder of the bench's build). */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  logLevel: 'warn',
  worker: { format: 'es' },
  build: { emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 10_000 },
});
