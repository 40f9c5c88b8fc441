import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Content-Security-Policy of the production build, as a <meta> tag so it
 * holds on any static host: no inline script, nothing from another origin.
 * 'wasm-unsafe-eval' is needed to compile TF.js's WebAssembly backend;
 * blob: images let the PNG export rasterise an SVG in the page.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

/**
 * Offline: a service worker (src/sw.ts, built by vite-plugin-pwa) precaches
 * everything the app can fetch — shell, lazy chunks, the engine worker, the
 * WASM binaries, public/data and every shipped model — so after one visit it
 * works with the network off. Registered from src/app/offline.ts (a module,
 * not an inline script, so the CSP holds), only in production builds.
 */
function offline() {
  return VitePWA({
    strategies: 'injectManifest',
    srcDir: 'src',
    filename: 'sw.ts',
    registerType: 'prompt',
    injectRegister: false,
    // The icons are in the precache already (public/ is globbed); listing them twice would only duplicate entries.
    includeManifestIcons: false,
    manifest: {
      name: 'Transformer Playground',
      short_name: 'Transformer',
      description: 'See inside a tiny Transformer language model running on your own device.',
      theme_color: '#0b63c5',
      background_color: '#fbfbfd',
      display: 'standalone',
      start_url: './',
      scope: './',
      icons: [
        { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
      ],
    },
    injectManifest: {
      // manifest.webmanifest is added by the plugin itself.
      globPatterns: ['**/*.{html,js,css,wasm,svg,png,json,bin}'],
      // The weights are 2.6 MB each (workbox's default limit is 2 MiB).
      maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      // The worker reports install progress in bytes: keep each file's size in the manifest (workbox drops `size`).
      manifestTransforms: [async (entries) => ({ manifest: entries.map((e) => ({ ...e, bytes: e.size })) })],
    },
    devOptions: { enabled: false },
  });
}

export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy(), offline()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  server: { host: '127.0.0.1', port: 5173 },
});
