// An in-memory workbook: the workbook port the command line and the browser workbench run the
// panel's commands over, and what xlsx/xlsx-io.ts loads a .xlsx file into and saves back.
//
// Two faces:
// - The port (counted): the batch operations a command makes, each one "round trip" as a host
//   adapter's Excel `sync` or Apps Script call would be: snapshot, readGrid(s), readSheets,
//   sheetNames, writeValues, writeFormulas, writeLayout, addSheet, clearSheet, removeSheet.
//   `calls` counts them (reads and writes), so tests assert a command's round trips as the host
//   tests do.
// - The model (not counted): sheets in order, their cells with value, formula and format, column
//   widths, hidden columns, frozen panes, merged areas, list validations and spills (a dynamic
//   array formula's anchor and the size of its result); the workbook's defined names; for the
//   .xlsx reader and writer, a grid view and tests. `select` moves the selection the commands
//   start from.
//   Counted writes for the extras: addName(s), writeFormulaCells, addValidations.
// - Workbook settings (Excel's workbook.settings): text by key, such as the panel's remembered
//   column choices; read and written through the port (readSetting, writeSetting), kept in memory
//   only (not saved to .xlsx).
//
// Pure TypeScript: no exceljs, no Node or DOM types, so the browser bundle can take it.
// User text is always a value: a string '=HYPERLINK(...)' stays a string, never a formula;
// formulas come in only through writeFormulas or a cell's `formula` field.
import { CellValue, isBlank, isEmptyCell } from '../core/values/cells';
import { absoluteRange, columnLetters, formatRange, looksLikeReference, parseRange } from '../core/values/a1';
import type { RangeRef } from '../core/values/a1';
import type { SheetSnapshot } from '../core/commands/score-demand';
import { isSheetError, sheetError } from '../core/values/errors';
import { boldOf } from './layout-to-xlsx';
import type { LayoutOptions, PrintSetup, SheetLayout } from './layout-to-xlsx';

/** One cell: its value (a formula's cached result), formula text ('' when none) and format. */
export interface CellData {
  readonly value: CellValue;
  /** '=...' as the hosts' formula views show it, or '' for a constant (or blank) cell. */
  readonly formula: string;
  /** '#rrggbb' (lower case) or null for no fill. */
  readonly fill: string | null;
  /** '#rrggbb' (lower case) or null for the default font colour. */
  readonly fontColor: string | null;
  readonly bold: boolean;
  /** Number format ('0%', 'yyyy-mm-dd') or null for General. */
  readonly format: string | null;
}

/** What setCell changes; fields left out keep their current value. */
export type CellPatch = Partial<CellData>;

/** The selected cell: 1-based row and column on a sheet. */
export interface Selection {
  readonly sheet: string;
  readonly row: number;
  readonly col: number;
}

/** The port's round trips so far. */
export interface CallCount {
  reads: number;
  writes: number;
}

/** A workbook-scoped defined name over one range of one sheet. */
export interface DefinedName {
  readonly name: string;
  /** The sheet as the workbook spells it. */
  readonly sheet: string;
  /** Absolute A1 without the sheet: '$B$4:$B$9', or '$B$4' for one cell. */
  readonly range: string;
}

/**
 * A list validation (a drop-down) over one range of a sheet: its values come from a source (a
 * defined name such as 'BTM_DemandTypes', or a reference), or, when the source is '', from a
 * literal list of values.
 */
export interface ListValidationRule {
  /** A1 on this sheet without the sheet name and without $: 'D4:D203' ('D4' for one cell). */
  readonly range: string;
  /** A defined name (or a reference) whose cells hold the allowed values; '' for a literal list. */
  readonly source: string;
  /** The allowed values of a literal list (used when source is ''). */
  readonly values?: readonly string[];
}

/** A dynamic array formula's result: its anchor (the formula's cell, 1-based) and size. */
export interface Spill {
  readonly row: number;
  readonly col: number;
  readonly rows: number;
  readonly cols: number;
}

/** A formula for one cell (1-based), with its cached value when known. */
export interface FormulaCell {
  readonly row: number;
  readonly col: number;
  readonly formula: string;
  readonly value?: CellValue;
}

/** One sheet's used range from A1 as readSheets returns it. */
export interface SheetCells {
  readonly sheet: string;
  readonly values: CellValue[][];
  readonly formulas: string[][];
}

/** Excel's last row and column. */
export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

export const BLANK_CELL: CellData = Object.freeze({ value: null, formula: '', fill: null, fontColor: null, bold: false, format: null });

const COLOUR = /^#?([0-9a-f]{6})$/i;

/** A colour as '#rrggbb' lower case; anything else is a programmer's mistake. */
function colour(c: string | null | undefined, what: string): string | null {
  if (c === null || c === undefined) return null;
  const m = COLOUR.exec(c.trim());
  if (!m) throw new Error(`memory-workbook: ${what} "${c}" is not a #rrggbb colour`);
  return `#${m[1].toLowerCase()}`;
}

/** A value the core can hold; '' is blank (null), as both hosts read it. A non-finite number cannot live in a cell (nor in a file): #NUM!. */
function cellValue(v: unknown): CellValue {
  if (isEmptyCell(v)) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : sheetError('#NUM!', `${String(v)} is not a number a cell can hold`);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (isSheetError(v)) return v;
  throw new Error(`memory-workbook: ${Object.prototype.toString.call(v)} is not a cell value`);
}

function positive(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`memory-workbook: ${what} ${n} is not a 1-based position`);
  return n;
}

/** Excel's rules for a sheet name: 1-31 characters, none of : \ / ? * [ ], no apostrophe at either end. */
export function sheetNameProblem(name: string): string | undefined {
  if (typeof name !== 'string' || name.trim() === '') return 'a sheet name cannot be blank';
  if (name.length > 31) return `the sheet name "${name}" is longer than 31 characters`;
  if (/[:\\/?*[\]]/.test(name)) return `the sheet name "${name}" holds one of : \\ / ? * [ ]`;
  if (name.startsWith("'") || name.endsWith("'")) return `the sheet name "${name}" starts or ends with an apostrophe`;
  if (name.toLowerCase() === 'history') return '"History" is a name Excel keeps for itself';
  return undefined;
}

/**
 * Excel's rules for a defined name: 1-255 characters, starting with a letter or _, then letters,
 * digits, _ and . only; not a cell reference (A1, R1C1) and not one of Excel's own (_xlnm.).
 */
export function definedNameProblem(name: string): string | undefined {
  if (typeof name !== 'string' || name === '') return 'a name cannot be blank';
  if (name.length > 255) return `the name "${name.slice(0, 40)}..." is longer than 255 characters`;
  if (!/^[\p{L}_][\p{L}\p{Nd}_.]*$/u.test(name)) return `the name "${name}" must start with a letter or _ and hold only letters, digits, _ and .`;
  if (looksLikeReference(name)) return `the name "${name}" reads as a cell reference`;
  if (/^_xlnm\./i.test(name)) return `the name "${name}" is one Excel keeps for itself`;
  return undefined;
}

/** A range on a sheet, given without the sheet name; throws with `what` when it is not one. */
function localRange(text: string, what: string): RangeRef {
  const r = typeof text === 'string' ? parseRange(text) : undefined;
  if (!r) throw new Error(`memory-workbook: ${what} "${String(text)}" is not an A1 range`);
  if (r.sheet !== undefined) throw new Error(`memory-workbook: ${what} "${text}" names a sheet; give the range without it`);
  if (r.end.row > MAX_ROWS || r.end.col > MAX_COLS) throw new Error(`memory-workbook: ${what} "${text}" lies beyond the last row or column`);
  return { start: r.start, end: r.end };
}

const overlaps = (a: RangeRef, b: RangeRef) =>
  a.start.row <= b.end.row && b.start.row <= a.end.row && a.start.col <= b.end.col && b.start.col <= a.end.col;

/** What is left of `a` once `b` is taken out: up to four rectangles (above, below, left, right). */
function subtract(a: RangeRef, b: RangeRef): RangeRef[] {
  if (!overlaps(a, b)) return [a];
  const out: RangeRef[] = [];
  const top = Math.max(a.start.row, b.start.row);
  const bottom = Math.min(a.end.row, b.end.row);
  if (a.start.row < b.start.row) out.push({ start: a.start, end: { row: b.start.row - 1, col: a.end.col } });
  if (a.end.row > b.end.row) out.push({ start: { row: b.end.row + 1, col: a.start.col }, end: a.end });
  if (a.start.col < b.start.col) out.push({ start: { row: top, col: a.start.col }, end: { row: bottom, col: b.start.col - 1 } });
  if (a.end.col > b.end.col) out.push({ start: { row: top, col: b.end.col + 1 }, end: { row: bottom, col: a.end.col } });
  return out;
}

/**
 * A list validation checked and spelled the one way: the range as 'D4:D203', the source trimmed
 * of a leading '=', the values as a frozen list. A literal list (Excel's rule) holds no comma and
 * is at most 255 characters written out.
 */
export function normaliseValidation(rule: ListValidationRule): ListValidationRule {
  if (!rule || typeof rule !== 'object') throw new Error('memory-workbook: a list validation must be an object');
  const range = formatRange(localRange(rule.range, 'the validation range'), false);
  const source = typeof rule.source === 'string' ? rule.source.trim().replace(/^=/, '') : '';
  const values = rule.values === undefined ? undefined : Object.freeze(rule.values.map((v) => String(v)));
  if (source === '') {
    if (!values || values.length === 0) throw new Error(`memory-workbook: the validation of ${range} has neither a source nor values`);
    const bad = values.find((v) => v.includes(','));
    if (bad !== undefined) throw new Error(`memory-workbook: the list value "${bad}" of the validation of ${range} holds a comma, which a literal list cannot`);
    const written = values.join(',').length;
    if (written > 255) throw new Error(`memory-workbook: the literal list of the validation of ${range} is ${written} characters; Excel takes at most 255 (use a named range)`);
  }
  return Object.freeze(values === undefined ? { range, source } : { range, source, values });
}

function spillProblem(s: Spill): string | undefined {
  const whole = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1;
  if (!s || ![s.row, s.col, s.rows, s.cols].every(whole)) return 'needs a 1-based row and column and a size of at least 1 x 1';
  if (s.row + s.rows - 1 > MAX_ROWS || s.col + s.cols - 1 > MAX_COLS) return 'reaches beyond the last row or column';
  return undefined;
}

/** Rows per band of the spill index. */
const SPILL_BAND = 256;
const band = (row: number) => Math.floor((row - 1) / SPILL_BAND);
const spillArea = (s: Spill): RangeRef => ({ start: { row: s.row, col: s.col }, end: { row: s.row + s.rows - 1, col: s.col + s.cols - 1 } });
const covers = (s: Spill, row: number, col: number) => row >= s.row && row < s.row + s.rows && col >= s.col && col < s.col + s.cols;

/**
 * One cell written as Excel's Range.formulas takes text: '=...' a formula (its value the cached
 * result, else null until computed), anything else a text constant ('' blank).
 */
function setFormulaText(sheet: MemorySheet, row: number, col: number, text: string, result: CellValue | undefined): void {
  if (typeof text === 'string' && text.startsWith('=') && text.length > 1) sheet.setCell(row, col, { formula: text, value: result ?? null });
  else sheet.setCell(row, col, { value: text, formula: '' });
}

/** The top-left cell of the table on a sheet (the command line and the workbench start from it): the first filled cell of the first row with two or more filled cells (else of the first filled row). */
export function tableTopLeft(values: readonly (readonly CellValue[])[]): { row: number; col: number } | undefined {
  let first: { row: number; col: number } | undefined;
  for (let r = 0; r < values.length; r++) {
    const cols = values[r].map((v, c) => (isBlank(v) ? -1 : c)).filter((c) => c >= 0);
    if (cols.length === 0) continue;
    first ??= { row: r + 1, col: cols[0] + 1 };
    if (cols.length >= 2) return { row: r + 1, col: cols[0] + 1 };
  }
  return first;
}

/** One sheet of the model. Rows and columns are 1-based. */
export class MemorySheet {
  private rows: (CellData | undefined)[][] = [];
  /** Width per column from A in pixels; null (or missing) for the default width. */
  columnWidths: (number | null)[] = [];
  /** Hidden columns, 1-based. */
  readonly hiddenColumns = new Set<number>();
  frozenRows = 0;
  frozenCols = 0;
  /** Merged areas (no sheet name). */
  merged: RangeRef[] = [];
  /** Print settings, when a layout asked for them or the file had them. */
  print: PrintSetup | undefined;
  /** List validations (drop-downs), in the order added; no two overlap (addValidation keeps it so). */
  validations: ListValidationRule[] = [];
  /** Spills by anchor, row * MAX_COLS + col. */
  private readonly spillMap = new Map<number, Spill>();
  /** The spills meeting each band of SPILL_BAND rows, so that finding one stays quick with many. */
  private readonly spillBands = new Map<number, Set<Spill>>();

  constructor(private sheetName: string) {}

  get name(): string {
    return this.sheetName;
  }

  /** Renamed through the workbook only, which keeps names unique. */
  setName(name: string): void {
    this.sheetName = name;
  }

  cell(row: number, col: number): CellData {
    return this.rows[row - 1]?.[col - 1] ?? BLANK_CELL;
  }

  /** Changes one cell. A value given without a formula clears the formula (a constant replaces it). */
  setCell(row: number, col: number, patch: CellPatch): void {
    positive(row, 'row');
    positive(col, 'column');
    const old = this.cell(row, col);
    const formula = patch.formula !== undefined ? patch.formula : 'value' in patch ? '' : old.formula;
    if (formula !== '' && (typeof formula !== 'string' || !formula.startsWith('=') || formula.length < 2)) {
      throw new Error(`memory-workbook: "${String(formula)}" is not formula text (it starts with =)`);
    }
    const next: CellData = {
      value: 'value' in patch ? cellValue(patch.value) : old.value,
      formula,
      fill: 'fill' in patch ? colour(patch.fill, 'fill') : old.fill,
      fontColor: 'fontColor' in patch ? colour(patch.fontColor, 'font colour') : old.fontColor,
      bold: patch.bold !== undefined ? Boolean(patch.bold) : old.bold,
      format: 'format' in patch ? (patch.format && patch.format !== 'General' ? patch.format : null) : old.format,
    };
    if (this.spillMap.size > 0) this.spillsAfterWrite(row, col, formula);
    const empty = next.value === null && next.formula === '' && next.fill === null && next.fontColor === null && !next.bold && next.format === null;
    const line = this.rows[row - 1];
    if (empty) {
      if (line) line[col - 1] = undefined;
      return;
    }
    (this.rows[row - 1] ??= [])[col - 1] = Object.freeze(next);
  }

  /** Every cell, formats, widths, hidden columns, frozen panes, merges, print settings, validations and spills gone. */
  clear(): void {
    this.rows = [];
    this.columnWidths = [];
    this.hiddenColumns.clear();
    this.frozenRows = 0;
    this.frozenCols = 0;
    this.merged = [];
    this.print = undefined;
    this.validations = [];
    this.spillMap.clear();
    this.spillBands.clear();
  }

  // -------------------------------------------------------------------------------------------
  // List validations

  /**
   * Adds a list validation. As in Excel, it takes over the cells it covers: an earlier rule over
   * the same cells keeps only the rest of its range (split into rectangles). Throws on a range
   * that is not one on this sheet, a rule with neither source nor values, or a literal list
   * Excel cannot hold.
   */
  addValidation(rule: ListValidationRule): ListValidationRule {
    const added = normaliseValidation(rule);
    const area = localRange(added.range, 'the validation range');
    const kept: ListValidationRule[] = [];
    for (const old of this.validations) {
      for (const rest of subtract(localRange(old.range, 'the validation range'), area)) kept.push(Object.freeze({ ...old, range: formatRange(rest, false) }));
    }
    kept.push(added);
    this.validations = kept;
    return added;
  }

  // -------------------------------------------------------------------------------------------
  // Spills

  /** The spills in anchor order (row, then column). */
  get spills(): readonly Spill[] {
    return [...this.spillMap.values()].sort((a, b) => a.row - b.row || a.col - b.col);
  }

  /**
   * Records the result area of the dynamic array formula at (spill.row, spill.col), replacing
   * the spill anchored there. The anchor must hold a formula; the other cells of the area hold
   * the spilled values as constants (formula ''). Throws when the area would take in another
   * formula or another spill, as Excel would show #SPILL!.
   */
  setSpill(spill: Spill): Spill {
    const problem = spillProblem(spill);
    const at = spill && `${columnLetters(spill.col)}${spill.row}`;
    if (problem) throw new Error(`memory-workbook: the spill at ${at} ${problem}`);
    const s: Spill = Object.freeze({ row: spill.row, col: spill.col, rows: spill.rows, cols: spill.cols });
    if (this.cell(s.row, s.col).formula === '') throw new Error(`memory-workbook: the spill at ${at} has no formula at its anchor`);
    const area = spillArea(s);
    const other = this.spillsMeeting(s.row, s.col, s.rows, s.cols).find((o) => o.row !== s.row || o.col !== s.col);
    if (other) throw new Error(`memory-workbook: the spill ${formatRange(area, false)} overlaps the spill of ${columnLetters(other.col)}${other.row}`);
    for (let r = s.row; r < s.row + s.rows; r++) {
      const line = this.rows[r - 1];
      if (!line) continue;
      for (let c = s.col; c < s.col + s.cols; c++) {
        if ((r !== s.row || c !== s.col) && line[c - 1] && line[c - 1]!.formula !== '') {
          throw new Error(`memory-workbook: the spill ${formatRange(area, false)} would cover ${columnLetters(c)}${r}, which holds a formula`);
        }
      }
    }
    this.clearSpill(s.row, s.col);
    this.spillMap.set(s.row * MAX_COLS + s.col, s);
    for (let b = band(s.row); b <= band(s.row + s.rows - 1); b++) {
      const set = this.spillBands.get(b) ?? new Set<Spill>();
      if (set.size === 0) this.spillBands.set(b, set);
      set.add(s);
    }
    return s;
  }

  /** Drops the spill anchored at (row, col), if any. */
  clearSpill(row: number, col: number): void {
    const s = this.spillMap.get(row * MAX_COLS + col);
    if (!s) return;
    this.spillMap.delete(row * MAX_COLS + col);
    for (let b = band(s.row); b <= band(s.row + s.rows - 1); b++) {
      const set = this.spillBands.get(b);
      set?.delete(s);
      if (set && set.size === 0) this.spillBands.delete(b);
    }
  }

  /** The spill anchored at (row, col), or undefined. */
  spillAt(row: number, col: number): Spill | undefined {
    return this.spillMap.get(row * MAX_COLS + col);
  }

  /** The spill whose area takes in (row, col), its anchor included, or undefined. */
  spillCovering(row: number, col: number): Spill | undefined {
    const set = this.spillBands.get(band(row));
    if (set) for (const s of set) if (covers(s, row, col)) return s;
    return undefined;
  }

  /** The spills whose areas meet the block of rows x cols from (row, col), in anchor order. */
  spillsMeeting(row: number, col: number, rows: number, cols: number): Spill[] {
    const block: RangeRef = { start: { row, col }, end: { row: row + rows - 1, col: col + cols - 1 } };
    const found = new Set<Spill>();
    if (this.spillMap.size === 0 || !(rows >= 1 && cols >= 1)) return [];
    for (let b = band(row); b <= band(row + rows - 1); b++) {
      const set = this.spillBands.get(b);
      if (set) for (const s of set) if (overlaps(block, spillArea(s))) found.add(s);
    }
    return [...found].sort((a, b) => a.row - b.row || a.col - b.col);
  }

  /** A constant over an anchor ends its spill; a formula inside another cell of a spill blocks it (Excel's #SPILL!). */
  private spillsAfterWrite(row: number, col: number, formula: string): void {
    if (formula === '') {
      this.clearSpill(row, col);
      return;
    }
    const s = this.spillCovering(row, col);
    if (s && (s.row !== row || s.col !== col)) this.clearSpill(s.row, s.col);
  }

  /** Rows and columns from A1 to the last cell holding a value or a formula (Excel's used range, values only). */
  usedSize(): { rows: number; cols: number } {
    return this.size((c) => c.value !== null || c.formula !== '');
  }

  /** Rows and columns from A1 to the last cell holding anything, formats included. */
  extent(): { rows: number; cols: number } {
    return this.size(() => true);
  }

  private size(counts: (c: CellData) => boolean): { rows: number; cols: number } {
    let rows = 0;
    let cols = 0;
    this.rows.forEach((line, r) => {
      if (!line) return;
      for (let c = line.length - 1; c >= 0; c--) {
        const cell = line[c];
        if (cell && counts(cell)) {
          rows = r + 1;
          cols = Math.max(cols, c + 1);
          break;
        }
      }
    });
    return { rows, cols };
  }

  /** Values from A1 over the used range, a rectangle (blanks null); [] for an empty sheet. */
  values(): CellValue[][] {
    const { rows, cols } = this.usedSize();
    return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => this.rows[r]?.[c]?.value ?? null));
  }

  /** Formula text from A1 over the used range ('' for constants), the same rectangle as values(). */
  formulas(): string[][] {
    const { rows, cols } = this.usedSize();
    return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => this.rows[r]?.[c]?.formula ?? ''));
  }

  /** Calls back for every stored cell (value, formula or format), row by row. */
  forEachCell(visit: (row: number, col: number, cell: CellData) => void): void {
    this.rows.forEach((line, r) => line?.forEach((cell, c) => cell && visit(r + 1, c + 1, cell)));
  }
}

/**
 * The workbook. Sheet names are unique regardless of case and found regardless of case; the
 * order of sheets is kept (new sheets go last).
 */
export class MemoryWorkbook {
  private readonly list: MemorySheet[] = [];
  private nameList: DefinedName[] = [];
  private selected: Selection | undefined;
  private readonly settingMap = new Map<string, string>();
  /** The port's round trips so far. */
  readonly calls: CallCount = { reads: 0, writes: 0 };
  /** The port's calls in order, e.g. 'read snapshot Demand', 'write layout BTM Roadmap'. */
  readonly log: string[] = [];

  constructor(sheetNames: readonly string[] = []) {
    for (const name of sheetNames) this.createSheet(name);
  }

  // -------------------------------------------------------------------------------------------
  // The model (not counted)

  get sheets(): readonly MemorySheet[] {
    return this.list;
  }

  /** The sheet of this name in any letter case, or undefined. */
  sheet(name: string): MemorySheet | undefined {
    const key = name.toLowerCase();
    return this.list.find((s) => s.name.toLowerCase() === key);
  }

  /** Adds a sheet at the end (model side: the xlsx reader, tests). Throws on a bad or taken name. */
  createSheet(name: string): MemorySheet {
    const problem = sheetNameProblem(name);
    if (problem) throw new Error(`Cannot add the sheet: ${problem}.`);
    if (this.sheet(name)) throw new Error(`Cannot add the sheet "${name}": the workbook already has a sheet of that name.`);
    const sheet = new MemorySheet(name);
    this.list.push(sheet);
    return sheet;
  }

  /** The defined names in the order defined. */
  names(): readonly DefinedName[] {
    return [...this.nameList];
  }

  /** The range a defined name (any letter case) stands for, with its sheet; undefined when there is no such name. */
  nameRange(name: string): RangeRef | undefined {
    const key = typeof name === 'string' ? name.toLowerCase() : '';
    const found = this.nameList.find((n) => n.name.toLowerCase() === key);
    if (!found) return undefined;
    const r = parseRange(found.range);
    return r && { sheet: found.sheet, start: r.start, end: r.end };
  }

  /**
   * Defines a workbook-scoped name over a range of a sheet (model side: the xlsx reader, tests;
   * the port's addName counts). The range is A1 without the sheet ('$B$4:$B$9' or 'B4:B9'), kept
   * absolute. Throws on a name that breaks Excel's rules or exists in any letter case, an unknown
   * sheet or a range that is not one.
   */
  defineName(name: string, sheet: string, range: string): DefinedName {
    const problem = definedNameProblem(name);
    if (problem) throw new Error(`Cannot add the name: ${problem}.`);
    if (this.nameList.some((n) => n.name.toLowerCase() === name.toLowerCase())) {
      throw new Error(`Cannot add the name "${name}": the workbook already has a name of that spelling.`);
    }
    const target = this.sheet(sheet);
    if (!target) throw new Error(`Cannot add the name "${name}": the workbook has no sheet named "${sheet}".`);
    const r = parseRange(typeof range === 'string' ? range : '');
    if (!r || r.sheet !== undefined || r.end.row > MAX_ROWS || r.end.col > MAX_COLS) {
      throw new Error(`Cannot add the name "${name}": "${String(range)}" is not a range on a sheet (A1, without the sheet name).`);
    }
    const defined: DefinedName = Object.freeze({ name, sheet: target.name, range: absoluteRange(r) });
    this.nameList.push(defined);
    return defined;
  }

  /** The selected cell: as set, else A1 of the first sheet; undefined in a workbook without sheets. */
  get selection(): Selection | undefined {
    if (this.selected && this.sheet(this.selected.sheet)) return this.selected;
    return this.list.length > 0 ? { sheet: this.list[0].name, row: 1, col: 1 } : undefined;
  }

  /** Selects a cell (the sheet must exist; its name is kept as the workbook spells it). */
  select(sheet: string, row = 1, col = 1): void {
    const s = this.require(sheet);
    this.selected = { sheet: s.name, row: positive(row, 'row'), col: positive(col, 'column') };
  }

  private require(name: string): MemorySheet {
    const s = this.sheet(name);
    if (!s) throw new Error(`The workbook has no sheet named "${name}".`);
    return s;
  }

  private count(kind: 'read' | 'write', what: string): void {
    if (kind === 'read') this.calls.reads++;
    else this.calls.writes++;
    this.log.push(`${kind} ${what}`);
  }

  resetCalls(): void {
    this.calls.reads = 0;
    this.calls.writes = 0;
    this.log.length = 0;
  }

  // -------------------------------------------------------------------------------------------
  // The port: reads

  /** Sheet names in order. One read. */
  sheetNames(): string[] {
    this.count('read', 'sheet names');
    return this.list.map((s) => s.name);
  }

  /**
   * The sheet as Score demand, Plan capacity and Generate roadmap read it: its used range from A1
   * (values and formulas), the selected cell (the workbook's selection when it is on this sheet,
   * else A1) and its merged areas. Default sheet: the selection's. One read.
   */
  snapshot(sheetName?: string): SheetSnapshot {
    const name = sheetName ?? this.selection?.sheet;
    if (name === undefined) throw new Error('The workbook has no sheets.');
    const sheet = this.require(name);
    this.count('read', `snapshot ${sheet.name}`);
    const sel = this.selection;
    const onSheet = sel && sel.sheet.toLowerCase() === sheet.name.toLowerCase();
    return {
      sheet: sheet.name,
      top: 1,
      left: 1,
      values: sheet.values(),
      formulas: sheet.formulas(),
      selection: onSheet ? { row: sel.row, col: sel.col } : { row: 1, col: 1 },
      merged: sheet.merged.map((m) => ({ sheet: sheet.name, start: { ...m.start }, end: { ...m.end } })),
    };
  }

  /** A sheet's values from A1 over its used range; [] when empty, undefined when there is no such sheet. One read. */
  readGrid(name: string): CellValue[][] | undefined {
    this.count('read', `grid ${name}`);
    return this.sheet(name)?.values();
  }

  /** Several sheets' grids (as readGrid) in one read. */
  readGrids(names: readonly string[]): (CellValue[][] | undefined)[] {
    this.count('read', `grids ${names.join(', ')}`);
    return names.map((n) => this.sheet(n)?.values());
  }

  /** Every sheet's values and formulas from A1 over its used range, in sheet order, in one read (Repair reads them all). */
  readSheets(): SheetCells[] {
    this.count('read', 'every sheet');
    return this.list.map((s) => ({ sheet: s.name, values: s.values(), formulas: s.formulas() }));
  }

  /** A workbook setting's text, or undefined when unset. One read. */
  readSetting(key: string): string | undefined {
    this.count('read', `setting ${key}`);
    return this.settingMap.get(key);
  }

  // -------------------------------------------------------------------------------------------
  // The port: writes

  /**
   * Writes values from (row, col): strings as text whatever they look like, null or '' blank;
   * formulas in the block are replaced by the values, formats are kept. One write.
   */
  writeValues(name: string, row: number, col: number, values: readonly (readonly CellValue[])[]): void {
    const sheet = this.require(name);
    this.count('write', `values ${sheet.name}`);
    values.forEach((line, r) => line.forEach((v, c) => sheet.setCell(row + r, col + c, { value: v })));
  }

  /**
   * Writes formulas from (row, col), as Excel's `formulas` and Sheets' setFormulas take them: text
   * starting with '=' is a formula (its value the matching `results` entry, else null until
   * computed); any other string is a text constant ('' blank). One write.
   */
  writeFormulas(
    name: string,
    row: number,
    col: number,
    formulas: readonly (readonly string[])[],
    results?: readonly (readonly CellValue[])[],
  ): void {
    const sheet = this.require(name);
    this.count('write', `formulas ${sheet.name}`);
    formulas.forEach((line, r) => line.forEach((f, c) => setFormulaText(sheet, row + r, col + c, f, results?.[r]?.[c])));
  }

  /**
   * Writes a sheet layout (the shape layout-to-xlsx writes: values, fills, font colours, number
   * formats, bold rows and cells, column widths, frozen panes, a hidden column block, print
   * settings) from A1 into the sheet, created at the end when missing, cleared first when present
   * (cells, formats, widths, hidden columns, panes, merges, validations, spills). Values are
   * constants: user text stays text.
   * One write.
   */
  writeLayout(name: string, layout: SheetLayout, options: LayoutOptions = {}): MemorySheet {
    const sheet = this.sheet(name) ?? this.createSheet(name);
    this.count('write', `layout ${sheet.name}`);
    sheet.clear();
    const bold = boldOf(layout);
    const cols = layout.values.reduce((w, line) => Math.max(w, line.length), 0);
    layout.values.forEach((line, r) => {
      for (let c = 0; c < cols; c++) {
        const patch: CellPatch = {
          value: line[c] ?? null,
          fill: layout.fills?.[r]?.[c] ?? null,
          fontColor: layout.fontColors?.[r]?.[c] ?? null,
          format: layout.formats?.[r]?.[c] ?? null,
          bold: bold(r, c),
        };
        sheet.setCell(r + 1, c + 1, patch);
      }
    });
    sheet.columnWidths = (layout.columnWidths ?? []).map((w) => (w === null || w === undefined || !(w >= 0) ? null : w));
    const hidden = layout.hiddenColumns;
    if (hidden && hidden.count > 0) for (let c = hidden.from; c < hidden.from + hidden.count; c++) sheet.hiddenColumns.add(positive(c, 'column'));
    sheet.frozenRows = Math.max(0, layout.frozenRows ?? 0);
    sheet.frozenCols = Math.max(0, layout.frozenCols ?? 0);
    sheet.print = options.print;
    return sheet;
  }

  /** Sets a workbook setting (kept in memory, not saved to .xlsx). One write. */
  writeSetting(key: string, value: string): void {
    this.count('write', `setting ${key}`);
    this.settingMap.set(key, value);
  }

  /** Defines a name (see defineName: same rules, same errors). One write. */
  addName(name: string, sheet: string, range: string): DefinedName {
    this.count('write', `name ${name}`);
    return this.defineName(name, sheet, range);
  }

  /**
   * Defines several names in order, as Excel queues names.add before one sync (see defineName:
   * same rules, same errors; the names defined before a failing one stay, as in Excel). One write.
   */
  addNames(names: readonly DefinedName[]): DefinedName[] {
    this.count('write', `names ${names.map((n) => n.name).join(', ')}`);
    return names.map((n) => this.defineName(n.name, n.sheet, n.range));
  }

  /**
   * Writes formulas into scattered cells of one sheet (1-based), each with its cached value or
   * null until computed, leaving every other cell as it is: the cells a template or a repair
   * queues before one sync. Text not starting with '=' is written as a text constant. One write.
   */
  writeFormulaCells(name: string, cells: readonly FormulaCell[]): void {
    const sheet = this.require(name);
    this.count('write', `formula cells ${sheet.name}`);
    for (const c of cells) setFormulaText(sheet, positive(c.row, 'row'), positive(c.col, 'column'), c.formula, c.value);
  }

  /**
   * Adds list validations to a sheet, in order (see MemorySheet.addValidation). All rules are
   * checked before any is added. One write.
   */
  addValidations(name: string, rules: readonly ListValidationRule[]): void {
    const sheet = this.require(name);
    this.count('write', `validations ${sheet.name}`);
    const checked = rules.map(normaliseValidation);
    for (const rule of checked) sheet.addValidation(rule);
  }

  /** Adds an empty sheet at the end; throws on a bad name or one the workbook has (any case). One write. */
  addSheet(name: string): MemorySheet {
    this.count('write', `add sheet ${name}`);
    return this.createSheet(name);
  }

  /** Empties a sheet: cells, formats, widths, hidden columns, panes, merges, validations, spills (its names stay). One write. */
  clearSheet(name: string): void {
    const sheet = this.require(name);
    this.count('write', `clear ${sheet.name}`);
    sheet.clear();
  }

  /**
   * Removes a sheet (the selection moves to the first sheet if it was there) and the names that
   * point into it (Excel would leave them as #REF!). One write.
   */
  removeSheet(name: string): void {
    const sheet = this.require(name);
    this.count('write', `remove ${sheet.name}`);
    this.list.splice(this.list.indexOf(sheet), 1);
    this.nameList = this.nameList.filter((n) => n.sheet.toLowerCase() !== sheet.name.toLowerCase());
    if (this.selected && this.selected.sheet.toLowerCase() === sheet.name.toLowerCase()) this.selected = undefined;
  }
}
