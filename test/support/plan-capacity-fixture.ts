// A portfolio of any size for Plan capacity's host tests: a demand table of n initiatives (IDs,
// NPV, cost, duration, earliest start as a period label, FTE per role, dependencies, forced
// choices) and a Capacity sheet of three roles over twelve months with a budget row, scaled to
// the portfolio so that about a third of it fits. Values are plain cells from A1, blanks null.
import type { CellValue } from '../../core';

export const PLAN_HEADERS = ['ID', 'Name', 'NPV', 'Cost', 'Duration', 'Earliest start', 'Developer', 'Analyst FTE', 'Tester', 'Requires', 'Excludes', 'Forced'];

export const MONTHS = Array.from({ length: 12 }, (_, k) => `2027-${String(k + 1).padStart(2, '0')}`);

/** Initiative i (1-based) as a DMO types it. */
export function initiativeRow(i: number, n: number): CellValue[] {
  return [
    `I${i}`,
    `Initiative ${i}`,
    50 + ((i * 37) % 400),
    20 + ((i * 53) % 200),
    1 + (i % 6),
    i % 4 === 0 ? MONTHS[i % 12] : null,
    [0.5, 1, 1.5, 2][i % 4],
    [0.25, 0.5][i % 2],
    i % 3 === 0 ? null : 0.5,
    i % 10 === 3 ? `I${i - 1}` : null,
    i % 15 === 7 && i < n ? `I${i + 1}` : null,
    i === 1 ? 'in' : i === 2 ? 'out' : null,
  ];
}

/** The demand sheet from A1: a title, a blank row, the headers in row 3, n initiatives below. */
export function demandGrid(n: number, row: (i: number, n: number) => CellValue[] = initiativeRow): CellValue[][] {
  const grid: CellValue[][] = [['Demand 2027'], [], [...PLAN_HEADERS]];
  for (let i = 1; i <= n; i++) grid.push(row(i, n));
  return grid;
}

/** The Capacity sheet from A1: roles down, months across, then the budget row. */
export function capacitySheetGrid(n: number, months: readonly CellValue[] = MONTHS): CellValue[][] {
  const scale = Math.max(1, n / 10);
  const per = (x: number) => months.map(() => Math.round(x * scale));
  return [['Role', ...months], ['Developer', ...per(6)], ['Analyst', ...per(2)], ['Tester', ...per(2)], ['Budget', ...per(60)]];
}
