// Repair BTM formulas in Excel: the bridge against the stand-in for Excel.run
// (test/support/excel-workbook.ts) on a workbook imported from Google Sheets: Sheets-spelled
// calls (BTM_NPV) in two sheets among constants, text that only mentions BTM_NPV(, text typed
// with an apostrophe that reads as "=BTM_NPV(...)", formulas already right and a sheet without
// formulas. Three syncs (names, used ranges, one write per changed sheet) whatever the size; only
// the formula cells change.
import { excelBridge } from '../excel-addin/excel-bridge';
import { columnLetters } from '../core';
import { Cell, ExcelWorkbook, excelWorkbook } from './support/excel-workbook';

const f = (formula: string, value: Cell & (string | number | boolean) = 0): Cell => ({ formula, value });

/** Demand: a header, then n rows: name, cost, an NPV formula in Sheets spelling, a note that mentions BTM_NPV(. */
function demandGrid(n: number): Cell[][] {
  return [
    ['Initiative', 'Cost', 'NPV', 'Notes'],
    ...Array.from({ length: n }, (_, k): Cell[] => [`I${k + 1}`, 100 + k, f(`=BTM_NPV(0.1,B${k + 2}:B${k + 9})`, 12.5), k === 0 ? 'see BTM_NPV(rate, flows)' : null]),
  ];
}

/** Business cases: a Sheets-spelled call, one already in Excel spelling, a built-in, constants and text. */
const CASES: Cell[][] = [
  ['Case', 'Value', 'Check'],
  ['CRM', f('=BTM_IRR(B3:B9)', 0.12), f('=SUM(B3:B9)', 40)],
  ['ERP', f('=BTM.NPV(0.08,B3:B9)', 3), "=BTM_NPV(1) typed as text"],
  [null, 40, '=BTM_NPV(0.1,B3:B9)'], // text typed with an apostrophe: reads as "=..." in formulas too
];
const NOTES: Cell[][] = [['Steering committee notes'], ['BTM_NPV(0.1, flows) is how Sheets spells it']];

function book(n: number, failSync?: { at: number; code: string; message: string }): ExcelWorkbook {
  return excelWorkbook({
    sheets: [
      { name: 'Demand', grid: demandGrid(n) },
      { name: 'Business cases', grid: CASES },
      { name: 'Notes', grid: NOTES },
    ],
    active: 'Demand',
    selection: 'A1',
    failSync,
  });
}

/** Every cell of every sheet as plain text, formulas as their formula, by "sheet!A1". */
function cells(wb: ExcelWorkbook): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of Object.values(wb.snapshot())) {
    s.grid.forEach((row, r) => row.forEach((c, k) => c !== null && c !== undefined && (out[`${s.name}!${columnLetters(k + 1)}${r + 1}`] = c)));
  }
  return out;
}

describe('excelBridge.repairFormulas', () => {
  test.each([2, 2000])('%i NPV rows: three syncs, one formulas assignment per changed sheet, only the formula cells change', async (n) => {
    const wb = book(n);
    const before = cells(wb);
    const response = await excelBridge(wb.run).repairFormulas();

    expect(wb.syncs()).toBe(3);
    expect(response).toEqual({
      status: 'repaired',
      report: `Repaired ${n + 1} formulas in 2 sheets: Demand (${n}), Business cases (1)`,
      sheets: [
        { sheet: 'Demand', cells: n },
        { sheet: 'Business cases', cells: 1 },
      ],
    });
    // One write per changed sheet, in the last sync: the NPV column, the one cell in Business cases.
    expect(wb.ops).toEqual([
      { sheet: 'Demand', op: 'formulas', address: `C2:C${n + 1}`, sync: 3 },
      { sheet: 'Business cases', op: 'formulas', address: 'B2', sync: 3 },
    ]);

    const after = cells(wb);
    const expected = { ...before };
    for (let k = 0; k < n; k++) expected[`Demand!C${k + 2}`] = { formula: `=BTM.NPV(0.1,B${k + 2}:B${k + 9})`, value: 0 };
    expected['Business cases!B2'] = { formula: '=BTM.IRR(B3:B9)', value: 0 };
    expect(after).toEqual(expected);
    // Text that mentions or looks like a call stays text, as it was.
    expect(after['Demand!D2']).toBe('see BTM_NPV(rate, flows)');
    expect(after['Business cases!C4']).toBe('=BTM_NPV(0.1,B3:B9)');
    expect(after['Business cases!C3']).toBe('=BTM_NPV(1) typed as text');
    expect(after['Notes!A2']).toBe('BTM_NPV(0.1, flows) is how Sheets spells it');
  });

  test('a bounding block leaves the cells between the changes alone (null entries)', async () => {
    const wb = excelWorkbook({
      sheets: [{ name: 'Grid', grid: [[f('=BTM_NPV(0.1,C1:C3)'), 'keep', 7], [5, f('=SUM(A2)', 5), f('=BTM_IRR(C1:C3)')]] }],
      active: 'Grid',
      selection: 'A1',
    });
    const response = await excelBridge(wb.run).repairFormulas();
    expect(response.status).toBe('repaired');
    expect(wb.ops).toEqual([{ sheet: 'Grid', op: 'formulas', address: 'A1:C2', sync: 3 }]);
    expect(wb.sheet('Grid')!.grid).toEqual([
      [{ formula: '=BTM.NPV(0.1,C1:C3)', value: 0 }, 'keep', 7],
      [5, { formula: '=SUM(A2)', value: 5 }, { formula: '=BTM.IRR(C1:C3)', value: 0 }],
    ]);
  });

  test('a workbook already in Excel spelling: two syncs, nothing written, says so', async () => {
    const wb = excelWorkbook({
      sheets: [
        { name: 'Demand', grid: [['NPV'], [f('=BTM.NPV(0.1,B2:B9)')]] },
        { name: 'Empty', grid: [] },
      ],
      active: 'Demand',
      selection: 'A1',
    });
    const before = wb.snapshot();
    expect(await excelBridge(wb.run).repairFormulas()).toEqual({ status: 'nothing', report: "Nothing to repair: no formula uses the other host's spelling" });
    expect(wb.syncs()).toBe(2);
    expect(wb.ops).toEqual([]);
    expect(wb.snapshot()).toEqual(before);
  });

  test('a failed write is reported in plain words', async () => {
    const wb = book(2, { at: 3, code: 'AccessDenied', message: 'The sheet is protected.' });
    await expect(excelBridge(wb.run).repairFormulas()).rejects.toThrow('Excel could not repair the BTM formulas: The sheet is protected. (AccessDenied)');
  });
});
