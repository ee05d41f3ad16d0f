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
  const amounts: number[] = new Array(values.length);
  const times: number[] = new Array(values.length);
  let count = 0;
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    const a = values[i] / scale;
    if (a === 0) continue; // zero, or below the smallest double once in units of the largest flow
    if (first < 0) first = i;
    amounts[count] = a;
    times[count++] = i - first;
  }
  amounts.length = count;
  times.length = count;
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
    const a = v / scale;
    if (a === 0) continue;
    if (ts.length === 0) t0 = t;
    const shifted = t - t0;
    amounts.push(a);
    ts.push(shifted);
    if (!Number.isInteger(shifted)) whole = false;
  }
  return { amounts, times: ts, wholePeriods: whole };
}

/** Sign changes between consecutive non-zero amounts. */
export function signChanges(a: ArrayLike<number>): number {
  let changes = 0;
  let last = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === 0) continue;
    const sign = a[i] > 0 ? 1 : -1;
    if (last !== 0 && sign !== last) changes++;
    last = sign;
  }
  return changes;
}

/** The times on either side of the first sign change: [time before, time after]. */
function firstSignChange(cf: CashFlows): [number, number] {
  const { amounts, times } = cf;
  let before = -1;
  for (let i = 0; i < amounts.length; i++) {
    if (amounts[i] === 0) continue;
    if (before >= 0 && amounts[i] > 0 !== amounts[before] > 0) return [times[before], times[i]];
    before = i;
  }
  throw new Error('firstSignChange: the amounts never change sign');
}

interface PresentValue {
  /** sum c_i y^(-t_i), times a positive factor. */
  f: number;
  /** sum t_i c_i y^(-t_i), times the same factor: dF/du = -g. */
  g: number;
  /** sum t_i^2 c_i y^(-t_i), times the same factor: d2F/du2 = q. */
  q: number;
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
  let q = 0;
  let size = 0;
  if (cf.wholePeriods) {
    // Horner's scheme in the direction where terms shrink: in x = 1/y <= 1 from the last flow
    // back, or in y < 1 from the first flow on (the sums then carry the factor y^t_last).
    const backward = y >= 1;
    const base = backward ? 1 / y : y;
    let prev = backward ? times[n - 1] : 0;
    for (let k = 0; k < n; k++) {
      const i = backward ? n - 1 - k : k;
      const t = times[i];
      const gap = backward ? prev - t : t - prev;
      if (gap !== 0) {
        const p = gap === 1 ? base : Math.pow(base, gap);
        f *= p;
        g *= p;
        q *= p;
        size *= p;
      }
      const c = amounts[i];
      f += c;
      g += t * c;
      q += t * t * c;
      size += c < 0 ? -c : c;
      prev = t;
    }
  } else {
    const u = Math.log(y);
    const ref = u < 0 ? times[n - 1] : 0;
    for (let i = 0; i < n; i++) {
      const t = times[i];
      const c = amounts[i] * Math.exp(-(t - ref) * u);
      f += c;
      g += t * c;
      q += t * t * c;
      size += c < 0 ? -c : c;
    }
  }
  out.f = f;
  out.g = g;
  out.q = q;
  out.size = size;
}

const isRoot = (pv: PresentValue) => Math.abs(pv.f) <= 1e-9 * pv.size;

/**
 * An interval of u = ln(1+r) that holds every root: at a root the first flow cannot outweigh
 * all the others, nor the last flow all the others (each side's terms bounded by the nearest
 * one's growth). Typically |u| < 10, so searches start close instead of at +-690.
 */
function rootBounds(cf: CashFlows): { lo: number; hi: number } {
  const { amounts, times } = cf;
  const n = amounts.length;
  let rest = 0;
  for (let i = 0; i < n; i++) rest += Math.abs(amounts[i]);
  const first = Math.abs(amounts[0]);
  const last = Math.abs(amounts[n - 1]);
  const hi = Math.max(0, Math.log((rest - first) / first) / times[1]);
  const lo = Math.min(0, -Math.log((rest - last) / last) / (times[n - 1] - times[n - 2]));
  // A little room for rounding; never beyond the rates we can report.
  return {
    lo: Number.isFinite(lo) ? Math.max(U_MIN, lo - 1e-9 * (1 - lo)) : U_MIN,
    hi: Number.isFinite(hi) ? Math.min(U_MAX, hi + 1e-9 * (1 + hi)) : U_MAX,
  };
}

/**
 * The one root of a series with one sign change: safeguarded Newton in u = ln(1+r) on the
 * monotone h(u) = e^(m u) F(u), keeping a bracket [lo, hi] around the root and bisecting
 * whenever a Newton step would leave it. With one root there is no choice to match, so Newton
 * starts from where the root would be if the flows on each side of the sign change came at
 * their average times: usually a few digits right, so a handful of steps suffice.
 */
function monotoneRoot(cf: CashFlows): number | undefined {
  const { amounts, times } = cf;
  const [m] = firstSignChange(cf);
  let before = 0;
  let beforeTime = 0;
  let after = 0;
  let afterTime = 0;
  for (let i = 0; i < amounts.length; i++) {
    const a = Math.abs(amounts[i]);
    if (times[i] <= m) {
      before += a;
      beforeTime += a * times[i];
    } else {
      after += a;
      afterTime += a * times[i];
    }
  }
  // h'(u) has the sign of the first amount: h(u) has that sign exactly when u is above the root.
  const rising = amounts[0] > 0;
  let { lo, hi } = rootBounds(cf);
  const start = Math.log(after / before) / (afterTime / after - beforeTime / before);
  let u = Number.isFinite(start) ? Math.min(Math.max(start, lo), hi) : 0;
  const pv: PresentValue = { f: 0, g: 0, q: 0, size: 0 };
  let lastStep = Infinity;
  for (let k = 0; k < 200; k++) {
    presentValue(cf, Math.exp(u), pv);
    if (pv.f === 0) return u;
    if (pv.f > 0 === rising) hi = u;
    else lo = u;
    // Halley's step on h = e^(m u) F: h ~ f, h' ~ m f - g, h'' ~ m^2 f - 2 m g + q.
    const h1 = m * pv.f - pv.g;
    const h2 = m * m * pv.f - 2 * m * pv.g + pv.q;
    const halley = (-2 * pv.f * h1) / (2 * h1 * h1 - pv.f * h2);
    const newtonNext = u + (Number.isFinite(halley) ? halley : -pv.f / h1);
    const inside = newtonNext >= lo && newtonNext <= hi;
    const step = Math.abs(newtonNext - u);
    const atNoiseFloor = step >= lastStep && step <= 1e-12 * Math.max(1, Math.abs(u));
    if (inside && (step <= 1e-14 * Math.abs(u) || step < 1e-300 || atNoiseFloor)) {
      u = newtonNext;
      break;
    }
    lastStep = inside ? step : Infinity;
    u = inside ? newtonNext : 0.5 * (lo + hi);
    if (hi - lo <= 1e-15 * Math.max(Math.abs(lo), Math.abs(hi))) break;
  }
  // pv holds the present value at the last point evaluated, a rounding step from u.
  return isRoot(pv) ? u : undefined;
}

/** Newton's method on r from the guess, as a spreadsheet runs it; undefined when it does not converge. */
function newton(cf: CashFlows, guess: number, maxSteps: number): number | undefined {
  const pv: PresentValue = { f: 0, g: 0, q: 0, size: 0 };
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
  const pv: PresentValue = { f: 0, g: 0, q: 0, size: 0 };
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
    const u = monotoneRoot(cf);
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
// Root isolation. In x = 1/(1+r) the present value is P(x) = sum c_i x^(t_i). The critical
// points of x^(-k) P(x) are the roots of sum (t_i - k) c_i x^(t_i): a series with the same
// times, so the same fast evaluation serves every level of the recursion.

/** Sign of the present value at u = ln(1+r): -1, 0 or 1. */
function signAt(cf: CashFlows, u: number, pv: PresentValue): number {
  presentValue(cf, Math.exp(u), pv);
  return pv.f > 0 ? 1 : pv.f < 0 ? -1 : 0;
}

/**
 * The root on a piece (lo, hi) where the present value is monotone and changes sign: Newton's
 * method in u, with a bisection whenever a step would leave the bracket or does not halve the
 * step before it.
 */
function solvePiece(cf: CashFlows, lo: number, hi: number, signLo: number, pv: PresentValue): number {
  let u = 0.5 * (lo + hi);
  let lastStep = hi - lo;
  for (let k = 0; k < 200; k++) {
    presentValue(cf, Math.exp(u), pv);
    if (pv.f === 0) return u;
    if (pv.f > 0 === signLo > 0) lo = u;
    else hi = u;
    const newton = u + pv.f / pv.g;
    const step = Math.abs(newton - u);
    if (newton > lo && newton < hi && step < 0.5 * lastStep) {
      u = newton;
      lastStep = step;
      if (step <= 1e-15 * Math.max(1, Math.abs(u))) return u;
    } else {
      u = 0.5 * (lo + hi);
      lastStep = hi - lo;
    }
    if (hi - lo <= 1e-15 * Math.max(1, Math.abs(u))) break;
  }
  return u;
}

/** Above this many sign changes the exact recursion costs too much; a dense scan is used instead. */
const MAX_EXACT_SIGN_CHANGES = 12;
const SCAN_POINTS = 2000;

/** Every root u of the series in (lo, hi), ascending. */
function rootsIn(cf: CashFlows, lo: number, hi: number): number[] {
  const { amounts, times } = cf;
  const changes = signChanges(amounts);
  if (changes === 0) return [];
  let points: number[];
  if (changes === 1) {
    points = [lo, hi];
  } else if (changes > MAX_EXACT_SIGN_CHANGES) {
    points = [];
    for (let k = 0; k <= SCAN_POINTS; k++) points.push(lo + ((hi - lo) * k) / SCAN_POINTS);
  } else {
    // Multiply by x^(-k) with k between the times of the first sign change, differentiate: the
    // derivative has one sign change fewer, its roots split (lo, hi) into monotone pieces.
    const [t1, t2] = firstSignChange(cf);
    const k = 0.5 * (t1 + t2);
    const derived: CashFlows = { amounts: amounts.map((c, i) => (times[i] - k) * c), times, wholePeriods: cf.wholePeriods };
    points = [lo, ...rootsIn(derived, lo, hi), hi];
  }
  const pv: PresentValue = { f: 0, g: 0, q: 0, size: 0 };
  const roots: number[] = [];
  let prevSign = signAt(cf, points[0], pv);
  for (let k = 1; k < points.length; k++) {
    const s = signAt(cf, points[k], pv);
    if (s === 0) {
      if (k < points.length - 1) roots.push(points[k]); // touches zero at a critical point
    } else if (prevSign !== 0 && s !== prevSign) {
      roots.push(solvePiece(cf, points[k - 1], points[k], prevSign, pv));
    }
    if (s !== 0) prevSign = s;
  }
  return roots;
}

/** Every u = ln(1+r) at which the series is worth nothing, within the representable range. */
export function isolateRoots(cf: CashFlows): number[] {
  if (cf.amounts.length < 2) return [];
  const { lo, hi } = rootBounds(cf);
  return rootsIn(cf, lo, hi);
}
