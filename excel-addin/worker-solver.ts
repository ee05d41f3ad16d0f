// The Excel add-in's selection solver: HiGHS runs in Web Workers (dist/excel/solver-worker.js),
// so a long solve never freezes the task pane or the other custom functions, and Cancel stops
// it at once by terminating its worker. Workers are started on the first solve only, one per
// solve running at the same time (at most maxWorkers; further solves wait), and one is kept
// for the next solve.
import type { SelectionResult } from '../core/capacity/optimiser';
import type { SelectionProblem } from '../core/capacity/selection-model';
import type { SelectionSolver, SolveOptions } from '../core/capacity/solver';

/** What the page sends the worker. */
export interface SolveRequest {
  readonly type: 'solve';
  readonly id: number;
  readonly problem: SelectionProblem;
  readonly options: { readonly relativeGap?: number; readonly timeLimitSeconds?: number; readonly progress: boolean };
}

/** What the worker answers. */
export type SolveReply =
  | { readonly type: 'progress'; readonly id: number; readonly progress: { best?: number; bound: number; gap?: number } }
  | { readonly type: 'result'; readonly id: number; readonly result: SelectionResult }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

/** The part of a Web Worker the solver uses (a fake one in tests). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface WorkerSolverOptions {
  /** The worker script's URL (read on the first solve). */
  readonly url: string | (() => string);
  /** Starts a worker (default: new Worker(url)). */
  readonly createWorker?: (url: string) => WorkerLike;
  /** Workers solving at the same time (default 2). */
  readonly maxWorkers?: number;
  /** How often isCancelled is asked while a solve runs or waits, in ms (default 100). */
  readonly pollMs?: number;
}

function defaultWorker(url: string): WorkerLike {
  const W = (globalThis as { Worker?: new (url: string) => WorkerLike }).Worker;
  if (typeof W !== 'function') throw new Error('this Excel has no Web Workers to run the solver in');
  return new W(url);
}

function describe(event: unknown): string {
  const message = (event as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message ? message : 'it stopped unexpectedly';
}

/** A SelectionSolver that runs each solve in a Web Worker. Creating it touches no Worker. */
export function createWorkerSolver(settings: WorkerSolverOptions): SelectionSolver {
  const maxWorkers = Math.max(1, settings.maxWorkers ?? 2);
  const pollMs = settings.pollMs ?? 100;
  const start = settings.createWorker ?? defaultWorker;
  const idle: WorkerLike[] = [];
  const waiting: Array<() => void> = [];
  let running = 0;
  let nextId = 1;

  /** A worker for one solve: an idle one, a new one, or the next to be freed. */
  const acquire = (): Promise<WorkerLike> | WorkerLike => {
    const free = idle.pop();
    if (free) return free;
    if (running + idle.length < maxWorkers) return start(typeof settings.url === 'function' ? settings.url() : settings.url);
    return new Promise<void>((resolve) => waiting.push(resolve)).then(acquire);
  };
  /** A solve ended: keep its worker for the next one (or end it), and wake a waiting solve. */
  const release = (worker: WorkerLike, keep: boolean) => {
    running--;
    worker.onmessage = null;
    worker.onerror = null;
    if (keep && idle.length === 0) idle.push(worker);
    else worker.terminate();
    waiting.shift()?.();
  };

  return (problem: SelectionProblem, options: SolveOptions = {}) =>
    new Promise<SelectionResult>((resolve, reject) => {
      const cancelled = () => options.isCancelled?.() === true;
      let settled = false;
      let worker: WorkerLike | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (keep: boolean, answer: () => void) => {
        if (settled) return;
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        if (worker) release(worker, keep);
        answer();
      };
      const poll = () => {
        timer = undefined;
        if (settled) return;
        if (cancelled()) {
          // Terminating is the only way to stop a synchronous HiGHS run inside a worker.
          finish(false, () => resolve({ status: 'cancelled' }));
          return;
        }
        timer = setTimeout(poll, pollMs);
      };
      if (cancelled()) {
        resolve({ status: 'cancelled' });
        return;
      }
      if (options.isCancelled) timer = setTimeout(poll, pollMs);
      const id = nextId++;
      const send = (w: WorkerLike) => {
        running++;
        if (settled) {
          release(w, true); // cancelled while waiting for a worker
          return;
        }
        worker = w;
        w.onmessage = (event) => {
          const reply = event.data as SolveReply;
          if (!reply || reply.id !== id) return;
          if (reply.type === 'progress') {
            if (!settled && !cancelled()) options.onProgress?.(reply.progress);
          } else if (reply.type === 'result') finish(true, () => resolve(reply.result));
          else if (reply.type === 'error') finish(true, () => reject(new Error(reply.message)));
        };
        w.onerror = (event) => finish(false, () => reject(new Error(`the solver worker failed: ${describe(event)}`)));
        const request: SolveRequest = {
          type: 'solve',
          id,
          problem,
          options: { relativeGap: options.relativeGap, timeLimitSeconds: options.timeLimitSeconds, progress: options.onProgress !== undefined },
        };
        w.postMessage(request);
      };
      try {
        const w = acquire();
        if (w instanceof Promise) w.then(send, (e: unknown) => finish(false, () => reject(e)));
        else send(w);
      } catch (e) {
        finish(false, () => reject(e));
      }
    });
}

/**
 * The worker script beside the script that loaded this bundle (functions.js or taskpane.js,
 * both in dist/excel/), read while the bundle loads: document.currentScript is set only then.
 */
export function siblingUrl(file: string): () => string {
  const doc = (globalThis as { document?: { currentScript?: { src?: string } | null } }).document;
  const base = doc?.currentScript?.src || (globalThis as { location?: { href?: string } }).location?.href;
  return () => (base ? new URL(file, base).href : file);
}
