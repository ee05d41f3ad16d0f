// The workbench's view of an in-memory workbook: its sheets as tabs (a tablist: arrow keys,
// Home, End) and the shown sheet as a spreadsheet grid (a <table role="grid">): column letters
// and row numbers, each cell's value in its number format, fills, bold, font colours, column
// widths, hidden columns left out, frozen rows and columns kept in view while scrolling, text
// running over empty neighbours as in Excel. Clicking a cell, or moving with the arrow keys,
// Home, End, Page Up/Down and Ctrl+Home/End, selects it in the workbook (book.select): the
// panel's commands start from that selection, as in Excel.
//
// The shown sheet is always the selection's sheet: choosing a tab selects that sheet's last
// selected cell (A1 at first). Everything shown is set as text (textContent), never as markup.
// The grid is redrawn whole (refresh) after anything changed the workbook. The browser's table
// layout is what costs (tens of µs a cell in Chromium; building the DOM is a tenth of it): a
// sheet is drawn up to MAX_CELLS cells, 1 to 3 s on a busy 2-core machine, cut with a note
// beyond (2,000 x 200 cells took 20 to 30 s).
import { columnLetters, parseRange, quoteSheet } from '../core/values/a1';
import type { CellValue } from '../core/values/cells';
import type { MemorySheet, MemoryWorkbook } from '../xlsx/memory-workbook';
import { displayCell } from './cell-text';

/** Row height and header sizes in pixels (Excel's at 100 %). */
export const ROW_HEIGHT = 20;
export const HEADER_HEIGHT = 20;
export const ROW_HEADER_WIDTH = 44;
/** Excel's default column width (8.43 characters of Calibri 11). */
export const DEFAULT_COLUMN_WIDTH = 64;
/** The most rows, columns and cells drawn; beyond, a note says what is left out. */
export const MAX_ROWS = 2000;
export const MAX_COLS = 200;
/** A sheet of 1,000 initiatives fits whole (1,013 rows x 37 columns). */
export const MAX_CELLS = 40_000;
/** Empty rows and columns drawn past the last filled cell, and the least drawn, as a spreadsheet shows. */
const PAD_ROWS = 10;
const PAD_COLS = 3;
const MIN_ROWS = 30;
const MIN_COLS = 12;
/** Rows a Page Up/Down moves. */
const PAGE_ROWS = 20;
/** Neighbours a text may run over. */
const MAX_OVERFLOW_CELLS = 12;

export interface GridElements {
  /** The tablist (#wb-tabs): one tab per sheet. */
  readonly tabs: HTMLElement;
  /** The tabpanel around the grid: the scrolling area (its id is the tabs' aria-controls). */
  readonly panel: HTMLElement;
  /** The grid (#wb-grid). */
  readonly table: HTMLTableElement;
  /** Where a note about a sheet drawn only in part goes (optional). */
  readonly note?: HTMLElement;
}

export interface GridViewOptions {
  /** Called after the selection changed (by a click, a key, a tab or select()). */
  readonly onSelect?: (sheet: string, row: number, col: number) => void;
}

/** The address of a cell as the name box shows it: Demand!A4, 'BTM Settings'!B2. */
export function cellAddress(sheet: string, row: number, col: number): string {
  return `${quoteSheet(sheet)}!${columnLetters(col)}${row}`;
}

/** A single-cell reference ('B4', '$B$4') as 1-based row and column; throws when it is not one. */
export function parseCellRef(ref: string): { row: number; col: number } {
  const r = typeof ref === 'string' ? parseRange(ref.replace(/\$/g, '')) : undefined;
  if (!r || r.sheet !== undefined || r.start.row !== r.end.row || r.start.col !== r.end.col) {
    throw new Error(`"${String(ref)}" is not a cell reference such as B4`);
  }
  return { row: r.start.row, col: r.start.col };
}

/** A column's width in pixels: its own, else Excel's default. */
export function columnWidth(sheet: MemorySheet, col: number): number {
  const w = sheet.columnWidths[col - 1];
  return typeof w === 'number' && w >= 0 ? Math.round(w) : DEFAULT_COLUMN_WIDTH;
}

/** The text a cell of a sheet shows (its value in its number format, fitted to its column, as the grid shows it); '' for a blank cell. */
export function cellText(book: MemoryWorkbook, sheet: string, ref: string): string {
  const s = book.sheet(sheet);
  if (!s) throw new Error(`The workbook has no sheet named "${sheet}".`);
  const { row, col } = parseCellRef(ref);
  return displayCell(s.cell(row, col), columnWidth(s, col)).text;
}

/** The value a cell holds (a formula's result); null for a blank cell. */
export function cellValue(book: MemoryWorkbook, sheet: string, ref: string): CellValue {
  const s = book.sheet(sheet);
  if (!s) throw new Error(`The workbook has no sheet named "${sheet}".`);
  const { row, col } = parseCellRef(ref);
  return s.cell(row, col).value;
}

/** What the grid draws of a sheet: rows 1 to `rows`, columns 1 to `colCount` less the hidden ones (`cols`); all* is what the sheet holds and the selection reaches. */
export interface DrawArea {
  readonly rows: number;
  readonly colCount: number;
  readonly cols: readonly number[];
  readonly allRows: number;
  readonly allCols: number;
}

/** The part of a sheet the grid draws with the selection at (selRow, selCol): its cells and a margin, at most MAX_CELLS. */
export function drawArea(sheet: MemorySheet, selRow: number, selCol: number): DrawArea {
  const extent = sheet.extent();
  const allRows = Math.max(extent.rows, selRow);
  const allCols = Math.max(extent.cols, selCol);
  // Columns given a width or hidden are drawn too (hidden ones as a mark on the next header).
  let lastCol = Math.max(allCols, sheet.columnWidths.length);
  for (const c of sheet.hiddenColumns) lastCol = Math.max(lastCol, c);
  const colCount = Math.min(MAX_COLS, Math.max(MIN_COLS, lastCol + PAD_COLS));
  const cols: number[] = [];
  for (let c = 1; c <= colCount; c++) if (!sheet.hiddenColumns.has(c)) cols.push(c);
  const rowBudget = Math.max(MIN_ROWS, Math.floor(MAX_CELLS / Math.max(1, cols.length)));
  const rows = Math.min(MAX_ROWS, rowBudget, Math.max(MIN_ROWS, allRows + PAD_ROWS));
  return { rows, colCount, cols, allRows, allCols };
}

/** What a note says about a sheet drawn only in part ('' when it is drawn whole). */
export function cutNote(area: DrawArea): string {
  const cut: string[] = [];
  if (area.allRows > area.rows) cut.push(`rows 1 to ${area.rows} of ${area.allRows}`);
  if (area.allCols > area.colCount) cut.push(`columns A to ${columnLetters(area.colCount)} of ${columnLetters(area.allCols)}`);
  return cut.length > 0 ? `Showing ${cut.join(' and ')}.` : '';
}

interface Drawn {
  readonly sheet: MemorySheet;
  readonly rows: number;
  /** The visible columns drawn, in order (hidden ones left out). */
  readonly cols: readonly number[];
  readonly cells: Map<number, HTMLTableCellElement>;
  readonly colHeads: Map<number, HTMLTableCellElement>;
  readonly rowHeads: Map<number, HTMLTableCellElement>;
}

const key = (row: number, col: number) => row * 100_000 + col;

export class GridView {
  private book: MemoryWorkbook;
  private drawn: Drawn | undefined;
  /** The last selected cell of each sheet (lower-case name), restored when its tab is chosen again. */
  private readonly remembered = new Map<string, { row: number; col: number }>();
  private readonly doc: Document;

  constructor(
    book: MemoryWorkbook,
    private readonly el: GridElements,
    private readonly options: GridViewOptions = {},
  ) {
    this.book = book;
    this.doc = el.table.ownerDocument;
    el.tabs.setAttribute('role', 'tablist');
    if (!el.tabs.hasAttribute('aria-label')) el.tabs.setAttribute('aria-label', 'Sheets');
    el.panel.setAttribute('role', 'tabpanel');
    el.table.setAttribute('role', 'grid');
    el.table.setAttribute('aria-readonly', 'true');
    el.tabs.addEventListener('click', (e) => this.onTabClick(e));
    el.tabs.addEventListener('keydown', (e) => this.onTabKey(e));
    el.table.addEventListener('click', (e) => this.onCellClick(e));
    el.table.addEventListener('keydown', (e) => this.onGridKey(e));
    this.refresh();
  }

  /** The sheet shown (the selection's). */
  get sheetName(): string | undefined {
    return this.drawn?.sheet.name;
  }

  /** Shows another workbook (a file just opened). */
  setBook(book: MemoryWorkbook): void {
    this.book = book;
    this.remembered.clear();
    this.refresh();
  }

  /** Redraws the tabs and the selection's sheet from the workbook (after a command wrote). */
  refresh(): void {
    const sel = this.book.selection;
    this.drawTabs(sel?.sheet);
    const sheet = sel ? this.book.sheet(sel.sheet) : undefined;
    if (!sheet || !sel) {
      this.drawn = undefined;
      this.el.table.replaceChildren();
      this.el.table.removeAttribute('aria-label');
      if (this.el.note) this.el.note.textContent = 'This workbook has no sheets.';
      return;
    }
    this.remembered.set(sheet.name.toLowerCase(), { row: sel.row, col: sel.col });
    // Another sheet starts at its top-left corner (then scrolls to its selected cell).
    if (this.drawn?.sheet !== sheet) {
      this.el.panel.scrollTop = 0;
      this.el.panel.scrollLeft = 0;
    }
    this.draw(sheet, sel.row, sel.col);
    this.mark(sel.row, sel.col, false);
  }

  /** Selects a cell (the sheet shown if it was not); focus moves to it when asked. */
  select(sheetName: string, row: number, col: number, focus = false): void {
    const sheet = this.book.sheet(sheetName);
    if (!sheet) throw new Error(`The workbook has no sheet named "${sheetName}".`);
    this.book.select(sheet.name, row, col);
    this.remembered.set(sheet.name.toLowerCase(), { row, col });
    const d = this.drawn;
    const inView = d && d.sheet === sheet && row <= d.rows && d.cols.includes(col) && this.book.sheets.length === this.el.tabs.children.length;
    if (!inView) {
      this.refresh();
    } else {
      this.mark(row, col, focus);
    }
    if (focus && !inView) this.cellAt(row, col)?.focus();
    this.options.onSelect?.(sheet.name, row, col);
  }

  /** Shows a sheet: selects its last selected cell (A1 the first time). */
  showSheet(name: string, focusTab = false): void {
    const sheet = this.book.sheet(name);
    if (!sheet) return;
    const at = this.remembered.get(sheet.name.toLowerCase()) ?? { row: 1, col: 1 };
    this.select(sheet.name, at.row, at.col);
    if (focusTab) this.activeTab()?.focus();
  }

  /** The drawn cell element of the shown sheet, if drawn. */
  cellAt(row: number, col: number): HTMLTableCellElement | undefined {
    return this.drawn?.cells.get(key(row, col));
  }

  // -------------------------------------------------------------------------------------------
  // Tabs

  private drawTabs(selected: string | undefined): void {
    const tabs = this.book.sheets.map((sheet, i) => {
      const tab = this.doc.createElement('button');
      tab.type = 'button';
      tab.id = `wb-tab-${i}`;
      tab.className = 'wb-tab';
      tab.setAttribute('role', 'tab');
      tab.textContent = sheet.name;
      tab.dataset.sheet = sheet.name;
      const on = selected !== undefined && sheet.name.toLowerCase() === selected.toLowerCase();
      tab.setAttribute('aria-selected', on ? 'true' : 'false');
      tab.setAttribute('aria-controls', this.el.panel.id);
      tab.tabIndex = on ? 0 : -1;
      if (on) this.el.panel.setAttribute('aria-labelledby', tab.id);
      return tab;
    });
    const focused = this.doc.activeElement instanceof HTMLElement && this.el.tabs.contains(this.doc.activeElement);
    this.el.tabs.replaceChildren(...tabs);
    if (focused) this.activeTab()?.focus();
  }

  private activeTab(): HTMLElement | undefined {
    return Array.from(this.el.tabs.children).find((t) => t.getAttribute('aria-selected') === 'true') as HTMLElement | undefined;
  }

  private onTabClick(e: Event): void {
    const tab = (e.target as Element | null)?.closest?.('[role="tab"]') as HTMLElement | null;
    if (tab?.dataset.sheet !== undefined) this.showSheet(tab.dataset.sheet, true);
  }

  private onTabKey(e: KeyboardEvent): void {
    const tabs = Array.from(this.el.tabs.querySelectorAll<HTMLElement>('[role="tab"]'));
    const current = tabs.indexOf(e.target as HTMLElement);
    if (current < 0 || tabs.length === 0) return;
    let next: number;
    switch (e.key) {
      case 'ArrowRight':
        next = (current + 1) % tabs.length;
        break;
      case 'ArrowLeft':
        next = (current - 1 + tabs.length) % tabs.length;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = tabs.length - 1;
        break;
      default:
        return;
    }
    e.preventDefault();
    const name = tabs[next].dataset.sheet;
    if (name !== undefined) this.showSheet(name, true);
  }

  // -------------------------------------------------------------------------------------------
  // The grid

  private draw(sheet: MemorySheet, selRow: number, selCol: number): void {
    const doc = this.doc;
    const table = this.el.table;
    const area = drawArea(sheet, selRow, selCol);
    const { rows: rowCount, cols } = area;
    const width = (c: number) => columnWidth(sheet, c);
    const frozenRows = Math.min(sheet.frozenRows, rowCount);
    const frozenCols = sheet.frozenCols;
    // Left offsets of the frozen columns (sticky), after the row numbers.
    const left = new Map<number, number>();
    let x = ROW_HEADER_WIDTH;
    for (const c of cols) {
      if (c > frozenCols) break;
      left.set(c, x);
      x += width(c);
    }
    const lastFrozenCol = Math.max(0, ...Array.from(left.keys()));

    const drawn: Drawn = { sheet, rows: rowCount, cols, cells: new Map(), colHeads: new Map(), rowHeads: new Map() };
    table.replaceChildren();
    table.setAttribute('aria-label', `Sheet ${sheet.name}`);
    table.setAttribute('aria-rowcount', String(rowCount + 1));
    table.style.width = `${ROW_HEADER_WIDTH + cols.reduce((sum, c) => sum + width(c), 0)}px`;

    const colgroup = doc.createElement('colgroup');
    const headCol = doc.createElement('col');
    headCol.style.width = `${ROW_HEADER_WIDTH}px`;
    colgroup.append(headCol);
    for (const c of cols) {
      const col = doc.createElement('col');
      col.style.width = `${width(c)}px`;
      colgroup.append(col);
    }

    const thead = doc.createElement('thead');
    const headRow = doc.createElement('tr');
    const corner = doc.createElement('td');
    corner.className = 'wb-corner';
    corner.setAttribute('aria-hidden', 'true');
    headRow.append(corner);
    let previous = 0;
    for (const c of cols) {
      const th = doc.createElement('th');
      th.scope = 'col';
      th.className = 'wb-colhead';
      th.textContent = columnLetters(c);
      if (c !== previous + 1) {
        th.classList.add('wb-after-hidden');
        th.title = `${c - previous - 1 === 1 ? `Column ${columnLetters(previous + 1)} is` : `Columns ${columnLetters(previous + 1)} to ${columnLetters(c - 1)} are`} hidden`;
      }
      previous = c;
      if (left.has(c)) {
        th.classList.add('wb-fc');
        th.style.left = `${left.get(c)}px`;
      }
      if (c === lastFrozenCol) th.classList.add('wb-fc-edge');
      drawn.colHeads.set(c, th);
      headRow.append(th);
    }
    thead.append(headRow);

    const tbody = doc.createElement('tbody');
    for (let r = 1; r <= rowCount; r++) {
      const tr = doc.createElement('tr');
      const frozenRow = r <= frozenRows;
      const top = `${HEADER_HEIGHT + (r - 1) * ROW_HEIGHT}px`;
      const th = doc.createElement('th');
      th.scope = 'row';
      th.className = 'wb-rowhead';
      th.textContent = String(r);
      if (frozenRow) {
        th.classList.add('wb-fr');
        th.style.top = top;
      }
      if (r === frozenRows) th.classList.add('wb-fr-edge');
      drawn.rowHeads.set(r, th);
      tr.append(th);
      cols.forEach((c, k) => {
        const cell = sheet.cell(r, c);
        const shown = displayCell(cell, width(c));
        const td = doc.createElement('td');
        td.dataset.ref = `${columnLetters(c)}${r}`;
        td.tabIndex = -1;
        td.className = `wb-${shown.kind}`;
        if (cell.formula !== '') td.title = cell.formula;
        else if (shown.message) td.title = shown.message;
        if (cell.fill) td.style.backgroundColor = cell.fill;
        const colour = shown.color ?? cell.fontColor;
        if (colour && colour !== '#000000') td.style.color = colour;
        if (cell.bold) td.classList.add('wb-bold');
        if (frozenRow) {
          td.classList.add('wb-fr');
          td.style.top = top;
        }
        if (r === frozenRows) td.classList.add('wb-fr-edge');
        if (left.has(c)) {
          td.classList.add('wb-fc');
          td.style.left = `${left.get(c)}px`;
        }
        if (c === lastFrozenCol) td.classList.add('wb-fc-edge');
        // Text runs over the empty cells at its right (within the frozen columns when it is in them).
        let room = 0;
        if (shown.kind === 'text' && shown.text !== '') {
          for (let j = k + 1; j < cols.length && j <= k + MAX_OVERFLOW_CELLS; j++) {
            const next = cols[j];
            if (left.has(c) && !left.has(next)) break;
            const n = sheet.cell(r, next);
            if (n.value !== null || n.formula !== '') break;
            room += width(next);
          }
        }
        if (room > 0) {
          const span = doc.createElement('span');
          span.className = 'wb-run';
          span.style.width = `${width(c) + room - 7}px`;
          span.textContent = shown.text;
          td.classList.add('wb-overflow');
          td.append(span);
        } else {
          td.textContent = shown.text;
        }
        drawn.cells.set(key(r, c), td);
        tr.append(td);
      });
      tbody.append(tr);
    }
    table.append(colgroup, thead, tbody);
    // Keyboard focus scrolls a cell into view clear of the sticky headers and frozen panes.
    this.el.panel.style.scrollPaddingTop = `${HEADER_HEIGHT + frozenRows * ROW_HEIGHT}px`;
    this.el.panel.style.scrollPaddingLeft = `${x}px`;
    this.drawn = drawn;
    if (this.el.note) this.el.note.textContent = cutNote(area);
  }

  /** Marks (row, col) as the selected cell: highlight, tab stop, its row and column headers. */
  private mark(row: number, col: number, focus: boolean): void {
    const d = this.drawn;
    if (!d) return;
    for (const el of Array.from(this.el.table.querySelectorAll('.wb-sel, .wb-sel-head'))) {
      el.classList.remove('wb-sel', 'wb-sel-head');
      if (el.tagName === 'TD') {
        el.setAttribute('aria-selected', 'false');
        (el as HTMLElement).tabIndex = -1;
      }
    }
    let td = d.cells.get(key(row, col));
    if (!td) {
      // A hidden column or a row past the drawing: the tab stop goes to the nearest drawn cell.
      const c = d.cols.find((x) => x >= col) ?? d.cols[d.cols.length - 1];
      td = c !== undefined ? d.cells.get(key(Math.min(row, d.rows), c)) : undefined;
      if (!td) return;
      td.tabIndex = 0;
      return;
    }
    td.classList.add('wb-sel');
    td.setAttribute('aria-selected', 'true');
    td.tabIndex = 0;
    d.colHeads.get(col)?.classList.add('wb-sel-head');
    d.rowHeads.get(row)?.classList.add('wb-sel-head');
    if (focus) td.focus();
    else if (typeof td.scrollIntoView === 'function' && this.el.panel.isConnected) td.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  private onCellClick(e: Event): void {
    const td = (e.target as Element | null)?.closest?.('td[data-ref]') as HTMLTableCellElement | null;
    const d = this.drawn;
    if (!td || !d) return;
    const { row, col } = parseCellRef(td.dataset.ref ?? '');
    this.select(d.sheet.name, row, col, true);
  }

  private onGridKey(e: KeyboardEvent): void {
    const d = this.drawn;
    const td = (e.target as Element | null)?.closest?.('td[data-ref]') as HTMLTableCellElement | null;
    if (!d || !td || e.altKey || e.metaKey) return;
    const { row, col } = parseCellRef(td.dataset.ref ?? '');
    const k = d.cols.indexOf(col);
    const ctrl = e.ctrlKey;
    const used = d.sheet.usedSize();
    let r = row;
    let ci = k;
    switch (e.key) {
      case 'ArrowDown':
        r = ctrl ? Math.max(row, Math.min(d.rows, used.rows)) : row + 1;
        break;
      case 'ArrowUp':
        r = ctrl ? 1 : row - 1;
        break;
      case 'ArrowRight':
        ci = ctrl ? Math.max(k, d.cols.filter((c) => c <= used.cols).length - 1) : k + 1;
        break;
      case 'ArrowLeft':
        ci = ctrl ? 0 : k - 1;
        break;
      case 'Home':
        ci = 0;
        if (ctrl) r = 1;
        break;
      case 'End':
        if (ctrl) {
          r = Math.max(1, Math.min(d.rows, used.rows));
          ci = Math.max(0, d.cols.filter((c) => c <= used.cols).length - 1);
        } else ci = d.cols.length - 1;
        break;
      case 'PageDown':
        r = row + PAGE_ROWS;
        break;
      case 'PageUp':
        r = row - PAGE_ROWS;
        break;
      default:
        return;
    }
    e.preventDefault();
    r = Math.min(d.rows, Math.max(1, r));
    ci = Math.min(d.cols.length - 1, Math.max(0, ci));
    this.select(d.sheet.name, r, d.cols[ci], true);
  }
}
