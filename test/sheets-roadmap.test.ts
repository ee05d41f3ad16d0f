// Generate roadmap on Google Sheets. The server side: the built bundle (dist/sheets) in a vm with a
// stub SpreadsheetApp (test/support/sheets-spreadsheet.ts), called through its top-level global
// as google.script.run calls it: how many calls reach the spreadsheet for 10 and 500 initiatives
// over 36 months, that only the BTM Roadmap sheet is written (one setValues, one setBackgrounds,
// one setFontColors, one setFontWeights), the question before replacing a user's edits. The
// sidebar side: its bridge on a stand-in google.script.run. The server tests need `npm run build`.
import { inRealm } from './support/bundles';
import { FakeSpreadsheet, SheetsHost as Host, loadOn, recordingRunner, sheetsGrid } from './support/sheets-spreadsheet';
import { roadmapColumns } from './support/roadmap-workbook';
import { HEADERS, LINK, capacityGrid, demandGrid } from './support/roadmap-host-fixture';
import { DEFAULT_SETTINGS, SETTINGS_SHEET, settingsToGrid } from '../core';
import type { SheetSnapshot } from '../core';
import { ROADMAP_SHEET, prepareRoadmap } from '../core/commands/generate-roadmap';
import type { RoadmapLayout, RoadmapRequest, RoadmapResponse } from '../core/commands/generate-roadmap';
import { SERVER_ENTRY_POINTS } from '../sheets-script/entry-points';
import { scriptBridge } from '../sheets-script/sidebar';

function host(n: number, setUp: (book: FakeSpreadsheet) => void = () => undefined, capacity = true): Host {
  const book = new FakeSpreadsheet();
  book.addSheet('Demand', sheetsGrid(demandGrid(n)));
  if (capacity) book.addSheet('Capacity', sheetsGrid(capacityGrid(n)));
  book.addSheet(SETTINGS_SHEET, sheetsGrid(settingsToGrid(DEFAULT_SETTINGS)));
  book.addSheet('Notes', [['Steering committee notes'], ['Q1', 'budget frozen until March']]);
  book.select('Demand', 5, 2);
  setUp(book);
  return loadOn(book);
}

/** Calls panelGenerateRoadmap as google.script.run does: the top-level global, plain arguments and answers. */
const generate = (h: Host, request: RoadmapRequest = {}) => JSON.parse(JSON.stringify(h.ctx.panelGenerateRoadmap(inRealm(h.ctx, request)))) as RoadmapResponse;

/** What the core lays out for the same cells (a first version). */
function expectedLayout(n: number, request: RoadmapRequest = {}): RoadmapLayout {
  const grid = demandGrid(n);
  const values = grid.map((r) => HEADERS.map((_, c) => r[c] ?? null));
  const snap: SheetSnapshot = { sheet: 'Demand', top: 1, left: 1, values, formulas: values.map((r) => r.map(() => '')), selection: { row: 5, col: 2 }, merged: [] };
  const { layout, response } = prepareRoadmap(snap, capacityGrid(n), settingsToGrid(DEFAULT_SETTINGS), undefined, request);
  if (!layout) throw new Error(`the core laid out nothing: ${JSON.stringify(response)}`);
  return layout;
}

/** How many runs of equal width: one setColumnWidths call each. */
const widthRuns = (widths: readonly number[]) => widths.filter((w, k) => k === 0 || w !== widths[k - 1]).length;

const byCell = (grid: readonly (readonly (string | null)[])[]): Record<string, string> => {
  const out: Record<string, string> = {};
  grid.forEach((row, r) => row.forEach((v, c) => v !== null && (out[`${r + 1},${c + 1}`] = v)));
  return out;
};

describe('panelGenerateRoadmap', () => {
  test('the entry point is in the bundle for google.script.run', () => {
    const h = host(10);
    expect(SERVER_ENTRY_POINTS).toContain('panelGenerateRoadmap');
    expect(typeof h.ctx.panelGenerateRoadmap).toBe('function');
    expect(typeof (h.ctx.BTMAddin as unknown as Record<string, unknown>).panelGenerateRoadmap).toBe('function');
  });

  test('10 and 500 initiatives x 36 months: the same calls to the spreadsheet, one of each kind of write, only the owned sheet written', () => {
    const counts: Record<string, number>[] = [];
    const runs: number[] = [];
    for (const n of [10, 500]) {
      const h = host(n);
      const before = h.book.snapshot();
      const response = generate(h);
      const layout = expectedLayout(n);
      expect(response).toEqual(layout.response);
      expect(response).toMatchObject({ status: 'written', sheet: 'BTM Roadmap', initiatives: n });
      expect(h.book.writes.every((w) => w.sheet === ROADMAP_SHEET)).toBe(true);
      expect(h.book.snapshot(ROADMAP_SHEET)).toEqual(before);
      expect(h.book.active).toBe('Demand'); // the user stays on their sheet
      counts.push(h.book.counts);

      const owned = h.book.sheets.get(ROADMAP_SHEET)!;
      const rows = layout.values.length;
      const cols = layout.values[0].length;
      // The one block write covers the layout from A1.
      expect(h.book.writes.filter((w) => w.method.startsWith('setValues') || w.method === 'setBackgrounds').map((w) => w.at)).toEqual([
        [1, 1, rows, cols],
        [1, 1, rows, cols],
      ]);
      expect(Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => owned.value(r + 1, c + 1)))).toEqual(
        layout.values.map((r) => r.map((c) => (c === null ? '' : c))),
      );
      expect(owned.formulas.flat().filter(Boolean)).toEqual([]);
      expect(owned.backgrounds).toEqual(byCell(layout.fills));
      expect(owned.fontColors).toEqual(byCell(layout.fontColors));
      expect(Object.keys(owned.weights).length).toBe(layout.boldRows.length * cols);
      expect([owned.frozenRows, owned.frozenColumns]).toEqual([layout.frozenRows, layout.frozenCols]);
      // The version block, right of Reason and last, hidden; the sheet exactly as wide as the layout.
      const at = roadmapColumns(layout);
      expect(at.periods).toBe(36);
      expect(at.hidden).toBe(at.at('Reason') + 1);
      expect(at.hiddenNumbers).toEqual([cols - 2, cols - 1, cols]);
      expect(owned.hidden).toEqual(at.hiddenNumbers);
      expect(Object.entries(owned.widths).map(([c, w]) => [Number(c), w])).toEqual(layout.columnWidths.map((w, k) => [k + 1, w]));
      expect(owned.maxColumns).toBe(cols);
      runs.push(widthRuns(layout.columnWidths));
    }
    expect(counts[1]).toEqual(counts[0]);
    expect(runs[1]).toBe(runs[0]);
    expect(runs[0]).toBeLessThan(expectedLayout(10).columnWidths.length);
    expect(counts[0]).toEqual({
      // The read: the sheet under the selection (values, formulas, merged areas), Capacity, BTM Settings, BTM Roadmap (absent).
      getDataRange: 3,
      getValues: 3,
      getFormulas: 1,
      getMergedRanges: 1,
      getSheetByName: 3,
      // The write: a new sheet (the user's sheet shown again), room for the layout's columns, one call per kind.
      getActiveSheet: 1,
      insertSheet: 1,
      setActiveSheet: 1,
      getMaxColumns: 1,
      getMaxRows: 1,
      insertColumnsAfter: 1,
      setValues: 1,
      setBackgrounds: 1,
      setFontColors: 1,
      setFontWeights: 1,
      setFrozenRows: 1,
      setFrozenColumns: 1,
      setColumnWidths: runs[0], // a call per run of equal width (Start and End alike; the months; the hidden block)
      hideColumns: 1,
    });
  });

  test('an ID that looks like a formula and the period labels are written as text', () => {
    const h = host(10);
    generate(h);
    const owned = h.book.sheets.get(ROADMAP_SHEET)!;
    const rows = owned.values.map((r) => r.map((c) => c));
    const col = roadmapColumns(expectedLayout(10));
    const at = rows.findIndex((r) => r[col.at('Initiative')] === LINK);
    expect(at).toBeGreaterThan(col.headerRow);
    expect(owned.formulas[at][col.at('Initiative')]).toBe('');
    expect(rows[at][col.at('Start')]).toMatch(/^20\d\d-\d\d$/); // 2027-..: a label, not a Date
    expect(rows[at][col.hidden]).toBe(LINK); // the hidden version block keeps it too
    expect(owned.formulas[at][col.hidden]).toBe('');
    expect(rows[at][col.hidden + 1]).toBe(rows[at][col.at('Start')]);
    const header = rows.findIndex((r) => r[col.at('Initiative')] === 'Initiative');
    expect(header).toBe(col.headerRow);
    expect(rows[header - 1].filter((c) => c !== '')).toEqual(['2027', '2028', '2029']); // year labels as text, not numbers
  });

  test('a refresh reads the version it wrote: nothing new or moved; the sheet cleared and its columns shown first', () => {
    const h = host(10);
    generate(h);
    h.book.reset();
    const response = generate(h);
    expect(response).toMatchObject({ status: 'written', changes: { added: 0, moved: 0, removed: 0, unchanged: 10, first: false } });
    expect(h.book.writes.slice(0, 2).map((w) => w.method)).toEqual(['clear', 'showColumns']);
    expect(h.book.counts.insertSheet).toBeUndefined();
    expect(h.book.counts.getSheetByName).toBe(3);
    expect(h.book.counts.getDataRange).toBe(4); // BTM Roadmap read this time
    expect(h.book.sheets.get(ROADMAP_SHEET)!.hidden).toEqual(roadmapColumns(expectedLayout(10)).hiddenNumbers);
  });

  test('a user edit of the owned sheet: the question, nothing written; replace: true writes', () => {
    const h = host(10);
    generate(h);
    const owned = h.book.sheets.get(ROADMAP_SHEET)!;
    const at = roadmapColumns(expectedLayout(10));
    // The first initiative (0-based row): under the header, the annual clock's markers and the first lane's title.
    const first = at.headerRow + 3;
    expect(owned.values[at.headerRow][at.at('Reason')]).toBe('Reason');
    expect(owned.values[first][at.at('Lane')]).not.toBe('');
    expect(owned.values[first][at.at('Reason')]).toBe('');
    owned.put(first + 1, at.at('Reason') + 1, 'agreed with the CFO', ''); // the user types a reason (put is 1-based)
    h.book.reset();
    const before = h.book.snapshot();
    expect(generate(h)).toEqual({ status: 'confirm', message: 'The BTM Roadmap sheet was edited since it was generated. Generating the roadmap again replaces those edits: go ahead?' });
    expect(h.book.writes).toEqual([]);
    expect(h.book.snapshot()).toEqual(before);
    expect(generate(h, { replace: true })).toMatchObject({ status: 'written', changes: { first: false } });
    expect(owned.values.flat()).not.toContain('agreed with the CFO');
  });

  test('a BTM Roadmap sheet the add-in did not write: asks first', () => {
    const h = host(10, (b) => b.addSheet(ROADMAP_SHEET, [['My own roadmap']]));
    expect(generate(h)).toMatchObject({ status: 'confirm', message: expect.stringContaining('was not generated by the add-in') });
    expect(h.book.writes).toEqual([]);
  });

  test('without a Capacity sheet: the core\'s message, nothing written', () => {
    const h = host(10, () => undefined, false);
    expect(generate(h)).toMatchObject({ status: 'invalid', message: expect.stringContaining('The workbook has no "Capacity" sheet.') });
    expect(h.book.writes).toEqual([]);
  });

  test('refuses to read the demand from the owned sheet, or with no selection', () => {
    const h = host(10, (b) => {
      b.addSheet(ROADMAP_SHEET, [['an older roadmap']]);
      b.select(ROADMAP_SHEET, 1, 1);
    });
    expect(generate(h)).toEqual({ status: 'invalid', message: 'Select a cell in your demand table: the BTM Roadmap sheet is where the add-in writes the roadmap.' });
    h.book.selection = null;
    expect(generate(h)).toEqual({ status: 'invalid', message: 'Select a cell inside your demand table first.' });
    expect(h.book.writes).toEqual([]);
  });

  test('the lane the user picks comes back in the mapping; stray fields are ignored', () => {
    const h = host(10);
    const r = generate(h, { lane: 'Approach', extra: 1, replace: 'no' } as unknown as RoadmapRequest);
    expect(r).toEqual(expectedLayout(10, { lane: 'Approach' }).response);
    expect(r.status === 'written' && r.tableHeaders).toEqual(HEADERS);
  });
});

describe('the sidebar bridge', () => {
  test('sends Generate roadmap in one server call and answers what the server answered', async () => {
    const { runner, calls } = recordingRunner();
    const bridge = scriptBridge(runner, { setTimeout: () => 0, clearTimeout: () => undefined });
    const answer = bridge.generateRoadmap({ lane: 'Value stream', replace: true });
    expect(calls.map((c) => [c.name, c.args])).toEqual([['panelGenerateRoadmap', [{ lane: 'Value stream', replace: true }]]]);
    calls[0].resolve({ status: 'confirm', message: 'Replace?' });
    expect(await answer).toEqual({ status: 'confirm', message: 'Replace?' });
  });
});
