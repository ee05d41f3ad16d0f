// A small, realistic workbook for Plan capacity: a demand table of ten initiatives on a sheet
// "Demand" (with a title above it, so the table starts at row 3), a Capacity sheet with three
// roles over six months and a budget row, and BTM Settings with 80% availability.
import { CellValue, DEFAULT_SETTINGS, SheetSnapshot, settingsToGrid } from '../../core';

export const DEMAND_HEADERS: CellValue[] = ['ID', 'Name', 'NPV', 'Cost', 'Duration', 'Earliest start', 'Developer', 'Analyst FTE', 'Tester', 'Requires', 'Excludes', 'Forced'];

/** NPV and cost in thousands; FTE per month while it runs. */
export const DEMAND_ROWS: CellValue[][] = [
  ['CRM', 'Customer relationship management', 400, 260, 4, '2027-01', 4, 1, 0.5, null, null, null],
  ['DWH', 'Data warehouse', 300, 150, 3, null, 2, 1, 0.5, null, null, null],
  ['BI', 'Self-service reporting', 200, 80, 2, '2027-04', 1, 0.5, 0.5, 'DWH', null, null],
  ['ERP', 'ERP upgrade', 150, 120, 6, 1, 1, 0.2, 0.5, null, null, 'in'],
  ['PORTAL', 'Customer portal v2', 220, 150, 3, '2027-02', 2, 0.5, 1, null, 'LITE', null],
  ['LITE', 'Portal quick fixes', 160, 60, 2, null, 1, 0.5, 0.5, null, null, null],
  ['MOBILE', 'Mobile app', 200, 80, 2, 5, 2, 0.5, 0.2, 'CRM', null, null],
  ['SEC', 'Security hardening', 90, 30, 2, null, 1, null, 0.5, null, null, 'yes'],
  ['AI', 'AI pilot', 180, 120, 3, '2027-05', 1, 0.5, 0.5, null, null, null],
  ['LEGACY', 'Legacy decommissioning', 60, 40, 2, null, 1, 0.25, 0.25, null, null, 'out'],
];

export const PERIODS = ['2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06'];

/** Headcount per month; the budget (in thousands) per month. */
export function capacityGrid(): CellValue[][] {
  return [
    ['Role', ...PERIODS],
    ['Developer', 10, 10, 10, 10, 10, 10],
    ['Analyst', 4, 4, 4, 4, 4, 4],
    ['Tester', 3, 3, 3, 2, 2, 2],
    ['Budget', 100, 100, 100, 100, 100, 100],
  ];
}

/** The demand sheet's used range: a title in A1, a blank row, the table from A3. */
export function demandSnapshot(headers: CellValue[] = DEMAND_HEADERS, rows: CellValue[][] = DEMAND_ROWS, sheet = 'Demand'): SheetSnapshot {
  const width = headers.length;
  const pad = (r: CellValue[]) => [...r, ...Array(Math.max(0, width - r.length)).fill(null)];
  const values: CellValue[][] = [pad(['Demand 2027']), pad([]), pad(headers), ...rows.map(pad)];
  return {
    sheet,
    top: 1,
    left: 1,
    values,
    formulas: values.map((r) => r.map(() => '')),
    selection: { row: 4, col: 2 },
    merged: [],
  };
}

/** The rows with one cell changed (row index 0 = CRM, column by header). */
export function withCell(row: number, header: string, value: CellValue, rows: CellValue[][] = DEMAND_ROWS): CellValue[][] {
  const col = DEMAND_HEADERS.indexOf(header);
  if (col < 0) throw new Error(`no column ${header}`);
  return rows.map((r, i) => (i === row ? r.map((c, j) => (j === col ? value : c)) : [...r]));
}

/** The DMO's settings: people are available 80% of their time (the other rules are the defaults). */
export function settingsGrid(): CellValue[][] {
  return settingsToGrid({ ...DEFAULT_SETTINGS, capacity: { ...DEFAULT_SETTINGS.capacity, availability: 0.8 } });
}
