import type { SheetError } from './errors';

/**
 * A cell value as the core sees it, after the host adapter normalised it once:
 * blanks are null, dates are serial numbers, error cells are SheetErrors.
 */
export type CellValue = number | string | boolean | null | SheetError;

/** A rectangular block of cells, rows first, as both hosts pass ranges. */
export type Range = CellValue[][];

/** Days since 1899-12-30, the epoch both Excel and Sheets display dates from; time is the fraction. */
export type SerialDate = number;

/** Milliseconds at 1899-12-30T00:00Z: serial date 0. */
export const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);
export const MS_PER_DAY = 86_400_000;

/** The serial date of a wall-clock date and time (year, month 1-12, day ...). */
export function serialFromParts(year: number, month: number, day: number, h = 0, m = 0, s = 0, ms = 0): SerialDate {
  return (Date.UTC(year, month - 1, day, h, m, s, ms) - SERIAL_EPOCH_MS) / MS_PER_DAY;
}

/** Excel's last valid date, 9999-12-31. */
export const MAX_SERIAL_DATE: SerialDate = 2958465;

/** Cell position inside a range, 1-based, for messages ("row 3, column 1"). */
export function cellPosition(range: Range, flatIndex: number): string {
  const width = range[0]?.length ?? 1;
  const row = Math.floor(flatIndex / width) + 1;
  const col = (flatIndex % width) + 1;
  return width === 1 ? `row ${row}` : range.length === 1 ? `column ${col}` : `row ${row}, column ${col}`;
}
