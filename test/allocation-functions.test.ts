// ALLOCATE and CAPACITYCHECK through the catalogue boundary, as the hosts call them: ranges of
// normalised cells in, a spilled table or a spreadsheet error naming the cell out.
import fc from 'fast-check';
import { CellValue, DEFAULT_SETTINGS, Range, invoke, isSheetError, settingsToGrid, sheetError } from '../core';
import { ALLOCATE, ALLOCATION_FUNCTIONS, CAPACITYCHECK, MAX_PLAN_CELLS } from '../core/catalogue/allocation-functions';
import { col, expectError } from './support/finance';
import { numberArb, rangeArb, textArb } from './support/arbitraries';

const allocate = (...args: Array<Range | undefined>) => invoke(ALLOCATE, args);
const check = (...args: Array<Range | undefined>) => invoke(CAPACITYCHECK, args);

/** A table result (fails the test on an error). */
function table(result: unknown): CellValue[][] {
  if (isSheetError(result) || !Array.isArray(result)) throw new Error(`expected a table, got ${JSON.stringify(result)}`);
  return result as CellValue[][];
}

// Ten developers and two testers each month. Plannable: 10 × 85% × 75% = 6.375 developers and
// 2 × 85% × 75% = 1.275 testers.
const capacity: Range = [
  ['Role', 'Jan', 'Feb', 'Mar', 'Apr'],
  ['Dev', 10, 10, 10, 10],
  ['Test', 2, 2, 2, 2],
];
const demand: Range = [
  ['Initiative', 'Duration', 'Dev', 'Test'],
  ['CRM', 2, 4, 1],
  ['ERP', 3, 4, 1],
  ['Web', 1, 2, null],
  ['Data', 1, 8, 0],
];
const HEADER = ['Initiative', 'Role', 'Jan', 'Feb', 'Mar', 'Apr', 'Finish'];
const FINDINGS = ['Severity', 'Role', 'Period', 'Initiative', 'Finding'];
const CLEAN = 'No findings: no allocation at or below 20%, no person above 100%, every role within the 75% of its effective capacity that may be planned';

describe('ALLOCATE', () => {
  it('staffs the top initiatives fully, starts the next only when its whole team is free, and says when each finishes', () => {
    // Data (priority 4) needs 8 developers, more than the 6.375 that may be planned: it never starts.
    // CRM takes 4 dev + 1 tester; ERP needs the tester that is left (0.275) and waits; Web needs no
    // tester and starts beside CRM. ERP starts in March and is still running after April.
    expect(allocate(demand, capacity, col(['Priority', 3, 2, 1, 4]))).toEqual([
      HEADER,
      ['Data', '', 0, 0, 0, 0, 'not started: Dev needs 8 FTE, at most 6.38 FTE plannable'],
      ['CRM', 'Dev', 4, 4, 0, 0, 'Feb'],
      ['CRM', 'Test', 1, 1, 0, 0, 'Feb'],
      ['ERP', 'Dev', 0, 0, 4, 4, 'not finished'],
      ['ERP', 'Test', 0, 0, 1, 1, 'not finished'],
      ['Web', 'Dev', 2, 0, 0, 0, 'Jan'],
    ]);
  });

  it('takes the capacity rules: with every person fully plannable ERP starts at once and finishes in March', () => {
    expect(allocate(demand, capacity, col([3, 2, 1, 0]), [[1, 1]])).toEqual([
      HEADER,
      ['CRM', 'Dev', 4, 4, 0, 0, 'Feb'],
      ['CRM', 'Test', 1, 1, 0, 0, 'Feb'],
      ['ERP', 'Dev', 4, 4, 4, 0, 'Mar'],
      ['ERP', 'Test', 1, 1, 1, 0, 'Mar'],
      ['Web', 'Dev', 2, 0, 0, 0, 'Jan'],
    ]);
  });

  it('reads the rules as the labelled block copied from BTM Settings, a blank value keeping its default', () => {
    const grid = settingsToGrid(DEFAULT_SETTINGS);
    const title = grid.findIndex((row) => row[0] === 'Capacity rules');
    const block = grid.slice(title, title + 6).map((row) => row.slice(0, 2));
    expect(block[1][0]).toBe('Availability of a person');
    block[1][1] = 1;
    block[2][1] = 1;
    block[3][1] = null; // minimum allocation: default
    expect(allocate(demand, capacity, col([3, 2, 1, 0]), block)).toEqual(allocate(demand, capacity, col([3, 2, 1, 0]), [[1, 1]]));
    // Without the title row, in any order.
    expect(allocate(demand, capacity, col([3, 2, 1, 0]), [['Plannable share of capacity', '100%'], ['availability of a person', 1]])).toEqual(
      allocate(demand, capacity, col([3, 2, 1, 0]), [[1], [1]]),
    );
  });

  it('orders by priority, higher first, ties in row order; 0 or blank leaves an initiative out (a SELECT 1/0 column works)', () => {
    const d: Range = [
      ['A', 1, 2],
      ['B', 1, 2],
      ['C', 1, 2],
      ['D', 1, 2],
    ];
    const c: Range = [[4, 4, 4]]; // 4 people: 2.55 plannable, room for one at a time
    expect(allocate(d, c, col([1, 0, 1, null]))).toEqual([
      ['Initiative', 'Role', 'P1', 'P2', 'P3', 'Finish'],
      ['A', 'Role 1', 2, 0, 0, 'P1'],
      ['C', 'Role 1', 0, 2, 0, 'P2'],
    ]);
    // As a row; D comes last and finds no room in three periods.
    expect(table(allocate(d, c, [[2, 5, 2, 1]])).map((row) => [row[0], row[row.length - 1]])).toEqual([
      ['Initiative', 'Finish'],
      ['B', 'P1'],
      ['A', 'P2'],
      ['C', 'P3'],
      ['D', 'not started'],
    ]);
  });

  it('numbers unnamed initiatives, names roles "Role 1" ... and periods "P1" ... when the tables have no labels', () => {
    expect(allocate([[2, 1, 0.5], [1, 0, 1]], [[2, 2], [2, 2]], col([1, 1]), [[1, 1]])).toEqual([
      ['Initiative', 'Role', 'P1', 'P2', 'Finish'],
      [1, 'Role 1', 1, 1, 'P2'],
      [1, 'Role 2', 0.5, 0.5, 'P2'],
      [2, 'Role 2', 1, 0, 'P1'],
    ]);
  });

  it('keeps dates as period labels when a "Role" corner marks the first row', () => {
    const jan = 46023; // 2026-01-01
    const feb = 46054;
    expect(allocate([['X', 1, 1]], [['Role', jan, feb], ['Dev', 4, 4]], col([1]))).toEqual([
      ['Initiative', 'Role', jan, feb, 'Finish'],
      ['X', 'Dev', 1, 0, jan],
    ]);
  });

  it('ignores trailing blank rows, so the ranges may run past the tables', () => {
    const long = [...demand, [null, null, null, null], ['', null, null, null]];
    expect(allocate(long, [...capacity, [null, null, null, null, null]], col(['Priority', 3, 2, 1, 4, null, null]))).toEqual(
      allocate(demand, capacity, col([3, 2, 1, 4])),
    );
  });

  it('writes clean FTE figures, not floating-point dust', () => {
    const out = table(allocate([['A', 3, 0.1]], [[1, 1, 1]], col([1]), [[1, 1]]));
    expect(out[1]).toEqual(['A', 'Role 1', 0.1, 0.1, 0.1, 'P3']);
  });

  describe('bad input', () => {
    it('names a cell holding text where a number is needed', () => {
      expectError(allocate([['A', 2, 'four']], [[4]], col([1])), '#VALUE!', /^demand: column 3 holds the text "four"; the FTE per period at full staffing is needed$/);
      expectError(allocate(demand, [['Role', 'Jan'], ['Dev', 'ten']], col([1, 1, 1, 1])), '#VALUE!', /^capacity: row 2, column 2 holds the text "ten"; the number of people/);
      expectError(allocate(demand, capacity, col([3, 'high', 1, 1])), '#VALUE!', /^priorities: row 2 holds the text "high"; a priority/);
    });

    it('names a blank duration or headcount (a blank FTE is a role not needed)', () => {
      expectError(allocate([['A', null, 1]], [[4]], col([1])), '#VALUE!', /^demand: column 2 is blank; the duration in periods at full staffing is needed$/);
      expectError(allocate([['A', 1, 1]], [['Dev', 4, null, 4]], col([1])), '#VALUE!', /^capacity: column 3 is blank; the number of people \(0 for none\) is needed$/);
    });

    it('passes an error cell on, saying where it was', () => {
      const na = sheetError('#N/A', 'lookup failed');
      const r = allocate([['A', 1, 1], ['B', na, 1]], [[4]], col([1, 1]));
      expectError(r, '#N/A', /^demand: row 2, column 2 holds #N\/A \(lookup failed\)$/);
      expectError(allocate([['A', 1, 1]], [[4]], col(['#DIV/0!'])), '#DIV/0!', /^priorities: row 1 holds #DIV\/0!$/);
    });

    it('refuses negative numbers and a zero duration', () => {
      expectError(allocate([['A', 1, -1]], [[4]], col([1])), '#VALUE!', /^demand: column 3 holds -1; the FTE per period at full staffing cannot be negative$/);
      expectError(allocate([['A', 1, 1]], [[-4]], col([1])), '#VALUE!', /^capacity: row 1 holds -4; the number of people \(0 for none\) cannot be negative$/);
      expectError(allocate([['A', 1, 1]], [[4]], col([-1])), '#VALUE!', /^priorities: row 1 holds -1; a priority .* cannot be negative$/);
      expectError(allocate([['A', 0, 1]], [[4]], col([1])), '#VALUE!', /^demand: column 2 holds 0; the duration in periods at full staffing must be above 0$/);
      expectError(allocate([['A', 2, 0]], [[4]], col([1])), '#VALUE!', /^demand: row 1 needs no one/);
    });

    it('says when demand\'s FTE columns do not match capacity\'s roles', () => {
      expectError(allocate([[2, 1]], capacity, col([1])), '#VALUE!', /^demand has 1 FTE column after the duration but capacity has 2 roles; give one row per initiative: \[name,\] duration in periods, then FTE per period for each of capacity's 2 roles in its row order \(a blank FTE cell is a role not needed\)$/);
      expectError(allocate([['A', 2, 1, 1, 3]], capacity, col([1])), '#VALUE!', /^demand: column 5 holds 3 but capacity has only 2 roles/);
      expectError(allocate([['Initiative', 'Duration', 'Test', 'Dev'], ['A', 2, 1, 1]], capacity, col([1])), '#VALUE!', /^demand: row 1, column 3 is headed "Test" but capacity's role 1 is "Dev"; put the FTE columns in capacity's row order$/);
      // A typo in a duration makes the first column read as names: the message says so.
      expectError(allocate([[2, 1, 1], ['two', 1, 1]], capacity, col([1, 1])), '#VALUE!', /^demand has 1 FTE column after the duration \(the first column is read as names because row 2, column 1 holds text\)/);
    });

    it('says when the priorities do not count one per initiative', () => {
      expectError(allocate(demand, capacity, col([1, 2, 3])), '#VALUE!', /^priorities has 3 cells but demand has 4 initiatives; give one priority per initiative/);
      expectError(allocate(demand, capacity, [[1, 2], [3, 4]]), '#VALUE!', /^priorities must be a single column \(or row\)/);
    });

    it('refuses names given twice', () => {
      expectError(allocate([['A', 1, 1], ['a ', 1, 1]], [[4]], col([1, 1])), '#VALUE!', /^demand: row 2, column 1 repeats the initiative "a" of row 1, column 1; each initiative must be named once$/);
      expectError(allocate([['A', 1, 1, 1]], [['Role', 'Jan'], ['Dev', 4], ['dev', 4]], col([1])), '#VALUE!', /^capacity: row 3, column 1 repeats the role "dev" of row 2, column 1/);
    });

    it('checks the rules as BTM Settings does, naming the cell', () => {
      expectError(allocate(demand, capacity, col([1, 1, 1, 1]), [[1.5]]), '#VALUE!', /^rules: row 1 holds 1.5: availability must be a share above 0% and at most 100%$/);
      expectError(allocate(demand, capacity, col([1, 1, 1, 1]), [[null, null, null, 8, 6]]), '#VALUE!', /^rules: column 5 holds 6: team size to must be a whole number at least team size from$/);
      expectError(allocate(demand, capacity, col([1, 1, 1, 1]), [[0.8, 0.7, 0.2, 5, 7, 1]]), '#VALUE!', /^rules has 6 cells; the capacity rules are at most 5 numbers/);
      expectError(allocate(demand, capacity, col([1, 1, 1, 1]), [['Holidays', 3]]), '#VALUE!', /^rules: column 1 holds the text "Holidays"; a rule is one of: Availability of a person, /);
      expectError(allocate(demand, capacity, col([1, 1, 1, 1]), [['high']]), '#VALUE!', /^rules: row 1 holds the text "high"; Availability of a person must be a number$/);
    });

    it('points plans too large for a custom function to the panel command', () => {
      const periods = Math.ceil(MAX_PLAN_CELLS / 1000) + 1;
      const wide: Range = [new Array<CellValue>(periods).fill(1)];
      const many: Range = Array.from({ length: 1000 }, () => [1, 1]);
      expectError(allocate(many, wide, col(new Array<CellValue>(1000).fill(1))), '#VALUE!', /^ALLOCATE: 1000 initiatives × 1 role × 501 periods is more than the 500,000 .*"Plan capacity"/);
    });

    it('says what an empty table needs', () => {
      expectError(allocate([[null]], capacity, col([1])), '#VALUE!', /^demand is empty; give one row per initiative: \[name,\] duration in periods, then FTE per period for each of capacity's 2 roles/);
      expectError(allocate(demand, [[]], col([1])), '#VALUE!', /^capacity is empty/);
      expectError(allocate(demand, [['Role', 'Jan']], col([1])), '#VALUE!', /^capacity holds labels but no headcount/);
    });
  });
});

describe('CAPACITYCHECK', () => {
  it('finds nothing in the plan ALLOCATE made, saying so in one row', () => {
    const plan = table(allocate(demand, capacity, col([3, 2, 1, 4])));
    expect(check(plan, capacity)).toEqual([FINDINGS, ['OK', '', '', '', CLEAN]]);
  });

  it('checks a plan made with looser rules against the defaults: errors first, then in the plan\'s period and role order', () => {
    const plan = table(allocate(demand, capacity, col([3, 2, 1, 0]), [[1, 1]]));
    expect(check(plan, capacity)).toEqual([
      FINDINGS,
      ['Error', 'Dev', 'Jan', '', 'Dev in Jan: 10 FTE planned is above the effective capacity of 8.5 FTE (10 at 85% availability)'],
      ['Error', 'Test', 'Jan', '', 'Test in Jan: 2 FTE planned is above the effective capacity of 1.7 FTE (2 at 85% availability)'],
      ['Error', 'Test', 'Feb', '', 'Test in Feb: 2 FTE planned is above the effective capacity of 1.7 FTE (2 at 85% availability)'],
      ['Warning', 'Dev', 'Feb', '', 'Dev in Feb: 8 FTE planned is above the 75% that may be planned (6.38 FTE); keep a reserve for surprises'],
    ]);
    // The same rules as the plan's: nothing to report, and the clean row quotes them.
    expect(check(plan, capacity, [[1, 1]])).toEqual([
      FINDINGS,
      ['OK', '', '', '', 'No findings: no allocation at or below 20%, no person above 100%, every role within the 100% of its effective capacity that may be planned'],
    ]);
  });

  it('checks a plan written by hand per person: crumbs, people above 100% and team sizes, naming role, period and initiative', () => {
    const plan: Range = [
      ['Initiative', 'Role', 'Person', 'Jan', 'Feb'],
      ['CRM', 'dev', 'Ann', 0.6, 0.5],
      ['ERP', 'Dev', 'Ann', 0.6, 0.1],
      ['ERP', 'Test', 'Bob', null, 0.5],
    ];
    expect(check(plan, [['Role', 'Jan', 'Feb'], ['Dev', 10, 10], ['Test', 2, 2]])).toEqual([
      FINDINGS,
      ['Error', 'Dev', 'Jan', '', 'Ann (Dev) in Jan is planned at 120%, above 100%'],
      ['Warning', '', 'Jan', 'CRM', 'CRM in Jan has a team of 1; high-performing teams have 5-7 people'],
      ['Warning', '', 'Jan', 'ERP', 'ERP in Jan has a team of 1; high-performing teams have 5-7 people'],
      ['Warning', '', 'Feb', 'CRM', 'CRM in Feb has a team of 1; high-performing teams have 5-7 people'],
      ['Warning', '', 'Feb', 'ERP', 'ERP in Feb has a team of 2; high-performing teams have 5-7 people'],
      ['Warning', 'Dev', 'Feb', 'ERP', 'Ann (Dev) on ERP in Feb: 10% is at or below the 20% that produces anything meaningful'],
    ]);
  });

  it('reports a role the capacity does not have as an error finding', () => {
    const plan: Range = [
      ['Initiative', 'Role', 'Jan', 'Feb', 'Mar', 'Apr', 'Finish'],
      ['CRM', 'Design', 1, 1, 0, 0, 'Feb'],
    ];
    expect(check(plan, capacity)).toEqual([FINDINGS, ['Error', 'Design', 'Jan', '', 'Design in Jan has 1 FTE planned but no capacity'], ['Error', 'Design', 'Feb', '', 'Design in Feb has 1 FTE planned but no capacity']]);
  });

  it('names the periods after the plan\'s header when capacity has no labels, and keeps a numbered initiative a number', () => {
    const plan = table(allocate([[1, 6]], [[10, 10]], col([1])));
    expect(plan).toEqual([['Initiative', 'Role', 'P1', 'P2', 'Finish'], [1, 'Role 1', 6, 0, 'P1']]);
    expect(check(plan, [[5, 5]])).toEqual([
      FINDINGS,
      ['Error', 'Role 1', 'P1', '', 'Role 1 in P1: 6 FTE planned is above the effective capacity of 4.25 FTE (5 at 85% availability)'],
    ]);
    expect(table(check([['Initiative', 'Role', 'Q1'], [7, 'Role 1', 0.1]], [[5]]))[1]).toEqual(['Warning', 'Role 1', 'Q1', 7, 'Role 1 on 7 in Q1: 10% is at or below the 20% that produces anything meaningful']);
  });

  describe('bad input', () => {
    it('needs the header row', () => {
      expectError(check([['CRM', 'Dev', 1]], [[4]]), '#VALUE!', /^allocation: column 3 holds 1, not a period label; allocation must start with a header row/);
      expectError(check([['CRM', 'Dev', 1]], [['Jan'], [4]]), '#VALUE!', /^allocation: column 3 is headed "1" but capacity's period 1 is "Jan"/);
      expectError(check([[1, 'Dev', 1]], [[4]]), '#VALUE!', /^allocation: column 1 holds 1; allocation must start with a header row \(Initiative, Role, \[Person,\] one column per period\[, Finish\]\)/);
    });

    it('says when the period columns do not match capacity\'s', () => {
      expectError(check([['Initiative', 'Role', 'Jan', 'Feb', 'Finish']], capacity), '#VALUE!', /^allocation has 2 period columns but capacity has 4 periods/);
      expectError(check([['Initiative', 'Role', 'Jan', 'Mar', 'Feb', 'Apr']], capacity), '#VALUE!', /^allocation: column 4 is headed "Mar" but capacity's period 2 is "Feb"; the period columns must follow capacity's columns$/);
    });

    it('names a row that plans people but no initiative or role, and cells that hold no FTE', () => {
      const head = ['Initiative', 'Role', 'Jan'];
      expectError(check([head, [null, 'Dev', 1]], [['Role', 'Jan'], ['Dev', 4]]), '#VALUE!', /^allocation: row 2, column 1 is blank; this row plans people but names no initiative$/);
      expectError(check([head, ['CRM', '', 1]], [['Role', 'Jan'], ['Dev', 4]]), '#VALUE!', /^allocation: row 2, column 2 is blank; this row plans people but names no role$/);
      expectError(check([head, ['CRM', 'Dev', 'half']], [['Role', 'Jan'], ['Dev', 4]]), '#VALUE!', /^allocation: row 2, column 3 holds the text "half"; an FTE share \(0.5 is half time\) is needed$/);
      expectError(check([head, ['CRM', 'Dev', -0.5]], [['Role', 'Jan'], ['Dev', 4]]), '#VALUE!', /^allocation: row 2, column 3 holds -0.5; an FTE share .* cannot be negative$/);
      expectError(check([head, ['CRM', 'Dev', sheetError('#REF!', '')]], [['Role', 'Jan'], ['Dev', 4]]), '#REF!', /^allocation: row 2, column 3 holds #REF!$/);
    });

    it('checks its rules and capacity as ALLOCATE does', () => {
      expectError(check([['Initiative', 'Role', 'Jan']], [['Role', 'Jan'], ['Dev', true]]), '#VALUE!', /^capacity: row 2, column 2 holds TRUE; the number of people/);
      expectError(check([['Initiative', 'Role', 'Jan']], [[4]], [[0.9, 0]]), '#VALUE!', /^rules: column 2 holds 0: the plannable share must be above 0% and at most 100%$/);
    });
  });
});

describe('the catalogue entries', () => {
  it('are two, well described, with the rules optional and last', () => {
    expect(ALLOCATION_FUNCTIONS.map((f) => f.name)).toEqual(['ALLOCATE', 'CAPACITYCHECK']);
    for (const f of ALLOCATION_FUNCTIONS) {
      expect(f.result).toBe('table');
      expect(f.params[f.params.length - 1]).toMatchObject({ name: 'rules', optional: true });
      expect(f.params.slice(0, -1).every((p) => !p.optional)).toBe(true);
      expect(f.details.length).toBeGreaterThan(500);
    }
  });

  it('treat an omitted rules argument as Excel passes it (a blank cell) and as Sheets does (nothing)', () => {
    expect(allocate(demand, capacity, col([3, 2, 1, 4]), [[null]])).toEqual(allocate(demand, capacity, col([3, 2, 1, 4])));
    expect(invoke(ALLOCATE, [demand, capacity, col([3, 2, 1, 4]), null])).toEqual(allocate(demand, capacity, col([3, 2, 1, 4])));
  });
});

// ---------------------------------------------------------------------------------------------
// Properties: well-formed tables with random figures, and the same tables with hostile cells.

/** FC_SEED=123 replays a failure's seed; FC_RUNS=20 runs every property 20 times as often. */
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const FACTOR = Math.max(1, Number(process.env.FC_RUNS) || 1);
const runs = (numRuns: number): fc.Parameters<unknown> => ({ numRuns: numRuns * FACTOR, ...(SEED === undefined ? {} : { seed: SEED }) });

interface Case {
  demand: CellValue[][];
  capacity: CellValue[][];
  priorities: CellValue[][];
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({ roles: fc.integer({ min: 1, max: 3 }), periods: fc.integer({ min: 1, max: 6 }), n: fc.integer({ min: 1, max: 6 }), labels: fc.boolean() })
  .chain(({ roles, periods, n, labels }) =>
    fc
      .record({
        headcount: fc.array(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: periods, maxLength: periods }), { minLength: roles, maxLength: roles }),
        rows: fc.array(
          fc.record({
            duration: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 16 }).map((q) => q / 4)),
            fte: fc.array(fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 40 }).map((x) => x / 10)), { minLength: roles, maxLength: roles }),
            priority: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 3 })),
          }),
          { minLength: n, maxLength: n },
        ),
      })
      .map(({ headcount, rows }): Case => {
        const roleNames = Array.from({ length: roles }, (_, r) => `Role ${String.fromCharCode(65 + r)}`);
        const capacity: CellValue[][] = labels
          ? [['Role', ...Array.from({ length: periods }, (_, p) => `M${p + 1}`)], ...headcount.map((row, r) => [roleNames[r], ...row])]
          : headcount;
        const demand = rows.map((x, i): CellValue[] => {
          const fte = x.fte.every((f) => !f) ? [1, ...x.fte.slice(1)] : x.fte;
          return labels ? [`I${i + 1}`, x.duration, ...fte] : [x.duration, ...fte];
        });
        return { demand, capacity, priorities: rows.map((x) => [x.priority]) };
      }),
  );

/** A cell a user or a formula may put anywhere. */
const hostileCell: fc.Arbitrary<CellValue> = fc.oneof(
  numberArb,
  textArb,
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(...(['#N/A', '#VALUE!', '#REF!', '#DIV/0!'] as const)).map((code) => sheetError(code, 'upstream')),
);

/** A spreadsheet value only: no NaN, infinity or undefined; messages free of the boundary's safety net. */
function wellFormed(result: unknown): void {
  if (isSheetError(result)) {
    // User text is quoted in messages; outside quotes no number may have gone wrong.
    expect(result.message.replace(/"[^"]*"/g, '""')).not.toMatch(/internal error|NaN|undefined|Infinity/);
    return;
  }
  if (!Array.isArray(result)) throw new Error(`not a table: ${JSON.stringify(result)}`);
  for (const row of result) {
    for (const cell of row as unknown[]) {
      if (typeof cell === 'number' && !Number.isFinite(cell)) throw new Error(`non-finite cell in ${JSON.stringify(result)}`);
      if (cell === undefined) throw new Error(`undefined cell in ${JSON.stringify(result)}`);
      if (isSheetError(cell)) throw new Error(`error cell ${cell.code} in ${JSON.stringify(result)}`);
    }
  }
}

describe('properties', () => {
  it('ALLOCATE never plans a role above what may be planned, so CAPACITYCHECK of its plan finds no role over the plannable share', () => {
    fc.assert(
      fc.property(caseArb, ({ demand, capacity, priorities }) => {
        const plan = table(allocate(demand, capacity, priorities));
        const findings = table(check(plan, capacity));
        expect(findings[0]).toEqual(FINDINGS);
        for (const f of findings.slice(1)) expect(f[0] === 'OK' || /at or below the 20%/.test(String(f[4]))).toBe(true);
        // Every planned initiative has a row; no one else does.
        const planned = priorities.filter((p) => typeof p[0] === 'number' && p[0] > 0).length;
        expect(new Set(plan.slice(1).map((row) => row[0])).size).toBe(planned);
      }),
      runs(300),
    );
  });

  it('answers a spreadsheet value (a table or an error naming its cause) whatever cell is put anywhere', () => {
    const spoiled = caseArb.chain((c) =>
      fc.record({
        c: fc.constant(c),
        spoils: fc.array(fc.record({ which: fc.constantFrom<keyof Case>('demand', 'capacity', 'priorities'), row: fc.nat(), col: fc.nat(), cell: hostileCell }), { minLength: 1, maxLength: 3 }),
        rules: fc.oneof(fc.constant<CellValue[][] | undefined>(undefined), fc.array(hostileCell, { minLength: 1, maxLength: 6 }).map((xs) => [xs])),
      }),
    );
    fc.assert(
      fc.property(spoiled, ({ c, spoils, rules }) => {
        const args: Case = { demand: c.demand.map((r) => r.slice()), capacity: c.capacity.map((r) => r.slice()), priorities: c.priorities.map((r) => r.slice()) };
        // A plan written by hand with the same hostile cells in it.
        const hand = table(allocate(c.demand, c.capacity, c.priorities)).map((x) => x.slice());
        for (const { which, row, col: column, cell } of spoils) {
          for (const grid of [args[which], hand]) {
            const r = row % grid.length;
            grid[r][column % grid[r].length] = cell;
          }
        }
        const plan = allocate(args.demand, args.capacity, args.priorities, rules);
        wellFormed(plan);
        if (!isSheetError(plan)) wellFormed(check(plan as Range, args.capacity, rules));
        wellFormed(check(hand, c.capacity, rules));
      }),
      runs(400),
    );
  });

  it('answers a spreadsheet value for any ranges at all', () => {
    const anyRange = rangeArb(hostileCell);
    fc.assert(
      fc.property(anyRange, anyRange, anyRange, fc.option(anyRange, { nil: undefined }), (a, b, c, d) => {
        wellFormed(allocate(a, b, c, d));
        wellFormed(check(a, b, d));
      }),
      runs(400),
    );
  });
});

describe('extreme figures', () => {
  it('writes huge FTE figures as they are and never an endless need as finished', () => {
    expect(allocate([['A', 1e300, 1e300]], [[1e308, 1e308]], col([1]), [[1, 1]])).toEqual([
      ['Initiative', 'Role', 'P1', 'P2', 'Finish'],
      ['A', 'Role 1', 1e300, 1e300, 'not finished'],
    ]);
  });
});

describe('numbers no host sends', () => {
  it('refuses a role or period label that is not a finite number, without naming it', () => {
    expect(invoke(CAPACITYCHECK, [[['Initiative', 'Role', 'P1'], ['A', 'Dev', 1]], [[Number.POSITIVE_INFINITY, 1], [Number.POSITIVE_INFINITY, 2]]])).toEqual({
      kind: 'sheet-error',
      code: '#NUM!',
      message: 'capacity: row 1, column 1 is not a finite number',
    });
  });
});
