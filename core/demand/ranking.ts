// Priority order from scores: plain numbers in, ranks out.
import { IndexSorter } from './index-sort';
import { float64Scratch, uint32Scratch } from './scratch';

/**
 * Ranks 1..k of the k rows that have a score (1 = highest), 0 for a row without one (NaN).
 * Equal scores are ordered by the tie-breaker, higher first (a row whose tie-breaker is NaN
 * after those that have one), then by row order, earlier first. Every ranked row gets its own
 * rank, so the ranks are a permutation of 1..k. -0 and 0 are equal.
 *
 * One stable sort of the negated scores (ties stay in row order); only runs of equal scores
 * are then ordered by the tie-breaker.
 */
export function priorityRanks(scores: Float64Array, tieBreakers?: Float64Array): Int32Array {
  const n = scores.length;
  const rows = uint32Scratch('rank.rows', n);
  const negated = float64Scratch('rank.negated', n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    if (s !== s) continue;
    negated[i] = -s;
    rows[m++] = i;
  }
  const ranks = new Int32Array(n);
  if (m === 0) return ranks;
  const { order, sorted } = new IndexSorter(m).sort(negated, rows, m);
  if (tieBreakers) {
    const tb = tieBreakers;
    for (let i = 0; i < m; ) {
      let j = i;
      while (j + 1 < m && sorted[j + 1] === sorted[i]) j++;
      if (j > i) {
        const run = Array.from(order.subarray(i, j + 1)).sort((a, b) => {
          const ta = tb[a];
          const tbb = tb[b];
          const hasA = ta === ta;
          const hasB = tbb === tbb;
          if (hasA !== hasB) return hasA ? -1 : 1;
          if (hasA && ta !== tbb) return tbb > ta ? 1 : -1;
          return a - b;
        });
        order.set(run, i);
      }
      i = j + 1;
    }
  }
  for (let k = 0; k < m; k++) ranks[order[k]] = k + 1;
  return ranks;
}
