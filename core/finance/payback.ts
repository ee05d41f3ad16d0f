// Payback: how many periods (or until which date) before the cumulative cash flow turns
// non-negative for good.
import { Result, sheetError } from '../values/errors';
import { SerialDate } from '../values/cells';
import { discountEach } from './present-value';
import { unitScale } from './magnitude';

/**
 * values[0] is period 0. The payback period is the period in which the cumulative cash flow
 * crosses zero for the last time and stays at or above zero afterwards: a project that pays
 * back, dips below zero again (a later reinvestment) and recovers is paid back only at the
 * second recovery. Inside the crossing period the cash is taken to come in evenly, so the
 * result is fractional unless `interpolate` is false (then the whole period is counted).
 */
export function payback(values: readonly number[], interpolate = true, fn = 'PAYBACK'): Result<number> {
  if (values.length === 0) return sheetError('#VALUE!', `${fn}: values holds no cash flows`);
  // Summed in units of the largest flow, so a running sum of huge amounts cannot overflow.
  const unit = unitScale(values);
  let cumulative = 0;
  let lastNegative = -1;
  let cumulativeAtLastNegative = 0;
  for (let i = 0; i < values.length; i++) {
    cumulative += values[i] / unit;
    if (cumulative < 0) {
      lastNegative = i;
      cumulativeAtLastNegative = cumulative;
    }
  }
  if (lastNegative === -1) return 0;
  if (lastNegative === values.length - 1) {
    const shortfall = cumulative * unit;
    const amount = Number.isFinite(shortfall) ? roundForMessage(shortfall) : 'below zero';
    return sheetError('#N/A', `${fn}: never paid back; the cumulative cash flow is still ${amount} after the last period`);
  }
  const next = values[lastNegative + 1] / unit;
  return interpolate ? lastNegative + -cumulativeAtLastNegative / next : lastNegative + 1;
}

/** Payback on cash flows discounted at `rate` per period (period 0 undiscounted). */
export function discountedPayback(rate: number, values: readonly number[], interpolate = true): Result<number> {
  if (!(rate > -1)) return sheetError('#NUM!', 'DPAYBACK: rate must be above -100%');
  // At a negative rate discounting inflates later flows; compounding every flow to the last
  // period instead (a positive factor, so the same payback) keeps the factors at most 1.
  const n = values.length;
  const flows = rate >= 0 ? discountEach(rate, values) : values.map((v, i) => v * Math.pow(1 + rate, n - 1 - i));
  return payback(flows, interpolate, 'DPAYBACK');
}

/**
 * The break-even date of dated flows: flows are ordered by date (any order accepted), the
 * cumulative cash flow must turn non-negative for good, and the cash of the flow that recovers
 * the investment is taken to come in evenly since the date before it.
 */
export function datedPayback(values: readonly number[], dates: readonly SerialDate[]): Result<SerialDate> {
  if (values.length === 0) return sheetError('#VALUE!', 'XPAYBACK: values holds no cash flows');
  const order = values.map((_, i) => i).sort((a, b) => dates[a] - dates[b] || a - b);
  const v = order.map((i) => values[i]);
  const d = order.map((i) => dates[i]);
  const periods = payback(v, true, 'XPAYBACK');
  if (typeof periods !== 'number') return periods;
  const whole = Math.floor(periods);
  const fraction = periods - whole;
  return fraction === 0 ? d[whole] : d[whole] + fraction * (d[whole + 1] - d[whole]);
}

function roundForMessage(x: number): string {
  return Number(x.toPrecision(6)).toString();
}
