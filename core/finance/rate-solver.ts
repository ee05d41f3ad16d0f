// The rate solver behind IRR and XIRR: the rates r > -100% at which a series of cash flows is
// worth nothing today,  sum_i c_i (1+r)^(-t_i) = 0,  with t_i the time of flow i in periods
// (whole periods for IRR, years of 365 days for XIRR).
//
// In u = ln(1+r) the present value is an exponential sum  F(u) = sum_i c_i e^(-t_i u).  An
// exponential sum has no more real roots than its coefficients have sign changes, and
// multiplying by e^(m u) then differentiating removes one sign change (Rolle). Hence:
// - One sign change (an investment, then returns): exactly one root, and e^(m u) F(u), with m
//   between the times of the sign change, is strictly monotone. A safeguarded Newton iteration
//   in u inside a shrinking bracket finds it from any guess: no 20-step give-up, no rate at or
//   below -100%, no trouble with IRRs near -100% or above 1000%.
// - Several sign changes: there may be several rates. Newton's method on r from the guess, as
//   Excel runs it, picks the one Excel returns; when it fails, a root isolation that cannot
//   miss a sign change finds every root (the critical points are found recursively, the sum is
//   monotone between them), and the root nearest the guess is returned. No root: #NUM!.
//
// Amounts are first scaled by a power of two so the largest is about 1: exact, and flows of
// 1e-300 or 1e+300 neither underflow nor overflow.

import { unitScale } from './magnitude';

export interface CashFlows {
  /** Amounts, scaled by a power of two; zeros removed. */
  readonly amounts: number[];
  /** Times in periods, ascending, distinct, the first at 0. */
  readonly times: number[];
  /** True when every time is a whole number of periods (IRR): enables Horner's scheme. */
  readonly wholePeriods: boolean;
}

export type RateOutcome =
  | { readonly kind: 'root'; readonly rate: number; readonly several: boolean }
  | { readonly kind: 'no-sign-change' }
  | { readonly kind: 'no-root' };

/** Ln of the smallest and largest 1+r we report (beyond, the rate is not a usable number). */
const U_MIN = Math.log(1e-300);
const U_MAX = Math.log(1e300);

/**
 * Builds the normalised series. Flows at the same time are added; times are sorted and shifted
 * so the first non-zero flow is at 0 (the roots do not change). `times` default to 0, 1, 2, ...
 */
export function cashFlows(values: readonly number[], times?: readonly number[]): CashFlows {
  return times ? datedCashFlows(values, times) : periodCashFlows(values);
}

/** Flows one period apart: the common case, built in two passes without intermediate arrays. */
function periodCashFlows(values: readonly number[]): CashFlows {
  const scale = unitScale(values);
  const amounts: number[] = [];
  const times: number[] = [];
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === 0) continue;
    if (first < 0) first = i;
    amounts.push(values[i] / scale);
    times.push(i - first);
  }
  return { amounts, times, wholePeriods: true };
}

function datedCashFlows(values: readonly number[], times: readonly number[]): CashFlows {
  const order = values.map((_, i) => i).sort((a, b) => times[a] - times[b]);
  const merged: Array<[number, number]> = [];
  for (const i of order) {
    const last = merged[merged.length - 1];
    if (last && last[0] === times[i]) last[1] += values[i];
    else merged.push([times[i], values[i]]);
  }
  const scale = unitScale(merged.map((p) => p[1]));
  const amounts: number[] = [];
  const ts: number[] = [];
  let whole = true;
  let t0 = 0;
  for (const [t, v] of merged) {
    if (v === 0) continue;
    if (ts.length === 0) t0 = t;
    const shifted = t - t0;
    amounts.push(v / scale);
    ts.push(shifted);
    if (!Number.isInteger(shifted)) whole = false;
  }
  return { amounts, times: ts, wholePeriods: whole };
}

export function signChanges(a: ArrayLike<number>): number {
  let changes = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > 0 !== a[i - 1] > 0) changes++;
  return changes;
}

interface PresentValue {
  /** sum c_i y^(-t_i), times a positive factor. */
  f: number;
  /** sum t_i c_i y^(-t_i), times the same factor: dF/du = -g. */
  g: number;
  /** sum |c_i| y^(-t_i), times the same factor: the scale against which f counts as zero. */
  size: number;
}

/**
 * The present value at growth y = 1+r and its companions, all multiplied by the same positive
 * factor so that no term overflows or underflows to nothing.
 */
function presentValue(cf: CashFlows, y: number, out: PresentValue): void {
  const { amounts, times } = cf;
  const n = amounts.length;
  let f = 0;
  let g = 0;
  let size = 0;
  if (cf.wholePeriods && y >= 1) {
    // Horner in x = 1/y <= 1, from the last flow back: terms shrink, nothing overflows.
    const x = 1 / y;
    let prev = times[n - 1];
    for (let i = n - 1; i >= 0; i--) {
      const gap = prev - times[i];
      if (gap !== 0) {
        const p = gap === 1 ? x : Math.pow(x, gap);
        f *= p;
        g *= p;
        size *= p;
      }
      const c = amounts[i];
      f += c;
      g += times[i] * c;
      size += c < 0 ? -c : c;
      prev = times[i];
    }
  } else if (cf.wholePeriods) {
    // Horner in y < 1, from the first flow on: the same sums times y^t_last.
    let prev = 0;
    for (let i = 0; i < n; i++) {
      const gap = times[i] - prev;
      if (gap !== 0) {
        const p = gap === 1 ? y : Math.pow(y, gap);
        f *= p;
        g *= p;
        size *= p;
      }
      const c = amounts[i];
      f += c;
      g += times[i] * c;
      size += c < 0 ? -c : c;
      prev = times[i];
    }
  } else {
    const u = Math.log(y);
    const ref = u < 0 ? times[n - 1] : 0;
    for (let i = 0; i < n; i++) {
      const c = amounts[i] * Math.exp(-(times[i] - ref) * u);
      f += c;
      g += times[i] * c;
      size += c < 0 ? -c : c;
    }
  }
  out.f = f;
  out.g = g;
  out.size = size;
}

const isRoot = (pv: PresentValue) => Math.abs(pv.f) <= 1e-9 * pv.size;

/**
 * The one root of a series with one sign change: safeguarded Newton in u = ln(1+r) on the
 * monotone h(u) = e^(m u) F(u), keeping a bracket [lo, hi] around the root and bisecting
 * whenever a Newton step would leave it.
 */
function monotoneRoot(cf: CashFlows, guess: number): number | undefined {
  const { amounts, times } = cf;
  let j = 0;
  while (amounts[j] > 0 === amounts[j + 1] > 0) j++;
  const m = 0.5 * (times[j] + times[j + 1]);
  // h'(u) has the sign of the first amount: h(u) has that sign exactly when u is above the root.
  const rising = amounts[0] > 0;
  let lo = U_MIN;
  let hi = U_MAX;
  let u = Math.min(Math.max(Math.log1p(guess), lo), hi);
  const pv: PresentValue = { f: 0, g: 0, size: 0 };
  let lastStep = Infinity;
  for (let k = 0; k < 200; k++) {
    presentValue(cf, Math.exp(u), pv);
    if (pv.f === 0) return u;
    if (pv.f > 0 === rising) hi = u;
    else lo = u;
    const newtonNext = u + pv.f / (pv.g - m * pv.f);
    const inside = newtonNext >= lo && newtonNext <= hi;
    const step = Math.abs(newtonNext - u);
    const atNoiseFloor = step >= lastStep && step <= 1e-12 * Math.max(1, Math.abs(u));
    if (inside && (step <= 1e-15 * Math.abs(u) || step < 1e-300 || atNoiseFloor)) {
      u = newtonNext;
      break;
    }
    lastStep = inside ? step : Infinity;
    u = inside ? newtonNext : 0.5 * (lo + hi);
    if (hi - lo <= 1e-15 * Math.max(Math.abs(lo), Math.abs(hi))) break;
  }
  presentValue(cf, Math.exp(u), pv);
  return isRoot(pv) ? u : undefined;
}

/** Newton's method on r from the guess, as a spreadsheet runs it; undefined when it does not converge. */
function newton(cf: CashFlows, guess: number, maxSteps: number): number | undefined {
  const pv: PresentValue = { f: 0, g: 0, size: 0 };
  let r = guess;
  for (let k = 0; k < maxSteps; k++) {
    presentValue(cf, 1 + r, pv);
    if (pv.f === 0) return r;
    if (pv.g === 0 || !Number.isFinite(pv.f) || !Number.isFinite(pv.g)) return undefined;
    const next = r + (pv.f * (1 + r)) / pv.g;
    if (!(next > -1) || !Number.isFinite(next)) return undefined;
    const step = Math.abs(next - r);
    r = next;
    if (step <= 1e-7 * Math.max(1, Math.abs(r))) return r;
  }
  return undefined;
}

/**
 * Polishes a rate near a root to full precision: Newton in r until the step is at rounding
 * noise relative to both |r| and 1+r (scale-invariant, so tiny rates and rates near -100% are
 * as exact as ordinary ones). Undefined if the result is not a root.
 */
function polish(cf: CashFlows, start: number): number | undefined {
  const pv: PresentValue = { f: 0, g: 0, size: 0 };
  let r = start;
  let lastStep = Infinity;
  for (let k = 0; k < 100; k++) {
    presentValue(cf, 1 + r, pv);
    if (pv.f === 0 || pv.g === 0) break;
    const next = r + (pv.f * (1 + r)) / pv.g;
    if (!(next > -1) || !Number.isFinite(next)) return undefined;
    const step = Math.abs(next - r);
    r = next;
    if (step <= 1e-15 * Math.min(1 + r, Math.abs(r))) break;
    if (step >= lastStep && step <= 1e-9 * (1 + Math.abs(r))) break; // at the rounding floor
    lastStep = step;
  }
  presentValue(cf, 1 + r, pv);
  return isRoot(pv) ? r : undefined;
}

/** A root in u as a rate; undefined when 1+r is too small to tell r from -100%. */
function asRate(u: number): number | undefined {
  const r = Math.expm1(u);
  return r > -1 ? r : undefined;
}

/**
 * The rate of return of the series, as IRR and XIRR define it.
 * `newtonSteps` is the host's iteration budget (20 for IRR, 100 for XIRR): within it, a series
 * with several rates gives the one the host's Newton iteration reaches.
 */
export function solveRate(cf: CashFlows, guess: number, newtonSteps: number): RateOutcome {
  const changes = signChanges(cf.amounts);
  if (changes === 0) return { kind: 'no-sign-change' };
  const start = guess > -1 && Number.isFinite(guess) ? guess : 0.1;
  if (changes === 1) {
    const u = monotoneRoot(cf, start);
    const rate = u === undefined ? undefined : asRate(u);
    return rate === undefined ? { kind: 'no-root' } : { kind: 'root', rate, several: false };
  }
  const r = newton(cf, start, newtonSteps);
  const exact = r === undefined ? undefined : polish(cf, r);
  if (exact !== undefined) return { kind: 'root', rate: exact, several: true };
  const roots = isolateRoots(cf);
  // Without Newton's answer to match, take the root nearest the guess (in ln(1+r)).
  const target = Math.log1p(start);
  let best: number | undefined;
  for (const u of roots) if (best === undefined || Math.abs(u - target) < Math.abs(best - target)) best = u;
  const rate = best === undefined ? undefined : asRate(best);
  if (rate === undefined) return { kind: 'no-root' };
  return { kind: 'root', rate: polish(cf, rate) ?? rate, several: true };
}

// ---------------------------------------------------------------------------------------------
// Root isolation on an exponential sum  H(u) = sum_i d_i e^(b_i u),  b ascending.

interface ExpSum {
  readonly coef: Float64Array; // d_i, non-zero
  readonly logAbs: Float64Array; // ln |d_i|
  readonly expo: Float64Array; // b_i, ascending
}

function expSum(coef: ArrayLike<number>, expo: ArrayLike<number>): ExpSum {
  const c: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < coef.length; i++) {
    if (coef[i] !== 0) {
      c.push(coef[i]);
      b.push(expo[i]);
    }
  }
  return { coef: Float64Array.from(c), logAbs: Float64Array.from(c, (x) => Math.log(Math.abs(x))), expo: Float64Array.from(b) };
}

/** Sign of H(u) (-1, 0, 1), computed with the largest term factored out so nothing overflows. */
function signAt(h: ExpSum, u: number): number {
  let m = -Infinity;
  for (let i = 0; i < h.coef.length; i++) m = Math.max(m, h.logAbs[i] + h.expo[i] * u);
  let s = 0;
  for (let i = 0; i < h.coef.length; i++) {
    const w = Math.exp(h.logAbs[i] + h.expo[i] * u - m);
    s += h.coef[i] > 0 ? w : -w;
  }
  return s > 0 ? 1 : s < 0 ? -1 : 0;
}

/** Bisection on a piece where H is monotone and changes sign; Newton polishes the result later. */
function bisect(h: ExpSum, lo: number, hi: number, signLo: number): number {
  for (let k = 0; k < 200; k++) {
    const mid = 0.5 * (lo + hi);
    if (hi - lo <= 1e-14 * Math.max(1, Math.abs(mid))) break;
    const s = signAt(h, mid);
    if (s === 0) return mid;
    if (s === signLo) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Above this many sign changes the exact recursion costs too much; a dense scan is used instead. */
const MAX_EXACT_SIGN_CHANGES = 12;
const SCAN_POINTS = 2000;

/** Every root u of H in (lo, hi), ascending. */
function rootsIn(h: ExpSum, lo: number, hi: number): number[] {
  const n = h.coef.length;
  if (n < 2) return [];
  const changes = signChanges(h.coef);
  if (changes === 0) return [];
  let points: number[];
  if (changes === 1) {
    points = [lo, hi];
  } else if (changes > MAX_EXACT_SIGN_CHANGES) {
    points = [];
    for (let k = 0; k <= SCAN_POINTS; k++) points.push(lo + ((hi - lo) * k) / SCAN_POINTS);
  } else {
    // Multiply by e^(-k u) with k between the exponents of the first sign change, differentiate:
    // the derivative has one sign change fewer, its roots split (lo, hi) into monotone pieces.
    let j = 0;
    while (h.coef[j] > 0 === h.coef[j + 1] > 0) j++;
    const k = 0.5 * (h.expo[j] + h.expo[j + 1]);
    const dc = new Float64Array(n);
    const de = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      dc[i] = (h.expo[i] - k) * h.coef[i];
      de[i] = h.expo[i] - k;
    }
    points = [lo, ...rootsIn(expSum(dc, de), lo, hi), hi];
  }
  const roots: number[] = [];
  let prevSign = signAt(h, points[0]);
  for (let k = 1; k < points.length; k++) {
    const s = signAt(h, points[k]);
    if (s === 0) {
      if (k < points.length - 1) roots.push(points[k]); // touches zero at a critical point
    } else if (prevSign !== 0 && s !== prevSign) {
      roots.push(bisect(h, points[k - 1], points[k], prevSign));
    }
    if (s !== 0) prevSign = s;
  }
  return roots;
}

/** Every u = ln(1+r) at which the series is worth nothing, within the representable range. */
export function isolateRoots(cf: CashFlows): number[] {
  // sum c_i (1+r)^(-t_i) = sum c_i e^(-t_i u): exponents -t_i, ascending once reversed.
  const n = cf.amounts.length;
  const coef = new Float64Array(n);
  const expo = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    coef[i] = cf.amounts[n - 1 - i];
    expo[i] = -cf.times[n - 1 - i];
  }
  return rootsIn(expSum(coef, expo), U_MIN, U_MAX);
}
