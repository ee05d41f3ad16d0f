// The Excel bridge's Score demand and BTM Settings commands against a stand-in for Excel.run:
// what they read, what they write (and when), and how many round trips each costs.

import { OfficeMockObject } from 'office-addin-mock';
import { excelBridge, ExcelApiCheck, OVERRIDES_SETTING } from '../excel-addin/excel-bridge';
import {
  CellValue,
  DEFAULT_SETTINGS,
  SETTINGS_SHEET,
  SheetSnapshot,
  formatRange,
  parseRange,
  planAddress,
  prepareScoreDemand,
  settingsToGrid,
} from '../core';
import type { HostBridge } from '../panel/bridge';

// ---------------------------------------------------------------------------------------------
// A small Excel: sheets of cells, and the proxies Office.js hands out for them.
//
// office-addin-mock models a proxy's own properties well: reading one that was not load()ed, or
// before context.sync(), gives its error text instead of the value. It does not model what the
// Excel API builds around proxies, so this file adds the least that behaves as documented:
// - methods that return new proxies (getCell, getRange, getUsedRangeOrNullObject, getTables ...):
//   each call builds an OfficeMockObject for what Excel would return, and context.sync() syncs
//   every proxy handed out so far (office-addin-mock only syncs the tree it was built from);
// - *OrNullObject methods: `isNullObject` is readable only after a sync (reading it earlier
//   throws, as the docs say it must not be read before context.sync()); a null object accepts
//   load() but throws if a method is called on it;
// - collections (TableScopedCollection): load('items/name,...') loads those properties of every
//   item, and `items` is readable after the sync;
// - writes (range.formulas = ..., range.values = ..., worksheets.add, settings.add) are queued
//   and applied to the sheets at the next sync, in order, as Excel applies its batch.

type Plain = string | number | boolean;
/** A cell: a constant, a formula with the value it shows, or empty (null). */
type Cell = Plain | null | { formula: string; value: Plain };
type Grid = Cell[][];

interface TableSpec {
  name: string;
  /** Header row to last row, totals row included when showTotals. */
  address: string;
  showTotals?: boolean;
}

interface SheetSpec {
  name: string;
  /** Cells from A1. */
  grid: Grid;
  /** Merged areas, e.g. 'C3:D3'. */
  merged?: string[];
  tables?: TableSpec[];
}

interface Write {
  sheet: string;
  address: string;
  kind: 'formulas' | 'values';
  data: unknown[][];
  /** The sync that applied it (1-based). */
  sync: number;
}

interface Options {
  active: SheetSpec;
  others?: SheetSpec[];
  /** Selected range, without its sheet, e.g. 'C5' or 'C5:E9'. */
  selection: string;
  /** Workbook settings (Office add-in settings stored in the document). */
  settings?: Record<string, unknown>;
  /** ExcelApi versions this Excel lacks. */
  lacks?: string[];
  /** Make this sync (1-based) fail as Office.js does: with an OfficeExtension.Error. */
  failSync?: { at: number; code: string; message: string };
}

interface Workbook {
  bridge: HostBridge;
  syncs(): number;
  writes: Write[];
  sheets: Map<string, SheetSpec>;
  settings: Record<string, unknown>;
  /** Addresses passed to Worksheet.getRange and Range.getMergedAreasOrNullObject, in order. */
  calls: { getRange: string[]; mergedOf: string[] };
}

const cellValue = (c: Cell | undefined): Plain => (c === null || c === undefined ? '' : typeof c === 'object' ? c.value : c);
const cellFormula = (c: Cell | undefined): Plain => (c === null || c === undefined ? '' : typeof c === 'object' ? c.formula : c);

function workbook(options: Options): Workbook {
  const sheets = new Map<string, SheetSpec>();
  for (const s of [options.active, ...(options.others ?? [])]) sheets.set(s.name.toLowerCase(), { ...s, grid: s.grid.map((r) => [...r]) });
  const settings: Record<string, unknown> = { ...(options.settings ?? {}) };
  const writes: Write[] = [];
  const calls = { getRange: [] as string[], mergedOf: [] as string[] };
  const proxies: OfficeMockObject[] = [];
  const queued: Array<() => void> = [];
  const lacks = new Set(options.lacks ?? []);
  let syncs = 0;

  const sheetOf = (name: string) => {
    const s = sheets.get(name.toLowerCase());
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  };
  const addressOf = (sheet: string, r: { start: { row: number; col: number }; end: { row: number; col: number } }) => formatRange({ start: r.start, end: r.end, sheet });

  function proxy(data: Record<string, unknown>): any {
    const p = new OfficeMockObject(data, 'excel' as never) as any;
    proxies.push(p);
    return p;
  }

  /** An *OrNullObject result: the proxy, or a null object (no methods; load() is accepted). */
  function orNull(p: any | undefined, loadable: string[]): any {
    const bornAt = syncs;
    const target = p ?? proxy(Object.fromEntries(loadable.map((k) => [k, undefined])));
    Object.defineProperty(target, 'isNullObject', {
      get: () => {
        if (syncs === bornAt) throw new Error('isNullObject read before context.sync()');
        return !p;
      },
    });
    return target;
  }

  function range(sheetName: string, ref: { start: { row: number; col: number }; end: { row: number; col: number } }): any {
    const sheet = sheetOf(sheetName);
    const rows = ref.end.row - ref.start.row + 1;
    const cols = ref.end.col - ref.start.col + 1;
    const pick = (f: (c: Cell | undefined) => Plain) =>
      Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => f(sheet.grid[ref.start.row - 1 + r]?.[ref.start.col - 1 + c])));
    const inside = (a: { start: { row: number; col: number }; end: { row: number; col: number } }) =>
      a.start.row <= ref.end.row && a.end.row >= ref.start.row && a.start.col <= ref.end.col && a.end.col >= ref.start.col;
    const p = proxy({
      address: addressOf(sheet.name, ref),
      values: pick(cellValue),
      formulas: pick(cellFormula),
      getCell(row: number, col: number) {
        const at = { row: ref.start.row + row, col: ref.start.col + col };
        return range(sheet.name, { start: at, end: at });
      },
      getResizedRange(dr: number, dc: number) {
        return range(sheet.name, { start: ref.start, end: { row: ref.end.row + dr, col: ref.end.col + dc } });
      },
      getTables() {
        const items = (sheet.tables ?? [])
          .filter((t) => inside(parseRange(t.address)!))
          .map((t) =>
            proxy({
              name: t.name,
              showTotals: !!t.showTotals,
              getRange: () => range(sheet.name, parseRange(t.address)!),
            }),
          );
        return collection(items);
      },
      getMergedAreasOrNullObject() {
        calls.mergedOf.push(addressOf(sheet.name, ref));
        const areas = (sheet.merged ?? []).map((a) => parseRange(a)!).filter(inside);
        return orNull(areas.length ? proxy({ address: areas.map((a) => addressOf(sheet.name, a)).join(', ') }) : undefined, ['address']);
      },
    });
    // Writes: queued, applied at the next sync. Reads serve what office-addin-mock loaded (its
    // error text until load() and a sync); office-addin-mock itself assigns that error text back
    // to unloaded properties at each sync, which is not a write.
    for (const kind of ['formulas', 'values'] as const) {
      const loaded = p._properties.get(kind);
      Object.defineProperty(p, kind, {
        configurable: true,
        get: () => loaded._value,
        set: (data: unknown) => {
          if (!Array.isArray(data)) return;
          queued.push(() => {
            writes.push({ sheet: sheet.name, address: addressOf(sheet.name, ref).split('!')[1], kind, data, sync: syncs });
            const grid = sheetOf(sheet.name).grid;
            (data as Plain[][]).forEach((row, r) =>
              row.forEach((v, c) => {
                while (grid.length < ref.start.row + r) grid.push([]);
                grid[ref.start.row - 1 + r][ref.start.col - 1 + c] =
                  kind === 'formulas' && typeof v === 'string' && v.startsWith('=') ? { formula: v, value: 0 } : v === '' ? null : v;
              }),
            );
          });
        },
      });
    }
    return p;
  }

  function collection(items: any[]): any {
    let loadedAt: number | undefined;
    return {
      load(names: string) {
        const props = names.split(',').map((n) => n.trim().replace(/^items\//, ''));
        items.forEach((i) => i.load(props));
        loadedAt = syncs;
        return this;
      },
      get items() {
        if (loadedAt === undefined || syncs === loadedAt) throw new Error('items read before load() and context.sync()');
        return items;
      },
    };
  }

  function worksheet(sheet: SheetSpec): any {
    return proxy({
      name: sheet.name,
      getUsedRangeOrNullObject() {
        let top = Infinity;
        let left = Infinity;
        let bottom = 0;
        let right = 0;
        sheet.grid.forEach((row, r) =>
          row.forEach((c, col) => {
            if (c !== null && c !== '' && c !== undefined) {
              top = Math.min(top, r + 1);
              bottom = Math.max(bottom, r + 1);
              left = Math.min(left, col + 1);
              right = Math.max(right, col + 1);
            }
          }),
        );
        return orNull(bottom ? range(sheet.name, { start: { row: top, col: left }, end: { row: bottom, col: right } }) : undefined, ['address', 'values', 'formulas']);
      },
      getRange(address: string) {
        calls.getRange.push(address);
        return range(sheet.name, parseRange(address)!);
      },
    });
  }

  // The context itself holds no properties to load: a plain object.
  const context: any = {};
  context.workbook = {
    getSelectedRange: () => range(options.active.name, parseRange(options.selection)!),
    worksheets: {
      getActiveWorksheet: () => worksheet(sheetOf(options.active.name)),
      getItemOrNullObject: (name: string) => {
        const s = sheets.get(name.toLowerCase());
        return orNull(s ? worksheet(s) : undefined, ['name']);
      },
      add: (name: string) => {
        const sheet: SheetSpec = { name, grid: [] };
        queued.push(() => sheets.set(name.toLowerCase(), sheet));
        // The new sheet's proxy: its ranges write into the sheet once the batch has created it.
        return {
          getRange(address: string) {
            calls.getRange.push(address);
            const p: any = {};
            Object.defineProperty(p, 'values', {
              set: (data: Plain[][]) =>
                queued.push(() => {
                  const ref = parseRange(address)!;
                  writes.push({ sheet: name, address, kind: 'values', data, sync: syncs });
                  data.forEach((row, r) => (sheet.grid[ref.start.row - 1 + r] = row.map((v) => (v === '' ? null : v))));
                }),
            });
            return p;
          },
        };
      },
    },
    settings: {
      getItemOrNullObject: (key: string) => orNull(key in settings ? proxy({ value: settings[key] }) : undefined, ['value']),
      add: (key: string, value: unknown) => queued.push(() => (settings[key] = value)),
    },
  };
  context.sync = async () => {
    syncs++;
    if (options.failSync?.at === syncs) {
      // OfficeExtension.Error is not an Error instance in every runtime: a plain object here.
      throw { name: 'OfficeExtension.Error', code: options.failSync.code, message: options.failSync.message };
    }
    for (const p of proxies) await p.sync();
    await new Promise((resolve) => setImmediate(resolve));
    queued.splice(0).forEach((apply) => apply());
  };
  const hasApi: ExcelApiCheck = (version) => !lacks.has(version);
  const bridge = excelBridge((batch) => batch(context as Excel.RequestContext), hasApi);
  return { bridge, syncs: () => syncs, writes, sheets, settings, calls };
}

// ---------------------------------------------------------------------------------------------
// A demand register as a DMO keeps it: a title in B1, the table from B3, results to its right.

const HEADERS = [
  'Initiative', 'Demand type', 'Business value', 'Time criticality', 'Risk reduction', 'Job size', 'Cost', 'Strategic fit',
  'Sponsor', 'Financing', 'Resources', 'Architecture', 'Security', 'Vendors', 'Processes', 'Running',
];

/** Row i (1-based) of the register: plausible, varied data. */
function demandRow(i: number): Cell[] {
  const yes = (k: number) => ((i + k) % 4 === 0 ? 'No' : 'Yes');
  return [
    `Initiative ${i}`, i % 3 === 0 ? 'Run' : 'Change', 1 + (i % 10), 1 + ((i * 3) % 10), 1 + ((i * 7) % 10), [1, 2, 3, 5, 8, 13][i % 6],
    25_000 + ((i * 7919) % 400) * 1_000, 1 + ((i * 5) % 10),
    yes(0), yes(1), yes(2), yes(3), 'Yes', yes(5), 'Yes', i % 5 === 0,
  ];
}

/** Cells from A1: a title in B1, the headers in row 3 from column B, `rows` rows of demand. */
function register(rows: number, headers: Cell[] = HEADERS): Grid {
  const grid: Grid = [[null, 'Demand register 2027'], [], [null, ...headers]];
  for (let i = 1; i <= rows; i++) grid.push([null, ...demandRow(i)]);
  return grid;
}

const demand = (grid: Grid, extra: Partial<SheetSpec> = {}): SheetSpec => ({ name: 'Demand', grid, ...extra });

/** The snapshot a test builds for itself from the same cells: what the core should be given. */
function snapshotOf(sheet: SheetSpec, selection: { row: number; col: number }, over: Partial<SheetSnapshot> = {}): SheetSnapshot {
  let top = Infinity;
  let left = Infinity;
  let bottom = 0;
  let right = 0;
  sheet.grid.forEach((row, r) =>
    row.forEach((c, col) => {
      if (c !== null) {
        top = Math.min(top, r + 1);
        bottom = Math.max(bottom, r + 1);
        left = Math.min(left, col + 1);
        right = Math.max(right, col + 1);
      }
    }),
  );
  const values: CellValue[][] = [];
  const formulas: string[][] = [];
  for (let r = top; r <= bottom; r++) {
    const v: CellValue[] = [];
    const f: string[] = [];
    for (let c = left; c <= right; c++) {
      const cell = sheet.grid[r - 1]?.[c - 1] ?? null;
      v.push(cell === null ? null : typeof cell === 'object' ? cell.value : cell);
      f.push(cell !== null && typeof cell === 'object' ? cell.formula : '');
    }
    values.push(v);
    formulas.push(f);
  }
  return { sheet: sheet.name, top, left, values, formulas, selection, merged: [], ...over };
}

const ORDER = ['BTM Score', 'BTM Rank', 'BTM Check', 'BTM Proposal', 'BTM WSJF'];

describe('excelBridge.scoreDemand', () => {
  test.each([10, 5000])('scores a register of %i rows in 3 syncs, writing the core\'s block once', async (rows) => {
    const sheet = demand(register(rows));
    const wb = workbook({ active: sheet, selection: 'D7:F9' });
    const response = await wb.bridge.scoreDemand({});

    expect(wb.syncs()).toBe(3);
    const expected = prepareScoreDemand(snapshotOf(sheet, { row: 7, col: 4 }), undefined, 'excel', {});
    expect(expected.plan).toBeDefined();
    expect(response).toEqual(expected.response);
    expect(wb.writes).toEqual([{ sheet: 'Demand', address: planAddress(expected.plan!), kind: 'formulas', data: expected.plan!.cells, sync: 3 }]);

    // The table is B3:Q<3+rows>; the results take R:V, written as the header row and one formula row.
    const last = 3 + rows;
    expect(wb.writes[0].address).toBe('R3:V4');
    expect(wb.writes[0].data[0]).toEqual(ORDER);
    expect(wb.writes[0].data[1][0]).toBe(`=BTM.SCORE(HSTACK(I4:I${last},D4:D${last},E4:E${last},F4:F${last},H4:H${last}),{3,3,2,2,2},{1,1,1,1,-1},"minmax",C4:C${last})`);
    expect(wb.writes[0].data[1][1]).toBe(`=BTM.PRIORITY(R4:R${last})`);
    expect(wb.writes[0].data[1][3]).toBe(`=BTM.PROPOSAL(R4:R${last},T4:T${last},{60,40},Q4:Q${last})`);
    expect(response).toMatchObject({ status: 'written', address: 'Demand!R3:V4', skipped: [], settingsProblems: [] });
  });

  test('reads the merged cells of the header row only, once the table is found', async () => {
    const wb = workbook({ active: demand(register(10), { merged: ['B30:D30'] }), selection: 'C5' });
    await wb.bridge.scoreDemand({});
    expect(wb.calls.mergedOf).toEqual(['Demand!B3:Q3']);
  });

  test('maps headers written in another case or with stray spaces', async () => {
    const headers = HEADERS.map((h) => (h === 'Business value' ? 'BUSINESS VALUE' : h === 'Cost' ? 'cost ' : h));
    const sheet = demand(register(10, headers));
    const wb = workbook({ active: sheet, selection: 'B4' });
    const response = await wb.bridge.scoreDemand({});
    expect(response.status).toBe('written');
    if (response.status !== 'written') return;
    expect(response.mapping).toMatchObject({ 'Business value': 'BUSINESS VALUE', Cost: 'cost ' });
    expect(wb.writes[0].data[1][0]).toBe('=BTM.SCORE(HSTACK(I4:I13,D4:D13,E4:E13,F4:F13,H4:H13),{3,3,2,2,2},{1,1,1,1,-1},"minmax",C4:C13)');
  });

  test('refuses merged header cells with the core\'s message, and writes nothing', async () => {
    // "Business value" merged over D3:E3: E3 is empty, as Excel keeps a merge's other cells.
    const grid = register(10);
    grid[2][4] = null;
    const wb = workbook({ active: demand(grid, { merged: ['D3:E3'] }), selection: 'C6' });
    const response = await wb.bridge.scoreDemand({});
    expect(response).toEqual({
      status: 'invalid',
      message: 'The header row has merged cells (D3:E3): unmerge them so each column has a header of its own.',
    });
    expect(wb.writes).toEqual([]);
    expect(wb.syncs()).toBe(2);
  });

  test('reads merged areas on a sheet whose name holds a comma', async () => {
    const grid = register(3);
    grid[2][4] = null;
    grid[2][8] = null;
    const wb = workbook({ active: { name: 'Q1, plan', grid, merged: ['D3:E3', 'H3:I3'] }, selection: 'C5' });
    const response = await wb.bridge.scoreDemand({});
    expect(response).toEqual({ status: 'invalid', message: expect.stringContaining('(D3:E3)') });
  });

  test('keeps the rows below an empty row in the middle', async () => {
    const grid = register(10);
    grid[3 + 4] = []; // row 8: the 5th data row is empty
    const sheet = demand(grid);
    const wb = workbook({ active: sheet, selection: 'C4' });
    const response = await wb.bridge.scoreDemand({});
    expect(response.status).toBe('written');
    expect(wb.writes[0].data[1][1]).toBe('=BTM.PRIORITY(R4:R13)');
    expect(wb.writes[0].data[1]).toEqual(prepareScoreDemand(snapshotOf(sheet, { row: 4, col: 3 }), undefined, 'excel').plan!.cells[1]);
  });

  test('writes nothing when a cell the results need holds user data, and names it', async () => {
    const grid = register(10);
    grid[8][19] = 'ask Finance'; // T9
    const wb = workbook({ active: demand(grid), selection: 'C4' });
    const response = await wb.bridge.scoreDemand({});
    expect(response).toEqual({
      status: 'blocked',
      cells: ['T9'],
      message: 'Nothing was written: the results need Demand!T9 empty. Move or clear that cell and run Score demand again.',
    });
    expect(wb.writes).toEqual([]);
    expect(wb.syncs()).toBe(2);
  });

  test('treats a formula showing nothing where the results go as user data', async () => {
    const grid = register(10);
    grid[5][17] = { formula: '=""', value: '' }; // R6
    const wb = workbook({ active: demand(grid), selection: 'C4' });
    const response = await wb.bridge.scoreDemand({});
    expect(response).toMatchObject({ status: 'blocked', cells: ['R6'] });
    expect(wb.writes).toEqual([]);
  });

  test('updates its own columns in place on a second run', async () => {
    const wb = workbook({ active: demand(register(10)), selection: 'C4' });
    await wb.bridge.scoreDemand({});
    // Excel now shows the spilled results below the formulas it was given.
    const grid = wb.sheets.get('demand')!.grid;
    for (let r = 5; r <= 13; r++) for (let c = 18; c <= 22; c++) grid[r - 1][c - 1] = r * c;
    const response = await wb.bridge.scoreDemand({});
    expect(response).toMatchObject({ status: 'written', address: 'Demand!R3:V4' });
    expect(wb.writes.map((w) => w.address)).toEqual(['R3:V4', 'R3:V4']);
  });

  test('passes error cells through as text (#SPILL! in its own column means user data below)', async () => {
    const grid = register(10);
    grid[2].push(...ORDER);
    grid[3][17] = { formula: '=BTM.SCORE(D4:D13,{1},{1})', value: '#SPILL!' };
    grid[6][17] = 'typed over';
    const wb = workbook({ active: demand(grid), selection: 'C4' });
    const response = await wb.bridge.scoreDemand({});
    expect(response).toMatchObject({ status: 'blocked', cells: ['R7'] });
    expect(wb.writes).toEqual([]);
  });

  test('uses remembered column choices when the request has none', async () => {
    const headers = HEADERS.map((h) => (h === 'Cost' ? 'Capex' : h));
    const wb = workbook({
      active: demand(register(10, headers)),
      selection: 'C4',
      settings: { [OVERRIDES_SETTING]: JSON.stringify({ Cost: 'Capex' }) },
    });
    const response = await wb.bridge.scoreDemand({});
    expect(response).toMatchObject({ status: 'written', mapping: { Cost: 'Capex' } });
    expect(wb.writes[0].data[1][0]).toBe('=BTM.SCORE(HSTACK(I4:I13,D4:D13,E4:E13,F4:F13,H4:H13),{3,3,2,2,2},{1,1,1,1,-1},"minmax",C4:C13)');
    expect(wb.settings[OVERRIDES_SETTING]).toBe(JSON.stringify({ Cost: 'Capex' })); // left as it was
  });

  test('ignores a remembered setting that is not JSON', async () => {
    const headers = HEADERS.map((h) => (h === 'Cost' ? 'Capex' : h));
    const wb = workbook({ active: demand(register(10, headers)), selection: 'C4', settings: { [OVERRIDES_SETTING]: '{Cost: Capex' } });
    const response = await wb.bridge.scoreDemand({});
    expect(response.status === 'written' && response.mapping.Cost).toBeUndefined();
  });

  test('stores the column choices sent with the request, in the same sync as the write', async () => {
    const headers = HEADERS.map((h) => (h === 'Cost' ? 'Capex' : h));
    const wb = workbook({
      active: demand(register(10, headers)),
      selection: 'C4',
      settings: { [OVERRIDES_SETTING]: JSON.stringify({ Cost: 'Initiative' }) },
    });
    const response = await wb.bridge.scoreDemand({ overrides: { Cost: 'Capex' } });
    expect(response).toMatchObject({ status: 'written', mapping: { Cost: 'Capex' } });
    expect(JSON.parse(wb.settings[OVERRIDES_SETTING] as string)).toEqual({ Cost: 'Capex' });
    expect(wb.syncs()).toBe(3);
  });

  test('does not store choices when nothing is written', async () => {
    const grid = register(10);
    grid[8][19] = 'ask Finance';
    const wb = workbook({ active: demand(grid), selection: 'C4' });
    await wb.bridge.scoreDemand({ overrides: { Cost: 'Cost' } });
    expect(wb.settings[OVERRIDES_SETTING]).toBeUndefined();
  });

  test('uses the range of the Excel table under the selection', async () => {
    // A table B3:Q8 (5 rows) with a note right under it that the block around the selection would take in.
    const grid = register(5);
    grid.push([null, 'Notes: figures from the Q1 review', 1]);
    const sheet = demand(grid, { tables: [{ name: 'Demand2027', address: 'B3:Q8' }] });
    const wb = workbook({ active: sheet, selection: 'E5' });
    const response = await wb.bridge.scoreDemand({});
    expect(wb.syncs()).toBe(3);
    expect(wb.calls.mergedOf).toEqual([]); // Excel allows no merged cells inside a table
    const expected = prepareScoreDemand(snapshotOf(sheet, { row: 5, col: 5 }, { listObject: parseRange('B3:Q8') }), undefined, 'excel');
    expect(response).toEqual(expected.response);
    expect(wb.writes[0].data).toEqual(expected.plan!.cells);
    expect(wb.writes[0].data[1][1]).toBe('=BTM.PRIORITY(R4:R8)');
  });

  test('leaves an Excel table\'s totals row out', async () => {
    const grid = register(5);
    grid.push([null, 'Total', null, null, null, null, null, { formula: '=SUBTOTAL(109,[Cost])', value: 1 }]);
    const wb = workbook({ active: demand(grid, { tables: [{ name: 'Demand2027', address: 'B3:Q9', showTotals: true }] }), selection: 'E5' });
    await wb.bridge.scoreDemand({});
    expect(wb.writes[0].data[1][1]).toBe('=BTM.PRIORITY(R4:R8)');
  });

  test('reads the BTM Settings sheet, wherever its used range starts', async () => {
    // The DMO's sheet, moved one row down: its problems are still named by their own cells.
    const settingsGrid: Grid = [[], ...settingsToGrid(DEFAULT_SETTINGS).map((r) => r.map((c) => c as Cell))];
    settingsGrid[4][1] = 'a lot'; // B5: the weight of "Business value"
    const wb = workbook({ active: demand(register(10)), others: [{ name: SETTINGS_SHEET, grid: settingsGrid }], selection: 'C4' });
    const response = await wb.bridge.scoreDemand({});
    expect(response).toMatchObject({
      status: 'written',
      settingsProblems: ['\'BTM Settings\'!B5: the weight of "Business value" must be a number of 0 or more'],
    });
    expect(wb.syncs()).toBe(3);
  });

  test('plans with the DMO\'s own criteria from the BTM Settings sheet', async () => {
    const settingsGrid: Grid = [
      ['Scoring criteria'],
      ['Criterion', 'Weight', 'Direction', 'Other headers (separated by ;)'],
      ['Business value', 5, 'higher is better', null],
      ['Cost', 1, 'lower is better', null],
    ];
    const wb = workbook({ active: demand(register(10)), others: [{ name: SETTINGS_SHEET, grid: settingsGrid }], selection: 'C4' });
    await wb.bridge.scoreDemand({});
    expect(wb.writes[0].data[1][0]).toBe('=BTM.SCORE(HSTACK(D4:D13,H4:H13),{5,1},{1,-1},"minmax",C4:C13)');
  });

  test('refuses an empty selected cell in the same two syncs, writing nothing', async () => {
    const wb = workbook({ active: demand(register(10)), selection: 'Z40' });
    const response = await wb.bridge.scoreDemand({});
    expect(response).toEqual({ status: 'invalid', message: 'Select a cell inside your demand table (the selected cell is empty).' });
    expect(wb.syncs()).toBe(2);
    expect(wb.writes).toEqual([]);
  });

  test('refuses an empty sheet', async () => {
    const wb = workbook({ active: demand([]), selection: 'A1' });
    expect(await wb.bridge.scoreDemand({})).toMatchObject({ status: 'invalid' });
    expect(wb.writes).toEqual([]);
  });

  test('reads no merged cells and no tables where Excel lacks the API', async () => {
    const wb = workbook({ active: demand(register(10), { tables: [{ name: 'T', address: 'B3:Q8' }] }), selection: 'C4', lacks: ['1.9', '1.13'] });
    const response = await wb.bridge.scoreDemand({});
    expect(wb.calls.mergedOf).toEqual([]);
    expect(response).toMatchObject({ status: 'written', address: 'Demand!R3:V4' });
    expect(wb.writes[0].data[1][1]).toBe('=BTM.PRIORITY(R4:R13)'); // the block around the selection, not the table
  });

  test('rejects with plain words when Excel fails a request', async () => {
    const wb = workbook({
      active: demand(register(10)),
      selection: 'C4',
      failSync: { at: 2, code: 'ApiNotFound', message: 'The requested API is not supported.' },
    });
    await expect(wb.bridge.scoreDemand({})).rejects.toThrow(new Error('Excel could not score the demand: The requested API is not supported. (ApiNotFound)'));
    expect(wb.writes).toEqual([]);
  });
});

describe('excelBridge.writeSettingsSheet', () => {
  test('adds the BTM Settings sheet with the default grid, in two syncs', async () => {
    const wb = workbook({ active: demand(register(3)), selection: 'C4' });
    const response = await wb.bridge.writeSettingsSheet();
    const grid = settingsToGrid(DEFAULT_SETTINGS);
    expect(response).toEqual({ status: 'created', address: `'BTM Settings'!A1:E${grid.length}` });
    expect(wb.syncs()).toBe(2);
    expect(wb.writes).toEqual([
      { sheet: SETTINGS_SHEET, address: `A1:E${grid.length}`, kind: 'values', data: grid.map((r) => r.map((c) => (c === null ? '' : c))), sync: 2 },
    ]);
    expect(wb.sheets.get(SETTINGS_SHEET.toLowerCase())!.grid[2]).toEqual(['Strategic alignment', 3, 'higher is better', 'Strategy; Strategic fit; Alignment', null]);
  });

  test('the sheet it writes is the one Score demand reads back without problems', async () => {
    const wb = workbook({ active: demand(register(10)), selection: 'C4' });
    await wb.bridge.writeSettingsSheet();
    expect(await wb.bridge.scoreDemand({})).toMatchObject({ status: 'written', settingsProblems: [] });
  });

  test('leaves an existing BTM Settings sheet alone', async () => {
    const existing: Grid = [['Scoring criteria'], ['my own notes']];
    const wb = workbook({ active: demand(register(3)), others: [{ name: SETTINGS_SHEET, grid: existing }], selection: 'C4' });
    const response = await wb.bridge.writeSettingsSheet();
    expect(response).toEqual({ status: 'exists', message: 'The workbook already has a BTM Settings sheet; edit it there.' });
    expect(wb.writes).toEqual([]);
    expect(wb.sheets.get('btm settings')!.grid).toEqual(existing);
    expect(wb.syncs()).toBe(1);
  });

  test('rejects with plain words when Excel cannot add the sheet', async () => {
    const wb = workbook({ active: demand(register(3)), selection: 'C4', failSync: { at: 2, code: 'AccessDenied', message: 'The workbook is protected.' } });
    await expect(wb.bridge.writeSettingsSheet()).rejects.toThrow('Excel could not write the BTM Settings sheet: The workbook is protected. (AccessDenied)');
  });
});
