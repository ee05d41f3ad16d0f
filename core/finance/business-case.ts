// Return on investment, profitability index and the one-look business-case summary.
import { Result, sheetError } from '../values/errors';
import { discountEach, finite, mirr, presentValueFrom } from './present-value';
import { irr } from './rates-of-return';
import { discountedPayback, payback } from './payback';

function sumOf(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/** Inflows and outflows (as a positive amount) of net cash flows, discounted when rate is given. */
function inflowsOutflows(values: readonly number[], rate: number | undefined): { inflow: number; outflow: number } {
  const flows = rate === undefined ? values : discountEach(rate, values);
  let inflow = 0;
  let outflow = 0;
  for (const v of flows) {
    if (v > 0) inflow += v;
    else outflow -= v;
  }
  return { inflow, outflow };
}

/** (benefits - costs) / costs of net cash flows: positive flows are benefits, negative ones costs. */
export function roi(values: readonly number[], rate?: number): Result<number> {
  if (rate !== undefined && !(rate > -1)) return sheetError('#NUM!', 'ROI: rate must be above -100%');
  const { inflow, outflow } = inflowsOutflows(values, rate);
  if (outflow === 0) return sheetError('#DIV/0!', 'ROI: there are no costs (negative cash flows) to divide by');
  return finite((inflow - outflow) / outflow, 'ROI');
}

/** Present value of inflows over present value of outflows, period 0 undiscounted. */
export function profitabilityIndex(rate: number, values: readonly number[]): Result<number> {
  if (!(rate > -1)) return sheetError('#NUM!', 'PI: rate must be above -100%');
  const { inflow, outflow } = inflowsOutflows(values, rate);
  if (outflow === 0) return sheetError('#DIV/0!', 'PI: there are no costs (negative cash flows) to divide by');
  return finite(inflow / outflow, 'PI');
}

export interface BusinessCaseInput {
  readonly rate: number;
  /** Cost per period, period 0 first, as positive amounts. */
  readonly costs: readonly number[];
  /** Benefit per period, period 0 first. */
  readonly benefits: readonly number[];
  readonly financeRate: number;
  readonly reinvestRate: number;
}

/** Label and figure per row; a figure that cannot be computed is its own error. */
export type SummaryRow = [string, Result<number>];

export const BUSINESS_CASE_LABELS = [
  'Total cost',
  'Total benefit',
  'Net benefit',
  'NPV (period 0 undiscounted)',
  'IRR',
  'MIRR',
  'ROI',
  'Payback (periods)',
  'Discounted payback (periods)',
  'Profitability index',
] as const;

export function businessCase(input: BusinessCaseInput): SummaryRow[] {
  const { rate, costs, benefits } = input;
  const net = benefits.map((b, i) => b - costs[i]);
  const totalCost = sumOf(costs);
  const totalBenefit = sumOf(benefits);
  const pvCosts = presentValueFrom(rate, costs, 0);
  const pvBenefits = presentValueFrom(rate, benefits, 0);
  const figures: Result<number>[] = [
    finite(totalCost, 'Total cost'),
    finite(totalBenefit, 'Total benefit'),
    finite(totalBenefit - totalCost, 'Net benefit'),
    rate === -1 ? sheetError('#DIV/0!', 'NPV: rate is -100%') : finite(pvBenefits - pvCosts, 'NPV'),
    irr(net),
    mirr(net, input.financeRate, input.reinvestRate),
    totalCost === 0 ? sheetError('#DIV/0!', 'ROI: total cost is zero') : finite((totalBenefit - totalCost) / totalCost, 'ROI'),
    payback(net),
    discountedPayback(rate, net),
    pvCosts === 0 ? sheetError('#DIV/0!', 'Profitability index: present value of costs is zero') : finite(pvBenefits / pvCosts, 'Profitability index'),
  ];
  return BUSINESS_CASE_LABELS.map((label, i) => [label, figures[i]]);
}

/** Costs may be typed as positive amounts or as negative cash flows; both mean money spent. */
export function costsAsAmounts(costs: readonly number[]): number[] {
  const anyPositive = costs.some((c) => c > 0);
  return anyPositive ? [...costs] : costs.map((c) => -c);
}
