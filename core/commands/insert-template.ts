// The panel's "Insert template" command, as pure planning: from the names of the workbook's sheets
// and workbook-scoped defined names (the host reads them once) to everything the host writes, in
// order: the template's sheets created after the existing ones (clashing names already suffixed by
// buildTemplate), each sheet's block from A1 with its number formats, fills, bold rows, column
// widths, frozen rows and hidden columns, the named ranges, the list validations, and the sheet to
// show at the end.
//
// Nothing that exists is touched: the plan creates sheets and names only, and refuses (status
// 'invalid', nothing written) should a template sheet or name still match an existing one,
// whatever buildTemplate answered. The host adds nothing of its own: it translates each part of
// the plan into its API's calls, a fixed number of them per sheet whatever the template's rows.
//
// List validations reject anything not in the list (Excel: error alert style Stop; Sheets:
// setAllowInvalid(false)): the lists (demand types, value streams, ...) are the DMO's vocabulary,
// and the scoring, capacity and roadmap commands group and match by those exact words, so a typo
// accepted with a warning would quietly become a group of its own. Blank cells stay allowed.
//
// Pure: no host types, no I/O.
import { buildTemplate, hostGrid } from '../template/template';
import type { Template, TemplateHost, TemplateName, TemplateSheet } from '../template/template';
import { parseRange } from '../values/a1';
import type { RangeRef } from '../values/a1';

/** What the panel shows after Insert template. Plain data: it crosses google.script.run in Sheets. */
export type InsertTemplateResponse =
  | {
      readonly status: 'inserted';
      /** The sheets created, in order (suffixed names where the workbook had the wanted one). */
      readonly sheets: readonly string[];
      /** Named ranges created. */
      readonly names: number;
      /** One plain sentence per clash resolved by a suffix (the template's `renamed`). */
      readonly renamed: readonly string[];
    }
  | { readonly status: 'invalid'; readonly message: string };

/** The workbook as the host read it: sheet names and workbook-scoped defined names. */
export interface ExistingWorkbook {
  readonly sheets: readonly string[];
  readonly names: readonly string[];
}

/** What a host writes into one cell: a formula ('=...'), a constant, or null for a cell left empty (one a spill may cover). */
export type TemplateCell = string | number | boolean | null;

/** A list validation ready for a host: where, and the named range it draws from. */
export interface ValidationWrite {
  /** A1 range on the sheet, without the sheet, e.g. 'D4:D203'. */
  readonly range: string;
  readonly ref: RangeRef;
  /** The named range holding the allowed values (Excel's list source is '=' + this name). */
  readonly listName: string;
  /** That named range's sheet and cells (Sheets' requireValueInRange takes the range itself). */
  readonly listSheet: string;
  readonly listRef: RangeRef;
  /** What the host says when a value outside the list is typed (the same words in both hosts). */
  readonly help: string;
}

/** One template sheet as a host writes it; every grid is rows x cols (padded), starting at A1. */
export interface SheetWrite {
  readonly key: TemplateSheet['key'];
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  /** hostGrid(sheet), padded with null (a new sheet's cell stays empty). */
  readonly cells: TemplateCell[][];
  /** Number formats, 'General' where the template sets none. */
  readonly formats: string[][];
  /** '#rrggbb' or null (no fill). */
  readonly fills: (string | null)[][];
  /** 0-based rows shown bold. */
  readonly boldRows: readonly number[];
  /** Runs of equal width (1-based first column, count, pixels); columns without a width are left out. */
  readonly widths: readonly { readonly col: number; readonly cols: number; readonly pixels: number }[];
  readonly frozenRows: number;
  /** 1-based first column and count of a block of columns to hide (count 0: none). */
  readonly hiddenColumns: { readonly from: number; readonly count: number };
  readonly validations: readonly ValidationWrite[];
  /**
   * The rows and columns the sheet must have for everything written on it (block, widths, lists,
   * named ranges): a host whose new sheets have a fixed size (Sheets: 1,000 x 26) adds the rest.
   */
  readonly extent: { readonly rows: number; readonly cols: number };
}

/** A workbook-scoped named range to create: the template's name (its sheet checked) with its range parsed. */
export interface NameWrite extends Pick<TemplateName, 'name' | 'sheet' | 'range'> {
  readonly ref: RangeRef;
}

export interface InsertTemplatePlan {
  /** In the order to create them, after the workbook's last sheet. */
  readonly sheets: readonly SheetWrite[];
  readonly names: readonly NameWrite[];
  /** The sheet to show once everything is written: the Demand sheet (else the first created). */
  readonly activate: string;
  readonly response: Extract<InsertTemplateResponse, { status: 'inserted' }>;
}

export type InsertTemplateHost = Extract<TemplateHost, 'excel' | 'sheets'>;

/**
 * Plans Insert template for a host. `build` is buildTemplate unless a test passes its own
 * template; the plan never trusts it to have avoided every existing sheet and name.
 */
export function planInsertTemplate(
  host: InsertTemplateHost,
  existing: ExistingWorkbook,
  build: (host: TemplateHost, existing: ExistingWorkbook) => Template = buildTemplate,
): InsertTemplatePlan | { status: 'invalid'; message: string } {
  const template = build(host, { sheets: [...existing.sheets], names: [...existing.names] });
  return planFromTemplate(template, existing);
}

/** The plan for a template already built (the host's read of `existing` decides the clash check). */
export function planFromTemplate(template: Template, existing: ExistingWorkbook): InsertTemplatePlan | { status: 'invalid'; message: string } {
  const key = (s: string) => s.trim().toLowerCase();
  const sheetsTaken = new Set(existing.sheets.map(key));
  const namesTaken = new Set(existing.names.map(key));
  const invalid = (message: string) => ({ status: 'invalid' as const, message });

  const created = new Set<string>();
  for (const s of template.sheets) {
    if (!s.name.trim()) return invalid('The template has a sheet without a name; nothing was inserted.');
    if (sheetsTaken.has(key(s.name))) return invalid(`The workbook already has a sheet named "${s.name}"; nothing was inserted.`);
    if (created.has(key(s.name))) return invalid(`The template names two sheets "${s.name}"; nothing was inserted.`);
    created.add(key(s.name));
  }
  const sheetByName = new Map(template.sheets.map((s) => [key(s.name), s.name] as const));

  const names: NameWrite[] = [];
  const nameByKey = new Map<string, NameWrite>();
  for (const n of template.names) {
    if (namesTaken.has(key(n.name))) return invalid(`The workbook already has a name "${n.name}"; nothing was inserted.`);
    if (nameByKey.has(key(n.name))) return invalid(`The template defines the name "${n.name}" twice; nothing was inserted.`);
    const sheet = sheetByName.get(key(n.sheet));
    const ref = parseRange(n.range);
    if (!sheet || !ref || ref.sheet !== undefined) return invalid(`The template's name "${n.name}" refers to ${n.sheet}!${n.range}, which it does not create; nothing was inserted.`);
    const write: NameWrite = { name: n.name, sheet, range: n.range, ref };
    names.push(write);
    nameByKey.set(key(n.name), write);
  }

  const sheets: SheetWrite[] = [];
  for (const s of template.sheets) {
    const refs: RangeRef[] = names.filter((n) => n.sheet === s.name).map((n) => n.ref);
    const validations: ValidationWrite[] = [];
    for (const v of s.validations) {
      const ref = parseRange(v.range);
      const list = nameByKey.get(key(v.listName));
      if (!ref || ref.sheet !== undefined || !list) {
        return invalid(`The template's list on ${s.name}!${v.range} draws from "${v.listName}", which it does not define; nothing was inserted.`);
      }
      validations.push({
        range: v.range,
        ref,
        listName: list.name,
        listSheet: list.sheet,
        listRef: list.ref,
        help: `Pick one of the values of the list ${list.name} (on the ${list.sheet} sheet).`,
      });
      refs.push(ref);
    }
    sheets.push(sheetWrite(s, validations, refs));
  }

  const demand = template.sheets.find((s) => s.key === 'demand') ?? template.sheets[0];
  return {
    sheets,
    names,
    activate: demand ? demand.name : '',
    response: { status: 'inserted', sheets: template.sheets.map((s) => s.name), names: names.length, renamed: [...template.renamed] },
  };
}

function sheetWrite(s: TemplateSheet, validations: ValidationWrite[], refs: readonly RangeRef[]): SheetWrite {
  const grid = hostGrid(s);
  const rows = Math.max(grid.length, s.formats.length, s.fills.length);
  const width = (g: readonly (readonly unknown[])[]) => g.reduce((m, r) => Math.max(m, r.length), 0);
  const cols = rows === 0 ? 0 : Math.max(1, width(grid), width(s.formats), width(s.fills));
  const pad = <T, U>(g: readonly (readonly T[])[], blank: U, f: (x: T) => T | U = (x) => x): (T | U)[][] =>
    Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => (g[r] !== undefined && c < g[r].length ? f(g[r][c]) : blank)));
  const widths = widthRuns(s.columnWidths);
  const hidden = s.hiddenColumns && s.hiddenColumns.count > 0 && s.hiddenColumns.from >= 1 ? { from: s.hiddenColumns.from, count: s.hiddenColumns.count } : { from: 0, count: 0 };
  const extent = {
    rows: Math.max(1, rows, s.frozenRows, ...refs.map((r) => r.end.row)),
    cols: Math.max(1, cols, hidden.from + hidden.count - 1, ...widths.map((w) => w.col + w.cols - 1), ...refs.map((r) => r.end.col)),
  };
  return {
    key: s.key,
    name: s.name,
    rows,
    cols,
    cells: pad<TemplateCell, null>(grid, null),
    formats: pad<string | null, string>(s.formats, 'General', (f) => f ?? 'General') as string[][],
    fills: pad<string | null, null>(s.fills, null),
    boldRows: [...new Set(s.boldRows)].filter((r) => r >= 0 && r < rows).sort((a, b) => a - b),
    widths,
    frozenRows: Math.max(0, s.frozenRows),
    hiddenColumns: hidden,
    validations,
    extent,
  };
}

/** Runs of equal width along the columns (1-based first column), skipping columns with none. */
export function widthRuns(widths: readonly (number | null)[]): { col: number; cols: number; pixels: number }[] {
  const runs: { col: number; cols: number; pixels: number }[] = [];
  widths.forEach((w, k) => {
    if (w === null || !Number.isFinite(w) || w <= 0) return;
    const last = runs[runs.length - 1];
    if (last && last.pixels === w && last.col + last.cols === k + 1) last.cols++;
    else runs.push({ col: k + 1, cols: 1, pixels: w });
  });
  return runs;
}
