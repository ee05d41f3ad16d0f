// The panel's "Score demand" command, as pure planning: from the user's table (read once) and
// the DMO's settings to the live formulas the add-in writes into the columns it owns at the
// table's right (written once). Nothing is written over a cell the add-in does not own.
import { CellValue, isEmptyCell } from '../values/cells';
import { isSheetError } from '../values/errors';
import { RangeRef, columnLetters, formatRange, quoteSheet } from '../values/a1';
import { HostKind, hostFunctionName } from '../catalogue/spec';
import { DEFAULT_SETTINGS, DemandSettings, SETTINGS_SHEET, settingsFromGrid } from '../demand/settings';
import { ColumnMapping, DEMAND_TYPE, JOB_SIZE, RUNNING, demandFields, headerText, mapHeaders, normaliseHeader } from '../demand/header-mapping';

/** The columns the add-in owns, in the order it places them. */
export const OWNED_COLUMNS = ['BTM Score', 'BTM Rank', 'BTM Check', 'BTM Proposal', 'BTM WSJF'] as const;
export type OwnedColumn = (typeof OWNED_COLUMNS)[number];

/** The user's table as the host read it, in one read. */
export interface DemandTable {
  readonly sheet: string;
  /** 1-based row of the header row and column of the table's first column. */
  readonly top: number;
  readonly left: number;
  /**
   * The header row and every data row, across the table's columns and OWNED_COLUMNS.length more
   * to its right (so the cells the results would take are read in the same go).
   */
  readonly values: readonly (readonly CellValue[])[];
  /** Formulas of the same cells ('' where none). */
  readonly formulas: readonly (readonly string[])[];
  /** Columns of `values` that belong to the table (the add-in's own columns included). */
  readonly width: number;
}

export interface PlannedColumn {
  readonly header: OwnedColumn;
  /** 1-based sheet column. */
  readonly col: number;
  readonly formula: string;
}

export type ScorePlan =
  | {
      readonly status: 'ready';
      /** Field -> header found for it, for the panel to show and let the user change. */
      readonly mapping: Readonly<Record<string, string>>;
      /** Results that cannot be written, and why (missing inputs). */
      readonly skipped: readonly string[];
      readonly columns: readonly PlannedColumn[];
      /** The one block to write: the header row and the first data row of the owned columns. */
      readonly block: RangeRef;
      /** What to write into `block`: headers as text, formulas starting with "=". */
      readonly cells: string[][];
    }
  | { readonly status: 'blocked'; readonly message: string; readonly cells: readonly string[] }
  | { readonly status: 'invalid'; readonly message: string };

const ownedName = (c: CellValue): OwnedColumn | undefined => OWNED_COLUMNS.find((o) => normaliseHeader(o) === normaliseHeader(c));

/** A text array constant, as both hosts write it: {"a","b"}. */
function textArray(items: readonly string[]): string {
  return `{${items.map((t) => `"${t.replace(/"/g, '""')}"`).join(',')}}`;
}

function numberArray(items: readonly number[]): string {
  return `{${items.join(',')}}`;
}

/**
 * The data rows of some table columns as one argument: a plain range when the columns are
 * side by side in order, otherwise HSTACK of the columns (Excel 365 and Google Sheets both
 * have it).
 */
function columnsArgument(cols: readonly number[], firstRow: number, lastRow: number): string {
  const range = (a: number, b: number) => `${columnLetters(a)}${firstRow}:${columnLetters(b)}${lastRow}`;
  const contiguous = cols.every((c, i) => i === 0 || c === cols[i - 1] + 1);
  return contiguous ? range(cols[0], cols[cols.length - 1]) : `HSTACK(${cols.map((c) => range(c, c)).join(',')})`;
}

export function planScoreDemand(table: DemandTable, settings: DemandSettings, host: HostKind, overrides: Readonly<Record<string, string>> = {}): ScorePlan {
  const headers = table.values[0] ?? [];
  const rows = table.values.length - 1;
  if (rows < 1) return { status: 'invalid', message: 'The table has a header row but no data rows below it.' };
  if (table.width < 1) return { status: 'invalid', message: 'Select a cell inside your demand table first.' };

  // The add-in's own columns already in the table (from an earlier run) are not user fields.
  const userHeaders = headers.slice(0, table.width).map((h) => (ownedName(h) ? null : h));
  const mapping: ColumnMapping = mapHeaders(userHeaders, demandFields(settings), overrides);
  const sheetCol = (i: number) => table.left + i;
  const firstRow = table.top + 1;
  const lastRow = table.top + rows;
  const fn = (name: string) => hostFunctionName(host, name);
  const found = (key: string) => mapping[key] !== undefined;

  const criteria = settings.criteria.filter((c) => found(c.name));
  const skipped: string[] = [];
  const planned: Array<{ header: OwnedColumn; formula: (at: (h: OwnedColumn) => string) => string }> = [];
  if (criteria.length === 0) {
    return {
      status: 'invalid',
      message: `No column is named after a scoring criterion. Expected headers such as ${settings.criteria.map((c) => `"${c.name}"`).join(', ')}; name one or choose the columns in the panel.`,
    };
  }
  const criteriaCols = criteria.map((c) => sheetCol(mapping[c.name]));
  // With a demand type column, SCORE applies the demand-type rule (ideas are not penalised
  // for a missing business case; other demand is).
  const demandTypes = found(DEMAND_TYPE.key) ? `,"minmax",${columnsArgument([sheetCol(mapping[DEMAND_TYPE.key])], firstRow, lastRow)}` : '';
  planned.push({
    header: 'BTM Score',
    formula: () =>
      `=${fn('SCORE')}(${columnsArgument(criteriaCols, firstRow, lastRow)},${numberArray(criteria.map((c) => c.weight))},${numberArray(criteria.map((c) => c.direction))}${demandTypes})`,
  });
  planned.push({ header: 'BTM Rank', formula: (at) => `=${fn('PRIORITY')}(${at('BTM Score')})` });

  const checkKeys = settings.checkLabels.map((l) => `Check: ${l}`);
  const missingPoints = settings.checkLabels.filter((_, i) => !found(checkKeys[i]));
  if (missingPoints.length === 0) {
    const cols = checkKeys.map((k) => sheetCol(mapping[k]));
    planned.push({ header: 'BTM Check', formula: () => `=${fn('CHECK')}(${columnsArgument(cols, firstRow, lastRow)},${textArray(settings.checkLabels)})` });
    const running = found(RUNNING.key) ? `,${columnsArgument([sheetCol(mapping[RUNNING.key])], firstRow, lastRow)}` : '';
    const { include, reject } = settings.thresholds;
    planned.push({
      header: 'BTM Proposal',
      formula: (at) => `=${fn('PROPOSAL')}(${at('BTM Score')},${at('BTM Check')},${numberArray([include, reject])}${running})`,
    });
  } else {
    skipped.push(`BTM Check and BTM Proposal need a column for each point of the seven-point check; missing: ${missingPoints.join(', ')}.`);
  }

  const wsjfKeys = ['Business value', 'Time criticality', 'Risk reduction', JOB_SIZE.key];
  const missingWsjf = wsjfKeys.filter((k) => !found(k));
  if (missingWsjf.length === 0) {
    const args = wsjfKeys.map((k) => columnsArgument([sheetCol(mapping[k])], firstRow, lastRow));
    planned.push({ header: 'BTM WSJF', formula: () => `=${fn('WSJF')}(${args.join(',')})` });
  } else {
    skipped.push(`BTM WSJF needs the columns ${missingWsjf.join(', ')}.`);
  }

  // Place each result: in its own column if an earlier run made one, else after the table.
  const existing = new Map<OwnedColumn, number>();
  headers.slice(0, table.width).forEach((h, i) => {
    const o = ownedName(h);
    if (o && !existing.has(o)) existing.set(o, i);
  });
  let next = table.width;
  const placed = planned.map((p) => ({ ...p, index: existing.get(p.header) ?? next++ }));
  if (next > table.values[0].length) {
    return { status: 'invalid', message: 'Internal: the table was read without the columns to its right.' };
  }

  // Nothing lost: a new column's cells must be empty; an owned column's body holds our spill,
  // unless the spill is broken (#SPILL! in Excel, #REF! in Sheets), which means user data.
  const blocking: string[] = [];
  const cellName = (r: number, i: number) => `${columnLetters(sheetCol(i))}${table.top + r}`;
  for (const p of placed) {
    const owned = existing.has(p.header);
    const top = table.values[1]?.[p.index];
    // An error on top (#SPILL!, #REF!, #ERROR! ...) means nothing of ours spilled below it.
    const broken = owned && (isSheetError(top) || (typeof top === 'string' && /^#[A-Z0-9/]+[!?A]?$/.test(top)));
    for (let r = owned ? 2 : 0; r <= rows; r++) {
      const v = table.values[r]?.[p.index];
      const f = table.formulas[r]?.[p.index] ?? '';
      if (!owned || broken) {
        if (!isEmptyCell(v) || f !== '') blocking.push(cellName(r, p.index));
      } else if (f !== '' && r >= 2) {
        blocking.push(cellName(r, p.index)); // a formula of the user's inside our spill area
      }
    }
  }
  if (blocking.length > 0) {
    const shown = blocking.length > 8 ? `${blocking.slice(0, 8).join(', ')} and ${blocking.length - 8} more` : blocking.join(', ');
    return {
      status: 'blocked',
      cells: blocking,
      message: `Nothing was written: the results need ${quoteSheet(table.sheet)}!${shown} empty. Move or clear ${blocking.length === 1 ? 'that cell' : 'those cells'} and run Score demand again.`,
    };
  }

  const at = (h: OwnedColumn) => {
    const p = placed.find((x) => x.header === h);
    const c = columnLetters(sheetCol(p ? p.index : 0));
    return `${c}${firstRow}:${c}${lastRow}`;
  };
  const columns: PlannedColumn[] = placed.map((p) => ({ header: p.header, col: sheetCol(p.index), formula: p.formula(at) }));
  const minIndex = Math.min(...placed.map((p) => p.index));
  const maxIndex = Math.max(...placed.map((p) => p.index));
  const block: RangeRef = { sheet: table.sheet, start: { row: table.top, col: sheetCol(minIndex) }, end: { row: table.top + 1, col: sheetCol(maxIndex) } };
  const strangers: string[] = [];
  for (let i = minIndex; i <= maxIndex; i++) if (!placed.some((p) => p.index === i)) strangers.push(`${columnLetters(sheetCol(i))}${table.top}`);
  if (strangers.length > 0) {
    return {
      status: 'blocked',
      cells: strangers,
      message: `Nothing was written: ${strangers.join(', ')} ${strangers.length === 1 ? 'stands' : 'stand'} between the BTM columns. Move ${strangers.length === 1 ? 'it' : 'them'} to the left of the BTM columns and run Score demand again.`,
    };
  }
  const cells: string[][] = [placed.map((p) => p.header), columns.map((c) => c.formula)];
  // Left to right, as the block is written.
  const order = placed.map((p, k) => [p.index, k] as const).sort((x, y) => x[0] - y[0]).map(([, k]) => k);
  const ordered = cells.map((row) => order.map((k) => row[k]));
  const shownMapping: Record<string, string> = {};
  for (const [key, i] of Object.entries(mapping)) shownMapping[key] = headerText(headers[i]);
  return { status: 'ready', mapping: shownMapping, skipped, columns, block, cells: ordered };
}

/** The block as an address, for the host's one write. */
export function planAddress(plan: Extract<ScorePlan, { status: 'ready' }>): string {
  return formatRange(plan.block, false);
}

/** What a host reads for Score demand, in one go, before any planning. */
export interface SheetSnapshot {
  readonly sheet: string;
  /** The sheet's used range: 1-based position of its top-left cell, values and formulas. */
  readonly top: number;
  readonly left: number;
  readonly values: readonly (readonly CellValue[])[];
  readonly formulas: readonly (readonly string[])[];
  /** The selected cell (the top-left one of the selection). */
  readonly selection: { readonly row: number; readonly col: number };
  /** Merged areas on the sheet (only those touching the used range matter). */
  readonly merged: readonly RangeRef[];
  /** The Excel table (ListObject) under the selection, header row included, if any. */
  readonly listObject?: RangeRef;
}

/** Empty rows inside a table that do not end it. */
const MAX_GAP = 2;

/**
 * Finds the demand table under the selection: an Excel table's range, or the block of cells
 * around the selected cell (as Excel's current region: grown while a neighbouring row or
 * column has data), its first row the header row; its columns are those with a header. Up to
 * two empty rows in the middle do not cut the table short (they are scored as rows without
 * data); a longer gap ends it, so a totals block further down is not taken in.
 */
export function findDemandTable(snap: SheetSnapshot): DemandTable | { readonly problem: string } {
  const at = (row: number, col: number): CellValue => snap.values[row - snap.top]?.[col - snap.left] ?? null;
  const formulaAt = (row: number, col: number): string => snap.formulas[row - snap.top]?.[col - snap.left] ?? '';
  const lastRow = snap.top + snap.values.length - 1;
  let top: number;
  let left: number;
  let right: number;
  let bottom: number;
  if (snap.listObject) {
    ({ row: top, col: left } = snap.listObject.start);
    ({ row: bottom, col: right } = snap.listObject.end);
  } else {
    const { row, col } = snap.selection;
    if (isEmptyCell(at(row, col))) return { problem: 'Select a cell inside your demand table (the selected cell is empty).' };
    top = bottom = row;
    left = right = col;
    const rowHas = (r: number, a: number, b: number) => { for (let c = a; c <= b; c++) if (!isEmptyCell(at(r, c))) return true; return false; };
    const colHas = (c: number, a: number, b: number) => { for (let r = a; r <= b; r++) if (!isEmptyCell(at(r, c))) return true; return false; };
    for (let grown = true; grown; ) {
      grown = false;
      // Rows run to the end in one go (the region is the same in any order of growth; scanning
      // the side columns once per row would make a 50,000-row table quadratic).
      while (top > 1 && rowHas(top - 1, Math.max(1, left - 1), right + 1)) { top--; grown = true; }
      while (rowHas(bottom + 1, Math.max(1, left - 1), right + 1)) { bottom++; grown = true; }
      if (left > 1 && colHas(left - 1, Math.max(1, top - 1), bottom + 1)) { left--; grown = true; }
      if (colHas(right + 1, Math.max(1, top - 1), bottom + 1)) { right++; grown = true; }
    }
    // The columns run from the first to the last headed one: a note beside the table is not a
    // column of it (and is caught later if it stands where the results go).
    const headed = (c: number) => !isEmptyCell(at(top, c));
    while (left < right && !headed(left)) left++;
    while (right > left && !headed(right)) right--;
    // Across gaps of at most two empty rows.
    for (let next = bottom + 1; next <= Math.min(lastRow, bottom + MAX_GAP + 1); next++) {
      if (rowHas(next, left, right)) {
        bottom = next;
        for (let grown = true; grown; ) {
          grown = rowHas(bottom + 1, left, right);
          if (grown) bottom++;
        }
        next = bottom;
      }
    }
  }
  for (const m of snap.merged) {
    const touchesHeader = m.start.row <= top && m.end.row >= top && m.end.col >= left && m.start.col <= right;
    if (touchesHeader) {
      return { problem: `The header row has merged cells (${formatRange({ start: m.start, end: m.end }, false)}): unmerge them so each column has a header of its own.` };
    }
  }
  const width = right - left + 1;
  const values: CellValue[][] = [];
  const formulas: string[][] = [];
  for (let r = top; r <= bottom; r++) {
    const v: CellValue[] = [];
    const f: string[] = [];
    for (let c = left; c < left + width + OWNED_COLUMNS.length; c++) {
      v.push(at(r, c));
      f.push(formulaAt(r, c));
    }
    values.push(v);
    formulas.push(f);
  }
  const blankHeaders = values[0].slice(0, width).map((h, i) => (isEmptyCell(h) ? i : -1)).filter((i) => i >= 0);
  if (blankHeaders.length > 0) {
    return { problem: `The header row (row ${top}) has no name in column ${blankHeaders.map((i) => columnLetters(left + i)).join(', ')}: give every column a header.` };
  }
  return { sheet: snap.sheet, top, left, values, formulas, width };
}

/** What the panel sends: the user's own field -> header choices, when they changed the mapping. */
export interface ScoreDemandRequest {
  readonly overrides?: Readonly<Record<string, string>>;
}

export type ScoreDemandResponse =
  | {
      readonly status: 'written';
      /** The block written, sheet included. */
      readonly address: string;
      readonly headers: readonly string[];
      readonly mapping: Readonly<Record<string, string>>;
      /** The table's headers, for the panel's mapping choices. */
      readonly tableHeaders: readonly string[];
      /** Every field the command looks for (criteria, job size, demand type, running, check points). */
      readonly fields: readonly string[];
      readonly skipped: readonly string[];
      /** Cells of the BTM Settings sheet that could not be read (their block's defaults apply). */
      readonly settingsProblems: readonly string[];
    }
  | { readonly status: 'blocked'; readonly message: string; readonly cells: readonly string[] }
  | { readonly status: 'invalid'; readonly message: string };

/**
 * Everything between the host's one read and its one write: the table, the settings (from the
 * BTM Settings sheet's cells when the workbook has one) and the plan. The host writes
 * `plan.cells` into `plan.block` and answers the panel with `response`.
 */
export function prepareScoreDemand(
  snap: SheetSnapshot,
  settingsGrid: CellValue[][] | undefined,
  host: HostKind,
  overrides: Readonly<Record<string, string>> = {},
): { plan?: Extract<ScorePlan, { status: 'ready' }>; response: ScoreDemandResponse } {
  const found = findDemandTable(snap);
  if ('problem' in found) return { response: { status: 'invalid', message: found.problem } };
  const reading = settingsGrid ? settingsFromGrid(settingsGrid) : { settings: DEFAULT_SETTINGS, problems: [] };
  const plan = planScoreDemand(found, reading.settings, host, overrides);
  if (plan.status !== 'ready') return { response: plan };
  const tableHeaders = found.values[0].slice(0, found.width).filter((h) => !ownedName(h)).map(headerText);
  return {
    plan,
    response: {
      status: 'written',
      address: formatRange(plan.block),
      headers: plan.cells[0],
      mapping: plan.mapping,
      tableHeaders,
      fields: demandFields(reading.settings).map((f) => f.key),
      skipped: plan.skipped,
      settingsProblems: reading.problems.map((p) => `${quoteSheet(SETTINGS_SHEET)}!${columnLetters(p.col)}${p.row}: ${p.message}`),
    },
  };
}
