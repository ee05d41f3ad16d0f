// Insert template in Excel: the bridge against the stand-in for Excel.run
// (test/support/excel-workbook.ts). Two syncs whatever happens (the names of the sheets and of the
// workbook's defined names; then everything written); the template's sheets after the existing
// ones, each written from A1 in one formulas assignment, its number formats in one, its fills and
// bold rows in one setCellProperties call (ExcelApi 1.9; by runs without it), widths, frozen rows
// and hidden columns; workbook-scoped names; drop-down lists drawing from them that refuse other
// values; the Demand sheet shown. A workbook that has "Demand", "BTM Settings" and the name
// BTM_Weights gets suffixed copies and keeps its own untouched.
import { excelBridge } from '../excel-addin/excel-bridge';
import { columnLetters } from '../core';
import { InsertTemplatePlan, planInsertTemplate } from '../core/commands/insert-template';
import { hostGrid, buildTemplate } from '../core/template/template';
import { Cell, ExcelWorkbook, NameState, excelWorkbook, typedIn } from './support/excel-workbook';

const SHEET1: Cell[][] = [['Budget 2027', 120], [null, { formula: '=B1*2', value: 240 }]];
const USER_DEMAND: Cell[][] = [['ID', 'Name', 'Cost'], ['X-1', 'My own initiative', 10]];
const USER_SETTINGS: Cell[][] = [['My settings'], ['weights are elsewhere']];
const USER_NAMES: NameState[] = [{ name: 'BTM_Weights', sheet: 'Sheet1', address: 'B1' }];

function book(options: { clash?: boolean; failSync?: { at: number; code: string; message: string } } = {}): ExcelWorkbook {
  return excelWorkbook({
    sheets: [
      { name: 'Sheet1', grid: SHEET1 },
      ...(options.clash
        ? [
            { name: 'demand', grid: USER_DEMAND }, // case differs: still the same name to Excel
            { name: 'BTM Settings', grid: USER_SETTINGS },
          ]
        : []),
    ],
    active: 'Sheet1',
    selection: 'A1',
    names: options.clash ? USER_NAMES : [],
    failSync: options.failSync,
  });
}

/** The plan the bridge should carry out for a workbook with these sheets and names. */
function planFor(sheets: string[], names: string[]): InsertTemplatePlan {
  const plan = planInsertTemplate('excel', { sheets, names });
  if ('status' in plan) throw new Error(plan.message);
  return plan;
}

const WITHOUT_1_9 = (v: string) => v !== '1.9';

describe('excelBridge.insertTemplate', () => {
  test('an empty workbook: two syncs, the template after the existing sheet, every part written, Demand shown', async () => {
    const wb = book();
    const before = wb.snapshot();
    const response = await excelBridge(wb.run).insertTemplate();
    const plan = planFor(['Sheet1'], []);

    expect(wb.syncs()).toBe(2);
    expect(response).toEqual({ status: 'inserted', sheets: ['Read me', 'Demand', 'Business cases', 'Capacity', 'BTM Roadmap', 'BTM Settings'], names: plan.names.length, renamed: [] });
    expect(wb.order()).toEqual(['Sheet1', 'Read me', 'Demand', 'Business cases', 'Capacity', 'BTM Roadmap', 'BTM Settings']);
    expect(wb.activeSheet()).toBe('Demand');
    // Everything in the second sync; the existing sheet untouched.
    expect(new Set(wb.ops.map((o) => o.sync))).toEqual(new Set([2]));
    expect(wb.ops.filter((o) => o.sheet === 'Sheet1')).toEqual([]);
    expect(wb.snapshot().sheet1).toEqual(before.sheet1);

    for (const s of plan.sheets) {
      const state = wb.sheet(s.name)!;
      const ops = wb.ops.filter((o) => o.sheet === s.name);
      const block = `A1:${columnLetters(s.cols)}${s.rows}`;
      // One assignment each of cells and number formats, one setCellProperties, on the whole block.
      expect(ops.filter((o) => o.op === 'formulas')).toEqual([{ sheet: s.name, op: 'formulas', address: s.rows === 1 && s.cols === 1 ? 'A1' : block, sync: 2 }]);
      expect(ops.filter((o) => o.op === 'numberFormat')).toHaveLength(1);
      expect(ops.filter((o) => o.op === 'cellProperties')).toHaveLength(1);
      expect(ops.filter((o) => o.op === 'fill' || o.op === 'bold')).toEqual([]);
      // The cells as Excel stores hostGrid: formulas as formulas, text as text (an apostrophe keeps "2027-01" a label).
      s.cells.forEach((row, r) =>
        row.forEach((c, k) => {
          const stored = state.grid[r]?.[k] ?? null;
          expect([s.name, r, k, stored]).toEqual([s.name, r, k, c === null ? null : typedIn(c)]);
        }),
      );
      s.formats.forEach((row, r) => row.forEach((f, k) => expect(state.formats[`${columnLetters(k + 1)}${r + 1}`]).toBe(f === 'General' ? undefined : f)));
      s.fills.forEach((row, r) => row.forEach((f, k) => expect(state.fills[`${columnLetters(k + 1)}${r + 1}`]).toBe(f ?? undefined)));
      for (const r of s.boldRows) expect(state.bold[`A${r + 1}`]).toBe(true);
      for (const w of s.widths) for (let c = w.col; c < w.col + w.cols; c++) expect(state.widths[columnLetters(c)]).toBe(w.pixels * 0.75);
      expect(state.frozen).toEqual({ rows: s.frozenRows, cols: 0 });
      const hidden = Array.from({ length: s.hiddenColumns.count }, (_, k) => columnLetters(s.hiddenColumns.from + k));
      expect(Object.keys(state.hidden)).toEqual(hidden);
      // The drop-downs: a list from the named range, refusing other values.
      expect(Object.keys(state.validations).sort()).toEqual(s.validations.map((v) => v.range).sort());
      for (const v of s.validations) {
        expect(state.validations[v.range]).toEqual({
          rule: { list: { inCellDropDown: true, source: `=${v.listName}` } },
          errorAlert: { showAlert: true, style: 'Stop', title: 'Not in the list', message: `Pick one of the values of the list ${v.listName} (on the ${v.listSheet} sheet).` },
        });
      }
    }
    // A formula of the add-in, spelled for Excel, reading the template's names.
    const demand = planFor(['Sheet1'], []).sheets.find((s) => s.key === 'demand')!;
    const formulas = demand.cells.flat().filter((c): c is string => typeof c === 'string' && c.startsWith('='));
    expect(formulas.some((f) => f.startsWith('=BTM.SCORE('))).toBe(true);
    expect(wb.sheet('Demand')!.frozen.rows).toBeGreaterThan(0);
    expect(Object.keys(wb.sheet('Demand')!.validations)).toContain('D4:D203');
    expect(wb.sheet('Demand')!.validations['D4:D203'].rule).toEqual({ list: { inCellDropDown: true, source: '=BTM_DemandTypes' } });

    // The names: workbook-scoped, on the template's sheets.
    expect(wb.names()).toEqual(plan.names.map((n) => ({ name: n.name, sheet: n.sheet, address: n.range.replace(/\$/g, '') })));
    // Names after the sheets they refer to, before the cells whose formulas read them and the lists drawing from them.
    const ops = wb.ops.map((o) => o.op);
    expect(ops.lastIndexOf('add')).toBeLessThan(ops.indexOf('name.add'));
    expect(ops.lastIndexOf('name.add')).toBeLessThan(ops.indexOf('formulas'));
    expect(ops.lastIndexOf('name.add')).toBeLessThan(ops.indexOf('dataValidation'));
    // Every validation's list is one of the names, on the settings sheet.
    const listNames = new Set(plan.sheets.flatMap((s) => s.validations.map((v) => v.listName)));
    for (const n of listNames) expect(wb.names().find((x) => x.name === n)?.sheet).toBe('BTM Settings');
  });

  test('"Demand", "BTM Settings" and the name BTM_Weights exist: suffixed copies, theirs untouched, the renames listed, the same two syncs and writes', async () => {
    const plain = book();
    await excelBridge(plain.run).insertTemplate();
    const wb = book({ clash: true });
    const before = wb.snapshot();
    const response = await excelBridge(wb.run).insertTemplate();

    expect(wb.syncs()).toBe(2);
    expect(response).toEqual({
      status: 'inserted',
      sheets: ['Read me', 'Demand (2)', 'Business cases', 'Capacity', 'BTM Roadmap', 'BTM Settings (2)'],
      names: plain.names().length,
      renamed: [
        'The workbook has a sheet "demand": the template\'s is "Demand (2)".',
        'The workbook has a sheet "BTM Settings": the template\'s is "BTM Settings (2)".',
        'The workbook has a name "BTM_Weights": the template\'s is "BTM_Weights_2".',
      ],
    });
    expect(wb.order()).toEqual(['Sheet1', 'demand', 'BTM Settings', 'Read me', 'Demand (2)', 'Business cases', 'Capacity', 'BTM Roadmap', 'BTM Settings (2)']);
    expect(wb.activeSheet()).toBe('Demand (2)');
    // The user's sheets and name as they were; no write reached them.
    const after = wb.snapshot();
    for (const key of ['sheet1', 'demand', 'btm settings']) expect(after[key]).toEqual(before[key]);
    expect(wb.ops.filter((o) => ['Sheet1', 'demand', 'BTM Settings'].includes(o.sheet))).toEqual([]);
    expect(wb.names()[0]).toEqual(USER_NAMES[0]);
    expect(wb.names().filter((n) => n.name.toLowerCase() === 'btm_weights')).toEqual([USER_NAMES[0]]);
    expect(wb.names().find((n) => n.name === 'BTM_Weights_2')).toEqual({ name: 'BTM_Weights_2', sheet: 'BTM Settings (2)', address: 'B3:B8' });
    // Formulas read the suffixed name; lists draw from names on the suffixed settings sheet.
    const demand = wb.sheet('Demand (2)')!;
    const texts = demand.grid.flat().flatMap((c) => (c && typeof c === 'object' ? [c.formula] : []));
    expect(texts.some((f) => f.includes('BTM_Weights_2'))).toBe(true);
    expect(texts.some((f) => /BTM_Weights(?!_2)/.test(f))).toBe(false);
    expect(demand.validations['D4:D203'].rule).toEqual({ list: { inCellDropDown: true, source: '=BTM_DemandTypes' } });
    expect(wb.names().find((n) => n.name === 'BTM_DemandTypes')!.sheet).toBe('BTM Settings (2)');
    // The same writes as in an empty workbook, sheet by sheet.
    const shape = (w: ExcelWorkbook) => w.ops.map((o) => [o.op, o.sync, o.address]);
    expect(shape(wb)).toEqual(shape(plain));
  });

  test('without ExcelApi 1.9: fills and bold rows by runs, still two syncs', async () => {
    const wb = book();
    const response = await excelBridge(wb.run, WITHOUT_1_9).insertTemplate();
    expect(response.status).toBe('inserted');
    expect(wb.syncs()).toBe(2);
    expect(wb.ops.filter((o) => o.op === 'cellProperties')).toEqual([]);
    const plan = planFor(['Sheet1'], []);
    for (const s of plan.sheets) {
      const state = wb.sheet(s.name)!;
      s.fills.forEach((row, r) => row.forEach((f, k) => expect(state.fills[`${columnLetters(k + 1)}${r + 1}`]).toBe(f ?? undefined)));
      for (const r of s.boldRows) for (let c = 1; c <= s.cols; c++) expect(state.bold[`${columnLetters(c)}${r + 1}`]).toBe(true);
    }
  });

  test('without ExcelApi 1.8 (no list validation): nothing read or written, says why', async () => {
    const wb = book();
    const before = wb.snapshot();
    const response = await excelBridge(wb.run, (v) => Number(v) < 1.8).insertTemplate();
    expect(response).toEqual({
      status: 'invalid',
      message: 'Insert template needs a newer Excel (Excel 2019 or later, Microsoft 365 or Excel on the web) for its drop-down lists; nothing was inserted.',
    });
    expect(wb.syncs()).toBe(0);
    expect(wb.snapshot()).toEqual(before);
  });

  test('a host failure is answered in plain words', async () => {
    const read = book({ failSync: { at: 1, code: 'GeneralException', message: 'The workbook is busy.' } });
    expect(await excelBridge(read.run).insertTemplate()).toEqual({
      status: 'invalid',
      message: 'Excel could not insert the template: The workbook is busy. (GeneralException). Nothing was inserted.',
    });
    const write = book({ failSync: { at: 2, code: 'AccessDenied', message: 'The workbook is protected.' } });
    expect(await excelBridge(write.run).insertTemplate()).toEqual({
      status: 'invalid',
      message: 'Excel could not insert the template: The workbook is protected. (AccessDenied). Template sheets it added before stopping stay in the workbook: delete them before trying again.',
    });
  });

  test('the plan carries out buildTemplate: every sheet is hostGrid of the template, padded', () => {
    const template = buildTemplate('excel', { sheets: ['Sheet1'], names: [] });
    const plan = planFor(['Sheet1'], []);
    template.sheets.forEach((s, k) => {
      const grid = hostGrid(s);
      grid.forEach((row, r) => row.forEach((c, j) => expect(plan.sheets[k].cells[r][j]).toBe(c)));
    });
  });
});
