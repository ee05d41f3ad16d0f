// SELECT and FRONTIER as a spreadsheet user calls them: known optima (checked by trying every
// subset), dependencies and exclusions written as cells, forced choices, infeasible forced sets
// named, bad cells named, and the limits that keep a call within Google Sheets' 30 seconds.
import fc from 'fast-check';
import { CellValue, HostArg, Range, SheetError, invoke, isSheetError, sheetError } from '../core';
import { FRONTIER, SELECT, SELECTION_LIMITS } from '../core/catalogue/selection-functions';
import { optimiseSelection, SelectionResult } from '../core/capacity/optimiser';
import { SelectionProblem, bestByExhaustiveSearch, totalValue, violations } from '../core/capacity/selection-model';
import { SolveOptions, useSelectionSolver } from '../core/capacity/solver';
import { smallPortfolio } from './support/selection';

const col = (xs: readonly CellValue[]): Range => xs.map((x) => [x]);
const row = (xs: readonly CellValue[]): Range => [xs.slice()];
const select = (...args: HostArg[]) => Promise.resolve(invoke(SELECT, args));
const frontier = (...args: HostArg[]) => Promise.resolve(invoke(FRONTIER, args));
/** The spilled 1/0 column as a flat list. */
const flat = (out: unknown) => (out as CellValue[][]).map((r) => r[0]);
const error = (out: unknown) => {
  if (!isSheetError(out)) throw new Error(`expected an error, got ${JSON.stringify(out)}`);
  return { code: out.code, message: out.message };
};

describe('SELECT: the best set', () => {
  it('beats the value-per-cost ranking, as trying every subset confirms', async () => {
    expect(flat(await select(col([6, 5, 5]), col([6, 5, 5]), 10))).toEqual([0, 1, 1]);
    const p: SelectionProblem = {
      candidates: [6, 5, 5].map((v, i) => ({ id: `${i}`, value: v, cost: [v], demand: [] })),
      budget: [10],
      roles: [],
      periods: ['all'],
      capacity: [],
      requires: [],
      excludes: [],
    };
    expect(bestByExhaustiveSearch(p)).toEqual({ selected: [false, true, true], value: 10 });
  });

  it('reads costs per period against a budget per period, or their total against one budget cell', async () => {
    const costs = [
      [4, 0],
      [0, 4],
      [2, 2],
    ];
    // Per period (4 and 4): initiatives 1 and 2 fit side by side (value 10); 3 overruns either period with them.
    expect(flat(await select(col([5, 5, 6]), costs, row([4, 4])))).toEqual([1, 1, 0]);
    expect(flat(await select(col([5, 5, 6]), costs, col([4, 4])))).toEqual([1, 1, 0]);
    // Total (6): only one initiative fits, the most valuable.
    expect(flat(await select(col([5, 5, 6]), costs, 6))).toEqual([0, 0, 1]);
    // A single row of totals is read as one cost per initiative.
    expect(flat(await select(col([5, 5, 6]), row([4, 4, 4]), 6))).toEqual([0, 0, 1]);
  });

  it('keeps every resource within its capacity', async () => {
    const demand = [
      [2, 0],
      [1, 1],
      [1, 1],
    ];
    expect(flat(await select(col([6, 5, 5]), col([1, 1, 1]), 10, demand, row([2, 1])))).toEqual([1, 0, 0]);
    expect(flat(await select(col([6, 5, 5]), col([1, 1, 1]), 10, demand, row([3, 2])))).toEqual([1, 1, 0]);
    // One resource: a column of demands and one capacity cell.
    expect(flat(await select(col([6, 5, 5]), col([1, 1, 1]), 10, col([2, 1, 1]), 2))).toEqual([0, 1, 1]);
  });

  it('honours dependencies: "2" requires initiative 2, "not 3" excludes initiative 3', async () => {
    const values = col([9, 1, 8]);
    const costs = col([3, 3, 3]);
    expect(flat(await select(values, costs, 6))).toEqual([1, 0, 1]);
    // 1 requires 2 and excludes 3: 1 + 2 (10) beats 3 alone (8) and 2 + 3 (9).
    expect(flat(await select(values, costs, 6, null, null, col(['2, not 3', '', ''])))).toEqual([1, 1, 0]);
    expect(flat(await select(values, costs, 6, null, null, col(['Requires #2; Excludes 3', null, null])))).toEqual([1, 1, 0]);
    // A number cell is one requirement; 0 (Excel desktop's blank) is none.
    expect(flat(await select(values, costs, 6, null, null, col([2, 0, 0])))).toEqual([1, 1, 0]);
    // 3 requires 2 too: then 1 + 2 (10) still beats 2 + 3 (9).
    expect(flat(await select(col([9, 1, 9.5]), costs, 6, null, null, col(['2', '', '2'])))).toEqual([0, 1, 1]);
  });

  it('honours forced choices: "in" (TRUE, 1), "out"; blank, FALSE and 0 leave it open', async () => {
    const values = col([1, 9, 9]);
    const costs = col([5, 5, 5]);
    expect(flat(await select(values, costs, 10))).toEqual([0, 1, 1]);
    expect(flat(await select(values, costs, 10, null, null, null, col(['in', null, 'out'])))).toEqual([1, 1, 0]);
    expect(flat(await select(values, costs, 10, null, null, null, col([true, false, ' OUT '])))).toEqual([1, 1, 0]);
    expect(flat(await select(values, costs, 10, null, null, null, col([1, 0, 'out'])))).toEqual([1, 1, 0]);
  });

  it('skips rows whose value and costs are blank, so the ranges may run past the table', async () => {
    const out = (await select(col([6, null, 5, 5, null]), col([6, null, 5, 5, '']), 10, null, null, col(['', '', '', '3', '']))) as CellValue[][];
    expect(out).toEqual([[0], [null], [1], [1], [null]]);
  });

  it('takes an omitted optional range as Excel passes it: one blank cell', async () => {
    expect(flat(await select(col([6, 5, 5]), col([6, 5, 5]), 10, [[null]], [[null]], [[null]], [[null]]))).toEqual([0, 1, 1]);
  });

  it('finds the exhaustive optimum on random small portfolios, breaking no constraint', async () => {
    await fc.assert(
      fc.asyncProperty(smallPortfolio, async (p) => {
        const out = await select(...asCells(p));
        const best = bestByExhaustiveSearch(p)!;
        const selected = flat(out).map((x) => x === 1);
        expect(violations(p, selected)).toEqual([]);
        expect(totalValue(p, selected)).toBe(best.value);
      }),
      { numRuns: 40 },
    );
  });

  it('with random forced choices: the exhaustive optimum, or an error naming what the forced set breaks exactly when none exists', async () => {
    const forcedArb = fc.array(fc.constantFrom<'in' | 'out' | null>(null, null, 'in', 'out'), { minLength: 9, maxLength: 9 });
    await fc.assert(
      fc.asyncProperty(smallPortfolio, forcedArb, async (base, forced) => {
        const p: SelectionProblem = { ...base, candidates: base.candidates.map((c, i) => (forced[i] ? { ...c, forced: forced[i]! } : c)) };
        const out = await select(...asCells(p), col(p.candidates.map((c) => c.forced ?? null)));
        const best = bestByExhaustiveSearch(p);
        if (best === undefined) {
          expect(error(out)).toEqual({ code: '#VALUE!', message: expect.stringMatching(/^forced: /) });
          return;
        }
        const selected = flat(out).map((x) => x === 1);
        expect(violations(p, selected)).toEqual([]);
        expect(totalValue(p, selected)).toBe(best.value);
      }),
      { numRuns: 40 },
    );
  });
});

/** A one-role, one-period portfolio as SELECT's cells (dependencies written as text). */
function asCells(p: SelectionProblem): [Range, Range, number, Range, number, Range] {
  const deps = p.candidates.map((_, i) =>
    [...p.requires.filter(([a]) => a === i).map(([, b]) => `${b + 1}`), ...p.excludes.filter(([a]) => a === i).map(([, b]) => `not ${b + 1}`)].join(', '),
  );
  return [col(p.candidates.map((c) => c.value)), col(p.candidates.map((c) => c.cost[0])), p.budget[0], col(p.candidates.map((c) => c.demand[0][0])), p.capacity[0][0], col(deps)];
}

describe('SELECT: forced choices that cannot all hold name the constraint they break', () => {
  it('the total budget', async () => {
    expect(error(await select(col([1, 1]), col([6, 6]), 10, null, null, null, col(['in', 'in'])))).toEqual({
      code: '#VALUE!',
      message: 'forced: the initiatives forced in, with those they require, cost 12, more than the budget of 10',
    });
  });

  it('the budget of one period', async () => {
    expect(error(await select(col([1, 1]), [[4, 0], [2, 3]], row([5, 5]), null, null, null, col(['in', 'in'])))).toEqual({
      code: '#VALUE!',
      message: 'forced: the initiatives forced in, with those they require, cost 6 in period 1 (costs column 1), more than its budget of 5',
    });
  });

  it('a capacity, counting what the forced-in initiatives require', async () => {
    const deps = col(['2', '', '']);
    expect(error(await select(col([1, 1, 1]), col([1, 1, 1]), 10, [[1, 1], [0, 2], [0, 0]], row([5, 2.5]), deps, col(['in', '', ''])))).toEqual({
      code: '#VALUE!',
      message: 'forced: the initiatives forced in, with those they require, need 3 of resource 2 (capacity_demand column 2), more than its capacity of 2.5',
    });
    expect(error(await select(col([1, 1, 1]), col([1, 1, 1]), 10, col([2, 2, 0]), 3, deps, col(['in', '', ''])))).toEqual({
      code: '#VALUE!',
      message: 'forced: the initiatives forced in, with those they require, need 4, more than the capacity of 3',
    });
  });

  it('a dependency on an initiative forced out, and an exclusion between two forced in', async () => {
    expect(error(await select(col([1, 1, 1]), col([1, 1, 1]), 10, null, null, col(['2', '3', '']), col(['in', '', 'out'])))).toEqual({
      code: '#VALUE!',
      message: 'forced: initiative 2 is required by one forced in and requires initiative 3 (dependencies: row 2), which is forced out',
    });
    expect(error(await select(col([1, 1]), col([1, 1]), 10, null, null, col(['not 2', '']), col(['in', 'in'])))).toEqual({
      code: '#VALUE!',
      message: 'forced: initiatives 1 and 2 exclude each other (dependencies), but both are forced in or required by one forced in',
    });
  });
});

describe('SELECT: bad cells are named', () => {
  const values = col([6, 5, 5]);
  const costs = col([6, 5, 5]);
  test.each<[string, HostArg[], { code: string; message: string }]>([
    ['text where a value belongs', [col([6, 'five', 5]), costs, 10], { code: '#VALUE!', message: 'values: row 2 holds the text "five"; a number is needed' }],
    ['a blank value with a cost', [col([6, null, 5]), costs, 10], { code: '#VALUE!', message: 'values: row 2 is blank; a number is needed' }],
    ['TRUE as a cost', [values, col([6, true, 5]), 10], { code: '#VALUE!', message: 'costs: row 2 holds TRUE; a number is needed' }],
    ['an error cell (passed on)', [values, col([6, sheetError('#DIV/0!', ''), 5]), 10], { code: '#DIV/0!', message: 'costs: row 2 holds #DIV/0!' }],
    ['a negative cost', [values, col([6, -1, 5]), 10], { code: '#VALUE!', message: 'costs: row 2 holds -1; costs, budgets, demands and capacities are zero or more' }],
    ['a number beyond 1e12', [col([6, 5e12, 5]), costs, 10], { code: '#NUM!', message: 'values: row 2 holds 5000000000000, beyond the 1e12 (a million million) this function works with' }],
    ['a blank budget', [values, costs, null], { code: '#VALUE!', message: 'budget: row 1 is blank; a number is needed' }],
    ['costs for fewer initiatives', [values, col([6, 5]), 10], { code: '#VALUE!', message: 'costs has 2 rows but values has 3 cells; give one row per initiative (one column of total costs, or one column per period)' }],
    ['a budget per period of the wrong length', [values, [[1, 1], [1, 1], [1, 1]], row([5, 5, 5])], { code: '#VALUE!', message: 'budget has 3 cells but costs has 2 columns; give one budget per cost column (period), or one cell for the total' }],
    ['values as a block', [[[1, 2], [3, 4]], costs, 10], { code: '#VALUE!', message: 'values must be a single column (or row), not 2 rows × 2 columns' }],
    ['no values', [[], costs, 10], { code: '#VALUE!', message: 'values is empty' }],
    ['nothing but blank rows', [col([null, null]), col([null, null]), 10], { code: '#VALUE!', message: 'values: no initiative (values and costs are blank in every row)' }],
    ['capacity without demands', [values, costs, 10, null, 5], { code: '#VALUE!', message: 'capacity_demand is missing: give each initiative\'s demand on each capacity' }],
    ['demands without capacity', [values, costs, 10, col([1, 1, 1])], { code: '#VALUE!', message: 'capacity is missing: give the capacity of each capacity_demand column' }],
    ['a capacity per column of the wrong length', [values, costs, 10, [[1, 1], [1, 1], [1, 1]], 5], { code: '#VALUE!', message: 'capacity has 1 cells but capacity_demand has 2 columns; give one capacity per column' }],
    ['an unknown initiative number', [values, costs, 10, null, null, col(['5', '', ''])], { code: '#VALUE!', message: 'dependencies: row 1: there is no initiative 5 (values has 3 cells)' }],
    ['an initiative requiring itself', [values, costs, 10, null, null, col(['', '2', ''])], { code: '#VALUE!', message: 'dependencies: row 2: initiative 2 cannot require itself' }],
    ['words that are no dependency', [values, costs, 10, null, null, col(['', 'after 1', ''])], { code: '#VALUE!', message: 'dependencies: row 2 holds the text "after 1"; initiative numbers such as "2, 5" (requires) or "not 4" (excludes) are expected' }],
    ['a fraction as a dependency', [values, costs, 10, null, null, col([1.5, '', ''])], { code: '#VALUE!', message: 'dependencies: row 1 holds 1.5; initiative numbers such as "2, 5" (requires) or "not 4" (excludes) are expected' }],
    ['dependencies of the wrong length', [values, costs, 10, null, null, col(['', ''])], { code: '#VALUE!', message: 'dependencies has 2 cells but values has 3; give one per initiative' }],
    ['an unknown forced choice', [values, costs, 10, null, null, null, col(['in', 'maybe', ''])], { code: '#VALUE!', message: 'forced: row 2 holds the text "maybe"; "in", "out" or a blank is expected (TRUE counts as in)' }],
    ['a dependency on a blank row', [col([6, null, 5]), col([6, null, 5]), 10, null, null, col(['2', '', ''])], { code: '#VALUE!', message: 'dependencies: row 1: initiative 2 is a blank row (no value or cost)' }],
  ])('%s', async (_label, args, expected) => {
    expect(error(await select(...args))).toEqual(expected);
  });

  it('accepts numbers typed as text', async () => {
    expect(flat(await select(col(['6', '5', '5']), col([' 6 ', 5, 5]), '10'))).toEqual([0, 1, 1]);
  });
});

describe('SELECT and FRONTIER within a spreadsheet call\'s time', () => {
  const PANEL = 'use the panel command "Plan capacity"';

  it('refuse a problem too large for 30 seconds, pointing to the panel', async () => {
    const n = SELECTION_LIMITS.items + 1;
    const many = col(Array.from({ length: n }, (_, i) => i + 1));
    expect(error(await select(many, many, 100))).toEqual({
      code: '#N/A',
      message: `${n} initiatives is more than a spreadsheet function can solve within Google Sheets' 30 seconds (at most 2000 initiatives and 20000 cost and demand cells); ${PANEL}`,
    });
    const wide = Array.from({ length: 1000 }, () => new Array<number>(21).fill(1));
    expect(error(await select(col(new Array(1000).fill(1)), wide, 10)).message).toMatch(/^1000 initiatives × 21 cost columns is more than .*Plan capacity"$/);
    expect(error(await select(col(new Array(1000).fill(1)), col(new Array(1000).fill(1)), 10, wide, row(new Array(21).fill(1)))).message).toMatch(
      /^1000 initiatives × 22 cost and demand columns is more than/,
    );
    expect(error(await frontier(many, many, 100)).code).toBe('#N/A');
    // Blank rows past the table do not count: a whole-column reference is fine.
    const padded = col([6, 5, 5, ...new Array<null>(5000).fill(null)]);
    expect(flat(await select(padded, padded, 10)).slice(0, 4)).toEqual([0, 1, 1, null]);
    expect(error(await frontier(col([1]), col([1]), col(Array.from({ length: 101 }, (_, i) => i)))).message).toBe(
      `budgets: 101 levels are more than a spreadsheet function can solve within Google Sheets' 30 seconds (at most 100); ${PANEL}`,
    );
  });

  describe('with a stand-in solver', () => {
    let calls: Array<{ p: SelectionProblem; options?: SolveOptions }>;
    const install = (answer: (p: SelectionProblem, call: number) => SelectionResult | Promise<SelectionResult>) => {
      calls = [];
      useSelectionSolver(async (p, options) => {
        calls.push({ p, options });
        return answer(p, calls.length);
      });
    };
    afterEach(() => useSelectionSolver(optimiseSelection));
    const some = (p: SelectionProblem, gap: number): SelectionResult => ({
      status: 'time-limit',
      selected: p.candidates.map((_, i) => i === 0),
      value: p.candidates[0].value,
      bound: p.candidates[0].value * (1 + gap),
      gap,
      binding: [],
    });

    it('answer when within 0.1% of the proven bound, and give at most 20 seconds to the solver', async () => {
      install((p) => some(p, 0.0005));
      expect(flat(await select(col([6, 5, 5]), col([6, 5, 5]), 10))).toEqual([1, 0, 0]);
      expect(calls[0].options?.timeLimitSeconds).toBeGreaterThan(19);
      expect(calls[0].options?.timeLimitSeconds).toBeLessThanOrEqual(20);
      expect(calls[0].options?.relativeGap).toBe(0);
    });

    it('say how far from proven a selection was when the time ran out, pointing to the panel', async () => {
      install((p) => some(p, 0.0234));
      expect(error(await select(col([6, 5, 5]), col([6, 5, 5]), 10))).toEqual({
        code: '#N/A',
        message: `no selection proven within 0.1% of the best in 20 seconds (gap reached: 2.34%); ${PANEL}, which has more time`,
      });
      install(() => ({ status: 'infeasible', message: 'The solver found no valid selection in time (x).', timedOut: true }));
      expect(error(await select(col([6, 5, 5]), col([6, 5, 5]), 10)).message).toBe(
        `no selection proven within 0.1% of the best in 20 seconds (gap reached: no bound proven yet); ${PANEL}, which has more time`,
      );
    });

    it('share FRONTIER\'s 20 seconds among the levels, and name the level not proven', async () => {
      const level = (p: SelectionProblem) => p.budget[p.budget.length - 1];
      install((p) => (level(p) === 10 ? some(p, 0.05) : some(p, 0)));
      expect(error(await frontier(col([6, 5, 5]), col([6, 5, 5]), col([0, null, 5, 10, 15])))).toEqual({
        code: '#N/A',
        message: `budgets: row 4 (budget 10): no selection proven within 0.1% of the best in 20 seconds (gap reached: 5%); ${PANEL}, which has more time`,
      });
      // The time left is shared equally among the levels still to solve (this solver takes none).
      const given = calls.map((c) => c.options!.timeLimitSeconds!);
      [5, 20 / 3, 10].forEach((share, i) => {
        expect(given[i]).toBeGreaterThan(share - 0.1);
        expect(given[i]).toBeLessThanOrEqual(share);
      });
      // From the lowest level up; then the time left goes to the level still short of its gap.
      expect(calls.map((c) => level(c.p))).toEqual([0, 5, 10, 15, 10]);
    });

    it('turn a solver that fails into #VALUE! saying so (not the internal-error safety net)', async () => {
      install(() => Promise.reject(new Error('this host has no WebAssembly')));
      expect(error(await select(col([6]), col([6]), 10))).toEqual({ code: '#VALUE!', message: 'the solver could not run (this host has no WebAssembly)' });
      expect(error(await frontier(col([6]), col([6]), 10))).toEqual({ code: '#VALUE!', message: 'the solver could not run (this host has no WebAssembly)' });
      install(() => ({ status: 'cancelled' }));
      expect(error(await select(col([6]), col([6]), 10))).toEqual({ code: '#N/A', message: 'the solver was stopped before it finished' });
    });
  });
});

describe('FRONTIER: the best value per budget level', () => {
  const HEADER = ['budget', 'value', 'count', 'initiatives'];

  it('gives value, count and initiatives per level, in the order given', async () => {
    expect(await frontier(col([6, 5, 4]), col([6, 5, 5]), col([16, 0, 10, 11, 5]))).toEqual([
      HEADER,
      [16, 15, 3, '1, 2, 3'],
      [0, 0, 0, null],
      [10, 9, 2, '2, 3'],
      [11, 11, 2, '1, 2'],
      [5, 5, 1, '2'],
    ]);
  });

  it('adds up costs per period, skips blank rows and blank levels', async () => {
    expect(await frontier(col([6, null, 5, 4]), [[3, 3], [null, null], [2, 3], [5, 0]], row([10, null, 11]))).toEqual([HEADER, [10, 9, 2, '3, 4'], [11, 11, 2, '1, 3']]);
  });

  it('never lowers the value when the budget rises, and matches trying every subset at each level', async () => {
    await fc.assert(
      fc.asyncProperty(smallPortfolio, fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 6 }), async (p, levels) => {
        const out = (await frontier(col(p.candidates.map((c) => c.value)), col(p.candidates.map((c) => c.cost[0])), col(levels))) as CellValue[][];
        const rows = out.slice(1);
        expect(rows.map((r) => r[0])).toEqual(levels);
        const byBudget = [...rows].sort((a, b) => (a[0] as number) - (b[0] as number));
        for (let i = 1; i < byBudget.length; i++) expect(byBudget[i][1] as number).toBeGreaterThanOrEqual(byBudget[i - 1][1] as number);
        for (const [budget, value, count, chosen] of rows) {
          const q: SelectionProblem = { ...p, budget: [budget as number], roles: [], capacity: [], requires: [], excludes: [], candidates: p.candidates.map((c) => ({ ...c, demand: [] })) };
          expect(value).toBe(bestByExhaustiveSearch(q)!.value);
          const picked = chosen === null ? [] : String(chosen).split(', ').map(Number);
          expect(picked).toHaveLength(count as number);
          const selected = q.candidates.map((_, i) => picked.includes(i + 1));
          expect(violations(q, selected)).toEqual([]);
          expect(totalValue(q, selected)).toBe(value);
        }
      }),
      { numRuns: 25 },
    );
  });

  test.each<[string, HostArg[], { code: string; message: string }]>([
    ['a negative level', [col([1]), col([1]), col([5, -1])], { code: '#VALUE!', message: 'budgets: row 2 holds -1; costs, budgets, demands and capacities are zero or more' }],
    ['text as a level', [col([1]), col([1]), row([5, 'lots'])], { code: '#VALUE!', message: 'budgets: column 2 holds the text "lots"; a number is needed' }],
    ['no level at all', [col([1]), col([1]), col([null, ''])], { code: '#VALUE!', message: 'budgets: no budget level given (every cell is blank)' }],
    ['an error cell among the values', [col([1, sheetError('#N/A', 'x')]), col([1, 1]), 5], { code: '#N/A', message: 'values: row 2 holds #N/A (x)' }],
    ['costs for fewer initiatives', [col([1, 2]), col([1]), 5], { code: '#VALUE!', message: 'costs has 1 row but values has 2 cells; give one row per initiative (one column of total costs, or one column per period)' }],
  ])('names %s', async (_label, args, expected) => {
    expect(error(await frontier(...args))).toEqual(expected as { code: SheetError['code']; message: string });
  });
});
