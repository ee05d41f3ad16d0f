// The exact portfolio selection: a 0/1 program solved by HiGHS (compiled to WebAssembly, MIT),
// chosen after measuring it against yalps and javascript-lp-solver (see the issue 4 notes): it
// is the only one that solves 1,000 initiatives x 12 periods x 8 roles and proves its gap.
import loadHighs from 'highs';
import { SelectionProblem, totalValue, violations } from './selection-model';

export interface SelectionOptions {
  /** Stop when the proven relative gap is at most this (0 asks for the proven optimum). */
  readonly relativeGap?: number;
  readonly timeLimitSeconds?: number;
}

export type SelectionResult =
  | {
      readonly status: 'optimal' | 'time-limit';
      readonly selected: boolean[];
      readonly value: number;
      /** Proven upper bound on the value any selection can reach. */
      readonly bound: number;
      /** Proven relative gap between value and bound (0: optimal). */
      readonly gap: number;
      /** The constraints with no room left at the selection: what limits the portfolio. */
      readonly binding: string[];
    }
  | { readonly status: 'infeasible'; readonly message: string };

interface Row {
  readonly name: string;
  readonly upper: number;
  readonly coefs: Map<number, number>;
}

/** The program's rows: budget per period, capacity per role and period, dependencies, exclusions. */
function rowsOf(p: SelectionProblem): Row[] {
  const rows: Row[] = [];
  p.periods.forEach((period, t) => {
    const coefs = new Map<number, number>();
    p.candidates.forEach((c, i) => (c.cost[t] ?? 0) !== 0 && coefs.set(i, c.cost[t]));
    if (coefs.size) rows.push({ name: `budget in ${period}`, upper: p.budget[t], coefs });
    p.roles.forEach((role, k) => {
      const load = new Map<number, number>();
      p.candidates.forEach((c, i) => (c.demand[k]?.[t] ?? 0) !== 0 && load.set(i, c.demand[k][t]));
      if (load.size) rows.push({ name: `${role} in ${period}`, upper: p.capacity[k]?.[t] ?? 0, coefs: load });
    });
  });
  for (const [a, b] of p.requires) rows.push({ name: `${p.candidates[a].id} requires ${p.candidates[b].id}`, upper: 0, coefs: new Map([[a, 1], [b, -1]]) });
  for (const [a, b] of p.excludes) rows.push({ name: `${p.candidates[a].id} and ${p.candidates[b].id} exclude each other`, upper: 1, coefs: new Map([[a, 1], [b, 1]]) });
  return rows;
}

let highsInstance: ReturnType<typeof loadHighs> | undefined;

/** The best selection within the options' gap and time, or why none exists. */
export async function optimiseSelection(p: SelectionProblem, options: SelectionOptions = {}): Promise<SelectionResult> {
  const n = p.candidates.length;
  const forcedIn = p.candidates.map((c) => c.forced === 'in');
  const conflicts = violations(p, forcedIn).filter((v) => !v.includes('forced'));
  if (conflicts.length > 0) return { status: 'infeasible', message: `The initiatives forced in do not fit: ${conflicts.join('; ')}.` };

  const highs = await (highsInstance ??= loadHighs());
  const rows = rowsOf(p);
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
  const model = highs.createModel({
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
  } as never);
  try {
    model.options.set({ output_flag: false, mip_rel_gap: options.relativeGap ?? 0, time_limit: options.timeLimitSeconds ?? 60 } as never);
    model.run();
    const status = model.getModelStatus();
    if (status === highs.constants.modelStatus.infeasible) {
      return { status: 'infeasible', message: 'No selection satisfies every constraint together (dependencies and exclusions with the forced choices).' };
    }
    const selected = Array.from(model.getSolution().colValue, (v) => Math.round(v) === 1);
    const broken = violations(p, selected);
    if (broken.length > 0) return { status: 'infeasible', message: `The solver found no valid selection in time (${broken[0]}).` };
    const value = totalValue(p, selected);
    const bound = Number(model.info.get('mip_dual_bound'));
    const gap = Math.max(0, Number(model.info.get('mip_gap')));
    const binding = rows
      .filter((r) => {
        let used = 0;
        for (const [i, v] of r.coefs) if (selected[i]) used += v;
        return r.upper - used <= 1e-9 * Math.max(1, Math.abs(r.upper));
      })
      .map((r) => r.name);
    return { status: status === highs.constants.modelStatus.optimal ? 'optimal' : 'time-limit', selected, value, bound, gap: Number.isFinite(gap) ? gap : 0, binding };
  } finally {
    model.dispose();
  }
}
