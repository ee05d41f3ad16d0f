// Workbooks for Generate roadmap. A small sample a reader can follow cell by cell (a value
// stream's 2027: seven initiatives in two lanes, two roles, twelve months), and a builder of
// realistic demand tables of any size (seeded, so the same call always gives the same workbook)
// with a Capacity sheet that places most of them.
import { CellValue, DEFAULT_SETTINGS, SheetSnapshot, settingsToGrid } from '../../core';
import type { RoadmapColumn, RoadmapDrawing } from '../../core/roadmap/roadmap-layout';

export const SAMPLE_HEADERS: CellValue[] = [
  'ID',
  'Name',
  'Value stream',
  'Development approach',
  'Duration',
  'Earliest start',
  'Pinned start',
  'Requires',
  'Priority',
  'Developer',
  'Analyst FTE',
];

/** FTE per month while it runs. */
export const SAMPLE_ROWS: CellValue[][] = [
  ['CRM', 'Customer relationship management', 'Sales', 'Gate-based', 4, '2027-01', null, null, 1, 4, 1],
  ['PORTAL', 'Customer portal v2', 'Sales', 'Sprint', 3, null, null, 'CRM', 2, 2, 0.5],
  ['DWH', 'Data warehouse', 'Finance', 'Gate-based', 3, null, null, null, 3, 3, 1],
  ['BI', 'Self-service reporting', 'Finance', 'sprint-based', 2, null, null, 'DWH', 4, 1, 0.5],
  ['AUDIT', 'Audit trail', 'Finance', 'CR', 1, null, '2027-03', null, 5, 1, null],
  ['HUGE', 'Platform rewrite', 'Sales', 'gate', 2, null, null, null, 6, 7, 1],
  ['MOBILE', 'Mobile app', null, 'Hybrid', 2, '2027-06', null, null, 7, 1, 0.25],
];

export const MONTHS_2027 = ['2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06', '2027-07', '2027-08', '2027-09', '2027-10', '2027-11', '2027-12'];

/** Ten developers and four analysts every month (6 and 2.4 plannable FTE at 80% availability and the 75% plannable share). */
export function sampleCapacity(periods: readonly CellValue[] = MONTHS_2027): CellValue[][] {
  return [
    ['Role', ...periods],
    ['Developer', ...periods.map(() => 10)],
    ['Analyst', ...periods.map(() => 4)],
    ['Budget', ...periods.map(() => 100)],
  ];
}

/** The DMO's settings: people are available 80% of their time; the annual clock and zone shares are the defaults. */
export function sampleSettings(): CellValue[][] {
  return settingsToGrid({ ...DEFAULT_SETTINGS, capacity: { ...DEFAULT_SETTINGS.capacity, availability: 0.8 } });
}

/** A sheet's used range from A1: a title, a blank row, the table from A3; the selection in B4. */
export function demandSheet(headers: readonly CellValue[] = SAMPLE_HEADERS, rows: readonly (readonly CellValue[])[] = SAMPLE_ROWS, sheet = 'Demand'): SheetSnapshot {
  const width = headers.length;
  const pad = (r: readonly CellValue[]) => [...r, ...Array<CellValue>(Math.max(0, width - r.length)).fill(null)];
  const values: CellValue[][] = [pad(['Demand 2027']), pad([]), pad(headers), ...rows.map(pad)];
  return { sheet, top: 1, left: 1, values, formulas: values.map((r) => r.map(() => '')), selection: { row: 4, col: 2 }, merged: [] };
}

/** The rows with one cell changed (row by ID, column by header). */
export function withCell(id: string, header: string, value: CellValue, rows: readonly (readonly CellValue[])[] = SAMPLE_ROWS, headers: readonly CellValue[] = SAMPLE_HEADERS): CellValue[][] {
  const col = headers.indexOf(header);
  if (col < 0) throw new Error(`no column ${header}`);
  if (!rows.some((r) => r[0] === id)) throw new Error(`no row ${id}`);
  return rows.map((r) => (r[0] === id ? r.map((c, j) => (j === col ? value : c)) : [...r]));
}

/** A column added (or replaced) with its header and one value per row. */
export function withColumn(header: string, cells: readonly CellValue[], rows: readonly (readonly CellValue[])[] = SAMPLE_ROWS, headers: readonly CellValue[] = SAMPLE_HEADERS) {
  const col = headers.indexOf(header);
  if (col >= 0) return { headers: [...headers], rows: rows.map((r, i) => r.map((c, j) => (j === col ? cells[i] : c))) };
  return { headers: [...headers, header], rows: rows.map((r, i) => [...r, cells[i]]) };
}

// ---------------------------------------------------------------------------------------------
// Any size

export interface GeneratedWorkbook {
  readonly demand: SheetSnapshot;
  readonly headers: CellValue[];
  readonly rows: CellValue[][];
  readonly capacity: CellValue[][];
  readonly settings: CellValue[][];
  readonly periods: string[];
}

const STREAMS = ['Customer', 'Finance', 'Operations', 'People', 'Platform'];
const APPROACHES = ['Gate-based', 'Sprint-based', 'Change request', 'Hybrid', null];

/** A small linear congruential generator: the same seed, the same numbers. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * A demand table of `initiatives` rows over `periods` months (or quarters) from January 2027:
 * five value streams, the four approaches (and some blank), durations of 1-6 periods, an
 * earliest start for a fifth of them, a dependency on an earlier initiative for a quarter,
 * priorities 1..n in a shuffled order, FTE of three roles; a Capacity sheet sized so most fit.
 */
export function generatedWorkbook(initiatives: number, periods: number, options: { seed?: number; quarters?: boolean } = {}): GeneratedWorkbook {
  const rnd = random(options.seed ?? 7);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const labels = Array.from({ length: periods }, (_, t) =>
    options.quarters ? `Q${(t % 4) + 1} ${2027 + Math.floor(t / 4)}` : `${2027 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`,
  );
  const priority = Array.from({ length: initiatives }, (_, i) => i + 1);
  for (let i = priority.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [priority[i], priority[j]] = [priority[j], priority[i]];
  }
  const headers: CellValue[] = ['ID', 'Name', 'Value stream', 'Development approach', 'Duration', 'Earliest start', 'Requires', 'Priority', 'Developer', 'Analyst', 'Tester'];
  const rows: CellValue[][] = priority.map((p, i) => {
    const id = `I${String(i + 1).padStart(3, '0')}`;
    const requires = i > 0 && rnd() < 0.25 ? `I${String(int(1, i)).padStart(3, '0')}` : null;
    const start = rnd() < 0.2 ? labels[int(0, Math.max(0, Math.floor(periods / 2)))] : null;
    return [id, `Initiative ${i + 1}`, STREAMS[int(0, STREAMS.length - 1)], APPROACHES[int(0, APPROACHES.length - 1)], int(1, Math.min(6, periods)), start, requires, p, int(1, 6) / 2, int(0, 4) / 4, int(0, 4) / 4];
  });
  // Demand per period if everything ran at once, spread over the horizon, with headroom.
  const load = (col: number) => rows.reduce((s, r) => s + (r[col] as number) * (r[4] as number), 0) / periods;
  const people = (col: number) => Math.max(3, Math.ceil((load(col) * 1.1) / 0.6));
  const capacity: CellValue[][] = [
    ['Role', ...labels],
    ['Developer', ...labels.map(() => people(8))],
    ['Analyst', ...labels.map(() => people(9))],
    ['Tester', ...labels.map(() => people(10))],
    ['Budget', ...labels.map(() => 1000)],
  ];
  return { demand: demandSheet(headers, rows), headers, rows, capacity, settings: sampleSettings(), periods: labels };
}

// ---------------------------------------------------------------------------------------------
// Where a layout put things

/**
 * A roadmap layout's positions as it reports them (its `columns` and `hiddenColumns`), so a test
 * reads a cell by its column's name rather than by a position the next layout change moves.
 * 0-based: the header row, the first period column, `at(name)`, `hidden` (the version block's
 * first column); 1-based: `hiddenNumbers` (the version block's columns as a host numbers them).
 */
export function roadmapColumns(layout: RoadmapDrawing) {
  const columns = layout.columns;
  const at = (name: RoadmapColumn): number => {
    const c = columns.byName[name];
    if (c === undefined) throw new Error(`the layout has no ${name} column`);
    return c;
  };
  const { from, count } = layout.hiddenColumns;
  return { ...columns, at, hidden: from - 1, hiddenCount: count, hiddenNumbers: Array.from({ length: count }, (_, k) => from + k) };
}
