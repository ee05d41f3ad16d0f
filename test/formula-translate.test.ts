// Formula translation between Excel (BTM.NPV), Google Sheets (BTM_NPV) and the stored .xlsx form
// (_xldudf_BTM_NPV): tables in every direction, tricky text that must not be touched, round
// trips and fast-check properties (FC_SEED=123 replays a seed; FC_RUNS=20 runs 20 times as many).
import fc from 'fast-check';
import { findFunction } from '../core/catalogue';
import { FormulaSpelling, parseSpelling, spellFunction, translateFormula } from '../core/formulas/translate';

const known = (name: string): boolean => findFunction(name) !== undefined;
const tr = (formula: string, to: FormulaSpelling) => translateFormula(formula, to, known);

const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const FACTOR = Math.max(1, Number(process.env.FC_RUNS) || 1);
const runs = (numRuns: number): fc.Parameters<unknown> => ({ numRuns: numRuns * FACTOR, ...(SEED === undefined ? {} : { seed: SEED }) });

const SPELLINGS: readonly FormulaSpelling[] = ['excel', 'sheets', 'xlsx'];

/** The same formula in the three canonical spellings, and how many catalogue calls it makes. */
interface Row {
  readonly what: string;
  readonly excel: string;
  readonly sheets: string;
  readonly xlsx: string;
  readonly calls: number;
}

const TABLE: readonly Row[] = [
  { what: 'one call', excel: '=BTM.PAYBACK(A1:A5)', sheets: '=BTM_PAYBACK(A1:A5)', xlsx: '=_xldudf_BTM_PAYBACK(A1:A5)', calls: 1 },
  { what: 'no leading =', excel: 'BTM.NPV(0.1,B2:B9)', sheets: 'BTM_NPV(0.1,B2:B9)', xlsx: '_xldudf_BTM_NPV(0.1,B2:B9)', calls: 1 },
  {
    what: 'nested calls',
    excel: '=BTM.NPV(B1,BTM.BUSINESSCASE(B1,C2:C9,D2:D9))*2',
    sheets: '=BTM_NPV(B1,BTM_BUSINESSCASE(B1,C2:C9,D2:D9))*2',
    xlsx: '=_xldudf_BTM_NPV(B1,_xldudf_BTM_BUSINESSCASE(B1,C2:C9,D2:D9))*2',
    calls: 2,
  },
  {
    what: 'string literals holding call text, with "" escapes',
    excel: '=IF(A1="BTM.NPV(",BTM.IRR(B2:B9),"say ""BTM_NPV(x)"" or _xldudf_BTM_NPV(")',
    sheets: '=IF(A1="BTM.NPV(",BTM_IRR(B2:B9),"say ""BTM_NPV(x)"" or _xldudf_BTM_NPV(")',
    xlsx: '=IF(A1="BTM.NPV(",_xldudf_BTM_IRR(B2:B9),"say ""BTM_NPV(x)"" or _xldudf_BTM_NPV(")',
    calls: 1,
  },
  {
    what: "sheet names holding call text, with '' escapes",
    excel: "='My BTM.NPV( sheet'!A1+BTM.ROI(C1,'BTM_NPV(''s'!B2)+'It''s _xldudf_BTM_PI('!C3",
    sheets: "='My BTM.NPV( sheet'!A1+BTM_ROI(C1,'BTM_NPV(''s'!B2)+'It''s _xldudf_BTM_PI('!C3",
    xlsx: "='My BTM.NPV( sheet'!A1+_xldudf_BTM_ROI(C1,'BTM_NPV(''s'!B2)+'It''s _xldudf_BTM_PI('!C3",
    calls: 1,
  },
  {
    what: 'structured references',
    excel: "=BTM.SCORE(Table1[@[BTM.NPV]],Table1[[#Headers],[BTM_NPV(x)]],Table1[a']BTM.NPV(b])",
    sheets: "=BTM_SCORE(Table1[@[BTM.NPV]],Table1[[#Headers],[BTM_NPV(x)]],Table1[a']BTM.NPV(b])",
    xlsx: "=_xldudf_BTM_SCORE(Table1[@[BTM.NPV]],Table1[[#Headers],[BTM_NPV(x)]],Table1[a']BTM.NPV(b])",
    calls: 1,
  },
  {
    what: 'array constants',
    excel: '=BTM.NPV(0.1,{-100,50,60;1,2,3})',
    sheets: '=BTM_NPV(0.1,{-100,50,60;1,2,3})',
    xlsx: '=_xldudf_BTM_NPV(0.1,{-100,50,60;1,2,3})',
    calls: 1,
  },
  {
    what: 'whitespace and line breaks',
    excel: '= BTM.NPV( 0.1 ,\n  A1:A3 ) +\tBTM.IRR(A1:A3)',
    sheets: '= BTM_NPV( 0.1 ,\n  A1:A3 ) +\tBTM_IRR(A1:A3)',
    xlsx: '= _xldudf_BTM_NPV( 0.1 ,\n  A1:A3 ) +\t_xldudf_BTM_IRR(A1:A3)',
    calls: 2,
  },
  {
    what: 'LET names and LAMBDA parameters around a call',
    excel: '=LET(r,0.1,v,BTM.NPV(r,A1:A5),f,LAMBDA(x,x*BTM.PI(r,A1:A5)),f(v))',
    sheets: '=LET(r,0.1,v,BTM_NPV(r,A1:A5),f,LAMBDA(x,x*BTM_PI(r,A1:A5)),f(v))',
    xlsx: '=LET(r,0.1,v,_xldudf_BTM_NPV(r,A1:A5),f,LAMBDA(x,x*_xldudf_BTM_PI(r,A1:A5)),f(v))',
    calls: 2,
  },
  {
    what: 'longer identifiers that contain a spelling',
    excel: '=XBTM.NPV(1)+MYBTM_NPV(2)+A_xldudf_BTM_NPV(3)+BTM.NPV(0.1,A1:A2)',
    sheets: '=XBTM.NPV(1)+MYBTM_NPV(2)+A_xldudf_BTM_NPV(3)+BTM_NPV(0.1,A1:A2)',
    xlsx: '=XBTM.NPV(1)+MYBTM_NPV(2)+A_xldudf_BTM_NPV(3)+_xldudf_BTM_NPV(0.1,A1:A2)',
    calls: 1,
  },
  {
    what: 'cell references and defined names that look like the prefix',
    excel: '=BTM1+BTM.PI(0.1,A1:A3)*$BTM$2+BTM_NPV+BTM.NPV',
    sheets: '=BTM1+BTM_PI(0.1,A1:A3)*$BTM$2+BTM_NPV+BTM.NPV',
    xlsx: '=BTM1+_xldudf_BTM_PI(0.1,A1:A3)*$BTM$2+BTM_NPV+BTM.NPV',
    calls: 1,
  },
  {
    what: 'sheet-qualified names (a LAMBDA held in a defined name)',
    excel: "=Sheet1!BTM_NPV(1)+'S 2'!BTM.NPV(2)+BTM.WSJF(A1:A3,B1:B3,C1:C3,D1:D3)",
    sheets: "=Sheet1!BTM_NPV(1)+'S 2'!BTM.NPV(2)+BTM_WSJF(A1:A3,B1:B3,C1:C3,D1:D3)",
    xlsx: "=Sheet1!BTM_NPV(1)+'S 2'!BTM.NPV(2)+_xldudf_BTM_WSJF(A1:A3,B1:B3,C1:C3,D1:D3)",
    calls: 1,
  },
  {
    what: 'errors, operators, implicit intersection, external references',
    excel: "=IFERROR(@BTM.XIRR(A1:A5,B1:B5),#N/A)&\"%\"&[1]Data!A1&'[BTM.NPV(.xlsx]S'!A1",
    sheets: "=IFERROR(@BTM_XIRR(A1:A5,B1:B5),#N/A)&\"%\"&[1]Data!A1&'[BTM.NPV(.xlsx]S'!A1",
    xlsx: "=IFERROR(@_xldudf_BTM_XIRR(A1:A5,B1:B5),#N/A)&\"%\"&[1]Data!A1&'[BTM.NPV(.xlsx]S'!A1",
    calls: 1,
  },
  {
    what: 'a spilled table argument built from several calls',
    excel: '=BTM.PROPOSAL(BTM.SCORE(A2:C9,F2:F4),BTM.CHECK(D2:J9))',
    sheets: '=BTM_PROPOSAL(BTM_SCORE(A2:C9,F2:F4),BTM_CHECK(D2:J9))',
    xlsx: '=_xldudf_BTM_PROPOSAL(_xldudf_BTM_SCORE(A2:C9,F2:F4),_xldudf_BTM_CHECK(D2:J9))',
    calls: 3,
  },
  { what: 'no calls at all', excel: '=SUM(A1:A3)&"BTM.NPV("', sheets: '=SUM(A1:A3)&"BTM.NPV("', xlsx: '=SUM(A1:A3)&"BTM.NPV("', calls: 0 },
  { what: 'empty text', excel: '', sheets: '', xlsx: '', calls: 0 },
];

describe('translation table, every spelling to every spelling', () => {
  for (const row of TABLE) {
    for (const from of SPELLINGS) {
      for (const to of SPELLINGS) {
        it(`${row.what}: ${from} -> ${to}`, () => {
          const t = tr(row[from], to);
          expect(t.formula).toBe(row[to]);
          expect(t.changed).toBe(from === to ? 0 : row.calls);
          expect(t.calls).toBe(row.calls);
          expect(t.unknown).toEqual([]);
        });
      }
    }
  }
});

describe('round trips', () => {
  it.each(TABLE.map((r) => [r.what, r] as const))('%s: excel -> sheets -> xlsx -> excel and every other cycle give the original', (_, row) => {
    for (const start of SPELLINGS) {
      for (const order of [
        ['excel', 'sheets', 'xlsx'],
        ['xlsx', 'sheets', 'excel'],
      ] as const) {
        let f = row[start];
        for (const to of [...order, start]) f = tr(f, to).formula;
        expect(f).toBe(row[start]);
      }
    }
  });

  it('an already translated formula is returned as is', () => {
    const f = '=BTM.NPV(0.1,A1:A5)+BTM.IRR(A1:A5)';
    const t = tr(f, 'excel');
    expect(t).toEqual({ formula: f, changed: 0, calls: 2, unknown: [] });
    expect(t.formula).toBe(f);
  });
});

describe('tricky input', () => {
  const cases: ReadonlyArray<readonly [string, string, FormulaSpelling, string, number]> = [
    ['mixed case is accepted, output canonical', '=btm.npv(0.1,a1:a3)+Btm_Irr(a1:a3)+_XLDUDF_btm_roi(1,2)', 'excel', '=BTM.NPV(0.1,a1:a3)+BTM.IRR(a1:a3)+BTM.ROI(1,2)', 3],
    ['lower case in the target spelling is still rewritten', '=btm_npv(0.1,A1:A3)', 'sheets', '=BTM_NPV(0.1,A1:A3)', 1],
    ['mixed spellings in one formula', '=BTM.NPV(1,A1)+BTM_NPV(1,A1)+_xldudf_BTM_NPV(1,A1)', 'sheets', '=BTM_NPV(1,A1)+BTM_NPV(1,A1)+BTM_NPV(1,A1)', 2],
    ["Excel's unresolved-UDF prefix with the Sheets spelling", '=_xludf.BTM_NPV(0.1,A1:A3)', 'excel', '=BTM.NPV(0.1,A1:A3)', 1],
    ["Excel's unresolved-UDF prefix with the Excel spelling", '=_xludf.btm.payback(A1:A3)', 'xlsx', '=_xldudf_BTM_PAYBACK(A1:A3)', 1],
    ['a space before "(" is not a call', '=BTM.NPV (0.1,A1:A3)', 'sheets', '=BTM.NPV (0.1,A1:A3)', 0],
    ['Sheets array literals hold calls', '={BTM_NPV(0.1,A1:A3);BTM_IRR(A1:A3)}', 'excel', '={BTM.NPV(0.1,A1:A3);BTM.IRR(A1:A3)}', 2],
    ['an unterminated string hides the rest', '=BTM_NPV(1,"abc BTM_NPV(', 'excel', '=BTM.NPV(1,"abc BTM_NPV(', 1],
    ["an unterminated sheet name hides the rest", "=BTM_NPV(1,'abc BTM_NPV(", 'excel', "=BTM.NPV(1,'abc BTM_NPV(", 1],
    ['an unterminated structured reference hides the rest', '=BTM_NPV(1,T[abc BTM_NPV(', 'excel', '=BTM.NPV(1,T[abc BTM_NPV(', 1],
    ['a letter before the prefix makes another identifier', '=ÄBTM.NPV(1)+é_xldudf_BTM_NPV(2)+1BTM.NPV(3)', 'sheets', '=ÄBTM.NPV(1)+é_xldudf_BTM_NPV(2)+1BTM.NPV(3)', 0],
    ['a longer name after the function name', '=BTM.NPV2(1)+BTM.NPV.X(1)+BTM_NPV_(1)', 'sheets', '=BTM.NPV2(1)+BTM.NPV.X(1)+BTM_NPV_(1)', 0],
    ['Google Sheets export wrapper is left alone', '=IFERROR(__xludf.DUMMYFUNCTION("BTM_NPV(0.1,A1:A3)"),5)', 'excel', '=IFERROR(__xludf.DUMMYFUNCTION("BTM_NPV(0.1,A1:A3)"),5)', 0],
    ['other file prefixes are not touched', '=_xlfn.LET(_xlpm.r,0.1,_xldudf_BTM_NPV(_xlpm.r,A1:A3))', 'excel', '=_xlfn.LET(_xlpm.r,0.1,BTM.NPV(_xlpm.r,A1:A3))', 1],
    ['a LET name that shadows a function spelling', '=LET(BTM_NPV,LAMBDA(x,x*2),BTM_NPV(3)+BTM.NPV(1,A1))', 'excel', '=LET(BTM_NPV,LAMBDA(x,x*2),BTM_NPV(3)+BTM.NPV(1,A1))', 0],
    ['a LET name that shadows, seen from the other host', '=LET(BTM_NPV,LAMBDA(x,x*2),BTM_NPV(3)+BTM.NPV(1,A1))', 'sheets', '=LET(BTM_NPV,LAMBDA(x,x*2),BTM_NPV(3)+BTM_NPV(1,A1))', 1],
    ['a LAMBDA parameter that shadows', '=LAMBDA(btm_irr,btm_irr(1))(LAMBDA(y,BTM_IRR(y)))', 'excel', '=LAMBDA(btm_irr,btm_irr(1))(LAMBDA(y,BTM_IRR(y)))', 0],
    ['a LET value (not a name) is not a binding', '=LET(a,BTM_IRR(A1:A3),b,BTM_NPV,a)', 'excel', '=LET(a,BTM.IRR(A1:A3),b,BTM_NPV,a)', 1],
    ['semicolons as argument separators', '=LET(v;BTM_NPV(0,1;A1:A3);v)', 'excel', '=LET(v;BTM.NPV(0,1;A1:A3);v)', 1],
  ];
  it.each(cases)('%s', (_, input, to, expected, changed) => {
    const t = tr(input, to);
    expect(t.formula).toBe(expected);
    expect(t.changed).toBe(changed);
  });

  it('returns the very same string when nothing changes', () => {
    const f = '=SUM(A1:A3)';
    expect(tr(f, 'xlsx').formula).toBe(f);
  });
});

describe('unknown BTM names', () => {
  it('are left alone and reported once each, as written', () => {
    const t = tr('=BTM.FOO(1)+btm_bar(2)+BTM.NPV(0.1,A1)+BTM.FOO(3)+_xldudf_BTM_BAZ(4)+BTM.NPV.X(5)', 'sheets');
    expect(t.formula).toBe('=BTM.FOO(1)+btm_bar(2)+BTM_NPV(0.1,A1)+BTM.FOO(3)+_xldudf_BTM_BAZ(4)+BTM.NPV.X(5)');
    expect(t.changed).toBe(1);
    expect(t.calls).toBe(1);
    expect(t.unknown).toEqual(['BTM.FOO', 'btm_bar', '_xldudf_BTM_BAZ', 'BTM.NPV.X']);
  });

  it('are not reported from strings, sheet names, longer identifiers or LET names', () => {
    const t = tr('="BTM.FOO("&\'BTM_FOO(\'!A1+XBTM_FOO(1)+LET(BTM_FOO,LAMBDA(x,x),BTM_FOO(1))', 'excel');
    expect(t.unknown).toEqual([]);
    expect(t.changed).toBe(0);
  });

  it('asks the catalogue about the bare upper-case name only', () => {
    const asked: string[] = [];
    translateFormula('=btm.npv(1)+_xludf.Btm_Irr(2)+BTM_X(3)', 'excel', (n) => {
      asked.push(n);
      return n !== 'X';
    });
    expect(asked).toEqual(['NPV', 'IRR', 'X']);
  });
});

describe('spellings', () => {
  it('spells a bare name in each host', () => {
    expect(spellFunction('payback', 'excel')).toBe('BTM.PAYBACK');
    expect(spellFunction('PAYBACK', 'sheets')).toBe('BTM_PAYBACK');
    expect(spellFunction('PAYBACK', 'xlsx')).toBe('_xldudf_BTM_PAYBACK');
  });
  it('recognises every input spelling', () => {
    expect(parseSpelling('btm.npv')).toEqual({ spelling: 'excel', name: 'NPV' });
    expect(parseSpelling('BTM_NPV')).toEqual({ spelling: 'sheets', name: 'NPV' });
    expect(parseSpelling('_xldudf_BTM_NPV')).toEqual({ spelling: 'xlsx', name: 'NPV' });
    expect(parseSpelling('_xludf.BTM_NPV')).toEqual({ spelling: 'xlsx', name: 'NPV' });
    expect(parseSpelling('_xludf.BTM.NPV')).toEqual({ spelling: 'xlsx', name: 'NPV' });
    expect(parseSpelling('BTM.')).toBeUndefined();
    expect(parseSpelling('SUM')).toBeUndefined();
    expect(parseSpelling('XBTM.NPV')).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Properties.

const NAMES = ['NPV', 'IRR', 'XIRR', 'PAYBACK', 'DPAYBACK', 'BUSINESSCASE', 'SCORE', 'WSJF', 'ROADMAP', 'PI', 'ROI'];

/** A call spelling of a catalogue name in any input form and any letter case. */
const callArb = fc
  .record({
    name: fc.constantFrom(...NAMES),
    form: fc.constantFrom('BTM.', 'BTM_', '_xldudf_BTM_', '_xludf.BTM_', '_xludf.BTM.'),
    caseMask: fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
  })
  .map(({ name, form, caseMask }) => {
    const text = [...(form + name)].map((c, k) => (caseMask[k] ? c.toLowerCase() : c)).join('');
    return { name, text };
  });

const anyText = fc.string({ unit: fc.constantFrom(...'BTM._(x)"\'[]!#{},; é\n=+A1'.split('')), maxLength: 30 });
const escape = (s: string, q: string) => s.split(q).join(q + q);
/** Bracket contents with [ ] # ' escaped by ', as structured references write them. */
const bracketText = anyText.map((s) => s.replace(/[[\]#']/g, (c) => `'${c}`));

/** Text that holds no catalogue call token of its own. */
const glueArb = fc.oneof(
  fc.constantFrom('1', '0.1', 'A1', '$B$2', 'BTM1', 'A1:A5', 'TRUE', '#N/A', 'BTM_NPV', 'BTM.NPV', 'XBTM.NPV(1)', 'MYBTM_NPV(2)', 'Sheet1!BTM_NPV(3)', 'BTM.NPV (4)', '_xlfn.LET(_xlpm.x,1,_xlpm.x)', '{1,2;3,4}', '@A1'),
  anyText.map((s) => `"${escape(s, '"')}"`),
  anyText.map((s) => `'${escape(s, "'")}'!A1`),
  bracketText.map((s) => `Table1[${s}]`),
  bracketText.map((s) => `Table1[@[${s}]]`),
);
const sepArb = fc.constantFrom('+', '-', '*', '&', ',', ';', ' ', '\n', ')', '=', ' + ', '{'); // never "(": it would make a call of the name before it

type Piece = { kind: 'glue'; text: string } | { kind: 'call'; name: string; text: string; arg: string };
const pieceArb: fc.Arbitrary<Piece> = fc.oneof(
  glueArb.map((text) => ({ kind: 'glue' as const, text })),
  fc.record({ call: callArb, arg: glueArb }).map(({ call, arg }) => ({ kind: 'call' as const, name: call.name, text: call.text, arg })),
);
const formulaArb = fc.record({ lead: fc.constantFrom('=', '', '= '), pieces: fc.array(fc.tuple(sepArb, pieceArb), { maxLength: 8 }) });

function render(lead: string, pieces: ReadonlyArray<readonly [string, Piece]>, spell: (p: Piece & { kind: 'call' }) => string): string {
  return lead + pieces.map(([sep, p]) => sep + (p.kind === 'glue' ? p.text : `${spell(p)}(${p.arg})`)).join('');
}

describe('properties', () => {
  it('rewrites exactly the call tokens and keeps every other character', () => {
    fc.assert(
      fc.property(formulaArb, fc.constantFrom(...SPELLINGS), ({ lead, pieces }, to) => {
        const input = render(lead, pieces, (p) => p.text);
        const expected = render(lead, pieces, (p) => spellFunction(p.name, to));
        const calls = pieces.filter(([, p]) => p.kind === 'call') as Array<[string, Piece & { kind: 'call' }]>;
        const t = tr(input, to);
        expect(t.formula).toBe(expected);
        expect(t.calls).toBe(calls.length);
        expect(t.changed).toBe(calls.filter(([, p]) => p.text !== spellFunction(p.name, to)).length);
      }),
      runs(300),
    );
  });

  it('on any text: never throws, is idempotent and round-trips between hosts', () => {
    const hostile = fc.string({ unit: fc.constantFrom(...'BTMbtm._xldudf(N)PV"\'[]!{},;@ 1'.split('')), maxLength: 60 });
    fc.assert(
      fc.property(hostile, fc.constantFrom(...SPELLINGS), fc.constantFrom(...SPELLINGS), (text, a, b) => {
        const inA = tr(text, a).formula;
        expect(tr(inA, a)).toMatchObject({ formula: inA, changed: 0 });
        expect(tr(tr(inA, b).formula, a).formula).toBe(inA);
        if (!/btm/i.test(text)) expect(tr(text, b).formula).toBe(text);
      }),
      runs(500),
    );
  });
});
