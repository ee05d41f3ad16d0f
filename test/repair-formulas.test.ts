// "Repair BTM formulas" as pure planning: the blocks to write per sheet for small grids written
// out by hand (mixed sheets, text that only looks like a call, unknown names, sheets already right,
// Google's IFERROR(__xludf.DUMMYFUNCTION(...)) export wrapper and its spill shims), the panel's
// sentences, and fast-check properties (FC_SEED=123 replays a seed; FC_RUNS=20 runs 20 times as
// many): a repaired workbook needs no repair, and no cell without a BTM call is ever changed.
import fc from 'fast-check';
import { findFunction } from '../core/catalogue';
import { FormulaSpelling, spellFunction, translateFormula } from '../core/formulas/translate';
import { SheetFormulas, SheetRepair, applyRepair, planRepairFormulas, repairReport, unwrapGoogleExport } from '../core/commands/repair-formulas';

const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const FACTOR = Math.max(1, Number(process.env.FC_RUNS) || 1);
const runs = (numRuns: number): fc.Parameters<unknown> => ({ numRuns: numRuns * FACTOR, ...(SEED === undefined ? {} : { seed: SEED }) });

const known = (name: string): boolean => findFunction(name) !== undefined;
const shim = (cached: string) => `=IFERROR(__xludf.DUMMYFUNCTION("""COMPUTED_VALUE"""),${cached})`;
const wrap = (inner: string, cached: string) => `=IFERROR(__xludf.DUMMYFUNCTION("${inner.replace(/"/g, '""')}"),${cached})`;

/** The grid after writing `bounding` the way Office.js does: null leaves the cell alone. */
function applyBounding(sheet: SheetFormulas, repair: SheetRepair): string[][] {
  const out = sheet.formulas.map((row) => row.slice());
  const b = repair.bounding;
  if (b) b.cells.forEach((row, i) => row.forEach((cell, j) => { if (cell !== null) out[b.top - sheet.top + i][b.left - sheet.left + j] = cell; }));
  return out;
}

describe('plans for small grids', () => {
  const demand: SheetFormulas = {
    sheet: 'Demand',
    top: 1,
    left: 1,
    formulas: [
      ['Name', 'Cost', 'NPV', ''],
      ['A', '100', '=BTM_NPV(0.1,B2:B9)', 'BTM_NPV(1)'],
      ['B', '', '=btm_npv(0.1,B3:B9)', "'=BTM_NPV(1)"],
      ['C', '=SUM(B2:B3)', '="BTM_NPV("&C2', ''],
    ],
  };
  const cases: SheetFormulas = {
    sheet: 'Business cases',
    top: 2,
    left: 2,
    formulas: [
      ['=BTM.NPV(A1,B1)', '=_xludf.BTM_IRR(B2:B9)'],
      ['=BTM_FOO(1)+BTM_ROI(A1,A2)', ''],
    ],
  };
  const settings: SheetFormulas = { sheet: 'BTM Settings', top: 1, left: 1, formulas: [['=BTM.AHP(A2:C4)', 'Weights'], ['', "='BTM_NPV( sheet'!A1"]] };

  test('Excel: Sheets spellings rewritten, text, constants and correct sheets untouched', () => {
    const plan = planRepairFormulas([demand, cases, settings], 'excel');
    expect(plan.cellsRewritten).toBe(4);
    expect(plan.sheets).toEqual([
      {
        sheet: 'Demand',
        blocks: [{ top: 2, left: 3, address: 'C2:C3', cells: [['=BTM.NPV(0.1,B2:B9)'], ['=BTM.NPV(0.1,B3:B9)']] }],
        bounding: { top: 2, left: 3, address: 'C2:C3', cells: [['=BTM.NPV(0.1,B2:B9)'], ['=BTM.NPV(0.1,B3:B9)']] },
        cellsRewritten: 2,
        callsRewritten: 2,
        unwrapped: 0,
        spillCellsCleared: 0,
        unknown: [],
      },
      {
        sheet: 'Business cases',
        blocks: [
          { top: 2, left: 3, address: 'C2', cells: [['=BTM.IRR(B2:B9)']] },
          { top: 3, left: 2, address: 'B3', cells: [['=BTM_FOO(1)+BTM.ROI(A1,A2)']] },
        ],
        bounding: { top: 2, left: 2, address: 'B2:C3', cells: [[null, '=BTM.IRR(B2:B9)'], ['=BTM_FOO(1)+BTM.ROI(A1,A2)', null]] },
        cellsRewritten: 2,
        callsRewritten: 2,
        unwrapped: 0,
        spillCellsCleared: 0,
        unknown: ['BTM_FOO'],
      },
      { sheet: 'BTM Settings', blocks: [], cellsRewritten: 0, callsRewritten: 0, unwrapped: 0, spillCellsCleared: 0, unknown: [] },
    ]);
    expect(plan.report).toBe('Repaired 4 formulas in 2 sheets: Demand (2), Business cases (2). Left as they were, not BTM functions: BTM_FOO (Business cases)');
  });

  test('Sheets: Excel and file spellings rewritten the other way', () => {
    const sheet: SheetFormulas = {
      sheet: 'Demand',
      top: 5,
      left: 4,
      formulas: [
        ['=BTM.SCORE(A1:C9)', '=BTM_RANK(A1:A9)', '=_xldudf_BTM_WSJF(A1,B1,C1)'],
        ['=BTM.SCORE(A2:C9)', '=BTM.NPV(0.1,A1)*BTM.IRR(A1:A3)', '=BTM.FOO(1)'],
      ],
    };
    const plan = planRepairFormulas([sheet], 'sheets');
    const [r] = plan.sheets;
    // BTM_RANK is not a catalogue function: the cell is left alone and the name reported.
    expect(r.unknown).toEqual(['BTM_RANK', 'BTM.FOO']);
    expect(applyRepair(sheet, r)).toEqual([
      ['=BTM_SCORE(A1:C9)', '=BTM_RANK(A1:A9)', '=BTM_WSJF(A1,B1,C1)'],
      ['=BTM_SCORE(A2:C9)', '=BTM_NPV(0.1,A1)*BTM_IRR(A1:A3)', '=BTM.FOO(1)'],
    ]);
    expect(r.cellsRewritten).toBe(4);
    expect(r.callsRewritten).toBe(5);
    // D5:D6 (a column) and E6, F5: three rectangles, no cell outside the changed ones.
    expect(r.blocks.map((b) => b.address)).toEqual(['D5:D6', 'F5', 'E6']);
    expect(r.bounding?.address).toBe('D5:F6');
    expect(r.bounding?.cells).toEqual([
      ['=BTM_SCORE(A1:C9)', null, '=BTM_WSJF(A1,B1,C1)'],
      ['=BTM_SCORE(A2:C9)', '=BTM_NPV(0.1,A1)*BTM_IRR(A1:A3)', null],
    ]);
  });

  test('a formula column with an already correct cell in the middle is two blocks', () => {
    const sheet: SheetFormulas = { sheet: 'S', top: 1, left: 1, formulas: [['=BTM_NPV(1,A1)'], ['=BTM_NPV(1,A2)'], ['=BTM.NPV(1,A3)'], ['=BTM_NPV(1,A4)']] };
    const [r] = planRepairFormulas([sheet], 'excel').sheets;
    expect(r.blocks.map((b) => b.address)).toEqual(['A1:A2', 'A4']);
    expect(r.bounding?.cells).toEqual([['=BTM.NPV(1,A1)'], ['=BTM.NPV(1,A2)'], [null], ['=BTM.NPV(1,A4)']]);
  });

  test('a ragged grid (short rows) and an empty sheet are fine', () => {
    const sheet: SheetFormulas = { sheet: 'S', top: 3, left: 2, formulas: [['=BTM_PI(1,A1:A3)', '', '=BTM_ROI(1,2)'], ['x'], []] };
    const plan = planRepairFormulas([sheet, { sheet: 'Empty', top: 1, left: 1, formulas: [] }], 'excel');
    expect(plan.sheets[0].blocks.map((b) => b.address)).toEqual(['B3', 'D3']);
    expect(plan.sheets[1].blocks).toEqual([]);
  });
});

describe("Google's export wrapper", () => {
  test('taken apart: the inner formula with "" unescaped, shims, and what is not the wrapper', () => {
    // The shape a Sheets download stores: the formula without its "=" as a string literal with
    // "" escapes, the cached value as IFERROR's fallback; """COMPUTED_VALUE""" in the other cells of a spill.
    expect(unwrapGoogleExport('=IFERROR(__xludf.DUMMYFUNCTION("QUERY(B:C, ""select B where C >= 2"")"),"Name")')).toEqual({
      formula: '=QUERY(B:C, "select B where C >= 2")',
      shim: false,
    });
    expect(unwrapGoogleExport('=IFERROR(__xludf.DUMMYFUNCTION("""COMPUTED_VALUE"""),"John")')).toEqual({ formula: '', shim: true });
    expect(unwrapGoogleExport('= iferror( __XLUDF.DummyFunction( "BTM_NPV(0.1,A1:A3)" ) , 12.5 ) ')).toEqual({ formula: '=BTM_NPV(0.1,A1:A3)', shim: false });
    expect(unwrapGoogleExport('=IFERROR(__xludf.DUMMYFUNCTION("BTM_NPV(0.1,A1:A3)"),IF(TRUE,"a)b",{1,2}))')).toEqual({ formula: '=BTM_NPV(0.1,A1:A3)', shim: false });
    // Not the whole formula, unterminated, no fallback, other functions: not the wrapper.
    expect(unwrapGoogleExport('=IFERROR(__xludf.DUMMYFUNCTION("BTM_NPV(1,A1)"),1)+1')).toBeUndefined();
    expect(unwrapGoogleExport('=IFERROR(__xludf.DUMMYFUNCTION("BTM_NPV(1,A1)')).toBeUndefined();
    expect(unwrapGoogleExport('=IFERROR(__xludf.DUMMYFUNCTION("BTM_NPV(1,A1)"))')).toBeUndefined();
    expect(unwrapGoogleExport('=IFERROR(__xludf.DUMMYFUNCTION("BTM_NPV(1,A1)"),"x)')).toBeUndefined();
    expect(unwrapGoogleExport('=IFERROR(BTM_NPV(1,A1),0)')).toBeUndefined();
    expect(unwrapGoogleExport('=1+IFERROR(__xludf.DUMMYFUNCTION("BTM_NPV(1,A1)"),1)')).toBeUndefined();
  });

  test('a downloaded sheet: BTM wrappers unwrapped and translated, their spill shims cleared, the rest left', () => {
    const sheet: SheetFormulas = {
      sheet: 'Download',
      top: 1,
      left: 1,
      formulas: [
        [wrap('BTM_BUSINESSCASE(0.1,B2:B9,C2:C9)', '"NPV"'), shim('1234.5'), 'note'],
        [shim('"IRR"'), shim('0.12'), ''],
        [wrap('QUERY(A:B,"select A")', '"x"'), wrap('IF(A1="BTM_NPV(",BTM_PAYBACK(B2:B9),"")', '3'), shim('7')],
        [shim('8'), wrap('BTM_FOO(1)', '2'), shim('9')],
      ],
    };
    expect(sheet.formulas[2][1]).toBe('=IFERROR(__xludf.DUMMYFUNCTION("IF(A1=""BTM_NPV("",BTM_PAYBACK(B2:B9),"""")"),3)');
    const plan = planRepairFormulas([sheet], 'excel');
    const [r] = plan.sheets;
    expect(r.blocks).toEqual([
      { top: 1, left: 1, address: 'A1:B2', cells: [['=BTM.BUSINESSCASE(0.1,B2:B9,C2:C9)', ''], ['', '']] },
      // C3 is the spill of the repaired B3 (a shim at its right).
      { top: 3, left: 2, address: 'B3:C3', cells: [['=IF(A1="BTM_NPV(",BTM.PAYBACK(B2:B9),"")', '']] },
    ]);
    expect(r).toMatchObject({ cellsRewritten: 2, callsRewritten: 2, unwrapped: 2, spillCellsCleared: 4, unknown: ['BTM_FOO'] });
    // The QUERY wrapper, the shims beside no repaired formula (A4 under QUERY, C4 under a shim) and
    // the unknown name stay.
    const after = applyRepair(sheet, r);
    expect(after[2][0]).toBe(sheet.formulas[2][0]);
    expect(after[3]).toEqual(sheet.formulas[3]);
    expect(plan.report).toBe(
      'Repaired 2 formulas in 1 sheet: Download (2). 2 of them were wrapped by a Google Sheets download (IFERROR(__xludf.DUMMYFUNCTION(...))) and are live formulas again. ' +
        "Cleared 4 cells holding Google's copy of a spilled result, so the formulas can spill again. Left as they were, not BTM functions: BTM_FOO (Download)",
    );
    expect(planRepairFormulas([{ ...sheet, formulas: after }], 'excel').cellsRewritten).toBe(0);
  });

  test('in Sheets a wrapper already in Sheets spelling is still unwrapped (0 calls respelled)', () => {
    const sheet: SheetFormulas = { sheet: 'S', top: 1, left: 1, formulas: [[wrap('BTM_NPV(0.1,A1:A3)', '5')]] };
    const [r] = planRepairFormulas([sheet], 'sheets').sheets;
    expect(r).toMatchObject({ cellsRewritten: 1, callsRewritten: 0, unwrapped: 1, blocks: [{ address: 'A1', cells: [['=BTM_NPV(0.1,A1:A3)']] }] });
  });
});

describe('report texts', () => {
  const none = { blocks: [], cellsRewritten: 0, callsRewritten: 0, unwrapped: 0, spillCellsCleared: 0, unknown: [] };
  test('nothing to repair', () => {
    expect(repairReport([])).toBe("Nothing to repair: no formula uses the other host's spelling");
    expect(planRepairFormulas([{ sheet: 'A', top: 1, left: 1, formulas: [['=BTM.NPV(1,A1)', 'x']] }], 'excel').report).toBe(
      "Nothing to repair: no formula uses the other host's spelling",
    );
    expect(repairReport([{ ...none, sheet: 'A', unknown: ['BTM.FOO', 'BTM_BAR'] }, { ...none, sheet: 'B', unknown: ['BTM.BAZ'] }])).toBe(
      "Nothing to repair: no formula uses the other host's spelling. Left as they were, not BTM functions: BTM.FOO, BTM_BAR (A); BTM.BAZ (B)",
    );
  });
  test('counts and plurals', () => {
    expect(repairReport([{ ...none, sheet: 'Demand', cellsRewritten: 10 }, { ...none, sheet: 'Empty' }, { ...none, sheet: 'Business cases', cellsRewritten: 2 }])).toBe(
      'Repaired 12 formulas in 2 sheets: Demand (10), Business cases (2)',
    );
    expect(repairReport([{ ...none, sheet: 'Demand', cellsRewritten: 1, unwrapped: 1, spillCellsCleared: 1 }])).toBe(
      'Repaired 1 formula in 1 sheet: Demand (1). 1 of them was wrapped by a Google Sheets download (IFERROR(__xludf.DUMMYFUNCTION(...))) and is a live formula again. ' +
        "Cleared 1 cell holding Google's copy of a spilled result, so the formulas can spill again",
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('properties', () => {
  const NAMES = ['NPV', 'IRR', 'PAYBACK', 'BUSINESSCASE', 'SCORE', 'WSJF', 'ROADMAP', 'AHP'];
  const SPELLINGS: readonly FormulaSpelling[] = ['excel', 'sheets', 'xlsx'];
  const callArb = fc
    .tuple(fc.constantFrom(...NAMES), fc.constantFrom(...SPELLINGS, 'udf' as const), fc.boolean())
    .map(([name, spelling, lower]) => {
      const s = spelling === 'udf' ? `_xludf.BTM_${name}` : spellFunction(name, spelling);
      return `${lower ? s.toLowerCase() : s}(A1:A3)`;
    });
  const pieceArb = fc.oneof(
    callArb,
    callArb,
    fc.constantFrom('"BTM_NPV("', '"say ""BTM.IRR(x)"""', "'BTM.NPV( s'!A1", 'BTM_FOO(1)', 'BTM.BAR(2)', 'SUM(1,2)', 'T1[@[BTM_NPV]]', '3', 'LET(BTM_NPV,LAMBDA(x,x),BTM_NPV(1))'),
  );
  const bodyArb = fc.array(pieceArb, { minLength: 1, maxLength: 3 }).map((ps) => ps.join('+'));
  const cellArb = fc.oneof(
    { weight: 2, arbitrary: fc.constant('') },
    { weight: 2, arbitrary: fc.constantFrom('Name', '42', 'BTM_NPV(1)', 'BTM.NPV(0.1,A1)', "'=BTM_NPV(1)", '_xldudf_BTM_NPV(1)') },
    { weight: 5, arbitrary: bodyArb.map((b) => `=${b}`) },
    { weight: 2, arbitrary: fc.tuple(bodyArb, fc.constantFrom('1', '"x"', 'TRUE', '"a)b"')).map(([b, c]) => wrap(b, c)) },
    { weight: 2, arbitrary: fc.constantFrom('1', '"y"').map(shim) },
  );
  const sheetArb = fc.record({
    sheet: fc.constantFrom('Demand', 'Business cases', "It's", 'S'),
    top: fc.integer({ min: 1, max: 50 }),
    left: fc.integer({ min: 1, max: 30 }),
    formulas: fc.integer({ min: 0, max: 6 }).chain((w) => fc.array(fc.array(cellArb, { minLength: w, maxLength: w }), { maxLength: 7 })),
  });
  const hostArb = fc.constantFrom<FormulaSpelling>('excel', 'sheets', 'xlsx');

  /** Whether a cell may change at all: a formula calling a catalogue function, directly or in a wrapper, or a spill shim. */
  function mayChange(f: string, host: FormulaSpelling): boolean {
    if (!f.startsWith('=')) return false;
    const w = unwrapGoogleExport(f);
    if (w) return w.shim || translateFormula(w.formula, host, known).calls > 0;
    return translateFormula(f, host, known).calls > 0;
  }

  test('a repaired workbook needs no repair', () => {
    fc.assert(
      fc.property(fc.array(sheetArb, { maxLength: 3 }), hostArb, (sheets, host) => {
        const plan = planRepairFormulas(sheets, host);
        const repaired = sheets.map((s, k) => ({ ...s, formulas: applyRepair(s, plan.sheets[k]) }));
        const again = planRepairFormulas(repaired, host);
        expect(again.sheets.every((r) => r.blocks.length === 0 && r.cellsRewritten === 0)).toBe(true);
        expect(again.report.startsWith('Nothing to repair')).toBe(true);
      }),
      runs(300),
    );
  });

  test('only cells with a BTM call (or shims of one) are written, every written cell changes, and both write forms agree', () => {
    fc.assert(
      fc.property(sheetArb, hostArb, (sheet, host) => {
        const [r] = planRepairFormulas([sheet], host).sheets;
        const written = new Set<string>();
        for (const b of r.blocks) {
          b.cells.forEach((row, i) =>
            row.forEach((cell, j) => {
              const gr = b.top - sheet.top + i;
              const gc = b.left - sheet.left + j;
              const key = `${gr},${gc}`;
              expect(written.has(key)).toBe(false); // blocks do not overlap
              written.add(key);
              const old = sheet.formulas[gr]?.[gc];
              expect(old).toBeDefined(); // inside the grid read
              expect(cell).not.toBe(old); // a write always changes the cell
              expect(mayChange(old as string, host)).toBe(true);
              if (cell === '') expect(unwrapGoogleExport(old as string)?.shim).toBe(true); // only shims are cleared
            }),
          );
        }
        // The Excel form writes the same cells and nothing else.
        expect(applyBounding(sheet, r)).toEqual(applyRepair(sheet, r));
        const nonNull = (r.bounding?.cells ?? []).reduce((n, row) => n + row.filter((c) => c !== null).length, 0);
        expect(nonNull).toBe(written.size);
        expect(written.size).toBe(r.cellsRewritten + r.spillCellsCleared);
      }),
      runs(500),
    );
  });
});
