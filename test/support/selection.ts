// Random small portfolios for the selection tests: one role, one period, a few dependencies and
// exclusions between distinct items.
import fc from 'fast-check';
import type { SelectionProblem } from '../../core/capacity/selection-model';

export const smallPortfolio = fc
  .record({
    items: fc.array(fc.record({ value: fc.integer({ min: 0, max: 40 }), cost: fc.integer({ min: 0, max: 9 }), fte: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 9 }),
    budget: fc.integer({ min: 0, max: 25 }),
    capacity: fc.integer({ min: 0, max: 8 }),
    requires: fc.array(fc.tuple(fc.nat(8), fc.nat(8)), { maxLength: 3 }),
    excludes: fc.array(fc.tuple(fc.nat(8), fc.nat(8)), { maxLength: 3 }),
  })
  .map((x): SelectionProblem => {
    const n = x.items.length;
    const pairs = (ps: Array<[number, number]>) => ps.map(([a, b]) => [a % n, b % n] as [number, number]).filter(([a, b]) => a !== b);
    return {
      candidates: x.items.map((it, i) => ({ id: `I${i}`, value: it.value, cost: [it.cost], demand: [[it.fte]] })),
      budget: [x.budget],
      roles: ['Developer'],
      periods: ['P1'],
      capacity: [[x.capacity]],
      requires: pairs(x.requires),
      excludes: pairs(x.excludes),
    };
  });

/** The same portfolio with more budget. */
export function withMoreBudget(p: SelectionProblem, more: number): SelectionProblem {
  return { ...p, budget: p.budget.map((b) => b + more) };
}

/**
 * A random multi-constraint knapsack that HiGHS cannot prove optimal in a few seconds: values,
 * costs and eight roles' demands drawn independently (no correlation to exploit), every row
 * binding at about a quarter of the total. Seeded, so every run is the same problem.
 */
export function hardPortfolio(n = 300, seed = 7): SelectionProblem {
  let state = seed;
  const rand = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const roles = Array.from({ length: 8 }, (_, k) => `Role ${k + 1}`);
  const candidates = Array.from({ length: n }, (_, i) => ({
    id: `I${i + 1}`,
    value: 1 + Math.floor(rand() * 100),
    cost: [1 + Math.floor(rand() * 100)],
    demand: roles.map(() => [Math.floor(rand() * 100) / 10]),
  }));
  const quarter = (f: (c: (typeof candidates)[number]) => number) => candidates.reduce((s, c) => s + f(c), 0) / 4;
  return {
    candidates,
    budget: [quarter((c) => c.cost[0])],
    roles,
    periods: ['P1'],
    capacity: roles.map((_, k) => [quarter((c) => c.demand[k][0])]),
    requires: [],
    excludes: [],
  };
}
