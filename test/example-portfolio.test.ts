// The example workbook examples/portfolio.xlsx (issue 6, "Sample and main job"): the committed
// file is what examples/generate-portfolio.ts writes now, it reads back, and the panel commands
// accept it: Score demand finds every criterion, Plan capacity selects (capacity is tight, so
// the exact selection beats the greedy one) and Generate roadmap places most initiatives while
// others wait for capacity or dependencies, or do not fit before the horizon.
import fs from 'node:fs';
import path from 'node:path';
import { CellValue, DEFAULT_SETTINGS, SETTINGS_SHEET, isSheetError, planCapacity, prepareScoreDemand, readPlanCapacity, settingsToGrid, solveSelection } from '../core';
import { prepareRoadmap } from '../core/commands/generate-roadmap';
import { businessCase } from '../core/finance/business-case';
import { readXlsx } from '../xlsx/xlsx-io';
import { MemoryWorkbook } from '../xlsx/memory-workbook';
import { CAPACITY_SHEET } from '../core/commands/plan-capacity';
import { DEMAND_HEADERS, DEMAND_HEADER_ROW, ROLES } from '../core/template/template';
import { BUSINESS_CASES_SHEET, DEMAND_SHEET, MONTHS, PORTFOLIO_FILE, buildPortfolio, generateInitiatives } from '../examples/generate-portfolio';

const FILE = path.resolve(__dirname, '..', PORTFOLIO_FILE);
const HINT = `${PORTFOLIO_FILE} is stale: run \`npm run example:portfolio\` and commit the file`;

let book: MemoryWorkbook;
beforeAll(async () => {
  book = await readXlsx(fs.readFileSync(FILE));
});

const same = (a: CellValue, b: CellValue) => a === b || (isSheetError(a) && isSheetError(b) && a.code === b.code);

describe('examples/portfolio.xlsx', () => {
  it('is what the script generates now, sheet by sheet and cell by cell', () => {
    const fresh = buildPortfolio();
    const names = book.sheets.map((s) => s.name);
    if (names.join('|') !== fresh.sheets.map((s) => s.name).join('|')) throw new Error(`${HINT} (its sheets are ${names.join(', ')})`);
    for (const sheet of fresh.sheets) {
      const want = sheet.values();
      const got = book.sheet(sheet.name)?.values() ?? [];
      const rows = Math.max(want.length, got.length);
      for (let r = 0; r < rows; r++) {
        const cols = Math.max(want[r]?.length ?? 0, got[r]?.length ?? 0);
        for (let c = 0; c < cols; c++) {
          const w = want[r]?.[c] ?? null;
          const g = got[r]?.[c] ?? null;
          if (!same(w, g)) throw new Error(`${HINT} ('${sheet.name}' row ${r + 1} column ${c + 1}: the file has ${JSON.stringify(g)}, the script writes ${JSON.stringify(w)})`);
        }
      }
    }
    expect(book.selection).toEqual({ sheet: DEMAND_SHEET, row: DEMAND_HEADER_ROW + 1, col: 1 });
  });

  it('is deterministic: two runs give the same cells', () => {
    const a = buildPortfolio();
    const b = buildPortfolio();
    expect(a.sheets.map((s) => s.values())).toEqual(b.sheets.map((s) => s.values()));
  });

  it('holds 60 initiatives over three value streams and the three demand types, with the links the brief asks for', () => {
    const demand = book.sheet(DEMAND_SHEET)!.values();
    expect(demand[DEMAND_HEADER_ROW - 1]).toEqual(DEMAND_HEADERS);
    const rows = demand.slice(DEMAND_HEADER_ROW);
    const col = (h: string) => DEMAND_HEADERS.indexOf(h);
    const count = (h: string, v: CellValue) => rows.filter((r) => r[col(h)] === v).length;
    expect(rows).toHaveLength(60);
    expect([count('Value stream', 'Customer'), count('Value stream', 'Finance'), count('Value stream', 'Operations')]).toEqual([20, 20, 20]);
    expect([count('Demand type', 'Capability planning'), count('Demand type', 'Ideas & concepts'), count('Demand type', 'Increments & improvements')]).toEqual([18, 18, 24]);
    expect(rows.filter((r) => r[col('Requires')] !== null)).toHaveLength(14);
    expect(rows.filter((r) => r[col('Excludes')] !== null).map((r) => [r[0], r[col('Excludes')]])).toEqual([['CUS-02', 'CUS-03']]);
    expect(rows.filter((r) => r[col('Forced')] === 'in').map((r) => r[0])).toEqual(['FIN-02', 'OPS-05']);
    expect(rows.filter((r) => r[col('Pinned start')] !== null).map((r) => [r[0], r[col('Pinned start')]])).toEqual([
      ['FIN-02', '2027-03'],
      ['FIN-14', '2027-02'],
      ['OPS-05', '2027-01'],
      ['OPS-15', '2027-06'],
    ]);
    for (const label of DEFAULT_SETTINGS.checkLabels) expect(rows.every((r) => r[col(label)] === 'yes' || r[col(label)] === 'no')).toBe(true);
    expect(rows.every((r) => MONTHS.includes(String(r[col('Earliest start')])))).toBe(true);

    const capacity = book.sheet(CAPACITY_SHEET)!.values();
    expect(capacity[0]).toEqual(['Role', ...MONTHS]);
    expect(capacity.map((r) => r[0])).toEqual(['Role', ...ROLES, 'Budget']);
    expect(book.sheet(SETTINGS_SHEET)!.values()).toEqual(settingsToGrid(DEFAULT_SETTINGS).map((r) => r.slice(0, book.sheet(SETTINGS_SHEET)!.usedSize().cols)));
  });

  it("gives each initiative's Value as the NPV of its business case (period 0 undiscounted, as BUSINESSCASE)", () => {
    const cases = book.sheet(BUSINESS_CASES_SHEET)!.values();
    expect(cases[2]).toEqual(['ID', 'Name', 'Discount rate', 'Cost 2027', 'Cost 2028', 'Cost 2029', 'Cost 2030', 'Cost 2031', 'Benefit 2027', 'Benefit 2028', 'Benefit 2029', 'Benefit 2030', 'Benefit 2031']);
    const initiatives = generateInitiatives();
    initiatives.forEach((x, i) => {
      const row = cases[3 + i] as number[];
      expect(row[0]).toBe(x.id);
      const npv = businessCase({ rate: row[2], costs: row.slice(3, 8), benefits: row.slice(8, 13), financeRate: row[2], reinvestRate: row[2] })[3][1] as number;
      expect(Math.abs(npv - x.value)).toBeLessThanOrEqual(500);
    });
    // Mostly worth doing, not all: the two regulatory ones and a few others lose money.
    expect(initiatives.filter((x) => x.value < 0).map((x) => x.id)).toEqual(['CUS-13', 'CUS-16', 'FIN-02', 'FIN-07', 'FIN-11', 'OPS-05', 'OPS-09', 'OPS-12']);
  });
});

describe('the panel commands accept it', () => {
  it('Score demand finds the table and every criterion and check column', () => {
    const { plan, response } = prepareScoreDemand(book.snapshot(DEMAND_SHEET), book.readGrid(SETTINGS_SHEET), 'excel');
    expect(response.status).toBe('written');
    if (response.status !== 'written' || !plan) return;
    for (const c of DEFAULT_SETTINGS.criteria) expect(response.mapping[c.name]).toBe(c.name);
    for (const label of DEFAULT_SETTINGS.checkLabels) expect(response.mapping[`Check: ${label}`]).toBe(label);
    expect(response.mapping['Demand type']).toBe('Demand type');
    expect(response.mapping['Job size']).toBe('Duration');
    expect(response.skipped).toEqual([]);
    expect(response.settingsProblems).toEqual([]);
    // The five result columns go right of the table (A3:AC63), beside Architect.
    expect(response.address).toBe('Demand!AD3:AH4');
  });

  it('Plan capacity selects 33 of 60 (the forced ones included), better than greedy, within the plannable capacity', async () => {
    const inputs = readPlanCapacity(book.snapshot(DEMAND_SHEET), book.readGrid(CAPACITY_SHEET), book.readGrid(SETTINGS_SHEET));
    if ('status' in inputs) throw new Error(inputs.message);
    expect(inputs.notes).toEqual([]);
    expect(inputs.mapping).toMatchObject({ Initiative: 'ID', Value: 'Value', Cost: 'Cost', Duration: 'Duration', Start: 'Earliest start', Requires: 'Requires', Excludes: 'Excludes', Forced: 'Forced' });
    expect(inputs.problem.candidates).toHaveLength(60);
    expect(inputs.problem.requires).toHaveLength(14);
    expect(inputs.problem.excludes).toEqual([[1, 2]]);

    const sheet = await planCapacity(inputs, { solve: solveSelection });
    if (!('response' in sheet)) throw new Error(JSON.stringify(sheet));
    const r = sheet.response;
    expect(r.status).toBe('written');
    expect(r.candidates).toBe(60);
    expect(r.selected).toBe(33);
    expect(r.greedyValue).toBe(6_788_000);
    expect(r.value).toBeGreaterThanOrEqual(r.greedyValue);
    expect(r.value).toBe(8_908_000);
    expect(r.gap).toBeLessThanOrEqual(0.001);
    expect(r.findings).toEqual({ errors: 0, warnings: 0 });
    // Staffing everything at once would finish less than staffing the few first.
    expect(r.demandThroughput!.gain).toBeGreaterThan(0);
    const chosen = sheet.values.filter((row) => row[1] === 'yes').map((row) => row[0]);
    expect(chosen).toHaveLength(33);
    expect(chosen).toEqual(expect.arrayContaining(['FIN-02', 'OPS-05']));
    expect(chosen.includes('CUS-02') && chosen.includes('CUS-03')).toBe(false);
  });

  it('Generate roadmap places 46 of 60 (15 of them wait for capacity or what they require); 14 do not fit before 2028-12', () => {
    const { layout, response } = prepareRoadmap(book.snapshot(DEMAND_SHEET), book.readGrid(CAPACITY_SHEET), book.readGrid(SETTINGS_SHEET), undefined, {});
    if (response.status !== 'written' || !layout) throw new Error(JSON.stringify(response));
    expect(response.initiatives).toBe(60);
    expect(response.placed).toBe(46);
    expect(response.unplaceable).toBe(14);
    expect(response.notes).toEqual([]);
    expect(response.mapping).toMatchObject({ Lane: 'Value stream', 'Development approach': 'Development approach', 'Pinned start': 'Pinned start' });

    const cols = layout.columns!;
    const rows = layout.values.slice(cols.headerRow + 1).filter((row) => typeof row[cols.byName.Initiative!] === 'string' && /^[A-Z]{3}-\d\d$/.test(String(row[cols.byName.Initiative!])));
    expect(rows).toHaveLength(60);
    const reason = (row: CellValue[]) => String(row[cols.byName.Reason!] ?? '');
    const placed = rows.filter((row) => row[cols.byName.Start!] !== null);
    const waiting = placed.filter((row) => /waits for|capacity full/.test(reason(row)));
    const pinned = placed.filter((row) => reason(row).startsWith('pinned'));
    expect([placed.length, waiting.length, pinned.length]).toEqual([46, 15, 4]);
    const lanes = layout.values.filter((row) => ['Customer', 'Finance', 'Operations'].includes(String(row[0]))).map((row) => row[0]);
    expect(lanes).toEqual(['Customer', 'Finance', 'Operations']);
  });
});
