// Repair BTM formulas on Google Sheets. The server side: the built bundle (dist/sheets) in a vm
// with the stub SpreadsheetApp (test/support/sheets-spreadsheet.ts), called through its top-level
// global as google.script.run calls it, on a spreadsheet imported from Excel: Excel-spelled calls
// (BTM.NPV, _xldudf_BTM_IRR) in two sheets among constants and text that mentions BTM.NPV(. One
// read per sheet (getDataRange().getFormulas()), one setFormulas per block of changed cells, no
// constant written. The sidebar side: its bridge on a stand-in google.script.run. Needs `npm run build`.
import { FakeSheet, FakeSpreadsheet, SheetsHost as Host, loadOn, recordingRunner } from './support/sheets-spreadsheet';
import { SERVER_ENTRY_POINTS } from '../sheets-script/entry-points';
import { scriptBridge } from '../sheets-script/sidebar';
import type { RepairResponse } from '../panel/bridge';

/** A formula cell as Sheets holds it: its value and its formula. */
const formula = (sheet: FakeSheet, row: number, col: number, text: string, value: unknown = 0) => sheet.put(row, col, value, text);

function host(n: number): Host {
  const book = new FakeSpreadsheet();
  // Demand: n rows of name, cost, NPV in Excel spelling (column C), a note mentioning BTM.NPV(.
  const demand = book.addSheet('Demand', [['Initiative', 'Cost', 'NPV', 'Notes'], ...Array.from({ length: n }, (_, k) => [`I${k + 1}`, 100 + k, '', k === 0 ? 'see BTM.NPV(rate, flows)' : ''])]);
  for (let k = 0; k < n; k++) formula(demand, k + 2, 3, `=BTM.NPV(0.1,B${k + 2}:B${k + 9})`, 12.5);
  // Business cases: a saved-.xlsx spelling at B2, Excel spelling at B4 with a constant between
  // them (two blocks, never one: '' would clear B3), a built-in, text that looks like a call.
  const cases = book.addSheet('Business cases', [
    ['Case', 'Value', 'Check'],
    ['CRM', '', ''],
    ['ERP', 40, '=BTM.NPV(1) typed as text'],
    ['HR', '', ''],
  ]);
  formula(cases, 2, 2, '=_xldudf_BTM_IRR(B3:B9)', 0.12);
  formula(cases, 2, 3, '=SUM(B3:B9)', 40);
  formula(cases, 4, 2, '=BTM.ROI(B3,B2)', 3);
  // Notes: no formulas at all; Settings: already in Sheets spelling.
  book.addSheet('Notes', [['Steering committee notes'], ['BTM.NPV(0.1, flows) is how Excel spells it']]);
  const settings = book.addSheet('Settings', [['Weights']]);
  formula(settings, 2, 1, '=BTM_NPV(0.1,A1:A3)', 1);
  book.select('Demand', 1, 1);
  return loadOn(book);
}

const repair = (h: Host) => JSON.parse(JSON.stringify(h.ctx.panelRepairFormulas())) as RepairResponse;

/** Every non-empty cell as [value, formula], by "sheet!row,col". */
function cells(book: FakeSpreadsheet): Record<string, [unknown, string]> {
  const out: Record<string, [unknown, string]> = {};
  for (const s of book.sheets.values()) {
    s.values.forEach((row, r) =>
      row.forEach((v, c) => {
        const f = s.formulas[r]?.[c] ?? '';
        if (v !== '' || f) out[`${s.name}!${r + 1},${c + 1}`] = [v, f];
      }),
    );
  }
  return out;
}

describe('panelRepairFormulas', () => {
  test('the entry point is in the bundle for google.script.run', () => {
    const h = host(2);
    expect(SERVER_ENTRY_POINTS).toContain('panelRepairFormulas');
    expect(typeof h.ctx.panelRepairFormulas).toBe('function');
    expect(typeof (h.ctx.BTMAddin as unknown as Record<string, unknown>).panelRepairFormulas).toBe('function');
  });

  test.each([2, 2000])('%i NPV rows: one read per sheet, one setFormulas per block of changed cells, constants untouched', (n) => {
    const h = host(n);
    const before = cells(h.book);
    const response = repair(h);
    expect(response).toEqual({
      status: 'repaired',
      report: `Repaired ${n + 2} formulas in 2 sheets: Demand (${n}), Business cases (2)`,
      sheets: [
        { sheet: 'Demand', cells: n },
        { sheet: 'Business cases', cells: 2 },
      ],
    });
    // Reads: one data range and one getFormulas per sheet; no values read.
    expect(h.book.counts.getSheets).toBe(1);
    expect(h.book.counts.getDataRange).toBe(4);
    expect(h.book.counts.getFormulas).toBe(4);
    expect(h.book.counts.getValues).toBeUndefined();
    // Writes: the NPV column in one block; B2 and B4 of Business cases apart (B3 holds a constant).
    expect(h.book.writes).toEqual([
      { sheet: 'Demand', method: 'setFormulas', at: [2, 3, n, 1] },
      { sheet: 'Business cases', method: 'setFormulas', at: [2, 2, 1, 1] },
      { sheet: 'Business cases', method: 'setFormulas', at: [4, 2, 1, 1] },
    ]);
    const expected = { ...before };
    for (let k = 0; k < n; k++) expected[`Demand!${k + 2},3`] = [0, `=BTM_NPV(0.1,B${k + 2}:B${k + 9})`];
    expected['Business cases!2,2'] = [0, '=BTM_IRR(B3:B9)'];
    expected['Business cases!4,2'] = [0, '=BTM_ROI(B3,B2)'];
    const after = cells(h.book);
    expect(after).toEqual(expected);
    expect(after['Business cases!3,2']).toEqual([40, '']);
    expect(after['Business cases!3,3']).toEqual(['=BTM.NPV(1) typed as text', '']);
    expect(after['Demand!2,4']).toEqual(['see BTM.NPV(rate, flows)', '']);
  });

  test('a spreadsheet already in Sheets spelling: nothing written, says so', () => {
    const h = host(0);
    h.ctx.panelRepairFormulas(); // repairs Business cases
    h.book.reset();
    const before = h.book.snapshot();
    expect(repair(h)).toEqual({ status: 'nothing', report: "Nothing to repair: no formula uses the other host's spelling" });
    expect(h.book.writes).toEqual([]);
    expect(h.book.snapshot()).toEqual(before);
  });
});

describe('the sidebar bridge', () => {
  test('sends Repair BTM formulas in one server call and answers what the server answered', async () => {
    const { runner, calls } = recordingRunner();
    const bridge = scriptBridge(runner, { setTimeout: () => 0, clearTimeout: () => undefined });
    const answer = bridge.repairFormulas();
    expect(calls.map((c) => [c.name, c.args])).toEqual([['panelRepairFormulas', []]]);
    const reply: RepairResponse = { status: 'nothing', report: "Nothing to repair: no formula uses the other host's spelling" };
    calls[0].resolve(reply);
    expect(await answer).toEqual(reply);
  });
});
