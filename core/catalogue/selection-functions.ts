// Portfolio selection custom functions: SELECT (the best set of initiatives under budget,
// capacity, dependencies and forced choices) and FRONTIER (the best value per budget level).
// Both solve a 0/1 program with HiGHS through the installed solver (core/capacity/solver.ts)
// and answer asynchronously. A spreadsheet function must answer within Google Sheets' 30
// seconds, so each has 20 seconds in all and a size cap; beyond either, the error points to
// the panel command "Plan capacity", which has minutes and a Cancel button.
import { CellValue, Range, isBlank, isBlankOrZero } from '../values/cells';
import { isSheetError, Result, SheetError, sheetError } from '../values/errors';
import { cellNumber, clip } from '../values/coerce';
import type { Candidate, ConstraintRef, SelectionProblem } from '../capacity/selection-model';
import type { SelectionResult } from '../capacity/optimiser';
import { solveSelection } from '../capacity/solver';
import { efficientFrontier } from '../capacity/frontier';
import { holds } from './allocation-functions';
import { defineFunction } from './spec';
import type { AnyFunctionSpec } from './spec';

/** What a spreadsheet function solves at most, and how long it may take. */
export const SELECTION_LIMITS = {
  /** Initiatives (rows with a value or a cost). */
  items: 2000,
  /** Initiatives x (cost columns + capacity_demand columns). */
  cells: 20000,
  /** FRONTIER's budget levels. */
  levels: 100,
  /** For the whole call, loading the solver included (Sheets stops a call at 30 s). */
  seconds: 20,
  /** A selection within this relative gap of the proven bound is answered (the issue's 0.1%). */
  gap: 0.001,
  /** Largest magnitude of any number (HiGHS treats 1e15 and more as infinite). */
  magnitude: 1e12,
} as const;

const PANEL_COMMAND = 'the panel command "Plan capacity"';
const MAGNITUDE_WORDS = '1e12 (a million million)';

// ---------------------------------------------------------------------------------------------
// Reading cells

const fmt = (x: number) => String(Number(x.toPrecision(12)));

/** An error cell passed on with its code, naming where it sits. */
function passOn(cell: SheetError, where: string): SheetError {
  return sheetError(cell.code, `${where} ${holds(cell)}`);
}

/**
 * A number cell: numbers, or numbers typed as text. blank: what an empty cell counts as
 * (undefined: an error). Costs, budgets, demands and capacities must not be negative.
 */
function readNumber(cell: CellValue, where: string, blank: number | undefined, nonNegative: boolean): Result<number> {
  if (isSheetError(cell)) return passOn(cell, where);
  if (isBlank(cell)) return blank ?? sheetError('#VALUE!', `${where} is blank; a number is needed`);
  const x = cellNumber(cell);
  if (x === undefined) return sheetError('#VALUE!', `${where} ${holds(cell)}; a number is needed`);
  if (!Number.isFinite(x)) return sheetError('#NUM!', `${where} is not a finite number`);
  if (Math.abs(x) > SELECTION_LIMITS.magnitude) return sheetError('#NUM!', `${where} holds ${x}, beyond the ${MAGNITUDE_WORDS} this function works with`);
  if (nonNegative && x < 0) return sheetError('#VALUE!', `${where} holds ${x}; costs, budgets, demands and capacities are zero or more`);
  return x === 0 ? 0 : x; // no -0
}

/** A single row or column: its cells and how to name the i-th one ("budget: row 2"). */
interface Line {
  readonly cells: CellValue[];
  where(i: number): string;
}

function line(range: Range, arg: string): Result<Line> {
  const rows = range.filter((row) => row.length > 0);
  if (rows.length === 0) return sheetError('#VALUE!', `${arg} is empty`);
  if (rows.length === 1 && range.length === 1) {
    const across = rows[0].length > 1;
    return { cells: rows[0].slice(), where: (i) => `${arg}: ${across ? 'column' : 'row'} ${i + 1}` };
  }
  if (range.every((row) => row.length === 1)) return { cells: range.map((row) => row[0]), where: (i) => `${arg}: row ${i + 1}` };
  const wide = range.reduce((m, row) => Math.max(m, row.length), 0);
  return sheetError('#VALUE!', `${arg} must be a single column (or row), not ${range.length} rows × ${wide} columns`);
}

/** An optional range left out: nothing, or (as Excel passes an omitted argument) one blank cell. */
function omitted(range: Range): boolean {
  const cells = range.flat();
  return cells.length === 0 || (cells.length === 1 && isBlank(cells[0]));
}

/** A block with one row per initiative (n x width), or a single row of n cells (width 1). */
interface PerItem {
  readonly width: number;
  cell(i: number, j: number): CellValue;
  where(i: number, j: number): string;
}

function perItem(range: Range, arg: string, n: number, what: string): Result<PerItem> {
  if (range.length === n) {
    const width = range.reduce((m, row) => Math.max(m, row.length), 0);
    if (width === 0) return sheetError('#VALUE!', `${arg} is empty`);
    return { width, cell: (i, j) => range[i][j] ?? null, where: (i, j) => (width === 1 ? `${arg}: row ${i + 1}` : `${arg}: row ${i + 1}, column ${j + 1}`) };
  }
  if (n > 1 && range.length === 1 && range[0].length === n) return { width: 1, cell: (i) => range[0][i], where: (i) => `${arg}: column ${i + 1}` };
  const rows = range.length;
  return sheetError('#VALUE!', `${arg} has ${rows} row${rows === 1 ? '' : 's'} but values has ${n} cells; give one row per initiative (${what})`);
}

/** The initiatives: values and costs per position; a position whose value and costs are all blank is no initiative (a range may run past the table). */
interface Items {
  /** Number of positions (cells of values); initiatives are numbered by position from 1. */
  readonly n: number;
  /** Positions that hold an initiative, in order. */
  readonly active: number[];
  /** Index into active for each position (-1: blank row). */
  readonly indexOf: Int32Array;
  readonly values: number[];
  /** Costs per active initiative, one per cost column. */
  readonly costs: number[][];
  readonly costColumns: number;
}

function readItems(valuesRange: Range, costsRange: Range): Result<Items> {
  const v = line(valuesRange, 'values');
  if (isSheetError(v)) return v;
  const n = v.cells.length;
  const c = perItem(costsRange, 'costs', n, 'one column of total costs, or one column per period');
  if (isSheetError(c)) return c;
  const active: number[] = [];
  const indexOf = new Int32Array(n).fill(-1);
  const values: number[] = [];
  const costs: number[][] = [];
  for (let i = 0; i < n; i++) {
    let blankRow = isBlank(v.cells[i]);
    for (let j = 0; j < c.width && blankRow; j++) blankRow = isBlank(c.cell(i, j));
    if (blankRow) continue;
    const value = readNumber(v.cells[i], v.where(i), undefined, false);
    if (isSheetError(value)) return value;
    const row: number[] = new Array(c.width);
    for (let j = 0; j < c.width; j++) {
      const x = readNumber(c.cell(i, j), c.where(i, j), 0, true);
      if (isSheetError(x)) return x;
      row[j] = x;
    }
    indexOf[i] = active.length;
    active.push(i);
    values.push(value);
    costs.push(row);
  }
  if (active.length === 0) return sheetError('#VALUE!', 'values: no initiative (values and costs are blank in every row)');
  const count = active.length;
  if (count > SELECTION_LIMITS.items) return tooLarge(`${count} initiatives`);
  if (count * c.width > SELECTION_LIMITS.cells) return tooLarge(`${count} initiatives × ${c.width} cost columns`);
  return { n, active, indexOf, values, costs, costColumns: c.width };
}

function tooLarge(size: string): SheetError {
  return sheetError(
    '#N/A',
    `${size} is more than a spreadsheet function can solve within Google Sheets' 30 seconds (at most ${SELECTION_LIMITS.items} initiatives and ${SELECTION_LIMITS.cells} cost and demand cells); use ${PANEL_COMMAND}`,
  );
}

/** A budget cell per cost column, or one cell for the total. */
function readBudget(range: Range, costColumns: number): Result<{ budget: number[]; perPeriod: boolean }> {
  const b = line(range, 'budget');
  if (isSheetError(b)) return b;
  if (b.cells.length !== 1 && b.cells.length !== costColumns) {
    return sheetError('#VALUE!', `budget has ${b.cells.length} cells but costs has ${costColumns} columns; give one budget per cost column (period), or one cell for the total`);
  }
  const budget: number[] = [];
  for (let t = 0; t < b.cells.length; t++) {
    const x = readNumber(b.cells[t], b.where(t), undefined, true);
    if (isSheetError(x)) return x;
    budget.push(x);
  }
  const perPeriod = budget.length === costColumns && costColumns > 1;
  return { budget, perPeriod };
}

interface Capacity {
  /** Demand per active initiative and resource. */
  readonly demand: number[][];
  readonly capacity: number[];
}

function readCapacity(demandRange: Range, capacityRange: Range, items: Items): Result<Capacity | undefined> {
  const noDemand = omitted(demandRange);
  const noCapacity = omitted(capacityRange);
  if (noDemand && noCapacity) return undefined;
  if (noCapacity) return sheetError('#VALUE!', 'capacity is missing: give the capacity of each capacity_demand column');
  if (noDemand) return sheetError('#VALUE!', 'capacity_demand is missing: give each initiative\'s demand on each capacity');
  const d = perItem(demandRange, 'capacity_demand', items.n, 'one column per resource');
  if (isSheetError(d)) return d;
  if (items.active.length * (items.costColumns + d.width) > SELECTION_LIMITS.cells) {
    return tooLarge(`${items.active.length} initiatives × ${items.costColumns + d.width} cost and demand columns`);
  }
  const cap = line(capacityRange, 'capacity');
  if (isSheetError(cap)) return cap;
  if (cap.cells.length !== d.width) {
    return sheetError('#VALUE!', `capacity has ${cap.cells.length} cells but capacity_demand has ${d.width} columns; give one capacity per column`);
  }
  const capacity: number[] = [];
  for (let k = 0; k < d.width; k++) {
    const x = readNumber(cap.cells[k], cap.where(k), undefined, true);
    if (isSheetError(x)) return x;
    capacity.push(x);
  }
  const demand: number[][] = [];
  for (const i of items.active) {
    const row: number[] = new Array(d.width);
    for (let k = 0; k < d.width; k++) {
      const x = readNumber(d.cell(i, k), d.where(i, k), 0, true);
      if (isSheetError(x)) return x;
      row[k] = x;
    }
    demand.push(row);
  }
  return { demand, capacity };
}

/** One initiative's cells in an optional per-initiative column (dependencies, forced). */
function optionalLine(range: Range, arg: string, n: number): Result<Line | undefined> {
  if (omitted(range)) return undefined;
  const l = line(range, arg);
  if (isSheetError(l)) return l;
  if (l.cells.length !== n) return sheetError('#VALUE!', `${arg} has ${l.cells.length} cells but values has ${n}; give one per initiative`);
  return l;
}

const REQUIRES = /^(?:(?:requires?|needs?)\s*)?#?(\d+)$/;
const EXCLUDES = /^(?:not|excludes?|excl\.?)\s*#?(\d+)$/;

interface Dependencies {
  readonly requires: Array<[number, number]>;
  readonly excludes: Array<[number, number]>;
  /** Where each position's dependencies were written. */
  where(i: number): string;
}

/**
 * Dependencies, one cell per initiative: the numbers of the initiatives it requires (its
 * position in values, from 1), separated by commas or semicolons; "not 4" (or "excludes 4")
 * for one it excludes. A number cell is one requirement; blank or 0: none.
 */
function readDependencies(range: Range, items: Items): Result<Dependencies | undefined> {
  const l = optionalLine(range, 'dependencies', items.n);
  if (isSheetError(l) || l === undefined) return l;
  const requires: Array<[number, number]> = [];
  const excludes: Array<[number, number]> = [];
  const seen = new Set<string>();
  const hint = 'initiative numbers such as "2, 5" (requires) or "not 4" (excludes)';
  for (let i = 0; i < items.n; i++) {
    const cell = l.cells[i];
    const where = l.where(i);
    if (isSheetError(cell)) return passOn(cell, where);
    if (isBlankOrZero(cell)) continue;
    const links: Array<['requires' | 'excludes', number]> = [];
    if (typeof cell === 'number') {
      if (!Number.isInteger(cell)) return sheetError('#VALUE!', `${where} holds ${cell}; ${hint} are expected`);
      links.push(['requires', cell]);
    } else if (typeof cell === 'string') {
      for (const part of cell.split(/[,;]/)) {
        const t = part.trim().toLowerCase();
        if (t === '') continue;
        const req = REQUIRES.exec(t);
        const exc = req ? null : EXCLUDES.exec(t);
        if (!req && !exc) return sheetError('#VALUE!', `${where} holds the text "${clip(part.trim())}"; ${hint} are expected`);
        links.push([req ? 'requires' : 'excludes', Number((req ?? exc)![1])]);
      }
    } else {
      return sheetError('#VALUE!', `${where} ${holds(cell)}; ${hint} are expected`);
    }
    if (links.length && items.indexOf[i] < 0) return sheetError('#VALUE!', `${where} names dependencies of a blank row (no value or cost)`);
    for (const [kind, number] of links) {
      const j = number - 1;
      if (number < 1 || number > items.n) return sheetError('#VALUE!', `${where}: there is no initiative ${number} (values has ${items.n} cells)`);
      if (j === i) return sheetError('#VALUE!', `${where}: initiative ${number} cannot ${kind === 'requires' ? 'require' : 'exclude'} itself`);
      if (items.indexOf[j] < 0) return sheetError('#VALUE!', `${where}: initiative ${number} is a blank row (no value or cost)`);
      const a = items.indexOf[i];
      const b = items.indexOf[j];
      const key = kind === 'requires' ? `r${a},${b}` : `x${Math.min(a, b)},${Math.max(a, b)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      (kind === 'requires' ? requires : excludes).push([a, b]);
    }
  }
  return { requires, excludes, where: (i) => l.where(i) };
}

/** forced: "in" (or TRUE, 1) or "out" per initiative; blank, FALSE or 0 leaves it to the optimiser. */
function readForced(range: Range, items: Items): Result<Array<'in' | 'out' | undefined> | undefined> {
  const l = optionalLine(range, 'forced', items.n);
  if (isSheetError(l) || l === undefined) return l;
  const out: Array<'in' | 'out' | undefined> = [];
  for (let i = 0; i < items.n; i++) {
    const cell = l.cells[i];
    const where = l.where(i);
    if (isSheetError(cell)) return passOn(cell, where);
    let forced: 'in' | 'out' | undefined | null = null;
    if (isBlankOrZero(cell) || cell === false) forced = undefined;
    else if (cell === true || cell === 1) forced = 'in';
    else if (typeof cell === 'string') {
      const t = cell.trim().toLowerCase();
      forced = t === 'in' ? 'in' : t === 'out' ? 'out' : null;
    }
    if (forced === null) return sheetError('#VALUE!', `${where} ${holds(cell)}; "in", "out" or a blank is expected (TRUE counts as in)`);
    if (forced && items.indexOf[i] < 0) return sheetError('#VALUE!', `${where} forces a blank row (no value or cost) ${forced}`);
    if (items.indexOf[i] >= 0) out[items.indexOf[i]] = forced;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Answers

const pct = (gap: number) => (Number.isFinite(gap) ? `${Number((gap * 100).toPrecision(3))}%` : 'no bound proven yet');

function notProven(gap: number, level?: string): SheetError {
  return sheetError(
    '#N/A',
    `${level ? `${level}: ` : ''}no selection proven within ${SELECTION_LIMITS.gap * 100}% of the best in ${SELECTION_LIMITS.seconds} seconds (gap reached: ${pct(gap)}); use ${PANEL_COMMAND}, which has more time`,
  );
}

function solverFailed(e: unknown): SheetError {
  return sheetError('#VALUE!', `the solver could not run (${e instanceof Error ? e.message : String(e)})`);
}

/** A result good enough to answer: optimal, or within the accepted gap. */
function proven(r: { readonly status: string; readonly gap: number }): boolean {
  return r.status === 'optimal' || r.gap <= SELECTION_LIMITS.gap;
}

const secondsLeft = (deadline: number) => Math.max(0.05, (deadline - Date.now()) / 1000);

// ---------------------------------------------------------------------------------------------
// SELECT

interface SelectInputs {
  readonly items: Items;
  readonly problem: SelectionProblem;
  /** In words, for a conflict of the forced choices. */
  describe(ref: ConstraintRef, used: number, limit: number): string;
}

function readSelect(values: Range, costs: Range, budget: Range, demand: Range, capacity: Range, dependencies: Range, forced: Range): Result<SelectInputs> {
  const items = readItems(values, costs);
  if (isSheetError(items)) return items;
  const b = readBudget(budget, items.costColumns);
  if (isSheetError(b)) return b;
  const cap = readCapacity(demand, capacity, items);
  if (isSheetError(cap)) return cap;
  const deps = readDependencies(dependencies, items);
  if (isSheetError(deps)) return deps;
  const force = readForced(forced, items);
  if (isSheetError(force)) return force;

  const periods = b.perPeriod ? b.budget.map((_, t) => `period ${t + 1}`) : ['total'];
  const candidates: Candidate[] = items.active.map((pos, a) => {
    const row = items.costs[a];
    let total = 0;
    for (const x of row) total += x;
    const c: Candidate = {
      id: `initiative ${pos + 1}`,
      value: items.values[a],
      cost: b.perPeriod ? row : [total],
      // Each capacity column is one resource row, in the first period only.
      demand: cap ? cap.demand[a].map((x) => [x]) : [],
    };
    return force?.[a] ? { ...c, forced: force[a] } : c;
  });
  const problem: SelectionProblem = {
    candidates,
    budget: b.perPeriod ? b.budget : [b.budget[0]],
    roles: cap ? cap.capacity.map((_, k) => `capacity ${k + 1}`) : [],
    periods,
    capacity: cap ? cap.capacity.map((x) => [x]) : [],
    requires: deps?.requires ?? [],
    excludes: deps?.excludes ?? [],
  };
  const number = (a: number) => items.active[a] + 1;
  const forcedIn = (a: number) => candidates[a].forced === 'in';
  const theForced = 'the initiatives forced in, with those they require,';
  const describe = (ref: ConstraintRef, used: number, limit: number): string => {
    switch (ref.kind) {
      case 'budget':
        return b.perPeriod
          ? `${theForced} cost ${fmt(used)} in period ${ref.period + 1} (costs column ${ref.period + 1}), more than its budget of ${fmt(limit)}`
          : `${theForced} cost ${fmt(used)}, more than the budget of ${fmt(limit)}`;
      case 'capacity':
        return cap!.capacity.length > 1
          ? `${theForced} need ${fmt(used)} of resource ${ref.role + 1} (capacity_demand column ${ref.role + 1}), more than its capacity of ${fmt(limit)}`
          : `${theForced} need ${fmt(used)}, more than the capacity of ${fmt(limit)}`;
      case 'requires':
        return `initiative ${number(ref.from)} ${forcedIn(ref.from) ? 'is forced in' : 'is required by one forced in'} and requires initiative ${number(ref.to)} (${deps!.where(items.active[ref.from])}), which is forced out`;
      case 'excludes':
        return `initiatives ${number(ref.a)} and ${number(ref.b)} exclude each other (dependencies), but both are forced in or required by one forced in`;
    }
  };
  return { items, problem, describe };
}

/** The spilled column: 1 or 0 per position of values (blank for a blank row). */
function selectionColumn(items: Items, selected: readonly boolean[]): CellValue[][] {
  const out: CellValue[][] = new Array(items.n);
  for (let i = 0; i < items.n; i++) out[i] = [items.indexOf[i] < 0 ? null : selected[items.indexOf[i]] ? 1 : 0];
  return out;
}

async function select(values: Range, costs: Range, budget: Range, demand: Range, capacity: Range, dependencies: Range, forced: Range): Promise<Result<CellValue[][]>> {
  const deadline = Date.now() + SELECTION_LIMITS.seconds * 1000;
  const inputs = readSelect(values, costs, budget, demand, capacity, dependencies, forced);
  if (isSheetError(inputs)) return inputs;
  let r: SelectionResult;
  try {
    r = await solveSelection(inputs.problem, { relativeGap: 0, timeLimitSeconds: secondsLeft(deadline) });
  } catch (e) {
    return solverFailed(e);
  }
  if (r.status === 'cancelled') return sheetError('#N/A', 'the solver was stopped before it finished');
  if (r.status === 'infeasible') {
    if (r.conflict) return sheetError('#VALUE!', `forced: ${inputs.describe(r.conflict.constraint, r.conflict.used, r.conflict.limit)}`);
    if (r.timedOut) return notProven(Infinity);
    return sheetError('#VALUE!', r.message);
  }
  if (!proven(r)) return notProven(r.gap);
  return selectionColumn(inputs.items, r.selected);
}

export const SELECT = defineFunction({
  name: 'SELECT',
  summary: 'The set of initiatives with the most total value within budget, capacity, dependencies and forced choices: 1 (selected) or 0 per initiative, proven optimal.',
  details:
    `Initiatives are the cells of values, numbered from 1 in that order; the result is a column with one cell per initiative: 1 when selected, 0 when not. ` +
    `costs has one row per initiative: one column of total costs, or one column per period (a single row of totals also works). budget holds one cell per cost column (the budget of each period), or a single cell for the total of all columns. ` +
    `capacity_demand has one row per initiative and one column per resource (a role, or a role in a period: "Developers Q1"), in FTE or any unit; capacity holds one cell per column, the capacity of that resource (for example the plannable FTE). ` +
    `dependencies holds one cell per initiative: the numbers of the initiatives it requires, separated by commas ("2, 5": selected only if 2 and 5 are), and "not 4" (or "excludes 4") for one it cannot go with; a number cell is one requirement; blank or 0: none. ` +
    `forced holds one cell per initiative: "in" (or TRUE, 1) to force it in, "out" to leave it out, blank (or FALSE, 0) to let the optimiser decide. ` +
    `A row whose value and costs are all blank is no initiative (its result cell stays blank), so the ranges may run past the table; any other blank value is #VALUE!, blank costs and demands count 0. Costs, budgets, demands and capacities must be zero or more; every number at most ${MAGNITUDE_WORDS} in size (#NUM! beyond). ` +
    `Text, TRUE/FALSE or errors where numbers belong, ranges of mismatched sizes, unknown or self-referencing initiative numbers give #VALUE! naming the cell; an error cell passes its error on. ` +
    `When the forced choices cannot all hold, #VALUE! names the constraint they break (the budget, a capacity, or a dependency on an initiative forced out). ` +
    `The optimum is found by HiGHS (a mixed-integer solver) and proven: the answer is optimal, or within ${SELECTION_LIMITS.gap * 100}% of the proven bound. A call has ${SELECTION_LIMITS.seconds} seconds in all (Google Sheets stops a function at 30); a larger problem (more than ${SELECTION_LIMITS.items} initiatives or ${SELECTION_LIMITS.cells} cost and demand cells), or one not proven in time, gives #N/A with the gap reached, pointing to the panel command "Plan capacity", which has more time, a progress bar and a Cancel button.`,
  params: [
    { name: 'values', description: 'Value of each initiative (a score, an NPV ...), one cell per initiative.', shape: 'range', type: 'any' },
    { name: 'costs', description: 'One row per initiative: its total cost, or its cost in each period (one column per period).', shape: 'range', type: 'any' },
    { name: 'budget', description: 'The budget of each cost column (period), or one cell for the total.', shape: 'range', type: 'any' },
    { name: 'capacity_demand', description: 'One row per initiative, one column per resource (role or role-period): the FTE it needs.', shape: 'range', type: 'any', optional: true },
    { name: 'capacity', description: 'The capacity of each capacity_demand column (for example plannable FTE).', shape: 'range', type: 'any', optional: true },
    { name: 'dependencies', description: 'Per initiative: numbers of the initiatives it requires ("2, 5"), "not 4" for one it excludes; blank for none.', shape: 'range', type: 'any', optional: true },
    { name: 'forced', description: 'Per initiative: "in", "out" or blank (TRUE counts as in).', shape: 'range', type: 'any', optional: true },
  ],
  result: 'table',
  resultDescription: 'A column of 1 (selected) and 0, one per initiative.',
  impl: (values, costs, budget, demand, capacity, dependencies, forced) => select(values, costs, budget, demand, capacity, dependencies, forced),
});

// ---------------------------------------------------------------------------------------------
// FRONTIER

const FRONTIER_HEADER = ['budget', 'value', 'count', 'initiatives'] as const;

async function frontier(values: Range, costs: Range, budgets: Range): Promise<Result<CellValue[][]>> {
  const deadline = Date.now() + SELECTION_LIMITS.seconds * 1000;
  const items = readItems(values, costs);
  if (isSheetError(items)) return items;
  const l = line(budgets, 'budgets');
  if (isSheetError(l)) return l;
  const levels: number[] = [];
  const where: string[] = [];
  for (let i = 0; i < l.cells.length; i++) {
    if (isBlank(l.cells[i])) continue;
    const x = readNumber(l.cells[i], l.where(i), undefined, true);
    if (isSheetError(x)) return x;
    levels.push(x);
    where.push(l.where(i));
  }
  if (levels.length === 0) return sheetError('#VALUE!', 'budgets: no budget level given (every cell is blank)');
  if (levels.length > SELECTION_LIMITS.levels) {
    return sheetError('#N/A', `budgets: ${levels.length} levels are more than a spreadsheet function can solve within Google Sheets' 30 seconds (at most ${SELECTION_LIMITS.levels}); use ${PANEL_COMMAND}`);
  }
  const problem: SelectionProblem = {
    candidates: items.active.map((pos, a) => ({ id: `initiative ${pos + 1}`, value: items.values[a], cost: [items.costs[a].reduce((s, x) => s + x, 0)], demand: [] })),
    budget: [],
    roles: [],
    periods: [],
    capacity: [],
    requires: [],
    excludes: [],
  };
  let points: Awaited<ReturnType<typeof efficientFrontier>>;
  try {
    // Many levels share the call's time: each stops once proven within the accepted gap.
    points = await efficientFrontier(problem, levels, { relativeGap: SELECTION_LIMITS.gap, timeLimitSeconds: secondsLeft(deadline) });
  } catch (e) {
    return solverFailed(e);
  }
  if (!Array.isArray(points)) return sheetError('#N/A', 'the solver was stopped before it finished');
  const rows: CellValue[][] = [[...FRONTIER_HEADER]];
  for (let k = 0; k < points.length; k++) {
    const p = points[k];
    if (p.status === 'infeasible') return sheetError('#VALUE!', `${where[k]}: ${p.message ?? 'no selection fits this budget'}`);
    if (!proven(p)) return notProven(p.gap, `${where[k]} (budget ${fmt(p.budget)})`);
    const chosen: number[] = [];
    p.selected.forEach((s, a) => s && chosen.push(items.active[a] + 1));
    rows.push([p.budget, p.value, p.count, chosen.length ? chosen.join(', ') : null]);
  }
  return rows;
}

export const FRONTIER = defineFunction({
  name: 'FRONTIER',
  summary: 'The efficient frontier: the best total value reachable at each budget level, with how many and which initiatives, proven optimal.',
  details:
    `Spills a table with a header row (${FRONTIER_HEADER.join(', ')}) and one row per budget level, in the order of budgets (blank cells skipped): the level, the most total value any set of initiatives reaches whose total cost fits it, how many initiatives that set holds, and their numbers ("1, 4, 7": positions in values, from 1; blank when none). ` +
    `values and costs are read as in SELECT: one value per initiative, costs as one row per initiative (a total, or one column per period, which are added up), a row whose value and costs are blank is skipped; costs and budget levels must be zero or more. Capacity, dependencies and forced choices are not part of this function: the panel command "Plan capacity" draws the frontier with them. ` +
    `Raising the budget never lowers the value. Each level is solved by HiGHS and proven within ${SELECTION_LIMITS.gap * 100}% of the best value possible at that budget (mostly exactly); the ${SELECTION_LIMITS.seconds} seconds of a call are shared by all levels, time the easy levels leave going to the hard ones (at most ${SELECTION_LIMITS.levels} levels, ${SELECTION_LIMITS.items} initiatives and ${SELECTION_LIMITS.cells} cost cells). A level not proven in time, or a larger problem, gives #N/A with the gap reached, pointing to the panel command "Plan capacity". Bad cells give #VALUE! naming them, as in SELECT.`,
  params: [
    { name: 'values', description: 'Value of each initiative, one cell per initiative.', shape: 'range', type: 'any' },
    { name: 'costs', description: 'One row per initiative: its total cost, or its cost in each period (added up).', shape: 'range', type: 'any' },
    { name: 'budgets', description: 'The total budget levels to evaluate, a column or row.', shape: 'range', type: 'any' },
  ],
  result: 'table',
  resultDescription: 'A table: a header row (budget, value, count, initiatives), then one row per budget level.',
  impl: (values, costs, budgets) => frontier(values, costs, budgets),
});

export const SELECTION_FUNCTIONS: AnyFunctionSpec[] = [SELECT, FRONTIER];
