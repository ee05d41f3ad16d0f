// Cost of delay: the value lost by starting an initiative later, by urgency profile.
import { Result, sheetError } from '../values/errors';

export type DelayProfile = 'linear' | 'urgent';

export const DELAY_PROFILES: readonly DelayProfile[] = ['linear', 'urgent'];

/** A profile name as typed (case and surrounding spaces ignored), or undefined. */
export function delayProfile(name: string): DelayProfile | undefined {
  const t = name.trim().toLowerCase();
  return t === 'linear' || t === 'urgent' ? t : undefined;
}

/**
 * How many periods' worth of value a delay of `delay` periods loses.
 *   linear: every period loses one period's value: delay.
 *   urgent: value is lost faster early: the k-th period of delay loses 1 + 2^(1-k) periods'
 *           value (2, 1.5, 1.25, ... tending to 1), so d periods lose d + 2 (1 - 2^-d); the same
 *           formula for fractional delays. At most 2 periods' value more than linear.
 */
export function delayFactor(delay: number, profile: DelayProfile): number {
  if (profile === 'linear') return delay;
  return delay + 2 * (1 - Math.pow(2, -delay));
}

/** Cost of delay = value per period x delay factor; value and delay finite and >= 0. */
export function costOfDelay(valuePerPeriod: number, delay: number, profile: DelayProfile): Result<number> {
  if (delay < 0) return sheetError('#NUM!', `delay_periods is negative (${delay}); a delay is 0 periods or more`);
  if (valuePerPeriod < 0) {
    return sheetError('#NUM!', `value_per_period is negative (${valuePerPeriod}); give the value lost per period, 0 or more`);
  }
  const cost = valuePerPeriod * delayFactor(delay, profile);
  if (cost === Infinity) return sheetError('#NUM!', 'the cost of delay is beyond the largest number a cell can hold');
  return cost;
}
