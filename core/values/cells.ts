import { SheetError, isSheetError } from './errors';

/**
 * A cell value as the core sees it, after the host adapter normalised it once:
 * blanks are null, dates are serial numbers, error cells are SheetErrors.
 */
export type CellValue = number | string | boolean | null | SheetError;

/** A rectangular block of cells, rows first, as both hosts pass ranges. */
export type Range = CellValue[][];

// ---------------------------------------------------------------------------------------------
// What a cell holds. Two meanings of "nothing" are in use, on purpose:
//  - isBlank: nothing a person typed. Text of spaces only counts as blank, as does a cell past
//    the end of a ragged row (undefined). For reading tables, labels and settings.
//  - isEmptyCell: nothing at all, exactly as a host passes an empty cell (null in Excel, '' in
//    Sheets). Spaces are content: a cell holding them is not overwritten ("Nothing lost"), and
//    the functions that follow Excel (SCORE, WSJF, the finance arguments) read them as text.
// Neither counts FALSE, 0 or an error cell as blank.

/** Blank as a person reads it: null, undefined (past the end of a row) or text of spaces only. */
export function isBlank(cell: CellValue | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** Empty as a host passes it: null, undefined or '' (text of spaces is not empty). Takes any value, for the host boundary too. */
export function isEmptyCell(x: unknown): x is null | undefined | '' {
  return x === null || x === undefined || x === '';
}

/**
 * A blank (isBlank), or 0: Excel desktop passes the empty cells of a range argument as 0, which
 * cannot be told from a typed 0, so where a 0 can mean nothing (a trailing row, "no start") it
 * counts as blank.
 */
export function isBlankOrZero(cell: CellValue | undefined): boolean {
  return cell === 0 || isBlank(cell);
}

/**
 * A cell as the text a sheet shows for it: '' for a blank, a number with its digits, TRUE or
 * FALSE, an error cell's code; text as typed (not trimmed).
 */
export function cellText(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (isSheetError(cell)) return cell.code;
  return cell;
}

/** Days since 1899-12-30, the epoch both Excel and Sheets display dates from; time is the fraction. */
export type SerialDate = number;

/** Milliseconds at 1899-12-30T00:00Z: serial date 0. */
export const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);
export const MS_PER_DAY = 86_400_000;

/** The serial date of a wall-clock date and time (year, month 1-12, day ...). */
export function serialFromParts(year: number, month: number, day: number, h = 0, m = 0, s = 0, ms = 0): SerialDate {
  // Date.UTC reads years 0-99 as 1900-1999; setUTCFullYear takes the year as given.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(h, m, s, ms);
  return (d.getTime() - SERIAL_EPOCH_MS) / MS_PER_DAY;
}

/** Excel's last valid date, 9999-12-31. */
export const MAX_SERIAL_DATE: SerialDate = 2958465;

/**
 * Where the flatIndex-th cell of a range (row by row) sits, 1-based, for messages: "row 3" in a
 * column, "column 2" in a row, "row 3, column 2" otherwise. Rows are walked one by one, so a
 * ragged range (or one whose first row is empty) is placed right too.
 */
export function cellPosition(range: Range, flatIndex: number): string {
  let i = flatIndex;
  for (let r = 0; r < range.length; r++) {
    if (i < range[r].length) {
      if (range.every((row) => row.length <= 1)) return `row ${r + 1}`;
      return range.length === 1 ? `column ${i + 1}` : `row ${r + 1}, column ${i + 1}`;
    }
    i -= range[r].length;
  }
  return `cell ${flatIndex + 1}`;
}
