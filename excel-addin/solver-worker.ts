// Entry of dist/excel/solver-worker.js: a Web Worker that solves selection problems with
// HiGHS for the Excel add-in (see worker-solver.ts for the page's side). HiGHS comes from
// highs.wasm beside this script, fetched on the first solve. One message, one solve; progress
// is posted as HiGHS reports it. A solve is stopped by terminating the worker.
import { optimiseSelection, useHighsWasm } from '../core/capacity/optimiser';
import type { SolveReply, SolveRequest } from './worker-solver';

interface WorkerScope {
  postMessage(message: SolveReply): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  location: { href: string };
  fetch(url: string): Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;
}

const scope = globalThis as unknown as WorkerScope;

useHighsWasm(async () => {
  const url = new URL('highs.wasm', scope.location.href).href;
  const response = await scope.fetch(url);
  if (!response.ok) throw new Error(`could not load the solver (${url}: HTTP ${response.status})`);
  return response.arrayBuffer();
});

scope.onmessage = (event) => {
  const request = event.data as SolveRequest;
  if (!request || request.type !== 'solve') return;
  const { id, problem, options } = request;
  optimiseSelection(problem, {
    relativeGap: options.relativeGap,
    timeLimitSeconds: options.timeLimitSeconds,
    onProgress: options.progress ? (progress) => scope.postMessage({ type: 'progress', id, progress }) : undefined,
  }).then(
    (result) => scope.postMessage({ type: 'result', id, result }),
    (e: unknown) => scope.postMessage({ type: 'error', id, message: e instanceof Error ? e.message : String(e) }),
  );
};
