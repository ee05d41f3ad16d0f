// Demand scoring custom functions: SCORE, PRIORITY, WSJF, COSTOFDELAY. Whole tables in, whole
// spilled columns out; a problem in one initiative's row is an error in that row's cell only.
import { CellValue, Range, isEmptyCell } from '../values/cells';
import { isSheetError, Result, SheetError, sheetError } from '../values/errors';
import { clip, parseNumberText } from '../values/coerce';
import { CriteriaTable, ScoreMethod, scoreMethod, scoreTable } from '../demand/scoring';
import { priorityRanks } from '../demand/ranking';
import { float64Scratch, uint8Scratch } from '../demand/scratch';
import { wsjf } from '../demand/wsjf';
import { DELAY_PROFILES, DelayProfile, costOfDelay, delayProfile } from '../demand/cost-of-delay';
import { defineFunction, ParamSpec } from './spec';
import type { AnyFunctionSpec } from './spec';

// ---------------------------------------------------------------------------------------------
// Reading cells

/** What a cell that is not a number holds, for messages: "is blank", "holds TRUE", "holds the text ...". */
function holds(cell: CellValue): string {
  if (isEmptyCell(cell)) return 'is blank';
  if (typeof cell === 'boolean') return `holds ${cell ? 'TRUE' : 'FALSE'}`;
  if (typeof cell === 'number') return 'is not a finite number';
  if (isSheetError(cell)) return `holds ${cell.code}${cell.message ? ` (${cell.message})` : ''}`;
  return `holds the text "${clip(cell)}"`;
}

/** The cells of a range row by row (a plain loop: Array.prototype.flat is slow in V8). */
function cellsOf(range: Range): CellValue[] {
  let size = 0;
  for (let r = 0; r < range.length; r++) size += range[r].length;
  const out: CellValue[] = new Array(size);
  let k = 0;
  for (let r = 0; r < range.length; r++) {
    const row = range[r];
    for (let c = 0; c < row.length; c++) out[k++] = row[c];
  }
  return out;
}

/**
 * Names cells of a range by their index row by row, as cellPosition does ("row 3" in a column,
 * "column 2" in a row, "row 3, column 2" otherwise), in O(log rows) per cell rather than O(rows):
 * a table with an error in every row stays linear.
 */
function placer(range: Range): (flatIndex: number) => string {
  const rows = range.length;
  const starts = new Float64Array(rows + 1);
  let column = true;
  for (let r = 0; r < rows; r++) {
    const len = range[r].length;
    if (len > 1) column = false;
    starts[r + 1] = starts[r] + len;
  }
  return (i) => {
    // The row r with starts[r] <= i < starts[r + 1] (empty rows have none).
    let lo = 0;
    let hi = rows - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid + 1] > i) hi = mid;
      else lo = mid + 1;
    }
    const c = i - starts[lo];
    if (column) return `row ${lo + 1}`;
    return rows === 1 ? `column ${c + 1}` : `row ${lo + 1}, column ${c + 1}`;
  };
}

/**
 * One argument read as a list of values, one per initiative, or a single value for all. A
 * column or a row is read in place; any other block is copied row by row once.
 */
class Series {
  readonly length: number;
  private readonly shape: 'column' | 'row' | 'cells';
  private readonly cells?: CellValue[];
  private place?: (i: number) => string;
  constructor(
    readonly name: string,
    private readonly range: Range,
  ) {
    let column = true;
    for (let r = 0; r < range.length && column; r++) if (range[r].length !== 1) column = false;
    if (column) {
      this.shape = 'column';
      this.length = range.length;
    } else if (range.length === 1) {
      this.shape = 'row';
      this.length = range[0].length;
    } else {
      this.shape = 'cells';
      this.cells = cellsOf(range);
      this.length = this.cells.length;
    }
  }
  /** The k-th cell, row by row. */
  at(k: number): CellValue {
    return this.shape === 'column' ? this.range[k][0] : this.shape === 'row' ? this.range[0][k] : (this.cells as CellValue[])[k];
  }
  /** The cell for row i: the only one when the argument is a single value. */
  cell(i: number): CellValue {
    return this.at(this.length === 1 ? 0 : i);
  }
  /** "job_size: row 3" (or "job_size" for a single value used for every row). */
  where(i: number): string {
    if (this.length === 1) return this.name;
    this.place ??= placer(this.range);
    return `${this.name}: ${this.place(i)}`;
  }
  /** A finite number, null for a blank, or the error explaining the cell. */
  number(i: number): number | null | SheetError {
    const x = this.cell(i);
    if (typeof x === 'number') return x - x === 0 ? x : sheetError('#NUM!', `${this.where(i)} is not a finite number`);
    if (isEmptyCell(x)) return null;
    if (isSheetError(x)) return sheetError(x.code, `${this.where(i)} ${holds(x)}`);
    return sheetError('#VALUE!', `${this.where(i)} ${holds(x)}; a number is needed`);
  }
}

/**
 * The arguments of a per-initiative function: each a range of n values or a single value; n
 * is the longest. Empty ranges and other lengths are #VALUE! naming every argument's count.
 */
function series(fn: string, args: ReadonlyArray<readonly [string, Range]>, optional: ReadonlySet<string> = new Set()): Result<{ n: number; list: Series[] }> {
  const list = args.map(([name, range]) => new Series(name, range));
  for (const s of list) if (s.length === 0 && !optional.has(s.name)) return sheetError('#VALUE!', `${fn}: ${s.name} is empty`);
  const given = list.filter((s) => s.length > 0);
  let n = 1;
  for (const s of given) if (s.length > n) n = s.length;
  if (given.some((s) => s.length !== 1 && s.length !== n)) {
    const counts = given.map((s, k) => `${s.name}${k === 0 ? ` has ${s.length} value${s.length === 1 ? '' : 's'}` : ` ${s.length}`}`);
    return sheetError('#VALUE!', `${fn}: ${counts.join(', ')}; give each argument the same number of values (one per initiative), or a single value for all`);
  }
  return { n, list };
}

// ---------------------------------------------------------------------------------------------
// SCORE

const METHOD_LIST = '"minmax" (or "min-max"), "rank" or "raw"';

function readMethod(x: CellValue): Result<ScoreMethod> {
  if (isEmptyCell(x)) return 'minmax';
  if (isSheetError(x)) return sheetError(x.code, `method ${holds(x)}`);
  const m = typeof x === 'string' ? scoreMethod(x) : undefined;
  if (m) return m;
  const shown =
    typeof x === 'string' ? `"${clip(x)}"` : typeof x === 'boolean' ? (x ? 'TRUE' : 'FALSE') : x - x === 0 ? String(x) : 'a number that is not finite';
  return sheetError('#VALUE!', `SCORE: method must be ${METHOD_LIST}, not ${shown}`);
}

interface Criteria {
  table: CriteriaTable & { include: Uint8Array };
  /** 1 where the row has at least one value. */
  present: Uint8Array;
  /** Why a left-out row has no score. */
  problems: Map<number, SheetError>;
}

function readCriteria(range: Range): Result<Criteria> {
  const rows = range.length;
  const cols = widest(range);
  if (rows === 0 || cols === 0) return sheetError('#VALUE!', 'SCORE: criteria_values is empty');
  // Working arrays reused across calls (see core/demand/scratch.ts): used only until SCORE returns.
  const values = float64Scratch('score.values', rows * cols).fill(NaN);
  const include = uint8Scratch('score.included', rows).fill(1);
  const present = uint8Scratch('score.present', rows).fill(0);
  const problems = new Map<number, SheetError>();
  if (readCells(range, values, include, present) > 0) {
    for (let r = 0; r < rows; r++) if (include[r] === 0) problems.set(r, rowProblem(range, r, cols));
  }
  return { table: { rows, cols, values, include }, present, problems };
}

function widest(range: Range): number {
  let cols = 0;
  for (let r = 0; r < range.length; r++) if (range[r].length > cols) cols = range[r].length;
  return cols;
}

/**
 * The hot loop over every cell, kept apart from the messages: numbers (TRUE/FALSE as 1/0) into
 * values, column by column; a row with any other cell marked left out. Returns how many are.
 */
function readCells(range: Range, values: Float64Array, include: Uint8Array, present: Uint8Array): number {
  const rows = range.length;
  let bad = 0;
  for (let r = 0; r < rows; r++) {
    const row = range[r];
    for (let c = 0; c < row.length; c++) {
      const x = row[c];
      if (typeof x === 'number' && x - x === 0) {
        values[c * rows + r] = x;
        present[r] = 1;
      } else if (typeof x === 'boolean') {
        values[c * rows + r] = x ? 1 : 0;
        present[r] = 1;
      } else if (!isEmptyCell(x)) {
        include[r] = 0;
        bad++;
        break;
      }
    }
  }
  return bad;
}

/** Why row r is left out: its first cell that is neither a number, TRUE/FALSE nor blank. */
function rowProblem(range: Range, r: number, cols: number): SheetError {
  const rows = range.length;
  const row = range[r];
  for (let c = 0; c < row.length; c++) {
    const x = row[c];
    if ((typeof x === 'number' && x - x === 0) || typeof x === 'boolean' || isEmptyCell(x)) continue;
    const place = `criteria_values: ${cols === 1 ? `row ${r + 1}` : rows === 1 ? `column ${c + 1}` : `row ${r + 1}, column ${c + 1}`}`;
    if (typeof x === 'number') return sheetError('#NUM!', `${place} is not a finite number`);
    if (isSheetError(x)) return sheetError(x.code, `${place} ${holds(x)}`);
    return sheetError('#VALUE!', `${place} ${holds(x)}; a number is needed`);
  }
  return sheetError('#VALUE!', `criteria_values: row ${r + 1} cannot be read`); // not reached
}

function readWeights(range: Range, criteria: number): Result<Float64Array> {
  const s = new Series('weights', range);
  if (s.length !== criteria) {
    return sheetError('#VALUE!', `SCORE: weights has ${s.length} value${s.length === 1 ? '' : 's'} but criteria_values has ${criteria} criteria (columns); give one weight per criterion`);
  }
  const out = new Float64Array(criteria);
  let any = false;
  for (let i = 0; i < criteria; i++) {
    const x = s.at(i);
    const where = () => s.where(i);
    if (typeof x === 'number') {
      if (x - x !== 0) return sheetError('#NUM!', `SCORE: ${where()} is not a finite number`);
      if (x < 0) return sheetError('#VALUE!', `SCORE: ${where()} is negative (${x}); weights are 0 or more`);
      out[i] = x;
      if (x > 0) any = true;
    } else if (isSheetError(x)) {
      return sheetError(x.code, `SCORE: ${where()} ${holds(x)}`);
    } else if (isEmptyCell(x)) {
      return sheetError('#VALUE!', `SCORE: ${where()} is blank; give each criterion a weight (0 leaves it out)`);
    } else {
      return sheetError('#VALUE!', `SCORE: ${where()} ${holds(x)}; a number is needed`);
    }
  }
  if (!any) return sheetError('#VALUE!', 'SCORE: the weights are all 0; give at least one criterion a positive weight');
  return out;
}

const HIGHER = new Set(['higher', 'high', '+', 'higher is better']);
const LOWER = new Set(['lower', 'low', '-', 'lower is better']);

function readDirections(range: Range, criteria: number): Result<Float64Array> {
  const s = new Series('directions', range);
  const out = new Float64Array(criteria).fill(1);
  if (s.length === 0) return out;
  if (s.length !== 1 && s.length !== criteria) {
    return sheetError('#VALUE!', `SCORE: directions has ${s.length} values but criteria_values has ${criteria} criteria (columns); give one direction per criterion, or a single one for all`);
  }
  for (let i = 0; i < s.length; i++) {
    const d = direction(s.at(i));
    if (d === undefined) {
      const x = s.at(i);
      const what = s.length === 1 ? 'directions' : s.where(i);
      if (isSheetError(x)) return sheetError(x.code, `SCORE: ${what} ${holds(x)}`);
      const shown = typeof x === 'number' && x - x === 0 ? `is ${x}` : holds(x);
      return sheetError('#VALUE!', `SCORE: ${what} ${shown}; use 1, "higher" or "+" when higher is better, -1, "lower" or "-" when lower is better`);
    }
    if (s.length === 1) out.fill(d);
    else out[i] = d;
  }
  return out;
}

function direction(x: CellValue): 1 | -1 | undefined {
  if (isEmptyCell(x)) return 1;
  let n: number | undefined;
  if (typeof x === 'number') n = x;
  else if (typeof x === 'string') {
    const t = x.trim().toLowerCase().replace(/\s+/g, ' ');
    if (HIGHER.has(t)) return 1;
    if (LOWER.has(t)) return -1;
    n = parseNumberText(t);
  }
  return n === 1 ? 1 : n === -1 ? -1 : undefined;
}

const criteriaValues = {
  name: 'criteria_values',
  description: 'One row per initiative, one column per criterion, numbers (TRUE/FALSE count 1/0); blanks allowed.',
  shape: 'range',
  type: 'any',
} as const satisfies ParamSpec;
const weights = {
  name: 'weights',
  description: 'One weight per criterion, in a row or a column, on any scale (3, 2, 1 or 50%, 30%, 20%); 0 leaves a criterion out.',
  shape: 'range',
  type: 'any',
} as const satisfies ParamSpec;
const directions = {
  name: 'directions',
  description: 'Per criterion: 1, "higher" or "+" when higher is better (the default, also for a blank); -1, "lower" or "-" when lower is better ("higher is better" and "lower is better" too). A single one applies to all.',
  shape: 'range',
  type: 'any',
  optional: true,
} as const satisfies ParamSpec;
const method = {
  name: 'method',
  description: 'How each criterion becomes comparable: "minmax" (default), "rank" or "raw".',
  shape: 'scalar',
  type: 'any',
  optional: true,
} as const satisfies ParamSpec;

const demandTypes = {
  name: 'demand_types',
  description: 'Optional: each initiative\'s demand type (one per row). Blanks of Capability planning and Increments & improvements count as the worst value; Ideas & concepts are not penalised.',
  shape: 'range',
  type: 'any',
  optional: true,
} as const satisfies ParamSpec;

/** Ideas & concepts, however a workbook spells it: "Ideas & concepts", "Idea", "Concept" ... */
const IDEAS = /^(ideas?|concepts?|ideas? (and|&|\+) concepts?)$/;

/**
 * The demand-type rule (DOMAIN.md: ideas get a light evaluation, capability planning and
 * increments a business case): 1 for rows whose blanks count against them. Undefined when no
 * demand types are given; an error when their number differs from the rows'.
 */
function readDemandTypes(range: Range, rows: number): Result<Uint8Array | undefined> {
  const cells: CellValue[] = [];
  for (const row of range) for (const c of row) cells.push(c);
  if (cells.every(isEmptyCell)) return undefined; // omitted (Excel passes [[null]])
  if (cells.length !== rows) {
    return sheetError('#VALUE!', `SCORE: demand_types has ${cells.length} cells but criteria_values has ${rows} rows; give one demand type per row`);
  }
  const strict = new Uint8Array(rows);
  cells.forEach((c, r) => {
    if (isEmptyCell(c) || isSheetError(c)) return;
    const t = String(c).toLowerCase().replace(/\s+/g, ' ').trim();
    strict[r] = IDEAS.test(t) ? 0 : 1;
  });
  return strict;
}

export const SCORE = defineFunction({
  name: 'SCORE',
  summary: 'Weighted score of every initiative against the criteria: a spilled column of scores 0-100.',
  details:
    'Rows are initiatives, columns criteria. The weights are scaled to sum to 1, so only their proportions count. ' +
    'Methods (case does not matter): "minmax" (the default, also "min-max") rescales each criterion over the scored rows to 0 for the lowest value and 1 for the highest (the other way round when lower is better); ' +
    'a criterion on which all rows are equal, or only one row has a value, gives every row 1. ' +
    '"rank" replaces each value by its percentile rank among the rows that have a value, (rank - 1) / (count - 1) from 0 for the lowest to 1 for the highest (reversed when lower is better), tied values sharing the average of their ranks; again 1 for all when all are equal. ' +
    'Both then give the weighted average of the rescaled values x 100, a score from 0 to 100. ' +
    '"raw" is the weighted average of the values as they are, lower-is-better criteria counting negatively: it is on your own scale, 0-100 only if your values are (and can be negative). ' +
    'Blanks: a blank criterion cell is left out of that row\'s score and the weights of the row\'s other criteria are scaled up to sum to 1 (a blank is not a zero); blanks take no part in the rescaling. ' +
    'Excel on Windows and Mac hands empty cells to custom functions as 0, so there an empty cell counts as 0; an empty text ("" from a formula) is a blank in every host. ' +
    'A row with text in a criterion cell gets #VALUE! naming the cell, a row with an error cell that error; such rows are not scored and do not shape the other rows\' rescaling. ' +
    'A row with no values (or values only for criteria weighted 0) gets #N/A. These errors stay in their own row. ' +
    'A negative, blank or text weight, all weights 0, a direction other than the ones listed, a count of weights or directions that differs from the number of criteria, or an unknown method gives #VALUE! for the whole call. ' +
    'Demand types (optional): rows of Capability planning or Increments & improvements (any type other than Ideas & concepts) have their blank criteria counted at the worst value with full weight, since their evaluation needs a business case; Ideas & concepts rows, and rows without a demand type, leave blanks out (a light evaluation is not penalised for a missing business case). The rule applies to minmax and rank; raw always leaves blanks out.',
  params: [criteriaValues, weights, directions, method, demandTypes],
  result: 'table',
  resultDescription: 'One score per initiative, a column as tall as criteria_values.',
  impl: (criteria, w, d, m, types) => {
    const how = readMethod(m);
    if (isSheetError(how)) return how;
    const read = readCriteria(criteria);
    if (isSheetError(read)) return read;
    const { present, problems } = read;
    const strict = readDemandTypes(types, read.table.rows);
    if (isSheetError(strict)) return strict;
    const table = strict ? { ...read.table, strict } : read.table;
    const ws = readWeights(w, table.cols);
    if (isSheetError(ws)) return ws;
    const ds = readDirections(d, table.cols);
    if (isSheetError(ds)) return ds;
    const scores = scoreTable(table, ws, ds, how);
    const out: CellValue[][] = new Array(table.rows);
    for (let r = 0; r < table.rows; r++) {
      const s = scores[r];
      if (table.include[r] === 0) out[r] = [problems.get(r) as SheetError];
      else if (present[r] === 0) out[r] = [sheetError('#N/A', `row ${r + 1} has no criterion values`)];
      else if (s === s) out[r] = [s];
      else out[r] = [sheetError('#N/A', `row ${r + 1} has values only for criteria weighted 0`)];
    }
    return out;
  },
});

// ---------------------------------------------------------------------------------------------
// PRIORITY

export const PRIORITY = defineFunction({
  name: 'PRIORITY',
  summary: 'Priority rank of every initiative from its score: 1 for the highest, a spilled column.',
  details:
    'Equal scores are ordered by tie_breaker, higher first, then by row order, earlier first, so the order is always the same and every ranked row has its own rank: the ranks run 1..k without gaps or repeats. ' +
    'A row whose score is blank, text, TRUE/FALSE or an error (for example SCORE\'s #N/A) gets #N/A in its own cell and is not ranked; the others still rank 1..k. ' +
    'tie_breaker has one cell per score; a blank one ranks after the tied rows that have a number, text in it gives that row #VALUE!, an error cell that error (and the row is not ranked).',
  params: [
    { name: 'scores', description: 'One score per initiative, higher is better (for example the column SCORE spills).', shape: 'range', type: 'any' },
    {
      name: 'tie_breaker',
      description: 'Optional: one number per initiative deciding between equal scores, higher first (for example WSJF or cost of delay).',
      shape: 'range',
      type: 'any',
      optional: true,
    },
  ],
  result: 'table',
  resultDescription: 'One rank per initiative, a column as long as scores.',
  impl: (scoresRange, tieRange) => {
    const scores = new Series('scores', scoresRange);
    const n = scores.length;
    if (n === 0) return sheetError('#VALUE!', 'PRIORITY: scores is empty');
    let ties: Series | undefined = new Series('tie_breaker', tieRange);
    if (ties.length === 0 || (ties.length === 1 && isEmptyCell(ties.at(0)) && n > 1)) ties = undefined;
    if (ties && ties.length !== n) {
      return sheetError('#VALUE!', `PRIORITY: tie_breaker has ${ties.length} value${ties.length === 1 ? '' : 's'} but scores has ${n}; give one per score`);
    }
    const s = float64Scratch('priority.scores', n);
    const t = ties ? float64Scratch('priority.ties', n) : undefined;
    const out: CellValue[][] = new Array(n);
    for (let i = 0; i < n; i++) {
      const x = scores.at(i);
      s[i] = NaN;
      if (typeof x !== 'number' || x - x !== 0) {
        out[i] = [sheetError('#N/A', `row ${i + 1} has no score (it ${holds(x)})`)];
        continue;
      }
      if (t && ties) {
        const y = ties.number(i);
        if (isSheetError(y)) {
          out[i] = [y];
          continue;
        }
        t[i] = y === null ? NaN : y;
      }
      s[i] = x;
    }
    const ranks = priorityRanks(s, t);
    for (let i = 0; i < n; i++) if (ranks[i] > 0) out[i] = [ranks[i]];
    return out;
  },
});

// ---------------------------------------------------------------------------------------------
// WSJF

const component = (name: string, description: string) => ({ name, description, shape: 'range', type: 'any' }) as const satisfies ParamSpec;

export const WSJF = defineFunction({
  name: 'WSJF',
  summary: 'SAFe\'s weighted shortest job first for every initiative: (business value + time criticality + risk reduction) / job size.',
  details:
    'The three parts of the cost of delay and the job size are usually relative estimates (for example 1, 2, 3, 5, 8, 13, 20). ' +
    'Each argument is a range with one value per initiative (read row by row) or a single value used for every row; ranges of different lengths give #VALUE! naming each argument\'s count. ' +
    'Per row: a blank business value, time criticality or risk reduction counts 0; a blank job size gives #N/A (not estimated), a job size of 0 #DIV/0!, a negative value #NUM!, text or TRUE/FALSE #VALUE! naming the cell, an error cell that error, a row blank in every argument #N/A. These errors stay in their own row. Excel on Windows and Mac hands empty cells to custom functions as 0, so there an empty job size gives #DIV/0!. Higher WSJF goes first.',
  params: [
    component('business_value', 'User-business value per initiative (a range, or one value for all).'),
    component('time_criticality', 'Time criticality per initiative (a range, or one value for all).'),
    component('risk_reduction', 'Risk reduction and/or opportunity enablement per initiative (a range, or one value for all).'),
    component('job_size', 'Job size (effort or duration estimate) per initiative, above 0 (a range, or one value for all).'),
  ],
  result: 'table',
  resultDescription: 'One WSJF per initiative, a column as long as the longest argument.',
  impl: (bv, tc, rr, js) => {
    const read = series('WSJF', [
      ['business_value', bv],
      ['time_criticality', tc],
      ['risk_reduction', rr],
      ['job_size', js],
    ]);
    if (isSheetError(read)) return read;
    const [b, t, r, j] = read.list;
    const out: CellValue[][] = new Array(read.n);
    for (let i = 0; i < read.n; i++) out[i] = [wsjfRow(b, t, r, j, i)];
    return out;
  },
});

function wsjfRow(b: Series, t: Series, r: Series, j: Series, i: number): CellValue {
  const vb = b.number(i);
  if (isSheetError(vb)) return vb;
  const vt = t.number(i);
  if (isSheetError(vt)) return vt;
  const vr = r.number(i);
  if (isSheetError(vr)) return vr;
  const vj = j.number(i);
  if (isSheetError(vj)) return vj;
  if (vj === null) {
    return vb === null && vt === null && vr === null
      ? sheetError('#N/A', `row ${i + 1} is blank`)
      : sheetError('#N/A', `${j.where(i)} is blank (the job size is not estimated)`);
  }
  return wsjf(vb ?? 0, vt ?? 0, vr ?? 0, vj);
}

// ---------------------------------------------------------------------------------------------
// COSTOFDELAY

const PROFILE_LIST = DELAY_PROFILES.map((p) => `"${p}"`).join(' or ');

/** A profile cell: blank is linear; anything else not listed is an error in that row. */
function readProfile(s: Series, i: number): Result<DelayProfile> {
  const x = s.cell(i);
  if (isEmptyCell(x)) return 'linear';
  if (isSheetError(x)) return sheetError(x.code, `${s.where(i)} ${holds(x)}`);
  // The exact spellings "linear" and "urgent" skip the trimming and lower-casing.
  const p = x === 'linear' || x === 'urgent' ? x : typeof x === 'string' ? delayProfile(x) : undefined;
  if (p) return p;
  const shown = typeof x === 'number' && x - x === 0 ? `is ${x}` : holds(x);
  return sheetError('#VALUE!', `${s.where(i)} ${shown}; the profiles are ${PROFILE_LIST}`);
}

function costOfDelayRow(values: Series, delays: Series, profiles: Series, single: DelayProfile | undefined, i: number): CellValue {
  const value = values.number(i);
  if (isSheetError(value)) return value;
  const delay = delays.number(i);
  if (isSheetError(delay)) return delay;
  const profile = single ?? readProfile(profiles, i);
  if (isSheetError(profile)) return profile;
  if (value === null) {
    return delay === null ? sheetError('#N/A', `row ${i + 1} is blank`) : sheetError('#N/A', `${values.where(i)} is blank (the value is not estimated)`);
  }
  return costOfDelay(value, delay ?? 0, profile);
}

export const COSTOFDELAY = defineFunction({
  name: 'COSTOFDELAY',
  summary: 'Cost of delay of every initiative: the value lost by starting it some periods later, by urgency profile.',
  details:
    'Profiles (case does not matter): "linear" (the default): every period of delay loses the value per period, cost = value x delay. ' +
    '"urgent": value is lost faster early: the k-th period of delay loses (1 + 2^(1-k)) x the value per period, so the first period costs double, the second 1.5x, the third 1.25x, and later ones approach the value per period; ' +
    'in total cost = value x (delay + 2 x (1 - 2^-delay)), the same formula for fractional delays, at most two periods\' value more than linear. ' +
    'There is no fixed-date profile: it needs a deadline, which these arguments do not carry. ' +
    'Each argument is a range with one value per initiative (read row by row) or a single value used for every row; ranges of different lengths give #VALUE! naming each argument\'s count. ' +
    'Per row: a blank delay counts 0 periods; a blank value per period gives #N/A (not estimated), a row blank in both #N/A; a negative value or delay #NUM!; text or TRUE/FALSE #VALUE! naming the cell; an error cell that error; a profile not listed #VALUE! (for the whole call when a single profile is given). These errors stay in their own row.',
  params: [
    component('value_per_period', 'Value the initiative earns per period once delivered (per month, per sprint ...), 0 or more.'),
    component('delay_periods', 'How many periods the start is delayed, 0 or more; fractions allowed.'),
    {
      name: 'profile',
      description: 'Urgency profile: "linear" (default) or "urgent"; one for all, or one per initiative.',
      shape: 'range',
      type: 'any',
      optional: true,
    },
  ],
  result: 'table',
  resultDescription: 'One cost of delay per initiative, in the unit of value_per_period, a column as long as the longest argument.',
  impl: (v, d, p) => {
    const read = series(
      'COSTOFDELAY',
      [
        ['value_per_period', v],
        ['delay_periods', d],
        ['profile', p],
      ],
      new Set(['profile']),
    );
    if (isSheetError(read)) return read;
    const [values, delays, profiles] = read.list;
    let single: DelayProfile | undefined = 'linear';
    if (profiles.length === 1) {
      const one = readProfile(profiles, 0);
      if (isSheetError(one)) return sheetError(one.code, `COSTOFDELAY: ${one.message}`);
      single = one;
    } else if (profiles.length > 1) single = undefined;
    const out: CellValue[][] = new Array(read.n);
    for (let i = 0; i < read.n; i++) out[i] = [costOfDelayRow(values, delays, profiles, single, i)];
    return out;
  },
});

export const SCORING_FUNCTIONS: AnyFunctionSpec[] = [SCORE, PRIORITY, WSJF, COSTOFDELAY];
