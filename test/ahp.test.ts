// AHP: criteria weights from a pairwise comparison matrix, then the consistency ratio.
import { call, expectClose, expectError } from './support/finance';
import { CellValue, sheetError } from '../core';

/** The spilled column as plain numbers (fails on anything else). */
function column(result: unknown): number[] {
  if (!Array.isArray(result)) throw new Error(`expected a column, got ${JSON.stringify(result)}`);
  return result.map((row: unknown[]) => {
    expect(row).toHaveLength(1);
    if (typeof row[0] !== 'number') throw new Error(`expected a number, got ${JSON.stringify(row[0])}`);
    return row[0];
  });
}

// T. L. Saaty, "How to make a decision: The Analytic Hierarchy Process", European Journal of
// Operational Research 48 (1990) 9-26: the house-buying example, eight criteria (size of house,
// transportation, neighbourhood, age of house, yard space, modern facilities, general condition,
// financing). Published: weights .173 .054 .188 .018 .031 .036 .167 .333, lambda_max 9.669,
// CI 0.238, CR 0.169.
const SAATY_HOUSE: CellValue[][] = [
  [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
  [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
  [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
  [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
  [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
  [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
  [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
  [4, 7, 5, 8, 6, 6, 2, 1],
];

// A second, smaller matrix of Saaty-scale judgements (four criteria), checked against LAPACK only.
const FOUR: CellValue[][] = [
  [1, 4, 3, 7],
  [1 / 4, 1, 1 / 3, 3],
  [1 / 3, 3, 1, 5],
  [1 / 7, 1 / 3, 1 / 5, 1],
];

describe('AHP', () => {
  describe('examples from the literature', () => {
    it("reproduces the published weights of Saaty's house example to three decimals", () => {
      const out = column(call('AHP', SAATY_HOUSE));
      const published = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333];
      published.forEach((w, i) => expect(out[i]).toBeCloseTo(w, 3));
    });
    it("reproduces the published consistency ratio of Saaty's house example (0.169)", () => {
      const out = column(call('AHP', SAATY_HOUSE));
      expect(out).toHaveLength(9);
      expect(out[8]).toBeCloseTo(0.169, 3);
    });
    it("agrees with LAPACK's eigensolver on Saaty's house example to 1e-12", () => {
      // numpy.linalg.eig on the same matrix: the principal eigenvector normalised to sum 1, and
      // (lambda_max - 8) / 7 / 1.41 with lambda_max = 9.668887317118154.
      const lapack = [
        0.17301747464834763, 0.053975722999039306, 0.1881102988574409, 0.017507911308195706, 0.031043736403902292, 0.0363222021546561,
        0.16683367362634785, 0.33318898000207015, 0.16908686090356168,
      ];
      const out = column(call('AHP', SAATY_HOUSE));
      lapack.forEach((x, i) => expectClose(out[i], x, 1e-12));
    });
    it("reproduces the published consistency index of Saaty's house example (CR × RI = 0.238)", () => {
      expect(column(call('AHP', SAATY_HOUSE))[8] * 1.41).toBeCloseTo(0.238, 3);
    });
    it("agrees with LAPACK's eigensolver on a four-criteria matrix to 1e-12", () => {
      const lapack = [0.5475692389618297, 0.12655528437341862, 0.26994992245220256, 0.05592555421254902, 0.04385852752346877];
      const out = column(call('AHP', FOUR));
      lapack.forEach((x, i) => expectClose(out[i], x, 1e-12));
    });
  });

  describe('consistent matrices', () => {
    it('gives the exact weights of a consistent matrix and a consistency ratio of 0', () => {
      // a_ij = w_i / w_j for w = 4, 2, 1.
      const out = column(call('AHP', [
        [1, 2, 4],
        [1 / 2, 1, 2],
        [1 / 4, 1 / 2, 1],
      ]));
      expectClose(out[0], 4 / 7, 1e-15);
      expectClose(out[1], 2 / 7, 1e-15);
      expectClose(out[2], 1 / 7, 1e-15);
      expect(Math.abs(out[3])).toBeLessThanOrEqual(1e-12);
    });
    it('gives equal weights when every criterion is as important as every other', () => {
      const ones = Array.from({ length: 5 }, () => [1, 1, 1, 1, 1]);
      expect(column(call('AHP', ones))).toEqual([0.2, 0.2, 0.2, 0.2, 0.2, 0]);
    });
    it('gives the exact weights of a consistent 10-criteria matrix', () => {
      const w = [9, 8, 7, 6, 5, 4, 3, 2, 1, 1];
      const out = column(call('AHP', w.map((wi) => w.map((wj) => wi / wj))));
      w.forEach((wi, i) => expectClose(out[i], wi / 46, 1e-13));
      expect(Math.abs(out[10])).toBeLessThanOrEqual(1e-12);
    });
  });

  describe('one and two criteria', () => {
    it('gives one criterion all the weight, with CR 0', () => {
      expect(call('AHP', [[1]])).toEqual([[1], [0]]);
    });
    it('splits two criteria 3 to 1 as 0.75 and 0.25, with CR 0 by definition', () => {
      const out = column(call('AHP', [
        [1, 3],
        [1 / 3, 1],
      ]));
      expectClose(out[0], 0.75, 1e-15);
      expectClose(out[1], 0.25, 1e-15);
      expect(out[2]).toBe(0);
    });
  });

  describe('cells', () => {
    it('reads fractions typed as text, such as "1/3"', () => {
      const typed = column(call('AHP', [
        [1, '3', '5'],
        ['1/3', 1, ' 2 '],
        ['1 / 5', '1/2', '1'],
      ]));
      const numbers = column(call('AHP', [
        [1, 3, 5],
        [1 / 3, 1, 2],
        [1 / 5, 1 / 2, 1],
      ]));
      expect(typed).toEqual(numbers);
    });
    it('accepts a reciprocal within one part in a million', () => {
      expect(Array.isArray(call('AHP', [
        [1, 3],
        [(1 / 3) * (1 + 5e-7), 1],
      ]))).toBe(true);
    });
  });

  describe('errors', () => {
    it('is #VALUE! naming the shape when the matrix is not square', () => {
      expectError(call('AHP', [
        [1, 2, 3],
        [0.5, 1, 2],
      ]), '#VALUE!', /must be square .*not 2 rows × 3 columns/);
    });
    it('is #VALUE! for more than ten criteria', () => {
      const eleven = Array.from({ length: 11 }, () => Array<CellValue>(11).fill(1));
      expectError(call('AHP', eleven), '#VALUE!', /compares 11 criteria; AHP takes at most 10/);
    });
    it('is #VALUE! naming the cell and its reciprocal when a pair is not reciprocal', () => {
      expectError(
        call('AHP', [
          [1, 3, 5],
          [1 / 3, 1, 2],
          [1 / 5, 2, 1],
        ]),
        '#VALUE!',
        /^pairwise_matrix: row 3, column 2 holds 2 but should be 1\/2, the reciprocal of row 2, column 3 \(2\)$/,
      );
    });
    it('is #VALUE! when 0.33 is typed for 1/3, saying it should be 1/3', () => {
      expectError(call('AHP', [
        [1, 3],
        [0.33, 1],
      ]), '#VALUE!', /row 2, column 1 holds 0\.33 but should be 1\/3/);
    });
    it('is #VALUE! naming a diagonal cell that is not 1', () => {
      expectError(call('AHP', [
        [1, 3],
        [1 / 3, 2],
      ]), '#VALUE!', /row 2, column 2 holds 2; the diagonal .* must be 1/);
    });
    it('is #VALUE! naming a zero entry', () => {
      expectError(call('AHP', [
        [1, 0],
        [1, 1],
      ]), '#VALUE!', /row 1, column 2 holds 0; comparisons must be positive/);
    });
    it('is #VALUE! naming a negative entry', () => {
      expectError(call('AHP', [
        [1, 3],
        [-1 / 3, 1],
      ]), '#VALUE!', /row 2, column 1 holds -0\.333333; comparisons must be positive/);
    });
    it('is #VALUE! naming a blank entry', () => {
      expectError(call('AHP', [
        [1, null],
        [1, 1],
      ]), '#VALUE!', /row 1, column 2 is blank/);
    });
    it('is #VALUE! naming an entry of text that is no number', () => {
      expectError(call('AHP', [
        [1, 'much'],
        [1, 1],
      ]), '#VALUE!', /row 1, column 2 holds the text "much"/);
    });
    it('is #VALUE! naming an entry holding TRUE', () => {
      expectError(call('AHP', [
        [1, true],
        [1, 1],
      ]), '#VALUE!', /row 1, column 2 holds TRUE/);
    });
    it('passes an error cell on with its own code, naming the cell', () => {
      expectError(call('AHP', [
        [1, sheetError('#DIV/0!', '')],
        [1, 1],
      ]), '#DIV/0!', /row 1, column 2 holds #DIV\/0!/);
    });
    it('is #VALUE! for an empty range', () => {
      expectError(call('AHP', [[]]), '#VALUE!', /empty/);
    });
  });
});
