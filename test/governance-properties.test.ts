// Property tests for the governance functions (fast-check): AHP on consistent and on random
// Saaty-scale matrices, and the vocabulary CHECK and PROPOSAL answer in.
import fc from 'fast-check';
import { CellValue, isSheetError } from '../core';
import { RANDOM_INDEX } from '../core/governance/ahp';
import { call, col, relativeError } from './support/finance';

function column(result: unknown): CellValue[] {
  if (!Array.isArray(result)) throw new Error(`expected a column, got ${JSON.stringify(result)}`);
  return result.map((row: CellValue[]) => {
    if (row.length !== 1) throw new Error(`expected one cell per row, got ${JSON.stringify(row)}`);
    return row[0];
  });
}

function numbers(result: unknown): number[] {
  return column(result).map((x) => {
    if (typeof x !== 'number') throw new Error(`expected a number, got ${JSON.stringify(x)}`);
    return x;
  });
}

/** Saaty's scale: 1/9 ... 1/2, 1, 2 ... 9. */
const SAATY_SCALE = [1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** A reciprocal matrix whose upper triangle is drawn from Saaty's scale. */
const saatyMatrix = fc.integer({ min: 1, max: 10 }).chain((n) =>
  fc.array(fc.constantFrom(...SAATY_SCALE), { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 }).map((upper) => {
    const a: number[][] = Array.from({ length: n }, () => Array<number>(n).fill(1));
    let k = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        a[i][j] = upper[k++];
        a[j][i] = 1 / a[i][j];
      }
    }
    return a;
  }),
);

describe('AHP properties', () => {
  it('reproduces the weights w of a consistent matrix a_ij = w_i / w_j, normalised, to 1e-9, with CR about 0', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 10 }), (w) => {
        const out = numbers(call('AHP', w.map((wi) => w.map((wj) => wi / wj))));
        const total = w.reduce((s, x) => s + x, 0);
        expect(out).toHaveLength(w.length + 1);
        w.forEach((wi, i) => expect(relativeError(out[i], wi / total)).toBeLessThanOrEqual(1e-9));
        expect(Math.abs(out[w.length])).toBeLessThanOrEqual(1e-9);
      }),
      { numRuns: 300 },
    );
  });

  it('gives positive weights summing to 1 and a finite CR of at least 0 for any reciprocal matrix on Saaty\'s scale', () => {
    fc.assert(
      fc.property(saatyMatrix, (a) => {
        const out = numbers(call('AHP', a));
        const n = a.length;
        const weights = out.slice(0, n);
        for (const w of weights) expect(w).toBeGreaterThan(0);
        expect(Math.abs(weights.reduce((s, x) => s + x, 0) - 1)).toBeLessThanOrEqual(1e-12);
        expect(Number.isFinite(out[n])).toBe(true);
        expect(out[n]).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });

  it('gives weights that are an eigenvector of the matrix for lambda_max = n + CR × RI × (n - 1)', () => {
    fc.assert(
      fc.property(saatyMatrix, (a) => {
        const out = numbers(call('AHP', a));
        const n = a.length;
        const lambda = n <= 2 ? n : n + out[n] * RANDOM_INDEX[n - 1] * (n - 1);
        for (let i = 0; i < n; i++) {
          const aw = a[i].reduce((s, x, j) => s + x * out[j], 0);
          expect(relativeError(aw, lambda * out[i])).toBeLessThanOrEqual(1e-9);
        }
      }),
      { numRuns: 500 },
    );
  });
});

const YES: CellValue[] = [true, 1, 'yes', 'Y', ' x ', 'OK', 'true'];
const NO: CellValue[] = [false, 0, 'no', 'n', 'FALSE'];
const answer = fc.oneof(fc.constantFrom(...YES), fc.constantFrom(...NO), fc.constantFrom<CellValue>(null, '', '  '));

describe('CHECK properties', () => {
  it('answers "Flow approval" or "Escalate: " and the points that do not hold, or #N/A for a row with no answers', () => {
    const statuses = fc.integer({ min: 1, max: 9 }).chain((points) =>
      fc.tuple(fc.constant(points), fc.array(fc.array(answer, { minLength: points, maxLength: points }), { minLength: 1, maxLength: 20 })),
    );
    fc.assert(
      fc.property(statuses, ([points, rows]) => {
        const labels = Array.from({ length: points }, (_, i) => `P${i + 1}`);
        const out = column(call('CHECK', rows, [labels]));
        expect(out).toHaveLength(rows.length);
        out.forEach((cell, r) => {
          const blank = rows[r].every((x) => x === null || (typeof x === 'string' && x.trim() === ''));
          if (blank) {
            expect(isSheetError(cell) && cell.code).toBe('#N/A');
            return;
          }
          const missing = labels.filter((_, c) => !YES.includes(rows[r][c]));
          expect(cell).toBe(missing.length ? `Escalate: ${missing.join(', ')}` : 'Flow approval');
        });
      }),
      { numRuns: 300 },
    );
  });

  it('with the seven default points, answers only "Flow approval" or text starting with "Escalate: "', () => {
    const row = fc.array(fc.oneof(fc.constantFrom(...YES), fc.constantFrom(...NO)), { minLength: 7, maxLength: 7 });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 20 }), (rows) => {
        for (const cell of column(call('CHECK', rows))) {
          expect(cell === 'Flow approval' || (typeof cell === 'string' && cell.startsWith('Escalate: '))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('PROPOSAL properties', () => {
  it('answers only Include, Pass forward, Reject or Remove for scored initiatives', () => {
    const item = fc.record({
      score: fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 100 })),
      check: fc.constantFrom<CellValue>('Flow approval', 'Escalate: Financing', 'Escalate: Sponsor, Security', null, ''),
      running: fc.constantFrom<CellValue>(true, false, 'yes', 'no', null, 1, 0),
    });
    const thresholds = fc.option(
      fc.tuple(fc.integer({ min: -100, max: 200 }), fc.integer({ min: -100, max: 200 })).map(([a, b]) => [Math.max(a, b), Math.min(a, b)]),
      { nil: undefined },
    );
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 30 }), thresholds, (items, t) => {
        const out = column(
          call(
            'PROPOSAL',
            col(items.map((x) => x.score)),
            col(items.map((x) => x.check)),
            t && col(t),
            col(items.map((x) => x.running)),
          ),
        );
        expect(out).toHaveLength(items.length);
        for (const cell of out) expect(['Include', 'Pass forward', 'Reject', 'Remove']).toContain(cell);
      }),
      { numRuns: 500 },
    );
  });
});
