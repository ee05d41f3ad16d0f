// The selection model's referees: feasibility in words, the greedy baseline, exhaustive search.
import fc from 'fast-check';
import { smallPortfolio, withMoreBudget } from './support/selection';
import { SelectionProblem, bestByExhaustiveSearch, greedySelection, totalValue, violations } from '../core/capacity/selection-model';

/** Three periods, one role; each candidate costs its cost in period 1 and needs 1 FTE in period 1. */
function problem(items: Array<[string, number, number]>, budget = 10, capacity = 10, extra: Partial<SelectionProblem> = {}): SelectionProblem {
  return {
    candidates: items.map(([id, value, cost]) => ({ id, value, cost: [cost, 0, 0], demand: [[1, 0, 0]] })),
    budget: [budget, 100, 100],
    roles: ['Developer'],
    periods: ['2027-Q1', '2027-Q2', '2027-Q3'],
    capacity: [[capacity, 10, 10]],
    requires: [],
    excludes: [],
    ...extra,
  };
}

describe('violations', () => {
  it('names the budget, the role and the period that are exceeded', () => {
    const p = problem([['A', 5, 6], ['B', 5, 6]], 10, 1);
    expect(violations(p, [true, true])).toEqual(['budget in 2027-Q1: 12 spent of 10', 'Developer in 2027-Q1: 2 FTE planned of 1']);
  });
  it('names broken dependencies, exclusions and forced choices', () => {
    const p: SelectionProblem = {
      ...problem([['A', 1, 1], ['B', 1, 1], ['C', 1, 1]]),
      requires: [[0, 1]],
      excludes: [[1, 2]],
    };
    expect(violations(p, [true, false, false])).toEqual(['A requires B']);
    expect(violations(p, [false, true, true])).toEqual(['B and C exclude each other']);
    const forced = { ...p, candidates: p.candidates.map((c, i) => (i === 2 ? { ...c, forced: 'in' as const } : c)) };
    expect(violations(forced, [false, false, false])).toEqual(['C is forced in but not selected']);
  });
});

describe('greedy and exhaustive search', () => {
  // The classic case where value per cost misleads: A has the best ratio but blocks B + C.
  const p = problem([['A', 6, 6], ['B', 5, 5], ['C', 5, 5]], 10);

  it('greedy takes the best value per cost first', () => {
    const g = greedySelection(p);
    expect(g).toEqual([true, false, false]);
    expect(totalValue(p, g)).toBe(6);
  });

  it('exhaustive search finds the optimum greedy misses', () => {
    expect(bestByExhaustiveSearch(p)).toEqual({ selected: [false, true, true], value: 10 });
  });

  it('greedy adds an item together with what it requires', () => {
    const q: SelectionProblem = { ...problem([['A', 10, 2], ['B', 1, 3]], 10), requires: [[0, 1]] };
    expect(greedySelection(q)).toEqual([true, true]);
  });

  it('greedy keeps forced-in items and never takes forced-out ones', () => {
    const q = problem([['A', 1, 9], ['B', 100, 1]], 10);
    const forced = { ...q, candidates: [{ ...q.candidates[0], forced: 'in' as const }, { ...q.candidates[1], forced: 'out' as const }] };
    expect(greedySelection(forced)).toEqual([true, false]);
  });

  it('greedy keeps an exclusion whatever the IDs say ("Enforced invoicing" holds the words "forced in")', () => {
    const q: SelectionProblem = { ...problem([['Enforced invoicing', 5, 1], ['Manual invoicing', 4, 1]], 10), excludes: [[0, 1]] };
    expect(greedySelection(q)).toEqual([true, false]);
  });

  it('exhaustive search reports no feasible selection when forced-in items do not fit', () => {
    const q = problem([['A', 1, 6], ['B', 1, 6]], 10);
    const forced = { ...q, candidates: q.candidates.map((c) => ({ ...c, forced: 'in' as const })) };
    expect(bestByExhaustiveSearch(forced)).toBeUndefined();
  });
});


describe('selection model properties', () => {
  it('greedy never breaks a constraint', () => {
    fc.assert(fc.property(smallPortfolio, (p) => violations(p, greedySelection(p)).length === 0));
  });

  it('the optimum is never below greedy', () => {
    fc.assert(fc.property(smallPortfolio, (p) => (bestByExhaustiveSearch(p)?.value ?? 0) >= totalValue(p, greedySelection(p))));
  });

  it('raising the budget never lowers the optimum', () => {
    fc.assert(
      fc.property(smallPortfolio, fc.integer({ min: 1, max: 20 }), (p, more) => {
        const before = bestByExhaustiveSearch(p)?.value ?? 0;
        const after = bestByExhaustiveSearch(withMoreBudget(p, more))?.value ?? 0;
        return after >= before;
      }),
      { numRuns: 60 },
    );
  });
});
