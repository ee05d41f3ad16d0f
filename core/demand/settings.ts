// The DMO's rules for scoring demand: criteria with weights and directions, the seven-point
// check's labels, and the decision thresholds. They live in a `BTM Settings` sheet that the DMO
// edits; without one, these defaults apply (and the panel can write them out as that sheet).
import { CellValue } from '../values/cells';
import { isSheetError } from '../values/errors';
import { parseNumberText } from '../values/coerce';
import { CapacityRules, DEFAULT_CAPACITY_RULES } from '../capacity/rules';

export type Direction = 1 | -1;

export interface Criterion {
  readonly name: string;
  /** Any positive scale; SCORE normalises. */
  readonly weight: number;
  /** 1: higher is better (value); -1: lower is better (cost, risk). */
  readonly direction: Direction;
  /** Other headers that mean this criterion ("Value", "Benefit" ...). */
  readonly synonyms: readonly string[];
}

export interface DemandSettings {
  readonly criteria: readonly Criterion[];
  readonly checkLabels: readonly string[];
  /** PROPOSAL's thresholds on the 0-100 score scale. */
  readonly thresholds: { readonly include: number; readonly reject: number };
  /** The rules of thumb for capacity planning. */
  readonly capacity: CapacityRules;
}

export const SETTINGS_SHEET = 'BTM Settings';

/** The usual criteria of the trade (DOMAIN.md: strategic alignment, benefits, cost, risk ...). */
export const DEFAULT_SETTINGS: DemandSettings = {
  criteria: [
    { name: 'Strategic alignment', weight: 3, direction: 1, synonyms: ['Strategy', 'Strategic fit', 'Alignment'] },
    { name: 'Business value', weight: 3, direction: 1, synonyms: ['Value', 'Benefit', 'Benefits', 'Business benefit', 'User business value'] },
    { name: 'Time criticality', weight: 2, direction: 1, synonyms: ['Urgency', 'Time critical'] },
    { name: 'Risk reduction', weight: 2, direction: 1, synonyms: ['Opportunity enablement', 'Risk reduction opportunity enablement', 'RR OE'] },
    { name: 'Cost', weight: 2, direction: -1, synonyms: ['Total cost', 'TCO', 'Total cost of ownership', 'Budget'] },
    { name: 'Risk', weight: 1, direction: -1, synonyms: ['Risks', 'Delivery risk'] },
  ],
  checkLabels: ['Sponsor', 'Financing', 'Resources', 'Architecture', 'Security', 'Vendors', 'Processes'],
  thresholds: { include: 60, reject: 40 },
  capacity: DEFAULT_CAPACITY_RULES,
};

// The sheet: three titled blocks, one after the other, read back by their titles so a DMO may
// add rows to any block.
const CRITERIA_TITLE = 'Scoring criteria';
const CRITERIA_HEADER = ['Criterion', 'Weight', 'Direction', 'Other headers (separated by ;)'];
const CHECK_TITLE = 'Seven-point check';
const THRESHOLDS_TITLE = 'Decision thresholds';
const CAPACITY_TITLE = 'Capacity rules';
const CAPACITY_ROWS = ['Availability of a person', 'Plannable share of capacity', 'Minimum meaningful allocation', 'Team size from', 'Team size to'] as const;

const text = (c: CellValue): string => (c === null || isSheetError(c) ? '' : String(c).trim());

/** The settings as cells for the `BTM Settings` sheet: a grid of 4 columns, user text as text. */
export function settingsToGrid(s: DemandSettings): CellValue[][] {
  const row = (...cells: CellValue[]): CellValue[] => [...cells, ...Array(4 - cells.length).fill(null)];
  return [
    row(CRITERIA_TITLE),
    row(...CRITERIA_HEADER),
    ...s.criteria.map((c) => row(c.name, c.weight, c.direction === 1 ? 'higher is better' : 'lower is better', c.synonyms.join('; '))),
    row(),
    row(CHECK_TITLE),
    ...s.checkLabels.map((label, i) => row(`Point ${i + 1}`, label)),
    row(),
    row(THRESHOLDS_TITLE),
    row('Include at or above', s.thresholds.include),
    row('Reject below', s.thresholds.reject),
    row(),
    row(CAPACITY_TITLE),
    row(CAPACITY_ROWS[0], s.capacity.availability),
    row(CAPACITY_ROWS[1], s.capacity.plannableShare),
    row(CAPACITY_ROWS[2], s.capacity.minAllocation),
    row(CAPACITY_ROWS[3], s.capacity.teamSize.min),
    row(CAPACITY_ROWS[4], s.capacity.teamSize.max),
  ];
}

export interface SettingsProblem {
  /** 1-based row and column in the settings sheet. */
  readonly row: number;
  readonly col: number;
  readonly message: string;
}

export type SettingsReading = { readonly settings: DemandSettings; readonly problems: readonly SettingsProblem[] };

function direction(c: CellValue): Direction | undefined {
  if (c === null || c === '') return 1;
  if (typeof c === 'number') return c < 0 ? -1 : c > 0 ? 1 : undefined;
  const t = text(c).toLowerCase();
  if (/^(1|\+|higher|higher is better|high|up|max|maximi[sz]e)$/.test(t)) return 1;
  if (/^(-1|-|lower|lower is better|low|down|min|minimi[sz]e)$/.test(t)) return -1;
  return undefined;
}

function positiveNumber(c: CellValue): number | undefined {
  const n = typeof c === 'number' ? c : typeof c === 'string' ? parseNumberText(c) : undefined;
  return n !== undefined && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Reads the `BTM Settings` sheet (its used range, top-left at row 1, column 1). A block that is
 * missing keeps its default; a cell that cannot be read is reported with its position and the
 * default is kept for that block, so one typo never silently changes the scoring.
 */
export function settingsFromGrid(grid: CellValue[][]): SettingsReading {
  const problems: SettingsProblem[] = [];
  const at = (r: number, c: number) => grid[r]?.[c] ?? null;
  const titleRow = (title: string) => grid.findIndex((row) => text(row[0] ?? null).toLowerCase() === title.toLowerCase());
  const blockRows = (start: number) => {
    const rows: number[] = [];
    for (let r = start; r < grid.length && text(at(r, 0)) !== ''; r++) rows.push(r);
    return rows;
  };

  let criteria = DEFAULT_SETTINGS.criteria;
  const ct = titleRow(CRITERIA_TITLE);
  if (ct >= 0) {
    const read: Criterion[] = [];
    let ok = true;
    for (const r of blockRows(ct + 2)) {
      const weight = positiveNumber(at(r, 1));
      const dir = direction(at(r, 2));
      if (weight === undefined) {
        ok = false;
        problems.push({ row: r + 1, col: 2, message: `the weight of "${text(at(r, 0))}" must be a number of 0 or more` });
      }
      if (dir === undefined) {
        ok = false;
        problems.push({ row: r + 1, col: 3, message: `the direction of "${text(at(r, 0))}" must be "higher is better" or "lower is better"` });
      }
      const synonyms = text(at(r, 3)).split(';').map((x) => x.trim()).filter(Boolean);
      if (weight !== undefined && dir !== undefined) read.push({ name: text(at(r, 0)), weight, direction: dir, synonyms });
    }
    if (ok && read.length > 0) criteria = read;
    else if (ok) problems.push({ row: ct + 1, col: 1, message: 'the criteria block lists no criteria' });
  }

  let checkLabels = DEFAULT_SETTINGS.checkLabels;
  const kt = titleRow(CHECK_TITLE);
  if (kt >= 0) {
    const labels = blockRows(kt + 1).map((r) => text(at(r, 1)));
    const blank = blockRows(kt + 1).find((r) => text(at(r, 1)) === '');
    if (blank !== undefined) problems.push({ row: blank + 1, col: 2, message: 'a seven-point check label is blank' });
    else if (labels.length > 0) checkLabels = labels;
  }

  let thresholds = DEFAULT_SETTINGS.thresholds;
  const tt = titleRow(THRESHOLDS_TITLE);
  if (tt >= 0) {
    const include = positiveNumber(at(tt + 1, 1));
    const reject = positiveNumber(at(tt + 2, 1));
    if (include === undefined || reject === undefined || reject > include) {
      problems.push({ row: tt + 2, col: 2, message: 'thresholds must be two numbers with "Reject below" at most "Include at or above"' });
    } else {
      thresholds = { include, reject };
    }
  }
  let capacity = DEFAULT_SETTINGS.capacity;
  const pt = titleRow(CAPACITY_TITLE);
  if (pt >= 0) {
    const share = (r: number) => positiveNumber(at(r, 1));
    const [availability, plannableShare, minAllocation, teamMin, teamMax] = [1, 2, 3, 4, 5].map((k) => share(pt + k));
    const bad = (value: number | undefined, ok: (v: number) => boolean) => value === undefined || !ok(value);
    const checks: Array<[number | undefined, (v: number) => boolean, string]> = [
      [availability, (v) => v > 0 && v <= 1, 'availability must be a share above 0% and at most 100%'],
      [plannableShare, (v) => v > 0 && v <= 1, 'the plannable share must be above 0% and at most 100%'],
      [minAllocation, (v) => v < 1, 'the minimum allocation must be below 100%'],
      [teamMin, (v) => Number.isInteger(v) && v >= 1, 'team size must be a whole number of people'],
      [teamMax, (v) => Number.isInteger(v) && v >= (teamMin ?? 1), 'team size to must be a whole number at least team size from'],
    ];
    const firstBad = checks.findIndex(([v, ok]) => bad(v, ok));
    if (firstBad >= 0) {
      problems.push({ row: pt + 2 + firstBad, col: 2, message: checks[firstBad][2] });
    } else {
      capacity = {
        availability: availability as number,
        plannableShare: plannableShare as number,
        minAllocation: minAllocation as number,
        teamSize: { min: teamMin as number, max: teamMax as number },
      };
    }
  }
  return { settings: { criteria, checkLabels, thresholds, capacity }, problems };
}
