// Google Sheets' side of the catalogue: Sheets passes blanks as "", dates as Date objects and
// ranges as 2-D arrays; a thrown Error shows #ERROR! with its message. No business rule here.
import { AnyFunctionSpec, CellValue, HostArg, MS_PER_DAY, Outcome, SERIAL_EPOCH_MS, SerialDate, SHEETS_PREFIX, errorText, isEmptyCell, isSheetError, serialFromParts } from '../core';

/** Turns a Date from Sheets into the serial date the spreadsheet shows. */
export type DateReader = (d: Date) => SerialDate;

const readers = new Map<string, DateReader>();
const MAX_ZONE_OFFSET_MS = 18 * 3_600_000;

/**
 * Sheets hands a date over as the instant of its wall-clock time in the spreadsheet's time
 * zone; the serial date is that wall-clock time, whatever zone the script runs in. Most dates
 * are midnights and the zone's offset rarely changes, so the last offset is tried first and
 * the time-zone database is asked only when that does not land on a midnight.
 */
export function dateReader(timeZone: string): DateReader {
  const known = readers.get(timeZone);
  if (known) return known;
  const wallClock = wallClockReader(timeZone);
  let offset = 0;
  const reader: DateReader = (d) => {
    const t = d.getTime();
    const local = t + offset - SERIAL_EPOCH_MS;
    if (local % MS_PER_DAY === 0) return local / MS_PER_DAY;
    const serial = wallClock(d);
    // Zone offsets lie within +-18 hours; anything else (a date the zone database cannot
    // place) must not become the guess for the next date.
    const seen = Math.round(serial * MS_PER_DAY + SERIAL_EPOCH_MS - t);
    if (Math.abs(seen) <= MAX_ZONE_OFFSET_MS) offset = seen;
    return serial;
  };
  readers.set(timeZone, reader);
  return reader;
}

function wallClockReader(timeZone: string): DateReader {
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
    return (d) => {
      const p: Record<string, number> = {};
      for (const part of fmt.formatToParts(d)) if (part.type !== 'literal') p[part.type] = Number(part.value);
      return serialFromParts(p.year, p.month, p.day, p.hour, p.minute, p.second, d.getUTCMilliseconds());
    };
  } catch {
    return (d) => serialFromParts(d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds());
  }
}

/**
 * The active spreadsheet's date reader, looked up at the first Date and then kept: reading the
 * time zone is a service call, and most calls carry no dates at all.
 */
export function spreadsheetDates(): () => DateReader {
  let reader: DateReader | undefined;
  return () => {
    if (!reader) {
      let zone = '';
      try {
        zone = SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone();
      } catch {
        zone = ''; // no active spreadsheet (a test run or a trigger without one)
      }
      reader = dateReader(zone || Session.getScriptTimeZone());
    }
    return reader;
  };
}

function isDate(x: unknown): x is Date {
  return typeof x === 'object' && x !== null && typeof (x as Date).getTime === 'function' && !Array.isArray(x);
}

function cellFromSheets(x: unknown, dates: () => DateReader): CellValue {
  if (isEmptyCell(x)) return null;
  if (typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean') return x;
  if (isDate(x)) {
    const t = x.getTime();
    return Number.isFinite(t) ? dates()(x) : '';
  }
  return String(x);
}

/** True when Sheets' cell needs no translation: a number, TRUE/FALSE or non-empty text. */
function isPlainCell(c: unknown): boolean {
  const t = typeof c;
  return t === 'number' || t === 'boolean' || (t === 'string' && c !== '');
}

export function argFromSheets(x: unknown, dates: () => DateReader): HostArg {
  if (x === undefined) return undefined; // argument left out
  if (!Array.isArray(x)) return cellFromSheets(x, dates);
  // Rows of plain cells, the usual case, are passed on as they are; only rows holding a blank
  // ("") or a Date are copied.
  let out: CellValue[][] | undefined;
  for (let r = 0; r < x.length; r++) {
    const row = x[r];
    let plain = Array.isArray(row);
    if (plain) for (let c = 0; c < row.length; c++) if (!isPlainCell(row[c])) { plain = false; break; }
    if (plain && !out) continue;
    out ??= x.slice(0, r) as CellValue[][];
    out.push(plain ? (row as CellValue[]) : Array.isArray(row) ? row.map((c) => cellFromSheets(c, dates)) : [cellFromSheets(row, dates)]);
  }
  return out ?? (x as CellValue[][]);
}

/** What Sheets receives: a number, a 2-D array (errors inside as their code text), or a thrown Error. */
export function toSheets(spec: AnyFunctionSpec, outcome: Outcome): number | Array<Array<string | number | boolean>> {
  if (isSheetError(outcome)) throw new Error(errorText(SHEETS_PREFIX + spec.name, spec.name, outcome));
  if (typeof outcome === 'number') return outcome;
  return outcome.map((row) => row.map((cell) => (isSheetError(cell) ? cell.code : cell === null ? '' : cell)));
}
