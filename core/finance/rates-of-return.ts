// IRR and XIRR over plain numbers, on the shared rate solver.
import { Result, sheetError } from '../values/errors';
import { DatedFlows } from './present-value';
import { cashFlows, solveRate, RateOutcome } from './rate-solver';

/** Excel runs Newton's method 20 times for IRR and 100 times for XIRR before it gives up. */
const IRR_NEWTON_STEPS = 20;
const XIRR_NEWTON_STEPS = 100;

function outcome(fn: string, o: RateOutcome): Result<number> {
  switch (o.kind) {
    case 'root':
      return o.rate;
    case 'no-sign-change':
      return sheetError('#NUM!', `${fn}: the cash flows never change sign (at least one positive and one negative value are needed), so there is no rate of return`);
    case 'no-root':
      return sheetError('#NUM!', `${fn}: no rate above -100% makes the present value zero, so these cash flows have no rate of return`);
  }
}

export function irr(values: readonly number[], guess = 0.1): Result<number> {
  if (!(guess > -1)) return sheetError('#NUM!', 'IRR: guess must be above -100%');
  return outcome('IRR', solveRate(cashFlows(values), guess, IRR_NEWTON_STEPS));
}

export function xirr(flows: DatedFlows, guess = 0.1): Result<number> {
  if (!(guess > -1)) return sheetError('#NUM!', 'XIRR: guess must be above -100%');
  const years = flows.days.map((d) => (d - flows.days[0]) / 365);
  return outcome('XIRR', solveRate(cashFlows(flows.values, years), guess, XIRR_NEWTON_STEPS));
}
