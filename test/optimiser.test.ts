// The exact selection (HiGHS) against the exhaustive referee, and the answers a DMO needs: what
// was chosen, how sure the optimum is, what binds, and why nothing fits.
import fc from 'fast-check';
import { hardPortfolio, smallPortfolio } from './support/selection';
import { SelectionProblem, bestByExhaustiveSearch, greedySelection, totalValue, violations } from '../core/capacity/selection-model';
import { forcedClosure, forcedConflict, optimiseSelection, startingSelection } from '../core/capacity/optimiser';

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

  it('names budgets and capacities that bind, never a dependency or an exclusion', async () => {
    const p = problem([['A', 9, 3], ['B', 1, 3], ['C', 8, 3]], 6, { requires: [[0, 1]], excludes: [[0, 2]] });
    const r = await optimiseSelection(p);
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
    expect(await optimiseSelection(forced)).toEqual({
      status: 'infeasible',
      message: 'The initiatives forced in do not fit: budget in 2027-Q1: 12 spent of 10.',
      conflict: { constraint: { kind: 'budget', period: 0 }, used: 12, limit: 10, message: 'budget in 2027-Q1: 12 spent of 10' },
    });
  });

  it('finds the same optimum as exhaustive search on random small portfolios', async () => {
    await fc.assert(
      fc.asyncProperty(smallPortfolio, async (p) => {
        const r = await optimiseSelection(p);
        const best = bestByExhaustiveSearch(p);
        if (r.status === 'infeasible') return best === undefined;
        return r.status !== 'cancelled' && violations(p, r.selected).length === 0 && r.value === best?.value;
      }),
      { numRuns: 40 },
    );
  });

  it('takes in what the forced-in initiatives require (was: infeasible because B was not forced too)', async () => {
    const p = problem([['A', 1, 3], ['B', 1, 3], ['C', 9, 6]], 6, { requires: [[0, 1]] });
    const forced = { ...p, candidates: p.candidates.map((c, i) => (i === 0 ? { ...c, forced: 'in' as const } : c)) };
    expect(forcedClosure(forced)).toEqual([true, true, false]);
    expect(await optimiseSelection(forced)).toMatchObject({ status: 'optimal', selected: [true, true, false], value: 2 });
  });

  it('names a forced-in initiative that requires one forced out', async () => {
    const p = problem([['A', 1, 1], ['B', 1, 1], ['C', 1, 1]], 10, { requires: [[0, 1], [1, 2]] });
    const forced = { ...p, candidates: p.candidates.map((c, i) => (i === 0 ? { ...c, forced: 'in' as const } : i === 2 ? { ...c, forced: 'out' as const } : c)) };
    expect(forcedConflict(forced)).toEqual({ constraint: { kind: 'requires', from: 1, to: 2 }, used: 1, limit: 0, message: 'B requires C, which is forced out' });
    expect(await optimiseSelection(forced)).toMatchObject({ status: 'infeasible', message: 'The initiatives forced in do not fit: B requires C, which is forced out.' });
  });

  it('names two forced-in initiatives that exclude each other, and a capacity they overrun', async () => {
    const p = problem([['A', 1, 1], ['B', 1, 1]], 10, { excludes: [[0, 1]] });
    const both = { ...p, candidates: p.candidates.map((c) => ({ ...c, forced: 'in' as const })) };
    expect(forcedConflict(both)?.message).toBe('A and B exclude each other');
    const tight = { ...both, excludes: [], capacity: [[1.5]] };
    expect(forcedConflict(tight)).toEqual({ constraint: { kind: 'capacity', role: 0, period: 0 }, used: 2, limit: 1.5, message: 'Developer in 2027-Q1: 2 FTE planned of 1.5' });
  });
});

describe('startingSelection (HiGHS\'s first incumbent)', () => {
  it('is always a valid selection, or undefined exactly when the forced choices cannot hold', () => {
    const forcedArb = fc.array(fc.constantFrom<'in' | 'out' | null>(null, null, 'in', 'out'), { minLength: 9, maxLength: 9 });
    fc.assert(
      fc.property(smallPortfolio, forcedArb, (base, forced) => {
        const p: SelectionProblem = { ...base, candidates: base.candidates.map((c, i) => (forced[i] ? { ...c, forced: forced[i]! } : c)) };
        const start = startingSelection(p);
        if (forcedConflict(p)) expect(start).toBeUndefined();
        else expect(violations(p, start!)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('takes the best value per cost first, with what it requires', () => {
    const p = problem([['A', 6, 6], ['B', 5, 5], ['C', 9, 3]], 10, { requires: [[2, 1]] });
    // C (ratio 3) comes with B: 8 of 10 spent, A no longer fits.
    expect(startingSelection(p)).toEqual([false, true, true]);
  });
});

describe('optimiseSelection at the edge of a limit', () => {
  it('never lets HiGHS\'s 1e-6 feasibility tolerance overspend a budget (0.5000001 + 0.5 > 1)', async () => {
    const p = problem([['A', 1, 0.5000001], ['B', 1, 0.5]], 1);
    expect(await optimiseSelection(p)).toMatchObject({ status: 'optimal', selected: [true, false], value: 1 });
    // Sums equal to the limit up to rounding still fit.
    const thirds = problem([['A', 1, 1 / 3], ['B', 1, 1 / 3], ['C', 1, 1 / 3]], 1);
    expect(await optimiseSelection(thirds)).toMatchObject({ status: 'optimal', value: 3, binding: ['budget in 2027-Q1'] });
  });
});

describe('optimiseSelection on a problem too hard to prove in a second', () => {
  const hard = hardPortfolio(100);

  it('stops at the time limit with a valid selection, its bound and the gap between them', async () => {
    const progress: Array<{ best?: number; bound: number; gap?: number }> = [];
    const r = await optimiseSelection(hard, { timeLimitSeconds: 1, onProgress: (x) => progress.push(x) });
    if (r.status !== 'time-limit') throw new Error(`expected time-limit, got ${r.status}`);
    expect(violations(hard, r.selected)).toEqual([]);
    expect(r.value).toBeGreaterThan(totalValue(hard, greedySelection(hard)) * 0.95);
    expect(r.bound).toBeGreaterThan(r.value);
    expect(r.gap).toBeCloseTo((r.bound - r.value) / r.value, 12);
    // Progress: the best value found never falls, and never passes the proven bound.
    const bests = progress.filter((x) => x.best !== undefined);
    expect(bests.length).toBeGreaterThan(0);
    for (let i = 1; i < bests.length; i++) expect(bests[i].best!).toBeGreaterThanOrEqual(bests[i - 1].best! - 1e-9);
    for (const x of bests) expect(x.best!).toBeLessThanOrEqual(x.bound + 1e-9);
    expect(bests[bests.length - 1].best!).toBeLessThanOrEqual(r.value + 1e-9);
  });

  it('answers cancelled when asked to stop during the solve', async () => {
    let asked = 0;
    const started = Date.now();
    // Asked before loading HiGHS, after loading, then at HiGHS's checkpoints: stop at the first of those.
    const r = await optimiseSelection(hard, { timeLimitSeconds: 30, isCancelled: () => ++asked > 2 });
    expect(r).toEqual({ status: 'cancelled' });
    expect(asked).toBe(3);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('answers cancelled at once when already cancelled', async () => {
    expect(await optimiseSelection(hard, { isCancelled: () => true })).toEqual({ status: 'cancelled' });
  });
});
