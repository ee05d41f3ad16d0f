// Allocation custom functions: ALLOCATE staffs initiatives role by role and period by period
// with selective resourcing; CAPACITYCHECK lints a plan (ALLOCATE's, or one written by hand in
// the same layout) against the DMO's rules of thumb. ALLOCATE's output is CAPACITYCHECK's input,
// so =CAPACITYCHECK(ALLOCATE(demand, capacity, priorities), capacity) checks the plan it made.
import { CellValue, Range, cellPosition, cellText, isBlank, isBlankOrZero } from '../values/cells';
import { Result, SheetError, asErrorCode, isSheetError, sheetError } from '../values/errors';
import { cellNumber, clip } from '../values/coerce';
import { lineOf } from '../governance/proposal';
import { CAPACITY_RULES_TITLE, CAPACITY_RULE_LABELS as RULE_LABELS, settingsFromGrid } from '../demand/settings';
import { headsRole } from '../demand/header-mapping';
import { CapacityRules, DEFAULT_CAPACITY_RULES, plannableCapacity } from '../capacity/rules';
import { Allocation, Finding, RoleCapacity, lintPlan } from '../capacity/plan-lint';
import { AllocationInput, Workload, allocateSelective } from '../capacity/allocation';
import { defineFunction } from './spec';
import type { AnyFunctionSpec } from './spec';

/**
 * Initiatives × roles × periods one call may plan (and allocation cells one call may check).
 * Sheets stops a custom function at 30 seconds and runs slower than Node; at this size ALLOCATE
 * takes well under a second here, so the margin is wide. Larger plans belong to the panel.
 */
export const MAX_PLAN_CELLS = 500_000;
const PANEL_HINT = 'use the panel command "Plan capacity" for plans this large';

// ---------------------------------------------------------------------------------------------
// Reading cells. Every message names the argument and the cell, as cellPosition words it
// ("row 3" in a column, "column 2" in a row, "row 3, column 2" otherwise). Exported for ROADMAP,
// which reads its capacity and demand tables with the same helpers, and for SELECT and FRONTIER.

/** Text that is not a number (a label, a name), as opposed to a number typed as text. */
export const isWord = (cell: CellValue | undefined): cell is string => typeof cell === 'string' && !isBlank(cell) && cellNumber(cell) === undefined && asErrorCode(cell) === undefined;

/** What a cell holds, for messages: "is blank", "holds TRUE", "holds the text "x"". */
export function holds(cell: CellValue): string {
  if (cell === null || isBlank(cell)) return 'is blank'; // null first: it narrows the type for the lines below
  if (typeof cell === 'boolean') return `holds ${cell ? 'TRUE' : 'FALSE'}`;
  if (typeof cell === 'number') return Number.isFinite(cell) ? `holds ${cell}` : 'is not a finite number';
  if (isSheetError(cell)) return `holds ${cell.code}${cell.message ? ` (${cell.message})` : ''}`;
  return `holds the text "${clip(cell)}"`;
}

/** A rectangular view of a range: ragged rows read as padded with blanks, positions as the user sees them. */
export class Table {
  readonly rows: number;
  readonly cols: number;
  constructor(
    readonly arg: string,
    private readonly range: Range,
    rows?: number,
  ) {
    this.rows = rows ?? range.length;
    let cols = 0;
    for (let r = 0; r < this.rows; r++) cols = Math.max(cols, range[r].length);
    this.cols = cols;
  }
  /**
   * The range without its trailing blank rows, so a range may run past its table. With
   * `zeros`, trailing rows of zeros go too (Excel desktop passes empty cells as 0), for tables
   * where such a row can mean nothing.
   */
  static used(arg: string, range: Range, zeros = false): Table {
    let rows = range.length;
    const empty = zeros ? isBlankOrZero : isBlank;
    while (rows > 0 && range[rows - 1].every(empty)) rows--;
    return new Table(arg, range, rows);
  }
  at(r: number, c: number): CellValue {
    return this.range[r]?.[c] ?? null;
  }
  /** "capacity: row 2, column 3". */
  where(r: number, c: number): string {
    // cellPosition counts cells row by row; a padded cell sits after its row's real ones.
    let flat = 0;
    for (let k = 0; k < r; k++) flat += this.range[k].length;
    const rect = this.range.every((row) => row.length === this.cols);
    const place = rect ? cellPosition(this.range, flat + c) : this.rows === 1 ? `column ${c + 1}` : `row ${r + 1}, column ${c + 1}`;
    return `${this.arg}: ${place}`;
  }
  /** An error cell (or an error code written as text) passed on, naming where it came from. */
  private passOn(r: number, c: number): SheetError | undefined {
    const cell = this.at(r, c);
    if (isSheetError(cell)) return sheetError(cell.code, `${this.where(r, c)} ${holds(cell)}`);
    const code = typeof cell === 'string' ? asErrorCode(cell) : undefined;
    return code ? sheetError(code, `${this.where(r, c)} holds ${code}`) : undefined;
  }
  /**
   * A number of 0 or more (numbers typed as text count). `blank` is what an empty cell means;
   * undefined makes it an error. `need` says what the cell should hold, for the message.
   */
  amount(r: number, c: number, need: string, blank?: number): Result<number> {
    const error = this.passOn(r, c);
    if (error) return error;
    const cell = this.at(r, c);
    if (isBlank(cell)) return blank ?? sheetError('#VALUE!', `${this.where(r, c)} is blank; ${need} is needed`);
    const x = cellNumber(cell);
    if (x === undefined) return sheetError('#VALUE!', `${this.where(r, c)} ${holds(cell)}; ${need} is needed`);
    if (!Number.isFinite(x)) return sheetError('#NUM!', `${this.where(r, c)} is not a finite number`);
    if (x < 0) return sheetError('#VALUE!', `${this.where(r, c)} holds ${x}; ${need} cannot be negative`);
    return x;
  }
  /** A name: text as written (trimmed), a number as its digits; blank is an error naming what is missing. */
  label(r: number, c: number, what: string): Result<string> {
    const error = this.passOn(r, c);
    if (error) return error;
    const cell = this.at(r, c);
    if (isBlank(cell)) return sheetError('#VALUE!', `${this.where(r, c)} is blank; ${what}`);
    // A host never sends a number that is not finite, but a caller in code may: it names nothing.
    if (typeof cell === 'number' && !Number.isFinite(cell)) return sheetError('#NUM!', `${this.where(r, c)} is not a finite number; ${what}`);
    return cellText(cell).trim();
  }
}

/**
 * Whether the first row labels the columns from `c0` on: it holds text and no number. A data row
 * with a typo still holds numbers, so it is read as data and the typo is named.
 */
export function isLabelRow(t: Table, c0: number): boolean {
  let word = false;
  for (let c = c0; c < t.cols; c++) {
    const cell = t.at(0, c);
    if (isWord(cell)) word = true;
    else if (cellNumber(cell) !== undefined) return false;
  }
  return word;
}

/** How two labels are compared: case and surrounding spaces do not matter. */
export const key = (label: string): string => label.trim().toLowerCase();

/** A message for labels given twice, or undefined. */
export function firstDuplicate(t: Table, labels: readonly string[], place: (i: number) => [number, number], what: string): SheetError | undefined {
  const seen = new Map<string, number>();
  for (let i = 0; i < labels.length; i++) {
    const k = key(labels[i]);
    const before = seen.get(k);
    if (before !== undefined) {
      const [r, c] = place(i);
      return sheetError('#VALUE!', `${t.where(r, c)} repeats the ${what} "${clip(labels[i])}" of ${t.where(...place(before)).slice(t.arg.length + 2)}; each ${what} must be named once`);
    }
    seen.set(k, i);
  }
  return undefined;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const fteText = (x: number) => `${Math.round(x * 100) / 100} FTE`;
/** FTE as written out: floating-point dust (0.30000000000000004) cleaned off; huge figures (where x × 1e9 would overflow) as they are. */
const cleanFte = (x: number) => (Math.abs(x) < 1e9 ? Math.round(x * 1e9) / 1e9 : x);

// ---------------------------------------------------------------------------------------------
// capacity: one row per role, one column per period, people per period; optional role names in
// the first column and period labels in the first row.

export interface Capacity {
  readonly roles: string[];
  /** Whether the table names its roles (else they are "Role 1" ...). */
  readonly roleNamed: boolean;
  /** Period names for messages and the lint ("P1" ... when the table has no labels). */
  readonly periods: string[];
  /** The period labels as cells, for output headers (a date stays a number). */
  readonly periodCells: CellValue[];
  readonly periodNamed: boolean;
  /** People per role (rows) and period (columns). */
  readonly headcount: number[][];
}

/** Words a user may put in the top-left corner of a labelled capacity table. */
const CORNER = /^(roles?|teams?|periods?|skills?|capacity|headcount|people)$/i;

export function readCapacity(range: Range, arg = 'capacity'): Result<Capacity> {
  const t = Table.used(arg, range);
  if (t.rows === 0 || t.cols === 0) return sheetError('#VALUE!', `${arg} is empty; give one row per role and one column per period with the people in each`);
  let roleNamed = false;
  for (let r = 1; r < t.rows && !roleNamed; r++) roleNamed = isWord(t.at(r, 0));
  if (t.rows === 1) roleNamed = isWord(t.at(0, 0)) && t.cols > 1;
  const c0 = roleNamed ? 1 : 0;
  let periodNamed = isLabelRow(t, c0);
  if (roleNamed && !periodNamed && t.rows > 1) {
    // Period labels that are dates arrive as numbers; a blank or "Role" corner still marks the row as labels.
    const corner = t.at(0, 0);
    periodNamed = isBlankOrZero(corner) || (typeof corner === 'string' && CORNER.test(corner.trim()));
  }
  const r0 = periodNamed ? 1 : 0;
  const roleCount = t.rows - r0;
  const periodCount = t.cols - c0;
  if (roleCount === 0 || periodCount === 0) {
    return sheetError('#VALUE!', `${arg} holds labels but no headcount; give one row per role and one column per period with the people in each`);
  }
  if (roleCount * periodCount > MAX_PLAN_CELLS) {
    return sheetError('#VALUE!', `${arg}: ${roleCount} roles × ${periodCount} periods is more than the ${MAX_PLAN_CELLS.toLocaleString('en-US')} cells a function handles; ${PANEL_HINT}`);
  }

  const roles: string[] = [];
  for (let r = r0; r < t.rows; r++) {
    const name = roleNamed ? t.label(r, 0, 'name every role (or none)') : `Role ${r - r0 + 1}`;
    if (isSheetError(name)) return name;
    roles.push(name);
  }
  const periods: string[] = [];
  const periodCells: CellValue[] = [];
  for (let c = c0; c < t.cols; c++) {
    const name = periodNamed ? t.label(0, c, 'label every period (or none)') : `P${c - c0 + 1}`;
    if (isSheetError(name)) return name;
    periods.push(name);
    const cell = t.at(0, c);
    periodCells.push(periodNamed ? (typeof cell === 'string' ? cell.trim() : cell) : name);
  }
  const dupRole = roleNamed ? firstDuplicate(t, roles, (i) => [r0 + i, 0], 'role') : undefined;
  if (dupRole) return dupRole;
  const dupPeriod = periodNamed ? firstDuplicate(t, periods, (i) => [0, c0 + i], 'period') : undefined;
  if (dupPeriod) return dupPeriod;

  const headcount: number[][] = [];
  for (let r = r0; r < t.rows; r++) {
    const row: number[] = [];
    for (let c = c0; c < t.cols; c++) {
      const x = t.amount(r, c, 'the number of people (0 for none)');
      if (isSheetError(x)) return x;
      row.push(x);
    }
    headcount.push(row);
  }
  return { roles, roleNamed, periods, periodCells, periodNamed, headcount };
}

// ---------------------------------------------------------------------------------------------
// rules: the "Capacity rules" block of BTM Settings, as 1-5 numbers or as its label/value rows.

const ruleValues = (r: CapacityRules): number[] => [r.availability, r.plannableShare, r.minAllocation, r.teamSize.min, r.teamSize.max];

/**
 * The capacity rules from an optional range. Blank cells keep their defaults. The values are
 * checked by the same reader as the BTM Settings sheet, so a rule means the same in a formula
 * and in the sheet.
 */
function readRules(range: Range, arg = 'rules'): Result<CapacityRules> {
  const t = Table.used(arg, range);
  if (t.rows === 0) return DEFAULT_CAPACITY_RULES;
  const defaults = ruleValues(DEFAULT_CAPACITY_RULES);
  /** Rule k's cell in the range, or undefined when not given. */
  const cells: Array<[number, number] | undefined> = new Array(5).fill(undefined);

  if (t.rows > 1 && t.cols > 2) {
    return sheetError('#VALUE!', `${arg} has ${t.rows} rows × ${t.cols} columns; give up to 5 numbers in a row or column (${RULE_LABELS.join(', ')}) or the 2-column block from BTM Settings`);
  }
  // Labels and values side by side; a single column of cells is a list of numbers.
  let labelled = false;
  for (let r = 0; r < t.rows && !labelled && t.cols === 2; r++) labelled = isWord(t.at(r, 0));
  if (labelled) {
    if (t.cols > 2) return sheetError('#VALUE!', `${arg} has ${t.cols} columns; give the rules as labels and values (2 columns, as in BTM Settings) or as up to 5 numbers`);
    for (let r = 0; r < t.rows; r++) {
      const label = t.at(r, 0);
      if (isBlank(label) && isBlank(t.at(r, 1))) continue;
      if (typeof label === 'string' && key(label) === key(CAPACITY_RULES_TITLE) && isBlank(t.at(r, 1))) continue;
      const k = typeof label === 'string' ? RULE_LABELS.findIndex((l) => key(l) === key(label)) : -1;
      if (k < 0) return sheetError('#VALUE!', `${t.where(r, 0)} ${holds(label)}; a rule is one of: ${RULE_LABELS.join(', ')}`);
      if (cells[k]) return sheetError('#VALUE!', `${t.where(r, 0)} gives "${RULE_LABELS[k]}" a second time`);
      cells[k] = [r, 1];
    }
  } else {
    const column = t.rows > 1;
    const length = column ? t.rows : t.cols;
    if (column && t.cols > 1) return sheetError('#VALUE!', `${arg} has ${t.rows} rows × ${t.cols} columns; give up to 5 numbers in a row or column (${RULE_LABELS.join(', ')}) or the 2-column block from BTM Settings`);
    if (length > 5) return sheetError('#VALUE!', `${arg} has ${length} cells; the capacity rules are at most 5 numbers: ${RULE_LABELS.join(', ')}`);
    for (let i = 0; i < length; i++) cells[i] = column ? [i, 0] : [0, i];
  }

  const values = defaults.slice();
  for (let k = 0; k < 5; k++) {
    const at = cells[k];
    if (!at) continue;
    const x = t.at(at[0], at[1]);
    const error = isSheetError(x) ? x : typeof x === 'string' ? asErrorCode(x) : undefined;
    if (error) return sheetError(typeof error === 'string' ? error : error.code, `${t.where(...at)} ${holds(x)}`);
    if (isBlank(x)) continue;
    const n = cellNumber(x);
    if (n === undefined) return sheetError('#VALUE!', `${t.where(...at)} ${holds(x)}; ${RULE_LABELS[k]} must be a number`);
    if (!Number.isFinite(n)) return sheetError('#NUM!', `${t.where(...at)} is not a finite number`);
    values[k] = n;
  }
  const grid: CellValue[][] = [[CAPACITY_RULES_TITLE, null], ...RULE_LABELS.map((label, k) => [label, values[k]])];
  const read = settingsFromGrid(grid);
  const problem = read.problems[0];
  if (problem) {
    const k = problem.row - 2;
    const at = cells[k];
    const where = at ? t.where(...at) : `${arg} (default ${RULE_LABELS[k]})`;
    return sheetError('#VALUE!', `${where} holds ${values[k]}: ${problem.message}`);
  }
  return read.settings.capacity;
}

// ---------------------------------------------------------------------------------------------
// demand and priorities

interface Demand {
  /** Initiative names, or their numbers (1 for the first initiative row) when unnamed. */
  readonly ids: CellValue[];
  readonly durations: number[];
  /** Full-staffing FTE per initiative and role. */
  readonly fte: number[][];
  /** The range's row of initiative i. */
  readonly row: (i: number) => number;
  readonly table: Table;
}

function readDemand(range: Range, capacity: Capacity, arg = 'demand'): Result<Demand> {
  const t = Table.used(arg, range, true);
  const roles = capacity.roles.length;
  const layout = `one row per initiative: [name,] duration in periods, then FTE per period for each of capacity's ${plural(roles, 'role')} in its row order`;
  if (t.rows === 0) return sheetError('#VALUE!', `${arg} is empty; give ${layout}`);
  const header = isLabelRow(t, 0);
  const r0 = header ? 1 : 0;
  if (t.rows === r0) return sheetError('#VALUE!', `${arg} holds a header but no initiatives; give ${layout}`);
  let firstName = -1;
  for (let r = r0; r < t.rows && firstName < 0; r++) if (isWord(t.at(r, 0))) firstName = r;
  const named = firstName >= 0;
  const d = named ? 1 : 0;
  const fteColumns = t.cols - d - 1;
  if (fteColumns < roles) {
    const why = named ? ` (the first column is read as names because ${t.where(firstName, 0).slice(arg.length + 2)} holds text)` : '';
    return sheetError(
      '#VALUE!',
      `${arg} has ${plural(Math.max(0, fteColumns), 'FTE column')} after the duration${why} but capacity has ${plural(roles, 'role')}; give ${layout} (a blank FTE cell is a role not needed)`,
    );
  }
  for (let c = d + 1 + roles; c < t.cols; c++) {
    for (let r = 0; r < t.rows; r++) {
      if (!isBlank(t.at(r, c))) return sheetError('#VALUE!', `${t.where(r, c)} ${holds(t.at(r, c))} but capacity has only ${plural(roles, 'role')}; give ${layout}`);
    }
  }
  if (header) {
    for (let k = 0; k < roles && capacity.roleNamed; k++) {
      const cell = t.at(0, d + 1 + k);
      if (isWord(cell) && !headsRole(cell, capacity.roles[k])) {
        return sheetError('#VALUE!', `${t.where(0, d + 1 + k)} is headed "${clip(cell.trim())}" but capacity's role ${k + 1} is "${clip(capacity.roles[k])}"; put the FTE columns in capacity's row order`);
      }
    }
  }
  const ids: CellValue[] = [];
  const names: string[] = [];
  const durations: number[] = [];
  const fte: number[][] = [];
  for (let r = r0; r < t.rows; r++) {
    if (named) {
      const name = t.label(r, 0, 'name every initiative (or leave the name column out)');
      if (isSheetError(name)) return name;
      names.push(name);
      ids.push(name);
    } else {
      ids.push(r - r0 + 1);
    }
    const duration = t.amount(r, d, 'the duration in periods at full staffing');
    if (isSheetError(duration)) return duration;
    if (duration === 0) return sheetError('#VALUE!', `${t.where(r, d)} holds 0; the duration in periods at full staffing must be above 0`);
    durations.push(duration);
    const row: number[] = [];
    let needed = false;
    for (let k = 0; k < roles; k++) {
      const x = t.amount(r, d + 1 + k, 'the FTE per period at full staffing', 0);
      if (isSheetError(x)) return x;
      if (x > 0) needed = true;
      row.push(x);
    }
    if (!needed) return sheetError('#VALUE!', `${arg}: row ${r + 1} needs no one (every FTE is 0 or blank); give the FTE it needs per role`);
    fte.push(row);
  }
  if (named) {
    const dup = firstDuplicate(t, names, (i) => [r0 + i, 0], 'initiative');
    if (dup) return dup;
  }
  return { ids, durations, fte, row: (i) => r0 + i, table: t };
}

/**
 * One priority per initiative, higher first: a number above 0 puts the initiative in the plan;
 * 0 or blank leaves it out (so SELECT's 1/0 column, or SELECT(...) × scores, can be passed
 * as it is). A header cell above the priorities is skipped.
 */
function readPriorities(range: Range, count: number, arg = 'priorities'): Result<(number | null)[]> {
  const line = lineOf(range, arg);
  if (isSheetError(line)) return line;
  // A priority is never a word, so a word first is a header; trailing blanks (or Excel
  // desktop's zeros for empty cells) beyond the initiatives are a range running past them.
  const skip = isWord(line[0]) ? 1 : 0;
  let n = line.length;
  while (n > count + skip && isBlankOrZero(line[n - 1])) n--;
  if (n - skip !== count) {
    return sheetError('#VALUE!', `${arg} has ${plural(n - skip, 'cell')} but demand has ${plural(count, 'initiative')}; give one priority per initiative (higher first; 0 or blank leaves it out)`);
  }
  const t = new Table(arg, range);
  const place = (i: number): [number, number] => (range.length === 1 ? [0, i] : [i, 0]);
  const out: (number | null)[] = [];
  for (let i = skip; i < n; i++) {
    const x = t.amount(...place(i), 'a priority (higher first; 0 leaves the initiative out)', 0);
    if (isSheetError(x)) return x;
    out.push(x > 0 ? x : null);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// ALLOCATE

const HEADER_INITIATIVE = 'Initiative';
const HEADER_ROLE = 'Role';
const HEADER_FINISH = 'Finish';
const NOT_FINISHED = 'not finished';
const NOT_STARTED = 'not started';

/** The two arguments both functions share, rules first (a wrong rule is named before any table). */
function readSetting(capacityRange: Range, rulesRange: Range): Result<{ rules: CapacityRules; capacity: Capacity }> {
  const rules = readRules(rulesRange);
  if (isSheetError(rules)) return rules;
  const capacity = readCapacity(capacityRange);
  return isSheetError(capacity) ? capacity : { rules, capacity };
}

function allocate(demandRange: Range, capacityRange: Range, prioritiesRange: Range, rulesRange: Range): Result<CellValue[][]> {
  const setting = readSetting(capacityRange, rulesRange);
  if (isSheetError(setting)) return setting;
  const { rules, capacity } = setting;
  const demand = readDemand(demandRange, capacity);
  if (isSheetError(demand)) return demand;
  const priorities = readPriorities(prioritiesRange, demand.ids.length);
  if (isSheetError(priorities)) return priorities;

  // Highest priority first; ties keep demand's row order (the sort is stable).
  const planned = priorities
    .map((p, i) => ({ p, i }))
    .filter((x): x is { p: number; i: number } => x.p !== null)
    .sort((a, b) => b.p - a.p)
    .map((x) => x.i);
  const roles = capacity.roles.length;
  const periods = capacity.periods.length;
  if (planned.length * roles * periods > MAX_PLAN_CELLS) {
    return sheetError(
      '#VALUE!',
      `ALLOCATE: ${planned.length} initiatives × ${plural(roles, 'role')} × ${plural(periods, 'period')} is more than the ${MAX_PLAN_CELLS.toLocaleString('en-US')} a function plans within Sheets' time limit; ${PANEL_HINT}`,
    );
  }

  const plannable = capacity.headcount.map((row) => row.map((people) => plannableCapacity(people, rules)));
  const workloads: Workload[] = planned.map((i) => ({
    id: String(demand.ids[i]),
    value: priorities[i] as number,
    duration: demand.durations[i],
    fte: demand.fte[i],
    earliestStart: 0,
  }));
  const input: AllocationInput = { workloads, roles: capacity.roles, periods: capacity.periods, capacity: plannable };
  const plan = allocateSelective(input);

  const out: CellValue[][] = [[HEADER_INITIATIVE, HEADER_ROLE, ...capacity.periodCells, HEADER_FINISH]];
  planned.forEach((i, w) => {
    const finish = plan.finish[w];
    const end: CellValue = finish !== null ? capacity.periodCells[finish] : plan.start[w] !== null ? NOT_FINISHED : notStarted(demand.fte[i], capacity, plannable);
    let any = false;
    for (let r = 0; r < roles; r++) {
      const row = plan.fte[w][r];
      if (!row.some((x) => x > 0)) continue;
      any = true;
      out.push([demand.ids[i], capacity.roles[r], ...row.map(cleanFte), end]);
    }
    if (!any) out.push([demand.ids[i], '', ...new Array<number>(periods).fill(0), end]);
  });
  return out;
}

/** Why an initiative got nobody: a role it needs never has that many plannable people, or others came first. */
function notStarted(fte: readonly number[], capacity: Capacity, plannable: readonly (readonly number[])[]): string {
  for (let r = 0; r < fte.length; r++) {
    let most = 0;
    for (const x of plannable[r]) most = Math.max(most, x);
    if (fte[r] > most + 1e-9) return `${NOT_STARTED}: ${capacity.roles[r]} needs ${fteText(fte[r])}, at most ${fteText(most)} plannable`;
  }
  return NOT_STARTED;
}

// ---------------------------------------------------------------------------------------------
// CAPACITYCHECK

const PERSON_HEADER = /^(person|people|name|employee|who)$/i;
const FINISH_HEADER = /^finish/i;
const FINDINGS_HEADER = ['Severity', 'Role', 'Period', 'Initiative', 'Finding'];
const SEVERITY_TEXT = { error: 'Error', warning: 'Warning' } as const;

interface Plan {
  readonly allocations: Allocation[];
  /** The initiative cell as written, for the findings (a number stays a number). */
  readonly initiativeCells: Map<string, CellValue>;
  readonly initiativeOrder: Map<string, number>;
  /** Period labels as cells, by period name. */
  readonly periodCells: Map<string, CellValue>;
  readonly periods: string[];
}

function readPlan(range: Range, capacity: Capacity, arg = 'allocation'): Result<Plan> {
  const t = Table.used(arg, range, true);
  const layout = `a header row (${HEADER_INITIATIVE}, ${HEADER_ROLE}, [Person,] one column per period[, ${HEADER_FINISH}]) then one row per initiative and role, as ALLOCATE writes it`;
  if (t.rows === 0) return sheetError('#VALUE!', `${arg} is empty; give ${layout}`);
  if (!isWord(t.at(0, 0))) return sheetError('#VALUE!', `${t.where(0, 0)} ${holds(t.at(0, 0))}; ${arg} must start with ${layout}`);
  const third = t.at(0, 2);
  const personCol = isWord(third) && PERSON_HEADER.test(third.trim()) ? 2 : -1;
  const p0 = personCol >= 0 ? 3 : 2;
  const last = t.cols - 1;
  const p1 = last >= p0 && isWord(t.at(0, last)) && FINISH_HEADER.test(String(t.at(0, last)).trim()) ? last : t.cols;
  const periodCount = p1 - p0;
  if (periodCount !== capacity.periods.length) {
    return sheetError(
      '#VALUE!',
      `${arg} has ${plural(Math.max(0, periodCount), 'period column')} but capacity has ${plural(capacity.periods.length, 'period')}; give ${layout}`,
    );
  }
  if ((t.rows - 1) * periodCount > MAX_PLAN_CELLS) {
    return sheetError('#VALUE!', `${arg}: ${t.rows - 1} rows × ${plural(periodCount, 'period')} is more than the ${MAX_PLAN_CELLS.toLocaleString('en-US')} cells a function checks; ${PANEL_HINT}`);
  }

  // Periods: capacity's labels when it has them (the plan's header must agree), else the plan's own.
  const periods: string[] = [];
  const periodCells = new Map<string, CellValue>();
  for (let k = 0; k < periodCount; k++) {
    const c = p0 + k;
    const cell = t.at(0, c);
    let name = capacity.periods[k];
    let shown = capacity.periodCells[k];
    if (isSheetError(cell)) return sheetError(cell.code, `${t.where(0, c)} ${holds(cell)}`);
    if (!isBlank(cell)) {
      const written = typeof cell === 'string' ? cell.trim() : String(cell);
      if (capacity.periodNamed && key(written) !== key(name)) {
        return sheetError('#VALUE!', `${t.where(0, c)} is headed "${clip(written)}" but capacity's period ${k + 1} is "${clip(name)}"; the period columns must follow capacity's columns`);
      }
      if (!capacity.periodNamed) {
        // Without capacity's labels to compare with, a number here is more likely an FTE in a
        // plan written without its header than a period label: say so rather than check nothing.
        if (!isWord(cell)) return sheetError('#VALUE!', `${t.where(0, c)} ${holds(cell)}, not a period label; ${arg} must start with ${layout} (label capacity's periods to use dates)`);
        name = written;
        shown = typeof cell === 'string' ? written : cell;
      }
    }
    periods.push(name);
    periodCells.set(name, shown);
  }
  const dup = firstDuplicate(t, periods, (i) => [0, p0 + i], 'period');
  if (dup) return dup;

  const roleByKey = new Map(capacity.roles.map((r) => [key(r), r]));
  const allocations: Allocation[] = [];
  const initiativeCells = new Map<string, CellValue>();
  const initiativeOrder = new Map<string, number>();
  for (let r = 1; r < t.rows; r++) {
    const ftes: number[] = [];
    let any = false;
    for (let c = p0; c < p1; c++) {
      const x = t.amount(r, c, 'an FTE share (0.5 is half time)', 0);
      if (isSheetError(x)) return x;
      if (x > 0) any = true;
      ftes.push(x);
    }
    if (!any) continue; // a row that plans no one (ALLOCATE's "not started" rows) says nothing to check
    const initiative = t.label(r, 0, 'this row plans people but names no initiative');
    if (isSheetError(initiative)) return initiative;
    const roleText = t.label(r, 1, 'this row plans people but names no role');
    if (isSheetError(roleText)) return roleText;
    const role = roleByKey.get(key(roleText)) ?? roleText;
    let person: string | undefined;
    if (personCol >= 0 && !isBlank(t.at(r, personCol))) {
      const p = t.label(r, personCol, '');
      if (isSheetError(p)) return p;
      person = p;
    }
    if (!initiativeCells.has(initiative)) {
      const cell = t.at(r, 0);
      initiativeCells.set(initiative, typeof cell === 'string' ? initiative : cell);
      initiativeOrder.set(initiative, initiativeOrder.size);
    }
    ftes.forEach((fte, k) => {
      if (fte > 0) allocations.push({ initiative, role, period: periods[k], fte, ...(person === undefined ? {} : { person }) });
    });
  }
  return { allocations, initiativeCells, initiativeOrder, periodCells, periods };
}

function capacityCheck(allocationRange: Range, capacityRange: Range, rulesRange: Range): Result<CellValue[][]> {
  const setting = readSetting(capacityRange, rulesRange);
  if (isSheetError(setting)) return setting;
  const { rules, capacity } = setting;
  const plan = readPlan(allocationRange, capacity);
  if (isSheetError(plan)) return plan;

  const roleCapacity: RoleCapacity[] = [];
  capacity.roles.forEach((role, r) => plan.periods.forEach((period, p) => roleCapacity.push({ role, period, headcount: capacity.headcount[r][p] })));
  const findings = lintPlan(plan.allocations, roleCapacity, rules);

  // lintPlan sorts periods and roles by name ("P10" before "P2", "Apr" before "Jan"); the sheet
  // reads better in the plan's own order: errors first, then period, role and initiative as laid out.
  const periodIndex = new Map(plan.periods.map((p, i) => [p, i]));
  const roleIndex = new Map(capacity.roles.map((r, i) => [r, i]));
  const rank = (f: Finding): number[] => [
    f.severity === 'error' ? 0 : 1,
    periodIndex.get(f.period) ?? plan.periods.length,
    f.role === '' ? -1 : (roleIndex.get(f.role) ?? capacity.roles.length),
    f.initiative === '' ? -1 : (plan.initiativeOrder.get(f.initiative) ?? 0),
  ];
  const ranked = findings.map((f, i) => ({ f, i, rank: rank(f) }));
  ranked.sort((a, b) => {
    for (let k = 0; k < a.rank.length; k++) if (a.rank[k] !== b.rank[k]) return a.rank[k] - b.rank[k];
    return a.i - b.i;
  });

  const out: CellValue[][] = [FINDINGS_HEADER.slice()];
  for (const { f } of ranked) {
    out.push([SEVERITY_TEXT[f.severity], f.role, plan.periodCells.get(f.period) ?? f.period, f.initiative === '' ? '' : (plan.initiativeCells.get(f.initiative) ?? f.initiative), f.message]);
  }
  if (out.length === 1) out.push(['OK', '', '', '', noFindings(rules)]);
  return out;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** The one row of a clean plan, saying which rules it keeps. */
function noFindings(rules: CapacityRules): string {
  return `No findings: no allocation at or below ${pct(rules.minAllocation)}, no person above 100%, every role within the ${pct(rules.plannableShare)} of its effective capacity that may be planned`;
}

// ---------------------------------------------------------------------------------------------
// The catalogue entries

const capacityParam = {
  name: 'capacity',
  description: 'People per role (rows) and period (columns); role names in the first column and period labels in the first row are optional.',
  shape: 'range',
  type: 'any',
} as const;

const rulesParam = {
  name: 'rules',
  description: `Capacity rules, as BTM Settings orders them: ${RULE_LABELS.join(', ')} (up to 5 numbers, or the 2-column block copied from BTM Settings; blank keeps the default).`,
  shape: 'range',
  type: 'any',
  optional: true,
} as const;

const DEF = DEFAULT_CAPACITY_RULES;
const CAPACITY_TEXT =
  `capacity has one row per role and one column per period, each cell the people in the role in that period (a headcount, or FTE; 0 for none; a blank is #VALUE!). ` +
  `Its first column holds role names when any cell below its first row is text, otherwise the roles are "Role 1", "Role 2" ...; its first row holds period labels when it holds text and no numbers (after the role names), or when role names are given and the top-left cell is blank or a word such as "Role" (so dates work as period labels), otherwise the periods are "P1", "P2" .... ` +
  `Trailing blank rows are ignored. Role names and period labels must be unique (case does not matter). ` +
  `rules, optional: the "Capacity rules" of BTM Settings, either up to 5 numbers in a row or column in the order ${RULE_LABELS.join(', ')} (defaults ${ruleValues(DEF).join(', ')}), or the 2-column block of labels and values copied from BTM Settings (its title row may be included); a blank keeps the default, and the values must pass the same checks as in BTM Settings. `;

export const ALLOCATE = defineFunction({
  name: 'ALLOCATE',
  summary: 'Staffs initiatives in priority order by selective resourcing (full teams for the top ones before the next starts): FTE per initiative, role and period, and each finish period.',
  details:
    `demand has one row per initiative: an optional name (text) in the first column, then the duration in periods at full staffing (above 0; a fraction ends part-way through the last period), then one column per role of capacity, in capacity's row order, with the FTE the initiative needs per period at full staffing (a blank FTE cell is 0: role not needed; an initiative needing no one is #VALUE!). ` +
    `The first row is a header when it holds text and no numbers; when it labels the FTE columns and capacity names its roles, the labels must match capacity's role order. Names must be unique. ` +
    CAPACITY_TEXT +
    `The people that may be planned per role and period are headcount × availability × plannable share (${DEF.availability} × ${DEF.plannableShare} by default); the minimum allocation and team size are checked by CAPACITYCHECK, not used here. ` +
    `priorities: one number per initiative (a column or row; a text header cell above them is skipped), higher first, ties in demand's row order; 0 or blank leaves the initiative out of the plan, so SELECT's 1/0 column (or SELECT(...) × scores) can be passed directly. ` +
    `Selective resourcing, period by period: initiatives already running get their FTE first (up to what is left of their work and of each role), in priority order; then initiatives not started yet start, in priority order, only when every role they need has their full FTE left, so nobody starts on crumbs (a lower-priority one may start when a higher one does not fit). Everyone starts from the first period. ` +
    `The result is a table: a header row "${HEADER_INITIATIVE}", "${HEADER_ROLE}", capacity's period labels, "${HEADER_FINISH}"; then, for each planned initiative in priority order, one row per role it gets people in: the initiative's name (or its number, 1 for demand's first initiative row), the role, the FTE in each period (0 where none) and the period it finishes in, or "${NOT_FINISHED}" when it is still running after the last period. ` +
    `An initiative that gets nobody has one row with a blank role, zeros and "${NOT_STARTED}" (or "${NOT_STARTED}: <role> needs x FTE, at most y plannable" when a role it needs never has enough people, so it can never start). ` +
    `The table is CAPACITYCHECK's allocation layout: =CAPACITYCHECK(ALLOCATE(demand, capacity, priorities), capacity) checks the plan. ` +
    `Errors: #VALUE! names the cell for text, TRUE/FALSE or a negative number where a number is needed, a blank duration or headcount, a demand whose FTE columns do not match capacity's roles, or priorities whose count differs from demand's initiatives; an error cell is passed on with its position; #VALUE! when initiatives × roles × periods exceeds ${MAX_PLAN_CELLS.toLocaleString('en-US')} (use the panel command "Plan capacity").`,
  params: [
    {
      name: 'demand',
      description: 'One row per initiative: [name,] duration in periods at full staffing, then FTE per period for each role in capacity\'s row order.',
      shape: 'range',
      type: 'any',
    },
    capacityParam,
    { name: 'priorities', description: 'One number per initiative, higher first; 0 or blank leaves it out of the plan.', shape: 'range', type: 'any' },
    rulesParam,
  ] as const,
  result: 'table',
  resultDescription: `A table: ${HEADER_INITIATIVE}, ${HEADER_ROLE}, FTE per period, ${HEADER_FINISH} (period label, "${NOT_FINISHED}" or "${NOT_STARTED}").`,
  impl: (demand, capacity, priorities, rules) => allocate(demand, capacity, priorities, rules),
});

export const CAPACITYCHECK = defineFunction({
  name: 'CAPACITYCHECK',
  summary: 'Checks a resource plan against the capacity rules of thumb: allocations at or below the minimum, people above 100%, roles over the plannable share or capacity, team sizes.',
  details:
    `allocation is the layout ALLOCATE writes, or a plan written by hand in it: a header row, then one row per initiative and role (or person). The header's first cell must be text ("${HEADER_INITIATIVE}"); column 1 is the initiative, column 2 the role; column 3 is a person when headed Person (or People, Name, Employee, Who); a last column headed "${HEADER_FINISH}..." is ignored; the columns between are the periods, one per column of capacity and in the same order (a non-blank period header must match capacity's label; when capacity has no labels the plan's headers name the periods). ` +
    `Period cells hold FTE shares (0.5 is half time; blank or 0 is none); a row planning no one is skipped, so ALLOCATE's "${NOT_STARTED}" rows are fine. A row planning someone must name its initiative and role; roles are matched to capacity's names ignoring case, and a role capacity does not have is reported as an error finding. ` +
    CAPACITY_TEXT +
    `Findings: Error when a person is planned above 100% in a period, when a role's plan exceeds its effective capacity (headcount × availability) or the role has no capacity; Warning for an allocation at or below the minimum (${pct(DEF.minAllocation)} by default), for a role planned above the plannable share (${pct(DEF.plannableShare)} of effective capacity by default, the reserve for surprises), and for an initiative's team outside ${DEF.teamSize.min}-${DEF.teamSize.max} people in a period (plans with a person column only). ` +
    `The result is a table: a header row ${FINDINGS_HEADER.map((h) => `"${h}"`).join(', ')}, then one row per finding, errors first, then in the plan's period, role and initiative order: severity "Error" or "Warning", the role (blank for a team-size finding), the period label, the initiative (blank for a finding about a whole role or a person) and the finding in words, naming role, period and initiative or person. ` +
    `A plan with no findings gives the header and one row: "OK", three blanks, and "No findings: no allocation at or below 20%, no person above 100%, every role within the 75% of its effective capacity that may be planned" (with the rules' own figures). ` +
    `Errors: #VALUE! names the cell for text, TRUE/FALSE or a negative number where a number is needed, a missing header, a plan whose period columns differ in number or labels from capacity's, or a row with people but no initiative or role; an error cell is passed on with its position; #VALUE! when the plan exceeds ${MAX_PLAN_CELLS.toLocaleString('en-US')} cells (use the panel command "Plan capacity").`,
  params: [
    {
      name: 'allocation',
      description: `The plan: header row, then ${HEADER_INITIATIVE}, ${HEADER_ROLE}, [Person,] FTE per period[, ${HEADER_FINISH}] per row, as ALLOCATE writes it.`,
      shape: 'range',
      type: 'any',
    },
    capacityParam,
    rulesParam,
  ] as const,
  result: 'table',
  resultDescription: `A table: ${FINDINGS_HEADER.join(', ')}; one row per finding, or one "OK" row when there are none.`,
  impl: (allocation, capacity, rules) => capacityCheck(allocation, capacity, rules),
});

export const ALLOCATION_FUNCTIONS: AnyFunctionSpec[] = [ALLOCATE, CAPACITYCHECK];
