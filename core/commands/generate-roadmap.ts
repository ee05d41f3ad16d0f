// The panel's "Generate roadmap" command, as pure planning: from the user's demand table and
// Capacity sheet (read once), the DMO's annual clock and zone shares in BTM Settings, and the
// previous version kept in the owned sheet's hidden columns, the schedule (the same path as the
// ROADMAP function: scheduleRoadmap) laid out as the add-in-owned `BTM Roadmap` sheet that the
// host writes in one go. Nothing outside that sheet changes.
import { CellValue, cellText, isBlank } from '../values/cells';
import { isSheetError } from '../values/errors';
import { clip, yesNoCell } from '../values/coerce';
import {
  APPROACH_FIELD,
  DEMAND_TYPE,
  DURATION_FIELD,
  FORCED_FIELD,
  FieldSpec,
  INITIATIVE_FIELD,
  LANE_FIELD,
  NAME_FIELD,
  PINNED_FIELD,
  PRIORITY_FIELD,
  REQUIRES_FIELD,
  SELECTED_FIELD,
  START_FIELD,
  VALUE_FIELD,
  mapHeaders,
  normaliseHeader,
  roleField,
} from '../demand/header-mapping';
import { SheetSnapshot } from './score-demand';
import { CAPACITY_SHEET, OwnedSheet, readDemandAndCapacity } from './demand-and-capacity';
import { demandCells, roleColumns } from './plan-capacity';
import { plannableCapacity } from '../capacity/rules';
import { joinProblems } from '../capacity/capacity-table';
import { RoadmapInitiative, RoadmapProblem, priorityOrderFrom } from '../roadmap/model';
import { Approach, parseApproach } from '../roadmap/gates';
import { DEFAULT_APPROACH, scheduleRoadmap } from '../roadmap/roadmap-table';
import { RoadmapDrawing, RoadmapEntry, compareVersions, drawRoadmap, periodAxis, readPreviousVersion } from '../roadmap/roadmap-layout';

export const ROADMAP_SHEET = 'BTM Roadmap';
/** The sheet Generate roadmap writes, never read as its demand table. */
export const ROADMAP_OWNED: OwnedSheet = { sheet: ROADMAP_SHEET, writes: 'the roadmap' };

export interface RoadmapRequest {
  /** Field -> header, as in Score demand ('' for "not used"). */
  readonly overrides?: Readonly<Record<string, string>>;
  /** Header of the column whose values become lanes; default: "Value stream" if present, else "Demand type", else one lane ('' for one lane). */
  readonly lane?: string;
  /** Replace the owned sheet even though the user edited it. */
  readonly replace?: boolean;
}

export type RoadmapResponse =
  | {
      status: 'written';
      sheet: string;
      /** Initiatives on the roadmap (placed or not). */
      initiatives: number;
      placed: number;
      unplaceable: number;
      changes: { added: number; moved: number; removed: number; unchanged: number; first: boolean };
      /** The lines at the top of the sheet, the title first. */
      summary: string[];
      notes: string[];
      mapping: Record<string, string>;
      tableHeaders: string[];
      /** Every field the command looks for (the roles' FTE fields included), for the panel's mapping choices. */
      fields?: string[];
    }
  | { status: 'confirm'; message: string }
  | { status: 'invalid'; message: string };

export interface RoadmapLayout extends RoadmapDrawing {
  readonly response: Extract<RoadmapResponse, { status: 'written' }>;
}

type Invalid = { status: 'invalid'; message: string };
const invalid = (message: string): { response: Invalid } => ({ response: { status: 'invalid', message } });

const key = (id: string) => id.trim().toLowerCase();

/** The fields Generate roadmap looks for: the fixed ones, then one per role of the Capacity sheet. */
export function roadmapFields(roles: readonly string[]): FieldSpec[] {
  return [
    INITIATIVE_FIELD,
    NAME_FIELD,
    DURATION_FIELD,
    START_FIELD,
    PINNED_FIELD,
    REQUIRES_FIELD,
    PRIORITY_FIELD,
    VALUE_FIELD,
    LANE_FIELD,
    DEMAND_TYPE,
    APPROACH_FIELD,
    SELECTED_FIELD,
    FORCED_FIELD,
    ...roles.map(roleField),
  ];
}

/**
 * Everything between the host's one read and its one write. ownedGrid: the BTM Roadmap sheet's
 * values from A1 (undefined when absent). Decisions where the issue is silent:
 * - Which rows: with a Selected column, the rows saying yes (TRUE, 1, x); without one, every row
 *   not forced out. A scheduled initiative that requires one left out does not wait for it (noted).
 *   Only the rows on the roadmap need a duration and figures; every row needs a unique ID.
 * - Order: the Priority (or Rank, BTM Rank) column, lowest first; else the value column (Value,
 *   NPV, BTM Score, Score, WSJF), highest first; else the table's order. Blanks last, ties in
 *   table order. The summary says which.
 * - Lanes: the request's column, else Value stream (or Lane), else Demand type, else one lane
 *   "All"; a blank lane cell is drawn in the lane "(no <header>)". Lanes in order of first
 *   appearance in the table.
 * - A blank development approach is DEFAULT_APPROACH (gate-based).
 * - Names: with a name column beside the ID ("Name", "Title", "Initiative name", "Project name",
 *   "Summary"), the sheet shows it in a Name column right of Initiative; the ID stays the
 *   identity (Requires, refreshes, the hidden version). A table whose only such column is one
 *   an ID may be headed ("Name", "Title", "Project") takes it as the ID and draws no Name column. A name cell is shown as its text (an
 *   error code as the code); blank is blank.
 * - Start (earliest) and Pinned start read as Plan capacity reads a start: a period label (any
 *   case), a period number 1..T, or a date inside a dated period.
 */
export function prepareRoadmap(
  snap: SheetSnapshot,
  capacityGrid: CellValue[][] | undefined,
  settingsGrid: CellValue[][] | undefined,
  ownedGrid: CellValue[][] | undefined,
  request: RoadmapRequest,
): { layout?: RoadmapLayout; response: RoadmapResponse } {
  const input = readDemandAndCapacity(snap, capacityGrid, settingsGrid, ROADMAP_OWNED);
  if ('problem' in input) return invalid(input.problem);
  const { found, cap, settings, notes, headers, tableHeaders, source } = input;
  const T = cap.periods.length;
  const fields = roadmapFields(cap.roles);
  const overrides: Record<string, string> = { ...(request.overrides ?? {}) };
  if (request.lane !== undefined) {
    if (request.lane.trim() !== '' && !headers.some((h) => normaliseHeader(h) === normaliseHeader(request.lane as string))) {
      return invalid(`No column of the demand table is headed "${clip(request.lane)}": pick the lane column among ${tableHeaders.map((h) => `"${h}"`).join(', ')}.`);
    }
    overrides[LANE_FIELD.key] = request.lane;
  }
  const mapped = mapHeaders(headers, fields, overrides);
  const mapping: Record<string, number> = { ...mapped };
  // A table whose only naming column is "Name" (or "Title", any header the ID may have): that column is the ID.
  const nameCol = mapping[NAME_FIELD.key];
  if (
    mapping[INITIATIVE_FIELD.key] === undefined &&
    nameCol !== undefined &&
    overrides[NAME_FIELD.key] === undefined &&
    overrides[INITIATIVE_FIELD.key] !== '' &&
    INITIATIVE_FIELD.names.some((n) => normaliseHeader(n) === normaliseHeader(headers[nameCol]))
  ) {
    mapping[INITIATIVE_FIELD.key] = nameCol;
    delete mapping[NAME_FIELD.key];
  }
  const laneKey = mapping[LANE_FIELD.key] !== undefined ? LANE_FIELD.key : overrides[LANE_FIELD.key] === undefined && mapping[DEMAND_TYPE.key] !== undefined ? DEMAND_TYPE.key : undefined;
  const shownMapping: Record<string, string> = {};
  for (const f of fields) {
    const i = mapping[f.key];
    if (i !== undefined && (f.key !== DEMAND_TYPE.key || laneKey === DEMAND_TYPE.key)) shownMapping[f.key] = tableHeaders[i];
  }

  const missing: string[] = [];
  if (mapping[INITIATIVE_FIELD.key] === undefined) missing.push('No column gives the initiatives: name one "ID", "Initiative" or "Name", or choose it in the panel.');
  if (mapping[DURATION_FIELD.key] === undefined) missing.push('No column gives the duration: name one "Duration" or "Periods" (whole periods of the Capacity sheet), or choose it in the panel.');
  const roles = roleColumns(cap.roles, mapping);
  const roleCols = roles.cols;
  if (roles.problem) missing.push(roles.problem);
  if (missing.length > 0) return invalid(missing.join(' '));
  notes.push(...roles.notes);

  const cells = demandCells(found, mapping, cap);
  const { problems, at, where, numberAt, startAt } = cells;
  const bySelected = mapping[SELECTED_FIELD.key] !== undefined;
  const byPriority = mapping[PRIORITY_FIELD.key] !== undefined;
  const byValue = !byPriority && mapping[VALUE_FIELD.key] !== undefined;
  const byName = mapping[NAME_FIELD.key] !== undefined;
  const laneHeader = laneKey === undefined ? '' : tableHeaders[mapping[laneKey]];

  interface Read {
    readonly id: string;
    /** The Name column's text ('' when blank or when the table has none). */
    readonly name: string;
    readonly rowIndex: number;
    readonly initiative: Omit<RoadmapInitiative, 'after'>;
    readonly requires: string[];
    readonly approach: Approach | undefined;
    readonly lane: string;
    readonly rank: number | undefined;
  }
  const read: Read[] = [];
  const left: Array<{ id: string; why: 'not selected' | 'forced out' }> = [];
  const allKeys: string[] = []; // every row with a valid ID, scheduled or not
  for (let r = 1; r < found.values.length; r++) {
    const row = found.values[r].slice(0, found.width);
    if (row.every(isBlank)) continue; // a blank row inside the table
    const id = cells.idAt(r);
    if (id === undefined) continue;
    allKeys.push(key(id));
    if (bySelected) {
      const cell = at(r, SELECTED_FIELD.key);
      const yes = yesNoCell(cell);
      if (yes === undefined) {
        const shown = isSheetError(cell) ? cell.code : typeof cell === 'string' ? `"${clip(cell)}"` : String(cell);
        problems.push(`${where(r, SELECTED_FIELD.key)}: selected must be yes or no (TRUE/FALSE, 1/0; blank is no), not ${shown}.`);
        continue;
      }
      if (yes !== true) {
        left.push({ id, why: 'not selected' });
        continue;
      }
    } else if (cells.forcedAt(r) === 'out') {
      left.push({ id, why: 'forced out' });
      continue;
    }
    const duration = numberAt(r, DURATION_FIELD.key, 'duration', { whole: true });
    const earliest = startAt(r);
    const pinned = isBlank(at(r, PINNED_FIELD.key)) ? null : startAt(r, PINNED_FIELD.key, 'pinned start', true);
    const fte = cap.roles.map((role, k) => (roleCols[k] === undefined ? 0 : numberAt(r, roleField(role).key, `FTE of ${role}`, { blank: 0 })));
    const requires = cells.idsAt(r, REQUIRES_FIELD.key);
    const rank = byPriority ? cells.priorityAt(r) : byValue && !isBlank(at(r, VALUE_FIELD.key)) ? numberAt(r, VALUE_FIELD.key, 'value', { negative: true }) : undefined;
    let approach: Approach | undefined;
    const approachCell = at(r, APPROACH_FIELD.key);
    if (!isBlank(approachCell)) {
      approach = typeof approachCell === 'string' ? parseApproach(approachCell) : undefined;
      if (approach === undefined) {
        const shown = isSheetError(approachCell) ? approachCell.code : typeof approachCell === 'string' ? `"${clip(approachCell)}"` : String(approachCell);
        problems.push(`${where(r, APPROACH_FIELD.key)}: the development approach must be gate-based, sprint-based, change-request or hybrid (or blank for ${DEFAULT_APPROACH}), not ${shown}.`);
      }
    }
    let lane = 'All';
    if (laneKey !== undefined) {
      const cell = at(r, laneKey);
      if (isSheetError(cell)) problems.push(`${where(r, laneKey)} holds ${cell.code}: the lane must be text (or blank).`);
      else lane = isBlank(cell) ? `(no ${laneHeader})` : String(cell).trim();
    }
    if (duration === undefined || earliest === undefined || pinned === undefined || fte.some((x) => x === undefined)) continue;
    read.push({
      id,
      name: byName ? cellText(at(r, NAME_FIELD.key)).trim() : '',
      rowIndex: r,
      initiative: { id, duration, fte: fte as number[], earliestStart: earliest, ...(pinned !== null ? { pinnedStart: pinned } : {}) },
      requires,
      approach,
      lane,
      rank,
    });
  }

  // Dependencies, once every ID is known.
  const indexOf = new Map(read.map((x, i) => [key(x.id), i]));
  const allIndex = new Map(allKeys.map((k, i) => [k, i]));
  const leftWhy = new Map(left.map((x) => [key(x.id), x]));
  const after: string[][] = read.map((x) => {
    const out: string[] = [];
    for (const j of cells.linked(x.rowIndex, REQUIRES_FIELD.key, 'require', x.requires, allIndex, allIndex.get(key(x.id)) ?? -1)) {
      const k = allKeys[j];
      const target = indexOf.get(k);
      if (target !== undefined) {
        if (!out.includes(read[target].id)) out.push(read[target].id);
      } else {
        const gone = leftWhy.get(k);
        if (gone) notes.push(`${x.id} requires ${gone.id}, which is not on the roadmap (${gone.why}): ${x.id} does not wait for it.`);
      }
    }
    return out;
  });
  if (problems.length > 0) return invalid(joinProblems(problems));
  if (read.length === 0) {
    if (left.length > 0) return invalid(`No initiative is on the roadmap: ${bySelected ? `no row of the "${tableHeaders[mapping[SELECTED_FIELD.key]]}" column says yes` : 'every row is forced out'}.`);
    return invalid('The demand table has no initiatives: every row below the header is blank.');
  }
  const notSelected = left.filter((x) => x.why === 'not selected').map((x) => x.id);
  const forcedOut = left.filter((x) => x.why === 'forced out').map((x) => x.id);
  if (notSelected.length > 0) notes.push(`${notSelected.length} not selected, so not on the roadmap: ${listed(notSelected)}.`);
  if (forcedOut.length > 0) notes.push(`${forcedOut.length} forced out, so not on the roadmap: ${listed(forcedOut)}.`);
  const defaulted = read.filter((x) => x.approach === undefined).length;
  if (defaulted > 0) notes.push(`${defaulted} with no development approach: drawn as ${DEFAULT_APPROACH}.`);

  // Priority order.
  const orderColumn = byPriority ? tableHeaders[mapping[PRIORITY_FIELD.key]] : byValue ? tableHeaders[mapping[VALUE_FIELD.key]] : undefined;
  const orderText = byPriority
    ? `by the "${orderColumn}" column, lowest first, then the table's order`
    : byValue
      ? `by the "${orderColumn}" column, highest first, then the table's order`
      : "the table's order (no Priority, Rank or Value column)";
  const priorityOrder = byPriority || byValue ? priorityOrderFrom(read.map((x) => x.rank), byPriority ? 'lowest-first' : 'highest-first') : undefined;

  const rules = settings.capacity;
  const problem: RoadmapProblem = {
    initiatives: read.map((x, i) => ({ ...x.initiative, after: after[i] })),
    roles: cap.roles,
    periods: cap.periods,
    capacity: cap.headcount.map((row) => row.map((h) => plannableCapacity(h, rules))),
    ...(priorityOrder ? { priorityOrder } : {}),
  };
  const outcome = scheduleRoadmap(
    problem,
    read.map((x) => x.approach),
    settings.roadmap.zoneShares,
  );
  if (isSheetError(outcome)) {
    const cycle = outcome.cycle;
    if (cycle) {
      const places = cycle.slice(0, -1).map((id) => `${cells.where(read[indexOf.get(key(id)) as number].rowIndex, REQUIRES_FIELD.key)} (${id})`);
      return invalid(`${outcome.message} Remove one of these requirements: ${places.join(', ')}.`);
    }
    return invalid(outcome.message);
  }

  // The previous version and the user's edits.
  const previous = readPreviousVersion(ownedGrid);
  if (!request.replace) {
    if (previous.kind === 'foreign') {
      return { response: { status: 'confirm', message: `A sheet named "${ROADMAP_SHEET}" already exists and was not generated by the add-in (or its hidden columns were removed). Replace its content with the roadmap?` } };
    }
    if (previous.kind === 'version' && previous.edited) {
      return { response: { status: 'confirm', message: `The ${ROADMAP_SHEET} sheet was edited since it was generated. Generating the roadmap again replaces those edits: go ahead?` } };
    }
  }
  const rows = outcome.rows;
  const changes = compareVersions(rows, previous.kind === 'version' ? previous.entries : undefined, cap.periods);

  // Lanes in order of first appearance.
  const lanes: string[] = [];
  for (const x of read) if (!lanes.includes(x.lane)) lanes.push(x.lane);
  const entries: RoadmapEntry[] = read.map((x, i) => ({ id: x.id, ...(byName ? { name: x.name } : {}), lane: x.lane, approach: x.approach ?? DEFAULT_APPROACH, row: rows[i] }));

  const placed = rows.filter((x) => x.status === 'placed').length;
  const unplaceable = rows.length - placed;
  const summary = [
    `${ROADMAP_SHEET}: ${rows.length} initiatives from ${source}, ${T === 1 ? cap.periods[0] : `${cap.periods[0]} to ${cap.periods[T - 1]}`}`,
    `Placed: ${placed} of ${rows.length}${unplaceable > 0 ? `; ${unplaceable} cannot be placed (see Reason)` : ''}`,
    changesLine(changes),
    `Order: ${orderText}`,
  ];
  if (outcome.findings.length > 0) summary.push(`Findings: ${outcome.findings.slice(0, 3).join('; ')}${outcome.findings.length > 3 ? ` (and ${outcome.findings.length - 3} more)` : ''}`);
  if (!periodAxis(cap.periods).some((p) => p.months)) {
    notes.push(`The periods of the ${CAPACITY_SHEET} sheet (${cap.periods[0]} …) name no months: the roadmap shows no year labels and no annual-clock markers. Name them like 2027-01, Jan 2027 or Q1 2027.`);
  }

  const drawing = drawRoadmap({ entries, lanes, periods: cap.periods, clock: settings.roadmap, changes, summary, names: byName });
  const response: Extract<RoadmapResponse, { status: 'written' }> = {
    status: 'written',
    sheet: ROADMAP_SHEET,
    initiatives: rows.length,
    placed,
    unplaceable,
    changes: { added: changes.added, moved: changes.moved, removed: changes.removed.length, unchanged: changes.unchanged, first: changes.first },
    summary,
    notes,
    mapping: shownMapping,
    tableHeaders,
    fields: fields.map((f) => f.key),
  };
  return { layout: { ...drawing, response }, response };
}

function changesLine(c: ReturnType<typeof compareVersions>): string {
  if (c.first) return `First version: all ${c.added} initiatives are new`;
  if (c.added === 0 && c.moved === 0 && c.removed.length === 0) return 'Since the last version: no changes';
  const parts = [`${c.added} new`, `${c.moved} moved${c.biggest.length > 0 ? ` (biggest: ${c.biggest.slice(0, 3).join(', ')})` : ''}`, `${c.removed.length} removed`];
  return `Since the last version: ${parts.join(', ')}`;
}

/** IDs as a list, the first ten and how many more. */
function listed(ids: readonly string[]): string {
  return ids.length > 10 ? `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more` : ids.join(', ');
}
