// The panel's "Plan capacity" command, as pure planning: from the user's demand table and
// Capacity sheet (read once) and the DMO's rules in BTM Settings, the exact selection, the
// efficient frontier, the allocation by selective resourcing (compared with even spreading) and
// its lint, laid out as the add-in-owned `BTM Capacity` sheet that the host writes in one go.
// Nothing outside that sheet changes.
import { CAPACITY_SHEET, OwnedSheet, readDemandAndCapacity } from './demand-and-capacity';
import { CellValue, cellText, isBlank } from '../values/cells';
import { isSheetError } from '../values/errors';
import { cellNumber, clip, parseNumberText, yesNoCell } from '../values/coerce';
import { columnLetters, quoteSheet } from '../values/a1';
import {
  COST_FIELD,
  DURATION_FIELD,
  EXCLUDES_FIELD,
  FORCED_FIELD,
  FieldSpec,
  INITIATIVE_FIELD,
  PRIORITY_FIELD,
  REQUIRES_FIELD,
  START_FIELD,
  VALUE_FIELD,
  ColumnMapping,
  headerText,
  mapHeaders,
  roleField,
} from '../demand/header-mapping';
import { DemandTable, SheetSnapshot } from './score-demand';
import { CapacityRules, effectiveCapacity, plannableCapacity } from '../capacity/rules';
import { Candidate, SelectionProblem, greedySelection, totalCost, totalValue } from '../capacity/selection-model';
import { Finding, RoleCapacity, lintPlan } from '../capacity/plan-lint';
import { CapacityTable, FIRST_DATE_SERIAL, dateLabel, joinProblems } from '../capacity/capacity-table';
import { AllocationInput, AllocationPlan, Workload, compareThroughput, toAllocations } from '../capacity/allocation';
import { SelectionSolver } from '../capacity/solver';
import { FrontierPoint, efficientFrontier } from '../capacity/frontier';

export { CAPACITY_SHEET };
export const OWNED_CAPACITY_SHEET = 'BTM Capacity';
/** The sheet Plan capacity writes, never read as its demand table. */
export const PLAN_OWNED: OwnedSheet = { sheet: OWNED_CAPACITY_SHEET, writes: 'the plan' };

/** The proven gap the selection (and each frontier level) stops at: 0.1%. */
export const PLAN_RELATIVE_GAP = 0.001;
export const DEFAULT_TIME_LIMIT_SECONDS = 30;
/** Default frontier: this many total-budget levels from 50% to 150% of the Capacity sheet's total budget. */
export const DEFAULT_FRONTIER_LEVELS = 10;
const MAX_FRONTIER_LEVELS = 50;

export interface PlanCapacityRequest {
  /** Field -> header, as in Score demand ('' for "not used"). */
  readonly overrides?: Readonly<Record<string, string>>;
  /** Total-budget levels of the frontier: `steps` levels from `from` to `to`, both included. */
  readonly frontier?: { readonly from: number; readonly to: number; readonly steps: number };
  /** For the selection, and again for the whole frontier (shared among its levels). */
  readonly timeLimitSeconds?: number;
}

export type PlanCapacityResponse =
  | {
      status: 'written';
      sheet: string;
      selected: number;
      candidates: number;
      value: number;
      greedyValue: number;
      optimality: 'optimal' | 'time-limit';
      gap: number;
      binding: string[];
      /** The selected initiatives staffed in priority order (selective) or evenly. */
      throughput: { selective: number; even: number; gain: number };
      /** The same comparison on every initiative not forced out (the whole demand staffed at once). */
      demandThroughput?: { selective: number; even: number; gain: number };
      findings: { errors: number; warnings: number };
      mapping: Record<string, string>;
      tableHeaders: string[];
      /** Every field the command looks for (the roles' FTE fields included), for the panel's mapping choices. */
      fields?: string[];
      notes: string[];
    }
  | { status: 'invalid'; message: string }
  | { status: 'cancelled' };

/** One initiative as read from the demand table. */
interface Initiative {
  /** As typed (numbers as their digits). */
  readonly id: string;
  /** 1-based sheet row. */
  readonly row: number;
  readonly value: number;
  /** Total cost over the duration. */
  readonly cost: number;
  readonly duration: number;
  /** 0-based earliest start period. */
  readonly start: number;
  /** FTE per role of the Capacity sheet while it runs. */
  readonly fte: readonly number[];
  readonly forced?: 'in' | 'out';
  readonly priority?: number;
}

/** What readPlanCapacity hands to planCapacity (hosts pass it through untouched). */
export interface PlanCapacityInputs {
  readonly kind: 'plan-capacity-inputs';
  readonly initiatives: readonly Initiative[];
  readonly problem: SelectionProblem;
  readonly capacity: CapacityTable;
  readonly rules: CapacityRules;
  /** Candidate indices in staffing order (first staffed first). */
  readonly order: readonly number[];
  readonly orderText: string;
  readonly levels: readonly number[];
  readonly timeLimitSeconds: number;
  readonly mapping: Record<string, string>;
  readonly tableHeaders: string[];
  readonly fields: string[];
  readonly source: string;
  readonly notes: readonly string[];
}

export interface Progress {
  readonly step: string;
  /** 0..1 overall. */
  readonly fraction: number;
}

export interface CapacitySheet {
  /** The owned sheet's whole content from A1, rectangular; user text as plain strings (hosts write it as text). */
  readonly values: CellValue[][];
  /** Same size: '#rrggbb' fill or null. */
  readonly fills: (string | null)[][];
  /** Same size: number format or null ('0%', '#,##0', '0.0'). */
  readonly formats: (string | null)[][];
  /** 0-based rows to show bold (section titles and headers). */
  readonly boldRows: readonly number[];
  /** The frontier's data for a line chart: 1-based rows/cols inside the owned sheet, header row included; x = budget column, y = value column. */
  readonly chart: { readonly title: string; readonly top: number; readonly left: number; readonly rows: number; readonly cols: 2 } | undefined;
  readonly response: Extract<PlanCapacityResponse, { status: 'written' }>;
}

type Invalid = { status: 'invalid'; message: string };
const invalid = (message: string): Invalid => ({ status: 'invalid', message });

const key = (id: string) => id.trim().toLowerCase();

/** Heat-map fills. */
export const LOAD_FILLS = { under: '#c6efce', near: '#ffeb9c', over: '#ffc7ce' } as const;

// ---------------------------------------------------------------------------------------------
// Reading

/** The fields Plan capacity looks for: the fixed ones, then one per role of the Capacity sheet. */
function planCapacityFields(roles: readonly string[]): FieldSpec[] {
  return [INITIATIVE_FIELD, VALUE_FIELD, COST_FIELD, DURATION_FIELD, START_FIELD, REQUIRES_FIELD, EXCLUDES_FIELD, FORCED_FIELD, PRIORITY_FIELD, ...roles.map(roleField)];
}

const FORCED_IN = new Set(['in', 'forced in', 'force in', 'must', 'must do', 'mandatory', 'keep']);
const FORCED_OUT = new Set(['out', 'forced out', 'force out', 'never', 'drop', 'dropped', 'stop', 'stopped']);
const PRIORITY_WORDS: Readonly<Record<string, number>> = { critical: 1, 'very high': 1, high: 2, medium: 3, normal: 3, low: 4, 'very low': 5 };

/**
 * Reads the demand table around the selection, the Capacity sheet and the capacity rules; every
 * problem names its cell (Demand!C4). Decisions where the issue is silent:
 * - Blank cost or role FTE counts 0; a blank start is the first period; a blank value, ID or
 *   duration is a mistake to fix. The value may be negative (an NPV can be); costs, FTE and
 *   durations may not; a duration is a whole number of periods of at least 1.
 * - Start: a period label of the Capacity sheet (any case), a period number 1..T, or (when the
 *   periods are dates) any date, which falls in the period it is in.
 * - Forced: in/out, or yes/TRUE/1 for in; no/FALSE/0 mean "not forced" (an unticked checkbox).
 * - IDs match in Requires/Excludes regardless of case and surrounding spaces; so do duplicates.
 * - An initiative running past the last period keeps its full value; the cost and FTE of its
 *   periods after the horizon are left out (and noted).
 */
export function readPlanCapacity(
  snap: SheetSnapshot,
  capacityGrid: CellValue[][] | undefined,
  settingsGrid: CellValue[][] | undefined,
  request: PlanCapacityRequest = {},
): PlanCapacityInputs | Invalid {
  const input = readDemandAndCapacity(snap, capacityGrid, settingsGrid, PLAN_OWNED);
  if ('problem' in input) return invalid(input.problem);
  const { found, cap, notes, headers, tableHeaders, source } = input;
  const rules = input.settings.capacity;

  const timeLimitSeconds = request.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS;
  if (!(Number.isFinite(timeLimitSeconds) && timeLimitSeconds > 0)) return invalid(`The time limit must be a number of seconds above 0, not ${timeLimitSeconds}.`);

  const T = cap.periods.length;
  const fields = planCapacityFields(cap.roles);
  const mapping = mapHeaders(headers, fields, request.overrides ?? {});
  const shownMapping: Record<string, string> = {};
  for (const [k, i] of Object.entries(mapping)) shownMapping[k] = tableHeaders[i];

  const missing: string[] = [];
  const required: Array<[FieldSpec, string, string]> = [
    [INITIATIVE_FIELD, 'initiatives', '"ID", "Initiative" or "Name"'],
    [VALUE_FIELD, 'value', '"Value", "NPV", "BTM Score", "Score" or "WSJF"'],
    [COST_FIELD, 'cost', '"Cost" or "Total cost"'],
    [DURATION_FIELD, 'duration', '"Duration" or "Periods"'],
  ];
  for (const [f, what, names] of required) {
    if (mapping[f.key] === undefined) missing.push(`No column gives the ${what}: name one ${names}, or choose it in the panel.`);
  }
  const roles = roleColumns(cap.roles, mapping);
  const roleCols = roles.cols;
  if (roles.problem) missing.push(roles.problem);
  if (missing.length > 0) return invalid(missing.join(' '));
  notes.push(...roles.notes);

  const cells = demandCells(found, mapping, cap);
  const { problems, numberAt, startAt, forcedAt, priorityAt, idsAt } = cells;

  const initiatives: Initiative[] = [];
  const links: Array<{ rowIndex: number; requires: string[]; excludes: string[] }> = [];
  for (let r = 1; r < found.values.length; r++) {
    const row = found.values[r].slice(0, found.width);
    if (row.every(isBlank)) continue; // a blank row inside the table
    const id = cells.idAt(r);
    if (id === undefined) continue;
    const value = numberAt(r, VALUE_FIELD.key, 'value', { negative: true });
    const cost = numberAt(r, COST_FIELD.key, 'cost', { blank: 0 });
    const duration = numberAt(r, DURATION_FIELD.key, 'duration', { whole: true });
    const start = startAt(r);
    const fte = cap.roles.map((role, k) => (roleCols[k] === undefined ? 0 : numberAt(r, roleField(role).key, `FTE of ${role}`, { blank: 0 })));
    const forced = forcedAt(r);
    const priority = priorityAt(r);
    const requires = idsAt(r, REQUIRES_FIELD.key);
    const excludes = idsAt(r, EXCLUDES_FIELD.key);
    if (value === undefined || cost === undefined || duration === undefined || start === undefined || fte.some((x) => x === undefined)) continue;
    initiatives.push({ id, row: found.top + r, value, cost, duration, start, fte: fte as number[], ...(forced ? { forced } : {}), ...(priority !== undefined ? { priority } : {}) });
    links.push({ rowIndex: r, requires, excludes });
  }

  // Links, once every ID is known.
  const indexOf = new Map(initiatives.map((x, i) => [key(x.id), i]));
  const requires: Array<[number, number]> = [];
  const excludes: Array<[number, number]> = [];
  links.forEach((l, i) => {
    for (const j of cells.linked(l.rowIndex, REQUIRES_FIELD.key, 'require', l.requires, indexOf, i)) {
      if (!requires.some(([x, y]) => x === i && y === j)) requires.push([i, j]);
    }
    for (const j of cells.linked(l.rowIndex, EXCLUDES_FIELD.key, 'exclude', l.excludes, indexOf, i)) {
      const [a, b] = i < j ? [i, j] : [j, i];
      if (!excludes.some(([x, y]) => x === a && y === b)) excludes.push([a, b]);
    }
  });
  if (problems.length > 0) return invalid(joinProblems(problems));
  if (initiatives.length === 0) return invalid('The demand table has no initiatives: every row below the header is blank.');

  // Periods past the horizon are cut.
  const candidates: Candidate[] = initiatives.map((x) => {
    const end = Math.min(T, x.start + x.duration);
    if (x.start + x.duration > T) {
      const after = x.start + x.duration - T;
      notes.push(`${x.id} runs past ${cap.periods[T - 1]}: ${after} of its ${x.duration} periods fall after it; their cost and FTE are left out of the selection (its value counts in full).`);
    }
    const inPlan = (t: number) => t >= x.start && t < end;
    return {
      id: x.id,
      value: x.value,
      cost: cap.periods.map((_, t) => (inPlan(t) ? x.cost / x.duration : 0)),
      demand: cap.roles.map((_, k) => cap.periods.map((__, t) => (inPlan(t) ? x.fte[k] : 0))),
      ...(x.forced ? { forced: x.forced } : {}),
    };
  });
  const problem: SelectionProblem = {
    candidates,
    budget: cap.budget,
    roles: cap.roles,
    periods: cap.periods,
    capacity: cap.headcount.map((row) => row.map((h) => plannableCapacity(h, rules))),
    requires,
    excludes,
  };

  // Staffing order: the Priority (or Rank) column when the table has one (lowest first, blanks
  // last), otherwise by value; ties by value, then the table's order.
  const byPriority = mapping[PRIORITY_FIELD.key] !== undefined;
  const order = initiatives
    .map((_, i) => i)
    .sort((a, b) => {
      const x = initiatives[a];
      const y = initiatives[b];
      if (byPriority) {
        const px = x.priority ?? Infinity;
        const py = y.priority ?? Infinity;
        if (px !== py) return px < py ? -1 : 1;
      }
      return y.value - x.value || a - b;
    });
  const orderText = byPriority ? `by the "${shownMapping[PRIORITY_FIELD.key]}" column (lowest first), then by value` : 'by value, highest first';

  // Frontier levels.
  const totalBudget = cap.budget.reduce((s, b) => s + b, 0);
  const f = request.frontier ?? { from: totalBudget * 0.5, to: totalBudget * 1.5, steps: DEFAULT_FRONTIER_LEVELS };
  if (!(Number.isFinite(f.from) && Number.isFinite(f.to) && f.from >= 0 && f.to >= f.from && Number.isInteger(f.steps) && f.steps >= 1 && f.steps <= MAX_FRONTIER_LEVELS)) {
    return invalid(`The frontier needs budgets "from" and "to" of 0 or more with from at most to, and 1 to ${MAX_FRONTIER_LEVELS} levels (given: from ${f.from}, to ${f.to}, ${f.steps} levels).`);
  }
  const levels = frontierLevels(f.from, f.to, f.steps);

  return {
    kind: 'plan-capacity-inputs',
    initiatives,
    problem,
    capacity: cap,
    rules,
    order,
    orderText,
    levels,
    timeLimitSeconds,
    mapping: shownMapping,
    tableHeaders,
    fields: fields.map((x) => x.key),
    source,
    notes,
  };
}

/** The column of each role's FTE (by roleField); a problem when no role has one, a note for each role without. */
export function roleColumns(roles: readonly string[], mapping: ColumnMapping): { cols: (number | undefined)[]; problem?: string; notes: string[] } {
  const cols = roles.map((r) => mapping[roleField(r).key]);
  if (cols.every((c) => c === undefined)) {
    return {
      cols,
      problem: `No column gives the FTE of a role of the ${CAPACITY_SHEET} sheet: add columns named after the roles (${roles.map((r) => `"${r}"`).join(', ')}, or e.g. "${roles[0]} FTE") with the FTE each initiative needs per period.`,
      notes: [],
    };
  }
  const notes: string[] = [];
  roles.forEach((r, k) => cols[k] === undefined && notes.push(`No column gives the FTE of ${r}: the initiatives need none of it.`));
  return { cols, notes };
}

/** The cells of a demand table read by field, every problem naming its cell (Demand!C4). */
export interface DemandCells {
  /** Problems met so far, in the order met. */
  readonly problems: string[];
  /** The A1 name of a cell of the table: rowIndex 0 is the header row. */
  cellName(rowIndex: number, colIndex: number): string;
  /** The cell of a field in a row (null when no column gives the field). */
  at(rowIndex: number, field: string): CellValue;
  where(rowIndex: number, field: string): string;
  /** A number from a cell; undefined (and a problem noted) when it is not a fitting one. */
  numberAt(rowIndex: number, field: string, what: string, opts?: { blank?: number; negative?: boolean; whole?: boolean }): number | undefined;
  /**
   * A 0-based period of the Capacity sheet: a period label (any case), a period number 1..T, or
   * (when the periods are dates) any date, which falls in the period it is in. Blank is period 0.
   * A date before the first period is period 0 for an earliest start (it may start at once) but a
   * problem for a pinned one (`pinned`: the agreed start cannot be kept inside the plan).
   */
  startAt(rowIndex: number, field?: string, what?: string, pinned?: boolean): number | undefined;
  forcedAt(rowIndex: number): 'in' | 'out' | undefined;
  /** A number, or a word (critical, high, medium, low ...). */
  priorityAt(rowIndex: number): number | undefined;
  /** The IDs listed in a Requires or Excludes cell. */
  idsAt(rowIndex: number, field: string): string[];
  /** The row's ID as typed (numbers as their digits); undefined (and a problem noted) when blank, an error or used twice. */
  idAt(rowIndex: number): string | undefined;
  /**
   * The indexes (by key(id) in indexOf) of the IDs a row lists in a Requires/Excludes field; an
   * unknown ID (unless its own row had a problem) or the row itself is a problem.
   */
  linked(rowIndex: number, field: string, verb: string, ids: readonly string[], indexOf: ReadonlyMap<string, number>, self: number): number[];
}

/** Reads a demand table's cells by field, as Plan capacity (and Generate roadmap) do. */
export function demandCells(found: DemandTable, mapping: ColumnMapping, cap: CapacityTable): DemandCells {
  const T = cap.periods.length;
  const cellName = (rowIndex: number, colIndex: number) => `${quoteSheet(found.sheet)}!${columnLetters(found.left + colIndex)}${found.top + rowIndex}`;
  const problems: string[] = [];
  const at = (r: number, field: string): CellValue => (mapping[field] === undefined ? null : found.values[r][mapping[field]] ?? null);
  const where = (r: number, field: string) => cellName(r, mapping[field]);

  const numberAt = (r: number, field: string, what: string, opts: { blank?: number; negative?: boolean; whole?: boolean } = {}): number | undefined => {
    const cell = at(r, field);
    const w = () => where(r, field);
    if (isBlank(cell)) {
      if (opts.blank !== undefined) return opts.blank;
      problems.push(`${w()}: the ${what} is blank.`);
      return undefined;
    }
    if (isSheetError(cell)) {
      problems.push(`${w()} holds ${cell.code}: the ${what} must be a number.`);
      return undefined;
    }
    const n = cellNumber(cell);
    if (n === undefined || !Number.isFinite(n)) {
      problems.push(`${w()}: the ${what} must be a number, not ${typeof cell === 'string' ? `the text "${clip(cell)}"` : String(cell).toUpperCase()}.`);
      return undefined;
    }
    if (opts.whole && !(Number.isInteger(n) && n >= 1)) {
      problems.push(`${w()}: the ${what} must be a whole number of periods of at least 1, not ${n}.`);
      return undefined;
    }
    if (n < 0 && !opts.negative) {
      problems.push(`${w()}: the ${what} cannot be negative (${n}).`);
      return undefined;
    }
    return n;
  };

  const periodsText = T === 1 ? cap.periods[0] : `${cap.periods[0]} … ${cap.periods[T - 1]}`;
  const startAt = (r: number, field: string = START_FIELD.key, what = 'start', pinned = false): number | undefined => {
    const cell = at(r, field);
    if (isBlank(cell)) return 0;
    const w = where(r, field);
    const notAPeriod = (shown: string) => {
      problems.push(`${w}: the ${what} ${shown} is neither a period of the ${CAPACITY_SHEET} sheet (${periodsText}) nor a period number from 1 to ${T}.`);
      return undefined;
    };
    if (isSheetError(cell)) {
      problems.push(`${w} holds ${cell.code}: the ${what} must be a period of the ${CAPACITY_SHEET} sheet or a period number.`);
      return undefined;
    }
    if (typeof cell === 'string') {
      const t = cap.periods.findIndex((p) => p.toLowerCase() === cell.trim().toLowerCase());
      if (t >= 0) return t;
      const n = parseNumberText(cell);
      if (n === undefined) return notAPeriod(`"${clip(cell)}"`);
      return byNumber(n, `"${clip(cell)}"`);
    }
    if (typeof cell !== 'number') return notAPeriod(String(cell).toUpperCase());
    return byNumber(cell, String(cell));
    function byNumber(n: number, shown: string): number | undefined {
      const exact = cap.periodCells.findIndex((p) => p === n || (typeof p === 'string' && parseNumberText(p) === n));
      if (exact >= 0) return exact;
      // A start from the first date serial on is a date, a time of day included (dated headers are whole days).
      if (cap.datedPeriods && n >= FIRST_DATE_SERIAL) {
        const dates = cap.periodCells as number[];
        let t = -1;
        for (let k = 0; k < T; k++) if (dates[k] <= n) t = k;
        if (t < 0 && pinned) {
          problems.push(`${w}: the ${what} ${dateLabel(Math.floor(n))} is before the first period of the ${CAPACITY_SHEET} sheet (${cap.periods[0]}); move it into the plan or clear it.`);
          return undefined;
        }
        if (t < 0) return 0; // before the first period: it may start at once
        if (n >= cap.datedEnd) {
          problems.push(`${w}: the ${what} ${dateLabel(Math.floor(n))} is after the last period of the ${CAPACITY_SHEET} sheet (${cap.periods[T - 1]}).`);
          return undefined;
        }
        return t;
      }
      if (Number.isInteger(n) && n >= 1 && n <= T) return n - 1;
      return notAPeriod(shown);
    }
  };

  const forcedAt = (r: number): 'in' | 'out' | undefined => {
    const cell = at(r, FORCED_FIELD.key);
    if (isBlank(cell)) return undefined;
    if (typeof cell === 'string') {
      const t = cell.trim().toLowerCase();
      if (FORCED_IN.has(t)) return 'in';
      if (FORCED_OUT.has(t)) return 'out';
    }
    const yes = yesNoCell(cell);
    if (yes === true) return 'in';
    if (yes === false || yes === null) return undefined;
    const shown = isSheetError(cell) ? cell.code : typeof cell === 'string' ? `"${clip(cell)}"` : String(cell);
    problems.push(`${where(r, FORCED_FIELD.key)}: forced must be "in", "out" or blank (yes or TRUE count as in), not ${shown}.`);
    return undefined;
  };

  const priorityAt = (r: number): number | undefined => {
    const cell = at(r, PRIORITY_FIELD.key);
    if (isBlank(cell)) return undefined;
    if (typeof cell === 'string') {
      const word = PRIORITY_WORDS[cell.trim().toLowerCase()];
      if (word !== undefined) return word;
    }
    return numberAt(r, PRIORITY_FIELD.key, 'priority', { negative: true });
  };

  const idsAt = (r: number, field: string): string[] => {
    const cell = at(r, field);
    if (isBlank(cell)) return [];
    if (isSheetError(cell) || typeof cell === 'boolean') {
      problems.push(`${where(r, field)} holds ${isSheetError(cell) ? cell.code : String(cell).toUpperCase()}: list IDs separated by commas or semicolons.`);
      return [];
    }
    return String(cell)
      .split(/[,;\n]+/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
  };

  const firstRowOf = new Map<string, number>();
  const idCol = mapping[INITIATIVE_FIELD.key];
  const idAt = (r: number): string | undefined => {
    const idCell = found.values[r][idCol] ?? null;
    if (isBlank(idCell)) {
      problems.push(`${cellName(r, idCol)}: the initiative has no ID; give it one (or clear the row).`);
      return undefined;
    }
    if (isSheetError(idCell)) {
      problems.push(`${cellName(r, idCol)} holds ${idCell.code}: give the initiative an ID.`);
      return undefined;
    }
    const id = cellText(idCell);
    const first = firstRowOf.get(key(id));
    if (first !== undefined) {
      problems.push(`${cellName(r, idCol)}: the ID "${clip(id)}" is used twice (also in ${cellName(first, idCol)}); IDs must be unique.`);
      return undefined;
    }
    firstRowOf.set(key(id), r);
    return id;
  };

  const linked = (r: number, field: string, verb: string, ids: readonly string[], indexOf: ReadonlyMap<string, number>, self: number): number[] => {
    const out: number[] = [];
    const header = found.values[0][idCol];
    for (const id of ids) {
      const j = indexOf.get(key(id));
      const w = cellName(r, mapping[field]);
      if (j === undefined) {
        // An ID whose own row has a problem is named there already.
        if (!firstRowOf.has(key(id))) problems.push(`${w}: "${clip(id)}" is not an ID in the table's ${headerText(header)} column.`);
      } else if (j === self) problems.push(`${w}: an initiative cannot ${verb} itself.`);
      else out.push(j);
    }
    return out;
  };

  return { problems, cellName, at, where, numberAt, startAt, forcedAt, priorityAt, idsAt, idAt, linked };
}

/**
 * `steps` budget levels from `from` to `to`, both included, each rounded to a tenth of the step's
 * order of magnitude (steps of 66.67 give 300, 367, 433 …) so the chart's axis reads plainly.
 */
export function frontierLevels(from: number, to: number, steps: number): number[] {
  if (steps <= 1 || to === from) return Array.from({ length: Math.max(1, steps) }, () => from);
  const step = (to - from) / (steps - 1);
  const resolution = Math.pow(10, Math.floor(Math.log10(step)) - 1);
  const round = (x: number) => Number((Math.round(x / resolution) * resolution).toPrecision(12));
  return Array.from({ length: steps }, (_, k) => (k === 0 ? from : k === steps - 1 ? to : round(from + step * k)));
}

// ---------------------------------------------------------------------------------------------
// Planning

/** A number as the sheet's text shows it: thousands separated, at most two decimals. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '-' : x > 0 ? '∞' : '-∞';
  const r = Math.round(x * 100) / 100;
  const [whole, decimals] = Math.abs(r).toFixed(2).split('.');
  const d = decimals.replace(/0+$/, '');
  return `${r < 0 ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${d ? `.${d}` : ''}`;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** The constraints that limit the portfolio, for one summary cell: the first ten, then how many more. */
export function bindingText(binding: readonly string[], shown = 10): string {
  if (binding.length === 0) return 'none: budget and capacity have room left';
  const more = binding.length - shown;
  return more > 0 ? `${binding.slice(0, shown).join(', ')} and ${more} more` : binding.join(', ');
}

/** Value per cost in words, scaled so the figure is at least 1: "1.5 per unit of cost", "233 per 1,000,000 of cost". */
export function valuePerCost(value: number, cost: number): string {
  if (cost <= 0) return 'no cost';
  const ratio = value / cost;
  let unit = 1;
  while (Math.abs(ratio) * unit < 1 && unit < 1e9 && ratio !== 0) unit *= 1000;
  const shown = formatNumber(Number((ratio * unit).toPrecision(3)));
  return `${shown} per ${unit === 1 ? 'unit' : formatNumber(unit)} of cost`;
}

const EPS = 1e-9;

/**
 * Why each initiative is in or out, in fixed words:
 * - in: "forced in"; "required by A, B" (a selected initiative requires it); else
 *   "value (1.5 per unit of cost)".
 * - out: "forced out"; "excluded by X" (a selected one excludes it); "not selected: requires Y,
 *   which is forced out" / "..., which X excludes"; "not selected: budget in 2027-01 full,
 *   Developer in 2027-01 full and 4 more" (what would overflow if it were added with the
 *   unselected initiatives it requires: period by period, budget before roles, two named);
 *   "not selected: no value to gain"; "not selected: it fits, but the solver stopped within
 *   its gap".
 */
function selectionReasons(p: SelectionProblem, selected: readonly boolean[], totalCosts?: readonly number[]): string[] {
  const ids = p.candidates.map((c) => c.id);
  const requiredBy = (i: number) => p.requires.filter(([a, b]) => b === i && selected[a]).map(([a]) => a).sort((x, y) => x - y);
  const excluders = (i: number) =>
    p.excludes
      .filter(([a, b]) => a === i || b === i)
      .map(([a, b]) => (a === i ? b : a))
      .filter((j) => selected[j])
      .sort((x, y) => x - y);
  const spent = p.periods.map((_, t) => p.candidates.reduce((s, c, i) => s + (selected[i] ? c.cost[t] ?? 0 : 0), 0));
  const load = p.roles.map((_, k) => p.periods.map((__, t) => p.candidates.reduce((s, c, i) => s + (selected[i] ? c.demand[k]?.[t] ?? 0 : 0), 0)));
  const over = (used: number, limit: number) => used > limit + EPS * Math.max(1, Math.abs(limit));

  return p.candidates.map((c, i) => {
    if (selected[i]) {
      if (c.forced === 'in') return 'forced in';
      const by = requiredBy(i);
      if (by.length > 0) return `required by ${by.map((j) => ids[j]).join(', ')}`;
      const cost = totalCosts?.[i] ?? totalCost(c);
      return `value (${valuePerCost(c.value, cost)})`;
    }
    if (c.forced === 'out') return 'forced out';
    const ex = excluders(i);
    if (ex.length > 0) return `excluded by ${ex.map((j) => ids[j]).join(', ')}`;
    // It and the unselected initiatives it requires, directly or not.
    const group: number[] = [];
    const visit = (k: number) => {
      if (selected[k] || group.includes(k)) return;
      group.push(k);
      p.requires.filter(([a]) => a === k).forEach(([, b]) => visit(b));
    };
    visit(i);
    for (const j of group.slice(1)) {
      if (p.candidates[j].forced === 'out') return `not selected: requires ${ids[j]}, which is forced out`;
      const jx = excluders(j);
      if (jx.length > 0) return `not selected: requires ${ids[j]}, which ${ids[jx[0]]} excludes`;
    }
    const full: string[] = [];
    p.periods.forEach((period, t) => {
      const cost = group.reduce((s, j) => s + (p.candidates[j].cost[t] ?? 0), 0);
      if (cost > 0 && over(spent[t] + cost, p.budget[t] ?? 0)) full.push(`budget in ${period} full`);
      p.roles.forEach((role, k) => {
        const fte = group.reduce((s, j) => s + (p.candidates[j].demand[k]?.[t] ?? 0), 0);
        if (fte > 0 && over(load[k][t] + fte, p.capacity[k]?.[t] ?? 0)) full.push(`${role} in ${period} full`);
      });
    });
    if (full.length > 0) return `not selected: ${full.slice(0, 2).join(', ')}${full.length > 2 ? ` and ${full.length - 2} more` : ''}`;
    const gain = group.reduce((s, j) => s + p.candidates[j].value, 0);
    if (gain <= 0) return 'not selected: no value to gain';
    return 'not selected: it fits, but the solver stopped within its gap';
  });
}

interface Cell {
  readonly v: CellValue;
  readonly fill?: string | null;
  readonly fmt?: string | null;
}

/**
 * Runs the plan: the exact selection (0.1% gap, the request's time limit), the greedy
 * comparison, the efficient frontier, the allocation by selective resourcing versus even
 * spreading (staffing order: Priority/Rank column when there is one, else value), the lint, and
 * the owned sheet's layout. Checks isCancelled between the steps (and the solver checks it while
 * it works); reports progress at: reading, selecting, each frontier level, allocating, writing.
 */
export async function planCapacity(
  inputs: PlanCapacityInputs,
  solver: { solve: SelectionSolver; isCancelled?: () => boolean; onProgress?: (p: Progress) => void },
): Promise<CapacitySheet | { status: 'cancelled' } | Invalid> {
  const { problem: p, capacity: cap, rules, initiatives } = inputs;
  const isCancelled = () => solver.isCancelled?.() === true;
  let reached = 0;
  const report = (step: string, fraction: number) => {
    reached = Math.max(reached, Math.min(1, Math.round(fraction * 1000) / 1000));
    solver.onProgress?.({ step, fraction: reached });
  };
  const cancelled = { status: 'cancelled' as const };

  report('Reading the demand and capacity tables', 0);
  if (isCancelled()) return cancelled;

  report(`Selecting among ${p.candidates.length} initiatives`, 0.05);
  const result = await solver.solve(p, {
    relativeGap: PLAN_RELATIVE_GAP,
    timeLimitSeconds: inputs.timeLimitSeconds,
    isCancelled,
    onProgress: (s) =>
      report(s.best === undefined ? 'Selecting: no selection found yet' : `Selecting: best value so far ${formatNumber(s.best)}${Number.isFinite(s.bound) ? `, bound ${formatNumber(s.bound)}` : ''}`, 0.05),
  });
  if (result.status === 'cancelled') return cancelled;
  if (result.status === 'infeasible') {
    return invalid(result.timedOut ? `${result.message} Allow more time per solve and run Plan capacity again.` : result.message);
  }
  if (isCancelled()) return cancelled;
  const greedyValue = totalValue(p, greedySelection(p));
  // Value per cost on the whole cost, as the table shows it (also for one cut at the horizon).
  const reasons = selectionReasons(p, result.selected, initiatives.map((x) => x.cost));

  const levels = inputs.levels;
  report(`Efficient frontier: budget level 0 of ${levels.length}`, 0.3);
  // The whole frontier gets the selection's time limit, shared among its levels, so a run
  // takes at most about twice the limit (a minute by default): well inside the six minutes
  // Apps Script gives a sidebar call. Each level reports its own proven gap.
  const frontier = await efficientFrontier(p, levels, {
    relativeGap: PLAN_RELATIVE_GAP,
    timeLimitSeconds: inputs.timeLimitSeconds,
    isCancelled,
    onLevel: (done, total) => report(`Efficient frontier: budget level ${done} of ${total}`, 0.3 + (0.55 * done) / Math.max(1, total)),
  });
  if (!Array.isArray(frontier)) return cancelled;
  if (isCancelled()) return cancelled;

  report('Allocating people to the selected initiatives', 0.88);
  const workload = (i: number): Workload => ({
    id: initiatives[i].id,
    value: initiatives[i].value,
    duration: initiatives[i].duration,
    fte: initiatives[i].fte,
    earliestStart: initiatives[i].start,
  });
  const chosen = inputs.order.filter((i) => result.selected[i]);
  const allocationInput: AllocationInput = { workloads: chosen.map(workload), roles: p.roles, periods: p.periods, capacity: p.capacity };
  const throughput = compareThroughput(allocationInput);
  // The selection fits the plannable capacity in every period, so within it nothing has to
  // wait and both strategies finish alike. The lesson of selective resourcing shows on the
  // whole demand: every initiative not forced out, staffed at once in the same order.
  const everything = inputs.order.filter((i) => p.candidates[i].forced !== 'out');
  const demand = compareThroughput({ ...allocationInput, workloads: everything.map(workload) });
  const roleCapacity: RoleCapacity[] = [];
  cap.roles.forEach((role, k) => cap.periods.forEach((period, t) => roleCapacity.push({ role, period, headcount: cap.headcount[k][t] })));
  const findings = lintPlan(toAllocations(allocationInput, throughput.selective), roleCapacity, rules);
  if (isCancelled()) return cancelled;

  report(`Laying out the ${OWNED_CAPACITY_SHEET} sheet`, 0.95);
  const sheet = layOut(inputs, {
    selected: result.selected,
    status: result.status,
    gap: result.gap,
    value: result.value,
    greedyValue,
    binding: result.binding,
    reasons,
    chosen,
    selective: throughput.selective,
    even: throughput.even,
    gain: throughput.gain,
    demand: { selective: demand.selective.valueDelivered, even: demand.even.valueDelivered, gain: demand.gain, count: everything.length },
    findings,
    frontier,
  });
  report(`Writing the ${OWNED_CAPACITY_SHEET} sheet`, 1);
  return sheet;
}

interface Outcome {
  readonly selected: readonly boolean[];
  readonly status: 'optimal' | 'time-limit';
  readonly gap: number;
  readonly value: number;
  readonly greedyValue: number;
  readonly binding: string[];
  readonly reasons: readonly string[];
  /** Selected candidates in staffing order (the allocation's workload order). */
  readonly chosen: readonly number[];
  readonly selective: AllocationPlan;
  readonly even: AllocationPlan;
  readonly gain: number;
  /** Value delivered within the periods if every initiative not forced out were staffed at once. */
  readonly demand: { readonly selective: number; readonly even: number; readonly gain: number; readonly count: number };
  readonly findings: readonly Finding[];
  readonly frontier: readonly FrontierPoint[];
}

/** '#,##0' for whole numbers, '#,##0.00' when any has decimals. */
const numberFormat = (xs: readonly number[]) => (xs.every((x) => Number.isInteger(x)) ? '#,##0' : '#,##0.00');

/**
 * The owned sheet, sections stacked with one blank row between them: the summary, "Selected
 * initiatives", "Load per role and period" (heat map), "Findings" and "Efficient frontier"
 * (whose Budget / Best value block feeds the chart).
 */
function layOut(inputs: PlanCapacityInputs, o: Outcome): CapacitySheet {
  const { problem: p, capacity: cap, rules, initiatives } = inputs;
  const rows: Cell[][] = [];
  const bold: number[] = [];
  const add = (cells: ReadonlyArray<CellValue | Cell>, isBold = false) => {
    if (isBold) bold.push(rows.length);
    rows.push(cells.map((c) => (c !== null && typeof c === 'object' && 'v' in c ? c : { v: c as CellValue })));
    return rows.length - 1;
  };
  const blank = () => add([]);
  const valueFmt = numberFormat(initiatives.map((x) => x.value));
  const costFmt = numberFormat([...initiatives.map((x) => x.cost), ...cap.budget]);
  const last = cap.periods[cap.periods.length - 1];
  const n = p.candidates.length;
  const count = o.selected.filter(Boolean).length;

  // Summary.
  add([`${OWNED_CAPACITY_SHEET}: portfolio selection and allocation`], true);
  add(['Demand table', inputs.source]);
  add(['Status', o.status === 'optimal' ? 'optimal' : 'best found within the time limit']);
  add(['Selected', `${count} of ${n} initiatives`]);
  add(['Total value', { v: o.value, fmt: valueFmt }]);
  add(['Greedy value (by value per cost)', { v: o.greedyValue, fmt: valueFmt }]);
  add(['Gain over greedy', { v: o.value - o.greedyValue, fmt: valueFmt }]);
  add(['Proven gap', Number.isFinite(o.gap) ? { v: o.gap, fmt: '0.00%' } : 'none proven (no bound found in the time limit)']);
  add(['Binding constraints', bindingText(o.binding)]);
  add([`Value delivered by ${last}, selective resourcing`, { v: o.selective.valueDelivered, fmt: valueFmt }]);
  add([`Value delivered by ${last}, even spreading`, { v: o.even.valueDelivered, fmt: valueFmt }]);
  add(['Throughput gain', { v: o.gain, fmt: valueFmt }]);
  add([`All ${o.demand.count} initiatives not forced out staffed at once: value by ${last}, selective resourcing`, { v: o.demand.selective, fmt: valueFmt }]);
  add([`All ${o.demand.count} initiatives not forced out staffed at once: value by ${last}, even spreading`, { v: o.demand.even, fmt: valueFmt }]);
  add(['Throughput gain on the whole demand', { v: o.demand.gain, fmt: valueFmt }]);
  add(['Staffing order', inputs.orderText]);
  add([
    'Rules',
    `availability ${pct(rules.availability)}, plannable share ${pct(rules.plannableShare)}, minimum allocation ${pct(rules.minAllocation)}, team size ${rules.teamSize.min}-${rules.teamSize.max}`,
  ]);
  for (const note of inputs.notes) add(['Note', note]);
  blank();

  // Selected initiatives, in the table's order.
  add(['Selected initiatives'], true);
  add(['ID', 'Selected', 'Reason', 'Value', 'Cost', 'Start', 'Finish (selective)', 'Finish (even)'], true);
  const slot = new Map(o.chosen.map((i, w) => [i, w]));
  const finish = (plan: AllocationPlan, i: number): CellValue => {
    const w = slot.get(i);
    if (w === undefined) return null;
    const f = plan.finish[w];
    return f === null || f === undefined ? `after ${last}` : p.periods[f];
  };
  initiatives.forEach((x, i) =>
    add([
      x.id,
      o.selected[i] ? 'yes' : 'no',
      o.reasons[i],
      { v: x.value, fmt: valueFmt },
      { v: x.cost, fmt: costFmt },
      p.periods[x.start],
      finish(o.selective, i),
      finish(o.even, i),
    ]),
  );
  blank();

  // Load per role and period: the selective plan's FTE as a share of effective capacity
  // (headcount x availability). Amber starts at the rules' plannable share, not a fixed 75%.
  add(['Load per role and period'], true);
  add([
    `Planned FTE as a share of effective capacity (headcount x ${pct(rules.availability)} availability):`,
    { v: `under ${pct(rules.plannableShare)} (plannable share)`, fill: LOAD_FILLS.under },
    { v: `${pct(rules.plannableShare)} to 100%`, fill: LOAD_FILLS.near },
    { v: 'over 100%', fill: LOAD_FILLS.over },
  ]);
  add(['Role', ...cap.periods], true);
  cap.roles.forEach((role, k) => {
    const cells: Cell[] = cap.periods.map((_, t) => {
      let load = 0;
      o.selective.fte.forEach((w) => (load += w[k]?.[t] ?? 0));
      const effective = effectiveCapacity(cap.headcount[k][t], rules);
      if (effective <= 0) return load > EPS ? { v: 'no capacity', fill: LOAD_FILLS.over } : { v: null };
      // Rounded to a millionth: sums of FTE in floating point land a hair off the share.
      const share = Math.round((load / effective) * 1e6) / 1e6;
      const fill = share > 1 ? LOAD_FILLS.over : share >= Math.round(rules.plannableShare * 1e6) / 1e6 ? LOAD_FILLS.near : LOAD_FILLS.under;
      return { v: share, fill, fmt: '0%' };
    });
    add([role, ...cells]);
  });
  blank();

  // Findings.
  add(['Findings'], true);
  add(['Severity', 'Role', 'Period', 'Initiative', 'Finding'], true);
  if (o.findings.length === 0) add(['none', null, null, null, 'The plan keeps to the rules.']);
  for (const f of o.findings) {
    add([{ v: f.severity, fill: f.severity === 'error' ? LOAD_FILLS.over : LOAD_FILLS.near }, f.role, f.period, f.initiative, f.message]);
  }
  blank();

  // Efficient frontier.
  add(['Efficient frontier'], true);
  add(['Best value for each total budget over all periods (the budgets per period are not applied here, capacity and the other rules are).']);
  const header = add(['Budget', 'Best value', 'Count', 'Selected IDs'], true);
  for (const point of o.frontier) {
    if (point.status === 'infeasible') {
      add([{ v: point.budget, fmt: costFmt }, null, null, `nothing fits: ${point.message ?? 'the initiatives forced in cost more'}`]);
    } else {
      const ids = p.candidates.filter((_, i) => point.selected[i]).map((c) => c.id);
      const suffix = point.status !== 'time-limit' ? '' : Number.isFinite(point.gap) ? ` (time limit: within ${pct(point.gap)} of the best)` : ' (time limit: best found, no bound proven)';
      add([{ v: point.budget, fmt: costFmt }, { v: point.value, fmt: valueFmt }, point.count, `${ids.join(', ')}${suffix}`]);
    }
  }

  const width = Math.max(...rows.map((r) => r.length));
  const pad = <T>(get: (c: Cell) => T, empty: T) => rows.map((r) => Array.from({ length: width }, (_, c) => (c < r.length ? get(r[c]) : empty)));
  const errors = o.findings.filter((f) => f.severity === 'error').length;
  return {
    values: pad((c) => c.v, null as CellValue),
    fills: pad((c) => c.fill ?? null, null as string | null),
    formats: pad((c) => c.fmt ?? null, null as string | null),
    boldRows: bold,
    chart: o.frontier.length > 0 ? { title: 'Efficient frontier: best value by total budget', top: header + 1, left: 1, rows: o.frontier.length + 1, cols: 2 } : undefined,
    response: {
      status: 'written',
      sheet: OWNED_CAPACITY_SHEET,
      selected: count,
      candidates: n,
      value: o.value,
      greedyValue: o.greedyValue,
      optimality: o.status,
      gap: o.gap,
      binding: o.binding,
      throughput: { selective: o.selective.valueDelivered, even: o.even.valueDelivered, gain: o.gain },
      demandThroughput: { selective: o.demand.selective, even: o.demand.even, gain: o.demand.gain },
      findings: { errors, warnings: o.findings.length - errors },
      mapping: inputs.mapping,
      tableHeaders: inputs.tableHeaders,
      fields: inputs.fields,
      notes: [...inputs.notes],
    },
  };
}
