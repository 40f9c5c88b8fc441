/**
 * `npm run bench:peer` (also the end of `npm run bench -- --peer`): our engine
 * against the same-stack peer @genai-fi/nanogpt (a dev dependency, run through
 * its own public API in a worker of its own: scripts/peer/) at the same
 * config, in alternating rounds in one browser session, so machine load hits
 * both alike. Prints per backend: generation tokens/s (ours through the app's
 * engine worker, one and 16 tokens per message; the peer's variants) and
 * training tokens/s (ours: the Training lab at size m; the peer: training.job),
 * with the ratios against the peer's fastest variant.
 *
 *   npm run bench:peer                         # = npm run bench -- --only-peer: webgpu, webgl, wasm (ours only), cpu
 *   npm run bench -- --peer                    # the whole bench, then this
 *   npm run bench:peer -- --backends webgl --rounds 3 --no-training
 *
 * Config: tiny-gpt's (vocabulary 4000, d 128, 4 heads, 4 layers, MLP 512,
 * context 128; the Training lab's size m). Generation: greedy tokens from a
 * 1-token prompt (the peer samples at temperature 1: the same work).
 */
import { execFileSync } from 'node:child_process';
import type { Browser, Page } from '@playwright/test';
import { benchOne } from './bench-training';
import type { PeerConfig, PeerReply, PeerRequest, PeerVariant } from './peer/types';

export const PEER_CONFIG: PeerConfig = { vocabSize: 4000, dModel: 128, nHeads: 4, nLayers: 4, contextLength: 128, dMlp: 512 };
type Backend = 'webgl' | 'webgpu' | 'cpu' | 'wasm';
const PEER_BACKENDS: readonly Backend[] = ['webgl', 'webgpu', 'cpu'];

/** Per backend: tokens per generation, training batch and steps (SwiftShader and pure JS are slow). */
const PLAN: Record<Backend, { tokens: number; batch: number; steps: number; warm: number }> = {
  wasm: { tokens: 127, batch: 16, steps: 8, warm: 3 },
  webgl: { tokens: 127, batch: 16, steps: 6, warm: 2 },
  cpu: { tokens: 64, batch: 4, steps: 6, warm: 2 },
  webgpu: { tokens: 24, batch: 4, steps: 5, warm: 2 },
};

export const VARIANTS: Record<string, PeerVariant> = {
  'v2 + KV cache (its default)': { model: 'v2', cache: true, attention: false },
  'v1 + RoPE + KV cache': { model: 'v1-rope', cache: true, attention: false },
  'v1, learned positions (no cache)': { model: 'v1-learned', cache: false, attention: false },
  'v2 + KV cache + attention out': { model: 'v2', cache: true, attention: true },
};

export interface PeerRow {
  backend: Backend;
  ours: { perToken: number[]; batched: number[]; train: number[] };
  peer: Record<string, number[]>;
  peerTrain: number[];
  /** The peer's model variant that trained. */
  peerTrainVariant?: string;
  notes: string[];
}

const median = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2 : Number.NaN;
};
const log = (s: string) => console.log(`[peer ${new Date().toISOString().slice(11, 19)}] ${s}`);

async function peerCall(page: Page, req: PeerRequest): Promise<PeerReply> {
  return page.evaluate((r) => (window as unknown as { __peer: { call(r: unknown): Promise<PeerReply> } }).__peer.call(r), req);
}

type B = { __bench: Record<string, (...a: unknown[]) => Promise<unknown>> };
const ours = <T>(page: Page, fn: string, ...a: unknown[]) =>
  page.evaluate(([f, xs]) => (window as unknown as B).__bench[f as string]?.(...(xs as unknown[])), [fn, a] as const) as Promise<T>;

export interface PeerBenchOptions {
  browser: Browser;
  origin: string;
  inpage: string;
  /** The permalink hash that opens tiny-gpt ('' when it is the default model). */
  hash: string;
  backends: Backend[];
  rounds: number;
  training: boolean;
  newPage: () => Promise<Page>;
}

export async function benchPeer(o: PeerBenchOptions): Promise<PeerRow[]> {
  const rows: PeerRow[] = [];
  for (const backend of o.backends) {
    const p = PLAN[backend];
    const row: PeerRow = { backend, ours: { perToken: [], batched: [], train: [] }, peer: {}, peerTrain: [], notes: [] };
    rows.push(row);
    const app = await o.newPage();
    await app.goto(`${o.origin}?backend=${backend}${o.hash}`);
    await app.evaluate(o.inpage);
    await app.waitForFunction(
      () => (window as unknown as { __bench?: { completeAt(m: string): unknown } }).__bench?.completeAt('tiny-gpt'),
      null,
      {
        timeout: 300_000,
        polling: 500,
      },
    );
    const running = await app.evaluate(
      () => (window as unknown as { __tp: { runtime(): { backend: { name: string } | null } } }).__tp.runtime().backend?.name,
    );
    if (running !== backend) row.notes.push(`ours fell back to ${running}`);
    const withPeer = PEER_BACKENDS.includes(backend);
    const peer = withPeer ? await o.newPage() : null;
    if (peer) {
      await peer.goto(`${o.origin}peer/index.html`);
      await peer.waitForFunction(() => (window as unknown as { __peer?: unknown }).__peer, null, { timeout: 60_000 });
      const r = await peerCall(peer, { kind: 'backend', backend: backend as 'cpu' | 'webgl' | 'webgpu' });
      if (!r.ok) row.notes.push(`peer backend: ${r.error.split('\n')[0]}`);
    }
    // Round 0 warms both sides up (kernels compiled, caches sized) and is not counted.
    for (let round = 0; round <= o.rounds; round++) {
      const keep = round > 0;
      const b = await ours<{ ms: number; tokens: number[] }>(app, 'genBatched', 'tiny-gpt', p.tokens, 16);
      const a = await ours<{ ms: number; tokens: number[] }>(app, 'genCached', 'tiny-gpt', p.tokens);
      if (keep) {
        row.ours.batched.push((p.tokens / b.ms) * 1000);
        row.ours.perToken.push((p.tokens / a.ms) * 1000);
      }
      for (const [name, variant] of Object.entries(VARIANTS)) {
        if (!peer) break;
        // The no-cache variant recomputes every position (padded to the context): fewer tokens on slow backends.
        const tokens = variant.cache ? p.tokens : Math.min(p.tokens, backend === 'webgl' ? 127 : 16);
        const r = await peerCall(peer, { kind: 'gen', config: PEER_CONFIG, variant, tokens });
        if (!r.ok) {
          if (round === 1) row.notes.push(`peer ${name}: ${r.error.split('\n')[0]}`);
          continue;
        }
        if (!keep) continue;
        const samples = row.peer[name] ?? [];
        samples.push((r.tokens / r.ms) * 1000);
        row.peer[name] = samples;
      }
      log(
        `${backend} round ${round}: ours ${((p.tokens / b.ms) * 1000).toFixed(1)} tok/s batched; peer ${Object.entries(row.peer)
          .map(([k, v]) => `${k.split(' ')[0]} ${(v[v.length - 1] ?? Number.NaN).toFixed(1)}`)
          .join(', ')}`,
      );
    }
    await app.close();
    if (o.training) {
      for (let round = 1; round <= Math.max(1, o.rounds - 1); round++) {
        const lab = await o.newPage();
        const t = await benchOne(
          lab,
          { url: o.origin, backends: [], steps: p.warm + p.steps, size: 'm', batchSize: p.batch, seqLen: 128, timeoutMs: 900_000 },
          backend,
        );
        await lab.close();
        if (t.tokensPerSec) row.ours.train.push(t.tokensPerSec);
        else row.notes.push(`ours training: ${t.note ?? 'no figure'}`);
        if (peer) {
          // Its default model (v2) first; where v2 has no kernels (its RMSNorm on cpu), its v1 with RoPE.
          for (const name of ['v2 + KV cache (its default)', 'v1 + RoPE + KV cache']) {
            const r = await peerCall(peer, {
              kind: 'train',
              config: PEER_CONFIG,
              variant: VARIANTS[name] as PeerVariant,
              batch: p.batch,
              steps: p.warm + p.steps,
              warm: p.warm,
            });
            if (r.ok) {
              row.peerTrain.push((r.tokens / r.ms) * 1000);
              row.peerTrainVariant = name;
              break;
            }
            if (round === 1) row.notes.push(`peer training, ${name}: ${r.error.split('\n')[0]}`);
          }
        }
        log(
          `${backend} training round ${round}: ours ${(row.ours.train.at(-1) ?? Number.NaN).toFixed(1)}, peer ${(row.peerTrain.at(-1) ?? Number.NaN).toFixed(1)} tok/s`,
        );
      }
    }
    await peer?.close();
  }
  return rows;
}

export function peerTable(rows: PeerRow[]): string {
  const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');
  const out = [
    '| backend | ours, 16 tok/msg | ours, 1 tok/msg | peer, fastest variant | ratio (our faster ÷ its fastest) | ours training | peer training | ratio |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const detail: string[] = [];
  for (const r of rows) {
    const batched = median(r.ours.batched);
    const perToken = median(r.ours.perToken);
    const best = Math.max(batched, perToken);
    const fastest = Object.entries(r.peer)
      .filter(([k]) => !k.includes('attention'))
      .map(([k, v]) => [k, median(v)] as const)
      .sort((a, b) => b[1] - a[1])[0];
    const train = median(r.ours.train);
    const peerTrain = median(r.peerTrain);
    out.push(
      `| ${r.backend} | ${f(batched)} | ${f(perToken)} | ${fastest ? `${f(fastest[1])} (${fastest[0]})` : '— (no such backend)'} | ${fastest ? `×${f(best / fastest[1], 2)}` : ''} | ${f(train, 0)} | ${f(peerTrain, 0)}${r.peerTrainVariant ? ` (${r.peerTrainVariant.split(' (')[0]})` : ''} | ${Number.isFinite(peerTrain) ? `×${f(train / peerTrain, 2)}` : ''} |`,
    );
    detail.push(
      `- ${r.backend}: ${Object.entries(r.peer)
        .map(([k, v]) => `peer ${k} ${f(median(v))} tok/s (n=${v.length})`)
        .join('; ')}; ours n=${r.ours.batched.length}/${r.ours.train.length}${r.notes.length ? `; notes: ${r.notes.join('; ')}` : ''}`,
    );
  }
  const reads =
    "Read back per token: ours, the next-token logits (vocabulary 4000: 16 kB) and the new query's attention row " +
    '(layers × heads × (position + 1): up to 8 kB), what the sampling view draws, plus the chosen id; the peer (temperature 1, ' +
    'no top-k/top-p) samples on the backend and reads back the token id only (4 bytes), and in its "attention out" variant ' +
    "also every layer's attention row.";
  return `${out.join('\n')}\n\n${detail.join('\n')}\n\n${reads}`;
}

/** Builds the peer harness into `<dist>/peer/` (served by the bench's preview server beside the app). */
export function buildPeerHarness(dist: string): void {
  execFileSync('npx', ['vite', 'build', '--config', 'scripts/peer/vite.config.ts', '--outDir', `${process.cwd()}/${dist}/peer`], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
