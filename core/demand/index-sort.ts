// Sorting a criterion's rows by value, fast. A bucket sort spreads the values linearly between
// the smallest and the largest over as many buckets as there are values, so typical criteria
// (ratings, amounts, percentages) sort in two or three linear passes; small buckets are sorted
// by insertion, crowded ones bucketed again once, and what is still crowded after that
// (heavily skewed data, such as values spread over many orders of magnitude) is finished with
// a least-significant-digit radix sort on the doubles' bits, linear whatever the data. No
// comparison sort of the whole: 100,000 values take a few milliseconds.

import { float64Scratch, uint32Scratch } from './scratch';

const SMALL = 32;
const MAX_DEPTH = 2;
const LITTLE_ENDIAN = new Uint32Array(new Float64Array([1]).buffer)[1] === 0x3ff00000;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

export interface SortedRows {
  /** The rows, by ascending value (-0 equal to 0). */
  readonly order: Uint32Array;
  /** The value of each sorted row: values[order[k]]. */
  readonly sorted: Float64Array;
}

export class IndexSorter {
  private readonly v: Float64Array;
  private readonly ix: Uint32Array;
  private readonly v2: Float64Array;
  private readonly ix2: Uint32Array;
  private readonly bucket: Uint32Array;
  /** Bucket offsets, one array per bucketing depth. */
  private readonly counts: Uint32Array[] = [];
  private radix?: Radix;

  /**
   * Working memory for up to `capacity` values, taken from the shared scratch (see scratch.ts):
   * one sorter at a time.
   */
  constructor(readonly capacity: number) {
    this.v = float64Scratch('sort.v', capacity);
    this.ix = uint32Scratch('sort.ix', capacity);
    this.v2 = float64Scratch('sort.v2', capacity);
    this.ix2 = uint32Scratch('sort.ix2', capacity);
    this.bucket = uint32Scratch('sort.bucket', capacity);
  }

  /**
   * Sorts rows[0..n) by values[row]; the values there must be finite. The result is a view of
   * scratch, valid until the next sort.
   */
  sort(values: Float64Array, rows: Uint32Array, n: number): SortedRows {
    if (n > this.capacity) throw new RangeError(`IndexSorter: ${n} values, capacity ${this.capacity}`);
    const { v, ix } = this;
    gather(values, rows, n, v, ix);
    this.sortRange(0, n, 0);
    return { order: ix.subarray(0, n), sorted: v.subarray(0, n) };
  }

  /**
   * Sorts v and ix over [lo, hi) in place. The passes are small functions of their own: one
   * recursive function holding all the loops is deoptimised again and again by V8.
   */
  private sortRange(lo: number, hi: number, depth: number): void {
    const { v, ix, v2, ix2, bucket } = this;
    const n = hi - lo;
    if (n <= SMALL) return insertionSort(v, ix, lo, hi);
    rangeOf(v, lo, hi);
    const min = rangeMin;
    const max = rangeMax;
    if (min === max) return; // all equal
    // Bucket of x: floor((x - min) / (max - min) * n), from halves so that the span of values
    // near +-1.8e308 does not overflow; monotone in x, which is all the order needs.
    const low = min * 0.5;
    const scale = n / (max * 0.5 - low);
    if (depth >= MAX_DEPTH || !(scale < Infinity)) return (this.radix ??= new Radix(this.capacity)).sort(v, ix, lo, hi);
    const counts = (this.counts[depth] ??= uint32Scratch(`sort.counts${depth}`, this.capacity + 1));
    assignBuckets(v, bucket, counts, lo, hi, low, scale);
    toOffsets(counts, n);
    scatter(v, ix, v2, ix2, bucket, counts, lo, hi);
    copyBack(v, ix, v2, ix2, lo, hi);
    // counts[b] is now where bucket b + 1 starts.
    let start = lo;
    for (let b = 0; b < n; b++) {
      const end = lo + counts[b];
      if (end - start > SMALL) this.sortRange(start, end, depth + 1);
      start = end;
    }
    sortSmallBuckets(v, ix, counts, lo, n);
  }
}

function gather(values: Float64Array, rows: Uint32Array, n: number, v: Float64Array, ix: Uint32Array): void {
  for (let k = 0; k < n; k++) {
    const r = rows[k];
    v[k] = values[r];
    ix[k] = r;
  }
}

let rangeMin = 0;
let rangeMax = 0;

/** Sets rangeMin and rangeMax to the smallest and largest of v[lo..hi). */
function rangeOf(v: Float64Array, lo: number, hi: number): void {
  let min = v[lo];
  let max = min;
  for (let k = lo + 1; k < hi; k++) {
    const x = v[k];
    if (x < min) min = x;
    else if (x > max) max = x;
  }
  rangeMin = min;
  rangeMax = max;
}

function assignBuckets(v: Float64Array, bucket: Uint32Array, counts: Uint32Array, lo: number, hi: number, low: number, scale: number): void {
  const n = hi - lo;
  const last = n - 1;
  counts.fill(0, 0, n);
  for (let k = lo; k < hi; k++) {
    let b = Math.floor((v[k] * 0.5 - low) * scale);
    if (b > last) b = last;
    bucket[k] = b;
    counts[b]++;
  }
}

/** Counts to starting offsets, in place. */
function toOffsets(counts: Uint32Array, n: number): void {
  let sum = 0;
  for (let b = 0; b < n; b++) {
    const c = counts[b];
    counts[b] = sum;
    sum += c;
  }
}

/** Moves each value to its bucket's next place in v2/ix2, leaving counts[b] at bucket b's end. */
function scatter(v: Float64Array, ix: Uint32Array, v2: Float64Array, ix2: Uint32Array, bucket: Uint32Array, counts: Uint32Array, lo: number, hi: number): void {
  for (let k = lo; k < hi; k++) {
    const to = lo + counts[bucket[k]]++;
    v2[to] = v[k];
    ix2[to] = ix[k];
  }
}

function copyBack(v: Float64Array, ix: Uint32Array, v2: Float64Array, ix2: Uint32Array, lo: number, hi: number): void {
  for (let k = lo; k < hi; k++) {
    v[k] = v2[k];
    ix[k] = ix2[k];
  }
}

/** Sorts the buckets of 2..SMALL values (the larger ones were bucketed again). */
function sortSmallBuckets(v: Float64Array, ix: Uint32Array, ends: Uint32Array, lo: number, n: number): void {
  let start = lo;
  for (let b = 0; b < n; b++) {
    const end = lo + ends[b];
    const size = end - start;
    if (size === 2) {
      if (v[start] > v[start + 1]) swap(v, ix, start, start + 1);
    } else if (size > 2 && size <= SMALL) insertionSort(v, ix, start, end);
    start = end;
  }
}

function swap(v: Float64Array, ix: Uint32Array, a: number, b: number): void {
  const x = v[a];
  v[a] = v[b];
  v[b] = x;
  const i = ix[a];
  ix[a] = ix[b];
  ix[b] = i;
}

function insertionSort(v: Float64Array, ix: Uint32Array, lo: number, hi: number): void {
  for (let k = lo + 1; k < hi; k++) {
    const x = v[k];
    if (!(v[k - 1] > x)) continue;
    const i = ix[k];
    let j = k - 1;
    while (j >= lo && v[j] > x) {
      v[j + 1] = v[j];
      ix[j + 1] = ix[j];
      j--;
    }
    v[j + 1] = x;
    ix[j + 1] = i;
  }
}

/** LSD radix sort of (value, index) pairs on the values' order-preserving bits, 8 bits a pass. */
class Radix {
  private readonly f64 = new Float64Array(1);
  private readonly bits = new Uint32Array(this.f64.buffer);
  private readonly hi: Uint32Array;
  private readonly lo: Uint32Array;
  private readonly ix: Uint32Array;
  private readonly hi2: Uint32Array;
  private readonly lo2: Uint32Array;
  private readonly ix2: Uint32Array;
  private readonly vs: Float64Array;
  private readonly counts = new Uint32Array(8 * 256);

  constructor(capacity: number) {
    this.hi = uint32Scratch('radix.hi', capacity);
    this.lo = uint32Scratch('radix.lo', capacity);
    this.ix = uint32Scratch('radix.ix', capacity);
    this.hi2 = uint32Scratch('radix.hi2', capacity);
    this.lo2 = uint32Scratch('radix.lo2', capacity);
    this.ix2 = uint32Scratch('radix.ix2', capacity);
    this.vs = float64Scratch('radix.vs', capacity);
  }

  /** Sorts v and ix over [from, to) in place. */
  sort(v: Float64Array, ix: Uint32Array, from: number, to: number): void {
    const n = to - from;
    const { f64, bits, counts } = this;
    let hi = this.hi;
    let lo = this.lo;
    let at = this.ix; // positions in [from, to)
    let hi2 = this.hi2;
    let lo2 = this.lo2;
    let at2 = this.ix2;
    counts.fill(0);
    for (let k = 0; k < n; k++) {
      f64[0] = v[from + k] + 0; // -0 becomes 0
      let h = bits[HI];
      let l = bits[LO];
      // Order-preserving bits: flip every bit of a negative, only the sign bit of a positive.
      if (h & 0x80000000) {
        h = ~h >>> 0;
        l = ~l >>> 0;
      } else h = (h | 0x80000000) >>> 0;
      hi[k] = h;
      lo[k] = l;
      at[k] = from + k;
      counts[l & 0xff]++;
      counts[256 + ((l >>> 8) & 0xff)]++;
      counts[512 + ((l >>> 16) & 0xff)]++;
      counts[768 + (l >>> 24)]++;
      counts[1024 + (h & 0xff)]++;
      counts[1280 + ((h >>> 8) & 0xff)]++;
      counts[1536 + ((h >>> 16) & 0xff)]++;
      counts[1792 + (h >>> 24)]++;
    }
    for (let pass = 0; pass < 8; pass++) {
      const base = pass * 256;
      const shift = (pass & 3) * 8;
      const word = pass < 4 ? lo : hi;
      if (counts[base + ((word[0] >>> shift) & 0xff)] === n) continue; // one digit for all
      let sum = 0;
      for (let d = base; d < base + 256; d++) {
        const c = counts[d];
        counts[d] = sum;
        sum += c;
      }
      for (let k = 0; k < n; k++) {
        const t = counts[base + ((word[k] >>> shift) & 0xff)]++;
        hi2[t] = hi[k];
        lo2[t] = lo[k];
        at2[t] = at[k];
      }
      let x = hi;
      hi = hi2;
      hi2 = x;
      x = lo;
      lo = lo2;
      lo2 = x;
      x = at;
      at = at2;
      at2 = x;
    }
    // Apply the order: at[k] is where the k-th smallest was.
    const vs = this.vs;
    const is = this.ix2 === at ? this.ix : this.ix2; // the buffer not holding the order
    for (let k = 0; k < n; k++) {
      vs[k] = v[at[k]];
      is[k] = ix[at[k]];
    }
    v.set(vs.subarray(0, n), from);
    ix.set(is.subarray(0, n), from);
  }
}

/**
 * The percentile rank of each row's value among rows[0..m): (rank - 1) / (m - 1) with tied
 * values sharing their average rank, 0 for the lowest and 1 for the highest; 1 for every row
 * when all values are equal (or m is 1). Written to pct[row]; the values must be finite.
 *
 * Criteria on a small scale (ratings, Fibonacci estimates, TRUE/FALSE: any data where the linear
 * buckets never mix two different values) are ranked by counting alone, with no sort; other data
 * are sorted once with IndexSorter.
 */
export function percentileRanks(values: Float64Array, rows: Uint32Array, m: number, pct: Float64Array): void {
  rangeOfRows(values, rows, m);
  const min = rangeMin;
  const max = rangeMax;
  if (!(min < max)) return fillRows(pct, rows, m, 1);
  const low = min * 0.5;
  const scale = m / (max * 0.5 - low);
  if (scale < Infinity && countingRanks(values, rows, m, pct, low, scale)) return;
  const { order, sorted } = new IndexSorter(m).sort(values, rows, m);
  ranksOfSorted(order, sorted, m, pct);
}

/** Sets rangeMin and rangeMax to the smallest and largest of values[rows[0..m)]. */
function rangeOfRows(values: Float64Array, rows: Uint32Array, m: number): void {
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < m; k++) {
    const x = values[rows[k]];
    if (x < min) min = x;
    if (x > max) max = x;
  }
  rangeMin = min;
  rangeMax = max;
}

function fillRows(pct: Float64Array, rows: Uint32Array, m: number, p: number): void {
  for (let k = 0; k < m; k++) pct[rows[k]] = p;
}

/** Percentiles from sorted values: runs of equal values share their average rank. */
function ranksOfSorted(order: Uint32Array, sorted: Float64Array, m: number, pct: Float64Array): void {
  for (let i = 0; i < m; ) {
    const v = sorted[i];
    let j = i;
    while (j + 1 < m && sorted[j + 1] === v) j++; // -0 and 0 are one value
    const p = (i + j) / 2 / (m - 1);
    for (let k = i; k <= j; k++) pct[order[k]] = p;
    i = j + 1;
  }
}

/** Ranks by bucket counts when no bucket holds two different values; false (nothing written) otherwise. */
function countingRanks(values: Float64Array, rows: Uint32Array, m: number, pct: Float64Array, low: number, scale: number): boolean {
  const counts = uint32Scratch('rank.counts', m).fill(0);
  const first = float64Scratch('rank.first', m);
  const bucket = uint32Scratch('rank.bucket', m);
  if (!countBuckets(values, rows, m, low, scale, counts, first, bucket)) return false;
  // Each bucket is one value: its rows share the average rank of the bucket's span.
  const rankOf = first; // reused: the values are no longer needed
  bucketRanks(counts, rankOf, m);
  rowsFromBuckets(pct, rows, m, rankOf, bucket);
  return true;
}

/** Counts rows per bucket; false as soon as a bucket would hold two different values. */
function countBuckets(values: Float64Array, rows: Uint32Array, m: number, low: number, scale: number, counts: Uint32Array, first: Float64Array, bucket: Uint32Array): boolean {
  const last = m - 1;
  for (let k = 0; k < m; k++) {
    const x = values[rows[k]];
    let b = Math.floor((x * 0.5 - low) * scale);
    if (b > last) b = last;
    bucket[k] = b;
    if (counts[b]++ === 0) first[b] = x;
    else if (first[b] !== x) return false;
  }
  return true;
}

function bucketRanks(counts: Uint32Array, rankOf: Float64Array, m: number): void {
  const last = m - 1;
  let start = 0;
  for (let b = 0; b < m; b++) {
    const c = counts[b];
    if (c > 0) rankOf[b] = (start + (c - 1) / 2) / last;
    start += c;
  }
}

function rowsFromBuckets(pct: Float64Array, rows: Uint32Array, m: number, rankOf: Float64Array, bucket: Uint32Array): void {
  for (let k = 0; k < m; k++) pct[rows[k]] = rankOf[bucket[k]];
}
