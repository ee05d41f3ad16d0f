// The roadmap table both ROADMAP and "Generate roadmap" read: scheduleRoadmap's rows (start, end,
// gate periods, reason), the readers of the cells people type (priorities, dependencies, starts),
// and the roadmap blocks of the BTM Settings sheet (the annual clock and the zone shares).
import { CellValue, DEFAULT_SETTINGS, isSheetError, settingsFromGrid, settingsToGrid, sheetError } from '../core';
import { DEFAULT_ROADMAP_SETTINGS, parseMonths } from '../core/demand/settings';
import { RoadmapProblem } from '../core/roadmap/model';
import { planRoadmap } from '../core/roadmap/scheduler';
import { DEFAULT_ZONE_SHARES } from '../core/roadmap/gates';
import { PeriodAxis, RoadmapOutcome, dependencyIds, priorityDirection, readStartCell, scheduleRoadmap } from '../core/roadmap/roadmap-table';
import { periodName } from '../core/capacity/capacity-table';
import { date } from './support/finance';

const QUARTERS = ['Q1 2027', 'Q2 2027', 'Q3 2027', 'Q4 2027', 'Q1 2028', 'Q2 2028', 'Q3 2028', 'Q4 2028'];

/** Developer and Analyst, 2 FTE each in every quarter of 2027-2028. */
const problem = (initiatives: RoadmapProblem['initiatives']): RoadmapProblem => ({
  initiatives,
  roles: ['Developer', 'Analyst'],
  periods: QUARTERS,
  capacity: [QUARTERS.map(() => 2), QUARTERS.map(() => 2)],
});

function outcome(x: ReturnType<typeof scheduleRoadmap>): RoadmapOutcome {
  if (isSheetError(x)) throw new Error(x.message);
  return x;
}

describe('scheduleRoadmap', () => {
  const p = problem([
    { id: 'A', duration: 4, fte: [2, 0] },
    { id: 'B', duration: 2, fte: [1, 1], after: ['A'] },
    { id: 'C', duration: 1, fte: [0, 2], pinnedStart: 1 },
    { id: 'D', duration: 10, fte: [1, 0] },
    { id: 'E', duration: 3, fte: [1, 1] },
  ]);

  it('gives each initiative its periods, gate periods by its approach, and its reason, in table order', () => {
    const o = outcome(scheduleRoadmap(p, ['gate-based', 'sprint-based', undefined, 'hybrid', 'change-request']));
    expect(o.rows).toEqual([
      // Gate-based 15/55/15/15 over 4 periods: zone boundaries at 0.6, 2.8 and 3.4 periods into the run.
      { id: 'A', status: 'placed', start: 0, end: 3, gates: { A: 0, B: 0, C: 2, D: 3 }, reason: '' },
      // Sprint-based 10/50/10/30 over 2 periods: boundaries at 0.2, 1.2 and 1.4.
      { id: 'B', status: 'placed', start: 4, end: 5, gates: { A: 4, B: 4, C: 5, D: 5 }, reason: 'waits for A' },
      // No approach: gate-based; one period holds all four gates.
      { id: 'C', status: 'placed', start: 1, end: 1, gates: { A: 1, B: 1, C: 1, D: 1 }, reason: 'pinned' },
      { id: 'D', status: 'unplaceable', start: null, end: null, gates: { A: null, B: null, C: null, D: null }, reason: 'needs 10 periods from its earliest start in Q1 2027; the horizon ends with Q4 2028' },
      // Change-request 25/45/15/15 over 3 periods: boundaries at 0.75, 2.1 and 2.55. A holds both developers until Q4 2027.
      { id: 'E', status: 'placed', start: 4, end: 6, gates: { A: 4, B: 4, C: 6, D: 6 }, reason: 'Developer capacity full until Q4 2027' },
    ]);
    expect(o.findings).toEqual([]);
    expect(o.makespan).toBe(7);
  });

  it('is planRoadmap\'s improved plan, nothing else', () => {
    const plan = planRoadmap(p);
    if (isSheetError(plan)) throw new Error(plan.message);
    const o = outcome(scheduleRoadmap(p, new Array(5).fill(undefined)));
    expect(o.rows.map((r) => [r.id, r.start, r.end])).toEqual(plan.improved.initiatives.map((x) => [x.id, x.start, x.end]));
    expect(o.schedule).toEqual(plan.improved);
    expect(o.baseline).toEqual({ makespan: plan.baseline.makespan, weightedCompletion: plan.baseline.weightedCompletion });
  });

  it('takes the DMO\'s zone shares, the defaults for approaches not given', () => {
    const shares = { 'gate-based': { A: 0.25, B: 0.25, C: 0.25, D: 0.25 } };
    const o = outcome(scheduleRoadmap(problem([{ id: 'A', duration: 4, fte: [1, 0] }, { id: 'B', duration: 4, fte: [1, 0] }]), ['gate-based', 'sprint-based'], shares));
    expect(o.rows.map((r) => r.gates)).toEqual([
      { A: 0, B: 1, C: 2, D: 3 },
      // Sprint-based keeps 10/50/10/30: boundaries at 0.4, 2.4 and 2.8.
      { A: 0, B: 0, C: 2, D: 2 },
    ]);
  });

  it('says what a pinned date breaks in the pinned initiative\'s reason, and lists it in the findings', () => {
    const o = outcome(
      scheduleRoadmap(
        problem([
          { id: 'A', duration: 2, fte: [2, 0], pinnedStart: 0 },
          { id: 'P', duration: 1, fte: [1, 0], pinnedStart: 1, after: ['A'] },
          { id: 'N', duration: 1, fte: [0, 1], after: ['P'] },
        ]),
        [undefined, undefined, undefined],
      ),
    );
    const overload = 'Developer overloaded in Q2 2027: 3 FTE planned, 2 plannable (pinned: A, P)';
    const early = 'P is pinned to start in Q2 2027 but waits for A, which ends in Q2 2027';
    expect(o.rows.map((r) => [r.id, r.start, r.end, r.reason])).toEqual([
      ['A', 0, 1, `pinned; ${overload}`],
      ['P', 1, 1, `pinned; ${overload}; ${early}`],
      ['N', 2, 2, 'waits for P'],
    ]);
    expect(o.findings).toEqual([overload, early]);
  });

  it('passes the scheduler\'s and the gates\' errors on', () => {
    const cycle = scheduleRoadmap(problem([{ id: 'A', duration: 1, fte: [0, 0], after: ['B'] }, { id: 'B', duration: 1, fte: [0, 0], after: ['A'] }]), [undefined, undefined]);
    expect(cycle).toMatchObject({ code: '#VALUE!', message: 'Dependencies form a cycle: A -> B -> A (each must finish before the next starts).', cycle: ['A', 'B', 'A'] });
    expect(scheduleRoadmap(problem([{ id: 'A', duration: 1, fte: [0, 0] }]), [])).toMatchObject({ code: '#VALUE!', message: 'Gates need one development approach per initiative (1), got 0.' });
    const bad = scheduleRoadmap(problem([{ id: 'A', duration: 1, fte: [0, 0] }]), ['hybrid'], { hybrid: { A: 0.5, B: 0.5, C: 0.5, D: 0 } });
    expect(bad).toMatchObject({ code: '#VALUE!', message: 'hybrid: the zone shares add up to 150%, not 100%.' });
  });
});

describe('how a priority column is read', () => {
  it('follows a header that says rank, score or priority level, in that order', () => {
    expect(priorityDirection('BTM Rank', [3.5, 1])).toBe('lowest-first');
    expect(priorityDirection('Position', [2, 1])).toBe('lowest-first');
    expect(priorityDirection('WSJF rank', [2.5, 1])).toBe('lowest-first');
    expect(priorityDirection('WSJF', [1, 2, 3])).toBe('highest-first');
    expect(priorityDirection('BTM Score', [2, 1])).toBe('highest-first');
    expect(priorityDirection('Cost of delay', [1])).toBe('highest-first');
    expect(priorityDirection('Priority score', [1, 2])).toBe('highest-first');
    // Priority 1 (P1) is the top priority, whatever the numbers.
    expect(priorityDirection('Priority', [10, 20, 20])).toBe('lowest-first');
    expect(priorityDirection('Prio', [2, 1])).toBe('lowest-first');
  });
  it('without such a header, reads exactly 1..n, each once, as a rank and anything else as higher first', () => {
    expect(priorityDirection(undefined, [3, 1, 2])).toBe('lowest-first');
    expect(priorityDirection('Importance', [2, 1])).toBe('lowest-first');
    expect(priorityDirection(undefined, [3, 1, 1])).toBe('highest-first');
    expect(priorityDirection(undefined, [4, 1, 2])).toBe('highest-first');
    expect(priorityDirection(undefined, [1.5, 2.5])).toBe('highest-first');
    expect(priorityDirection('Importance', [0, 1])).toBe('highest-first');
  });
});

describe('dependency cells', () => {
  it('list ids separated by semicolons, commas or line breaks', () => {
    expect(dependencyIds(' A; B ,C\nD;;')).toEqual(['A', 'B', 'C', 'D']);
    expect(dependencyIds(101)).toEqual(['101']);
    expect(dependencyIds(null)).toEqual([]);
    expect(dependencyIds('  ')).toEqual([]);
  });
});

describe('start cells', () => {
  const months: PeriodAxis = { names: ['2027-01', '2027-02', '2027-03'], cells: [date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1)] };
  const quarters: PeriodAxis = { names: ['Q1 2027', 'Q2 2027', 'Q3 2027'], cells: ['Q1 2027', 'Q2 2027', 'Q3 2027'] };
  const open: PeriodAxis = { names: [], cells: [], open: true };

  it('read a period label, a period number or a date in a dated period as the earliest start', () => {
    expect(readStartCell('q2 2027', quarters)).toEqual({ earliest: 1 });
    expect(readStartCell('2027-03', months)).toEqual({ earliest: 2 });
    expect(readStartCell(date(2027, 2, 1), months)).toEqual({ earliest: 1 });
    expect(readStartCell(date(2027, 2, 14), months)).toEqual({ earliest: 1 });
    // Before the first period: no later than the first; after the last month ends: past the horizon.
    expect(readStartCell(date(2026, 11, 1), months)).toEqual({ earliest: 0 });
    expect(readStartCell(date(2027, 4, 2), months)).toEqual({ earliest: 3 });
    expect(readStartCell(3, quarters)).toEqual({ earliest: 2 });
    expect(readStartCell('3', quarters)).toEqual({ earliest: 2 });
    expect(readStartCell(7, quarters)).toEqual({ earliest: 6 });
    expect(readStartCell('P12', open)).toEqual({ earliest: 11 });
  });

  it('end the last dated month where the month ends, as Plan capacity does, not a previous month\'s length after it', () => {
    // February has 28 days: March 30 is still inside March, the last period.
    expect(readStartCell(date(2027, 3, 30), months)).toEqual({ earliest: 2 });
    expect(readStartCell(date(2027, 4, 1), months)).toEqual({ earliest: 3 });
    // May has 31 days: July 1 is past June, the last period.
    const toJune: PeriodAxis = { names: ['2027-05', '2027-06'], cells: [date(2027, 5, 1), date(2027, 6, 1)] };
    expect(readStartCell(date(2027, 6, 30), toJune)).toEqual({ earliest: 1 });
    expect(readStartCell(date(2027, 7, 1), toJune)).toEqual({ earliest: 2 });
  });

  it('read "pinned" or "fixed" before a period as a fixed start', () => {
    expect(readStartCell('pinned Q3 2027', quarters)).toEqual({ pinned: 2 });
    expect(readStartCell('Fixed: 2', quarters)).toEqual({ pinned: 1 });
    expect(readStartCell('PINNED 2027-02', months)).toEqual({ pinned: 1 });
  });

  it('read a blank or 0 as none', () => {
    expect(readStartCell(null, quarters)).toEqual({});
    expect(readStartCell(' ', quarters)).toEqual({});
    expect(readStartCell(0, quarters)).toEqual({});
  });

  it('say what is wrong, and whether the cell names no period', () => {
    expect(readStartCell('Q4 2029', quarters)).toEqual({
      problem: 'holds "Q4 2029", which is not one of the periods (Q1 2027, Q2 2027, Q3 2027); give a period label, a period number (1 is the first) or "pinned <period>"',
      unknown: true,
    });
    expect(readStartCell(2.5, quarters)).toEqual({ problem: 'holds 2.5, which is neither a period label (Q1 2027, Q2 2027, Q3 2027) nor a period number (a whole number from 1)', unknown: false });
    expect(readStartCell('pinned', quarters)).toEqual({ problem: 'says "pinned" without the period; write "pinned 2027-03" (a label) or "pinned 3" (a period number)', unknown: false });
    expect(readStartCell('pinned Q9', quarters)).toMatchObject({ unknown: true });
    expect(readStartCell(true, quarters)).toEqual({ problem: 'holds TRUE; a period label or number is needed', unknown: false });
  });

  it('name periods as the capacity table shows them', () => {
    expect(periodName(date(2027, 3, 1))).toBe('2027-03');
    expect(periodName(date(2027, 3, 15))).toBe('2027-03-15');
    expect(periodName(' Q1 2027 ')).toBe('Q1 2027');
    expect(periodName(2027)).toBe('2027');
  });
});

describe('the roadmap blocks of the BTM Settings sheet', () => {
  it('write the annual clock and the zone shares under the capacity rules, five columns wide', () => {
    const grid = settingsToGrid(DEFAULT_SETTINGS);
    const clock = grid.findIndex((r) => r[0] === 'Annual clock');
    expect(grid.every((r) => r.length === 5)).toBe(true);
    expect(grid[clock - 2][0]).toBe('Team size to');
    expect(grid.slice(clock, clock + 3)).toEqual([
      ['Annual clock', null, null, null, null],
      ['Planning rounds (months)', 'Mar; Sep', null, null, null],
      ['Portfolio reviews (months)', 'Jan; Apr; Jul; Oct', null, null, null],
    ]);
    expect(grid.slice(clock + 3)).toEqual([
      [null, null, null, null, null],
      ['Zone shares', null, null, null, null],
      ['Development approach', 'A capture demand %', 'B build %', 'C release %', 'D roll out %'],
      ['Gate-based', 15, 55, 15, 15],
      ['Sprint-based', 10, 50, 10, 30],
      ['Change-request', 25, 45, 15, 15],
      ['Hybrid', 15, 50, 10, 25],
    ]);
  });

  it('default to two planning rounds and four quarterly reviews, and the gates\' default shares', () => {
    expect(DEFAULT_SETTINGS.roadmap).toEqual({ planningRounds: [3, 9], portfolioReviews: [1, 4, 7, 10], zoneShares: DEFAULT_ZONE_SHARES });
    expect(DEFAULT_ROADMAP_SETTINGS).toBe(DEFAULT_SETTINGS.roadmap);
    expect(settingsFromGrid(settingsToGrid(DEFAULT_SETTINGS))).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
  });

  it('keep their defaults when the sheet predates them', () => {
    const grid = settingsToGrid(DEFAULT_SETTINGS);
    const old = grid.slice(0, grid.findIndex((r) => r[0] === 'Annual clock') - 1).map((r) => r.slice(0, 4));
    expect(settingsFromGrid(old)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
  });

  it('take the DMO\'s months as names or numbers, and shares as whole percentages or fractions', () => {
    const grid: CellValue[][] = [
      ['Annual clock'],
      ['Planning rounds', 'October, april'],
      ['Portfolio reviews (months)', '2; 5; 8; 11'],
      [],
      ['Zone shares'],
      ['Development approach', 'A', 'B', 'C', 'D'],
      ['agile', 20, 40, 10, 30],
      ['Change request', '30%', '50%', null, '20%'],
    ];
    const { settings, problems } = settingsFromGrid(grid);
    expect(problems).toEqual([]);
    expect(settings.roadmap).toEqual({
      planningRounds: [4, 10],
      portfolioReviews: [2, 5, 8, 11],
      zoneShares: {
        ...DEFAULT_ZONE_SHARES,
        'sprint-based': { A: 0.2, B: 0.4, C: 0.1, D: 0.3 },
        'change-request': { A: 0.3, B: 0.5, C: 0, D: 0.2 },
      },
    });
    expect(settings.capacity).toBe(DEFAULT_SETTINGS.capacity);
  });

  it('report shares that do not add up to 100% with their cell and keep the default shares', () => {
    const grid = settingsToGrid(DEFAULT_SETTINGS);
    const gate = grid.findIndex((r) => r[0] === 'Gate-based');
    grid[gate][4] = 10;
    grid[gate + 1][2] = 'half';
    const { settings, problems } = settingsFromGrid(grid);
    expect(problems).toEqual([
      { row: gate + 1, col: 2, message: 'the zone shares of Gate-based add up to 95%, not 100%' },
      { row: gate + 2, col: 3, message: 'the share of zone B for Sprint-based must be a percentage of 0 or more' },
    ]);
    expect(settings.roadmap.zoneShares).toBe(DEFAULT_ZONE_SHARES);
  });

  it('report an error cell among the shares with its cell, rather than count it as a blank 0', () => {
    const grid = settingsToGrid(DEFAULT_SETTINGS);
    const cr = grid.findIndex((r) => r[0] === 'Change-request');
    grid[cr].splice(1, 4, 30, 50, 20, sheetError('#REF!', ''));
    const { settings, problems } = settingsFromGrid(grid);
    expect(problems).toEqual([{ row: cr + 1, col: 5, message: 'the share of zone D for Change-request must be a percentage of 0 or more' }]);
    expect(settings.roadmap.zoneShares).toBe(DEFAULT_ZONE_SHARES);
  });

  it('report an unknown or repeated approach, and a month that is none', () => {
    const grid = settingsToGrid(DEFAULT_SETTINGS);
    const clock = grid.findIndex((r) => r[0] === 'Annual clock');
    grid[clock + 1][1] = 'Mar; Sepember';
    const hybrid = grid.findIndex((r) => r[0] === 'Hybrid');
    grid[hybrid][0] = 'Kanban';
    grid.push(['gate', 25, 25, 25, 25]);
    const { settings, problems } = settingsFromGrid(grid);
    expect(problems).toEqual([
      { row: clock + 2, col: 2, message: 'planning rounds: "Sepember" is not a month (1-12 or Jan ... Dec)' },
      { row: hybrid + 1, col: 1, message: '"Kanban" is not a development approach (Gate-based, Sprint-based, Change-request, Hybrid)' },
      { row: hybrid + 2, col: 1, message: '"gate" gives the zone shares of Gate-based a second time (first in row ' + (hybrid - 2) + ')' },
    ]);
    expect(settings.roadmap).toEqual(DEFAULT_SETTINGS.roadmap);
  });

  it('read months from numbers, names and abbreviations', () => {
    expect(parseMonths(9)).toEqual([9]);
    expect(parseMonths('sept. Mar jan')).toEqual([1, 3, 9]);
    expect(parseMonths('4;4')).toEqual([4]);
    expect(parseMonths(null)).toEqual([]);
    expect(parseMonths(13)).toBe('13 is not a month number (1-12)');
    expect(parseMonths('Ma')).toBe('"Ma" is not a month (1-12 or Jan ... Dec)');
  });
});
