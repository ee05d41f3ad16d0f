// Apps Script server side of the sidebar: the add-on menu and the commands the panel calls
// through google.script.run. Each command reads once and writes once; Plan capacity also keeps
// its progress and a cancel flag in the user's cache, for the sidebar's other calls to reach.
import {
  InsertRequest,
  InsertResponse,
  CellValue,
  DEFAULT_SETTINGS,
  RangeRef,
  SETTINGS_SHEET,
  ScoreDemandRequest,
  ScoreDemandResponse,
  SheetSnapshot,
  planBusinessCase,
  prepareScoreDemand,
  quoteSheet,
  settingsToGrid,
  spillConflict,
  formatRange,
} from '../core';
import {
  CAPACITY_SHEET,
  CapacitySheet,
  OWNED_CAPACITY_SHEET,
  PlanCapacityResponse,
  Progress,
  planCapacity,
  readPlanCapacity,
  PLAN_OWNED,
} from '../core/commands/plan-capacity';
import { OwnedSheet, ownedSheetProblem } from '../core/commands/demand-and-capacity';
import { ROADMAP_OWNED, ROADMAP_SHEET, RoadmapLayout, RoadmapResponse, prepareRoadmap } from '../core/commands/generate-roadmap';
import { planRepairFormulas } from '../core/commands/repair-formulas';
import { InsertTemplateResponse, SheetWrite, planInsertTemplate, widthRuns } from '../core/commands/insert-template';
import { buildTemplate, planningYear } from '../core/template/template';
import { solveSelection } from '../core/capacity/solver';
import { OVERRIDES_SETTING, SETTINGS_SHEET_EXISTS, columnChars, ownedSheetFormats, ownedSheetValues, planCapacityRequest, rememberedChoices, repairResponse, roadmapRequest, textRecord } from '../panel/bridge';
import type { RepairResponse, SettingsSheetResponse } from '../panel/bridge';
import { DateReader, argFromSheets, spreadsheetDates } from './custom-functions';

export const SIDEBAR_FILE = 'sidebar';
export const ADDON_TITLE = 'BTM Portfolio';

export function onOpen(): void {
  SpreadsheetApp.getUi().createAddonMenu().addItem('Open panel', 'showSidebar').addToUi();
}

export function onInstall(): void {
  onOpen();
}

export function showSidebar(): void {
  const html = HtmlService.createHtmlOutputFromFile(SIDEBAR_FILE).setTitle(ADDON_TITLE);
  SpreadsheetApp.getUi().showSidebar(html);
}

function activeAddress(): string {
  const range = SpreadsheetApp.getActiveRange();
  if (!range) throw new Error('Select a range first.');
  return `${quoteSheet(range.getSheet().getName())}!${range.getA1Notation()}`;
}

/** The selected range, sheet included, for the panel's "Use selection" buttons. */
export function panelSelection(): string {
  return activeAddress();
}

export function panelInsertBusinessCase(request: InsertRequest): InsertResponse {
  const range = SpreadsheetApp.getActiveRange();
  if (!range) return { status: 'invalid', field: 'target', message: 'Select the cell where the summary should go.' };
  const sheet = range.getSheet();
  const plan = planBusinessCase(request.form, 'sheets', `${quoteSheet(sheet.getName())}!${range.getA1Notation()}`);
  if ('status' in plan) return plan;
  const block = sheet.getRange(formatRange(plan.spill, false));
  const conflict = spillConflict(plan, cellsFromSheets(block.getValues(), spreadsheetDates()), block.getFormulas());
  if (conflict && !request.overwrite) return { status: 'confirm', message: conflict };
  sheet.getRange(formatRange(plan.target, false)).setFormula(plan.formula);
  return { status: 'inserted', address: formatRange(plan.target), formula: plan.formula };
}

// ---------------------------------------------------------------------------------------------
// Score demand: one read of the sheet under the selection (values, formulas, merged areas), the
// BTM Settings sheet and the remembered column choices; the core's plan; one write of the block.


/** Sheets' values as the core's cells: "" -> null, Date -> serial date (as custom functions read them). */
function cellsFromSheets(values: unknown[][], dates: () => DateReader): CellValue[][] {
  return argFromSheets(values, dates) as CellValue[][];
}

function rangeRef(r: GoogleAppsScript.Spreadsheet.Range): RangeRef {
  const row = r.getRow();
  const col = r.getColumn();
  return { start: { row, col }, end: { row: row + r.getNumRows() - 1, col: col + r.getNumColumns() - 1 } };
}

/**
 * The one read of the sheet under the selection. The data range starts at A1 and ends at the
 * last cell with content, so every cell outside it is empty. Sheets has no Excel tables
 * (ListObjects): the table is the block around the selection.
 */
function sheetSnapshot(range: GoogleAppsScript.Spreadsheet.Range, dates: () => DateReader): SheetSnapshot {
  const sheet = range.getSheet();
  const data = sheet.getDataRange();
  return {
    sheet: sheet.getName(),
    top: 1,
    left: 1,
    values: cellsFromSheets(data.getValues(), dates),
    formulas: data.getFormulas(),
    selection: { row: range.getRow(), col: range.getColumn() },
    merged: data.getMergedRanges().map(rangeRef),
  };
}

/** A named sheet's cells from A1 in one read; undefined when the workbook has no such sheet. */
function sheetGrid(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, name: string, dates: () => DateReader): CellValue[][] | undefined {
  const sheet = spreadsheet.getSheetByName(name);
  return sheet ? cellsFromSheets(sheet.getDataRange().getValues(), dates) : undefined;
}

export function panelScoreDemand(request: ScoreDemandRequest): ScoreDemandResponse {
  const range = SpreadsheetApp.getActiveRange();
  if (!range) return { status: 'invalid', message: 'Select a cell inside your demand table first.' };
  const sheet = range.getSheet();
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const dates = spreadsheetDates();

  const snapshot = sheetSnapshot(range, dates);
  const settingsGrid = sheetGrid(spreadsheet, SETTINGS_SHEET, dates);
  const chosen = textRecord(request?.overrides);
  const overrides = chosen ?? rememberedChoices(PropertiesService.getDocumentProperties().getProperty(OVERRIDES_SETTING));

  const { plan, response } = prepareScoreDemand(snapshot, settingsGrid, 'sheets', overrides);
  if (!plan) return response;

  // The one write: headers as plain values, formulas as formulas; two calls whatever the rows.
  const { row, col } = plan.block.start;
  const width = plan.block.end.col - col + 1;
  sheet.getRange(row, col, 1, width).setValues([plan.cells[0]]);
  sheet.getRange(row + 1, col, 1, width).setFormulas([plan.cells[1]]);
  if (chosen) PropertiesService.getDocumentProperties().setProperty(OVERRIDES_SETTING, JSON.stringify(chosen));
  return response;
}

interface CommandSheets {
  readonly spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet;
  readonly dates: () => DateReader;
  readonly snapshot: SheetSnapshot;
  readonly capacityGrid?: CellValue[][];
  readonly settingsGrid?: CellValue[][];
}

/**
 * What Plan capacity and Generate roadmap read before they plan: the sheet under the selection,
 * the Capacity and BTM Settings sheets (undefined when absent). Refuses to plan from the sheet the
 * command writes (the core's rule), before reading anything more.
 */
function readCommandSheets(owned: OwnedSheet): CommandSheets | { status: 'invalid'; message: string } {
  const range = SpreadsheetApp.getActiveRange();
  if (!range) return { status: 'invalid', message: 'Select a cell inside your demand table first.' };
  const mine = ownedSheetProblem(range.getSheet().getName(), owned);
  if (mine) return { status: 'invalid', message: mine };
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const dates = spreadsheetDates();
  return {
    spreadsheet,
    dates,
    snapshot: sheetSnapshot(range, dates),
    capacityGrid: sheetGrid(spreadsheet, CAPACITY_SHEET, dates),
    settingsGrid: sheetGrid(spreadsheet, SETTINGS_SHEET, dates),
  };
}

/** Writes the default BTM Settings sheet, unless the spreadsheet already has one. */
export function panelWriteSettingsSheet(): SettingsSheetResponse {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  if (spreadsheet.getSheetByName(SETTINGS_SHEET)) {
    return SETTINGS_SHEET_EXISTS;
  }
  const grid = settingsToGrid(DEFAULT_SETTINGS);
  const width = grid[0].length;
  const sheet = spreadsheet.insertSheet(SETTINGS_SHEET);
  sheet.getRange(1, 1, grid.length, width).setValues(grid.map((r) => r.map((c) => (c === null ? '' : c))));
  return { status: 'created', address: formatRange({ sheet: SETTINGS_SHEET, start: { row: 1, col: 1 }, end: { row: grid.length, col: width } }) };
}

// ---------------------------------------------------------------------------------------------
// Plan capacity: one read (the sheet under the selection, the Capacity and BTM Settings sheets),
// the core's plan, one write of the owned BTM Capacity sheet: clear it, then one setValues, one
// setNumberFormats, one setBackgrounds, one setFontWeights, its column widths and one chart,
// whatever the portfolio's size. No other sheet changes.
//
// The sidebar cannot reach a running call, so both directions go through the user's cache
// (CacheService needs no OAuth scope): the run puts its progress under a key made from the run
// id the sidebar chose, which panelPlanCapacityProgress reads; panelCancelPlanCapacity puts a
// flag the run reads at most every CANCEL_CHECK_MS (each read is a service call).

/** How often a running Plan capacity looks at its cancel flag, at most. */
const CANCEL_CHECK_MS = 500;
/** How often it writes its progress, at most (a step of 5% or more is written at once). */
const PROGRESS_WRITE_MS = 500;
/** How long its cache entries live: longer than Apps Script's 6-minute limit on a call. */
const CACHE_SECONDS = 1800;
/** Pixels per character of a column's width in the owned sheet. */
const PIXELS_PER_CHAR = 7;

/** The run id as the sidebar sent it, when it is one (letters, digits, - and _): it becomes part of cache keys. */
function runKey(runId: unknown): string | undefined {
  return typeof runId === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(runId) ? `btm.planCapacity.${runId}` : undefined;
}

/** The last progress the run with this id stored, or null when there is none (yet). */
export function panelPlanCapacityProgress(runId: unknown): Progress | null {
  const key = runKey(runId);
  if (!key) return null;
  const text = CacheService.getUserCache().get(`${key}.progress`);
  if (!text) return null;
  try {
    const p = JSON.parse(text) as Progress;
    return typeof p.step === 'string' && typeof p.fraction === 'number' ? { step: p.step, fraction: p.fraction } : null;
  } catch {
    return null;
  }
}

/** Asks the run with this id to stop; it answers 'cancelled' and writes nothing. */
export function panelCancelPlanCapacity(runId: unknown): void {
  const key = runKey(runId);
  if (key) CacheService.getUserCache().put(`${key}.cancel`, '1', CACHE_SECONDS);
}

/** A new sheet for the add-in's output, the user left on the sheet they were on (insertSheet shows the new one). */
function insertBehind(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, name: string): GoogleAppsScript.Spreadsheet.Sheet {
  const active = spreadsheet.getActiveSheet();
  const sheet = spreadsheet.insertSheet(name);
  if (active) spreadsheet.setActiveSheet(active);
  return sheet;
}

/** Adds the rows and columns a sheet lacks (a new sheet has 1,000 x 26); maxColumns when already read. */
function growTo(sheet: GoogleAppsScript.Spreadsheet.Sheet, rows: number, cols: number, maxColumns = sheet.getMaxColumns()): void {
  const maxRows = sheet.getMaxRows();
  if (maxRows < rows) sheet.insertRowsAfter(maxRows, rows - maxRows);
  if (maxColumns < cols) sheet.insertColumnsAfter(maxColumns, cols - maxColumns);
}

/** Widths by runs of equal width (1-based columns, pixels): a call per run; then the block of columns the layout hides. */
function setColumns(sheet: GoogleAppsScript.Spreadsheet.Sheet, widths: readonly { col: number; cols: number; pixels: number }[], hidden: { from: number; count: number }): void {
  for (const run of widths) sheet.setColumnWidths(run.col, run.cols, Math.round(run.pixels));
  if (hidden.count > 0) sheet.hideColumns(hidden.from, hidden.count);
}

/** Writes the owned sheet: created or emptied (charts too), then filled in a fixed number of calls. */
function writeOwnedSheet(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, layout: CapacitySheet): void {
  const existing = spreadsheet.getSheetByName(OWNED_CAPACITY_SHEET);
  const sheet = existing ?? insertBehind(spreadsheet, OWNED_CAPACITY_SHEET);
  if (existing) {
    sheet.clear();
    for (const chart of sheet.getCharts()) sheet.removeChart(chart);
  }
  const rows = layout.values.length;
  const cols = Math.max(1, ...layout.values.map((r) => r.length));
  if (rows === 0) return;
  // The chart sits right of the block, in columns cols + 2 onwards.
  growTo(sheet, rows, cols + 10);
  const block = sheet.getRange(1, 1, rows, cols);
  block.setValues(ownedSheetValues(layout.values));
  block.setNumberFormats(ownedSheetFormats(layout.formats));
  block.setBackgrounds(layout.fills.map((r) => r.map((f) => f)));
  const bold = new Set(layout.boldRows);
  block.setFontWeights(layout.values.map((r, i) => r.map(() => (bold.has(i) ? 'bold' : 'normal'))));
  columnChars(layout.values).forEach((chars, k) => sheet.setColumnWidth(k + 1, chars * PIXELS_PER_CHAR));
  const c = layout.chart;
  if (c) {
    const chart = sheet
      .newChart()
      .asLineChart()
      .setTitle(c.title)
      .setXAxisTitle('Total budget')
      .setYAxisTitle('Best value')
      .addRange(sheet.getRange(c.top, c.left, c.rows, c.cols))
      .setNumHeaders(1)
      .setOption('legend', { position: 'none' })
      .setPosition(c.top, cols + 2, 0, 0)
      .build();
    sheet.insertChart(chart);
  }
}

/**
 * Plans capacity for the demand table under the selection and writes the BTM Capacity sheet.
 * `runId` (chosen by the sidebar) names the cache entries for progress and cancel.
 */
export async function panelPlanCapacity(request: unknown, runId?: unknown): Promise<PlanCapacityResponse> {
  const key = runKey(runId);
  const cache = key ? CacheService.getUserCache() : undefined;
  let lastCheck = -Infinity;
  let cancelled = false;
  /** The cancel flag, read from the cache at most every CANCEL_CHECK_MS (always when `now`). */
  const isCancelled = (now = false): boolean => {
    if (cancelled || !cache) return cancelled;
    const t = Date.now();
    if (now || t - lastCheck >= CANCEL_CHECK_MS) {
      lastCheck = t;
      cancelled = cache.get(`${key}.cancel`) !== null;
    }
    return cancelled;
  };
  let lastWrite = -Infinity;
  let lastFraction = -1;
  const onProgress = (p: Progress) => {
    if (!cache) return;
    const t = Date.now();
    if (t - lastWrite < PROGRESS_WRITE_MS && p.fraction - lastFraction < 0.05 && p.fraction < 1) return;
    lastWrite = t;
    lastFraction = p.fraction;
    cache.put(`${key}.progress`, JSON.stringify({ step: p.step, fraction: p.fraction }), CACHE_SECONDS);
  };
  try {
    if (isCancelled(true)) return { status: 'cancelled' };
    const read = readCommandSheets(PLAN_OWNED);
    if ('status' in read) return read;
    const { spreadsheet, snapshot, capacityGrid, settingsGrid } = read;
    const inputs = readPlanCapacity(snapshot, capacityGrid, settingsGrid, planCapacityRequest(request));
    if ('status' in inputs) return inputs;

    const planned = await planCapacity(inputs, { solve: solveSelection, isCancelled: () => isCancelled(), onProgress });
    if ('status' in planned) return planned;
    // A Cancel pressed while the last steps ran still stops the write.
    if (isCancelled(true)) return { status: 'cancelled' };
    writeOwnedSheet(spreadsheet, planned);
    return planned.response;
  } finally {
    if (cache) cache.remove(`${key}.cancel`);
  }
}

// ---------------------------------------------------------------------------------------------
// Generate roadmap: one read (the sheet under the selection with its formulas and merged areas;
// the Capacity, BTM Settings and BTM Roadmap sheets, one getValues each), the core's schedule
// and layout, then one write of the owned BTM Roadmap sheet: clear it, one setValues, one
// setBackgrounds, one setFontColors, one setFontWeights, the frozen rows and columns, the hidden
// block of the previous version and the column widths (a call per run of equal width: their
// number depends on the periods, not the initiatives). No other sheet changes.
//
// Print settings (landscape, one page wide) are not set: Apps Script has no API for a sheet's
// page setup; Sheets asks for them in its print dialog (File > Print).

/** Writes the owned roadmap sheet, created or emptied first, in a fixed number of calls. */
function writeRoadmapSheet(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  existing: GoogleAppsScript.Spreadsheet.Sheet | null,
  layout: RoadmapLayout,
): void {
  const sheet = existing ?? insertBehind(spreadsheet, ROADMAP_SHEET);
  const maxColumns = sheet.getMaxColumns();
  if (existing) {
    sheet.clear();
    // clear() keeps hidden columns hidden: show them all, the previous version's block included.
    sheet.showColumns(1, maxColumns);
  }
  const rows = layout.values.length;
  const cols = Math.max(1, ...layout.values.map((r) => r.length));
  if (rows === 0) return;
  // 36 months and the hidden block need more than a new sheet's 26 columns.
  growTo(sheet, rows, Math.max(cols, layout.columnWidths.length, layout.hiddenColumns.from + layout.hiddenColumns.count - 1), maxColumns);
  const rectangle = <T>(grid: readonly (readonly T[])[], blank: T): T[][] =>
    Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => grid[r]?.[c] ?? blank));
  const block = sheet.getRange(1, 1, rows, cols);
  block.setValues(ownedSheetValues(rectangle(layout.values, null)));
  block.setBackgrounds(rectangle(layout.fills, null));
  block.setFontColors(rectangle(layout.fontColors, null));
  const bold = new Set(layout.boldRows);
  block.setFontWeights(Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, () => (bold.has(r) ? 'bold' : 'normal'))));
  sheet.setFrozenRows(layout.frozenRows);
  sheet.setFrozenColumns(layout.frozenCols);
  setColumns(sheet, widthRuns(layout.columnWidths), layout.hiddenColumns);
}

/**
 * Generates the roadmap for the demand table under the selection and writes the BTM Roadmap
 * sheet. Answers 'confirm', writing nothing, when the user edited that sheet since the add-in
 * wrote it; the same request with replace: true then replaces it.
 */
export function panelGenerateRoadmap(request: unknown): RoadmapResponse {
  const read = readCommandSheets(ROADMAP_OWNED);
  if ('status' in read) return read;
  const { spreadsheet, dates, snapshot, capacityGrid, settingsGrid } = read;
  const owned = spreadsheet.getSheetByName(ROADMAP_SHEET);
  const ownedGrid = owned ? cellsFromSheets(owned.getDataRange().getValues(), dates) : undefined;

  const { layout, response } = prepareRoadmap(snapshot, capacityGrid, settingsGrid, ownedGrid, roadmapRequest(request));
  if (!layout || response.status !== 'written') return response;
  writeRoadmapSheet(spreadsheet, owned, layout);
  return response;
}

// ---------------------------------------------------------------------------------------------
// Repair BTM formulas: one read per sheet (its data range's formulas: '' where a cell holds a
// constant, so constants never reach the plan), the core's plan, then one setFormulas per block
// of changed cells. Not one write per sheet: setFormulas has no "leave this cell alone" entry,
// and '' in it empties the cell, so a block around all the changes would clear every constant
// and blank inside it. The plan's blocks hold only cells that change.

export function panelRepairFormulas(): RepairResponse {
  const sheets = SpreadsheetApp.getActiveSpreadsheet().getSheets();
  const read = sheets.map((sheet) => ({ sheet: sheet.getName(), top: 1, left: 1, formulas: sheet.getDataRange().getFormulas() }));
  const plan = planRepairFormulas(read, 'sheets');
  plan.sheets.forEach((repair, k) => {
    for (const block of repair.blocks) {
      sheets[k].getRange(block.top, block.left, block.cells.length, block.cells[0].length).setFormulas(block.cells.map((row) => [...row]));
    }
  });
  return repairResponse(plan);
}

// ---------------------------------------------------------------------------------------------
// Insert template: one read of the sheets (getSheets, a name each) and one of the named ranges
// (getNamedRanges, a name each), the core's plan, then a fixed number of calls per template sheet,
// name and list, whatever the template's rows: (1) per sheet insertSheet(name, index) after the
// last sheet, with rows or columns added when it needs more than a new sheet's 1,000 x 26; (2) one
// setNamedRange per name; (3) per sheet one setValues of the whole block (Range.setValues reads a
// string that begins with "=" as a formula, so formulas and constants go in the same call), one
// setNumberFormats, one setBackgrounds, one setFontWeights, setFrozenRows, one setColumnWidths per
// run of equal width and one hideColumns for the hidden block; (4) one setDataValidation per list
// (requireValueInRange on the named range's cells, with the drop-down, rejecting other values: see
// core/commands/insert-template.ts); then the Demand sheet shown. No existing sheet or name changes.

/** A sheet's cells for a parsed A1 range. */
function rangeOn(sheet: GoogleAppsScript.Spreadsheet.Sheet, ref: RangeRef): GoogleAppsScript.Spreadsheet.Range {
  return sheet.getRange(ref.start.row, ref.start.col, ref.end.row - ref.start.row + 1, ref.end.col - ref.start.col + 1);
}

/** Writes one template sheet's content in a fixed number of calls. */
function writeTemplateSheet(sheet: GoogleAppsScript.Spreadsheet.Sheet, s: SheetWrite): void {
  if (s.rows > 0) {
    const block = sheet.getRange(1, 1, s.rows, s.cols);
    // null (a cell the template leaves empty, e.g. one a formula's result spills into) goes as '': it stays empty.
    block.setValues(s.cells.map((row) => row.map((c) => (c === null ? '' : c))));
    block.setNumberFormats(s.formats);
    block.setBackgrounds(s.fills);
    const bold = new Set(s.boldRows);
    block.setFontWeights(s.cells.map((row, r) => row.map(() => (bold.has(r) ? 'bold' : 'normal'))));
  }
  if (s.frozenRows > 0) sheet.setFrozenRows(s.frozenRows);
  setColumns(sheet, s.widths, s.hiddenColumns);
}

export function panelInsertTemplate(): InsertTemplateResponse {
  const spreadsheet = SpreadsheetApp.getActive();
  const existing = spreadsheet.getSheets();
  const names = spreadsheet.getNamedRanges().map((n) => n.getName());
  const plan = planInsertTemplate('sheets', { sheets: existing.map((s) => s.getName()), names }, (host, have) =>
    buildTemplate(host, have, { year: planningYear(new Date()) }),
  );
  if ('status' in plan) return plan;

  const created = new Map<string, GoogleAppsScript.Spreadsheet.Sheet>();
  const on = (name: string) => {
    const sheet = created.get(name);
    if (!sheet) throw new Error(`the template plan names a sheet it does not create (${name})`);
    return sheet;
  };
  try {
    // The sheets at the end, in the template's order (insertSheet shows each new sheet; the Demand
    // sheet is shown last); then the named ranges, so the formulas and lists reading them find
    // them defined; then each sheet's content and its lists.
    plan.sheets.forEach((s, k) => {
      const sheet = spreadsheet.insertSheet(s.name, existing.length + k);
      created.set(s.name, sheet);
      growTo(sheet, s.extent.rows, s.extent.cols); // room for its content, lists and names
    });
    for (const n of plan.names) spreadsheet.setNamedRange(n.name, rangeOn(on(n.sheet), n.ref));
    for (const s of plan.sheets) writeTemplateSheet(on(s.name), s);
    for (const s of plan.sheets) {
      for (const v of s.validations) {
        const rule = SpreadsheetApp.newDataValidation()
          .requireValueInRange(rangeOn(on(v.listSheet), v.listRef), true)
          .setAllowInvalid(false)
          .setHelpText(v.help)
          .build();
        rangeOn(on(s.name), v.ref).setDataValidation(rule);
      }
    }
    if (plan.activate) spreadsheet.setActiveSheet(on(plan.activate));
  } catch (e) {
    const said = typeof e === 'object' && e !== null ? (e as { message?: unknown }).message : undefined;
    const reason = (typeof said === 'string' && said ? said : String(e)).replace(/[.\s]+$/, '');
    const made = [...created.keys()];
    const left = made.length > 0 ? ` It had created ${made.map((n) => `"${n}"`).join(', ')}; delete ${made.length === 1 ? 'it' : 'them'} before trying again.` : ' Nothing was inserted.';
    return { status: 'invalid', message: `Google Sheets could not insert the template: ${reason}.${left}` };
  }
  return plan.response;
}
