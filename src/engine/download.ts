/**
 * Byte-level download progress for the files of one model. Each response is
 * read chunk by chunk; `report(loaded, total)` gets the bytes received so far
 * and the bytes expected from the Content-Length of the files started so far
 * (a file without one counts only what has arrived). Hand `read` the pending
 * fetch: while any started file has not sent its headers, the total is not
 * known and nothing is reported (a small file finishing first would otherwise
 * show 100% before the big one announces its size). Reports are at most every
 * `intervalMs`, plus one when each file completes.
 */
export class DownloadProgress {
  private received = 0;
  private total = 0;
  private last = Number.NEGATIVE_INFINITY;
  /** Files handed to `read` whose response headers have not arrived yet. */
  private awaitingHeaders = 0;

  constructor(
    private readonly report: (loaded: number, total: number) => void,
    private readonly intervalMs = 50,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Reads one response to the end. Several may be read at once (their bytes add up). */
  async read(pending: Response | Promise<Response>): Promise<ArrayBuffer> {
    this.awaitingHeaders++;
    let res: Response;
    try {
      res = await pending;
    } finally {
      this.awaitingHeaders--;
    }
    const header = Number(res.headers.get('content-length'));
    const expected = Number.isFinite(header) && header > 0 ? header : 0;
    this.total += expected;
    if (!res.body) return this.finish(await res.arrayBuffer(), expected, 0);
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let got = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      got += value.byteLength;
      this.received += value.byteLength;
      const t = this.now();
      if (t - this.last >= this.intervalMs && this.awaitingHeaders === 0) {
        this.last = t;
        this.report(this.received, Math.max(this.total, this.received));
      }
    }
    const out = new Uint8Array(got);
    let offset = 0;
    for (const c of chunks) {
      out.set(c, offset);
      offset += c.byteLength;
    }
    return this.finish(out.buffer, expected, got);
  }

  private finish(buf: ArrayBuffer, expected: number, counted: number): ArrayBuffer {
    // The file's real size replaces the announced one (compressed transfers announce fewer bytes).
    this.total += buf.byteLength - expected;
    this.received += buf.byteLength - counted;
    this.last = this.now();
    if (this.awaitingHeaders === 0) this.report(this.received, Math.max(this.total, this.received));
    return buf;
  }
}
