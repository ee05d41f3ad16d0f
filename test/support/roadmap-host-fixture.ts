// A portfolio of any size for Generate roadmap's host tests (Excel and Sheets alike): a demand
// table of n initiatives (value streams, durations, earliest starts as period labels, FTE per
// role, dependencies, priorities, approaches) under a title, and a Capacity sheet of three roles
// and a budget over 36 months, scaled to the portfolio. Values are plain cells from A1, blanks null.
import type { CellValue } from '../../core';

/** User text that a host would read as a formula if written as a plain value: initiative 5's ID. */
export const LINK = '=HYPERLINK("x")';

export const HEADERS = ['ID', 'Name', 'Value stream', 'Duration', 'Earliest start', 'Developer', 'Analyst', 'Tester', 'Requires', 'Priority', 'Approach'];

export const MONTHS = Array.from({ length: 36 }, (_, k) => `${2027 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`);

/** Initiative i (1-based) as a DMO types it; initiative 5's ID is LINK (typed with an apostrophe). */
export function initiative(i: number): CellValue[] {
  return [
    i === 5 ? LINK : `R${i}`,
    `Initiative ${i}`,
    ['Customer', 'Finance', 'Operations'][i % 3],
    1 + (i % 6),
    i % 5 === 0 ? MONTHS[i % 12] : null,
    [0.5, 1, 1.5, 2][i % 4],
    [0.25, 0.5][i % 2],
    i % 3 === 0 ? null : 0.5,
    i % 10 === 3 ? `R${i - 1}` : null,
    i,
    ['gate-based', 'sprint-based', 'change request', 'hybrid'][i % 4],
  ];
}

/** The demand sheet from A1: a title, a blank row, the headers in row 3, n initiatives below. */
export const demandGrid = (n: number): CellValue[][] => [['Demand 2027-2029'], [], [...HEADERS], ...Array.from({ length: n }, (_, k) => initiative(k + 1))];

/** Roles down, 36 months across, then the budget; headcount scaled to the portfolio. */
export function capacityGrid(n: number): CellValue[][] {
  const scale = Math.max(1, n / 30);
  const per = (x: number) => MONTHS.map(() => Math.round(x * scale));
  return [['Role', ...MONTHS], ['Developer', ...per(6)], ['Analyst', ...per(2)], ['Tester', ...per(2)], ['Budget', ...per(100)]];
}
