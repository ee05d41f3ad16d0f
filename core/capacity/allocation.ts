// Allocation: who works on what, period by period, once the portfolio is chosen. Two ways of
// spending the same people are modelled so their throughput can be compared (DOMAIN.md,
// "Resources and capacity"):
//   - selective resourcing: the top initiatives are staffed fully before the next one starts,
//     so few flows run at once and each finishes as soon as it can;
//   - even spreading: every initiative that may run gets an equal share of each role, the
//     habit selective resourcing is meant to replace.
// Value counts only when an initiative finishes inside the horizon, which is why starting
// everything at once usually delivers less in the year.
import type { Allocation } from './plan-lint';

export interface Workload {
  readonly id: string;
  readonly value: number;
  /**
   * Periods it takes at full staffing (a positive whole number; a fraction works too: 2.5
   * periods ends with half a period's work in the third).
   */
  readonly duration: number;
  /** FTE per role (same order as AllocationInput.roles) in each period at full staffing. */
  readonly fte: readonly number[];
  /** First period (0-based) it may start; 0 when unknown. */
  readonly earliestStart: number;
}

export interface AllocationInput {
  /** In priority order: the first is staffed first. */
  readonly workloads: readonly Workload[];
  readonly roles: readonly string[];
  readonly periods: readonly string[];
  /** Plannable FTE per role (rows) and period (columns). */
  readonly capacity: readonly (readonly number[])[];
}

export interface AllocationPlan {
  readonly strategy: 'selective' | 'even';
  /** FTE given to each workload [w][role][period]. */
  readonly fte: number[][][];
  /** 0-based period each workload started / finished in; null when not started / not finished within the periods. */
  readonly start: (number | null)[];
  readonly finish: (number | null)[];
  /** Sum of the values of the workloads finished within the periods. */
  readonly valueDelivered: number;
}

// ---------------------------------------------------------------------------------------------
// The numbers the loops work on. The catalogue rejects negative, blank and non-finite inputs
// with a message; a caller in code may still pass them, so each is made harmless here (counted
// as nothing) rather than trusted: a NaN would otherwise spread into every later period and an
// infinite demand would never be worked off.

/** A quantity of people or time: finite and positive, or nothing. */
const amount = (x: number): number => (Number.isFinite(x) && x > 0 ? x : 0);

/**
 * Work below this share of the whole need counts as done: FTE given period after period is
 * summed in floating point (3 × 0.1 is not exactly 0.3), and a leftover of 1e-17 must not keep
 * an initiative open for another period with a speck of allocation.
 */
const DONE = 1e-9;
/** Capacity this close to an initiative's need still counts as room for it (same reason). */
const FITS = 1e-9;

interface Model {
  readonly workloads: number;
  readonly roles: number;
  readonly periods: number;
  /** Full-staffing FTE [w][r]. */
  readonly fte: number[][];
  /** Work still to do, FTE-periods [w][r]; counts down as it is allocated. */
  readonly left: number[][];
  /** What counts as done for [w][r]. */
  readonly slack: number[][];
  readonly earliest: number[];
  readonly capacity: number[][];
  readonly plan: number[][][];
  readonly start: (number | null)[];
  readonly finish: (number | null)[];
}

function model(input: AllocationInput): Model {
  const roles = input.roles.length;
  const periods = input.periods.length;
  const fte: number[][] = [];
  const left: number[][] = [];
  const slack: number[][] = [];
  const earliest: number[] = [];
  const plan: number[][][] = [];
  for (const w of input.workloads) {
    const duration = amount(w.duration);
    const f: number[] = [];
    const l: number[] = [];
    const s: number[] = [];
    const grid: number[][] = [];
    for (let r = 0; r < roles; r++) {
      const x = duration > 0 ? amount(w.fte[r] ?? 0) : 0;
      f.push(x);
      l.push(x * duration);
      // An endless need (1e200 FTE for 1e200 periods) never counts as done.
      s.push(Number.isFinite(x * duration) ? DONE * Math.max(1, x * duration) : 0);
      grid.push(new Array<number>(periods).fill(0));
    }
    fte.push(f);
    left.push(l);
    slack.push(s);
    plan.push(grid);
    // A start in a fraction of a period waits for the next whole one; a start never (Infinity)
    // or beyond the horizon simply never comes.
    const e = w.earliestStart;
    earliest.push(e > 0 ? (Number.isFinite(e) ? Math.ceil(e) : periods) : 0);
  }
  const capacity: number[][] = [];
  for (let r = 0; r < roles; r++) {
    const row: number[] = [];
    for (let p = 0; p < periods; p++) row.push(amount(input.capacity[r]?.[p] ?? 0));
    capacity.push(row);
  }
  const n = input.workloads.length;
  return {
    workloads: n,
    roles,
    periods,
    fte,
    left,
    slack,
    earliest,
    capacity,
    plan,
    start: new Array<number | null>(n).fill(null),
    finish: new Array<number | null>(n).fill(null),
  };
}

/** Gives workload w up to `want` FTE of role r in period p; returns what was given. */
function give(m: Model, w: number, r: number, p: number, want: number): number {
  const x = Math.min(want, m.left[w][r]);
  if (!(x > 0)) return 0;
  m.plan[w][r][p] += x;
  m.left[w][r] -= x;
  if (m.left[w][r] <= m.slack[w][r]) m.left[w][r] = 0;
  return x;
}

const isDone = (m: Model, w: number): boolean => m.left[w].every((x) => x === 0);

function finishIfDone(m: Model, w: number, p: number): void {
  if (m.finish[w] === null && isDone(m, w)) m.finish[w] = p;
}

function result(input: AllocationInput, m: Model, strategy: AllocationPlan['strategy']): AllocationPlan {
  let valueDelivered = 0;
  input.workloads.forEach((w, i) => {
    if (m.finish[i] !== null && Number.isFinite(w.value)) valueDelivered += w.value;
  });
  return { strategy, fte: m.plan, start: m.start, finish: m.finish, valueDelivered };
}

/**
 * Selective resourcing. Period by period: first every running workload, in priority order,
 * gets per role min(its FTE, its work left, the capacity left), so what is started is finished
 * before anything new takes people; then workloads not started yet, in priority order, start
 * (at or after their earliest start) only when every role they need has their full FTE left,
 * so no one starts on crumbs. A lower-priority workload may start when a higher one does not
 * fit, using people who would otherwise sit idle. A workload needing more of a role than the
 * role ever has never starts (start and finish null).
 */
export function allocateSelective(input: AllocationInput): AllocationPlan {
  const m = model(input);
  const left = new Array<number>(m.roles);
  /** Each role of workload w gets min(its FTE, its work left, what the role has left). */
  const staff = (w: number, p: number) => {
    for (let r = 0; r < m.roles; r++) {
      if (m.left[w][r] > 0) left[r] -= give(m, w, r, p, Math.min(m.fte[w][r], left[r]));
    }
    finishIfDone(m, w, p);
  };
  // Running workloads, kept in priority order (index order: workloads come in priority order).
  const running: number[] = [];
  const waiting: number[] = Array.from({ length: m.workloads }, (_, w) => w);
  for (let p = 0; p < m.periods; p++) {
    for (let r = 0; r < m.roles; r++) left[r] = m.capacity[r][p];

    let kept = 0;
    for (const w of running) {
      staff(w, p);
      if (m.finish[w] === null) running[kept++] = w;
    }
    running.length = kept;

    kept = 0;
    let started = false;
    for (const w of waiting) {
      let fits = p >= m.earliest[w];
      for (let r = 0; fits && r < m.roles; r++) fits = m.fte[w][r] <= left[r] + FITS;
      if (!fits) {
        waiting[kept++] = w;
        continue;
      }
      m.start[w] = p;
      staff(w, p);
      if (m.finish[w] === null) {
        running.push(w);
        started = true;
      }
    }
    waiting.length = kept;
    // A workload that did not fit earlier may start after lower-priority ones did.
    if (started) running.sort((a, b) => a - b);
  }
  return result(input, m, 'selective');
}

/**
 * Shares `capacity` among demands as equally as possible without giving anyone more than they
 * ask (water-filling): the smallest demands are met in full and the rest split what remains.
 */
function waterFill(demands: readonly number[], capacity: number): number[] {
  const order = demands.map((_, i) => i).sort((a, b) => demands[a] - demands[b]);
  const out = new Array<number>(demands.length).fill(0);
  let remaining = capacity;
  order.forEach((i, k) => {
    const share = remaining / (order.length - k);
    const x = Math.min(demands[i], share);
    out[i] = x;
    remaining = Math.max(0, remaining - x);
  });
  return out;
}

/**
 * Even spreading: in each period, every unfinished workload past its earliest start shares each
 * role's capacity equally with the others still needing that role (water-filling up to its
 * FTE). Starts are the first period a workload gets anyone (or, needing no one, its first
 * period); nobody waits for a whole share, which is how crumbs of people arise.
 */
export function allocateEvenly(input: AllocationInput): AllocationPlan {
  const m = model(input);
  const open: number[] = [];
  for (let p = 0; p < m.periods; p++) {
    open.length = 0;
    for (let w = 0; w < m.workloads; w++) if (m.finish[w] === null && p >= m.earliest[w]) open.push(w);
    for (let r = 0; r < m.roles; r++) {
      const asking = open.filter((w) => m.left[w][r] > 0);
      const shares = waterFill(
        asking.map((w) => Math.min(m.fte[w][r], m.left[w][r])),
        m.capacity[r][p],
      );
      asking.forEach((w, k) => {
        if (give(m, w, r, p, shares[k]) > 0 && m.start[w] === null) m.start[w] = p;
      });
    }
    for (const w of open) {
      if (m.start[w] === null && isDone(m, w)) m.start[w] = p;
      finishIfDone(m, w, p);
    }
  }
  return result(input, m, 'even');
}

/** Both strategies on the same input; gain is the value selective resourcing delivers beyond even spreading (negative when it delivers less). */
export function compareThroughput(input: AllocationInput): { selective: AllocationPlan; even: AllocationPlan; gain: number } {
  const selective = allocateSelective(input);
  const even = allocateEvenly(input);
  return { selective, even, gain: selective.valueDelivered - even.valueDelivered };
}

/** The plan as plan-lint's records (only fte > 0), with role and period names. */
export function toAllocations(input: AllocationInput, plan: AllocationPlan): Allocation[] {
  const out: Allocation[] = [];
  plan.fte.forEach((grid, w) => {
    const initiative = input.workloads[w]?.id ?? `Workload ${w + 1}`;
    grid.forEach((row, r) => {
      const role = input.roles[r] ?? `Role ${r + 1}`;
      row.forEach((fte, p) => {
        if (fte > 0) out.push({ initiative, role, period: input.periods[p] ?? `P${p + 1}`, fte });
      });
    });
  });
  return out;
}
