// The DMO template (core/template/template.ts): its sheets, names, drop-downs and formulas, and
// that the add-in's own readers take its sheets as they are.
import { buildTemplate, hostGrid, TEMPLATE_SHEETS, Template, TemplateSheet, EXAMPLE_IDS } from '../core/template/template';
import { DEFAULT_SETTINGS, settingsFromGrid } from '../core/demand/settings';
import { readCapacityGrid } from '../core/capacity/capacity-table';
import { readPreviousVersion } from '../core/roadmap/roadmap-layout';
import { prepareScoreDemand } from '../core/commands/score-demand';
import { evaluateFormula } from '../core/formulas/evaluate';
import { parseRange, quoteSheet } from '../core/values/a1';
import type { CellValue } from '../core/values/cells';
import { gridContext } from './support/formula-context';

const sheetOf = (t: Template, key: TemplateSheet['key']) => t.sheets.find((s) => s.key === key)!;

/** Evaluates a template formula over the template's own cells (no spills needed for these). */
function evaluateIn(t: Template, sheet: TemplateSheet, formula: string) {
  const sheets = Object.fromEntries(t.sheets.map((s) => [s.name, s.values]));
  const names = Object.fromEntries(t.names.map((n) => [n.name, `${quoteSheet(n.sheet)}!${n.range}`]));
  return evaluateFormula(formula, gridContext(sheets, names, sheet.name));
}

describe('the template workbook', () => {
  const t = buildTemplate('excel', undefined, { year: 2027 });

  test('has its six sheets in order, Read me first', () => {
    expect(t.sheets.map((s) => s.name)).toEqual(['Read me', 'Demand', 'Business cases', 'Capacity', 'BTM Roadmap', 'BTM Settings']);
    expect(t.renamed).toEqual([]);
  });

  test('BTM Settings reads back as the default settings, the lists block left aside', () => {
    const reading = settingsFromGrid(sheetOf(t, 'settings').values);
    expect(reading.problems).toEqual([]);
    expect(reading.settings).toEqual(DEFAULT_SETTINGS);
  });

  test('Capacity is read as four roles over the twelve months of the year, with a budget', () => {
    const cap = readCapacityGrid(sheetOf(t, 'capacity').values, 'Capacity');
    if ('problem' in cap) throw new Error(cap.problem);
    expect(cap.roles).toEqual(['Developer', 'Analyst', 'Tester', 'Architect']);
    expect(cap.periods[0]).toBe('2027-01');
    expect(cap.periods).toHaveLength(12);
    expect(cap.budget?.[0]).toBe(250000);
  });

  test('the year option moves the Capacity months and the examples\' starts', () => {
    const later = buildTemplate('excel', undefined, { year: 2031 });
    expect(sheetOf(later, 'capacity').values[0].slice(1, 3)).toEqual(['2031-01', '2031-02']);
    const demand = sheetOf(later, 'demand');
    const col = demand.values[2].indexOf('Earliest start');
    expect(demand.values[3][col]).toBe('2031-01');
  });

  test('BTM Roadmap is an empty version: Generate roadmap writes its first version without asking', () => {
    expect(readPreviousVersion(sheetOf(t, 'roadmap').values)).toEqual({ kind: 'none' });
    const edited = sheetOf(t, 'roadmap').values.map((row) => [...row]);
    edited[1][0] = 'my notes';
    expect(readPreviousVersion(edited)).toMatchObject({ kind: 'version', edited: true });
    expect(sheetOf(t, 'roadmap').hiddenColumns).toEqual({ from: 3, count: 3 });
  });

  test('Demand has the header in row 3, the five examples, and the add-in\'s five formula columns', () => {
    const demand = sheetOf(t, 'demand');
    const header = demand.values[2];
    expect(header.slice(0, 5)).toEqual(['ID', 'Name', 'Value stream', 'Demand type', 'Development approach']);
    expect(header.slice(-5)).toEqual(['BTM Score', 'BTM Rank', 'BTM Check', 'BTM Proposal', 'BTM WSJF']);
    expect(demand.values.slice(3, 8).map((r) => r[0])).toEqual(EXAMPLE_IDS);
    const row4 = demand.formulas[3];
    expect(row4.slice(-5)).toEqual([
      '=BTM.SCORE(BTM_Demand_Criteria,BTM_Weights,BTM_Directions,"minmax",BTM_Demand_Type)',
      '=BTM.PRIORITY(BTM_Demand_Score)',
      '=BTM.CHECK(BTM_Demand_Check,BTM_CheckLabels)',
      '=BTM.PROPOSAL(BTM_Demand_Score,BTM_Demand_CheckResult,BTM_Thresholds)',
      '=BTM.WSJF(BTM_Demand_BusinessValue,BTM_Demand_TimeCriticality,BTM_Demand_RiskReduction,BTM_Demand_JobSize)',
    ]);
    // Only the first data row holds the formulas: they spill down.
    expect(demand.formulas[4].slice(-5)).toEqual(['', '', '', '', '']);
  });

  test('formulas are spelled for the host they are written to', () => {
    const score = (host: 'excel' | 'sheets' | 'xlsx') => {
      const d = sheetOf(buildTemplate(host), 'demand');
      return d.formulas[3][d.values[2].indexOf('BTM Score')];
    };
    expect(score('excel')).toMatch(/^=BTM\.SCORE\(/);
    expect(score('sheets')).toMatch(/^=BTM_SCORE\(/);
    expect(score('xlsx')).toMatch(/^=_xldudf_BTM_SCORE\(/);
    // A name that merely starts like a function is not a call, in any spelling.
    const value = (host: 'excel' | 'sheets' | 'xlsx') => {
      const d = sheetOf(buildTemplate(host), 'demand');
      return d.formulas[3][d.values[2].indexOf('Value')];
    };
    expect([value('excel'), value('sheets'), value('xlsx')]).toEqual(['=BTM_CUS_01_NPV', '=BTM_CUS_01_NPV', '=BTM_CUS_01_NPV']);
  });

  test('every named range points inside the sheet it names', () => {
    for (const n of t.names) {
      const sheet = t.sheets.find((s) => s.name === n.sheet)!;
      const ref = parseRange(n.range)!;
      expect([n.name, ref.end.row <= sheet.values.length + 200]).toEqual([n.name, true]);
    }
    const lists = t.names.filter((n) => ['BTM_DemandTypes', 'BTM_Approaches', 'BTM_CheckAnswers', 'BTM_ForcedChoices'].includes(n.name));
    const settings = sheetOf(t, 'settings');
    const valuesOf = (range: string) => {
      const ref = parseRange(range)!;
      const out: CellValue[] = [];
      for (let r = ref.start.row; r <= ref.end.row; r++) out.push(settings.values[r - 1][ref.start.col - 1]);
      return out;
    };
    expect(Object.fromEntries(lists.map((n) => [n.name, valuesOf(n.range)]))).toEqual({
      BTM_DemandTypes: ['Capability planning', 'Ideas & concepts', 'Increments & improvements'],
      BTM_Approaches: ['Gate-based', 'Sprint-based', 'Change-request', 'Hybrid'],
      BTM_CheckAnswers: ['yes', 'no'],
      BTM_ForcedChoices: ['in', 'out'],
    });
  });

  test('Demand\'s drop-downs cover 200 rows and draw from the lists on BTM Settings', () => {
    expect(sheetOf(t, 'demand').validations.map((v) => [v.range, v.listName])).toEqual([
      ['C4:C203', 'BTM_ValueStreams'],
      ['D4:D203', 'BTM_DemandTypes'],
      ['E4:E203', 'BTM_Approaches'],
      ['L4:R203', 'BTM_CheckAnswers'],
      ['Y4:Y203', 'BTM_ForcedChoices'],
    ]);
  });

  test('the built-in NPV of each business case equals what BUSINESSCASE computes', async () => {
    const cases = sheetOf(t, 'business-cases');
    const npvRow = cases.values.findIndex((r) => r[0] === 'NPV');
    expect(cases.formulas[npvRow][1]).toBe('=B7+NPV(B8,C7:F7)');
    const summary = cases.formulas[3][8];
    expect(summary).toBe('=BTM.BUSINESSCASE(BTM_CUS_01_Rate,BTM_CUS_01_Costs,BTM_CUS_01_Benefits)');
    const e = await evaluateIn(t, cases, summary);
    if (e.kind !== 'table') throw new Error(e.kind);
    expect(e.values[3][0]).toBe('NPV (period 0 undiscounted)');
    expect(e.values[3][1] as number).toBeCloseTo(cases.values[npvRow][1] as number, 2);
    // The Value column of Demand shows the same figure.
    const demand = sheetOf(t, 'demand');
    expect(demand.values[3][demand.values[2].indexOf('Value')]).toBe(cases.values[npvRow][1]);
  });

  test('the examples score, rank and pass the check as the functions say', async () => {
    const demand = sheetOf(t, 'demand');
    const at = (h: string) => demand.formulas[3][demand.values[2].indexOf(h)];
    const check = await evaluateIn(t, demand, at('BTM Check'));
    expect(check.kind === 'table' && check.values.map((r) => r[0])).toEqual(['Flow approval', 'Escalate: Financing', 'Flow approval', 'Flow approval', 'Escalate: Architecture']);
    const score = await evaluateIn(t, demand, at('BTM Score'));
    if (score.kind !== 'table') throw new Error(score.kind);
    const scores = score.values.map((r) => Math.round((r[0] as number) * 10) / 10);
    // By hand, minmax per criterion and weights 3,3,2,2,2,1 (sum 13): CUS-01 = (3+3+2*2/3+2+2*0.5+2/3)/13 = 11/13.
    expect(scores).toEqual([84.6, 41.0, 59.0, 23.1, 59.0]);
  });

  test('Score demand recognises every column of the template\'s table and its own columns', () => {
    const demand = sheetOf(t, 'demand');
    const { plan, response } = prepareScoreDemand(
      { sheet: 'Demand', top: 1, left: 1, values: demand.values, formulas: demand.formulas, selection: { row: 4, col: 1 }, merged: [] },
      sheetOf(t, 'settings').values,
      'excel',
    );
    expect(response.status).toBe('written');
    expect(plan?.skipped).toEqual([]);
    // It writes over its own columns (AD..AH), not beside them.
    expect(response.status === 'written' && response.address).toBe('Demand!AD3:AH4');
  });

  test('host cells: formulas as written, text that looks like a date keeps an apostrophe', () => {
    const demand = sheetOf(t, 'demand');
    const grid = hostGrid(demand);
    const col = demand.values[2].indexOf('Earliest start');
    expect(grid[3][col]).toBe("'2027-01");
    expect(grid[3][0]).toBe('CUS-01');
    expect(grid[3][demand.values[2].indexOf('BTM Rank')]).toBe('=BTM.PRIORITY(BTM_Demand_Score)');
    expect(grid[3][demand.values[2].indexOf('Duration')]).toBe(6);
  });
});

describe('inserting into a workbook that has some of the names', () => {
  const t = buildTemplate('sheets', { sheets: ['Demand', 'btm settings', 'Demand (2)'], names: ['BTM_Weights', 'btm_weights_2'] });

  test('clashing sheets get the first free suffix and the others keep their names', () => {
    expect(t.sheets.map((s) => s.name)).toEqual(['Read me', 'Demand (3)', 'Business cases', 'Capacity', 'BTM Roadmap', 'BTM Settings (2)']);
    expect(t.sheets.map((s) => s.wanted)).toEqual(Object.values(TEMPLATE_SHEETS));
  });

  test('a clashing name gets a suffix and the formulas use it', () => {
    const w = t.names.find((n) => n.wanted === 'BTM_Weights')!;
    expect(w.name).toBe('BTM_Weights_3');
    expect(w.sheet).toBe('BTM Settings (2)');
    const demand = sheetOf(t, 'demand');
    expect(demand.formulas[3][demand.values[2].indexOf('BTM Score')]).toBe('=BTM_SCORE(BTM_Demand_Criteria,BTM_Weights_3,BTM_Directions,"minmax",BTM_Demand_Type)');
  });

  test('says what was renamed, in the workbook\'s own spelling', () => {
    expect(t.renamed).toEqual([
      'The workbook has a sheet "Demand": the template\'s is "Demand (3)".',
      'The workbook has a sheet "btm settings": the template\'s is "BTM Settings (2)".',
      'The workbook has a name "BTM_Weights": the template\'s is "BTM_Weights_3".',
    ]);
  });

  test('a suffix never makes a sheet name longer than 31 characters', () => {
    const long = 'x'.repeat(0);
    const t2 = buildTemplate('excel', { sheets: ['Business cases', ...Array.from({ length: 12 }, (_, k) => `Business cases (${k + 2})`), long], names: [] });
    const name = t2.sheets.find((s) => s.key === 'business-cases')!.name;
    expect(name).toBe('Business cases (14)');
    expect(name.length).toBeLessThanOrEqual(31);
  });
});
