// The roadmap problem as a caller states it (ids, names, whole periods), checked once and turned
// into plain index arrays that the scheduler, the bounds and the exhaustive search share. Every
// check that can fail here fails with a message that names the initiative, so the person who
// typed the table knows which row to fix; nothing downstream has to re-check its inputs.
import { SheetError, sheetError } from '../values/errors';

/** A 0-based index into RoadmapProblem.periods: 0 is the first period of the horizon. */
export type PeriodIndex = number;

export interface RoadmapInitiative {
  readonly id: string;
  /** Whole periods it runs, at least 1. */
  readonly duration: number;
  /** FTE per role (same order as RoadmapProblem.roles) needed in every period it runs. */
  readonly fte: readonly number[];
  /** First period it may start; 0 when absent. */
  readonly earliestStart?: PeriodIndex;
  /**
   * A fixed start (a date agreed outside the plan). Kept as given even when it overloads a role
   * or starts before something it waits for: both are reported as findings, never "repaired".
   */
  readonly pinnedStart?: PeriodIndex;
  /** Ids of the initiatives that must finish before this one starts (finish-to-start). */
  readonly after?: readonly string[];
}

export interface RoadmapProblem {
  /** In the caller's table order; results come back in the same order. */
  readonly initiatives: readonly RoadmapInitiative[];
  readonly roles: readonly string[];
  /** The horizon: one name per period, in order ("Q3 2027", "2027-07"). Reasons quote these names. */
  readonly periods: readonly string[];
  /** Plannable FTE per role (rows, as roles) and period (columns, as periods). */
  readonly capacity: readonly (readonly number[])[];
  /**
   * Indexes into initiatives, top priority first (see priorityOrderFrom for a rank or WSJF
   * column). Absent: table order is priority order.
   */
  readonly priorityOrder?: readonly number[];
}

/** A problem the scheduler refuses, as a spreadsheet error value; a cycle also carries its ids. */
export interface RoadmapError extends SheetError {
  /** The initiatives of a dependency cycle, each finishing before the next starts, first repeated at the end. */
  readonly cycle?: readonly string[];
}

/** The checked problem with ids replaced by indexes. */
export interface Model {
  readonly n: number;
  readonly roleCount: number;
  /** Number of periods in the horizon. */
  readonly horizon: number;
  readonly ids: readonly string[];
  readonly roleNames: readonly string[];
  readonly periodNames: readonly string[];
  readonly duration: readonly number[];
  /** [initiative][role] */
  readonly fte: readonly (readonly number[])[];
  readonly earliest: readonly PeriodIndex[];
  readonly pinned: readonly (PeriodIndex | null)[];
  /** Predecessors / successors of each initiative, ascending index, no repeats. */
  readonly preds: readonly (readonly number[])[];
  readonly succs: readonly (readonly number[])[];
  /** [role][period] */
  readonly capacity: readonly (readonly number[])[];
  /** Initiatives top priority first. */
  readonly order: readonly number[];
  /** Position of each initiative in order (0 = top priority). */
  readonly rank: readonly number[];
  /**
   * Weight of each initiative in the priority-weighted completion: n for the top priority down
   * to 1 for the last, so finishing the important work early counts most whatever scale the
   * priority column used (a rank, a WSJF, a score).
   */
  readonly weight: readonly number[];
}

/**
 * Room this small (in FTE) still counts as room: loads are sums of decimal FTE such as 0.1, and
 * 0.1 + 0.2 must fit into a capacity of 0.3.
 */
export const FTE_TOLERANCE = 1e-9;

const isWhole = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);
const shown = (x: unknown) => (typeof x === 'number' || typeof x === 'string' ? String(x) : typeof x);

function invalid(message: string): RoadmapError {
  return sheetError('#VALUE!', message);
}

/** Checks the problem and builds the index model, or says what is wrong with it. */
export function buildModel(p: RoadmapProblem): Model | RoadmapError {
  const n = p.initiatives.length;
  const roleCount = p.roles.length;
  const horizon = p.periods.length;
  if (horizon === 0) return invalid('The roadmap horizon has no periods.');
  if (p.capacity.length !== roleCount) return invalid(`Capacity needs one row per role (${roleCount}), got ${p.capacity.length}.`);
  for (let r = 0; r < roleCount; r++) {
    const row = p.capacity[r];
    if (row.length !== horizon) return invalid(`Capacity of ${p.roles[r]} needs one figure per period (${horizon}), got ${row.length}.`);
    for (let t = 0; t < horizon; t++) {
      const c = row[t];
      if (typeof c !== 'number' || !Number.isFinite(c) || c < 0) return invalid(`Capacity of ${p.roles[r]} in ${p.periods[t]} must be a number of at least 0 (got ${shown(c)}).`);
    }
  }

  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const id = p.initiatives[i].id;
    if (typeof id !== 'string' || id.trim() === '') return invalid(`Initiative ${i + 1} has no id.`);
    if (index.has(id)) return invalid(`Initiative ids must be unique: "${id}" appears more than once.`);
    index.set(id, i);
  }

  const duration: number[] = [];
  const fte: number[][] = [];
  const earliest: number[] = [];
  const pinned: (number | null)[] = [];
  const preds: number[][] = [];
  for (let i = 0; i < n; i++) {
    const it = p.initiatives[i];
    if (!isWhole(it.duration) || it.duration < 1) return invalid(`Initiative ${it.id}: duration must be a whole number of periods, at least 1 (got ${shown(it.duration)}).`);
    if (it.fte.length !== roleCount) return invalid(`Initiative ${it.id}: needs one FTE figure per role (${roleCount}), got ${it.fte.length}.`);
    for (let r = 0; r < roleCount; r++) {
      const f = it.fte[r];
      if (typeof f !== 'number' || !Number.isFinite(f) || f < 0) return invalid(`Initiative ${it.id}: FTE for ${p.roles[r]} must be a number of at least 0 (got ${shown(f)}).`);
    }
    const es = it.earliestStart ?? 0;
    if (!isWhole(es) || es < 0) return invalid(`Initiative ${it.id}: earliest start must be a period index from 0 (got ${shown(es)}).`);
    const pin = it.pinnedStart ?? null;
    if (pin !== null && (!isWhole(pin) || pin < 0)) return invalid(`Initiative ${it.id}: pinned start must be a period index from 0 (got ${shown(pin)}).`);
    const ps = new Set<number>();
    for (const dep of it.after ?? []) {
      const j = index.get(dep);
      if (j === undefined) return invalid(`Initiative ${it.id} waits for "${dep}", which is not in the list.`);
      ps.add(j);
    }
    duration.push(it.duration);
    fte.push([...it.fte]);
    earliest.push(es);
    pinned.push(pin);
    preds.push([...ps].sort((a, b) => a - b));
  }
  const succs: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) for (const j of preds[i]) succs[j].push(i);

  const cycle = findCycle(succs);
  if (cycle) {
    const names = cycle.map((i) => p.initiatives[i].id);
    return { ...invalid(`Dependencies form a cycle: ${names.join(' -> ')} (each must finish before the next starts).`), cycle: names };
  }

  const order = p.priorityOrder ? [...p.priorityOrder] : Array.from({ length: n }, (_, i) => i);
  const rank = new Array<number>(n).fill(-1);
  if (order.length !== n) return invalid(`The priority order must list every initiative once (${n}), got ${order.length}.`);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (!isWhole(i) || i < 0 || i >= n || rank[i] !== -1) return invalid(`The priority order must list every initiative once; position ${k + 1} holds ${shown(i)}.`);
    rank[i] = k;
  }
  const weight = rank.map((k) => n - k);

  return {
    n,
    roleCount,
    horizon,
    ids: p.initiatives.map((it) => it.id),
    roleNames: [...p.roles],
    periodNames: [...p.periods],
    duration,
    fte,
    earliest,
    pinned,
    preds,
    succs,
    capacity: p.capacity.map((row) => [...row]),
    order,
    rank,
    weight,
  };
}

/**
 * The first dependency cycle met by a depth-first walk in table order, as indexes along the
 * finish-to-start direction with the first repeated at the end, rotated to begin at the
 * earliest table row in it (the same cycle always reads the same way).
 */
function findCycle(succs: readonly (readonly number[])[]): number[] | undefined {
  const n = succs.length;
  const state = new Uint8Array(n); // 0 unseen, 1 on the current path, 2 finished
  const path: number[] = [];
  const next: number[] = [];
  for (let root = 0; root < n; root++) {
    if (state[root] !== 0) continue;
    // An explicit stack: a long chain of dependencies must not overflow the call stack.
    path.push(root);
    next.push(0);
    state[root] = 1;
    while (path.length > 0) {
      const top = path.length - 1;
      const u = path[top];
      if (next[top] < succs[u].length) {
        const v = succs[u][next[top]++];
        if (state[v] === 1) {
          const loop = path.slice(path.indexOf(v));
          const first = loop.indexOf(Math.min(...loop));
          const rotated = [...loop.slice(first), ...loop.slice(0, first)];
          return [...rotated, rotated[0]];
        }
        if (state[v] === 0) {
          state[v] = 1;
          path.push(v);
          next.push(0);
        }
      } else {
        state[u] = 2;
        path.pop();
        next.pop();
      }
    }
  }
  return undefined;
}

/**
 * A priority order (indexes, top first) from a priority column: 'lowest-first' for a rank,
 * 'highest-first' for WSJF or a score. Rows without a number come last; ties keep table order,
 * so the same column always gives the same order.
 */
export function priorityOrderFrom(values: readonly (number | null | undefined)[], direction: 'lowest-first' | 'highest-first'): number[] {
  const sign = direction === 'lowest-first' ? 1 : -1;
  const has = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);
  return values
    .map((_, i) => i)
    .sort((a, b) => {
      const va = values[a];
      const vb = values[b];
      if (has(va) !== has(vb)) return has(va) ? -1 : 1;
      if (has(va) && has(vb) && va !== vb) return sign * (va - vb);
      return a - b;
    });
}

// ---------------------------------------------------------------------------------------------
// Loads: the FTE already planned per role and period. Shared by the scheduler and the
// exhaustive search so both judge "fits" the same way.

export function emptyLoad(m: Model): number[][] {
  return Array.from({ length: m.roleCount }, () => new Array<number>(m.horizon).fill(0));
}

/** Adds (sign 1) or removes (sign -1) initiative i's need for the periods it runs from start. */
export function applyLoad(m: Model, load: number[][], i: number, start: PeriodIndex, sign: 1 | -1): void {
  const end = Math.min(start + m.duration[i], m.horizon);
  for (let r = 0; r < m.roleCount; r++) {
    const f = m.fte[i][r];
    if (f === 0) continue;
    for (let t = start; t < end; t++) load[r][t] += sign * f;
  }
}

/**
 * The first period (then role, in role order) in which i, started at start, would not fit
 * beside the load; undefined when it fits. A role i does not need never blocks it, even where
 * pinned work has overloaded that role.
 */
export function firstBlock(m: Model, load: readonly (readonly number[])[], i: number, start: PeriodIndex): { role: number; period: PeriodIndex } | undefined {
  const f = m.fte[i];
  for (let t = start; t < start + m.duration[i]; t++) {
    for (let r = 0; r < m.roleCount; r++) {
      if (f[r] > 0 && load[r][t] + f[r] > m.capacity[r][t] + FTE_TOLERANCE) return { role: r, period: t };
    }
  }
  return undefined;
}

export function fits(m: Model, load: readonly (readonly number[])[], i: number, start: PeriodIndex): boolean {
  return start >= 0 && start + m.duration[i] <= m.horizon && firstBlock(m, load, i, start) === undefined;
}
