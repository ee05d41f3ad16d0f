// PROPOSAL: the DMO's decision proposal per initiative from its score and seven-point check.
import { call, col, expectError } from './support/finance';
import { sheetError } from '../core';

const FLOW = 'Flow approval';
const ESC = 'Escalate: Financing';

/** The decision cell of each row (a SheetError stays an object). */
function decisions(result: unknown): unknown[] {
  if (!Array.isArray(result)) throw new Error(`expected a column, got ${JSON.stringify(result)}`);
  return result.map((row: unknown[]) => {
    expect(row).toHaveLength(1);
    return row[0];
  });
}

const one = (score: unknown, check: unknown, thresholds?: unknown, running?: unknown) =>
  decisions(call('PROPOSAL', col([score as never]), col([check as never]), thresholds as never, running as never))[0];

describe('PROPOSAL', () => {
  describe('the rules with the default thresholds (include at 60, reject below 40)', () => {
    it('includes a high score whose check gave flow approval', () => {
      expect(one(75, FLOW)).toBe('Include');
    });
    it('passes a high score whose check escalated forward to portfolio steering', () => {
      expect(one(75, ESC)).toBe('Pass forward');
    });
    it('passes a score between the thresholds forward, even with flow approval', () => {
      expect(one(50, FLOW)).toBe('Pass forward');
    });
    it('rejects a score below the reject threshold, even with flow approval', () => {
      expect(one(30, FLOW)).toBe('Reject');
    });
    it('proposes to remove a running initiative whose score is below the reject threshold', () => {
      expect(one(30, ESC, undefined, col([true]))).toBe('Remove');
    });
    it('includes a running initiative that still fits', () => {
      expect(one(80, FLOW, undefined, col(['yes']))).toBe('Include');
    });
    it('includes a score of exactly 60', () => {
      expect(one(60, FLOW)).toBe('Include');
    });
    it('passes a score of exactly 40 forward', () => {
      expect(one(40, FLOW)).toBe('Pass forward');
    });
    it('rejects a score just below 40', () => {
      expect(one(39.99, FLOW)).toBe('Reject');
    });
  });

  describe('check results', () => {
    it('reads "Flow approval" and "Escalate" in any case, with spaces around', () => {
      expect(decisions(call('PROPOSAL', col([90, 90, 90]), col([' flow APPROVAL ', 'ESCALATE: Security', 'escalate'])))).toEqual(['Include', 'Pass forward', 'Pass forward']);
    });
    it('passes a high score that was not checked (blank) forward', () => {
      expect(one(90, null)).toBe('Pass forward');
    });
    it('rejects a low score that was not checked', () => {
      expect(one(10, '')).toBe('Reject');
    });
    it('gives an error cell in check_results to its row only', () => {
      const out = decisions(call('PROPOSAL', col([90, 90]), col([sheetError('#N/A', 'statuses: row 1 has no answers'), FLOW])));
      expectError(out[0], '#N/A', /check_results: row 1 holds #N\/A \(statuses: row 1 has no answers\)/);
      expect(out[1]).toBe('Include');
    });
    it('reads an error code as text (how Google Sheets shows CHECK\'s error cells) as that error', () => {
      expectError(one(90, '#VALUE!'), '#VALUE!', /check_results: row 1 holds #VALUE!/);
    });
    it('is #VALUE! in its row for text that is no CHECK result', () => {
      expectError(one(90, 'approved'), '#VALUE!', /check_results: row 1 holds the text "approved"/);
    });
    it('is #VALUE! in its row for TRUE in check_results', () => {
      expectError(one(90, true), '#VALUE!', /holds TRUE/);
    });
  });

  describe('scores', () => {
    it('reads a score typed as text', () => {
      expect(one(' 75 ', FLOW)).toBe('Include');
    });
    it('is #N/A in its row for a blank score', () => {
      expectError(one(null, FLOW), '#N/A', /scores: row 1 is blank/);
    });
    it('is #VALUE! in its row for a score that is no number', () => {
      expectError(one('high', FLOW), '#VALUE!', /scores: row 1 holds the text "high"; a score/);
    });
    it('gives an error cell in scores to its row', () => {
      expectError(one(sheetError('#DIV/0!', ''), FLOW), '#DIV/0!', /scores: row 1 holds #DIV\/0!/);
    });
    it('reads scores and checks given as rows', () => {
      expect(call('PROPOSAL', [[70, 20]], [[FLOW, FLOW]])).toEqual([['Include'], ['Reject']]);
    });
    it('is #VALUE! for a block of scores', () => {
      expectError(call('PROPOSAL', [[70, 20], [1, 2]], col([FLOW, FLOW, FLOW, FLOW])), '#VALUE!', /scores must be a single column .*not 2 rows × 2 columns/);
    });
  });

  describe('thresholds', () => {
    it('takes include and reject from a column of two numbers', () => {
      expect(decisions(call('PROPOSAL', col([80, 60, 45]), col([FLOW, FLOW, FLOW]), col([80, 50])))).toEqual(['Include', 'Pass forward', 'Reject']);
    });
    it('takes them from a row as well', () => {
      expect(one(3, FLOW, [[4, 2]])).toBe('Pass forward');
    });
    it('keeps the default for a blank threshold cell', () => {
      expect(decisions(call('PROPOSAL', col([70, 45]), col([FLOW, FLOW]), col([null, 50])))).toEqual(['Include', 'Reject']);
    });
    it('uses the defaults when thresholds are blank, as Excel passes an omitted argument', () => {
      expect(one(60, FLOW, [[null]])).toBe('Include');
    });
    it('allows include equal to reject', () => {
      expect(decisions(call('PROPOSAL', col([50, 49]), col([FLOW, FLOW]), col([50, 50])))).toEqual(['Include', 'Reject']);
    });
    it('is #VALUE! when include is below reject', () => {
      expectError(call('PROPOSAL', col([50]), col([FLOW]), col([30, 40])), '#VALUE!', /include \(30\) is below reject \(40\)/);
    });
    it('is #VALUE! for other than two threshold cells', () => {
      expectError(call('PROPOSAL', col([50]), col([FLOW]), col([70, 50, 30])), '#VALUE!', /thresholds takes two numbers.*not 3 cells/);
    });
    it('is #VALUE! for a threshold that is no number', () => {
      expectError(call('PROPOSAL', col([50]), col([FLOW]), col(['high', 40])), '#VALUE!', /thresholds: the first cell \(include\) holds the text "high"/);
    });
  });

  describe('running', () => {
    it('reads TRUE/FALSE, yes/no and 1/0, a blank as not running', () => {
      expect(decisions(call('PROPOSAL', col([10, 10, 10, 10, 10]), col([FLOW, FLOW, FLOW, FLOW, FLOW]), undefined, col([true, 'no', 1, null, 'Yes'])))).toEqual([
        'Remove',
        'Reject',
        'Remove',
        'Reject',
        'Remove',
      ]);
    });
    it('is #VALUE! in its row for a running flag that is no yes or no', () => {
      expectError(one(10, FLOW, undefined, col(['soon'])), '#VALUE!', /running: row 1 holds the text "soon"/);
    });
    it('treats an all-blank running range as none running, as Excel passes an omitted argument', () => {
      expect(decisions(call('PROPOSAL', col([10, 10]), col([FLOW, FLOW]), [[null]], [[null]]))).toEqual(['Reject', 'Reject']);
    });
  });

  describe('lengths', () => {
    it('is #VALUE! when scores and check_results differ in length', () => {
      expectError(call('PROPOSAL', col([70, 50, 30]), col([FLOW, FLOW])), '#VALUE!', /scores has 3 cells but check_results has 2/);
    });
    it('is #VALUE! when running differs in length from scores', () => {
      expectError(call('PROPOSAL', col([70, 50]), col([FLOW, FLOW]), undefined, col([true, false, true])), '#VALUE!', /scores has 2 cells but running has 3/);
    });
    it('is #VALUE! for empty scores', () => {
      expectError(call('PROPOSAL', [[]], [[]]), '#VALUE!', /scores is empty/);
    });
  });

  describe('with CHECK', () => {
    it('turns CHECK\'s output into proposals', () => {
      const statuses = [
        [true, true, true, true, true, true, true],
        [true, false, true, true, true, true, true],
        [null, null, null, null, null, null, null],
      ];
      const checks = call('CHECK', statuses) as never;
      const out = decisions(call('PROPOSAL', col([85, 85, 85]), checks));
      expect(out.slice(0, 2)).toEqual(['Include', 'Pass forward']);
      expectError(out[2], '#N/A', /check_results: row 3 holds #N\/A \(statuses: row 3 has no answers\)/);
    });
  });
});
