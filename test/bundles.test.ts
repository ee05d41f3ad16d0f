// The built add-ins, loaded as each host loads them: both list exactly the catalogue, and the
// same inputs give the same numbers in Excel and in Google Sheets.
import fs from 'node:fs';
import path from 'node:path';
import { CATALOGUE, SERIAL_EPOCH_MS, MS_PER_DAY } from '../core';
import { DIST, ExcelError, callHost, inRealm, loadExcel, loadSheets } from './support/bundles';
import { SERVER_ENTRY_POINTS } from '../sheets-script/entry-points';

const excel = loadExcel();
const sheets = loadSheets();
const names = CATALOGUE.map((f) => f.name).sort();
const metadata = JSON.parse(fs.readFileSync(path.join(DIST, 'excel', 'functions.json'), 'utf8'));
const globalsText = fs.readFileSync(path.join(DIST, 'sheets', 'functions.js'), 'utf8');

const col = (xs: unknown[]) => xs.map((x) => [x]);
const sheetsCall = (name: string, ...args: unknown[]) => callHost(sheets[`BTM_${name}`], args.map((a) => inRealm(sheets, a)));
const excelCall = (name: string, ...args: unknown[]) => {
  const spec = CATALOGUE.find((f) => f.name === name)!;
  const full = [...args, ...Array(Math.max(0, spec.params.length - args.length)).fill(null)];
  return callHost(excel.get(name)!, full);
};
/** A Date as Sheets passes it: midnight of that day in the spreadsheet's zone (UTC in these stubs). */
const sheetsDate = (serial: number) => new Date(SERIAL_EPOCH_MS + serial * MS_PER_DAY);

describe('one catalogue, three views', () => {
  it('functions.json lists exactly the catalogue', () => {
    expect(metadata.functions.map((f: { id: string }) => f.id).sort()).toEqual(names);
  });
  it('Excel registers exactly the catalogue', () => {
    expect([...excel.keys()].sort()).toEqual(names);
  });
  it('Sheets defines exactly the catalogue as BTM_ globals', () => {
    const globals = Object.keys(sheets).filter((k) => k.startsWith('BTM_') && typeof sheets[k] === 'function');
    expect(globals.map((k) => k.slice(4)).sort()).toEqual(names);
  });
  it('every Sheets global carries @customfunction JSDoc naming each parameter', () => {
    for (const f of CATALOGUE) {
      const doc = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*function BTM_${f.name}\\(`).exec(globalsText);
      expect(doc).not.toBeNull();
      expect(doc![1]).toContain('@customfunction');
      for (const p of f.params) expect(doc![1]).toMatch(new RegExp(`@param \\{[^}]+\\} \\[?${p.name}\\]?`));
    }
  });
  it('functions.json marks optional parameters and matrices as the catalogue declares', () => {
    for (const f of CATALOGUE) {
      const m = metadata.functions.find((x: { id: string }) => x.id === f.name);
      expect(m.parameters.map((p: { name: string; optional?: boolean; dimensionality: string }) => [p.name, !!p.optional, p.dimensionality])).toEqual(
        f.params.map((p) => [p.name, !!p.optional, p.shape === 'range' ? 'matrix' : 'scalar']),
      );
      expect(m.result.dimensionality).toBe(f.result === 'table' ? 'matrix' : 'scalar');
    }
  });
  it('Sheets exposes the server entry points and nothing else at top level', () => {
    for (const name of SERVER_ENTRY_POINTS) expect(typeof sheets[name]).toBe('function');
    const topLevel = [...globalsText.matchAll(/^function (\w+)\(/gm)].map((m) => m[1]);
    expect(topLevel.sort()).toEqual([...names.map((n) => `BTM_${n}`), ...SERVER_ENTRY_POINTS].sort());
  });
});

describe('where HiGHS lives in the Excel build', () => {
  const highsExports = (file: string) => (fs.readFileSync(path.join(DIST, 'excel', file), 'utf8').match(/_Highs_\w+/g) ?? []).length;
  it('the solver worker carries it', () => {
    expect(highsExports('solver-worker.js')).toBeGreaterThan(0);
  });
  it('the task pane and the custom functions do not: both solve in the worker', () => {
    expect([highsExports('taskpane.js'), highsExports('functions.js')]).toEqual([0, 0]);
  });
});

describe('same numbers in both hosts', () => {
  const d0 = 45292; // 2024-01-01
  const cases: Array<[string, unknown[], unknown[]]> = [
    // name, Excel arguments, Sheets arguments (blanks "" and Dates where Sheets differs)
    ['NPV', [0.1, col([-10000, 3000, 4200, 6800])], [0.1, col([-10000, 3000, 4200, 6800])]],
    ['NPV', [0.1, col([-100, null, 'x', 121])], [0.1, col([-100, '', 'x', 121])]],
    ['XNPV', [0.09, col([-10000, 2750, 4250, 3250, 2750]), col([39448, 39508, 39751, 39859, 39904])], [0.09, col([-10000, 2750, 4250, 3250, 2750]), col([39448, 39508, 39751, 39859, 39904].map(sheetsDate))]],
    ['IRR', [col([-70000, 12000, 15000, 18000, 21000, 26000])], [col([-70000, 12000, 15000, 18000, 21000, 26000])]],
    ['IRR', [col([-70000, 12000, 15000]), -0.1], [col([-70000, 12000, 15000]), -0.1]],
    ['XIRR', [col([-10000, 2750, 4250, 3250, 2750]), col([39448, 39508, 39751, 39859, 39904])], [col([-10000, 2750, 4250, 3250, 2750]), col([39448, 39508, 39751, 39859, 39904].map(sheetsDate))]],
    ['MIRR', [col([-120000, 39000, 30000, 21000, 37000, 46000]), 0.1, 0.12], [col([-120000, 39000, 30000, 21000, 37000, 46000]), 0.1, 0.12]],
    ['PAYBACK', [col([-100, 30, 40, 50])], [col([-100, 30, 40, 50])]],
    ['PAYBACK', [col([-100, 30, 40, 50]), false], [col([-100, 30, 40, 50]), false]],
    ['DPAYBACK', [0.1, col([-100, 60, 60])], [0.1, col([-100, 60, 60])]],
    ['XPAYBACK', [col([-100, 60, 60]), col([d0, d0 + 100, d0 + 200])], [col([-100, 60, 60]), col([d0, d0 + 100, d0 + 200].map(sheetsDate))]],
    ['ROI', [col([-100, 55, 121]), 0.1], [col([-100, 55, 121]), 0.1]],
    ['PI', [0.1, col([-100, 55, 60.5])], [0.1, col([-100, 55, 60.5])]],
  ];

  test.each(cases.map(([n, e, s], i) => [`${n} #${i + 1}`, n, e, s] as const))('%s', (_label, name, excelArgs, sheetsArgs) => {
    const fromExcel = excelCall(name, ...excelArgs);
    const fromSheets = sheetsCall(name, ...sheetsArgs);
    expect(typeof fromExcel).toBe('number');
    expect(fromSheets).toBe(fromExcel);
  });

  it('BUSINESSCASE gives the same table, errors in their rows', () => {
    const e = excelCall('BUSINESSCASE', 0.1, col([100, 10]), col([0, 0])) as unknown[][];
    const s = sheetsCall('BUSINESSCASE', 0.1, col([100, 10]), col([0, 0])) as unknown[][];
    expect(e).toHaveLength(10);
    expect(s.map((r) => r[0])).toEqual(e.map((r) => r[0]));
    e.forEach((row, i) => {
      if (row[1] instanceof ExcelError) expect(s[i][1]).toBe(row[1].code);
      else expect(s[i][1]).toBe(row[1]);
    });
    expect((e[4][1] as ExcelError).code).toBe('#NUM!');
    expect((e[7][1] as ExcelError).code).toBe('#N/A');
    expect((e[7][1] as ExcelError).message).toMatch(/never paid back/);
  });
});

describe('errors as each host shows them', () => {
  it('Excel gets a CustomFunctions.Error with the code, and the message for #N/A and #VALUE!', () => {
    expect(excelCall('PAYBACK', col([-100, 10]))).toEqual({ error: '#N/A', message: expect.stringMatching(/never paid back/) });
    expect(excelCall('IRR', col([1, 2]))).toEqual({ error: '#NUM!', message: undefined });
    expect(excelCall('NPV', 'ten', col([1]))).toEqual({ error: '#VALUE!', message: expect.stringMatching(/rate must be a number/) });
  });
  it('Sheets gets an Error naming the function, the cause and the code', () => {
    expect(sheetsCall('IRR', col([1, 2]))).toEqual({ error: expect.stringMatching(/^BTM_IRR: the cash flows never change sign.*\(#NUM!\)$/) });
    expect(sheetsCall('XIRR', col([-1, 2]), col([sheetsDate(100), 'soon']))).toEqual({ error: expect.stringMatching(/^BTM_XIRR: dates: row 2 holds the text "soon".*\(#VALUE!\)$/) });
  });
  it('an error cell in Excel input propagates with its code', () => {
    expect(excelCall('NPV', 0.1, col([1, new ExcelError('#DIV/0!'), 2]))).toEqual({ error: '#DIV/0!', message: undefined });
  });
  it('Sheets rejects extra arguments', () => {
    expect(sheetsCall('NPV', 0.1, col([1]), 5)).toEqual({ error: expect.stringMatching(/takes at most 2 arguments/) });
  });
  it('Sheets reports a missing required argument', () => {
    expect(sheetsCall('NPV', 0.1)).toEqual({ error: 'BTM_NPV: values is required (#VALUE!)' });
  });
});

describe('dates from Sheets', () => {
  const zoned = (timeZone: string) =>
    loadSheets({ SpreadsheetApp: { getActiveSpreadsheet: () => ({ getSpreadsheetTimeZone: () => timeZone }) } });

  test.each(['America/New_York', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/Helsinki'])(
    'are read as the day the spreadsheet shows in %s',
    (timeZone) => {
      const ctx = zoned(timeZone);
      // Midnight of each date in that zone, as Sheets passes it.
      const midnight = (y: number, m: number, d: number) => {
        const guess = Date.UTC(y, m - 1, d);
        const offset = (t: number) => {
          const p = Object.fromEntries(
            new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
              .formatToParts(new Date(t))
              .filter((x) => x.type !== 'literal')
              .map((x) => [x.type, Number(x.value)]),
          );
          return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - t;
        };
        return new Date(guess - offset(guess));
      };
      const result = callHost(ctx.BTM_XPAYBACK, [
        inRealm(ctx, col([-100, 50, 50])),
        inRealm(ctx, col([midnight(2024, 3, 30), midnight(2024, 3, 31), midnight(2024, 4, 1)])),
      ]);
      expect(result).toBe(45383); // 2024-04-01
    },
  );
});

describe('solver-backed functions (SELECT, FRONTIER) answer with a Promise in both hosts', () => {
  const select = [col([6, 5, 5]), col([6, 5, 5]), 10];
  const frontier = [col([6, 5, 4]), col([6, 5, 5]), col([0, 10, 16])];

  it('Sheets: the globals solve with HiGHS decoded from highs-wasm.js', async () => {
    const answer = sheetsCall('SELECT', ...select);
    expect(answer).toHaveProperty('then'); // a Promise, which Apps Script awaits
    expect(await answer).toEqual([[0], [1], [1]]);
    expect(await sheetsCall('FRONTIER', ...frontier)).toEqual([
      ['budget', 'value', 'count', 'initiatives'],
      [0, 0, 0, ''],
      [10, 9, 2, '2, 3'],
      [16, 15, 3, '1, 2, 3'],
    ]);
  });

  it('Excel: the same answers, blanks as empty strings', async () => {
    expect(await excelCall('SELECT', col([6, 5, 5]), col([6, 5, 5]), [[10]])).toEqual([[0], [1], [1]]);
    expect(await excelCall('FRONTIER', ...frontier)).toEqual(await sheetsCall('FRONTIER', ...frontier));
  });

  it('errors arrive as each host shows them: a rejected Error in Sheets, a CustomFunctions.Error in Excel', async () => {
    const forced = [col([1, 1]), col([6, 6]), 10, '', '', '', col(['in', 'in'])];
    const message = 'forced: the initiatives forced in, with those they require, cost 12, more than the budget of 10';
    expect(await sheetsCall('SELECT', ...forced)).toEqual({ error: `BTM_SELECT: ${message} (#VALUE!)` });
    expect(await excelCall('SELECT', col([1, 1]), col([6, 6]), [[10]], null, null, null, col(['in', 'in']))).toEqual({ error: '#VALUE!', message });
    // Argument errors are found before any solve: thrown at once, as for every other function.
    expect(sheetsCall('SELECT', col([1]), col([1]))).toEqual({ error: 'BTM_SELECT: budget is required (#VALUE!)' });
  });

  it('Sheets: Apps Script\'s own base64 decoder (signed bytes) gives the same solver', async () => {
    const ctx = loadSheets({ Utilities: { base64Decode: (text: string) => Array.from(Buffer.from(text, 'base64'), (b) => (b > 127 ? b - 256 : b)) } });
    expect(await callHost(ctx.BTM_SELECT, inRealm(ctx, select))).toEqual([[0], [1], [1]]);
  });

  it('Sheets: the wasm ships as one string variable, not as a function Apps Script would list', () => {
    const wasmFile = fs.readFileSync(path.join(DIST, 'sheets', 'highs-wasm.js'), 'utf8');
    // The same check as /^var HIGHS_WASM_BASE64_ = "[A-Za-z0-9+/=]+";$/m, without running a
    // backtracking regex over 4.7 MB (V8 overflowed its stack on it once under load).
    const line = wasmFile.split('\n').find((l) => l.startsWith('var HIGHS_WASM_BASE64_ = "'));
    expect(line).toBeDefined();
    const body = line!.slice('var HIGHS_WASM_BASE64_ = "'.length);
    expect(body.endsWith('";')).toBe(true);
    expect(body.length).toBeGreaterThan(2);
    expect(/[^A-Za-z0-9+/=]/.test(body.slice(0, -2))).toBe(false);
    expect(wasmFile).not.toMatch(/function/);
    expect(typeof sheets.HIGHS_WASM_BASE64_).toBe('string');
    expect(Buffer.from(sheets.HIGHS_WASM_BASE64_ as unknown as string, 'base64').equals(fs.readFileSync(path.join(DIST, 'excel', 'highs.wasm')))).toBe(true);
  });
});

