// The HostBridge over the in-memory workbook: the panel's commands as Excel runs them
// (excel-addin/excel-bridge.ts), with the same core functions and the same answers, over a
// MemoryWorkbook instead of Office.js. The browser workbench runs the real panel on it over a
// workbook loaded from .xlsx; the command line (cli/commands.ts) runs its commands through it.
//
// Every read and write goes through the workbook's counted port, so book.calls counts a
// command's round trips as Excel's syncs are counted; none grows with the data:
//   selection            0 (the workbook's selected cell)
//   insertBusinessCase   1 read (the selected sheet), 1 write (the formula)
//   scoreDemand          3 reads (the selected sheet, BTM Settings, the remembered choices),
//                        1 write (+1 remembering the choices the request carries)
//   writeSettingsSheet   1 read (the sheet names), 1 write when it creates the sheet
//   planCapacity         2 reads (the selected sheet; Capacity and BTM Settings), 1 write
//   generateRoadmap      2 reads (the selected sheet; Capacity, BTM Settings, BTM Roadmap), 1 write
//   repairFormulas       1 read (every sheet), 1 write per sheet that changes (its changed cells)
//   insertTemplate       1 read (the sheet names), 10 writes (per sheet its layout, then the
//                        formula cells of the sheets with any, the names, the drop-downs)
//
// Decisions:
// - Spelling: the core plans in Excel's spelling (=BTM.SCORE); an 'xlsx' bridge writes each
//   formula translated to the file's (=_xldudf_BTM_SCORE), as the saved file must hold it.
// - Repair rewrites every BTM call to the bridge's spelling: in an 'xlsx' bridge, calls spelled
//   for Excel's display or for Sheets become the file's _xldudf_BTM_..., which Excel binds to the
//   add-in on opening (as saved, BTM_NPV( would show #NAME? there).
// - The owned sheets' cells are written as values (writeLayout), so user text such as
//   '=HYPERLINK(...)' stays text without the apostrophe Excel needs; columns are as wide as
//   Excel's (columnChars, as .xlsx widths).
// - Remembered column choices live in the workbook's settings (memory only, like Excel's
//   workbook.settings, under the same key); they are not saved to .xlsx.
//
// Pure TypeScript: no Node or DOM imports (bundled for the browser).
import {
  CellValue,
  DEFAULT_SETTINGS,
  InsertRequest,
  InsertResponse,
  RangeRef,
  SETTINGS_SHEET,
  ScoreDemandRequest,
  ScoreDemandResponse,
  SheetSnapshot,
  formatRange,
  planBusinessCase,
  prepareScoreDemand,
  settingsToGrid,
  spillConflict,
} from '../core';
import { CAPACITY_SHEET, OWNED_CAPACITY_SHEET, PLAN_OWNED, PlanCapacityRequest, PlanCapacityResponse, Progress, CapacitySheet, readPlanCapacity } from '../core/commands/plan-capacity';
import { OwnedSheet, ownedSheetProblem } from '../core/commands/demand-and-capacity';
import { ROADMAP_OWNED, ROADMAP_SHEET, RoadmapRequest, RoadmapResponse, prepareRoadmap } from '../core/commands/generate-roadmap';
import { planRepairFormulas } from '../core/commands/repair-formulas';
import type { SheetRepair } from '../core/commands/repair-formulas';
import type { InsertTemplateResponse } from '../core/commands/insert-template';
import { translateFormula } from '../core/formulas/translate';
import { planningYear } from '../core/template/template';
import { SelectionSolver, solveSelection } from '../core/capacity/solver';
import { OVERRIDES_SETTING, SETTINGS_SHEET_EXISTS, columnChars, planUnlessCancelled, planCapacityRequest, rememberedChoices, repairResponse, roadmapRequest, scoreBlockProblem, templateFailure, textRecord } from '../panel/bridge';
import type { HostBridge, RepairResponse, SettingsSheetResponse } from '../panel/bridge';
import type { FormulaCell, MemoryWorkbook, Selection } from './memory-workbook';
import { insertTemplateIntoBook } from './insert-template';
import { widthToPx } from './layout-to-xlsx';
import type { LayoutOptions, SheetLayout } from './layout-to-xlsx';

export interface MemoryBridgeOptions {
  /** How the add-in's formulas are spelled in this workbook: 'excel' (=BTM.SCORE(...), as Excel shows them; the workbench) or 'xlsx' (=_xldudf_BTM_SCORE(...), as a file stores them; the command line). Default 'excel'. */
  readonly spelling?: 'excel' | 'xlsx';
  /** The selection solver for Plan capacity; default solveSelection (the core's installed one). */
  readonly solve?: SelectionSolver;
  /** Insert template's first year; default planningYear(new Date()). */
  readonly year?: number;
}


/** The roadmap printed one landscape page wide, as the command line has always written it. */
const ROADMAP_PRINT: LayoutOptions = { print: { orientation: 'landscape', pagesWide: 1 } };

/** A failure in plain words, which the panel shows: what could not be done, then why. */
function failure(what: string, e: unknown): Error {
  const message = e instanceof Error && e.message ? e.message : typeof e === 'string' && e ? e : 'no reason given';
  return new Error(`Could not ${what}: ${message}`);
}

async function plainly<T>(what: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw failure(what, e);
  }
}

/** The workbook's selected cell; a workbook without sheets has none. */
function selectedCell(book: MemoryWorkbook): Selection {
  const at = book.selection;
  if (!at) throw new Error('the workbook has no sheets');
  return at;
}

/** One cell as Excel's Range.address spells it: Demand!B4, 'Q1 plan'!B4. */
function cellAddress(at: Selection): string {
  const cell = { row: at.row, col: at.col };
  return formatRange({ sheet: at.sheet, start: cell, end: cell });
}

/** A block of a snapshot (read from A1), blanks null and '' where no formula. */
function blockOf(snap: SheetSnapshot, block: RangeRef): { values: CellValue[][]; formulas: string[][] } {
  const rows = block.end.row - block.start.row + 1;
  const cols = block.end.col - block.start.col + 1;
  const grid = <T>(source: readonly (readonly T[])[], blank: T): T[][] =>
    Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => source[block.start.row - snap.top + r]?.[block.start.col - snap.left + c] ?? blank));
  return { values: grid<CellValue>(snap.values, null), formulas: grid(snap.formulas, '') };
}

/** BTM Capacity as a sheet layout: the core's cells and formats, columns as wide as Excel makes them. */
function capacityLayout(sheet: CapacitySheet): SheetLayout {
  return {
    values: sheet.values,
    fills: sheet.fills,
    formats: sheet.formats,
    boldRows: sheet.boldRows,
    // The hosts' characters per column, as an .xlsx width of that many characters.
    columnWidths: columnChars(sheet.values).map(widthToPx),
  };
}

/** What Plan capacity and Generate roadmap read before they plan. */
interface CommandSheets {
  readonly snapshot: SheetSnapshot;
  /** Cells from A1: undefined when the sheet is absent, [] when empty. */
  readonly capacityGrid: CellValue[][] | undefined;
  readonly settingsGrid: CellValue[][] | undefined;
  readonly ownedGrid: CellValue[][] | undefined;
}

/**
 * The two reads of a command that writes an owned sheet, as Excel makes them: (1) the sheet under
 * the selection, refused when it is the owned sheet itself (the core's rule, asked before reading
 * further); (2) the Capacity and BTM Settings sheets, and the owned sheet when asked for.
 */
function readCommandSheets(book: MemoryWorkbook, owned: OwnedSheet, ownedCells: boolean): CommandSheets | { status: 'invalid'; message: string } {
  const snapshot = book.snapshot(selectedCell(book).sheet);
  const mine = ownedSheetProblem(snapshot.sheet, owned);
  if (mine) return { status: 'invalid', message: mine };
  const [capacityGrid, settingsGrid, ownedGrid] = book.readGrids(ownedCells ? [CAPACITY_SHEET, SETTINGS_SHEET, owned.sheet] : [CAPACITY_SHEET, SETTINGS_SHEET]);
  return { snapshot, capacityGrid, settingsGrid, ownedGrid };
}

/**
 * A sheet's repair as the cells to write in one go, however scattered its blocks: each rewritten
 * formula with the result it showed (kept until recalculated), '' where a spill shim is cleared.
 */
function repairCells(values: readonly (readonly CellValue[])[], repair: SheetRepair): FormulaCell[] {
  return repair.blocks.flatMap((block) =>
    block.cells.flatMap((line, r) =>
      line.map((formula, c) => {
        const row = block.top + r;
        const col = block.left + c;
        return { row, col, formula, value: values[row - 1]?.[col - 1] ?? null };
      }),
    ),
  );
}

export function memoryBridge(book: MemoryWorkbook, options: MemoryBridgeOptions = {}): HostBridge {
  const spelling = options.spelling ?? 'excel';
  /** A formula the core planned in Excel's spelling, as this workbook spells it. */
  const spelled = (formula: string) => (spelling === 'excel' ? formula : translateFormula(formula, spelling).formula);
  /** The Plan capacity run that cancel() stops. */
  let current: { cancelled: boolean } | undefined;

  return {
    host: 'excel',

    selection: () => plainly('read the selection', () => cellAddress(selectedCell(book))),

    insertBusinessCase: (request: InsertRequest) =>
      plainly('insert the business case', (): InsertResponse => {
        const at = selectedCell(book);
        const address = cellAddress(at);
        const snapshot = book.snapshot(at.sheet);
        const plan = planBusinessCase(request.form, 'excel', address);
        if ('status' in plan) return plan;
        const block = blockOf(snapshot, plan.spill);
        const conflict = spillConflict(plan, block.values, block.formulas);
        if (conflict && !request.overwrite) return { status: 'confirm', message: conflict };
        const formula = spelled(plan.formula);
        book.writeFormulas(at.sheet, at.row, at.col, [[formula]]);
        return { status: 'inserted', address, formula };
      }),

    scoreDemand: (request: ScoreDemandRequest) =>
      plainly('score the demand', (): ScoreDemandResponse => {
        const snapshot = book.snapshot(selectedCell(book).sheet);
        const [settingsGrid] = book.readGrids([SETTINGS_SHEET]);
        const stored = book.readSetting(OVERRIDES_SETTING);
        const chosen = textRecord(request?.overrides);
        const { plan, response } = prepareScoreDemand(snapshot, settingsGrid, 'excel', chosen ?? rememberedChoices(stored));
        if (!plan) return response;
        const problem = scoreBlockProblem(plan.cells);
        if (problem) throw new Error(problem);
        const cells = plan.cells.map((row) => row.map((c) => (c.startsWith('=') ? spelled(c) : c)));
        book.writeFormulas(snapshot.sheet, plan.block.start.row, plan.block.start.col, cells);
        if (chosen) book.writeSetting(OVERRIDES_SETTING, JSON.stringify(chosen));
        return response;
      }),

    writeSettingsSheet: () =>
      plainly(`write the ${SETTINGS_SHEET} sheet`, (): SettingsSheetResponse => {
        const exists = book.sheetNames().some((n) => n.toLowerCase() === SETTINGS_SHEET.toLowerCase());
        if (exists) return SETTINGS_SHEET_EXISTS;
        // The core's defaults: constants, written as values.
        const grid = settingsToGrid(DEFAULT_SETTINGS);
        book.writeLayout(SETTINGS_SHEET, { values: grid });
        const width = Math.max(...grid.map((row) => row.length));
        return { status: 'created', address: formatRange({ sheet: SETTINGS_SHEET, start: { row: 1, col: 1 }, end: { row: grid.length, col: width } }) };
      }),

    planCapacity: (request: PlanCapacityRequest, progress: (p: Progress) => void) => {
      const mine = { cancelled: false };
      current = mine;
      return plainly('plan capacity', async (): Promise<PlanCapacityResponse> => {
        const read = readCommandSheets(book, PLAN_OWNED, false);
        if ('status' in read) return read;
        const inputs = readPlanCapacity(read.snapshot, read.capacityGrid, read.settingsGrid, planCapacityRequest(request));
        if ('status' in inputs) return inputs;
        const planned = await planUnlessCancelled(inputs, options.solve ?? solveSelection, mine, progress);
        if ('status' in planned) return planned;
        book.writeLayout(OWNED_CAPACITY_SHEET, capacityLayout(planned));
        return planned.response;
      }).finally(() => {
        if (current === mine) current = undefined;
      });
    },

    cancel: () => {
      if (current) current.cancelled = true;
    },

    generateRoadmap: (request: RoadmapRequest) =>
      plainly('generate the roadmap', (): RoadmapResponse => {
        const read = readCommandSheets(book, ROADMAP_OWNED, true);
        if ('status' in read) return read;
        const { layout, response } = prepareRoadmap(read.snapshot, read.capacityGrid, read.settingsGrid, read.ownedGrid, roadmapRequest(request));
        if (!layout || response.status !== 'written') return response;
        book.writeLayout(ROADMAP_SHEET, layout, ROADMAP_PRINT);
        return layout.response;
      }),

    repairFormulas: () =>
      plainly('repair the BTM formulas', (): RepairResponse => {
        const sheets = book.readSheets();
        const plan = planRepairFormulas(
          sheets.map((s) => ({ sheet: s.sheet, top: 1, left: 1, formulas: s.formulas })),
          spelling,
        );
        plan.sheets.forEach((repair, k) => {
          if (repair.blocks.length > 0) book.writeFormulaCells(repair.sheet, repairCells(sheets[k].values, repair));
        });
        return repairResponse(plan);
      }),

    // Answers a failure next to the button, as Excel does, saying whether sheets were left behind.
    insertTemplate: async (): Promise<InsertTemplateResponse> => {
      const writes = book.calls.writes;
      try {
        return insertTemplateIntoBook(book, { year: options.year ?? planningYear(new Date()), spelling });
      } catch (e) {
        return templateFailure(failure('insert the template', e), book.calls.writes > writes);
      }
    },
  };
}
