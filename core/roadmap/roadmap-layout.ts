// Drawing the BTM Roadmap sheet from a schedule: a Gantt chart in cells. One grid of values and
// one of fills (plus font colours), so a host writes 500 initiatives over 36 months in one values
// call and one backgrounds call. Also what a refresh needs: the time axis read as months (for the
// year labels and the annual clock's markers), the previous version kept in hidden columns of the
// sheet itself, what changed since, and a fingerprint of the visible cells that tells whether the
// user edited the sheet since it was generated.
import { CellValue, cellText } from '../values/cells';
import { dateLabel, isDateSerial } from '../capacity/capacity-table';
import { ZONES, Zone } from './gates';
import type { RoadmapRow } from './roadmap-table';

// ---------------------------------------------------------------------------------------------
// The time axis as months

export interface AxisPeriod {
  /** As the Capacity sheet names it. */
  readonly label: string;
  /** What the narrow period column shows: J (January, under the year row), Q3, H1, 2027, or the label when it names no month. */
  readonly short: string;
  /** Calendar year and months (1-12) the period covers; undefined when the label names none. */
  readonly year?: number;
  readonly months?: readonly number[];
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** A month's letter under the year row: J F M A M J J A S O N D (three letters do not fit a 28-pixel column in bold). */
const MONTH_LETTERS = 'JFMAMJJASOND';

interface Parsed {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  /** Months covered. */
  readonly span: number;
  readonly kind: 'month' | 'quarter' | 'half' | 'year';
}

const yearOf = (text: string) => (text.length === 2 ? 2000 + Number(text) : Number(text));

function monthOfName(text: string): number | undefined {
  const t = text.toLowerCase().replace(/\.$/, '');
  if (t === 'sept') return 9;
  if (t.length < 3) return undefined;
  const k = MONTH_NAMES.findIndex((m) => m.startsWith(t));
  return k < 0 ? undefined : k + 1;
}

/**
 * The months a period label names. Read (any case, spaces or - / . between the parts):
 * 2027-01, 2027/1, 2027-01-15 (a date label), 01/2027; Jan 2027, January 2027, Jan-27, 2027 Jan;
 * Q1 2027, 2027 Q1, 2027-Q1, Q1-27, Q1 FY2027 (calendar quarters); H1 2027, 2027 H2; and a bare
 * year 2027 (1900-2199). Anything else (P1, Sprint 4, 1, 2, 3) names no month.
 */
function parsePeriod(label: string): Parsed | undefined {
  const t = label.trim().toLowerCase();
  let m: RegExpExecArray | null;
  const month = (year: number, mo: number): Parsed | undefined => (mo >= 1 && mo <= 12 ? { year, month: mo, span: 1, kind: 'month' } : undefined);
  if ((m = /^(\d{4})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*\d{1,2})?$/.exec(t))) return month(Number(m[1]), Number(m[2]));
  if ((m = /^(\d{1,2})\s*[-/.]\s*(\d{4})$/.exec(t))) return month(Number(m[2]), Number(m[1]));
  if ((m = /^([a-z]+\.?)[\s\-/,']*(\d{4}|\d{2})$/.exec(t))) {
    const mo = monthOfName(m[1]);
    if (mo !== undefined) return month(yearOf(m[2]), mo);
  }
  if ((m = /^(\d{4})[\s\-/,]*([a-z]+)\.?$/.exec(t))) {
    const mo = monthOfName(m[2]);
    if (mo !== undefined) return month(Number(m[1]), mo);
  }
  if ((m = /^q([1-4])[\s\-/']*(?:fy)?\s*(\d{4}|\d{2})$/.exec(t)) || (m = /^(?:fy)?\s*(\d{4})[\s\-/]*q([1-4])$/.exec(t))) {
    const [q, y] = m[1].length === 1 ? [Number(m[1]), yearOf(m[2])] : [Number(m[2]), Number(m[1])];
    return { year: y, month: q * 3 - 2, span: 3, kind: 'quarter' };
  }
  if ((m = /^h([12])[\s\-/']*(\d{4}|\d{2})$/.exec(t)) || (m = /^(\d{4})[\s\-/]*h([12])$/.exec(t))) {
    const [h, y] = m[1].length === 1 ? [Number(m[1]), yearOf(m[2])] : [Number(m[2]), Number(m[1])];
    return { year: y, month: h * 6 - 5, span: 6, kind: 'half' };
  }
  if ((m = /^(\d{4})$/.exec(t)) && Number(m[1]) >= 1900 && Number(m[1]) < 2200) return { year: Number(m[1]), month: 1, span: 12, kind: 'year' };
  return undefined;
}

const ordinal = (p: Parsed) => p.year * 12 + p.month - 1;

/**
 * The periods as months. Dated headers arrive as their labels (2027-01, from the Capacity sheet's
 * reading), so a dated quarter axis (1 Jan, 1 Apr, 1 Jul ...) reads as single months three apart:
 * when every period is such a month and they are evenly spaced, each covers the months up to the
 * next one (quarters, halves). A label that names no month keeps itself as its short form.
 */
export function periodAxis(labels: readonly string[]): AxisPeriod[] {
  const parsed = labels.map(parsePeriod);
  const step = evenStep(parsed);
  return labels.map((label, t) => {
    const p = parsed[t];
    if (!p) return { label, short: label };
    const span = p.kind === 'month' && step !== undefined ? step : p.span;
    const months = Array.from({ length: span }, (_, k) => ((p.month - 1 + k) % 12) + 1);
    let short: string;
    if (p.kind === 'year') short = String(p.year);
    else if (p.kind === 'half' || (span === 6 && (p.month === 1 || p.month === 7))) short = `H${p.month === 1 ? 1 : 2}`;
    else if (p.kind === 'quarter' || (span === 3 && (p.month - 1) % 3 === 0)) short = `Q${(p.month + 2) / 3}`;
    else short = MONTH_LETTERS[p.month - 1];
    return { label, short, year: p.year, months };
  });
}

/** The months between consecutive periods when every period is a single month and they are evenly spaced (1 for a monthly axis). */
function evenStep(parsed: readonly (Parsed | undefined)[]): number | undefined {
  if (parsed.length < 2 || parsed.some((p) => p === undefined || p.kind !== 'month')) return undefined;
  const ps = parsed as Parsed[];
  const d = ordinal(ps[1]) - ordinal(ps[0]);
  if (d < 1 || d > 12) return undefined;
  for (let t = 2; t < ps.length; t++) if (ordinal(ps[t]) - ordinal(ps[t - 1]) !== d) return undefined;
  return d;
}

/** The year over the first period of each year (and over the first period of the axis); '' elsewhere. */
export function yearLabels(axis: readonly AxisPeriod[]): string[] {
  return axis.map((p, t) => (p.year !== undefined && (t === 0 || axis[t - 1].year !== p.year) ? String(p.year) : ''));
}

/** The annual clock's months (1-12), as the DMO sets them in BTM Settings. */
export interface AnnualClock {
  readonly planningRounds: readonly number[];
  readonly portfolioReviews: readonly number[];
}

/** Per period: "P" when a planning round falls in one of its months, "R" for a portfolio review, "PR" for both, '' otherwise. */
export function clockMarkers(axis: readonly AxisPeriod[], clock: AnnualClock): string[] {
  return axis.map((p) => {
    const months = p.months ?? [];
    const planning = months.some((m) => clock.planningRounds.includes(m));
    const review = months.some((m) => clock.portfolioReviews.includes(m));
    return `${planning ? 'P' : ''}${review ? 'R' : ''}`;
  });
}

// ---------------------------------------------------------------------------------------------
// The previous version and the fingerprint, kept in the sheet's hidden columns

/** The first hidden cell (row 1) says the block is the add-in's: the version kept, then the fingerprint. */
export const VERSION_MARK = 'BTM Roadmap version';
/** Hidden columns: mark / id, fingerprint / start, end. */
export const HIDDEN_COLUMNS = 3;

/** A period label (or any cell) as read back (a host may have turned 2027-01 into a date). */
const labelText = (c: CellValue | undefined) => (isDateSerial(c) ? dateLabel(c) : cellText(c).trim());

/**
 * FNV-1a (32 bits) over the first `cols` columns of the grid as text: cells joined by U+001F,
 * rows by U+001E, spaces around a cell and trailing blank cells and rows left out (a host reading
 * the sheet back may trim them). A number and the same digits as text hash alike, and a date
 * serial like its label (2027-04), so a host that stores "2027" as a number or "2027-04" as a
 * date does not look like an edit.
 */
export function fingerprint(grid: readonly (readonly CellValue[])[], cols: number): string {
  const lines = grid.map((row) => {
    const cells: string[] = [];
    for (let c = 0; c < cols; c++) cells.push(labelText(row[c]));
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    return cells.join('\u001f');
  });
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const text = lines.join('\u001e');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `fnv1a-${h.toString(16).padStart(8, '0')}`;
}

export interface VersionEntry {
  readonly id: string;
  /** Period labels; '' when it was not placed. */
  readonly start: string;
  readonly end: string;
}

export type PreviousVersion =
  /** No sheet, or an empty one. */
  | { readonly kind: 'none' }
  /** A sheet with content but no version block: not the add-in's, or its hidden columns were removed. */
  | { readonly kind: 'foreign' }
  | { readonly kind: 'version'; readonly entries: readonly VersionEntry[]; readonly edited: boolean };


/** Reads the owned sheet's cells from A1: the version kept in its hidden block and whether its visible cells still hash to the fingerprint stored beside it. */
export function readPreviousVersion(grid: readonly (readonly CellValue[])[] | undefined): PreviousVersion {
  if (!grid || grid.every((row) => row.every((c) => cellText(c).trim() === ''))) return { kind: 'none' };
  const col = (grid[0] ?? []).findIndex((c) => cellText(c).trim() === VERSION_MARK);
  if (col < 0) return { kind: 'foreign' };
  const stored = cellText(grid[0][col + 1]).trim();
  const entries: VersionEntry[] = [];
  for (let r = 1; r < grid.length; r++) {
    const id = cellText(grid[r]?.[col]);
    if (id.trim() === '') continue;
    entries.push({ id, start: labelText(grid[r]?.[col + 1]), end: labelText(grid[r]?.[col + 2]) });
  }
  const edited = fingerprint(grid, col) !== stored;
  // A version without entries, untouched (the template's placeholder): nothing to compare with.
  if (entries.length === 0 && !edited) return { kind: 'none' };
  return { kind: 'version', entries, edited };
}

// ---------------------------------------------------------------------------------------------
// What changed since the previous version

export interface VersionChanges {
  /** Per current entry (same order): "new", "moved +2", "moved -1", "moved", "placed", "not placed" or ''. */
  readonly change: readonly string[];
  /** In the previous version, not in this one (previous order). */
  readonly removed: readonly VersionEntry[];
  readonly added: number;
  readonly moved: number;
  readonly unchanged: number;
  /** The moves by the most periods first (ties in table order), as "BI +2". */
  readonly biggest: readonly string[];
  readonly first: boolean;
}

const idKey = (id: string) => id.trim().toLowerCase();

/**
 * Compares this version with the previous one by ID (case and surrounding spaces aside). A move
 * is measured on the end (when it is delivered); when only the start moved, on the start. Periods
 * are matched by label, so a horizon that moved on between versions (2027-01 … 2027-12, then
 * 2027-04 … 2028-03) still measures moves in periods; a label the new axis does not hold is
 * placed by its months when the axis is evenly spaced, else the move is shown without a number.
 */
export function compareVersions(
  current: readonly { readonly id: string; readonly start: number | null; readonly end: number | null }[],
  previous: readonly VersionEntry[] | undefined,
  periods: readonly string[],
): VersionChanges {
  if (previous === undefined) {
    return { change: current.map(() => 'new'), removed: [], added: current.length, moved: 0, unchanged: 0, biggest: [], first: true };
  }
  const before = new Map(previous.map((e) => [idKey(e.id), e]));
  const now = new Set(current.map((e) => idKey(e.id)));
  const position = positionOf(periods);
  const moves: Array<{ id: string; by: number; order: number }> = [];
  let added = 0;
  let moved = 0;
  let unchanged = 0;
  const change = current.map((e, order) => {
    const old = before.get(idKey(e.id));
    if (!old) {
      added++;
      return 'new';
    }
    const wasPlaced = old.start !== '';
    const isPlaced = e.start !== null && e.end !== null;
    let text = '';
    if (wasPlaced && !isPlaced) text = 'not placed';
    else if (!wasPlaced && isPlaced) text = 'placed';
    else if (isPlaced) {
      const byEnd = shift(position(old.end), e.end as number, old.end, periods[e.end as number]);
      const byStart = shift(position(old.start), e.start as number, old.start, periods[e.start as number]);
      const by = byEnd !== 0 ? byEnd : byStart;
      if (by === undefined) text = 'moved';
      else if (by !== 0) {
        text = `moved ${by > 0 ? '+' : ''}${by}`;
        moves.push({ id: e.id, by, order });
      }
    }
    if (text === '') unchanged++;
    else moved++;
    return text;
  });
  const removed = previous.filter((e) => !now.has(idKey(e.id)));
  const biggest = moves
    .sort((a, b) => Math.abs(b.by) - Math.abs(a.by) || a.order - b.order)
    .map((m) => `${m.id} ${m.by > 0 ? '+' : ''}${m.by}`);
  return { change, removed, added, moved, unchanged, biggest, first: false };
}

/** Periods between an old label's position and the new index: 0 when the same, undefined when the old label cannot be placed on this axis (and differs). */
function shift(old: number | undefined, now: number, oldLabel: string, nowLabel: string | undefined): number | undefined {
  if (old !== undefined) return now - old;
  return oldLabel.toLowerCase() === (nowLabel ?? '').toLowerCase() ? 0 : undefined;
}

/** Where a period label sits on the current axis: its index, or (evenly spaced month axes) the periods from the first one, possibly negative. */
function positionOf(periods: readonly string[]): (label: string) => number | undefined {
  const index = new Map(periods.map((p, t) => [p.trim().toLowerCase(), t]));
  const parsed = periods.map(parsePeriod);
  const first = parsed[0];
  const stepMonths = evenStep(parsed) ?? (first && parsed.every((p) => p && p.kind === first.kind) ? first.span : undefined);
  return (label) => {
    const t = index.get(label.trim().toLowerCase());
    if (t !== undefined) return t;
    const p = parsePeriod(label);
    if (!p || !first || stepMonths === undefined) return undefined;
    const d = ordinal(p) - ordinal(first);
    return d % stepMonths === 0 ? d / stepMonths : undefined;
  };
}

// ---------------------------------------------------------------------------------------------
// The sheet

/**
 * Eight fills that black text reads well on and that tell lanes apart; more lanes reuse them in
 * turn. All light: nothing dark on the sheet is a lane (the clock's markers are dark).
 */
export const LANE_COLOURS = ['#9bc2e6', '#f4b183', '#a9d08e', '#ffd966', '#c9a9e0', '#8fd3cc', '#f2a7a7', '#c9c9c9'] as const;
/** The annual clock's markers: dark fills with a white letter, so that no marker reads as a lane's (light) bar. */
export const MARKER_FILLS = { planning: '#203864', review: '#525252' } as const;
export const MARKER_FONT = '#ffffff';
export const HEADER_FILL = '#d9e1f2';
export const FONT_COLOURS = { new: '#375623', moved: '#c65911', unplaceable: '#c00000', removed: '#7f7f7f' } as const;

/**
 * The table's columns left of the periods, in order; Name only when the demand table has a name
 * (or title) column beside the ID. The Reason column comes right of the last period, where its
 * text has room.
 */
export const ROADMAP_COLUMNS = ['Initiative', 'Name', 'Lane', 'Approach', 'Start', 'End', 'Change'] as const;
export const REASON_COLUMN = 'Reason';
export type RoadmapColumn = (typeof ROADMAP_COLUMNS)[number] | typeof REASON_COLUMN;
const PERIOD_WIDTH = 28;
const HIDDEN_WIDTH = 80;
/** Width per column in pixels: fitted to the longest text, between these bounds. */
const WIDTH_BOUNDS: Readonly<Record<RoadmapColumn, readonly [number, number]>> = {
  Initiative: [64, 190],
  Name: [80, 240],
  Lane: [56, 140],
  Approach: [64, 110],
  Start: [56, 100],
  End: [56, 100],
  Change: [56, 90],
  Reason: [80, 600],
};

/**
 * About the width in pixels a text takes in Calibri 11 (Excel's and Sheets' default; measured on
 * Carlito, its metric twin, as LibreOffice prints it), a little generous: digits 7.5, most capitals
 * 8, most lower case 7, narrow letters and punctuation 3.5 to 4.5. Bold is 8% wider.
 */
export function textWidth(text: string, bold = false): number {
  let w = 0;
  for (const ch of text) {
    if (/[0-9]/.test(ch)) w += 7.5;
    else if (ch === 'I') w += 3.5;
    else if (ch === 'J') w += 5;
    else if (ch === 'M' || ch === 'W') w += 11.5;
    else if (/[A-Z]/.test(ch)) w += 8;
    else if (/[ijl]/.test(ch)) w += 3.5;
    else if (/[ftr]/.test(ch)) w += 4.5;
    else if (ch === 'm' || ch === 'w') w += 10.5;
    else if (/[a-z]/.test(ch)) w += 7;
    else if (/[ .,:;'!|]/.test(ch)) w += 3.5;
    else if (/[-()]/.test(ch)) w += 4.5;
    else w += 7;
  }
  return Math.ceil(w * (bold ? 1.08 : 1));
}

/** Cells whose text fits in one column: the column's header (bold) and its values, plus padding; within the bounds. */
function fitted(column: RoadmapColumn, texts: readonly string[]): number {
  const [lo, hi] = WIDTH_BOUNDS[column];
  const widest = Math.max(textWidth(column, true), ...texts.map((t) => textWidth(t)));
  return Math.min(hi, Math.max(lo, widest + 12));
}

/** The text a period cell shows for the gates starting in it: one or two letters as they are ("A", "AB", "CD"), three or four as a range ("A-C", "A-D") that fits a narrow column. */
export function gateText(letters: readonly Zone[]): string {
  return letters.length <= 2 ? letters.join('') : `${letters[0]}-${letters[letters.length - 1]}`;
}

export interface RoadmapEntry {
  /** As typed. */
  readonly id: string;
  /** The initiative's name as typed (text); shown in the Name column when DrawInput.names is set. */
  readonly name?: string;
  readonly lane: string;
  /** The approach as shown (gate-based, sprint-based ...). */
  readonly approach: string;
  readonly row: RoadmapRow;
}

export interface DrawInput {
  /** Table order. */
  readonly entries: readonly RoadmapEntry[];
  /** Lane names in the order drawn. */
  readonly lanes: readonly string[];
  readonly periods: readonly string[];
  readonly clock: AnnualClock;
  readonly changes: VersionChanges;
  /** The summary lines under the title (the title itself first). */
  readonly summary: readonly string[];
  /** Draw a Name column after Initiative (the demand table has a name column beside the ID). */
  readonly names?: boolean;
}

export interface RoadmapDrawing {
  /** The owned sheet's whole content from A1, rectangular (user text as typed; hosts write it as text via asTextCell). */
  readonly values: CellValue[][];
  /** '#rrggbb' or null: bars, lane rows, markers, legend, header row. */
  readonly fills: (string | null)[][];
  readonly fontColors: (string | null)[][];
  /** 0-based. */
  readonly boldRows: readonly number[];
  /** 0-based [row, col] of single bold cells outside boldRows: the gate letters. */
  readonly boldCells: readonly (readonly [number, number])[];
  readonly frozenRows: number;
  readonly frozenCols: number;
  /** Width per column in pixels (Excel points = px x 0.75). */
  readonly columnWidths: readonly number[];
  /** 1-based first column and count of the hidden block holding this version (kept for the next refresh). */
  readonly hiddenColumns: { readonly from: number; readonly count: number };
  /** Where things are (0-based): the header row, each named column, the first period column and how many. */
  readonly columns: {
    readonly headerRow: number;
    readonly byName: Readonly<Partial<Record<RoadmapColumn, number>>>;
    readonly firstPeriod: number;
    readonly periods: number;
  };
}

/**
 * The sheet, top to bottom: the title and summary lines; a legend row; the year row (each year
 * over its first period), the column headers with the period letters (J F M … for months, Q1 …
 * for quarters), the annual clock's markers (frozen, with the Initiative and Name columns); then
 * per lane a title row in the lane's colour across the whole width and its initiatives by start
 * (those not placed last, in table order), each with its bar in the lane's colour and the gate
 * letters in the periods their zones start; at the bottom, the initiatives removed since the
 * last version. Left to right: Initiative, Name (when the table has names), Lane, Approach,
 * Start, End, Change, the periods, Reason. Right of Reason, three hidden columns keep this
 * version (id, start, end per initiative) and the fingerprint of the visible cells for the next
 * refresh. Column widths follow the longest text (within bounds), so the table leaves the
 * timeline room.
 */
export function drawRoadmap(input: DrawInput): RoadmapDrawing {
  const { entries, lanes, periods, changes } = input;
  const T = periods.length;
  const table: RoadmapColumn[] = ROADMAP_COLUMNS.filter((c) => c !== 'Name' || input.names === true);
  const F = table.length;
  const col = Object.fromEntries(table.map((c, k) => [c, k])) as Partial<Record<RoadmapColumn, number>>;
  const reasonCol = F + T;
  col.Reason = reasonCol;
  const visible = reasonCol + 1;
  const hidden = visible;
  const width = hidden + HIDDEN_COLUMNS;
  const at = (c: RoadmapColumn) => col[c] as number;
  const values: CellValue[][] = [];
  const fills: (string | null)[][] = [];
  const fonts: (string | null)[][] = [];
  const boldRows: number[] = [];
  const boldCells: Array<[number, number]> = [];
  /** The initiatives' rows (and the removed ones'), whose texts the column widths follow. */
  const itemRows: number[] = [];
  const row = (bold = false) => {
    values.push(new Array<CellValue>(width).fill(null));
    fills.push(new Array<string | null>(width).fill(null));
    fonts.push(new Array<string | null>(width).fill(null));
    if (bold) boldRows.push(values.length - 1);
    return values.length - 1;
  };

  input.summary.forEach((line, k) => {
    const r = row(k === 0);
    values[r][0] = line;
  });

  const axis = periodAxis(periods);
  const legend = row();
  values[legend][0] = 'Legend';
  values[legend][1] = 'Bars in the lane’s colour; letters where a zone starts: A capture demand, B build, C release, D roll out (A-D: all four in that period)';

  const years = row(true);
  yearLabels(axis).forEach((y, t) => (values[years][F + t] = y === '' ? null : y));
  const header = row(true);
  table.forEach((h, c) => (values[header][c] = h));
  axis.forEach((p, t) => (values[header][F + t] = p.short));
  values[header][reasonCol] = REASON_COLUMN;
  for (let c = 0; c < visible; c++) fills[header][c] = HEADER_FILL;
  const markers = row(true);
  values[markers][0] = axis.some((p) => p.months) ? 'Annual clock: P planning round, R portfolio review' : 'Annual clock: the period labels name no months';
  clockMarkers(axis, input.clock).forEach((m, t) => {
    if (m === '') return;
    values[markers][F + t] = m;
    fills[markers][F + t] = m.startsWith('P') ? MARKER_FILLS.planning : MARKER_FILLS.review;
    fonts[markers][F + t] = MARKER_FONT;
  });
  const frozenRows = markers + 1;

  // The version block: the mark in the title row, the fingerprint beside it (filled in last).
  values[0][hidden] = VERSION_MARK;

  const changeOf = new Map(entries.map((e, i) => [e, changes.change[i]]));
  lanes.forEach((lane, k) => {
    const colour = LANE_COLOURS[k % LANE_COLOURS.length];
    const laneRow = row(true);
    values[laneRow][0] = lane;
    for (let c = 0; c < visible; c++) fills[laneRow][c] = colour;
    const inLane = entries
      .map((e, order) => ({ e, order }))
      .filter((x) => x.e.lane === lane)
      .sort((a, b) => (a.e.row.start ?? Infinity) - (b.e.row.start ?? Infinity) || a.order - b.order);
    for (const { e } of inLane) {
      const r = row();
      itemRows.push(r);
      const x = e.row;
      const change = changeOf.get(e) ?? '';
      const cells: Partial<Record<RoadmapColumn, CellValue>> = {
        Initiative: e.id,
        Name: e.name === undefined || e.name === '' ? null : e.name,
        Lane: e.lane,
        Approach: e.approach,
        Start: x.start === null ? null : periods[x.start],
        End: x.end === null ? null : periods[x.end],
        Change: change === '' ? null : change,
        Reason: x.reason === '' ? null : x.reason,
      };
      for (const c of [...table, REASON_COLUMN] as RoadmapColumn[]) values[r][at(c)] = cells[c] ?? null;
      if (change === 'new') fonts[r][at('Change')] = FONT_COLOURS.new;
      else if (change !== '') fonts[r][at('Change')] = FONT_COLOURS.moved;
      if (x.start !== null && x.end !== null) {
        for (let t = x.start; t <= Math.min(x.end, T - 1); t++) fills[r][F + t] = colour;
        const letters = new Map<number, Zone[]>();
        for (const g of ZONES) {
          const t = x.gates[g];
          if (t !== null && t < T) letters.set(t, [...(letters.get(t) ?? []), g]);
        }
        for (const [t, gs] of letters) {
          values[r][F + t] = gateText(gs);
          boldCells.push([r, F + t]);
        }
      } else fonts[r][reasonCol] = FONT_COLOURS.unplaceable;
      values[r][hidden] = e.id;
      values[r][hidden + 1] = x.start === null ? null : periods[x.start];
      values[r][hidden + 2] = x.end === null ? null : periods[x.end];
    }
  });

  if (changes.removed.length > 0) {
    row();
    const title = row(true);
    values[title][0] = 'Removed since last version';
    for (const e of changes.removed) {
      const r = row();
      itemRows.push(r);
      values[r][0] = e.id;
      values[r][at('Start')] = e.start === '' ? null : e.start;
      values[r][at('End')] = e.end === '' ? null : e.end;
      values[r][at('Change')] = 'removed';
      for (let c = 0; c < F; c++) fonts[r][c] = FONT_COLOURS.removed;
    }
  }

  values[0][hidden + 1] = fingerprint(values, hidden);

  const textsOf = (c: number) => itemRows.map((r) => cellText(values[r][c])).filter((t) => t !== '');
  const tableWidths = table.map((c) => fitted(c, textsOf(at(c))));
  const labelWidth = Math.max(0, ...axis.map((p) => textWidth(p.short, true)));
  const periodWidth = Math.max(PERIOD_WIDTH, labelWidth + 10);
  return {
    values,
    fills,
    fontColors: fonts,
    boldRows,
    boldCells,
    frozenRows,
    frozenCols: input.names === true ? 2 : 1,
    columnWidths: [...tableWidths, ...new Array<number>(T).fill(periodWidth), fitted(REASON_COLUMN, textsOf(reasonCol)), ...new Array<number>(HIDDEN_COLUMNS).fill(HIDDEN_WIDTH)],
    hiddenColumns: { from: hidden + 1, count: HIDDEN_COLUMNS },
    columns: { headerRow: header, byName: col, firstPeriod: F, periods: T },
  };
}
