// SCORE and PRIORITY: tables scored by hand, one rule per test.
import { sheetError } from '../core';
import { call, col, expectClose, expectError } from './support/finance';

/** The single column a call spilled, as plain values (errors as they are). */
function spilled(result: unknown): unknown[] {
  if (!Array.isArray(result)) throw new Error(`expected a table, got ${JSON.stringify(result)}`);
  for (const row of result) expect(row).toHaveLength(1);
  return result.map((row: unknown[]) => row[0]);
}

function expectScores(result: unknown, expected: number[]): void {
  const got = spilled(result);
  expect(got).toHaveLength(expected.length);
  got.forEach((g, i) => expectClose(g, expected[i]));
}

// A 3x2 table: criterion 1 spans 2..6, criterion 2 spans 100..300; weights 3 : 1.
const TABLE = [
  [2, 100],
  [4, 300],
  [6, 200],
];

describe('SCORE, minmax (the default)', () => {
  it('rescales each criterion to 0..1 and takes the weighted average x 100', () => {
    // Rescaled: (0, 0), (0.5, 1), (1, 0.5); weights 0.75 / 0.25.
    expectScores(call('SCORE', TABLE, [[3, 1]]), [0, 62.5, 87.5]);
  });
  it('reverses a lower-is-better criterion', () => {
    // Criterion 2 reversed: (0, 1), (0.5, 0), (1, 0.5).
    expectScores(call('SCORE', TABLE, [[3, 1]], [[1, -1]]), [25, 37.5, 87.5]);
  });
  it('reads weights from a column as from a row', () => {
    expect(call('SCORE', TABLE, col([3, 1]))).toEqual(call('SCORE', TABLE, [[3, 1]]));
  });
  it('gives the same scores for weights in any scale', () => {
    const expected = call('SCORE', TABLE, [[3, 1]]);
    expect(call('SCORE', TABLE, [[0.75, 0.25]])).toEqual(expected);
    expect(call('SCORE', TABLE, [[300, 100]])).toEqual(expected);
  });
  it('is the default when method is blank', () => {
    expect(call('SCORE', TABLE, [[3, 1]], undefined, null)).toEqual(call('SCORE', TABLE, [[3, 1]]));
  });
  it('accepts "min-max" and any case', () => {
    expect(call('SCORE', TABLE, [[3, 1]], undefined, ' Min-Max ')).toEqual(call('SCORE', TABLE, [[3, 1]]));
    expect(call('SCORE', TABLE, [[3, 1]], undefined, 'MINMAX')).toEqual(call('SCORE', TABLE, [[3, 1]]));
  });
  it('gives every row 1 on a criterion where all rows are equal', () => {
    // Criterion 2 is 7 for both: 1 each; criterion 1 rescales to 0 and 1.
    expectScores(call('SCORE', [[1, 7], [3, 7]], [[1, 1]]), [50, 100]);
  });
  it('gives a single initiative 100', () => {
    expectScores(call('SCORE', [[5, 3]], [[1, 2]]), [100]);
  });
  it('treats -0 and 0 as the same value', () => {
    expectScores(call('SCORE', [[-0], [0], [1]], [[1]]), [0, 0, 100]);
  });
  it('counts TRUE as 1 and FALSE as 0', () => {
    expect(call('SCORE', [[true, 2], [false, 4]], [[1, 1]])).toEqual(call('SCORE', [[1, 2], [0, 4]], [[1, 1]]));
  });
  it('leaves out a criterion weighted 0', () => {
    expectScores(call('SCORE', TABLE, [[1, 0]]), [0, 50, 100]);
  });
  it('rescales values near the largest number without overflow', () => {
    expectScores(call('SCORE', [[-1.7e308], [0], [1.7e308]], [[1]]), [0, 50, 100]);
  });
});

describe('SCORE, blanks', () => {
  it('leaves a blank out of its row and renormalises the remaining weights', () => {
    // Row 2 has only criterion 1 (0.5): 50, not 0.75 x 0.5 = 37.5.
    expectScores(call('SCORE', [[2, 100], [4, null], [6, 200]], [[3, 1]]), [0, 50, 100]);
  });
  it('rescales a criterion over the rows that have a value', () => {
    // Criterion 1: 0, 1/3, 2/3, 1. Criterion 2 spans 100..150 without the blank: 0, 1, -, 0.5.
    const got = spilled(call('SCORE', [[2, 100], [4, 150], [6, null], [8, 125]], [[1, 1]]));
    [0, 200 / 3, 200 / 3, 75].forEach((x, i) => expectClose(got[i], x));
  });
  it('gives #N/A to a row with no values, in its own cell only', () => {
    const got = spilled(call('SCORE', [[2, 100], [null, null], [6, 200]], [[1, 1]]));
    expectClose(got[0], 0);
    expectError(got[1], '#N/A', /^row 2 has no criterion values$/);
    expectClose(got[2], 100);
  });
  it('gives #N/A to a row whose only values are for criteria weighted 0', () => {
    const got = spilled(call('SCORE', [[2, 100], [null, 300], [6, 200]], [[1, 0]]));
    expectError(got[1], '#N/A', /only for criteria weighted 0/);
  });
  it('treats empty text as a blank', () => {
    expect(call('SCORE', [[2, ''], [4, 1]], [[1, 1]])).toEqual(call('SCORE', [[2, null], [4, 1]], [[1, 1]]));
  });
  it('pads a short (ragged) row with blanks', () => {
    expect(call('SCORE', [[2, 100], [4]], [[1, 1]])).toEqual(call('SCORE', [[2, 100], [4, null]], [[1, 1]]));
  });
});

describe('SCORE, rank', () => {
  it('uses percentile ranks, ties sharing the average rank', () => {
    // Criterion 1: 10, 20, 20, 40 -> ranks 1, 2.5, 2.5, 4 -> (rank - 1) / 3 = 0, 0.5, 0.5, 1.
    // Criterion 2: 5, 5, 1, 3 -> ranks 3.5, 3.5, 1, 2 -> 5/6, 5/6, 0, 1/3.
    expectScores(call('SCORE', [[10, 5], [20, 5], [20, 1], [40, 3]], [[1, 1]], undefined, 'rank'), [
      (0 + 5 / 6) * 50,
      (0.5 + 5 / 6) * 50,
      (0.5 + 0) * 50,
      (1 + 1 / 3) * 50,
    ]);
  });
  it('reverses the percentile of a lower-is-better criterion', () => {
    expectScores(call('SCORE', [[10], [20], [40]], [[1]], 'lower', 'Rank'), [100, 50, 0]);
  });
  it('ignores how far apart the values are', () => {
    expect(call('SCORE', [[1], [2], [1000]], [[1]], undefined, 'rank')).toEqual(call('SCORE', [[1], [2], [3]], [[1]], undefined, 'rank'));
  });
  it('ranks among the rows that have a value', () => {
    // Criterion 2: only rows 1 and 3 -> 0 and 1; row 2 is scored on criterion 1 alone.
    expectScores(call('SCORE', [[1, 5], [2, null], [3, 9]], [[1, 1]], undefined, 'rank'), [0, 50, 100]);
  });
  it('gives every row 1 on a criterion where all rows are equal', () => {
    expectScores(call('SCORE', [[4], [4], [4]], [[1]], undefined, 'rank'), [100, 100, 100]);
  });
});

describe('SCORE, raw', () => {
  it('is the weighted average of the values as they are', () => {
    // Weights 0.25 / 0.75: 0.25 x 4 + 0.75 x 2 = 2.5; 0.25 x 3 + 0.75 x 5 = 4.5.
    expectScores(call('SCORE', [[4, 2], [3, 5]], [[1, 3]], undefined, 'raw'), [2.5, 4.5]);
  });
  it('counts a lower-is-better criterion negatively', () => {
    expectScores(call('SCORE', [[4, 2], [3, 5]], [[1, 3]], [[1, -1]], 'raw'), [-0.5, -3]);
  });
  it('renormalises the weights over a row\'s values, as the other methods do', () => {
    expectScores(call('SCORE', [[4, null]], [[1, 3]], undefined, 'raw'), [4]);
  });
  it('stays finite for values near the largest number', () => {
    const got = spilled(call('SCORE', [[1.7e308, 1.7e308]], [[1, 1]], undefined, 'raw'));
    expectClose(got[0], 1.7e308);
  });
  it('stays finite where the plain weighted sum of values near the largest number overflows', () => {
    const max = Number.MAX_VALUE;
    // Weights 1/5, 1/5, 3/5: the plain sum of max/5 + max/5 + 3max/5 rounds past the largest number.
    const got = spilled(call('SCORE', [[max, max, max], [-max, -max, -max]], [[1, 1, 3]], undefined, 'raw'));
    expectClose(got[0], max, 1e-15);
    expectClose(got[1], -max, 1e-15);
  });
});

describe('SCORE, errors in a row', () => {
  it('gives #VALUE! naming the cell to a row with text, and leaves it out of the rescaling', () => {
    const got = spilled(call('SCORE', [[1, 2], ['x', 3], [5, 6]], [[1, 1]]));
    expectError(got[1], '#VALUE!', /^criteria_values: row 2, column 1 holds the text "x"; a number is needed$/);
    // Criterion 2 spans 2..6 without row 2's 3.
    expectClose(got[0], 0);
    expectClose(got[2], 100);
  });
  it('names a cell of a one-column table by its row', () => {
    const got = spilled(call('SCORE', [[1], ['high'], [3]], [[1]]));
    expectError(got[1], '#VALUE!', /^criteria_values: row 2 holds the text "high"/);
  });
  it('passes an error cell on as that row\'s error', () => {
    const got = spilled(call('SCORE', [[1, 2], [3, sheetError('#DIV/0!', '')], [5, 6]], [[1, 1]]));
    expectError(got[1], '#DIV/0!', /^criteria_values: row 2, column 2 holds #DIV\/0!$/);
    expectClose(got[0], 0);
  });
});

describe('SCORE, arguments that stop the whole call', () => {
  it('is #VALUE! saying the counts when weights and criteria differ', () => {
    expectError(call('SCORE', TABLE, [[1, 2, 3]]), '#VALUE!', /weights has 3 values but criteria_values has 2 criteria/);
  });
  it('is #VALUE! naming a negative weight', () => {
    expectError(call('SCORE', TABLE, col([1, -2])), '#VALUE!', /weights: row 2 is negative \(-2\)/);
  });
  it('is #VALUE! when all weights are 0', () => {
    expectError(call('SCORE', TABLE, [[0, 0]]), '#VALUE!', /weights are all 0/);
  });
  it('is #VALUE! naming a blank weight', () => {
    expectError(call('SCORE', TABLE, [[1, null]]), '#VALUE!', /weights: column 2 is blank/);
  });
  it('is #VALUE! naming a text weight', () => {
    expectError(call('SCORE', TABLE, [['heavy', 1]]), '#VALUE!', /weights: column 1 holds the text "heavy"/);
  });
  it('passes on an error cell among the weights', () => {
    expectError(call('SCORE', TABLE, [[1, sheetError('#REF!', '')]]), '#REF!', /weights: column 2 holds #REF!/);
  });
  it('is #VALUE! listing the methods for an unknown method', () => {
    expectError(call('SCORE', TABLE, [[1, 1]], undefined, 'zscore'), '#VALUE!', /method must be "minmax" \(or "min-max"\), "rank" or "raw", not "zscore"/);
  });
  it('is #VALUE! for a number as method', () => {
    expectError(call('SCORE', TABLE, [[1, 1]], undefined, 2), '#VALUE!', /not 2$/);
  });
  it('is #VALUE! for an empty table', () => {
    expectError(call('SCORE', [], [[1]]), '#VALUE!', /criteria_values is empty/);
  });
});

describe('SCORE, directions', () => {
  it('reads "higher", "lower", "+", "-" and blank', () => {
    const numeric = call('SCORE', [[1, 2, 3, 4, 5], [5, 4, 3, 2, 1]], [[1, 1, 1, 1, 1]], [[1, -1, 1, -1, 1]]);
    expect(call('SCORE', [[1, 2, 3, 4, 5], [5, 4, 3, 2, 1]], [[1, 1, 1, 1, 1]], [['higher', 'Lower', '+', '-', null]])).toEqual(numeric);
  });
  it('reads "higher is better" and "lower is better", as the settings sheet writes them', () => {
    expect(call('SCORE', TABLE, [[3, 1]], [['Higher is better', 'lower  is better']])).toEqual(call('SCORE', TABLE, [[3, 1]], [[1, -1]]));
  });
  it('applies a single direction to every criterion', () => {
    expect(call('SCORE', TABLE, [[3, 1]], 'lower')).toEqual(call('SCORE', TABLE, [[3, 1]], [[-1, -1]]));
  });
  it('is #VALUE! naming a direction that is not 1 or -1', () => {
    expectError(call('SCORE', TABLE, [[3, 1]], [[1, 2]]), '#VALUE!', /directions: column 2 is 2; use 1, "higher" or "\+"/);
    expectError(call('SCORE', TABLE, [[3, 1]], [[1, 'up']]), '#VALUE!', /directions: column 2 holds the text "up"/);
  });
  it('is #VALUE! saying the counts when directions and criteria differ', () => {
    expectError(call('SCORE', TABLE, [[3, 1]], [[1, 1, 1]]), '#VALUE!', /directions has 3 values but criteria_values has 2 criteria/);
  });
});

describe('PRIORITY', () => {
  it('ranks the highest score 1', () => {
    expect(spilled(call('PRIORITY', col([50, 70, 20, 10])))).toEqual([2, 1, 3, 4]);
  });
  it('breaks ties by row order without a tie-breaker', () => {
    expect(spilled(call('PRIORITY', col([70, 50, 70, 70])))).toEqual([1, 4, 2, 3]);
  });
  it('breaks ties by the tie-breaker, higher first, then by row order', () => {
    expect(spilled(call('PRIORITY', col([70, 50, 70, 70]), col([1, 9, 5, 1])))).toEqual([2, 4, 1, 3]);
  });
  it('puts a blank tie-breaker after the tied rows that have one', () => {
    expect(spilled(call('PRIORITY', col([70, 70, 70]), col([null, -5, 2])))).toEqual([3, 2, 1]);
  });
  it('gives #N/A to rows without a score and ranks the others without gaps', () => {
    const got = spilled(call('PRIORITY', col([50, null, 'n/a', sheetError('#N/A', 'row 4 has no criterion values'), 70, true])));
    expect(got[0]).toBe(2);
    expectError(got[1], '#N/A', /^row 2 has no score \(it is blank\)$/);
    expectError(got[2], '#N/A', /^row 3 has no score \(it holds the text "n\/a"\)$/);
    expectError(got[3], '#N/A', /^row 4 has no score \(it holds #N\/A \(row 4 has no criterion values\)\)$/);
    expect(got[4]).toBe(1);
    expectError(got[5], '#N/A', /holds TRUE/);
  });
  it('treats -0 and 0 as equal scores', () => {
    expect(spilled(call('PRIORITY', col([0, -0]), col([1, 2])))).toEqual([2, 1]);
  });
  it('ranks a row range as well as a column', () => {
    expect(spilled(call('PRIORITY', [[10, 30, 20]]))).toEqual([3, 1, 2]);
  });
  it('gives #VALUE! to a row whose tie-breaker is text, and does not rank it', () => {
    const got = spilled(call('PRIORITY', col([5, 6, 7]), col([1, 'x', 1])));
    expect(got[0]).toBe(2);
    expectError(got[1], '#VALUE!', /^tie_breaker: row 2 holds the text "x"; a number is needed$/);
    expect(got[2]).toBe(1);
  });
  it('is #VALUE! saying the counts when tie_breaker and scores differ', () => {
    expectError(call('PRIORITY', col([5, 6, 7]), col([1, 2])), '#VALUE!', /tie_breaker has 2 values but scores has 3/);
  });
  it('ignores a single blank tie-breaker (Excel passes an omitted one so)', () => {
    expect(call('PRIORITY', col([5, 6, 7]), [[null]])).toEqual(call('PRIORITY', col([5, 6, 7])));
  });
  it('ranks the column SCORE spills, its #N/A rows left out', () => {
    const scores = call('SCORE', [[2, 100], [null, null], [6, 200], [4, 300]], [[3, 1]]) as unknown[][];
    const got = spilled(call('PRIORITY', scores as never));
    expect(got[0]).toBe(3);
    expectError(got[1], '#N/A');
    expect(got.slice(2)).toEqual([1, 2]);
  });
  it('is #VALUE! for empty scores', () => {
    expectError(call('PRIORITY', []), '#VALUE!', /scores is empty/);
  });
});

describe('SCORE with demand types', () => {
  // Two criteria, higher is better, equal weights; row 3 has no business value.
  const criteria = [
    [10, 10],
    [0, 0],
    [null, 10],
  ];
  const scoreWith = (types: unknown[]) => call('SCORE', criteria as never, [[1, 1]], undefined, 'minmax', types.map((t) => [t]) as never) as unknown[][];

  it('does not penalise ideas & concepts for a missing business case', () => {
    expect(scoreWith(['Capability planning', 'Capability planning', 'Ideas & concepts']).map((r) => r[0])).toEqual([100, 0, 100]);
  });

  it('counts a blank against capability planning and increments', () => {
    expect(scoreWith(['Capability planning', 'Increments & improvements', 'Increments & improvements']).map((r) => r[0])).toEqual([100, 0, 50]);
  });

  it('reads "Idea" and "Concept" as ideas & concepts, in any case', () => {
    expect(scoreWith([null, null, 'IDEA'])[2][0]).toBe(100);
    expect(scoreWith([null, null, 'concept'])[2][0]).toBe(100);
  });

  it('leaves blanks out for rows without a demand type', () => {
    expect(scoreWith([null, null, null])[2][0]).toBe(100);
  });

  it('still gives #N/A to a row with no values at all', () => {
    const r = call('SCORE', [[1], [null]] as never, [[1]], undefined, undefined, [['Capability planning'], ['Capability planning']] as never) as unknown[][];
    expect(r[1][0]).toMatchObject({ code: '#N/A' });
  });

  it('is #VALUE! when the demand types do not match the rows', () => {
    expect(call('SCORE', criteria as never, [[1, 1]], undefined, undefined, [['Ideas & concepts']] as never)).toMatchObject({
      code: '#VALUE!',
      message: expect.stringMatching(/1 cells but criteria_values has 3 rows/),
    });
  });
});
