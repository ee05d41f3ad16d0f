// The panel's "Repair BTM formulas" command, as pure planning: from every sheet's formulas (the
// host reads each sheet's used range once) to the few rectangular blocks of cells to rewrite (the
// host writes each sheet once), the counts per sheet and the sentence the panel shows.
//
// What is repaired, in a formula cell (a string starting with "="; anything else is a constant and
// is never looked at, let alone written):
//   - calls of catalogue functions spelled for the other host or for the file (BTM_NPV( in Excel,
//     BTM.NPV( in Sheets, _xldudf_BTM_NPV( / _xludf.BTM_NPV( in either; in a workbook kept in the
//     file's spelling, both hosts' spellings): rewritten to the workbook's spelling by
//     translateFormula, so text in string literals, sheet names and structured references is
//     left alone;
//   - Google's export wrapper. A Sheets download (.xlsx) stores a formula calling a function
//     Excel lacks as  =IFERROR(__xludf.DUMMYFUNCTION("BTM_NPV(0.1,B2:B9)"),123.4)  : the original
//     formula (without its "=") as a string literal with "" escapes, and the cached value as the
//     fallback. A wrapper whose inner formula calls a catalogue function is replaced by that inner
//     formula, translated. A wrapper around anything else (QUERY, IMPORTRANGE, ...) is left alone:
//     unwrapped, it would only show #NAME? where it now shows its last value.
//   - the cells of such a formula's spill: Google writes each of them as
//     =IFERROR(__xludf.DUMMYFUNCTION("""COMPUTED_VALUE"""),cached), which would block the restored
//     formula's spill (#SPILL!). Those shims in the rectangle that runs right and down from a
//     repaired wrapper (as far as the row and the column hold shims) are cleared. Shims next to no
//     repaired wrapper are left alone.
// Calls of BTM names the catalogue does not know are reported, never rewritten.
//
// How the host writes a sheet's repair (see SheetRepair):
//   - `blocks` are rectangles made only of cells that change, each with the new content of every
//     cell: no cell outside them is written, so no constant can be lost whatever the host does with
//     an empty string. Google Sheets writes them with one Range.setFormulas per block: Apps Script
//     documents no "leave this cell alone" entry for setFormulas, and an empty string there is a
//     blank formula, i.e. an emptied cell, so a bounding block must never be written in Sheets.
//   - `bounding` is the one block around all of them for Excel: the new formula where a cell
//     changes, null everywhere else. Office.js leaves a cell whose entry is null unchanged when a
//     2-D array is assigned to Range.formulas ("null input in 2-D array", Excel add-ins
//     documentation), so one assignment repairs the sheet; unchanged formulas are null too, never
//     written back (writing part of a legacy array formula fails, and rewriting a formula
//     recalculates it for nothing).
// An empty string in either form means "clear this cell" and only ever stands for a spill shim.
//
// Pure: no host types, no I/O.
import { formatRange } from '../values/a1';
import { translateFormula } from '../formulas/translate';
import type { FormulaSpelling } from '../formulas/translate';

/** One sheet's used range as the host read it. */
export interface SheetFormulas {
  readonly sheet: string;
  /** 1-based sheet row and column of the grid's top-left cell. */
  readonly top: number;
  readonly left: number;
  /**
   * The formula of every cell ('' where none). A cell whose text does not start with "=" is
   * treated as a constant and never written, so a host may pass Office.js's Range.formulas as it
   * comes (constants included).
   */
  readonly formulas: readonly (readonly string[])[];
}

/** A rectangle of cells to write, every one of them changing. */
export interface FormulaBlock {
  /** 1-based sheet row and column of the top-left cell. */
  readonly top: number;
  readonly left: number;
  /** The block's address without the sheet, e.g. "D2:D11". */
  readonly address: string;
  /** The new content, row by row: a formula, or '' to clear a spill shim. */
  readonly cells: readonly (readonly string[])[];
}

/** The bounding block for a host that honours null as "leave unchanged" (Excel). */
export interface BoundingBlock {
  readonly top: number;
  readonly left: number;
  readonly address: string;
  readonly cells: readonly (readonly (string | null)[])[];
}

export interface SheetRepair {
  readonly sheet: string;
  /** The cells to write, as few rectangles as the greedy cover finds (empty: nothing to write). */
  readonly blocks: readonly FormulaBlock[];
  /** The same writes as one block with null for every cell left alone; undefined when nothing changes. */
  readonly bounding?: BoundingBlock;
  /** Formula cells rewritten (translated, unwrapped or both). */
  readonly cellsRewritten: number;
  /** Calls whose spelling was rewritten. */
  readonly callsRewritten: number;
  /** Of cellsRewritten, those that were Google's IFERROR(__xludf.DUMMYFUNCTION(...)) wrapper. */
  readonly unwrapped: number;
  /** Spill shims of unwrapped formulas cleared. */
  readonly spillCellsCleared: number;
  /** Calls of BTM names the catalogue does not know, as written, each once, in sheet order. */
  readonly unknown: readonly string[];
}

export interface RepairPlan {
  /** The spelling every BTM call was rewritten to. */
  readonly spelling: FormulaSpelling;
  /** One entry per sheet read, in the same order. */
  readonly sheets: readonly SheetRepair[];
  /** Formula cells rewritten over all sheets. */
  readonly cellsRewritten: number;
  /** The panel's sentence. */
  readonly report: string;
}

/**
 * `spelling`: the workbook's: a host's ('excel', 'sheets'), or the file's ('xlsx') for an in-memory
 * workbook kept as a file stores it. `known`: which bare names are functions (default: the catalogue's).
 */
export function planRepairFormulas(sheets: readonly SheetFormulas[], spelling: FormulaSpelling, known?: (name: string) => boolean): RepairPlan {
  const repairs = sheets.map((s) => planSheet(s, spelling, known));
  return { spelling, sheets: repairs, cellsRewritten: repairs.reduce((n, r) => n + r.cellsRewritten, 0), report: repairReport(repairs) };
}

/** The sheet's formulas after the repair's blocks are written (for an in-memory workbook and tests). */
export function applyRepair(sheet: SheetFormulas, repair: SheetRepair): string[][] {
  const out = sheet.formulas.map((row) => row.slice());
  for (const b of repair.blocks) {
    b.cells.forEach((row, i) => row.forEach((cell, j) => { out[b.top - sheet.top + i][b.left - sheet.left + j] = cell; }));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

function planSheet(input: SheetFormulas, spelling: FormulaSpelling, known: ((name: string) => boolean) | undefined): SheetRepair {
  const grid = input.formulas;
  const rows = grid.length;
  const cols = grid.reduce((m, r) => Math.max(m, r.length), 0);
  /** New content per changed cell, by "r,c" (0-based in the grid). */
  const changes = new Map<string, string>();
  const unknown: string[] = [];
  const seen = new Set<string>();
  const note = (names: readonly string[]) => {
    for (const n of names) if (!seen.has(n)) { seen.add(n); unknown.push(n); }
  };
  const anchors: Array<readonly [number, number]> = [];
  let cellsRewritten = 0;
  let callsRewritten = 0;
  let unwrapped = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < grid[r].length; c++) {
      const f = grid[r][c];
      if (!isFormula(f)) continue;
      const wrapped = unwrapGoogleExport(f);
      if (wrapped !== undefined) {
        if (wrapped.shim) continue;
        const t = translateFormula(wrapped.formula, spelling, known);
        note(t.unknown);
        if (t.calls === 0) continue;
        changes.set(`${r},${c}`, t.formula);
        anchors.push([r, c]);
        cellsRewritten += 1;
        callsRewritten += t.changed;
        unwrapped += 1;
        continue;
      }
      const t = translateFormula(f, spelling, known);
      note(t.unknown);
      if (t.changed === 0) continue;
      changes.set(`${r},${c}`, t.formula);
      cellsRewritten += 1;
      callsRewritten += t.changed;
    }
  }
  // The spill shims of each unwrapped formula.
  const isShim = (r: number, c: number) => r < rows && c < (grid[r]?.length ?? 0) && isFormula(grid[r][c]) && unwrapGoogleExport(grid[r][c])?.shim === true;
  let spillCellsCleared = 0;
  for (const [r0, c0] of anchors) {
    let c1 = c0;
    while (isShim(r0, c1 + 1)) c1++;
    let r1 = r0;
    while (isShim(r1 + 1, c0)) r1++;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const key = `${r},${c}`;
        if ((r !== r0 || c !== c0) && isShim(r, c) && !changes.has(key)) {
          changes.set(key, '');
          spillCellsCleared += 1;
        }
      }
    }
  }
  const rects = coverRectangles(changes, rows, cols);
  const blocks: FormulaBlock[] = rects.map(({ r0, c0, r1, c1 }) => {
    const cells: string[][] = [];
    for (let r = r0; r <= r1; r++) {
      const row: string[] = [];
      for (let c = c0; c <= c1; c++) row.push(changes.get(`${r},${c}`) as string);
      cells.push(row);
    }
    return { top: input.top + r0, left: input.left + c0, address: address(input.top + r0, input.left + c0, r1 - r0 + 1, c1 - c0 + 1), cells };
  });
  let bounding: BoundingBlock | undefined;
  if (rects.length > 0) {
    const r0 = Math.min(...rects.map((b) => b.r0));
    const c0 = Math.min(...rects.map((b) => b.c0));
    const r1 = Math.max(...rects.map((b) => b.r1));
    const c1 = Math.max(...rects.map((b) => b.c1));
    const cells: (string | null)[][] = [];
    for (let r = r0; r <= r1; r++) {
      const row: (string | null)[] = [];
      for (let c = c0; c <= c1; c++) row.push(changes.get(`${r},${c}`) ?? null);
      cells.push(row);
    }
    bounding = { top: input.top + r0, left: input.left + c0, address: address(input.top + r0, input.left + c0, r1 - r0 + 1, c1 - c0 + 1), cells };
  }
  return { sheet: input.sheet, blocks, ...(bounding ? { bounding } : {}), cellsRewritten, callsRewritten, unwrapped, spillCellsCleared, unknown };
}

function isFormula(f: unknown): f is string {
  return typeof f === 'string' && f.startsWith('=');
}

function address(top: number, left: number, rows: number, cols: number): string {
  return formatRange({ start: { row: top, col: left }, end: { row: top + rows - 1, col: left + cols - 1 } }, false);
}

const WRAPPER_HEAD = /^=\s*IFERROR\s*\(\s*__xludf\.DUMMYFUNCTION\s*\(\s*"/i;

/**
 * Google's export wrapper IFERROR(__xludf.DUMMYFUNCTION("inner"),cached) taken apart: the inner
 * formula with "" unescaped and a leading "=", or `shim` for the """COMPUTED_VALUE""" cells of a
 * spill. Undefined for any other formula (the wrapper must be the whole formula).
 */
export function unwrapGoogleExport(formula: string): { readonly formula: string; readonly shim: boolean } | undefined {
  const head = WRAPPER_HEAD.exec(formula);
  if (!head) return undefined;
  // The string literal, with "" escapes.
  let i = head[0].length;
  let inner = '';
  for (;;) {
    if (i >= formula.length) return undefined;
    const ch = formula[i];
    if (ch === '"') {
      if (formula[i + 1] === '"') { inner += '"'; i += 2; continue; }
      i += 1;
      break;
    }
    inner += ch;
    i += 1;
  }
  const close = /^\s*\)\s*,/.exec(formula.slice(i));
  if (!close) return undefined;
  i += close[0].length;
  // The cached value runs to the IFERROR's closing parenthesis, which must end the formula.
  let depth = 0;
  for (; i < formula.length; i++) {
    const ch = formula[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < formula.length && !(formula[j] === '"' && formula[j + 1] !== '"')) j += formula[j] === '"' ? 2 : 1;
      if (j >= formula.length) return undefined;
      i = j;
    } else if (ch === '(' || ch === '{') depth += 1;
    else if (ch === ')' || ch === '}') {
      if (depth === 0) break;
      depth -= 1;
    }
  }
  if (i >= formula.length || formula[i] !== ')' || formula.slice(i + 1).trim() !== '') return undefined;
  const body = inner.trim();
  if (/^"COMPUTED_VALUE"$/i.test(body)) return { formula: '', shim: true };
  if (body === '') return undefined;
  return { formula: body.startsWith('=') ? body : `=${body}`, shim: false };
}

interface Rect { readonly r0: number; readonly c0: number; readonly r1: number; readonly c1: number }

/**
 * Rectangles covering exactly the changed cells, each cell once: greedy, row-first and
 * column-first, the one with fewer blocks kept (a formula column is one block either way).
 */
function coverRectangles(changes: ReadonlyMap<string, string>, rows: number, cols: number): Rect[] {
  if (changes.size === 0) return [];
  const byRows = greedy(changes, rows, cols, false);
  const byCols = greedy(changes, rows, cols, true);
  return byCols.length < byRows.length ? byCols : byRows;
}

function greedy(changes: ReadonlyMap<string, string>, rows: number, cols: number, columnFirst: boolean): Rect[] {
  const taken = new Set<string>();
  const free = (r: number, c: number) => changes.has(`${r},${c}`) && !taken.has(`${r},${c}`);
  const rects: Rect[] = [];
  const [outer, inner] = columnFirst ? [cols, rows] : [rows, cols];
  for (let a = 0; a < outer; a++) {
    for (let b = 0; b < inner; b++) {
      const [r0, c0] = columnFirst ? [b, a] : [a, b];
      if (!free(r0, c0)) continue;
      let r1 = r0;
      let c1 = c0;
      if (columnFirst) {
        while (free(r1 + 1, c0)) r1++;
        const colFree = (c: number) => { for (let r = r0; r <= r1; r++) if (!free(r, c)) return false; return true; };
        while (colFree(c1 + 1)) c1++;
      } else {
        while (free(r0, c1 + 1)) c1++;
        const rowFree = (r: number) => { for (let c = c0; c <= c1; c++) if (!free(r, c)) return false; return true; };
        while (rowFree(r1 + 1)) r1++;
      }
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) taken.add(`${r},${c}`);
      rects.push({ r0, c0, r1, c1 });
    }
  }
  return rects;
}

// ---------------------------------------------------------------------------------------------

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The panel's sentence for a plan's sheets. */
export function repairReport(repairs: readonly SheetRepair[]): string {
  const done = repairs.filter((r) => r.cellsRewritten > 0);
  const total = done.reduce((n, r) => n + r.cellsRewritten, 0);
  const parts: string[] = [];
  if (total === 0) parts.push("Nothing to repair: no formula uses the other host's spelling");
  else parts.push(`Repaired ${plural(total, 'formula', 'formulas')} in ${plural(done.length, 'sheet', 'sheets')}: ${done.map((r) => `${r.sheet} (${r.cellsRewritten})`).join(', ')}`);
  const unwrapped = repairs.reduce((n, r) => n + r.unwrapped, 0);
  if (unwrapped > 0) {
    parts.push(
      unwrapped === 1
        ? '1 of them was wrapped by a Google Sheets download (IFERROR(__xludf.DUMMYFUNCTION(...))) and is a live formula again'
        : `${unwrapped} of them were wrapped by a Google Sheets download (IFERROR(__xludf.DUMMYFUNCTION(...))) and are live formulas again`,
    );
  }
  const cleared = repairs.reduce((n, r) => n + r.spillCellsCleared, 0);
  if (cleared > 0) parts.push(`Cleared ${plural(cleared, 'cell', 'cells')} holding Google's copy of a spilled result, so the formulas can spill again`);
  const withUnknown = repairs.filter((r) => r.unknown.length > 0);
  if (withUnknown.length > 0) {
    parts.push(`Left as they were, not BTM functions: ${withUnknown.map((r) => `${r.unknown.join(', ')} (${r.sheet})`).join('; ')}`);
  }
  return parts.join('. ');
}
