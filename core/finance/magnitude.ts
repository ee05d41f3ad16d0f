// Results such as rates of return and payback periods do not depend on the currency unit, so
// flows may be rescaled before summing: by a power of two, which is exact, so that amounts of
// 1e-300 or 1e+300 neither underflow nor overflow on the way.

/** A power of two near the largest magnitude (1 for all zeros). */
export function unitScale(values: readonly number[]): number {
  let maxAbs = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > maxAbs) maxAbs = a;
  }
  return maxAbs > 0 ? Math.pow(2, Math.round(Math.log2(maxAbs))) : 1;
}

/**
 * ln of  sum over the chosen flows of |v_i| (1+rate)^(target - i):  the flows compounded (or
 * discounted) to period `target`, computed from the largest term down so nothing overflows.
 * -Infinity when no flow is chosen.
 */
export function logCompounded(values: readonly number[], rate: number, chosen: (v: number) => boolean, target: number): number {
  const g = Math.log1p(rate);
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (chosen(values[i])) max = Math.max(max, Math.log(Math.abs(values[i])) + (target - i) * g);
  }
  if (max === -Infinity) return max;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    if (chosen(values[i])) sum += Math.exp(Math.log(Math.abs(values[i])) + (target - i) * g - max);
  }
  return max + Math.log(sum);
}
