// The HostBridge over the in-memory workbook (xlsx/memory-bridge.ts): the panel's commands as Excel
// runs them, over a MemoryWorkbook. What each command answers and writes, in Excel's spelling
// (the workbench) and the file's (the command line), and its round trips (book.calls), which do
// not grow with the data.
import fs from 'node:fs';
import { CellValue, DEFAULT_SETTINGS, SETTINGS_SHEET, settingsToGrid } from '../core';
import { OWNED_CAPACITY_SHEET, Progress } from '../core/commands/plan-capacity';
import { ROADMAP_SHEET, prepareRoadmap } from '../core/commands/generate-roadmap';
import { MemoryWorkbook } from '../xlsx/memory-workbook';
import { memoryBridge } from '../xlsx/memory-bridge';
import { readXlsx } from '../xlsx/xlsx-io';
import { EXAMPLE } from './support/cli';
import { capacitySheetGrid, demandGrid as planDemand, initiativeRow } from './support/plan-capacity-fixture';
import { LINK, capacityGrid as roadmapCapacity, demandGrid as roadmapDemand } from './support/roadmap-host-fixture';

const SAMPLE = fs.readFileSync(EXAMPLE);
const sample = () => readXlsx(SAMPLE);

/** A workbook of these sheets (cells from A1, blanks null), its calls counted from zero. */
function bookOf(sheets: Record<string, readonly (readonly CellValue[])[]>): MemoryWorkbook {
  const book = new MemoryWorkbook();
  for (const [name, grid] of Object.entries(sheets)) {
    const sheet = book.createSheet(name);
    grid.forEach((row, r) => row.forEach((v, c) => v !== null && sheet.setCell(r + 1, c + 1, { value: v })));
  }
  return book;
}

/** Selects a cell and starts counting round trips from there. */
function selectAt(book: MemoryWorkbook, sheet: string, row: number, col: number): MemoryWorkbook {
  book.select(sheet, row, col);
  book.resetCalls();
  return book;
}

const calls = (book: MemoryWorkbook) => ({ ...book.calls });

/** Every cell's value and formula of a sheet that holds `text`. */
function cellsHolding(book: MemoryWorkbook, sheet: string, text: string): { value: CellValue; formula: string }[] {
  const found: { value: CellValue; formula: string }[] = [];
  book.sheet(sheet)!.forEachCell((_r, _c, cell) => {
    if (cell.value === text) found.push({ value: cell.value, formula: cell.formula });
  });
  return found;
}

const HTML = '<img src=x onerror=alert(1)>';
const noProgress = () => undefined;

describe('selection', () => {
  it('is the selected cell with its sheet, quoted as a formula writes it', async () => {
    const book = bookOf({ Demand: [['ID']], 'Q1 plan': [['x']] });
    book.select('Q1 plan', 4, 2);
    expect(await memoryBridge(book).selection()).toBe("'Q1 plan'!B4");
    book.select('Demand', 9, 28);
    expect(await memoryBridge(book).selection()).toBe('Demand!AB9');
    expect(calls(book)).toEqual({ reads: 0, writes: 0 });
  });

  it('rejects in plain words in a workbook without sheets', async () => {
    await expect(memoryBridge(new MemoryWorkbook()).selection()).rejects.toThrow('Could not read the selection: the workbook has no sheets');
  });
});

describe('insertBusinessCase', () => {
  const form = { rate: 'C4', costs: 'D4:H4', benefits: 'I4:M4' };

  it('writes the BUSINESSCASE formula at the selected cell in one read and one write', async () => {
    const book = selectAt(await sample(), 'Business cases', 4, 15);
    const response = await memoryBridge(book).insertBusinessCase({ form, overwrite: false });
    expect(response).toEqual({ status: 'inserted', address: "'Business cases'!O4", formula: '=BTM.BUSINESSCASE(C4,D4:H4,I4:M4)' });
    expect(book.sheet('Business cases')!.cell(4, 15).formula).toBe('=BTM.BUSINESSCASE(C4,D4:H4,I4:M4)');
    expect(calls(book)).toEqual({ reads: 1, writes: 1 });
  });

  it('spells the formula as a file stores it in an xlsx bridge', async () => {
    const book = selectAt(await sample(), 'Business cases', 4, 15);
    const response = await memoryBridge(book, { spelling: 'xlsx' }).insertBusinessCase({ form, overwrite: false });
    expect(response).toMatchObject({ status: 'inserted', formula: '=_xldudf_BTM_BUSINESSCASE(C4,D4:H4,I4:M4)' });
    expect(book.sheet('Business cases')!.cell(4, 15).formula).toBe('=_xldudf_BTM_BUSINESSCASE(C4,D4:H4,I4:M4)');
  });

  it('asks before writing over cells the summary needs, and writes only the first cell once agreed', async () => {
    const book = selectAt(await sample(), 'Business cases', 4, 2);
    const bridge = memoryBridge(book);
    const asked = await bridge.insertBusinessCase({ form, overwrite: false });
    expect(asked).toEqual({
      status: 'confirm',
      message:
        "The summary needs 'Business cases'!B4:C13 empty, but B4, C4, B5, C5, B6 and 15 more hold data. Insert anyway? Only the first cell is written; the others stay as they are and the table will not spill until they are cleared.",
    });
    expect(calls(book)).toEqual({ reads: 1, writes: 0 });
    expect(book.sheet('Business cases')!.cell(4, 2)).toMatchObject({ value: 'Customer 360 platform', formula: '' });

    const agreed = await bridge.insertBusinessCase({ form, overwrite: true });
    expect(agreed).toMatchObject({ status: 'inserted', address: "'Business cases'!B4" });
    expect(book.sheet('Business cases')!.cell(4, 2).formula).toBe('=BTM.BUSINESSCASE(C4,D4:H4,I4:M4)');
    expect(book.sheet('Business cases')!.cell(4, 3).value).toBe(0.1);
  });

  it("answers the core's message for a form it cannot use, writing nothing", async () => {
    const book = selectAt(await sample(), 'Business cases', 4, 15);
    const response = await memoryBridge(book).insertBusinessCase({ form: { ...form, rate: '' }, overwrite: false });
    expect(response).toEqual({ status: 'invalid', field: 'rate', message: 'Enter a rate such as 8% or a cell that holds it.' });
    expect(book.calls.writes).toBe(0);
  });
});

describe('scoreDemand', () => {
  const FORMULAS = [
    '=BTM.SCORE(F4:K63,{3,3,2,2,2,1},{1,1,1,1,-1,-1},"minmax",D4:D63)',
    '=BTM.PRIORITY(AD4:AD63)',
  ];

  it('writes the five BTM columns beside the sample table, spelled as Excel shows them, in three reads and one write', async () => {
    const book = selectAt(await sample(), 'Demand', 10, 3);
    const response = await memoryBridge(book).scoreDemand({});
    expect(response).toMatchObject({ status: 'written', address: 'Demand!AD3:AH4', headers: ['BTM Score', 'BTM Rank', 'BTM Check', 'BTM Proposal', 'BTM WSJF'], skipped: [] });
    const demand = book.sheet('Demand')!;
    expect([30, 31, 32, 33, 34].map((c) => demand.cell(3, c).value)).toEqual(['BTM Score', 'BTM Rank', 'BTM Check', 'BTM Proposal', 'BTM WSJF']);
    expect([30, 31].map((c) => demand.cell(4, c).formula)).toEqual(FORMULAS);
    expect(demand.cell(4, 32).formula).toMatch(/^=BTM\.CHECK\(L4:R63,/);
    expect(demand.cell(4, 33).formula).toMatch(/^=BTM\.PROPOSAL\(AD4:AD63,AF4:AF63,/);
    expect(demand.cell(4, 34).formula).toBe('=BTM.WSJF(G4:G63,H4:H63,I4:I63,T4:T63)');
    expect(calls(book)).toEqual({ reads: 3, writes: 1 });
  });

  it('spells the formulas as a file stores them in an xlsx bridge', async () => {
    const book = selectAt(await sample(), 'Demand', 10, 3);
    await memoryBridge(book, { spelling: 'xlsx' }).scoreDemand({});
    const demand = book.sheet('Demand')!;
    expect([30, 31].map((c) => demand.cell(4, c).formula)).toEqual(FORMULAS.map((f) => f.replace(/BTM\./g, '_xldudf_BTM_')));
    expect(demand.cell(4, 34).formula).toBe('=_xldudf_BTM_WSJF(G4:G63,H4:H63,I4:I63,T4:T63)');
  });

  it('remembers the column choices a request carries (one more write) and uses them on the next run', async () => {
    const book = selectAt(await sample(), 'Demand', 10, 3);
    const bridge = memoryBridge(book);
    const first = await bridge.scoreDemand({ overrides: { 'Job size': 'Developer' } });
    expect(first).toMatchObject({ status: 'written', mapping: expect.objectContaining({ 'Job size': 'Developer' }) });
    expect(calls(book)).toEqual({ reads: 3, writes: 2 });
    expect(book.sheet('Demand')!.cell(4, 34).formula).toBe('=BTM.WSJF(G4:G63,H4:H63,I4:I63,Z4:Z63)');

    book.sheet('Demand')!.setCell(4, 34, { value: null });
    book.resetCalls();
    const again = await bridge.scoreDemand({});
    expect(again).toMatchObject({ status: 'written', mapping: expect.objectContaining({ 'Job size': 'Developer' }) });
    expect(book.sheet('Demand')!.cell(4, 34).formula).toBe('=BTM.WSJF(G4:G63,H4:H63,I4:I63,Z4:Z63)');
    expect(calls(book)).toEqual({ reads: 3, writes: 1 });
  });

  it("answers the core's message for a table without criteria, writing nothing", async () => {
    const book = selectAt(bookOf({ Demand: [['ID', 'Colour'], ['A', 'blue']] }), 'Demand', 1, 1);
    const response = await memoryBridge(book).scoreDemand({});
    expect(response).toEqual({ status: 'invalid', message: expect.stringMatching(/^No column is named after a scoring criterion\./) });
    expect(book.calls.writes).toBe(0);
  });

  it('makes the same round trips on 5 rows and on 2,000 rows', async () => {
    const criteria = DEFAULT_SETTINGS.criteria.map((c) => c.name);
    const table = (n: number): CellValue[][] => [['ID', ...criteria], ...Array.from({ length: n }, (_, i) => [`D${i + 1}`, ...criteria.map((_, k) => 1 + ((i + k) % 5))])];
    const logs = await Promise.all(
      [5, 2000].map(async (n) => {
        const book = selectAt(bookOf({ Demand: table(n) }), 'Demand', 2, 1);
        expect(await memoryBridge(book).scoreDemand({})).toMatchObject({ status: 'written' });
        return book.log;
      }),
    );
    expect(logs[0]).toEqual(['read snapshot Demand', 'read grids BTM Settings', 'read setting btm.scoreDemand.overrides', 'write formulas Demand']);
    expect(logs[1]).toEqual(logs[0]);
  });

  it('rejects in plain words when the workbook fails to write', async () => {
    const book = selectAt(await sample(), 'Demand', 10, 3);
    book.writeFormulas = () => {
      throw new Error('the sheet is protected');
    };
    await expect(memoryBridge(book).scoreDemand({})).rejects.toThrow('Could not score the demand: the sheet is protected');
  });
});

describe('writeSettingsSheet', () => {
  it('creates the BTM Settings sheet with the defaults, then says it exists', async () => {
    const book = bookOf({ Demand: [['ID']] });
    const bridge = memoryBridge(book);
    const grid = settingsToGrid(DEFAULT_SETTINGS);
    expect(await bridge.writeSettingsSheet()).toEqual({ status: 'created', address: "'BTM Settings'!A1:E39" });
    expect(book.sheet(SETTINGS_SHEET)!.values()).toEqual(grid.map((row) => Array.from({ length: 5 }, (_, c) => row[c] ?? null)));
    expect(calls(book)).toEqual({ reads: 1, writes: 1 });

    book.resetCalls();
    expect(await bridge.writeSettingsSheet()).toEqual({ status: 'exists', message: 'The workbook already has a BTM Settings sheet; edit it there.' });
    expect(calls(book)).toEqual({ reads: 1, writes: 0 });
  });
});

describe('planCapacity', () => {
  it('plans the sample as the demo does: 33 of 60 selected, value 8,908,000, in two reads and one write', async () => {
    const book = selectAt(await sample(), 'Demand', 4, 1);
    const progress: Progress[] = [];
    const response = await memoryBridge(book).planCapacity({ timeLimitSeconds: 30 }, (p) => progress.push(p));
    expect(response).toMatchObject({ status: 'written', sheet: OWNED_CAPACITY_SHEET, selected: 33, candidates: 60, value: 8_908_000, optimality: 'optimal' });
    expect(book.log).toEqual(['read snapshot Demand', 'read grids Capacity, BTM Settings', 'write layout BTM Capacity']);
    const rows = book.sheet(OWNED_CAPACITY_SHEET)!.values();
    expect(rows.filter((row) => row[1] === 'yes')).toHaveLength(33);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[progress.length - 1].fraction).toBeLessThanOrEqual(1);
  }, 120_000);

  it('answers cancelled and writes nothing when cancel() stops it', async () => {
    const book = selectAt(await sample(), 'Demand', 4, 1);
    const bridge = memoryBridge(book);
    const response = await bridge.planCapacity({ timeLimitSeconds: 30 }, () => bridge.cancel());
    expect(response).toEqual({ status: 'cancelled' });
    expect(book.calls.writes).toBe(0);
    expect(book.sheet(OWNED_CAPACITY_SHEET)).toBeUndefined();
  });

  it('answers cancelled when cancel() comes at once, before any progress (its reads are already made)', async () => {
    const book = selectAt(bookOf({ Demand: planDemand(10), Capacity: capacitySheetGrid(10) }), 'Demand', 5, 2);
    const bridge = memoryBridge(book);
    const running = bridge.planCapacity({ timeLimitSeconds: 5 }, noProgress);
    bridge.cancel();
    expect(await running).toEqual({ status: 'cancelled' });
    expect(book.log).toEqual(['read snapshot Demand', 'read grids Capacity, BTM Settings']);
  });

  it('stops only the latest of two runs, as in Excel: the first still writes its plan', async () => {
    const book = selectAt(bookOf({ Demand: planDemand(10), Capacity: capacitySheetGrid(10) }), 'Demand', 5, 2);
    const bridge = memoryBridge(book);
    const request = { frontier: { from: 1000, to: 4000, steps: 2 }, timeLimitSeconds: 3 };
    const first = bridge.planCapacity(request, noProgress);
    const second = bridge.planCapacity(request, noProgress);
    bridge.cancel();
    expect(await second).toEqual({ status: 'cancelled' });
    expect(await first).toMatchObject({ status: 'written', candidates: 10 });
    expect(book.log.filter((l) => l.startsWith('write'))).toEqual(['write layout BTM Capacity']);
  }, 60_000);

  it('refuses to plan from its own sheet after one read', async () => {
    const book = bookOf({ [OWNED_CAPACITY_SHEET]: [['old plan']] });
    selectAt(book, OWNED_CAPACITY_SHEET, 1, 1);
    const response = await memoryBridge(book).planCapacity({}, noProgress);
    expect(response).toEqual({ status: 'invalid', message: 'Select a cell in your demand table: the BTM Capacity sheet is where the add-in writes the plan.' });
    expect(calls(book)).toEqual({ reads: 1, writes: 0 });
  });

  it('says the workbook has no Capacity sheet, writing nothing', async () => {
    const book = selectAt(bookOf({ Demand: planDemand(10) }), 'Demand', 5, 2);
    const response = await memoryBridge(book).planCapacity({}, noProgress);
    expect(response).toEqual({ status: 'invalid', message: expect.stringMatching(/^The workbook has no "Capacity" sheet\./) });
    expect(book.calls.writes).toBe(0);
  });

  it('makes the same round trips for 10 and 200 initiatives', async () => {
    const logs: string[][] = [];
    for (const n of [10, 200]) {
      const book = selectAt(bookOf({ Demand: planDemand(n), Capacity: capacitySheetGrid(n) }), 'Demand', 5, 2);
      const request = { frontier: { from: 1000 * (n / 10), to: 4000 * (n / 10), steps: 2 }, timeLimitSeconds: 3 };
      expect(await memoryBridge(book).planCapacity(request, noProgress)).toMatchObject({ status: 'written', candidates: n });
      logs.push(book.log);
    }
    expect(logs[0]).toEqual(['read snapshot Demand', 'read grids Capacity, BTM Settings', 'write layout BTM Capacity']);
    expect(logs[1]).toEqual(logs[0]);
  }, 120_000);

  it('keeps user text that looks like a formula or markup as text in BTM Capacity', async () => {
    const row = (i: number, n: number): CellValue[] => {
      const r = initiativeRow(i, n);
      if (i === 5) r[0] = LINK;
      if (i === 6) r[0] = HTML;
      return r;
    };
    const book = selectAt(bookOf({ Demand: planDemand(10, row), Capacity: capacitySheetGrid(10) }), 'Demand', 5, 2);
    expect(await memoryBridge(book).planCapacity({ timeLimitSeconds: 5 }, noProgress)).toMatchObject({ status: 'written' });
    for (const text of [LINK, HTML]) {
      const cells = cellsHolding(book, OWNED_CAPACITY_SHEET, text);
      expect(cells.length).toBeGreaterThan(0);
      for (const cell of cells) expect(cell).toEqual({ value: text, formula: '' });
    }
  }, 60_000);
});

describe('generateRoadmap', () => {
  it('writes BTM Roadmap for the sample in two reads and one write, printed one landscape page wide', async () => {
    const book = selectAt(await sample(), 'Demand', 4, 1);
    const response = await memoryBridge(book).generateRoadmap({});
    expect(response).toMatchObject({ status: 'written', sheet: ROADMAP_SHEET, initiatives: 60, placed: 46 });
    expect(book.log).toEqual(['read snapshot Demand', 'read grids Capacity, BTM Settings, BTM Roadmap', 'write layout BTM Roadmap']);
    const roadmap = book.sheet(ROADMAP_SHEET)!;
    expect(roadmap.values().flat()).toEqual(expect.arrayContaining(['CUS-01', 'FIN-02', 'OPS-05']));
    expect(roadmap.print).toEqual({ orientation: 'landscape', pagesWide: 1 });
    expect(roadmap.frozenRows).toBeGreaterThan(0);
  });

  it('shows the bold the layout asks for, as Excel does: the header rows and the gate letters', async () => {
    const book = selectAt(bookOf({ Demand: roadmapDemand(10), Capacity: roadmapCapacity(10) }), 'Demand', 5, 2);
    const { layout } = prepareRoadmap(book.snapshot('Demand'), roadmapCapacity(10), undefined, undefined, {});
    await memoryBridge(book).generateRoadmap({});
    const cols = layout!.values[0].length;
    const expected = [...layout!.boldRows.flatMap((r) => Array.from({ length: cols }, (_, c) => `${r + 1},${c + 1}`)), ...layout!.boldCells.map(([r, c]) => `${r + 1},${c + 1}`)];
    const bold: string[] = [];
    book.sheet(ROADMAP_SHEET)!.forEachCell((r, c, cell) => cell.bold && bold.push(`${r},${c}`));
    expect(layout!.boldCells.length).toBeGreaterThan(0);
    expect(new Set(bold)).toEqual(new Set(expected));
  });

  it('asks before replacing a roadmap edited by hand, then replaces it when told to', async () => {
    const book = selectAt(await sample(), 'Demand', 4, 1);
    const bridge = memoryBridge(book);
    await bridge.generateRoadmap({});
    const roadmap = book.sheet(ROADMAP_SHEET)!;
    roadmap.setCell(roadmap.usedSize().rows + 2, 1, { value: 'my note' });
    book.resetCalls();

    const asked = await bridge.generateRoadmap({});
    expect(asked).toEqual({ status: 'confirm', message: expect.stringContaining(ROADMAP_SHEET) });
    expect(calls(book)).toEqual({ reads: 2, writes: 0 });
    // Only `replace: true` replaces: anything else sent is not a yes.
    expect(await bridge.generateRoadmap({ replace: 'yes' } as unknown as { replace: boolean })).toMatchObject({ status: 'confirm' });
    expect(roadmap.values().flat()).toContain('my note');

    expect(await bridge.generateRoadmap({ replace: true })).toMatchObject({ status: 'written', placed: 46 });
    expect(book.sheet(ROADMAP_SHEET)!.values().flat()).not.toContain('my note');
  });

  it('makes the same round trips for 10 and 500 initiatives, keeping user text as text', async () => {
    const logs: string[][] = [];
    for (const n of [10, 500]) {
      const demand = roadmapDemand(n);
      demand[3 + 6][1] = HTML; // initiative 7's name
      const book = selectAt(bookOf({ Demand: demand, Capacity: roadmapCapacity(n) }), 'Demand', 5, 2);
      expect(await memoryBridge(book).generateRoadmap({})).toMatchObject({ status: 'written', initiatives: n });
      for (const text of [LINK, HTML]) {
        const cells = cellsHolding(book, ROADMAP_SHEET, text);
        expect(cells.length).toBeGreaterThan(0);
        for (const cell of cells) expect(cell).toEqual({ value: text, formula: '' });
      }
      logs.push(book.log);
    }
    expect(logs[1]).toEqual(logs[0]);
  }, 60_000);
});

describe('repairFormulas', () => {
  /** A sheet with formulas in the file's and Sheets' spellings, one already right, and text that only looks like a formula. */
  function broken(rows: number): MemoryWorkbook {
    const book = bookOf({ Flows: Array.from({ length: rows }, (_, r) => [r + 1, -100, 60]), Notes: [['=BTM_NPV(0.1,B1:B3) as typed']] });
    const flows = book.sheet('Flows')!;
    for (let r = 1; r <= rows; r++) flows.setCell(r, 4, { formula: `=_xldudf_BTM_NPV(0.1,B${r}:C${r})`, value: 9.5 });
    flows.setCell(1, 6, { formula: '=BTM_IRR(B1:C1)', value: 0.2 });
    flows.setCell(2, 6, { formula: '=BTM.IRR(B2:C2)', value: 0.2 });
    book.sheet('Notes')!.setCell(2, 1, { value: '=BTM_NPV(0.1,B1:B3)' });
    book.resetCalls();
    return book;
  }

  it("rewrites the file's and Sheets' spellings to BTM., one read and one write of the sheet's changed cells, keeping cached values and constants", async () => {
    const book = broken(3);
    const response = await memoryBridge(book).repairFormulas();
    expect(response).toEqual({ status: 'repaired', report: 'Repaired 4 formulas in 1 sheet: Flows (4)', sheets: [{ sheet: 'Flows', cells: 4 }] });
    const flows = book.sheet('Flows')!;
    expect([1, 2, 3].map((r) => flows.cell(r, 4).formula)).toEqual(['=BTM.NPV(0.1,B1:C1)', '=BTM.NPV(0.1,B2:C2)', '=BTM.NPV(0.1,B3:C3)']);
    expect(flows.cell(1, 4).value).toBe(9.5);
    expect(flows.cell(1, 6)).toMatchObject({ formula: '=BTM.IRR(B1:C1)', value: 0.2 });
    expect(book.sheet('Notes')!.cell(2, 1)).toMatchObject({ value: '=BTM_NPV(0.1,B1:B3)', formula: '' });
    expect(book.log).toEqual(['read every sheet', 'write formula cells Flows']);
  });

  it('writes each sheet that changes once, however scattered its changed cells: 3 rows or 2,000', async () => {
    // Every other row already right: 1,000 separate blocks in 2,000 rows, one write all the same (as Excel's one assignment per sheet).
    const striped = (rows: number) => {
      const book = broken(rows);
      for (let r = 2; r <= rows; r += 2) book.sheet('Flows')!.setCell(r, 4, { formula: `=BTM.NPV(0.1,B${r}:C${r})`, value: 9.5 });
      book.resetCalls();
      return book;
    };
    const small = striped(3);
    const large = striped(2000);
    expect(await memoryBridge(small).repairFormulas()).toMatchObject({ status: 'repaired', sheets: [{ sheet: 'Flows', cells: 3 }] });
    expect(await memoryBridge(large).repairFormulas()).toMatchObject({ status: 'repaired', sheets: [{ sheet: 'Flows', cells: 1001 }] });
    expect(large.log).toEqual(['read every sheet', 'write formula cells Flows']);
    expect(small.log).toEqual(large.log);
    const flows = large.sheet('Flows')!;
    expect([1, 2, 1999, 2000].map((r) => flows.cell(r, 4))).toEqual([1, 2, 1999, 2000].map((r) => expect.objectContaining({ formula: `=BTM.NPV(0.1,B${r}:C${r})`, value: 9.5 })));
  });

  it('makes the same round trips for 3 and 2,000 rows of formulas', async () => {
    const small = broken(3);
    const large = broken(2000);
    await memoryBridge(small).repairFormulas();
    expect(await memoryBridge(large).repairFormulas()).toMatchObject({ status: 'repaired', sheets: [{ sheet: 'Flows', cells: 2001 }] });
    expect(large.log).toEqual(small.log);
  });

  it('says nothing needs repair when every formula is spelled for Excel, writing nothing', async () => {
    const book = bookOf({ Flows: [[1, 2]] });
    book.sheet('Flows')!.setCell(1, 3, { formula: '=BTM.NPV(0.1,A1:B1)' });
    book.resetCalls();
    expect(await memoryBridge(book).repairFormulas()).toEqual({ status: 'nothing', report: "Nothing to repair: no formula uses the other host's spelling" });
    expect(calls(book)).toEqual({ reads: 1, writes: 0 });
  });

  it("in an xlsx bridge rewrites Excel's and Sheets' spellings to the file's, leaving the file's own as they are", async () => {
    const book = broken(3);
    const response = await memoryBridge(book, { spelling: 'xlsx' }).repairFormulas();
    expect(response).toEqual({ status: 'repaired', report: 'Repaired 2 formulas in 1 sheet: Flows (2)', sheets: [{ sheet: 'Flows', cells: 2 }] });
    const flows = book.sheet('Flows')!;
    expect([1, 2, 3].map((r) => flows.cell(r, 4).formula)).toEqual(['=_xldudf_BTM_NPV(0.1,B1:C1)', '=_xldudf_BTM_NPV(0.1,B2:C2)', '=_xldudf_BTM_NPV(0.1,B3:C3)']);
    expect([1, 2].map((r) => flows.cell(r, 6))).toEqual([
      expect.objectContaining({ formula: '=_xldudf_BTM_IRR(B1:C1)', value: 0.2 }),
      expect.objectContaining({ formula: '=_xldudf_BTM_IRR(B2:C2)', value: 0.2 }),
    ]);
    expect(book.sheet('Notes')!.cell(2, 1)).toMatchObject({ value: '=BTM_NPV(0.1,B1:B3)', formula: '' });
    expect(book.log).toEqual(['read every sheet', 'write formula cells Flows']);
  });
});

describe('insertTemplate', () => {
  const TEMPLATE_SHEETS = ['Read me', 'Demand', 'Business cases', 'Capacity', 'BTM Roadmap', 'BTM Settings'];

  it('fills an empty workbook with the template, formulas spelled as Excel shows them', async () => {
    const book = new MemoryWorkbook();
    const response = await memoryBridge(book, { year: 2027 }).insertTemplate();
    expect(response).toEqual({ status: 'inserted', sheets: TEMPLATE_SHEETS, names: 38, renamed: [] });
    expect(book.sheets.map((s) => s.name)).toEqual(TEMPLATE_SHEETS);
    expect(book.sheet('Demand')!.cell(4, 30).formula).toBe('=BTM.SCORE(BTM_Demand_Criteria,BTM_Weights,BTM_Directions,"minmax",BTM_Demand_Type)');
    expect(book.selection).toEqual({ sheet: 'Demand', row: 4, col: 1 });
  });

  it('spells the formulas as a file stores them in an xlsx bridge', async () => {
    const book = new MemoryWorkbook();
    await memoryBridge(book, { spelling: 'xlsx', year: 2027 }).insertTemplate();
    expect(book.sheet('Demand')!.cell(4, 30).formula).toBe('=_xldudf_BTM_SCORE(BTM_Demand_Criteria,BTM_Weights,BTM_Directions,"minmax",BTM_Demand_Type)');
  });

  it("adds its sheets after the sample's own, renaming those that clash, in the same round trips as into an empty workbook", async () => {
    const book = await sample();
    const before = book.sheets.map((s) => [s.name, s.values()]);
    book.resetCalls();
    const response = await memoryBridge(book, { year: 2027 }).insertTemplate();
    expect(response).toEqual({
      status: 'inserted',
      sheets: ['Read me', 'Demand (2)', 'Business cases (2)', 'Capacity (2)', 'BTM Roadmap', 'BTM Settings (2)'],
      names: 38,
      renamed: [
        'The workbook has a sheet "Demand": the template\'s is "Demand (2)".',
        'The workbook has a sheet "Business cases": the template\'s is "Business cases (2)".',
        'The workbook has a sheet "Capacity": the template\'s is "Capacity (2)".',
        'The workbook has a sheet "BTM Settings": the template\'s is "BTM Settings (2)".',
      ],
    });
    for (const [name, values] of before) expect(book.sheet(name as string)!.values()).toEqual(values);

    const empty = new MemoryWorkbook();
    await memoryBridge(empty, { year: 2027 }).insertTemplate();
    expect(calls(book)).toEqual(calls(empty));
    // The sheet names; then 6 sheet layouts, the formula cells of Demand and Business cases, the 38 names at once and the Demand sheet's drop-downs.
    expect(calls(book)).toEqual({ reads: 1, writes: 10 });
  });

  it('answers a failure in plain words, saying the sheets it added stay', async () => {
    const book = new MemoryWorkbook();
    book.addNames = () => {
      throw new Error('names are locked');
    };
    const response = await memoryBridge(book, { year: 2027 }).insertTemplate();
    expect(response).toEqual({
      status: 'invalid',
      message: 'Could not insert the template: names are locked. Template sheets it added before stopping stay in the workbook: delete them before trying again.',
    });
  });

  it('says nothing was inserted when the first write fails', async () => {
    const book = new MemoryWorkbook();
    book.writeLayout = () => {
      throw new Error('the workbook is read-only.');
    };
    expect(await memoryBridge(book, { year: 2027 }).insertTemplate()).toEqual({
      status: 'invalid',
      message: 'Could not insert the template: the workbook is read-only. Nothing was inserted.',
    });
  });
});

describe('cancel', () => {
  it('does nothing when no Plan capacity is running', () => {
    expect(() => memoryBridge(new MemoryWorkbook()).cancel()).not.toThrow();
  });
});
