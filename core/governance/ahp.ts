// Analytic Hierarchy Process (Saaty): criteria weights from a reciprocal pairwise comparison
// matrix, as its principal eigenvector, and the consistency ratio of the judgements.
import { CellValue, Range } from '../values/cells';
import { Result, isSheetError, sheetError } from '../values/errors';
import { clip, parseNumberText } from '../values/coerce';

/**
 * Saaty's random consistency index RI for n = 1..10 criteria: the mean consistency index of
 * randomly generated reciprocal matrices of that size. Source: T. L. Saaty, The Analytic
 * Hierarchy Process, McGraw-Hill, 1980; repeated in T. L. Saaty, "How to make a decision: The
 * Analytic Hierarchy Process", European Journal of Operational Research 48 (1990) 9-26, the
 * table of random indices. For n = 1 and 2 it is 0: such a matrix is always consistent.
 */
export const RANDOM_INDEX: readonly number[] = [0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49];

/** The largest matrix the published random index covers. */
export const MAX_CRITERIA = RANDOM_INDEX.length;

/** How far a_ij * a_ji (and a diagonal entry) may differ from 1: 1e-6, relative. */
export const RECIPROCAL_TOLERANCE = 1e-6;

/** The eigenvector is taken as found when no weight moves by more than this between steps. */
export const WEIGHT_TOLERANCE = 1e-15;
const MAX_SQUARINGS = 64;
const MAX_POWER_STEPS = 100;

export interface AhpResult {
  /** Positive weights, one per criterion, summing to 1. */
  readonly weights: number[];
  /** The principal eigenvalue (n for a consistent matrix, more otherwise); Infinity or NaN only for comparisons hundreds of orders of magnitude apart. */
  readonly lambdaMax: number;
  /** CI = (lambda_max - n) / (n - 1); 0 for n <= 2. */
  readonly consistencyIndex: number;
  /** CR = CI / RI; 0 for n <= 2 by definition. */
  readonly consistencyRatio: number;
}

function normalisedRowSums(p: number[][]): number[] {
  const sums = p.map((row) => row.reduce((s, x) => s + x, 0));
  const total = sums.reduce((s, x) => s + x, 0);
  return sums.map((x) => x / total);
}

function largestChange(a: readonly number[], b: readonly number[]): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

function square(p: number[][]): number[][] {
  const n = p.length;
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) {
      const pik = p[i][k];
      for (let j = 0; j < n; j++) row[j] += pik * p[k][j];
    }
    out.push(row);
  }
  return out;
}

function times(c: number[][], w: readonly number[]): number[] {
  return c.map((row) => row.reduce((s, x, j) => s + x * w[j], 0));
}

/**
 * The principal eigenvector of a positive matrix whose largest entry is 1, normalised to sum 1.
 *
 * The matrix is squared repeatedly, each power rescaled to a largest entry of 1, until the
 * normalised row sums of the power move by no more than WEIGHT_TOLERANCE (at most 64 squarings:
 * the 2^64-th power). This is Saaty's own "raise the matrix to large powers"; it converges for
 * every positive matrix (Perron-Frobenius), however close the second eigenvalue. Power-iteration
 * steps on the matrix itself then polish away rounding (at most 100, same tolerance).
 */
function perronVector(c: number[][]): number[] {
  let p = c;
  let w = normalisedRowSums(p);
  for (let k = 0; k < MAX_SQUARINGS; k++) {
    const q = square(p);
    let qTop = 0;
    for (const row of q) for (const x of row) qTop = Math.max(qTop, x);
    if (!(qTop > 0 && qTop < Infinity)) break; // a power lost to underflow: keep the last good one
    p = q.map((row) => row.map((x) => x / qTop));
    const next = normalisedRowSums(p);
    const change = largestChange(next, w);
    w = next;
    if (change <= WEIGHT_TOLERANCE) break;
  }
  for (let k = 0; k < MAX_POWER_STEPS; k++) {
    const v = times(c, w);
    const total = v.reduce((s, x) => s + x, 0);
    if (!(total > 0 && total < Infinity)) break; // only when c underflowed: comparisons hundreds of orders of magnitude apart
    const next = v.map((x) => x / total);
    const change = largestChange(next, w);
    w = next;
    if (change <= WEIGHT_TOLERANCE) break;
  }
  return w;
}

/**
 * Weights and consistency of a positive reciprocal matrix A (checked by the caller).
 *
 * A is first balanced, in logarithms: with g_i the geometric mean of row i, B = D^-1 A D for
 * D = diag(g) has entries a_ij g_j / g_i, near 1 for near-consistent judgements and exactly 1
 * for consistent ones, and the same eigenvalues as A; its eigenvector u gives A's as g_i u_i.
 * B is scaled to a largest entry of 1, so no power of it overflows whatever the entries. The
 * weights are then normalised to sum 1 (in logarithms, so none overflows); lambda_max is the
 * sum of B u for u summing to 1, times the scale.
 */
export function ahp(a: readonly (readonly number[])[]): AhpResult {
  const n = a.length;
  const logs = a.map((row) => row.map((x) => Math.log(x)));
  const rowMean = logs.map((row) => row.reduce((s, x) => s + x, 0) / n);
  let top = -Infinity;
  const balanced = logs.map((row, i) =>
    row.map((x, j) => {
      const y = x - rowMean[i] + rowMean[j];
      top = Math.max(top, y);
      return y;
    }),
  );
  const c = balanced.map((row) => row.map((y) => Math.exp(y - top)));
  const u = perronVector(c);

  const logW = u.map((ui, i) => rowMean[i] + Math.log(ui)); // -Infinity for a weight too small to hold
  const logTop = Math.max(...logW);
  const scaled = logW.map((x) => Math.exp(x - logTop));
  const total = scaled.reduce((s, x) => s + x, 0);
  const weights = scaled.map((x) => x / total);

  const cu = times(c, u).reduce((s, x) => s + x, 0);
  const lambdaMax = cu > 0 ? Math.exp(top + Math.log(cu)) : NaN; // NaN: lost to underflow
  if (n <= 2) return { weights, lambdaMax, consistencyIndex: 0, consistencyRatio: 0 };
  // lambda_max >= n for every positive reciprocal matrix; below n is rounding.
  const consistencyIndex = Math.max(0, (lambdaMax - n) / (n - 1));
  return { weights, lambdaMax, consistencyIndex, consistencyRatio: consistencyIndex / RANDOM_INDEX[n - 1] };
}

// ---------------------------------------------------------------------------------------------
// Reading the matrix from cells.

/** "3", "0.5", "1/3", " 2 / 7 ": a positive ratio typed as text. */
export function parseRatioText(text: string): number | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return parseNumberText(text);
  const num = parseNumberText(text.slice(0, slash));
  const den = parseNumberText(text.slice(slash + 1));
  if (num === undefined || den === undefined || den === 0) return undefined;
  const x = num / den;
  return Number.isFinite(x) ? x : undefined;
}

function nearWhole(x: number): number | undefined {
  if (!(x >= 1 && x < 1e15)) return undefined;
  const r = Math.round(x);
  return Math.abs(x - r) <= 1e-9 * x ? r : undefined;
}

/** A comparison as a person reads it: "3", "1/3", "0.45", "2.5e+300". */
export function formatComparison(x: number): string {
  const whole = nearWhole(x);
  if (whole !== undefined) return String(whole);
  const inverse = nearWhole(1 / x);
  if (inverse !== undefined) return `1/${inverse}`;
  return String(Number(x.toPrecision(6)));
}

/** What a_ij should be, given a_ji: its reciprocal, written as a person would type it. */
function reciprocalText(aji: number): string {
  const whole = nearWhole(aji);
  if (whole !== undefined) return `1/${whole}`;
  const inverse = 1 / aji;
  return Number.isFinite(inverse) ? formatComparison(inverse) : `1/${formatComparison(aji)}`;
}

function describe(cell: CellValue): string {
  if (cell === null) return 'is blank';
  if (typeof cell === 'boolean') return `holds ${cell ? 'TRUE' : 'FALSE'}`;
  if (typeof cell === 'string') return `holds the text "${clip(cell)}"`;
  return 'holds a value that is not a number';
}

/**
 * The matrix of a range: square, at most MAX_CRITERIA wide, every entry a positive number (or a
 * fraction typed as text, "1/3"), ones on the diagonal, a_ji = 1/a_ij within the tolerance. The
 * first cell that breaks a rule (row by row) is named in a #VALUE!; an error cell is passed on.
 */
export function readPairwiseMatrix(range: Range, arg: string): Result<number[][]> {
  const rows = range.length;
  const cols = rows ? range[0].length : 0;
  if (rows === 0 || range.every((row) => row.length === 0)) return sheetError('#VALUE!', `${arg} is empty; give a square table of pairwise comparisons`);
  if (range.some((row) => row.length !== cols)) return sheetError('#VALUE!', `${arg} must be square (n rows and n columns), but its rows have different lengths`);
  if (rows !== cols) return sheetError('#VALUE!', `${arg} must be square (n rows and n columns), not ${rows} rows × ${cols} columns`);
  const n = rows;
  if (n > MAX_CRITERIA) {
    return sheetError('#VALUE!', `${arg} compares ${n} criteria; AHP takes at most ${MAX_CRITERIA} (Saaty's random index is published for 1 to ${MAX_CRITERIA})`);
  }
  const a: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) {
      const cell = range[i][j];
      const where = `${arg}: row ${i + 1}, column ${j + 1}`;
      if (isSheetError(cell)) return sheetError(cell.code, `${where} holds ${cell.code}${cell.message ? ` (${cell.message})` : ''}`);
      const x = typeof cell === 'number' ? cell : typeof cell === 'string' ? parseRatioText(cell) : undefined;
      if (x === undefined) return sheetError('#VALUE!', `${where} ${describe(cell)}; a positive number (or a fraction such as 1/3) is needed`);
      if (!Number.isFinite(x)) return sheetError('#NUM!', `${where} is not a finite number`);
      if (x <= 0) return sheetError('#VALUE!', `${where} holds ${x === 0 ? '0' : String(Number(x.toPrecision(6)))}; comparisons must be positive`);
      if (i === j && Math.abs(x - 1) > RECIPROCAL_TOLERANCE) {
        return sheetError('#VALUE!', `${where} holds ${formatComparison(x)}; the diagonal compares a criterion with itself and must be 1`);
      }
      if (i > j) {
        const aji = a[j][i];
        if (!(Math.abs(x * aji - 1) <= RECIPROCAL_TOLERANCE)) {
          return sheetError(
            '#VALUE!',
            `${where} holds ${formatComparison(x)} but should be ${reciprocalText(aji)}, the reciprocal of row ${j + 1}, column ${i + 1} (${formatComparison(aji)})`,
          );
        }
      }
      row.push(x);
    }
    a.push(row);
  }
  return a;
}

/** AHP as a spilled column: the n weights, then the consistency ratio. */
export function ahpColumn(range: Range, arg: string): Result<CellValue[][]> {
  const a = readPairwiseMatrix(range, arg);
  if (isSheetError(a)) return a;
  const r = ahp(a);
  if (!r.weights.every((w) => Number.isFinite(w) && w >= 0)) return sheetError('#NUM!', `${arg}: the weights cannot be computed for comparisons this far apart`);
  const cr: CellValue = Number.isFinite(r.consistencyRatio)
    ? r.consistencyRatio
    : sheetError('#NUM!', 'the consistency ratio cannot be computed: the comparisons contradict each other by hundreds of orders of magnitude');
  return [...r.weights.map((w) => [w]), [cr]];
}
