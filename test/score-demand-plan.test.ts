// "Score demand" planning: the user's own headers mapped to the DMO's criteria, the live
// formulas for the add-in's columns, and never a write over a cell the add-in does not own.
import { CellValue, DEFAULT_SETTINGS, DemandTable, SheetSnapshot, demandFields, findDemandTable, mapHeaders, normaliseHeader, planScoreDemand, prepareScoreDemand, settingsFromGrid, settingsToGrid, sheetError } from '../core';

const HEADERS = [
  'Initiative', 'Demand type', 'Business value', 'Time criticality', 'Risk reduction', 'Job size', 'Cost', 'Strategic fit',
  'Sponsor', 'Financing', 'Resources', 'Architecture', 'Security', 'Vendors', 'Processes', 'Running',
];
const EXTRA = 5;
const blankRow = (n: number): CellValue[] => Array(n).fill(null);

function table(headers: CellValue[] = HEADERS, rows = 3, extra: (r: number, c: number) => CellValue = () => null, formulas: (r: number, c: number) => string = () => ''): DemandTable {
  const width = headers.length;
  const values: CellValue[][] = [[...headers, ...blankRow(EXTRA)]];
  for (let r = 1; r <= rows; r++) values.push([...headers.map((_, c) => (c === 0 ? `Initiative ${r}` : r + c)), ...blankRow(EXTRA)]);
  values.forEach((row, r) => row.forEach((_, c) => (c >= width || r > 0 ? (row[c] = extra(r, c) ?? row[c]) : null)));
  const f = values.map((row, r) => row.map((_, c) => formulas(r, c)));
  return { sheet: 'Demand', top: 1, left: 1, values, formulas: f, width };
}

describe('header mapping', () => {
  it('ignores case, spacing, punctuation and accents', () => {
    expect(normaliseHeader('  BUSINESS-Value_ ')).toBe('business value');
    expect(normaliseHeader('Priorité')).toBe('priorite');
  });
  it('maps a field to its own name before another field\'s synonym', () => {
    const m = mapHeaders(['Risk reduction', 'Risk'], demandFields(DEFAULT_SETTINGS));
    expect(m['Risk']).toBe(1);
    expect(m['Risk reduction']).toBe(0);
  });
  it('finds criteria by common synonyms', () => {
    const m = mapHeaders(['Benefit', 'TCO', 'Strategy'], demandFields(DEFAULT_SETTINGS));
    expect(m).toMatchObject({ 'Business value': 0, Cost: 1, 'Strategic alignment': 2 });
  });
  it('lets the user switch a field off', () => {
    const m = mapHeaders(['Cost', 'Value'], demandFields(DEFAULT_SETTINGS), { Cost: '' });
    expect(m).toEqual({ 'Business value': 1 });
  });
  it('lets the user\'s choice win over the names', () => {
    const m = mapHeaders(['Cost', 'Capex'], demandFields(DEFAULT_SETTINGS), { Cost: 'Capex' });
    expect(m['Cost']).toBe(1);
  });
});

describe('planning Score demand', () => {
  it('writes five live formulas in Excel spelling at the table\'s right', () => {
    const plan = planScoreDemand(table(), DEFAULT_SETTINGS, 'excel');
    expect(plan.status).toBe('ready');
    if (plan.status !== 'ready') return;
    expect(plan.block).toEqual({ sheet: 'Demand', start: { row: 1, col: 17 }, end: { row: 2, col: 21 } });
    expect(plan.cells).toEqual([
      ['BTM Score', 'BTM Rank', 'BTM Check', 'BTM Proposal', 'BTM WSJF'],
      [
        '=BTM.SCORE(HSTACK(H2:H4,C2:C4,D2:D4,E2:E4,G2:G4),{3,3,2,2,2},{1,1,1,1,-1},"minmax",B2:B4)',
        '=BTM.PRIORITY(Q2:Q4)',
        '=BTM.CHECK(I2:O4,{"Sponsor","Financing","Resources","Architecture","Security","Vendors","Processes"})',
        '=BTM.PROPOSAL(Q2:Q4,S2:S4,{60,40},P2:P4)',
        '=BTM.WSJF(C2:C4,D2:D4,E2:E4,F2:F4)',
      ],
    ]);
    expect(plan.mapping['Strategic alignment']).toBe('Strategic fit');
  });

  it('spells the functions as Sheets does', () => {
    const plan = planScoreDemand(table(), DEFAULT_SETTINGS, 'sheets');
    expect(plan.status === 'ready' && plan.cells[1][0]).toBe('=BTM_SCORE(HSTACK(H2:H4,C2:C4,D2:D4,E2:E4,G2:G4),{3,3,2,2,2},{1,1,1,1,-1},"minmax",B2:B4)');
  });

  it('updates its own columns in place on a second run', () => {
    const owned = ['BTM Score', 'BTM Rank', 'BTM Check', 'BTM Proposal', 'BTM WSJF'];
    const headers = [...HEADERS, ...owned];
    // Spilled results below the first row: values without formulas.
    const t = table(headers, 3, (r, c) => (c >= 16 && c < 21 ? r * 10 : null), (r, c) => (r === 1 && c >= 16 && c < 21 ? '=BTM.SCORE(...)' : ''));
    const plan = planScoreDemand(t, DEFAULT_SETTINGS, 'excel');
    expect(plan.status).toBe('ready');
    if (plan.status === 'ready') expect(plan.block).toEqual({ sheet: 'Demand', start: { row: 1, col: 17 }, end: { row: 2, col: 21 } });
  });

  it('writes nothing when a cell the results need holds user data, and names it', () => {
    const t = table(HEADERS, 3, (r, c) => (r === 2 && c === 17 ? 'my note' : null));
    const plan = planScoreDemand(t, DEFAULT_SETTINGS, 'excel');
    expect(plan).toEqual({ status: 'blocked', cells: ['R3'], message: 'Nothing was written: the results need Demand!R3 empty. Move or clear that cell and run Score demand again.' });
  });

  it('treats cells under a broken spill of its own column as user data', () => {
    const owned = ['BTM Score'];
    const t = table([...HEADERS, ...owned], 3, () => null, (r, c) => (r === 1 && c === 16 ? '=BTM.SCORE(...)' : ''));
    const values = t.values as CellValue[][];
    values[1][16] = '#SPILL!';
    values[2][16] = null;
    values[3][16] = 'typed over';
    const plan = planScoreDemand(t, DEFAULT_SETTINGS, 'excel');
    expect(plan.status).toBe('blocked');
    if (plan.status === 'blocked') expect(plan.cells).toEqual(['Q4']);
  });

  it('skips the check and the proposal when a point of the check has no column', () => {
    const headers = HEADERS.filter((h) => h !== 'Vendors');
    const plan = planScoreDemand(table(headers), DEFAULT_SETTINGS, 'excel');
    expect(plan.status).toBe('ready');
    if (plan.status !== 'ready') return;
    expect(plan.cells[0]).toEqual(['BTM Score', 'BTM Rank', 'BTM WSJF']);
    expect(plan.skipped[0]).toMatch(/missing: Vendors/);
  });

  it('refuses a table without any scoring criterion, saying what it looks for', () => {
    const plan = planScoreDemand(table(['Name', 'Owner']), DEFAULT_SETTINGS, 'excel');
    expect(plan.status).toBe('invalid');
    if (plan.status === 'invalid') expect(plan.message).toMatch(/"Business value"/);
  });

  it('refuses a header row without data rows', () => {
    const t = table(HEADERS, 0);
    expect(planScoreDemand(t, DEFAULT_SETTINGS, 'excel').status).toBe('invalid');
  });

  it('writes the same number of cells for 10 and 5,000 rows', () => {
    const small = planScoreDemand(table(HEADERS, 10), DEFAULT_SETTINGS, 'sheets');
    const large = planScoreDemand(table(HEADERS, 5000), DEFAULT_SETTINGS, 'sheets');
    expect(small.status === 'ready' && large.status === 'ready').toBe(true);
    if (small.status === 'ready' && large.status === 'ready') {
      expect(large.cells.flat().length).toBe(small.cells.flat().length);
      expect(large.cells[1][1]).toBe('=BTM_PRIORITY(Q2:Q5001)');
    }
  });

  it('quotes user text in array constants', () => {
    const settings = { ...DEFAULT_SETTINGS, checkLabels: ['Say "yes"', ...DEFAULT_SETTINGS.checkLabels.slice(1)] };
    const headers = HEADERS.map((h) => (h === 'Sponsor' ? 'Say "yes"' : h));
    const plan = planScoreDemand(table(headers), settings, 'excel');
    expect(plan.status === 'ready' && plan.cells[1][2]).toMatch(/^=BTM\.CHECK\(I2:O4,\{"Say ""yes""","Financing"/);
  });
});

describe('the BTM Settings sheet', () => {
  it('reads back what it writes', () => {
    expect(settingsFromGrid(settingsToGrid(DEFAULT_SETTINGS))).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
  });
  it('reports a weight it cannot read with its cell and keeps the default criteria', () => {
    const grid = settingsToGrid(DEFAULT_SETTINGS);
    grid[3][1] = 'a lot';
    const { settings, problems } = settingsFromGrid(grid);
    expect(problems).toEqual([{ row: 4, col: 2, message: 'the weight of "Business value" must be a number of 0 or more' }]);
    expect(settings.criteria).toBe(DEFAULT_SETTINGS.criteria);
  });
  it('takes the DMO\'s own criteria, directions in words', () => {
    const grid: CellValue[][] = [
      ['Scoring criteria', null, null, null],
      ['Criterion', 'Weight', 'Direction', 'Other headers (separated by ;)'],
      ['Customer impact', 5, 'higher is better', 'Impact; CX'],
      ['Effort', '2', 'lower', null],
    ];
    const { settings, problems } = settingsFromGrid(grid);
    expect(problems).toEqual([]);
    expect(settings.criteria).toEqual([
      { name: 'Customer impact', weight: 5, direction: 1, synonyms: ['Impact', 'CX'] },
      { name: 'Effort', weight: 2, direction: -1, synonyms: [] },
    ]);
    expect(settings.checkLabels).toBe(DEFAULT_SETTINGS.checkLabels);
  });
});

describe('finding the demand table under the selection', () => {
  // A sheet with a title in A1, the table from B3 (headers) to D6, an empty row 5 inside it.
  const grid: CellValue[][] = [
    ['Portfolio 2027', null, null, null, null],
    [null, null, null, null, null],
    [null, 'Initiative', 'Business value', 'Cost', null],
    [null, 'CRM', 8, 100, null],
    [null, null, null, null, null],
    [null, 'ERP', 5, 300, null],
  ];
  const snap = (over: Partial<SheetSnapshot> = {}): SheetSnapshot => ({
    sheet: 'Plan', top: 1, left: 1, values: grid, formulas: grid.map((r) => r.map(() => '')), selection: { row: 4, col: 3 }, merged: [], ...over,
  });

  it('takes the block around the selected cell, header first, past an empty row', () => {
    const t = findDemandTable(snap());
    expect('problem' in t).toBe(false);
    if ('problem' in t) return;
    expect([t.top, t.left, t.width, t.values.length]).toEqual([3, 2, 3, 4]);
    expect(t.values[0].slice(0, 3)).toEqual(['Initiative', 'Business value', 'Cost']);
    expect(t.values[3].slice(0, 3)).toEqual(['ERP', 5, 300]);
    expect(t.values[0]).toHaveLength(3 + 5); // and the five columns the results may take
  });

  it('uses an Excel table\'s own range', () => {
    const t = findDemandTable(snap({ listObject: { start: { row: 3, col: 2 }, end: { row: 4, col: 4 } } }));
    expect('problem' in t ? t.problem : [t.top, t.width, t.values.length]).toEqual([3, 3, 2]);
  });

  it('refuses merged header cells, naming them', () => {
    const t = findDemandTable(snap({ merged: [{ start: { row: 3, col: 3 }, end: { row: 3, col: 4 } }] }));
    expect(t).toEqual({ problem: 'The header row has merged cells (C3:D3): unmerge them so each column has a header of its own.' });
  });

  it('refuses an empty selected cell', () => {
    expect(findDemandTable(snap({ selection: { row: 2, col: 5 } }))).toEqual({ problem: 'Select a cell inside your demand table (the selected cell is empty).' });
  });

  it('refuses a column without a header inside the table', () => {
    const g = grid.map((r) => [...r]);
    g[2][2] = null;
    const t = findDemandTable(snap({ values: g, selection: { row: 4, col: 4 } }));
    expect(t).toEqual({ problem: 'The header row (row 3) has no name in column C: give every column a header.' });
  });

  it('leaves a note beside the table out of it, and will not write over the note', () => {
    const g = grid.map((r) => [...r]);
    g[3][4] = 'ask Bob';
    const t = findDemandTable(snap({ values: g }));
    expect('problem' in t ? t.problem : t.width).toBe(3);
    const { response } = prepareScoreDemand(snap({ values: g }), undefined, 'excel');
    expect(response).toMatchObject({ status: 'blocked', cells: ['E4'] });
  });

  it('ends the table at a gap of three empty rows', () => {
    const g: CellValue[][] = [...grid.map((r) => [...r]), [null, null, null, null, null], [null, null, null, null, null], [null, null, null, null, null], [null, 'Total', 13, 400, null]];
    const t = findDemandTable(snap({ values: g }));
    expect('problem' in t ? t.problem : t.values.length).toBe(4);
  });

  it('offers a header that holds an error cell as an empty name, as Plan capacity does, not as [object Object]', () => {
    const g: CellValue[][] = grid.map((r) => [...r, null]);
    g[2][4] = sheetError('#REF!', '');
    g[3][4] = 'note';
    const { response } = prepareScoreDemand(snap({ values: g }), undefined, 'excel');
    expect(response.status === 'written' && response.tableHeaders).toEqual(['Initiative', 'Business value', 'Cost', '']);
  });

  it('reports settings cells it cannot read and still plans with the defaults', () => {
    const settingsGrid = settingsToGrid(DEFAULT_SETTINGS);
    settingsGrid[3][2] = 'sideways';
    const { plan, response } = prepareScoreDemand(snap(), settingsGrid, 'excel');
    expect(plan?.cells[1][0]).toBe('=BTM.SCORE(C4:D6,{3,2},{1,-1})');
    expect(response.status === 'written' && response.settingsProblems).toEqual([
      '\'BTM Settings\'!C4: the direction of "Business value" must be "higher is better" or "lower is better"',
    ]);
    expect(response.status === 'written' && response.address).toBe('Plan!E3:F4');
  });
});

describe('capacity rules in the BTM Settings sheet', () => {
  it('are written with their defaults and read back', () => {
    const grid = settingsToGrid(DEFAULT_SETTINGS);
    const title = grid.findIndex((r) => r[0] === 'Capacity rules');
    expect(grid.slice(title, title + 6).map((r) => r.slice(0, 2))).toEqual([
      ['Capacity rules', null],
      ['Availability of a person', 0.85],
      ['Plannable share of capacity', 0.75],
      ['Minimum meaningful allocation', 0.2],
      ['Team size from', 5],
      ['Team size to', 7],
    ]);
  });
  it('take a DMO\'s own values, typed as percentages', () => {
    const grid = settingsToGrid(DEFAULT_SETTINGS);
    const title = grid.findIndex((r) => r[0] === 'Capacity rules');
    grid[title + 1][1] = '80%';
    grid[title + 5][1] = 9;
    const { settings, problems } = settingsFromGrid(grid);
    expect(problems).toEqual([]);
    expect(settings.capacity).toEqual({ availability: 0.8, plannableShare: 0.75, minAllocation: 0.2, teamSize: { min: 5, max: 9 } });
  });
  it('report an impossible share with its cell and keep the defaults', () => {
    const grid = settingsToGrid(DEFAULT_SETTINGS);
    const title = grid.findIndex((r) => r[0] === 'Capacity rules');
    grid[title + 2][1] = 1.5;
    const { settings, problems } = settingsFromGrid(grid);
    expect(problems).toEqual([{ row: title + 3, col: 2, message: 'the plannable share must be above 0% and at most 100%' }]);
    expect(settings.capacity).toBe(DEFAULT_SETTINGS.capacity);
  });
});
