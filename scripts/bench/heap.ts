/** Memory readings for the benches (DevTools protocol, and /proc on Linux). */
import { readFileSync } from 'node:fs';
import type { Browser } from '@playwright/test';

/**
 * The engine worker's JS heap after a GC, through the DevTools protocol
 * (workers have no performance.memory): attach to the worker target of the
 * page and ask its V8 for the used heap.
 */
export async function workerHeapUsed(browser: Browser, pageUrl: string): Promise<number | null> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
    const origin = new URL(pageUrl).origin;
    const worker = targetInfos.find((t) => t.type === 'worker' && t.url.startsWith(origin));
    if (!worker) return null;
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false })) as { sessionId: string };
    let next = 1;
    const pending = new Map<number, (v: unknown) => void>();
    cdp.on('Target.receivedMessageFromTarget', (ev: { sessionId: string; message: string }) => {
      if (ev.sessionId !== sessionId) return;
      const msg = JSON.parse(ev.message) as { id?: number; result?: unknown };
      if (msg.id !== undefined) pending.get(msg.id)?.(msg.result);
    });
    const send = (method: string) =>
      new Promise<unknown>((resolve) => {
        const id = next++;
        pending.set(id, resolve);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
      });
    await send('HeapProfiler.collectGarbage');
    const usage = (await send('Runtime.getHeapUsage')) as { usedSize: number };
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
    return usage.usedSize;
  } catch {
    return null;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

export interface ProcessMemory {
  type: string;
  pid: number;
  /** Resident now and at its peak (VmRSS, VmHWM), bytes. */
  rss: number;
  peak: number;
}

/**
 * Resident memory of the browser's processes (renderer: the page and its
 * workers, WASM memory included; GPU: SwiftShader's buffers), from
 * /proc/<pid>/status. Empty where /proc is not there.
 */
export async function processMemory(browser: Browser): Promise<ProcessMemory[]> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    const out: ProcessMemory[] = [];
    for (const p of processInfo) {
      try {
        const status = readFileSync(`/proc/${p.id}/status`, 'utf8');
        const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
        out.push({ type: p.type, pid: p.id, rss: kb('VmRSS'), peak: kb('VmHWM') });
      } catch {
        // not Linux, or the process is gone
      }
    }
    return out;
  } catch {
    return [];
  } finally {
    await cdp.detach().catch(() => {});
  }
}
