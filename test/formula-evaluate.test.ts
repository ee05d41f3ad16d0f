// The evaluator of the add-in's own formulas (core/formulas/evaluate.ts): what it computes, in
// every host's spelling, and what it leaves to the application.
import type { CellValue } from '../core/values/cells';
import { isSheetError } from '../core/values/errors';
import { callsCatalogue, evaluateFormula, formulaInputs } from '../core/formulas/evaluate';
import { gridContext as context } from './support/formula-context';

const flows: CellValue[][] = [[-1000], [300], [400], [500]];

describe('evaluateFormula', () => {
  test('computes BTM.NPV over a range in the Excel spelling', async () => {
    const e = await evaluateFormula('=BTM.NPV(0.1,A1:A4)', context({ Data: flows }));
    expect(e.kind).toBe('value');
    // Excel: =NPV(0.1,-1000,300,400,500) = -19.124376750...
    expect((e as { value: number }).value).toBeCloseTo(-19.1243767502, 9);
  });

  test('gives the same value for the Sheets and the stored-file spellings', async () => {
    const excel = await evaluateFormula('=BTM.NPV(0.1,A1:A4)', context({ Data: flows }));
    const sheets = await evaluateFormula('=BTM_NPV(0.1,A1:A4)', context({ Data: flows }));
    const xlsx = await evaluateFormula('=_xldudf_BTM_NPV(0.1,$A$1:$A$4)', context({ Data: flows }));
    expect(sheets).toEqual(excel);
    expect(xlsx).toEqual(excel);
  });

  test('reads a quoted sheet name with an apostrophe and a percentage literal', async () => {
    const e = await evaluateFormula("=BTM.NPV(10%,'Q1 plan''s'!B1:B4)", context({ "Q1 plan's": flows.map((r) => [null, ...r]) }));
    expect((e as { value: number }).value).toBeCloseTo(-19.1243767502, 9);
  });

  test('reads defined names, case-insensitively', async () => {
    const e = await evaluateFormula('=BTM.NPV(btm_rate,BTM_Flows)', context({ Data: [[0.1, -1000], [null, 300], [null, 400], [null, 500]] }, { BTM_Rate: 'Data!A1', BTM_Flows: 'Data!B1:B4' }));
    expect((e as { value: number }).value).toBeCloseTo(-19.1243767502, 9);
  });

  test('an unknown name is #NAME? naming it', async () => {
    const e = await evaluateFormula('=BTM.NPV(0.1,Missing_Flows)', context({ Data: flows }));
    expect(e.kind).toBe('value');
    const v = (e as { value: CellValue }).value;
    expect(isSheetError(v) && v.code).toBe('#NAME?');
    expect(isSheetError(v) && v.message).toContain('Missing_Flows');
  });

  test('spills a table: BUSINESSCASE gives ten labelled rows', async () => {
    const e = await evaluateFormula('=BTM.BUSINESSCASE(0.08,{600000,150000},{0,900000})', context({}));
    expect(e.kind).toBe('table');
    const rows = (e as { values: CellValue[][] }).values;
    expect(rows).toHaveLength(10);
    expect(rows[0]).toEqual(['Total cost', 750000]);
    expect(rows[1]).toEqual(['Total benefit', 900000]);
    expect(rows[2]).toEqual(['Net benefit', 150000]);
    // -600000 + 750000 / 1.08
    expect(rows[3][1]).toBeCloseTo(94444.4444444, 6);
  });

  test('array constants take rows after ";" and text with doubled quotes and commas', async () => {
    const e = await evaluateFormula('=BTM.CHECK({"yes","no";"yes","yes"},{"Spon,sor","Fi""nance"})', context({}));
    expect((e as { values: CellValue[][] }).values).toEqual([['Escalate: Fi"nance'], ['Flow approval']]);
  });

  test('HSTACK joins columns that are not side by side', async () => {
    const grid: CellValue[][] = [
      ['yes', 'x', 'no'],
      ['yes', 'x', 'yes'],
    ];
    const e = await evaluateFormula('=BTM.CHECK(HSTACK(A1:A2,C1:C2),{"Sponsor","Financing"})', context({ Data: grid }));
    expect((e as { values: CellValue[][] }).values).toEqual([['Escalate: Financing'], ['Flow approval']]);
  });

  test('a catalogue call inside another is computed first', async () => {
    const e = await evaluateFormula('=BTM.PRIORITY(BTM.SCORE({1;3;2},1,1,"raw"))', context({}));
    expect((e as { values: CellValue[][] }).values).toEqual([[3], [1], [2]]);
  });

  test('leaves formulas that are not one catalogue call to the application', async () => {
    for (const f of ['=SUM(A1:A4)', '=BTM.NPV(0.1,A1:A4)*2', '=1+BTM.NPV(0.1,A1:A4)', '=BTM.NPV(0.1,A1#)', '=A1', '="BTM.NPV(" & A1']) {
      const e = await evaluateFormula(f, context({ Data: flows }));
      expect([f, e.kind]).toEqual([f, 'unsupported']);
    }
  });

  test('a function name the catalogue does not know is left alone', async () => {
    expect((await evaluateFormula('=BTM.NOSUCH(1)', context({}))).kind).toBe('unsupported');
  });

  test('an error from the function is the value, with its message', async () => {
    const e = await evaluateFormula('=BTM.IRR(A1:A2)', context({ Data: [[100], [200]] }));
    const v = (e as { value: CellValue }).value;
    expect(isSheetError(v) && v.code).toBe('#NUM!');
  });
});

describe('callsCatalogue and formulaInputs', () => {
  test('finds a catalogue call in any spelling and ignores look-alikes', () => {
    expect(callsCatalogue('=BTM.SCORE(A1:B2,1)')).toBe(true);
    expect(callsCatalogue('=btm_payback(A1:A4)')).toBe(true);
    expect(callsCatalogue('=_xldudf_BTM_WSJF(A1,B1,C1,D1)')).toBe(true);
    expect(callsCatalogue('=SUM(A1:A4)')).toBe(false);
    expect(callsCatalogue('=MYBTM.NPV(A1)')).toBe(false);
    expect(callsCatalogue('=BTM_CUS_01_NPV')).toBe(false);
    // Spellings inside a string or a sheet name are no calls (as Repair reads formulas).
    expect(callsCatalogue('="BTM.NPV(" & A1')).toBe(false);
    expect(callsCatalogue("=SUM('BTM.NPV(1)'!A1:A4)")).toBe(false);
  });

  test('lists the references and names a formula reads', () => {
    const inputs = formulaInputs("=BTM.SCORE(BTM_Criteria,'BTM Settings'!$B$3:$B$8,{1,1},\"minmax\",D4:D8)");
    expect(inputs?.names).toEqual(['BTM_Criteria']);
    expect(inputs?.refs.map((r) => [r.sheet, r.start.row, r.start.col, r.end.row, r.end.col])).toEqual([
      ['BTM Settings', 3, 2, 8, 2],
      [undefined, 4, 4, 8, 4],
    ]);
  });
});
