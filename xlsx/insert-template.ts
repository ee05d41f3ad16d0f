// "Insert template" over the in-memory workbook: the command line's (and the workbench's) host
// adapter for the command the panel runs in Excel and Sheets (xlsx/memory-bridge.ts calls it).
// Same core plan (buildTemplate, planFromTemplate: clashes suffixed, nothing existing touched),
// written through the port: one read of the sheet and defined names, then per sheet one layout
// write and one write of its formula cells, one write of all the names and one per sheet's
// drop-downs: a fixed number, whatever the workbook holds.
import { buildTemplate, DEMAND_HEADER_ROW, Template } from '../core/template/template';
import { InsertTemplateResponse, planFromTemplate } from '../core/commands/insert-template';
import type { MemoryWorkbook } from './memory-workbook';

export interface InsertOptions {
  /** The first year of the Capacity sheet and the examples. */
  readonly year: number;
  /**
   * How the add-in's formulas are spelled: 'xlsx' (=_xldudf_BTM_SCORE(...), as a file stores
   * them; the command line saves the workbook as .xlsx) or 'excel' (=BTM.SCORE(...), as Excel
   * shows them; the browser workbench). Default 'xlsx'.
   */
  readonly spelling?: 'excel' | 'xlsx';
}

export function insertTemplateIntoBook(book: MemoryWorkbook, options: InsertOptions): InsertTemplateResponse {
  const existing = { sheets: book.sheetNames(), names: book.names().map((n) => n.name) };
  const template: Template = buildTemplate(options.spelling ?? 'xlsx', existing, { year: options.year });
  const plan = planFromTemplate(template, existing);
  if ('status' in plan) return plan;
  for (const s of template.sheets) {
    book.writeLayout(s.name, {
      // Constants as values (text stays text); formula cells are written next, with no cached value yet.
      values: s.values.map((row, r) => row.map((v, c) => (s.formulas[r][c] === '' ? v : null))),
      fills: s.fills,
      formats: s.formats,
      boldRows: s.boldRows,
      columnWidths: s.columnWidths,
      frozenRows: s.frozenRows,
      hiddenColumns: s.hiddenColumns,
    });
    const formulas = s.formulas.flatMap((row, r) => row.flatMap((formula, c) => (formula === '' ? [] : [{ row: r + 1, col: c + 1, formula, value: s.values[r][c] }])));
    if (formulas.length > 0) book.writeFormulaCells(s.name, formulas);
  }
  book.addNames(template.names);
  for (const s of template.sheets) {
    if (s.validations.length > 0) book.addValidations(s.name, s.validations.map((v) => ({ range: v.range, source: v.listName })));
  }
  // The sheet the plan shows (Demand), on its first example row, below the header.
  if (plan.activate) book.select(plan.activate, DEMAND_HEADER_ROW + 1, 1);
  return plan.response;
}
