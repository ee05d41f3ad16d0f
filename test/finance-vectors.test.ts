// Microsoft's documented examples for NPV, IRR, XNPV, XIRR and MIRR (../shared/finance-vectors.json),
// each to 1e-10 relative against its exact value.
import fs from 'node:fs';
import path from 'node:path';
import { call, col, expectClose, expectError } from './support/finance';

interface VectorCase {
  fn: 'NPV' | 'IRR' | 'XNPV' | 'XIRR' | 'MIRR';
  rate?: number;
  values: number[];
  dates?: number[];
  guess?: number;
  finance_rate?: number;
  reinvest_rate?: number;
  exact?: number;
  shown?: number;
  roots?: number[];
  error?: string;
}

const file = path.resolve(__dirname, '..', '..', 'shared', 'finance-vectors.json');
const cases: VectorCase[] = JSON.parse(fs.readFileSync(file, 'utf8')).cases;

function run(c: VectorCase): unknown {
  switch (c.fn) {
    case 'NPV':
      return call('NPV', c.rate ?? null, col(c.values));
    case 'IRR':
      return call('IRR', col(c.values), c.guess ?? undefined);
    case 'XNPV':
      return call('XNPV', c.rate ?? null, col(c.values), col(c.dates ?? []));
    case 'XIRR':
      return call('XIRR', col(c.values), col(c.dates ?? []), c.guess ?? undefined);
    case 'MIRR':
      return call('MIRR', col(c.values), c.finance_rate ?? null, c.reinvest_rate ?? null);
  }
}

describe('published vectors', () => {
  it('are all here', () => {
    expect(cases.length).toBeGreaterThanOrEqual(13);
  });

  test.each(cases.map((c, i) => [`${c.fn} #${i + 1} (${c.values.join(', ')})`, c] as const))('%s', (_label, c) => {
    const result = run(c);
    if (c.error) return expectError(result, c.error);
    if (c.roots) return expectClose(result, c.roots[0]); // Newton from the default 10% guess reaches the first
    // The MIRR vectors give 'exact' to 12-13 digits only; they agree with 'shown' as printed.
    const digits = String(c.exact).replace(/^-?0\.0*/, '').length;
    expectClose(result, c.exact as number, digits >= 15 ? 1e-10 : 10 ** -(digits - 2));
    if (c.shown !== undefined) expect(Number((result as number).toFixed(String(c.shown).split('.')[1]?.length ?? 0))).toBeCloseTo(c.shown, 8);
  });
});
