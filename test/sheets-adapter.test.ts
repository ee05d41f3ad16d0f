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

describe('dateReader', () => {
  it('reads years before 100 as they are (Date.UTC would make year 10 into 1910)', () => {
    const r = dateReader('UTC');
    const d = new Date(0);
    d.setUTCFullYear(10, 5, 1);
    expect(r(d)).toBe(Math.round((d.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000));
  });

  it('is not thrown off by an earlier date the zone database cannot place', () => {
    const r = dateReader('America/New_York');
    const odd = new Date(0);
    odd.setUTCFullYear(10, 5, 1);
    odd.setUTCHours(3);
    r(odd);
    // Midnight of 2024-07-01 in New York (UTC-4).
    expect(r(new Date(Date.UTC(2024, 6, 1, 4)))).toBe(45474);
  });
});
