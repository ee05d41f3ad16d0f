// The Sheets adapter's reading of arguments: blanks and dates translated, plain rows passed on;
// and the solver's wasm, shipped as base64 text, decoded back to its bytes.
import fc from 'fast-check';
import { argFromSheets, dateReader } from '../sheets-script/custom-functions';
import { WASM_GLOBAL, decodeBase64, sheetsWasmBytes } from '../sheets-script/highs-loader';

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

describe('the solver\'s wasm from base64', () => {
  it('decodes base64 as Node does, with and without padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64');
        expect(Array.from(decodeBase64(text))).toEqual(Array.from(bytes));
        expect(Array.from(decodeBase64(text.replace(/=+$/, '')))).toEqual(Array.from(bytes));
      }),
    );
  });

  it('refuses a damaged string instead of compiling garbage', () => {
    expect(() => decodeBase64('AAA*')).toThrow("the solver's code is damaged (character 4 is not base64)");
  });

  it('uses Apps Script\'s Utilities.base64Decode when there is one (its bytes are signed)', () => {
    const text = Buffer.from([0, 127, 128, 255]).toString('base64');
    const utilities = { base64Decode: (t: string) => Array.from(Buffer.from(t, 'base64'), (b) => (b > 127 ? b - 256 : b)) };
    expect(Array.from(sheetsWasmBytes({ [WASM_GLOBAL]: text, Utilities: utilities }))).toEqual([0, 127, 128, 255]);
    expect(Array.from(sheetsWasmBytes({ [WASM_GLOBAL]: text }))).toEqual([0, 127, 128, 255]);
  });

  it('says which file is missing when the wasm was not pushed', () => {
    expect(() => sheetsWasmBytes({})).toThrow("the solver's code (HIGHS_WASM_BASE64_ in highs-wasm.js) is missing from this script project");
  });
});

