// `npm run demo`: the whole chain of the add-in's commands on the sample portfolio, through the
// command line a DMO would use (cli/commands.ts), with what each step produced printed:
//   1. btm template out/btm-template.xlsx              a fresh DMO template workbook
//   2. copy examples/portfolio.xlsx to out/portfolio-planned.xlsx, then on it, in place:
//      btm score    (BTM Score, Rank, Check, Proposal, WSJF beside the demand table)
//      btm plan     (the BTM Capacity sheet: selection within budget and capacity)
//      btm roadmap  (the BTM Roadmap sheet)
// The results are read back from the written file, so what is printed is what the file holds.
import fs from 'node:fs';
import path from 'node:path';
import type { CellValue } from '../core/values/cells';
import { runBtm, CliIo } from '../cli/commands';
import { readXlsx } from '../xlsx/xlsx-io';
import type { MemorySheet } from '../xlsx/memory-workbook';
import { PORTFOLIO_FILE } from './generate-portfolio';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'out');

/** Stdout and stderr of the command line, indented under the step's title. */
const io: CliIo = {
  out: (text) => process.stdout.write(text.replace(/^(?=.)/gm, '    ')),
  err: (text) => process.stderr.write(text.replace(/^(?=.)/gm, '    ')),
  errIsTTY: false,
};

async function step(title: string, argv: string[]): Promise<void> {
  console.log(`\n== ${title}\n   btm ${argv.map((a) => (a.includes(' ') ? `"${a}"` : a)).join(' ')}`);
  const started = Date.now();
  const { code } = await runBtm(argv, io);
  console.log(`   (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (code !== 0) throw new Error(`btm ${argv[0]} failed with exit code ${code}; see the messages above.`);
}

const text = (v: CellValue): string => (v === null ? '' : typeof v === 'object' ? v.code : typeof v === 'number' ? String(Math.round(v * 10) / 10) : String(v));

/** The header row's column (1-based) of a heading, on a sheet whose table header is in `row`. */
function column(sheet: MemorySheet, row: number, header: string): number {
  const values = sheet.values()[row - 1] ?? [];
  const c = values.findIndex((v) => v === header);
  if (c < 0) throw new Error(`${sheet.name} has no column "${header}" in row ${row}.`);
  return c + 1;
}

async function report(file: string): Promise<void> {
  const book = await readXlsx(fs.readFileSync(file));
  const demand = book.sheet('Demand')!;
  const header = demand.values().findIndex((row) => row.includes('BTM Rank')) + 1;
  const [id, name, rank, score, proposal] = ['ID', 'Name', 'BTM Rank', 'BTM Score', 'BTM Proposal'].map((h) => column(demand, header, h));
  const rows: Array<{ rank: number; line: string }> = [];
  for (let r = header + 1; r <= demand.usedSize().rows; r++) {
    const k = demand.cell(r, rank).value;
    if (typeof k !== 'number') continue;
    const cell = (c: number) => text(demand.cell(r, c).value);
    rows.push({ rank: k, line: `${String(k).padStart(3)}. ${cell(id).padEnd(7)} ${cell(name).slice(0, 42).padEnd(42)} score ${cell(score).padStart(5)}  ${cell(proposal)}` });
  }
  rows.sort((a, b) => a.rank - b.rank);
  console.log(`\n== Top ranked initiatives (of ${rows.length}, BTM Rank on Demand)`);
  for (const r of rows.slice(0, 10)) console.log(`   ${r.line}`);

  const capacity = book.sheet('BTM Capacity')!.values();
  console.log('\n== Selected set (BTM Capacity)');
  const shown = ['Status', 'Selected', 'Total value', 'Greedy value (by value per cost)', 'Gain over greedy', 'Proven gap'];
  for (const row of capacity) {
    if (typeof row[0] !== 'string' || !shown.includes(row[0])) continue;
    const v = row[1];
    const figure = row[0] === 'Proven gap' && typeof v === 'number' ? `${(v * 100).toFixed(2)}%` : typeof v === 'number' ? v.toLocaleString('en-US') : text(v);
    console.log(`   ${row[0].padEnd(34)} ${figure}`);
  }
  const listHeader = capacity.findIndex((row) => row[0] === 'ID' && row[1] === 'Selected');
  const chosen = capacity.slice(listHeader + 1).filter((row) => row[1] === 'yes').map((row) => text(row[0]));
  for (let k = 0; k < chosen.length; k += 11) console.log(`   ${k === 0 ? 'IDs:' : '    '} ${chosen.slice(k, k + 11).join(', ')}`);

  const roadmap = book.sheet('BTM Roadmap')!.values();
  console.log('\n== Roadmap summary (BTM Roadmap)');
  for (const row of roadmap.slice(0, 4)) {
    const line = text(row[0]);
    if (line) console.log(`   ${line}`);
  }
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const template = path.join(OUT, 'btm-template.xlsx');
  const planned = path.join(OUT, 'portfolio-planned.xlsx');
  fs.rmSync(template, { force: true });
  await step('1. A fresh DMO template workbook', ['template', path.relative(process.cwd(), template)]);
  fs.copyFileSync(path.join(ROOT, PORTFOLIO_FILE), planned);
  const target = path.relative(process.cwd(), planned);
  console.log(`\n   ${PORTFOLIO_FILE} copied to ${target}`);
  await step('2. Score demand', ['score', target, '--in-place']);
  await step('3. Plan capacity (selection within budget and capacity)', ['plan', target, '--in-place', '--time-limit', '10']);
  await step('4. Generate roadmap', ['roadmap', target, '--in-place']);
  await report(planned);
  console.log(`\nWritten: ${path.relative(process.cwd(), template)} and ${target} (open them in Excel, LibreOffice or Google Sheets).`);
}

main().catch((e) => {
  console.error(`demo: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
