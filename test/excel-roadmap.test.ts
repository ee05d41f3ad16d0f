// Generate roadmap in Excel: the bridge against a stand-in for Excel.run (test/support/excel-workbook.ts)
// holding a demand sheet, a Capacity sheet of 36 months, the BTM Settings sheet and a sheet of
// notes. What it reads (two syncs), what it writes (one sync, only into the BTM Roadmap sheet:
// values in one assignment, fills, font colours and bold in one setCellProperties call with
// ExcelApi 1.9 (by runs without it), frozen panes, hidden version block, print settings) and what
// it answers, for 10 and 500 initiatives.
import { excelBridge } from '../excel-addin/excel-bridge';
import { DEFAULT_SETTINGS, SETTINGS_SHEET, SheetSnapshot, columnLetters, settingsToGrid } from '../core';
import { ROADMAP_SHEET, RoadmapLayout, RoadmapRequest, prepareRoadmap } from '../core/commands/generate-roadmap';
import { Cell, ExcelWorkbook, byCell, excelWorkbook, opsOf, paddedGrid } from './support/excel-workbook';
import { roadmapColumns } from './support/roadmap-workbook';
import { HEADERS, LINK, capacityGrid, demandGrid, initiative } from './support/roadmap-host-fixture';

const NOTES: Cell[][] = [['Steering committee notes'], ['Q1', 'budget frozen until March'], [null, null, 42]];

function book(n: number, extra: { owned?: Cell[][]; capacity?: boolean; active?: string; selection?: string; failSync?: { at: number; code: string; message: string } } = {}): ExcelWorkbook {
  return excelWorkbook({
    sheets: [
      { name: 'Demand', grid: demandGrid(n) as Cell[][] },
      ...(extra.capacity === false ? [] : [{ name: 'Capacity', grid: capacityGrid(n) as Cell[][] }]),
      { name: SETTINGS_SHEET, grid: settingsToGrid(DEFAULT_SETTINGS) as Cell[][] },
      { name: 'Notes', grid: NOTES },
      ...(extra.owned ? [{ name: ROADMAP_SHEET, grid: extra.owned }] : []),
    ],
    active: extra.active ?? 'Demand',
    selection: extra.selection ?? 'B5',
    failSync: extra.failSync,
  });
}

/** What the core lays out for the same cells (a first version): what the bridge must write. */
function expectedLayout(n: number, request: RoadmapRequest = {}): RoadmapLayout {
  const grid = demandGrid(n);
  const values = grid.map((r) => HEADERS.map((_, c) => r[c] ?? null));
  const snap: SheetSnapshot = {
    sheet: 'Demand',
    top: 1,
    left: 1,
    values,
    formulas: values.map((r) => r.map((c) => (typeof c === 'string' && c.startsWith('=') ? c : ''))),
    selection: { row: 5, col: 2 },
    merged: [],
  };
  const { layout, response } = prepareRoadmap(snap, capacityGrid(n), settingsToGrid(DEFAULT_SETTINGS), undefined, request);
  if (!layout) throw new Error(`the core laid out nothing: ${JSON.stringify(response)}`);
  return layout;
}

/** The owned sheet's cells, padded to rows x cols. */
const ownedGrid = (wb: ExcelWorkbook, rows: number, cols: number) => paddedGrid(wb, ROADMAP_SHEET, rows, cols);

/** The layout's hidden version block as Excel's column letters. */
const hiddenLetters = (layout: RoadmapLayout) => Object.fromEntries(roadmapColumns(layout).hiddenNumbers.map((c) => [columnLetters(c), true]));

/** Every sheet but the owned one, as it is. */
const othersOf = (wb: ExcelWorkbook) => Object.fromEntries(Object.entries(wb.snapshot()).filter(([k]) => k !== ROADMAP_SHEET.toLowerCase()));

/** ExcelApi 1.9 and everything before it; and everything but 1.9 (and later). */
const WITH_1_9 = () => true;
const WITHOUT_1_9 = (v: string) => v !== '1.9';

/** The cells the layout makes bold: its bold rows across the block and its single bold cells (gate letters). */
const boldOf = (layout: RoadmapLayout, cols: number): Record<string, boolean> =>
  Object.fromEntries([
    ...layout.boldRows.flatMap((r) => Array.from({ length: cols }, (_, c) => `${columnLetters(c + 1)}${r + 1}`)),
    ...(layout.boldCells ?? []).map(([r, c]) => `${columnLetters(c + 1)}${r + 1}`),
  ].map((k) => [k, true]));

describe('excelBridge.generateRoadmap', () => {
  test.each([10, 500])('%i initiatives x 36 months: two syncs to read, one to write, one values assignment, only the BTM Roadmap sheet', async (n) => {
    const wb = book(n);
    const before = othersOf(wb);
    const response = await excelBridge(wb.run, WITH_1_9).generateRoadmap({});
    const layout = expectedLayout(n);
    const rows = layout.values.length;
    const cols = layout.values[0].length;

    expect(wb.syncs()).toBe(3);
    expect(response).toEqual(layout.response);
    expect(response).toMatchObject({ status: 'written', sheet: 'BTM Roadmap', initiatives: n, changes: { added: n, moved: 0, removed: 0, unchanged: 0, first: true } });

    // Written once (the third sync), only into the owned sheet, which it created.
    expect(wb.ops.every((o) => o.sheet === ROADMAP_SHEET && o.sync === 3)).toBe(true);
    expect(wb.ops[0]).toEqual({ sheet: ROADMAP_SHEET, op: 'add', sync: 3 });
    expect(othersOf(wb)).toEqual(before);

    // One assignment of the whole block's values; no number formats.
    expect(opsOf(wb, 'values').map((o) => o.address)).toEqual([`A1:${columnLetters(cols)}${rows}`]);
    expect(opsOf(wb, 'numberFormat')).toEqual([]);
    // Left to right: the initiative's columns (Name too: the demand table has one), 36 months,
    // Reason, the hidden version block last; each column headed by its name.
    const at = roadmapColumns(layout);
    expect(Object.keys(at.byName).sort()).toEqual(['Approach', 'Change', 'End', 'Initiative', 'Lane', 'Name', 'Reason', 'Start']);
    for (const [name, c] of Object.entries(at.byName)) expect(layout.values[at.headerRow][c!]).toBe(name);
    const table = Object.entries(at.byName).filter(([name]) => name !== 'Reason').map(([, c]) => c!);
    expect(table.sort((a, b) => a - b)).toEqual(Array.from({ length: at.firstPeriod }, (_, k) => k));
    expect(at.periods).toBe(36);
    expect(at.at('Reason')).toBe(at.firstPeriod + 36);
    expect(at.hidden).toBe(at.at('Reason') + 1);
    expect(cols).toBe(at.hidden + 3);

    const owned = wb.sheet(ROADMAP_SHEET)!;
    expect(ownedGrid(wb, rows, cols)).toEqual(layout.values);
    // Fills, font colours and bold (header rows and gate letters) in one setCellProperties call on
    // the same block, no per-run commands: exactly the layout's.
    expect(opsOf(wb, 'cellProperties').map((o) => o.address)).toEqual([`A1:${columnLetters(cols)}${rows}`]);
    expect(wb.ops.filter((o) => ['fill', 'fontColor', 'bold'].includes(o.op))).toEqual([]);
    expect(owned.fills).toEqual(byCell(layout.fills));
    expect(owned.fontColors).toEqual(byCell(layout.fontColors));
    expect(layout.boldCells!.length).toBeGreaterThan(0);
    expect(owned.bold).toEqual(boldOf(layout, cols));
    // Widths in points (pixels x 0.75), one command per run of equal width.
    expect(owned.widths).toEqual(Object.fromEntries(layout.columnWidths.map((px, k) => [columnLetters(k + 1), px * 0.75])));
    expect(opsOf(wb, 'columnWidth').length).toBeLessThan(layout.columnWidths.length);
    // The version block hidden, the headers and the first columns frozen, one landscape page wide.
    expect(layout.hiddenColumns).toEqual({ from: at.hidden + 1, count: 3 });
    expect(Object.keys(hiddenLetters(layout))).toHaveLength(3);
    expect(owned.hidden).toEqual(hiddenLetters(layout));
    expect(owned.frozen).toEqual({ rows: layout.frozenRows, cols: layout.frozenCols });
    expect(owned.page).toEqual({ orientation: 'Landscape', zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 }, titleRows: `$1:$${layout.frozenRows}` });
  });

  test('10 and 500 initiatives cost the same syncs, one write of values and one of formats: the same commands', async () => {
    const small = book(10);
    const large = book(500);
    await excelBridge(small.run, WITH_1_9).generateRoadmap({});
    await excelBridge(large.run, WITH_1_9).generateRoadmap({});
    expect([small.syncs(), large.syncs()]).toEqual([3, 3]);
    expect([opsOf(small, 'values').length, opsOf(large, 'values').length]).toEqual([1, 1]);
    expect([opsOf(small, 'cellProperties').length, opsOf(large, 'cellProperties').length]).toEqual([1, 1]);
    // The same commands in the same order; only the block's address grows with the initiatives.
    expect(large.ops.map((o) => o.op)).toEqual(small.ops.map((o) => o.op));
    const fixed = (wb: ExcelWorkbook) => wb.ops.filter((o) => !['values', 'cellProperties'].includes(o.op)).map((o) => [o.op, o.address]);
    expect(fixed(large)).toEqual(fixed(small));
  });

  test.each([10, 500])('%i initiatives without ExcelApi 1.9: fills, font colours and bold by runs, the same cells as one setCellProperties', async (n) => {
    const one = book(n);
    const runs = book(n);
    await excelBridge(one.run, WITH_1_9).generateRoadmap({});
    await excelBridge(runs.run, WITHOUT_1_9).generateRoadmap({});
    const layout = expectedLayout(n);
    const cols = layout.values[0].length;
    expect(runs.syncs()).toBe(3);
    expect(opsOf(runs, 'values')).toHaveLength(1);
    expect(opsOf(runs, 'cellProperties')).toEqual([]);
    // Runs along a row, each one row high (bold rows: whole rows).
    expect([...opsOf(runs, 'fill'), ...opsOf(runs, 'fontColor')].every((o) => /^[A-Z]+(\d+)(:[A-Z]+\1)?$/.test(o.address!))).toBe(true);
    expect(opsOf(runs, 'fill').length).toBeGreaterThan(1);
    const [a, b] = [one.sheet(ROADMAP_SHEET)!, runs.sheet(ROADMAP_SHEET)!];
    expect(b.grid).toEqual(a.grid);
    expect(b.fills).toEqual(byCell(layout.fills));
    expect(b.fontColors).toEqual(byCell(layout.fontColors));
    expect(b.bold).toEqual(boldOf(layout, cols));
    expect([b.fills, b.fontColors, b.bold]).toEqual([a.fills, a.fontColors, a.bold]);
  });

  test("the stand-in's setCellProperties: one op per call, sub-properties left out change nothing, a wrong size refused", async () => {
    const wb = excelWorkbook({ sheets: [{ name: 'S', grid: [] }], active: 'S', selection: 'A1' });
    await wb.run(async (context) => {
      const sheet = context.workbook.worksheets.getItemOrNullObject('S');
      sheet.getRange('A1:B1').format.fill.color = '#111111';
      sheet.getRange('A1:B2').setCellProperties([
        [{}, { format: { fill: { color: '#222222' } } }],
        [{ format: { font: { bold: true } } }, { format: { font: { color: '#333333' } } }],
      ]);
      expect(() => sheet.getRange('A1:B2').setCellProperties([[{}, {}]])).toThrow(/InvalidArgument/);
      await context.sync();
    });
    const s = wb.sheet('S')!;
    expect([s.fills, s.bold, s.fontColors]).toEqual([{ A1: '#111111', B1: '#222222' }, { A2: true }, { B2: '#333333' }]);
    expect(wb.ops.map((o) => [o.op, o.address])).toEqual([
      ['fill', 'A1:B1'],
      ['cellProperties', 'A1:B2'],
    ]);
  });

  test('an ID that looks like a formula is written as text', async () => {
    const wb = book(10);
    await excelBridge(wb.run).generateRoadmap({});
    const grid = wb.sheet(ROADMAP_SHEET)!.grid;
    const at = roadmapColumns(expectedLayout(10));
    const rowOf = grid.findIndex((r) => r[at.at('Initiative')] === LINK);
    expect(rowOf).toBeGreaterThan(at.headerRow);
    expect(grid[rowOf][at.at('Initiative')]).toBe(LINK); // text, not { formula }
    expect(grid.flat().some((c) => c !== null && typeof c === 'object')).toBe(false);
    // The headers as text; period labels stay text too (not dates), in the Start column and the hidden version block.
    for (const [name, c] of Object.entries(at.byName)) expect(grid[at.headerRow][c!]).toBe(name);
    expect(grid[rowOf][at.at('Start')]).toMatch(/^20\d\d-\d\d$/);
    expect(grid[rowOf][at.hidden]).toBe(LINK);
    expect(grid[rowOf][at.hidden + 1]).toBe(grid[rowOf][at.at('Start')]);
  });

  test('a refresh reads the version it wrote: same three syncs, nothing new or moved, the sheet emptied first', async () => {
    const wb = book(10);
    const bridge = excelBridge(wb.run);
    await bridge.generateRoadmap({});
    const first = wb.ops.length;
    const syncs = wb.syncs();
    const before = othersOf(wb);
    const response = await bridge.generateRoadmap({});
    expect(wb.syncs() - syncs).toBe(3);
    expect(response).toMatchObject({ status: 'written', changes: { added: 0, moved: 0, removed: 0, unchanged: 10, first: false } });
    const again = wb.ops.slice(first);
    expect(again.slice(0, 2).map((o) => [o.op, o.address])).toEqual([
      ['clear', 'A1:XFD1048576'],
      ['columnHidden', 'A1:XFD1048576'],
    ]);
    expect(again.some((o) => o.op === 'add')).toBe(false);
    expect(again.every((o) => o.sheet === ROADMAP_SHEET)).toBe(true);
    expect(othersOf(wb)).toEqual(before);
    expect(wb.sheet(ROADMAP_SHEET)!.hidden).toEqual(hiddenLetters(expectedLayout(10)));
  });

  test('a refresh after the demand changed: new, moved and removed counted, the move shown in the Change column', async () => {
    const wb = book(10);
    const bridge = excelBridge(wb.run);
    await bridge.generateRoadmap({});
    const demand = wb.sheet('Demand')!.grid;
    demand[3][3] = 6; // R1 takes 6 months instead of 2
    demand.splice(12, 1); // R10 leaves the table
    demand.push(initiative(11) as Cell[]); // R11 joins it
    const response = await bridge.generateRoadmap({});
    expect(response).toMatchObject({ status: 'written', initiatives: 10, changes: { added: 1, removed: 1, first: false } });
    const changes = response.status === 'written' ? response.changes : undefined;
    expect(changes!.moved).toBeGreaterThanOrEqual(1);
    expect(changes!.added + changes!.moved + changes!.unchanged).toBe(10);
    const grid = wb.sheet(ROADMAP_SHEET)!.grid;
    const at = roadmapColumns(expectedLayout(10));
    const r1 = grid.find((r) => r[at.at('Initiative')] === 'R1')!;
    expect([r1[at.at('Start')], r1[at.at('End')], r1[at.at('Change')]]).toEqual(['2027-01', '2027-06', 'moved +4']);
    expect(grid.find((r) => r[at.at('Initiative')] === 'R11')![at.at('Change')]).toBe('new');
  });

  test('a user edit of the owned sheet: the question after the reads, nothing written; replace: true writes', async () => {
    const wb = book(10);
    const bridge = excelBridge(wb.run);
    await bridge.generateRoadmap({});
    const grid = wb.sheet(ROADMAP_SHEET)!.grid;
    const at = roadmapColumns(expectedLayout(10));
    // The first initiative: under the header, the annual clock's markers and the first lane's title.
    const first = at.headerRow + 3;
    expect(grid[at.headerRow][at.at('Reason')]).toBe('Reason');
    expect(grid[first][at.at('Lane')]).toEqual(expect.any(String));
    expect(grid[first][at.at('Reason')]).toBeNull();
    grid[first][at.at('Reason')] = 'agreed with the CFO'; // the user types a reason
    const before = wb.snapshot();
    const ops = wb.ops.length;
    const syncs = wb.syncs();

    const asked = await bridge.generateRoadmap({ lane: 'Value stream' });
    expect(asked).toEqual({ status: 'confirm', message: 'The BTM Roadmap sheet was edited since it was generated. Generating the roadmap again replaces those edits: go ahead?' });
    expect(wb.syncs() - syncs).toBe(2);
    expect(wb.ops.length).toBe(ops);
    expect(wb.snapshot()).toEqual(before);

    const replaced = await bridge.generateRoadmap({ lane: 'Value stream', replace: true });
    expect(replaced).toMatchObject({ status: 'written', changes: { unchanged: 10, first: false } });
    expect(wb.syncs() - syncs).toBe(5);
    expect(wb.sheet(ROADMAP_SHEET)!.grid.flat()).not.toContain('agreed with the CFO');
  });

  test('a BTM Roadmap sheet the add-in did not write: asks before replacing it', async () => {
    const wb = book(10, { owned: [['My own roadmap'], ['CRM', 'Q3']] });
    const before = wb.snapshot();
    const asked = await excelBridge(wb.run).generateRoadmap({});
    expect(asked).toMatchObject({ status: 'confirm', message: expect.stringContaining('was not generated by the add-in') });
    expect(wb.ops).toEqual([]);
    expect(wb.snapshot()).toEqual(before);
    expect(await excelBridge(wb.run).generateRoadmap({ replace: true })).toMatchObject({ status: 'written' });
    expect(wb.sheet(ROADMAP_SHEET)!.grid.flat()).not.toContain('My own roadmap');
  });

  test('an empty BTM Roadmap sheet is written without a question', async () => {
    const wb = book(10, { owned: [] });
    expect(await excelBridge(wb.run).generateRoadmap({})).toMatchObject({ status: 'written', changes: { first: true } });
    expect(wb.syncs()).toBe(3);
    expect(wb.ops.some((o) => o.op === 'add')).toBe(false);
  });

  test('the lane column the user picks; a header the table lacks is refused by name', async () => {
    const wb = book(10);
    const response = await excelBridge(wb.run).generateRoadmap({ lane: 'Approach' });
    expect(response).toMatchObject({ status: 'written', mapping: expect.objectContaining({ Lane: 'Approach' }) });
    expect(response).toEqual(expectedLayout(10, { lane: 'Approach' }).response);
    const refused = await excelBridge(book(10).run).generateRoadmap({ lane: 'Team' });
    expect(refused).toMatchObject({ status: 'invalid', message: expect.stringContaining('No column of the demand table is headed "Team"') });
  });

  test('without ExcelApi 1.9 no print settings, without 1.7 no frozen panes: the roadmap all the same', async () => {
    for (const lacks of [['1.9'], ['1.7', '1.9']]) {
      const wb = book(10);
      const response = await excelBridge(wb.run, (v) => !lacks.includes(v)).generateRoadmap({});
      expect(response).toMatchObject({ status: 'written' });
      expect(wb.syncs()).toBe(3);
      expect(opsOf(wb, 'pageLayout')).toEqual([]);
      expect(wb.sheet(ROADMAP_SHEET)!.page).toEqual({});
      expect(opsOf(wb, 'freeze').length > 0).toBe(!lacks.includes('1.7'));
    }
  });

  test('without a Capacity sheet: the core\'s message after the reads, nothing written', async () => {
    const wb = book(10, { capacity: false });
    const response = await excelBridge(wb.run).generateRoadmap({});
    expect(response).toMatchObject({ status: 'invalid', message: expect.stringContaining('The workbook has no "Capacity" sheet.') });
    expect(wb.syncs()).toBe(2);
    expect(wb.ops).toEqual([]);
  });

  test('refuses to read the demand from the owned sheet itself', async () => {
    const wb = book(10, { owned: [['an older roadmap']], active: ROADMAP_SHEET, selection: 'A1' });
    expect(await excelBridge(wb.run).generateRoadmap({})).toEqual({
      status: 'invalid',
      message: 'Select a cell in your demand table: the BTM Roadmap sheet is where the add-in writes the roadmap.',
    });
    expect(wb.syncs()).toBe(1);
    expect(wb.ops).toEqual([]);
  });

  test('a request with stray fields or types sends the core only what it understands', async () => {
    const wb = book(10);
    const odd = { lane: 7, replace: 'yes', overrides: { Duration: 'Duration', Lane: 3 }, extra: true } as unknown as RoadmapRequest;
    const response = await excelBridge(wb.run).generateRoadmap(odd);
    expect(response).toEqual(expectedLayout(10, { overrides: { Duration: 'Duration' } }).response);
  });

  test('rejects with plain words when Excel fails the write, leaving every sheet as it was', async () => {
    const wb = book(10, { failSync: { at: 3, code: 'AccessDenied', message: 'The workbook is protected.' } });
    const before = wb.snapshot();
    await expect(excelBridge(wb.run).generateRoadmap({})).rejects.toThrow(new Error('Excel could not generate the roadmap: The workbook is protected. (AccessDenied)'));
    expect(wb.snapshot()).toEqual(before);
  });
});
