// A1 references as Excel and Google Sheets write them: parsing, formatting and sheet quoting.
import { blockAt, columnLetters, formatRange, parseRange, quoteSheet, rangeSize } from '../core/values/a1';

const cell = (row: number, col: number) => ({ row, col });

describe('parseRange', () => {
  test('reads a plain range without a sheet', () => {
    expect(parseRange('B2:C7')).toEqual({ sheet: undefined, start: cell(2, 2), end: cell(7, 3) });
  });

  test('reads a single cell as a range of one cell', () => {
    expect(parseRange('D4')).toEqual({ sheet: undefined, start: cell(4, 4), end: cell(4, 4) });
  });

  test('reads a range with a plain sheet name', () => {
    expect(parseRange('Sheet1!B2:B9')).toEqual({ sheet: 'Sheet1', start: cell(2, 2), end: cell(9, 2) });
  });

  test('ignores the dollar signs of absolute references', () => {
    expect(parseRange('$B$2')).toEqual(parseRange('B2'));
    expect(parseRange('Sheet1!$B$2:C$7')).toEqual({ sheet: 'Sheet1', start: cell(2, 2), end: cell(7, 3) });
  });

  test('reads lower-case column letters', () => {
    expect(parseRange('b2:c3')).toEqual({ sheet: undefined, start: cell(2, 2), end: cell(3, 3) });
  });

  test('unquotes a quoted sheet name with spaces', () => {
    expect(parseRange("'Q1 plan'!B2:C3")).toEqual({ sheet: 'Q1 plan', start: cell(2, 2), end: cell(3, 3) });
  });

  test('turns doubled quotes in a quoted sheet name into one quote', () => {
    expect(parseRange("'Bob''s plan'!A1")).toEqual({ sheet: "Bob's plan", start: cell(1, 1), end: cell(1, 1) });
  });

  test('keeps an exclamation mark inside a quoted sheet name', () => {
    expect(parseRange("'Go!'!A1")?.sheet).toBe('Go!');
  });

  test('reads a quoted sheet name that looks like a cell', () => {
    expect(parseRange("'A1'!B2")).toEqual({ sheet: 'A1', start: cell(2, 2), end: cell(2, 2) });
  });

  test('reads a sheet name with non-English letters as Excel writes it, unquoted', () => {
    expect(parseRange('Übersicht!B2:B4')).toEqual({ sheet: 'Übersicht', start: cell(2, 2), end: cell(4, 2) });
    expect(parseRange('Planificación_2025!A1')?.sheet).toBe('Planificación_2025');
    expect(parseRange('計画!C3')?.sheet).toBe('計画');
  });

  test('puts a reversed range in top-left to bottom-right order', () => {
    expect(parseRange('C7:B2')).toEqual({ sheet: undefined, start: cell(2, 2), end: cell(7, 3) });
    expect(parseRange('B7:C2')).toEqual({ sheet: undefined, start: cell(2, 2), end: cell(7, 3) });
  });

  test('reads columns beyond Z', () => {
    expect(parseRange('AA1')?.start).toEqual(cell(1, 27));
    expect(parseRange('AZ3')?.start).toEqual(cell(3, 52));
    expect(parseRange('XFD1048576')?.start).toEqual(cell(1048576, 16384));
  });

  test('trims spaces around the reference', () => {
    expect(parseRange('  Sheet1!A1:A3 ')).toEqual({ sheet: 'Sheet1', start: cell(1, 1), end: cell(3, 1) });
  });

  test.each([
    ['empty text', ''],
    ['a word', 'costs'],
    ['a number', '0.08'],
    ['a percentage', '8%'],
    ['row zero', 'A0'],
    ['a column with four letters', 'ABCD1'],
    ['three corners', 'A1:B2:C3'],
    ['a dangling colon', 'A1:'],
    ['an empty quoted sheet', "''!A1"],
    ['an unclosed quote', "'Q1 plan!A1"],
    ['an unquoted sheet name with a space', 'Q1 plan!A1'],
    ['a sheet with no cell', 'Sheet1!'],
    ['two areas', 'A1,B2'],
  ])('returns undefined for %s', (_what, text) => {
    expect(parseRange(text)).toBeUndefined();
  });
});

describe('columnLetters', () => {
  test.each([
    [1, 'A'],
    [26, 'Z'],
    [27, 'AA'],
    [52, 'AZ'],
    [53, 'BA'],
    [702, 'ZZ'],
    [703, 'AAA'],
    [16384, 'XFD'],
  ])('column %i is %s', (col, letters) => {
    expect(columnLetters(col)).toBe(letters);
  });
});

describe('quoteSheet', () => {
  test('leaves a plain name as it is', () => {
    expect(quoteSheet('Sheet1')).toBe('Sheet1');
    expect(quoteSheet('Costs_2025')).toBe('Costs_2025');
  });

  test('quotes a name with a space', () => {
    expect(quoteSheet('Q1 plan')).toBe("'Q1 plan'");
  });

  test('quotes a name with a quote and doubles the quote', () => {
    expect(quoteSheet("Bob's plan")).toBe("'Bob''s plan'");
  });

  test('quotes a name that looks like a cell', () => {
    expect(quoteSheet('A1')).toBe("'A1'");
    expect(quoteSheet('XFD100')).toBe("'XFD100'");
  });

  test('quotes a name that reads as an R1C1 reference', () => {
    expect(quoteSheet('R1C1')).toBe("'R1C1'");
    expect(quoteSheet('RC')).toBe("'RC'");
    expect(quoteSheet('R')).toBe("'R'");
    expect(quoteSheet('C')).toBe("'C'");
    expect(quoteSheet('R2D2')).toBe("'R2D2'");
  });

  test('leaves words that merely start with R or C unquoted', () => {
    expect(quoteSheet('Costs')).toBe('Costs');
    expect(quoteSheet('Revenue')).toBe('Revenue');
    expect(quoteSheet('RA')).toBe('RA');
  });

  test('quotes a name that starts with a digit', () => {
    expect(quoteSheet('2025')).toBe("'2025'");
  });

  test('quotes a name with a hyphen', () => {
    expect(quoteSheet('Plan-B')).toBe("'Plan-B'");
  });
});

describe('formatRange', () => {
  test('writes a range with its sheet', () => {
    expect(formatRange({ sheet: 'Sheet1', start: cell(2, 2), end: cell(7, 3) })).toBe('Sheet1!B2:C7');
  });

  test('writes a single cell without a colon', () => {
    expect(formatRange({ sheet: 'Sheet1', start: cell(4, 4), end: cell(4, 4) })).toBe('Sheet1!D4');
  });

  test('leaves the sheet out when asked', () => {
    expect(formatRange({ sheet: 'Sheet1', start: cell(2, 2), end: cell(7, 3) }, false)).toBe('B2:C7');
  });

  test('writes no sheet when the range names none', () => {
    expect(formatRange({ start: cell(1, 27), end: cell(3, 28) })).toBe('AA1:AB3');
  });

  test('quotes a sheet name that needs it', () => {
    expect(formatRange({ sheet: "Bob's plan", start: cell(1, 1), end: cell(1, 1) })).toBe("'Bob''s plan'!A1");
    expect(formatRange({ sheet: 'B2', start: cell(1, 1), end: cell(2, 1) })).toBe("'B2'!A1:A2");
  });

  test('drops the dollar signs of an absolute reference it read', () => {
    expect(formatRange(parseRange('Sheet1!$B$2:$B$9')!)).toBe('Sheet1!B2:B9');
  });

  test.each(['Sheet1!B2:C7', "'Q1 plan'!A1:A12", "'Bob''s plan'!XFD3", "'A1'!B2", 'AA10:AB20'])('reads back what it writes: %s', (text) => {
    expect(formatRange(parseRange(text)!)).toBe(text);
  });
});

describe('blockAt', () => {
  test('gives the block of the given size from the top-left of the range', () => {
    const r = parseRange('Sheet1!D5:F9')!;
    expect(blockAt(r, 10, 2)).toEqual({ sheet: 'Sheet1', start: cell(5, 4), end: cell(14, 5) });
    expect(formatRange(blockAt(r, 10, 2))).toBe('Sheet1!D5:E14');
  });

  test('gives the top-left cell for a 1 x 1 block', () => {
    expect(formatRange(blockAt(parseRange('C3:A1')!, 1, 1))).toBe('A1');
  });

  test('measures a range in rows and columns', () => {
    expect(rangeSize(parseRange('B2:D11')!)).toEqual({ rows: 10, cols: 3 });
  });
});
