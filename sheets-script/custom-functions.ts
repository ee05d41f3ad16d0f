// Google Sheets' side of the catalogue: Sheets passes blanks as "", dates as Date objects and
// ranges as 2-D arrays; a thrown Error shows #ERROR! with its message. No business rule here.
import { AnyFunctionSpec, CellValue, HostArg, Outcome, SerialDate, SHEETS_PREFIX, errorText, isSheetError, serialFromParts } from '../core';

/** Turns a Date from Sheets into the serial date the spreadsheet shows. */
export type DateReader = (d: Date) => SerialDate;

const readers = new Map<string, DateReader>();

/**
 * Sheets hands a date over as the instant of its wall-clock time in the spreadsheet's time
 * zone; the serial date is that wall-clock time, whatever zone the script runs in.
 */
export function dateReader(timeZone: string): DateReader {
  const known = readers.get(timeZone);
  if (known) return known;
  let reader: DateReader;
  try {
    const fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    reader = (d) => {
      const p: Record<string, number> = {};
      for (const part of fmt.formatToParts(d)) if (part.type !== 'literal') p[part.type] = Number(part.value);
      return serialFromParts(p.year, p.month, p.day, p.hour, p.minute, p.second, d.getUTCMilliseconds());
    };
  } catch {
    reader = (d) => serialFromParts(d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds());
  }
  readers.set(timeZone, reader);
  return reader;
}

function isDate(x: unknown): x is Date {
  return typeof x === 'object' && x !== null && typeof (x as Date).getTime === 'function' && !Array.isArray(x);
}

function cellFromSheets(x: unknown, dates: () => DateReader): CellValue {
  if (x === '' || x === null || x === undefined) return null;
  if (typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean') return x;
  if (isDate(x)) {
    const t = x.getTime();
    return Number.isFinite(t) ? dates()(x) : '';
  }
  return String(x);
}

export function argFromSheets(x: unknown, dates: () => DateReader): HostArg {
  if (x === undefined) return undefined; // argument left out
  if (Array.isArray(x)) return x.map((row) => (Array.isArray(row) ? row.map((c) => cellFromSheets(c, dates)) : [cellFromSheets(row, dates)]));
  return cellFromSheets(x, dates);
}

/** What Sheets receives: a number, a 2-D array (errors inside as their code text), or a thrown Error. */
export function toSheets(spec: AnyFunctionSpec, outcome: Outcome): number | Array<Array<string | number | boolean>> {
  if (isSheetError(outcome)) throw new Error(errorText(SHEETS_PREFIX + spec.name, spec.name, outcome));
  if (typeof outcome === 'number') return outcome;
  return outcome.map((row) => row.map((cell) => (isSheetError(cell) ? cell.code : cell === null ? '' : cell)));
}
