// Score demand and the BTM Settings sheet on Google Sheets: the built bundle (dist/sheets) in a
// vm with a stub SpreadsheetApp whose sheets are 2-D grids, called through the top-level
// globals as google.script.run calls them. Every cell read and write is counted: the command
// reads once and writes once whatever the table's size. Needs `npm run build`.
import { inRealm, loadSheets, SheetsGlobals } from './support/bundles';
import { DEFAULT_SETTINGS, MS_PER_DAY, SERIAL_EPOCH_MS, settingsToGrid } from '../core';
import type { CellValue, ScoreDemandRequest } from '../core';

type Sheets = unknown; // what a Sheets cell holds: number, string ('' when blank), boolean, Date
type Grid = Sheets[][];

/** Calls that reach the spreadsheet, summed over every sheet of one spreadsheet. */
interface Counts {
  getDataRange: number;
  getMergedRanges: number;
  getValues: number;
  getFormulas: number;
  setValues: number;
  setFormulas: number;
  setValue: number;
  setFormula: number;
  getSheetByName: number;
  insertSheet: number;
  getSpreadsheetTimeZone: number;
  getProperty: number;
  setProperty: number;
}

const zeroCounts = (): Counts => ({
  getDataRange: 0,
  getMergedRanges: 0,
  getValues: 0,
  getFormulas: 0,
  setValues: 0,
  setFormulas: 0,
  setValue: 0,
  setFormula: 0,
  getSheetByName: 0,
  insertSheet: 0,
  getSpreadsheetTimeZone: 0,
  getProperty: 0,
  setProperty: 0,
});

interface Block {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/** One write the bundle made: the method, the A1 address and what it wrote. */
interface Write {
  sheet: string;
  method: 'setValues' | 'setFormulas';
  a1: string;
  data: unknown[][];
}

function a1Of(row: number, col: number): string {
  let letters = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `${letters}${row}`;
}

const a1Block = (b: Block) => (b.rows === 1 && b.cols === 1 ? a1Of(b.row, b.col) : `${a1Of(b.row, b.col)}:${a1Of(b.row + b.rows - 1, b.col + b.cols - 1)}`);

/** A sheet as a grid of values and a grid of formulas (row 1 is index 0), grown on write. */
class FakeSheet {
  readonly values: Grid = [];
  readonly formulas: string[][] = [];
  /** Merged areas, 1-based. */
  merged: Block[] = [];

  constructor(
    private readonly name: string,
    private readonly book: FakeSpreadsheet,
    grid: Grid = [],
  ) {
    grid.forEach((row, r) => row.forEach((v, c) => this.put(r + 1, c + 1, v, '')));
  }

  getName() {
    return this.name;
  }

  value(a1: string): Sheets {
    const [row, col] = rc(a1);
    return this.values[row - 1]?.[col - 1] ?? '';
  }

  formula(a1: string): string {
    const [row, col] = rc(a1);
    return this.formulas[row - 1]?.[col - 1] ?? '';
  }

  put(row: number, col: number, value: Sheets, formula: string) {
    while (this.values.length < row) {
      this.values.push([]);
      this.formulas.push([]);
    }
    this.values[row - 1][col - 1] = value;
    this.formulas[row - 1][col - 1] = formula;
  }

  /** The extent of the cells with content, as Sheets' getDataRange (A1 on an empty sheet). */
  private extent(): Block {
    let rows = 1;
    let cols = 1;
    this.values.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v !== '' && v !== undefined) {
          rows = Math.max(rows, r + 1);
          cols = Math.max(cols, c + 1);
        }
      }),
    );
    this.formulas.forEach((row, r) =>
      row.forEach((f, c) => {
        if (f) {
          rows = Math.max(rows, r + 1);
          cols = Math.max(cols, c + 1);
        }
      }),
    );
    return { row: 1, col: 1, rows, cols };
  }

  getDataRange() {
    this.book.counts.getDataRange++;
    return this.range(this.extent());
  }

  getRange(row: number, col: number, rows = 1, cols = 1) {
    if (typeof row !== 'number') throw new Error(`the fake sheet takes getRange(row, col, rows, cols), not ${String(row)}`);
    return this.range({ row, col, rows, cols });
  }

  range(b: Block) {
    const book = this.book;
    const grid = <T>(f: (r: number, c: number) => T): T[][] => {
      const out: T[][] = [];
      for (let r = b.row; r < b.row + b.rows; r++) {
        const line: T[] = [];
        for (let c = b.col; c < b.col + b.cols; c++) line.push(f(r, c));
        out.push(line);
      }
      return book.realm(out);
    };
    const fits = (data: unknown[][], method: string) => {
      if (data.length !== b.rows || data.some((row) => row.length !== b.cols)) throw new Error(`${method}: data does not match ${a1Block(b)}`);
    };
    const range = {
      getSheet: () => this,
      getRow: () => b.row,
      getColumn: () => b.col,
      getNumRows: () => b.rows,
      getNumColumns: () => b.cols,
      getA1Notation: () => a1Block(b),
      getValues: () => {
        book.counts.getValues++;
        return grid((r, c) => this.values[r - 1]?.[c - 1] ?? '');
      },
      getFormulas: () => {
        book.counts.getFormulas++;
        return grid((r, c) => this.formulas[r - 1]?.[c - 1] ?? '');
      },
      getMergedRanges: () => {
        book.counts.getMergedRanges++;
        const touching = this.merged.filter((m) => m.row < b.row + b.rows && m.row + m.rows > b.row && m.col < b.col + b.cols && m.col + m.cols > b.col);
        return touching.map((m) => this.range(m));
      },
      setValues: (data: unknown[][]) => {
        book.counts.setValues++;
        fits(data, 'setValues');
        book.writes.push({ sheet: this.name, method: 'setValues', a1: a1Block(b), data });
        // As Sheets does, text starting with "=" written as a value becomes a formula.
        data.forEach((row, i) =>
          row.forEach((v, j) => {
            const isFormula = typeof v === 'string' && v.startsWith('=');
            this.put(b.row + i, b.col + j, isFormula ? 0 : v, isFormula ? (v as string) : '');
          }),
        );
      },
      setFormulas: (data: string[][]) => {
        book.counts.setFormulas++;
        fits(data, 'setFormulas');
        book.writes.push({ sheet: this.name, method: 'setFormulas', a1: a1Block(b), data });
        data.forEach((row, i) => row.forEach((f, j) => this.put(b.row + i, b.col + j, f === '' ? '' : 0, f)));
      },
      setValue: () => void book.counts.setValue++,
      setFormula: () => void book.counts.setFormula++,
    };
    return range;
  }
}

function rc(a1: string): [number, number] {
  const m = /^([A-Z]+)(\d+)$/.exec(a1)!;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return [Number(m[2]), col];
}

/** The spreadsheet, its document properties and the selection. */
class FakeSpreadsheet {
  counts = zeroCounts();
  writes: Write[] = [];
  readonly sheets = new Map<string, FakeSheet>();
  readonly properties = new Map<string, string>();
  selection: { sheet: string; a1: string } | null = null;
  realm: <T>(x: T) => T = (x) => x;

  addSheet(name: string, grid: Grid = []): FakeSheet {
    const sheet = new FakeSheet(name, this, grid);
    this.sheets.set(name, sheet);
    return sheet;
  }

  select(sheet: string, a1: string) {
    this.selection = { sheet, a1 };
  }

  /** Forgets the counts and writes so far (after setting up, or between two runs). */
  reset() {
    this.counts = zeroCounts();
    this.writes = [];
  }

  services() {
    const book = this;
    const spreadsheet = {
      getSpreadsheetTimeZone: () => {
        book.counts.getSpreadsheetTimeZone++;
        return 'UTC';
      },
      getSheetByName: (name: string) => {
        book.counts.getSheetByName++;
        return book.sheets.get(name) ?? null;
      },
      insertSheet: (name: string) => {
        book.counts.insertSheet++;
        if (book.sheets.has(name)) throw new Error(`A sheet with the name "${name}" already exists.`);
        const sheet = book.addSheet(name);
        book.selection = { sheet: name, a1: 'A1' };
        return sheet;
      },
    };
    const documentProperties = {
      getProperty: (key: string) => {
        book.counts.getProperty++;
        return book.properties.has(key) ? book.properties.get(key)! : null;
      },
      setProperty: (key: string, value: string) => {
        book.counts.setProperty++;
        book.properties.set(key, String(value));
        return documentProperties;
      },
    };
    return {
      SpreadsheetApp: {
        getUi: () => ({}),
        getActiveSpreadsheet: () => spreadsheet,
        getActive: () => spreadsheet,
        getActiveRange: () => {
          if (!book.selection) return null;
          const sheet = book.sheets.get(book.selection.sheet)!;
          const [row, col] = rc(book.selection.a1);
          return sheet.getRange(row, col);
        },
      },
      PropertiesService: { getDocumentProperties: () => documentProperties },
    };
  }
}

const HEADERS = [
  'Initiative', 'Demand type', 'Business value', 'Time criticality', 'Risk reduction', 'Job size', 'Cost', 'Strategic fit',
  'Sponsor', 'Financing', 'Resources', 'Architecture', 'Security', 'Vendors', 'Processes', 'Running',
];
const OWNED = ['BTM Score', 'BTM Rank', 'BTM Check', 'BTM Proposal', 'BTM WSJF'];
const CHECK_LABELS = '{"Sponsor","Financing","Resources","Architecture","Security","Vendors","Processes"}';

/** One initiative as a portfolio manager types it: names, 1-10 scores, costs, yes/no answers. */
function demandRow(i: number, headers: readonly string[] = HEADERS): Sheets[] {
  const yes = (k: number) => ((i + k) % 4 === 0 ? 'No' : 'Yes');
  const byHeader: Record<string, Sheets> = {
    initiative: `Initiative ${i}`,
    'demand type': ['Project', 'Change', 'Regulatory'][i % 3],
    'business value': 1 + (i % 10),
    'time criticality': 1 + ((i * 3) % 10),
    'risk reduction': 1 + ((i * 7) % 10),
    'job size': [1, 2, 3, 5, 8, 13][i % 6],
    cost: 25_000 * (1 + (i % 20)),
    capex: 25_000 * (1 + (i % 20)),
    'strategic fit': 1 + ((i * 5) % 10),
    running: i % 5 === 0,
  };
  return headers.map((h, k) => byHeader[h.toLowerCase().replace(/-/g, ' ')] ?? byHeader[h.toLowerCase()] ?? yes(k));
}

/**
 * A realistic "Demand" sheet: a title in A1, an empty row, then the table from B3 (headers) with
 * `rows` initiatives below (rows 4 ...). The results go to R:V.
 */
function demandSheet(book: FakeSpreadsheet, rows: number, headers: readonly string[] = HEADERS): FakeSheet {
  const grid: Grid = [['Demand intake 2027'], [], ['', ...headers]];
  for (let i = 1; i <= rows; i++) grid.push(['', ...demandRow(i, headers)]);
  const sheet = book.addSheet('Demand', grid);
  book.select('Demand', 'C5');
  return sheet;
}

interface Host {
  ctx: SheetsGlobals;
  book: FakeSpreadsheet;
}

function host(setUp: (book: FakeSpreadsheet) => void): Host {
  const book = new FakeSpreadsheet();
  setUp(book);
  const ctx = loadSheets(book.services());
  book.realm = (x) => inRealm(ctx, x);
  book.reset();
  return { ctx, book };
}

/** Calls panelScoreDemand as google.script.run does: the top-level global, a plain-object request. */
const scoreDemand = (h: Host, request: ScoreDemandRequest = {}) => h.ctx.panelScoreDemand(inRealm(h.ctx, request)) as Record<string, unknown>;
const writeSettings = (h: Host) => h.ctx.panelWriteSettingsSheet() as Record<string, unknown>;

const expectedFormulas = (last: number) => [
  `=BTM_SCORE(HSTACK(I4:I${last},D4:D${last},E4:E${last},F4:F${last},H4:H${last}),{3,3,2,2,2},{1,1,1,1,-1},"minmax",C4:C${last})`,
  `=BTM_PRIORITY(R4:R${last})`,
  `=BTM_CHECK(J4:P${last},${CHECK_LABELS})`,
  `=BTM_PROPOSAL(R4:R${last},T4:T${last},{60,40},Q4:Q${last})`,
  `=BTM_WSJF(D4:D${last},E4:E${last},F4:F${last},G4:G${last})`,
];

/** One read of the sheet (values, formulas, merged areas), no settings sheet, one write. */
const ONE_READ_ONE_WRITE: Counts = {
  ...zeroCounts(),
  getDataRange: 1,
  getMergedRanges: 1,
  getValues: 1,
  getFormulas: 1,
  setValues: 1,
  setFormulas: 1,
  getSheetByName: 1,
  getProperty: 1,
};

describe('panelScoreDemand on a realistic demand table', () => {
  test.each([10, 5000])('%i rows: one read, one write of the header row and the formula row', (rows) => {
    const h = host((b) => demandSheet(b, rows));
    const last = 3 + rows;
    const response = scoreDemand(h);
    expect(response).toMatchObject({
      status: 'written',
      address: 'Demand!R3:V4',
      headers: OWNED,
      tableHeaders: HEADERS,
      skipped: [],
      settingsProblems: [],
    });
    expect(response.mapping).toMatchObject({ 'Strategic alignment': 'Strategic fit', 'Business value': 'Business value', 'Check: Vendors': 'Vendors', Running: 'Running' });
    expect(h.book.counts).toEqual(ONE_READ_ONE_WRITE);
    expect(h.book.writes).toEqual([
      { sheet: 'Demand', method: 'setValues', a1: 'R3:V3', data: [OWNED] },
      { sheet: 'Demand', method: 'setFormulas', a1: 'R4:V4', data: [expectedFormulas(last)] },
    ]);
    const sheet = h.book.sheets.get('Demand')!;
    // The headers are values, the formulas are formulas, in Sheets spelling, in the right cells.
    expect(['R3', 'S3', 'T3', 'U3', 'V3'].map((a) => [sheet.value(a), sheet.formula(a)])).toEqual(OWNED.map((o) => [o, '']));
    expect(sheet.formula('R4')).toBe(`=BTM_SCORE(HSTACK(I4:I${last},D4:D${last},E4:E${last},F4:F${last},H4:H${last}),{3,3,2,2,2},{1,1,1,1,-1},"minmax",C4:C${last})`);
    expect(sheet.formula('S4')).toBe(`=BTM_PRIORITY(R4:R${last})`);
    expect(sheet.formula('V4')).toBe(`=BTM_WSJF(D4:D${last},E4:E${last},F4:F${last},G4:G${last})`);
    // The user's cells are as they were.
    expect(sheet.value('A1')).toBe('Demand intake 2027');
    expect(sheet.value('Q4')).toBe(demandRow(1)[15]);
  });

  test('headers in another case and spelling still map', () => {
    const headers = HEADERS.map((h, i) => (i % 2 === 0 ? h.toUpperCase() : h.toLowerCase().replace(/ /g, '-')));
    const h = host((b) => demandSheet(b, 10, headers));
    const response = scoreDemand(h);
    expect(response).toMatchObject({ status: 'written', address: 'Demand!R3:V4', tableHeaders: headers, skipped: [] });
    expect(h.book.writes[1].data).toEqual([expectedFormulas(13)]);
  });

  test('a merged header is refused with the core\'s message, and nothing is written', () => {
    const h = host((b) => {
      demandSheet(b, 10).merged = [{ row: 3, col: 4, rows: 1, cols: 2 }];
    });
    expect(scoreDemand(h)).toEqual({
      status: 'invalid',
      message: 'The header row has merged cells (D3:E3): unmerge them so each column has a header of its own.',
    });
    expect(h.book.writes).toEqual([]);
    expect(h.book.counts.setValues + h.book.counts.setFormulas + h.book.counts.setProperty).toBe(0);
  });

  test('an empty row in the middle keeps the rows below it in the table', () => {
    const h = host((b) => {
      const sheet = demandSheet(b, 10);
      for (let c = 1; c <= 17; c++) sheet.put(8, c, '', ''); // row 8: initiative 5, cleared
    });
    expect(scoreDemand(h)).toMatchObject({ status: 'written', address: 'Demand!R3:V4' });
    expect(h.book.writes[1].data[0][1]).toBe('=BTM_PRIORITY(R4:R13)');
  });

  test('user data where the results go: blocked, naming the cell, and nothing written', () => {
    const h = host((b) => demandSheet(b, 10).put(7, 19, 'ask Finance', ''));
    expect(scoreDemand(h)).toEqual({
      status: 'blocked',
      cells: ['S7'],
      message: 'Nothing was written: the results need Demand!S7 empty. Move or clear that cell and run Score demand again.',
    });
    expect(h.book.writes).toEqual([]);
    expect(h.book.sheets.get('Demand')!.value('S7')).toBe('ask Finance');
  });

  test('a formula of the user\'s under the results blocks as well', () => {
    const h = host((b) => demandSheet(b, 10).put(13, 22, 0, '=SUM(D4:D13)'));
    expect(scoreDemand(h)).toMatchObject({ status: 'blocked', cells: ['V13'] });
    expect(h.book.writes).toEqual([]);
  });

  test('a second run replaces its own block in place (spilled values below are its own)', () => {
    const h = host((b) => demandSheet(b, 10));
    scoreDemand(h);
    const sheet = h.book.sheets.get('Demand')!;
    for (let r = 5; r <= 13; r++) for (let c = 18; c <= 22; c++) sheet.put(r, c, r * c, ''); // the spill
    h.book.reset();
    expect(scoreDemand(h)).toMatchObject({ status: 'written', address: 'Demand!R3:V4', headers: OWNED, tableHeaders: HEADERS });
    expect(h.book.counts).toEqual(ONE_READ_ONE_WRITE);
    expect(h.book.writes.map((w) => w.a1)).toEqual(['R3:V3', 'R4:V4']);
  });

  test('a Date in the table is read as the serial date, asking the time zone once', () => {
    const h = host((b) => {
      const sheet = demandSheet(b, 10, [...HEADERS, 'Requested on']);
      for (let r = 4; r <= 13; r++) sheet.put(r, 18, new Date(SERIAL_EPOCH_MS + (45_700 + r) * MS_PER_DAY), '');
    });
    const response = scoreDemand(h);
    expect(response).toMatchObject({ status: 'written', address: 'Demand!S3:W4' });
    expect(h.book.counts.getSpreadsheetTimeZone).toBe(1);
  });

  test('an empty selected cell, or none, is refused without writing', () => {
    const h = host((b) => {
      demandSheet(b, 10);
      b.select('Demand', 'Z40');
    });
    expect(scoreDemand(h)).toEqual({ status: 'invalid', message: 'Select a cell inside your demand table (the selected cell is empty).' });
    h.book.selection = null;
    expect(scoreDemand(h)).toEqual({ status: 'invalid', message: 'Select a cell inside your demand table first.' });
    expect(h.book.writes).toEqual([]);
  });
});

describe('column choices', () => {
  const headers = HEADERS.map((x) => (x === 'Cost' ? 'Capex' : x));
  const withoutCost = '=BTM_SCORE(HSTACK(I4:I13,D4:D13,E4:E13,F4:F13),{3,3,2,2},{1,1,1,1},"minmax",C4:C13)';
  const withCapex = '=BTM_SCORE(HSTACK(I4:I13,D4:D13,E4:E13,F4:F13,H4:H13),{3,3,2,2,2},{1,1,1,1,-1},"minmax",C4:C13)';

  test('the user\'s choices are used, remembered in the document, and reused next time', () => {
    const h = host((b) => demandSheet(b, 10, headers));
    expect(scoreDemand(h)).toMatchObject({ status: 'written' });
    expect(h.book.writes[1].data[0][0]).toBe(withoutCost);

    h.book.reset();
    const response = scoreDemand(h, { overrides: { Cost: 'Capex' } });
    expect(response).toMatchObject({ status: 'written', mapping: expect.objectContaining({ Cost: 'Capex' }) });
    expect(h.book.writes[1].data[0][0]).toBe(withCapex);
    expect(JSON.parse(h.book.properties.get('btm.scoreDemand.overrides')!)).toEqual({ Cost: 'Capex' });
    // Choices sent with the request need no look-up of the remembered ones; one property write.
    expect(h.book.counts).toEqual({ ...ONE_READ_ONE_WRITE, getProperty: 0, setProperty: 1 });

    h.book.reset();
    expect(scoreDemand(h)).toMatchObject({ status: 'written', mapping: expect.objectContaining({ Cost: 'Capex' }) });
    expect(h.book.writes[1].data[0][0]).toBe(withCapex);
    expect(h.book.counts).toEqual(ONE_READ_ONE_WRITE);
  });

  test('choices are not remembered when nothing was written', () => {
    const h = host((b) => demandSheet(b, 10, headers).put(5, 19, 'note', ''));
    expect(scoreDemand(h, { overrides: { Cost: 'Capex' } })).toMatchObject({ status: 'blocked' });
    expect(h.book.properties.size).toBe(0);
  });

  test('unreadable remembered choices count as none', () => {
    const h = host((b) => {
      demandSheet(b, 10, headers);
      b.properties.set('btm.scoreDemand.overrides', '{"Cost": "Capex"');
    });
    expect(scoreDemand(h)).toMatchObject({ status: 'written' });
    expect(h.book.writes[1].data[0][0]).toBe(withoutCost);
  });
});

describe('the BTM Settings sheet', () => {
  const settingsGrid = (): Grid => settingsToGrid(DEFAULT_SETTINGS).map((row) => row.map((c: CellValue) => (c === null ? '' : c)));

  test('is read when present: a DMO weight changes the formula\'s weights', () => {
    const h = host((b) => {
      demandSheet(b, 10);
      const grid = settingsGrid();
      const bv = grid.findIndex((row) => row[0] === 'Business value');
      grid[bv][1] = 5;
      b.addSheet('BTM Settings', grid);
    });
    const response = scoreDemand(h);
    expect(response).toMatchObject({ status: 'written', settingsProblems: [] });
    expect(h.book.writes[1].data[0][0]).toBe('=BTM_SCORE(HSTACK(I4:I13,D4:D13,E4:E13,F4:F13,H4:H13),{3,5,2,2,2},{1,1,1,1,-1},"minmax",C4:C13)');
    // One more read: the settings sheet's values.
    expect(h.book.counts).toEqual({ ...ONE_READ_ONE_WRITE, getDataRange: 2, getValues: 2 });
  });

  test('cells it cannot read are reported with their address, and the defaults apply', () => {
    const h = host((b) => {
      demandSheet(b, 10);
      const grid = settingsGrid();
      grid[3][2] = 'sideways';
      b.addSheet('BTM Settings', grid);
    });
    expect(scoreDemand(h)).toMatchObject({
      status: 'written',
      settingsProblems: ['\'BTM Settings\'!C4: the direction of "Business value" must be "higher is better" or "lower is better"'],
    });
    expect(h.book.writes[1].data[0][0]).toBe(expectedFormulas(13)[0]);
  });

  test('panelWriteSettingsSheet creates it once, in one write, and refuses the second time', () => {
    const h = host((b) => demandSheet(b, 10));
    const grid = settingsGrid();
    expect(writeSettings(h)).toEqual({ status: 'created', address: `'BTM Settings'!A1:E${grid.length}` });
    expect(h.book.counts).toEqual({ ...zeroCounts(), getSheetByName: 1, insertSheet: 1, setValues: 1 });
    expect(h.book.writes).toEqual([{ sheet: 'BTM Settings', method: 'setValues', a1: `A1:E${grid.length}`, data: grid }]);
    expect(h.book.sheets.get('BTM Settings')!.formulas.flat().filter(Boolean)).toEqual([]);

    h.book.reset();
    expect(writeSettings(h)).toEqual({ status: 'exists', message: 'The workbook already has a BTM Settings sheet; edit it there.' });
    expect(h.book.counts).toEqual({ ...zeroCounts(), getSheetByName: 1 });
    expect(h.book.writes).toEqual([]);

    // Score demand reads back what was written: the defaults, without problems.
    h.book.select('Demand', 'C5');
    h.book.reset();
    expect(scoreDemand(h)).toMatchObject({ status: 'written', settingsProblems: [] });
    expect(h.book.writes[1].data).toEqual([expectedFormulas(13)]);
  });
});
