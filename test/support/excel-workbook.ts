// A stand-in for Excel.run with sheets, formats and charts, for commands that read a few sheets
// and write a sheet of their own (Plan capacity). Built the way test/excel-score-demand.test.ts
// builds its Excel, to Office.js's documented behaviour:
// - loadable properties (address, values, formulas, name) live on office-addin-mock proxies:
//   reading one that was not load()ed and synced gives office-addin-mock's error text;
// - every proxy handed out is synced by context.sync(); context.sync() counts round trips;
// - *OrNullObject: `isNullObject` is readable only after a sync; a null object accepts load()
//   and nothing else (Office.js documents no methods of a null object);
// - writes (values, numberFormat, fills, font colours, bold, column widths, hidden columns, clear,
//   worksheets.add, charts.add, chart.delete, frozen panes, page layout) are queued and applied
//   at the next sync in order, each recorded as an Op;
// - Range.setCellProperties(cells) (ExcelApi 1.9): one Op ('cellProperties') for the whole call;
//   a 2-D array the range's size, each element's format.fill.color, format.font.color and
//   format.font.bold applied to its cell, a sub-property left out leaving the cell's as it is
//   (so `{}` changes nothing); a wrong size is refused as Excel refuses it (InvalidArgument);
// - Range.clear() empties cells and their formats (fill, font, number format) but, as in Excel,
//   leaves column widths, hidden columns, frozen panes and page layout as they were;
// - freezePanes (ExcelApi 1.7): freezeAt(range) freezes the rows and columns down to the range's
//   bottom-right cell, freezeRows(n) / freezeColumns(n) the first n rows / columns (keeping the
//   other direction), unfreeze() none; pageLayout (ExcelApi 1.9): orientation, zoom and the
//   print title rows as set;
// - Range.values = [...] reads strings as Excel reads typed input: a leading apostrophe makes
//   the rest text (the apostrophe is not shown), "=..." is a formula, "12" a number,
//   "2027-01" a date (a serial number), "TRUE" a boolean.
// - Range.formulas read gives each cell's formula, or its constant where it holds none (text
//   typed with a leading apostrophe reads as the text, "=..." included); Range.formulas = [...]
//   writes a formula ("=..."), a constant, or '' (emptied), and leaves a cell whose entry is null
//   unchanged ("null input in 2-D array", Office.js documentation);
// - worksheets.load('items/name') then a sync makes worksheets.items readable: every sheet, in order;
//   worksheets.add(name) appends the sheet after the last one (refused, as Excel refuses it, when a
//   sheet of that name exists, whatever the case);
// - workbook.names (ExcelApi 1.1; add 1.4): load('items/name') then a sync makes items readable
//   (the workbook-scoped names, in order); add(name, reference) queues a workbook-scoped name for a
//   Range of this stand-in, refused when the name exists (names are case-insensitive);
// - Range.dataValidation (ExcelApi 1.8): `rule` and `errorAlert` set are queued and kept per range
//   address (a validation's list source is kept as given, e.g. '=BTM_DemandTypes');
// - Worksheet.activate() queues showing the sheet; activeSheet() says which one is shown.
import { OfficeMockObject } from 'office-addin-mock';
import { columnLetters, formatRange, parseRange, serialFromParts } from '../../core';
import type { RangeRef } from '../../core';

export type Plain = string | number | boolean;
/** A cell: a constant, a formula with the value it shows, or empty (null). */
export type Cell = Plain | null | { formula: string; value: Plain };

export interface ChartState {
  type: string;
  /** The source range without its sheet, e.g. A51:B61. */
  source: string;
  seriesBy: string;
  title?: string;
  legendVisible?: boolean;
  xTitle?: string;
  yTitle?: string;
  position?: string[];
}

export interface SheetState {
  name: string;
  /** Cells from A1 (row 1 is index 0). */
  grid: Cell[][];
  /** By A1 address of the cell. */
  formats: Record<string, string>;
  fills: Record<string, string>;
  bold: Record<string, boolean>;
  /** By column letters, in points. */
  widths: Record<string, number>;
  charts: ChartState[];
  /** Font colours by A1 address of the cell. */
  fontColors: Record<string, string>;
  /** Hidden columns by column letters. */
  hidden: Record<string, boolean>;
  /** Frozen rows and columns at the top and left. */
  frozen: { rows: number; cols: number };
  /** Print settings as set through worksheet.pageLayout. */
  page: { orientation?: string; zoom?: Record<string, number>; titleRows?: string };
  /** Data validation by the address it was set on (without the sheet), as set. */
  validations: Record<string, { rule?: unknown; errorAlert?: unknown }>;
}

/** A workbook-scoped defined name: the sheet and address (without the sheet) it refers to. */
export interface NameState {
  name: string;
  sheet: string;
  address: string;
}

export interface Op {
  sheet: string;
  op:
    | 'add'
    | 'clear'
    | 'values'
    | 'formulas'
    | 'numberFormat'
    | 'fill'
    | 'fontColor'
    | 'bold'
    | 'cellProperties'
    | 'columnWidth'
    | 'columnHidden'
    | 'chart.add'
    | 'chart.delete'
    | 'freeze'
    | 'pageLayout'
    | 'name.add'
    | 'dataValidation'
    | 'activate';
  /** Without the sheet, e.g. A1:H61. */
  address?: string;
  /** The sync (1-based) that applied it. */
  sync: number;
}

export interface ExcelWorkbookOptions {
  /** Sheets with their cells from A1 (and charts already on them). */
  sheets: { name: string; grid: Cell[][]; charts?: ChartState[] }[];
  /** The active sheet's name. */
  active: string;
  /** The selected range on it, e.g. 'B5'. */
  selection: string;
  /** Make this sync (1-based) fail as Office.js does: with an OfficeExtension.Error. */
  failSync?: { at: number; code: string; message: string };
  /** Workbook-scoped defined names already there. */
  names?: NameState[];
}

export interface ExcelWorkbook {
  run: <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;
  syncs(): number;
  ops: Op[];
  sheet(name: string): SheetState | undefined;
  /** Every sheet's state as plain data, to compare before and after. */
  snapshot(): Record<string, SheetState>;
  /** The workbook-scoped names, in the order they were defined. */
  names(): NameState[];
  /** The sheet shown. */
  activeSheet(): string;
  /** The sheets' names in workbook order. */
  order(): string[];
}

/** A sheet's cells padded to rows x cols (null where it holds nothing). */
export function paddedGrid(wb: ExcelWorkbook, sheet: string, rows: number, cols: number): Cell[][] {
  const grid = wb.sheet(sheet)!.grid;
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => grid[r]?.[c] ?? null));
}

/** A grid's non-null entries by A1 address. */
export const byCell = <T>(grid: readonly (readonly (T | null)[])[]): Record<string, T> => {
  const out: Record<string, T> = {};
  grid.forEach((row, r) => row.forEach((v, c) => v !== null && (out[`${columnLetters(c + 1)}${r + 1}`] = v)));
  return out;
};

/** The ops of one kind, in order. */
export const opsOf = (wb: ExcelWorkbook, op: string) => wb.ops.filter((o) => o.op === op);

const addressOf = (r: RangeRef) => formatRange({ start: r.start, end: r.end }, false);
const a1 = (row: number, col: number) => `${columnLetters(col)}${row}`;
const cellValue = (c: Cell | undefined): Plain => (c === null || c === undefined ? '' : typeof c === 'object' ? c.value : c);
const cellFormula = (c: Cell | undefined): Plain => (c === null || c === undefined ? '' : typeof c === 'object' ? c.formula : c);

/** What Excel stores for a value written through Range.values. */
export function typedIn(v: unknown): Cell {
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (v === null || v === undefined || v === '') return null;
  const s = String(v);
  if (s.startsWith("'")) return s.slice(1);
  if (s.startsWith('=')) return { formula: s, value: 0 };
  const t = s.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(t)) return Number(t);
  const date = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/.exec(t);
  if (date) return serialFromParts(Number(date[1]), Number(date[2]), Number(date[3] ?? 1));
  if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
  return s;
}

export function excelWorkbook(options: ExcelWorkbookOptions): ExcelWorkbook {
  const sheets = new Map<string, SheetState>();
  const blank = (name: string, grid: Cell[][] = [], charts: ChartState[] = []): SheetState => ({
    name,
    grid: grid.map((r) => [...r]),
    formats: {},
    fills: {},
    bold: {},
    widths: {},
    charts: charts.map((c) => ({ ...c })),
    fontColors: {},
    hidden: {},
    frozen: { rows: 0, cols: 0 },
    page: {},
    validations: {},
  });
  for (const s of options.sheets) sheets.set(s.name.toLowerCase(), blank(s.name, s.grid, s.charts));
  const names: NameState[] = (options.names ?? []).map((n) => ({ ...n }));
  let active = options.active;
  const ops: Op[] = [];
  const proxies: OfficeMockObject[] = [];
  const queued: Array<() => void> = [];
  let syncs = 0;

  const state = (name: string) => {
    const s = sheets.get(name.toLowerCase());
    if (!s) throw new Error(`ItemNotFound: no sheet ${name}`);
    return s;
  };
  const queue = (sheet: string, op: Op['op'], address: string | undefined, apply: (s: SheetState) => void) =>
    queued.push(() => {
      ops.push({ sheet, op, ...(address === undefined ? {} : { address }), sync: syncs });
      apply(state(sheet));
    });

  function proxy(data: Record<string, unknown>): any {
    const p = new OfficeMockObject(data, 'excel' as never) as any;
    proxies.push(p);
    return p;
  }

  /** `isNullObject` for a proxy (real or null): readable after the sync that follows its creation. */
  function nullable<T extends object>(target: T, isNull: boolean): T {
    const bornAt = syncs;
    Object.defineProperty(target, 'isNullObject', {
      get: () => {
        if (syncs === bornAt) throw new Error('isNullObject read before context.sync()');
        return isNull;
      },
    });
    return target;
  }

  /**
   * A null object: load() is accepted, anything else fails. Office.js documents isNullObject and
   * nothing about methods of a null object, so the stand-in refuses them: code must learn that a
   * sheet exists (one sync) before asking anything of it.
   */
  function nullObject(loadable: string[]): any {
    const p = proxy(Object.fromEntries(loadable.map((k) => [k, undefined])));
    const refuse = (what: string) => () => {
      throw new Error(`InvalidObjectPath: ${what} of a null object`);
    };
    p.getUsedRangeOrNullObject = refuse('the used range');
    p.getRange = refuse('a range');
    Object.defineProperty(p, 'charts', { get: refuse('the charts') });
    Object.defineProperty(p, 'freezePanes', { get: refuse('the frozen panes') });
    Object.defineProperty(p, 'pageLayout', { get: refuse('the page layout') });
    return nullable(p, true);
  }

  function range(sheetName: string, ref: RangeRef): any {
    // A sheet added in this batch has no cells yet: its ranges read as empty.
    const s = sheets.get(sheetName.toLowerCase()) ?? blank(sheetName);
    const rows = ref.end.row - ref.start.row + 1;
    const cols = ref.end.col - ref.start.col + 1;
    // Whole sheets and columns are for writing (clear, widths): nothing to read from them.
    const pick = (f: (c: Cell | undefined) => Plain) =>
      rows * cols > 1_000_000
        ? []
        : Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => f(s.grid[ref.start.row - 1 + r]?.[ref.start.col - 1 + c])));
    const address = addressOf(ref);
    const p = proxy({
      address: formatRange({ sheet: s.name, start: ref.start, end: ref.end }),
      values: pick(cellValue),
      formulas: pick(cellFormula),
      getCell(row: number, col: number) {
        const at = { row: ref.start.row + row, col: ref.start.col + col };
        return range(s.name, { start: at, end: at });
      },
      clear() {
        queue(s.name, 'clear', address, (t) => {
          for (let r = ref.start.row; r <= Math.min(ref.end.row, t.grid.length); r++) {
            const line = t.grid[r - 1];
            if (!line) continue;
            for (let c = ref.start.col; c <= Math.min(ref.end.col, line.length); c++) line[c - 1] = null;
          }
          for (const cells of [t.formats, t.fills, t.bold, t.fontColors]) {
            for (const key of Object.keys(cells)) {
              const at = parseRange(key)!.start;
              if (at.row >= ref.start.row && at.row <= ref.end.row && at.col >= ref.start.col && at.col <= ref.end.col) delete (cells as Record<string, unknown>)[key];
            }
          }
        });
      },
    });
    p._ref = ref;
    p._sheet = s.name;
    const each = (t: SheetState, f: (key: string, r: number, c: number) => void) => {
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) f(a1(ref.start.row + r, ref.start.col + c), r, c);
      return t;
    };
    const fits = (data: unknown, what: string) => {
      if (!Array.isArray(data) || data.length !== rows || data.some((row) => !Array.isArray(row) || row.length !== cols)) {
        throw new Error(`InvalidArgument: ${what} does not match ${address}`);
      }
    };
    // Range.formulas: null leaves the cell as it is; anything else is typed in.
    {
      const loaded = p._properties.get('formulas');
      Object.defineProperty(p, 'formulas', {
        configurable: true,
        get: () => loaded?._value,
        set: (data: unknown) => {
          if (typeof data === 'string' && data.startsWith('Error,')) return; // office-addin-mock's own bookkeeping
          fits(data, 'formulas');
          queue(s.name, 'formulas', address, (t) =>
            each(t, (_key, r, c) => {
              const v = (data as unknown[][])[r][c];
              if (v === null) return;
              while (t.grid.length < ref.start.row + r) t.grid.push([]);
              t.grid[ref.start.row - 1 + r][ref.start.col - 1 + c] = typeof v === 'string' && v.startsWith('=') ? { formula: v, value: 0 } : typedIn(v);
            }),
          );
        },
      });
    }
    // Writable properties: queued, applied at the next sync. Reading values/formulas serves what
    // office-addin-mock loaded; it assigns its error text back at each sync, which is no write.
    for (const kind of ['values', 'numberFormat'] as const) {
      const loaded = p._properties.get(kind);
      Object.defineProperty(p, kind, {
        configurable: true,
        get: () => loaded?._value,
        set: (data: unknown) => {
          if (typeof data === 'string' && data.startsWith('Error,')) return; // office-addin-mock's own bookkeeping
          fits(data, kind);
          queue(s.name, kind, address, (t) =>
            each(t, (key, r, c) => {
              const v = (data as unknown[][])[r][c];
              if (kind === 'numberFormat') {
                if (v === 'General') delete t.formats[key];
                else t.formats[key] = String(v);
                return;
              }
              while (t.grid.length < ref.start.row + r) t.grid.push([]);
              t.grid[ref.start.row - 1 + r][ref.start.col - 1 + c] = typedIn(v);
            }),
          );
        },
      });
    }
    // Range.setCellProperties (ExcelApi 1.9): the whole block's formats in one call.
    p.setCellProperties = (cells: unknown) => {
      fits(cells, 'setCellProperties');
      const data = (cells as Array<Array<{ format?: { fill?: { color?: string }; font?: { color?: string; bold?: boolean } } } | null | undefined>>).map((row) =>
        row.map((cell) => JSON.parse(JSON.stringify(cell ?? {}))),
      );
      queue(s.name, 'cellProperties', address, (t) =>
        each(t, (key, r, c) => {
          const f = data[r][c]?.format;
          if (!f) return;
          if (f.fill?.color !== undefined) t.fills[key] = f.fill.color;
          if (f.font?.color !== undefined) t.fontColors[key] = f.font.color;
          if (f.font?.bold !== undefined) t.bold[key] = f.font.bold;
        }),
      );
    };
    const fill = {};
    Object.defineProperty(fill, 'color', { set: (color: string) => queue(s.name, 'fill', address, (t) => each(t, (key) => (t.fills[key] = color))) });
    const font = {};
    Object.defineProperty(font, 'bold', { set: (bold: boolean) => queue(s.name, 'bold', address, (t) => each(t, (key) => (t.bold[key] = bold))) });
    Object.defineProperty(font, 'color', { set: (color: string) => queue(s.name, 'fontColor', address, (t) => each(t, (key) => (t.fontColors[key] = color))) });
    // Hides or shows the range's columns (the whole columns, as Excel does).
    Object.defineProperty(p, 'columnHidden', {
      configurable: true,
      set: (hidden: boolean) =>
        queue(s.name, 'columnHidden', address, (t) => {
          for (let c = ref.start.col; c <= ref.end.col; c++) {
            if (hidden) t.hidden[columnLetters(c)] = true;
            else delete t.hidden[columnLetters(c)];
          }
        }),
    });
    // Range.dataValidation (ExcelApi 1.8): rule and errorAlert, kept per address as set.
    const dataValidation = {};
    for (const part of ['rule', 'errorAlert'] as const) {
      Object.defineProperty(dataValidation, part, {
        set: (value: unknown) => {
          const copy = JSON.parse(JSON.stringify(value));
          queue(s.name, 'dataValidation', `${address} ${part}`, (t) => (t.validations[address] = { ...t.validations[address], [part]: copy }));
        },
      });
    }
    Object.defineProperty(p, 'dataValidation', { get: () => dataValidation });
    const format = { fill, font };
    Object.defineProperty(format, 'columnWidth', {
      set: (points: number) =>
        queue(s.name, 'columnWidth', address, (t) => {
          for (let c = ref.start.col; c <= ref.end.col; c++) t.widths[columnLetters(c)] = points;
        }),
    });
    Object.defineProperty(p, 'format', { get: () => format });
    return p;
  }

  function worksheet(name: string): any {
    const p = proxy({
      name,
      getUsedRangeOrNullObject(valuesOnly?: boolean) {
        const s = state(name);
        let top = Infinity;
        let left = Infinity;
        let bottom = 0;
        let right = 0;
        const mark = (r: number, c: number) => {
          top = Math.min(top, r);
          bottom = Math.max(bottom, r);
          left = Math.min(left, c);
          right = Math.max(right, c);
        };
        s.grid.forEach((row, r) => row.forEach((c, col) => c !== null && c !== undefined && c !== '' && mark(r + 1, col + 1)));
        if (!valuesOnly) for (const key of [...Object.keys(s.formats), ...Object.keys(s.fills)]) mark(parseRange(key)!.start.row, parseRange(key)!.start.col);
        return bottom ? nullable(range(name, { start: { row: top, col: left }, end: { row: bottom, col: right } }), false) : nullObject(['address', 'values', 'formulas']);
      },
      getRange(address?: string) {
        if (address === undefined) return range(name, { start: { row: 1, col: 1 }, end: { row: 1_048_576, col: 16_384 } });
        const whole = /^([A-Z]+):([A-Z]+)$/.exec(address);
        if (whole) {
          const [from, to] = [parseRange(`${whole[1]}1`)!.start.col, parseRange(`${whole[2]}1`)!.start.col];
          return range(name, { start: { row: 1, col: from }, end: { row: 1_048_576, col: to } });
        }
        const ref = parseRange(address);
        if (!ref || ref.sheet !== undefined) throw new Error(`InvalidArgument: ${address}`);
        return range(name, ref);
      },
    });
    let loadedAt: number | undefined;
    const chartProxy = (chart: ChartState) => ({
      name: chart.title ?? chart.type,
      delete: () =>
        queue(name, 'chart.delete', chart.source, (t) => {
          t.charts = t.charts.filter((c) => c !== chart);
        }),
    });
    const charts = {
      load(what: string) {
        if (what !== 'items/name') throw new Error(`this stand-in loads charts as 'items/name', not ${what}`);
        loadedAt = syncs;
      },
      get items() {
        if (loadedAt === undefined || syncs === loadedAt) throw new Error('charts.items read before load() and context.sync()');
        return state(name).charts.map(chartProxy);
      },
      add(type: string, source: any, seriesBy: string) {
        const chart: ChartState = { type, source: addressOf(source._ref), seriesBy };
        queue(name, 'chart.add', chart.source, (t) => t.charts.push(chart));
        const titled = (set: (text: string) => void) => {
          const o = {};
          Object.defineProperty(o, 'text', { set });
          return o;
        };
        const legend = {};
        Object.defineProperty(legend, 'visible', { set: (v: boolean) => (chart.legendVisible = v) });
        return {
          title: titled((text) => (chart.title = text)),
          legend,
          axes: { categoryAxis: { title: titled((text) => (chart.xTitle = text)) }, valueAxis: { title: titled((text) => (chart.yTitle = text)) } },
          setPosition: (...cells: string[]) => (chart.position = cells),
        };
      },
    };
    Object.defineProperty(p, 'charts', { get: () => charts });
    const freezePanes = {
      freezeAt: (at: any) => {
        const ref: RangeRef = typeof at === 'string' ? parseRange(at)! : at._ref;
        queue(name, 'freeze', addressOf(ref), (t) => (t.frozen = { rows: ref.end.row, cols: ref.end.col }));
      },
      freezeRows: (n = 1) => queue(name, 'freeze', `rows ${n}`, (t) => (t.frozen = { ...t.frozen, rows: n })),
      freezeColumns: (n = 1) => queue(name, 'freeze', `columns ${n}`, (t) => (t.frozen = { ...t.frozen, cols: n })),
      unfreeze: () => queue(name, 'freeze', 'none', (t) => (t.frozen = { rows: 0, cols: 0 })),
    };
    Object.defineProperty(p, 'freezePanes', { get: () => freezePanes });
    const pageLayout = {
      setPrintTitleRows: (rows: string) => queue(name, 'pageLayout', `titleRows ${rows}`, (t) => (t.page.titleRows = rows)),
    };
    Object.defineProperty(pageLayout, 'orientation', { set: (o: string) => queue(name, 'pageLayout', `orientation ${o}`, (t) => (t.page.orientation = o)) });
    Object.defineProperty(pageLayout, 'zoom', {
      set: (z: Record<string, number>) => queue(name, 'pageLayout', 'zoom', (t) => (t.page.zoom = { ...z })),
    });
    Object.defineProperty(p, 'pageLayout', { get: () => pageLayout });
    p.activate = () =>
      queue(name, 'activate', undefined, (t) => {
        active = t.name;
      });
    return p;
  }

  const context: any = {};
  let sheetsLoadedAt: number | undefined;
  let namesLoadedAt: number | undefined;
  let namesListed: any[] = [];
  /** The worksheets as listed by worksheets.load('items/name'), their names loaded by the next sync. */
  let listed: any[] = [];
  context.workbook = {
    getSelectedRange: () => range(options.active, parseRange(options.selection)!),
    names: {
      load(what: string) {
        if (what !== 'items/name') throw new Error(`this stand-in loads names as 'items/name', not ${what}`);
        namesLoadedAt = syncs;
        namesListed = names.map((n) => proxy({ name: n.name }));
        for (const n of namesListed) n.load('name');
      },
      get items() {
        if (namesLoadedAt === undefined || syncs === namesLoadedAt) throw new Error('names.items read before load() and context.sync()');
        return namesListed;
      },
      add(name: string, reference: any) {
        if (typeof reference === 'string' || !reference?._ref) throw new Error('this stand-in adds names for a Range only');
        const ref: RangeRef = reference._ref;
        const sheet: string = reference._sheet;
        queued.push(() => {
          if (names.some((n) => n.name.toLowerCase() === name.toLowerCase())) {
            throw { name: 'OfficeExtension.Error', code: 'ItemAlreadyExists', message: `The name ${name} already exists.` };
          }
          state(sheet); // the sheet must exist by now
          ops.push({ sheet, op: 'name.add', address: addressOf(ref), sync: syncs });
          names.push({ name, sheet, address: addressOf(ref) });
        });
        return {};
      },
    },
    worksheets: {
      load(what: string) {
        if (what !== 'items/name') throw new Error(`this stand-in loads worksheets as 'items/name', not ${what}`);
        sheetsLoadedAt = syncs;
        listed = [...sheets.values()].map((s) => worksheet(s.name));
        for (const w of listed) w.load('name');
      },
      get items() {
        if (sheetsLoadedAt === undefined || syncs === sheetsLoadedAt) throw new Error('worksheets.items read before load() and context.sync()');
        return listed;
      },
      getActiveWorksheet: () => worksheet(state(active).name),
      getItemOrNullObject: (name: string) => {
        const s = sheets.get(name.toLowerCase());
        return s ? nullable(worksheet(s.name), false) : nullObject(['name']);
      },
      add: (name: string) => {
        queued.push(() => {
          if (sheets.has(name.toLowerCase())) throw { name: 'OfficeExtension.Error', code: 'ItemAlreadyExists', message: `A sheet named ${name} exists.` };
          ops.push({ sheet: name, op: 'add', sync: syncs });
          sheets.set(name.toLowerCase(), blank(name));
        });
        // Usable at once: its writes are queued after the add, so they land on the new sheet.
        return worksheet(name);
      },
    },
  };

  context.sync = async () => {
    syncs++;
    if (options.failSync?.at === syncs) {
      queued.splice(0);
      throw { name: 'OfficeExtension.Error', code: options.failSync.code, message: options.failSync.message };
    }
    for (const p of proxies) await p.sync();
    await new Promise((resolve) => setImmediate(resolve));
    // Applied in order; queued work may queue more (ranges of a sheet added in this batch).
    while (queued.length > 0) queued.shift()!();
  };

  return {
    run: (batch) => batch(context as Excel.RequestContext),
    syncs: () => syncs,
    ops,
    sheet: (name) => sheets.get(name.toLowerCase()),
    snapshot: () => JSON.parse(JSON.stringify(Object.fromEntries(sheets))),
    names: () => names.map((n) => ({ ...n })),
    activeSheet: () => active,
    order: () => [...sheets.values()].map((s) => s.name),
  };
}
