// The DMO's decision proposal per initiative, from its score and its seven-point check:
// Include, Pass forward (to portfolio steering), Reject, or Remove (a running one that no
// longer fits).
import { CellValue, Range, isBlank } from '../values/cells';
import { Result, SheetError, asErrorCode, isSheetError, sheetError } from '../values/errors';
import { cellNumber, clip, yesNoCell } from '../values/coerce';
import { FLOW_APPROVAL } from './seven-point-check';

export type Decision = 'Include' | 'Pass forward' | 'Reject' | 'Remove';
export const DECISIONS: readonly Decision[] = ['Include', 'Pass forward', 'Reject', 'Remove'];

/** What the seven-point check said: all points hold, some do not, or no check yet. */
export type CheckState = 'approved' | 'escalated' | 'unchecked';

export interface Thresholds {
  /** A score at or above this qualifies for Include. */
  readonly include: number;
  /** A score below this is rejected (or removed, when running). */
  readonly reject: number;
}

/** On the usual 0-100 score scale: include at or above 60, reject below 40. */
export const DEFAULT_THRESHOLDS: Thresholds = { include: 60, reject: 40 };

/**
 * The rules, in order:
 *   score below reject                      -> Remove when running, else Reject
 *   score at or above include, check passed -> Include
 *   anything else (escalated, not checked, or a score between the thresholds) -> Pass forward
 */
export function decide(score: number, check: CheckState, running: boolean, t: Thresholds = DEFAULT_THRESHOLDS): Decision {
  if (score < t.reject) return running ? 'Remove' : 'Reject';
  if (score >= t.include && check === 'approved') return 'Include';
  return 'Pass forward';
}

// ---------------------------------------------------------------------------------------------
// Reading the cells.

function errorIn(where: string, e: SheetError): SheetError {
  return sheetError(e.code, `${where} holds ${e.code}${e.message ? ` (${e.message})` : ''}`);
}

function what(cell: CellValue): string {
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (typeof cell === 'string') return `the text "${clip(cell)}"`;
  if (typeof cell === 'number' && Number.isFinite(cell)) return String(cell);
  return 'a value that is not a cell value';
}

/** The cells of a single row or column, in order; a block of several rows and columns is refused. */
export function lineOf(range: Range, arg: string): Result<CellValue[]> {
  if (range.length <= 1) return range.length ? range[0].slice() : [];
  if (range.every((row) => row.length === 1)) return range.map((row) => row[0]);
  const wide = range.reduce((m, row) => Math.max(m, row.length), 0);
  return sheetError('#VALUE!', `${arg} must be a single column (or row), one cell per initiative, not ${range.length} rows × ${wide} columns`);
}

/**
 * Where the i-th cell of a single row or column sits, as cellPosition words it ("row 3" in a
 * column, "column 3" in a row), in constant time: it is asked once per initiative.
 */
function linePosition(range: Range, i: number): string {
  return range.length === 1 && range[0].length > 1 ? `column ${i + 1}` : `row ${i + 1}`;
}

/** A score: a number, or a number typed as text. */
function readScore(cell: CellValue, where: string): Result<number> {
  if (isSheetError(cell)) return errorIn(where, cell);
  if (isBlank(cell)) return sheetError('#N/A', `${where} is blank: the initiative has no score yet`);
  const x = cellNumber(cell);
  if (x === undefined) return sheetError('#VALUE!', `${where} holds ${what(cell)}; a score (a number) is needed`);
  if (!Number.isFinite(x)) return sheetError('#NUM!', `${where} is not a finite number`);
  return x;
}

/**
 * CHECK's output: "Flow approval" (any case) passes, text starting with "Escalate" is escalated,
 * a blank is not checked yet. An error cell, or an error code as text (how Google Sheets shows
 * CHECK's error cells), is that row's error.
 */
function readCheck(cell: CellValue, where: string): Result<CheckState> {
  if (isSheetError(cell)) return errorIn(where, cell);
  if (isBlank(cell)) return 'unchecked';
  if (typeof cell === 'string') {
    const t = cell.trim().toLowerCase();
    if (t === FLOW_APPROVAL.toLowerCase()) return 'approved';
    if (t.startsWith('escalate')) return 'escalated';
    const code = asErrorCode(cell);
    if (code) return sheetError(code, `${where} holds ${code}`);
  }
  return sheetError('#VALUE!', `${where} holds ${what(cell)}; a result of CHECK ("${FLOW_APPROVAL}" or "Escalate: ...") or a blank is expected`);
}

function readRunning(cell: CellValue, where: string): Result<boolean> {
  if (isSheetError(cell)) return errorIn(where, cell);
  const yes = yesNoCell(cell);
  if (yes === undefined) return sheetError('#VALUE!', `${where} holds ${what(cell)}; TRUE/FALSE or yes/no is expected`);
  return yes === true;
}

function readThreshold(cell: CellValue, where: string, fallback: number): Result<number> {
  if (isSheetError(cell)) return errorIn(where, cell);
  if (isBlank(cell)) return fallback;
  const x = cellNumber(cell);
  if (x === undefined) return sheetError('#VALUE!', `${where} holds ${what(cell)}; a number is needed`);
  if (!Number.isFinite(x)) return sheetError('#NUM!', `${where} is not a finite number`);
  return x;
}

/**
 * Thresholds from two cells (a row or a column): include at or above, reject below. Omitted or
 * blank: the defaults; one blank cell keeps its own default. include must not be below reject.
 */
export function readThresholds(range: Range, arg: string): Result<Thresholds> {
  const cells: CellValue[] = [];
  for (const row of range) for (const cell of row) cells.push(cell);
  if (cells.every(isBlank)) return DEFAULT_THRESHOLDS;
  if (cells.length !== 2) {
    return sheetError(
      '#VALUE!',
      `${arg} takes two numbers, include at or above and reject below (default ${DEFAULT_THRESHOLDS.include} and ${DEFAULT_THRESHOLDS.reject}), not ${cells.length} cells`,
    );
  }
  const include = readThreshold(cells[0], `${arg}: the first cell (include)`, DEFAULT_THRESHOLDS.include);
  if (isSheetError(include)) return include;
  const reject = readThreshold(cells[1], `${arg}: the second cell (reject)`, DEFAULT_THRESHOLDS.reject);
  if (isSheetError(reject)) return reject;
  if (include < reject) return sheetError('#VALUE!', `${arg}: include (${include}) is below reject (${reject}); the first number must be the higher one`);
  return { include, reject };
}

export interface ProposalArgs {
  readonly scores: Range;
  readonly checks: Range;
  readonly thresholds: Range;
  readonly running: Range;
}

/** The proposal for every initiative, as a column (a row's own error in its cell). */
export function proposals({ scores, checks, thresholds, running }: ProposalArgs, names = { scores: 'scores', checks: 'check_results', thresholds: 'thresholds', running: 'running' }): Result<CellValue[][]> {
  const s = lineOf(scores, names.scores);
  if (isSheetError(s)) return s;
  if (s.length === 0) return sheetError('#VALUE!', `${names.scores} is empty; give one score per initiative`);
  const c = lineOf(checks, names.checks);
  if (isSheetError(c)) return c;
  if (c.length !== s.length) {
    return sheetError('#VALUE!', `${names.scores} has ${s.length} cell${s.length === 1 ? '' : 's'} but ${names.checks} has ${c.length}; give one of each per initiative`);
  }
  const rAll = lineOf(running, names.running);
  if (isSheetError(rAll)) return rAll;
  const r = rAll.every(isBlank) ? undefined : rAll;
  if (r && r.length !== s.length) {
    return sheetError('#VALUE!', `${names.scores} has ${s.length} cell${s.length === 1 ? '' : 's'} but ${names.running} has ${r.length}; give one per initiative, or leave it out`);
  }
  const t = readThresholds(thresholds, names.thresholds);
  if (isSheetError(t)) return t;

  const out: CellValue[][] = new Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const score = readScore(s[i], `${names.scores}: ${linePosition(scores, i)}`);
    if (isSheetError(score)) {
      out[i] = [score];
      continue;
    }
    const check = readCheck(c[i], `${names.checks}: ${linePosition(checks, i)}`);
    if (isSheetError(check)) {
      out[i] = [check];
      continue;
    }
    const isRunning = r ? readRunning(r[i], `${names.running}: ${linePosition(running, i)}`) : false;
    out[i] = [isSheetError(isRunning) ? isRunning : decide(score, check, isRunning, t)];
  }
  return out;
}
