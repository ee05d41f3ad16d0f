// Weighted scoring of initiatives against criteria: plain numbers in, one score per initiative
// out. No cell values here; core/catalogue/scoring-functions.ts reads the cells.
//
// The whole table is scored criterion by criterion over typed arrays (column-major), so
// 100,000 initiatives x 8 criteria is a few passes over 800,000 doubles, with no allocation per
// cell; "rank" ranks each criterion by counting, or sorts it once (a bucket sort).
import { percentileRanks } from './index-sort';
import { float64Scratch, uint32Scratch, uint8Scratch } from './scratch';

export type ScoreMethod = 'minmax' | 'rank' | 'raw';

/** A method name as typed (case and surrounding spaces ignored), or undefined. */
export function scoreMethod(name: string): ScoreMethod | undefined {
  const t = name.trim().toLowerCase();
  if (t === 'minmax' || t === 'min-max') return 'minmax';
  if (t === 'rank' || t === 'raw') return t;
  return undefined;
}

export interface CriteriaTable {
  /** Initiatives. */
  readonly rows: number;
  /** Criteria. */
  readonly cols: number;
  /** rows x cols finite values, criterion by criterion: values[c * rows + r]; NaN marks a blank. */
  readonly values: Float64Array;
  /**
   * 1 for a row to score, 0 for a row left out entirely (its values do not shape the others'
   * rescaling or ranks). Omitted: every row is scored.
   */
  readonly include?: Uint8Array;
  /**
   * 1 for a row whose blanks count as the worst value of their criterion (0 before weighting)
   * instead of being left out: the demand-type rule, where a missing business case counts
   * against all but ideas & concepts. Applies to minmax and rank. Omitted: no such row.
   */
  readonly strict?: Uint8Array;
}

/**
 * Weights scaled to sum to 1. Scale-invariant: the weights are first divided by the largest, so
 * huge or tiny weights neither overflow nor underflow. Undefined unless every weight is finite
 * and >= 0 and at least one is positive.
 */
export function normaliseWeights(weights: ArrayLike<number>): Float64Array | undefined {
  const n = weights.length;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (!(w >= 0) || w === Infinity) return undefined;
    if (w > max) max = w;
  }
  if (max === 0) return undefined;
  const out = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += out[i] = weights[i] / max;
  for (let i = 0; i < n; i++) out[i] /= sum;
  return out;
}

/**
 * One score per row; NaN for a row that has no score (left out, no values, or values only for
 * criteria weighted 0).
 *
 * - minmax: each criterion rescaled over the scored rows, lowest 0 and highest 1 (reversed when
 *   lower is better); a criterion on which all values are equal gives 1 to every row.
 * - rank: each value replaced by its percentile rank (rank - 1) / (count - 1) among the rows with
 *   a value, ties sharing their average rank (reversed when lower is better); all equal: 1.
 * - raw: the values as given, lower-is-better criteria negated.
 *
 * Then, per row, the weighted average over the criteria the row has a value for (a blank is
 * left out and the remaining weights renormalised), times 100 for minmax and rank (clamped to
 * 0..100 against rounding). Raw scores stay within the largest finite number.
 *
 * @param weights one per criterion, >= 0, not all 0 (any scale); throws a RangeError otherwise.
 * @param directions one per criterion: a negative number for lower-is-better, else higher.
 */
export function scoreTable(table: CriteriaTable, weights: ArrayLike<number>, directions: ArrayLike<number>, method: ScoreMethod): Float64Array {
  const { rows, cols, values } = table;
  if (weights.length !== cols || directions.length !== cols || values.length !== rows * cols) {
    throw new RangeError(`scoreTable: ${rows}x${cols} values need ${cols} weights and directions`);
  }
  const w = normaliseWeights(weights);
  if (!w) throw new RangeError('scoreTable: weights must be finite, 0 or more, and not all 0');
  const include = table.include ?? uint8Scratch('score.include', rows).fill(1);
  const acc = float64Scratch('score.acc', rows).fill(0);
  const wsum = float64Scratch('score.wsum', rows).fill(0);
  // Scratch for rank, reused by every criterion.
  const rowsWithValue = method === 'rank' ? uint32Scratch('score.rows', rows) : undefined;
  const pct = method === 'rank' ? float64Scratch('score.percentiles', rows) : undefined;

  for (let c = 0; c < cols; c++) {
    const wc = w[c];
    if (wc === 0) continue;
    const col = values.subarray(c * rows, (c + 1) * rows);
    const lower = directions[c] < 0;
    if (method === 'minmax') minmaxColumn(col, include, lower, wc, acc, wsum);
    else if (method === 'rank') rankColumn(col, include, lower, wc, acc, wsum, rowsWithValue as Uint32Array, pct as Float64Array);
    else rawColumn(col, include, lower ? -1 : 1, wc, acc, wsum);
    if (table.strict && method !== 'raw') countBlanksAsWorst(col, include, table.strict, wc, wsum);
  }

  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const ws = wsum[r];
    if (include[r] === 0 || !(ws > 0)) {
      out[r] = NaN;
      continue;
    }
    if (method === 'raw') {
      const s = acc[r] / ws;
      out[r] = s - s === 0 ? s : rawScoreScaled(table, w, directions, r, ws);
    } else {
      const s = (acc[r] / ws) * 100;
      out[r] = s > 100 ? 100 : s > 0 ? s : 0;
    }
  }
  return out;
}

/** A strict row's blank takes the criterion's weight with nothing earned, when others have values. */
function countBlanksAsWorst(col: Float64Array, include: Uint8Array, strict: Uint8Array, wc: number, wsum: Float64Array): void {
  let anyValue = false;
  for (let r = 0; r < col.length && !anyValue; r++) anyValue = include[r] !== 0 && col[r] === col[r];
  if (!anyValue) return;
  for (let r = 0; r < col.length; r++) {
    if (include[r] !== 0 && strict[r] !== 0 && col[r] !== col[r]) wsum[r] += wc;
  }
}

function minmaxColumn(col: Float64Array, include: Uint8Array, lower: boolean, wc: number, acc: Float64Array, wsum: Float64Array): void {
  rangeOfColumn(col, include);
  let min = columnMin;
  let max = columnMax;
  if (min > max) return; // no values
  if (min === max) return addConstant(col, include, wc, acc, wsum);
  // The span of values near +-1.8e308 overflows: rescale halves then (exact but for subnormals).
  if (max - min === Infinity) {
    min *= 0.5;
    max *= 0.5;
    return addRescaled(col, include, lower, wc, acc, wsum, min, max, 0.5);
  }
  addRescaled(col, include, lower, wc, acc, wsum, min, max, 1);
}

let columnMin = 0;
let columnMax = 0;

/** Sets columnMin and columnMax over the included rows' values (min > max when there are none). */
function rangeOfColumn(col: Float64Array, include: Uint8Array): void {
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < col.length; r++) {
    const v = col[r];
    if (include[r] === 0 || v !== v) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  columnMin = min;
  columnMax = max;
}

/** Every value of a criterion is the same: full marks (1) for every row that has it. */
function addConstant(col: Float64Array, include: Uint8Array, wc: number, acc: Float64Array, wsum: Float64Array): void {
  for (let r = 0; r < col.length; r++) {
    const v = col[r];
    if (include[r] === 0 || v !== v) continue;
    acc[r] += wc;
    wsum[r] += wc;
  }
}

/** (v - min) / (max - min), or (max - v) / (max - min) when lower is better, on values x scale. */
function addRescaled(
  col: Float64Array,
  include: Uint8Array,
  lower: boolean,
  wc: number,
  acc: Float64Array,
  wsum: Float64Array,
  min: number,
  max: number,
  scale: number,
): void {
  const range = max - min;
  for (let r = 0; r < col.length; r++) {
    const v = col[r];
    if (include[r] === 0 || v !== v) continue;
    const x = v * scale;
    acc[r] += wc * ((lower ? max - x : x - min) / range);
    wsum[r] += wc;
  }
}

function rankColumn(
  col: Float64Array,
  include: Uint8Array,
  lower: boolean,
  wc: number,
  acc: Float64Array,
  wsum: Float64Array,
  rowsWithValue: Uint32Array,
  pct: Float64Array,
): void {
  const rows = col.length;
  let m = 0;
  for (let r = 0; r < rows; r++) {
    const v = col[r];
    if (include[r] !== 0 && v === v) rowsWithValue[m++] = r;
  }
  if (m === 0) return;
  percentileRanks(col, rowsWithValue, m, pct);
  let allEqual = true;
  for (let k = 0; k < m; k++) {
    if (pct[rowsWithValue[k]] !== 1) {
      allEqual = false;
      break;
    }
  }
  for (let k = 0; k < m; k++) {
    const r = rowsWithValue[k];
    // All equal gives 1 whatever the direction; otherwise lower-is-better reverses.
    const p = lower && !allEqual ? 1 - pct[r] : pct[r];
    acc[r] += wc * p;
    wsum[r] += wc;
  }
}

function rawColumn(col: Float64Array, include: Uint8Array, sign: number, wc: number, acc: Float64Array, wsum: Float64Array): void {
  const rows = col.length;
  const f = sign * wc;
  for (let r = 0; r < rows; r++) {
    const v = col[r];
    if (include[r] === 0 || v !== v) continue;
    acc[r] += f * v;
    wsum[r] += wc;
  }
}

const MAX = Number.MAX_VALUE;

/** A raw score whose plain sum overflowed (values near +-1.8e308): summed at 1/16 scale. */
function rawScoreScaled(table: CriteriaTable, w: Float64Array, directions: ArrayLike<number>, r: number, ws: number): number {
  const { rows, cols, values } = table;
  let a = 0;
  for (let c = 0; c < cols; c++) {
    const v = values[c * rows + r];
    if (w[c] === 0 || v !== v) continue;
    a += (directions[c] < 0 ? -w[c] : w[c]) * (v * 0.0625);
  }
  const s = (a / ws) * 16;
  return s > MAX ? MAX : s < -MAX ? -MAX : s;
}
