// The roadmap as a table: one row per initiative with its start, end, gate periods and reason.
// ROADMAP (the custom function) and "Generate roadmap" (the panel command) both schedule through
// scheduleRoadmap, so the same problem gives the same roadmap in a formula and on the BTM Roadmap
// sheet. The readers below are ROADMAP's (its start, dependency and priority arguments); the
// panel command reads the demand table as Plan capacity does (demandCells), so a start cell can
// read differently in the two ("pinned 2027-03", 0, a date past the horizon).
import { CellValue } from '../values/cells';
import { isSheetError } from '../values/errors';
import { parseNumberText } from '../values/coerce';
import { endOfDates, isDateSerial } from '../capacity/capacity-table';
import { PeriodIndex, RoadmapError, RoadmapProblem } from './model';
import { Schedule, planRoadmap } from './scheduler';
import { Approach, Zone, ZoneShares, gatePeriods } from './gates';

export interface RoadmapRow {
  readonly id: string;
  readonly status: 'placed' | 'unplaceable';
  /** 0-based periods; end inclusive; null when unplaceable. */
  readonly start: number | null;
  readonly end: number | null;
  /** Period each zone starts in (A capture demand, B build, C release, D roll out); null when unplaceable. */
  readonly gates: Readonly<Record<Zone, number | null>>;
  /**
   * Why it starts later than it could ("waits for X; Developer capacity full in 2027-03"), why it
   * cannot be placed, or ''. A pinned initiative says "pinned", followed by what its fixed date
   * breaks, if anything ("pinned; Developer overloaded in 2027-03: ...").
   */
  readonly reason: string;
}

export interface RoadmapOutcome {
  /** Table order. */
  readonly rows: readonly RoadmapRow[];
  /** What pinned dates break (overloaded roles, pinned starts before a predecessor ends), in words. */
  readonly findings: readonly string[];
  /** Periods from the start of the horizon to the end of the last placed initiative. */
  readonly makespan: number;
  /** The improved schedule itself (load per role and period, delays, ...), for a caller drawing more than the table. */
  readonly schedule?: Schedule;
  /** The serial baseline's makespan and priority-weighted completion, to show what the improvement gained. */
  readonly baseline?: { readonly makespan: number; readonly weightedCompletion: number };
}

/** The approach of an initiative whose approach is not given: the sequential project, the plainest reading of the gates. */
export const DEFAULT_APPROACH: Approach = 'gate-based';

/**
 * The one scheduling path both ROADMAP and "Generate roadmap" take: planRoadmap (the improved
 * plan) and gatePeriods. approaches: one per initiative in table order; undefined takes
 * DEFAULT_APPROACH. shares: the DMO's zone shares (the defaults for any approach not given).
 */
export function scheduleRoadmap(
  problem: RoadmapProblem,
  approaches: readonly (Approach | undefined)[],
  shares?: Partial<Record<Approach, ZoneShares>>,
): RoadmapOutcome | RoadmapError {
  const plan = planRoadmap(problem);
  if (isSheetError(plan)) return plan;
  const s = plan.improved;
  const gates = gatePeriods(
    s,
    approaches.map((a) => a ?? DEFAULT_APPROACH),
    shares,
  );
  if (isSheetError(gates)) return gates;
  const rows = s.initiatives.map((it, i): RoadmapRow => {
    const reasons = it.pinned && it.start !== null ? ['pinned', ...s.findings.filter((f) => (f.kind === 'overload' ? f.pinned.includes(it.id) : f.id === it.id)).map((f) => f.message)] : it.reasons;
    return {
      id: it.id,
      status: it.start === null ? 'unplaceable' : 'placed',
      start: it.start,
      end: it.end,
      gates: gates[i].zones ?? { A: null, B: null, C: null, D: null },
      reason: reasons.join('; '),
    };
  });
  return {
    rows,
    findings: s.findings.map((f) => f.message),
    makespan: s.makespan,
    schedule: s,
    baseline: { makespan: plan.baseline.makespan, weightedCompletion: plan.baseline.weightedCompletion },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading the cells people type. Each reader returns a value or a problem in words (without the
// cell's position, which the caller knows and adds).

export type PriorityDirection = 'lowest-first' | 'highest-first';

/** Headers that mark a rank (1 is first). */
const RANK_HEADER = /\b(rank|ranks|ranking|position|order|sequence)\b/i;
/** Headers that mark a figure where more is better. */
const SCORE_HEADER = /\b(wsjf|score|scores|value|cost of delay|cod|npv|benefit|benefits)\b/i;
/** Headers that mark a priority level: priority 1 (P1) comes first. */
const LEVEL_HEADER = /\b(priority|priorities|prio)\b/i;

/**
 * How a priority column orders the initiatives, so that a rank and a score both read the way
 * they are meant:
 *  1. its header, when it says: "Rank", "BTM Rank", "Position", "Order" (1 first); then "WSJF",
 *     "Score", "BTM Score", "Value", "NPV", "Cost of delay" (higher first); then "Priority" or
 *     "Prio" (priority 1 first). "WSJF rank" is a rank, "Priority score" a score;
 *  2. without such a header, its values: the whole numbers 1..n, each once (what PRIORITY
 *     spills, what a rank column holds) are a rank, 1 first; any other numbers (WSJF, scores,
 *     SELECT × scores) count higher first, as ALLOCATE reads them.
 * The panel command reads its Priority/Rank and Value/WSJF columns by the same headers.
 */
export function priorityDirection(header: string | undefined, values: readonly number[]): PriorityDirection {
  if (header !== undefined) {
    if (RANK_HEADER.test(header)) return 'lowest-first';
    if (SCORE_HEADER.test(header)) return 'highest-first';
    if (LEVEL_HEADER.test(header)) return 'lowest-first';
  }
  const seen = new Set<number>();
  for (const v of values) {
    if (!Number.isInteger(v) || v < 1 || v > values.length || seen.has(v)) return 'highest-first';
    seen.add(v);
  }
  return 'lowest-first';
}

/**
 * The ids a dependency cell lists, as written: separated by ";", "," or line breaks, spaces
 * around each trimmed, empty parts dropped. A number is the id written with its digits.
 */
export function dependencyIds(cell: CellValue): string[] {
  if (cell === null || isSheetError(cell) || typeof cell === 'boolean') return [];
  if (typeof cell === 'number') return [String(cell)];
  return cell
    .split(/[;,\r\n]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** The periods a start can name: their names (for reasons and matching), the header cells as read, and whether they run on past the last (P1, P2 ... without a capacity table). */
export interface PeriodAxis {
  readonly names: readonly string[];
  readonly cells: readonly CellValue[];
  /** Periods "P1", "P2" ... with no last one yet: "P40" and 40 name period 40 whatever the names hold. */
  readonly open?: boolean;
}

export interface StartCell {
  /** First period it may start in (0-based); may lie past the horizon, which makes it unplaceable. */
  readonly earliest?: PeriodIndex;
  /** Fixed start (0-based). */
  readonly pinned?: PeriodIndex;
}

/** What is wrong with a start cell, in words that follow the cell's position ("start: row 3 holds ..."); unknown: it names no period (#N/A) rather than being unreadable (#VALUE!). */
export interface StartProblem {
  readonly problem: string;
  readonly unknown: boolean;
}

const PINNED = /^(pinned|fixed)\b\s*:?\s*(.*)$/i;

/**
 * A start cell: blank (or 0) for none; a period label ("2027-03", "Q3 2027", a date that is a
 * period header, or one inside a dated period); a period number (1 is the first period); or
 * "pinned <period>" / "fixed <period>" for a fixed start. A string says what is wrong.
 */
export function readStartCell(cell: CellValue, axis: PeriodAxis): StartCell | StartProblem {
  const bad = (problem: string, unknown = false): StartProblem => ({ problem, unknown });
  if (cell === null || cell === 0) return {};
  if (isSheetError(cell)) return bad(`holds ${cell.code}`);
  if (typeof cell === 'boolean') return bad(`holds ${cell ? 'TRUE' : 'FALSE'}; a period label or number is needed`);
  if (typeof cell === 'string') {
    const t = cell.trim();
    if (t === '') return {};
    const pin = PINNED.exec(t);
    if (pin) {
      if (pin[2].trim() === '') return bad(`says "${t}" without the period; write "pinned 2027-03" (a label) or "pinned 3" (a period number)`);
      const p = periodOf(pin[2].trim(), axis);
      if (typeof p !== 'number') return p;
      if (p < 0) return bad(`pins a start before the first period (${axis.names[0]}); a pinned date must be inside the horizon`);
      return { pinned: p };
    }
    const p = periodOf(t, axis);
    return typeof p !== 'number' ? p : { earliest: Math.max(0, p) };
  }
  const p = periodOf(cell, axis);
  return typeof p !== 'number' ? p : { earliest: Math.max(0, p) };
}

/** The 0-based period a label or number names; -1 for a date before the first dated period. */
function periodOf(value: string | number, axis: PeriodAxis): PeriodIndex | StartProblem {
  const n = axis.names.length;
  // A header cell itself (a date, a year, a label), or its name.
  for (let t = 0; t < n; t++) {
    const c = axis.cells[t];
    const text = typeof c === 'string' ? c.trim().toLowerCase() : undefined;
    if (typeof value === 'number' ? c === value || text === String(value) : text === value.toLowerCase()) return t;
  }
  if (typeof value === 'string') {
    const k = value.toLowerCase();
    const t = axis.names.findIndex((x) => x.toLowerCase() === k);
    if (t >= 0) return t;
    const generic = axis.open ? /^p(\d+)$/i.exec(value) : null;
    if (generic) return periodNumber(Number(generic[1]), value, axis);
    const x = parseNumberText(value);
    if (x === undefined) return { problem: `holds "${value}", which is not one of the periods (${span(axis)}); give a period label, a period number (1 is the first) or "pinned <period>"`, unknown: true };
    return periodNumber(x, value, axis);
  }
  // A date inside a dated horizon falls into the period it is in.
  const dated = n > 0 && axis.cells.every((c, t) => isDateSerial(c) && (t === 0 || c > (axis.cells[t - 1] as number)));
  if (dated && isDateSerial(value)) {
    const first = axis.cells[0] as number;
    if (value < first) return -1;
    let t = 0;
    while (t + 1 < n && (axis.cells[t + 1] as number) <= value) t++;
    if (t === n - 1 && value >= endOfDates(axis.cells as number[])) return n;
    return t;
  }
  return periodNumber(value, String(value), axis);
}

function periodNumber(x: number, shown: string, axis: PeriodAxis): PeriodIndex | StartProblem {
  if (!Number.isInteger(x) || x < 1) return { problem: `holds ${shown}, which is neither a period label (${span(axis)}) nor a period number (a whole number from 1)`, unknown: false };
  return x - 1;
}

function span(axis: PeriodAxis): string {
  const n = axis.names.length;
  if (axis.open) return 'P1, P2 ...';
  return n <= 3 ? axis.names.join(', ') : `${axis.names[0]} ... ${axis.names[n - 1]}`;
}
