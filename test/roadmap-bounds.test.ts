// Lower bounds on the makespan and the exhaustive optimum, on cases worked out by hand.
import { isSheetError } from '../core';
import { RoadmapInitiative, RoadmapProblem } from '../core/roadmap/model';
import { exhaustiveOptimum, makespanLowerBound } from '../core/roadmap/bounds';

const MONTHS = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8', 'M9', 'M10'];

function problem(initiatives: RoadmapInitiative[], capacity: number[][] = [MONTHS.map(() => 2), MONTHS.map(() => 1)]): RoadmapProblem {
  return { initiatives, roles: ['Developer', 'Tester'], periods: MONTHS, capacity };
}

describe('makespanLowerBound', () => {
  it('takes the longer of the critical path and the busiest role', () => {
    const p = problem([
      { id: 'A', duration: 2, fte: [1, 0] },
      { id: 'B', duration: 3, fte: [1, 0], after: ['A'] },
      { id: 'C', duration: 1, fte: [0, 1], earliestStart: 4, after: ['A'] },
      { id: 'D', duration: 4, fte: [2, 0] },
    ]);
    // Chains: A then B ends after 5; A then C (not before M5) after 5; D after 4.
    // Developer work 2 + 3 + 8 = 13 FTE-months at 2 a month: 7 months. Tester: 1 month.
    expect(makespanLowerBound(p)).toEqual({ criticalPath: 5, resourceByRole: [7, 1], resource: 7, bound: 7 });
    // A bound, not the optimum: D takes both developers for four months and nothing of A-B
    // can run beside it, so the best plan ends after 4 + 5 = 9.
    const exact = exhaustiveOptimum(p);
    expect(isSheetError(exact) ? exact.message : exact.makespan).toBe(9);
  });

  it('lets the critical path wait for a period whose capacity can hold the initiative at all', () => {
    // Developer has room for 2 only from M4 on: A cannot start earlier whatever else happens.
    const p = problem([{ id: 'A', duration: 2, fte: [2, 0] }], [[1, 1, 1, 2, 2, 2, 2, 2, 2, 2], MONTHS.map(() => 1)]);
    expect(makespanLowerBound(p)).toMatchObject({ criticalPath: 5 });
  });

  it('counts pinned work where it is and only the capacity it leaves for the rest', () => {
    const p = problem([
      { id: 'P', duration: 2, fte: [2, 0], pinnedStart: 0 },
      { id: 'A', duration: 2, fte: [1, 0] },
    ]);
    // P holds both developers in M1-M2; A's 2 FTE-months fit M3 at the earliest (2 a month).
    expect(makespanLowerBound(p)).toEqual({ criticalPath: 2, resourceByRole: [3, 0], resource: 3, bound: 3 });
  });

  it('says there is no bound when a role\'s work does not fit the whole horizon', () => {
    const p = problem(Array.from({ length: 6 }, (_, i) => ({ id: `I${i}`, duration: 4, fte: [1, 0] })));
    // 24 FTE-months of development, 20 in the horizon.
    expect(makespanLowerBound(p)).toMatchObject({ resourceByRole: [null, 0], resource: null, bound: null });
  });

  it('leaves out what cannot be placed at all, and what waits for it', () => {
    const p = problem([
      { id: 'Big', duration: 9, fte: [3, 0] },
      { id: 'After', duration: 9, fte: [0, 1], after: ['Big'] },
      { id: 'A', duration: 2, fte: [1, 0] },
    ]);
    expect(makespanLowerBound(p)).toEqual({ criticalPath: 2, resourceByRole: [1, 0], resource: 1, bound: 2 });
  });
});

describe('exhaustiveOptimum', () => {
  it('finds an order the priority rule misses', () => {
    // In table order A, B, C, D the serial scheme ends after 7 months; B first ends after 6.
    const p: RoadmapProblem = {
      roles: ['Developer'],
      periods: MONTHS,
      capacity: [MONTHS.map(() => 2)],
      initiatives: [
        { id: 'A', duration: 1, fte: [1] },
        { id: 'B', duration: 1, fte: [2] },
        { id: 'C', duration: 3, fte: [1] },
        { id: 'D', duration: 2, fte: [2] },
      ],
    };
    expect(exhaustiveOptimum(p)).toEqual({ placed: 4, makespan: 6, weightedCompletion: 25, lists: 24 });
  });

  it('refuses more initiatives than it can try in a test', () => {
    const p = problem(Array.from({ length: 9 }, (_, i) => ({ id: `I${i}`, duration: 1, fte: [0, 0] })));
    expect(() => exhaustiveOptimum(p)).toThrow(new RangeError('exhaustiveOptimum: 9 movable initiatives, at most 8'));
  });

  it('passes on an input error', () => {
    expect(exhaustiveOptimum(problem([{ id: 'A', duration: 1, fte: [0, 0], after: ['A'] }]))).toMatchObject({ code: '#VALUE!' });
  });
});
