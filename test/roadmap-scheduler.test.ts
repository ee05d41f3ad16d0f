// The roadmap scheduler on small cases worked out by hand: where each initiative goes, why it is
// late, what cannot be placed and why, what pinned dates do, and the difference the improvement
// makes.
import { isSheetError } from '../core';
import { RoadmapInitiative, RoadmapProblem, priorityOrderFrom } from '../core/roadmap/model';
import { RoadmapPlan, Schedule, planRoadmap, serialSchedule } from '../core/roadmap/scheduler';

const QUARTERS = ['Q1 2027', 'Q2 2027', 'Q3 2027', 'Q4 2027', 'Q1 2028', 'Q2 2028', 'Q3 2028', 'Q4 2028'];

/** Developer and Analyst, 2 FTE each in every quarter of 2027-2028, unless told otherwise. */
function problem(initiatives: RoadmapInitiative[], extra: Partial<RoadmapProblem> = {}): RoadmapProblem {
  return { initiatives, roles: ['Developer', 'Analyst'], periods: QUARTERS, capacity: [QUARTERS.map(() => 2), QUARTERS.map(() => 2)], ...extra };
}

function schedule(p: RoadmapProblem): Schedule {
  const s = serialSchedule(p);
  if (isSheetError(s)) throw new Error(s.message);
  return s;
}

function plan(p: RoadmapProblem, options?: Parameters<typeof planRoadmap>[1]): RoadmapPlan {
  const s = planRoadmap(p, options);
  if (isSheetError(s)) throw new Error(s.message);
  return s;
}

/** id: start-end and reasons, one line each, easy to read in a failure. */
const lines = (s: Schedule) => s.initiatives.map((x) => `${x.id}: ${x.start ?? '-'}-${x.end ?? '-'}${x.reasons.length ? ` (${x.reasons.join('; ')})` : ''}`);

describe('serial schedule generation', () => {
  it('places in priority order at the earliest period with room, and says why each delayed one waits', () => {
    const s = schedule(
      problem([
        { id: 'A', duration: 2, fte: [2, 0] },
        { id: 'B', duration: 1, fte: [1, 1] },
        { id: 'C', duration: 1, fte: [0, 1], after: ['A'] },
        { id: 'D', duration: 1, fte: [0, 1], earliestStart: 1 },
        { id: 'E', duration: 1, fte: [2, 0], after: ['A'] },
      ]),
    );
    expect(lines(s)).toEqual([
      'A: 0-1',
      // A takes both developers in Q1 and Q2 2027.
      'B: 2-2 (Developer capacity full until Q2 2027)',
      'C: 2-2 (waits for A)',
      // Starts at its earliest start: not delayed, no reason.
      'D: 1-1',
      // Ready in Q3 2027 (after A), where B holds one of the two developers.
      'E: 3-3 (waits for A; Developer capacity full in Q3 2027)',
    ]);
    expect(s.initiatives.map((x) => x.delay)).toEqual([0, 2, 2, 0, 3]);
    expect(s.makespan).toBe(4);
    expect(s.unplaceable).toEqual([]);
    expect(s.findings).toEqual([]);
    expect(s.load).toEqual([
      [2, 2, 1, 2, 0, 0, 0, 0],
      [0, 1, 2, 0, 0, 0, 0, 0],
    ]);
  });

  it('takes the priority order from a WSJF or rank column', () => {
    const items: RoadmapInitiative[] = [
      { id: 'A', duration: 2, fte: [2, 0] },
      { id: 'B', duration: 2, fte: [2, 0] },
      { id: 'C', duration: 1, fte: [2, 0] },
    ];
    const byWsjf = schedule(problem(items, { priorityOrder: priorityOrderFrom([3, 8, 5], 'highest-first') }));
    expect(lines(byWsjf)).toEqual(['A: 3-4 (Developer capacity full until Q3 2027)', 'B: 0-1', 'C: 2-2 (Developer capacity full until Q2 2027)']);
    // A rank: lowest first; a blank rank goes last; equal ranks keep table order.
    expect(priorityOrderFrom([2, null, 1, 2], 'lowest-first')).toEqual([2, 0, 3, 1]);
    expect(priorityOrderFrom([2, Number.NaN, 7, 7], 'highest-first')).toEqual([2, 3, 0, 1]);
  });

  it('weights completion by priority: n for the top down to 1', () => {
    const s = schedule(problem([{ id: 'A', duration: 2, fte: [2, 0] }, { id: 'B', duration: 1, fte: [2, 0] }]));
    // A ends after 2 periods (weight 2), B after 3 (weight 1).
    expect(s.weightedCompletion).toBe(2 * 2 + 1 * 3);
  });

  it('fits decimal FTE that add up exactly to the capacity', () => {
    const s = schedule(
      problem([0.1, 0.2, 0.3, 0.4].map((f, k) => ({ id: `I${k}`, duration: 1, fte: [f, 0] })), {
        capacity: [QUARTERS.map(() => 1), QUARTERS.map(() => 0)],
      }),
    );
    expect(s.initiatives.map((x) => x.start)).toEqual([0, 0, 0, 0]);
  });
});

describe('what cannot be placed is listed with its reason', () => {
  it('lists too big, too long, too late, waiting for the unplaceable, crowded out and pinned past the horizon', () => {
    const s = schedule(
      problem([
        { id: 'Big', duration: 1, fte: [3, 0] },
        { id: 'Long', duration: 9, fte: [1, 0] },
        { id: 'Late', duration: 2, fte: [0, 1], earliestStart: 8 },
        { id: 'Needs', duration: 1, fte: [0, 1], after: ['Big'] },
        { id: 'Crowd1', duration: 7, fte: [0, 2] },
        { id: 'Crowd2', duration: 2, fte: [0, 1] },
        { id: 'Tail', duration: 2, fte: [0, 0], after: ['Crowd1'] },
        { id: 'PinOut', duration: 3, fte: [0, 0], pinnedStart: 6 },
      ]),
    );
    expect(s.unplaceable).toEqual([
      { id: 'Big', reason: 'needs 3 FTE Developer in every period it runs; Developer never has more than 2 plannable' },
      { id: 'Long', reason: 'needs 9 periods from its earliest start in Q1 2027; the horizon ends with Q4 2028' },
      { id: 'Late', reason: 'earliest start (period 9) is after the horizon ends with Q4 2028' },
      { id: 'Needs', reason: 'waits for Big, which cannot be placed' },
      { id: 'Crowd2', reason: 'no room before the horizon ends: Analyst capacity full until Q3 2028' },
      { id: 'Tail', reason: 'waits for Crowd1 (until Q3 2028), then needs 2 periods; the horizon ends with Q4 2028' },
      { id: 'PinOut', reason: 'pinned to start in Q3 2028 but needs 3 periods; the horizon ends with Q4 2028' },
    ]);
    // Listed, not dropped: every initiative is still in the schedule, unplaced ones with null dates.
    expect(s.initiatives.map((x) => x.id)).toEqual(['Big', 'Long', 'Late', 'Needs', 'Crowd1', 'Crowd2', 'Tail', 'PinOut']);
    expect(s.initiatives.filter((x) => x.start === null).map((x) => x.reasons)).toEqual(s.unplaceable.map((u) => [u.reason]));
    expect(lines(s)[4]).toBe('Crowd1: 0-6');
  });

  it('says when no stretch of periods has room even though single periods do', () => {
    const s = schedule(problem([{ id: 'A', duration: 2, fte: [2, 0] }], { capacity: [[2, 1, 2, 1, 2, 1, 2, 1], QUARTERS.map(() => 2)] }));
    expect(s.unplaceable).toEqual([{ id: 'A', reason: 'no 2 consecutive periods from Q1 2027 on have room for it (Developer has 1 in Q2 2027, it needs 2)' }]);
  });

  it('says when a capacity dip, not other work, holds an initiative back', () => {
    const s = schedule(problem([{ id: 'A', duration: 1, fte: [2, 0] }], { capacity: [[1, 1, 2, 2, 2, 2, 2, 2], QUARTERS.map(() => 2)] }));
    expect(lines(s)).toEqual(['A: 2-2 (Developer capacity below its need until Q2 2027 (2 FTE, 1 plannable))']);
  });

  it('names the last period a role blocks, not the first: a start two years out says until when; a second role only for what the first does not explain', () => {
    const s = schedule(
      problem([
        // Both developers from Q1 2027 to Q1 2028.
        { id: 'Long', duration: 5, fte: [2, 0] },
        // Both analysts in Q3 2027 (already explained by the developers for Late) and Q2 2028.
        { id: 'Audit', duration: 1, fte: [0, 2], pinnedStart: 2 },
        { id: 'Review', duration: 1, fte: [0, 2], pinnedStart: 5 },
        { id: 'Late', duration: 1, fte: [1, 1] },
        // One blocked period only: "in".
        { id: 'Short', duration: 1, fte: [0, 1], earliestStart: 5 },
      ]),
    );
    expect(lines(s)).toEqual([
      'Long: 0-4',
      'Audit: 2-2 (pinned)',
      'Review: 5-5 (pinned)',
      'Late: 6-6 (Developer capacity full until Q1 2028, Analyst capacity full in Q2 2028)',
      'Short: 6-6 (Analyst capacity full in Q2 2028)',
    ]);
  });
});

describe('pinned dates', () => {
  it('keeps pinned dates even when they overload a role, and reports the overload', () => {
    const p = problem([
      { id: 'P1', duration: 2, fte: [2, 0], pinnedStart: 1 },
      { id: 'P2', duration: 1, fte: [1, 1], pinnedStart: 2 },
      { id: 'A', duration: 1, fte: [1, 0] },
      { id: 'B', duration: 1, fte: [1, 0] },
      { id: 'C', duration: 1, fte: [1, 0] },
    ]);
    const s = schedule(p);
    expect(lines(s)).toEqual(['P1: 1-2 (pinned)', 'P2: 2-2 (pinned)', 'A: 0-0', 'B: 0-0', 'C: 3-3 (Developer capacity full until Q3 2027)']);
    expect(s.findings).toEqual([
      {
        kind: 'overload',
        role: 'Developer',
        period: 2,
        planned: 3,
        capacity: 2,
        pinned: ['P1', 'P2'],
        message: 'Developer overloaded in Q3 2027: 3 FTE planned, 2 plannable (pinned: P1, P2)',
      },
    ]);
    // The improvement never moves them either.
    const improved = plan(p).improved;
    expect(improved.initiatives.slice(0, 2).map((x) => [x.start, x.pinned])).toEqual([
      [1, true],
      [2, true],
    ]);
  });

  it('plans what a pinned initiative waits for first, and reports a pinned date that cannot wait', () => {
    // Q is the lowest priority but P, pinned to Q2 2027, waits for it: Q goes first, H yields.
    const kept = schedule(
      problem([
        { id: 'H', duration: 2, fte: [2, 0] },
        { id: 'P', duration: 1, fte: [0, 1], pinnedStart: 1, after: ['Q'] },
        { id: 'Q', duration: 1, fte: [1, 0] },
      ]),
    );
    expect(lines(kept)).toEqual(['H: 1-2 (Developer capacity full in Q1 2027)', 'P: 1-1 (pinned)', 'Q: 0-0']);
    expect(kept.findings).toEqual([]);

    // Pinned to the first quarter, R cannot wait for H: kept, and said.
    const broken = schedule(
      problem([
        { id: 'H', duration: 2, fte: [2, 0] },
        { id: 'R', duration: 1, fte: [0, 0], pinnedStart: 0, after: ['H'] },
      ]),
    );
    expect(lines(broken)).toEqual(['H: 0-1', 'R: 0-0']);
    expect(broken.findings).toEqual([{ kind: 'pinned-dependency', id: 'R', waitsFor: 'H', message: 'R is pinned to start in Q1 2027 but waits for H, which ends in Q2 2027' }]);
  });

  it('lets a pinned date come before the earliest start, with no reason (it is not late)', () => {
    const s = schedule(problem([{ id: 'P', duration: 1, fte: [1, 0], pinnedStart: 0, earliestStart: 3 }]));
    expect(s.initiatives[0]).toMatchObject({ start: 0, delay: 0, reasons: [] });
  });
});

describe('input the scheduler refuses', () => {
  const error = (p: RoadmapProblem) => {
    const r = serialSchedule(p);
    return isSheetError(r) ? r.message : 'no error';
  };

  it('names a dependency cycle', () => {
    const r = serialSchedule(
      problem([
        { id: 'A', duration: 1, fte: [0, 0], after: ['C'] },
        { id: 'B', duration: 1, fte: [0, 0], after: ['A'] },
        { id: 'C', duration: 1, fte: [0, 0], after: ['B'] },
      ]),
    );
    expect(r).toMatchObject({ kind: 'sheet-error', code: '#VALUE!', message: 'Dependencies form a cycle: A -> B -> C -> A (each must finish before the next starts).', cycle: ['A', 'B', 'C', 'A'] });
    // Starts at the first table row in the cycle, whatever else comes first.
    expect(
      error(
        problem([
          { id: 'X', duration: 1, fte: [0, 0] },
          { id: 'B', duration: 1, fte: [0, 0], after: ['C', 'X'] },
          { id: 'C', duration: 1, fte: [0, 0], after: ['B'] },
        ]),
      ),
    ).toBe('Dependencies form a cycle: B -> C -> B (each must finish before the next starts).');
    expect(error(problem([{ id: 'S', duration: 1, fte: [0, 0], after: ['S'] }]))).toBe('Dependencies form a cycle: S -> S (each must finish before the next starts).');
  });

  it('says what is wrong with the table', () => {
    const one = (it: Partial<RoadmapInitiative>) => problem([{ id: 'A', duration: 1, fte: [1, 0], ...it }]);
    expect(error(problem([{ id: 'A', duration: 1, fte: [0, 0] }, { id: 'A', duration: 1, fte: [0, 0] }]))).toBe('Initiative ids must be unique: "A" appears more than once.');
    expect(error(one({ after: ['Z'] }))).toBe('Initiative A waits for "Z", which is not in the list.');
    expect(error(one({ duration: 1.5 }))).toBe('Initiative A: duration must be a whole number of periods, at least 1 (got 1.5).');
    expect(error(one({ duration: 0 }))).toBe('Initiative A: duration must be a whole number of periods, at least 1 (got 0).');
    expect(error(one({ fte: [1] }))).toBe('Initiative A: needs one FTE figure per role (2), got 1.');
    expect(error(one({ fte: [Number.NaN, 0] }))).toBe('Initiative A: FTE for Developer must be a number of at least 0 (got NaN).');
    expect(error(one({ earliestStart: -1 }))).toBe('Initiative A: earliest start must be a period index from 0 (got -1).');
    expect(error(one({ pinnedStart: 0.5 }))).toBe('Initiative A: pinned start must be a period index from 0 (got 0.5).');
    expect(error(one({ id: ' ' }))).toBe('Initiative 1 has no id.');
    expect(error(problem([], { periods: [], capacity: [[], []] }))).toBe('The roadmap horizon has no periods.');
    expect(error(problem([], { capacity: [[1]] }))).toBe('Capacity needs one row per role (2), got 1.');
    expect(error(problem([], { capacity: [QUARTERS.map(() => 1), [1, 2]] }))).toBe('Capacity of Analyst needs one figure per period (8), got 2.');
    expect(error(problem([], { capacity: [QUARTERS.map(() => -1), QUARTERS.map(() => 1)] }))).toBe('Capacity of Developer in Q1 2027 must be a number of at least 0 (got -1).');
    expect(error(problem([{ id: 'A', duration: 1, fte: [0, 0] }], { priorityOrder: [1] }))).toBe('The priority order must list every initiative once; position 1 holds 1.');
    expect(error(problem([{ id: 'A', duration: 1, fte: [0, 0] }], { priorityOrder: [] }))).toBe('The priority order must list every initiative once (1), got 0.');
  });

  it('answers an empty portfolio with an empty roadmap', () => {
    expect(schedule(problem([]))).toMatchObject({ initiatives: [], unplaceable: [], findings: [], makespan: 0, weightedCompletion: 0 });
  });
});

describe('improvement', () => {
  const ONE_ROLE = { roles: ['Developer'], periods: ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8'], capacity: [[2, 2, 2, 2, 2, 2, 2, 2]] };

  it('shortens the roadmap and finishes priority work sooner overall (forward-backward)', () => {
    const p: RoadmapProblem = {
      ...ONE_ROLE,
      initiatives: [
        { id: 'A', duration: 1, fte: [1] },
        { id: 'B', duration: 1, fte: [2] },
        { id: 'C', duration: 3, fte: [1] },
        { id: 'D', duration: 2, fte: [2] },
      ],
    };
    const r = plan(p);
    // Baseline: A takes one developer in M1, so B waits to M2 and C, needing M1-M3, to M3.
    expect(lines(r.baseline)).toEqual(['A: 0-0', 'B: 1-1 (Developer capacity full in M1)', 'C: 2-4 (Developer capacity full in M2)', 'D: 5-6 (Developer capacity full until M5)']);
    // Improved: B first, then A and C side by side; one period shorter (the optimum, 6).
    expect(lines(r.improved)).toEqual(['A: 1-1 (Developer capacity full in M1)', 'B: 0-0', 'C: 1-3 (Developer capacity full in M1)', 'D: 4-5 (Developer capacity full until M4)']);
    expect([r.baseline.makespan, r.improved.makespan]).toEqual([7, 6]);
    // 4x1 + 3x2 + 2x5 + 1x7 = 27 before; 4x2 + 3x1 + 2x4 + 1x6 = 25 after.
    expect([r.baseline.weightedCompletion, r.improved.weightedCompletion]).toEqual([27, 25]);
    expect(r.rounds).toBe(1);
  });

  it('keeps the baseline when a shorter roadmap would finish priority work later, unless asked for the shortest', () => {
    const p: RoadmapProblem = {
      ...ONE_ROLE,
      initiatives: [
        { id: 'A', duration: 2, fte: [1] },
        { id: 'B', duration: 1, fte: [1] },
        { id: 'C', duration: 3, fte: [1] },
        { id: 'D', duration: 1, fte: [2], after: ['C'] },
      ],
    };
    const r = plan(p);
    expect(lines(r.baseline)).toEqual(['A: 0-1', 'B: 0-0', 'C: 1-3 (Developer capacity full in M1)', 'D: 4-4 (waits for C)']);
    expect(lines(r.improved)).toEqual(lines(r.baseline));
    expect(r.rounds).toBe(0);
    // C first would end a period sooner, but A (the top priority) would finish a period later:
    // 4x3 + 3x1 + 2x3 + 1x4 = 25 against 4x2 + 3x1 + 2x4 + 1x5 = 24.
    const shortest = plan(p, { objective: 'makespan' });
    expect(lines(shortest.improved)).toEqual(['A: 1-2 (Developer capacity full in M1)', 'B: 0-0', 'C: 0-2', 'D: 3-3 (waits for C)']);
    expect([r.baseline.makespan, r.baseline.weightedCompletion]).toEqual([5, 24]);
    expect([shortest.improved.makespan, shortest.improved.weightedCompletion]).toEqual([4, 25]);
  });

  it('gives the same plan for the same input', () => {
    const p = problem([
      { id: 'A', duration: 2, fte: [2, 0] },
      { id: 'B', duration: 1, fte: [1, 1], after: ['A'] },
      { id: 'C', duration: 3, fte: [1, 2], earliestStart: 1 },
      { id: 'D', duration: 1, fte: [2, 0], pinnedStart: 2 },
    ]);
    expect(plan(p)).toEqual(plan(JSON.parse(JSON.stringify(p)) as RoadmapProblem));
  });
});
