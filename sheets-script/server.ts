// Apps Script server side of the sidebar: the add-on menu and the commands the panel calls
// through google.script.run. Each command reads once and writes once.
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
import type { SettingsSheetResponse } from '../panel/bridge';
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

/** Where the user's column choices are remembered, per spreadsheet. */
export const OVERRIDES_PROPERTY = 'btm.scoreDemand.overrides';

/** Sheets' values as the core's cells: "" -> null, Date -> serial date (as custom functions read them). */
function cellsFromSheets(values: unknown[][], dates: () => DateReader): CellValue[][] {
  return argFromSheets(values, dates) as CellValue[][];
}

/** Only field -> header pairs of text; anything else the panel or the property holds is ignored. */
function textRecord(x: unknown): Record<string, string> | undefined {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(x as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

function rememberedOverrides(): Record<string, string> {
  const text = PropertiesService.getDocumentProperties().getProperty(OVERRIDES_PROPERTY);
  if (!text) return {};
  try {
    return textRecord(JSON.parse(text)) ?? {};
  } catch {
    return {};
  }
}

function rangeRef(r: GoogleAppsScript.Spreadsheet.Range): RangeRef {
  const row = r.getRow();
  const col = r.getColumn();
  return { start: { row, col }, end: { row: row + r.getNumRows() - 1, col: col + r.getNumColumns() - 1 } };
}

export function panelScoreDemand(request: ScoreDemandRequest): ScoreDemandResponse {
  const range = SpreadsheetApp.getActiveRange();
  if (!range) return { status: 'invalid', message: 'Select a cell inside your demand table first.' };
  const sheet = range.getSheet();
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const dates = spreadsheetDates();

  // The one read. The data range starts at A1 and ends at the last cell with content, so every
  // cell outside it is empty.
  const data = sheet.getDataRange();
  const snapshot: SheetSnapshot = {
    sheet: sheet.getName(),
    top: 1,
    left: 1,
    values: cellsFromSheets(data.getValues(), dates),
    formulas: data.getFormulas(),
    selection: { row: range.getRow(), col: range.getColumn() },
    merged: data.getMergedRanges().map(rangeRef),
    // Sheets has no Excel tables (ListObjects): the table is the block around the selection.
  };
  const settingsSheet = spreadsheet.getSheetByName(SETTINGS_SHEET);
  const settingsGrid = settingsSheet ? cellsFromSheets(settingsSheet.getDataRange().getValues(), dates) : undefined;
  const chosen = textRecord(request?.overrides);
  const overrides = chosen ?? rememberedOverrides();

  const { plan, response } = prepareScoreDemand(snapshot, settingsGrid, 'sheets', overrides);
  if (!plan) return response;

  // The one write: headers as plain values, formulas as formulas; two calls whatever the rows.
  const { row, col } = plan.block.start;
  const width = plan.block.end.col - col + 1;
  sheet.getRange(row, col, 1, width).setValues([plan.cells[0]]);
  sheet.getRange(row + 1, col, 1, width).setFormulas([plan.cells[1]]);
  if (chosen) PropertiesService.getDocumentProperties().setProperty(OVERRIDES_PROPERTY, JSON.stringify(chosen));
  return response;
}

/** Writes the default BTM Settings sheet, unless the spreadsheet already has one. */
export function panelWriteSettingsSheet(): SettingsSheetResponse {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  if (spreadsheet.getSheetByName(SETTINGS_SHEET)) {
    return { status: 'exists', message: `The workbook already has a ${SETTINGS_SHEET} sheet; edit it there.` };
  }
  const grid = settingsToGrid(DEFAULT_SETTINGS);
  const width = grid[0].length;
  const sheet = spreadsheet.insertSheet(SETTINGS_SHEET);
  sheet.getRange(1, 1, grid.length, width).setValues(grid.map((r) => r.map((c) => (c === null ? '' : c))));
  return { status: 'created', address: formatRange({ sheet: SETTINGS_SHEET, start: { row: 1, col: 1 }, end: { row: grid.length, col: width } }) };
}
