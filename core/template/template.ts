// The DMO's template workbook: the sheets a value stream fills in and the add-in's commands read,
// built once here and written by every host (Excel and Sheets through the panel's "Insert
// template", .xlsx through `btm template`). Pure: cells, formulas, formats, drop-down lists and
// named ranges as data; the hosts only write them.
//
// Sheets, in the order they are created:
// - Read me: how to use the workbook (the add-in, the commands, the lists, moving between hosts).
// - Demand: the demand table from row 3, five example initiatives, drop-downs for value stream,
//   demand type, development approach, the seven points and Forced, and the add-in's formula
//   columns (BTM Score, Rank, Check, Proposal, WSJF) reading named ranges.
// - Business cases: per example initiative its cost and benefit per year, built-in sums, net
//   flow and NPV (so the file shows figures in any application), and a BUSINESSCASE summary.
// - Capacity: headcount per role and month, and the budget row (as Plan capacity reads it).
// - BTM Roadmap: empty until Generate roadmap fills it (an empty version, so no confirmation).
// - BTM Settings: the default settings and the lists behind the drop-downs.
//
// Decisions:
// - Formulas read named ranges (BTM_Weights, BTM_Demand_Criteria, BTM_CUS_01_Costs ...), so a DMO
//   can see and move what they point at. A name covers the example rows; after adding rows, run
//   Score demand (panel or `btm score`), which rewrites the formula columns over the whole table.
// - Drop-downs cover 200 rows below the header and reject other entries: the lists are the
//   DMO's vocabulary (extend them on BTM Settings, the value-stream list has room for eight).
// - A clash with an existing sheet or name gets a suffix (" (2)" for sheets, "_2" for names); the
//   workbook's own sheets and names are never touched, and `renamed` says what happened.
// - The add-in's formulas are left without a cached value here: a host computes them, and the
//   .xlsx writer caches them through the evaluator (xlsx/recalculate.ts). Built-in formulas carry
//   the value this module computes (the LibreOffice check recalculates and compares).
import type { CellValue } from '../values/cells';
import { isSheetError } from '../values/errors';
import { absoluteRange, columnLetters, quoteSheet } from '../values/a1';
import { APPROACH_LABELS, DEFAULT_SETTINGS, SETTINGS_SHEET, settingsToGrid } from '../demand/settings';
import { APPROACHES } from '../roadmap/gates';
import { OWNED_COLUMNS } from '../commands/score-demand';
import { ROADMAP_SHEET } from '../commands/generate-roadmap';
import { asTextCell } from '../values/text-cell';
import { fingerprint, VERSION_MARK } from '../roadmap/roadmap-layout';
import { npv } from '../finance/present-value';
import { translateFormula } from '../formulas/translate';

export type TemplateHost = 'excel' | 'sheets' | 'xlsx';

export interface ListValidation {
  /** A1 range on this sheet without the sheet's name, e.g. 'D4:D203'. */
  readonly range: string;
  /** The named range holding the allowed values (suffixed when it clashed). */
  readonly listName: string;
  /** The allowed values themselves (blanks left out). */
  readonly values: readonly string[];
}

export type TemplateSheetKey = 'readme' | 'demand' | 'business-cases' | 'capacity' | 'roadmap' | 'settings';

export interface TemplateSheet {
  readonly key: TemplateSheetKey;
  /** The name to create: the wanted one, or with " (2)", " (3)" ... when the workbook has it. */
  readonly name: string;
  readonly wanted: string;
  /** Rows from A1. A built-in formula's cell holds its value; an add-in formula's cell null (computed by the host). */
  readonly values: CellValue[][];
  /** Same shape: '=...' spelled for the host, '' for constants. */
  readonly formulas: string[][];
  /** Same shape: number format or null for General. */
  readonly formats: (string | null)[][];
  /** Same shape: '#rrggbb' fill or null. */
  readonly fills: (string | null)[][];
  /** 0-based rows shown bold. */
  readonly boldRows: readonly number[];
  /** Pixels per column from A (null: default). */
  readonly columnWidths: readonly (number | null)[];
  readonly frozenRows: number;
  /** 1-based first column and count of a block to hide (count 0: none). */
  readonly hiddenColumns: { readonly from: number; readonly count: number };
  readonly validations: readonly ListValidation[];
}

export interface TemplateName {
  /** As created: the wanted name, or with "_2", "_3" ... when the workbook has it. */
  readonly name: string;
  readonly wanted: string;
  /** The template sheet's final name. */
  readonly sheet: string;
  /** Absolute A1 without the sheet, e.g. '$B$4:$B$9'. */
  readonly range: string;
}

export interface Template {
  /** In the order to create them. */
  readonly sheets: readonly TemplateSheet[];
  readonly names: readonly TemplateName[];
  /** One plain sentence per clash, for the panel and the command line. */
  readonly renamed: readonly string[];
}

export interface TemplateOptions {
  /** The first year of the capacity horizon and the examples (default 2027). Callers pass next year. */
  readonly year?: number;
}

/** The year a template made today plans: next year (the caller reads the clock, the core stays pure). */
export function planningYear(today: Date): number {
  return today.getFullYear() + 1;
}

/** The wanted sheet names, in creation order. */
export const TEMPLATE_SHEETS: Readonly<Record<TemplateSheetKey, string>> = {
  readme: 'Read me',
  demand: 'Demand',
  'business-cases': 'Business cases',
  capacity: 'Capacity',
  roadmap: ROADMAP_SHEET,
  settings: SETTINGS_SHEET,
};

/** Rows the drop-downs cover below the Demand header. */
export const VALIDATION_ROWS = 200;
/** The Demand table's header row. */
export const DEMAND_HEADER_ROW = 3;

export const ROLES = ['Developer', 'Analyst', 'Tester', 'Architect'] as const;
const HEADCOUNT = [12, 5, 4, 2];
const MONTHLY_BUDGET = 250_000;
const VALUE_STREAMS = ['Customer', 'Finance', 'Operations'];
const VALUE_STREAM_ROOM = 8;
export const DEMAND_TYPES = ['Capability planning', 'Ideas & concepts', 'Increments & improvements'] as const;
/** The Demand table's header (the sample portfolio in examples/ has the same table). */
export const DEMAND_HEADERS: readonly string[] = [
  'ID', 'Name', 'Value stream', 'Demand type', 'Development approach',
  ...DEFAULT_SETTINGS.criteria.map((c) => c.name), ...DEFAULT_SETTINGS.checkLabels,
  'Value', 'Duration', 'Earliest start', 'Pinned start', 'Requires', 'Excludes', 'Forced', ...ROLES,
];
const APPROACH_NAMES = APPROACHES.map((a) => APPROACH_LABELS[a]);
const CHECK_ANSWERS = ['yes', 'no'];
const FORCED_CHOICES = ['in', 'out'];
const YEARS_OF_CASE = 5;

/** The example initiatives: enough to show every command working, few enough to replace. */
interface Example {
  readonly id: string;
  readonly name: string;
  readonly stream: string;
  readonly type: string;
  readonly approach: string;
  /** The six default criteria, 1-5. */
  readonly criteria: readonly number[];
  /** The seven points: yes / no. */
  readonly check: readonly string[];
  readonly duration: number;
  /** Month (1-12) of the earliest start. */
  readonly earliest: number;
  readonly pinned?: number;
  readonly requires?: string;
  readonly excludes?: string;
  readonly forced?: string;
  /** FTE per role while it runs. */
  readonly fte: readonly number[];
  readonly rate: number;
  readonly costs: readonly number[];
  readonly benefits: readonly number[];
}

const Y = 'yes';
const N = 'no';
const EXAMPLES: readonly Example[] = [
  {
    id: 'CUS-01', name: 'Customer 360 platform', stream: 'Customer', type: DEMAND_TYPES[0], approach: 'Gate-based',
    criteria: [5, 5, 4, 4, 3, 2], check: [Y, Y, Y, Y, Y, Y, Y], duration: 6, earliest: 1, fte: [4, 1.5, 1, 0.5],
    rate: 0.08, costs: [600_000, 150_000, 80_000, 80_000, 80_000], benefits: [0, 300_000, 450_000, 500_000, 500_000],
  },
  {
    id: 'CUS-02', name: 'Predictive churn model', stream: 'Customer', type: DEMAND_TYPES[1], approach: 'Sprint-based',
    criteria: [3, 4, 2, 3, 2, 4], check: [Y, N, Y, Y, Y, Y, Y], duration: 3, earliest: 1, requires: 'CUS-01', fte: [2, 1, 0.5, 0],
    rate: 0.08, costs: [120_000, 20_000, 20_000, 20_000, 20_000], benefits: [0, 90_000, 140_000, 160_000, 160_000],
  },
  {
    id: 'FIN-01', name: 'E-invoicing mandate', stream: 'Finance', type: DEMAND_TYPES[0], approach: 'Change-request',
    criteria: [4, 3, 5, 4, 3, 2], check: [Y, Y, Y, Y, Y, Y, Y], duration: 4, earliest: 3, pinned: 3, forced: 'in', fte: [3, 1, 1, 0.5],
    rate: 0.08, costs: [380_000, 40_000, 40_000, 40_000, 40_000], benefits: [0, 60_000, 120_000, 120_000, 120_000],
  },
  {
    id: 'FIN-02', name: 'Expense app improvements', stream: 'Finance', type: DEMAND_TYPES[2], approach: 'Sprint-based',
    criteria: [2, 3, 2, 1, 1, 1], check: [Y, Y, Y, Y, Y, Y, Y], duration: 2, earliest: 2, fte: [1.5, 0.5, 0.5, 0],
    rate: 0.08, costs: [60_000, 5_000, 5_000, 5_000, 5_000], benefits: [10_000, 40_000, 40_000, 40_000, 40_000],
  },
  {
    id: 'OPS-01', name: 'Warehouse management system', stream: 'Operations', type: DEMAND_TYPES[0], approach: 'Hybrid',
    criteria: [4, 5, 3, 4, 5, 4], check: [Y, Y, Y, N, Y, Y, Y], duration: 6, earliest: 7, fte: [4, 2, 1.5, 1],
    rate: 0.09, costs: [900_000, 300_000, 120_000, 120_000, 120_000], benefits: [0, 250_000, 700_000, 800_000, 800_000],
  },
];

// ---------------------------------------------------------------------------------------------
// Names: sheets and defined names, suffixed on a clash

const lower = (s: string) => s.toLowerCase();

/** The wanted name, or the first free one with a suffix, against names taken (case-insensitive). */
function freeName(wanted: string, taken: Set<string>, suffix: (k: number) => string, maxLength: number): string {
  if (!taken.has(lower(wanted))) return wanted;
  for (let k = 2; ; k += 1) {
    const tail = suffix(k);
    const candidate = `${wanted.slice(0, maxLength - tail.length)}${tail}`;
    if (!taken.has(lower(candidate))) return candidate;
  }
}

// ---------------------------------------------------------------------------------------------
// A sheet under construction

class Grid {
  readonly values: CellValue[][] = [];
  readonly formulas: string[][] = [];
  readonly formats: (string | null)[][] = [];
  readonly fills: (string | null)[][] = [];
  readonly bold = new Set<number>();
  width = 0;

  /** Sets a cell (1-based). A formula comes with its value (null: the host computes it). */
  set(row: number, col: number, value: CellValue, extra: { formula?: string; format?: string; fill?: string; bold?: boolean } = {}): void {
    while (this.values.length < row) {
      this.values.push([]);
      this.formulas.push([]);
      this.formats.push([]);
      this.fills.push([]);
    }
    this.width = Math.max(this.width, col);
    this.values[row - 1][col - 1] = value;
    this.formulas[row - 1][col - 1] = extra.formula ?? '';
    if (extra.format) this.formats[row - 1][col - 1] = extra.format;
    if (extra.fill) this.fills[row - 1][col - 1] = extra.fill;
    if (extra.bold) this.bold.add(row - 1);
  }

  row(row: number, cells: readonly CellValue[], extra: { format?: string; fill?: string; bold?: boolean } = {}, from = 1): void {
    cells.forEach((v, i) => this.set(row, from + i, v, extra));
    if (cells.length === 0 && extra.bold) this.bold.add(row - 1);
  }

  /** Rectangular arrays, padded with blanks. */
  finish(): Pick<TemplateSheet, 'values' | 'formulas' | 'formats' | 'fills' | 'boldRows'> {
    const pad = <T>(rows: T[][], blank: T) => rows.map((r) => Array.from({ length: this.width }, (_, c) => (r[c] === undefined ? blank : r[c])));
    return {
      values: pad(this.values, null),
      formulas: pad(this.formulas, ''),
      formats: pad(this.formats, null),
      fills: pad(this.fills, null),
      boldRows: [...this.bold].sort((a, b) => a - b),
    };
  }
}

const HEADER_FILL = '#dde7f3';
const INPUT_FILL = '#fff8e1';
const MONEY = '#,##0';

/** An absolute A1 block: $B$4:$B$9 (one cell: $B$4). */
function absolute(row: number, col: number, rows = 1, cols = 1): string {
  return absoluteRange({ start: { row, col }, end: { row: row + rows - 1, col: col + cols - 1 } });
}

// ---------------------------------------------------------------------------------------------
// The template

/**
 * The template for a host, avoiding the sheet and defined names the workbook already has
 * (`existing`, compared case-insensitively). Formulas are spelled for `host`.
 */
export function buildTemplate(host: TemplateHost, existing: { readonly sheets: readonly string[]; readonly names: readonly string[] } = { sheets: [], names: [] }, options: TemplateOptions = {}): Template {
  const year = options.year ?? 2027;
  const takenSheets = new Set(existing.sheets.map(lower));
  const takenNames = new Set(existing.names.map(lower));
  const renamed: string[] = [];

  const sheetName = {} as Record<TemplateSheetKey, string>;
  for (const key of Object.keys(TEMPLATE_SHEETS) as TemplateSheetKey[]) {
    const wanted = TEMPLATE_SHEETS[key];
    const name = freeName(wanted, takenSheets, (k) => ` (${k})`, 31);
    takenSheets.add(lower(name));
    sheetName[key] = name;
    if (name !== wanted) renamed.push(`The workbook has a sheet "${existingName(existing.sheets, wanted)}": the template's is "${name}".`);
  }

  const names: TemplateName[] = [];
  /** Declares a named range and returns the name to write in formulas. */
  const nameOf = (wanted: string, key: TemplateSheetKey, range: string): string => {
    const name = freeName(wanted, takenNames, (k) => `_${k}`, 255);
    takenNames.add(lower(name));
    if (name !== wanted) renamed.push(`The workbook has a name "${existingName(existing.names, wanted)}": the template's is "${name}".`);
    names.push({ name, wanted, sheet: sheetName[key], range });
    return name;
  };
  const spell = (excelFormula: string): string => (host === 'excel' ? excelFormula : translateFormula(excelFormula, host).formula);

  const settings = settingsSheet(nameOf);
  const cases = businessCasesSheet(nameOf, spell);
  const demand = demandSheet(nameOf, spell, settings.names, cases.npvNames, cases.npvValues, year);
  const capacity = capacitySheet(year);
  const roadmap = roadmapSheet();
  const readme = readmeSheet(sheetName, host);

  const sheet = (key: TemplateSheetKey, built: Omit<TemplateSheet, 'key' | 'name' | 'wanted'>): TemplateSheet => ({ key, name: sheetName[key], wanted: TEMPLATE_SHEETS[key], ...built });
  return {
    sheets: [
      sheet('readme', readme),
      sheet('demand', demand),
      sheet('business-cases', cases.sheet),
      sheet('capacity', capacity),
      sheet('roadmap', roadmap),
      sheet('settings', settings.sheet),
    ],
    names,
    renamed,
  };
}

/** How the workbook spells a name it has (for messages). */
function existingName(existing: readonly string[], wanted: string): string {
  return existing.find((e) => lower(e) === lower(wanted)) ?? wanted;
}

type NameOf = (wanted: string, key: TemplateSheetKey, range: string) => string;
type Built = Omit<TemplateSheet, 'key' | 'name' | 'wanted'>;

const noHidden = { from: 1, count: 0 } as const;

interface SettingsNames {
  readonly weights: string;
  readonly directions: string;
  readonly checkLabels: string;
  readonly thresholds: string;
  readonly valueStreams: string;
  readonly demandTypes: string;
  readonly approaches: string;
  readonly checkAnswers: string;
  readonly forced: string;
}

/** BTM Settings: the default settings, then the lists behind the Demand drop-downs. */
function settingsSheet(nameOf: NameOf): { sheet: Built; names: SettingsNames } {
  const g = new Grid();
  const base = settingsToGrid(DEFAULT_SETTINGS);
  base.forEach((cells, r) => g.row(r + 1, cells));
  const rowOf = (title: string) => base.findIndex((cells) => cells[0] === title) + 1;
  const titles = ['Scoring criteria', 'Seven-point check', 'Decision thresholds', 'Capacity rules', 'Annual clock', 'Zone shares'];
  for (const t of titles) g.set(rowOf(t), 1, t, { bold: true });
  const criteriaTop = rowOf('Scoring criteria') + 2;
  const criteriaCount = DEFAULT_SETTINGS.criteria.length;
  g.row(criteriaTop - 1, base[criteriaTop - 2], { fill: HEADER_FILL, bold: true });
  const checkTop = rowOf('Seven-point check') + 1;
  const thresholdsTop = rowOf('Decision thresholds') + 1;
  const capacityTop = rowOf('Capacity rules') + 1;
  for (let k = 0; k < 3; k++) g.set(capacityTop + k, 2, base[capacityTop - 1 + k][1], { format: '0%' });

  // The lists.
  const listsTitle = base.length + 2;
  g.set(listsTitle, 1, 'Lists (the Demand sheet\'s drop-downs; add value streams in the empty cells)', { bold: true });
  const heads = ['Value stream', 'Demand type', 'Development approach', 'Check answer', 'Forced'];
  g.row(listsTitle + 1, heads, { fill: HEADER_FILL, bold: true });
  const lists: readonly (readonly string[])[] = [VALUE_STREAMS, DEMAND_TYPES, APPROACH_NAMES, CHECK_ANSWERS, FORCED_CHOICES];
  const first = listsTitle + 2;
  lists.forEach((items, c) => items.forEach((item, r) => g.set(first + r, c + 1, item)));
  for (let r = VALUE_STREAMS.length; r < VALUE_STREAM_ROOM; r++) g.set(first + r, 1, null, { fill: INPUT_FILL });

  const names: SettingsNames = {
    weights: nameOf('BTM_Weights', 'settings', absolute(criteriaTop, 2, criteriaCount)),
    directions: nameOf('BTM_Directions', 'settings', absolute(criteriaTop, 3, criteriaCount)),
    checkLabels: nameOf('BTM_CheckLabels', 'settings', absolute(checkTop, 2, DEFAULT_SETTINGS.checkLabels.length)),
    thresholds: nameOf('BTM_Thresholds', 'settings', absolute(thresholdsTop, 2, 2)),
    valueStreams: nameOf('BTM_ValueStreams', 'settings', absolute(first, 1, VALUE_STREAM_ROOM)),
    demandTypes: nameOf('BTM_DemandTypes', 'settings', absolute(first, 2, DEMAND_TYPES.length)),
    approaches: nameOf('BTM_Approaches', 'settings', absolute(first, 3, APPROACH_NAMES.length)),
    checkAnswers: nameOf('BTM_CheckAnswers', 'settings', absolute(first, 4, CHECK_ANSWERS.length)),
    forced: nameOf('BTM_ForcedChoices', 'settings', absolute(first, 5, FORCED_CHOICES.length)),
  };
  return {
    names,
    sheet: { ...g.finish(), columnWidths: [230, 150, 170, 300, 110], frozenRows: 0, hiddenColumns: noHidden, validations: [] },
  };
}

/** Business cases: one block per example with built-in sums, net flow and NPV, and a BUSINESSCASE summary beside it. */
function businessCasesSheet(nameOf: NameOf, spell: (f: string) => string): { sheet: Built; npvNames: string[]; npvValues: number[] } {
  const g = new Grid();
  g.set(1, 1, 'Business cases: cost and benefit per year (period 0 first). Net, totals and NPV are ordinary formulas; the summary on the right is BUSINESSCASE.', { bold: true });
  const BLOCK = 12;
  const npvNames: string[] = [];
  const npvValues: number[] = [];
  const last = 1 + YEARS_OF_CASE; // column of the last period (B = period 0)
  const totalCol = last + 1;
  const summaryCol = totalCol + 2;
  EXAMPLES.forEach((x, k) => {
    const top = 3 + k * BLOCK;
    const key = x.id.replace(/[^A-Za-z0-9]/g, '_');
    g.row(top, [x.id, x.name], { bold: true });
    g.row(top + 1, ['Period', ...Array.from({ length: YEARS_OF_CASE }, (_, t) => t), 'Total'], { fill: HEADER_FILL, bold: true });
    const costRow = top + 2;
    const benefitRow = top + 3;
    const netRow = top + 4;
    const rateRow = top + 5;
    const npvRow = top + 6;
    g.set(costRow, 1, 'Cost');
    g.set(benefitRow, 1, 'Benefit');
    g.set(netRow, 1, 'Net', { bold: true });
    x.costs.forEach((v, t) => g.set(costRow, 2 + t, v, { format: MONEY, fill: INPUT_FILL }));
    x.benefits.forEach((v, t) => g.set(benefitRow, 2 + t, v, { format: MONEY, fill: INPUT_FILL }));
    const net = x.benefits.map((b, t) => b - x.costs[t]);
    net.forEach((v, t) => {
      const col = columnLetters(2 + t);
      g.set(netRow, 2 + t, v, { formula: `=${col}${benefitRow}-${col}${costRow}`, format: MONEY });
    });
    const sum = (r: number, values: readonly number[]) =>
      g.set(r, totalCol, values.reduce((s, v) => s + v, 0), { formula: `=SUM(B${r}:${columnLetters(last)}${r})`, format: MONEY });
    sum(costRow, x.costs);
    sum(benefitRow, x.benefits);
    sum(netRow, net);
    g.set(rateRow, 1, 'Discount rate');
    g.set(rateRow, 2, x.rate, { format: '0%', fill: INPUT_FILL });
    g.set(npvRow, 1, 'NPV', { bold: true });
    const npvValue = npv(x.rate, net.slice(1));
    const value = (isSheetError(npvValue) ? 0 : npvValue) + net[0];
    g.set(npvRow, 2, Math.round(value * 100) / 100, { formula: `=B${netRow}+NPV(B${rateRow},C${netRow}:${columnLetters(last)}${netRow})`, format: MONEY });

    const costs = nameOf(`BTM_${key}_Costs`, 'business-cases', absolute(costRow, 2, 1, YEARS_OF_CASE));
    const benefits = nameOf(`BTM_${key}_Benefits`, 'business-cases', absolute(benefitRow, 2, 1, YEARS_OF_CASE));
    const rate = nameOf(`BTM_${key}_Rate`, 'business-cases', absolute(rateRow, 2));
    npvNames.push(nameOf(`BTM_${key}_NPV`, 'business-cases', absolute(npvRow, 2)));
    npvValues.push(Math.round(value * 100) / 100);
    g.set(top, summaryCol, 'Summary (BUSINESSCASE)', { bold: true });
    g.set(top + 1, summaryCol, null, { formula: spell(`=BTM.BUSINESSCASE(${rate},${costs},${benefits})`) });
  });
  const widths = [130, ...Array.from({ length: YEARS_OF_CASE + 1 }, () => 95), 30, 230, 110];
  return { npvNames, npvValues, sheet: { ...g.finish(), columnWidths: widths, frozenRows: 0, hiddenColumns: noHidden, validations: [] } };
}

const monthLabel = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

/** Demand: the table from row 3, the examples, drop-downs and the add-in's formula columns. */
function demandSheet(nameOf: NameOf, spell: (f: string) => string, lists: SettingsNames, npvNames: readonly string[], npvValues: readonly number[], year: number): Built {
  const g = new Grid();
  const criteria = DEFAULT_SETTINGS.criteria.map((c) => c.name);
  const points = DEFAULT_SETTINGS.checkLabels;
  const headers = DEMAND_HEADERS;
  const col = (h: string) => headers.indexOf(h) + 1;
  const top = DEMAND_HEADER_ROW;
  const first = top + 1;
  const count = EXAMPLES.length;
  g.set(1, 1, 'Demand: one row per initiative. The five rows are examples: replace them, then run Score demand in the BTM panel.', { bold: true });
  g.row(top, headers, { fill: HEADER_FILL, bold: true });
  EXAMPLES.forEach((x, i) => {
    const r = first + i;
    const cells: CellValue[] = [
      x.id, x.name, x.stream, x.type, x.approach, ...x.criteria, ...x.check,
      null, x.duration, monthLabel(year, x.earliest), x.pinned ? monthLabel(year, x.pinned) : null,
      x.requires ?? null, x.excludes ?? null, x.forced ?? null, ...x.fte.map((f) => (f > 0 ? f : null)),
    ];
    g.row(r, cells);
    g.set(r, col('Value'), npvValues[i], { formula: `=${npvNames[i]}`, format: MONEY });
  });

  // Named ranges over the example rows, for the formula columns.
  const block = (h: string, cols = 1) => absolute(first, col(h), count, cols);
  const n = {
    criteria: nameOf('BTM_Demand_Criteria', 'demand', block(criteria[0], criteria.length)),
    types: nameOf('BTM_Demand_Type', 'demand', block('Demand type')),
    check: nameOf('BTM_Demand_Check', 'demand', block(points[0], points.length)),
    businessValue: nameOf('BTM_Demand_BusinessValue', 'demand', block('Business value')),
    timeCriticality: nameOf('BTM_Demand_TimeCriticality', 'demand', block('Time criticality')),
    riskReduction: nameOf('BTM_Demand_RiskReduction', 'demand', block('Risk reduction')),
    jobSize: nameOf('BTM_Demand_JobSize', 'demand', block('Duration')),
  };
  const owned = (h: (typeof OWNED_COLUMNS)[number]) => headers.length + 1 + OWNED_COLUMNS.indexOf(h);
  const scoreName = nameOf('BTM_Demand_Score', 'demand', absolute(first, owned('BTM Score'), count));
  const checkName = nameOf('BTM_Demand_CheckResult', 'demand', absolute(first, owned('BTM Check'), count));
  const formulas: Record<(typeof OWNED_COLUMNS)[number], string> = {
    'BTM Score': `=BTM.SCORE(${n.criteria},${lists.weights},${lists.directions},"minmax",${n.types})`,
    'BTM Rank': `=BTM.PRIORITY(${scoreName})`,
    'BTM Check': `=BTM.CHECK(${n.check},${lists.checkLabels})`,
    'BTM Proposal': `=BTM.PROPOSAL(${scoreName},${checkName},${lists.thresholds})`,
    'BTM WSJF': `=BTM.WSJF(${n.businessValue},${n.timeCriticality},${n.riskReduction},${n.jobSize})`,
  };
  for (const h of OWNED_COLUMNS) {
    g.set(top, owned(h), h, { fill: HEADER_FILL, bold: true });
    g.set(first, owned(h), null, { formula: spell(formulas[h]), format: h === 'BTM Score' || h === 'BTM WSJF' ? '0.0' : undefined });
  }

  const last = top + VALIDATION_ROWS;
  const range = (h: string, cols = 1) => `${columnLetters(col(h))}${first}:${columnLetters(col(h) + cols - 1)}${last}`;
  const validations: ListValidation[] = [
    { range: range('Value stream'), listName: lists.valueStreams, values: VALUE_STREAMS },
    { range: range('Demand type'), listName: lists.demandTypes, values: DEMAND_TYPES },
    { range: range('Development approach'), listName: lists.approaches, values: APPROACH_NAMES },
    { range: range(points[0], points.length), listName: lists.checkAnswers, values: CHECK_ANSWERS },
    { range: range('Forced'), listName: lists.forced, values: FORCED_CHOICES },
  ];
  const widths = headers.map((h) => (h === 'Name' ? 230 : h === 'Demand type' ? 170 : h === 'Development approach' ? 140 : h.length > 10 ? 105 : 80));
  return { ...g.finish(), columnWidths: [...widths, 90, 75, 200, 200, 80], frozenRows: top, hiddenColumns: noHidden, validations };
}

/** Capacity: headcount per role and month of the year, and the budget row. */
function capacitySheet(year: number): Built {
  const g = new Grid();
  const months = Array.from({ length: 12 }, (_, m) => monthLabel(year, m + 1));
  g.row(1, ['Role', ...months], { fill: HEADER_FILL, bold: true });
  ROLES.forEach((role, k) => {
    g.set(2 + k, 1, role);
    months.forEach((_, m) => g.set(2 + k, 2 + m, HEADCOUNT[k], { fill: INPUT_FILL }));
  });
  g.set(2 + ROLES.length, 1, 'Budget', { bold: true });
  months.forEach((_, m) => g.set(2 + ROLES.length, 2 + m, MONTHLY_BUDGET, { format: MONEY, fill: INPUT_FILL }));
  return { ...g.finish(), columnWidths: [110, ...months.map(() => 80)], frozenRows: 1, hiddenColumns: noHidden, validations: [] };
}

/** The placeholder's visible columns; its hidden block (an empty version) sits right after them. */
const ROADMAP_PLACEHOLDER_COLS = 2;

/**
 * BTM Roadmap, empty until generated. It carries an empty version block (the mark and the
 * fingerprint of its own text) so Generate roadmap takes it as the add-in's and writes the first
 * version without asking; a placeholder edited by hand is asked about as usual.
 */
function roadmapSheet(): Built {
  const g = new Grid();
  g.set(1, 1, 'BTM Roadmap', { bold: true });
  g.set(2, 1, 'Empty until generated: select a cell in the Demand table and run Generate roadmap in the BTM panel (or btm roadmap FILE.xlsx). The roadmap replaces this sheet\'s content.');
  const visible = g.finish().values;
  g.set(1, ROADMAP_PLACEHOLDER_COLS + 1, VERSION_MARK);
  g.set(1, ROADMAP_PLACEHOLDER_COLS + 2, fingerprint(visible, ROADMAP_PLACEHOLDER_COLS));
  g.set(1, ROADMAP_PLACEHOLDER_COLS + 3, null);
  return { ...g.finish(), columnWidths: [900, 80], frozenRows: 0, hiddenColumns: { from: ROADMAP_PLACEHOLDER_COLS + 1, count: 3 }, validations: [] };
}

/** Read me: what the workbook holds and how to use it, spelled for the host it is written for. */
function readmeSheet(sheetName: Readonly<Record<TemplateSheetKey, string>>, host: TemplateHost): Built {
  const g = new Grid();
  const fn = (name: string) => (host === 'sheets' ? `BTM_${name}` : `BTM.${name}`);
  const s = (k: TemplateSheetKey) => quoteSheet(sheetName[k]);
  const lines: Array<[string, boolean?]> = [
    ['BTM portfolio workbook', true],
    ['A template of the btm-portfolio add-in for steering an IT demand and development portfolio. It works in Microsoft Excel (with the BTM add-in) and in Google Sheets (with the BTM add-on).'],
    [''],
    ['The sheets', true],
    [`${s('demand')}: the demand table, one row per initiative. Drop-downs offer the value streams, demand types, development approaches, yes/no for the seven-point check and in/out for Forced.`],
    [`${s('business-cases')}: cost and benefit per year for each initiative; Net, Total and NPV are ordinary formulas, the summary beside each is ${fn('BUSINESSCASE')}. The Value column of Demand takes each NPV.`],
    [`${s('capacity')}: headcount per role and month, and the budget of each month. Plan capacity and Generate roadmap read it.`],
    [`${s('roadmap')}: empty until you run Generate roadmap.`],
    [`${s('settings')}: scoring criteria and weights, the seven-point check, decision thresholds, capacity rules, the annual clock, zone shares, and the lists behind the drop-downs.`],
    [''],
    ['How to use it', true],
    ['1. Open the BTM panel (Excel: Home > BTM; Google Sheets: Extensions > BTM > Open panel).'],
    ['2. Replace the five example rows of Demand with your initiatives (keep the header row), and fill in Business cases and Capacity.'],
    ['3. Select a cell in the Demand table and run Score demand: it writes BTM Score, Rank, Check, Proposal and WSJF over all your rows.'],
    ['4. Run Plan capacity (selection within budget and capacity: the BTM Capacity sheet) and Generate roadmap (the BTM Roadmap sheet).'],
    ['5. Send the workbook back to the DMO. The DMO can run the same commands on many collected files with the btm command line.'],
    [''],
    ['Formulas between Excel and Google Sheets', true],
    [`Excel spells the add-in's functions BTM.SCORE, Google Sheets BTM_SCORE. After opening this file in the other application, run Repair BTM formulas in the panel.`],
    ['The formula columns read named ranges (BTM_Weights, BTM_Demand_Criteria ...) that cover the example rows; Score demand rewrites them over your whole table.'],
    [''],
    ['Without the add-in', true],
    ['The file shows the values last computed. Excel offers to install the add-in when the file comes with it; ordinary formulas (sums, net flows, NPV) work everywhere.'],
  ];
  lines.forEach(([text, bold], r) => g.set(r + 1, 1, text === '' ? null : text, bold ? { bold: true } : {}));
  return { ...g.finish(), columnWidths: [1000], frozenRows: 0, hiddenColumns: noHidden, validations: [] };
}

/**
 * What a host writes into a sheet from A1 in one go: the formula where there is one, else the
 * value; text a host would turn into a date or number ("2027-03") gets the leading apostrophe
 * both hosts read as "text", so the Capacity and Demand labels stay labels.
 */
export function hostGrid(sheet: TemplateSheet): (string | number | boolean | null)[][] {
  return sheet.values.map((row, r) =>
    row.map((v, c) => {
      const f = sheet.formulas[r][c];
      if (f !== '') return f;
      if (v === null) return null;
      return isSheetError(v) ? v.code : (asTextCell(v) as string | number | boolean);
    }),
  );
}

/** The template's example initiatives' IDs (for tests and the command line's summary). */
export const EXAMPLE_IDS: readonly string[] = EXAMPLES.map((x) => x.id);
