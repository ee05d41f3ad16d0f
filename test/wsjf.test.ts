// WSJF: SAFe's (business value + time criticality + risk reduction) / job size, row by row.
import { sheetError } from '../core';
import { call, col, expectClose, expectError } from './support/finance';

function spilled(result: unknown): unknown[] {
  if (!Array.isArray(result)) throw new Error(`expected a table, got ${JSON.stringify(result)}`);
  for (const row of result) expect(row).toHaveLength(1);
  return result.map((row: unknown[]) => row[0]);
}

describe('WSJF', () => {
  it('divides the cost of delay by the job size', () => {
    // (8 + 5 + 3) / 2 = 8
    expect(spilled(call('WSJF', 8, 5, 3, 2))).toEqual([8]);
  });
  it('scores every row of the ranges in one call', () => {
    // (8 + 5 + 3) / 2 = 8; (3 + 1 + 1) / 5 = 1; (13 + 8 + 5) / 13 = 2
    expect(spilled(call('WSJF', col([8, 3, 13]), col([5, 1, 8]), col([3, 1, 5]), col([2, 5, 13])))).toEqual([8, 1, 2]);
  });
  it('uses a single value for every row', () => {
    // Risk reduction 1 for all: (8 + 5 + 1) / 2 = 7; (3 + 1 + 1) / 5 = 1
    expect(spilled(call('WSJF', col([8, 3]), col([5, 1]), 1, col([2, 5])))).toEqual([7, 1]);
  });
  it('reads row ranges as well as columns', () => {
    expect(spilled(call('WSJF', [[8, 3]], [[5, 1]], [[3, 1]], [[2, 5]]))).toEqual([8, 1]);
  });
  it('keeps fractions', () => {
    expectClose(spilled(call('WSJF', 1, 1, 1, 3))[0], 1);
    expectClose(spilled(call('WSJF', 2, 0, 0, 3))[0], 2 / 3);
  });
  it('is #VALUE! naming every argument\'s count when ranges differ in length', () => {
    expectError(
      call('WSJF', col([8, 3, 1]), col([5, 1]), 1, col([2, 5, 3])),
      '#VALUE!',
      /^WSJF: business_value has 3 values, time_criticality 2, risk_reduction 1, job_size 3; give each argument the same number of values/,
    );
  });
  it('is #VALUE! for an empty range', () => {
    expectError(call('WSJF', [], 1, 1, 1), '#VALUE!', /business_value is empty/);
  });
});

describe('WSJF, a problem stays in its row', () => {
  it('is #DIV/0! with a message for a job size of 0', () => {
    const got = spilled(call('WSJF', col([8, 3]), col([5, 1]), col([3, 1]), col([0, 5])));
    expectError(got[0], '#DIV/0!', /job_size is 0/);
    expect(got[1]).toBe(1);
  });
  it('is #NUM! for a negative value', () => {
    const got = spilled(call('WSJF', col([8, -3]), col([5, 1]), col([3, 1]), col([2, 5])));
    expect(got[0]).toBe(8);
    expectError(got[1], '#NUM!', /business_value is negative \(-3\)/);
  });
  it('is #NUM! for a negative job size', () => {
    expectError(spilled(call('WSJF', 1, 1, 1, -2))[0], '#NUM!', /job_size is negative/);
  });
  it('counts a blank business value, time criticality or risk reduction as 0', () => {
    expect(spilled(call('WSJF', col([8, null]), col([null, 1]), col([null, null]), col([2, 5])))).toEqual([4, 0.2]);
  });
  it('is #N/A for a blank job size (not estimated)', () => {
    const got = spilled(call('WSJF', col([8, 3]), col([5, 1]), col([3, 1]), col([2, null])));
    expect(got[0]).toBe(8);
    expectError(got[1], '#N/A', /^job_size: row 2 is blank \(the job size is not estimated\)$/);
  });
  it('is #N/A for a row blank in every argument', () => {
    const got = spilled(call('WSJF', col([8, null]), col([5, null]), col([3, null]), col([2, null])));
    expectError(got[1], '#N/A', /^row 2 is blank$/);
  });
  it('is #VALUE! naming a cell with text', () => {
    const got = spilled(call('WSJF', col([8, 3]), col([5, 'high']), col([3, 1]), col([2, 5])));
    expectError(got[1], '#VALUE!', /^time_criticality: row 2 holds the text "high"; a number is needed$/);
  });
  it('is #VALUE! for TRUE/FALSE', () => {
    expectError(spilled(call('WSJF', true, 1, 1, 1))[0], '#VALUE!', /business_value holds TRUE/);
  });
  it('passes an error cell on as that row\'s error', () => {
    const got = spilled(call('WSJF', col([8, 3]), col([5, 1]), col([3, sheetError('#REF!', '')]), col([2, 5])));
    expect(got[0]).toBe(8);
    expectError(got[1], '#REF!', /risk_reduction: row 2 holds #REF!/);
  });
  it('gives every row the error of a single value used for all', () => {
    const got = spilled(call('WSJF', col([8, 3]), col([5, 1]), col([3, 1]), 0));
    expectError(got[0], '#DIV/0!');
    expectError(got[1], '#DIV/0!');
  });
});

describe('WSJF, magnitudes', () => {
  it('adds values near the largest number without overflow when the quotient fits', () => {
    expectClose(spilled(call('WSJF', 1e308, 1e308, 1e308, 4))[0], 7.5e307);
  });
  it('is #NUM! when the quotient is beyond the largest number', () => {
    expectError(spilled(call('WSJF', 1e308, 0, 0, 1e-10))[0], '#NUM!', /beyond the largest number/);
  });
});
