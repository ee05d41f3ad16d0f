// The cell predicates and conversions every reader shares (core/values): what counts as blank,
// as empty, as a number, and how a cell reads as text. Each meaning is pinned here, cell kind
// by cell kind, so the places that use them agree on it.
import { CellValue, cellText, isBlank, isBlankOrZero, isEmptyCell } from '../core/values/cells';
import { cellNumber } from '../core/values/coerce';
import { sheetError } from '../core/values/errors';

const REF = sheetError('#REF!', 'gone');

describe('isBlank: nothing a person typed', () => {
  test.each<[CellValue | undefined, boolean]>([
    [null, true],
    [undefined, true],
    ['', true],
    ['   ', true],
    ['\t\n ', true],
    [' x ', false],
    [0, false],
    [false, false],
    [REF, false],
  ])('%p -> %p', (cell, blank) => expect(isBlank(cell)).toBe(blank));
});

describe('isEmptyCell: nothing at all, as a host passes an empty cell', () => {
  test.each<[unknown, boolean]>([
    [null, true],
    [undefined, true],
    ['', true],
    ['   ', false],
    [0, false],
    [false, false],
    [REF, false],
    [new Date(0), false],
  ])('%p -> %p', (cell, empty) => expect(isEmptyCell(cell)).toBe(empty));
});

describe("isBlankOrZero: a blank, or Excel desktop's 0 for an empty cell", () => {
  test.each<[CellValue | undefined, boolean]>([
    [null, true],
    [undefined, true],
    ['  ', true],
    [0, true],
    [-0, true],
    ['0', false],
    [false, false],
    [1, false],
    [REF, false],
  ])('%p -> %p', (cell, blank) => expect(isBlankOrZero(cell)).toBe(blank));
});

describe('cellNumber: a number, or a number typed as text', () => {
  test.each<[CellValue | undefined, number | undefined]>([
    [3, 3],
    [-2.5, -2.5],
    [' 12 ', 12],
    ['1e3', 1000],
    ['10%', 0.1],
    ['12 apples', undefined],
    ['', undefined],
    ['  ', undefined],
    [null, undefined],
    [undefined, undefined],
    [true, undefined],
    [REF, undefined],
  ])('%p -> %p', (cell, n) => expect(cellNumber(cell)).toBe(n));

  test('a number cell that is not finite comes back as it is, for the caller to name', () => {
    expect(cellNumber(Infinity)).toBe(Infinity);
    expect(cellNumber(NaN)).toBeNaN();
    expect(cellNumber('1e999')).toBeUndefined();
  });
});

describe('cellText: the text a sheet shows', () => {
  test.each<[CellValue | undefined, string]>([
    [null, ''],
    [undefined, ''],
    [42, '42'],
    [0.5, '0.5'],
    [true, 'TRUE'],
    [false, 'FALSE'],
    [REF, '#REF!'],
    ['  as typed ', '  as typed '],
  ])('%p -> %p', (cell, text) => expect(cellText(cell)).toBe(text));
});
