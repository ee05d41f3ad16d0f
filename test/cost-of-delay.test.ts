// COSTOFDELAY: the value lost by a delay, by urgency profile, row by row.
import { sheetError } from '../core';
import { delayFactor } from '../core/demand/cost-of-delay';
import { call, col, expectClose, expectError } from './support/finance';

function spilled(result: unknown): unknown[] {
  if (!Array.isArray(result)) throw new Error(`expected a table, got ${JSON.stringify(result)}`);
  for (const row of result) expect(row).toHaveLength(1);
  return result.map((row: unknown[]) => row[0]);
}

describe('COSTOFDELAY, linear (the default)', () => {
  it('is value per period x delay', () => {
    expect(spilled(call('COSTOFDELAY', col([1000, 250]), col([3, 4])))).toEqual([3000, 1000]);
  });
  it('is 0 without delay', () => {
    expect(spilled(call('COSTOFDELAY', 1000, 0))).toEqual([0]);
  });
  it('takes fractional delays', () => {
    expect(spilled(call('COSTOFDELAY', 1000, 1.5))).toEqual([1500]);
  });
  it('is the default for a blank profile and accepts any case', () => {
    expect(call('COSTOFDELAY', 1000, 3, ' LINEAR ')).toEqual(call('COSTOFDELAY', 1000, 3));
    expect(call('COSTOFDELAY', 1000, 3, null)).toEqual(call('COSTOFDELAY', 1000, 3));
  });
  it('uses a single value for every row', () => {
    expect(spilled(call('COSTOFDELAY', 100, col([1, 2, 3])))).toEqual([100, 200, 300]);
  });
});

describe('COSTOFDELAY, urgent', () => {
  it('costs double in the first period of delay', () => {
    expect(spilled(call('COSTOFDELAY', 1000, 1, 'urgent'))).toEqual([2000]);
  });
  it('costs 2 + 1.5 periods\' value over two periods and 2 + 1.5 + 1.25 over three', () => {
    expect(spilled(call('COSTOFDELAY', 1000, col([2, 3]), 'Urgent'))).toEqual([3500, 4750]);
  });
  it('follows value x (delay + 2 (1 - 2^-delay)) for fractional delays', () => {
    // 0.5 periods: 0.5 + 2 - 2 / sqrt(2) = 2.5 - sqrt(2)
    expectClose(spilled(call('COSTOFDELAY', 1000, 0.5, 'urgent'))[0], 1000 * (2.5 - Math.SQRT2));
  });
  it('is 0 without delay', () => {
    expect(spilled(call('COSTOFDELAY', 1000, 0, 'urgent'))).toEqual([0]);
  });
  it('costs at most two periods\' value more than linear', () => {
    expectClose(delayFactor(60, 'urgent') - delayFactor(60, 'linear'), 2);
    expect(delayFactor(1e9, 'urgent')).toBe(1e9 + 2);
  });
  it('takes a profile per row', () => {
    expect(spilled(call('COSTOFDELAY', 1000, 1, col(['linear', 'urgent', null])))).toEqual([1000, 2000, 1000]);
  });
});

describe('COSTOFDELAY, problems', () => {
  it('is #NUM! in its row for a negative delay', () => {
    const got = spilled(call('COSTOFDELAY', 1000, col([2, -1])));
    expect(got[0]).toBe(2000);
    expectError(got[1], '#NUM!', /delay_periods is negative \(-1\)/);
  });
  it('is #NUM! in its row for a negative value', () => {
    expectError(spilled(call('COSTOFDELAY', col([-5]), 1))[0], '#NUM!', /value_per_period is negative/);
  });
  it('is #VALUE! listing the profiles for an unknown single profile', () => {
    expectError(call('COSTOFDELAY', 1000, 2, 'fixed-date'), '#VALUE!', /^COSTOFDELAY: profile holds the text "fixed-date"; the profiles are "linear" or "urgent"$/);
  });
  it('is #VALUE! in its row for an unknown profile among several', () => {
    const got = spilled(call('COSTOFDELAY', 1000, 1, col(['urgent', 'asap'])));
    expect(got[0]).toBe(2000);
    expectError(got[1], '#VALUE!', /^profile: row 2 holds the text "asap"; the profiles are "linear" or "urgent"$/);
  });
  it('counts a blank delay as 0 periods', () => {
    expect(spilled(call('COSTOFDELAY', col([1000]), col([null])))).toEqual([0]);
  });
  it('is #N/A for a blank value (not estimated)', () => {
    expectError(spilled(call('COSTOFDELAY', col([1000, null]), col([1, 2])))[1], '#N/A', /^value_per_period: row 2 is blank/);
  });
  it('is #N/A for a row blank in both', () => {
    expectError(spilled(call('COSTOFDELAY', col([1000, null]), col([1, null])))[1], '#N/A', /^row 2 is blank$/);
  });
  it('is #VALUE! naming a cell with text', () => {
    expectError(spilled(call('COSTOFDELAY', col([1000, 'lots']), 1))[1], '#VALUE!', /^value_per_period: row 2 holds the text "lots"; a number is needed$/);
  });
  it('passes an error cell on as that row\'s error', () => {
    expectError(spilled(call('COSTOFDELAY', 1000, col([1, sheetError('#N/A', '')])))[1], '#N/A', /delay_periods: row 2 holds #N\/A/);
  });
  it('is #VALUE! naming every argument\'s count when ranges differ in length', () => {
    expectError(call('COSTOFDELAY', col([1, 2]), col([1, 2, 3])), '#VALUE!', /value_per_period has 2 values, delay_periods 3/);
  });
  it('is #NUM! when the cost is beyond the largest number', () => {
    expectError(spilled(call('COSTOFDELAY', 1e308, 10))[0], '#NUM!', /beyond the largest number/);
  });
});
