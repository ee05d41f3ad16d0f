// A sheet layout (what a panel command hands its host to write in one go: values, fills, font
// colours, bold rows, frozen panes, column widths, a hidden column block) written into an exceljs
// worksheet. The .xlsx counterpart of the Excel and Sheets adapters' single write, for the
// command line and for pictures rendered from real files. Knows nothing of roadmaps or capacity:
// any layout of this shape goes (RoadmapLayout and CapacitySheet both fit).
import type { Workbook, Worksheet, Cell, CellErrorValue, PaperSize } from 'exceljs';
import type { CellValue } from '../core';

/** A sheet's content from A1 and how it looks. Only `values` is required; the rest may be left out. */
export interface SheetLayout {
  /** Rows from A1. Strings are written as text whatever they look like ("=HYPERLINK(...)" included). */
  readonly values: readonly (readonly CellValue[])[];
  /** Same shape as values: '#rrggbb' fill, or null for none. */
  readonly fills?: readonly (readonly (string | null)[])[];
  /** Same shape as values: '#rrggbb' font colour, or null for the default. */
  readonly fontColors?: readonly (readonly (string | null)[])[];
  /** Same shape as values: number format ('0%', '#,##0', 'yyyy-mm-dd'), or null for General. */
  readonly formats?: readonly (readonly (string | null)[])[];
  /** 0-based rows shown bold. */
  readonly boldRows?: readonly number[];
  /** 0-based [row, col] of single cells shown bold besides the bold rows (the roadmap's gate letters). */
  readonly boldCells?: readonly (readonly [number, number])[];
  /** Rows and columns frozen at the top and left (0 or absent: none). */
  readonly frozenRows?: number;
  readonly frozenCols?: number;
  /** Width per column from A, in pixels (the unit both hosts' adapters take); missing or null: default width. */
  readonly columnWidths?: readonly (number | null)[];
  /** 1-based first column and count of a block to hide; count 0: nothing hidden. */
  readonly hiddenColumns?: { readonly from: number; readonly count: number };
}

/** Print settings for the sheet; the roadmap asks for one landscape page width. */
export interface PrintSetup {
  readonly orientation: 'portrait' | 'landscape';
  /** Fit to this many pages wide, any number of pages high; absent: print at 100 %. */
  readonly pagesWide?: number;
  readonly paper?: 'A4' | 'letter';
  /** Repeat the frozen rows at the top of every printed page (default true when rows are frozen). */
  readonly repeatFrozenRows?: boolean;
}

export interface LayoutOptions {
  readonly print?: PrintSetup;
}

/** Calibri 11, as Excel and LibreOffice open a new sheet: a digit is 7 px wide, 5 px of padding. */
const DIGIT_PX = 7;
/** Excel's cell padding: a column of w px shows text w - 5 px wide. */
export const PADDING_PX = 5;

/** Pixels as an .xlsx column width (characters of the default font's digit), to two decimals. */
export function pxToWidth(px: number): number {
  return Math.max(0, Math.round(((px - PADDING_PX) / DIGIT_PX) * 100) / 100);
}

/** An .xlsx column width back in pixels (rounded), the inverse of pxToWidth. */
export function widthToPx(width: number): number {
  return Math.round(width * DIGIT_PX + PADDING_PX);
}

/**
 * The workbook's default font (exceljs writes Calibri 11), repeated on every cell given a font of
 * its own: a font without a name is drawn in the application's fallback (LibreOffice: a serif).
 */
const DEFAULT_FONT = { name: 'Calibri', size: 11, family: 2, scheme: 'minor' } as const;

/** OOXML's paper size codes (exceljs's PaperSize enum has A4 but not Letter). */
const PAPER_SIZE: Readonly<Record<NonNullable<PrintSetup['paper']>, number>> = { A4: 9, letter: 1 };

const HEX = /^#?([0-9a-f]{6})$/i;

/** '#rrggbb' as exceljs's opaque ARGB ('FFRRGGBB'); a malformed colour is a programmer mistake. */
export function argb(hex: string): string {
  const m = HEX.exec(hex.trim());
  if (!m) throw new Error(`layout-to-xlsx: "${hex}" is not a #rrggbb colour`);
  return `FF${m[1].toUpperCase()}`;
}

/** The exceljs value of a core cell: text stays text, errors become error cells, blanks stay empty. */
function cellValue(v: CellValue): Cell['value'] {
  if (v === null) return null;
  if (typeof v === 'object') return { error: v.code } as CellErrorValue;
  return v;
}

/** Whether the layout shows the cell at 0-based (row, col) bold: its row is bold, or the cell itself. */
export function boldOf(layout: SheetLayout): (row: number, col: number) => boolean {
  const rows = new Set(layout.boldRows ?? []);
  const cells = new Set((layout.boldCells ?? []).map(([r, c]) => `${r},${c}`));
  return (row, col) => rows.has(row) || cells.has(`${row},${col}`);
}

/** The layout's widest row (rows may be ragged; the sheet is written as the rectangle around them). */
const widthOf = (layout: SheetLayout) => layout.values.reduce((w, row) => Math.max(w, row.length), 0);

/**
 * Writes the layout into the worksheet from A1: values, fills, fonts, formats, widths, hidden
 * columns, frozen panes and, if asked, print settings. The worksheet should be new or empty;
 * cells outside the layout are left as they are.
 */
export function writeLayout(ws: Worksheet, layout: SheetLayout, options: LayoutOptions = {}): Worksheet {
  const isBold = boldOf(layout);
  const cols = widthOf(layout);
  layout.values.forEach((row, r) => {
    const xlRow = ws.getRow(r + 1);
    for (let c = 0; c < cols; c++) {
      const v = row[c] ?? null;
      const fill = layout.fills?.[r]?.[c] ?? null;
      const color = layout.fontColors?.[r]?.[c] ?? null;
      const format = layout.formats?.[r]?.[c] ?? null;
      const bold = isBold(r, c);
      if (v === null && fill === null && color === null && format === null && !bold) continue;
      const cell = xlRow.getCell(c + 1);
      // exceljs stores a JavaScript string as a (shared) string cell, never as a formula: a
      // formula needs { formula } explicitly, so user text such as "=HYPERLINK(...)" stays text.
      cell.value = cellValue(v);
      styleCell(cell, { fill, fontColor: color, bold, format });
    }
  });

  (layout.columnWidths ?? []).forEach((px, c) => {
    if (px !== null && px !== undefined) ws.getColumn(c + 1).width = pxToWidth(px);
  });
  const hidden = layout.hiddenColumns;
  if (hidden && hidden.count > 0) {
    for (let c = hidden.from; c < hidden.from + hidden.count; c++) ws.getColumn(c).hidden = true;
  }

  const frozenRows = layout.frozenRows ?? 0;
  const frozenCols = layout.frozenCols ?? 0;
  if (frozenRows > 0 || frozenCols > 0) {
    ws.views = [{ state: 'frozen', xSplit: frozenCols, ySplit: frozenRows }];
  }

  if (options.print) setPrint(ws, options.print, frozenRows);
  return ws;
}

/** A cell's fill, font (bold, colour) and number format; null or false leaves that part as it is. */
export function styleCell(
  cell: Cell,
  style: { readonly fill: string | null; readonly fontColor: string | null; readonly bold: boolean; readonly format: string | null },
): void {
  if (style.fill !== null) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(style.fill) } };
  if (style.fontColor !== null || style.bold) {
    cell.font = { ...DEFAULT_FONT, ...(style.bold ? { bold: true } : {}), ...(style.fontColor !== null ? { color: { argb: argb(style.fontColor) } } : {}) };
  }
  if (style.format !== null) cell.numFmt = style.format;
}

/** The sheet's print settings (the frozen rows repeat on each page unless the setup says not). */
export function setPrint(ws: Worksheet, print: PrintSetup, frozenRows: number): void {
  ws.pageSetup.orientation = print.orientation;
  if (print.paper) ws.pageSetup.paperSize = PAPER_SIZE[print.paper] as PaperSize;
  if (print.pagesWide !== undefined) {
    ws.pageSetup.fitToPage = true;
    ws.pageSetup.fitToWidth = print.pagesWide;
    // 0: as many pages high as it takes.
    ws.pageSetup.fitToHeight = 0;
  }
  if ((print.repeatFrozenRows ?? true) && frozenRows > 0) ws.pageSetup.printTitlesRow = `1:${frozenRows}`;
}

/** Adds a worksheet of this name to the workbook and writes the layout into it. */
export function addLayoutSheet(workbook: Workbook, name: string, layout: SheetLayout, options: LayoutOptions = {}): Worksheet {
  return writeLayout(workbook.addWorksheet(name), layout, options);
}
