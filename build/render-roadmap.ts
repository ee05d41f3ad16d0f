// `npm run render:roadmap`: pictures of roadmaps as Generate roadmap draws them, for a reviewer
// to look at. Two workbooks go through the same prepareRoadmap the Excel and Sheets hosts call:
// a realistic value-stream portfolio (40 initiatives, three value streams, four roles, 2027-2028
// by month; below) and the small sample the Generate roadmap tests follow cell by cell
// (test/support/roadmap-workbook.ts). Each layout is written to out/<name>.xlsx with exceljs
// (landscape, one page wide, A4), printed by LibreOffice headless to out/<name>.pdf and drawn by
// pdftoppm as out/<name>-N.png (80 dpi). out/ is kept out of git.
// Without LibreOffice or poppler the .xlsx files are still written and the script says which
// program is missing (Debian: apt-get install libreoffice-calc poppler-utils). The sheets use
// Calibri: install fonts-crosextra-carlito (the same widths) or LibreOffice draws a wider
// substitute and the narrow month columns clip more than they would in Excel.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import type { CellValue, SheetSnapshot } from '../core';
import { ROADMAP_SHEET, prepareRoadmap } from '../core/commands/generate-roadmap';
import { addLayoutSheet } from '../xlsx/layout-to-xlsx';
import { demandSheet, sampleCapacity, sampleSettings } from '../test/support/roadmap-workbook';
import { findSoffice } from '../test/support/libreoffice';

// ---------------------------------------------------------------------------------------------
// The portfolio: a value stream organisation's next two years

const PORTFOLIO_HEADERS: CellValue[] = ['ID', 'Name', 'Value stream', 'Development approach', 'Duration', 'Earliest start', 'Pinned start', 'Requires', 'Priority', 'Developer', 'Analyst', 'Tester', 'Architect'];

/** FTE per month while it runs. One initiative needs more developers than the department has (unplaceable); one name is formula-like text. */
const PORTFOLIO_ROWS: CellValue[][] = [
  // Customer
  ['C01', 'Customer portal v2', 'Customer', 'Sprint', 6, null, null, null, 1, 2, 0.5, 0.5, 0.25],
  ['C02', 'Mobile app', 'Customer', 'Sprint', 5, null, null, 'C01', 4, 1.5, 0.5, 0.5, null],
  ['C03', 'CRM consolidation', 'Customer', 'Gate-based', 8, '2027-02', null, null, 2, 1.5, 1, 0.5, 0.5],
  ['C04', 'Consent management', 'Customer', 'Change request', 2, null, '2027-04', null, 3, 0.5, 0.5, 0.25, null],
  ['C05', 'Chatbot pilot', 'Customer', 'Hybrid', 3, null, null, null, 12, 1, 0.5, 0.25, 0.25],
  ['C06', 'Loyalty programme', 'Customer', 'Gate-based', 6, '2027-09', null, 'C03', 9, 1, 0.5, 0.5, null],
  ['C07', 'Self-service returns', 'Customer', 'Sprint', 3, null, null, 'C01', 14, 1, 0.25, 0.5, null],
  ['C08', 'Customer 360 view', 'Customer', 'Hybrid', 5, null, null, 'C03', 7, 1.5, 1, 0.5, 0.25],
  ['C09', 'Accessibility fixes', 'Customer', 'CR', 2, null, null, null, 18, 0.5, null, 0.5, null],
  ['C10', 'Payment provider switch', 'Customer', 'Gate-based', 4, null, '2028-01', null, 10, 1, 0.5, 1, 0.25],
  ['C11', 'Personalised offers', 'Customer', 'Sprint', 4, '2027-10', null, 'C08', 21, 1, 0.5, 0.25, null],
  ['C12', 'Contact centre telephony', 'Customer', 'Gate-based', 5, null, null, null, 25, 1, 0.5, 0.5, 0.25],
  ['C13', '=HYPERLINK("https://example.com","Partner portal")', 'Customer', 'Sprint', 3, null, null, 'C01', 30, 1, 0.25, 0.25, null],
  ['C14', 'Customer feedback loop', 'Customer', 'CR', 1, null, null, null, 34, 0.5, 0.25, null, null],
  // Finance
  ['F01', 'ERP upgrade', 'Finance', 'Gate-based', 9, null, '2027-01', null, 5, 2, 1, 1, 0.5],
  ['F02', 'Data warehouse', 'Finance', 'Gate-based', 5, null, null, null, 6, 1.5, 1, 0.5, 0.25],
  ['F03', 'Self-service reporting', 'Finance', 'Sprint', 3, null, null, 'F02', 11, 1, 0.5, 0.25, null],
  ['F04', 'E-invoicing', 'Finance', 'Change request', 2, null, '2027-07', null, 8, 0.5, 0.5, 0.5, null],
  ['F05', 'Treasury dashboard', 'Finance', 'Sprint', 2, null, null, 'F03', 19, 0.5, 0.5, 0.25, null],
  ['F06', 'Audit trail', 'Finance', 'CR', 2, null, null, 'F01', 13, 0.5, 0.25, 0.5, null],
  ['F07', 'Budget planning tool', 'Finance', 'Hybrid', 4, '2027-06', null, null, 16, 1, 1, 0.25, 0.25],
  ['F08', 'IFRS 17 reporting', 'Finance', 'Gate-based', 6, null, null, 'F02', 15, 1.5, 1, 0.5, 0.25],
  ['F09', 'Expense app', 'Finance', 'Sprint', 2, null, null, null, 27, 0.5, 0.25, 0.25, null],
  ['F10', 'Core banking replacement', 'Finance', 'Gate-based', 12, null, null, null, 17, 12, 2, 2, 1],
  ['F11', 'Procure-to-pay automation', 'Finance', 'Hybrid', 5, null, null, 'F01', 22, 1, 0.5, 0.5, 0.25],
  ['F12', 'Cost allocation model', 'Finance', 'Sprint', 2, null, null, 'F02', 31, 0.5, 0.5, null, null],
  ['F13', 'Fixed asset register', 'Finance', 'CR', 1, null, null, null, 37, 0.5, 0.25, 0.25, null],
  // Operations
  ['O01', 'Warehouse scanning', 'Operations', 'Sprint', 4, null, null, null, 20, 1, 0.5, 0.5, null],
  ['O02', 'Fleet telematics', 'Operations', 'Gate-based', 6, null, null, null, 23, 1, 0.5, 0.5, 0.25],
  ['O03', 'Security hardening', 'Operations', 'Change request', 3, null, '2027-03', null, 24, 1, null, 0.5, 0.25],
  ['O04', 'Cloud migration wave 1', 'Operations', 'Gate-based', 6, null, null, null, 26, 2, 0.5, 0.5, 0.5],
  ['O05', 'Cloud migration wave 2', 'Operations', 'Gate-based', 6, null, null, 'O04', 28, 2, 0.5, 0.5, 0.5],
  ['O06', 'Legacy decommissioning', 'Operations', 'CR', 3, null, null, 'O05', 36, 1, 0.25, 0.25, null],
  ['O07', 'Predictive maintenance', 'Operations', 'Hybrid', 5, '2027-07', null, 'O02', 29, 1, 0.5, 0.25, 0.25],
  ['O08', 'Identity and access management', 'Operations', 'Gate-based', 4, null, null, null, 32, 1, 0.5, 0.5, 0.25],
  ['O09', 'Service desk tooling', 'Operations', 'Sprint', 2, null, null, null, 33, 0.5, 0.25, 0.25, null],
  ['O10', 'Network refresh', 'Operations', 'Change request', 3, '2028-01', null, null, 35, 1, null, 0.5, 0.25],
  ['O11', 'Backup and recovery', 'Operations', 'CR', 2, null, null, 'O04', 38, 0.5, null, 0.5, null],
  ['O12', 'Shop-floor IoT pilot', 'Operations', 'Sprint', 3, null, null, 'O01', 39, 1, 0.5, 0.25, 0.25],
  ['O13', 'Document management', 'Operations', 'Hybrid', 4, null, null, null, 40, 1, 0.5, 0.5, null],
];

const MONTHS_2027_2028 = Array.from({ length: 24 }, (_, t) => `${2027 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`);

/** Headcount per month (at 80% availability and the 75% plannable share: 9.6, 4.8, 4.2 and 1.8 plannable FTE). */
function portfolioCapacity(): CellValue[][] {
  const row = (role: string, people: number): CellValue[] => [role, ...MONTHS_2027_2028.map(() => people)];
  return [['Role', ...MONTHS_2027_2028], row('Developer', 16), row('Analyst', 8), row('Tester', 7), row('Architect', 3), ['Budget', ...MONTHS_2027_2028.map(() => 500)]];
}

interface Sample {
  readonly name: string;
  readonly title: string;
  readonly demand: SheetSnapshot;
  readonly capacity: CellValue[][];
  readonly settings: CellValue[][];
}

const SAMPLES: readonly Sample[] = [
  { name: 'roadmap', title: 'portfolio: 40 initiatives, 3 value streams, 4 roles, 24 months', demand: demandSheet(PORTFOLIO_HEADERS, PORTFOLIO_ROWS), capacity: portfolioCapacity(), settings: sampleSettings() },
  { name: 'roadmap-sample', title: 'test sample: 7 initiatives, 2 roles, 12 months', demand: demandSheet(), capacity: sampleCapacity(), settings: sampleSettings() },
];

// ---------------------------------------------------------------------------------------------
// Writing and drawing

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'out');
const rel = (f: string) => path.relative(process.cwd(), f) || '.';
const kb = (f: string) => `${(fs.statSync(f).size / 1024).toFixed(1)} KB`;
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** The program's full path if it is on PATH. */
function which(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, program);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function fail(message: string): never {
  console.error(`render:roadmap: ${message}`);
  process.exit(1);
}

function run(program: string, args: string[]): void {
  const r = spawnSync(program, args, { encoding: 'utf8' });
  if (r.error) fail(`${path.basename(program)} could not be started: ${r.error.message}`);
  if (r.status !== 0) fail(`${path.basename(program)} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr || r.stdout}`);
}

const pngsOf = (name: string) => fs.readdirSync(outDir).filter((f) => new RegExp(`^${name}-\\d+\\.png$`).test(f)).sort();

/** The sample through Generate roadmap, written as out/<name>.xlsx; its path. */
async function writeXlsx(sample: Sample): Promise<string> {
  const prepared = prepareRoadmap(sample.demand, sample.capacity, sample.settings, undefined, {});
  const layout = prepared.layout;
  if (!layout) fail(`Generate roadmap gave no sheet for the ${sample.title}: ${JSON.stringify(prepared.response)}`);
  const r = layout.response;
  console.log(`${sample.name}: ${sample.title}`);
  console.log(`  ${r.initiatives} initiatives, ${r.placed} placed, ${r.unplaceable} unplaceable; sheet of ${layout.values.length} rows x ${layout.values[0]?.length ?? 0} columns (${layout.hiddenColumns.count} hidden)`);
  for (const line of r.summary) console.log(`  | ${line}`);
  for (const note of r.notes) console.log(`  note: ${note}`);
  const xlsx = path.join(outDir, `${sample.name}.xlsx`);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'btm-portfolio render:roadmap';
  addLayoutSheet(workbook, ROADMAP_SHEET, layout, { print: { orientation: 'landscape', pagesWide: 1, paper: 'A4' } });
  await workbook.xlsx.writeFile(xlsx);
  return xlsx;
}

async function main(): Promise<void> {
  const started = Date.now();
  fs.mkdirSync(outDir, { recursive: true });
  for (const s of SAMPLES) {
    for (const f of [`${s.name}.xlsx`, `${s.name}.pdf`, ...pngsOf(s.name)]) fs.rmSync(path.join(outDir, f), { force: true });
  }

  const files: string[] = [];
  for (const s of SAMPLES) files.push(await writeXlsx(s));
  console.log(`wrote ${files.map((f) => `${rel(f)} (${kb(f)})`).join(', ')} in ${seconds(started)}`);

  const soffice = findSoffice();
  if (!soffice) fail('soffice (LibreOffice) is not installed, so no PDF or PNG was drawn; on Debian: apt-get install libreoffice-calc');
  const pdftoppm = which('pdftoppm');
  if (!pdftoppm) fail('pdftoppm (poppler) is not installed, so no PNG was drawn; on Debian: apt-get install poppler-utils');

  // One LibreOffice start for all files, with a throw-away profile: works without a writable
  // home directory and beside a LibreOffice the user has open.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'btm-soffice-'));
  const converting = Date.now();
  try {
    run(soffice, [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--convert-to', 'pdf', '--outdir', outDir, ...files]);
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  const pdfs = SAMPLES.map((s) => path.join(outDir, `${s.name}.pdf`));
  for (const pdf of pdfs) if (!fs.existsSync(pdf)) fail(`soffice ran but wrote no ${rel(pdf)}`);
  console.log(`wrote ${pdfs.map((f) => `${rel(f)} (${kb(f)})`).join(', ')} in ${seconds(converting)}`);

  const drawing = Date.now();
  SAMPLES.forEach((s, i) => run(pdftoppm, ['-png', '-r', '80', pdfs[i], path.join(outDir, s.name)]));
  for (const s of SAMPLES) {
    const pngs = pngsOf(s.name);
    if (pngs.length === 0) fail(`pdftoppm ran but drew no ${rel(path.join(outDir, `${s.name}-1.png`))}`);
    console.log(`wrote ${pngs.map((f) => `${rel(path.join(outDir, f))} (${kb(path.join(outDir, f))})`).join(', ')}`);
  }
  console.log(`drawn in ${seconds(drawing)}; ${seconds(started)} in all`);
}

main().catch((e: unknown) => fail(e instanceof Error ? (e.stack ?? e.message) : String(e)));
