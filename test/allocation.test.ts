// Allocation: selective resourcing (the top initiatives get their full team before the next
// starts) against even spreading (everyone gets a share), finish periods and the value each way
// delivers within the horizon.
import fc from 'fast-check';
import { AllocationInput, AllocationPlan, Workload, allocateEvenly, allocateSelective, compareThroughput, toAllocations } from '../core/capacity/allocation';

/** FC_SEED=123 replays a failure's seed; FC_RUNS=20 runs every property 20 times as often. */
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const FACTOR = Math.max(1, Number(process.env.FC_RUNS) || 1);
const runs = (numRuns: number): fc.Parameters<unknown> => ({ numRuns: numRuns * FACTOR, ...(SEED === undefined ? {} : { seed: SEED }) });

const TOL = 1e-9;

/** A workload; fte is per role, earliest start 0 unless given. */
const item = (id: string, value: number, duration: number, fte: number[], earliestStart = 0): Workload => ({ id, value, duration, fte, earliestStart });

/** One role, "Developer", with the same plannable FTE in each of n periods. */
function oneRole(workloads: Workload[], fte: number | number[], n = Array.isArray(fte) ? fte.length : 6): AllocationInput {
  return {
    workloads,
    roles: ['Developer'],
    periods: Array.from({ length: n }, (_, p) => `M${p + 1}`),
    capacity: [Array.isArray(fte) ? fte : new Array<number>(n).fill(fte)],
  };
}

/** A plan's FTE for one workload and role, period by period. */
const row = (plan: AllocationPlan, w: number, r = 0) => plan.fte[w][r];

describe('selective resourcing on the classic case: three equal initiatives, one team', () => {
  // Six developers; each initiative needs all six for two months (12 FTE-months).
  const three = [item('A', 30, 2, [6]), item('B', 20, 2, [6]), item('C', 10, 2, [6])];

  it('finishes the top initiative in month 2 where even spreading finishes all three in month 6', () => {
    const selective = allocateSelective(oneRole(three, 6, 6));
    expect(selective.strategy).toBe('selective');
    expect(row(selective, 0)).toEqual([6, 6, 0, 0, 0, 0]);
    expect(row(selective, 1)).toEqual([0, 0, 6, 6, 0, 0]);
    expect(row(selective, 2)).toEqual([0, 0, 0, 0, 6, 6]);
    expect(selective.start).toEqual([0, 2, 4]);
    expect(selective.finish).toEqual([1, 3, 5]);

    const even = allocateEvenly(oneRole(three, 6, 6));
    expect(even.strategy).toBe('even');
    for (let w = 0; w < 3; w++) expect(row(even, w)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(even.start).toEqual([0, 0, 0]);
    expect(even.finish).toEqual([5, 5, 5]);
    // Within six months both deliver everything ...
    expect(selective.valueDelivered).toBe(60);
    expect(even.valueDelivered).toBe(60);
  });

  it('delivers more value within a five-month horizon: 50 against nothing', () => {
    const { selective, even, gain } = compareThroughput(oneRole(three, 6, 5));
    expect(selective.finish).toEqual([1, 3, null]);
    expect(selective.start).toEqual([0, 2, 4]);
    expect(row(selective, 2)).toEqual([0, 0, 0, 0, 6]);
    expect(selective.valueDelivered).toBe(50);
    expect(even.finish).toEqual([null, null, null]);
    expect(even.valueDelivered).toBe(0);
    expect(gain).toBe(50);
  });
});

describe('selective resourcing', () => {
  it('starts an initiative only when every role it needs has its full FTE left, and lets a smaller one use the idle people', () => {
    // Developers 4, testers 1. A takes 2 dev + the tester for two months; B needs the tester too
    // and waits; C needs no tester and starts at once beside A.
    const input: AllocationInput = {
      workloads: [item('A', 1, 2, [2, 1]), item('B', 1, 1, [2, 1]), item('C', 1, 1, [2, 0])],
      roles: ['Developer', 'Tester'],
      periods: ['M1', 'M2', 'M3'],
      capacity: [
        [4, 4, 4],
        [1, 1, 1],
      ],
    };
    const plan = allocateSelective(input);
    expect(plan.fte[0]).toEqual([
      [2, 2, 0],
      [1, 1, 0],
    ]);
    expect(plan.fte[1]).toEqual([
      [0, 0, 2],
      [0, 0, 1],
    ]);
    expect(plan.fte[2]).toEqual([
      [2, 0, 0],
      [0, 0, 0],
    ]);
    expect(plan.start).toEqual([0, 2, 0]);
    expect(plan.finish).toEqual([1, 2, 0]);
    expect(plan.valueDelivered).toBe(3);
  });

  it('respects the earliest start', () => {
    const plan = allocateSelective(oneRole([item('A', 5, 2, [3], 2), item('B', 5, 1, [3])], 12, 5));
    expect(row(plan, 0)).toEqual([0, 0, 3, 3, 0]);
    expect(plan.start).toEqual([2, 0]);
    expect(plan.finish).toEqual([3, 0]);
  });

  it('never starts an initiative that needs more of a role than the role ever has (start and finish null), and staffs the next', () => {
    const plan = allocateSelective(oneRole([item('Big', 100, 1, [8]), item('Small', 1, 2, [3])], 6, 4));
    expect(row(plan, 0)).toEqual([0, 0, 0, 0]);
    expect(plan.start[0]).toBeNull();
    expect(plan.finish[0]).toBeNull();
    expect(row(plan, 1)).toEqual([3, 3, 0, 0]);
    expect(plan.finish[1]).toBe(1);
    expect(plan.valueDelivered).toBe(1);
  });

  it('keeps people on a running initiative before starting a higher-priority one that became available', () => {
    // A (first priority) may start in month 2 only; B started in month 1 and keeps the team.
    const plan = allocateSelective(oneRole([item('A', 9, 1, [4], 1), item('B', 1, 3, [4])], 4, 5));
    expect(row(plan, 1)).toEqual([4, 4, 4, 0, 0]);
    expect(row(plan, 0)).toEqual([0, 0, 0, 4, 0]);
    expect(plan.start).toEqual([3, 0]);
    expect(plan.finish).toEqual([3, 2]);
  });

  it('gives a running initiative what people there are when capacity drops, and it finishes later', () => {
    const plan = allocateSelective(oneRole([item('A', 1, 2, [4])], [4, 2, 4, 4]));
    expect(row(plan, 0)).toEqual([4, 2, 2, 0]);
    expect(plan.finish).toEqual([2]);
  });

  it('ends a fractional duration part-way: 1.5 months at 2 FTE is 2 then 1', () => {
    const plan = allocateSelective(oneRole([item('A', 1, 1.5, [2])], 4, 3));
    expect(row(plan, 0)).toEqual([2, 1, 0]);
    expect(plan.finish).toEqual([1]);
  });

  it('finishes on time despite floating-point sums (3 × 0.1 FTE-months)', () => {
    const plan = allocateSelective(oneRole([item('A', 1, 3, [0.1]), item('B', 1, 1, [0.3])], 0.1 + 0.3, 4));
    expect(plan.finish).toEqual([2, 0]);
    expect(row(plan, 0)).toEqual([0.1, 0.1, 0.1, 0]);
  });
});

describe('even spreading', () => {
  it('shares a role equally, giving no one more than it asks (water-filling)', () => {
    // 6 developers among needs of 1, 4 and 4: 1 for the small one, 2.5 each for the others.
    const plan = allocateEvenly(oneRole([item('A', 1, 1, [1]), item('B', 1, 4, [4]), item('C', 1, 4, [4])], 6, 1));
    expect(plan.fte.map((w) => w[0][0])).toEqual([1, 2.5, 2.5]);
    expect(plan.finish).toEqual([0, null, null]);
    expect(plan.start).toEqual([0, 0, 0]);
  });

  it('counts an initiative from its earliest start only', () => {
    const plan = allocateEvenly(oneRole([item('A', 1, 2, [4]), item('B', 1, 1, [4], 1)], 4, 3));
    expect(row(plan, 0)).toEqual([4, 2, 2]);
    expect(row(plan, 1)).toEqual([0, 2, 2]);
    expect(plan.start).toEqual([0, 1]);
    expect(plan.finish).toEqual([2, 2]);
  });
});

describe('toAllocations', () => {
  it('lists every positive allocation with role and period names, for the plan lint', () => {
    const input = oneRole([item('A', 1, 1, [2]), item('B', 1, 1, [2])], 2, 2);
    expect(toAllocations(input, allocateSelective(input))).toEqual([
      { initiative: 'A', role: 'Developer', period: 'M1', fte: 2 },
      { initiative: 'B', role: 'Developer', period: 'M2', fte: 2 },
    ]);
  });
});

describe('bad numbers from a caller in code', () => {
  it('counts NaN, negative and infinite quantities as nothing and never answers NaN', () => {
    const input: AllocationInput = {
      workloads: [item('NaN', NaN, 2, [NaN, 1]), item('Neg', 5, -1, [1, 1]), item('Inf', Infinity, Infinity, [Infinity, 1], Infinity), item('Ok', 7, 1, [1, -3])],
      roles: ['Dev', 'Test'],
      periods: ['M1', 'M2'],
      capacity: [[NaN, 2], [-1]],
    };
    for (const plan of [allocateSelective(input), allocateEvenly(input)]) {
      const cells = plan.fte.flat(2);
      expect(cells.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
      expect(Number.isFinite(plan.valueDelivered)).toBe(true);
    }
    // "Neg" needs nothing (no duration) and "Ok" only developers: both finish in M1 without people.
    expect(allocateSelective(input).finish).toEqual([null, 0, null, 1]);
    expect(allocateSelective(input).valueDelivered).toBe(12);
  });

  it('plans nothing without periods or workloads', () => {
    expect(allocateSelective(oneRole([], 4, 3))).toEqual({ strategy: 'selective', fte: [], start: [], finish: [], valueDelivered: 0 });
    expect(allocateEvenly(oneRole([item('A', 1, 1, [1])], 4, 0))).toEqual({ strategy: 'even', fte: [[[]]], start: [null], finish: [null], valueDelivered: 0 });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random small portfolios.

const inputArb: fc.Arbitrary<AllocationInput> = fc
  .record({ roles: fc.integer({ min: 1, max: 3 }), periods: fc.integer({ min: 1, max: 8 }), workloads: fc.integer({ min: 0, max: 7 }), constant: fc.boolean() })
  .chain(({ roles, periods, workloads, constant }) => {
    const fte = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.double({ min: 0.1, max: 4, noNaN: true }));
    const cap = fc.oneof(fc.integer({ min: 0, max: 8 }), fc.double({ min: 0, max: 8, noNaN: true }));
    const capacityRow = constant ? cap.map((x) => new Array<number>(periods).fill(x)) : fc.array(cap, { minLength: periods, maxLength: periods });
    return fc.record({
      workloads: fc.array(
        fc.record({
          value: fc.integer({ min: 0, max: 100 }),
          duration: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 16 }).map((q) => q / 4)),
          fte: fc.array(fte, { minLength: roles, maxLength: roles }),
          earliestStart: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: periods })),
        }),
        { minLength: workloads, maxLength: workloads },
      ),
      capacity: fc.array(capacityRow, { minLength: roles, maxLength: roles }),
    }).map((x) => ({
      workloads: x.workloads.map((w, i) => ({ id: `I${i + 1}`, ...w })),
      roles: Array.from({ length: roles }, (_, r) => `R${r + 1}`),
      periods: Array.from({ length: periods }, (_, p) => `P${p + 1}`),
      capacity: x.capacity,
    }));
  });

/** A failed invariant, said in words (expect() in these loops would dominate the run time). */
function ensure(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

/** Invariants both strategies keep. */
function checkCommon(input: AllocationInput, plan: AllocationPlan): void {
  const { workloads, roles, periods, capacity } = input;
  for (let r = 0; r < roles.length; r++) {
    for (let p = 0; p < periods.length; p++) {
      let load = 0;
      for (let w = 0; w < workloads.length; w++) load += plan.fte[w][r][p];
      ensure(load <= capacity[r][p] + TOL, `${plan.strategy}: ${roles[r]} in ${periods[p]} planned ${load} of ${capacity[r][p]}`);
    }
  }
  let value = 0;
  workloads.forEach((wl, w) => {
    const start = plan.start[w];
    const finish = plan.finish[w];
    for (let r = 0; r < roles.length; r++) {
      const need = wl.duration * wl.fte[r];
      let given = 0;
      const at = `${plan.strategy}: ${wl.id} ${roles[r]}`;
      plan.fte[w][r].forEach((x, p) => {
        ensure(Number.isFinite(x) && x >= 0, `${at} in ${periods[p]} got ${x}`);
        // Never more than full staffing, never before the earliest start or outside start and finish.
        ensure(x <= wl.fte[r] + TOL, `${at} in ${periods[p]} got ${x} of ${wl.fte[r]} at full staffing`);
        if (x > 0) {
          ensure(p >= wl.earliestStart, `${at} staffed in ${periods[p]} before its earliest start`);
          ensure(start !== null && p >= start, `${at} staffed in ${periods[p]} before its start ${start}`);
          ensure(finish === null || p <= finish, `${at} staffed in ${periods[p]} after its finish ${finish}`);
        }
        given += x;
      });
      // Work never exceeds need, and a finished workload got all of it.
      ensure(given <= need + TOL * Math.max(1, need), `${at} got ${given} of a need of ${need}`);
      ensure(finish === null || given >= need - 1e-6 * Math.max(1, need), `${at} finished with ${given} of ${need}`);
    }
    if (finish !== null) {
      ensure(start !== null && finish >= start, `${plan.strategy}: ${wl.id} finished in ${finish} but started in ${start}`);
      value += wl.value;
    }
    ensure(start === null || start >= wl.earliestStart, `${plan.strategy}: ${wl.id} started in ${start} before ${wl.earliestStart}`);
  });
  expect(plan.valueDelivered).toBe(value);
}

describe('properties', () => {
  it('neither strategy exceeds capacity, staffs beyond need or outside start and finish, and value counts finished work', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        checkCommon(input, allocateSelective(input));
        checkCommon(input, allocateEvenly(input));
      }),
      runs(300),
    );
  });

  it('selective resourcing starts every initiative on its full team (no crumbs at the start)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = allocateSelective(input);
        input.workloads.forEach((wl, w) => {
          const start = plan.start[w];
          if (start === null) return;
          for (let r = 0; r < input.roles.length; r++) {
            const firstPeriod = Math.min(wl.fte[r], wl.duration * wl.fte[r]);
            expect(plan.fte[w][r][start]).toBeGreaterThanOrEqual(firstPeriod - TOL);
          }
        });
      }),
      runs(300),
    );
  });

  it('with the same capacity every period, a started initiative runs at full staffing until done, so it finishes after its duration', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const constant = input.capacity.every((row) => row.every((x) => x === row[0]));
        fc.pre(constant);
        const plan = allocateSelective(input);
        const last = input.periods.length - 1;
        input.workloads.forEach((wl, w) => {
          const start = plan.start[w];
          if (start === null || wl.fte.every((x) => x === 0)) return;
          const periodsNeeded = Math.ceil(wl.duration);
          const end = Math.min(start + periodsNeeded - 1, last);
          expect(plan.finish[w]).toBe(start + periodsNeeded - 1 <= last ? end : null);
          for (let r = 0; r < input.roles.length; r++) {
            for (let p = start; p < end; p++) expect(plan.fte[w][r][p]).toBeCloseTo(wl.fte[r], 9);
          }
        });
      }),
      runs(300),
    );
  });

  it('selective resourcing never starts an initiative needing more of a role than the role ever has', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = allocateSelective(input);
        input.workloads.forEach((wl, w) => {
          const never = wl.fte.some((x, r) => x > Math.max(...input.capacity[r]) + TOL);
          if (never) {
            expect(plan.start[w]).toBeNull();
            expect(plan.finish[w]).toBeNull();
          }
        });
      }),
      runs(300),
    );
  });

  it('even spreading leaves a role idle only when everyone asking for it is fully staffed', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = allocateEvenly(input);
        const left = input.workloads.map((wl) => wl.fte.map((x) => x * wl.duration));
        for (let p = 0; p < input.periods.length; p++) {
          for (let r = 0; r < input.roles.length; r++) {
            let load = 0;
            let starved = false;
            input.workloads.forEach((wl, w) => {
              const x = plan.fte[w][r][p];
              load += x;
              const open = p >= wl.earliestStart && (plan.finish[w] === null || plan.finish[w]! >= p);
              if (open && left[w][r] > 1e-6 && x < Math.min(wl.fte[r], left[w][r]) - 1e-6) starved = true;
            });
            if (starved) expect(load).toBeCloseTo(input.capacity[r][p], 6);
          }
          input.workloads.forEach((_, w) => input.roles.forEach((__, r) => (left[w][r] -= plan.fte[w][r][p])));
        }
      }),
      runs(300),
    );
  });

  it('compareThroughput reports the difference of the two plans\' values, and toAllocations their positive cells', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { selective, even, gain } = compareThroughput(input);
        expect(gain).toBe(selective.valueDelivered - even.valueDelivered);
        const records = toAllocations(input, selective);
        expect(records.every((a) => a.fte > 0)).toBe(true);
        const total = selective.fte.flat(2).reduce((s, x) => s + x, 0);
        expect(records.reduce((s, a) => s + a.fte, 0)).toBeCloseTo(total, 9);
      }),
      runs(200),
    );
  });
});
