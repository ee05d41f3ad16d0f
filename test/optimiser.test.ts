// The exact selection (HiGHS) against the exhaustive referee, and the answers a DMO needs: what
// was chosen, how sure the optimum is, what binds, and why nothing fits.
import fc from 'fast-check';
import { smallPortfolio } from './support/selection';
import { SelectionProblem, bestByExhaustiveSearch, greedySelection, totalValue, violations } from '../core/capacity/selection-model';
import { optimiseSelection } from '../core/capacity/optimiser';

function problem(items: Array<[string, number, number]>, budget = 10, extra: Partial<SelectionProblem> = {}): SelectionProblem {
  return {
    candidates: items.map(([id, value, cost]) => ({ id, value, cost: [cost], demand: [[1]] })),
    budget: [budget],
    roles: ['Developer'],
    periods: ['2027-Q1'],
    capacity: [[10]],
    requires: [],
    excludes: [],
    ...extra,
  };
}

describe('optimiseSelection', () => {
  it('beats greedy where value per cost misleads, and proves it', async () => {
    const p = problem([['A', 6, 6], ['B', 5, 5], ['C', 5, 5]]);
    const r = await optimiseSelection(p);
    expect(r).toMatchObject({ status: 'optimal', selected: [false, true, true], value: 10, gap: 0 });
    expect(totalValue(p, greedySelection(p))).toBe(6);
  });

  it('names the constraint that binds', async () => {
    const r = await optimiseSelection(problem([['A', 6, 6], ['B', 5, 5], ['C', 5, 5]]));
    expect(r.status === 'optimal' && r.binding).toEqual(['budget in 2027-Q1']);
  });

  it('respects dependencies and exclusions', async () => {
    const p = problem([['A', 9, 3], ['B', 1, 3], ['C', 8, 3]], 6, { requires: [[0, 1]], excludes: [[0, 2]] });
    const r = await optimiseSelection(p);
    // A needs B (cost 6 together, value 10) and excludes C: A+B = 10 beats C alone (8) or B+C (9).
    expect(r).toMatchObject({ status: 'optimal', selected: [true, true, false], value: 10 });
  });

  it('says which constraint the forced-in initiatives break', async () => {
    const p = problem([['A', 1, 6], ['B', 1, 6]], 10);
    const forced = { ...p, candidates: p.candidates.map((c) => ({ ...c, forced: 'in' as const })) };
    expect(await optimiseSelection(forced)).toEqual({ status: 'infeasible', message: 'The initiatives forced in do not fit: budget in 2027-Q1: 12 spent of 10.' });
  });

  it('finds the same optimum as exhaustive search on random small portfolios', async () => {
    await fc.assert(
      fc.asyncProperty(smallPortfolio, async (p) => {
        const r = await optimiseSelection(p);
        const best = bestByExhaustiveSearch(p);
        if (r.status === 'infeasible') return best === undefined;
        return violations(p, r.selected).length === 0 && r.value === best?.value;
      }),
      { numRuns: 40 },
    );
  });
});
