// An in-memory workbook: the workbook port the command line and the browser workbench run the
// panel's commands over, and what xlsx/xlsx-io.ts loads a .xlsx file into and saves back.
//
// Two faces:
// - The port (counted): the batch operations a command makes, each one "round trip" as a host
//   adapter's Excel `sync` or Apps Script call would be: snapshot, readGrid(s), sheetNames,
//   writeValues, writeFormulas, writeLayout, addSheet, clearSheet, removeSheet. `calls` counts
//   them (reads and writes), so tests assert a command's round trips as the host tests do.
// - The model (not counted): sheets in order, their cells with value, formula and format, column
//   widths, hidden columns, frozen panes, merged areas; for the .xlsx reader and writer, a grid
//   view and tests. `select` moves the selection the commands start from.
//
// Pure TypeScript: no exceljs, no Node or DOM types, so the browser bundle can take it.
// User text is always a value: a string '=HYPERLINK(...)' stays a string, never a formula;
// formulas come in only through writeFormulas or a cell's `formula` field.
import type { CellValue } from '../core/values/cells';
import type { RangeRef } from '../core/values/a1';
import type { SheetSnapshot } from '../core/commands/score-demand';
import { isSheetError, sheetError } from '../core/values/errors';
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
  if (v === null || v === undefined || v === '') return null;
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
    const empty = next.value === null && next.formula === '' && next.fill === null && next.fontColor === null && !next.bold && next.format === null;
    const line = this.rows[row - 1];
    if (empty) {
      if (line) line[col - 1] = undefined;
      return;
    }
    (this.rows[row - 1] ??= [])[col - 1] = Object.freeze(next);
  }

  /** Every cell, formats, widths, hidden columns, frozen panes, merges and print settings gone. */
  clear(): void {
    this.rows = [];
    this.columnWidths = [];
    this.hiddenColumns.clear();
    this.frozenRows = 0;
    this.frozenCols = 0;
    this.merged = [];
    this.print = undefined;
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
  private selected: Selection | undefined;
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
    formulas.forEach((line, r) =>
      line.forEach((f, c) => {
        if (typeof f === 'string' && f.startsWith('=') && f.length > 1) sheet.setCell(row + r, col + c, { formula: f, value: results?.[r]?.[c] ?? null });
        else sheet.setCell(row + r, col + c, { value: f, formula: '' });
      }),
    );
  }

  /**
   * Writes a sheet layout (the shape layout-to-xlsx writes: values, fills, font colours, number
   * formats, bold rows, column widths, frozen panes, a hidden column block, print settings) from
   * A1 into the sheet, created at the end when missing, cleared first when present (cells,
   * formats, widths, hidden columns, panes, merges). Values are constants: user text stays text.
   * One write.
   */
  writeLayout(name: string, layout: SheetLayout, options: LayoutOptions = {}): MemorySheet {
    const sheet = this.sheet(name) ?? this.createSheet(name);
    this.count('write', `layout ${sheet.name}`);
    sheet.clear();
    const bold = new Set(layout.boldRows ?? []);
    const cols = layout.values.reduce((w, line) => Math.max(w, line.length), 0);
    layout.values.forEach((line, r) => {
      for (let c = 0; c < cols; c++) {
        const patch: CellPatch = {
          value: line[c] ?? null,
          fill: layout.fills?.[r]?.[c] ?? null,
          fontColor: layout.fontColors?.[r]?.[c] ?? null,
          format: layout.formats?.[r]?.[c] ?? null,
          bold: bold.has(r),
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

  /** Adds an empty sheet at the end; throws on a bad name or one the workbook has (any case). One write. */
  addSheet(name: string): MemorySheet {
    this.count('write', `add sheet ${name}`);
    return this.createSheet(name);
  }

  /** Empties a sheet: cells, formats, widths, hidden columns, panes, merges. One write. */
  clearSheet(name: string): void {
    const sheet = this.require(name);
    this.count('write', `clear ${sheet.name}`);
    sheet.clear();
  }

  /** Removes a sheet (the selection moves to the first sheet if it was there). One write. */
  removeSheet(name: string): void {
    const sheet = this.require(name);
    this.count('write', `remove ${sheet.name}`);
    this.list.splice(this.list.indexOf(sheet), 1);
    if (this.selected && this.selected.sheet.toLowerCase() === sheet.name.toLowerCase()) this.selected = undefined;
  }
}
