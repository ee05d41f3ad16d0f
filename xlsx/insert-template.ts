// "Insert template" over the in-memory workbook: the command line's (and the workbench's) host
// adapter for the command the panel runs in Excel and Sheets. Same core plan (buildTemplate,
// planFromTemplate: clashes suffixed, nothing existing touched), written through the port:
// one read of the sheet and defined names, then per sheet one layout write and one formula
// write per formula cell (a handful, whatever the data), the names and the drop-downs.
import { buildTemplate, Template } from '../core/template/template';
import { InsertTemplateResponse, planFromTemplate } from '../core/commands/insert-template';
import type { MemoryWorkbook } from './memory-workbook';

export interface InsertOptions {
  /** The first year of the Capacity sheet and the examples. */
  readonly year: number;
}

export function insertTemplateIntoBook(book: MemoryWorkbook, options: InsertOptions): InsertTemplateResponse {
  const existing = { sheets: book.sheetNames(), names: book.names().map((n) => n.name) };
  // Formulas as a file stores them (_xldudf_BTM_SCORE): the workbook is saved as .xlsx.
  const template: Template = buildTemplate('xlsx', existing, { year: options.year });
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
    s.formulas.forEach((row, r) =>
      row.forEach((f, c) => {
        if (f !== '') book.writeFormulas(s.name, r + 1, c + 1, [[f]], [[s.values[r][c]]]);
      }),
    );
  }
  for (const n of template.names) book.addName(n.name, n.sheet, n.range);
  for (const s of template.sheets) {
    if (s.validations.length > 0) book.addValidations(s.name, s.validations.map((v) => ({ range: v.range, source: v.listName })));
  }
  const demand = template.sheets.find((s) => s.key === 'demand');
  if (demand) book.select(demand.name, 4, 1);
  return plan.response;
}
