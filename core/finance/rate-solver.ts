// The rate solver behind IRR and XIRR: the rates r > -100% at which a series of cash flows is
// worth nothing today,  sum_i c_i (1+r)^(-t_i) = 0,  with t_i the time of flow i in periods
// (whole periods for IRR, years of 365 days for XIRR).
//
// Two stages:
// 1. Newton's method on r from the guess, as Excel does. When it converges, the root it reaches
//    is the one Excel returns, so a series with several IRRs gives Excel's answer; we then polish
//    it to full precision and check that it truly is a root.
// 2. When Newton fails (far guess, IRR near -100%, long series with a negative IRR ...), a
//    root isolation that cannot miss a sign change: in u = ln(1+r) the present value is an
//    exponential sum  sum_i c_i e^(-t_i u).  An exponential sum has no more real roots than its
//    coefficients have sign changes, and multiplying by e^(-k u) then differentiating removes
//    one sign change (Rolle). So the critical points of the sum are found recursively, the sum
//    is monotone between them, and bisection on each monotone piece finds every root. If there
//    is no root, we can say so (#NUM!) rather than give up after 20 steps.
//
// Amounts are first scaled so the largest is 1: the rate does not depend on the currency unit,
// and flows of 1e-300 or 1e+300 neither underflow nor overflow.

export interface CashFlows {
  /** Amounts, scaled so the largest magnitude is 1; zeros removed. */
  readonly amounts: Float64Array;
  /** Times in periods, ascending, distinct. */
  readonly times: Float64Array;
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
 * Builds the normalised series. Flows at the same time are added; times are sorted.
 * `times` default to 0, 1, 2, ... (periods).
 */
export function cashFlows(values: readonly number[], times?: readonly number[]): CashFlows {
  let pairs: Array<[number, number]> = values.map((v, i) => [times ? times[i] : i, v]);
  if (times) {
    pairs.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const p of pairs) {
      const last = merged[merged.length - 1];
      if (last && last[0] === p[0]) last[1] += p[1];
      else merged.push([p[0], p[1]]);
    }
    pairs = merged;
  }
  pairs = pairs.filter((p) => p[1] !== 0);
  let scale = 0;
  for (const p of pairs) scale = Math.max(scale, Math.abs(p[1]));
  const amounts = new Float64Array(pairs.length);
  const ts = new Float64Array(pairs.length);
  let whole = true;
  pairs.forEach((p, i) => {
    amounts[i] = p[1] / scale;
    ts[i] = p[0];
    if (!Number.isInteger(p[0])) whole = false;
  });
  // Shift times so the first flow sits at 0: the roots do not change, the numbers stay small.
  const t0 = ts.length ? ts[0] : 0;
  for (let i = 0; i < ts.length; i++) ts[i] -= t0;
  return { amounts, times: ts, wholePeriods: whole };
}

export function signChanges(a: ArrayLike<number>): number {
  let changes = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > 0 !== a[i - 1] > 0) changes++;
  return changes;
}

/**
 * The present value f and g = sum t_i c_i (1+r)^(-t_i), both multiplied by the same positive
 * factor so that no term overflows. f'(r) = -g / (1+r), so a Newton step is r + f (1+r) / g.
 * Also returns the sum of the terms' magnitudes, the scale against which f counts as zero.
 */
function presentValue(cf: CashFlows, rate: number, out: { f: number; g: number; size: number }): void {
  const { amounts, times } = cf;
  const n = amounts.length;
  let f = 0;
  let g = 0;
  let size = 0;
  if (cf.wholePeriods && rate >= 0) {
    // Horner in x = 1/(1+r) <= 1, from the last flow back: terms shrink, nothing overflows.
    const x = 1 / (1 + rate);
    let prev = times[n - 1];
    for (let i = n - 1; i >= 0; i--) {
      const gap = prev - times[i];
      const p = gap === 1 ? x : Math.pow(x, gap);
      f *= p; g *= p; size *= p;
      const c = amounts[i];
      f += c; g += times[i] * c; size += Math.abs(c);
      prev = times[i];
    }
  } else if (cf.wholePeriods) {
    // Horner in y = 1+r < 1, from the first flow on: the same sums times (1+r)^t_last.
    const y = 1 + rate;
    let prev = 0;
    for (let i = 0; i < n; i++) {
      const gap = times[i] - prev;
      const p = gap === 1 ? y : Math.pow(y, gap);
      f *= p; g *= p; size *= p;
      const c = amounts[i];
      f += c; g += times[i] * c; size += Math.abs(c);
      prev = times[i];
    }
  } else {
    const u = Math.log1p(rate);
    const ref = u < 0 ? times[n - 1] : 0;
    for (let i = 0; i < n; i++) {
      const w = Math.exp(-(times[i] - ref) * u);
      const c = amounts[i] * w;
      f += c; g += times[i] * c; size += Math.abs(c);
    }
  }
  out.f = f; out.g = g; out.size = size;
}

/** Newton's method from the guess, as a spreadsheet runs it; undefined when it does not converge. */
function newton(cf: CashFlows, guess: number, maxSteps: number): number | undefined {
  const pv = { f: 0, g: 0, size: 0 };
  let r = guess;
  for (let k = 0; k < maxSteps; k++) {
    presentValue(cf, r, pv);
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
 * Polishes a rate found by Newton to full precision: more Newton steps until the step is at
 * rounding noise relative to both |r| and 1+r (scale-invariant, so tiny rates and rates near
 * -100% are as exact as ordinary ones). Returns undefined if the result is not a root.
 */
function polish(cf: CashFlows, start: number): number | undefined {
  const pv = { f: 0, g: 0, size: 0 };
  let r = start;
  let lastStep = Infinity;
  for (let k = 0; k < 100; k++) {
    presentValue(cf, r, pv);
    if (pv.f === 0 || pv.g === 0) break;
    const next = r + (pv.f * (1 + r)) / pv.g;
    if (!(next > -1) || !Number.isFinite(next)) return undefined;
    const step = Math.abs(next - r);
    r = next;
    const scale = Math.min(1 + r, Math.abs(r));
    if (step <= 1e-15 * scale) break;
    if (step >= lastStep && step <= 1e-9 * (1 + Math.abs(r))) break; // at the rounding floor
    lastStep = step;
  }
  presentValue(cf, r, pv);
  return Math.abs(pv.f) <= 1e-9 * pv.size ? r : undefined;
}

/**
 * The rate of return of the series, as IRR and XIRR define it.
 * `newtonSteps` is the host's iteration budget (20 for IRR, 100 for XIRR); beyond it we still
 * search, we only lose the promise of matching the host's choice among several roots.
 */
export function solveRate(cf: CashFlows, guess: number, newtonSteps: number): RateOutcome {
  const changes = signChanges(cf.amounts);
  if (changes === 0) return { kind: 'no-sign-change' };
  const several = changes > 1;
  if (guess > -1 && Number.isFinite(guess)) {
    const r = newton(cf, guess, newtonSteps);
    if (r !== undefined) {
      const exact = polish(cf, r);
      if (exact !== undefined) return { kind: 'root', rate: exact, several };
    }
  }
  const roots = isolateRoots(cf);
  if (roots.length === 0) return { kind: 'no-root' };
  // Without Newton's answer to match, take the root nearest the guess (in ln(1+r)).
  const target = guess > -1 && Number.isFinite(guess) ? Math.log1p(guess) : Math.log1p(0.1);
  let best = roots[0];
  for (const u of roots) if (Math.abs(u - target) < Math.abs(best - target)) best = u;
  const rate = Math.expm1(best);
  return { kind: 'root', rate: polish(cf, rate) ?? rate, several: roots.length > 1 || several };
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
