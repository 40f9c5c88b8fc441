/**
 * The page's handle on the engine worker: typed request/response calls, model
 * download progress, and a "latest wins" forward scheduler so fast typing
 * never queues stale passes.
 */
import type { EngineError, Request, RequestEnvelope, ResultOf, TrainProgress, WorkerMessage } from './protocol';

export class EngineCallError extends Error {
  constructor(readonly detail: EngineError) {
    super(detail.message);
    this.name = 'EngineCallError';
  }
}

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void };

export class EngineClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  onProgress: (modelId: string, loaded: number, total: number) => void = () => {};
  onDeviceLost: (message: string) => void = () => {};
  /** Training lab: progress of the training run. */
  onTrain: (progress: TrainProgress) => void = () => {};

  constructor(worker: Worker) {
    this.worker = worker;
    worker.onmessage = (ev: MessageEvent<WorkerMessage>) => this.receive(ev.data);
    worker.onerror = (ev) => {
      const err = new EngineCallError({ message: `The engine stopped: ${ev.message || 'worker error'}` });
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
  }

  static create(): EngineClient {
    return new EngineClient(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
  }

  private receive(msg: WorkerMessage): void {
    if (msg.type === 'progress') {
      this.onProgress(msg.modelId, msg.loaded, msg.total);
      return;
    }
    if (msg.type === 'deviceLost') {
      this.onDeviceLost(msg.message);
      return;
    }
    if (msg.type === 'train') {
      this.onTrain(msg.progress);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.value);
    else p.reject(new EngineCallError(msg.error));
  }

  call<R extends Request>(request: R): Promise<ResultOf<R>> {
    const id = this.nextId++;
    return new Promise<ResultOf<R>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      const env: RequestEnvelope = { id, request };
      this.worker.postMessage(env);
    });
  }

  /** Stops the worker; calls still waiting are rejected with `reason`. */
  terminate(reason = 'The engine was stopped'): void {
    this.worker.terminate();
    const err = new EngineCallError({ message: reason });
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

/**
 * Runs at most one job at a time; a job submitted while one runs replaces any
 * job still waiting. Returns undefined for jobs that were replaced.
 */
export class LatestOnly<T> {
  private running = false;
  private waiting: { job: () => Promise<T>; resolve: (v: T | undefined) => void; reject: (e: unknown) => void } | null = null;

  run(job: () => Promise<T>): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      if (this.waiting) this.waiting.resolve(undefined);
      this.waiting = { job, resolve, reject };
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.running || !this.waiting) return;
    const next = this.waiting;
    this.waiting = null;
    this.running = true;
    try {
      next.resolve(await next.job());
    } catch (e) {
      next.reject(e);
    } finally {
      this.running = false;
      void this.pump();
    }
  }
}
