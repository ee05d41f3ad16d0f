// The command line's commands: `btm template`, `btm score`, `btm plan` and `btm roadmap` over
// .xlsx files. Each file is read into the in-memory workbook (xlsx/xlsx-io.ts), the demand
// table's cell is selected, and the panel's own command runs through the in-memory HostBridge
// (xlsx/memory-bridge.ts: the same reads, core plan and writes as in Excel, formulas spelled as a
// file stores them); the add-in's formulas are computed (xlsx/recalculate.ts) so the file carries
// their values, and the workbook is saved as a new file.
//
// Decisions:
// - Output: NAME-planned.xlsx / NAME-roadmap.xlsx in --out DIR (created when missing) or beside
//   the input. The input is never written unless --in-place. An output that would land on one of
//   the run's inputs, or on another file's output of the same run, fails that file instead.
//   Files are written to a temporary name first and renamed, so a failed write leaves no half file.
// - The demand table: --sheet NAME [--cell A4] when given (without --cell, the table's top-left
//   cell on that sheet); else the workbook's saved selection when it is on a filled cell of a
//   sheet that is not one of the add-in's or the Capacity/BTM Settings sheets; else the sheet
//   named Demand, at its table's top-left cell (the first cell of the first row with two or more
//   filled cells, so a title row above the table is skipped).
// - The frontier chart of BTM Capacity is not drawn (the in-memory workbook has no charts): the
//   frontier's table is there. Columns are as wide as the hosts make them (panel/bridge.ts).
// - A roadmap sheet edited by hand since the add-in wrote it: the core asks to confirm; without
//   --replace that file fails with the core's message, with --replace it is replaced.
// - template: a FILE that does not exist yet is created as a new template workbook; an existing
//   FILE gets the template inserted as the panel does (clashing sheets and names get a suffix,
//   nothing of the file's own changes) and is written as NAME-template.xlsx. The file carries the
//   add-in's web extension parts (Excel offers the add-in to whoever opens it).
// - score: Score demand's formula columns, written in the file's spelling (_xldudf_BTM_SCORE) with
//   their computed values; output NAME-scored.xlsx.
// - Exit codes: 0 every file written, 1 some file failed (the others are still written),
//   2 usage error (unknown command or option, bad option value, no files). --help: usage, 0.
import fs from 'node:fs';
import path from 'node:path';
import { isBlank } from '../core/values/cells';
import { columnLetters, parseRange } from '../core/values/a1';
import { SETTINGS_SHEET } from '../core/demand/settings';
import { CAPACITY_SHEET, DEFAULT_TIME_LIMIT_SECONDS, OWNED_CAPACITY_SHEET, Progress, formatNumber } from '../core/commands/plan-capacity';
import { ROADMAP_SHEET } from '../core/commands/generate-roadmap';
import { MemoryWorkbook, tableTopLeft } from '../xlsx/memory-workbook';
// Re-exported: the command line's tests and scripts find it here.
export { tableTopLeft } from '../xlsx/memory-workbook';
import type { Selection } from '../xlsx/memory-workbook';
import { memoryBridge } from '../xlsx/memory-bridge';
import { readXlsx, writeXlsx } from '../xlsx/xlsx-io';
import { recalculate } from '../xlsx/recalculate';
import { hasWebExtension, webExtensionFromManifest } from '../xlsx/package-parts';
import type { HostBridge } from '../panel/bridge';

/** Where the command line writes: stdout for the summary, stderr for progress and problems. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Whether stderr is a terminal: a redrawn progress bar then, plain lines otherwise. */
  readonly errIsTTY: boolean;
  /** Terminal width for the progress bar (default 80). */
  readonly columns?: number;
}

export type CommandName = 'template' | 'score' | 'plan' | 'roadmap';
const COMMANDS: readonly CommandName[] = ['template', 'score', 'plan', 'roadmap'];

export interface CliOptions {
  readonly command: CommandName;
  readonly files: string[];
  readonly out?: string;
  readonly inPlace: boolean;
  readonly timeLimit?: number;
  readonly replace: boolean;
  readonly sheet?: string;
  readonly cell?: { row: number; col: number };
  readonly year?: number;
}

/** One file's outcome, as the summary table shows it. */
export interface FileResult {
  readonly file: string;
  readonly status: 'written' | 'failed';
  /** Template: "6 sheets"; score: "60 rows scored"; plan: "33 of 60 selected"; roadmap: "46 of 60 placed"; failed: ''. */
  readonly count: string;
  /** Template: the renames; score: the top ranked; plan: the selected value (and optimality); roadmap and failed: ''. */
  readonly value: string;
  /** Where it was written; '' when failed. */
  readonly output: string;
  /** Why it failed (file name first, then the core's message naming sheet and cell). */
  readonly message?: string;
  /** Plan: the core's response numbers, for tests and scripts. */
  readonly selected?: number;
  readonly placed?: number;
  readonly scored?: number;
}

export const USAGE = `Usage: btm <command> FILE.xlsx... [options]

Commands:
  template  Insert the DMO template (Read me, Demand, Business cases, Capacity, BTM Roadmap,
            BTM Settings) into FILE, or create FILE as a new template workbook when it does
            not exist yet.
  score     Score demand: write the BTM Score, Rank, Check, Proposal and WSJF columns beside
            the demand table, with their values computed (as the panel's "Score demand").
  plan      Plan capacity: choose the portfolio within budget and capacity, allocate people,
            and write the BTM Capacity sheet (as the panel's "Plan capacity").
  roadmap   Generate roadmap: schedule the demand table on the Capacity sheet's periods and
            write the BTM Roadmap sheet (as the panel's "Generate roadmap").

Each FILE is read and written as a new file NAME-template.xlsx / NAME-scored.xlsx /
NAME-planned.xlsx / NAME-roadmap.xlsx beside it (or in --out DIR); the input is never changed
unless --in-place.

Options:
  --out DIR          write the new files into DIR (created when missing)
  --in-place         write the result back into the input file instead
  --sheet NAME       the sheet holding the demand table (default: the saved selection's
                     sheet, else the sheet named Demand)
  --cell A4          a cell inside the demand table on that sheet (default: its top-left cell)
  --time-limit S     plan: seconds for the selection, and again for the frontier (default ${DEFAULT_TIME_LIMIT_SECONDS})
  --replace          roadmap: replace a BTM Roadmap sheet edited by hand
  --year YYYY        template: the first year of the Capacity sheet and the examples
                     (default: next year)
  -h, --help         show this help

Exit codes: 0 every file written, 1 some files failed (the others were written),
2 usage error (unknown command or option, no files).
`;

class UsageError extends Error {}

/** The arguments as options, or a UsageError naming what is wrong. */
export function parseArgs(argv: readonly string[]): CliOptions | 'help' {
  const args = [...argv];
  if (args.length === 0) throw new UsageError('no command given.');
  if (args.some((a) => a === '-h' || a === '--help')) return 'help';
  const given = args.shift()!;
  const command = COMMANDS.find((c) => c === given);
  if (!command) throw new UsageError(`unknown command "${given}": the commands are ${COMMANDS.join(', ')}.`);
  const files: string[] = [];
  let out: string | undefined;
  let inPlace = false;
  let timeLimit: number | undefined;
  let replace = false;
  let sheet: string | undefined;
  let cell: { row: number; col: number } | undefined;
  let year: number | undefined;
  let onlyFiles = false;
  while (args.length > 0) {
    const arg = args.shift()!;
    if (onlyFiles || !arg.startsWith('-') || arg === '-') {
      files.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyFiles = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = args.shift();
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value.`);
      return v;
    };
    const flag = () => {
      if (eq > 0) throw new UsageError(`${name} takes no value.`);
    };
    switch (name) {
      case '--out':
        out = value();
        break;
      case '--in-place':
        flag();
        inPlace = true;
        break;
      case '--sheet':
        sheet = value();
        break;
      case '--cell': {
        const text = value();
        const ref = parseRange(text);
        if (!ref || ref.start.row !== ref.end.row || ref.start.col !== ref.end.col) throw new UsageError(`--cell takes one cell such as A4, not "${text}".`);
        cell = { row: ref.start.row, col: ref.start.col };
        break;
      }
      case '--time-limit': {
        if (command !== 'plan') throw new UsageError(`--time-limit is an option of btm plan, not of btm ${command}.`);
        const text = value();
        const s = Number(text);
        if (!(Number.isFinite(s) && s > 0)) throw new UsageError(`--time-limit takes a number of seconds above 0, not "${text}".`);
        timeLimit = s;
        break;
      }
      case '--replace':
        if (command !== 'roadmap') throw new UsageError(`--replace is an option of btm roadmap, not of btm ${command}.`);
        flag();
        replace = true;
        break;
      case '--year': {
        if (command !== 'template') throw new UsageError(`--year is an option of btm template, not of btm ${command}.`);
        const text = value();
        const y = Number(text);
        if (!(Number.isInteger(y) && y >= 1900 && y <= 9999)) throw new UsageError(`--year takes a year such as 2027, not "${text}".`);
        year = y;
        break;
      }
      default:
        throw new UsageError(`unknown option "${name}".`);
    }
  }
  if (files.length === 0) throw new UsageError(`btm ${command} needs at least one .xlsx file.`);
  if (inPlace && out !== undefined) throw new UsageError('--in-place and --out exclude each other.');
  if (cell && sheet === undefined) throw new UsageError('--cell needs --sheet (the sheet the cell is on).');
  if (command === 'template' && (sheet !== undefined || cell)) throw new UsageError('btm template takes no --sheet or --cell: it adds its own sheets.');
  return {
    command,
    files,
    ...(out !== undefined ? { out } : {}),
    inPlace,
    ...(timeLimit !== undefined ? { timeLimit } : {}),
    replace,
    ...(sheet !== undefined ? { sheet } : {}),
    ...(cell ? { cell } : {}),
    ...(year !== undefined ? { year } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Finding the demand table

/** Sheets that never hold the demand table. */
const NOT_DEMAND = new Set([OWNED_CAPACITY_SHEET, ROADMAP_SHEET, CAPACITY_SHEET, SETTINGS_SHEET].map((s) => s.toLowerCase()));


/** The demand table's cell, the command's selection, or a message naming the problem (read from the model: no round trip). */
function demandCell(book: MemoryWorkbook, opts: CliOptions): Selection | { problem: string } {
  const at = (name: string, cell: { row: number; col: number } | undefined): Selection | { problem: string } => {
    const sheet = book.sheet(name)!;
    const where = cell ?? tableTopLeft(sheet.values());
    if (!where) return { problem: `The sheet "${sheet.name}" is empty: it holds no demand table.` };
    return { sheet: sheet.name, ...where };
  };
  if (opts.sheet !== undefined) {
    if (!book.sheet(opts.sheet)) return { problem: `The workbook has no sheet named "${opts.sheet}" (its sheets: ${book.sheets.map((s) => s.name).join(', ')}).` };
    return at(opts.sheet, opts.cell);
  }
  const sel = book.selection;
  if (sel && !NOT_DEMAND.has(sel.sheet.toLowerCase()) && !isBlank(book.sheet(sel.sheet)!.cell(sel.row, sel.col).value)) {
    return at(sel.sheet, { row: sel.row, col: sel.col });
  }
  const demand = book.sheets.find((s) => s.name.trim().toLowerCase() === 'demand');
  if (demand) return at(demand.name, undefined);
  const where = sel ? `${sel.sheet}!${columnLetters(sel.col)}${sel.row}` : 'nothing';
  return {
    problem: `No demand table found: the saved selection (${where}) is not on one, and there is no sheet named Demand. Name the sheet with --sheet (and a cell of the table with --cell).`,
  };
}

// ---------------------------------------------------------------------------------------------
// Running one file

type Outcome =
  | { ok: true; count: string; value: string; selected?: number; placed?: number; scored?: number; notes?: readonly string[] }
  | { ok: false; message: string };

/** The panel's bridge over the workbook, its formulas spelled as the saved file stores them. */
function bridgeOf(book: MemoryWorkbook, opts: CliOptions): HostBridge {
  return memoryBridge(book, { spelling: 'xlsx', year: opts.year });
}

/**
 * Runs a command from the demand table's cell, selected as a person selects it in Excel; the
 * file's saved selection is put back afterwards, so the output keeps it.
 */
async function fromDemandTable<T>(book: MemoryWorkbook, opts: CliOptions, command: (bridge: HostBridge) => Promise<T>): Promise<T | { problem: string }> {
  const cell = demandCell(book, opts);
  if ('problem' in cell) return cell;
  const saved = book.selection;
  book.select(cell.sheet, cell.row, cell.col);
  try {
    return await command(bridgeOf(book, opts));
  } finally {
    if (saved) book.select(saved.sheet, saved.row, saved.col);
  }
}

async function runPlan(book: MemoryWorkbook, opts: CliOptions, onProgress: (p: Progress) => void): Promise<Outcome> {
  const request = opts.timeLimit !== undefined ? { timeLimitSeconds: opts.timeLimit } : {};
  const r = await fromDemandTable(book, opts, (bridge) => bridge.planCapacity(request, onProgress));
  if ('problem' in r) return { ok: false, message: r.problem };
  if (r.status !== 'written') return { ok: false, message: r.status === 'invalid' ? r.message : 'Plan capacity was cancelled.' };
  const quality = r.optimality === 'optimal' ? 'optimal' : `gap ${(r.gap * 100).toFixed(1)}%`;
  return { ok: true, count: `${r.selected} of ${r.candidates} selected`, value: `${formatNumber(r.value)} (${quality})`, selected: r.selected };
}

/** Score demand as the panel runs it, its formulas in the file's spelling, then computed. */
async function runScore(book: MemoryWorkbook, opts: CliOptions): Promise<Outcome> {
  const response = await fromDemandTable(book, opts, (bridge) => bridge.scoreDemand({}));
  if ('problem' in response) return { ok: false, message: response.problem };
  if (response.status !== 'written') return { ok: false, message: response.message };
  const block = parseRange(response.address);
  if (!block || block.sheet === undefined) return { ok: false, message: `Score demand wrote to an address the command line cannot read: ${response.address}` };
  await recalculate(book);
  const columns = response.headers.map((header, k) => ({ header, col: block.start.col + k }));
  const rows = topRanked(book, block.sheet, block.start.row, columns);
  const skipped = response.skipped.length > 0 ? `; ${response.skipped.length} column${response.skipped.length === 1 ? '' : 's'} skipped` : '';
  return { ok: true, count: `${rows.count} rows scored${skipped}`, value: rows.top.length > 0 ? `top: ${rows.top.join(', ')}` : '', scored: rows.count };
}

/** The IDs (first table column) of the three best ranked rows, and how many rows got a score. */
function topRanked(book: MemoryWorkbook, sheetName: string, headerRow: number, columns: readonly { header: string; col: number }[]): { count: number; top: string[] } {
  const sheet = book.sheet(sheetName)!;
  const rankCol = columns.find((c) => c.header === 'BTM Rank')?.col;
  const scoreCol = columns.find((c) => c.header === 'BTM Score')?.col;
  const spill = scoreCol !== undefined ? sheet.spillAt(headerRow + 1, scoreCol) : undefined;
  const count = spill ? spill.rows : scoreCol !== undefined && typeof sheet.cell(headerRow + 1, scoreCol).value === 'number' ? 1 : 0;
  if (rankCol === undefined) return { count, top: [] };
  const first = tableTopLeft(sheet.values())?.col ?? 1;
  const ranked: Array<{ rank: number; id: string }> = [];
  for (let r = headerRow + 1; r <= headerRow + count; r++) {
    const rank = sheet.cell(r, rankCol).value;
    if (typeof rank === 'number') ranked.push({ rank, id: String(sheet.cell(r, first).value ?? `row ${r}`) });
  }
  return { count, top: ranked.sort((a, b) => a.rank - b.rank).slice(0, 3).map((x) => x.id) };
}

/** The template into the workbook (an empty one for a new file), as the panel inserts it. */
async function runTemplate(book: MemoryWorkbook, opts: CliOptions): Promise<Outcome> {
  const result = await bridgeOf(book, opts).insertTemplate();
  if (result.status !== 'inserted') return { ok: false, message: result.message };
  await recalculate(book);
  const renamed = result.renamed.length > 0 ? `${result.renamed.length} renamed (see stderr)` : '';
  return { ok: true, count: `${result.sheets.length} sheets`, value: renamed, notes: result.renamed };
}

async function runRoadmap(book: MemoryWorkbook, opts: CliOptions): Promise<Outcome> {
  const response = await fromDemandTable(book, opts, (bridge) => bridge.generateRoadmap({ replace: opts.replace }));
  if ('problem' in response) return { ok: false, message: response.problem };
  if (response.status === 'invalid') return { ok: false, message: response.message };
  if (response.status === 'confirm') return { ok: false, message: `${response.message} Run again with --replace to replace it.` };
  return { ok: true, count: `${response.placed} of ${response.initiatives} placed`, value: '', placed: response.placed };
}

function runCommand(book: MemoryWorkbook, opts: CliOptions, onProgress: (p: Progress) => void): Promise<Outcome> {
  switch (opts.command) {
    case 'template':
      return runTemplate(book, opts);
    case 'score':
      return runScore(book, opts);
    case 'plan':
      return runPlan(book, opts, onProgress);
    case 'roadmap':
      return runRoadmap(book, opts);
  }
}

/** The add-in as manifest.xml declares it (id and version), for the web extension parts. */
function addinReference() {
  return { ...webExtensionFromManifest(fs.readFileSync(path.resolve(__dirname, '..', 'manifest.xml'), 'utf8')), autoShow: true };
}

/** Where a file's result goes. */
export function outputPath(file: string, opts: Pick<CliOptions, 'command' | 'out' | 'inPlace'>): string {
  if (opts.inPlace) return file;
  const ext = path.extname(file);
  const base = path.basename(file, ext);
  const suffix = { template: 'template', score: 'scored', plan: 'planned', roadmap: 'roadmap' }[opts.command];
  return path.join(opts.out ?? path.dirname(file), `${base}-${suffix}.xlsx`);
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Writes bytes through a temporary file beside the target, then renames it into place. */
function writeFileSafely(target: string, bytes: Uint8Array): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Progress and summary

class ProgressReporter {
  private shown = false;
  constructor(
    private readonly io: CliIo,
    private readonly total: number,
  ) {}

  /** A redrawn bar on a terminal; on other stderr, one plain line per file as it starts. */
  update(index: number, file: string, fraction: number, step: string, starting: boolean): void {
    if (this.total < 2) return;
    const name = path.basename(file);
    if (!this.io.errIsTTY) {
      if (starting) this.io.err(`[${index + 1}/${this.total}] ${name}\n`);
      return;
    }
    const overall = Math.min(1, (index + Math.max(0, Math.min(1, fraction))) / this.total);
    const width = 24;
    const done = Math.round(overall * width);
    const bar = `[${'#'.repeat(done)}${'-'.repeat(width - done)}] ${String(Math.round(overall * 100)).padStart(3)}% ${index + 1}/${this.total} ${name}`;
    const line = step ? `${bar}: ${step}` : bar;
    const max = Math.max(20, (this.io.columns ?? 80) - 1);
    this.io.err(`\r${line.length > max ? line.slice(0, max) : line.padEnd(max)}`);
    this.shown = true;
  }

  /** Clears the bar before other text goes to stderr. */
  clear(): void {
    if (!this.shown) return;
    this.io.err(`\r${' '.repeat(Math.max(20, (this.io.columns ?? 80) - 1))}\r`);
    this.shown = false;
  }
}

/** The results as a table: file, status, selected/placed, value, output. */
export function summaryTable(results: readonly FileResult[], command: CommandName): string {
  const counts: Record<CommandName, string> = { template: 'Sheets', score: 'Scored', plan: 'Selected', roadmap: 'Placed' };
  const values: Record<CommandName, string> = { template: 'Renamed', score: 'Top ranked', plan: 'Value', roadmap: '' };
  const head = ['File', 'Status', counts[command], values[command], 'Output'];
  // A failed file's Output is why it failed (the core's message, cut at 100 characters: stderr has it whole).
  const reason = (r: FileResult) => {
    const text = (r.message ?? '').slice(r.file.length + 2);
    return text.length > 100 ? `${text.slice(0, 99)}…` : text;
  };
  const rows = results.map((r) => [r.file, r.status, r.count, r.value, r.status === 'failed' ? reason(r) : r.output]);
  const keep = command === 'roadmap' ? [0, 1, 2, 4] : [0, 1, 2, 3, 4];
  const table = [head, ...rows].map((row) => keep.map((k) => row[k]));
  const widths = keep.map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd();
  return [line(table[0]), line(widths.map((w) => '-'.repeat(w))), ...table.slice(1).map(line)].join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Main

/** Runs the command line over argv (without node and the script); the exit code and each file's result. */
export async function runBtm(argv: readonly string[], io: CliIo): Promise<{ code: number; results: FileResult[] }> {
  let opts: CliOptions;
  try {
    const parsed = parseArgs(argv);
    if (parsed === 'help') {
      io.out(USAGE);
      return { code: 0, results: [] };
    }
    opts = parsed;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`btm: ${e.message}\n\n${USAGE}`);
    return { code: 2, results: [] };
  }

  const inputs = new Set(opts.files.map((f) => path.resolve(f)));
  const outputs = new Map<string, string>();
  const results: FileResult[] = [];
  const progress = new ProgressReporter(io, opts.files.length);
  for (let i = 0; i < opts.files.length; i++) {
    const file = opts.files[i];
    const fail = (message: string): void => {
      progress.clear();
      io.err(`btm ${opts.command}: ${file}: ${message}\n`);
      results.push({ file, status: 'failed', count: '', value: '', output: '', message: `${file}: ${message}` });
    };
    progress.update(i, file, 0, 'reading', true);
    // btm template NEW.xlsx creates the file; every other case reads an existing one.
    const creating = opts.command === 'template' && !fs.existsSync(file);
    if (creating && path.extname(file).toLowerCase() !== '.xlsx') {
      fail('no such file; to create a new template workbook, give a name ending in .xlsx.');
      continue;
    }
    const target = creating ? (opts.out !== undefined ? path.join(opts.out, path.basename(file)) : file) : outputPath(file, opts);
    const key = path.resolve(target);
    // A new template lands in --out under the input's name: a file already there is someone's
    // workbook, never replaced by an empty template without asking.
    if (creating && target !== file && fs.existsSync(target)) {
      fail(`${target} already exists; it is not overwritten (give the new workbook another name, or run btm template on ${target} to insert the template into it).`);
      continue;
    }
    if (!opts.inPlace && !creating && inputs.has(key)) {
      fail(`its output ${target} is one of the input files; it is not overwritten (use --out DIR or --in-place).`);
      continue;
    }
    if (outputs.has(key)) {
      fail(`its output ${target} is also the output of ${outputs.get(key)}; give the files different names or --out directories.`);
      continue;
    }
    let bytes: Buffer | undefined;
    if (!creating) {
      try {
        bytes = fs.readFileSync(file);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        fail(code === 'ENOENT' ? 'no such file.' : code === 'EISDIR' ? 'it is a folder, not a file.' : messageOf(e));
        continue;
      }
    }
    try {
      const book = bytes ? await readXlsx(bytes) : new MemoryWorkbook();
      const outcome = await runCommand(book, opts, (p) => progress.update(i, file, p.fraction, p.step, false));
      if (!outcome.ok) {
        fail(outcome.message);
        continue;
      }
      progress.update(i, file, 1, 'writing', false);
      // The template makes a BTM workbook: Excel offers the add-in to whoever opens it. Other
      // commands keep the reference when the file had it (exceljs itself would drop it).
      const withAddin = opts.command === 'template' || (bytes !== undefined && (await hasWebExtension(bytes)));
      writeFileSafely(target, await writeXlsx(book, withAddin ? { webExtension: addinReference() } : {}));
      outputs.set(key, file);
      if (outcome.notes && outcome.notes.length > 0) {
        progress.clear();
        for (const note of outcome.notes) io.err(`btm ${opts.command}: ${file}: ${note}\n`);
      }
      results.push({
        file,
        status: 'written',
        count: outcome.count,
        value: outcome.value,
        output: target,
        ...(outcome.selected !== undefined ? { selected: outcome.selected } : {}),
        ...(outcome.placed !== undefined ? { placed: outcome.placed } : {}),
        ...(outcome.scored !== undefined ? { scored: outcome.scored } : {}),
      });
    } catch (e) {
      fail(messageOf(e));
    }
  }
  progress.clear();
  io.out(summaryTable(results, opts.command));
  const failed = results.filter((r) => r.status === 'failed').length;
  if (failed > 0) io.err(`btm ${opts.command}: ${failed} of ${results.length} file${results.length === 1 ? '' : 's'} failed.\n`);
  return { code: failed > 0 ? 1 : 0, results };
}

/** The exit code only (what cli/btm.ts hands to the process). */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  return (await runBtm(argv, io)).code;
}
