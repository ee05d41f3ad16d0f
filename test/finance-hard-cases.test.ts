// The cases where spreadsheet finance functions go wrong, each with a value known exactly
// (constructed so the root is exact, or in closed form), to 1e-10 relative.
import { call, col, date, expectClose, expectError } from './support/finance';
import { npv } from '../core/finance/present-value';

/** Flows whose IRR is r = growth - 1: the period-0 investment is the present value of the rest at r. */
function flowsWithRoot(growth: number, later: number[]): number[] {
  let pv = 0;
  later.forEach((c, i) => (pv += c / Math.pow(growth, i + 1)));
  return [-pv, ...later];
}

describe('IRR', () => {
  describe('several roots', () => {
    it('returns the root Newton reaches from the default 10% guess', () => {
      expectClose(call('IRR', col([-100, 230, -132])), 0.1);
    });
    it('returns the other root from a guess beside it', () => {
      expectClose(call('IRR', col([-100, 230, -132]), 0.25), 0.2);
    });
    it('finds a root where Newton from the guess fails, taking the one nearest the guess', () => {
      // From 1000% Newton runs below -100%; the roots are 10% and 20%, 20% is nearer.
      expectClose(call('IRR', col([-100, 230, -132]), 10), 0.2);
    });
  });

  describe('no root', () => {
    it('is #NUM! when the flows never change sign', () => {
      expectError(call('IRR', col([100, 200, 300])), '#NUM!', /never change sign/);
    });
    it('is #NUM! when the flows change sign but no rate zeroes them', () => {
      // -100 + 230x - 140x^2 has a negative discriminant.
      expectError(call('IRR', col([-100, 230, -140])), '#NUM!', /no rate above -100%/);
    });
    it('is #NUM! for all zeros', () => {
      expectError(call('IRR', col([0, 0, 0])), '#NUM!');
    });
  });

  describe('near -100%', () => {
    it('finds -99% where a 20-step Newton from 10% gives up', () => {
      expectClose(call('IRR', col([-100, 1])), -0.99);
    });
    it('finds -99.9% on a longer series', () => {
      // 1 + r = 2^-10: the investment is exact in binary.
      expectClose(call('IRR', col(flowsWithRoot(1 / 1024, [1, 2, 3, 4, 5]))), 1 / 1024 - 1);
    });
    it('never returns a rate at or below -100%', () => {
      const r = call('IRR', col([-1e6, 1e-6]));
      expectClose(r, -1 + 1e-12, 1e-6);
      expect(r as number).toBeGreaterThan(-1);
    });
  });

  describe('long projects with a negative IRR', () => {
    it('finds -50% over 40 periods', () => {
      expectClose(call('IRR', col(flowsWithRoot(0.5, Array(40).fill(1)))), -0.5);
    });
    it('finds -20% over 30 periods of uneven flows', () => {
      expectClose(call('IRR', col(flowsWithRoot(0.8, [5, 3, 8, 1, 9, 2, 6, 4, 7, 3, 5, 8, 2, 6, 1, 9, 4, 7, 3, 5, 2, 8, 6, 1, 9, 4, 3, 7, 5, 2]))), -0.2);
    });
  });

  describe('high rates', () => {
    it('finds 1000%', () => {
      expectClose(call('IRR', col([-1, 0, 121])), 10);
    });
    it('finds 1900% in one period', () => {
      expectClose(call('IRR', col([-1, 20])), 19);
    });
    it('finds 10,000% from the default guess', () => {
      expectClose(call('IRR', col([-1, 0, 0, 101 ** 3])), 100);
    });
  });

  describe('zeros and magnitudes', () => {
    it('ignores leading zeros', () => {
      expectClose(call('IRR', col([0, 0, -100, 110])), 0.1);
    });
    it('ignores trailing zeros', () => {
      expectClose(call('IRR', col([-100, 110, 0, 0])), 0.1);
    });
    it('works at 1e-300', () => {
      expectClose(call('IRR', col([-1e-300, 0, 1.21e-300])), Math.sqrt(1.21e-300 / 1e-300) - 1);
    });
    it('works at 1e+300', () => {
      expectClose(call('IRR', col([-1e300, 0, 1.21e300])), Math.sqrt(1.21e300 / 1e300) - 1);
    });
    it('works with amounts that span 1e-200 to 1e+200', () => {
      expectClose(call('IRR', col([-1e200, 1e-200, 1.1e200])), Math.sqrt(1.1) - 1);
    });
  });

  describe('far guesses', () => {
    it('converges from a 5000% guess', () => {
      expectClose(call('IRR', col([-70000, 12000, 15000, 18000, 21000, 26000]), 50), 0.08663094803653161);
    });
    it('converges from a -99% guess', () => {
      expectClose(call('IRR', col([-70000, 12000, 15000, 18000, 21000, 26000]), -0.99), 0.08663094803653161);
    });
    it('rejects a guess at -100%', () => {
      expectError(call('IRR', col([-100, 110]), -1), '#NUM!', /guess/);
    });
  });

  describe('relationship with NPV', () => {
    it('makes the net present value zero', () => {
      const flows = [-70000, 12000, 15000, 18000, 21000, 26000];
      const r = call('IRR', col(flows)) as number;
      expect(Math.abs(npv(r, flows) as number)).toBeLessThan(1e-9 * 70000);
    });
  });

  describe('cells', () => {
    it('skips text, TRUE/FALSE and blanks as Excel does', () => {
      expectClose(call('IRR', col([-100, 'note', null, true, 110])), 0.1);
    });
    it('passes an error cell through', () => {
      expectError(call('IRR', col([-100, { kind: 'sheet-error', code: '#DIV/0!', message: '' }, 110])), '#DIV/0!', /row 2/);
    });
    it('reads a row as well as a column', () => {
      expectClose(call('IRR', [[-100, 0, 121]]), 0.1);
    });
  });
});

describe('XIRR', () => {
  const d0 = date(2024, 1, 1);
  it('uses the 366 days of a leap year as they are, over 365-day years', () => {
    expectClose(call('XIRR', col([-100, 110]), col([d0, date(2025, 1, 1)])), Math.pow(1.1, 365 / 366) - 1);
  });
  it('adds flows on the same day', () => {
    expectClose(call('XIRR', col([-100, 50, 60]), col([d0, d0, d0 + 365])), 0.2);
  });
  it('accepts later dates in any order after the first', () => {
    const x = (-600 + Math.sqrt(600 * 600 + 4 * 1000 * 600)) / 1200;
    expectClose(call('XIRR', col([-1000, 600, 600]), col([d0, d0 + 730, d0 + 365])), 1 / x - 1);
  });
  it('works with 1900-era serial dates', () => {
    expectClose(call('XIRR', col([-100, 110]), col([10, 375])), 0.1);
  });
  it('truncates dates to whole days', () => {
    expectClose(call('XIRR', col([-100, 110]), col([d0 + 0.75, d0 + 365.2])), 0.1);
  });
  it('finds -95% where Newton from 10% fails', () => {
    expectClose(call('XIRR', col([-100, 5]), col([d0, d0 + 365])), -0.95);
  });
  it('finds 1000% over two years', () => {
    expectClose(call('XIRR', col([-1, 121]), col([d0, d0 + 730])), 10);
  });
  it('is #NUM! when a date comes before the first', () => {
    expectError(call('XIRR', col([-100, 110]), col([d0, d0 - 1])), '#NUM!', /before the first date/);
  });
  it('is #NUM! when values and dates differ in length', () => {
    expectError(call('XIRR', col([-100, 110, 5]), col([d0, d0 + 365])), '#NUM!', /3 cells but dates has 2/);
  });
  it('is #VALUE! for text in dates', () => {
    expectError(call('XIRR', col([-100, 110]), col([d0, 'soon'])), '#VALUE!', /row 2 holds the text "soon"/);
  });
  it('is #VALUE! for a negative serial date', () => {
    expectError(call('XIRR', col([-100, 110]), col([d0, -5])), '#VALUE!', /not a valid date/);
  });
  it('is #NUM! without both signs', () => {
    expectError(call('XIRR', col([100, 110]), col([d0, d0 + 365])), '#NUM!', /never change sign/);
  });
  it('leaves out rows where value and date are both blank', () => {
    expectClose(call('XIRR', col([-100, 110, null]), col([d0, d0 + 365, null])), 0.1);
  });
});

describe('XNPV', () => {
  const d0 = date(2024, 1, 1);
  it('discounts over the days between, in 365-day years', () => {
    expectClose(call('XNPV', 0.1, col([-100, 110]), col([d0, d0 + 365])), 0);
    expectClose(call('XNPV', 0.1, col([0, 121]), col([d0, date(2026, 1, 1)])), 121 / Math.pow(1.1, 731 / 365));
  });
  it('does not discount flows on the first date', () => {
    expectClose(call('XNPV', 0.5, col([40, 60]), col([d0, d0])), 100);
  });
  it('is #NUM! for a rate at -100%', () => {
    expectError(call('XNPV', -1, col([-100, 110]), col([d0, d0 + 365])), '#NUM!');
  });
});

describe('NPV', () => {
  it('discounts the first value one period, as Excel does', () => {
    expectClose(call('NPV', 0.1, col([110])), 100);
  });
  it('skips blanks so later values move up a period, as Excel does', () => {
    expectClose(call('NPV', 0.1, col([null, 121])), 110);
  });
  it('reads a percentage typed as text', () => {
    expectClose(call('NPV', '10%', col([110])), 100);
  });
  it('is #DIV/0! at -100%', () => {
    expectError(call('NPV', -1, col([1, 2])), '#DIV/0!');
  });
  it('is #VALUE! when the rate is text', () => {
    expectError(call('NPV', 'ten', col([1, 2])), '#VALUE!', /rate must be a number/);
  });
  it('is #NUM! when the result overflows', () => {
    expectError(call('NPV', -0.999999, col(Array(200).fill(1e300))), '#NUM!');
  });
});

describe('MIRR', () => {
  it('is #DIV/0! without a negative flow', () => {
    expectError(call('MIRR', col([100, 200]), 0.1, 0.1), '#DIV/0!');
  });
  it('counts zeros as periods', () => {
    // -100 financed at 0; 121 reinvested over 0 periods; 2 periods in all.
    expectClose(call('MIRR', col([-100, 0, 121]), 0.1, 0.1), 0.1);
  });
});

describe('PAYBACK', () => {
  it('interpolates inside the period of recovery', () => {
    expectClose(call('PAYBACK', col([-100, 30, 40, 50])), 2.6);
  });
  it('counts whole periods when interpolate is FALSE', () => {
    expectClose(call('PAYBACK', col([-100, 30, 40, 50]), false), 3);
  });
  it('counts from the last recovery when the cumulative flow dips below zero again', () => {
    // cumulative: -100, 50, -50, 30
    expectClose(call('PAYBACK', col([-100, 150, -100, 80])), 2.625);
  });
  it('is exact when the cumulative flow reaches zero at a period end', () => {
    expectClose(call('PAYBACK', col([-100, 50, 50, 10])), 2);
  });
  it('is 0 when nothing is ever owed', () => {
    expectClose(call('PAYBACK', col([0, 10, 10])), 0);
  });
  it('is #N/A when never paid back', () => {
    expectError(call('PAYBACK', col([-100, 30, 30])), '#N/A', /never paid back.*-40/);
  });
  it('counts a blank as a period without cash', () => {
    expectClose(call('PAYBACK', col([-100, null, 50, 100])), 2.5);
  });
  it('is #VALUE! naming the cell for text', () => {
    expectError(call('PAYBACK', col([-100, 'n/a', 150])), '#VALUE!', /row 2 holds the text "n\/a"/);
  });
  it('is #VALUE! for an empty range', () => {
    expectError(call('PAYBACK', []), '#VALUE!');
  });
});

describe('DPAYBACK', () => {
  it('pays back on discounted flows, period 0 undiscounted', () => {
    expectClose(call('DPAYBACK', 0.1, col([-100, 60, 60])), 1 + (100 - 60 / 1.1) / (60 / 1.21));
  });
  it('is #N/A when the discounting delays payback beyond the last period', () => {
    expectError(call('DPAYBACK', 0.1, col([-100, 50, 55])), '#N/A');
  });
});

describe('XPAYBACK', () => {
  const d0 = date(2025, 3, 1);
  it('interpolates the break-even date between the dates around it', () => {
    expectClose(call('XPAYBACK', col([-100, 60, 60]), col([d0, d0 + 100, d0 + 200])), d0 + 100 + (40 / 60) * 100);
  });
  it('sorts flows by date first', () => {
    expectClose(call('XPAYBACK', col([60, -100, 60]), col([d0 + 100, d0, d0 + 200])), d0 + 100 + (40 / 60) * 100);
  });
  it('is #N/A when never paid back', () => {
    expectError(call('XPAYBACK', col([-100, 60]), col([d0, d0 + 100])), '#N/A');
  });
});

describe('ROI and PI', () => {
  it('ROI is (benefits - costs) / costs', () => {
    expectClose(call('ROI', col([-100, 50, 80])), 0.3);
  });
  it('ROI discounts each flow when a rate is given', () => {
    expectClose(call('ROI', col([-100, 55, 121]), 0.1), 0.5);
  });
  it('ROI is #DIV/0! without costs', () => {
    expectError(call('ROI', col([10, 20])), '#DIV/0!');
  });
  it('PI is the present value of inflows over outflows', () => {
    expectClose(call('PI', 0.1, col([-100, 55, 60.5])), 1);
  });
  it('PI is #DIV/0! without outflows', () => {
    expectError(call('PI', 0.1, col([10, 20])), '#DIV/0!');
  });
});

describe('BUSINESSCASE', () => {
  const table = (...args: Parameters<typeof call> extends [string, ...infer A] ? A : never) => call('BUSINESSCASE', ...args) as Array<[string, unknown]>;

  it('spills ten labelled figures', () => {
    const t = table(0.1, col([100, 10, 10, 10]), col([0, 60, 60, 60]));
    expect(t.map((r) => r[0])).toEqual([
      'Total cost',
      'Total benefit',
      'Net benefit',
      'NPV (period 0 undiscounted)',
      'IRR',
      'MIRR',
      'ROI',
      'Payback (periods)',
      'Discounted payback (periods)',
      'Profitability index',
    ]);
    const net = [-100, 50, 50, 50];
    expectClose(t[0][1], 130);
    expectClose(t[1][1], 180);
    expectClose(t[2][1], 50);
    expectClose(t[3][1], -100 + 50 / 1.1 + 50 / 1.21 + 50 / 1.331);
    expectClose(t[4][1], call('IRR', col(net)) as number);
    expectClose(t[5][1], Math.pow((50 * 1.21 + 50 * 1.1 + 50) / 100, 1 / 3) - 1);
    expectClose(t[6][1], 50 / 130);
    expectClose(t[7][1], 2);
    expectClose(t[8][1], 2 + (100 - 50 / 1.1 - 50 / 1.21) / (50 / 1.331));
    expectClose(t[9][1], (60 / 1.1 + 60 / 1.21 + 60 / 1.331) / (100 + 10 / 1.1 + 10 / 1.21 + 10 / 1.331));
  });

  it('shows an error in its own row only', () => {
    const t = table(0.1, col([100, 10]), col([0, 0]));
    expectClose(t[0][1], 110);
    expectClose(t[3][1], -100 - 10 / 1.1);
    expectError(t[4][1], '#NUM!', /never change sign/);
    expectError(t[5][1], '#DIV/0!');
    expectError(t[7][1], '#N/A', /never paid back/);
    expectClose(t[9][1], 0);
  });

  it('accepts costs typed as negative numbers', () => {
    const t = table(0, col([-100, 0]), col([0, 150]));
    expectClose(t[0][1], 100);
    expectClose(t[2][1], 50);
  });

  it('is #VALUE! when costs and benefits cover different periods', () => {
    expectError(call('BUSINESSCASE', 0.1, col([100, 10]), col([0, 20, 30])), '#VALUE!', /2 periods but benefits has 3/);
  });
});

describe('huge magnitudes and long series', () => {
  it('PAYBACK sums flows near 1e308 without overflowing', () => {
    // Cumulative: -1e308, -2e308, -1e308, 0, 1e308: recovered at the end of period 3.
    expectClose(call('PAYBACK', col([-1e308, -1e308, 1e308, 1e308, 1e308])), 3);
  });
  it('PAYBACK names a finite shortfall or says below zero, never Infinity', () => {
    const r = call('PAYBACK', col([-1e308, -1e308]));
    expectError(r, '#N/A', /still below zero/);
  });
  it('DPAYBACK works at a rate next to -100%', () => {
    // Discounted: 0, -1e300 * 9e15, 0, 1e300 * 7e47: recovered almost at once in period 3.
    expectClose(call('DPAYBACK', -0.9999999999999999, col([0, -1e300, 0, 1e300])), 2, 1e-12);
  });
  it('DPAYBACK at a negative rate gives the same answer as discounting each flow', () => {
    expectClose(call('DPAYBACK', -0.5, col([-100, 30, 30])), 1 + (100 - 60) / 120);
  });
  it('MIRR over 10,000 periods gives the ordinary rate where compounding overflows', () => {
    const flows = [-1, 1, ...Array(9998).fill(0)];
    expectClose(call('MIRR', col(flows), 0, 0.08), Math.expm1((9998 / 9999) * Math.log1p(0.08)));
  });
  it('IRR of 10,000 realistic periods', () => {
    const flows = [-1000, ...Array(9999).fill(100)];
    // 1000 = 100 * (1 - x^9999) / r with x = 1/(1+r): r = 10% to double precision.
    expectClose(call('IRR', col(flows)), 0.1);
  });
});
