import { describe, expect, it } from 'vitest';
import { DownloadProgress } from './download';

function response(bytes: number, chunk: number, contentLength: boolean): Response {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const n = Math.min(chunk, bytes - sent);
      controller.enqueue(new Uint8Array(n).fill(sent % 251));
      sent += n;
    },
  });
  return new Response(body, { headers: contentLength ? { 'content-length': String(bytes) } : {} });
}

describe('DownloadProgress', () => {
  it('reports bytes against the announced sizes and ends at total = loaded', async () => {
    const seen: [number, number][] = [];
    const p = new DownloadProgress((l, t) => seen.push([l, t]), 0);
    const a = await p.read(response(1000, 100, true));
    const b = await p.read(response(300, 64, true));
    expect(a.byteLength).toBe(1000);
    expect(b.byteLength).toBe(300);
    expect(new Uint8Array(a)[150]).toBe(100 % 251);
    // Monotonic loaded, never above total.
    const loaded = seen.map(([l]) => l);
    expect(loaded).toEqual([...loaded].sort((x, y) => x - y));
    for (const [l, t] of seen) expect(l).toBeLessThanOrEqual(t);
    // During the first file the bar is honest about it: 500 of 1000 bytes is 50%.
    expect(seen).toContainEqual([500, 1000]);
    expect(seen.at(-1)).toEqual([1300, 1300]);
  });

  it('adds up files read at the same time; the total is known once both have started', async () => {
    const seen: [number, number][] = [];
    const p = new DownloadProgress((l, t) => seen.push([l, t]), 0);
    const [a, b] = await Promise.all([p.read(response(2000, 100, true)), p.read(response(500, 100, true))]);
    expect(a.byteLength + b.byteLength).toBe(2500);
    expect(seen.every(([, t]) => t === 2500)).toBe(true);
    const loaded = seen.map(([l]) => l);
    expect(loaded).toEqual([...loaded].sort((x, y) => x - y));
    expect(seen.at(-1)).toEqual([2500, 2500]);
  });

  it('counts a file without Content-Length as what arrived', async () => {
    const seen: [number, number][] = [];
    const p = new DownloadProgress((l, t) => seen.push([l, t]), 0);
    await p.read(response(250, 100, false));
    expect(seen.every(([l, t]) => l === t)).toBe(true);
    expect(seen.at(-1)).toEqual([250, 250]);
  });

  it('throttles reports but always reports the end of a file', async () => {
    const seen: [number, number][] = [];
    const p = new DownloadProgress(
      (l, t) => seen.push([l, t]),
      1000,
      () => 0,
    );
    await p.read(response(1000, 10, true));
    // First chunk reports (the clock starts far in the past), then nothing until the end.
    expect(seen).toEqual([
      [10, 1000],
      [1000, 1000],
    ]);
  });
  it('never shows a full bar while a started file has not announced its size', async () => {
    // The small tokenizer finishes while the big weights file is still waiting for its headers.
    const seen: [number, number][] = [];
    const p = new DownloadProgress((l, t) => seen.push([l, t]), 0);
    let sendHeaders: (r: Response) => void = () => {};
    const weights = p.read(new Promise<Response>((r) => (sendHeaders = r)));
    await p.read(response(300, 100, true));
    expect(seen).toEqual([]);
    sendHeaders(response(3000, 500, true));
    await weights;
    const fractions = seen.map(([l, t]) => l / t);
    expect(fractions).toEqual([...fractions].sort((x, y) => x - y));
    // Full only once every byte of both files is in.
    expect(seen.filter(([l, t]) => l === t).every(([l]) => l === 3300)).toBe(true);
    expect(fractions.filter((f) => f > 0 && f < 1).length).toBeGreaterThan(3);
    expect(seen.at(-1)).toEqual([3300, 3300]);
  });

  it('a fetch that fails releases its place: later files report again', async () => {
    const seen: [number, number][] = [];
    const p = new DownloadProgress((l, t) => seen.push([l, t]), 0);
    await expect(p.read(Promise.reject(new Error('offline')))).rejects.toThrow('offline');
    await p.read(response(200, 100, true));
    expect(seen.at(-1)).toEqual([200, 200]);
  });
});
