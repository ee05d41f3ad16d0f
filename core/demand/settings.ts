// The DMO's rules for scoring demand: criteria with weights and directions, the seven-point
// check's labels, and the decision thresholds. They live in a `BTM Settings` sheet that the DMO
// edits; without one, these defaults apply (and the panel can write them out as that sheet).
import { CellValue, isBlank, isEmptyCell } from '../values/cells';
import { isSheetError } from '../values/errors';
import { cellNumber } from '../values/coerce';
import { CapacityRules, DEFAULT_CAPACITY_RULES } from '../capacity/rules';
import { APPROACHES, Approach, DEFAULT_ZONE_SHARES, ZONES, ZoneShares, checkZoneShares, parseApproach } from '../roadmap/gates';

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
  /** The annual clock and the gates, for the roadmap. */
  readonly roadmap: RoadmapSettings;
}

/**
 * The roadmap's part of the settings (DOMAIN.md, "Governance model"): the annual clock's
 * months, drawn as markers on the roadmap, and the share of an initiative's run each flow zone
 * takes per development approach, which places the gates.
 */
export interface RoadmapSettings {
  /** Months (1-12, ascending, no repeats) of the portfolio planning rounds. */
  readonly planningRounds: readonly number[];
  /** Months (1-12, ascending, no repeats) of the quarterly portfolio reviews. */
  readonly portfolioReviews: readonly number[];
  /** Zone shares (fractions adding up to 1) per development approach. */
  readonly zoneShares: Readonly<Record<Approach, ZoneShares>>;
}

/**
 * The annual clock by default. Portfolio planning happens twice a year, aligned with budgeting:
 * in March, when the year's budget is settled and the first half's plan is confirmed, and in
 * September, when next year's budget is prepared. A portfolio review (a "portfolio increment":
 * status, value follow-up, roadmap outlook) opens every quarter: January, April, July, October.
 * A DMO whose budget year runs otherwise changes the months in the BTM Settings sheet.
 */
export const DEFAULT_ROADMAP_SETTINGS: RoadmapSettings = {
  planningRounds: [3, 9],
  portfolioReviews: [1, 4, 7, 10],
  zoneShares: DEFAULT_ZONE_SHARES,
};

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
  roadmap: DEFAULT_ROADMAP_SETTINGS,
};

// The sheet: titled blocks, one after the other, read back by their titles so a DMO may add
// rows to any block.
const CRITERIA_TITLE = 'Scoring criteria';
const CRITERIA_HEADER = ['Criterion', 'Weight', 'Direction', 'Other headers (separated by ;)'];
const CHECK_TITLE = 'Seven-point check';
const THRESHOLDS_TITLE = 'Decision thresholds';
export const CAPACITY_RULES_TITLE = 'Capacity rules';
/** The Capacity rules block's labels, in the order of its rows (and of CAPACITYCHECK's rules argument). */
export const CAPACITY_RULE_LABELS = ['Availability of a person', 'Plannable share of capacity', 'Minimum meaningful allocation', 'Team size from', 'Team size to'] as const;
const CLOCK_TITLE = 'Annual clock';
const CLOCK_ROWS = ['Planning rounds (months)', 'Portfolio reviews (months)'] as const;
const ZONES_TITLE = 'Zone shares';
const ZONES_HEADER = ['Development approach', 'A capture demand %', 'B build %', 'C release %', 'D roll out %'];
/** How each approach is written in the sheet (parseApproach reads these and the usual other spellings). */
export const APPROACH_LABELS: Readonly<Record<Approach, string>> = { 'gate-based': 'Gate-based', 'sprint-based': 'Sprint-based', 'change-request': 'Change-request', hybrid: 'Hybrid' };
/** Columns of the sheet: the widest block (Zone shares) has five. */
const WIDTH = 5;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_WORDS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Months as the sheet shows them: "Mar; Sep". */
const monthsText = (months: readonly number[]): string => months.map((m) => MONTHS[m - 1]).join('; ');

/** A share as a whole percentage for the sheet (0.15 -> 15), without floating-point dust. */
const percent = (share: number): number => Math.round(share * 1e8) / 1e6;

const text = (c: CellValue): string => (c === null || isSheetError(c) ? '' : String(c).trim());

/** The settings as cells for the `BTM Settings` sheet: a grid of 5 columns, user text as text. */
export function settingsToGrid(s: DemandSettings): CellValue[][] {
  const row = (...cells: CellValue[]): CellValue[] => [...cells, ...Array(WIDTH - cells.length).fill(null)];
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
    row(CAPACITY_RULES_TITLE),
    row(CAPACITY_RULE_LABELS[0], s.capacity.availability),
    row(CAPACITY_RULE_LABELS[1], s.capacity.plannableShare),
    row(CAPACITY_RULE_LABELS[2], s.capacity.minAllocation),
    row(CAPACITY_RULE_LABELS[3], s.capacity.teamSize.min),
    row(CAPACITY_RULE_LABELS[4], s.capacity.teamSize.max),
    row(),
    row(CLOCK_TITLE),
    row(CLOCK_ROWS[0], monthsText(s.roadmap.planningRounds)),
    row(CLOCK_ROWS[1], monthsText(s.roadmap.portfolioReviews)),
    row(),
    row(ZONES_TITLE),
    row(...ZONES_HEADER),
    ...APPROACHES.map((a) => row(APPROACH_LABELS[a], ...ZONES.map((z) => percent(s.roadmap.zoneShares[a][z])))),
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
  if (isEmptyCell(c)) return 1;
  if (typeof c === 'number') return c < 0 ? -1 : c > 0 ? 1 : undefined;
  const t = text(c).toLowerCase();
  if (/^(1|\+|higher|higher is better|high|up|max|maximi[sz]e)$/.test(t)) return 1;
  if (/^(-1|-|lower|lower is better|low|down|min|minimi[sz]e)$/.test(t)) return -1;
  return undefined;
}

function positiveNumber(c: CellValue): number | undefined {
  const n = cellNumber(c);
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
  const pt = titleRow(CAPACITY_RULES_TITLE);
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
  const roadmap = readRoadmapSettings(grid, titleRow, blockRows, problems);
  return { settings: { criteria, checkLabels, thresholds, capacity, roadmap }, problems };
}

/**
 * Months in a cell: a month number (1-12) or several, or month names ("Mar; Sep", "March,
 * September"), separated by ";", "," or spaces; a blank cell is none. Ascending, repeats dropped.
 * A string names the first part that is no month.
 */
export function parseMonths(c: CellValue): number[] | string {
  if (typeof c === 'number') return Number.isInteger(c) && c >= 1 && c <= 12 ? [c] : `${c} is not a month number (1-12)`;
  if (typeof c === 'boolean' || isSheetError(c)) return `${typeof c === 'boolean' ? String(c).toUpperCase() : c.code} is not a month`;
  const out = new Set<number>();
  for (const part of text(c).split(/[;,\s]+/).filter(Boolean)) {
    const word = part.toLowerCase().replace(/\.$/, '');
    const n = /^\d+$/.test(word) ? Number(word) : word.length >= 3 ? MONTH_WORDS.findIndex((m) => m.startsWith(word)) + 1 : 0;
    if (!(n >= 1 && n <= 12)) return `"${part}" is not a month (1-12 or Jan ... Dec)`;
    out.add(n);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * The "Annual clock" and "Zone shares" blocks. A block with a cell it cannot read keeps its
 * defaults, and the cell is reported.
 *
 * Zone shares are written as whole percentages (15, 55, 15, 15). A row is read as percentages
 * when its four shares add up to 100, and as fractions when they add up to 1 (cells formatted as
 * percentages, or typed "15%"), so both ways of writing a share mean what they show; any other
 * sum is reported. A blank share is 0 (a zone the approach skips). Approaches the block does not
 * list keep their defaults.
 */
function readRoadmapSettings(
  grid: CellValue[][],
  titleRow: (title: string) => number,
  blockRows: (start: number) => number[],
  problems: SettingsProblem[],
): RoadmapSettings {
  const at = (r: number, c: number) => grid[r]?.[c] ?? null;
  let { planningRounds, portfolioReviews, zoneShares } = DEFAULT_ROADMAP_SETTINGS;

  const ct = titleRow(CLOCK_TITLE);
  if (ct >= 0) {
    const read: (number[] | undefined)[] = [undefined, undefined];
    let ok = true;
    for (const r of blockRows(ct + 1)) {
      const label = text(at(r, 0)).toLowerCase();
      const k = CLOCK_ROWS.findIndex((l) => l.toLowerCase() === label || l.toLowerCase().startsWith(`${label} (`));
      if (k < 0) {
        ok = false;
        problems.push({ row: r + 1, col: 1, message: `"${text(at(r, 0))}" is not a row of the annual clock (${CLOCK_ROWS.join(', ')})` });
        continue;
      }
      const months = parseMonths(at(r, 1));
      if (typeof months === 'string') {
        ok = false;
        problems.push({ row: r + 1, col: 2, message: `${CLOCK_ROWS[k].replace(/ \(months\)$/, '').toLowerCase()}: ${months}` });
      } else {
        read[k] = months;
      }
    }
    if (ok) {
      planningRounds = read[0] ?? planningRounds;
      portfolioReviews = read[1] ?? portfolioReviews;
    }
  }

  const zt = titleRow(ZONES_TITLE);
  if (zt >= 0) {
    const read: Partial<Record<Approach, ZoneShares>> = {};
    const seen = new Map<Approach, number>();
    let ok = true;
    const fail = (row: number, col: number, message: string) => {
      ok = false;
      problems.push({ row: row + 1, col, message });
    };
    for (const r of blockRows(zt + 2)) {
      const label = text(at(r, 0));
      const approach = parseApproach(label);
      if (approach === undefined) {
        fail(r, 1, `"${label}" is not a development approach (${APPROACHES.map((a) => APPROACH_LABELS[a]).join(', ')})`);
        continue;
      }
      const before = seen.get(approach);
      if (before !== undefined) {
        fail(r, 1, `"${label}" gives the zone shares of ${APPROACH_LABELS[approach]} a second time (first in row ${before + 1})`);
        continue;
      }
      seen.set(approach, r);
      const shares: number[] = [];
      for (let k = 0; k < ZONES.length; k++) {
        const cell = at(r, k + 1);
        const x = isBlank(cell) ? 0 : positiveNumber(cell);
        if (x === undefined) fail(r, k + 2, `the share of zone ${ZONES[k]} for ${APPROACH_LABELS[approach]} must be a percentage of 0 or more`);
        else shares.push(x);
      }
      if (shares.length < ZONES.length) continue;
      const sum = shares.reduce((a, b) => a + b, 0);
      const scale = Math.abs(sum - 100) <= 1e-6 ? 100 : 1;
      const split = Object.fromEntries(ZONES.map((z, k) => [z, shares[k] / scale])) as Record<(typeof ZONES)[number], number>;
      if (checkZoneShares(APPROACH_LABELS[approach], split) !== undefined) {
        const shown = sum > 1.5 ? sum : sum * 100;
        fail(r, 2, `the zone shares of ${APPROACH_LABELS[approach]} add up to ${Math.round(shown * 100) / 100}%, not 100%`);
        continue;
      }
      read[approach] = split;
    }
    if (ok && seen.size === 0) fail(zt, 1, 'the zone shares block lists no development approach');
    if (ok) zoneShares = { ...DEFAULT_ZONE_SHARES, ...read };
  }
  return { planningRounds, portfolioReviews, zoneShares };
}
