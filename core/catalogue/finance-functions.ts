// The business-case custom functions: cell values in, the finance core, a value or error out.
import { Range, isEmptyCell } from '../values/cells';
import { isSheetError, sheetError } from '../values/errors';
import { datedFlows, numbersSkippingOthers, optionalBoolean, optionalNumber, periodFlows, scalarNumber } from '../values/coerce';
import { checkDates, mirr, npv, xnpv } from '../finance/present-value';
import { irr, xirr } from '../finance/rates-of-return';
import { datedPayback, discountedPayback, payback } from '../finance/payback';
import { businessCase, costsAsAmounts, profitabilityIndex, roi } from '../finance/business-case';
import { defineFunction, ParamSpec } from './spec';

const rate = (description: string) => ({ name: 'rate', description, shape: 'scalar', type: 'any' }) as const satisfies ParamSpec;
const values = (description: string) => ({ name: 'values', description, shape: 'range', type: 'any' }) as const satisfies ParamSpec;
const dates = {
  name: 'dates',
  description: 'Payment dates, one per value; the first is the start and must be the earliest.',
  shape: 'range',
  type: 'any',
} as const satisfies ParamSpec;
const guess = { name: 'guess', description: 'Where the search starts (default 10%).', shape: 'scalar', type: 'any', optional: true } as const satisfies ParamSpec;
const interpolate = {
  name: 'interpolate',
  description: 'TRUE (default) for a fractional period, FALSE to count whole periods.',
  shape: 'scalar',
  type: 'any',
  optional: true,
} as const satisfies ParamSpec;

const SEVERAL_ROOTS =
  'When the cash flows change sign more than once there can be several rates of return; the one returned is the one Excel\'s Newton iteration reaches from the guess. Where Excel gives up (IRRs near -100%, far guesses, tiny or huge amounts) the rate is still found; #NUM! means no rate above -100% exists.';

function datedInput(fn: string, v: Range, d: Range) {
  const pairs = datedFlows(v, d, fn);
  return isSheetError(pairs) ? pairs : checkDates(fn, pairs.values, pairs.dates);
}

export const NPV = defineFunction({
  name: 'NPV',
  summary: 'Net present value of periodic cash flows, as Excel\'s NPV: the first value is discounted one period.',
  details: 'Text, TRUE/FALSE and blank cells inside values are skipped, as Excel skips them (so later values move up a period). An error cell in values is the result. rate = -100% gives #DIV/0!.',
  params: [rate('Discount rate per period.'), values('Cash flows, one per period, the first one period from now.')],
  result: 'scalar',
  resultDescription: 'The net present value.',
  impl: (r, v) => {
    const rt = scalarNumber(r, 'rate');
    if (isSheetError(rt)) return rt;
    const flows = numbersSkippingOthers(v, 'values');
    return isSheetError(flows) ? flows : npv(rt, flows);
  },
});

export const XNPV = defineFunction({
  name: 'XNPV',
  summary: 'Net present value of cash flows on given dates, as Excel\'s XNPV (365-day years from the first date).',
  details: 'Values and dates must be numbers in ranges of the same size (#NUM! otherwise); positions where both are blank are left out. Dates are truncated to whole days; a date before the first gives #NUM!; a value that is not a date gives #VALUE!.',
  params: [rate('Annual discount rate.'), values('Cash flows, one per date.'), dates],
  result: 'scalar',
  resultDescription: 'The net present value at the first date.',
  impl: (r, v, d) => {
    const rt = scalarNumber(r, 'rate');
    if (isSheetError(rt)) return rt;
    const flows = datedInput('XNPV', v, d);
    return isSheetError(flows) ? flows : xnpv(rt, flows);
  },
});

export const IRR = defineFunction({
  name: 'IRR',
  summary: 'Internal rate of return of periodic cash flows, as Excel\'s IRR.',
  details: `Text, TRUE/FALSE and blank cells inside values are skipped, as Excel skips them. ${SEVERAL_ROOTS}`,
  params: [values('Cash flows, one per period; at least one positive and one negative.'), guess],
  result: 'scalar',
  resultDescription: 'The rate per period.',
  impl: (v, g) => {
    const flows = numbersSkippingOthers(v, 'values');
    if (isSheetError(flows)) return flows;
    const start = optionalNumber(g, 'guess', 0.1);
    return isSheetError(start) ? start : irr(flows, start);
  },
});

export const XIRR = defineFunction({
  name: 'XIRR',
  summary: 'Internal rate of return of cash flows on given dates, as Excel\'s XIRR.',
  details: `Values and dates follow XNPV's rules. ${SEVERAL_ROOTS}`,
  params: [values('Cash flows, one per date; at least one positive and one negative.'), dates, guess],
  result: 'scalar',
  resultDescription: 'The annual rate.',
  impl: (v, d, g) => {
    const flows = datedInput('XIRR', v, d);
    if (isSheetError(flows)) return flows;
    const start = optionalNumber(g, 'guess', 0.1);
    return isSheetError(start) ? start : xirr(flows, start);
  },
});

export const MIRR = defineFunction({
  name: 'MIRR',
  summary: 'Modified internal rate of return, as Excel\'s MIRR.',
  details: 'Text, TRUE/FALSE and blank cells are skipped; zeros count. #DIV/0! unless values hold at least one positive and one negative flow.',
  params: [
    values('Cash flows, one per period.'),
    { name: 'finance_rate', description: 'Interest rate paid on the money used in the cash flows.', shape: 'scalar', type: 'any' },
    { name: 'reinvest_rate', description: 'Interest rate earned on reinvested cash flows.', shape: 'scalar', type: 'any' },
  ],
  result: 'scalar',
  resultDescription: 'The modified rate per period.',
  impl: (v, f, r) => {
    const flows = numbersSkippingOthers(v, 'values');
    if (isSheetError(flows)) return flows;
    const fr = scalarNumber(f, 'finance_rate');
    if (isSheetError(fr)) return fr;
    const rr = scalarNumber(r, 'reinvest_rate');
    return isSheetError(rr) ? rr : mirr(flows, fr, rr);
  },
});

const PAYBACK_RULE =
  'The first value is period 0. Payback is reached when the cumulative cash flow turns non-negative and stays so: if it dips below zero again later, payback is counted from the last recovery. Blank cells count as no cash in that period; text is an error naming the cell. #N/A when never paid back.';

export const PAYBACK = defineFunction({
  name: 'PAYBACK',
  summary: 'Payback period: periods until the cumulative cash flow turns non-negative for good.',
  details: `${PAYBACK_RULE} Inside the period of recovery the cash is taken to come in evenly (linear interpolation).`,
  params: [values('Net cash flows per period, period 0 first (investment negative).'), interpolate],
  result: 'scalar',
  resultDescription: 'Periods from period 0.',
  impl: (v, i) => {
    const flows = periodFlows(v, 'values');
    if (isSheetError(flows)) return flows;
    const interp = optionalBoolean(i, 'interpolate', true);
    return isSheetError(interp) ? interp : payback(flows, interp);
  },
});

export const DPAYBACK = defineFunction({
  name: 'DPAYBACK',
  summary: 'Discounted payback period: PAYBACK on cash flows discounted at a rate, period 0 undiscounted.',
  details: PAYBACK_RULE,
  params: [rate('Discount rate per period.'), values('Net cash flows per period, period 0 first.'), interpolate],
  result: 'scalar',
  resultDescription: 'Periods from period 0.',
  impl: (r, v, i) => {
    const rt = scalarNumber(r, 'rate');
    if (isSheetError(rt)) return rt;
    const flows = periodFlows(v, 'values');
    if (isSheetError(flows)) return flows;
    const interp = optionalBoolean(i, 'interpolate', true);
    return isSheetError(interp) ? interp : discountedPayback(rt, flows, interp);
  },
});

export const XPAYBACK = defineFunction({
  name: 'XPAYBACK',
  summary: 'Break-even date of dated cash flows: when the cumulative cash flow turns non-negative for good.',
  details: 'Dates may come in any order. The cash of the flow that recovers the investment is taken to come in evenly since the date before it, so the result can fall between two dates. Values and dates must be numbers in ranges of the same size. Format the cell as a date.',
  params: [values('Net cash flows, one per date.'), { ...dates, description: 'The date of each cash flow.' }],
  result: 'scalar',
  resultDescription: 'The break-even date as a serial date.',
  impl: (v, d) => {
    const pairs = datedFlows(v, d, 'XPAYBACK');
    return isSheetError(pairs) ? pairs : datedPayback(pairs.values, pairs.dates);
  },
});

export const ROI = defineFunction({
  name: 'ROI',
  summary: 'Return on investment: (total benefits - total costs) / total costs of net cash flows.',
  details: 'Positive flows are benefits, negative flows costs. With a rate, each flow is discounted first (period 0 undiscounted). Blank cells count as no cash; #DIV/0! when there are no costs.',
  params: [values('Net cash flows per period, period 0 first.'), { ...rate('Discount rate per period; leave out for undiscounted ROI.'), optional: true }],
  result: 'scalar',
  resultDescription: 'The return as a fraction (0.25 = 25%).',
  impl: (v, r) => {
    const flows = periodFlows(v, 'values');
    if (isSheetError(flows)) return flows;
    if (isEmptyCell(r)) return roi(flows);
    const rt = scalarNumber(r, 'rate');
    return isSheetError(rt) ? rt : roi(flows, rt);
  },
});

export const PI = defineFunction({
  name: 'PI',
  summary: 'Profitability index: present value of inflows over present value of outflows.',
  details: 'Period 0 is undiscounted. Blank cells count as no cash; #DIV/0! when there are no outflows.',
  params: [rate('Discount rate per period.'), values('Net cash flows per period, period 0 first.')],
  result: 'scalar',
  resultDescription: 'The index (above 1: the project earns more than the rate).',
  impl: (r, v) => {
    const rt = scalarNumber(r, 'rate');
    if (isSheetError(rt)) return rt;
    const flows = periodFlows(v, 'values');
    return isSheetError(flows) ? flows : profitabilityIndex(rt, flows);
  },
});

export const BUSINESSCASE = defineFunction({
  name: 'BUSINESSCASE',
  summary: 'Business-case summary from costs and benefits per period: a two-column table of label and figure.',
  details: 'Rows: total cost, total benefit, net benefit, NPV (period 0 undiscounted), IRR, MIRR, ROI, payback, discounted payback, profitability index (PV of benefits / PV of costs). Costs may be typed positive or negative. Costs and benefits must have the same number of periods. A figure that cannot be computed shows its own error in its row (in Google Sheets as the error text, for example #N/A).',
  params: [
    rate('Discount rate per period.'),
    { name: 'costs', description: 'Cost per period, period 0 first.', shape: 'range', type: 'any' },
    { name: 'benefits', description: 'Benefit per period, period 0 first.', shape: 'range', type: 'any' },
    { name: 'finance_rate', description: 'MIRR finance rate (default: rate).', shape: 'scalar', type: 'any', optional: true },
    { name: 'reinvest_rate', description: 'MIRR reinvestment rate (default: rate).', shape: 'scalar', type: 'any', optional: true },
  ],
  result: 'table',
  resultDescription: 'Ten rows of label and figure.',
  impl: (r, c, b, f, rr) => {
    const rt = scalarNumber(r, 'rate');
    if (isSheetError(rt)) return rt;
    const costs = periodFlows(c, 'costs');
    if (isSheetError(costs)) return costs;
    const benefits = periodFlows(b, 'benefits');
    if (isSheetError(benefits)) return benefits;
    if (costs.length !== benefits.length) {
      return sheetError('#VALUE!', `BUSINESSCASE: costs has ${costs.length} periods but benefits has ${benefits.length}; give both for the same periods`);
    }
    const fr = optionalNumber(f, 'finance_rate', rt);
    if (isSheetError(fr)) return fr;
    const rir = optionalNumber(rr, 'reinvest_rate', rt);
    if (isSheetError(rir)) return rir;
    return businessCase({ rate: rt, costs: costsAsAmounts(costs), benefits, financeRate: fr, reinvestRate: rir });
  },
});

export const FINANCE_FUNCTIONS = [NPV, XNPV, IRR, XIRR, MIRR, PAYBACK, DPAYBACK, XPAYBACK, ROI, PI, BUSINESSCASE];
