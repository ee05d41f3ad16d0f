// ROADMAP through the catalogue boundary, as the hosts call it: ranges of normalised cells in, a
// spilled table (one row per initiative: start, end, gate periods, reason) or a spreadsheet error
// naming the cell out.
import { CellValue, DEFAULT_SETTINGS, Range, invoke, isSheetError, settingsToGrid } from '../core';
import { MAX_ROADMAP_INITIATIVES, ROADMAP, ROADMAP_FUNCTIONS } from '../core/catalogue/roadmap-functions';
import { scheduleRoadmap } from '../core/roadmap/roadmap-table';
import { col, date, expectError } from './support/finance';

const roadmap = (...args: Array<Range | undefined>) => invoke(ROADMAP, args);
const HEADER = ['Initiative', 'Start', 'End', 'A', 'B', 'C', 'D', 'Reason'];

/** A table result (fails the test on an error). */
function table(result: unknown): CellValue[][] {
  if (isSheetError(result) || !Array.isArray(result)) throw new Error(`expected a table, got ${JSON.stringify(result)}`);
  return result as CellValue[][];
}

/** The BTM Settings sheet with capacity given as plannable FTE (availability and plannable share 100%). */
const FTE_SETTINGS = settingsToGrid({ ...DEFAULT_SETTINGS, capacity: { ...DEFAULT_SETTINGS.capacity, availability: 1, plannableShare: 1 } });

// Four developers and two testers a month. Plannable by the default rules: 4 × 85% × 75% = 2.55
// developers and 2 × 85% × 75% = 1.275 testers.
const capacity: Range = [
  ['Role', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'],
  ['Dev', 4, 4, 4, 4, 4, 4],
  ['Test', 2, 2, 2, 2, 2, 2],
];

describe('ROADMAP', () => {
  it('places whole table columns (headers included) by WSJF, dependencies, capacity, starts and approaches', () => {
    const out = roadmap(
      col(['Initiative', 'CRM', 'Web', 'ERP', 'Data']),
      col(['Duration', 2, 1, 2, 1]),
      col(['WSJF', 5, 4, 3, 2]),
      col(['Depends on', null, null, 'crm', null]),
      [
        ['Dev', 'Test'],
        [2, 1],
        [2, null],
        [1, 1],
        [3, 0],
      ],
      capacity,
      col(['Start', null, 'Feb', null, 'pinned Mar']),
      col(['Approach', 'agile', null, 'CR', 'hybrid']),
    );
    expect(out).toEqual([
      HEADER,
      // Top WSJF, starts at once. Sprint-based 10/50/10/30 over 2 months: zones B, C, D start 0.2, 1.2 and 1.4 months in.
      ['CRM', 'Jan', 'Feb', 'Jan', 'Jan', 'Feb', 'Feb', ''],
      // May start in Feb, but CRM leaves 0.55 of the 2.55 developers there, pinned Data takes 3 in Mar: April.
      ['Web', 'Apr', 'Apr', 'Apr', 'Apr', 'Apr', 'Apr', 'Dev capacity full until Mar'],
      // Waits for CRM (written "crm": case does not matter) until March; pinned Data fills March's developers and Web April's (2 + 1 > 2.55). Change-request 25/45/15/15: C and D 1.4 and 1.7 months in.
      ['ERP', 'May', 'Jun', 'May', 'May', 'Jun', 'Jun', 'waits for CRM; Dev capacity full until Apr'],
      // Pinned: kept in March though 3 FTE is above the 2.55 developers that may be planned, and it says so.
      ['Data', 'Mar', 'Mar', 'Mar', 'Mar', 'Mar', 'Mar', 'pinned; Dev overloaded in Mar: 3 FTE planned, 2.55 plannable (pinned: Data)'],
    ]);
  });

  it('gives the same answer as scheduleRoadmap, the panel\'s path, on the same problem', () => {
    const plannable = (people: number) => people * 0.85 * 0.75;
    const direct = scheduleRoadmap(
      {
        initiatives: [
          { id: 'CRM', duration: 2, fte: [2, 1], after: [] },
          { id: 'Web', duration: 1, fte: [2, 0], earliestStart: 1, after: [] },
          { id: 'ERP', duration: 2, fte: [1, 1], after: ['CRM'] },
          { id: 'Data', duration: 1, fte: [3, 0], pinnedStart: 2, after: [] },
        ],
        roles: ['Dev', 'Test'],
        periods: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'],
        capacity: [new Array(6).fill(plannable(4)), new Array(6).fill(plannable(2))],
      },
      ['sprint-based', undefined, 'change-request', 'hybrid'],
    );
    if (isSheetError(direct)) throw new Error(direct.message);
    const out = table(
      roadmap(
        col(['CRM', 'Web', 'ERP', 'Data']),
        col([2, 1, 2, 1]),
        col([5, 4, 3, 2]),
        col([null, null, 'CRM', null]),
        [
          [2, 1],
          [2, 0],
          [1, 1],
          [3, 0],
        ],
        capacity,
        col([null, 2, null, 'fixed 3']),
        col(['sprint', null, 'change request', 'hybrid']),
      ),
    );
    const periods = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'];
    const at = (t: number | null) => (t === null ? '' : periods[t]);
    expect(out.slice(1)).toEqual(direct.rows.map((r) => [r.id, at(r.start), at(r.end), at(r.gates.A), at(r.gates.B), at(r.gates.C), at(r.gates.D), r.reason]));
  });

  it('schedules by dependencies alone without capacity, over P1, P2 ... as many periods as that takes', () => {
    expect(roadmap(col(['A', 'B', 'C', 'D']), col([2, 1, 3, 1]), col([4, 3, 2, 1]), col([null, 'A', 'a; B', null]), undefined, undefined, col([null, null, null, 'P4']))).toEqual([
      HEADER,
      // Gate-based 15/55/15/15 over 2 periods: zones B, C, D start 0.3, 1.4 and 1.7 periods in.
      ['A', 'P1', 'P2', 'P1', 'P1', 'P2', 'P2', ''],
      ['B', 'P3', 'P3', 'P3', 'P3', 'P3', 'P3', 'waits for A'],
      // Over 3 periods: 0.45, 2.1 and 2.55 periods in.
      ['C', 'P4', 'P6', 'P4', 'P4', 'P6', 'P6', 'waits for B'],
      // Its earliest start is P4, where it starts: no delay, no reason.
      ['D', 'P4', 'P4', 'P4', 'P4', 'P4', 'P4', ''],
    ]);
  });

  describe('priorities', () => {
    // One developer a period, given as plannable FTE through settings: one initiative at a time.
    const run = (priorities: Range) =>
      table(roadmap(col(['A', 'B', 'C']), col([1, 1, 1]), priorities, undefined, col([1, 1, 1]), [[1, 1, 1]], undefined, undefined, FTE_SETTINGS)).map((r) => `${r[0]} ${r[1]}`);

    it('reads exactly 1..n as a rank, 1 first (what PRIORITY spills)', () => {
      expect(run(col([3, 1, 2]))).toEqual(['Initiative Start', 'A P3', 'B P1', 'C P2']);
    });
    it('reads other numbers higher first, as WSJF or a score', () => {
      expect(run(col([0.5, 3, 2]))).toEqual(['Initiative Start', 'A P3', 'B P1', 'C P2']);
      expect(run(col([2, 2, 7]))).toEqual(['Initiative Start', 'A P2', 'B P3', 'C P1']);
    });
    it('follows a header that says how to read them', () => {
      expect(run(col(['WSJF', 3, 1, 2]))).toEqual(['Initiative Start', 'A P1', 'B P3', 'C P2']);
      expect(run(col(['BTM Rank', 2, 2, 1]))).toEqual(['Initiative Start', 'A P2', 'B P3', 'C P1']);
      expect(run(col(['Priority', 20, 30, 10]))).toEqual(['Initiative Start', 'A P2', 'B P3', 'C P1']);
    });
  });

  it('turns capacity\'s people into plannable FTE by the capacity rules, as ALLOCATE does, and lists what cannot be placed', () => {
    // One person is 1 × 85% × 75% = 0.6375 plannable FTE: an initiative needing 1 FTE never fits.
    expect(roadmap(col(['A']), col([1]), col([1]), undefined, col([1]), [[1, 1]])).toEqual([
      HEADER,
      ['A', '', '', '', '', '', '', 'needs 1 FTE Role 1 in every period it runs; Role 1 never has more than 0.64 plannable'],
    ]);
    expect(table(roadmap(col(['A']), col([1]), col([1]), undefined, col([1]), [[1, 1]], undefined, undefined, FTE_SETTINGS))[1].slice(0, 3)).toEqual(['A', 'P1', 'P1']);
  });

  it('shows dated periods as the dates they are, places a start date in its month, and names months in reasons', () => {
    const months: Range = [
      [null, date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1), date(2027, 4, 1)],
      ['Developer', 1, 1, 1, 1],
    ];
    const out = roadmap(col(['A', 'B', 'C']), col([2, 1, 1]), col([1, 2, 3]), undefined, col([1, 1, 1]), months, col([null, date(2027, 1, 20), 'pinned 2027-04']), undefined, FTE_SETTINGS);
    expect(out).toEqual([
      HEADER,
      ['A', date(2027, 1, 1), date(2027, 2, 1), date(2027, 1, 1), date(2027, 1, 1), date(2027, 2, 1), date(2027, 2, 1), ''],
      ['B', date(2027, 3, 1), date(2027, 3, 1), date(2027, 3, 1), date(2027, 3, 1), date(2027, 3, 1), date(2027, 3, 1), 'Developer capacity full until 2027-02'],
      ['C', date(2027, 4, 1), date(2027, 4, 1), date(2027, 4, 1), date(2027, 4, 1), date(2027, 4, 1), date(2027, 4, 1), 'pinned'],
    ]);
  });

  it('reads ranges laid out as rows, running past the table, and Excel desktop\'s zeros for empty cells', () => {
    const ids: Range = [['A', 'B', ...new Array<CellValue>(98).fill(null)]];
    const out = roadmap(ids, [[1, 1, 0, 0]], [[1, 2]], [[0, 'A', 0]], undefined, undefined, [[0, 0]], [[0, 0]]);
    expect(out).toEqual([HEADER, ['A', 'P1', 'P1', 'P1', 'P1', 'P1', 'P1', ''], ['B', 'P2', 'P2', 'P2', 'P2', 'P2', 'P2', 'waits for A']]);
    const tall = [['A'], ['B'], ...Array.from({ length: 100_000 }, () => [null])];
    expect(table(roadmap(tall, col([1, 1]), col([1, 2])))).toHaveLength(3);
  });

  it('keeps a number id a number and reads numbers in dependencies as ids', () => {
    expect(table(roadmap(col([101, 102]), col([1, 1]), col([1, 2]), col([null, 101]))).map((r) => [r[0], r[1], r[7]])).toEqual([
      ['Initiative', 'Start', 'Reason'],
      [101, 'P1', ''],
      [102, 'P2', 'waits for 101'],
    ]);
  });

  it('takes the zone shares of settings', () => {
    const grid = settingsToGrid({ ...DEFAULT_SETTINGS, roadmap: { ...DEFAULT_SETTINGS.roadmap, zoneShares: { ...DEFAULT_SETTINGS.roadmap.zoneShares, 'gate-based': { A: 0.25, B: 0.25, C: 0.25, D: 0.25 } } } });
    const zones = grid.slice(grid.findIndex((r) => r[0] === 'Zone shares'));
    expect(table(roadmap(col(['A']), col([4]), col([1]), undefined, undefined, undefined, undefined, undefined, zones))[1]).toEqual(['A', 'P1', 'P4', 'P1', 'P2', 'P3', 'P4', '']);
    expect(table(roadmap(col(['A']), col([4]), col([1])))[1]).toEqual(['A', 'P1', 'P4', 'P1', 'P1', 'P3', 'P4', '']);
  });
});

describe('ROADMAP errors', () => {
  const ids = col(['A', 'B']);
  const durations = col([1, 2]);
  const priorities = col([1, 2]);

  it('names the cell of a duration that is not a whole number of periods', () => {
    expectError(roadmap(ids, col([1, 'two']), priorities), '#VALUE!');
    expect(roadmap(ids, col([1, 'two']), priorities)).toMatchObject({ message: 'durations: row 2 holds the text "two"; a duration is a whole number of periods, at least 1 (round a part period up)' });
    expect(roadmap(ids, col([1, 2.5]), priorities)).toMatchObject({ message: 'durations: row 2 holds 2.5; a duration is a whole number of periods, at least 1 (round a part period up)' });
    expect(roadmap(ids, col([0, 2]), priorities)).toMatchObject({ message: 'durations: row 1 holds 0; a duration is a whole number of periods, at least 1 (round a part period up)' });
    expect(roadmap(ids, col([null, 2]), priorities)).toMatchObject({ code: '#VALUE!', message: 'durations: row 1 is blank; a duration in whole periods (at least 1) is needed' });
    expect(roadmap(ids, col([1, 5000]), priorities)).toMatchObject({ code: '#VALUE!', message: 'durations: row 2 holds 5000; a duration is at most 2,400 periods' });
  });

  it('names blank, repeated and error ids', () => {
    expect(roadmap(col(['A', null, 'C']), col([1, 1, 1]), col([1, 2, 3]))).toMatchObject({ code: '#VALUE!', message: 'ids: row 2 is blank; every initiative needs an id' });
    expect(roadmap(col(['A', ' a ']), durations, priorities)).toMatchObject({ code: '#VALUE!', message: 'ids: row 2 repeats the initiative "a" of row 1; each initiative must be named once' });
    expect(roadmap(col(['A', { kind: 'sheet-error', code: '#REF!', message: '' }]), durations, priorities)).toMatchObject({ code: '#REF!', message: 'ids: row 2 holds #REF!' });
    expect(roadmap(col([null]), col([1]), col([1]))).toMatchObject({ code: '#VALUE!', message: expect.stringMatching(/^ids is empty/) });
  });

  it('refuses an id that is a number no host sends (not finite), without naming it', () => {
    expect(roadmap(col(['A', Number.POSITIVE_INFINITY]), durations, priorities)).toMatchObject({ code: '#NUM!', message: 'ids: row 2 is not a finite number; every initiative needs an id' });
  });

  it('names a priority that is blank, text or negative, and an error cell passed on', () => {
    expect(roadmap(ids, durations, col([1, null]))).toMatchObject({ code: '#VALUE!', message: 'priorities: row 2 is blank; a priority (a rank, 1 first, or a score such as WSJF, higher first) is needed' });
    expect(roadmap(ids, durations, col([1, 'high']))).toMatchObject({ code: '#VALUE!', message: 'priorities: row 2 holds the text "high"; a priority (a rank, 1 first, or a score such as WSJF, higher first) is needed' });
    expect(roadmap(ids, durations, col([1, -2]))).toMatchObject({ code: '#VALUE!', message: expect.stringMatching(/^priorities: row 2 holds -2; .* cannot be negative$/) });
    expect(roadmap(ids, durations, col([1, '#N/A']))).toMatchObject({ code: '#N/A', message: 'priorities: row 2 holds #N/A' });
  });

  it('refuses ranges whose length differs from ids\'', () => {
    expect(roadmap(ids, col([1]), priorities)).toMatchObject({ code: '#VALUE!', message: "durations has 1 cell but ids has 2 initiatives; give one cell per initiative, in ids' rows" });
    expect(roadmap(ids, durations, col([1, 2, 3]))).toMatchObject({ code: '#VALUE!', message: "priorities: row 3 holds 3, but ids has 2 initiatives, the last in row 2; give one cell per initiative, in ids' rows" });
    // durations' header makes ids' first cell a header too: here it is an id, so the counts differ.
    expect(roadmap(ids, col(['Duration', 1, 2]), priorities)).toMatchObject({
      code: '#VALUE!',
      message: "durations: row 3 holds 2, but ids has 1 initiative, the last in row 2 (durations starts with a header, so ids' first cell is read as a header too); give one cell per initiative, in ids' rows",
    });
    expect(roadmap(ids, durations, priorities, [[null, null], ['A', null]])).toMatchObject({ code: '#VALUE!', message: 'dependencies must be a single column (or row), one cell per initiative, not 2 rows × 2 columns' });
    expect(roadmap(col(['A', 'B', 'C']), col([1, 1, 1]), col([1, 2, 3]), col([null, 'A']))).toMatchObject({ code: '#VALUE!', message: "dependencies has 2 cells but ids has 3 initiatives; give one cell per initiative, in ids' rows" });
  });

  it('says which dependency is not an id (#N/A), and names a cycle', () => {
    expect(roadmap(ids, durations, priorities, col([null, 'A; X']))).toMatchObject({ code: '#N/A', message: 'dependencies: row 2 lists "X", which is not one of the ids' });
    expect(roadmap(col(['A', 'B', 'C']), col([1, 1, 1]), col([1, 2, 3]), col(['C', 'A', 'B']))).toMatchObject({
      code: '#VALUE!',
      message: 'Dependencies form a cycle: A -> B -> C -> A (each must finish before the next starts).',
    });
    expect(roadmap(col(['A']), col([1]), col([1]), col(['a']))).toMatchObject({ code: '#VALUE!', message: 'Dependencies form a cycle: A -> A (each must finish before the next starts).' });
    expect(roadmap(col(['A', 'B;C']), durations, priorities, col([null, null]))).toEqual(expect.arrayContaining([['B;C', 'P1', 'P2', 'P1', 'P1', 'P2', 'P2', '']]));
    expect(roadmap(col(['A', 'B;C']), durations, priorities, col([null, 'A']))).toMatchObject({
      code: '#VALUE!',
      message: expect.stringMatching(/^ids: row 2 holds the id "B;C", whose comma, semicolon or line break would split it in dependencies/),
    });
    expect(roadmap(ids, durations, priorities, col([null, true]))).toMatchObject({ code: '#VALUE!', message: 'dependencies: row 2 holds TRUE; list the ids the initiative waits for, separated by ";" or ","' });
  });

  it('names starts that are no period, and a date without dated periods', () => {
    expect(roadmap(ids, durations, priorities, undefined, undefined, capacity, col([null, 'Dec']))).toMatchObject({
      code: '#N/A',
      message: 'start: row 2 holds "Dec", which is not one of the periods (Jan ... Jun); give a period label, a period number (1 is the first) or "pinned <period>"',
    });
    expect(roadmap(ids, durations, priorities, undefined, undefined, undefined, col([null, date(2027, 3, 1)]))).toMatchObject({
      code: '#VALUE!',
      message: 'start: row 2 holds a date (2027-03), but without capacity the periods are P1, P2 ...; give capacity with dated period headers, or a period number',
    });
    expect(roadmap(ids, durations, priorities, undefined, undefined, undefined, col([-1, null]))).toMatchObject({
      code: '#VALUE!',
      message: 'start: row 1 holds -1, which is neither a period label (P1, P2 ...) nor a period number (a whole number from 1)',
    });
  });

  it('lists an initiative whose start or pinned date lies past capacity\'s horizon as not placed', () => {
    expect(table(roadmap(ids, durations, priorities, undefined, undefined, capacity, col([7, 'pinned 6']))).map((r) => r.slice(1, 3).concat(r[7]))).toEqual([
      ['Start', 'End', 'Reason'],
      ['', '', 'earliest start (period 7) is after the horizon ends with Jun'],
      ['', '', 'pinned to start in Jun but needs 2 periods; the horizon ends with Jun'],
    ]);
  });

  it('names an unknown development approach', () => {
    expect(roadmap(ids, durations, priorities, undefined, undefined, undefined, undefined, col(['agile', 'kanban']))).toMatchObject({
      code: '#VALUE!',
      message: 'approaches: row 2 holds the text "kanban"; a development approach is gate-based, sprint-based, change-request, hybrid (or project, agile, CR ...), blank for gate-based',
    });
  });

  it('refuses demand without capacity, or whose columns do not match capacity\'s roles', () => {
    expect(roadmap(ids, durations, priorities, undefined, col([1, 1]))).toMatchObject({ code: '#VALUE!', message: expect.stringMatching(/^demand is given without capacity/) });
    expect(roadmap(ids, durations, priorities, undefined, col([1, 1]), capacity)).toMatchObject({ code: '#VALUE!', message: expect.stringMatching(/^demand has 1 column but capacity has 2 roles/) });
    expect(roadmap(ids, durations, priorities, undefined, [['Test', 'Dev'], [1, 1], [1, 1]], capacity)).toMatchObject({
      code: '#VALUE!',
      message: 'demand: row 1, column 1 is headed "Test" but capacity\'s role 1 is "Dev"; put demand\'s columns in capacity\'s row order',
    });
    expect(roadmap(ids, durations, priorities, undefined, [[1, 1], [1, 'lots']], capacity)).toMatchObject({
      code: '#VALUE!',
      message: 'demand: row 2, column 2 holds the text "lots"; the FTE the initiative needs per period (0 or blank for none) is needed',
    });
    expect(roadmap(ids, durations, priorities, undefined, [[1, 1], [1, 1], [2, 2]], capacity)).toMatchObject({
      code: '#VALUE!',
      message: expect.stringMatching(/^demand: row 3, column 1 holds 2, but ids has 2 initiatives/),
    });
  });

  it('refuses settings without the blocks it uses, and names a cell of them it cannot read', () => {
    expect(roadmap(ids, durations, priorities, undefined, undefined, undefined, undefined, undefined, [['Rates', 0.1]])).toMatchObject({
      code: '#VALUE!',
      message: 'settings holds neither a "Capacity rules" nor a "Zone shares" block; pass the BTM Settings sheet\'s range (or those blocks, their titles included)',
    });
    const grid = settingsToGrid(DEFAULT_SETTINGS);
    const hybrid = grid.findIndex((r) => r[0] === 'Hybrid');
    grid[hybrid][4] = 30;
    expect(roadmap(ids, durations, priorities, undefined, undefined, undefined, undefined, undefined, grid)).toMatchObject({
      code: '#VALUE!',
      message: `settings: row ${hybrid + 1}, column 2: the zone shares of Hybrid add up to 105%, not 100%`,
    });
    // A typo among the scoring criteria does not stop a roadmap.
    const typo = settingsToGrid(DEFAULT_SETTINGS);
    typo[2][1] = 'a lot';
    expect(table(roadmap(ids, durations, priorities, undefined, undefined, undefined, undefined, undefined, typo))).toHaveLength(3);
  });

  it('caps the size of what one call schedules', () => {
    const many = Array.from({ length: MAX_ROADMAP_INITIATIVES + 1 }, (_, i) => [`I${i}`]);
    const ones = many.map(() => [1]);
    expect(roadmap(many, ones, ones)).toMatchObject({ code: '#VALUE!', message: 'ids has 2,001 initiatives, more than the 2,000 a function schedules; use the panel command "Generate roadmap" for roadmaps this large' });
    // Without capacity, a chain of 2,000 + 1,000 periods is longer than any horizon.
    expect(roadmap(ids, col([2000, 1000]), priorities, col([null, 'A']))).toMatchObject({
      code: '#VALUE!',
      message: 'placing every initiative takes 3,000 periods, more than the 2,400 a roadmap spans; check the durations and starts, or give capacity with the periods to plan',
    });
    const wide: Range = [new Array(300).fill(1)];
    const two = many.slice(0, 2000);
    expect(roadmap(two, two.map(() => [1]), two.map(() => [1]), undefined, two.map(() => [0]), wide)).toMatchObject({
      code: '#VALUE!',
      message: '2,000 initiatives × 1 role × 300 periods is more than the 500,000 a function schedules within Sheets\' time limit; use the panel command "Generate roadmap" for roadmaps this large',
    });
  });
});

describe('the ROADMAP catalogue entry', () => {
  it('lists ROADMAP with its parameters in order, the last six optional', () => {
    expect(ROADMAP_FUNCTIONS.map((f) => f.name)).toEqual(['ROADMAP']);
    expect(ROADMAP.params.map((p) => `${p.name}${p.optional ? '?' : ''}`)).toEqual(['ids', 'durations', 'priorities', 'dependencies?', 'demand?', 'capacity?', 'start?', 'approaches?', 'settings?']);
    expect(ROADMAP.result).toBe('table');
  });
});
