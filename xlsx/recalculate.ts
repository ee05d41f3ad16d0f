// Computes the add-in's formulas inside an in-memory workbook, so a file the command line writes
// opens with their values (Excel shows cached values before the add-in loads; other
// applications show them for good) and the browser workbench shows live results.
//
// Every cell whose formula calls a catalogue function is evaluated by core/formulas/evaluate.ts;
// a table result spills down and right from its cell as in Excel and Sheets, recorded as the
// sheet's spill (written to .xlsx as a dynamic array). A formula that reads cells another one
// spills into is computed after it: before a range is read, every add-in formula above and to
// the left of its far corner is evaluated first (a cheap over-approximation of "may spill into
// it"; formulas that read each other in a circle keep their cached value). Other formulas (SUM,
// NPV ...) are not ours: their cached values stay.
//
// Decisions:
// - A spill that would cover a filled cell is not written: the formula's cell gets #REF! naming
//   the cell in the way (Sheets' answer; Excel shows #SPILL!, which a file cannot cache as such).
// - Values cached by an earlier run in the spill area are cleared first, so a shorter result
//   leaves no stale numbers below it.
import { CellValue, isEmptyCell } from '../core/values/cells';
import { isSheetError, sheetError } from '../core/values/errors';
import { columnLetters } from '../core/values/a1';
import { callsCatalogue, evaluateFormula, SheetRange } from '../core/formulas/evaluate';
import type { MemorySheet, MemoryWorkbook } from './memory-workbook';

export interface RecalcReport {
  /** Add-in formulas computed. */
  readonly evaluated: number;
  /** Of those, how many ended in an error value (their cell shows why). */
  readonly errors: number;
  /** Add-in formulas this evaluator cannot compute (mixed with operators, say): their cached value stays. */
  readonly unsupported: number;
}

/** The most cells one reference may read (a whole column of 1,048,576 rows fits several times). */
export const MAX_READ_CELLS = 5_000_000;

type State = 'pending' | 'running' | 'done';

interface Anchor {
  readonly sheet: MemorySheet;
  readonly row: number;
  readonly col: number;
  state: State;
}

export async function recalculate(book: MemoryWorkbook): Promise<RecalcReport> {
  const anchors: Anchor[] = [];
  for (const sheet of book.sheets) {
    sheet.forEachCell((row, col, cell) => {
      if (cell.formula !== '' && callsCatalogue(cell.formula)) anchors.push({ sheet, row, col, state: 'pending' });
    });
  }
  // Stale spill values go first, so they neither block a spill nor feed a formula.
  for (const a of anchors) {
    const old = a.sheet.spillAt(a.row, a.col);
    if (!old) continue;
    for (let r = 0; r < old.rows; r++) {
      for (let c = 0; c < old.cols; c++) {
        if ((r > 0 || c > 0) && a.sheet.cell(a.row + r, a.col + c).formula === '') a.sheet.setCell(a.row + r, a.col + c, { value: null });
      }
    }
    a.sheet.clearSpill(a.row, a.col);
  }
  // Per sheet in cell order (row by row), with how many at its start are done: a read looks only
  // from the first unfinished anchor down to its last row, so one formula per row stays linear.
  const bySheet = new Map<MemorySheet, { anchors: Anchor[]; done: number }>();
  for (const a of anchors) {
    const entry = bySheet.get(a.sheet);
    if (entry) entry.anchors.push(a);
    else bySheet.set(a.sheet, { anchors: [a], done: 0 });
  }

  let evaluated = 0;
  let errors = 0;
  let unsupported = 0;

  const readRange = async (ref: SheetRange): Promise<CellValue[][]> => {
    const sheet = book.sheet(ref.sheet);
    if (!sheet) return [[sheetError('#REF!', `the workbook has no sheet "${ref.sheet}"`)]];
    // A whole-sheet reference (A1:XFD1048576 is 17 billion cells) would hang or exhaust memory
    // before the function could answer: beyond MAX_READ_CELLS the read is an error value instead.
    const area = (ref.end.row - ref.start.row + 1) * (ref.end.col - ref.start.col + 1);
    if (area > MAX_READ_CELLS) return [[sheetError('#NUM!', `the range ${columnLetters(ref.start.col)}${ref.start.row}:${columnLetters(ref.end.col)}${ref.end.row} holds ${area} cells, more than the ${MAX_READ_CELLS} this workbook computes`)]];
    const entry = bySheet.get(sheet);
    if (entry) {
      const list = entry.anchors;
      while (entry.done < list.length && list[entry.done].state === 'done') entry.done++;
      for (let k = entry.done; k < list.length && list[k].row <= ref.end.row; k++) {
        if (list[k].state === 'pending' && list[k].col <= ref.end.col) await evaluate(list[k]);
      }
    }
    const rows: CellValue[][] = [];
    for (let r = ref.start.row; r <= ref.end.row; r++) {
      const row: CellValue[] = [];
      for (let c = ref.start.col; c <= ref.end.col; c++) row.push(sheet.cell(r, c).value);
      rows.push(row);
    }
    return rows;
  };
  const name = (n: string): SheetRange | undefined => {
    const ref = book.nameRange(n);
    return ref && ref.sheet !== undefined ? (ref as SheetRange) : undefined;
  };

  async function evaluate(a: Anchor): Promise<void> {
    a.state = 'running';
    const cell = a.sheet.cell(a.row, a.col);
    const result = await evaluateFormula(cell.formula, { sheet: a.sheet.name, readRange, name });
    a.state = 'done';
    if (result.kind === 'unsupported') {
      unsupported += 1;
      return;
    }
    evaluated += 1;
    if (result.kind === 'value') {
      a.sheet.setCell(a.row, a.col, { value: result.value, formula: cell.formula });
      if (isSheetError(result.value)) errors += 1;
      return;
    }
    const values = result.values;
    const rows = values.length;
    // A loop, not Math.max(...): spreading a result of 100,000+ rows overflows the call stack.
    let cols = 0;
    for (const row of values) if (row.length > cols) cols = row.length;
    const blocker = firstFilled(a.sheet, a.row, a.col, rows, cols);
    if (blocker) {
      errors += 1;
      a.sheet.setCell(a.row, a.col, { value: sheetError('#REF!', `the result needs ${rows} x ${cols} cells but ${blocker} is not empty`), formula: cell.formula });
      return;
    }
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const value = values[r][c] ?? null;
        a.sheet.setCell(a.row + r, a.col + c, r === 0 && c === 0 ? { value, formula: cell.formula } : { value });
      }
    }
    if (rows > 1 || cols > 1) a.sheet.setSpill({ row: a.row, col: a.col, rows, cols });
    if (isSheetError(values[0][0])) errors += 1;
  }

  for (const a of anchors) if (a.state === 'pending') await evaluate(a);
  return { evaluated, errors, unsupported };
}

/** The first filled cell (value or formula) of the block other than its top-left one, as A1. */
function firstFilled(sheet: MemorySheet, row: number, col: number, rows: number, cols: number): string | undefined {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (r === 0 && c === 0) continue;
      const cell = sheet.cell(row + r, col + c);
      if (cell.formula !== '' || !isEmptyCell(cell.value)) return `${columnLetters(col + c)}${row + r}`;
    }
  }
  return undefined;
}
