/** The peer harness page: one worker running @genai-fi/nanogpt, driven through window.__peer by scripts/bench-peer.ts. */
import type { PeerReply, PeerRequest } from './types';

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
let queue: Promise<unknown> = Promise.resolve();

function call(req: PeerRequest): Promise<PeerReply> {
  const run = queue.then(
    () =>
      new Promise<PeerReply>((resolve) => {
        worker.onmessage = (ev: MessageEvent<PeerReply>) => resolve(ev.data);
        worker.postMessage(req);
      }),
  );
  queue = run.catch(() => {});
  return run;
}

Object.assign(window, { __peer: { call, ready: true } });
