// Insert template on Google Sheets. The server side: the built bundle (dist/sheets) in a vm with
// the stub SpreadsheetApp (test/support/sheets-spreadsheet.ts), called through its top-level global
// as google.script.run calls it. One read of the sheets and one of the named ranges; per template
// sheet insertSheet at the end, one setValues (formulas and constants together), one
// setNumberFormats, one setBackgrounds, one setFontWeights, frozen rows, widths by runs, hidden
// columns; one setNamedRange per name and one setDataValidation per list (the named range's cells,
// a drop-down, other values refused); the Demand sheet shown. The calls do not depend on the
// template's rows. A spreadsheet that has "Demand", "BTM Settings" and the named range BTM_Weights
// gets suffixed copies and keeps its own untouched. The sidebar side: its bridge on a stand-in
// google.script.run. Needs `npm run build`.
import { FakeSpreadsheet, SheetsHost as Host, loadOn, recordingRunner, typedIn } from './support/sheets-spreadsheet';
import { SERVER_ENTRY_POINTS } from '../sheets-script/entry-points';
import { scriptBridge } from '../sheets-script/sidebar';
import { InsertTemplatePlan, InsertTemplateResponse, planInsertTemplate } from '../core/commands/insert-template';

function host(clash = false): Host {
  const book = new FakeSpreadsheet();
  const sheet1 = book.addSheet('Sheet1', [['Budget 2027', 120], ['', '']]);
  sheet1.put(2, 2, 240, '=B1*2');
  if (clash) {
    book.addSheet('Demand', [['ID', 'Name', 'Cost'], ['X-1', 'My own initiative', 10]]);
    book.addSheet('BTM Settings', [['My settings'], ['weights are elsewhere']]);
    book.namedRanges.push({ name: 'BTM_Weights', sheet: 'Sheet1', at: [1, 2, 1, 1] });
  }
  book.select('Sheet1', 1, 1);
  return loadOn(book);
}

const insert = (h: Host) => JSON.parse(JSON.stringify(h.ctx.panelInsertTemplate())) as InsertTemplateResponse;

function planFor(sheets: string[], names: string[]): InsertTemplatePlan {
  const plan = planInsertTemplate('sheets', { sheets, names });
  if ('status' in plan) throw new Error(plan.message);
  return plan;
}

/** The calls a run makes, by method, for a plan: what the test expects to be constant in the rows. */
function expectedCounts(plan: InsertTemplatePlan, existing: number, names: number): Record<string, number> {
  const perSheet = (f: (s: InsertTemplatePlan['sheets'][number]) => number) => plan.sheets.reduce((n, s) => n + f(s), 0);
  const counts: Record<string, number> = {
    getSheets: 1,
    getNamedRanges: 1,
    insertSheet: plan.sheets.length,
    getMaxRows: plan.sheets.length,
    getMaxColumns: plan.sheets.length,
    insertRowsAfter: perSheet((s) => (s.extent.rows > 1000 ? 1 : 0)),
    insertColumnsAfter: perSheet((s) => (s.extent.cols > 26 ? 1 : 0)),
    setValues: perSheet((s) => (s.rows > 0 ? 1 : 0)),
    setNumberFormats: perSheet((s) => (s.rows > 0 ? 1 : 0)),
    setBackgrounds: perSheet((s) => (s.rows > 0 ? 1 : 0)),
    setFontWeights: perSheet((s) => (s.rows > 0 ? 1 : 0)),
    setFrozenRows: perSheet((s) => (s.frozenRows > 0 ? 1 : 0)),
    setColumnWidths: perSheet((s) => s.widths.length),
    hideColumns: perSheet((s) => (s.hiddenColumns.count > 0 ? 1 : 0)),
    setNamedRange: plan.names.length,
    newDataValidation: perSheet((s) => s.validations.length),
    setDataValidation: perSheet((s) => s.validations.length),
    setActiveSheet: 1,
  };
  if (names > 0) counts['NamedRange.getName'] = names;
  void existing;
  for (const k of Object.keys(counts)) if (counts[k] === 0) delete counts[k];
  return counts;
}

describe('panelInsertTemplate', () => {
  test('the entry point is in the bundle for google.script.run', () => {
    const h = host();
    expect(SERVER_ENTRY_POINTS).toContain('panelInsertTemplate');
    expect(typeof h.ctx.panelInsertTemplate).toBe('function');
    expect(typeof (h.ctx.BTMAddin as unknown as Record<string, unknown>).panelInsertTemplate).toBe('function');
  });

  test('a new spreadsheet: the template after the existing sheet in a fixed number of calls, every part written, Demand shown', () => {
    const h = host();
    const before = h.book.snapshot();
    const response = insert(h);
    const plan = planFor(['Sheet1'], []);
    expect(response).toEqual({ status: 'inserted', sheets: ['Read me', 'Demand', 'Business cases', 'Capacity', 'BTM Roadmap', 'BTM Settings'], names: plan.names.length, renamed: [] });
    expect([...h.book.sheets.keys()]).toEqual(['Sheet1', 'Read me', 'Demand', 'Business cases', 'Capacity', 'BTM Roadmap', 'BTM Settings']);
    expect(h.book.active).toBe('Demand');
    expect(h.book.counts).toEqual(expectedCounts(plan, 1, 0));
    // No read of any cell; nothing written to the existing sheet.
    expect(h.book.counts.getValues).toBeUndefined();
    expect(h.book.writes.filter((w) => w.sheet === 'Sheet1')).toEqual([]);
    expect((h.book.snapshot() as { name: string }[]).filter((s) => s.name === 'Sheet1')).toEqual((before as { name: string }[]).filter((s) => s.name === 'Sheet1'));

    for (const s of plan.sheets) {
      const sheet = h.book.sheets.get(s.name)!;
      // One block write each, from A1.
      const at = [1, 1, s.rows, s.cols];
      for (const method of ['setValues', 'setNumberFormats', 'setBackgrounds', 'setFontWeights']) {
        expect(h.book.writes.filter((w) => w.sheet === s.name && w.method === method)).toEqual([{ sheet: s.name, method, at }]);
      }
      // Formulas stored as formulas, text as text (the apostrophe keeps "2027-01" a label), empty cells empty.
      s.cells.forEach((row, r) =>
        row.forEach((c, k) => {
          const [value, formula] = typedIn(c === null ? '' : c);
          expect([s.name, r, k, sheet.formulas[r]?.[k] ?? '', formula ? '' : (sheet.values[r]?.[k] ?? '')]).toEqual([s.name, r, k, formula, formula ? '' : value]);
        }),
      );
      s.formats.forEach((row, r) => row.forEach((f, k) => expect(sheet.formats[`${r + 1},${k + 1}`]).toBe(f === 'General' ? undefined : f)));
      s.fills.forEach((row, r) => row.forEach((f, k) => expect(sheet.backgrounds[`${r + 1},${k + 1}`]).toBe(f ?? undefined)));
      for (const r of s.boldRows) expect(sheet.weights[`${r + 1},1`]).toBe('bold');
      for (const w of s.widths) for (let c = w.col; c < w.col + w.cols; c++) expect(sheet.widths[c]).toBe(Math.round(w.pixels));
      expect(sheet.frozenRows).toBe(s.frozenRows);
      expect(sheet.hidden).toEqual(Array.from({ length: s.hiddenColumns.count }, (_, k) => s.hiddenColumns.from + k));
      expect(sheet.maxRows).toBeGreaterThanOrEqual(s.extent.rows);
      expect(sheet.maxColumns).toBeGreaterThanOrEqual(s.extent.cols);
      // The drop-downs: the named range's cells, shown as a list, other values refused.
      expect(Object.keys(sheet.validations).sort()).toEqual(s.validations.map((v) => [v.ref.start.row, v.ref.start.col, v.ref.end.row - v.ref.start.row + 1, v.ref.end.col - v.ref.start.col + 1].join(',')).sort());
      for (const v of s.validations) {
        const key = [v.ref.start.row, v.ref.start.col, v.ref.end.row - v.ref.start.row + 1, v.ref.end.col - v.ref.start.col + 1].join(',');
        expect(sheet.validations[key]).toEqual({
          criteria: 'VALUE_IN_RANGE',
          values: { sheet: v.listSheet, at: [v.listRef.start.row, v.listRef.start.col, v.listRef.end.row - v.listRef.start.row + 1, v.listRef.end.col - v.listRef.start.col + 1] },
          showDropdown: true,
          allowInvalid: false,
          helpText: `Pick one of the values of the list ${v.listName} (on the ${v.listSheet} sheet).`,
        });
      }
    }
    // Formulas spelled for Sheets.
    const demand = h.book.sheets.get('Demand')!;
    expect(demand.formulas.flat().some((f) => f.startsWith('=BTM_SCORE('))).toBe(true);
    expect(demand.formulas.flat().some((f) => f.includes('BTM.'))).toBe(false);
    // The named ranges, in the plan's order, on the template's sheets.
    expect(h.book.namedRanges).toEqual(
      plan.names.map((n) => ({ name: n.name, sheet: n.sheet, at: [n.ref.start.row, n.ref.start.col, n.ref.end.row - n.ref.start.row + 1, n.ref.end.col - n.ref.start.col + 1] })),
    );
    // Names after the sheets they refer to, before the cells whose formulas read them and the lists drawing from them.
    const methods = h.book.writes.map((w) => w.method);
    expect(methods.lastIndexOf('insertSheet')).toBeLessThan(methods.indexOf('setNamedRange'));
    expect(methods.lastIndexOf('setNamedRange')).toBeLessThan(methods.indexOf('setValues'));
    expect(methods.lastIndexOf('setNamedRange')).toBeLessThan(methods.indexOf('setDataValidation'));
  });

  test('"Demand", "BTM Settings" and the named range BTM_Weights exist: suffixed copies, theirs untouched, the renames listed, the same calls', () => {
    const plain = host();
    insert(plain);
    const h = host(true);
    const before = h.book.snapshot() as { name: string }[];
    const response = insert(h);
    expect(response).toEqual({
      status: 'inserted',
      sheets: ['Read me', 'Demand (2)', 'Business cases', 'Capacity', 'BTM Roadmap', 'BTM Settings (2)'],
      names: plain.book.namedRanges.length,
      renamed: [
        'The workbook has a sheet "Demand": the template\'s is "Demand (2)".',
        'The workbook has a sheet "BTM Settings": the template\'s is "BTM Settings (2)".',
        'The workbook has a name "BTM_Weights": the template\'s is "BTM_Weights_2".',
      ],
    });
    expect([...h.book.sheets.keys()]).toEqual(['Sheet1', 'Demand', 'BTM Settings', 'Read me', 'Demand (2)', 'Business cases', 'Capacity', 'BTM Roadmap', 'BTM Settings (2)']);
    expect(h.book.active).toBe('Demand (2)');
    const plan = planFor(['Sheet1', 'Demand', 'BTM Settings'], ['BTM_Weights']);
    expect(h.book.counts).toEqual(expectedCounts(plan, 3, 1));
    // The same calls as in a new spreadsheet, apart from reading the one existing name.
    const { ['NamedRange.getName']: _read, ...rest } = h.book.counts;
    expect(rest).toEqual(plain.book.counts);
    // The user's sheets and named range untouched.
    const after = h.book.snapshot() as { name: string }[];
    for (const name of ['Sheet1', 'Demand', 'BTM Settings']) expect(after.find((s) => s.name === name)).toEqual(before.find((s) => s.name === name));
    expect(h.book.writes.filter((w) => ['Sheet1', 'Demand', 'BTM Settings'].includes(w.sheet))).toEqual([]);
    expect(h.book.namedRanges[0]).toEqual({ name: 'BTM_Weights', sheet: 'Sheet1', at: [1, 2, 1, 1] });
    expect(h.book.namedRanges.find((n) => n.name === 'BTM_Weights_2')).toEqual({ name: 'BTM_Weights_2', sheet: 'BTM Settings (2)', at: [3, 2, 6, 1] });
    const formulas = h.book.sheets.get('Demand (2)')!.formulas.flat();
    expect(formulas.some((f) => f.includes('BTM_Weights_2'))).toBe(true);
    expect(formulas.some((f) => /BTM_Weights(?!_2)/.test(f))).toBe(false);
    // The demand-type list draws from the suffixed settings sheet.
    expect(h.book.sheets.get('Demand (2)')!.validations['4,4,200,1'].values).toEqual({ sheet: 'BTM Settings (2)', at: expect.any(Array) });
  });

  test('a host failure is answered in plain words, with the sheets it had created', () => {
    const h = host();
    const services = h.book.services() as { SpreadsheetApp: { getActive: () => Record<string, unknown> } };
    const spreadsheet = services.SpreadsheetApp.getActive();
    const insertSheet = spreadsheet.insertSheet as (name: string, index: number) => unknown;
    let n = 0;
    spreadsheet.insertSheet = (name: string, index: number) => {
      if (++n === 3) throw new Error('Exception: You have exceeded the number of sheets.');
      return insertSheet(name, index);
    };
    const { ctx } = loadOn(h.book, services);
    expect(JSON.parse(JSON.stringify(ctx.panelInsertTemplate()))).toEqual({
      status: 'invalid',
      message: 'Google Sheets could not insert the template: Exception: You have exceeded the number of sheets. It had created "Read me", "Demand"; delete them before trying again.',
    });
  });
});

describe('the sidebar bridge', () => {
  test('sends Insert template in one server call and answers what the server answered', async () => {
    const { runner, calls } = recordingRunner();
    const bridge = scriptBridge(runner, { setTimeout: () => 0, clearTimeout: () => undefined });
    const answer = bridge.insertTemplate();
    expect(calls.map((c) => [c.name, c.args])).toEqual([['panelInsertTemplate', []]]);
    const reply: InsertTemplateResponse = { status: 'inserted', sheets: ['Read me', 'Demand'], names: 2, renamed: [] };
    calls[0].resolve(reply);
    expect(await answer).toEqual(reply);
  });
});
