// The exact portfolio selection: a 0/1 program solved by HiGHS (compiled to WebAssembly, MIT),
// chosen after measuring it against yalps and javascript-lp-solver (see the issue 4 notes): it
// is the only one that solves 1,000 initiatives x 12 periods x 8 roles and proves its gap.
// It runs wherever WebAssembly does: Node finds highs.wasm itself; a bundle that cannot
// (Apps Script, a Web Worker) hands over the bytes with useHighsWasm.
import loadHighs from 'highs';
import type { Highs, InitOptions } from 'highs';
import { ConstraintRef, Row, SelectionProblem, rowsOf, selectionFiller, totalValue, valuePerCostOrder, violations } from './selection-model';
import type { SolveOptions } from './solver';

/** A constraint the forced-in initiatives (with all they require) cannot meet. */
export interface ForcedConflict {
  readonly constraint: ConstraintRef;
  /** The least the forced set uses of the constraint (budget, FTE, or the 0/1 count of the rule). */
  readonly used: number;
  readonly limit: number;
  /** In words, with the problem's names ("budget in 2027-Q1: 12 spent of 10"). */
  readonly message: string;
}

export type SelectionResult =
  | {
      readonly status: 'optimal' | 'time-limit';
      readonly selected: boolean[];
      readonly value: number;
      /** Proven upper bound on the value any selection can reach (Infinity while none is proven). */
      readonly bound: number;
      /** Proven relative gap between value and bound, (bound - value) / max(1, |value|) (0: optimal; Infinity: no bound yet). */
      readonly gap: number;
      /** The budgets and capacities that limit the portfolio: no room left, or less than any initiative outside would need (bindingRows). */
      readonly binding: string[];
    }
  | {
      readonly status: 'infeasible';
      readonly message: string;
      /** Set when the forced choices alone break a constraint: which one. */
      readonly conflict?: ForcedConflict;
      /** True when the time ran out before any valid selection was found (none may exist or not). */
      readonly timedOut?: boolean;
    }
  | { readonly status: 'cancelled' };

const EPS = 1e-9;

/** The forced-in initiatives and, transitively, every initiative they require (but none forced out). */
export function forcedClosure(p: SelectionProblem): boolean[] {
  const inSet = p.candidates.map((c) => c.forced === 'in');
  const needs = new Map<number, number[]>();
  for (const [a, b] of p.requires) needs.set(a, [...(needs.get(a) ?? []), b]);
  const stack = inSet.flatMap((x, i) => (x ? [i] : []));
  while (stack.length) {
    for (const b of needs.get(stack.pop()!) ?? []) {
      if (!inSet[b] && p.candidates[b].forced !== 'out') {
        inSet[b] = true;
        stack.push(b);
      }
    }
  }
  return inSet;
}

/**
 * The first constraint that the forced choices alone break, or undefined. Every valid selection
 * holds the forced-in initiatives and all they require and none forced out, so a row is broken
 * when even its least possible use (those, plus any negative coefficient of the free ones)
 * exceeds its limit. With costs and demands of zero or more this check is exact: when it finds
 * nothing, that set itself is a valid selection.
 */
export function forcedConflict(p: SelectionProblem, rows: readonly Row[] = rowsOf(p)): ForcedConflict | undefined {
  const must = forcedClosure(p);
  const out = p.candidates.map((c) => c.forced === 'out');
  const id = (i: number) => p.candidates[i].id;
  for (const r of rows) {
    let used = 0;
    for (const [i, v] of r.coefs) if (must[i]) used += v;
    let least = used;
    for (const [i, v] of r.coefs) if (!must[i] && !out[i] && v < 0) least += v;
    if (least <= r.upper + EPS * Math.max(1, Math.abs(r.upper))) continue;
    const ref = r.ref;
    const message =
      ref.kind === 'budget'
        ? `${r.name}: ${least} spent of ${r.upper}`
        : ref.kind === 'capacity'
          ? `${r.name}: ${least} FTE planned of ${r.upper}`
          : ref.kind === 'requires'
            ? `${id(ref.from)} requires ${id(ref.to)}, which is forced out`
            : r.name;
    return { constraint: ref, used: least, limit: r.upper, message };
  }
  return undefined;
}

/**
 * A valid selection to start HiGHS from: the forced-in initiatives with all they require, then
 * the others by value per unit of total cost (free ones first), each added with what it
 * requires when every row still has room: greedySelection without the items of no value.
 * A plain knapsack that HiGHS took 1.8 s to prove within 0.1% from scratch took 64 ms from
 * this start (2,000 items, issue 4). undefined when the forced set itself does not fit.
 */
export function startingSelection(p: SelectionProblem, rows: readonly Row[] = rowsOf(p)): boolean[] | undefined {
  const fill = selectionFiller(p, rows);
  for (const i of valuePerCostOrder(p)) {
    const c = p.candidates[i];
    if (c.forced === 'in') {
      if (!fill.add(i)) return undefined;
    } else if (c.value > 0) fill.add(i);
  }
  return fill.selected;
}

/**
 * The budgets and capacities that limit the portfolio at a selection: those with no room left,
 * and those whose room left is smaller than what any initiative still outside (and not forced
 * out) would need of them. Real budgets and FTE are seldom used to the cent, so "exactly full"
 * alone would name none; "nothing else that needs it fits" is what a portfolio manager means by
 * full. Dependencies and exclusions are rules rather than resources (a dependency's row has no
 * room left whenever both or neither are selected), so they are never named.
 */
function bindingRows(p: SelectionProblem, rows: readonly Row[], selected: readonly boolean[]): string[] {
  return rows
    .filter((r) => {
      if (r.ref.kind !== 'budget' && r.ref.kind !== 'capacity') return false;
      let used = 0;
      let smallestOutside = Infinity;
      for (const [i, v] of r.coefs) {
        if (selected[i]) used += v;
        else if (v > 0 && p.candidates[i].forced !== 'out') smallestOutside = Math.min(smallestOutside, v);
      }
      const room = r.upper - used;
      const tolerance = EPS * Math.max(1, Math.abs(r.upper));
      return room <= tolerance || (Number.isFinite(smallestOutside) && smallestOutside > room + tolerance);
    })
    .map((r) => r.name);
}

// ---------------------------------------------------------------------------------------------
// Loading HiGHS: once per realm, on the first solve.

type HighsLoader = () => Promise<Highs>;

let loader: HighsLoader = () => loadHighs();
let highsInstance: Promise<Highs> | undefined;

/** Replaces how HiGHS is loaded (the next solve loads it anew). */
function useHighsLoader(load: HighsLoader): void {
  loader = load;
  highsInstance = undefined;
}

function highsReady(): Promise<Highs> {
  highsInstance ??= loader().catch((e: unknown) => {
    highsInstance = undefined; // a later solve tries again
    throw e;
  });
  return highsInstance;
}

type WasmBytes = ArrayBuffer | Uint8Array;
interface WasmApi {
  instantiate(bytes: WasmBytes, imports: unknown): Promise<{ instance: unknown }>;
}

/**
 * Loads HiGHS from the wasm bytes a host provides (a file it fetched, a string it decoded), for
 * bundles where HiGHS cannot find highs.wasm itself. The loader's documented wasmBinary and
 * wasmModule options are ignored by highs 1.15, so the module is instantiated through
 * Emscripten's instantiateWasm hook. HiGHS times itself with performance.now(), which Apps
 * Script lacks: Date.now() stands in.
 */
export function useHighsWasm(bytes: () => WasmBytes | Promise<WasmBytes>): void {
  useHighsLoader(async () => {
    const scope = globalThis as { performance?: { now(): number }; WebAssembly?: WasmApi };
    if (typeof scope.performance?.now !== 'function') scope.performance = { now: () => Date.now() };
    const wasm = scope.WebAssembly;
    if (!wasm) throw new Error('this host has no WebAssembly');
    const code = await bytes();
    let fail: (e: unknown) => void = () => undefined;
    // The hook cannot report a failure to the loader, which would then wait for ever.
    const failed = new Promise<never>((_, reject) => (fail = reject));
    const options = {
      instantiateWasm(imports: unknown, done: (instance: unknown) => void) {
        wasm.instantiate(code, imports).then((r) => done(r.instance), fail);
        return {};
      },
    };
    return Promise.race([loadHighs(options as InitOptions), failed]);
  });
}

// ---------------------------------------------------------------------------------------------

/** (bound - value) relative to the value, as HiGHS words its MIP gap. */
export function relativeGap(value: number, bound: number): number {
  if (!Number.isFinite(bound)) return Infinity;
  return Math.max(0, bound - value) / Math.max(1, Math.abs(value));
}

/** How often, at most, progress is reported from HiGHS's periodic checkpoints. */
const PROGRESS_EVERY_MS = 200;

/** The best selection within the options' gap and time, or why none exists. */
export async function optimiseSelection(p: SelectionProblem, options: SolveOptions = {}): Promise<SelectionResult> {
  const started = Date.now();
  const cancelled = () => options.isCancelled?.() === true;
  if (cancelled()) return { status: 'cancelled' };
  const n = p.candidates.length;
  const rows = rowsOf(p);
  const conflict = forcedConflict(p, rows);
  if (conflict) return { status: 'infeasible', message: `The initiatives forced in do not fit: ${conflict.message}.`, conflict };

  const highs = await highsReady();
  if (cancelled()) return { status: 'cancelled' };
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const r of rows) {
    for (const [i, v] of r.coefs) {
      indices.push(i);
      values.push(v);
    }
    starts.push(indices.length);
  }
  const data = {
    numCols: n,
    numRows: rows.length,
    sense: highs.constants.objectiveSense.maximize,
    colCost: p.candidates.map((c) => c.value),
    colLower: p.candidates.map((c) => (c.forced === 'in' ? 1 : 0)),
    colUpper: p.candidates.map((c) => (c.forced === 'out' ? 0 : 1)),
    rowLower: rows.map(() => -highs.infinity),
    rowUpper: rows.map((r) => r.upper),
    matrix: { format: 'csr', numRows: rows.length, numCols: n, starts: Int32Array.from(starts), indices: Int32Array.from(indices), values: Float64Array.from(values) },
    integrality: new Int32Array(n).fill(highs.constants.variableType.integer),
  };

  const { onProgress } = options;
  let lastReport = 0;
  const report = (d: { mip_primal_bound?: number; mip_dual_bound?: number; objective_function_value?: number }, always: boolean) => {
    if (!onProgress) return;
    const now = Date.now();
    if (!always && now - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = now;
    const finite = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x);
    const best = finite(d.objective_function_value) ? d.objective_function_value : finite(d.mip_primal_bound) ? d.mip_primal_bound : undefined;
    const bound = finite(d.mip_dual_bound) ? d.mip_dual_bound : Infinity;
    onProgress(best === undefined ? { bound } : { best, bound, gap: relativeGap(best, bound) });
  };
  const limit = options.timeLimitSeconds ?? 60;
  const start = startingSelection(p, rows);

  /**
   * One HiGHS run. HiGHS accepts a row exceeded by up to 1e-6 (its feasibility tolerance) while
   * violations() allows one part in a billion of the limit; only data with sums that close to a
   * limit (costs 0.5000001 and 0.5 against a budget of 1) tell them apart, so a first run keeps
   * HiGHS's faster defaults and, when its selection breaks a limit by that hair, a second run
   * uses tolerances of 1e-9 for the time left.
   */
  const run = (tight: boolean): SelectionResult => {
    const model = highs.createModel(data as never);
    try {
      const left = Math.max(0.01, limit - (Date.now() - started) / 1000);
      const tolerances = tight ? { mip_feasibility_tolerance: 1e-9, primal_feasibility_tolerance: 1e-9 } : {};
      // A plain knapsack (one row: FRONTIER's levels, a lone total budget) gains nothing from
      // presolve, which spent 1.3-2 s of each solve on 2,000 items against 20-30 ms for the
      // whole solve without it; with more rows it pays for itself (measured, issue 4).
      const presolve = rows.length <= 1 ? { presolve: 'off' } : {};
      model.options.set({ output_flag: false, mip_rel_gap: options.relativeGap ?? 0, time_limit: left, ...tolerances, ...presolve } as never);
      if (start) model.setSolution({ colValue: Float64Array.from(start, Number) });
      const types = highs.constants.callbackType;
      let stopped = false;
      model.run({
        [types.mipInterrupt](event) {
          report(event.data, false);
          if (cancelled()) {
            stopped = true;
            event.interrupt();
          }
          return undefined;
        },
        [types.mipImprovingSolution](event) {
          report(event.data, true);
          return undefined;
        },
      });
      const status = model.getModelStatus();
      if (stopped && status === highs.constants.modelStatus.interrupted) return { status: 'cancelled' };
      if (status === highs.constants.modelStatus.infeasible) {
        return { status: 'infeasible', message: 'No selection satisfies every constraint together (dependencies and exclusions with the forced choices).' };
      }
      const selected = Array.from(model.getSolution().colValue, (v) => Math.round(v) === 1);
      const broken = selected.length === n ? violations(p, selected) : ['no selection'];
      if (broken.length > 0) return { status: 'infeasible', message: `The solver found no valid selection in time (${broken[0]}).`, timedOut: true };
      const value = totalValue(p, selected);
      const optimal = status === highs.constants.modelStatus.optimal;
      const reported = Number(model.info.get('mip_dual_bound' as never));
      const bound = Number.isFinite(reported) ? Math.max(reported, value) : optimal ? value : Infinity;
      const gap = optimal ? Math.max(0, Number(model.info.get('mip_gap' as never)) || 0) : relativeGap(value, bound);
      const binding = bindingRows(p, rows, selected);
      return { status: optimal ? 'optimal' : 'time-limit', selected, value, bound, gap, binding };
    } finally {
      model.dispose();
    }
  };

  const first = run(false);
  if (first.status !== 'infeasible' || !first.timedOut || (Date.now() - started) / 1000 >= limit) return first;
  return run(true);
}
