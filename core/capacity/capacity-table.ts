// The user's capacity table (the `Capacity` sheet), read from A1: a header row whose first cell
// is "Role" followed by one period per column, one row per role with its headcount (or FTE) in
// each period, and a row "Budget" with the budget of each period. Every problem names its cell.
import { CellValue, MAX_SERIAL_DATE, MS_PER_DAY, SERIAL_EPOCH_MS, cellText, isBlank } from '../values/cells';
import { isSheetError } from '../values/errors';
import { cellNumber, clip } from '../values/coerce';
import { columnLetters, quoteSheet } from '../values/a1';
import { normaliseHeader } from '../demand/header-mapping';

export interface CapacityTable {
  /** Role names as typed (spaces around them trimmed), top to bottom. */
  readonly roles: readonly string[];
  /** Period labels as the sheet shows them, left to right. */
  readonly periods: readonly string[];
  /** The header cells of the periods as read (numbers for dates), to match a start date against. */
  readonly periodCells: readonly CellValue[];
  /** True when every period header is a date: starts given as dates fall into the period they are in. */
  readonly datedPeriods: boolean;
  /** With dated periods: the serial date the last period ends (exclusive), Infinity when unknown (a single period). */
  readonly datedEnd: number;
  /** People (or FTE) per role (rows) and period (columns), before availability. */
  readonly headcount: readonly (readonly number[])[];
  /** Budget per period. */
  readonly budget: readonly number[];
  /** 1-based sheet row of each role and of the budget row, for messages. */
  readonly roleRows: readonly number[];
  readonly budgetRow: number;
  /** Things the user should know that did not stop the reading. */
  readonly notes: readonly string[];
}

/** How to lay the sheet out, for messages. */
export function capacityLayoutHelp(sheet: string): string {
  return (
    `Lay out the "${sheet}" sheet from A1: a header row with "Role" in column A and one period per column after it ` +
    `(e.g. 2027-01, 2027-02 … or Q1 2027, Q2 2027 …); below it one row per role (e.g. "Developer") with the headcount in each period, ` +
    `and a row "Budget" with the budget of each period.`
  );
}

const ROLE_HEADERS = new Set(['role', 'roles', 'team', 'teams', 'resource', 'resources', 'skill', 'skills', 'role team', 'team role', 'role period']);
const TOTAL_ROWS = new Set(['total', 'totals', 'sum', 'total headcount', 'total fte']);

/**
 * Numbers in the date range of a spreadsheet (1954-10-03 to 9999-12-31, whole days) in a
 * header row are dates: Excel turns a typed "2027-01" into the 1st of January 2027. Smaller
 * numbers (period numbers 1, 2, 3 or years such as 2027) stay numbers.
 */
export const FIRST_DATE_SERIAL = 20000;
export function isDateSerial(c: CellValue | undefined): c is number {
  return typeof c === 'number' && Number.isInteger(c) && c >= FIRST_DATE_SERIAL && c <= MAX_SERIAL_DATE;
}

/** A date serial as a period label: 2027-01 for the first of a month, else 2027-01-15. */
export function dateLabel(serial: number): string {
  const d = new Date(SERIAL_EPOCH_MS + serial * MS_PER_DAY);
  const pad = (n: number) => String(n).padStart(2, '0');
  const ym = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
  return d.getUTCDate() === 1 ? ym : `${ym}-${pad(d.getUTCDate())}`;
}

/**
 * A period header cell (or any label cell) as a name: a date as 2027-03 (or 2027-03-15), text
 * trimmed, a number with its digits, TRUE/FALSE; '' for a blank or an error cell.
 */
export function periodName(cell: CellValue): string {
  if (isDateSerial(cell)) return dateLabel(cell);
  if (cell === null || isSheetError(cell)) return '';
  return cellText(cell).trim();
}

/**
 * Reads the capacity table. The header row is the first row whose column A says "Role" (or
 * Team, Resource, Skill); rows above it (a title) are ignored. The periods run from column B to
 * the last headed column before a blank header. The table ends at the first empty row. A row
 * named Total or Sum (a user's own totals) is skipped; a blank headcount or budget counts 0.
 */
export function readCapacityGrid(grid: readonly (readonly CellValue[])[], sheet: string): CapacityTable | { readonly problem: string } {
  const at = (r: number, c: number): CellValue => grid[r]?.[c] ?? null;
  const name = (r: number, c: number) => `${quoteSheet(sheet)}!${columnLetters(c + 1)}${r + 1}`;
  const help = capacityLayoutHelp(sheet);

  const top = grid.findIndex((row) => ROLE_HEADERS.has(normaliseHeader(row[0] ?? null)));
  if (top < 0) return { problem: `The "${sheet}" sheet has no header row starting with "Role". ${help}` };

  const periodCells: CellValue[] = [];
  for (let c = 1; !isBlank(at(top, c)); c++) {
    const cell = at(top, c);
    if (isSheetError(cell)) return { problem: `${name(top, c)} holds ${cell.code}: a period header must be a label such as 2027-01 or Q1 2027.` };
    periodCells.push(cell);
  }
  if (periodCells.length === 0) return { problem: `The "${sheet}" sheet's header row has no periods after "${periodName(at(top, 0))}". ${help}` };
  const periods = periodCells.map(periodName);
  const seen = new Map<string, number>();
  for (let t = 0; t < periods.length; t++) {
    const key = periods[t].toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) return { problem: `${name(top, t + 1)}: the period "${periods[t]}" appears twice in the header row (also in ${name(top, first + 1)}); give each period its own label.` };
    seen.set(key, t);
  }
  const notes: string[] = [];
  const beyond: number[] = [];
  for (let c = periods.length + 2; c < (grid[top]?.length ?? 0); c++) if (!isBlank(at(top, c))) beyond.push(c);
  if (beyond.length > 0) notes.push(`${name(top, beyond[0])} and the headers after it are ignored: the periods end at the first blank header (${name(top, periods.length + 1)}).`);

  const roles: string[] = [];
  const roleRows: number[] = [];
  const headcount: number[][] = [];
  let budget: number[] | undefined;
  let budgetRow = 0;
  const problems: string[] = [];
  const readRow = (r: number, what: string, blankNote: (t: number) => void): number[] =>
    periods.map((period, t) => {
      const cell = at(r, t + 1);
      const where = name(r, t + 1);
      if (isBlank(cell)) {
        blankNote(t);
        return 0;
      }
      if (isSheetError(cell)) {
        problems.push(`${where} holds ${cell.code}: ${what} in ${period} must be a number.`);
        return 0;
      }
      const n = cellNumber(cell);
      if (n === undefined || !Number.isFinite(n)) {
        problems.push(`${where}: ${what} in ${period} must be a number, not "${clip(String(cell))}".`);
        return 0;
      }
      if (n < 0) {
        problems.push(`${where}: ${what} in ${period} cannot be negative (${n}).`);
        return 0;
      }
      return n;
    });

  for (let r = top + 1; r < grid.length; r++) {
    const row = grid[r] ?? [];
    if (row.every(isBlank)) break;
    const label = at(r, 0);
    if (isBlank(label)) {
      problems.push(`${name(r, 0)}: this row has figures but no role name; name the role (or "Budget") in column A.`);
      continue;
    }
    if (isSheetError(label)) {
      problems.push(`${name(r, 0)} holds ${label.code}: name the role (or "Budget") in column A.`);
      continue;
    }
    const text = periodName(label);
    const key = normaliseHeader(text);
    if (TOTAL_ROWS.has(key)) continue;
    if (key === 'budget' || key.startsWith('budget ')) {
      if (budget) {
        problems.push(`${name(r, 0)}: a second "Budget" row (the first is row ${budgetRow}); keep one.`);
        continue;
      }
      const blanks: string[] = [];
      budget = readRow(r, 'the budget', (t) => blanks.push(periods[t]));
      budgetRow = r + 1;
      if (blanks.length > 0) notes.push(`The budget is blank in ${blanks.join(', ')} (${quoteSheet(sheet)} row ${r + 1}): counted as 0, so nothing that costs money runs then.`);
      continue;
    }
    const dup = roles.findIndex((x) => normaliseHeader(x) === key);
    if (dup >= 0) {
      problems.push(`${name(r, 0)}: the role "${text}" appears twice (also in row ${roleRows[dup]}); keep one row per role.`);
      continue;
    }
    roles.push(text);
    roleRows.push(r + 1);
    headcount.push(readRow(r, `the headcount of ${text}`, () => undefined));
  }
  if (problems.length > 0) return { problem: joinProblems(problems) };
  if (roles.length === 0) return { problem: `The "${sheet}" sheet lists no roles under its header row. ${help}` };
  if (!budget) return { problem: `The "${sheet}" sheet has no "Budget" row: add a row named Budget under the roles with the budget of each period (${periods[0]} …).` };
  return {
    roles,
    periods,
    periodCells,
    datedPeriods: periodCells.every(isDateSerial),
    datedEnd: periodCells.every(isDateSerial) ? endOfDates(periodCells as number[]) : Infinity,
    headcount,
    budget,
    roleRows,
    budgetRow,
    notes,
  };
}

/**
 * Where dated periods end: periods starting on the 1st of a month run to the same day as many
 * months on as the last two are apart (months, quarters); others last as long as the gap
 * between the last two. Infinity for a single period (its length is unknown). Plan capacity's
 * datedEnd and ROADMAP's dated start cells both end the horizon here.
 */
export function endOfDates(dates: readonly number[]): number {
  const n = dates.length;
  if (n < 2) return Infinity;
  const day = (s: number) => new Date(SERIAL_EPOCH_MS + s * MS_PER_DAY);
  const [a, b] = [day(dates[n - 2]), day(dates[n - 1])];
  if (dates.every((s) => day(s).getUTCDate() === 1)) {
    const step = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
    const end = Date.UTC(b.getUTCFullYear(), b.getUTCMonth() + step, 1);
    return (end - SERIAL_EPOCH_MS) / MS_PER_DAY;
  }
  return dates[n - 1] + (dates[n - 1] - dates[n - 2]);
}

/** Several problems as one message: the first five, then how many more. */
export function joinProblems(problems: readonly string[], shown = 5): string {
  const head = problems.slice(0, shown).join(' ');
  return problems.length > shown ? `${head} (and ${problems.length - shown} more like these)` : head;
}
