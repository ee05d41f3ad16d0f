// The rate solver on its own: root isolation finds every rate of return, and says when there is none.
import { cashFlows, isolateRoots, signChanges, solveRate } from '../core/finance/rate-solver';

/** Cash flows (period 0 first) whose rates of return are exactly the given growths - 1. */
function flowsWithRoots(growths: number[]): number[] {
  // prod (y - g_k) = sum q_j y^j; NPV = y^-n sum c_i y^(n-i), so c_i = q_(n-i).
  let q = [1];
  for (const g of growths) {
    const next = Array(q.length + 1).fill(0);
    q.forEach((a, j) => {
      next[j + 1] += a;
      next[j] -= a * g;
    });
    q = next;
  }
  return q.slice().reverse();
}

describe('rate solver', () => {
  it('counts sign changes ignoring magnitude', () => {
    expect(signChanges([-1, 2, 3, -4, 5])).toBe(3);
    expect(signChanges([1, 2])).toBe(0);
  });

  it('isolates four rates of return: 10%, 20%, 50% and 100%', () => {
    const roots = isolateRoots(cashFlows(flowsWithRoots([1.1, 1.2, 1.5, 2])));
    expect(roots).toHaveLength(4);
    [0.1, 0.2, 0.5, 1].forEach((r, i) => expect(Math.expm1(roots[i])).toBeCloseTo(r, 10));
  });

  it('isolates two rates 0.01% apart', () => {
    const roots = isolateRoots(cashFlows(flowsWithRoots([1.05, 1.0501])));
    expect(roots.map(Math.expm1).map((r) => Number(r.toFixed(8)))).toEqual([0.05, 0.0501]);
  });

  it('finds none when the sign changes hide no root', () => {
    // (y - 1.1)(y - 1.2) + 0.01 has no real root, but its coefficients change sign twice.
    const flows = flowsWithRoots([1.1, 1.2]);
    flows[2] += 0.01;
    expect(isolateRoots(cashFlows(flows))).toEqual([]);
    expect(solveRate(cashFlows(flows), 0.1, 20)).toEqual({ kind: 'no-root' });
  });

  it('returns the root Newton reaches from each guess', () => {
    const cf = cashFlows(flowsWithRoots([1.1, 1.2, 1.5, 2]));
    for (const [guess, root] of [
      [0.09, 0.1],
      [0.21, 0.2],
      [0.55, 0.5],
      [1.1, 1],
    ]) {
      const o = solveRate(cf, guess, 20);
      expect(o.kind).toBe('root');
      if (o.kind === 'root') {
        expect(o.rate).toBeCloseTo(root, 12);
        expect(o.several).toBe(true);
      }
    }
  });

  it('isolates roots of dated flows at fractional times', () => {
    const times = [0, 0.5, 1.25, 2];
    // Flows chosen so that r = 30% is a root: the last flow balances the others.
    const g = 1.3;
    const amounts = [-100, 20, 30];
    const pv = amounts.reduce((s, c, i) => s + c * Math.pow(g, -times[i]), 0);
    amounts.push(-pv * Math.pow(g, times[3]));
    const roots = isolateRoots(cashFlows(amounts, times));
    expect(roots.map(Math.expm1).some((r) => Math.abs(r - 0.3) < 1e-12)).toBe(true);
  });

  it('answers for thousands of periods with thousands of sign changes', () => {
    const flows = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? -1 : 1.2) * (1 + (i % 7) / 10));
    const o = solveRate(cashFlows(flows), 0.1, 20);
    expect(o.kind).toBe('root');
    if (o.kind === 'root') {
      const pv = flows.reduce((s, c, i) => s + c * Math.pow(1 + o.rate, -i), 0);
      const size = flows.reduce((s, c, i) => s + Math.abs(c) * Math.pow(1 + o.rate, -i), 0);
      expect(Math.abs(pv)).toBeLessThan(1e-9 * size);
    }
  });
});

describe('rate solver edge cases found by the property tests', () => {
  it('ignores a flow that underflows to zero in units of the largest one (was endless recursion)', () => {
    const flows = [1, 5e-324, 0, 0, 0, 1, 0, 0, 0, -1e300];
    const o = solveRate(cashFlows(flows), 0.1, 20);
    expect(o.kind).toBe('root');
    if (o.kind === 'root') {
      // 1 + y^-5 = 1e300 y^-9 with y = 1+r: y^9 ~ 1e300, so r ~ 2e33.
      expect(Math.log(1 + o.rate) * 9).toBeCloseTo(Math.log(1e300), 6);
    }
  });

  it('counts sign changes across zeros', () => {
    expect(signChanges([-1, 0, 0, 2, 0, -3])).toBe(2);
  });
});
