// The efficient frontier in the core: one total-budget row per level with capacity,
// dependencies and forced choices kept, checked against trying every subset; levels too low
// for the forced set; the value never falling as the budget rises; cancelling.
import fc from 'fast-check';
import { efficientFrontier, FrontierPoint, TOTAL_PERIOD, withTotalBudget } from '../core/capacity/frontier';
import { optimiseSelection, SelectionResult } from '../core/capacity/optimiser';
import { SelectionProblem, bestByExhaustiveSearch, violations } from '../core/capacity/selection-model';
import { useSelectionSolver } from '../core/capacity/solver';
import { smallPortfolio } from './support/selection';

/** Two periods, one role: A and B need the same developer in period 1. */
const P: SelectionProblem = {
  candidates: [
    { id: 'A', value: 10, cost: [4, 2], demand: [[1, 0]] },
    { id: 'B', value: 8, cost: [1, 3], demand: [[1, 0]] },
    { id: 'C', value: 5, cost: [2, 2], demand: [[0, 1]] },
    { id: 'D', value: 4, cost: [0, 1], demand: [[0, 0]] },
  ],
  budget: [1, 1],
  roles: ['Developer'],
  periods: ['Q1', 'Q2'],
  capacity: [[1, 1]],
  requires: [[3, 2]],
  excludes: [],
};

const summary = (points: FrontierPoint[] | { status: 'cancelled' }) => {
  if (!Array.isArray(points)) throw new Error('cancelled');
  return points.map(({ budget, status, value, count }) => ({ budget, status, value, count }));
};

describe('efficientFrontier', () => {
  it('replaces the per-period budgets by one total and keeps capacity and dependencies', async () => {
    const q = withTotalBudget(P, 9);
    expect(q.periods).toEqual(['Q1', 'Q2', TOTAL_PERIOD]);
    expect(q.budget).toEqual([Infinity, Infinity, 9]);
    expect(q.candidates.map((c) => c.cost)).toEqual([[0, 0, 6], [0, 0, 4], [0, 0, 4], [0, 0, 1]]);
    // A and B cannot both have the developer; D requires C.
    expect(summary(await efficientFrontier(P, [0, 4, 6, 9, 11, 100]))).toEqual([
      { budget: 0, status: 'optimal', value: 0, count: 0 },
      { budget: 4, status: 'optimal', value: 8, count: 1 }, // B
      { budget: 6, status: 'optimal', value: 10, count: 1 }, // A (C + D: 9)
      { budget: 9, status: 'optimal', value: 17, count: 3 }, // B + C + D
      { budget: 11, status: 'optimal', value: 19, count: 3 }, // A + C + D
      { budget: 100, status: 'optimal', value: 19, count: 3 },
    ]);
  });

  it('answers in the order given and reports each level done', async () => {
    const done: Array<[number, number]> = [];
    const points = await efficientFrontier(P, [9, 0, 4], { onLevel: (d, t) => done.push([d, t]) });
    expect(summary(points).map((p) => [p.budget, p.value])).toEqual([[9, 17], [0, 0], [4, 8]]);
    expect(done).toEqual([[1, 3], [2, 3], [3, 3]]);
  });

  it('says which levels the forced-in initiatives do not fit', async () => {
    const forced = { ...P, candidates: P.candidates.map((c) => (c.id === 'D' ? { ...c, forced: 'in' as const } : c)) };
    const points = await efficientFrontier(forced, [3, 5, 9]);
    if (!Array.isArray(points)) throw new Error('cancelled');
    // D (1) requires C (4): together 5.
    expect(points[0]).toEqual({
      budget: 3,
      status: 'infeasible',
      value: 0,
      count: 0,
      selected: [false, false, false, false],
      gap: 0,
      message: 'The initiatives forced in do not fit: budget in all periods: 5 spent of 3.',
    });
    expect(summary(points).slice(1)).toEqual([
      { budget: 5, status: 'optimal', value: 9, count: 2 },
      { budget: 9, status: 'optimal', value: 17, count: 3 },
    ]);
  });

  it('matches trying every subset at every level, and never falls as the budget rises', async () => {
    await fc.assert(
      fc.asyncProperty(smallPortfolio, fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 5 }), async (p, levels) => {
        const points = await efficientFrontier(p, levels);
        if (!Array.isArray(points)) throw new Error('cancelled');
        points.forEach((point, i) => {
          const q = withTotalBudget(p, levels[i]);
          expect(point.budget).toBe(levels[i]);
          expect(violations(q, point.selected)).toEqual([]);
          expect(point.value).toBe(bestByExhaustiveSearch(q)!.value);
          expect(point.count).toBe(point.selected.filter(Boolean).length);
        });
        const sorted = [...points].sort((a, b) => a.budget - b.budget);
        for (let i = 1; i < sorted.length; i++) expect(sorted[i].value).toBeGreaterThanOrEqual(sorted[i - 1].value);
      }),
      { numRuns: 30 },
    );
  });

  describe('with a stand-in solver', () => {
    afterEach(() => useSelectionSolver(optimiseSelection));

    it('keeps a lower level\'s selection when a higher level stopped at its time limit below it', async () => {
      // The solver finds B + C + D (17) at 9, but at 11 stops early with A alone (10).
      useSelectionSolver(async (q, options) => {
        const level = q.budget[q.budget.length - 1];
        if (level === 11) return { status: 'time-limit', selected: [true, false, false, false], value: 10, bound: 19, gap: 0.9, binding: [] };
        return optimiseSelection(q, options);
      });
      const points = await efficientFrontier(P, [11, 9]);
      if (!Array.isArray(points)) throw new Error('cancelled');
      expect(points[0]).toEqual({ budget: 11, status: 'time-limit', value: 17, count: 3, selected: [false, true, true, true], gap: 2 / 17, bound: 19 });
    });

    it('gives the time the easy levels left over to a level that stopped short, keeping the best of both runs', async () => {
      const runs: number[] = [];
      useSelectionSolver(async (q, options) => {
        const level = q.budget[q.budget.length - 1];
        runs.push(level);
        if (level !== 9) return optimiseSelection(q, options);
        // At 9: first B alone (8) under a bound of 20; then B + C + D (17) under a bound of 18.
        return runs.filter((x) => x === 9).length === 1
          ? { status: 'time-limit', selected: [false, true, false, false], value: 8, bound: 20, gap: 1.5, binding: [] }
          : { status: 'time-limit', selected: [false, true, true, true], value: 17, bound: 18, gap: 1 / 17, binding: [] };
      });
      const points = await efficientFrontier(P, [11, 9, 4], { relativeGap: 0.001 });
      expect(runs).toEqual([4, 9, 11, 9]);
      if (!Array.isArray(points)) throw new Error('cancelled');
      expect(points[1]).toEqual({ budget: 9, status: 'time-limit', value: 17, count: 3, selected: [false, true, true, true], gap: 1 / 17, bound: 18 });
    });

    it('answers cancelled as soon as one level is cancelled', async () => {
      let calls = 0;
      useSelectionSolver(async (): Promise<SelectionResult> => (++calls === 2 ? { status: 'cancelled' } : { status: 'optimal', selected: [false, false, false, false], value: 0, bound: 0, gap: 0, binding: [] }));
      expect(await efficientFrontier(P, [1, 2, 3])).toEqual({ status: 'cancelled' });
      expect(calls).toBe(2);
    });
  });

  it('passes isCancelled on to the solver', async () => {
    expect(await efficientFrontier(P, [1, 2], { isCancelled: () => true })).toEqual({ status: 'cancelled' });
  });
});
