// Apps Script server side of the sidebar: the add-on menu and the commands the panel calls
// through google.script.run. Each command reads once and writes once.
import { InsertRequest, InsertResponse, CellValue, planBusinessCase, quoteSheet, spillConflict, formatRange } from '../core';

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

function cellOf(x: unknown): CellValue {
  return x === '' || x === null || x === undefined ? null : typeof x === 'number' || typeof x === 'boolean' ? x : String(x);
}

export function panelInsertBusinessCase(request: InsertRequest): InsertResponse {
  const range = SpreadsheetApp.getActiveRange();
  if (!range) return { status: 'invalid', field: 'target', message: 'Select the cell where the summary should go.' };
  const sheet = range.getSheet();
  const plan = planBusinessCase(request.form, 'sheets', `${quoteSheet(sheet.getName())}!${range.getA1Notation()}`);
  if ('status' in plan) return plan;
  const block = sheet.getRange(formatRange(plan.spill, false));
  const conflict = spillConflict(plan, block.getValues().map((row) => row.map(cellOf)), block.getFormulas());
  if (conflict && !request.overwrite) return { status: 'confirm', message: conflict };
  sheet.getRange(formatRange(plan.target, false)).setFormula(plan.formula);
  return { status: 'inserted', address: formatRange(plan.target), formula: plan.formula };
}
