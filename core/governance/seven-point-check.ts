// The minimum-viable-governance seven-point check: a request takes the light, flow-level
// approval path only when every point holds; otherwise it is escalated to portfolio steering,
// naming the points that do not hold.
import { CellValue, Range, cellPosition, isBlank } from '../values/cells';
import { Result, isSheetError, sheetError } from '../values/errors';
import { clip, yesNoCell } from '../values/coerce';

/** The seven points in their usual order; the DMO may rename or replace them. */
export const SEVEN_POINTS: readonly string[] = ['Sponsor', 'Financing', 'Resources', 'Architecture', 'Security', 'Vendors', 'Processes'];

export const FLOW_APPROVAL = 'Flow approval';
export const ESCALATE_PREFIX = 'Escalate: ';

/** The outcome for one initiative, given the points that do not hold (in column order). */
export function checkOutcome(missing: readonly string[]): string {
  return missing.length === 0 ? FLOW_APPROVAL : `${ESCALATE_PREFIX}${missing.join(', ')}`;
}

function cellsOf(range: Range): CellValue[] {
  const out: CellValue[] = [];
  for (const row of range) for (const cell of row) out.push(cell);
  return out;
}

/** Names of the points: the given labels (a row or column, one per statuses column), or the seven. */
export function readLabels(labels: Range, points: number, arg: string, statusesArg = 'statuses'): Result<string[]> {
  const cells = cellsOf(labels);
  if (cells.every(isBlank)) {
    if (points === SEVEN_POINTS.length) return SEVEN_POINTS.slice();
    return sheetError(
      '#VALUE!',
      `${statusesArg} has ${points} column${points === 1 ? '' : 's'} but the seven-point check has ${SEVEN_POINTS.length} points (${SEVEN_POINTS.join(', ')}); give labels naming your own points`,
    );
  }
  const wide = labels.reduce((m, row) => Math.max(m, row.length), 0);
  if (labels.length > 1 && wide > 1) return sheetError('#VALUE!', `${arg} must be a single row or column of names, not ${labels.length} rows × ${wide} columns`);
  if (cells.length !== points) {
    return sheetError('#VALUE!', `${arg} has ${cells.length} name${cells.length === 1 ? '' : 's'} but ${statusesArg} has ${points} column${points === 1 ? '' : 's'}, one per point`);
  }
  const out: string[] = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    const where = `${arg}: ${cellPosition(labels, i)}`;
    if (isSheetError(cell)) return sheetError(cell.code, `${where} holds ${cell.code}${cell.message ? ` (${cell.message})` : ''}`);
    if (isBlank(cell)) return sheetError('#VALUE!', `${where} is blank; every point needs a name`);
    if (typeof cell === 'boolean') return sheetError('#VALUE!', `${where} holds ${cell ? 'TRUE' : 'FALSE'}; a name is needed`);
    if (typeof cell === 'number') {
      if (!Number.isFinite(cell)) return sheetError('#VALUE!', `${where} is not a finite number; a name is needed`);
      const rounded = Number(cell.toPrecision(15)); // 0.30000000000000004 reads 0.3; near the largest double, rounding up would overflow
      out.push(String(Number.isFinite(rounded) ? rounded : cell));
    } else out.push((cell as string).trim());
  }
  return out;
}

/** Where a cell of a rectangular range sits, as cellPosition words it, in constant time. */
function gridPosition(rows: number, cols: number, r: number, c: number): string {
  if (cols === 1) return `row ${r + 1}`;
  return rows === 1 ? `column ${c + 1}` : `row ${r + 1}, column ${c + 1}`;
}

/** One initiative's answers: the outcome text, or the error of the first cell that is no answer. */
function checkRow(statuses: Range, r: number, labels: readonly string[], arg: string): CellValue {
  const row = statuses[r];
  const missing: string[] = [];
  let answered = false;
  for (let c = 0; c < row.length; c++) {
    const cell = row[c];
    const where = (): string => `${arg}: ${gridPosition(statuses.length, row.length, r, c)} (${labels[c]})`;
    if (isSheetError(cell)) return sheetError(cell.code, `${where()} holds ${cell.code}${cell.message ? ` (${cell.message})` : ''}`);
    const holds = yesNoCell(cell);
    if (holds === undefined) {
      const what = typeof cell === 'string' ? `the text "${clip(cell)}"` : typeof cell === 'number' && Number.isFinite(cell) ? String(cell) : 'a value that is no answer';
      return sheetError('#VALUE!', `${where()} holds ${what}; answer yes or no (TRUE/FALSE, 1/0, x or blank)`);
    }
    if (holds !== null) answered = true;
    if (holds !== true) missing.push(labels[c]);
  }
  if (!answered) return sheetError('#N/A', `${arg}: ${statuses.length === 1 ? 'the row' : `row ${r + 1}`} has no answers`);
  return checkOutcome(missing);
}

/** The check for every row of statuses, as a column of outcomes (a row's own error in its cell). */
export function sevenPointCheck(statuses: Range, labels: Range, statusesArg = 'statuses', labelsArg = 'labels'): Result<CellValue[][]> {
  const rows = statuses.length;
  const points = rows ? statuses[0].length : 0;
  if (rows === 0 || points === 0) return sheetError('#VALUE!', `${statusesArg} is empty; give one row per initiative and one column per point`);
  if (statuses.some((row) => row.length !== points)) return sheetError('#VALUE!', `${statusesArg}: its rows have different lengths; give one column per point`);
  const names = readLabels(labels, points, labelsArg, statusesArg);
  if (isSheetError(names)) return names;
  const out: CellValue[][] = new Array(rows);
  for (let r = 0; r < rows; r++) out[r] = [checkRow(statuses, r, names, statusesArg)];
  return out;
}
