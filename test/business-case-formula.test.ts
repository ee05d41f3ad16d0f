// The panel's "Business case" command as pure planning: form + selection -> formula, and the
// check that the spilled table would not cover anyone's data.
import { BUSINESS_CASE_SIZE, BusinessCaseForm, CellValue, InsertPlan, formatRange, planBusinessCase, spillConflict } from '../core';

const form = (over: Partial<BusinessCaseForm> = {}): BusinessCaseForm => ({
  rate: '8%',
  costs: 'Sheet1!B2:B7',
  benefits: 'Sheet1!C2:C7',
  ...over,
});

/** The formula planned for the form at Sheet1!E2, or the failure to fail the test with. */
function formulaOf(f: BusinessCaseForm, host: 'excel' | 'sheets' = 'excel', selection = 'Sheet1!E2'): string {
  const plan = planBusinessCase(f, host, selection);
  if ('status' in plan) throw new Error(`expected a plan, got ${JSON.stringify(plan)}`);
  return plan.formula;
}

function plan(selection = 'Sheet1!E2'): InsertPlan {
  const p = planBusinessCase(form(), 'excel', selection);
  if ('status' in p) throw new Error(JSON.stringify(p));
  return p;
}

const emptyBlock = (): CellValue[][] => Array.from({ length: 10 }, () => [null, null]);
const emptyFormulas = (): string[][] => Array.from({ length: 10 }, () => ['', '']);

describe('planBusinessCase: spelling per host', () => {
  test('writes the Excel spelling BTM.BUSINESSCASE', () => {
    expect(formulaOf(form(), 'excel')).toBe('=BTM.BUSINESSCASE(0.08,B2:B7,C2:C7)');
  });

  test('writes the Sheets spelling BTM_BUSINESSCASE', () => {
    expect(formulaOf(form(), 'sheets')).toBe('=BTM_BUSINESSCASE(0.08,B2:B7,C2:C7)');
  });
});

describe('planBusinessCase: the rate', () => {
  test('turns 8% into 0.08', () => {
    expect(formulaOf(form({ rate: '8%' }))).toBe('=BTM.BUSINESSCASE(0.08,B2:B7,C2:C7)');
  });

  test('writes a percentage with a decimal without floating-point noise', () => {
    expect(formulaOf(form({ rate: '1.1%' }))).toBe('=BTM.BUSINESSCASE(0.011,B2:B7,C2:C7)');
    expect(formulaOf(form({ rate: '7.3%' }))).toBe('=BTM.BUSINESSCASE(0.073,B2:B7,C2:C7)');
  });

  test('keeps a decimal rate as typed', () => {
    expect(formulaOf(form({ rate: ' 0.075 ' }))).toBe('=BTM.BUSINESSCASE(0.075,B2:B7,C2:C7)');
  });

  test('accepts a cell on the target sheet as the rate and drops the sheet', () => {
    expect(formulaOf(form({ rate: 'Sheet1!$H$1' }))).toBe('=BTM.BUSINESSCASE(H1,B2:B7,C2:C7)');
  });

  test('keeps the sheet of a rate cell on another sheet', () => {
    expect(formulaOf(form({ rate: 'Inputs!B1' }))).toBe('=BTM.BUSINESSCASE(Inputs!B1,B2:B7,C2:C7)');
  });

  test('refuses a blank rate, naming the rate field', () => {
    expect(planBusinessCase(form({ rate: '  ' }), 'excel', 'Sheet1!E2')).toEqual({
      status: 'invalid',
      field: 'rate',
      message: 'Enter a rate such as 8% or a cell that holds it.',
    });
  });

  test('refuses a rate that is neither a number nor a cell', () => {
    expect(planBusinessCase(form({ rate: 'eight' }), 'excel', 'Sheet1!E2')).toEqual({
      status: 'invalid',
      field: 'rate',
      message: '"eight" is neither a rate such as 8% nor a cell reference.',
    });
  });

  test('refuses a range of several cells as the rate', () => {
    expect(planBusinessCase(form({ rate: 'H1:H2' }), 'excel', 'Sheet1!E2')).toEqual({
      status: 'invalid',
      field: 'rate',
      message: 'A rate is a single cell, not a range.',
    });
  });
});

describe('planBusinessCase: costs and benefits', () => {
  test('refuses costs and benefits of different lengths, naming the benefits', () => {
    expect(planBusinessCase(form({ benefits: 'Sheet1!C2:C6' }), 'excel', 'Sheet1!E2')).toEqual({
      status: 'invalid',
      field: 'benefits',
      message: 'Costs cover 6 periods but benefits cover 5; select the same periods for both.',
    });
  });

  test('refuses a 2-D block of costs', () => {
    expect(planBusinessCase(form({ costs: 'Sheet1!B2:C7' }), 'excel', 'Sheet1!E2')).toEqual({
      status: 'invalid',
      field: 'costs',
      message: 'The costs must be one row or one column of periods.',
    });
  });

  test('refuses a 2-D block of benefits', () => {
    expect(planBusinessCase(form({ benefits: 'C2:D4' }), 'excel', 'Sheet1!E2')).toEqual({
      status: 'invalid',
      field: 'benefits',
      message: 'The benefits must be one row or one column of periods.',
    });
  });

  test('asks for the costs when the field is blank', () => {
    expect(planBusinessCase(form({ costs: '' }), 'excel', 'Sheet1!E2')).toEqual({
      status: 'invalid',
      field: 'costs',
      message: 'Select the costs per period and press "Use selection".',
    });
  });

  test('refuses costs that are not a reference', () => {
    expect(planBusinessCase(form({ costs: '100, 200' }), 'excel', 'Sheet1!E2')).toEqual({
      status: 'invalid',
      field: 'costs',
      message: '"100, 200" is not a range reference.',
    });
  });

  test('accepts a row of costs against a column of benefits of the same length', () => {
    expect(formulaOf(form({ costs: 'Sheet1!B2:G2', benefits: 'Sheet1!C4:C9' }))).toBe('=BTM.BUSINESSCASE(0.08,B2:G2,C4:C9)');
  });

  test('keeps the sheet of ranges on another sheet', () => {
    expect(formulaOf(form({ costs: 'Data!B2:B7', benefits: 'Data!C2:C7' }))).toBe('=BTM.BUSINESSCASE(0.08,Data!B2:B7,Data!C2:C7)');
  });

  test('quotes the sheet of ranges on another sheet when the name needs it', () => {
    expect(formulaOf(form({ costs: "'Q1 plan'!B2:B7", benefits: "'Bob''s plan'!$C$2:$C$7" }))).toBe(
      "=BTM.BUSINESSCASE(0.08,'Q1 plan'!B2:B7,'Bob''s plan'!C2:C7)",
    );
  });

  test('drops the sheet of ranges on the target sheet even when it is quoted', () => {
    expect(formulaOf(form({ costs: "'Q1 plan'!B2:B7", benefits: "'Q1 plan'!C2:C7" }), 'sheets', "'Q1 plan'!E2")).toBe(
      '=BTM_BUSINESSCASE(0.08,B2:B7,C2:C7)',
    );
  });

  test('keeps sheets when the selection names no sheet', () => {
    expect(formulaOf(form(), 'excel', 'E2')).toBe('=BTM.BUSINESSCASE(0.08,Sheet1!B2:B7,Sheet1!C2:C7)');
  });

  test('writes ranges typed without a sheet as they are', () => {
    expect(formulaOf(form({ costs: 'b2:b7', benefits: 'C2:C7' }))).toBe('=BTM.BUSINESSCASE(0.08,B2:B7,C2:C7)');
  });
});

describe('planBusinessCase: optional MIRR rates', () => {
  test('adds a finance rate as the fourth argument', () => {
    expect(formulaOf(form({ financeRate: '6%' }))).toBe('=BTM.BUSINESSCASE(0.08,B2:B7,C2:C7,0.06)');
  });

  test('adds both MIRR rates', () => {
    expect(formulaOf(form({ financeRate: '6%', reinvestRate: '10%' }))).toBe('=BTM.BUSINESSCASE(0.08,B2:B7,C2:C7,0.06,0.1)');
  });

  test('leaves the finance rate empty when only the reinvestment rate is given', () => {
    expect(formulaOf(form({ financeRate: '', reinvestRate: 'Sheet1!H2' }))).toBe('=BTM.BUSINESSCASE(0.08,B2:B7,C2:C7,,H2)');
  });

  test('writes no MIRR arguments when both are blank', () => {
    expect(formulaOf(form({ financeRate: ' ', reinvestRate: '' }))).toBe('=BTM.BUSINESSCASE(0.08,B2:B7,C2:C7)');
  });

  test('names the finance rate field when it is not a rate', () => {
    expect(planBusinessCase(form({ financeRate: 'six' }), 'excel', 'Sheet1!E2')).toEqual({
      status: 'invalid',
      field: 'financeRate',
      message: '"six" is neither a rate such as 8% nor a cell reference.',
    });
  });
});

describe('planBusinessCase: where the table goes', () => {
  test('places the formula at the top-left cell of a multi-cell selection', () => {
    const p = plan('Sheet1!G9:E2');
    expect(formatRange(p.target)).toBe('Sheet1!E2');
  });

  test('plans a spill block of 10 rows and 2 columns from the target', () => {
    expect(BUSINESS_CASE_SIZE).toEqual({ rows: 10, cols: 2 });
    expect(formatRange(plan('Sheet1!E2:G9').spill)).toBe('Sheet1!E2:F11');
  });

  test('refuses a selection that is not a reference, naming the target', () => {
    expect(planBusinessCase(form(), 'excel', 'Chart 1')).toEqual({
      status: 'invalid',
      field: 'target',
      message: 'Select the cell where the summary should go (got "Chart 1").',
    });
  });
});

describe('spillConflict', () => {
  test('finds nothing when the block is empty', () => {
    expect(spillConflict(plan(), emptyBlock(), emptyFormulas())).toBeUndefined();
  });

  test('finds nothing in an empty block read without formulas', () => {
    expect(spillConflict(plan(), Array.from({ length: 10 }, () => ['', '']))).toBeUndefined();
  });

  test('lists cells holding values', () => {
    const block = emptyBlock();
    block[0][1] = 'note';
    block[3][0] = 0;
    expect(spillConflict(plan(), block, emptyFormulas())).toBe(
      'The summary needs Sheet1!E2:F11 empty, but F2, E5 hold data. Insert anyway? Only the first cell is written; the others stay as they are and the table will not spill until they are cleared.',
    );
  });

  test('lists a cell whose formula shows an empty text', () => {
    const formulas = emptyFormulas();
    formulas[9][1] = '=IF(A1,"","")';
    expect(spillConflict(plan(), emptyBlock(), formulas)).toBe(
      'The summary needs Sheet1!E2:F11 empty, but F11 holds data. Insert anyway? Only the first cell is written; the others stay as they are and the table will not spill until they are cleared.',
    );
  });

  test('counts FALSE as data', () => {
    const block = emptyBlock();
    block[1][0] = false;
    expect(spillConflict(plan(), block)).toContain('but E3 holds data');
  });

  test('lists five cells and counts the rest', () => {
    const block: CellValue[][] = Array.from({ length: 10 }, () => [1, null]);
    expect(spillConflict(plan(), block)).toBe(
      'The summary needs Sheet1!E2:F11 empty, but E2, E3, E4, E5, E6 and 5 more hold data. Insert anyway? Only the first cell is written; the others stay as they are and the table will not spill until they are cleared.',
    );
  });

  test('quotes the sheet name in the question', () => {
    const p = planBusinessCase(form(), 'sheets', "'Q1 plan'!B20");
    if ('status' in p) throw new Error(JSON.stringify(p));
    const block = emptyBlock();
    block[0][0] = 'x';
    expect(spillConflict(p, block)).toMatch(/^The summary needs 'Q1 plan'!B20:C29 empty, but B20 holds data\./);
  });
});
