// How good is a roadmap? Lower bounds on the makespan no plan can beat, for the quality report on
// large instances, and the exact optimum by exhaustive search for small ones (the tests' referee).
//
// Both speak about the initiatives that can be placed at all: one that cannot (see
// intrinsicProblems) and everything that waits for it are left out, as every plan leaves them out.
import { isSheetError } from '../values/errors';
import { FTE_TOLERANCE, Model, RoadmapError, RoadmapProblem, applyLoad, buildModel, emptyLoad, fits } from './model';
import { Starts, bookPinned, intrinsicProblems, makespanOf, placeEarliest, readyAt, weightedCompletionOf } from './scheduler';

export interface MakespanBounds {
  /**
   * Longest chain of durations through the dependencies, each link starting no earlier than its
   * earliest start (or its pinned start) and than the first run of periods in which its need
   * fits an empty plan.
   */
  readonly criticalPath: number;
  /**
   * Per role, the fewest periods from the start of the horizon whose plannable FTE (less what
   * pinned work takes) covers the role's movable work (FTE x duration summed); null when even
   * the whole horizon does not.
   */
  readonly resourceByRole: readonly (number | null)[];
  /** The largest of resourceByRole (0 with no roles); null when one of them is null. */
  readonly resource: number | null;
  /** The larger of the two; null when the work cannot fit in the horizon at all. */
  readonly bound: number | null;
}

/** Which initiatives any plan leaves out: the intrinsically unplaceable and what waits for them. */
function leftOut(m: Model, blocked: readonly (string | undefined)[]): boolean[] {
  const out = blocked.map((b) => b !== undefined);
  // Predecessors of a non-pinned initiative must be placed first; repeat until stable (the
  // dependency graph is acyclic, so at most n sweeps).
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < m.n; i++) {
      if (!out[i] && m.pinned[i] === null && m.preds[i].some((j) => out[j])) {
        out[i] = true;
        changed = true;
      }
    }
  }
  return out;
}

/** Lower bounds on the makespan of any plan that places every initiative that can be placed. */
export function makespanLowerBound(problem: RoadmapProblem): MakespanBounds | RoadmapError {
  const m = buildModel(problem);
  if (isSheetError(m)) return m;
  const blocked = intrinsicProblems(m);
  const out = leftOut(m, blocked);
  const empty = emptyLoad(m);

  // Critical path, in a topological order (Kahn, lowest index first).
  const finish = new Array<number>(m.n).fill(0);
  const indegree = m.preds.map((p) => p.length);
  const queue = m.ids.map((_, i) => i).filter((i) => indegree[i] === 0);
  let criticalPath = 0;
  while (queue.length > 0) {
    const i = queue.shift() as number;
    for (const k of m.succs[i]) if (--indegree[k] === 0) queue.push(k);
    if (out[i]) continue;
    const pin = m.pinned[i];
    let start: number;
    if (pin !== null) start = pin;
    else {
      let ready = m.earliest[i];
      for (const j of m.preds[i]) if (!out[j]) ready = Math.max(ready, finish[j]);
      start = ready;
      while (start + m.duration[i] <= m.horizon && !fits(m, empty, i, start)) start++;
    }
    finish[i] = start + m.duration[i];
    criticalPath = Math.max(criticalPath, finish[i]);
  }

  // Resource bound, per role, on the capacity pinned work leaves.
  const pinnedLoad = bookPinned(m, blocked).load;
  const resourceByRole = m.roleNames.map((_, r) => {
    let work = 0;
    for (let i = 0; i < m.n; i++) if (!out[i] && m.pinned[i] === null) work += m.fte[i][r] * m.duration[i];
    if (work <= FTE_TOLERANCE) return 0;
    let room = 0;
    for (let t = 0; t < m.horizon; t++) {
      room += Math.max(0, m.capacity[r][t] - pinnedLoad[r][t]);
      if (room + FTE_TOLERANCE >= work) return t + 1;
    }
    return null;
  });
  const resource = resourceByRole.includes(null) ? null : Math.max(0, ...(resourceByRole as number[]));
  const bound = resource === null ? null : Math.max(criticalPath, resource);
  return { criticalPath, resourceByRole, resource, bound };
}

export interface Optimum {
  /** Most initiatives any plan places. */
  readonly placed: number;
  /** Best makespan and best priority-weighted completion among plans placing that many (each may come from a different plan). */
  readonly makespan: number;
  readonly weightedCompletion: number;
  /** Priority lists (serial-SGS orders) tried. */
  readonly lists: number;
}

/** More movable initiatives than this make the search too slow for a test (8! = 40,320 lists). */
export const EXHAUSTIVE_LIMIT = 8;

/**
 * The exact optimum by trying every priority list through the serial SGS (every order in which
 * each initiative comes after its predecessors). Every list gives an active plan (none can start
 * earlier without moving another), and among active plans is an optimal one for any measure that
 * only grows when something finishes later, the makespan and the weighted completion among them;
 * so the best over all lists is the optimum. Throws a RangeError above `limit` movable
 * (non-pinned, placeable) initiatives: that is a caller's mistake, not a user's input.
 */
export function exhaustiveOptimum(problem: RoadmapProblem, limit = EXHAUSTIVE_LIMIT): Optimum | RoadmapError {
  const m = buildModel(problem);
  if (isSheetError(m)) return m;
  const blocked = intrinsicProblems(m);
  const movable = m.ids.map((_, i) => i).filter((i) => blocked[i] === undefined && m.pinned[i] === null);
  if (movable.length > limit) throw new RangeError(`exhaustiveOptimum: ${movable.length} movable initiatives, at most ${limit}`);

  const s: Starts = bookPinned(m, blocked);
  const settled = m.ids.map((_, i) => m.pinned[i] !== null || blocked[i] !== undefined);
  // Every search reaches at least one complete list (with nothing movable, the empty one).
  const best = { placed: -1, makespan: 0, weightedCompletion: 0, lists: 0 };

  const visit = (depth: number): void => {
    if (depth === movable.length) {
      best.lists++;
      const placed = s.start.filter((t) => t !== null).length;
      const makespan = makespanOf(m, s.start);
      const weightedCompletion = weightedCompletionOf(m, s.start);
      if (placed > best.placed) Object.assign(best, { placed, makespan, weightedCompletion });
      else if (placed === best.placed) {
        best.makespan = Math.min(best.makespan, makespan);
        best.weightedCompletion = Math.min(best.weightedCompletion, weightedCompletion);
      }
      return;
    }
    for (const i of movable) {
      if (settled[i] || !m.preds[i].every((j) => settled[j])) continue;
      settled[i] = true;
      const placed = m.preds[i].every((j) => s.start[j] !== null) && placeEarliest(m, s, i, readyAt(m, s.start, i));
      visit(depth + 1);
      if (placed) {
        applyLoad(m, s.load, i, s.start[i] as number, -1);
        s.start[i] = null;
      }
      settled[i] = false;
    }
  };
  visit(0);
  return { ...best };
}
