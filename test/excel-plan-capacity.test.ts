// Plan capacity in Excel: the bridge against a stand-in for Excel.run (test/support/excel-workbook.ts)
// holding a demand sheet, a Capacity sheet, the BTM Settings sheet and a sheet of notes. What it
// reads (once), what it writes (once, and only into the BTM Capacity sheet) and what it answers.
import { excelBridge } from '../excel-addin/excel-bridge';
import { CellValue, DEFAULT_SETTINGS, SETTINGS_SHEET, SheetSnapshot, columnLetters, settingsToGrid } from '../core';
import { CapacitySheet, OWNED_CAPACITY_SHEET, PlanCapacityRequest, Progress, planCapacity, readPlanCapacity } from '../core/commands/plan-capacity';
import { solveSelection } from '../core/capacity/solver';
import { Cell, ChartState, ExcelWorkbook, byCell, excelWorkbook, opsOf, paddedGrid } from './support/excel-workbook';
import { PLAN_HEADERS, capacitySheetGrid, demandGrid, initiativeRow } from './support/plan-capacity-fixture';

/** User text that Excel would read as a formula if written as a plain value. */
const LINK = '=HYPERLINK("https://intranet/crm","CRM")';

/** Initiative 5's ID is the text above (typed with an apostrophe); no other initiative refers to it. */
const withLinkId = (i: number, n: number): CellValue[] => {
  const row = initiativeRow(i, n);
  if (i === 5) row[0] = LINK;
  return row;
};

const NOTES: Cell[][] = [['Steering committee notes'], ['Q1', 'budget frozen until March'], [null, null, 42]];

function book(n: number, extra: { owned?: Cell[][]; ownedCharts?: ChartState[]; capacity?: boolean; active?: string; selection?: string; failSync?: { at: number; code: string; message: string } } = {}): { wb: ExcelWorkbook; demand: CellValue[][] } {
  const demand = demandGrid(n, withLinkId);
  const sheets = [
    { name: 'Demand', grid: demand as Cell[][] },
    ...(extra.capacity === false ? [] : [{ name: 'Capacity', grid: capacitySheetGrid(n) as Cell[][] }]),
    { name: SETTINGS_SHEET, grid: settingsToGrid(DEFAULT_SETTINGS) as Cell[][] },
    { name: 'Notes', grid: NOTES },
    ...(extra.owned ? [{ name: OWNED_CAPACITY_SHEET, grid: extra.owned, charts: extra.ownedCharts }] : []),
  ];
  return { wb: excelWorkbook({ sheets, active: extra.active ?? 'Demand', selection: extra.selection ?? 'B5', failSync: extra.failSync }), demand };
}

/** What the core plans for the same cells: the layout the bridge must write. */
async function expectedLayout(n: number, demand: CellValue[][], request: PlanCapacityRequest = {}): Promise<CapacitySheet> {
  const width = PLAN_HEADERS.length;
  const values = demand.map((r) => Array.from({ length: width }, (_, c) => r[c] ?? null));
  const snap: SheetSnapshot = { sheet: 'Demand', top: 1, left: 1, values, formulas: values.map((r) => r.map((c) => (typeof c === 'string' && c.startsWith('=') ? c : ''))), selection: { row: 5, col: 2 }, merged: [] };
  const inputs = readPlanCapacity(snap, capacitySheetGrid(n), settingsToGrid(DEFAULT_SETTINGS), request);
  if ('status' in inputs) throw new Error(inputs.message);
  const layout = await planCapacity(inputs, { solve: solveSelection });
  if ('status' in layout) throw new Error(`the core did not plan: ${layout.status}`);
  return layout;
}

/** The owned sheet's cells, padded to the layout's size. */
const ownedGrid = (wb: ExcelWorkbook, rows: number, cols: number) => paddedGrid(wb, OWNED_CAPACITY_SHEET, rows, cols);

/** Every sheet but the owned one, as it was. */
const othersOf = (all: Record<string, unknown>) => Object.fromEntries(Object.entries(all).filter(([k]) => k !== OWNED_CAPACITY_SHEET.toLowerCase()));

const FAST: PlanCapacityRequest = { frontier: { from: 1000, to: 4000, steps: 4 }, timeLimitSeconds: 5 };

/** ExcelApi 1.9 and everything before it; and everything but 1.9 (and later). */
const WITH_1_9 = () => true;
const WITHOUT_1_9 = (v: string) => v !== '1.9';

/** The cells the layout makes bold: its bold rows across the block. */
const boldOf = (layout: CapacitySheet, cols: number): Record<string, boolean> =>
  Object.fromEntries(layout.boldRows.flatMap((r) => Array.from({ length: cols }, (_, c) => [`${columnLetters(c + 1)}${r + 1}`, true] as const)));

describe('excelBridge.planCapacity', () => {
  test('10 initiatives: two syncs to read, one to write, the core\'s layout on a new BTM Capacity sheet', async () => {
    const { wb, demand } = book(10);
    const before = othersOf(wb.snapshot());
    const progress: Progress[] = [];
    const response = await excelBridge(wb.run, WITH_1_9).planCapacity(FAST, (p) => progress.push(p));
    const layout = await expectedLayout(10, demand, FAST);

    expect(wb.syncs()).toBe(3);
    expect(response).toEqual(layout.response);
    expect(response).toMatchObject({ status: 'written', sheet: 'BTM Capacity', candidates: 10, optimality: 'optimal', gap: 0 });

    // Written once (the third sync), only into the owned sheet, which it created.
    expect(wb.ops.every((o) => o.sheet === OWNED_CAPACITY_SHEET && o.sync === 3)).toBe(true);
    expect(wb.ops[0]).toEqual({ sheet: OWNED_CAPACITY_SHEET, op: 'add', sync: 3 });
    expect(othersOf(wb.snapshot())).toEqual(before);

    // The cells show exactly the core's values; text stays text.
    const rows = layout.values.length;
    const cols = layout.values[0].length;
    expect(ownedGrid(wb, rows, cols)).toEqual(layout.values);
    const owned = wb.sheet(OWNED_CAPACITY_SHEET)!;
    expect(owned.formats).toEqual(byCell(layout.formats));
    // One values assignment and one setCellProperties call (fills and bold rows) on the same block.
    expect(opsOf(wb, 'values').map((o) => o.address)).toEqual([`A1:${columnLetters(cols)}${rows}`]);
    expect(opsOf(wb, 'cellProperties').map((o) => o.address)).toEqual([`A1:${columnLetters(cols)}${rows}`]);
    expect(wb.ops.filter((o) => ['fill', 'fontColor', 'bold'].includes(o.op))).toEqual([]);
    expect(owned.fills).toEqual(byCell(layout.fills));
    expect(Object.keys(owned.fills).length).toBeGreaterThan(0);
    expect(owned.bold).toEqual(boldOf(layout, cols));
    expect(owned.fontColors).toEqual({});
    expect(Object.keys(owned.widths)).toEqual(Array.from({ length: cols }, (_, c) => columnLetters(c + 1)));
    expect(owned.grid[0][0]).toBe('BTM Capacity: portfolio selection and allocation');

    // The frontier chart: an XY scatter with lines over the Budget / Best value block.
    const c = layout.chart!;
    expect(owned.charts).toEqual([
      {
        type: 'XYScatterLines',
        source: `A${c.top}:B${c.top + c.rows - 1}`,
        seriesBy: 'Columns',
        title: 'Efficient frontier: best value by total budget',
        legendVisible: false,
        xTitle: 'Total budget',
        yTitle: 'Best value',
        position: [`${columnLetters(cols + 2)}${c.top}`, `${columnLetters(cols + 9)}${c.top + 17}`],
      },
    ]);
    expect(owned.grid[c.top - 1].slice(0, 2)).toEqual(['Budget', 'Best value']);
    expect(c.rows).toBe(5); // the header and four budget levels

    // Progress: from 0 to 1, never backwards, naming the steps.
    expect(progress[0]).toEqual({ step: 'Reading the demand and capacity tables', fraction: 0 });
    expect(progress[progress.length - 1].fraction).toBe(1);
    expect(progress.every((p, i) => i === 0 || p.fraction >= progress[i - 1].fraction)).toBe(true);
    expect(progress.map((p) => p.step)).toContain('Selecting among 10 initiatives');
  });

  test('200 initiatives cost the same three syncs, one values assignment and one setCellProperties call, and still touch nothing but the owned sheet', async () => {
    const { wb } = book(200);
    const before = othersOf(wb.snapshot());
    const response = await excelBridge(wb.run, WITH_1_9).planCapacity({ frontier: { from: 20_000, to: 60_000, steps: 2 }, timeLimitSeconds: 3 }, () => undefined);
    expect(wb.syncs()).toBe(3);
    expect(opsOf(wb, 'values')).toHaveLength(1);
    expect(opsOf(wb, 'cellProperties')).toHaveLength(1);
    expect(wb.ops.filter((o) => ['fill', 'fontColor', 'bold'].includes(o.op))).toEqual([]);
    expect(response).toMatchObject({ status: 'written', sheet: 'BTM Capacity', candidates: 200 });
    expect(wb.ops.every((o) => o.sheet === OWNED_CAPACITY_SHEET && o.sync === 3)).toBe(true);
    expect(othersOf(wb.snapshot())).toEqual(before);
    const grid = wb.sheet(OWNED_CAPACITY_SHEET)!.grid;
    // One row per initiative in "Selected initiatives", under its header row.
    const header = grid.findIndex((r) => r[0] === 'ID' && r[1] === 'Selected');
    expect(grid.slice(header + 1, header + 201).map((r) => r[0])).toEqual(Array.from({ length: 200 }, (_, k) => (k === 4 ? LINK : `I${k + 1}`)));
    expect(wb.sheet(OWNED_CAPACITY_SHEET)!.charts).toHaveLength(1);
  });

  test.each([10, 200])('%i initiatives without ExcelApi 1.9: fills and bold rows by runs, the same cells as one setCellProperties', async (n) => {
    // A limit the solver does not reach: both runs (and the expected layout) find the same optimum.
    const request: PlanCapacityRequest = { frontier: { from: 1000 * (n / 10), to: 4000 * (n / 10), steps: 2 }, timeLimitSeconds: 60 };
    const { wb: one, demand } = book(n);
    const { wb: runs } = book(n);
    const answers = [
      await excelBridge(one.run, WITH_1_9).planCapacity(request, () => undefined),
      await excelBridge(runs.run, WITHOUT_1_9).planCapacity(request, () => undefined),
    ];
    for (const answer of answers) expect(answer).toMatchObject({ status: 'written', optimality: 'optimal' });
    expect(runs.syncs()).toBe(3);
    expect(opsOf(runs, 'values')).toHaveLength(1);
    expect(opsOf(runs, 'cellProperties')).toEqual([]);
    expect(opsOf(runs, 'fill').length).toBeGreaterThan(1);
    expect(opsOf(runs, 'fill').every((o) => /^[A-Z]+(\d+)(:[A-Z]+\1)?$/.test(o.address!))).toBe(true);
    const [a, b] = [one.sheet(OWNED_CAPACITY_SHEET)!, runs.sheet(OWNED_CAPACITY_SHEET)!];
    expect(b.grid).toEqual(a.grid);
    expect(b.formats).toEqual(a.formats);
    expect([b.fills, b.bold, b.fontColors]).toEqual([a.fills, a.bold, a.fontColors]);
    const layout = await expectedLayout(n, demand, request);
    expect(b.fills).toEqual(byCell(layout.fills));
    expect(b.bold).toEqual(boldOf(layout, layout.values[0].length));
    expect(b.fontColors).toEqual({});
  });

  test('user text that looks like a formula or a date is written as text', async () => {
    const { wb } = book(10);
    await excelBridge(wb.run).planCapacity(FAST, () => undefined);
    const grid = wb.sheet(OWNED_CAPACITY_SHEET)!.grid;
    const header = grid.findIndex((r) => r[0] === 'ID' && r[1] === 'Selected');
    expect(grid[header + 5][0]).toBe(LINK); // text, not { formula }
    // The Capacity sheet's period labels head the load table as text, not as dates.
    const load = grid.findIndex((r) => r[0] === 'Role');
    expect(grid[load].slice(0, 4)).toEqual(['Role', '2027-01', '2027-02', '2027-03']);
    // The start column shows the period labels as text too.
    expect(grid[header + 4][5]).toBe('2027-05');
  });

  test('a second run empties the owned sheet and its charts first, in the same three syncs', async () => {
    const old: Cell[][] = Array.from({ length: 300 }, (_, r) => Array.from({ length: 26 }, (_, c) => (r === 0 && c === 0 ? 'an older plan' : null)));
    old[299][25] = 'left over at Z300';
    const { wb, demand } = book(10, { owned: old, ownedCharts: [{ type: 'Line', source: 'A1:B9', seriesBy: 'Columns' }, { type: 'Pie', source: 'C1:C9', seriesBy: 'Columns' }] });
    const before = othersOf(wb.snapshot());
    const response = await excelBridge(wb.run).planCapacity(FAST, () => undefined);
    const layout = await expectedLayout(10, demand, FAST);
    expect(response).toEqual(layout.response);
    expect(wb.syncs()).toBe(3);
    expect(wb.ops.slice(0, 3).map((o) => [o.op, o.address])).toEqual([
      ['clear', 'A1:XFD1048576'],
      ['chart.delete', 'A1:B9'],
      ['chart.delete', 'C1:C9'],
    ]);
    expect(wb.ops.some((o) => o.op === 'add')).toBe(false);
    const owned = wb.sheet(OWNED_CAPACITY_SHEET)!;
    expect(ownedGrid(wb, 300, 26).flat().filter((c) => c === 'left over at Z300' || c === 'an older plan')).toEqual([]);
    expect(ownedGrid(wb, layout.values.length, layout.values[0].length)).toEqual(layout.values);
    expect(owned.charts.map((c) => c.type)).toEqual(['XYScatterLines']);
    expect(othersOf(wb.snapshot())).toEqual(before);
  });

  test('Cancel while the frontier is solved: answers cancelled after the reads, and writes nothing', async () => {
    const { wb } = book(10);
    const bridge = excelBridge(wb.run);
    bridge.cancel(); // no run yet: nothing to stop, and the next run is not stopped by it
    const steps: string[] = [];
    const response = await bridge.planCapacity(FAST, (p) => {
      steps.push(p.step);
      if (p.step.startsWith('Efficient frontier')) bridge.cancel();
    });
    expect(response).toEqual({ status: 'cancelled' });
    expect(steps[0]).toBe('Reading the demand and capacity tables');
    expect(steps.filter((s) => s.startsWith('Efficient frontier'))).toEqual(['Efficient frontier: budget level 0 of 4']);
    expect(wb.syncs()).toBe(2);
    expect(wb.ops).toEqual([]);
    expect(wb.sheet(OWNED_CAPACITY_SHEET)).toBeUndefined();
    // The bridge plans again afterwards.
    expect(await bridge.planCapacity(FAST, () => undefined)).toMatchObject({ status: 'written' });
  });

  test('without a Capacity sheet: the core\'s message after the reads, nothing written', async () => {
    const { wb } = book(10, { capacity: false });
    const response = await excelBridge(wb.run).planCapacity({}, () => undefined);
    expect(response).toMatchObject({ status: 'invalid', message: expect.stringContaining('The workbook has no "Capacity" sheet.') });
    expect(wb.syncs()).toBe(2);
    expect(wb.ops).toEqual([]);
  });

  test('refuses to plan from the owned sheet itself', async () => {
    const { wb } = book(10, { owned: [['an older plan']], active: OWNED_CAPACITY_SHEET, selection: 'A1' });
    const response = await excelBridge(wb.run).planCapacity({}, () => undefined);
    expect(response).toEqual({ status: 'invalid', message: 'Select a cell in your demand table: the BTM Capacity sheet is where the add-in writes the plan.' });
    expect(wb.ops).toEqual([]);
  });

  test('a request with stray fields or types sends the core only what it understands', async () => {
    const { wb } = book(10);
    const odd = { frontier: { from: '1000', to: 4000, steps: 4 }, timeLimitSeconds: 'soon', overrides: { Value: 'NPV', Cost: 7 }, extra: true } as unknown as PlanCapacityRequest;
    const response = await excelBridge(wb.run).planCapacity(odd, () => undefined);
    expect(response).toMatchObject({ status: 'written', mapping: expect.objectContaining({ Value: 'NPV', Cost: 'Cost' }) });
  });

  test('rejects with plain words when Excel fails the write, leaving every sheet as it was', async () => {
    const { wb } = book(10, { failSync: { at: 2, code: 'AccessDenied', message: 'The workbook is protected.' } });
    const before = wb.snapshot();
    await expect(excelBridge(wb.run).planCapacity(FAST, () => undefined)).rejects.toThrow(
      new Error('Excel could not plan capacity: The workbook is protected. (AccessDenied)'),
    );
    expect(wb.snapshot()).toEqual(before);
  });
});
