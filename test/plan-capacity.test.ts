// "Plan capacity" as pure planning: the demand table and the Capacity sheet read once, the exact
// selection with its reasons, the frontier, the allocation and its lint, laid out as the
// add-in-owned BTM Capacity sheet. The sample workbook (test/support/capacity-workbook.ts) is a
// DMO's first half of 2027: ten initiatives, three roles, six months, 80% availability.
import {
  CAPACITY_SHEET,
  CapacitySheet,
  CellValue,
  DEFAULT_SETTINGS,
  LOAD_FILLS,
  OWNED_CAPACITY_SHEET,
  PlanCapacityInputs,
  Progress,
  SelectionSolver,
  asTextCell,
  bindingText,
  frontierLevels,
  planCapacity,
  readPlanCapacity,
  settingsToGrid,
  solveSelection,
  valuePerCost,
} from '../core';
import { bestByExhaustiveSearch, greedySelection, totalValue, violations } from '../core/capacity/selection-model';
import { DEMAND_HEADERS, DEMAND_ROWS, PERIODS, capacityGrid, demandSnapshot, settingsGrid, withCell } from './support/capacity-workbook';

function read(snap = demandSnapshot(), capacity: CellValue[][] | undefined = capacityGrid(), settings: CellValue[][] | undefined = settingsGrid(), request = {}) {
  return readPlanCapacity(snap, capacity, settings, request);
}

function inputsOf(x: ReturnType<typeof read>): PlanCapacityInputs {
  if ('status' in x) throw new Error(x.message);
  return x;
}

/** The message readPlanCapacity gives, or '' when it read the workbook. */
function problemOf(x: ReturnType<typeof read>): string {
  return 'status' in x ? x.message : '';
}

async function plan(inputs: PlanCapacityInputs, solve: SelectionSolver = solveSelection, extra: { isCancelled?: () => boolean; onProgress?: (p: Progress) => void } = {}) {
  return planCapacity(inputs, { solve, ...extra });
}

function sheetOf(x: Awaited<ReturnType<typeof plan>>): CapacitySheet {
  if (!('values' in x)) throw new Error(JSON.stringify(x));
  return x;
}

/** The 0-based row whose first cell is `title`. */
const rowOf = (s: CapacitySheet, title: string) => s.values.findIndex((r) => r[0] === title);

describe('Plan capacity reads the demand table and the Capacity sheet', () => {
  it('maps the columns by their headers, roles included', () => {
    const inputs = inputsOf(read());
    expect(inputs.mapping).toEqual({
      Initiative: 'ID',
      Value: 'NPV',
      Cost: 'Cost',
      Duration: 'Duration',
      Start: 'Earliest start',
      Requires: 'Requires',
      Excludes: 'Excludes',
      Forced: 'Forced',
      'FTE: Developer': 'Developer',
      'FTE: Analyst': 'Analyst FTE',
      'FTE: Tester': 'Tester',
    });
    expect(inputs.tableHeaders).toEqual(DEMAND_HEADERS);
    expect(inputs.fields).toEqual(['Initiative', 'Value', 'Cost', 'Duration', 'Start', 'Requires', 'Excludes', 'Forced', 'Priority', 'FTE: Developer', 'FTE: Analyst', 'FTE: Tester']);
    expect(inputs.source).toBe('Demand!A3:L13');
  });

  it('builds the selection problem: cost spread evenly over the periods it runs, plannable FTE as capacity', () => {
    const { problem } = inputsOf(read());
    expect(problem.periods).toEqual(PERIODS);
    expect(problem.roles).toEqual(['Developer', 'Analyst', 'Tester']);
    // 10 developers x 80% availability x 75% plannable share = 6 FTE; 2 testers: 1.2 FTE.
    expect(problem.capacity[0]).toEqual([6, 6, 6, 6, 6, 6]);
    expect(problem.capacity[2].map((x) => Math.round(x * 1000) / 1000)).toEqual([1.8, 1.8, 1.8, 1.2, 1.2, 1.2]);
    expect(problem.budget).toEqual([100, 100, 100, 100, 100, 100]);
    const crm = problem.candidates[0];
    expect(crm).toEqual({ id: 'CRM', value: 400, cost: [65, 65, 65, 65, 0, 0], demand: [[4, 4, 4, 4, 0, 0], [1, 1, 1, 1, 0, 0], [0.5, 0.5, 0.5, 0.5, 0, 0]] });
    // MOBILE starts in period number 5; AI (from 2027-05, 3 months) is cut at the horizon.
    expect(problem.candidates[6].cost).toEqual([0, 0, 0, 0, 40, 40]);
    expect(problem.candidates[8].cost).toEqual([0, 0, 0, 0, 40, 40]);
    expect(problem.candidates.map((c) => c.forced ?? '')).toEqual(['', '', '', 'in', '', '', '', 'in', '', 'out']);
    expect(problem.requires).toEqual([[2, 1], [6, 0]]);
    expect(problem.excludes).toEqual([[4, 5]]);
  });

  it('notes an initiative that runs past the last period', () => {
    expect(inputsOf(read()).notes).toEqual([
      'AI runs past 2027-06: 1 of its 3 periods fall after it; their cost and FTE are left out of the selection (its value counts in full).',
    ]);
  });

  it('skips blank rows inside the table', () => {
    const rows = [...DEMAND_ROWS.slice(0, 3), DEMAND_HEADERS.map(() => null), ...DEMAND_ROWS.slice(3)];
    expect(inputsOf(read(demandSnapshot(DEMAND_HEADERS, rows))).problem.candidates).toHaveLength(10);
  });

  it('takes the value column the user picks, and the usual ones in order of preference', () => {
    const headers = [...DEMAND_HEADERS.slice(0, 2), 'BTM Score', ...DEMAND_HEADERS.slice(3)];
    expect(inputsOf(read(demandSnapshot(headers))).mapping.Value).toBe('BTM Score');
    const both = [...DEMAND_HEADERS, 'Value'];
    const rows = DEMAND_ROWS.map((r) => [...r, 1]);
    expect(inputsOf(read(demandSnapshot(both, rows))).mapping.Value).toBe('Value');
    const picked = inputsOf(read(demandSnapshot(both, rows), capacityGrid(), settingsGrid(), { overrides: { Value: 'NPV' } }));
    expect(picked.mapping.Value).toBe('NPV');
    expect(picked.problem.candidates[0].value).toBe(400);
  });

  it('reads Forced as in/out, yes/TRUE as in, and no/FALSE (an unticked checkbox) as not forced', () => {
    const forced = (value: CellValue) => inputsOf(read(demandSnapshot(DEMAND_HEADERS, withCell(0, 'Forced', value)))).problem.candidates[0].forced;
    expect(forced('in')).toBe('in');
    expect(forced(' OUT ')).toBe('out');
    expect(forced(true)).toBe('in');
    expect(forced('Yes')).toBe('in');
    expect(forced(false)).toBeUndefined();
    expect(forced('no')).toBeUndefined();
  });

  it('reads a start as a period label, a period number, or a date inside a period when the periods are dates', () => {
    const start = (value: CellValue, capacity = capacityGrid()) => {
      const inputs = inputsOf(read(demandSnapshot(DEMAND_HEADERS, withCell(1, 'Earliest start', value)), capacity));
      return inputs.problem.candidates[1].cost.findIndex((c) => c > 0);
    };
    expect(start('2027-03')).toBe(2);
    expect(start(3)).toBe(2);
    expect(start('3')).toBe(2);
    // Excel turns a typed 2027-01 into the date 1 January 2027 (serial 46388).
    const dated = capacityGrid();
    dated[0] = ['Role', 46388, 46419, 46447, 46478, 46508, 46539];
    expect(inputsOf(read(demandSnapshot(), dated)).problem.periods).toEqual(PERIODS);
    expect(start(46449, dated)).toBe(2); // 3 March 2027
    expect(start(46300, dated)).toBe(0); // before the first period: may start at once
    expect(start('2027-02', dated)).toBe(1);
  });

  it('finds the Capacity header row under a title and skips a totals row', () => {
    const grid: CellValue[][] = [['Capacity plan H1 2027'], [], ...capacityGrid()];
    grid.splice(6, 0, ['Total', 17, 17, 17, 16, 16, 16]);
    const inputs = inputsOf(read(demandSnapshot(), grid));
    expect(inputs.problem.roles).toEqual(['Developer', 'Analyst', 'Tester']);
    expect(inputs.problem.budget).toEqual([100, 100, 100, 100, 100, 100]);
  });

  it('lets the BTM Settings sheet set the capacity rules', () => {
    const grid = settingsToGrid({ ...DEFAULT_SETTINGS, capacity: { ...DEFAULT_SETTINGS.capacity, availability: 1, plannableShare: 0.5 } });
    expect(inputsOf(read(demandSnapshot(), capacityGrid(), grid)).problem.capacity[0][0]).toBe(5);
    // Without the sheet the defaults apply: 10 x 85% x 75%.
    expect(inputsOf(readPlanCapacity(demandSnapshot(), capacityGrid(), undefined, {})).problem.capacity[0][0]).toBeCloseTo(6.375, 9);
  });

  it('offers ten frontier levels from 50% to 150% of the total budget by default, rounded for the chart', () => {
    expect(inputsOf(read()).levels).toEqual([300, 367, 433, 500, 567, 633, 700, 767, 833, 900]);
    expect(inputsOf(read(demandSnapshot(), capacityGrid(), settingsGrid(), { frontier: { from: 400, to: 700, steps: 4 } })).levels).toEqual([400, 500, 600, 700]);
    expect(frontierLevels(1.5, 4.5, 3)).toEqual([1.5, 3, 4.5]);
    expect(frontierLevels(200, 200, 1)).toEqual([200]);
  });
});

describe('Plan capacity names every cell it cannot read', () => {
  const withRows = (rows: CellValue[][]) => problemOf(read(demandSnapshot(DEMAND_HEADERS, rows)));
  const withCapacity = (grid: CellValue[][] | undefined) => problemOf(readPlanCapacity(demandSnapshot(), grid, settingsGrid(), {}));

  it('asks for a Capacity sheet and says how to lay it out', () => {
    expect(withCapacity(undefined)).toBe(
      'The workbook has no "Capacity" sheet. Lay out the "Capacity" sheet from A1: a header row with "Role" in column A and one period per column after it ' +
        '(e.g. 2027-01, 2027-02 … or Q1 2027, Q2 2027 …); below it one row per role (e.g. "Developer") with the headcount in each period, and a row "Budget" with the budget of each period.',
    );
    expect(CAPACITY_SHEET).toBe('Capacity');
  });

  it('asks for the Role header row', () => {
    expect(withCapacity([['Team capacity'], ['Developer', 1, 2]])).toMatch(/^The "Capacity" sheet has no header row starting with "Role"\. Lay out/);
  });

  it('asks for a Budget row', () => {
    expect(withCapacity(capacityGrid().slice(0, 4))).toBe(
      'The "Capacity" sheet has no "Budget" row: add a row named Budget under the roles with the budget of each period (2027-01 …).',
    );
  });

  it('names text, negative numbers and error cells in the Capacity sheet', () => {
    const grid = capacityGrid();
    grid[2][2] = 'three';
    grid[3][5] = -1;
    expect(withCapacity(grid)).toBe(
      'Capacity!C3: the headcount of Analyst in 2027-02 must be a number, not "three". Capacity!F4: the headcount of Tester in 2027-05 cannot be negative (-1).',
    );
    const broken = capacityGrid();
    broken[4][1] = { kind: 'sheet-error', code: '#REF!', message: '' };
    expect(withCapacity(broken)).toBe('Capacity!B5 holds #REF!: the budget in 2027-01 must be a number.');
  });

  it('names a row with figures but no role, and notes headers after a blank one', () => {
    const unnamed = capacityGrid();
    unnamed[2][0] = null;
    expect(withCapacity(unnamed)).toBe('Capacity!A3: this row has figures but no role name; name the role (or "Budget") in column A.');
    const gap = capacityGrid().map((r, i) => [...r, null, i === 0 ? 'Comment' : null]);
    expect(inputsOf(readPlanCapacity(demandSnapshot(), gap, settingsGrid(), {})).notes).toContain(
      'Capacity!I1 and the headers after it are ignored: the periods end at the first blank header (Capacity!H1).',
    );
  });

  it('names a start date after the last period when the periods are dates', () => {
    const dated = capacityGrid();
    dated[0] = ['Role', 46388, 46419, 46447, 46478, 46508, 46539];
    // 1 July 2027 (46569) is past June, the last period; 30 June is in it.
    expect(problemOf(readPlanCapacity(demandSnapshot(DEMAND_HEADERS, withCell(1, 'Earliest start', 46569)), dated, settingsGrid(), {}))).toBe(
      'Demand!F5: the start 2027-07 is after the last period of the Capacity sheet (2027-06).',
    );
    expect(problemOf(readPlanCapacity(demandSnapshot(DEMAND_HEADERS, withCell(1, 'Earliest start', 46568)), dated, settingsGrid(), {}))).toBe('');
  });

  it('names a role or a period given twice', () => {
    const roles = capacityGrid();
    roles.splice(3, 0, ['developer', 1, 1, 1, 1, 1, 1]);
    expect(withCapacity(roles)).toBe('Capacity!A4: the role "developer" appears twice (also in row 2); keep one row per role.');
    const periods = capacityGrid();
    periods[0][4] = '2027-01';
    expect(withCapacity(periods)).toBe('Capacity!E1: the period "2027-01" appears twice in the header row (also in Capacity!B1); give each period its own label.');
  });

  it('names text in a number cell', () => {
    expect(withRows(withCell(1, 'Cost', 'lots'))).toBe('Demand!D5: the cost must be a number, not the text "lots".');
    expect(withRows(withCell(2, 'Developer', 'two'))).toBe('Demand!G6: the FTE of Developer must be a number, not the text "two".');
  });

  it('names negative numbers (a negative value is allowed: an NPV can be)', () => {
    expect(withRows(withCell(0, 'Cost', -5))).toBe('Demand!D4: the cost cannot be negative (-5).');
    expect(withRows(withCell(0, 'Tester', -0.5))).toBe('Demand!I4: the FTE of Tester cannot be negative (-0.5).');
    expect(withRows(withCell(0, 'NPV', -50))).toBe('');
  });

  it('names a duration of 0 or a fraction of a period, and a blank one', () => {
    expect(withRows(withCell(3, 'Duration', 0))).toBe('Demand!E7: the duration must be a whole number of periods of at least 1, not 0.');
    expect(withRows(withCell(3, 'Duration', 2.5))).toBe('Demand!E7: the duration must be a whole number of periods of at least 1, not 2.5.');
    expect(withRows(withCell(3, 'Duration', null))).toBe('Demand!E7: the duration is blank.');
  });

  it('names a blank or error value', () => {
    expect(withRows(withCell(4, 'NPV', null))).toBe('Demand!C8: the value is blank.');
    expect(withRows(withCell(4, 'NPV', { kind: 'sheet-error', code: '#N/A', message: '' }))).toBe('Demand!C8 holds #N/A: the value must be a number.');
  });

  it('names unknown IDs in Requires and Excludes, and an initiative naming itself', () => {
    expect(withRows(withCell(2, 'Requires', 'DWH; DATA-LAKE'))).toBe('Demand!J6: "DATA-LAKE" is not an ID in the table\'s ID column.');
    expect(withRows(withCell(4, 'Excludes', 'LITE, PORTAL-X'))).toBe('Demand!K8: "PORTAL-X" is not an ID in the table\'s ID column.');
    expect(withRows(withCell(2, 'Requires', 'BI'))).toBe('Demand!J6: an initiative cannot require itself.');
  });

  it('matches IDs in Requires regardless of case and spaces', () => {
    expect(inputsOf(read(demandSnapshot(DEMAND_HEADERS, withCell(2, 'Requires', ' dwh , crm')))).problem.requires).toEqual([[2, 1], [2, 0], [6, 0]]);
  });

  it('names a duplicate ID and a missing one', () => {
    expect(withRows(withCell(7, 'ID', 'crm'))).toBe('Demand!A11: the ID "crm" is used twice (also in Demand!A4); IDs must be unique.');
    expect(withRows(withCell(7, 'ID', null))).toBe('Demand!A11: the initiative has no ID; give it one (or clear the row).');
    // An ID others refer to: both cells are named.
    expect(withRows(withCell(5, 'ID', null))).toBe(
      'Demand!A9: the initiative has no ID; give it one (or clear the row). Demand!K8: "LITE" is not an ID in the table\'s ID column.',
    );
  });

  it('names a Forced cell it cannot read and a start that is no period', () => {
    expect(withRows(withCell(0, 'Forced', 'maybe'))).toBe('Demand!L4: forced must be "in", "out" or blank (yes or TRUE count as in), not "maybe".');
    expect(withRows(withCell(0, 'Earliest start', '2028-01'))).toBe(
      'Demand!F4: the start "2028-01" is neither a period of the Capacity sheet (2027-01 … 2027-06) nor a period number from 1 to 6.',
    );
    expect(withRows(withCell(0, 'Earliest start', 7))).toBe('Demand!F4: the start 7 is neither a period of the Capacity sheet (2027-01 … 2027-06) nor a period number from 1 to 6.');
  });

  it('lists several problems at once, five at most', () => {
    let rows = DEMAND_ROWS;
    for (let r = 0; r < 7; r++) rows = withCell(r, 'Cost', 'tbd', rows);
    expect(withRows(rows)).toBe(
      [4, 5, 6, 7, 8].map((row) => `Demand!D${row}: the cost must be a number, not the text "tbd".`).join(' ') + ' (and 2 more like these)',
    );
  });

  it('asks for the columns it needs', () => {
    const headers = DEMAND_HEADERS.map((h) => (h === 'NPV' ? 'Benefit' : h === 'Duration' ? 'Weeks' : h));
    expect(problemOf(read(demandSnapshot(headers)))).toBe(
      'No column gives the value: name one "Value", "NPV", "BTM Score", "Score" or "WSJF", or choose it in the panel. ' +
        'No column gives the duration: name one "Duration" or "Periods", or choose it in the panel.',
    );
    const noRoles = DEMAND_HEADERS.map((h) => (h === 'Developer' ? 'Dev' : h === 'Analyst FTE' ? 'BA' : h === 'Tester' ? 'QA' : h));
    expect(problemOf(read(demandSnapshot(noRoles)))).toBe(
      'No column gives the FTE of a role of the Capacity sheet: add columns named after the roles ("Developer", "Analyst", "Tester", or e.g. "Developer FTE") with the FTE each initiative needs per period.',
    );
  });

  it('notes a role without a column instead of refusing', () => {
    const headers = DEMAND_HEADERS.map((h) => (h === 'Tester' ? 'QA' : h));
    expect(inputsOf(read(demandSnapshot(headers))).notes).toContain('No column gives the FTE of Tester: the initiatives need none of it.');
  });

  it('passes on the table finder\'s message when the selection is off the table', () => {
    const snap = { ...demandSnapshot(), selection: { row: 30, col: 30 } };
    expect(problemOf(read(snap))).toBe('Select a cell inside your demand table (the selected cell is empty).');
  });

  it('checks the frontier range and the time limit', () => {
    const request = (r: object) => problemOf(read(demandSnapshot(), capacityGrid(), settingsGrid(), r));
    expect(request({ frontier: { from: 500, to: 100, steps: 5 } })).toBe(
      'The frontier needs budgets "from" and "to" of 0 or more with from at most to, and 1 to 50 levels (given: from 500, to 100, 5 levels).',
    );
    expect(request({ frontier: { from: 0, to: 100, steps: 0 } })).toMatch(/^The frontier needs/);
    expect(request({ timeLimitSeconds: 0 })).toBe('The time limit must be a number of seconds above 0, not 0.');
  });
});

describe('Plan capacity on the sample workbook', () => {
  let inputs: PlanCapacityInputs;
  let sheet: CapacitySheet;
  const progress: Progress[] = [];

  beforeAll(async () => {
    inputs = inputsOf(read());
    sheet = sheetOf(await plan(inputs, solveSelection, { onProgress: (p) => progress.push(p) }));
  });

  it('chooses the best portfolio, proven, and well above the greedy value-per-cost ranking', () => {
    expect(sheet.response).toMatchObject({
      status: 'written',
      sheet: OWNED_CAPACITY_SHEET,
      selected: 5,
      candidates: 10,
      value: 1020,
      greedyValue: 580,
      optimality: 'optimal',
      gap: 0,
      findings: { errors: 0, warnings: 8 },
    });
    // The referee: every subset tried.
    const best = bestByExhaustiveSearch(inputs.problem);
    expect(best?.value).toBe(1020);
    expect(totalValue(inputs.problem, greedySelection(inputs.problem))).toBe(580);
  });

  it('names what binds: every budget and role with no room for any initiative left out', () => {
    expect(sheet.response.binding).toEqual([
      'budget in 2027-01',
      'Developer in 2027-01',
      'Tester in 2027-01',
      'budget in 2027-02',
      'Developer in 2027-02',
      'Tester in 2027-02',
      'budget in 2027-03',
      'Developer in 2027-03',
      'budget in 2027-04',
      'Tester in 2027-04',
      'budget in 2027-05',
      'Tester in 2027-05',
      'budget in 2027-06',
      'Tester in 2027-06',
    ]);
  });

  it('shows the first ten binding constraints in the summary cell, then how many more', () => {
    expect(bindingText([])).toBe('none: budget and capacity have room left');
    expect(bindingText(['budget in Q1', 'Developer in Q1'])).toBe('budget in Q1, Developer in Q1');
    expect(bindingText(Array.from({ length: 12 }, (_, i) => `budget in P${i + 1}`))).toBe(
      'budget in P1, budget in P2, budget in P3, budget in P4, budget in P5, budget in P6, budget in P7, budget in P8, budget in P9, budget in P10 and 2 more',
    );
  });

  it('lists every initiative with whether it is in and why', () => {
    const top = rowOf(sheet, 'Selected initiatives');
    expect(sheet.values[top + 1]).toEqual(['ID', 'Selected', 'Reason', 'Value', 'Cost', 'Start', 'Finish (selective)', 'Finish (even)']);
    expect(sheet.values.slice(top + 2, top + 12)).toEqual([
      ['CRM', 'yes', 'required by MOBILE', 400, 260, '2027-01', '2027-04', '2027-04'],
      ['DWH', 'no', 'not selected: budget in 2027-01 full, Developer in 2027-01 full and 6 more', 300, 150, '2027-01', null, null],
      ['BI', 'no', 'not selected: budget in 2027-01 full, Developer in 2027-01 full and 10 more', 200, 80, '2027-04', null, null],
      ['ERP', 'yes', 'forced in', 150, 120, '2027-01', '2027-06', '2027-06'],
      ['PORTAL', 'no', 'not selected: budget in 2027-02 full, Developer in 2027-02 full and 7 more', 220, 150, '2027-02', null, null],
      ['LITE', 'no', 'not selected: budget in 2027-01 full, Developer in 2027-01 full and 4 more', 160, 60, '2027-01', null, null],
      ['MOBILE', 'yes', 'value (2.5 per unit of cost)', 200, 80, '2027-05', '2027-06', '2027-06'],
      ['SEC', 'yes', 'forced in', 90, 30, '2027-01', '2027-02', '2027-02'],
      ['AI', 'yes', 'value (1.5 per unit of cost)', 180, 120, '2027-05', 'after 2027-06', 'after 2027-06'],
      ['LEGACY', 'no', 'forced out', 60, 40, '2027-01', null, null],
    ]);
    expect(sheet.formats[top + 2].slice(3, 5)).toEqual(['#,##0', '#,##0']);
  });

  it('shows the load per role and period as a heat map of effective capacity, amber from the plannable share', () => {
    const top = rowOf(sheet, 'Load per role and period');
    expect(sheet.values[top + 1].slice(0, 4)).toEqual([
      'Planned FTE as a share of effective capacity (headcount x 80% availability):',
      'under 75% (plannable share)',
      '75% to 100%',
      'over 100%',
    ]);
    expect(sheet.fills[top + 1].slice(0, 4)).toEqual([null, '#c6efce', '#ffeb9c', '#ffc7ce']);
    expect(sheet.values[top + 2]).toEqual(['Role', ...PERIODS, null]);
    // Developers: CRM 4 + ERP 1 + SEC 1 = 6 of 8 effective in January (75%: full), 5 of 8 in March.
    expect(sheet.values[top + 3]).toEqual(['Developer', 0.75, 0.75, 0.625, 0.625, 0.5, 0.5, null]);
    expect(sheet.fills[top + 3]).toEqual([null, LOAD_FILLS.near, LOAD_FILLS.near, LOAD_FILLS.under, LOAD_FILLS.under, LOAD_FILLS.under, LOAD_FILLS.under, null]);
    expect(sheet.values[top + 4]).toEqual(['Analyst', 0.375, 0.375, 0.375, 0.375, 0.375, 0.375, null]);
    // Testers: ERP 0.5 + AI 0.5 + MOBILE 0.2 = 1.2 of 1.6 effective in May.
    expect(sheet.values[top + 5]).toEqual(['Tester', 0.625, 0.625, 0.416667, 0.625, 0.75, 0.75, null]);
    expect(sheet.fills[top + 5][5]).toBe('#ffeb9c');
    expect(sheet.fills[top + 5][3]).toBe('#c6efce');
    expect(sheet.formats[top + 3][1]).toBe('0%');
  });

  it('lists the lint findings with role, period and initiative', () => {
    const top = rowOf(sheet, 'Findings');
    expect(sheet.values[top + 1].slice(0, 5)).toEqual(['Severity', 'Role', 'Period', 'Initiative', 'Finding']);
    const rows = sheet.values.slice(top + 2, top + 10).map((r) => r.slice(0, 5));
    expect(rows[0]).toEqual(['warning', 'Analyst', '2027-01', 'ERP', 'Analyst on ERP in 2027-01: 20% is at or below the 20% that produces anything meaningful']);
    expect(rows[5]).toEqual(['warning', 'Tester', '2027-05', 'MOBILE', 'Tester on MOBILE in 2027-05: 20% is at or below the 20% that produces anything meaningful']);
    expect(rows.map((r) => `${r[1]} ${r[2]} ${r[3]}`)).toEqual([
      'Analyst 2027-01 ERP',
      'Analyst 2027-02 ERP',
      'Analyst 2027-03 ERP',
      'Analyst 2027-04 ERP',
      'Analyst 2027-05 ERP',
      'Tester 2027-05 MOBILE',
      'Analyst 2027-06 ERP',
      'Tester 2027-06 MOBILE',
    ]);
    expect(sheet.fills[top + 2][0]).toBe('#ffeb9c');
    expect(sheet.values[top + 10]?.[0] ?? null).toBeNull();
  });

  it('draws the efficient frontier: never lower with more budget, and its data block feeds the chart', () => {
    const top = rowOf(sheet, 'Efficient frontier');
    const header = top + 2;
    expect(sheet.values[header].slice(0, 4)).toEqual(['Budget', 'Best value', 'Count', 'Selected IDs']);
    const points = sheet.values.slice(header + 1).map((r) => r.slice(0, 4));
    expect(points).toEqual([
      [300, 580, 4, 'ERP, LITE, SEC, AI'],
      [367, 580, 4, 'ERP, LITE, SEC, AI'],
      [433, 740, 4, 'DWH, BI, ERP, SEC'],
      [500, 840, 4, 'CRM, ERP, MOBILE, SEC'],
      [567, 840, 4, 'CRM, ERP, MOBILE, SEC'],
      [633, 1020, 5, 'CRM, ERP, MOBILE, SEC, AI'],
      [700, 1020, 5, 'CRM, ERP, MOBILE, SEC, AI'],
      [767, 1020, 5, 'CRM, ERP, MOBILE, SEC, AI'],
      [833, 1020, 5, 'CRM, ERP, MOBILE, SEC, AI'],
      [900, 1020, 5, 'CRM, ERP, MOBILE, SEC, AI'],
    ]);
    const values = points.map((p) => p[1] as number);
    values.forEach((v, i) => i > 0 && expect(v).toBeGreaterThanOrEqual(values[i - 1]));
    expect(sheet.chart).toEqual({ title: 'Efficient frontier: best value by total budget', top: header + 1, left: 1, rows: 11, cols: 2 });
    expect(sheet.values[sheet.chart!.top - 1].slice(0, 2)).toEqual(['Budget', 'Best value']);
    expect(sheet.values.length).toBe(header + 11);
  });

  it('compares selective resourcing with even spreading', () => {
    // The selection fits every period, so within it both strategies finish alike (AI runs past June).
    expect(sheet.response.throughput).toEqual({ selective: 840, even: 840, gain: 0 });
    // The whole demand staffed at once: concentrating people finishes 1,100 of value by June, spreading them 550.
    expect(sheet.response.demandThroughput).toEqual({ selective: 1100, even: 550, gain: 550 });
    const label = (l: string) => sheet.values.find((r) => r[0] === l)?.[1];
    expect(label('Value delivered by 2027-06, selective resourcing')).toBe(840);
    expect(label('Value delivered by 2027-06, even spreading')).toBe(840);
    expect(label('Throughput gain')).toBe(0);
    expect(label('All 9 initiatives not forced out staffed at once: value by 2027-06, selective resourcing')).toBe(1100);
    expect(label('All 9 initiatives not forced out staffed at once: value by 2027-06, even spreading')).toBe(550);
    expect(label('Throughput gain on the whole demand')).toBe(550);
  });

  it('opens with a summary', () => {
    expect(sheet.values.slice(0, 18).map((r) => r.slice(0, 2))).toEqual([
      ['BTM Capacity: portfolio selection and allocation', null],
      ['Demand table', 'Demand!A3:L13'],
      ['Status', 'optimal'],
      ['Selected', '5 of 10 initiatives'],
      ['Total value', 1020],
      ['Greedy value (by value per cost)', 580],
      ['Gain over greedy', 440],
      ['Proven gap', 0],
      ['Binding constraints', 'budget in 2027-01, Developer in 2027-01, Tester in 2027-01, budget in 2027-02, Developer in 2027-02, Tester in 2027-02, budget in 2027-03, Developer in 2027-03, budget in 2027-04, Tester in 2027-04 and 4 more'],
      ['Value delivered by 2027-06, selective resourcing', 840],
      ['Value delivered by 2027-06, even spreading', 840],
      ['Throughput gain', 0],
      ['All 9 initiatives not forced out staffed at once: value by 2027-06, selective resourcing', 1100],
      ['All 9 initiatives not forced out staffed at once: value by 2027-06, even spreading', 550],
      ['Throughput gain on the whole demand', 550],
      ['Staffing order', 'by value, highest first'],
      ['Rules', 'availability 80%, plannable share 75%, minimum allocation 20%, team size 5-7'],
      ['Note', 'AI runs past 2027-06: 1 of its 3 periods fall after it; their cost and FTE are left out of the selection (its value counts in full).'],
    ]);
    expect(sheet.formats[7][1]).toBe('0.00%');
  });

  it('stacks the sections with one blank row between them, in a rectangular grid', () => {
    const width = sheet.values[0].length;
    expect(width).toBe(8);
    for (const grid of [sheet.values, sheet.fills, sheet.formats]) {
      expect(grid).toHaveLength(sheet.values.length);
      grid.forEach((r) => expect(r).toHaveLength(width));
    }
    const blank = (r: number) => sheet.values[r].every((c) => c === null);
    const titles = ['Selected initiatives', 'Load per role and period', 'Findings', 'Efficient frontier'].map((t) => rowOf(sheet, t));
    expect(titles).toEqual([19, 32, 39, 50]);
    for (const t of titles) {
      expect(blank(t - 1)).toBe(true);
      expect(blank(t - 2)).toBe(false);
    }
    expect(sheet.values.filter((_, r) => blank(r))).toHaveLength(4);
    expect(sheet.boldRows).toEqual([0, 19, 20, 32, 34, 39, 40, 50, 52]);
  });

  it('reports progress from reading through every frontier level to writing, always forward, ending at 1', () => {
    const fractions = progress.map((p) => p.fraction);
    fractions.forEach((f, i) => i > 0 && expect(f).toBeGreaterThanOrEqual(fractions[i - 1]));
    expect(fractions[0]).toBe(0);
    expect(fractions[fractions.length - 1]).toBe(1);
    const steps = progress.map((p) => p.step).filter((s) => !s.startsWith('Selecting:'));
    expect(steps).toEqual([
      'Reading the demand and capacity tables',
      'Selecting among 10 initiatives',
      'Efficient frontier: budget level 0 of 10',
      ...Array.from({ length: 10 }, (_, k) => `Efficient frontier: budget level ${k + 1} of 10`),
      'Allocating people to the selected initiatives',
      'Laying out the BTM Capacity sheet',
      'Writing the BTM Capacity sheet',
    ]);
    expect(progress.find((p) => p.step === 'Efficient frontier: budget level 5 of 10')?.fraction).toBe(0.575);
  });
});

describe('Plan capacity in other situations', () => {
  it('says which constraint a forced-in set breaks', async () => {
    const rows = withCell(1, 'Forced', 'in', withCell(5, 'Forced', 'in'));
    const out = await plan(inputsOf(read(demandSnapshot(DEMAND_HEADERS, rows))));
    expect(out).toEqual({ status: 'invalid', message: 'The initiatives forced in do not fit: budget in 2027-01: 115 spent of 100.' });
  });

  it('gives "excluded by" and "required by" reasons', async () => {
    // LITE forced in: PORTAL, which excludes it, is out because of it.
    const rows = withCell(5, 'Forced', 'in');
    const s = sheetOf(await plan(inputsOf(read(demandSnapshot(DEMAND_HEADERS, rows)))));
    const reason = (id: string) => s.values.find((r) => r[0] === id)?.[2];
    expect(reason('PORTAL')).toBe('excluded by LITE');
    expect(reason('LITE')).toBe('forced in');
    // BI requires DWH: with BI forced in, DWH is in because of it.
    const s2 = sheetOf(await plan(inputsOf(read(demandSnapshot(DEMAND_HEADERS, withCell(2, 'Forced', 'in'))))));
    expect(s2.values.find((r) => r[0] === 'DWH')?.[2]).toBe('required by BI');
  });

  it('staffs by the Priority column when the table has one', async () => {
    const headers = [...DEMAND_HEADERS, 'Priority'];
    const priorities = [5, 9, 9, 2, 9, 9, 4, 1, 3, 9];
    const rows = DEMAND_ROWS.map((r, i) => [...r, priorities[i]]);
    const inputs = inputsOf(read(demandSnapshot(headers, rows)));
    expect(inputs.orderText).toBe('by the "Priority" column (lowest first), then by value');
    // SEC, ERP, AI, MOBILE, CRM first; then the rest by value.
    expect(inputs.order.map((i) => inputs.problem.candidates[i].id)).toEqual(['SEC', 'ERP', 'AI', 'MOBILE', 'CRM', 'DWH', 'PORTAL', 'BI', 'LITE', 'LEGACY']);
    const s = sheetOf(await plan(inputs));
    expect(s.values.find((r) => r[0] === 'Staffing order')?.[1]).toBe('by the "Priority" column (lowest first), then by value');
    // The whole demand in this order: selective resourcing still finishes more.
    expect(s.response.demandThroughput!.gain).toBeGreaterThan(0);
  });

  it('keeps user text exactly as typed: an ID that looks like a formula is a plain string in the grid', async () => {
    const id = '=HYPERLINK("x")';
    const rows = withCell(0, 'ID', id, withCell(6, 'Requires', id));
    const s = sheetOf(await plan(inputsOf(read(demandSnapshot(DEMAND_HEADERS, rows)))));
    expect(s.values.find((r) => r[0] === id)).toEqual([id, 'yes', 'required by MOBILE', 400, 260, '2027-01', '2027-04', '2027-04']);
    expect(s.values.some((r) => r[3] === id || String(r[3]).startsWith(`${id}, ERP`))).toBe(true);
    expect(asTextCell(id)).toBe(`'${id}`);
  });

  it('reports a solve that stopped at its time limit, and the gap it proved', async () => {
    const stopped: SelectionSolver = async (p, o) => {
      const r = await solveSelection(p, o);
      return r.status === 'optimal' ? { ...r, status: 'time-limit', gap: 0.0008 } : r;
    };
    const s = sheetOf(await plan(inputsOf(read()), stopped));
    expect(s.response.optimality).toBe('time-limit');
    expect(s.response.gap).toBe(0.0008);
    expect(s.values[2].slice(0, 2)).toEqual(['Status', 'best found within the time limit']);
    expect(s.values[7].slice(0, 2)).toEqual(['Proven gap', 0.0008]);
  });

  it('passes the 0.1% gap and the request\'s time limit to the solver', async () => {
    const seen: Array<{ relativeGap?: number; timeLimitSeconds?: number }> = [];
    const spy: SelectionSolver = (p, o) => {
      seen.push({ relativeGap: o?.relativeGap, timeLimitSeconds: o?.timeLimitSeconds });
      return solveSelection(p, o);
    };
    await plan(inputsOf(read(demandSnapshot(), capacityGrid(), settingsGrid(), { timeLimitSeconds: 12 })), spy);
    expect(seen).toEqual([{ relativeGap: 0.001, timeLimitSeconds: 12 }]);
  });

  it('writes "none" when the plan keeps to the rules', async () => {
    const rows = withCell(3, 'Analyst FTE', 0.5);
    const tidy = rows.map((r) => (r[0] === 'MOBILE' ? r.map((c, j) => (j === 8 ? 0.25 : c)) : r));
    const s = sheetOf(await plan(inputsOf(read(demandSnapshot(DEMAND_HEADERS, tidy)))));
    const top = rowOf(s, 'Findings');
    expect(s.values[top + 2].slice(0, 5)).toEqual(['none', null, null, null, 'The plan keeps to the rules.']);
    expect(s.response.findings).toEqual({ errors: 0, warnings: 0 });
  });
});

describe('Cancelling Plan capacity', () => {
  it('stops before the solve when cancelled at once', async () => {
    let solves = 0;
    const out = await plan(inputsOf(read()), async (p, o) => (solves++, solveSelection(p, o)), { isCancelled: () => true });
    expect(out).toEqual({ status: 'cancelled' });
    expect(solves).toBe(0);
  });

  it('stops between the selection and the frontier', async () => {
    let cancelled = false;
    const steps: string[] = [];
    const solve: SelectionSolver = async (p, o) => {
      const r = await solveSelection(p, o);
      cancelled = true; // the user presses Cancel while the selection finishes
      return r;
    };
    const out = await plan(inputsOf(read()), solve, { isCancelled: () => cancelled, onProgress: (p) => steps.push(p.step) });
    expect(out).toEqual({ status: 'cancelled' });
    expect(steps.some((s) => s.startsWith('Efficient frontier'))).toBe(false);
  });

  it('stops during the frontier, before allocating', async () => {
    let cancelled = false;
    const steps: string[] = [];
    const out = await plan(inputsOf(read()), solveSelection, {
      isCancelled: () => cancelled,
      onProgress: (p) => {
        steps.push(p.step);
        if (p.step === 'Efficient frontier: budget level 3 of 10') cancelled = true;
      },
    });
    expect(out).toEqual({ status: 'cancelled' });
    expect(steps).not.toContain('Efficient frontier: budget level 5 of 10');
    expect(steps).not.toContain('Allocating people to the selected initiatives');
  });

  it('answers cancelled when the solver does', async () => {
    expect(await plan(inputsOf(read()), async () => ({ status: 'cancelled' }))).toEqual({ status: 'cancelled' });
  });
});

describe('Writing user text safely and the words of the reasons', () => {
  it('marks text a host would turn into a formula, number, date or TRUE with an apostrophe', () => {
    expect(asTextCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(asTextCell('+49 30 1234')).toBe("'+49 30 1234");
    expect(asTextCell('-')).toBe("'-");
    expect(asTextCell('@risk')).toBe("'@risk");
    expect(asTextCell('007')).toBe("'007");
    expect(asTextCell('1,000')).toBe("'1,000");
    expect(asTextCell('10%')).toBe("'10%");
    expect(asTextCell('2027-01')).toBe("'2027-01");
    expect(asTextCell('3/4')).toBe("'3/4");
    expect(asTextCell('Jan 2027')).toBe("'Jan 2027");
    expect(asTextCell('TRUE')).toBe("'TRUE");
    expect(asTextCell('#N/A')).toBe("'#N/A");
    expect(asTextCell("'quoted")).toBe("''quoted");
    expect(asTextCell('Q1 2027')).toBe('Q1 2027');
    expect(asTextCell('CRM')).toBe('CRM');
    expect(asTextCell(42)).toBe(42);
    expect(asTextCell(null)).toBeNull();
  });

  it('scales value per cost so the figure reads plainly', () => {
    expect(valuePerCost(400, 260)).toBe('1.54 per unit of cost');
    expect(valuePerCost(70, 300000)).toBe('233 per 1,000,000 of cost');
    expect(valuePerCost(5, 2000)).toBe('2.5 per 1,000 of cost');
    expect(valuePerCost(50, 0)).toBe('no cost');
  });

  it('never plans outside the rules: the selection passes the model\'s own check', async () => {
    const inputs = inputsOf(read());
    const best = bestByExhaustiveSearch(inputs.problem)!;
    expect(violations(inputs.problem, best.selected)).toEqual([]);
  });
});

describe('the sheet Plan capacity writes', () => {
  it('is never read as the demand table', () => {
    expect(problemOf(read({ ...demandSnapshot(), sheet: 'BTM Capacity' }))).toBe('Select a cell in your demand table: the BTM Capacity sheet is where the add-in writes the plan.');
  });
});
