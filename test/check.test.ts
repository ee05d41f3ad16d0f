// CHECK: the seven-point governance check, one outcome per initiative.
import { call, col, expectError } from './support/finance';
import { CellValue, sheetError } from '../core';

const ALL_YES: CellValue[] = [true, true, true, true, true, true, true];

/** The outcome cell of each row (a SheetError stays an object). */
function outcomes(result: unknown): unknown[] {
  if (!Array.isArray(result)) throw new Error(`expected a column, got ${JSON.stringify(result)}`);
  return result.map((row: unknown[]) => {
    expect(row).toHaveLength(1);
    return row[0];
  });
}

describe('CHECK', () => {
  describe('outcomes', () => {
    it('gives "Flow approval" when all seven points hold', () => {
      expect(call('CHECK', [ALL_YES])).toEqual([['Flow approval']]);
    });
    it('names the points that do not hold, in column order', () => {
      expect(call('CHECK', [[true, false, true, true, false, true, true]])).toEqual([['Escalate: Financing, Security']]);
    });
    it('names all seven points when none holds', () => {
      expect(call('CHECK', [[false, false, false, false, false, false, false]])).toEqual([
        ['Escalate: Sponsor, Financing, Resources, Architecture, Security, Vendors, Processes'],
      ]);
    });
    it('gives one outcome per row, as a column', () => {
      expect(call('CHECK', [ALL_YES, [true, true, false, true, true, true, true], ALL_YES])).toEqual([
        ['Flow approval'],
        ['Escalate: Resources'],
        ['Flow approval'],
      ]);
    });
  });

  describe('answers', () => {
    it('reads TRUE, 1, yes, y, x, ok and true as holding, in any case and with spaces around', () => {
      expect(call('CHECK', [[true, 1, 'yes', ' Y ', 'X', 'OK', 'True']])).toEqual([['Flow approval']]);
    });
    it('reads FALSE, 0, no, n and false as not holding', () => {
      expect(call('CHECK', [[false, 0, 'no', 'N', ' FALSE ', true, true]])).toEqual([['Escalate: Sponsor, Financing, Resources, Architecture, Security']]);
    });
    it('counts a blank point as not met', () => {
      expect(call('CHECK', [[true, null, true, true, true, '', true]])).toEqual([['Escalate: Financing, Vendors']]);
    });
    it('gives #N/A in its own cell for a row with no answers, and carries on with the others', () => {
      const out = outcomes(call('CHECK', [ALL_YES, [null, null, '', null, ' ', null, null], ALL_YES]));
      expect(out[0]).toBe('Flow approval');
      expectError(out[1], '#N/A', /row 2 has no answers/);
      expect(out[2]).toBe('Flow approval');
    });
    it('gives #VALUE! in its own cell for text that is no answer, naming the cell and the point', () => {
      const out = outcomes(call('CHECK', [ALL_YES, [true, true, true, 'maybe', true, true, true]]));
      expect(out[0]).toBe('Flow approval');
      expectError(out[1], '#VALUE!', /^statuses: row 2, column 4 \(Architecture\) holds the text "maybe"; answer yes or no/);
    });
    it('gives #VALUE! for a number other than 1 or 0', () => {
      expectError(outcomes(call('CHECK', [[true, 2, true, true, true, true, true]]))[0], '#VALUE!', /column 2 \(Financing\) holds 2/);
    });
    it('gives an error cell\'s own code to its row', () => {
      expectError(outcomes(call('CHECK', [[true, true, sheetError('#REF!', ''), true, true, true, true]]))[0], '#REF!', /column 3 \(Resources\) holds #REF!/);
    });
  });

  describe('labels', () => {
    it('renames the points from a row of labels', () => {
      expect(call('CHECK', [[true, false, 'no']], [['Owner', 'Budget', 'Team']])).toEqual([['Escalate: Budget, Team']]);
    });
    it('takes labels as a column too', () => {
      expect(call('CHECK', [[false, true]], col(['Owner', 'Budget']))).toEqual([['Escalate: Owner']]);
    });
    it('trims spaces around labels', () => {
      expect(call('CHECK', [[false]], [['  Data protection ']])).toEqual([['Escalate: Data protection']]);
    });
    it('accepts numbers as labels', () => {
      expect(call('CHECK', [[true, false, false]], [[1, 2, 3]])).toEqual([['Escalate: 2, 3']]);
    });
    it('shows a label of the largest number as written, not rounded up to Infinity (found by the property tests)', () => {
      expect(call('CHECK', [[false]], [[1.7976931348623151e308]])).toEqual([['Escalate: 1.7976931348623151e+308']]);
    });
    it('uses the seven default points when labels are blank, as Excel passes an omitted argument', () => {
      expect(call('CHECK', [[true, true, true, true, true, true, false]], [[null]])).toEqual([['Escalate: Processes']]);
    });
    it('is #VALUE! when the number of labels differs from the number of columns', () => {
      expectError(call('CHECK', [[true, true, true]], [['Owner', 'Budget']]), '#VALUE!', /labels has 2 names but statuses has 3 columns/);
    });
    it('is #VALUE! without labels when statuses does not have seven columns', () => {
      expectError(call('CHECK', [[true, true, true, true, true]]), '#VALUE!', /statuses has 5 columns but the seven-point check has 7 points/);
    });
    it('is #VALUE! when labels are a block rather than a row or column', () => {
      expectError(call('CHECK', [[true, true, true, true]], [['a', 'b'], ['c', 'd']]), '#VALUE!', /single row or column/);
    });
    it('is #VALUE! naming a blank label among others', () => {
      expectError(call('CHECK', [[true, true, true]], [['Owner', null, 'Team']]), '#VALUE!', /labels: column 2 is blank/);
    });
  });

  describe('shape', () => {
    it('is #VALUE! for an empty statuses range', () => {
      expectError(call('CHECK', [[]]), '#VALUE!', /statuses is empty/);
    });
  });
});
