// A .xlsx file into the in-memory workbook and back, with exceljs. What is read: values (a
// formula cell's value is its cached result), formulas (shared formulas spelled out per cell),
// dates as serial numbers on the 1899-12-30 epoch, rich text and hyperlinks as their plain text,
// error cells as SheetErrors, fills, font colours, bold, number formats, column widths, hidden
// columns, frozen panes, merged areas, the active sheet and cell, defined names over one range of
// one sheet, list validations and array formulas as spills. What is written: the same, with
// formulas as formulas and their cached values as results, text always as text, a spill as an
// array formula at its anchor (marked as an Excel 365 dynamic array by xlsx/package-parts.ts) with
// the other cells of its area as plain values.
//
// exceljs (4.4) facts this relies on (node_modules/exceljs/lib):
// - doc/defined-names.js: `definedNames.add("'Sheet'!$B$4:$B$9", name)` keeps the quoted sheet
//   name as written (a '' inside stays doubled: utils/col-cache.js decodeEx does not undo it), but
//   doc/range.js (_serialisedSheetName) writes a sheet name of letters and digits unquoted, also
//   '2024' and 'A1', which Excel needs quoted; and a name is held per cell (utils/cell-matrix.js).
//   So names are written through definedNames.model instead (writeNames). Reading, only ranges
//   with $ on column and row come back (rangeRegexp in defined-names.js): names over relative,
//   whole-column or formula text vanish. `definedNames.model` gives { name, ranges } with print
//   titles already taken out (xlsx/xform/book/workbook-xform.js), _xlnm._FilterDatabase not, and
//   a sheet-scoped name's scope lost (localSheetId).
// - doc/data-validations.js, xlsx/xform/sheet/data-validations-xform.js: `dataValidations` (not in
//   index.d.ts) is a plain model { [address or 'D4:D203']: validation }; a range key is written as
//   one sqref (it must be spelled 'D4:D203', top-left first, or the writer fails); formulae[0] is
//   written as the <formula1> text (no '=': a name, a reference, or '"a,b,c"' for a literal list).
//   Reading expands every sqref range into one key per cell, all sharing one validation object.
// - xlsx/xform/sheet/cell-xform.js: `{ formula, result, shareType: 'array', ref }` is written as
//   <f t="array" ref="H4:H13"> and read back the same; the other cells of the area are whatever
//   they hold (worksheet.fillFormula(..., 'array') writes them as plain values too).
//
// Formula text is kept as the file spells it (a custom function is `_xldudf_BTM_NAME(` in a
// file): translating it for a host is the caller's choice (core/formulas/translate.ts).
import ExcelJS from 'exceljs';
import type { Cell, CellErrorValue, CellValue as XlCellValue, Color, Fill, Worksheet } from 'exceljs';
import { CellValue, isEmptyCell } from '../core/values/cells';
import { ERROR_CODES, ErrorCode, isSheetError, sheetError } from '../core/values/errors';
import { columnLetters, formatRange, parseRange, quoteSheet } from '../core/values/a1';
import { pxToWidth, setPrint, styleCell, widthToPx } from './layout-to-xlsx';
import { MemorySheet, MemoryWorkbook, normaliseValidation } from './memory-workbook';
import type { ListValidationRule } from './memory-workbook';
import { finishPackage } from './package-parts';
import type { WebExtensionRef } from './package-parts';

/** Bytes of a .xlsx file: a Node Buffer, a Uint8Array or an ArrayBuffer (a browser's File.arrayBuffer()). */
export type XlsxBytes = ArrayBuffer | Uint8Array;

/** Milliseconds per day and the serial of 1970-01-01 (1899-12-30 epoch), as exceljs converts dates. */
const MS_PER_DAY = 86_400_000;
const UNIX_EPOCH_SERIAL = 25569;

/** A JavaScript date (exceljs reads date cells as UTC dates) as a serial number. */
export function serialOf(d: Date): number {
  return UNIX_EPOCH_SERIAL + d.getTime() / MS_PER_DAY;
}

/** exceljs's worksheet.dataValidations, which its typings leave out. */
interface XlValidations {
  model: Record<string, ExcelJS.DataValidation | undefined>;
  add(address: string, validation: ExcelJS.DataValidation): void;
}
const validationsOf = (ws: Worksheet) => (ws as unknown as { dataValidations: XlValidations }).dataValidations;

/** A formula cell's value as exceljs holds it, with the array formula fields its typings leave out. */
type XlFormula = ExcelJS.CellFormulaValue & { shareType?: string; ref?: string };

/** A literal list as a validation formula writes it: "a,b,c", a " doubled. */
export function literalList(values: readonly string[]): string {
  return `"${values.map((v) => v.replace(/"/g, '""')).join(',')}"`;
}

/** The values of a literal list formula ("a,b,c"), or undefined when the formula is not one. */
export function listValues(formula: string): string[] | undefined {
  const f = formula.trim();
  if (f.length < 2 || !f.startsWith('"') || !f.endsWith('"')) return undefined;
  const body = f.slice(1, -1);
  if (body.replace(/""/g, '').includes('"')) return undefined;
  return body.split(',').map((v) => v.replace(/""/g, '"'));
}

// ---------------------------------------------------------------------------------------------
// Reading

function bytesOf(data: XlsxBytes): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw new Error('The data given is not the bytes of a file.');
}

/** Why these bytes cannot be an .xlsx file, before exceljs is asked; undefined when they may be. */
function signatureProblem(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return 'The file is empty.';
  const starts = (sig: readonly number[]) => sig.every((b, i) => bytes[i] === b);
  // The OLE compound file header: an Excel 97-2003 .xls, or an .xlsx protected with a password.
  if (starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return 'The file is an old Excel 97-2003 (.xls) workbook or a password-protected one, not an .xlsx file: save it as an Excel Workbook (.xlsx) without a password.';
  }
  if (!starts([0x50, 0x4b])) return 'The file is not an .xlsx workbook: it is not a zip archive.';
  return undefined;
}

/** The plain message for exceljs's (jszip's, sax's) complaint about a file. */
function loadProblem(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  if (/zip|central directory|end of data|signature|compression|crc32/i.test(message)) {
    return `The file is damaged: it is not a readable zip archive (${message}).`;
  }
  return `The workbook inside the file could not be read (${message}).`;
}

/** exceljs's error text as the core's error; codes the core does not know (#SPILL!, #CALC!) read as #VALUE!. */
function errorOf(code: unknown, where: string): CellValue {
  const text = String(code ?? '').trim().toUpperCase();
  const known = (ERROR_CODES as readonly string[]).includes(text) ? (text as ErrorCode) : undefined;
  return sheetError(known ?? '#VALUE!', known ? `The file's cell ${where} holds ${known}.` : `The file's cell ${where} holds ${text || 'an error'}.`);
}

type RichText = { richText: { text: string }[] };
const isRich = (v: unknown): v is RichText => typeof v === 'object' && v !== null && Array.isArray((v as RichText).richText);
const plainText = (v: RichText) => v.richText.map((run) => run.text ?? '').join('');

/** A value exceljs read (a constant or a formula's result) as the core's cell value. */
function valueOf(v: unknown, where: string): CellValue {
  if (isEmptyCell(v)) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : errorOf('#NUM!', where);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? errorOf('#VALUE!', where) : serialOf(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('error' in o) return errorOf(o.error, where);
    if (isRich(o)) return plainText(o) || null;
    // A hyperlink: its text (itself plain or rich), not its address.
    if ('hyperlink' in o || 'text' in o) {
      const t = o.text;
      return isRich(t) ? plainText(t) || null : t === undefined || t === null ? null : String(t);
    }
    // A formula without a cached result reads as blank.
    if ('formula' in o || 'sharedFormula' in o) return valueOf(o.result, where);
  }
  return String(v);
}

/** The Office theme's colours in the order fills and fonts index them (lt1, dk1, lt2, dk2, accents 1-6, links). */
const THEME = ['ffffff', '000000', 'e7e6e6', '44546a', '4472c4', 'ed7d31', 'a5a5a5', 'ffc000', '5b9bd5', '70ad47', '0563c1', '954f72'];

/** A theme colour lightened (tint > 0) or darkened (tint < 0) as Excel does it: on the luminance of HSL. */
function tinted(hex: string, tint: number): string {
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  let l = (max + min) / 2;
  const d = max - min;
  const s = d === 0 ? 0 : d / (1 - Math.abs(2 * l - 1));
  const h = d === 0 ? 0 : max === r ? ((g - b) / d + 6) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  l = tint < 0 ? l * (1 + tint) : l * (1 - tint) + tint;
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const m = l - c / 2;
  const [r1, g1, b1] = h < 1 ? [c, x, 0] : h < 2 ? [x, c, 0] : h < 3 ? [0, c, x] : h < 4 ? [0, x, c] : h < 5 ? [x, 0, c] : [c, 0, x];
  return [r1, g1, b1].map((v) => Math.max(0, Math.min(255, Math.round((v + m) * 255))).toString(16).padStart(2, '0')).join('');
}

/** An exceljs colour as '#rrggbb'; undefined when the file gives none this reader can name (an indexed colour). */
function colourOf(c: Partial<Color> | undefined): string | undefined {
  if (!c) return undefined;
  if (typeof c.argb === 'string' && /^[0-9a-f]{8}$/i.test(c.argb)) return `#${c.argb.slice(2).toLowerCase()}`;
  if (typeof c.argb === 'string' && /^[0-9a-f]{6}$/i.test(c.argb)) return `#${c.argb.toLowerCase()}`;
  const theme = (c as { theme?: number }).theme;
  if (typeof theme === 'number' && THEME[theme]) {
    const tint = (c as { tint?: number }).tint;
    return `#${typeof tint === 'number' && tint !== 0 ? tinted(THEME[theme], tint) : THEME[theme]}`;
  }
  return undefined;
}

function fillOf(f: Fill | undefined): string | null {
  if (!f || f.type !== 'pattern' || f.pattern === 'none') return null;
  return colourOf(f.fgColor) ?? null;
}

/** Reads one worksheet into the model sheet. */
function readSheet(ws: Worksheet, sheet: MemorySheet): void {
  const name = sheet.name;
  const arrays: { row: number; col: number; ref: string }[] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.findRow(r);
    if (!row) continue;
    // Empty cells too: a bar's fill needs no text.
    row.eachCell({ includeEmpty: true }, (cell: Cell, c: number) => {
      if (cell.type !== ExcelJS.ValueType.Null || cell.fill || cell.font || cell.numFmt) readCell(cell, sheet, r, c, name);
      if (cell.type === ExcelJS.ValueType.Formula) {
        const v = cell.value as XlFormula;
        if (v.shareType === 'array' && typeof v.ref === 'string') arrays.push({ row: r, col: c, ref: v.ref });
      }
    });
  }
  for (const a of arrays) readSpill(sheet, a.row, a.col, a.ref);
  for (const rule of readValidations(ws)) sheet.addValidation(rule);

  const widths: (number | null)[] = [];
  (ws.columns ?? []).forEach((col, k) => {
    if (typeof col.width === 'number' && col.width > 0) widths[k] = widthToPx(col.width);
    if (col.hidden) sheet.hiddenColumns.add(k + 1);
  });
  sheet.columnWidths = Array.from({ length: widths.length }, (_, k) => widths[k] ?? null);

  const view = ws.views?.[0] as { state?: string; xSplit?: number; ySplit?: number } | undefined;
  if (view?.state === 'frozen') {
    sheet.frozenRows = Math.max(0, Math.round(view.ySplit ?? 0));
    sheet.frozenCols = Math.max(0, Math.round(view.xSplit ?? 0));
  }

  const merges = (ws.model as { merges?: string[] }).merges ?? [];
  sheet.merged = merges.map((m) => parseRange(m)).filter((m): m is NonNullable<typeof m> => m !== undefined).map((m) => ({ start: m.start, end: m.end }));

  const page = ws.pageSetup;
  const paper = page?.paperSize as number | undefined;
  if (page && (page.orientation === 'landscape' || page.fitToPage)) {
    sheet.print = {
      orientation: page.orientation === 'landscape' ? 'landscape' : 'portrait',
      ...(page.fitToPage && typeof page.fitToWidth === 'number' ? { pagesWide: page.fitToWidth } : {}),
      ...(paper === 9 ? { paper: 'A4' as const } : paper === 1 ? { paper: 'letter' as const } : {}),
    };
  }
}

/**
 * An array formula at (row, col) over `ref` as the sheet's spill. The other cells of its area keep
 * their values as constants: a formula of their own there (a file Excel would not write) is
 * dropped. An area that does not start at the formula's cell or overlaps another is not a spill.
 */
function readSpill(sheet: MemorySheet, row: number, col: number, ref: string): void {
  const area = parseRange(ref);
  if (!area || area.sheet !== undefined || area.start.row !== row || area.start.col !== col) return;
  if (sheet.cell(row, col).formula === '') return;
  const spill = { row, col, rows: area.end.row - row + 1, cols: area.end.col - col + 1 };
  if (sheet.spillsMeeting(row, col, spill.rows, spill.cols).length > 0) return;
  for (let r = row; r < row + spill.rows; r++) {
    for (let c = col; c < col + spill.cols; c++) {
      if ((r !== row || c !== col) && sheet.cell(r, c).formula !== '') sheet.setCell(r, c, { formula: '' });
    }
  }
  sheet.setSpill(spill);
}

type Rect = { top: number; left: number; bottom: number; right: number };
type Run = { col: number; top: number; bottom: number };

/** 'D4' as column and row (a range key 'D4:D9' as its corners), or undefined; no regex, as a sheet may hold a million keys. */
function decodeKey(key: string): Rect | undefined {
  const colon = key.indexOf(':');
  if (colon >= 0) {
    const a = decodeKey(key.slice(0, colon));
    const b = decodeKey(key.slice(colon + 1));
    return a && b ? { top: Math.min(a.top, b.top), left: Math.min(a.left, b.left), bottom: Math.max(a.bottom, b.bottom), right: Math.max(a.right, b.right) } : undefined;
  }
  let col = 0;
  let row = 0;
  let i = 0;
  for (; i < key.length; i++) {
    const ch = key.charCodeAt(i) & ~32; // upper case
    if (ch < 65 || ch > 90) break;
    col = col * 26 + (ch - 64);
  }
  if (i === 0 || i > 3) return undefined;
  for (; i < key.length; i++) {
    const d = key.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    row = row * 10 + d;
  }
  return row >= 1 ? { top: row, left: col, bottom: row, right: col } : undefined;
}

/**
 * The cells of one validation, as runs down a column, put together as rectangles: runs touching
 * in a column are joined, then runs with the same rows in neighbouring columns.
 */
function rectangles(runs: Run[]): Rect[] {
  runs.sort((a, b) => a.col - b.col || a.top - b.top);
  const columns: Run[] = [];
  for (const run of runs) {
    const last = columns[columns.length - 1];
    if (last && last.col === run.col && run.top <= last.bottom + 1) last.bottom = Math.max(last.bottom, run.bottom);
    else columns.push({ ...run });
  }
  const open = new Map<string, Rect>();
  const done: Rect[] = [];
  for (const run of columns) {
    const key = `${run.top}:${run.bottom}`;
    const rect = open.get(key);
    if (rect && rect.right + 1 === run.col) rect.right = run.col;
    else {
      if (rect) done.push(rect);
      open.set(key, { top: run.top, left: run.col, bottom: run.bottom, right: run.col });
    }
  }
  done.push(...open.values());
  return done.sort((a, b) => a.top - b.top || a.left - b.left);
}

/**
 * The sheet's list validations. exceljs reads one key per cell (a column at a time, rows going
 * down), all cells of one <dataValidation> sharing one object: the cells are grouped by that
 * object, gathered into runs as they come and put back together as rectangles. A list from a
 * name or a reference has it as its source; a literal list ("a,b,c") its values. Other kinds of
 * validation (numbers, dates, custom) are not read.
 */
function readValidations(ws: Worksheet): ListValidationRule[] {
  const groups = new Map<ExcelJS.DataValidation, Run[]>();
  const model = validationsOf(ws)?.model ?? {};
  for (const key of Object.keys(model)) {
    const v = model[key];
    if (!v || v.type !== 'list' || !Array.isArray(v.formulae) || typeof v.formulae[0] !== 'string' || v.formulae[0].trim() === '') continue;
    const at = decodeKey(key);
    if (!at) continue;
    let runs = groups.get(v);
    if (!runs) groups.set(v, (runs = []));
    const last = runs[runs.length - 1];
    if (at.left === at.right && last && last.col === at.left && last.bottom + 1 === at.top) last.bottom = at.bottom;
    else for (let c = at.left; c <= at.right; c++) runs.push({ col: c, top: at.top, bottom: at.bottom });
  }
  const rules: (ListValidationRule & { at: Rect })[] = [];
  for (const [v, runs] of groups) {
    const formula = String(v.formulae[0]).trim().replace(/^=/, '');
    const values = listValues(formula);
    for (const at of rectangles(runs)) {
      const range = formatRange({ start: { row: at.top, col: at.left }, end: { row: at.bottom, col: at.right } }, false);
      rules.push({ range, source: values ? '' : formula, ...(values ? { values } : {}), at });
    }
  }
  return rules
    .sort((a, b) => a.at.top - b.at.top || a.at.left - b.at.left)
    .map(({ range, source, values }) => (values ? { range, source, values } : { range, source }));
}

function readCell(cell: Cell, sheet: MemorySheet, r: number, c: number, sheetName: string): void {
  const where = `${sheetName}!${columnLetters(c)}${r}`;
  // The other cells of a merged area are blank in both hosts: only the top-left one holds the value.
  const merged = cell.type === ExcelJS.ValueType.Merge;
  const formula = !merged && cell.type === ExcelJS.ValueType.Formula ? cell.formula : undefined;
  const value = merged ? null : formula !== undefined ? valueOf(cell.result, where) : valueOf(cell.value, where);
  const font = cell.font;
  const numFmt = cell.numFmt;
  sheet.setCell(r, c, {
    value,
    formula: formula ? `=${formula.replace(/^=/, '')}` : '',
    fill: fillOf(cell.fill),
    fontColor: colourOf(font?.color) ?? null,
    bold: Boolean(font?.bold),
    format: typeof numFmt === 'string' && numFmt !== '' && numFmt !== 'General' ? numFmt : null,
  });
}

/**
 * The file's defined names that stand for one range of one of its sheets; others (several areas,
 * a constant or formula, a relative reference, Excel's own _xlnm. names, a name this model
 * refuses) are skipped without complaint.
 */
function readNames(xl: ExcelJS.Workbook, book: MemoryWorkbook): void {
  for (const { name, ranges } of xl.definedNames.model ?? []) {
    if (typeof name !== 'string' || !Array.isArray(ranges) || ranges.length !== 1) continue;
    const r = parseRange(ranges[0]);
    if (!r || r.sheet === undefined || !book.sheet(r.sheet)) continue;
    try {
      book.defineName(name, r.sheet, formatRange({ start: r.start, end: r.end }, false));
    } catch {
      // Not a name this model takes: skipped.
    }
  }
}

/**
 * Reads a .xlsx file into a new in-memory workbook. Throws an Error with a plain message naming
 * the problem (empty, not a zip archive, a damaged zip, a zip without a workbook, an old .xls)
 * for the caller to prefix with the file's name.
 */
export async function readXlsx(data: XlsxBytes): Promise<MemoryWorkbook> {
  const bytes = bytesOf(data);
  const problem = signatureProblem(bytes);
  if (problem) throw new Error(problem);
  const xl = new ExcelJS.Workbook();
  try {
    await xl.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new Error(loadProblem(e));
  }
  if (xl.worksheets.length === 0) {
    throw new Error('The file is a zip archive without a workbook in it (no worksheets): it is not an .xlsx file.');
  }
  const book = new MemoryWorkbook();
  for (const ws of xl.worksheets) {
    try {
      readSheet(ws, book.createSheet(ws.name));
    } catch (e) {
      throw new Error(`The sheet "${ws.name}" could not be read (${e instanceof Error ? e.message : String(e)}).`);
    }
  }
  readNames(xl, book);
  const active = xl.views?.[0]?.activeTab;
  const activeSheet = xl.worksheets[typeof active === 'number' ? active : 0] ?? xl.worksheets[0];
  const activeCell = parseRange(String((activeSheet.views?.[0] as { activeCell?: string } | undefined)?.activeCell ?? 'A1'));
  const target = book.sheet(activeSheet.name);
  if (target) book.select(target.name, activeCell?.start.row ?? 1, activeCell?.start.col ?? 1);
  return book;
}

// ---------------------------------------------------------------------------------------------
// Writing

/** A core value as exceljs writes it: text stays text (exceljs makes a formula only of { formula }). */
function xlValue(v: CellValue): XlCellValue {
  if (v === null) return null;
  if (isSheetError(v)) return { error: v.code } as CellErrorValue;
  return v;
}

/** A list validation as exceljs writes it: a source by name (or reference), else the literal list. */
function xlValidation(rule: ListValidationRule): ExcelJS.DataValidation {
  const formula = rule.source !== '' ? rule.source : literalList(rule.values ?? []);
  return {
    type: 'list',
    allowBlank: true,
    formulae: [formula],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: 'Not in the list',
    error: 'Pick a value from the list.',
  };
}

/** Writes the sheet; returns the anchors of its spills (A1) for the dynamic array metadata. */
function writeSheet(ws: Worksheet, sheet: MemorySheet): string[] {
  const anchors: string[] = [];
  const spilling = sheet.spills.length > 0;
  sheet.forEachCell((r, c, data) => {
    const cell = ws.getCell(r, c);
    if (data.formula !== '') {
      const result = data.value === null ? undefined : (xlValue(data.value) as ExcelJS.CellFormulaValue['result']);
      const spill = spilling ? sheet.spillAt(r, c) : undefined;
      const array: Partial<XlFormula> = {};
      if (spill) {
        array.shareType = 'array';
        array.ref = formatRange({ start: { row: r, col: c }, end: { row: r + spill.rows - 1, col: c + spill.cols - 1 } }, false);
        anchors.push(`${columnLetters(c)}${r}`);
      }
      cell.value = { formula: data.formula.slice(1), ...(result !== undefined ? { result } : {}), ...array } as ExcelJS.CellFormulaValue;
    } else {
      cell.value = xlValue(data.value);
    }
    styleCell(cell, data);
  });
  sheet.columnWidths.forEach((px, k) => {
    if (px !== null && px !== undefined) ws.getColumn(k + 1).width = pxToWidth(px);
  });
  for (const c of sheet.hiddenColumns) ws.getColumn(c).hidden = true;
  for (const m of sheet.merged) ws.mergeCells(m.start.row, m.start.col, m.end.row, m.end.col);
  if (sheet.print) setPrint(ws, sheet.print, sheet.frozenRows);
  // One entry per rule (a range, not a cell each), keyed as exceljs needs it: 'D4:D203' or 'D4'.
  const validations = validationsOf(ws);
  for (const rule of sheet.validations.map(normaliseValidation)) validations.add(rule.range, xlValidation(rule));
  return anchors;
}

/**
 * The book's names into the workbook exceljs writes. Not through definedNames.add: it keeps a
 * name as one entry per cell and writes a sheet name of letters and digits unquoted, which
 * Excel does not read for '2024' or 'A1' (2024!$A$1). exceljs's writer takes the names from
 * definedNames.model (doc/workbook.js, get model), so that is what this workbook is given: the
 * ranges spelled as Excel spells them (core/values/a1.ts quoteSheet).
 */
function writeNames(xl: ExcelJS.Workbook, book: MemoryWorkbook): void {
  const names = book.names().map((n) => ({ name: n.name, range: `${quoteSheet(n.sheet)}!${n.range}` }));
  if (names.length === 0) return;
  Object.defineProperty(xl.definedNames, 'model', {
    configurable: true,
    get: () => names.map((n) => ({ name: n.name, ranges: [n.range] })),
  });
}

/** What writeXlsx may add beyond exceljs. */
export interface WriteOptions {
  /** The add-in's task pane, opened with the workbook (xlsx/package-parts.ts). */
  readonly webExtension?: WebExtensionRef & { readonly autoShow?: boolean };
}

/**
 * The workbook as .xlsx bytes (a Buffer under Node, unless finishPackage rewrote the package):
 * every sheet in order, formulas as formulas with their cached values, the selection as the
 * active sheet and cell, defined names, list validations, spills as dynamic arrays; with
 * options.webExtension, the add-in's task pane parts.
 */
export async function writeXlsx(book: MemoryWorkbook, options: WriteOptions = {}): Promise<Uint8Array> {
  const xl = new ExcelJS.Workbook();
  xl.creator = 'BTM Portfolio';
  const selection = book.selection;
  const dynamicArrays: Record<string, string[]> = {};
  book.sheets.forEach((sheet, index) => {
    const selected = selection && selection.sheet.toLowerCase() === sheet.name.toLowerCase();
    const activeCell = selected ? `${columnLetters(selection.col)}${selection.row}` : undefined;
    const frozen = sheet.frozenRows > 0 || sheet.frozenCols > 0;
    const view = frozen
      ? { state: 'frozen' as const, xSplit: sheet.frozenCols, ySplit: sheet.frozenRows, ...(activeCell ? { activeCell } : {}) }
      : { state: 'normal' as const, ...(activeCell ? { activeCell } : {}) };
    const ws = xl.addWorksheet(sheet.name, { views: [view] });
    const anchors = writeSheet(ws, sheet);
    if (anchors.length > 0) dynamicArrays[sheet.name] = anchors;
    if (selected) xl.views = [{ x: 0, y: 0, width: 12000, height: 8000, firstSheet: 0, activeTab: index, visibility: 'visible' }];
  });
  writeNames(xl, book);
  const out = await xl.xlsx.writeBuffer();
  const bytes = out instanceof Uint8Array ? out : new Uint8Array(out as ArrayBuffer);
  if (Object.keys(dynamicArrays).length === 0 && !options.webExtension) return bytes;
  return finishPackage(bytes, {
    ...(Object.keys(dynamicArrays).length > 0 ? { dynamicArrays } : {}),
    ...(options.webExtension ? { webExtension: options.webExtension } : {}),
  });
}
