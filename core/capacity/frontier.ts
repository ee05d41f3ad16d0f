// The efficient frontier: the best value reachable at each total budget, so a board can see
// what another million buys. Each level is one selection solve with the per-period budgets
// replaced by a single total-budget row; capacity, dependencies, exclusions and forced
// choices stay as they are.
import { SelectionProblem, totalCost } from './selection-model';
import { relativeGap } from './optimiser';
import type { SelectionResult } from './optimiser';
import { SolveOptions, solveSelection } from './solver';

export interface FrontierPoint {
  readonly budget: number;
  readonly status: 'optimal' | 'time-limit' | 'infeasible';
  /** Value of the selection (0 when infeasible). */
  readonly value: number;
  /** How many initiatives it selects. */
  readonly count: number;
  readonly selected: boolean[];
  /** Proven relative gap (0: optimal; Infinity: no bound proven). */
  readonly gap: number;
  /** Proven upper bound on the value at this budget (Infinity when none; the value when optimal). */
  readonly bound?: number;
  /** Why no selection fits this budget (status 'infeasible'). */
  readonly message?: string;
}

/** The name of the total-budget row in messages: "budget in all periods: 12 spent of 10". */
export const TOTAL_PERIOD = 'all periods';

/** The problem with one total-budget row at the given level (an extra period no capacity row uses). */
export function withTotalBudget(p: SelectionProblem, level: number): SelectionProblem {
  const t = p.periods.length;
  return {
    ...p,
    periods: [...p.periods, TOTAL_PERIOD],
    budget: [...p.periods.map(() => Infinity), level],
    candidates: p.candidates.map((c) => {
      const cost = new Array<number>(t + 1).fill(0);
      cost[t] = totalCost(c);
      return { ...c, cost };
    }),
  };
}

/**
 * Best value for each total budget level: the per-period budget rows are replaced by one
 * total-budget row (sum of all periods' costs <= level); capacity, dependencies, exclusions and
 * forced choices stay. Levels are solved from the lowest up and answered in the order given.
 * options.timeLimitSeconds is the time for the whole frontier: what is left is shared equally
 * among the levels still to solve, and time the easy levels leave over goes, in a second round,
 * to the levels that stopped short of the requested gap (the better selection and the tighter
 * bound of the two runs are kept). Raising the budget never lowers the value: when a level
 * stopped at its time limit below the value of a lower level, that lower level's selection
 * (still valid with more budget) is kept.
 */
export async function efficientFrontier(
  p: SelectionProblem,
  levels: readonly number[],
  options: SolveOptions & { onLevel?: (done: number, total: number) => void } = {},
): Promise<FrontierPoint[] | { status: 'cancelled' }> {
  const started = Date.now();
  const total = options.timeLimitSeconds ?? 60;
  const wanted = options.relativeGap ?? 0;
  const left = () => total - (Date.now() - started) / 1000;
  const order = levels.map((budget, i) => ({ budget, i })).sort((a, b) => a.budget - b.budget || a.i - b.i);
  const results: Array<Exclude<SelectionResult, { status: 'cancelled' }>> = [];
  const solve = (k: number, share: number) =>
    solveSelection(withTotalBudget(p, order[k].budget), {
      relativeGap: options.relativeGap,
      timeLimitSeconds: Math.max(0.05, share),
      onProgress: options.onProgress,
      isCancelled: options.isCancelled,
    });
  for (let k = 0; k < order.length; k++) {
    const r = await solve(k, left() / (order.length - k));
    if (r.status === 'cancelled') return { status: 'cancelled' };
    results.push(r);
    options.onLevel?.(k + 1, order.length);
  }
  // Second round: the time still left, for the levels not yet proven within the gap.
  const short = results.flatMap((r, k) => (r.status === 'time-limit' && r.gap > wanted ? [k] : []));
  for (let j = 0; j < short.length && left() > 0.1; j++) {
    const k = short[j];
    const again = await solve(k, left() / (short.length - j));
    if (again.status === 'cancelled') return { status: 'cancelled' };
    const before = results[k];
    if (again.status === 'infeasible' || before.status === 'infeasible') continue;
    const best = again.value > before.value ? again : before;
    const bound = Math.min(before.bound, again.bound);
    const gap = relativeGap(best.value, bound);
    results[k] = { ...best, bound, gap, status: again.status === 'optimal' || gap <= wanted ? 'optimal' : 'time-limit' };
  }

  const points: FrontierPoint[] = new Array(levels.length);
  let best: FrontierPoint | undefined;
  order.forEach(({ budget, i }, k) => {
    const r = results[k];
    let point: FrontierPoint;
    if (r.status === 'infeasible') {
      point = { budget, status: 'infeasible', value: 0, count: 0, selected: p.candidates.map(() => false), gap: 0, message: r.message };
    } else if (best && best.value > r.value) {
      point = { budget, status: r.status, value: best.value, count: best.count, selected: best.selected, gap: relativeGap(best.value, r.bound), bound: r.bound };
    } else {
      point = { budget, status: r.status, value: r.value, count: r.selected.filter(Boolean).length, selected: r.selected, gap: r.gap, bound: r.bound };
    }
    if (point.status !== 'infeasible' && (!best || point.value >= best.value)) best = point;
    points[i] = point;
  });
  return points;
}
