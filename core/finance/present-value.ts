// Present values over plain numbers: NPV (Excel's convention, first value one period out),
// present values from period 0, XNPV over dates, and MIRR.
import { Result, sheetError } from '../values/errors';
import { logCompounded } from './magnitude';
import { MAX_SERIAL_DATE } from '../values/cells';

/** Numbers beyond this are not results a spreadsheet can use: #NUM! instead. */
export function finite(x: number, what: string): Result<number> {
  return Number.isFinite(x) ? x : sheetError('#NUM!', `${what} is too large to compute`);
}

/** Excel's NPV: sum of v_i / (1+r)^(i+1), i from 0. */
export function npv(rate: number, values: readonly number[]): Result<number> {
  if (rate === -1) return sheetError('#DIV/0!', 'NPV: rate is -100%, which divides by zero');
  if (values.length === 0) return sheetError('#VALUE!', 'NPV: values holds no numbers');
  return finite(presentValueFrom(rate, values, 1), 'NPV');
}

/**
 * Sum of v_i / (1+r)^(i+first): first = 0 leaves period 0 undiscounted (business-case
 * convention), first = 1 is Excel's NPV. Horner's scheme: one multiplication per period.
 */
export function presentValueFrom(rate: number, values: readonly number[], first: 0 | 1): number {
  const x = 1 / (1 + rate);
  let acc = 0;
  for (let i = values.length - 1; i >= 0; i--) acc = acc * x + values[i];
  return first === 1 ? acc * x : acc;
}

/** Each value discounted to period 0 (period 0 itself undiscounted). */
export function discountEach(rate: number, values: readonly number[]): number[] {
  const x = 1 / (1 + rate);
  let factor = 1;
  return values.map((v) => {
    const d = v * factor;
    factor *= x;
    return d;
  });
}

/** Dated flows and their years from the first date, checked as Excel checks XNPV and XIRR. */
export interface DatedFlows {
  readonly values: number[];
  /** Whole days (Excel truncates dates to integers). */
  readonly days: number[];
}

export function checkDates(fn: string, values: number[], dates: number[]): Result<DatedFlows> {
  if (values.length === 0) return sheetError('#NUM!', `${fn}: no cash flows given`);
  const days = dates.map(Math.trunc);
  for (let i = 0; i < days.length; i++) {
    if (days[i] < 0 || days[i] > MAX_SERIAL_DATE) {
      return sheetError('#VALUE!', `${fn}: dates ${i + 1} (${dates[i]}) is not a valid date`);
    }
    if (days[i] < days[0]) {
      return sheetError('#NUM!', `${fn}: date ${i + 1} comes before the first date; the first date must be the earliest`);
    }
  }
  return { values, days };
}

/** Excel's XNPV: sum of v_i / (1+r)^((d_i - d_0)/365). */
export function xnpv(rate: number, flows: DatedFlows): Result<number> {
  if (!(rate > -1)) return sheetError('#NUM!', 'XNPV: rate must be above -100%');
  const lr = Math.log1p(rate);
  let sum = 0;
  for (let i = 0; i < flows.values.length; i++) {
    sum += flows.values[i] * Math.exp((-(flows.days[i] - flows.days[0]) / 365) * lr);
  }
  return finite(sum, 'XNPV');
}

/**
 * Excel's MIRR: negative flows financed at finance_rate back to period 0, positive flows
 * reinvested at reinvest_rate to the last period, over n-1 periods. Computed in logarithms so
 * that long series (1.08^9999 overflows) still give their ordinary rate.
 */
export function mirr(values: readonly number[], financeRate: number, reinvestRate: number): Result<number> {
  const n = values.length;
  if (financeRate === -1 || reinvestRate === -1) return sheetError('#DIV/0!', 'MIRR: a rate of -100% divides by zero');
  if (financeRate < -1 || reinvestRate < -1) return sheetError('#NUM!', 'MIRR: rates must be above -100%');
  const logFuturePositive = logCompounded(values, reinvestRate, (v) => v > 0, n - 1);
  const logPresentNegative = logCompounded(values, financeRate, (v) => v < 0, 0);
  if (logFuturePositive === -Infinity || logPresentNegative === -Infinity) {
    return sheetError('#DIV/0!', 'MIRR: values need at least one positive and one negative cash flow');
  }
  if (n < 2) return sheetError('#DIV/0!', 'MIRR: values need at least two periods');
  return finite(Math.expm1((logFuturePositive - logPresentNegative) / (n - 1)), 'MIRR');
}
