// A1 references as both hosts write them: Sheet1!B2:C7, 'Q1 plan'!$B$2, B2.

export interface CellRef {
  readonly row: number; // 1-based
  readonly col: number; // 1-based
}

export interface RangeRef {
  /** Sheet name without quotes; undefined when the reference names no sheet. */
  readonly sheet?: string;
  readonly start: CellRef;
  readonly end: CellRef;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

/**
 * A sheet name a host may write without quotes: Excel leaves any run of letters (in any
 * script), digits, underscores and dots unquoted, e.g. Übersicht!A1.
 */
const UNQUOTED_SHEET = /^[\p{L}\p{M}\p{N}_.\p{Extended_Pictographic}]+$/u;

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function columnLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function parseCell(text: string): CellRef | undefined {
  const m = CELL.exec(text.trim());
  if (!m) return undefined;
  const ref = { col: columnNumber(m[1]), row: Number(m[2]) };
  return ref.col <= 18278 && ref.row >= 1 ? ref : undefined;
}

/** Parses a reference; undefined when the text is not one. */
export function parseRange(text: string): RangeRef | undefined {
  const t = text.trim();
  let sheet: string | undefined;
  let body = t;
  const bang = t.lastIndexOf('!');
  if (bang >= 0) {
    const raw = t.slice(0, bang);
    body = t.slice(bang + 1);
    if (raw.startsWith("'")) {
      if (!raw.endsWith("'") || raw.length < 3) return undefined;
      sheet = raw.slice(1, -1).replace(/''/g, "'");
    } else {
      if (!UNQUOTED_SHEET.test(raw)) return undefined;
      sheet = raw;
    }
  }
  const [a, b, extra] = body.split(':');
  if (extra !== undefined) return undefined;
  const start = parseCell(a);
  const end = b === undefined ? start : parseCell(b);
  if (!start || !end) return undefined;
  return {
    sheet,
    start: { row: Math.min(start.row, end.row), col: Math.min(start.col, end.col) },
    end: { row: Math.max(start.row, end.row), col: Math.max(start.col, end.col) },
  };
}

/** A name that a formula would read as an A1 cell (B2) or an R1C1 reference (R, C, RC, R1C1, R2...). */
export function looksLikeReference(name: string): boolean {
  return /^[A-Za-z]{1,3}\d+$/.test(name) || /^(r|c|rc)$/i.test(name) || /^(rc?|c)\d/i.test(name);
}

/** A sheet name as a formula writes it: quoted when it is not a plain word. */
export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !looksLikeReference(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

export function formatRange(r: RangeRef, withSheet = true): string {
  const a = `${columnLetters(r.start.col)}${r.start.row}`;
  const b = `${columnLetters(r.end.col)}${r.end.row}`;
  const body = a === b ? a : `${a}:${b}`;
  return withSheet && r.sheet !== undefined ? `${quoteSheet(r.sheet)}!${body}` : body;
}

/** The range without its sheet, $ before every column and row: $B$4:$B$9 (one cell: $B$4), as defined names hold it. */
export function absoluteRange(r: RangeRef): string {
  const cell = (c: CellRef) => `$${columnLetters(c.col)}$${c.row}`;
  const a = cell(r.start);
  const b = cell(r.end);
  return a === b ? a : `${a}:${b}`;
}

export function rangeSize(r: RangeRef): { rows: number; cols: number } {
  return { rows: r.end.row - r.start.row + 1, cols: r.end.col - r.start.col + 1 };
}

/** The block of rows x cols whose top-left cell is the start of r. */
export function blockAt(r: RangeRef, rows: number, cols: number): RangeRef {
  return { sheet: r.sheet, start: r.start, end: { row: r.start.row + rows - 1, col: r.start.col + cols - 1 } };
}
