// SAFe's weighted shortest job first: cost of delay over job size, for one initiative.
import { Result, sheetError } from '../values/errors';

/**
 * WSJF = (business value + time criticality + risk reduction / opportunity enablement) / job size.
 * All inputs finite and >= 0: a negative one is #NUM!, a job size of 0 is #DIV/0!, a quotient
 * beyond the largest number (a tiny job size) is #NUM!.
 */
export function wsjf(businessValue: number, timeCriticality: number, riskReduction: number, jobSize: number): Result<number> {
  if (businessValue < 0) return negative('business_value', businessValue);
  if (timeCriticality < 0) return negative('time_criticality', timeCriticality);
  if (riskReduction < 0) return negative('risk_reduction', riskReduction);
  if (jobSize < 0) return negative('job_size', jobSize);
  if (jobSize === 0) return sheetError('#DIV/0!', 'job_size is 0; WSJF divides the cost of delay by the job size');
  const costOfDelay = businessValue + timeCriticality + riskReduction;
  let q = costOfDelay / jobSize;
  // The sum alone may overflow (three values near 1.8e308) while the quotient does not.
  if (q === Infinity) q = businessValue / jobSize + timeCriticality / jobSize + riskReduction / jobSize;
  if (q === Infinity) return sheetError('#NUM!', 'the WSJF is beyond the largest number a cell can hold (job_size is too small)');
  return q;
}

function negative(name: string, x: number) {
  return sheetError('#NUM!', `${name} is negative (${x}); WSJF takes values of 0 or more`);
}
