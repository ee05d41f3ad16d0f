// fast-check arbitraries for cell values and custom-function arguments, as each host passes them:
//   Sheets: blanks "", dates as Date, ranges as 2-D arrays (a one-cell range as the bare value),
//           omitted trailing arguments left out of the call.
//   Excel:  blanks null (web) or 0 (desktop), dates as serial numbers, error cells as
//           CustomFunctions.Error objects, every parameter passed (null for an omitted optional).
// The argument lists are generated from a catalogue entry's params, so a new function is covered
// without touching the tests.
import fc from 'fast-check';
import type { AnyFunctionSpec, ParamSpec } from '../../core';
import { ExcelError } from './bundles';

export type Host = 'sheets' | 'excel';

/** Numbers that break naive arithmetic: signed zero, extremes, subnormals, rates at -100%. */
export const SPECIAL_NUMBERS: readonly number[] = [
  0, -0, 1, -1, 2, -2, 0.1, -0.1, 0.5, 10, 100, -100,
  1e308, -1e308, Number.MAX_VALUE, -Number.MAX_VALUE, 1.7e308, -1.7e308,
  5e-324, -5e-324, 2.2250738585072014e-308, -2.2250738585072014e-308,
  1e-300, -1e-300, 1e300, -1e300, 1e-16, -1e-16, Number.EPSILON,
  1e15, -1e15, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER,
  -0.9999999999999999, -0.999999999, -1.0000000001, -1 + 1e-12, 0.9999999999999999,
  2958465, 2958466, 2958465.999, 36526, 45000, 59, 60, 61, 1e6, -1e6,
];

export const numberArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_NUMBERS) },
  { weight: 3, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 3, arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000 }) },
  { weight: 2, arbitrary: fc.double({ min: -2, max: 2, noNaN: true }) }, // rates and guesses
);

/** Text a user types or a formula returns: numeric text, words, error look-alikes, markup. */
export const SPECIAL_TEXTS: readonly string[] = [
  '12', '-3.5', ' 7 ', '10%', '-100%', '1e3', '1e999', '-1e999', '1e-999', '.5', '5.', '+4', '0x10', '1,000', '1 000', '€5', '$5',
  '١٢', 'NaN', 'Infinity', '-Infinity', 'undefined', 'null', '', ' ', '\t', '\u0000', 'abc',
  'TRUE', 'FALSE', 'true', 'false', 'yes', 'no', 'Yes',
  '#N/A', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#NULL!', '#ERROR!', '#SPILL!', '#n/a',
  '=1+1', '=BTM_NPV(0.1, A1:A3)', "'=1", '<img src=x onerror=alert(1)>', '</script><script>alert(1)</script>',
  '__proto__', 'constructor', 'x'.repeat(5000),
];

export const textArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_TEXTS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
);

const d = (ms: number) => new Date(ms);
/** Dates as Sheets passes them, including the invalid Date and the ends of the calendar. */
export const SPECIAL_DATES: readonly Date[] = [
  d(NaN),
  d(Date.UTC(1899, 11, 30)),
  d(Date.UTC(1899, 11, 29)),
  d(Date.UTC(1900, 0, 1)),
  d(Date.UTC(1900, 1, 28)),
  d(Date.UTC(1900, 2, 1)),
  d(Date.UTC(1600, 0, 1)),
  d(Date.UTC(2024, 1, 29, 13, 45, 10, 500)),
  d(Date.UTC(9999, 11, 31)),
  d(Date.UTC(9999, 11, 31, 23, 59, 59, 999)),
  d(Date.UTC(10000, 0, 1)),
  d(8.64e15),
  d(-8.64e15),
];

export const dateArb: fc.Arbitrary<Date> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_DATES) },
  { weight: 2, arbitrary: fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }) },
  { weight: 1, arbitrary: fc.date() }, // the whole Date range, and Invalid Date
);

export const EXCEL_ERROR_CELL_CODES = ['#N/A', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#NULL!', '#SPILL!', '#CALC!', '#BUSY!', '#GETTING_DATA'];

/** An error cell as Excel passes it into a custom function. */
export const excelErrorCellArb: fc.Arbitrary<ExcelError> = fc
  .tuple(fc.constantFrom(...EXCEL_ERROR_CELL_CODES), fc.option(fc.constantFrom('', 'from a formula', '<b>x</b>'), { nil: undefined }))
  .map(([code, message]) => new ExcelError(code, message));

/** One cell as the host passes it. */
export function cellArb(host: Host): fc.Arbitrary<unknown> {
  const common = [
    { weight: 6, arbitrary: numberArb as fc.Arbitrary<unknown> },
    { weight: 2, arbitrary: textArb as fc.Arbitrary<unknown> },
    { weight: 1, arbitrary: fc.boolean() as fc.Arbitrary<unknown> },
  ];
  if (host === 'sheets') {
    return fc.oneof(
      ...common,
      { weight: 2, arbitrary: fc.constant('') }, // blank
      { weight: 2, arbitrary: dateArb },
    );
  }
  return fc.oneof(
    ...common,
    { weight: 2, arbitrary: fc.constantFrom(null, 0) }, // blank: web, desktop
    { weight: 1, arbitrary: excelErrorCellArb },
  );
}

/** A block of cells: rectangular, a row, a column, ragged rows, or empty. */
export function rangeArb<T>(cell: fc.Arbitrary<T>, maxSide = 6): fc.Arbitrary<T[][]> {
  const rect = fc
    .tuple(fc.integer({ min: 1, max: maxSide }), fc.integer({ min: 1, max: maxSide }))
    .chain(([rows, cols]) => fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }));
  return fc.oneof(
    { weight: 4, arbitrary: rect },
    { weight: 3, arbitrary: fc.array(cell, { minLength: 1, maxLength: 3 * maxSide }).map((row) => [row]) }, // 1 x N
    { weight: 3, arbitrary: fc.array(cell, { minLength: 1, maxLength: 3 * maxSide }).map((c) => c.map((x) => [x])) }, // N x 1
    { weight: 1, arbitrary: fc.array(fc.array(cell, { maxLength: maxSide }), { minLength: 1, maxLength: maxSide }) }, // ragged
    { weight: 1, arbitrary: fc.constantFrom<T[][]>([], [[]], [[], []]) },
  );
}

/** One argument for a parameter, as the host passes it when the user fills it in. */
export function paramArb(host: Host, p: ParamSpec, cell: fc.Arbitrary<unknown> = cellArb(host)): fc.Arbitrary<unknown> {
  if (p.shape === 'range') {
    // Sheets passes a one-cell range as the bare value; Excel always passes a 2-D array.
    return host === 'sheets' ? fc.oneof({ weight: 5, arbitrary: rangeArb(cell) }, { weight: 1, arbitrary: cell }) : rangeArb(cell);
  }
  // A scalar parameter given a range: Sheets passes the 2-D array (Excel never does).
  return host === 'sheets' ? fc.oneof({ weight: 8, arbitrary: cell }, { weight: 1, arbitrary: rangeArb(cell, 2) }) : cell;
}

/** An argument the user left out (Sheets: not passed, or an empty slot; Excel: null). */
export const OMITTED_ARG: unique symbol = Symbol('omitted argument');
const OMITTED = OMITTED_ARG;

/**
 * The argument list of one call, as the host makes it: half the time anything at all (ranges of
 * any shape and content), half the time a well-formed call (every range the same size, mostly
 * numbers, dates ascending) so that the calculations themselves run, not only the input checks.
 * Sheets: trailing omitted arguments are left out (the call has fewer arguments), one omitted in
 * the middle is undefined or ""; sometimes a required one is left out, sometimes one too many.
 * Excel: one argument per parameter, null for an omitted optional.
 */
export function callArgsArb(host: Host, spec: AnyFunctionSpec, cell: fc.Arbitrary<unknown> = cellArb(host)): fc.Arbitrary<unknown[]> {
  return fc.oneof(anyArgsArb(host, spec, cell), wellFormedArgsArb(host, spec, cell));
}

function anyArgsArb(host: Host, spec: AnyFunctionSpec, cell: fc.Arbitrary<unknown>): fc.Arbitrary<unknown[]> {
  const perParam = spec.params.map((p) => {
    const given = paramArb(host, p, cell);
    if (p.optional) return fc.oneof(given, fc.constant<unknown>(OMITTED));
    return host === 'sheets' ? fc.oneof({ weight: 15, arbitrary: given }, { weight: 1, arbitrary: fc.constant<unknown>(OMITTED) }) : given;
  });
  const extra = host === 'sheets' ? fc.oneof({ weight: 15, arbitrary: fc.constant<unknown[]>([]) }, { weight: 1, arbitrary: fc.array(cell, { minLength: 1, maxLength: 2 }) }) : fc.constant<unknown[]>([]);
  return fc.tuple(fc.tuple(...perParam), extra, fc.boolean()).map(([args, more, middleAsEmptyText]) => finishCall(host, args, more, middleAsEmptyText));
}

/** Amounts as cash flows are typed, with the occasional extreme. */
const amountArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000 }) },
  { weight: 2, arbitrary: fc.double({ min: -1e4, max: 1e4, noNaN: true }) },
  { weight: 1, arbitrary: numberArb },
);

/** Rates and guesses, mostly where they make sense. */
const rateArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -0.99, max: 1, noNaN: true }) },
  { weight: 1, arbitrary: numberArb },
);

const dayMs = (serial: number) => Date.UTC(1899, 11, 30) + serial * 86_400_000;

function wellFormedArgsArb(host: Host, spec: AnyFunctionSpec, cell: fc.Arbitrary<unknown>): fc.Arbitrary<unknown[]> {
  const shapes = fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 12 }), fc.constant(1)),
    fc.tuple(fc.constant(1), fc.integer({ min: 1, max: 12 })),
    fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
  );
  const sometimes = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 12, arbitrary: arb as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: cell });
  return shapes.chain(([rows, cols]) => {
    const n = rows * cols;
    // Ascending whole days from a start anywhere in the calendar (dates may share a day).
    const days = fc
      .tuple(fc.integer({ min: 1, max: 2_900_000 }), fc.array(fc.integer({ min: 0, max: 400 }), { minLength: n, maxLength: n }))
      .map(([start, steps]) => {
        let d = start;
        return steps.map((step, i) => (i === 0 ? d : Math.min((d += step), 2_958_465)));
      });
    const dateCells = days.chain((ds) =>
      fc.tuple(...ds.map((d) => sometimes(fc.constant(host === 'sheets' ? new Date(dayMs(d)) : d)))),
    );
    const perParam = spec.params.map((p) => {
      const given: fc.Arbitrary<unknown> =
        p.shape === 'range'
          ? (p.name === 'dates' ? dateCells : fc.array(sometimes(amountArb), { minLength: n, maxLength: n })).map((cells) => shaped(cells as unknown[], rows, cols))
          : sometimes(rateArb);
      return p.optional ? fc.oneof(given, fc.constant<unknown>(OMITTED)) : given;
    });
    return fc.tuple(fc.tuple(...perParam), fc.boolean()).map(([args, middleAsEmptyText]) => finishCall(host, args, [], middleAsEmptyText));
  });
}

function finishCall(host: Host, args: unknown[], more: unknown[], middleAsEmptyText: boolean): unknown[] {
  if (host === 'excel') return args.map((a) => (a === OMITTED ? null : a));
  let last = args.length - 1;
  while (last >= 0 && args[last] === OMITTED) last--;
  const call = args.slice(0, last + 1).map((a) => (a === OMITTED ? (middleAsEmptyText ? '' : undefined) : a));
  return more.length && last === args.length - 1 ? [...call, ...more] : call;
}

/** Numbers only, no blanks: the inputs on which both hosts must give the same answer. */
export function numericArgsArb(spec: AnyFunctionSpec): fc.Arbitrary<Array<number | number[][] | typeof OMITTED_ARG>> {
  const numbers = rangeArb(numberArb).filter((r) => r.length > 0 && r.every((row) => row.length > 0));
  return fc.tuple(
    ...spec.params.map((p) => {
      const given: fc.Arbitrary<number | number[][]> = p.shape === 'range' ? numbers : numberArb;
      return p.optional ? fc.oneof(given, fc.constant(OMITTED_ARG)) : given;
    }),
  );
}

/** n cells in the given shape. */
export function shaped<T>(cells: readonly T[], rows: number, cols: number): T[][] {
  const out: T[][] = [];
  for (let r = 0; r < rows; r++) out.push(cells.slice(r * cols, (r + 1) * cols));
  return out;
}

// ---------------------------------------------------------------------------------------------
// 10,000-cell arguments, built by a seeded generator: fast-check would spend its time building
// and shrinking 10,000-element arrays, and a failure is replayed from the seed alone.

export type BigShape = readonly [rows: number, cols: number];
export const BIG_SHAPES: readonly BigShape[] = [
  [10_000, 1],
  [1, 10_000],
  [100, 100],
];

/**
 * flows:       a project's cash flows: an investment, then mostly benefits with some reinvestments.
 * random-sign: numbers of either sign in every cell (the worst case for a rate solver).
 * hostile:     nine numbers in ten, the rest any cell the host can pass (blanks, text, errors ...).
 */
export type BigMode = 'flows' | 'random-sign' | 'hostile';
export const BIG_MODES: readonly BigMode[] = ['flows', 'random-sign', 'hostile'];

export function bigCallArgs(host: Host, spec: AnyFunctionSpec, shape: BigShape, mode: BigMode, seed: number): unknown[] {
  const [rows, cols] = shape;
  const n = rows * cols;
  let state = seed >>> 0 || 1;
  const rand = () => {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const pool = fc.sample(cellArb(host), { numRuns: 200, seed });
  const hostile = () => pool[Math.floor(rand() * pool.length)];
  const dates = (): unknown[] => {
    const out: unknown[] = [];
    let serial = 36526; // 2000-01-01
    for (let i = 0; i < n; i++) {
      serial += Math.floor(rand() * 3); // ascending, sometimes the same day
      if (mode === 'hostile' && rand() < 0.02) out.push(hostile());
      else out.push(host === 'sheets' ? new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000) : serial);
    }
    return out;
  };
  const amounts = (): unknown[] => {
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      if (mode === 'flows') out.push(i === 0 ? -Math.round(1e6 * (1 + rand() * 100)) : Math.round((rand() - (rand() < 0.05 ? 1 : 0.1)) * 1e4));
      else if (mode === 'random-sign') out.push(Math.round((rand() - 0.5) * 1e5) || 1);
      else out.push(rand() < 0.9 ? Math.round((rand() - 0.5) * 1e5) : hostile());
    }
    return out;
  };
  return spec.params.map((p) => {
    if (p.shape === 'range') return shaped(p.name === 'dates' ? dates() : amounts(), rows, cols);
    if (p.optional) return host === 'excel' ? null : OMITTED_ARG;
    return mode === 'hostile' ? hostile() : 0.08;
  });
}
