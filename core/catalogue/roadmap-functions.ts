// The roadmap custom function: ROADMAP places initiatives in time, in priority order, respecting
// finish-to-start dependencies, capacity per role and period, earliest starts and pinned dates,
// and spills one row per initiative with its start, end, gate periods and the reason it starts
// when it does. It schedules through scheduleRoadmap, the same path as the panel command
// "Generate roadmap", and reads capacity with ALLOCATE's reader, so a capacity table means the
// same in both functions.
import { CellValue, Range, cellText, isBlank, isBlankOrZero } from '../values/cells';
import { Result, SheetError, asErrorCode, isSheetError, sheetError } from '../values/errors';
import { cellNumber, clip } from '../values/coerce';
import { lineOf } from '../governance/proposal';
import { DEFAULT_SETTINGS, DemandSettings, settingsFromGrid } from '../demand/settings';
import { headsRole } from '../demand/header-mapping';
import { plannableCapacity } from '../capacity/rules';
import { RoadmapInitiative, RoadmapProblem, priorityOrderFrom } from '../roadmap/model';
import { APPROACHES, Approach, DEFAULT_ZONE_SHARES, ZONES, parseApproach } from '../roadmap/gates';
import { DEFAULT_APPROACH, PeriodAxis, StartCell, dependencyIds, priorityDirection, readStartCell, scheduleRoadmap } from '../roadmap/roadmap-table';
import { dateLabel, isDateSerial, periodName } from '../capacity/capacity-table';
import { Capacity, MAX_PLAN_CELLS, Table, firstDuplicate, holds, isLabelRow, isWord, key, readCapacity } from './allocation-functions';
import { defineFunction } from './spec';
import type { AnyFunctionSpec } from './spec';

/**
 * The most initiatives one call schedules. 2,000 initiatives over 60 periods and 4 roles take
 * about 0.3 s here (bench: scheduler with improvement); Sheets stops a custom function at 30 s
 * and runs slower than Node, so the margin is wide. Larger roadmaps belong to the panel.
 */
export const MAX_ROADMAP_INITIATIVES = 2000;
/** The longest horizon, in periods (200 years of months): a capacity table, a duration or the horizon without capacity. */
export const MAX_ROADMAP_PERIODS = 2400;
const PANEL_HINT = 'use the panel command "Generate roadmap" for roadmaps this large';

const HEADER = ['Initiative', 'Start', 'End', 'A', 'B', 'C', 'D', 'Reason'] as const;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

// ---------------------------------------------------------------------------------------------
// Per-initiative lines: ids, durations, priorities, dependencies, start, approaches. Each is a
// single column (or row), one cell per initiative in ids' order, and may run past the table.

interface Line {
  readonly arg: string;
  readonly cells: readonly CellValue[];
  /** Cells up to the last one that is not empty. */
  readonly used: number;
  /** "ids: row 3" for the line's k-th cell. */
  readonly where: (k: number) => string;
}

function lineArg(range: Range, arg: string): Result<Line> {
  const cells = lineOf(range, arg);
  if (isSheetError(cells)) return cells;
  let used = cells.length;
  while (used > 0 && isBlankOrZero(cells[used - 1])) used--;
  // As cellPosition words it for a single column or row, in constant time: asked once per initiative.
  const across = range.length === 1 && cells.length > 1;
  return { arg, cells, used, where: (k) => `${arg}: ${across ? 'column' : 'row'} ${k + 1}` };
}

/** The error a cell holds (or an error code typed as text), passed on naming the cell. */
function errorIn(cell: CellValue, where: string): SheetError | undefined {
  if (isSheetError(cell)) return sheetError(cell.code, `${where} ${holds(cell)}`);
  const code = typeof cell === 'string' ? asErrorCode(cell) : undefined;
  return code ? sheetError(code, `${where} holds ${code}`) : undefined;
}

/**
 * The n cells of a line for the initiatives, after `header` header cells; a line that stops
 * short of them, or holds something past them, is refused naming the cell.
 */
function cellsFor(line: Line, header: number, n: number, ids: Line, idsHeader: number): Result<CellValue[]> {
  const headers = idsHeader ? ` (durations starts with a header, so ids' first cell is read as a header too)` : '';
  if (line.used > header + n) {
    let first = header + n;
    while (isBlankOrZero(line.cells[first])) first++;
    const last = ids.where(ids.used - 1).slice(ids.arg.length + 2);
    return sheetError('#VALUE!', `${line.where(first)} ${holds(line.cells[first])}, but ids has ${plural(n, 'initiative')}, the last in ${last}${headers}; give one cell per initiative, in ids' rows`);
  }
  if (line.cells.length < header + n) {
    const after = header ? ' after its header' : '';
    return sheetError('#VALUE!', `${line.arg} has ${plural(Math.max(0, line.cells.length - header), 'cell')}${after} but ids has ${plural(n, 'initiative')}${headers}; give one cell per initiative, in ids' rows`);
  }
  return line.cells.slice(header, header + n);
}

/** The per-initiative lines after ids: where each starts (its header) and how many initiatives there are. */
interface Lines {
  readonly ids: Line;
  /** 1 when durations (and so ids and the other text lines) starts with a header. */
  readonly header: number;
  readonly n: number;
}

/**
 * Visits the initiatives' cells of a per-initiative line, in ids' order, each with its position;
 * an error cell is passed on before visit sees it. An omitted (optional) range visits nothing.
 */
function eachCell(
  range: Range,
  arg: string,
  lines: Lines,
  visit: (cell: CellValue, where: string, i: number) => SheetError | undefined,
  header = lines.header,
): SheetError | undefined {
  if (range.length === 0) return undefined;
  const line = lineArg(range, arg);
  if (isSheetError(line)) return line;
  const cells = cellsFor(line, header, lines.n, lines.ids, lines.header);
  if (isSheetError(cells)) return cells;
  for (let i = 0; i < lines.n; i++) {
    const where = line.where(header + i);
    const problem = errorIn(cells[i], where) ?? visit(cells[i], where, i);
    if (problem) return problem;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// settings: the BTM Settings sheet, or its "Capacity rules" and "Zone shares" blocks.

const USED_BLOCKS = ['Capacity rules', 'Zone shares'];

function readSettings(range: Range): Result<DemandSettings> {
  if (!range.some((row) => row.some((c) => !isBlank(c)))) return DEFAULT_SETTINGS;
  const titleAt = (title: string) => range.findIndex((row) => typeof row[0] === 'string' && key(row[0]) === key(title));
  const blocks = USED_BLOCKS.map(titleAt);
  if (blocks.every((r) => r < 0)) {
    return sheetError('#VALUE!', `settings holds neither a "${USED_BLOCKS[0]}" nor a "${USED_BLOCKS[1]}" block; pass the BTM Settings sheet's range (or those blocks, their titles included)`);
  }
  const read = settingsFromGrid(range);
  // Only the blocks ROADMAP uses count: a typo among the scoring criteria does not stop a roadmap.
  const inBlock = (row: number) =>
    blocks.some((title) => {
      if (title < 0) return false;
      let end = title + 1;
      while (end < range.length && !isBlank(range[end][0] ?? null)) end++;
      return row - 1 >= title && row - 1 < end;
    });
  const problem = read.problems.find((p) => inBlock(p.row));
  if (problem) return sheetError('#VALUE!', `settings: row ${problem.row}, column ${problem.col}: ${problem.message}`);
  return read.settings;
}

// ---------------------------------------------------------------------------------------------
// demand: one row per initiative, one column per role of capacity, FTE per period while running.

/** FTE per initiative and role, and the role names demand's header gives (when capacity names none). */
function readDemand(range: Range, capacity: Capacity, n: number): Result<{ fte: number[][]; roles?: string[] }> {
  const t = new Table('demand', range);
  const roles = capacity.roles.length;
  const layout = `one row per initiative (in ids' order) and one column per role of capacity (${plural(roles, 'role')}, in its row order), each cell the FTE the initiative needs in every period it runs`;
  const header = t.rows > 0 && isLabelRow(t, 0) ? 1 : 0;
  if (t.rows < header + n) return sheetError('#VALUE!', `demand has ${plural(Math.max(0, t.rows - header), 'row')}${header ? ' after its header' : ''} but ids has ${plural(n, 'initiative')}; give ${layout}`);
  for (let r = header + n; r < t.rows; r++) {
    for (let c = 0; c < t.cols; c++) {
      if (!isBlankOrZero(t.at(r, c))) return sheetError('#VALUE!', `${t.where(r, c)} ${holds(t.at(r, c))}, but ids has ${plural(n, 'initiative')}; give ${layout}`);
    }
  }
  if (t.cols < roles) return sheetError('#VALUE!', `demand has ${plural(t.cols, 'column')} but capacity has ${plural(roles, 'role')}; give ${layout}`);
  for (let c = roles; c < t.cols; c++) {
    for (let r = 0; r < header + n; r++) {
      if (!isBlankOrZero(t.at(r, c))) return sheetError('#VALUE!', `${t.where(r, c)} ${holds(t.at(r, c))}, but capacity has only ${plural(roles, 'role')}; give ${layout}`);
    }
  }
  let names: string[] | undefined;
  if (header) {
    names = [];
    for (let k = 0; k < roles; k++) {
      const cell = t.at(0, k);
      if (!isWord(cell)) {
        names.push(capacity.roles[k]);
        continue;
      }
      if (capacity.roleNamed && !headsRole(cell, capacity.roles[k])) {
        return sheetError('#VALUE!', `${t.where(0, k)} is headed "${clip(cell.trim())}" but capacity's role ${k + 1} is "${clip(capacity.roles[k])}"; put demand's columns in capacity's row order`);
      }
      names.push(cell.trim());
    }
    const dup = capacity.roleNamed ? undefined : firstDuplicate(t, names, (k) => [0, k], 'role');
    if (dup) return dup;
  }
  const fte: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let k = 0; k < roles; k++) {
      const x = t.amount(header + i, k, 'the FTE the initiative needs per period (0 or blank for none)', 0);
      if (isSheetError(x)) return x;
      row.push(x);
    }
    fte.push(row);
  }
  return capacity.roleNamed || !names ? { fte } : { fte, roles: names };
}

// ---------------------------------------------------------------------------------------------
// ROADMAP

/** The horizon without capacity: every initiative as early as its dependencies, earliest start and pinned date allow. */
function unlimitedHorizon(duration: readonly number[], preds: readonly (readonly number[])[], starts: readonly StartCell[]): number {
  const n = duration.length;
  const succs: number[][] = Array.from({ length: n }, () => []);
  const waiting = preds.map((p) => p.length);
  preds.forEach((p, i) => p.forEach((j) => succs[j].push(i)));
  const ready = starts.map((s) => s.earliest ?? 0);
  const queue = waiting.flatMap((w, i) => (w === 0 ? [i] : []));
  let horizon = 1;
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q];
    const start = starts[i].pinned ?? ready[i];
    const end = start + duration[i];
    horizon = Math.max(horizon, end);
    for (const k of succs[i]) {
      ready[k] = Math.max(ready[k], end);
      if (--waiting[k] === 0) queue.push(k);
    }
  }
  // A cycle leaves some unvisited: the scheduler names it; any horizon will do until then.
  return horizon;
}

function roadmap(
  idsRange: Range,
  durationsRange: Range,
  prioritiesRange: Range,
  dependenciesRange: Range,
  demandRange: Range,
  capacityRange: Range,
  startRange: Range,
  approachesRange: Range,
  settingsRange: Range,
): Result<CellValue[][]> {
  const settings = readSettings(settingsRange);
  if (isSheetError(settings)) return settings;

  // ids and durations fix the initiatives and whether the lines start with a header.
  const ids = lineArg(idsRange, 'ids');
  if (isSheetError(ids)) return ids;
  const durations = lineArg(durationsRange, 'durations');
  if (isSheetError(durations)) return durations;
  const header = isWord(durations.cells[0]) ? 1 : 0;
  const n = ids.used - header;
  const layout = 'one id per initiative (a column or row; it may start with a header when durations does)';
  if (n <= 0) return sheetError('#VALUE!', `ids ${ids.used === 0 ? 'is empty' : `holds only a header (durations starts with "${clip(String(durations.cells[0]).trim())}")`}; give ${layout}`);
  if (n > MAX_ROADMAP_INITIATIVES) return sheetError('#VALUE!', `ids has ${plural(n, 'initiative')}, more than the ${MAX_ROADMAP_INITIATIVES.toLocaleString('en-US')} a function schedules; ${PANEL_HINT}`);

  const lines: Lines = { ids, header, n };
  const names: string[] = [];
  const idCells: CellValue[] = [];
  const idProblem = eachCell(idsRange, 'ids', lines, (cell, where) => {
    if (isBlank(cell)) return sheetError('#VALUE!', `${where} is blank; every initiative needs an id`);
    // A host never sends a number that is not finite, but a caller in code may: it names nothing.
    if (typeof cell === 'number' && !Number.isFinite(cell)) return sheetError('#NUM!', `${where} is not a finite number; every initiative needs an id`);
    const name = cellText(cell).trim();
    names.push(name);
    idCells.push(typeof cell === 'string' ? name : cell);
    return undefined;
  });
  if (idProblem) return idProblem;
  const idTable = new Table('ids', idsRange);
  const across = idsRange.length === 1 && ids.cells.length > 1;
  const dup = firstDuplicate(idTable, names, (i) => (across ? [0, header + i] : [header + i, 0]), 'initiative');
  if (dup) return dup;

  const duration: number[] = [];
  const durationProblem = eachCell(durationsRange, 'durations', lines, (cell, where) => {
    if (isBlank(cell)) return sheetError('#VALUE!', `${where} is blank; a duration in whole periods (at least 1) is needed`);
    const x = cellNumber(cell);
    if (x === undefined || !Number.isInteger(x) || x < 1) return sheetError('#VALUE!', `${where} ${holds(cell)}; a duration is a whole number of periods, at least 1 (round a part period up)`);
    if (x > MAX_ROADMAP_PERIODS) return sheetError('#VALUE!', `${where} holds ${x}; a duration is at most ${MAX_ROADMAP_PERIODS.toLocaleString('en-US')} periods`);
    duration.push(x);
    return undefined;
  });
  if (durationProblem) return durationProblem;

  // priorities: its own header, which may say how to read it.
  const priorities = lineArg(prioritiesRange, 'priorities');
  if (isSheetError(priorities)) return priorities;
  const first = priorities.cells[0];
  const pHeader = isWord(first) ? 1 : 0;
  const priorityCells = cellsFor(priorities, pHeader, n, ids, header);
  if (isSheetError(priorityCells)) return priorityCells;
  const priorityTable = new Table('priorities', prioritiesRange);
  const pAcross = prioritiesRange.length === 1 && priorities.cells.length > 1;
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const at: [number, number] = pAcross ? [0, pHeader + i] : [pHeader + i, 0];
    const x = priorityTable.amount(...at, 'a priority (a rank, 1 first, or a score such as WSJF, higher first)');
    if (isSheetError(x)) return x;
    values.push(x);
  }
  const direction = priorityDirection(pHeader ? String(first).trim() : undefined, values);

  // dependencies: ids each initiative waits for.
  const index = new Map(names.map((name, i) => [key(name), i]));
  const preds: number[][] = names.map(() => []);
  const separator = names.findIndex((x) => /[;,\r\n]/.test(x));
  const dependencyProblem = eachCell(dependenciesRange, 'dependencies', lines, (cell, where, i) => {
    if (typeof cell === 'boolean') return sheetError('#VALUE!', `${where} ${holds(cell)}; list the ids the initiative waits for, separated by ";" or ","`);
    if (cell === 0 && !index.has('0')) return undefined;
    const listed = dependencyIds(cell);
    if (listed.length > 0 && separator >= 0) {
      return sheetError('#VALUE!', `${ids.where(header + separator)} holds the id "${clip(names[separator])}", whose comma, semicolon or line break would split it in dependencies; rename it`);
    }
    for (const dep of listed) {
      const j = index.get(key(dep));
      if (j === undefined) return sheetError('#N/A', `${where} lists "${clip(dep)}", which is not one of the ids`);
      if (!preds[i].includes(j)) preds[i].push(j);
    }
    return undefined;
  });
  if (dependencyProblem) return dependencyProblem;

  // capacity and demand.
  const given = (range: Range) => range.some((row) => row.some((c) => !isBlank(c)));
  let capacity: Capacity | undefined;
  if (given(capacityRange)) {
    const read = readCapacity(capacityRange);
    if (isSheetError(read)) return read;
    if (read.periods.length > MAX_ROADMAP_PERIODS) {
      return sheetError('#VALUE!', `capacity has ${plural(read.periods.length, 'period')}, more than the ${MAX_ROADMAP_PERIODS.toLocaleString('en-US')} a roadmap spans`);
    }
    capacity = read;
  }
  let roles: string[] = capacity ? capacity.roles : [];
  let fte: number[][] = names.map(() => roles.map(() => 0));
  if (given(demandRange)) {
    if (!capacity) {
      return sheetError('#VALUE!', 'demand is given without capacity: give capacity (one row per role, one column per period, the people in each) for demand to be planned against, or leave demand out to schedule by dependencies alone');
    }
    const read = readDemand(demandRange, capacity, n);
    if (isSheetError(read)) return read;
    fte = read.fte;
    roles = read.roles ?? roles;
  }

  // The periods: capacity's, or P1, P2 ... as many as placing everything takes.
  const axis: PeriodAxis = capacity
    ? { names: capacity.periodNamed ? capacity.periodCells.map(periodName) : capacity.periods, cells: capacity.periodCells }
    : { names: [], cells: [], open: true };
  const starts: StartCell[] = names.map(() => ({}));
  const startProblem = eachCell(startRange, 'start', lines, (cell, where, i) => {
    if (!capacity && isDateSerial(cell)) {
      return sheetError('#VALUE!', `${where} holds a date (${dateLabel(cell)}), but without capacity the periods are P1, P2 ...; give capacity with dated period headers, or a period number`);
    }
    const read = readStartCell(cell, axis);
    if ('problem' in read) return sheetError(read.unknown ? '#N/A' : '#VALUE!', `${where} ${read.problem}`);
    starts[i] = read;
    return undefined;
  });
  if (startProblem) return startProblem;

  const approaches: (Approach | undefined)[] = names.map(() => undefined);
  const approachProblem = eachCell(approachesRange, 'approaches', lines, (cell, where, i) => {
    if (isBlankOrZero(cell)) return undefined;
    approaches[i] = typeof cell === 'string' ? parseApproach(cell) : undefined;
    if (approaches[i] !== undefined) return undefined;
    return sheetError('#VALUE!', `${where} ${holds(cell)}; a development approach is ${APPROACHES.join(', ')} (or project, agile, CR ...), blank for ${DEFAULT_APPROACH}`);
  });
  if (approachProblem) return approachProblem;

  let periods: string[];
  let periodCells: CellValue[];
  let plannable: number[][];
  if (capacity) {
    periods = [...axis.names];
    periodCells = capacity.periodCells;
    const rules = settings.capacity;
    plannable = capacity.headcount.map((row) => row.map((people) => plannableCapacity(people, rules)));
  } else {
    const horizon = unlimitedHorizon(duration, preds, starts);
    if (horizon > MAX_ROADMAP_PERIODS) {
      return sheetError('#VALUE!', `placing every initiative takes ${plural(horizon, 'period')}, more than the ${MAX_ROADMAP_PERIODS.toLocaleString('en-US')} a roadmap spans; check the durations and starts, or give capacity with the periods to plan`);
    }
    periods = Array.from({ length: horizon }, (_, t) => `P${t + 1}`);
    periodCells = periods;
    plannable = [];
  }
  // Without roles nothing is booked per period: the work grows with initiatives × periods only, and the caps above bound it.
  if (n * roles.length * periods.length > MAX_PLAN_CELLS) {
    return sheetError(
      '#VALUE!',
      `${plural(n, 'initiative')} × ${plural(roles.length, 'role')} × ${plural(periods.length, 'period')} is more than the ${MAX_PLAN_CELLS.toLocaleString('en-US')} a function schedules within Sheets' time limit; ${PANEL_HINT}`,
    );
  }

  const initiatives: RoadmapInitiative[] = names.map((id, i) => ({
    id,
    duration: duration[i],
    fte: fte[i],
    ...(starts[i].earliest !== undefined ? { earliestStart: starts[i].earliest } : {}),
    ...(starts[i].pinned !== undefined ? { pinnedStart: starts[i].pinned } : {}),
    after: preds[i].map((j) => names[j]),
  }));
  const problem: RoadmapProblem = { initiatives, roles, periods, capacity: plannable, priorityOrder: priorityOrderFrom(values, direction) };
  const outcome = scheduleRoadmap(problem, approaches, settings.roadmap.zoneShares);
  if (isSheetError(outcome)) return outcome;

  const shown = (t: number | null): CellValue => (t === null ? '' : periodCells[t]);
  const out: CellValue[][] = [[...HEADER]];
  outcome.rows.forEach((row, i) => {
    out.push([idCells[i], shown(row.start), shown(row.end), ...ZONES.map((z) => shown(row.gates[z])), row.reason]);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// The catalogue entry

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
const SHARES_TEXT = APPROACHES.map((a) => `${a} ${ZONES.map((z) => pct(DEFAULT_ZONE_SHARES[a][z])).join(' / ')}`).join(', ');
const RULES = DEFAULT_SETTINGS.capacity;

export const ROADMAP = defineFunction({
  name: 'ROADMAP',
  summary: 'Places initiatives in time in priority order, respecting dependencies, capacity per role and period, earliest starts and pinned dates: start, end, gate periods and the reason for each.',
  details:
    `ids, durations, priorities, dependencies, start and approaches are single columns (or rows) with one cell per initiative, in ids' order; they may run past the last id when the cells past it are blank. ` +
    `When durations' first cell is text it is a header, and ids, dependencies, start and approaches start with their header too (so whole table columns can be passed); priorities and demand may have a header of their own either way. ` +
    `ids: unique (case and surrounding spaces do not matter), never blank; a number is the id written with its digits. ` +
    `durations: whole periods, at least 1 (round a part period up), at most ${MAX_ROADMAP_PERIODS.toLocaleString('en-US')}. ` +
    `priorities: the order in which initiatives are placed. A header above the numbers says how to read them, checked in this order: a header with "Rank", "Position" or "Order" in it (such as "BTM Rank") means 1 first; one with "WSJF", "Score", "Value", "NPV" or "Cost of delay" in it (such as "BTM Score") means higher first; one with "Priority" or "Prio" in it means priority 1 first. Without such a header (or with none), numbers that are exactly 1, 2 ... n, each once (what PRIORITY spills) are a rank, 1 first; any other numbers (WSJF, scores) count higher first, as in ALLOCATE. Ties keep ids' order; a blank, text or a negative number is #VALUE!. The panel command "Generate roadmap" reads its Priority/Rank and Value/WSJF columns by the same headers. ` +
    `dependencies (optional): per initiative, the ids it waits for, separated by ";" or "," (blank for none): it starts only after each of them has ended (finish-to-start). ` +
    `demand (optional): one row per initiative and one column per role of capacity, in capacity's row order, each cell the FTE the initiative needs in every period it runs (blank or 0: the role is not needed); a header row of role names is optional and must match capacity's names when capacity has them. Demand needs capacity. ` +
    `capacity (optional): one row per role and one column per period with the people in each, laid out as for ALLOCATE (role names in the first column and period labels in the first row are optional; dates work as period labels). ` +
    `As in ALLOCATE, the FTE that may be planned is people × availability × plannable share (${RULES.availability} × ${RULES.plannableShare} by default; the "Capacity rules" of settings change them; set both to 1 to give capacity in plannable FTE). ` +
    `capacity's columns are the roadmap's horizon and its labels the period labels; without capacity there is no capacity limit and the periods are P1, P2 ... as many as placing everything takes (a pure dependency schedule). ` +
    `start (optional): per initiative, blank (or 0) for none; a period label or a date in a dated period, or a period number (1 is the first): the earliest period it may start in; or "pinned <period>" (or "fixed <period>"), such as "pinned 2027-03" or "pinned 3": a fixed start kept even when it overloads a role or starts before something it waits for has ended (the reason says so). ` +
    `approaches (optional): per initiative, its development approach: gate-based (also project), sprint-based (agile), change-request (CR) or hybrid; blank for ${DEFAULT_APPROACH}. Each approach splits the run into the flow zones A capture demand, B build, C release, D roll out, by the "Zone shares" of settings (defaults ${SHARES_TEXT}); the zone starts are the gate periods. ` +
    `settings (optional): the BTM Settings sheet's range, or its "Capacity rules" and "Zone shares" blocks with their titles; the panel command "Generate roadmap" reads the same sheet, so both give the same roadmap. ` +
    `Scheduling: pinned initiatives first, then the highest-priority initiative whose predecessors are placed goes to the earliest period from which it fits for its whole duration; then forward-backward improvement moves initiatives where that makes the roadmap shorter or finishes priority work sooner without making anything worse. The same inputs always give the same roadmap. ` +
    `The result is a table: a header row ${HEADER.map((h) => `"${h}"`).join(', ')}, then one row per initiative in ids' order: the id, the periods it starts and ends in (both inclusive), the period each zone starts in (A to D), and the reason: why it starts later than it could ("waits for X", "Developer capacity full in 2027-03"), "pinned" (followed by any overload or dependency its date breaks), or blank. Periods are shown as capacity's labels (a date label stays a date), or P1, P2 .... ` +
    `An initiative that cannot be placed (it needs more of a role than the role ever has, does not fit before the horizon ends, or waits for one that cannot be placed) has blank periods and the reason. ` +
    `Errors: #VALUE! names the cell for text, TRUE/FALSE, a blank or a negative number where a number is needed, a fraction of a period, a duplicate id, a range whose length differs from ids', or a demand whose columns do not match capacity's roles; #N/A names the cell for an id in dependencies that is not in ids, or a start that is no period; #VALUE! for dependencies that form a cycle, naming it ("A -> B -> A"); an error cell is passed on with its position; #VALUE! above ${MAX_ROADMAP_INITIATIVES.toLocaleString('en-US')} initiatives, ${MAX_ROADMAP_PERIODS.toLocaleString('en-US')} periods or ${MAX_PLAN_CELLS.toLocaleString('en-US')} initiatives × roles × periods (use the panel command "Generate roadmap").`,
  params: [
    { name: 'ids', description: 'One id per initiative, unique.', shape: 'range', type: 'any' },
    { name: 'durations', description: 'Periods each initiative runs: whole numbers, at least 1.', shape: 'range', type: 'any' },
    {
      name: 'priorities',
      description: 'One per initiative: a rank or priority level (1 first; header "Rank" or "Priority", or exactly 1..n) or a score such as WSJF (higher first; header "WSJF" or "Score").',
      shape: 'range',
      type: 'any',
    },
    { name: 'dependencies', description: 'Per initiative, the ids it waits for, separated by ";" or ","; blank for none.', shape: 'range', type: 'any', optional: true },
    {
      name: 'demand',
      description: "FTE each initiative needs per period while it runs: one row per initiative, one column per role in capacity's row order.",
      shape: 'range',
      type: 'any',
      optional: true,
    },
    {
      name: 'capacity',
      description: 'People per role (rows) and period (columns), as for ALLOCATE; its periods are the horizon. Without it: no capacity limit, periods P1, P2 ...',
      shape: 'range',
      type: 'any',
      optional: true,
    },
    {
      name: 'start',
      description: 'Per initiative: earliest start (period label or number), "pinned <period>" for a fixed start, or blank.',
      shape: 'range',
      type: 'any',
      optional: true,
    },
    {
      name: 'approaches',
      description: `Per initiative: gate-based, sprint-based, change-request or hybrid (blank: ${DEFAULT_APPROACH}); sets where the gates fall.`,
      shape: 'range',
      type: 'any',
      optional: true,
    },
    {
      name: 'settings',
      description: 'The BTM Settings sheet (or its "Capacity rules" and "Zone shares" blocks); default: the built-in settings.',
      shape: 'range',
      type: 'any',
      optional: true,
    },
  ] as const,
  result: 'table',
  resultDescription: `A table: ${HEADER.join(', ')}; one row per initiative in ids' order.`,
  impl: (ids, durations, priorities, dependencies, demand, capacity, start, approaches, settings) =>
    roadmap(ids, durations, priorities, dependencies, demand, capacity, start, approaches, settings),
});

export const ROADMAP_FUNCTIONS: AnyFunctionSpec[] = [ROADMAP];
