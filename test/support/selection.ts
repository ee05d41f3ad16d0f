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
