// The Excel add-in's solver: the built worker (dist/excel/solver-worker.js) run as a browser
// runs it, with the real highs.wasm beside it; the page's client (worker-solver.ts) with a
// stand-in Worker; and the functions bundle, which must not start a worker before a solve.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { optimiseSelection, SelectionResult } from '../core/capacity/optimiser';
import { SelectionProblem } from '../core/capacity/selection-model';
import { SolveReply, SolveRequest, WorkerLike, createWorkerSolver } from '../excel-addin/worker-solver';
import { DIST, VmWorker, callHost, loadExcel, requireBuild } from './support/bundles';
import { hardPortfolio } from './support/selection';

const SMALL: SelectionProblem = {
  candidates: [6, 5, 5].map((v, i) => ({ id: `I${i + 1}`, value: v, cost: [v], demand: [[1]] })),
  budget: [10],
  roles: ['Developer'],
  periods: ['Q1'],
  capacity: [[3]],
  requires: [],
  excludes: [],
};

/** Posts one request to a worker and collects its replies until the answer. */
function ask(worker: VmWorker, request: SolveRequest): Promise<SolveReply[]> {
  return new Promise((resolve) => {
    const replies: SolveReply[] = [];
    worker.onmessage = (e) => {
      replies.push(e.data as SolveReply);
      if ((e.data as SolveReply).type !== 'progress') resolve(replies);
    };
    worker.postMessage(request);
  });
}

describe('the built solver worker', () => {
  beforeAll(requireBuild);
  let worker: VmWorker;
  beforeAll(() => {
    worker = new VmWorker('solver-worker.js');
  });

  it('solves with HiGHS from highs.wasm beside it, as optimiseSelection does in Node', async () => {
    const replies = await ask(worker, { type: 'solve', id: 7, problem: SMALL, options: { progress: false } });
    expect(replies).toEqual([{ type: 'result', id: 7, result: await optimiseSelection(SMALL) }]);
    expect(replies[0]).toMatchObject({ result: { status: 'optimal', selected: [false, true, true], value: 10 } });
  });

  it('posts progress while it solves when asked, then the result within the time limit', async () => {
    const replies = await ask(worker, { type: 'solve', id: 8, problem: hardPortfolio(100), options: { progress: true, timeLimitSeconds: 1 } });
    const result = replies[replies.length - 1];
    expect(result).toMatchObject({ type: 'result', id: 8, result: { status: 'time-limit' } });
    const progress = replies.slice(0, -1);
    expect(progress.length).toBeGreaterThan(0);
    for (const p of progress) expect(p).toMatchObject({ type: 'progress', id: 8, progress: { bound: expect.any(Number) } });
  });

  it('answers an error for a problem it cannot read', async () => {
    const broken = { ...SMALL, requires: [[0, 9]] } as unknown as SelectionProblem;
    expect(await ask(worker, { type: 'solve', id: 9, problem: broken, options: { progress: false } })).toEqual([
      { type: 'error', id: 9, message: expect.stringMatching(/undefined|Cannot read/) },
    ]);
  });

  it('says so when highs.wasm is not beside it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'btm-worker-'));
    fs.copyFileSync(path.join(DIST, 'excel', 'solver-worker.js'), path.join(dir, 'solver-worker.js'));
    const lonely = new VmWorker('solver-worker.js', dir);
    expect(await ask(lonely, { type: 'solve', id: 1, problem: SMALL, options: { progress: false } })).toEqual([
      { type: 'error', id: 1, message: 'could not load the solver (https://addin.example/highs.wasm: HTTP 404)' },
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

/** A stand-in Worker: records what it is sent and answers when the test says. */
class FakeWorker implements WorkerLike {
  static made: FakeWorker[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  sent: SolveRequest[] = [];
  terminated = false;
  constructor(readonly url: string) {
    FakeWorker.made.push(this);
  }
  postMessage(message: unknown): void {
    this.sent.push(message as SolveRequest);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(reply: SolveReply): void {
    this.onmessage?.({ data: reply });
  }
  get lastId(): number {
    return this.sent[this.sent.length - 1].id;
  }
}

const OPTIMAL: SelectionResult = { status: 'optimal', selected: [false, true, true], value: 10, bound: 10, gap: 0, binding: [] };
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the worker client (createWorkerSolver)', () => {
  beforeEach(() => {
    FakeWorker.made = [];
  });
  const solver = (maxWorkers = 2) => createWorkerSolver({ url: () => 'https://addin.example/solver-worker.js', createWorker: (url) => new FakeWorker(url), maxWorkers, pollMs: 5 });

  it('starts no worker until the first solve, then sends the problem and options', async () => {
    const solve = solver();
    expect(FakeWorker.made).toHaveLength(0);
    const answer = solve(SMALL, { timeLimitSeconds: 20, relativeGap: 0 });
    expect(FakeWorker.made.map((w) => w.url)).toEqual(['https://addin.example/solver-worker.js']);
    const [w] = FakeWorker.made;
    expect(w.sent).toEqual([{ type: 'solve', id: w.lastId, problem: SMALL, options: { relativeGap: 0, timeLimitSeconds: 20, progress: false } }]);
    w.reply({ type: 'result', id: w.lastId, result: OPTIMAL });
    expect(await answer).toEqual(OPTIMAL);
  });

  it('passes progress on, and keeps one worker for the next solve', async () => {
    const solve = solver();
    const seen: unknown[] = [];
    const answer = solve(SMALL, { onProgress: (p) => seen.push(p) });
    const [w] = FakeWorker.made;
    expect(w.sent[0].options.progress).toBe(true);
    w.reply({ type: 'progress', id: w.lastId, progress: { best: 9, bound: 11, gap: 2 / 9 } });
    w.reply({ type: 'progress', id: w.lastId + 1000, progress: { bound: 1 } }); // another solve's: ignored
    w.reply({ type: 'result', id: w.lastId, result: OPTIMAL });
    await answer;
    expect(seen).toEqual([{ best: 9, bound: 11, gap: 2 / 9 }]);
    const next = solve(SMALL);
    expect(FakeWorker.made).toHaveLength(1);
    expect(w.sent).toHaveLength(2);
    w.reply({ type: 'result', id: w.lastId, result: OPTIMAL });
    expect(await next).toEqual(OPTIMAL);
  });

  it('cancels by terminating the worker at once, and starts a fresh one for the next solve', async () => {
    const solve = solver();
    let stop = false;
    const answer = solve(SMALL, { isCancelled: () => stop });
    const [w] = FakeWorker.made;
    await tick();
    expect(w.terminated).toBe(false);
    stop = true;
    expect(await answer).toEqual({ status: 'cancelled' });
    expect(w.terminated).toBe(true);
    w.reply({ type: 'result', id: w.lastId, result: OPTIMAL }); // too late: ignored
    const next = solve(SMALL);
    expect(FakeWorker.made).toHaveLength(2);
    FakeWorker.made[1].reply({ type: 'result', id: FakeWorker.made[1].lastId, result: OPTIMAL });
    expect(await next).toEqual(OPTIMAL);
  });

  it('answers cancelled without a worker when already cancelled', async () => {
    expect(await solver()(SMALL, { isCancelled: () => true })).toEqual({ status: 'cancelled' });
    expect(FakeWorker.made).toHaveLength(0);
  });

  it('runs at most maxWorkers solves at once; the next waits for a free worker', async () => {
    const solve = solver(2);
    const answers = [solve(SMALL), solve(SMALL), solve(SMALL)];
    expect(FakeWorker.made).toHaveLength(2);
    const [a, b] = FakeWorker.made;
    b.reply({ type: 'result', id: b.lastId, result: OPTIMAL });
    await answers[1];
    await tick();
    expect(FakeWorker.made).toHaveLength(2);
    expect(b.sent).toHaveLength(2); // the third solve went to the freed worker
    b.reply({ type: 'result', id: b.lastId, result: { status: 'cancelled' } });
    a.reply({ type: 'result', id: a.lastId, result: OPTIMAL });
    expect(await Promise.all(answers)).toEqual([OPTIMAL, OPTIMAL, { status: 'cancelled' }]);
  });

  it('rejects when the worker reports an error or dies, and replaces a dead worker', async () => {
    const solve = solver();
    const first = solve(SMALL);
    const [w] = FakeWorker.made;
    w.reply({ type: 'error', id: w.lastId, message: 'could not load the solver (HTTP 404)' });
    await expect(first).rejects.toThrow('could not load the solver (HTTP 404)');
    const second = solve(SMALL);
    expect(FakeWorker.made).toHaveLength(1);
    w.onerror?.({ message: 'out of memory' });
    await expect(second).rejects.toThrow('the solver worker failed: out of memory');
    expect(w.terminated).toBe(true);
    const third = solve(SMALL);
    expect(FakeWorker.made).toHaveLength(2);
    FakeWorker.made[1].reply({ type: 'result', id: FakeWorker.made[1].lastId, result: OPTIMAL });
    expect(await third).toEqual(OPTIMAL);
  });

  it('rejects when there are no Web Workers', async () => {
    const solve = createWorkerSolver({ url: 'solver-worker.js' });
    await expect(solve(SMALL)).rejects.toThrow('this Excel has no Web Workers to run the solver in');
  });
});

describe('the Excel functions bundle', () => {
  beforeAll(requireBuild);

  it('loads without starting a worker; the first SELECT starts one, later ones reuse it', async () => {
    const before = VmWorker.started;
    const excel = loadExcel();
    expect(VmWorker.started).toBe(before);
    const col = (xs: number[]) => xs.map((x) => [x]);
    expect(await callHost(excel.get('SELECT')!, [col([6, 5, 5]), col([6, 5, 5]), [[10]], null, null, null, null])).toEqual([[0], [1], [1]]);
    expect(await callHost(excel.get('SELECT')!, [col([6, 5, 5]), col([6, 5, 5]), [[11]], null, null, null, null])).toEqual([[1], [1], [0]]);
    expect(VmWorker.started).toBe(before + 1);
  });
});
