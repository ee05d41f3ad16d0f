// A stand-in for the Apps Script services a sidebar command uses (SpreadsheetApp with sheets of
// cells, formats and charts; CacheService), for the built bundle loaded in a vm. Every call that
// reaches the spreadsheet is counted, every write recorded with its sheet, so a test can say how
// many round trips a command costs and that it wrote nowhere else.
// setValues reads strings as Sheets reads typed input: a leading apostrophe makes the rest text
// (not shown), "=..." is a formula, "12" a number, "2027-01" a date, "TRUE" a boolean.
// Sheet.clear() empties cells and their formats (backgrounds, font colours and weights, number
// formats) but, as in Sheets, leaves column widths, hidden columns and frozen rows and columns
// as they were. Column operations beyond the sheet's last column fail as Sheets' do.
// getFormulas() gives '' where a cell holds no formula; setFormulas writes each cell of its block:
// "=..." a formula, '' an emptied cell, anything else a constant typed in.
// insertSheet(name, index) puts the new sheet at that 0-based position (after the last sheet when
// the index is the number of sheets) and shows it; a name in use is refused.
// Named ranges (Spreadsheet.getNamedRanges, setNamedRange): a name each, with its range; a name in
// use is refused. Data validation: SpreadsheetApp.newDataValidation() builds a rule
// (requireValueInRange(range, showDropdown), setAllowInvalid, setHelpText, build), which
// Range.setDataValidation(rule) keeps for that range.
// loadOn(book) loads the built bundle on the book's services for a server test; recordingRunner()
// stands in for google.script.run in a sidebar test, recording each call for the test to answer.
import { inRealm, loadSheets, SheetsGlobals } from './bundles';
import type { ScriptRunner } from '../../sheets-script/sidebar';

export type SheetsValue = unknown; // number, string ('' when blank), boolean, Date
export type Grid = SheetsValue[][];

export interface Write {
  sheet: string;
  method: string;
  /** Row, column, rows, columns (1-based) of the range written, when it is one. */
  at?: [number, number, number, number];
}

/** A data validation rule as the builder set it. */
export interface ValidationSpec {
  criteria: string;
  /** The sheet and [row, col, rows, cols] of the range the values must come from. */
  values?: { sheet: string; at: [number, number, number, number] };
  showDropdown?: boolean;
  allowInvalid: boolean;
  helpText?: string;
}

export interface ChartSpec {
  type: string;
  /** [row, col, rows, cols] of each range. */
  ranges: [number, number, number, number][];
  options: Record<string, unknown>;
  headers?: number;
  position?: [number, number];
}

/** What Sheets stores for a value written through setValues: [value, formula]. */
export function typedIn(v: unknown): [SheetsValue, string] {
  if (typeof v !== 'string') return [v === null || v === undefined ? '' : v, ''];
  if (v.startsWith("'")) return [v.slice(1), ''];
  if (v.startsWith('=')) return [0, v];
  const t = v.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(t)) return [Number(t), ''];
  const date = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/.exec(t);
  if (date) return [new Date(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3] ?? 1))), ''];
  if (/^(true|false)$/i.test(t)) return [t.toLowerCase() === 'true', ''];
  return [v, ''];
}

export class FakeSheet {
  readonly values: Grid = [];
  readonly formulas: string[][] = [];
  formats: Record<string, string> = {};
  backgrounds: Record<string, string> = {};
  weights: Record<string, string> = {};
  widths: Record<number, number> = {};
  charts: ChartSpec[] = [];
  fontColors: Record<string, string> = {};
  /** Data validation rules by "row,col,rows,cols" of the range they were set on. */
  validations: Record<string, ValidationSpec> = {};
  /** Hidden columns (1-based). */
  hidden: number[] = [];
  frozenRows = 0;
  frozenColumns = 0;
  maxRows = 1000;
  maxColumns = 26;

  constructor(
    readonly name: string,
    private readonly book: FakeSpreadsheet,
    grid: Grid = [],
  ) {
    grid.forEach((row, r) => row.forEach((v, c) => this.put(r + 1, c + 1, v === null || v === undefined ? '' : v, '')));
    this.maxRows = Math.max(1000, grid.length);
    this.maxColumns = Math.max(26, ...grid.map((r) => r.length));
  }

  private count(method: string, at?: [number, number, number, number]) {
    this.book.count(method);
    if (/^(set|insert|remove|clear|hide|show)/.test(method)) this.book.writes.push({ sheet: this.name, method, ...(at ? { at } : {}) });
  }

  put(row: number, col: number, value: SheetsValue, formula: string) {
    while (this.values.length < row) {
      this.values.push([]);
      this.formulas.push([]);
    }
    this.values[row - 1][col - 1] = value;
    this.formulas[row - 1][col - 1] = formula;
  }

  value(row: number, col: number): SheetsValue {
    return this.values[row - 1]?.[col - 1] ?? '';
  }

  getName() {
    return this.name;
  }

  getMaxRows() {
    this.count('getMaxRows');
    return this.maxRows;
  }

  getMaxColumns() {
    this.count('getMaxColumns');
    return this.maxColumns;
  }

  insertRowsAfter(_after: number, n: number) {
    this.count('insertRowsAfter');
    this.maxRows += n;
    return this;
  }

  insertColumnsAfter(_after: number, n: number) {
    this.count('insertColumnsAfter');
    this.maxColumns += n;
    return this;
  }

  setColumnWidth(col: number, px: number) {
    this.count('setColumnWidth');
    this.widths[col] = px;
    return this;
  }

  private columns(method: string, from: number, n: number) {
    if (!Number.isInteger(from) || !Number.isInteger(n) || from < 1 || n < 1 || from + n - 1 > this.maxColumns) {
      throw new Error(`Exception: ${method}: those columns are out of bounds (${from}, ${n}).`);
    }
    return Array.from({ length: n }, (_, k) => from + k);
  }

  setColumnWidths(from: number, n: number, px: number) {
    this.count('setColumnWidths');
    for (const c of this.columns('setColumnWidths', from, n)) this.widths[c] = px;
    return this;
  }

  hideColumns(from: number, n = 1) {
    this.count('hideColumns');
    const cols = this.columns('hideColumns', from, n);
    this.hidden = [...new Set([...this.hidden, ...cols])].sort((a, b) => a - b);
  }

  showColumns(from: number, n = 1) {
    this.count('showColumns');
    const cols = new Set(this.columns('showColumns', from, n));
    this.hidden = this.hidden.filter((c) => !cols.has(c));
  }

  setFrozenRows(n: number) {
    this.count('setFrozenRows');
    this.frozenRows = n;
  }

  setFrozenColumns(n: number) {
    this.count('setFrozenColumns');
    this.frozenColumns = n;
  }

  clear() {
    this.count('clear');
    this.values.splice(0);
    this.formulas.splice(0);
    this.formats = {};
    this.backgrounds = {};
    this.weights = {};
    this.fontColors = {};
    return this;
  }

  getCharts() {
    this.count('getCharts');
    return this.charts.map((c) => ({ spec: c }));
  }

  removeChart(chart: { spec: ChartSpec }) {
    this.count('removeChart');
    this.charts = this.charts.filter((c) => c !== chart.spec);
  }

  insertChart(chart: { spec: ChartSpec }) {
    this.count('insertChart');
    this.charts.push(chart.spec);
  }

  newChart() {
    this.book.count('newChart');
    const spec: ChartSpec = { type: 'none', ranges: [], options: {} };
    const builder: Record<string, (...a: any[]) => unknown> = {
      asLineChart: () => ((spec.type = 'line'), builder),
      setTitle: (t: string) => ((spec.options.title = t), builder),
      setXAxisTitle: (t: string) => ((spec.options.xAxisTitle = t), builder),
      setYAxisTitle: (t: string) => ((spec.options.yAxisTitle = t), builder),
      addRange: (r: { at: [number, number, number, number] }) => (spec.ranges.push(r.at), builder),
      setNumHeaders: (n: number) => ((spec.headers = n), builder),
      setOption: (k: string, v: unknown) => ((spec.options[k] = v), builder),
      setPosition: (row: number, col: number) => ((spec.position = [row, col]), builder),
      build: () => ({ spec }),
    };
    return builder;
  }

  /** Sheets' data range: A1 to the last cell with content (A1 on an empty sheet). */
  getDataRange() {
    this.count('getDataRange');
    let rows = 1;
    let cols = 1;
    this.values.forEach((row, r) =>
      row.forEach((v, c) => {
        if ((v !== '' && v !== undefined) || this.formulas[r][c]) {
          rows = Math.max(rows, r + 1);
          cols = Math.max(cols, c + 1);
        }
      }),
    );
    return this.getRange(1, 1, rows, cols);
  }

  getRange(row: number, col: number, rows = 1, cols = 1) {
    if (row + rows - 1 > this.maxRows || col + cols - 1 > this.maxColumns) throw new Error(`Exception: Those rows/columns are out of bounds (${row},${col},${rows},${cols}).`);
    const at: [number, number, number, number] = [row, col, rows, cols];
    const book = this.book;
    const grid = <T>(f: (r: number, c: number) => T): T[][] =>
      book.realm(Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => f(row + i, col + j))));
    const fits = (data: unknown[][], method: string) => {
      if (data.length !== rows || data.some((line) => line.length !== cols)) throw new Error(`${method}: the data does not match the range's ${rows} x ${cols}`);
    };
    const each = (data: unknown[][], f: (r: number, c: number, v: unknown) => void) => data.forEach((line, i) => line.forEach((v, j) => f(row + i, col + j, v)));
    const key = (r: number, c: number) => `${r},${c}`;
    return {
      at,
      getSheet: () => this,
      getRow: () => row,
      getColumn: () => col,
      getNumRows: () => rows,
      getNumColumns: () => cols,
      getA1Notation: () => `R${row}C${col}:R${row + rows - 1}C${col + cols - 1}`,
      getValues: () => {
        this.count('getValues');
        return grid((r, c) => this.values[r - 1]?.[c - 1] ?? '');
      },
      getFormulas: () => {
        this.count('getFormulas');
        return grid((r, c) => this.formulas[r - 1]?.[c - 1] ?? '');
      },
      getMergedRanges: () => {
        this.count('getMergedRanges');
        return book.realm([]);
      },
      setValues: (data: unknown[][]) => {
        this.count('setValues', at);
        fits(data, 'setValues');
        each(data, (r, c, v) => {
          const [value, formula] = typedIn(v);
          this.put(r, c, value, formula);
        });
      },
      setFormulas: (data: string[][]) => {
        this.count('setFormulas', at);
        fits(data, 'setFormulas');
        each(data, (r, c, v) => {
          const [value, formula] = typedIn(v);
          this.put(r, c, value, formula);
        });
      },
      setNumberFormats: (data: string[][]) => {
        this.count('setNumberFormats', at);
        fits(data, 'setNumberFormats');
        each(data, (r, c, v) => (v === 'General' ? delete this.formats[key(r, c)] : (this.formats[key(r, c)] = String(v))));
      },
      setBackgrounds: (data: (string | null)[][]) => {
        this.count('setBackgrounds', at);
        fits(data, 'setBackgrounds');
        each(data, (r, c, v) => (v === null ? delete this.backgrounds[key(r, c)] : (this.backgrounds[key(r, c)] = String(v))));
      },
      setFontColors: (data: (string | null)[][]) => {
        this.count('setFontColors', at);
        fits(data, 'setFontColors');
        each(data, (r, c, v) => (v === null ? delete this.fontColors[key(r, c)] : (this.fontColors[key(r, c)] = String(v))));
      },
      setDataValidation: (rule: { spec: ValidationSpec } | null) => {
        this.count('setDataValidation', at);
        if (rule === null) delete this.validations[at.join(',')];
        else this.validations[at.join(',')] = JSON.parse(JSON.stringify(rule.spec));
        return undefined;
      },
      setFontWeights: (data: string[][]) => {
        this.count('setFontWeights', at);
        fits(data, 'setFontWeights');
        each(data, (r, c, v) => (v === 'normal' ? delete this.weights[key(r, c)] : (this.weights[key(r, c)] = String(v))));
      },
    };
  }
}

export class FakeSpreadsheet {
  counts: Record<string, number> = {};
  /** Named ranges, in the order they were defined. */
  namedRanges: { name: string; sheet: string; at: [number, number, number, number] }[] = [];
  writes: Write[] = [];
  readonly sheets = new Map<string, FakeSheet>();
  readonly cache = new Map<string, string>();
  /** Cache calls by kind and key. */
  cacheCalls: { method: string; key: string; at: number }[] = [];
  active = '';
  selection: { sheet: string; row: number; col: number } | null = null;
  realm: <T>(x: T) => T = (x) => x;
  /** Called after each cache put (a test's hook into a running command). */
  onCachePut: (key: string, value: string) => void = () => undefined;

  count(method: string) {
    this.counts[method] = (this.counts[method] ?? 0) + 1;
  }

  addSheet(name: string, grid: Grid = []): FakeSheet {
    const sheet = new FakeSheet(name, this, grid);
    this.sheets.set(name, sheet);
    if (!this.active) this.active = name;
    return sheet;
  }

  select(sheet: string, row: number, col: number) {
    this.selection = { sheet, row, col };
    this.active = sheet;
  }

  reset() {
    this.counts = {};
    this.writes = [];
    this.cacheCalls = [];
  }

  /** The cells, formats and charts of every sheet, to compare before and after. */
  snapshot(except?: string): unknown {
    return JSON.parse(
      JSON.stringify(
        [...this.sheets.values()]
          .filter((s) => s.name !== except)
          .map((s) => ({
            name: s.name,
            values: s.values,
            formulas: s.formulas,
            formats: s.formats,
            backgrounds: s.backgrounds,
            weights: s.weights,
            fontColors: s.fontColors,
            widths: s.widths,
            hidden: s.hidden,
            frozen: [s.frozenRows, s.frozenColumns],
            charts: s.charts,
          })),
      ),
    );
  }

  services(): Record<string, unknown> {
    const book = this;
    const spreadsheet = {
      getSpreadsheetTimeZone: () => (book.count('getSpreadsheetTimeZone'), 'UTC'),
      getSheetByName: (name: string) => {
        book.count('getSheetByName');
        for (const s of book.sheets.values()) if (s.name.toLowerCase() === name.toLowerCase()) return s;
        return null;
      },
      insertSheet: (name: string, index?: number) => {
        book.count('insertSheet');
        if (book.sheets.has(name)) throw new Error(`A sheet with the name "${name}" already exists.`);
        book.writes.push({ sheet: name, method: 'insertSheet' });
        const sheet = book.addSheet(name);
        if (index !== undefined) {
          if (!Number.isInteger(index) || index < 0 || index >= book.sheets.size) throw new Error(`Exception: insertSheet: the index ${index} is out of bounds.`);
          const order = [...book.sheets.values()].filter((s) => s !== sheet);
          order.splice(index, 0, sheet);
          book.sheets.clear();
          for (const s of order) book.sheets.set(s.name, s);
        }
        book.active = name; // Sheets shows the new sheet
        return sheet;
      },
      getNamedRanges: () => {
        book.count('getNamedRanges');
        return book.realm(
          book.namedRanges.map((n) => ({
            getName: () => (book.count('NamedRange.getName'), n.name),
          })),
        );
      },
      setNamedRange: (name: string, range: { at: [number, number, number, number]; getSheet: () => FakeSheet }) => {
        book.count('setNamedRange');
        if (book.namedRanges.some((n) => n.name.toLowerCase() === name.toLowerCase())) throw new Error(`Exception: A named range "${name}" already exists.`);
        const sheet = range.getSheet().name;
        book.writes.push({ sheet, method: 'setNamedRange', at: range.at });
        book.namedRanges.push({ name, sheet, at: range.at });
      },
      getSheets: () => (book.count('getSheets'), book.realm([...book.sheets.values()])),
      getActiveSheet: () => (book.count('getActiveSheet'), book.sheets.get(book.active) ?? null),
      setActiveSheet: (sheet: FakeSheet) => {
        book.count('setActiveSheet');
        book.active = sheet.name;
        return sheet;
      },
    };
    const userCache = {
      get: (key: string) => {
        book.count('cache.get');
        book.cacheCalls.push({ method: 'get', key, at: Date.now() });
        return book.cache.has(key) ? book.cache.get(key)! : null;
      },
      put: (key: string, value: string) => {
        book.count('cache.put');
        book.cacheCalls.push({ method: 'put', key, at: Date.now() });
        book.cache.set(key, String(value));
        book.onCachePut(key, String(value));
      },
      remove: (key: string) => {
        book.count('cache.remove');
        book.cacheCalls.push({ method: 'remove', key, at: Date.now() });
        book.cache.delete(key);
      },
    };
    const newDataValidation = () => {
      book.count('newDataValidation');
      const spec: ValidationSpec = { criteria: 'none', allowInvalid: true };
      const builder = {
        requireValueInRange: (range: { at: [number, number, number, number]; getSheet: () => FakeSheet }, showDropdown?: boolean) => {
          spec.criteria = 'VALUE_IN_RANGE';
          spec.values = { sheet: range.getSheet().name, at: range.at };
          if (showDropdown !== undefined) spec.showDropdown = showDropdown;
          return builder;
        },
        setAllowInvalid: (allow: boolean) => ((spec.allowInvalid = allow), builder),
        setHelpText: (text: string) => ((spec.helpText = text), builder),
        build: () => ({ spec: { ...spec } }),
      };
      return builder;
    };
    return {
      SpreadsheetApp: {
        newDataValidation,
        getUi: () => ({}),
        getActiveSpreadsheet: () => spreadsheet,
        getActive: () => spreadsheet,
        getActiveRange: () => {
          if (!book.selection) return null;
          return book.sheets.get(book.selection.sheet)!.getRange(book.selection.row, book.selection.col);
        },
      },
      CacheService: { getUserCache: () => userCache },
    };
  }
}

/** Cells as Sheets hands them over: a blank (null) as ''. */
export const sheetsGrid = (grid: readonly (readonly unknown[])[]): Grid => grid.map((r) => r.map((c) => (c === null ? '' : c)));

/** The built bundle running on a fake spreadsheet: call its globals as google.script.run does. */
export interface SheetsHost {
  ctx: SheetsGlobals;
  book: FakeSpreadsheet;
}

/** Loads the built bundle on the book's services (or ones a test adapted from them), then zeroes the book's counts and writes. */
export function loadOn(book: FakeSpreadsheet, services: Record<string, unknown> = book.services()): SheetsHost {
  const ctx = loadSheets(services);
  book.realm = (x) => inRealm(ctx, x);
  book.reset();
  return { ctx, book };
}

/** A call the sidebar made to the server, with the handlers that answer it. */
export interface ServerCall {
  name: string;
  args: unknown[];
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** A stand-in for google.script.run: a fresh runner per call, each call recorded with its handlers. */
export function recordingRunner(): { runner: () => ScriptRunner; calls: ServerCall[] } {
  const calls: ServerCall[] = [];
  const runner = (): ScriptRunner => {
    let ok: (value: unknown) => void = () => undefined;
    let fail: (error: Error) => void = () => undefined;
    const r: ScriptRunner = new Proxy({} as ScriptRunner, {
      get: (_t, name: string) => {
        if (name === 'withSuccessHandler') return (f: (value: unknown) => void) => ((ok = f), r);
        if (name === 'withFailureHandler') return (f: (error: Error) => void) => ((fail = f), r);
        return (...args: unknown[]) => calls.push({ name, args, resolve: ok, reject: fail });
      },
    });
    return r;
  };
  return { runner, calls };
}
