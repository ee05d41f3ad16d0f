// Opening and saving .xlsx files in the workbench, with the formula spellings straight:
//
// - In the workbench the workbook holds formulas as Excel shows them, since the panel's bridge
//   works in Excel's spelling. A file stores the add-in's calls as =_xldudf_BTM_NPV(...), which
//   Excel shows as =BTM.NPV(...): opening rewrites those formulas to Excel's spelling
//   (core/formulas/translate.ts), text and sheet names inside them untouched.
// - A formula spelled for Google Sheets (=BTM_NPV(...), from a workbook that came from Sheets)
//   stays as it is, as Excel shows it (#NAME? there until repaired): "Repair BTM formulas" is the
//   command that rewrites it, in the workbench as in Excel. (Decision: the issue asked for both
//   spellings to be rewritten on opening; that would leave Repair nothing to show.)
// - Saving writes a copy with every add-in call in the file's spelling, so the downloaded file is
//   what Excel itself would save; the workbook on the page keeps Excel's spelling.
// - A file that opened the add-in's task pane (web extension parts) keeps them when saved:
//   exceljs drops them, so they are written again from the add-in's manifest.
import { translateFormula } from '../core/formulas/translate';
import type { FormulaSpelling } from '../core/formulas/translate';
import { MemoryWorkbook } from '../xlsx/memory-workbook';
import { readXlsx, writeXlsx } from '../xlsx/xlsx-io';
import { hasWebExtension } from '../xlsx/package-parts';
import type { WebExtensionRef } from '../xlsx/package-parts';

/** The MIME type of a .xlsx file. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Files larger than this are refused with a message rather than freezing the page. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** Whether a formula calls the add-in as a file stores it (=_xldudf_BTM_NPV(...)), which Excel shows as BTM.NPV. */
export function fileSpelled(formula: string): boolean {
  return /_xldudf_/i.test(formula);
}

/** Rewrites the workbook's formulas (those `only` picks; default all) in place to a spelling; returns how many cells changed. */
export function respell(book: MemoryWorkbook, to: FormulaSpelling, only: (formula: string) => boolean = () => true): number {
  let changed = 0;
  for (const sheet of book.sheets) {
    const rewrites: Array<[number, number, string]> = [];
    sheet.forEachCell((row, col, cell) => {
      if (cell.formula === '' || !only(cell.formula)) return;
      const t = translateFormula(cell.formula, to);
      if (t.changed > 0) rewrites.push([row, col, t.formula]);
    });
    // A formula-only patch keeps the cell's value, format and spill.
    for (const [row, col, formula] of rewrites) sheet.setCell(row, col, { formula });
    changed += rewrites.length;
  }
  return changed;
}

/**
 * A copy of the workbook with its formulas in another spelling: every sheet in order with its
 * cells (values, formulas, fills, fonts, formats), column widths, hidden columns, frozen panes,
 * merged areas, print settings, list validations and spills; the defined names; the selection.
 */
export function copyWorkbook(book: MemoryWorkbook, spelling?: FormulaSpelling): MemoryWorkbook {
  const copy = new MemoryWorkbook();
  for (const sheet of book.sheets) {
    const to = copy.createSheet(sheet.name);
    sheet.forEachCell((row, col, cell) => {
      const formula = cell.formula !== '' && spelling ? translateFormula(cell.formula, spelling).formula : cell.formula;
      to.setCell(row, col, { value: cell.value, formula, fill: cell.fill, fontColor: cell.fontColor, bold: cell.bold, format: cell.format });
    });
    to.columnWidths = [...sheet.columnWidths];
    for (const c of sheet.hiddenColumns) to.hiddenColumns.add(c);
    to.frozenRows = sheet.frozenRows;
    to.frozenCols = sheet.frozenCols;
    to.merged = sheet.merged.map((m) => ({ start: { ...m.start }, end: { ...m.end } }));
    to.print = sheet.print;
    to.validations = [...sheet.validations];
    for (const spill of sheet.spills) to.setSpill(spill);
  }
  for (const n of book.names()) copy.defineName(n.name, n.sheet, n.range);
  const sel = book.selection;
  if (sel) copy.select(sel.sheet, sel.row, sel.col);
  return copy;
}

export interface OpenedWorkbook {
  readonly book: MemoryWorkbook;
  /** Whether the file opened the add-in's task pane (its web extension parts are kept on saving). */
  readonly webExtension: boolean;
  /** Formula cells rewritten from the file's spelling to Excel's. */
  readonly respelled: number;
}

/** Why a file of `size` bytes is not opened (too large), else undefined: asked before reading it, which alone could exhaust the tab. */
export function sizeProblem(size: number): string | undefined {
  const mb = (n: number) => Math.round(n / 1024 / 1024);
  return size > MAX_FILE_BYTES ? `The file is ${mb(size)} MB; the workbench opens files up to ${mb(MAX_FILE_BYTES)} MB.` : undefined;
}

/** The bytes of a .xlsx file as the workbench's workbook (Excel's spelling); throws with a plain message. */
export async function openWorkbook(data: ArrayBuffer | Uint8Array): Promise<OpenedWorkbook> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const tooLarge = sizeProblem(bytes.byteLength);
  if (tooLarge) throw new Error(tooLarge);
  const book = await readXlsx(bytes);
  const webExtension = await hasWebExtension(bytes);
  const respelled = respell(book, 'excel', fileSpelled);
  return { book, webExtension, respelled };
}

/** The workbook as .xlsx bytes, spelled as Excel saves a file; with webExtension, the add-in's task pane parts. */
export function saveWorkbook(book: MemoryWorkbook, webExtension?: WebExtensionRef & { readonly autoShow?: boolean }): Promise<Uint8Array> {
  return writeXlsx(copyWorkbook(book, 'xlsx'), webExtension ? { webExtension } : {});
}

/** A plain message for a file that could not be opened, naming it. */
export function openProblem(fileName: string, e: unknown): string {
  const text = typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string' ? (e as { message: string }).message : String(e);
  const reason = text.trim() === '' ? 'it could not be read.' : text.trim();
  return `Could not open ${fileName}: ${/[.!?]$/.test(reason) ? reason : `${reason}.`}`;
}
