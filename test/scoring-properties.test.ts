// Properties of SCORE and PRIORITY that hold for any table: scores in range, monotone in a
// higher-is-better value, independent of the weights' scale and of the row order, rank
// percentiles as defined, and PRIORITY a permutation in the documented order.
import fc from 'fast-check';
import { CellValue, isSheetError, sheetError } from '../core';
import { IndexSorter } from '../core/demand/index-sort';
import { call } from './support/finance';

/** FC_SEED=123 replays a failure's seed; FC_RUNS=20 runs every property 20 times as often. */
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const FACTOR = Math.max(1, Number(process.env.FC_RUNS) || 1);
const runs = (numRuns: number): fc.Parameters<unknown> => ({ numRuns: numRuns * FACTOR, ...(SEED === undefined ? {} : { seed: SEED }) });

type Method = 'minmax' | 'rank' | 'raw';

/** Criterion values: small integers (many ties), ordinary doubles, now and then a blank. */
const value: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -5, max: 5 }) },
  { weight: 3, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e-300, -1e300, 1e300) },
);
const cell: fc.Arbitrary<number | null> = fc.oneof({ weight: 6, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) });

interface Case {
  table: Array<Array<number | null>>;
  weights: number[];
  directions: number[];
}

const caseArb: fc.Arbitrary<Case> = fc
  .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 5 }))
  .chain(([rows, cols]) =>
    fc.record({
      table: fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
      weights: fc
        .array(fc.oneof(fc.integer({ min: 0, max: 10 }), fc.double({ min: 1e-3, max: 1e3, noNaN: true })), { minLength: cols, maxLength: cols })
        .filter((w) => w.some((x) => x > 0)),
      directions: fc.array(fc.constantFrom(1, -1), { minLength: cols, maxLength: cols }),
    }),
  );

function score(c: Case, method: Method, weights = c.weights, table: CellValue[][] = c.table): Array<number | undefined> {
  const out = call('SCORE', table, [weights], [c.directions], method);
  if (!Array.isArray(out)) throw new Error(`SCORE gave ${JSON.stringify(out)}`);
  return out.map((row: CellValue[]) => {
    const x = row[0];
    if (typeof x === 'number') return x;
    if (isSheetError(x) && x.code === '#N/A') return undefined;
    throw new Error(`SCORE gave the cell ${JSON.stringify(x)}`);
  });
}

describe('SCORE properties', () => {
  it.each(['minmax', 'rank'] as const)('%s scores lie within 0..100', (method) => {
    fc.assert(
      fc.property(caseArb, (c) => {
        for (const s of score(c, method)) if (s !== undefined) expect(s >= 0 && s <= 100).toBe(true);
      }),
      runs(300),
    );
  });

  it.each(['minmax', 'rank'] as const)('%s: a row with a value for a weighted criterion has a score, others #N/A', (method) => {
    fc.assert(
      fc.property(caseArb, (c) => {
        score(c, method).forEach((s, r) => {
          const scored = c.table[r].some((x, j) => x !== null && c.weights[j] > 0);
          expect(s !== undefined).toBe(scored);
        });
      }),
      runs(200),
    );
  });

  it.each(['minmax', 'rank', 'raw'] as const)('%s: raising a higher-is-better value of one initiative never lowers its score', (method) => {
    const arb = caseArb.chain((c) =>
      fc.record({
        c: fc.constant(c),
        r: fc.integer({ min: 0, max: c.table.length - 1 }),
        j: fc.integer({ min: 0, max: c.weights.length - 1 }),
        by: fc.oneof(fc.double({ min: 1e-9, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 10 })),
      }),
    );
    fc.assert(
      fc.property(arb, ({ c, r, j, by }) => {
        const directions = c.directions.map((d, k) => (k === j ? 1 : d));
        const before = c.table[r][j];
        if (before === null) return;
        const raised = before + by;
        if (!Number.isFinite(raised) || raised === before) return;
        const table = c.table.map((row) => [...row]);
        table[r][j] = raised;
        const c1 = { ...c, directions };
        const old = score(c1, method)[r];
        const now = score(c1, method, c.weights, table)[r];
        if (old === undefined || now === undefined) return;
        expect(now).toBeGreaterThanOrEqual(old);
      }),
      runs(400),
    );
  });

  it.each(['minmax', 'rank', 'raw'] as const)('%s: multiplying every weight by k > 0 gives the same scores to 1e-9', (method) => {
    const k = fc.oneof(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.constantFrom(2, 0.5, 1000, 1e-3));
    fc.assert(
      fc.property(caseArb, k, (c, factor) => {
        const a = score(c, method);
        const b = score(c, method, c.weights.map((w) => w * factor));
        a.forEach((x, i) => {
          const y = b[i];
          expect(y === undefined).toBe(x === undefined);
          if (x !== undefined && y !== undefined) expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)));
        });
      }),
      runs(300),
    );
  });

  it.each(['minmax', 'rank', 'raw'] as const)('%s: reordering the rows reorders the scores and changes nothing else', (method) => {
    const arb = caseArb.chain((c) => fc.record({ c: fc.constant(c), perm: fc.shuffledSubarray(c.table.map((_, i) => i), { minLength: c.table.length, maxLength: c.table.length }) }));
    fc.assert(
      fc.property(arb, ({ c, perm }) => {
        const a = score(c, method);
        const b = score(c, method, c.weights, perm.map((i) => c.table[i]));
        perm.forEach((from, to) => {
          const x = a[from];
          const y = b[to];
          expect(y === undefined).toBe(x === undefined);
          if (x !== undefined && y !== undefined) expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)));
        });
      }),
      runs(200),
    );
  });

  it.each(['minmax', 'rank'] as const)('%s: lower-is-better on a value is higher-is-better on its negation', (method) => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const flipped = { ...c, directions: c.directions.map((d) => -d) };
        const negated = c.table.map((row) => row.map((x) => (x === null ? null : -x)));
        const a = score(c, method);
        const b = score(flipped, method, c.weights, negated);
        a.forEach((x, i) => {
          const y = b[i];
          if (x !== undefined && y !== undefined) expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-9);
          else expect(y).toBe(x);
        });
      }),
      runs(200),
    );
  });

  // The rank method sorts each criterion with a bucket sort (radix for skewed data); checked
  // against the definition, counted the slow way, on tables tall enough to reach every path.
  it('rank scores are the weighted percentile ranks by definition, for tall tables of any spread', () => {
    const spread = fc.oneof(
      fc.constant((x: number) => x),
      fc.constant((x: number) => Math.pow(2, x)), // many orders of magnitude: the radix path
      fc.constant((x: number) => (x % 7) * 1e-310), // subnormals
      fc.constant((x: number) => (x > 40 ? 1e300 : x)), // an outlier squeezes the rest into one bucket
    );
    const arb = fc
      .tuple(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 3 }), spread)
      .chain(([rows, cols, f]) =>
        fc.record({
          table: fc.array(
            fc.array(fc.oneof({ weight: 9, arbitrary: fc.integer({ min: -60, max: 60 }).map(f) }, { weight: 1, arbitrary: fc.constant(null) }), {
              minLength: cols,
              maxLength: cols,
            }),
            { minLength: rows, maxLength: rows },
          ),
          weights: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: cols, maxLength: cols }),
        }),
      );
    fc.assert(
      fc.property(arb, ({ table, weights }) => {
        const got = score({ table, weights, directions: weights.map(() => 1) }, 'rank');
        const cols = weights.length;
        const presentIn = weights.map((_, j) => table.map((row) => row[j]).filter((v): v is number => v !== null));
        const percentile = (j: number, x: number): number => {
          const present = presentIn[j];
          let below = 0;
          let equal = 0;
          for (const v of present) {
            if (v < x) below++;
            else if (v === x) equal++;
          }
          if (equal === present.length) return 1;
          return (below + (equal - 1) / 2) / (present.length - 1);
        };
        table.forEach((row, r) => {
          let acc = 0;
          let ws = 0;
          for (let j = 0; j < cols; j++) {
            const x = row[j];
            if (x === null) continue;
            acc += weights[j] * percentile(j, x);
            ws += weights[j];
          }
          if (ws === 0) expect(got[r]).toBeUndefined();
          else expect(Math.abs((got[r] as number) - (100 * acc) / ws)).toBeLessThanOrEqual(1e-9);
        });
      }),
      runs(150),
    );
  });
});

describe('IndexSorter', () => {
  it('orders any finite doubles as a stable comparison sort does', () => {
    const finite = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: -3, max: 3 }),
      fc.constantFrom(0, -0, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE),
    );
    const values = fc.oneof(
      fc.array(finite, { maxLength: 3000 }),
      fc.array(fc.integer({ min: -1074, max: 1023 }).map((e) => Math.pow(2, e)), { minLength: 100, maxLength: 3000 }),
    );
    fc.assert(
      fc.property(values, (xs) => {
        const v = Float64Array.from(xs);
        const rows = Uint32Array.from(xs.map((_, i) => i));
        const { order, sorted } = new IndexSorter(xs.length).sort(v, rows, xs.length);
        const expected = xs.map((_, i) => i).sort((a, b) => (xs[a] < xs[b] ? -1 : xs[a] > xs[b] ? 1 : a - b));
        expect(Array.from(order)).toEqual(expected);
        expect(Array.from(sorted)).toEqual(expected.map((i) => v[i]));
      }),
      runs(100),
    );
  });
});

describe('PRIORITY properties', () => {
  const scoreCell: fc.Arbitrary<CellValue> = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 5 }) },
    { weight: 3, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom<CellValue>(null, 'x', true, sheetError('#N/A', 'no score')) },
  );
  const arb = fc.integer({ min: 1, max: 40 }).chain((n) =>
    fc.record({
      scores: fc.array(scoreCell, { minLength: n, maxLength: n }),
      ties: fc.option(fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(null)), { minLength: n, maxLength: n }), { nil: undefined }),
    }),
  );

  it('ranks the rows with a score 1..k, each once, the others #N/A', () => {
    fc.assert(
      fc.property(arb, ({ scores, ties }) => {
        const out = call('PRIORITY', scores.map((s) => [s]), ties?.map((t) => [t])) as CellValue[][];
        const ranked = scores.map((s) => typeof s === 'number');
        const ranks = out.map((row) => row[0]);
        ranks.forEach((x, i) => (ranked[i] ? expect(typeof x).toBe('number') : expect(isSheetError(x) && x.code).toBe('#N/A')));
        const got = ranks.filter((x): x is number => typeof x === 'number').sort((a, b) => a - b);
        expect(got).toEqual(got.map((_, i) => i + 1));
      }),
      runs(300),
    );
  });

  it('orders by score, then tie-breaker (higher first, blank last), then row', () => {
    fc.assert(
      fc.property(arb, ({ scores, ties }) => {
        const out = call('PRIORITY', scores.map((s) => [s]), ties?.map((t) => [t])) as CellValue[][];
        const ranked = scores.flatMap((s, i) => (typeof s === 'number' ? [i] : []));
        const tb = (i: number) => (ties && ties[i] !== null ? (ties[i] as number) : -Infinity);
        const expected = [...ranked].sort((a, b) => (scores[b] as number) - (scores[a] as number) || tb(b) - tb(a) || a - b);
        expected.forEach((row, k) => expect(out[row][0]).toBe(k + 1));
      }),
      runs(300),
    );
  });
});
