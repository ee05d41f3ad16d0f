// The HostBridge in Excel: Office.js calls, batched. Inserting the business case costs two
// round trips (read selection and spill area, then write) whatever the sizes involved; Score
// demand costs two to read and one to write, whatever the size of the table.
import {
  BUSINESS_CASE_SIZE,
  CellValue,
  DEFAULT_SETTINGS,
  InsertRequest,
  InsertResponse,
  OWNED_COLUMNS,
  RangeRef,
  SETTINGS_SHEET,
  ScoreDemandRequest,
  ScoreDemandResponse,
  SheetSnapshot,
  columnLetters,
  findDemandTable,
  formatRange,
  parseRange,
  planAddress,
  planBusinessCase,
  prepareScoreDemand,
  settingsToGrid,
  spillConflict,
} from '../core';
import type { HostBridge, SettingsSheetResponse } from '../panel/bridge';

/** Excel.run, or office-addin-mock's stand-in for it in tests. */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** Whether this Excel has an ExcelApi requirement set, e.g. '1.13'. */
export type ExcelApiCheck = (version: string) => boolean;

/** Where the user's column choices for Score demand are remembered (workbook settings, JSON text). */
export const OVERRIDES_SETTING = 'btm.scoreDemand.overrides';

const officeApiCheck: ExcelApiCheck = (version) =>
  typeof Office === 'undefined' || Office.context.requirements.isSetSupported('ExcelApi', version);

function cellOf(x: unknown): CellValue {
  return x === '' || x === null || x === undefined ? null : typeof x === 'number' || typeof x === 'boolean' ? x : String(x);
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

/** Only field -> header pairs of text; anything else in a request or the stored setting is ignored. */
function textRecord(x: unknown): Record<string, string> | undefined {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(x as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

function remembered(value: unknown): Record<string, string> {
  if (typeof value !== 'string') return textRecord(value) ?? {};
  try {
    return textRecord(JSON.parse(value)) ?? {};
  } catch {
    return {};
  }
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

export function excelBridge(run: ExcelRun, hasApi: ExcelApiCheck = officeApiCheck): HostBridge {
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

          const origin = used.isNullObject ? { row: 1, col: 1 } : rangeOf(used.address).start;
          const snapshot: SheetSnapshot = {
            sheet: sheet.name,
            top: origin.row,
            left: origin.col,
            values: used.isNullObject ? [] : used.values.map((row) => row.map(cellOf)),
            formulas: used.isNullObject ? [] : used.formulas.map((row) => row.map(formulaOf)),
            selection: rangeOf(cell.address).start,
            merged: [],
          };
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
          const overrides = chosen ?? remembered(stored.isNullObject ? undefined : stored.value);
          const { plan, response } = prepareScoreDemand(complete, settingsGrid, 'excel', overrides);
          if (!plan) return response;

          // Written as formulas, so only the core's own text goes in: the header row from its
          // constant list, the second row formulas it built.
          const [headers, formulas] = plan.cells;
          const ownHeaders = headers.every((h) => (OWNED_COLUMNS as readonly string[]).includes(h));
          if (plan.cells.length !== 2 || !ownHeaders || !formulas.every((f) => f.startsWith('=')) || formulas.length !== headers.length) {
            throw new Error('the planned block is not the BTM columns; nothing was written');
          }
          sheet.getRange(planAddress(plan)).formulas = plan.cells;
          if (chosen) workbook.settings.add(OVERRIDES_SETTING, JSON.stringify(chosen));
          await context.sync();
          return response;
        }),
      ),

    writeSettingsSheet: () =>
      plainly(`write the ${SETTINGS_SHEET} sheet`, () =>
        run(async (context): Promise<SettingsSheetResponse> => {
          const existing = context.workbook.worksheets.getItemOrNullObject(SETTINGS_SHEET);
          await context.sync();
          if (!existing.isNullObject) return { status: 'exists', message: `The workbook already has a ${SETTINGS_SHEET} sheet; edit it there.` };
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
