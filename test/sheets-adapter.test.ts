// The Sheets adapter's reading of arguments: blanks and dates translated, plain rows passed on.
import { argFromSheets, dateReader } from '../sheets-script/custom-functions';

const utc = () => dateReader('UTC');

describe('argFromSheets', () => {
  it('turns "" into a blank and a Date into its serial date', () => {
    expect(argFromSheets([[1, ''], [new Date(Date.UTC(2024, 0, 1)), 'x']], utc)).toEqual([
      [1, null],
      [45292, 'x'],
    ]);
  });

  it('passes rows of plain cells on without copying them', () => {
    const plain = [1, 2];
    const withBlank = [3, ''];
    const out = argFromSheets([plain, withBlank, plain], utc) as unknown[][];
    expect(out[0]).toBe(plain);
    expect(out[1]).toEqual([3, null]);
    expect(out[2]).toBe(plain);
  });

  it('passes a range of plain cells on as it is', () => {
    const range = [[1], [2]];
    expect(argFromSheets(range, utc)).toBe(range);
  });

  it('keeps a left-out argument apart from a blank one', () => {
    expect(argFromSheets(undefined, utc)).toBeUndefined();
    expect(argFromSheets('', utc)).toBeNull();
  });
});
