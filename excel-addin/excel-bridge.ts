// The HostBridge in Excel: Office.js calls, batched. Inserting the business case costs two
// round trips (read selection and spill area, then write) whatever the sizes involved; Score
// demand costs two to read and one to write, whatever the size of the table; Plan capacity and
// Generate roadmap two to read and one to write, whatever the size of the portfolio; Repair BTM
// formulas two to read and one to write, whatever the number of sheets and cells; Insert template
// one to read and one to write, whatever the template's size.
import {
  BUSINESS_CASE_SIZE,
  CellValue,
  DEFAULT_SETTINGS,
  InsertRequest,
  InsertResponse,
  RangeRef,
  SETTINGS_SHEET,
  ScoreDemandRequest,
  ScoreDemandResponse,
  SheetSnapshot,
  columnLetters,
  findDemandTable,
  formatRange,
  isEmptyCell,
  parseRange,
  planAddress,
  planBusinessCase,
  prepareScoreDemand,
  settingsToGrid,
  spillConflict,
} from '../core';
import {
  CAPACITY_SHEET,
  CapacitySheet,
  OWNED_CAPACITY_SHEET,
  PlanCapacityRequest,
  PlanCapacityResponse,
  Progress,
  readPlanCapacity,
  PLAN_OWNED,
} from '../core/commands/plan-capacity';
import { OwnedSheet, ownedSheetProblem } from '../core/commands/demand-and-capacity';
import { ROADMAP_OWNED, ROADMAP_SHEET, RoadmapLayout, RoadmapRequest, RoadmapResponse, prepareRoadmap } from '../core/commands/generate-roadmap';
import { SheetFormulas, planRepairFormulas } from '../core/commands/repair-formulas';
import { InsertTemplateResponse, SheetWrite, planInsertTemplate, widthRuns } from '../core/commands/insert-template';
import { buildTemplate, planningYear } from '../core/template/template';
import { SelectionSolver, solveSelection } from '../core/capacity/solver';
import {
  OVERRIDES_SETTING,
  SETTINGS_SHEET_EXISTS,
  planUnlessCancelled,
  columnChars,
  ownedSheetFormats,
  ownedSheetValues,
  planCapacityRequest,
  rememberedChoices,
  repairResponse,
  roadmapRequest,
  scoreBlockProblem,
  templateFailure,
  textRecord,
} from '../panel/bridge';
import type { HostBridge, RepairResponse, SettingsSheetResponse } from '../panel/bridge';

/** Excel.run, or office-addin-mock's stand-in for it in tests. */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** Whether this Excel has an ExcelApi requirement set, e.g. '1.13'. */
export type ExcelApiCheck = (version: string) => boolean;

export { OVERRIDES_SETTING } from '../panel/bridge';

const officeApiCheck: ExcelApiCheck = (version) =>
  typeof Office === 'undefined' || Office.context.requirements.isSetSupported('ExcelApi', version);

function cellOf(x: unknown): CellValue {
  return isEmptyCell(x) ? null : typeof x === 'number' || typeof x === 'boolean' ? x : String(x);
}

/** Excel's `formulas` holds constants too (5, "CRM"); the core wants formula text or ''. */
function formulaOf(x: unknown): string {
  return typeof x === 'string' && x.startsWith('=') ? x : '';
}

/** An address Excel returned, parsed; an address the core cannot read is Excel's failure, not the user's. */
function rangeOf(address: string): RangeRef {
  const r = parseRange(address);
  if (!r) throw new Error(`Excel returned an address the add-in cannot read: ${address}`);
  return r;
}

/** The areas of a RangeAreas address ("Sheet1!A1:B1, 'Q1, plan'!D1:E1"): commas inside quotes belong to sheet names. */
function areasOf(address: string): RangeRef[] {
  const parts: string[] = [];
  let quoted = false;
  let current = '';
  for (const ch of address) {
    if (ch === "'") quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean).map(rangeOf);
}

/** What Plan capacity and Generate roadmap read before they plan. */
interface CommandSheets {
  readonly snapshot: SheetSnapshot;
  /** The Capacity, BTM Settings and owned sheets' cells from A1: undefined when the sheet is absent, [] when empty. */
  readonly capacityGrid?: CellValue[][];
  readonly settingsGrid?: CellValue[][];
  readonly ownedGrid?: CellValue[][];
  /** The owned sheet, when it exists, and its charts when asked for. */
  readonly owned?: Excel.Worksheet;
  readonly ownedCharts?: Excel.ChartCollection;
}

/**
 * The two reads of a command that writes an owned sheet: (1) the sheet under the selection and
 * which of the Capacity, BTM Settings and owned sheets exist; (2) those sheets' cells (and the
 * owned sheet's charts), since Office.js documents no methods of a null object. Refuses to plan
 * from the owned sheet itself (the core's rule).
 */
async function readCommandSheets(
  context: Excel.RequestContext,
  owned: OwnedSheet,
  options: { readonly ownedCells?: boolean; readonly charts?: boolean },
): Promise<CommandSheets | { status: 'invalid'; message: string }> {
  const workbook = context.workbook;
  const sheet = workbook.worksheets.getActiveWorksheet();
  const cell = workbook.getSelectedRange().getCell(0, 0);
  const used = sheet.getUsedRangeOrNullObject(true);
  const [capacitySheet, settingsSheet, ownedSheet] = [CAPACITY_SHEET, SETTINGS_SHEET, owned.sheet].map((name) => workbook.worksheets.getItemOrNullObject(name));
  sheet.load('name');
  cell.load('address');
  used.load(['address', 'values', 'formulas']);
  for (const s of [capacitySheet, settingsSheet, ownedSheet]) s.load('name');
  await context.sync();
  // The core's rule, asked before the second read: nothing more to fetch for a refusal.
  const mine = ownedSheetProblem(sheet.name, owned);
  if (mine) return { status: 'invalid', message: mine };
  const usedOf = (s: Excel.Worksheet) => (s.isNullObject ? undefined : s.getUsedRangeOrNullObject(true));
  const capacityUsed = usedOf(capacitySheet);
  const settingsUsed = usedOf(settingsSheet);
  const ownedUsed = options.ownedCells ? usedOf(ownedSheet) : undefined;
  const ownedCharts = options.charts && !ownedSheet.isNullObject ? ownedSheet.charts : undefined;
  for (const r of [capacityUsed, settingsUsed, ownedUsed]) r?.load(['address', 'values']);
  ownedCharts?.load('items/name');
  if (capacityUsed || settingsUsed || ownedUsed || ownedCharts) await context.sync();
  const grid = (r: Excel.Range | undefined) => (!r ? undefined : r.isNullObject ? [] : gridFromA1(r.address, r.values));
  return {
    // Merged header cells read as blank headers, which the core refuses by name.
    snapshot: snapshotOf(sheet.name, used, cell.address),
    capacityGrid: grid(capacityUsed),
    settingsGrid: grid(settingsUsed),
    ownedGrid: grid(ownedUsed),
    owned: ownedSheet.isNullObject ? undefined : ownedSheet,
    ownedCharts,
  };
}

/**
 * The sheet under the selection as the core reads it, from its used range (loaded: address,
 * values, formulas) and the selected cell's address. Merged areas are left to the caller.
 */
function snapshotOf(sheet: string, used: Excel.Range, selected: string): SheetSnapshot {
  const origin = used.isNullObject ? { row: 1, col: 1 } : rangeOf(used.address).start;
  return {
    sheet,
    top: origin.row,
    left: origin.col,
    values: used.isNullObject ? [] : used.values.map((row) => row.map(cellOf)),
    formulas: used.isNullObject ? [] : used.formulas.map((row) => row.map(formulaOf)),
    selection: rangeOf(selected).start,
    merged: [],
  };
}

/**
 * A used range's formulas for Repair BTM formulas: Range.formulas holds constants too, and text
 * typed with a leading apostrophe ('=BTM_NPV(...) kept as text) reads there as "=..." just like a
 * formula. Such a cell's value is the same text, where a formula's value is its result, so a cell
 * whose formula equals its value is a constant and goes to the core as '' (never rewritten).
 */
function repairFormulasOf(sheet: string, used: Excel.Range): SheetFormulas {
  if (used.isNullObject) return { sheet, top: 1, left: 1, formulas: [] };
  const { start } = rangeOf(used.address);
  const values = used.values;
  const formulas = used.formulas.map((row, r) => row.map((f, c) => (typeof f === 'string' && f.startsWith('=') && f !== values[r]?.[c] ? f : '')));
  return { sheet, top: start.row, left: start.col, formulas };
}

/** A used range's cells as the core reads a sheet from A1: blanks above and left of it. */
function gridFromA1(address: string, values: unknown[][]): CellValue[][] {
  const { start } = rangeOf(address);
  const pad: CellValue[] = Array(start.col - 1).fill(null);
  return [...Array.from({ length: start.row - 1 }, () => [] as CellValue[]), ...values.map((row) => [...pad, ...row.map(cellOf)])];
}

/**
 * An Office.js failure (an API this Excel lacks, a protected sheet, a lost connection) as an
 * Error with plain words, which the panel shows. OfficeExtension.Error carries message and code.
 */
function plainFailure(what: string, e: unknown): Error {
  const x = (typeof e === 'object' && e !== null ? e : {}) as { message?: unknown; code?: unknown };
  const message = typeof x.message === 'string' && x.message ? x.message : typeof e === 'string' && e ? e : 'no reason given';
  const code = typeof x.code === 'string' && x.code && !message.includes(x.code) ? ` (${x.code})` : '';
  return new Error(`Excel could not ${what}: ${message}${code}`);
}

async function plainly<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw plainFailure(what, e);
  }
}

export interface ExcelBridgeOptions {
  /** Solves Plan capacity's selection problems (default: the installed solver, solveSelection). */
  readonly solve?: SelectionSolver;
}

/** Points per character of a column's width in the owned sheet (Excel's default font). */
const POINTS_PER_CHAR = 6;

/** The owned sheet's block from A1 for a layout of rows x cols, e.g. A1:H61. */
const blockAddress = (top: number, left: number, rows: number, cols: number) =>
  `${columnLetters(left)}${top}:${columnLetters(left + cols - 1)}${top + rows - 1}`;

/** Whole columns, e.g. C:E for 3 columns from C (1-based). */
const columnsAddress = (from: number, count: number) => `${columnLetters(from)}:${columnLetters(from + count - 1)}`;

/** What an owned or template sheet sets on its block from A1 besides values and number formats (0-based rows and columns). */
interface CellFormats {
  readonly fills: readonly (readonly (string | null)[])[];
  readonly fontColors?: readonly (readonly (string | null)[])[];
  readonly boldRows: readonly number[];
  readonly boldCells?: readonly (readonly [number, number])[];
}

/**
 * The whole block's fills, font colours and bold as Range.setCellProperties data (ExcelApi 1.9):
 * one element per cell of rows x cols, holding only what the layout sets (a cell with nothing
 * set is `{}`, which leaves it as the clear left it: no fill, default font).
 */
function cellProperties(
  rows: number,
  cols: number,
  layout: CellFormats,
): Excel.SettableCellProperties[][] {
  const boldRows = new Set(layout.boldRows);
  const boldCells = new Set((layout.boldCells ?? []).map(([r, c]) => r * cols + c));
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, c) => {
      const fill = layout.fills[r]?.[c] ?? null;
      const color = layout.fontColors?.[r]?.[c] ?? null;
      const bold = boldRows.has(r) || boldCells.has(r * cols + c);
      if (!fill && !color && !bold) return {};
      const font: Excel.CellPropertiesFont = {};
      if (color) font.color = color;
      if (bold) font.bold = true;
      return { format: { ...(fill ? { fill: { color: fill } } : {}), ...(color || bold ? { font } : {}) } };
    }),
  );
}

/** Runs of equal fills along each row (0-based row and column), so an Excel without setCellProperties colours a block per run. */
function fillRuns(fills: readonly (readonly (string | null)[])[]): { row: number; col: number; cols: number; color: string }[] {
  const runs: { row: number; col: number; cols: number; color: string }[] = [];
  fills.forEach((line, row) => {
    for (let col = 0; col < line.length; ) {
      const color = line[col];
      let end = col + 1;
      while (end < line.length && line[end] === color) end++;
      if (color) runs.push({ row, col, cols: end - col, color });
      col = end;
    }
  });
  return runs;
}

/** Consecutive rows as runs (0-based first row and count): the bold rows in as few blocks as they allow. */
function rowRuns(rows: readonly number[]): { row: number; rows: number }[] {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const runs: { row: number; rows: number }[] = [];
  for (const r of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.row + last.rows === r) last.rows++;
    else runs.push({ row: r, rows: 1 });
  }
  return runs;
}

/** Single bold cells outside the bold rows (the roadmap's gate letters), as runs along each row. */
function boldCellRuns(cells: readonly (readonly [number, number])[] | undefined, boldRows: readonly number[]): { row: number; col: number; cols: number }[] {
  const skip = new Set(boldRows);
  const sorted = [...new Set((cells ?? []).filter(([r]) => !skip.has(r)).map(([r, c]) => `${r},${c}`))]
    .map((k) => k.split(',').map(Number) as [number, number])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const runs: { row: number; col: number; cols: number }[] = [];
  for (const [row, col] of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.row === row && last.col + last.cols === col) last.cols++;
    else runs.push({ row, col, cols: 1 });
  }
  return runs;
}

/**
 * Queues the block's fills, font colours and bold: with ExcelApi 1.9 in one setCellProperties call
 * on the whole block; an older Excel gets them by runs of equal colour along each row, bold rows by
 * runs of rows and single bold cells by runs along a row (many queued commands, one round trip).
 */
function queueCellFormats(target: Excel.Worksheet, block: Excel.Range, rows: number, cols: number, layout: CellFormats, hasApi: ExcelApiCheck): void {
  if (hasApi('1.9')) {
    block.setCellProperties(cellProperties(rows, cols, layout));
    return;
  }
  const rowRun = (run: { row: number; col: number; cols: number }) => target.getRange(blockAddress(run.row + 1, run.col + 1, 1, run.cols)).format;
  for (const run of fillRuns(layout.fills)) rowRun(run).fill.color = run.color;
  for (const run of fillRuns(layout.fontColors ?? [])) rowRun(run).font.color = run.color;
  for (const run of rowRuns(layout.boldRows)) target.getRange(blockAddress(run.row + 1, 1, run.rows, cols)).format.font.bold = true;
  for (const run of boldCellRuns(layout.boldCells, layout.boldRows)) rowRun(run).font.bold = true;
}

/** Excel's column widths are in points; the roadmap's and the template's in pixels (96 dpi: 0.75 points each). */
const POINTS_PER_PIXEL = 0.75;

/** Queues widths by runs of equal width (1-based columns, pixels), then hides the block of columns the layout hides. */
function queueColumns(target: Excel.Worksheet, widths: readonly { col: number; cols: number; pixels: number }[], hidden: { from: number; count: number }): void {
  for (const run of widths) target.getRange(columnsAddress(run.col, run.cols)).format.columnWidth = run.pixels * POINTS_PER_PIXEL;
  if (hidden.count > 0) target.getRange(columnsAddress(hidden.from, hidden.count)).columnHidden = true;
}

/**
 * Queues the owned sheet's content (values, number formats, fills, bold rows, column widths and
 * the frontier chart); the caller's one sync applies it. With ExcelApi 1.9 the fills and bold
 * rows go in one setCellProperties call on the whole block; an older Excel gets them by runs of
 * equal colour along a row and runs of bold rows (a few hundred queued commands for 1,000
 * initiatives, one round trip all the same).
 */
function writeOwnedSheet(target: Excel.Worksheet, layout: CapacitySheet, hasApi: ExcelApiCheck): void {
  const rows = layout.values.length;
  const cols = Math.max(1, ...layout.values.map((r) => r.length));
  if (rows === 0) return;
  const block = target.getRange(blockAddress(1, 1, rows, cols));
  block.numberFormat = ownedSheetFormats(layout.formats);
  block.values = ownedSheetValues(layout.values);
  queueCellFormats(target, block, rows, cols, layout, hasApi);
  columnChars(layout.values).forEach((chars, k) => {
    target.getRange(columnsAddress(k + 1, 1)).format.columnWidth = chars * POINTS_PER_CHAR;
  });
  const c = layout.chart;
  if (c) {
    const chart = target.charts.add('XYScatterLines', target.getRange(blockAddress(c.top, c.left, c.rows, c.cols)), 'Columns');
    chart.title.text = c.title;
    chart.legend.visible = false;
    chart.axes.categoryAxis.title.text = 'Total budget';
    chart.axes.valueAxis.title.text = 'Best value';
    // Beside the frontier's table, right of everything else on the sheet.
    chart.setPosition(`${columnLetters(cols + 2)}${c.top}`, `${columnLetters(cols + 9)}${c.top + 17}`);
  }
}

/**
 * Queues the BTM Roadmap sheet's whole content on an empty (or new) sheet; the caller's one sync
 * applies it. The values in one assignment of the whole block (text made safe by asTextCell);
 * with ExcelApi 1.9 the fills, font colours and bold (header rows and gate letters) in one
 * setCellProperties call on the same block; an older Excel gets them by runs of equal colour
 * along each row, bold rows by runs of rows and bold gate letters by runs along a row (a few
 * thousand queued commands for 500 initiatives over 36 months, one round trip all the same).
 * Widths go by runs of equal width. Frozen panes need ExcelApi 1.7, print settings 1.9: an
 * older Excel gets the roadmap without them.
 */
function writeRoadmapSheet(target: Excel.Worksheet, layout: RoadmapLayout, hasApi: ExcelApiCheck): void {
  const rows = layout.values.length;
  const cols = Math.max(1, ...layout.values.map((r) => r.length));
  if (rows === 0) return;
  const rectangle = <T>(grid: readonly (readonly T[])[], blank: T): T[][] =>
    Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => grid[r]?.[c] ?? blank));
  const block = target.getRange(blockAddress(1, 1, rows, cols));
  block.values = ownedSheetValues(rectangle(layout.values, null));
  queueCellFormats(target, block, rows, cols, layout, hasApi);
  queueColumns(target, widthRuns(layout.columnWidths), layout.hiddenColumns);
  if (hasApi('1.7')) {
    const panes = target.freezePanes;
    panes.unfreeze();
    if (layout.frozenRows > 0 && layout.frozenCols > 0) panes.freezeAt(target.getRange(blockAddress(1, 1, layout.frozenRows, layout.frozenCols)));
    else if (layout.frozenRows > 0) panes.freezeRows(layout.frozenRows);
    else if (layout.frozenCols > 0) panes.freezeColumns(layout.frozenCols);
  }
  if (hasApi('1.9')) {
    // One landscape page wide, as many pages tall as it takes; the header rows on every page.
    const page = target.pageLayout;
    page.orientation = 'Landscape';
    page.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
    if (layout.frozenRows > 0) page.setPrintTitleRows(`$1:$${layout.frozenRows}`);
  }
}

/**
 * Queues one template sheet's content on a sheet added in the same batch; the caller's one sync
 * applies it. The cells from A1 in one assignment of Range.formulas, which takes constants as well
 * as formulas (null leaves a cell as it is: on a new sheet, empty, as the cells a spill will cover
 * must be); number formats in one assignment; with ExcelApi 1.9 the fills and bold rows in one
 * setCellProperties call, else by runs of equal fill along each row and runs of bold rows; widths
 * by runs of equal width; the hidden block of columns; the frozen header rows. The list validations come later, once the named
 * ranges they draw from are queued.
 */
function writeTemplateSheet(target: Excel.Worksheet, sheet: SheetWrite, hasApi: ExcelApiCheck): void {
  const { rows, cols } = sheet;
  if (rows > 0) {
    const block = target.getRange(blockAddress(1, 1, rows, cols));
    block.numberFormat = sheet.formats;
    block.formulas = sheet.cells;
    queueCellFormats(target, block, rows, cols, sheet, hasApi);
  }
  queueColumns(target, sheet.widths, sheet.hiddenColumns);
  if (sheet.frozenRows > 0) target.freezePanes.freezeRows(sheet.frozenRows);
}

export function excelBridge(run: ExcelRun, hasApi: ExcelApiCheck = officeApiCheck, options: ExcelBridgeOptions = {}): HostBridge {
  /** The Plan capacity run that cancel() stops. */
  let current: { cancelled: boolean } | undefined;
  return {
    host: 'excel',
    selection: () =>
      run(async (context) => {
        const range = context.workbook.getSelectedRange();
        range.load('address');
        await context.sync();
        return range.address;
      }),
    insertBusinessCase: (request: InsertRequest) =>
      run(async (context): Promise<InsertResponse> => {
        const selected = context.workbook.getSelectedRange();
        const target = selected.getCell(0, 0);
        const block = target.getResizedRange(BUSINESS_CASE_SIZE.rows - 1, BUSINESS_CASE_SIZE.cols - 1);
        selected.load('address');
        block.load(['values', 'formulas']);
        await context.sync();
        const plan = planBusinessCase(request.form, 'excel', selected.address);
        if ('status' in plan) return plan;
        const conflict = spillConflict(plan, block.values.map((row) => row.map(cellOf)), block.formulas as string[][]);
        if (conflict && !request.overwrite) return { status: 'confirm', message: conflict };
        target.formulas = [[plan.formula]];
        await context.sync();
        return { status: 'inserted', address: selected.address.split(':')[0], formula: plan.formula };
      }),

    // Three round trips whatever the table's size: (1) the sheet, the selection, the table under
    // it, the settings; (2) what depends on (1): the ListObject's range, the BTM Settings cells,
    // the merged cells of the header row; (3) the write.
    scoreDemand: (request: ScoreDemandRequest) =>
      plainly('score the demand', () =>
        run(async (context): Promise<ScoreDemandResponse> => {
          const workbook = context.workbook;
          const sheet = workbook.worksheets.getActiveWorksheet();
          const cell = workbook.getSelectedRange().getCell(0, 0); // a whole-column selection has no A1 corner in its address
          const used = sheet.getUsedRangeOrNullObject(true);
          const settingsSheet = workbook.worksheets.getItemOrNullObject(SETTINGS_SHEET);
          const stored = workbook.settings.getItemOrNullObject(OVERRIDES_SETTING);
          const tables = hasApi('1.9') ? cell.getTables(false) : undefined; // ExcelApi 1.9; without it, the block around the selection
          sheet.load('name');
          cell.load('address');
          used.load(['address', 'values', 'formulas']);
          stored.load('value');
          tables?.load('items/name,items/showTotals');
          await context.sync();

          const snapshot = snapshotOf(sheet.name, used, cell.address);
          const table = tables && tables.items.length > 0 ? tables.items[0] : undefined;
          // The table's header and data rows: a totals row is not a demand.
          const tableRange = table ? (table.showTotals ? table.getRange().getResizedRange(-1, 0) : table.getRange()) : undefined;
          tableRange?.load('address');
          const settingsUsed = settingsSheet.isNullObject ? undefined : settingsSheet.getUsedRangeOrNullObject(true);
          settingsUsed?.load(['address', 'values']);
          // Merged cells matter only in the header row (Excel allows none inside a ListObject).
          // When the core finds the table without knowing of any merges, only its header row is
          // asked for: getMergedAreas fails outright beyond 512 areas, and a body full of merged
          // notes must not stop the command. When it refuses the table (a blank header, which a
          // merge also makes), merges can only change the reason, so the used range is asked for.
          // Without ExcelApi 1.13 no merges are read: a merged header then reads as a column
          // without a header, which the core refuses too.
          const found = table || used.isNullObject || !hasApi('1.13') ? undefined : findDemandTable(snapshot);
          const mergedAreas = !found
            ? undefined
            : 'problem' in found
              ? used.getMergedAreasOrNullObject()
              : sheet.getRange(`${columnLetters(found.left)}${found.top}:${columnLetters(found.left + found.width - 1)}${found.top}`).getMergedAreasOrNullObject();
          mergedAreas?.load('address');
          await context.sync();

          const complete: SheetSnapshot = {
            ...snapshot,
            merged: mergedAreas && !mergedAreas.isNullObject ? areasOf(mergedAreas.address) : [],
            listObject: tableRange ? rangeOf(tableRange.address) : undefined,
          };
          const settingsGrid = settingsUsed && !settingsUsed.isNullObject ? gridFromA1(settingsUsed.address, settingsUsed.values) : undefined;
          const chosen = textRecord(request?.overrides);
          const overrides = chosen ?? rememberedChoices(stored.isNullObject ? undefined : stored.value);
          const { plan, response } = prepareScoreDemand(complete, settingsGrid, 'excel', overrides);
          if (!plan) return response;

          // Written as formulas, so only the core's own text goes in: the header row from its
          // constant list, the second row formulas it built.
          const problem = scoreBlockProblem(plan.cells);
          if (problem) throw new Error(problem);
          sheet.getRange(planAddress(plan)).formulas = plan.cells;
          if (chosen) workbook.settings.add(OVERRIDES_SETTING, JSON.stringify(chosen));
          await context.sync();
          return response;
        }),
      ),

    // Three round trips whatever the portfolio's size: (1) the sheet under the selection and
    // which of the Capacity, BTM Settings and owned sheets exist; (2) those sheets' cells and the
    // owned sheet's charts (Office.js documents no methods on a null object, so nothing is asked
    // of a sheet before it is known to exist); the plan runs here (the solver in a Web Worker when
    // the task pane installed one); (3) the owned sheet's whole content. Nothing outside the
    // owned sheet is written.
    planCapacity: (request: PlanCapacityRequest, progress: (p: Progress) => void) => {
      const mine = { cancelled: false };
      current = mine;
      return plainly('plan capacity', () =>
        run(async (context): Promise<PlanCapacityResponse> => {
          const workbook = context.workbook;
          const read = await readCommandSheets(context, PLAN_OWNED, { charts: true });
          if ('status' in read) return read;
          if (mine.cancelled) return { status: 'cancelled' };
          const { snapshot, capacityGrid, settingsGrid, owned, ownedCharts } = read;
          const inputs = readPlanCapacity(snapshot, capacityGrid, settingsGrid, planCapacityRequest(request));
          if ('status' in inputs) return inputs;

          const planned = await planUnlessCancelled(inputs, options.solve ?? solveSelection, mine, progress);
          if ('status' in planned) return planned;

          // The owned sheet, emptied (its charts too) or created; no other sheet is touched.
          let target: Excel.Worksheet;
          if (!owned || !ownedCharts) {
            target = workbook.worksheets.add(OWNED_CAPACITY_SHEET);
          } else {
            target = owned;
            target.getRange().clear();
            ownedCharts.items.forEach((chart) => chart.delete());
          }
          writeOwnedSheet(target, planned, hasApi);
          await context.sync();
          return planned.response;
        }),
      ).finally(() => {
        if (current === mine) current = undefined;
      });
    },

    cancel: () => {
      if (current) current.cancelled = true;
    },

    // Three round trips whatever the portfolio's size: (1) the sheet under the selection and
    // which of the Capacity, BTM Settings and BTM Roadmap sheets exist; (2) those sheets' cells
    // (nothing is asked of a sheet before a sync says it exists); the core schedules and lays out
    // the roadmap, comparing with the previous version kept in the owned sheet's hidden columns;
    // (3) the owned sheet's whole content. A user's edit of the owned sheet stops before (3) with
    // a question. Nothing outside the owned sheet is written.
    generateRoadmap: (request: RoadmapRequest) =>
      plainly('generate the roadmap', () =>
        run(async (context): Promise<RoadmapResponse> => {
          const workbook = context.workbook;
          const read = await readCommandSheets(context, ROADMAP_OWNED, { ownedCells: true });
          if ('status' in read) return read;
          const { snapshot, capacityGrid, settingsGrid, owned, ownedGrid } = read;
          const { layout, response } = prepareRoadmap(snapshot, capacityGrid, settingsGrid, ownedGrid, roadmapRequest(request));
          if (!layout || response.status !== 'written') return response;

          // The owned sheet emptied (cells, formats, hidden columns) or created; no other sheet is touched.
          let target: Excel.Worksheet;
          if (!owned) {
            target = workbook.worksheets.add(ROADMAP_SHEET);
          } else {
            target = owned;
            const all = target.getRange();
            all.clear();
            all.columnHidden = false;
          }
          writeRoadmapSheet(target, layout, hasApi);
          await context.sync();
          return layout.response;
        }),
      ),

    // Three round trips whatever the number of sheets and cells: (1) the worksheets' names;
    // (2) every sheet's used range (address, values, formulas), all queued before one sync (a
    // sheet is only asked for its used range once a sync has listed it); the core plans the
    // repair; (3) one assignment of Range.formulas per sheet that changes: the plan's bounding
    // block, null in every cell that stays (Office.js leaves a cell unchanged for a null entry),
    // so constants and formulas already right are never written. Nothing changes: no sync (3).
    repairFormulas: () =>
      plainly('repair the BTM formulas', () =>
        run(async (context): Promise<RepairResponse> => {
          const worksheets = context.workbook.worksheets;
          worksheets.load('items/name');
          await context.sync();

          const sheets = worksheets.items.map((sheet) => {
            const used = sheet.getUsedRangeOrNullObject(true);
            used.load(['address', 'values', 'formulas']);
            return { sheet, used };
          });
          if (sheets.length > 0) await context.sync();

          const plan = planRepairFormulas(
            sheets.map(({ sheet, used }) => repairFormulasOf(sheet.name, used)),
            'excel',
          );
          let writes = 0;
          plan.sheets.forEach((repair, k) => {
            if (!repair.bounding) return;
            sheets[k].sheet.getRange(repair.bounding.address).formulas = repair.bounding.cells.map((row) => [...row]);
            writes++;
          });
          if (writes > 0) await context.sync();
          return repairResponse(plan);
        }),
      ),

    // Two round trips whatever the template's size: (1) the names of the worksheets and of the
    // workbook-scoped defined names; the core builds the template around them (clashing names get
    // a suffix) and plans its writes; (2) every template sheet added after the existing ones, the
    // named ranges, each sheet's content (writeTemplateSheet), the list validations drawing from
    // the names, then the Demand sheet shown. Nothing that exists is changed. Needs ExcelApi 1.8 (list
    // validation; 1.8 includes 1.7's frozen panes and 1.4's names.add): without it, nothing is
    // written and the panel says why.
    insertTemplate: () => {
      let writing = false;
      return run(async (context): Promise<InsertTemplateResponse> => {
          if (!hasApi('1.8')) {
            return {
              status: 'invalid',
              message: 'Insert template needs a newer Excel (Excel 2019 or later, Microsoft 365 or Excel on the web) for its drop-down lists; nothing was inserted.',
            };
          }
          const workbook = context.workbook;
          workbook.worksheets.load('items/name');
          workbook.names.load('items/name');
          await context.sync();

          const plan = planInsertTemplate(
            'excel',
            { sheets: workbook.worksheets.items.map((s) => s.name), names: workbook.names.items.map((n) => n.name) },
            (host, existing) => buildTemplate(host, existing, { year: planningYear(new Date()) }),
          );
          if ('status' in plan) return plan;

          // The sheets at the end, after the existing ones; then the workbook-scoped names, so the
          // formulas and the lists that read them find them defined; then the cells and the lists.
          const added = new Map<string, Excel.Worksheet>();
          for (const sheet of plan.sheets) added.set(sheet.name, workbook.worksheets.add(sheet.name));
          const on = (sheet: string) => {
            const target = added.get(sheet);
            if (!target) throw new Error(`the template plan names a sheet it does not create (${sheet}); nothing was written`);
            return target;
          };
          for (const name of plan.names) workbook.names.add(name.name, on(name.sheet).getRange(name.range));
          for (const sheet of plan.sheets) writeTemplateSheet(on(sheet.name), sheet, hasApi);
          for (const sheet of plan.sheets) {
            for (const v of sheet.validations) {
              const validation = on(sheet.name).getRange(v.range).dataValidation;
              validation.rule = { list: { inCellDropDown: true, source: `=${v.listName}` } };
              // Stop: a value outside the DMO's list is refused, not merely warned about (see core/commands/insert-template.ts).
              validation.errorAlert = {
                showAlert: true,
                style: 'Stop',
                title: 'Not in the list',
                message: v.help,
              };
            }
          }
          if (plan.activate) on(plan.activate).activate();
          writing = true;
          await context.sync();
          return plan.response;
        }).catch((e: unknown): InsertTemplateResponse => {
          // A host failure in plain words, next to the button. Office.js runs a batch's commands in
          // order up to the failing one (OfficeExtension.Error.traceMessages lists those that ran):
          // sheets added before it stay, so the panel says so.
          return templateFailure(plainFailure('insert the template', e), writing);
        });
    },

    writeSettingsSheet: () =>
      plainly(`write the ${SETTINGS_SHEET} sheet`, () =>
        run(async (context): Promise<SettingsSheetResponse> => {
          const existing = context.workbook.worksheets.getItemOrNullObject(SETTINGS_SHEET);
          await context.sync();
          if (!existing.isNullObject) return SETTINGS_SHEET_EXISTS;
          // The core's defaults: constants, none of them text that Excel would read as a formula.
          const grid = settingsToGrid(DEFAULT_SETTINGS);
          const block: RangeRef = { sheet: SETTINGS_SHEET, start: { row: 1, col: 1 }, end: { row: grid.length, col: grid[0].length } };
          const created = context.workbook.worksheets.add(SETTINGS_SHEET);
          created.getRange(formatRange(block, false)).values = grid.map((row) => row.map((c) => (c === null ? '' : c))) as (string | number | boolean)[][];
          await context.sync();
          return { status: 'created', address: formatRange(block) };
        }),
      ),
  };
}
