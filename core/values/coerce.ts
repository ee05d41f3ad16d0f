// One place where cell values become numbers. Each function names the argument it reads so
// that every error says which input and which cell is wrong.
import { CellValue, Range, cellPosition, isEmptyCell } from './cells';
import { Result, SheetError, isSheetError, sheetError } from './errors';

/** Parses text the way a person types a number: "12", "-3.5", "1e3", "10%". */
export function parseNumberText(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const percent = t.endsWith('%');
  const body = percent ? t.slice(0, -1).trim() : t;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(body)) return undefined;
  const n = Number(body) / (percent ? 100 : 1);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * A cell read as a number: a number as it is, or a number typed as text ("12", "1e3", "10%").
 * undefined for anything else: blank, TRUE/FALSE, other text, an error cell. A number cell comes
 * back even when it is not finite (a host never sends one, a caller in code may), for the caller
 * to name with #NUM!.
 */
export function cellNumber(cell: CellValue | undefined): number | undefined {
  return typeof cell === 'number' ? cell : typeof cell === 'string' ? parseNumberText(cell) : undefined;
}

function notFinite(arg: string, where: string): SheetError {
  return sheetError('#NUM!', `${arg}: ${where} is not a finite number`);
}

/**
 * A single-value argument (a rate, a guess). Numbers pass, TRUE/FALSE count 1/0, numeric text
 * is read as a number, a blank counts 0 (as a reference to an empty cell does in Excel).
 */
export function scalarNumber(value: CellValue, arg: string): Result<number> {
  if (isSheetError(value)) return value;
  if (value === null) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? value : notFinite(arg, 'the value');
  const n = parseNumberText(value);
  return n === undefined ? sheetError('#VALUE!', `${arg} must be a number, not the text "${clip(value)}"`) : n;
}

/** An optional single number: blank or omitted gives the default. */
export function optionalNumber(value: CellValue, arg: string, fallback: number): Result<number> {
  return isEmptyCell(value) ? fallback : scalarNumber(value, arg);
}

/** An optional TRUE/FALSE switch; accepts TRUE/FALSE, 1/0 and the words true/false/yes/no. */
export function optionalBoolean(value: CellValue, arg: string, fallback: boolean): Result<boolean> {
  if (isSheetError(value)) return value;
  if (isEmptyCell(value)) return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value !== 0 : notFinite(arg, 'the value');
  const t = value.trim().toLowerCase();
  if (t === 'true' || t === 'yes') return true;
  if (t === 'false' || t === 'no') return false;
  return sheetError('#VALUE!', `${arg} must be TRUE or FALSE, not the text "${clip(value)}"`);
}

/**
 * Numbers of a range, row by row, skipping text, TRUE/FALSE and blanks as Excel's NPV, IRR and
 * MIRR do. An error cell in the range is the result.
 */
export function numbersSkippingOthers(range: Range, arg: string): Result<number[]> {
  let size = 0;
  for (let r = 0; r < range.length; r++) size += range[r].length;
  const out: number[] = new Array(size);
  let count = 0;
  let index = 0;
  for (let r = 0; r < range.length; r++) {
    const row = range[r];
    for (let c = 0; c < row.length; c++, index++) {
      const cell = row[c];
      if (typeof cell === 'number') {
        if (!Number.isFinite(cell)) return notFinite(arg, cellPosition(range, index));
        out[count++] = cell;
      } else if (isSheetError(cell)) {
        return sheetError(cell.code, `${arg}: ${cellPosition(range, index)} holds ${cell.code}${cell.message ? ` (${cell.message})` : ''}`);
      }
    }
  }
  out.length = count;
  return out;
}

/**
 * Cash flows by period, for this project's own functions (PAYBACK, ROI ...): a blank is a period
 * with no cash, so later periods keep their place; text or TRUE/FALSE is a mistake to point at.
 */
export function periodFlows(range: Range, arg: string): Result<number[]> {
  const out: number[] = [];
  let index = 0;
  for (const row of range) {
    for (const cell of row) {
      const n = cellAsNumber(cell, range, index, arg, 0);
      if (typeof n !== 'number') return n;
      out.push(n);
      index++;
    }
  }
  return out;
}

/** A cell that must hold a number; `blank` is what an empty cell counts as (undefined: an error). */
function cellAsNumber(cell: CellValue, range: Range, index: number, arg: string, blank: number | undefined): Result<number> {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : notFinite(arg, cellPosition(range, index));
  if (isSheetError(cell)) return sheetError(cell.code, `${arg}: ${cellPosition(range, index)} holds ${cell.code}`);
  if (cell === null && blank !== undefined) return blank;
  const what = cell === null ? 'is blank' : typeof cell === 'boolean' ? `holds ${cell ? 'TRUE' : 'FALSE'}` : `holds the text "${clip(cell)}"`;
  return sheetError('#VALUE!', `${arg}: ${cellPosition(range, index)} ${what}; a number is needed`);
}

/**
 * Values and dates side by side (XNPV, XIRR, XPAYBACK): both must be numbers, in ranges of the
 * same size. Positions where both cells are blank are left out, so a range may run past the data.
 */
export function datedFlows(values: Range, dates: Range, fn: string): Result<{ values: number[]; dates: number[] }> {
  const v = cellsOf(values);
  const d = cellsOf(dates);
  if (v.length !== d.length) {
    return sheetError('#NUM!', `${fn}: values has ${v.length} cells but dates has ${d.length}; they must match one to one`);
  }
  const out = { values: [] as number[], dates: [] as number[] };
  for (let i = 0; i < v.length; i++) {
    if (v[i] === null && d[i] === null) continue;
    const value = cellAsNumber(v[i], values, i, 'values', undefined);
    if (typeof value !== 'number') return value;
    const date = cellAsNumber(d[i], dates, i, 'dates', undefined);
    if (typeof date !== 'number') return date;
    out.values.push(value);
    out.dates.push(date);
  }
  return out;
}

/** The cells of a range row by row (a plain loop: Array.prototype.flat is slow in V8). */
function cellsOf(range: Range): CellValue[] {
  const out: CellValue[] = [];
  for (const row of range) for (const cell of row) out.push(cell);
  return out;
}

export function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// ---------------------------------------------------------------------------------------------
// Yes/no answers (governance checklists, "running" flags).

const YES_WORDS: ReadonlySet<string> = new Set(['yes', 'y', 'x', 'ok', 'true', '1']);
const NO_WORDS: ReadonlySet<string> = new Set(['no', 'n', 'false', '0']);

/**
 * A yes/no answer in a cell: TRUE, 1 and the words yes/y/x/ok/true (any case, spaces trimmed)
 * are yes; FALSE, 0 and no/n/false are no. null for a blank cell (or text of spaces only);
 * undefined for anything else (other numbers, other text, error cells), for the caller to name.
 */
export function yesNoCell(cell: CellValue): boolean | null | undefined {
  if (cell === null) return null;
  if (typeof cell === 'boolean') return cell;
  if (typeof cell === 'number') return cell === 1 ? true : cell === 0 ? false : undefined;
  if (typeof cell !== 'string') return undefined;
  const t = cell.trim().toLowerCase();
  if (t === '') return null;
  return YES_WORDS.has(t) ? true : NO_WORDS.has(t) ? false : undefined;
}
