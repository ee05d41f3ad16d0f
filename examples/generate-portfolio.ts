// `npm run example:portfolio`: writes examples/portfolio.xlsx, a realistic value-stream portfolio
// for trying the add-in's commands (and the command line) on: 60 initiatives across three value
// streams (Customer, Finance, Operations) and the three demand types, with the scoring criteria
// and seven-point check of the default BTM Settings, business-case flows per year, four roles'
// capacity over 2027-2028 by month, dependencies, an exclusive pair, two regulatory initiatives
// forced in and a few pinned starts.
//
// Deterministic: names and links are written out below, the figures come from a seeded
// generator (mulberry32, seed PORTFOLIO_SEED), so the same script always writes the same cells.
// test/example-portfolio.test.ts regenerates the workbook in memory and compares it with the
// committed file: change this script, run the command again and commit both.
//
// Sheets:
// - Demand: a title row, then the table from A3 (ID, Name, Value stream, Demand type,
//   Development approach, the six default criteria, the seven-point check, Value, Duration,
//   Earliest start, Pinned start, Requires, Excludes, Forced, FTE per role). Value is the NPV of
//   the initiative's row on the Business cases sheet (period 0 undiscounted, as BUSINESSCASE
//   computes it), rounded to the thousand; Cost is the development cost over its Duration.
// - Business cases: per initiative its discount rate and cost and benefit for each year
//   2027-2031 (values only; a BUSINESSCASE formula over a row's Cost and Benefit cells gives the
//   same NPV as the Value column, within rounding).
// - Capacity: Role and 24 months 2027-01 .. 2028-12; headcount of Developer, Analyst, Tester and
//   Architect (fewer people in July and December: holidays; two developers hired in 2028), and
//   the Budget per month. Tight on purpose: the whole demand does not fit, so the selection and
//   the roadmap have choices to make.
// - BTM Settings: the default settings (settingsToGrid(DEFAULT_SETTINGS)).
import fs from 'node:fs';
import path from 'node:path';
import type { CellValue } from '../core/values/cells';
import { DEFAULT_SETTINGS, SETTINGS_SHEET, settingsToGrid } from '../core/demand/settings';
import { CAPACITY_SHEET } from '../core/commands/plan-capacity';
import { DEMAND_HEADERS, DEMAND_HEADER_ROW, DEMAND_TYPES, ROLES, TEMPLATE_SHEETS } from '../core/template/template';
import { MemorySheet, MemoryWorkbook } from '../xlsx/memory-workbook';
import { writeXlsx } from '../xlsx/xlsx-io';
import { mulberry32 } from '../bench/prng';

export const PORTFOLIO_SEED = 20270101;
/** The file, relative to the repository's root. */
export const PORTFOLIO_FILE = 'examples/portfolio.xlsx';

// The template's sheets and Demand table (core/template/template.ts), filled in.
export const DEMAND_SHEET = TEMPLATE_SHEETS.demand;
export const BUSINESS_CASES_SHEET = TEMPLATE_SHEETS['business-cases'];

export const MONTHS = Array.from({ length: 24 }, (_, t) => `${2027 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`);
/** The business cases' years: the two planned years and three years of benefits after them. */
export const YEARS = [2027, 2028, 2029, 2030, 2031];

type DemandType = (typeof DEMAND_TYPES)[number];
const [CAPABILITY, IDEA, INCREMENT] = DEMAND_TYPES;

interface Spec {
  readonly name: string;
  readonly type: DemandType;
  /** Names of the initiatives it requires. */
  readonly requires?: readonly string[];
  readonly excludes?: string;
  /** A regulatory initiative: forced in, pinned to its mandate's month. */
  readonly regulatory?: string;
  /** A start agreed outside the plan (a vendor's slot, a freeze window). */
  readonly pinned?: string;
}

/** The portfolio's initiatives per value stream: six capabilities, six ideas and eight increments each. */
const STREAMS: ReadonlyArray<{ readonly stream: string; readonly prefix: string; readonly specs: readonly Spec[] }> = [
  {
    stream: 'Customer',
    prefix: 'CUS',
    specs: [
      { name: 'Customer 360 platform', type: CAPABILITY },
      { name: 'CRM replacement (SaaS)', type: CAPABILITY, excludes: 'CRM upgrade in place' },
      { name: 'CRM upgrade in place', type: CAPABILITY },
      { name: 'Customer identity and consent platform', type: CAPABILITY },
      { name: 'Omnichannel contact centre', type: CAPABILITY, requires: ['Customer identity and consent platform'] },
      { name: 'Loyalty programme 2.0', type: CAPABILITY, requires: ['Customer 360 platform'] },
      { name: 'Generative AI service assistant', type: IDEA },
      { name: 'Voice ordering pilot', type: IDEA },
      { name: 'Augmented-reality product preview', type: IDEA },
      { name: 'Community marketplace concept', type: IDEA },
      { name: 'Predictive churn model', type: IDEA, requires: ['Customer 360 platform'] },
      { name: 'Subscription pricing experiment', type: IDEA },
      { name: 'Customer portal usability fixes', type: INCREMENT },
      { name: 'Mobile app offline mode', type: INCREMENT },
      { name: 'Self-service returns', type: INCREMENT },
      { name: 'Accessibility improvements (WCAG 2.2)', type: INCREMENT },
      { name: 'Payment options in checkout', type: INCREMENT },
      { name: 'Order tracking notifications', type: INCREMENT, requires: ['Warehouse management system'] },
      { name: 'Customer feedback loop', type: INCREMENT },
      { name: 'Chatbot answer tuning', type: INCREMENT, requires: ['Generative AI service assistant'] },
    ],
  },
  {
    stream: 'Finance',
    prefix: 'FIN',
    specs: [
      { name: 'ERP finance core upgrade', type: CAPABILITY },
      { name: 'E-invoicing mandate', type: CAPABILITY, regulatory: '2027-03' },
      { name: 'Group consolidation platform', type: CAPABILITY, requires: ['ERP finance core upgrade'] },
      { name: 'Treasury management system', type: CAPABILITY },
      { name: 'Procure-to-pay automation', type: CAPABILITY, requires: ['ERP finance core upgrade'] },
      { name: 'Data warehouse modernisation', type: CAPABILITY },
      { name: 'Robotic reconciliation pilot', type: IDEA },
      { name: 'Rolling forecast concept', type: IDEA, requires: ['Data warehouse modernisation'] },
      { name: 'Invoice anomaly detection', type: IDEA },
      { name: 'Spend analytics sandbox', type: IDEA, requires: ['Data warehouse modernisation'] },
      { name: 'Carbon accounting concept', type: IDEA },
      { name: 'Real-time cash position', type: IDEA, requires: ['Treasury management system'] },
      { name: 'Expense app improvements', type: INCREMENT },
      { name: 'Month-end close checklist', type: INCREMENT, pinned: '2027-02' },
      { name: 'Fixed asset register update', type: INCREMENT },
      { name: 'Budget planning template refresh', type: INCREMENT },
      { name: 'Cost allocation model tuning', type: INCREMENT },
      { name: 'Audit trail extension', type: INCREMENT },
      { name: 'Supplier master data clean-up', type: INCREMENT },
      { name: 'Payment run automation', type: INCREMENT },
    ],
  },
  {
    stream: 'Operations',
    prefix: 'OPS',
    specs: [
      { name: 'Cloud migration wave 1', type: CAPABILITY },
      { name: 'Cloud migration wave 2', type: CAPABILITY, requires: ['Cloud migration wave 1'] },
      { name: 'Warehouse management system', type: CAPABILITY },
      { name: 'Identity and access management', type: CAPABILITY },
      { name: 'Operational resilience (DORA)', type: CAPABILITY, regulatory: '2027-01' },
      { name: 'Predictive maintenance platform', type: CAPABILITY, requires: ['Shop-floor IoT pilot'] },
      { name: 'Shop-floor IoT pilot', type: IDEA },
      { name: 'Digital twin of the warehouse', type: IDEA, requires: ['Warehouse management system'] },
      { name: 'Drone inventory counts', type: IDEA },
      { name: 'Route optimisation concept', type: IDEA },
      { name: 'AIOps event correlation', type: IDEA },
      { name: 'Energy monitoring pilot', type: IDEA },
      { name: 'Service desk tooling', type: INCREMENT },
      { name: 'Backup and recovery hardening', type: INCREMENT },
      { name: 'Network refresh', type: INCREMENT, pinned: '2027-06' },
      { name: 'Legacy decommissioning', type: INCREMENT, requires: ['Cloud migration wave 2'] },
      { name: 'Monitoring dashboards', type: INCREMENT },
      { name: 'Patch automation', type: INCREMENT },
      { name: 'Fleet telematics upgrade', type: INCREMENT },
      { name: 'Document management clean-up', type: INCREMENT },
    ],
  },
];

/** Cost of one FTE for a month (internal and contractor mix), for the development cost. */
const FTE_MONTH_COST = 11_000;

/** One initiative as generated. */
export interface Initiative {
  readonly id: string;
  readonly name: string;
  readonly stream: string;
  readonly type: DemandType;
  readonly approach: string;
  /** Strategic alignment, Business value, Time criticality, Risk reduction, Cost, Risk (DEFAULT_SETTINGS order). */
  readonly criteria: readonly number[];
  /** 'yes' or 'no' per seven-point label. */
  readonly check: readonly string[];
  readonly value: number;
  readonly cost: number;
  readonly duration: number;
  /** 0-based month of MONTHS. */
  readonly earliest: number;
  readonly pinned: string | null;
  readonly requires: readonly string[];
  readonly excludes: string | null;
  readonly forced: string | null;
  /** FTE per role while it runs (0 for none). */
  readonly fte: readonly number[];
  readonly rate: number;
  readonly costs: readonly number[];
  readonly benefits: readonly number[];
}

/** The whole portfolio, deterministic. */
export function generateInitiatives(seed = PORTFOLIO_SEED): Initiative[] {
  const rnd = mulberry32(seed);
  const between = (lo: number, hi: number) => lo + (hi - lo) * rnd();
  const whole = (lo: number, hi: number) => Math.floor(between(lo, hi + 1));
  const step = (lo: number, hi: number, by: number) => Math.round(between(lo, hi) / by) * by;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(x)));
  const round = (x: number, to: number) => Math.round(x / to) * to;

  const ids = new Map<string, string>();
  STREAMS.forEach(({ prefix, specs }) => specs.forEach((s, i) => ids.set(s.name, `${prefix}-${String(i + 1).padStart(2, '0')}`)));
  const idOf = (name: string) => {
    const id = ids.get(name);
    if (!id) throw new Error(`generate-portfolio: "${name}" is no initiative of the portfolio`);
    return id;
  };

  const out: Initiative[] = [];
  for (const { stream, specs } of STREAMS) {
    for (const s of specs) {
      const capability = s.type === CAPABILITY;
      const idea = s.type === IDEA;
      const approach = capability ? pick(['Gate-based', 'Gate-based', 'Hybrid']) : idea ? pick(['Sprint-based', 'Sprint-based', 'Hybrid']) : pick(['Change-request', 'Change-request', 'Sprint-based']);
      const duration = capability ? whole(6, 12) : idea ? whole(2, 4) : whole(2, 5);
      const fte = capability
        ? [step(2, 4.5, 0.5), step(1, 2, 0.5), step(0.5, 1.5, 0.5), step(0.5, 1, 0.25)]
        : idea
          ? [step(0.5, 1.5, 0.5), step(0.25, 0.75, 0.25), step(0, 0.5, 0.25), step(0, 0.5, 0.25)]
          : [step(0.5, 2, 0.5), step(0.25, 1, 0.25), step(0.25, 1, 0.25), step(0, 0.25, 0.25)];
      const people = fte.reduce((a, b) => a + b, 0);
      const licences = capability ? between(50_000, 300_000) : between(0, 30_000);
      const cost = round(people * duration * FTE_MONTH_COST + licences, 5_000);
      const pinnedMonth = s.regulatory ?? s.pinned;
      const earliest = pinnedMonth !== undefined ? MONTHS.indexOf(pinnedMonth) : capability ? whole(0, 12) : idea ? whole(0, 18) : whole(0, 18);
      const risk = capability ? whole(3, 5) : idea ? whole(2, 4) : whole(1, 3);
      const rate = idea ? 0.12 : risk >= 4 ? 0.1 : 0.08;

      // The business case by month over 2027-2031, then by year: development cost while it runs,
      // run cost after it, benefits after roll-out (gate-based, change requests) or from the
      // first increment, at half, for sprint-based and hybrid work.
      const ratio = s.regulatory ? between(0.05, 0.15) : capability ? between(0.45, 1.0) : idea ? between(0.2, 2.0) : between(0.4, 1.1);
      const runShare = between(0.08, 0.18);
      const annualBenefit = cost * ratio;
      const early = approach === 'Sprint-based' || approach === 'Hybrid';
      const firstIncrement = earliest + Math.ceil(duration / 3);
      const end = earliest + duration;
      const costs = YEARS.map(() => 0);
      const benefits = YEARS.map(() => 0);
      for (let m = 0; m < YEARS.length * 12; m++) {
        const y = Math.floor(m / 12);
        if (m >= earliest && m < end) costs[y] += cost / duration;
        if (m >= end) costs[y] += (cost * runShare) / 12;
        if (m >= end) benefits[y] += annualBenefit / 12;
        else if (early && m >= firstIncrement) benefits[y] += annualBenefit / 24;
      }
      const yearlyCosts = costs.map((c) => round(c, 1_000));
      const yearlyBenefits = benefits.map((b) => round(b, 1_000));
      const npv = yearlyBenefits.reduce((sum, b, y) => sum + (b - yearlyCosts[y]) / (1 + rate) ** y, 0);
      const value = round(npv, 1_000);

      const strategic = s.regulatory ? 5 : capability ? whole(3, 5) : whole(2, 4);
      const spread = s.regulatory ? 1 : capability ? 0.55 : idea ? 1.8 : 0.7;
      const base = s.regulatory ? 0.05 : capability ? 0.45 : idea ? 0.2 : 0.4;
      const businessValue = clamp(1 + (9 * (ratio - base)) / spread + between(-1, 1), 1, 10);
      const timeCriticality = s.regulatory ? 10 : pinnedMonth !== undefined ? whole(7, 9) : whole(1, 8);
      const riskReduction = s.regulatory ? whole(8, 10) : stream === 'Operations' ? whole(3, 9) : whole(1, 7);
      const criteria = [strategic, businessValue, timeCriticality, riskReduction, cost, risk];

      const doubt = capability ? 0.2 : idea ? 0.15 : 0.07;
      const check = DEFAULT_SETTINGS.checkLabels.map((label) => {
        if (s.regulatory) return 'yes';
        const p = idea && label === 'Financing' ? 0.35 : doubt;
        return rnd() < p ? 'no' : 'yes';
      });

      out.push({
        id: idOf(s.name),
        name: s.name,
        stream,
        type: s.type,
        approach,
        criteria,
        check,
        value,
        cost,
        duration,
        earliest,
        pinned: pinnedMonth ?? null,
        requires: (s.requires ?? []).map(idOf),
        excludes: s.excludes ? idOf(s.excludes) : null,
        forced: s.regulatory ? 'in' : null,
        fte,
        rate,
        costs: yearlyCosts,
        benefits: yearlyBenefits,
      });
    }
  }
  return out;
}

/** Headcount per role and month: holidays thin July (a quarter away) and December (a sixth); two developers join in 2028. */
export const BASE_HEADCOUNT: Readonly<Record<(typeof ROLES)[number], number>> = { Developer: 34, Analyst: 16, Tester: 11, Architect: 7 };
export const MONTHLY_BUDGET: readonly number[] = MONTHS.map((m) => (m.startsWith('2027') ? 650_000 : 700_000));

function headcount(role: (typeof ROLES)[number], t: number): number {
  const month = (t % 12) + 1;
  const hired = role === 'Developer' && t >= 12 ? 2 : 0;
  const people = BASE_HEADCOUNT[role] + hired;
  const away = month === 7 ? 0.25 : month === 12 ? 1 / 6 : 0;
  return Math.round(people * (1 - away));
}

const cellsOf = (sheet: MemorySheet, row: number, values: readonly CellValue[], patch: { bold?: boolean; format?: (c: number) => string | null } = {}) =>
  values.forEach((v, c) => sheet.setCell(row, c + 1, { value: v, ...(patch.bold ? { bold: true } : {}), ...(patch.format && patch.format(c) ? { format: patch.format(c) } : {}) }));

/** The portfolio workbook in memory: Demand, Business cases, Capacity, BTM Settings; Demand!A4 selected. */
export function buildPortfolio(seed = PORTFOLIO_SEED): MemoryWorkbook {
  const initiatives = generateInitiatives(seed);
  const book = new MemoryWorkbook();

  // Demand.
  const demand = book.createSheet(DEMAND_SHEET);
  demand.setCell(1, 1, { value: 'Value-stream portfolio 2027-2028: demand (generated by examples/generate-portfolio.ts)', bold: true });
  cellsOf(demand, DEMAND_HEADER_ROW, DEMAND_HEADERS, { bold: true });
  const money = new Set(['Value', 'Cost'].map((h) => DEMAND_HEADERS.indexOf(h)));
  initiatives.forEach((x, i) => {
    const row: CellValue[] = [
      x.id,
      x.name,
      x.stream,
      x.type,
      x.approach,
      ...x.criteria,
      ...x.check,
      x.value,
      x.duration,
      MONTHS[x.earliest],
      x.pinned,
      x.requires.length > 0 ? x.requires.join(', ') : null,
      x.excludes,
      x.forced,
      ...x.fte.map((f) => (f > 0 ? f : null)),
    ];
    cellsOf(demand, DEMAND_HEADER_ROW + 1 + i, row, { format: (c) => (money.has(c) ? '#,##0' : null) });
  });
  demand.columnWidths = DEMAND_HEADERS.map((h) => (h === 'Name' ? 260 : h === 'Demand type' ? 180 : h === 'Development approach' ? 130 : h.length > 10 ? 110 : 80));
  demand.frozenRows = DEMAND_HEADER_ROW;
  demand.frozenCols = 2;

  // Business cases.
  const cases = book.createSheet(BUSINESS_CASES_SHEET);
  cases.setCell(1, 1, { value: 'Business cases: cost and benefit per year (period 0 is 2027; NPV as BUSINESSCASE computes it equals the Value column of Demand)', bold: true });
  const caseHeaders = ['ID', 'Name', 'Discount rate', ...YEARS.map((y) => `Cost ${y}`), ...YEARS.map((y) => `Benefit ${y}`)];
  cellsOf(cases, 3, caseHeaders, { bold: true });
  initiatives.forEach((x, i) =>
    cellsOf(cases, 4 + i, [x.id, x.name, x.rate, ...x.costs, ...x.benefits], { format: (c) => (c === 2 ? '0%' : c > 2 ? '#,##0' : null) }),
  );
  cases.columnWidths = caseHeaders.map((h) => (h === 'Name' ? 260 : 100));
  cases.frozenRows = 3;
  cases.frozenCols = 2;

  // Capacity.
  const capacity = book.createSheet(CAPACITY_SHEET);
  cellsOf(capacity, 1, ['Role', ...MONTHS], { bold: true });
  ROLES.forEach((role, k) => cellsOf(capacity, 2 + k, [role, ...MONTHS.map((_, t) => headcount(role, t))]));
  cellsOf(capacity, 2 + ROLES.length, ['Budget', ...MONTHLY_BUDGET], { format: (c) => (c > 0 ? '#,##0' : null) });
  capacity.columnWidths = [100, ...MONTHS.map(() => 70)];
  capacity.frozenCols = 1;

  // BTM Settings.
  const settings = book.createSheet(SETTINGS_SHEET);
  settingsToGrid(DEFAULT_SETTINGS).forEach((line, r) => cellsOf(settings, r + 1, line));
  settings.columnWidths = [220, 120, 140, 360, 100];

  book.select(DEMAND_SHEET, DEMAND_HEADER_ROW + 1, 1);
  return book;
}

/** A one-line summary of the workbook. */
export function summaryLine(book: MemoryWorkbook, file: string, bytes: number): string {
  const initiatives = generateInitiatives();
  const count = (type: DemandType) => initiatives.filter((x) => x.type === type).length;
  const totalCost = initiatives.reduce((s, x) => s + x.cost, 0);
  const budget = MONTHLY_BUDGET.reduce((s, b) => s + b, 0);
  const links = initiatives.reduce((s, x) => s + x.requires.length, 0);
  return (
    `${file}: ${initiatives.length} initiatives (${count(CAPABILITY)} capability, ${count(IDEA)} ideas, ${count(INCREMENT)} increments) in ` +
    `${STREAMS.length} value streams, ${links} dependencies, ${initiatives.filter((x) => x.forced).length} forced in; ` +
    `cost ${Math.round(totalCost / 1e5) / 10}M against a budget of ${Math.round(budget / 1e5) / 10}M over ${MONTHS.length} months; ` +
    `sheets ${book.sheets.map((s) => s.name).join(', ')} (${Math.round(bytes / 1024)} KB)`
  );
}

async function main(): Promise<void> {
  const book = buildPortfolio();
  const bytes = await writeXlsx(book);
  const file = path.resolve(__dirname, '..', PORTFOLIO_FILE);
  fs.writeFileSync(file, bytes);
  console.log(summaryLine(book, PORTFOLIO_FILE, bytes.length));
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
