// The roadmap scheduler: places each initiative in whole periods of the horizon, in priority
// order, so that nothing starts before what it waits for has finished (finish-to-start), no role
// is planned above its plannable FTE in any period, nothing starts before its earliest start,
// and pinned (fixed-date) initiatives stay where they were put.
//
//   1. Baseline: the serial schedule-generation scheme (SGS) of project scheduling. Pinned work
//      is booked first; then, repeatedly, the highest-priority initiative whose predecessors are
//      all settled is put at the earliest period from which it fits for its whole duration.
//      What a pinned initiative waits for counts as higher priority than everything else: the
//      fixed date was promised, so its prerequisites are planned first.
//   2. Improvement: double justification (forward-backward improvement). Every movable
//      initiative is shifted as late as it can go without moving the end of the roadmap, in
//      order of finish, last first; then every one is shifted as early as it can go, in order of
//      start. The right shift opens gaps the left shift then fills, which often shortens the
//      roadmap. The same round is also tried as Tormos and Lova's forward-backward rebuild
//      (backward and forward serial passes), which may reorder initiatives that block each
//      other. The better of the two is kept if no measure gets worse (initiatives placed, pinned
//      initiatives starting before what they wait for, makespan, priority-weighted completion)
//      and one gets better. Rounds repeat until none is kept, so the improved plan is never
//      worse than the baseline on any of them. (Option objective 'makespan' keeps any round that shortens
//      the roadmap even if priority work then finishes later: the trade-off, measured in
//      bench/roadmap.bench.ts.)
//
// Every initiative that starts later than its earliest start says why ("waits for B",
// "Developer capacity full until Q3 2027", "pinned"), and every one that cannot be placed is listed
// with its reason. The same input always gives the same output: all loops run in table or
// priority order, ties are broken by position, and nothing random is used.
import { isSheetError } from '../values/errors';
import {
  FTE_TOLERANCE,
  Model,
  PeriodIndex,
  RoadmapError,
  RoadmapProblem,
  applyLoad,
  buildModel,
  emptyLoad,
  firstBlock,
  fits,
} from './model';

export interface ScheduledInitiative {
  readonly id: string;
  /** First and last period it runs (both inclusive); null when it could not be placed. */
  readonly start: PeriodIndex | null;
  readonly end: PeriodIndex | null;
  readonly pinned: boolean;
  /** Periods it starts after its earliest start (0 when on time or not placed). */
  readonly delay: number;
  /**
   * Why it starts after its earliest start, in words: "waits for B", "Developer capacity full until
   * Q3 2027", "pinned"; for an initiative not placed, why not. Empty when it starts on time.
   */
  readonly reasons: readonly string[];
}

export interface Unplaceable {
  readonly id: string;
  readonly reason: string;
}

/** More FTE planned than plannable: only pinned initiatives can cause it. */
export interface OverloadFinding {
  readonly kind: 'overload';
  readonly role: string;
  readonly period: PeriodIndex;
  /** FTE planned and plannable in that role and period. */
  readonly planned: number;
  readonly capacity: number;
  /** Pinned initiatives needing the role in that period. */
  readonly pinned: readonly string[];
  readonly message: string;
}

/** A pinned initiative that starts before something it waits for has finished (or was placed at all). */
export interface PinnedDependencyFinding {
  readonly kind: 'pinned-dependency';
  readonly id: string;
  readonly waitsFor: string;
  readonly message: string;
}

export type Finding = OverloadFinding | PinnedDependencyFinding;

export interface Schedule {
  /** One entry per initiative, in table order. */
  readonly initiatives: readonly ScheduledInitiative[];
  /** The initiatives not placed, in table order, each with its reason. */
  readonly unplaceable: readonly Unplaceable[];
  readonly findings: readonly Finding[];
  /** Periods from the start of the horizon to the end of the last placed initiative (0 when none is placed). */
  readonly makespan: number;
  /**
   * Sum over initiatives of weight x periods until it finishes (end + 1), weight n for the top
   * priority down to 1 for the last; an initiative not placed counts as finishing one period
   * after the horizon. Lower is better: important work finishes early.
   */
  readonly weightedCompletion: number;
  /** FTE planned per role (rows) and period (columns). */
  readonly load: readonly (readonly number[])[];
}

export interface PlanOptions {
  /**
   * What the improvement may trade: 'priority' (default) keeps a round only when neither the
   * makespan nor the priority-weighted completion gets worse (nor fewer initiatives placed, nor
   * more pinned conflicts); 'makespan' keeps a round that shortens the roadmap (or keeps its
   * length and finishes priority work sooner) even if priority work then finishes later.
   */
  readonly objective?: 'priority' | 'makespan';
}

export interface RoadmapPlan {
  readonly baseline: Schedule;
  readonly improved: Schedule;
  /** Improvement rounds kept (0: the baseline could not be improved). */
  readonly rounds: number;
}

/** The most improvement rounds tried; each kept round strictly improves, so this only caps the time. */
const MAX_ROUNDS = 25;

// ---------------------------------------------------------------------------------------------
// Entry points

/** The baseline: serial schedule-generation in priority order. */
export function serialSchedule(problem: RoadmapProblem): Schedule | RoadmapError {
  const m = buildModel(problem);
  if (isSheetError(m)) return m;
  const blocked = intrinsicProblems(m);
  return toSchedule(m, blocked, serialSgs(m, blocked, baselineList(m)));
}

/** The baseline and the improved schedule, so the difference the improvement makes can be shown. */
export function planRoadmap(problem: RoadmapProblem, options: PlanOptions = {}): RoadmapPlan | RoadmapError {
  const m = buildModel(problem);
  if (isSheetError(m)) return m;
  const blocked = intrinsicProblems(m);
  const base = serialSgs(m, blocked, baselineList(m));
  const { plan, rounds } = improve(m, blocked, base, options.objective ?? 'priority');
  return { baseline: toSchedule(m, blocked, base), improved: toSchedule(m, blocked, plan), rounds };
}

// ---------------------------------------------------------------------------------------------
// Plans as start periods; what the scheduler, the improvement and the exhaustive search share.

export interface Starts {
  /** Start period of each initiative, null when not placed. */
  readonly start: (PeriodIndex | null)[];
  /** FTE booked per role and period by the placed initiatives. */
  readonly load: number[][];
}

const name = (m: Model, t: PeriodIndex) => m.periodNames[t];
const last = (m: Model) => name(m, m.horizon - 1);
const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
const fteText = (x: number) => String(Math.round(x * 100) / 100);
const list = (ids: readonly string[]) => ids.join(' and ');

/**
 * Why each initiative cannot be placed whatever else is planned (undefined when it can): a
 * pinned start whose run leaves the horizon; a run from its earliest start that leaves the
 * horizon; a need above what some role ever has; or no stretch of consecutive periods with
 * room for it even in an empty plan.
 */
export function intrinsicProblems(m: Model): (string | undefined)[] {
  const empty = emptyLoad(m);
  return m.ids.map((_, i) => {
    const d = m.duration[i];
    const pin = m.pinned[i];
    if (pin !== null) {
      if (pin >= m.horizon) return `pinned to start in period ${pin + 1}, after the horizon ends with ${last(m)}`;
      if (pin + d > m.horizon) return `pinned to start in ${name(m, pin)} but needs ${plural(d, 'period')}; the horizon ends with ${last(m)}`;
      return undefined;
    }
    const es = m.earliest[i];
    if (es >= m.horizon) return `earliest start (period ${es + 1}) is after the horizon ends with ${last(m)}`;
    if (es + d > m.horizon) return `needs ${plural(d, 'period')} from its earliest start in ${name(m, es)}; the horizon ends with ${last(m)}`;
    for (let r = 0; r < m.roleCount; r++) {
      const most = Math.max(...m.capacity[r].slice(es));
      if (m.fte[i][r] > most + FTE_TOLERANCE) {
        const from = es > 0 ? ` from ${name(m, es)} on` : '';
        return `needs ${fteText(m.fte[i][r])} FTE ${m.roleNames[r]} in every period it runs; ${m.roleNames[r]} never has more than ${fteText(most)} plannable${from}`;
      }
    }
    for (let t = es; t + d <= m.horizon; t++) if (fits(m, empty, i, t)) return undefined;
    const b = firstBlock(m, empty, i, es);
    const where = b ? ` (${m.roleNames[b.role]} has ${fteText(m.capacity[b.role][b.period])} in ${name(m, b.period)}, it needs ${fteText(m.fte[i][b.role])})` : '';
    return `no ${plural(d, 'consecutive period')} from ${name(m, es)} on have room for it${where}`;
  });
}

/** The first period i may start in, given where its predecessors are (all placed) and its earliest start. */
export function readyAt(m: Model, start: readonly (PeriodIndex | null)[], i: number): PeriodIndex {
  let ready = m.earliest[i];
  for (const j of m.preds[i]) ready = Math.max(ready, (start[j] as number) + m.duration[j]);
  return ready;
}

/** Pinned initiatives booked where they were put (even over capacity), nothing else. */
export function bookPinned(m: Model, blocked: readonly (string | undefined)[]): Starts {
  const start: (PeriodIndex | null)[] = new Array(m.n).fill(null);
  const load = emptyLoad(m);
  for (let i = 0; i < m.n; i++) {
    const pin = m.pinned[i];
    if (pin !== null && blocked[i] === undefined) {
      start[i] = pin;
      applyLoad(m, load, i, pin, 1);
    }
  }
  return { start, load };
}

/**
 * The baseline's priority list: what pinned initiatives wait for (directly or through others)
 * first, since their fixed dates depend on it, then everything else; each part in priority order.
 */
function baselineList(m: Model): number[] {
  const needed = new Array<boolean>(m.n).fill(false);
  const stack = m.ids.map((_, i) => i).filter((i) => m.pinned[i] !== null);
  while (stack.length > 0) {
    for (const j of m.preds[stack.pop() as number]) {
      if (!needed[j]) {
        needed[j] = true;
        stack.push(j);
      }
    }
  }
  return [...m.order.filter((i) => needed[i]), ...m.order.filter((i) => !needed[i])];
}

/** Places i at the earliest period from ready on where it fits within the horizon; false if none. */
export function placeEarliest(m: Model, s: Starts, i: number, ready: PeriodIndex): boolean {
  for (let t = ready; t + m.duration[i] <= m.horizon; t++) {
    if (fits(m, s.load, i, t)) {
      s.start[i] = t;
      applyLoad(m, s.load, i, t, 1);
      return true;
    }
  }
  return false;
}

/**
 * Serial schedule generation: pinned first, then repeatedly the first initiative in the list
 * whose predecessors are all settled, at its earliest feasible period. An initiative whose
 * predecessor could not be placed is not placed either (it would wait for ever).
 */
function serialSgs(m: Model, blocked: readonly (string | undefined)[], list: readonly number[]): Starts {
  const s = bookPinned(m, blocked);
  const settled = m.ids.map((_, i) => m.pinned[i] !== null || blocked[i] !== undefined);
  for (;;) {
    const i = list.find((k) => !settled[k] && m.preds[k].every((j) => settled[j]));
    if (i === undefined) break;
    settled[i] = true;
    if (m.preds[i].some((j) => s.start[j] === null)) continue;
    placeEarliest(m, s, i, readyAt(m, s.start, i));
  }
  return s;
}

export function makespanOf(m: Model, start: readonly (PeriodIndex | null)[]): number {
  let mk = 0;
  for (let i = 0; i < m.n; i++) {
    const t = start[i];
    if (t !== null) mk = Math.max(mk, t + m.duration[i]);
  }
  return mk;
}

export function weightedCompletionOf(m: Model, start: readonly (PeriodIndex | null)[]): number {
  let sum = 0;
  for (let i = 0; i < m.n; i++) {
    const t = start[i];
    sum += m.weight[i] * (t === null ? m.horizon + 1 : t + m.duration[i]);
  }
  return sum;
}

const placedCount = (start: readonly (PeriodIndex | null)[]) => start.filter((t) => t !== null).length;

/** Pinned initiatives paired with a predecessor that is not placed or ends after they start. */
function pinnedConflicts(m: Model, start: readonly (PeriodIndex | null)[]): number {
  let k = 0;
  for (let i = 0; i < m.n; i++) {
    const t = start[i];
    if (m.pinned[i] === null || t === null) continue;
    for (const j of m.preds[i]) {
      const sj = start[j];
      if (sj === null || sj + m.duration[j] > t) k++;
    }
  }
  return k;
}

// ---------------------------------------------------------------------------------------------
// Improvement

function copy(s: Starts): Starts {
  return { start: [...s.start], load: s.load.map((row) => [...row]) };
}

/**
 * Is a better than b? 'priority': no measure worse (initiatives placed, pinned initiatives
 * starting before what they wait for, makespan, priority-weighted completion) and one better.
 * 'makespan': more placed, then fewer pinned conflicts, then a shorter roadmap, then priority
 * work finishing sooner, each deciding only when the ones before are equal.
 */
function better(m: Model, a: Starts, b: Starts, objective: 'priority' | 'makespan'): boolean {
  // Larger is better for the first measure, smaller for the others.
  const ma = [-placedCount(a.start), pinnedConflicts(m, a.start), makespanOf(m, a.start), weightedCompletionOf(m, a.start)];
  const mb = [-placedCount(b.start), pinnedConflicts(m, b.start), makespanOf(m, b.start), weightedCompletionOf(m, b.start)];
  if (objective === 'makespan') {
    const k = ma.findIndex((x, i) => x !== mb[i]);
    return k >= 0 && ma[k] < mb[k];
  }
  return ma.every((x, i) => x <= mb[i]) && ma.some((x, i) => x < mb[i]);
}

function improve(m: Model, blocked: readonly (string | undefined)[], base: Starts, objective: 'priority' | 'makespan'): { plan: Starts; rounds: number } {
  let plan = base;
  let rounds = 0;
  while (rounds < MAX_ROUNDS) {
    const kept = [justify(m, blocked, plan), forwardBackward(m, blocked, plan)].filter((c): c is Starts => c !== undefined && better(m, c, plan, objective));
    if (kept.length === 0) break;
    // Of two kept rounds, the second replaces the first only if it is better still.
    plan = kept.reduce((a, b) => (better(m, b, a, objective) ? b : a));
    rounds++;
  }
  return { plan, rounds };
}

/**
 * Forward-backward improvement as Tormos and Lova describe it: the plan is rebuilt backwards
 * (latest finish first, each as late as it fits before the makespan and its successors, beside
 * only what the backward pass has already placed), then forwards (serial SGS in order of the
 * backward starts). Unlike in-place justification it may reorder initiatives that block each
 * other. Undefined when the backward pass cannot respect an earliest start.
 */
function forwardBackward(m: Model, blocked: readonly (string | undefined)[], from: Starts): Starts | undefined {
  const deadline = makespanOf(m, from.start);
  const back = bookPinned(m, blocked);
  const end = (i: number) => (from.start[i] as number) + m.duration[i];
  const placed = m.ids.map((_, i) => i).filter((i) => from.start[i] !== null && m.pinned[i] === null);
  for (const i of [...placed].sort((a, b) => end(b) - end(a) || m.rank[b] - m.rank[a])) {
    let latestEnd = deadline;
    for (const k of m.succs[i]) {
      const t = back.start[k];
      // A pinned successor that already starts too early cannot be honoured; any other binds.
      if (t !== null && (m.pinned[k] === null || end(i) <= t)) latestEnd = Math.min(latestEnd, t);
    }
    let t = latestEnd - m.duration[i];
    while (t >= m.earliest[i] && !fits(m, back.load, i, t)) t--;
    if (t < m.earliest[i]) return undefined;
    back.start[i] = t;
    applyLoad(m, back.load, i, t, 1);
  }
  const list = [...placed].sort((a, b) => (back.start[a] as number) - (back.start[b] as number) || m.rank[a] - m.rank[b]);
  const forward = serialSgs(m, blocked, [...list, ...m.order.filter((i) => from.start[i] === null)]);
  fill(m, blocked, forward);
  return forward;
}

/**
 * One round of double justification on a copy, then a try at placing what is still unplaced.
 * Every move keeps the plan feasible: an initiative is taken out, and put back at a position
 * that fits beside everything else as it stands and respects its predecessors and successors.
 */
function justify(m: Model, blocked: readonly (string | undefined)[], from: Starts): Starts {
  const s = copy(from);
  const movable = m.ids.map((_, i) => i).filter((i) => s.start[i] !== null && m.pinned[i] === null);
  const end = (i: number) => (s.start[i] as number) + m.duration[i];

  // Right: latest finish first (ties: lower priority first), each as late as it can go without
  // ending after the current makespan or after a successor starts.
  const deadline = makespanOf(m, s.start);
  const byFinish = [...movable].sort((a, b) => end(b) - end(a) || m.rank[b] - m.rank[a]);
  for (const i of byFinish) {
    const from0 = s.start[i] as number;
    let latestEnd = deadline;
    for (const k of m.succs[i]) {
      const t = s.start[k];
      if (t !== null) latestEnd = Math.min(latestEnd, t);
    }
    applyLoad(m, s.load, i, from0, -1);
    let to = from0;
    for (let t = latestEnd - m.duration[i]; t > from0; t--) {
      if (fits(m, s.load, i, t)) {
        to = t;
        break;
      }
    }
    s.start[i] = to;
    applyLoad(m, s.load, i, to, 1);
  }

  // Left: earliest start first (ties: higher priority first), each as early as it can go;
  // repeated until nothing moves, so that afterwards no initiative could start earlier with the
  // others where they are (which is what makes every delay explainable).
  for (let moved = true; moved; ) {
    moved = false;
    const byStart = [...movable].sort((a, b) => (s.start[a] as number) - (s.start[b] as number) || m.rank[a] - m.rank[b]);
    for (const i of byStart) {
      const from0 = s.start[i] as number;
      const ready = readyAt(m, s.start, i);
      if (ready >= from0) continue;
      applyLoad(m, s.load, i, from0, -1);
      let to = from0;
      for (let t = ready; t < from0; t++) {
        if (fits(m, s.load, i, t)) {
          to = t;
          break;
        }
      }
      s.start[i] = to;
      applyLoad(m, s.load, i, to, 1);
      if (to !== from0) moved = true;
    }
  }

  fill(m, blocked, s);
  return s;
}

/**
 * Places, in priority order, whatever was not placed but now fits (room the improvement opened),
 * until nothing more does. Afterwards no unplaced initiative fits anywhere, so its listed reason
 * holds for the plan shown.
 */
function fill(m: Model, blocked: readonly (string | undefined)[], s: Starts): void {
  for (let placed = true; placed; ) {
    placed = false;
    for (const i of m.order) {
      if (s.start[i] !== null || blocked[i] !== undefined || m.pinned[i] !== null) continue;
      if (m.preds[i].some((j) => s.start[j] === null)) continue;
      if (placeEarliest(m, s, i, readyAt(m, s.start, i))) placed = true;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Reasons and findings, read off the finished plan.

/**
 * Why no start from `from` to `to` (inclusive) fits, in words: for each role that stands in the
 * way, "<role> capacity full in <period>" when one period of it blocks, else "full until <the
 * last period it blocks>" (for a delay, the period just before the start), or "below its need"
 * where the role's plannable FTE alone is less than the initiative needs. Roles are taken the one
 * blocking last first, each while it blocks a start those taken before it do not (so one reason
 * usually names one role); each is named for its periods from the first that blocks a start no
 * other role named blocks, and they are listed in time order, so the last period named is the one
 * before the start (for a delay). The load must not hold i itself.
 */
function capacityReason(m: Model, load: readonly (readonly number[])[], i: number, from: PeriodIndex, to: PeriodIndex): string | undefined {
  const d = m.duration[i];
  const f = m.fte[i];
  const lastPeriod = Math.min(to + d - 1, m.horizon - 1);
  // Per role, the periods (in the window the starts reach) in which i would not fit beside the load.
  const blocks = m.roleNames.map((_, r) => {
    const periods: PeriodIndex[] = [];
    if (f[r] > 0) for (let p = from; p <= lastPeriod; p++) if (load[r][p] + f[r] > m.capacity[r][p] + FTE_TOLERANCE) periods.push(p);
    return periods;
  });
  const roles = blocks
    .map((periods, r) => ({ r, lastBlock: periods.length > 0 ? periods[periods.length - 1] : -1 }))
    .filter((x) => x.lastBlock >= 0)
    .sort((a, b) => b.lastBlock - a.lastBlock || a.r - b.r);
  const startsOf = (p: PeriodIndex) => Array.from({ length: Math.min(to, p) - Math.max(from, p - d + 1) + 1 }, (_, k) => Math.max(from, p - d + 1) + k);
  const blockedBy = (rs: readonly number[]) => new Set(rs.flatMap((r) => blocks[r].flatMap(startsOf)));
  // The roles blocking last first, each while it blocks a start those taken before it do not.
  const taken: number[] = [];
  for (const { r } of roles) {
    const before = blockedBy(taken);
    if (blocks[r].flatMap(startsOf).some((s) => !before.has(s))) taken.push(r);
    if (blockedBy(taken).size === to - from + 1) break;
  }
  // Each named for its periods from the first that blocks a start no other role named blocks (a role left with none is dropped).
  const named: Array<{ r: number; periods: PeriodIndex[] }> = [];
  for (const r of [...taken]) {
    const others = blockedBy(taken.filter((x) => x !== r));
    const first = blocks[r].find((p) => startsOf(p).some((s) => !others.has(s)));
    if (first === undefined) taken.splice(taken.indexOf(r), 1);
    else named.push({ r, periods: blocks[r].filter((p) => p >= first) });
  }
  if (named.length === 0) return undefined;
  const parts = named
    .sort((a, b) => a.periods[a.periods.length - 1] - b.periods[b.periods.length - 1] || a.r - b.r)
    .map(({ r, periods }) => {
      const p = periods[periods.length - 1];
      const when = periods.length === 1 ? `in ${name(m, p)}` : `until ${name(m, p)}`;
      const cap = m.capacity[r][p];
      const role = m.roleNames[r];
      return f[r] > cap + FTE_TOLERANCE ? `${role} capacity below its need ${when} (${fteText(f[r])} FTE, ${fteText(cap)} plannable)` : `${role} capacity full ${when}`;
    });
  return parts.join(', ');
}

/** The predecessors that finish last (the ones i actually waits for), by id. */
function lastPredecessors(m: Model, start: readonly (PeriodIndex | null)[], i: number): { ids: string[]; ready: PeriodIndex } {
  let ready = 0;
  for (const j of m.preds[i]) ready = Math.max(ready, (start[j] as number) + m.duration[j]);
  return { ids: m.preds[i].filter((j) => (start[j] as number) + m.duration[j] === ready).map((j) => m.ids[j]), ready };
}

function delayReasons(m: Model, s: Starts, i: number): string[] {
  const t = s.start[i] as number;
  const es = m.earliest[i];
  if (m.pinned[i] !== null) return t > es ? ['pinned'] : [];
  if (t <= es) return [];
  const reasons: string[] = [];
  const waits = lastPredecessors(m, s.start, i);
  if (waits.ready > es) reasons.push(`waits for ${list(waits.ids)}`);
  const ready = Math.max(es, waits.ready);
  if (t > ready) {
    applyLoad(m, s.load, i, t, -1);
    const why = capacityReason(m, s.load, i, ready, t - 1);
    applyLoad(m, s.load, i, t, 1);
    // Never missing for the plans built here (each is left-justified); kept so a reason is never empty.
    reasons.push(why ?? 'placed later by the improvement');
  }
  return reasons;
}

function unplacedReason(m: Model, blocked: readonly (string | undefined)[], s: Starts, i: number): string {
  const own = blocked[i];
  if (own !== undefined) return own;
  const missing = m.preds[i].filter((j) => s.start[j] === null).map((j) => m.ids[j]);
  if (missing.length > 0) return `waits for ${list(missing)}, which cannot be placed`;
  const waits = lastPredecessors(m, s.start, i);
  const ready = Math.max(m.earliest[i], waits.ready);
  const d = m.duration[i];
  if (ready + d > m.horizon) return `waits for ${list(waits.ids)} (until ${name(m, waits.ready - 1)}), then needs ${plural(d, 'period')}; the horizon ends with ${last(m)}`;
  return `no room before the horizon ends: ${capacityReason(m, s.load, i, ready, m.horizon - d) ?? 'capacity full'}`;
}

function findings(m: Model, s: Starts): Finding[] {
  const out: Finding[] = [];
  for (let t = 0; t < m.horizon; t++) {
    for (let r = 0; r < m.roleCount; r++) {
      const planned = s.load[r][t];
      const capacity = m.capacity[r][t];
      if (planned <= capacity + FTE_TOLERANCE) continue;
      const pinned = m.ids.filter((_, i) => {
        const st = s.start[i];
        return m.pinned[i] !== null && st !== null && st <= t && t < st + m.duration[i] && m.fte[i][r] > 0;
      });
      const role = m.roleNames[r];
      out.push({
        kind: 'overload',
        role,
        period: t,
        planned,
        capacity,
        pinned,
        message: `${role} overloaded in ${name(m, t)}: ${fteText(planned)} FTE planned, ${fteText(capacity)} plannable (pinned: ${pinned.join(', ')})`,
      });
    }
  }
  for (let i = 0; i < m.n; i++) {
    const st = s.start[i];
    if (m.pinned[i] === null || st === null) continue;
    for (const j of m.preds[i]) {
      const sj = s.start[j];
      const id = m.ids[i];
      const waitsFor = m.ids[j];
      if (sj === null) out.push({ kind: 'pinned-dependency', id, waitsFor, message: `${id} is pinned to start in ${name(m, st)} but waits for ${waitsFor}, which cannot be placed` });
      else if (sj + m.duration[j] > st) {
        out.push({ kind: 'pinned-dependency', id, waitsFor, message: `${id} is pinned to start in ${name(m, st)} but waits for ${waitsFor}, which ends in ${name(m, sj + m.duration[j] - 1)}` });
      }
    }
  }
  return out;
}

function toSchedule(m: Model, blocked: readonly (string | undefined)[], s: Starts): Schedule {
  const initiatives: ScheduledInitiative[] = [];
  const unplaceable: Unplaceable[] = [];
  for (let i = 0; i < m.n; i++) {
    const t = s.start[i];
    const pinned = m.pinned[i] !== null;
    if (t === null) {
      const reason = unplacedReason(m, blocked, s, i);
      unplaceable.push({ id: m.ids[i], reason });
      initiatives.push({ id: m.ids[i], start: null, end: null, pinned, delay: 0, reasons: [reason] });
    } else {
      initiatives.push({ id: m.ids[i], start: t, end: t + m.duration[i] - 1, pinned, delay: Math.max(0, t - m.earliest[i]), reasons: delayReasons(m, s, i) });
    }
  }
  return {
    initiatives,
    unplaceable,
    findings: findings(m, s),
    makespan: makespanOf(m, s.start),
    weightedCompletion: weightedCompletionOf(m, s.start),
    load: s.load.map((row) => [...row]),
  };
}
