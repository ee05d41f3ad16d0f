// Property tests for the roadmap scheduler on random portfolios:
//   - no dependency, earliest start, horizon or capacity is ever violated, except by pinned
//     initiatives, whose overloads and early starts are always reported;
//   - every delayed initiative has a reason, every unplaced one is listed; a capacity reason
//     names, last, the period just before the start;
//   - the same input gives the same plan;
//   - the improvement is never worse than the baseline;
//   - on small portfolios, against the exact optimum found by exhaustive search (itself checked
//     against enumerating every combination of start periods): equal where the serial scheme is
//     provably optimal, within a measured gap otherwise; the lower bounds never exceed it.
import fc from 'fast-check';
import { isSheetError } from '../core';
import { FTE_TOLERANCE, RoadmapInitiative, RoadmapProblem } from '../core/roadmap/model';
import { RoadmapPlan, Schedule, planRoadmap, serialSchedule } from '../core/roadmap/scheduler';
import { exhaustiveOptimum, makespanLowerBound } from '../core/roadmap/bounds';
import { ZONES, zoneStarts } from '../core/roadmap/gates';

/** FC_SEED=123 replays a failure's seed; FC_RUNS=20 runs every property 20 times as often. */
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const FACTOR = Math.max(1, Number(process.env.FC_RUNS) || 1);
const runs = (numRuns: number): fc.Parameters<unknown> => ({ numRuns: numRuns * FACTOR, ...(SEED === undefined ? {} : { seed: SEED }) });

interface Shape {
  readonly maxItems: number;
  readonly maxRoles: number;
  /** Periods in the horizon; 'ample' makes it long enough for everything to fit one after another. */
  readonly horizon: { min: number; max: number } | 'ample';
  readonly pinned: boolean;
  readonly earliest: boolean;
  /** The same capacity in every period of a role (otherwise each period draws its own). */
  readonly steady?: boolean;
  /** Contention: 'loose' has many initiatives needing nothing of a role and some periods without capacity; 'tight' has every role busy. */
  readonly contention?: 'loose' | 'tight';
}

const FTE = { loose: fc.constantFrom(0, 0, 0.5, 1, 1, 1.5, 2, 3), tight: fc.constantFrom(0, 0.5, 1, 1, 1.5, 2, 2, 3) };
const CAPACITY = { loose: fc.constantFrom(0, 1, 1.5, 2, 2, 3, 3, 4), tight: fc.constantFrom(2, 3, 3, 4) };

/**
 * Random portfolios: dependencies only on earlier rows (so no cycles), then the rows shuffled so
 * dependencies point every way in the table; a random priority order.
 */
function portfolio(shape: Shape): fc.Arbitrary<RoadmapProblem> {
  const contention = shape.contention ?? 'loose';
  const item = fc.record({
    duration: fc.integer({ min: 1, max: 4 }),
    fte: fc.array(FTE[contention], { minLength: shape.maxRoles, maxLength: shape.maxRoles }),
    earliest: shape.earliest ? fc.option(fc.integer({ min: 0, max: 6 }), { freq: 3 }) : fc.constant(null),
    pinned: shape.pinned ? fc.option(fc.integer({ min: 0, max: 8 }), { freq: 6 }) : fc.constant(null),
    deps: fc.array(fc.nat(), { maxLength: 2 }),
  });
  return fc
    .record({
      // size 'max': lengths up to maxItems, not fast-check's default of about ten.
      items: fc.array(item, { maxLength: shape.maxItems, size: 'max' }),
      roles: fc.integer({ min: 1, max: shape.maxRoles }),
      periods: shape.horizon === 'ample' ? fc.constant(0) : fc.integer(shape.horizon),
      capacity: fc.array(fc.array(CAPACITY[contention], { minLength: 40, maxLength: 40 }), { minLength: shape.maxRoles, maxLength: shape.maxRoles }),
      shuffle: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: shape.maxItems, maxLength: shape.maxItems }),
      priority: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: shape.maxItems, maxLength: shape.maxItems }),
    })
    .map((x): RoadmapProblem => {
      const n = x.items.length;
      const byShuffle = (keys: number[]) => keys.map((k, i) => ({ k, i })).sort((a, b) => a.k - b.k || a.i - b.i).map((e) => e.i);
      // Generated row g lands in table row slot[g].
      const slot = new Array<number>(n);
      byShuffle(x.shuffle.slice(0, n)).forEach((g, row) => (slot[g] = row));
      const id = (g: number) => `I${slot[g]}`;
      const generated: RoadmapInitiative[] = x.items.map((it, g) => ({
        id: id(g),
        duration: it.duration,
        fte: it.fte.slice(0, x.roles),
        ...(it.earliest === null ? {} : { earliestStart: it.earliest }),
        ...(it.pinned === null ? {} : { pinnedStart: it.pinned }),
        ...(g > 0 && it.deps.length > 0 ? { after: [...new Set(it.deps.map((d) => id(d % g)))] } : {}),
      }));
      const initiatives = new Array<RoadmapInitiative>(n);
      generated.forEach((it, g) => (initiatives[slot[g]] = it));
      const ample = x.items.reduce((s, it) => s + it.duration, 0) + 8;
      const T = shape.horizon === 'ample' ? ample : x.periods;
      return {
        initiatives,
        roles: Array.from({ length: x.roles }, (_, r) => `R${r}`),
        periods: Array.from({ length: T }, (_, t) => `P${t}`),
        capacity: x.capacity.slice(0, x.roles).map((row) => (shape.steady ? new Array<number>(T).fill(row[0]) : row.slice(0, T))),
        priorityOrder: byShuffle(x.priority.slice(0, n)),
      };
    });
}

const SMALL: Shape = { maxItems: 8, maxRoles: 3, horizon: { min: 1, max: 12 }, pinned: true, earliest: true };

function planOf(p: RoadmapProblem, objective: 'priority' | 'makespan' = 'priority'): RoadmapPlan {
  const r = planRoadmap(p, { objective });
  if (isSheetError(r)) throw new Error(r.message);
  return r;
}

/**
 * Every rule a roadmap must keep, checked from the starts alone; returns what is broken (empty
 * when nothing is). Pinned initiatives may overload a role or start before what they wait for,
 * but each such case must be among the findings.
 */
function violations(p: RoadmapProblem, s: Schedule): string[] {
  const out: string[] = [];
  const T = p.periods.length;
  const at = new Map(s.initiatives.map((x, i) => [x.id, { ...x, i }]));
  const load = p.roles.map(() => new Array<number>(T).fill(0));
  p.initiatives.forEach((it, i) => {
    const x = s.initiatives[i];
    if (x.id !== it.id) out.push(`row ${i} is ${x.id}, not ${it.id}`);
    if (x.start === null || x.end === null) {
      if (!s.unplaceable.some((u) => u.id === it.id)) out.push(`${it.id} is not placed and not listed`);
      if (x.reasons.length !== 1) out.push(`${it.id} is not placed and has ${x.reasons.length} reasons`);
      return;
    }
    if (s.unplaceable.some((u) => u.id === it.id)) out.push(`${it.id} is placed and listed as unplaceable`);
    if (x.end !== x.start + it.duration - 1) out.push(`${it.id} runs ${x.start}-${x.end}, not ${it.duration} periods`);
    if (x.start < 0 || x.end >= T) out.push(`${it.id} runs outside the horizon`);
    if (it.pinnedStart !== undefined) {
      if (x.start !== it.pinnedStart) out.push(`${it.id} moved from its pinned start`);
      for (const dep of it.after ?? []) {
        const d = at.get(dep);
        const broken = !d || d.end === null || d.end >= x.start;
        const reported = s.findings.some((f) => f.kind === 'pinned-dependency' && f.id === it.id && f.waitsFor === dep);
        if (broken !== reported) out.push(`${it.id} pinned before ${dep}: ${broken ? 'not reported' : 'reported but not so'}`);
      }
    } else {
      if (x.start < (it.earliestStart ?? 0)) out.push(`${it.id} starts before its earliest start`);
      for (const dep of it.after ?? []) {
        const d = at.get(dep);
        if (!d || d.end === null || d.end >= x.start) out.push(`${it.id} starts before ${dep} ends`);
      }
    }
    const delayed = x.start > (it.earliestStart ?? 0);
    if (delayed !== x.reasons.length > 0) out.push(`${it.id}: delay ${x.start - (it.earliestStart ?? 0)} with reasons ${JSON.stringify(x.reasons)}`);
    if (x.reasons.includes('placed later by the improvement')) out.push(`${it.id} has no real reason`);
    // A capacity reason names, last, the period just before the start: what held it back until then.
    const capacity = x.reasons.find((r) => / capacity (full|below its need) (in|until) /.test(r));
    if (it.pinnedStart === undefined && capacity !== undefined && !capacity.replace(/ \([^()]*\)$/, '').endsWith(` ${p.periods[x.start - 1]}`)) {
      out.push(`${it.id} starts in ${p.periods[x.start]} but its reason "${capacity}" does not end with ${p.periods[x.start - 1]}`);
    }
    for (let t = x.start; t <= x.end; t++) p.roles.forEach((_, r) => (load[r][t] += it.fte[r]));
  });
  for (let r = 0; r < p.roles.length; r++) {
    for (let t = 0; t < T; t++) {
      if (Math.abs(load[r][t] - s.load[r][t]) > FTE_TOLERANCE) out.push(`load of ${p.roles[r]} in ${p.periods[t]} is ${s.load[r][t]}, not ${load[r][t]}`);
      const over = load[r][t] > p.capacity[r][t] + FTE_TOLERANCE;
      const reported = s.findings.some((f) => f.kind === 'overload' && f.role === p.roles[r] && f.period === t);
      if (over !== reported) out.push(`${p.roles[r]} in ${p.periods[t]}: ${over ? 'overloaded, not reported' : 'reported, not overloaded'}`);
      // Only pinned work may be over capacity: a movable initiative never runs where its role is overloaded.
      const movable = p.initiatives.filter((it, i) => {
        const x = s.initiatives[i];
        return it.pinnedStart === undefined && x.start !== null && x.start <= t && t <= (x.end as number) && it.fte[r] > 0;
      });
      if (over && movable.length > 0) out.push(`${p.roles[r]} overloaded in ${p.periods[t]} with ${movable.map((it) => it.id).join(', ')} not pinned`);
    }
  }
  return out;
}

const pinnedConflicts = (s: Schedule) => s.findings.filter((f) => f.kind === 'pinned-dependency').length;

describe('every roadmap keeps the rules', () => {
  it('respects dependencies, earliest starts, the horizon and capacity; reports what pinned dates break; explains every delay', () => {
    fc.assert(
      fc.property(portfolio(SMALL), (p) => {
        const plan = planOf(p);
        const shortest = planOf(p, 'makespan');
        for (const s of [plan.baseline, plan.improved, shortest.improved]) expect(violations(p, s)).toEqual([]);
      }),
      runs(300),
    );
  });

  it('holds on larger portfolios too', () => {
    fc.assert(
      fc.property(portfolio({ maxItems: 40, maxRoles: 4, horizon: { min: 6, max: 30 }, pinned: true, earliest: true }), (p) => {
        const plan = planOf(p);
        expect(violations(p, plan.baseline)).toEqual([]);
        expect(violations(p, plan.improved)).toEqual([]);
      }),
      runs(60),
    );
  });

  it('gives the same plan for the same input', () => {
    fc.assert(
      fc.property(portfolio(SMALL), (p) => {
        expect(planOf(JSON.parse(JSON.stringify(p)) as RoadmapProblem)).toEqual(planOf(p));
        expect(serialSchedule(p)).toEqual(planOf(p).baseline);
      }),
      runs(100),
    );
  });

  it('puts every gate inside the run, in zone order', () => {
    const shares = fc
      .tuple(fc.nat(100), fc.nat(100), fc.nat(100), fc.nat(100))
      .filter((xs) => xs.some((x) => x > 0))
      .map((xs) => {
        const sum = xs.reduce((s, x) => s + x, 0);
        return { A: xs[0] / sum, B: xs[1] / sum, C: xs[2] / sum, D: xs[3] / sum };
      });
    fc.assert(
      fc.property(fc.nat(50), fc.integer({ min: 1, max: 60 }), shares, (start, duration, split) => {
        const z = zoneStarts(start, duration, split);
        expect(z.A).toBe(start);
        ZONES.forEach((k, i) => {
          expect(z[k]).toBeGreaterThanOrEqual(i === 0 ? start : z[ZONES[i - 1]]);
          expect(z[k]).toBeLessThanOrEqual(start + duration - 1);
        });
      }),
      runs(200),
    );
  });
});

describe('the improvement', () => {
  it('is never worse than the baseline: as many placed, no more pinned conflicts, makespan and weighted completion no worse', () => {
    fc.assert(
      fc.property(portfolio(SMALL), (p) => {
        const { baseline, improved } = planOf(p);
        expect(improved.unplaceable.length).toBeLessThanOrEqual(baseline.unplaceable.length);
        expect(pinnedConflicts(improved)).toBeLessThanOrEqual(pinnedConflicts(baseline));
        expect(improved.makespan).toBeLessThanOrEqual(baseline.makespan);
        expect(improved.weightedCompletion).toBeLessThanOrEqual(baseline.weightedCompletion);
      }),
      runs(300),
    );
  });

  it('asked for the shortest roadmap, never makes it longer (with as many placed)', () => {
    fc.assert(
      fc.property(portfolio(SMALL), (p) => {
        const { baseline, improved } = planOf(p, 'makespan');
        expect(improved.unplaceable.length).toBeLessThanOrEqual(baseline.unplaceable.length);
        if (improved.unplaceable.length === baseline.unplaceable.length && pinnedConflicts(improved) === pinnedConflicts(baseline)) {
          expect(improved.makespan).toBeLessThanOrEqual(baseline.makespan);
        }
      }),
      runs(200),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Against the exact optimum.

/**
 * Movable work, steady capacity and a long horizon: everything that fits a period fits one after
 * another, so every plan places the same initiatives and makespans compare like for like.
 */
const EXACT: Shape = { maxItems: 6, maxRoles: 2, horizon: 'ample', pinned: false, earliest: true, steady: true, contention: 'tight' };

/**
 * The referee's referee: the best makespan over every combination of start periods that places
 * everything and keeps every rule (undefined when none does). Exponential; tiny inputs only.
 */
function bestByStartEnumeration(p: RoadmapProblem): number | undefined {
  const n = p.initiatives.length;
  const T = p.periods.length;
  const index = new Map(p.initiatives.map((it, i) => [it.id, i]));
  const starts = new Array<number>(n).fill(0);
  let best: number | undefined;
  const feasible = () => {
    const load = p.roles.map(() => new Array<number>(T).fill(0));
    for (let i = 0; i < n; i++) {
      const it = p.initiatives[i];
      for (const dep of it.after ?? []) {
        const j = index.get(dep) as number;
        if (starts[j] + p.initiatives[j].duration > starts[i]) return false;
      }
      for (let t = starts[i]; t < starts[i] + it.duration; t++) p.roles.forEach((_, r) => (load[r][t] += it.fte[r]));
    }
    return load.every((row, r) => row.every((x, t) => x <= p.capacity[r][t] + FTE_TOLERANCE));
  };
  const visit = (i: number) => {
    if (i === n) {
      if (feasible()) {
        const mk = Math.max(0, ...p.initiatives.map((it, k) => starts[k] + it.duration));
        best = best === undefined ? mk : Math.min(best, mk);
      }
      return;
    }
    const it = p.initiatives[i];
    for (let t = it.earliestStart ?? 0; t + it.duration <= T; t++) {
      starts[i] = t;
      visit(i + 1);
    }
  };
  visit(0);
  return best;
}

describe('against the exact optimum', () => {
  it('the exhaustive search over priority lists finds the true optimum (every start combination agrees)', () => {
    const tiny = portfolio({ maxItems: 4, maxRoles: 2, horizon: { min: 1, max: 7 }, pinned: false, earliest: true });
    fc.assert(
      fc.property(tiny, (p) => {
        const exact = exhaustiveOptimum(p);
        if (isSheetError(exact)) throw new Error(exact.message);
        const brute = bestByStartEnumeration(p);
        if (exact.placed === p.initiatives.length) expect(exact.makespan).toBe(brute);
        else expect(brute).toBeUndefined();
      }),
      runs(300),
    );
  });

  it('matches the optimum where the serial scheme is provably optimal: capacity never binds', () => {
    // With room for everything at once, each initiative starts as soon as its predecessors end:
    // the plan is the critical path, which no plan can beat.
    fc.assert(
      fc.property(portfolio(EXACT), (p) => {
        const roomy = { ...p, capacity: p.capacity.map((row, r) => row.map(() => p.initiatives.reduce((s, it) => s + it.fte[r], 0))) };
        const { baseline, improved } = planOf(roomy);
        const lb = makespanLowerBound(roomy);
        const exact = exhaustiveOptimum(roomy);
        if (isSheetError(lb) || isSheetError(exact)) throw new Error('refused');
        expect(baseline.makespan).toBe(lb.criticalPath);
        expect(improved.makespan).toBe(exact.makespan);
        expect(baseline.weightedCompletion).toBe(exact.weightedCompletion);
      }),
      runs(100),
    );
  });

  it('matches the optimum where the serial scheme is provably optimal: one at a time', () => {
    // One role, each initiative needing all of it, no dependencies or earliest starts: any order
    // ends after the sum of the durations, and so does the schedule.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 7 }), fc.integer({ min: 1, max: 3 }), (durations, cap) => {
        const T = durations.reduce((s, d) => s + d, 0) + 1;
        const p: RoadmapProblem = {
          initiatives: durations.map((d, i) => ({ id: `I${i}`, duration: d, fte: [cap] })),
          roles: ['Developer'],
          periods: Array.from({ length: T }, (_, t) => `P${t}`),
          capacity: [new Array<number>(T).fill(cap)],
        };
        const exact = exhaustiveOptimum(p);
        if (isSheetError(exact)) throw new Error(exact.message);
        expect(planOf(p).baseline.makespan).toBe(T - 1);
        expect(exact.makespan).toBe(T - 1);
      }),
      runs(50),
    );
  });

  it('stays within a measured gap of the optimum otherwise, and the lower bounds never exceed it', () => {
    // Gaps measured on the fixed sample below (seed 5, 400 portfolios of up to 6 initiatives, 329
    // not empty): the baseline is above the optimum in 31, by 2.1% on average and 57% at most;
    // the improved plan in 23, by 1.3% on average and 50% at most. Seeds 1-3 with FC_RUNS=5
    // gave 1.9-2.2% / 1.3-1.7% on average, at most 80% / 67%. ROADMAP_GAPS=1 prints the figures
    // of a run. The assertions leave room for other samples (FC_SEED / FC_RUNS).
    const baseGaps: number[] = [];
    const improvedGaps: number[] = [];
    fc.assert(
      fc.property(portfolio(EXACT), (p) => {
        const { baseline, improved } = planOf(p);
        const exact = exhaustiveOptimum(p);
        const lb = makespanLowerBound(p);
        if (isSheetError(exact) || isSheetError(lb)) throw new Error('refused');
        expect(baseline.unplaceable.filter((u) => u.reason.startsWith('no room'))).toEqual([]);
        expect(exact.placed).toBe(p.initiatives.length - baseline.unplaceable.length);
        expect(lb.bound).not.toBeNull();
        expect(lb.bound as number).toBeLessThanOrEqual(exact.makespan);
        expect(exact.makespan).toBeLessThanOrEqual(improved.makespan);
        expect(exact.weightedCompletion).toBeLessThanOrEqual(improved.weightedCompletion);
        if (exact.makespan > 0) {
          baseGaps.push(baseline.makespan / exact.makespan - 1);
          improvedGaps.push(improved.makespan / exact.makespan - 1);
        }
      }),
      { ...runs(400), seed: SEED ?? 5 },
    );
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
    if (process.env.ROADMAP_GAPS) {
      const line = (name: string, gaps: number[]) => `${name}: above the optimum in ${gaps.filter((g) => g > 0).length}/${gaps.length}, mean ${(mean(gaps) * 100).toFixed(1)}%, max ${(Math.max(0, ...gaps) * 100).toFixed(0)}%`;
      console.log(`${line('baseline', baseGaps)}\n${line('improved', improvedGaps)}`);
    }
    expect(mean(improvedGaps)).toBeLessThanOrEqual(mean(baseGaps));
    expect(mean(baseGaps)).toBeLessThan(0.05);
    expect(mean(improvedGaps)).toBeLessThan(0.05);
    // The serial scheme's worst case on these sizes: never more than twice the optimum.
    expect(Math.max(0, ...baseGaps)).toBeLessThanOrEqual(1);
  });
});
