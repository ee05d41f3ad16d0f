// The workbench page (dist/workbench/index.html): an in-browser workbook, its grid, and the
// add-in's real panel in a frame beside it, talking to the workbook through the in-memory
// HostBridge as the Excel task pane talks to Excel. The page owns the workbook, the bridge, the
// recalculation and the solver; the frame (panel-frame.ts) takes the bridge from
// window.parent.btmWorkbench.
//
// Stable for the browser tests: the element ids below, and window.btmWorkbench (WorkbenchApi).
import type { CellValue } from '../core/values/cells';
import type { HostBridge } from '../panel/bridge';
import { el, errorMessage, plural } from '../panel/dom';
import { MemoryWorkbook, tableTopLeft } from '../xlsx/memory-workbook';
import type { WebExtensionRef } from '../xlsx/package-parts';
import { recalculate as recalculateBook } from '../xlsx/recalculate';
import { CommandRecord, countedBridge, describeRecord } from './counted-bridge';
import { displayCell } from './cell-text';
import { GridView, cellAddress, cellText, cellValue, parseCellRef } from './grid-view';
import { XLSX_TYPE, openProblem, openWorkbook, saveWorkbook, sizeProblem } from './workbook-file';

/** What the page offers the panel's frame and the browser tests, as window.btmWorkbench. */
export interface WorkbenchApi {
  /** Resolves when the sample is loaded (or, when it could not be, an empty workbook) and the panel mounted. */
  readonly ready: Promise<void>;
  /** The bridge the panel uses: the in-memory bridge, its round trips counted and shown. */
  readonly bridge: HostBridge;
  /** The workbook now (another one after a file is opened). */
  readonly book: MemoryWorkbook;
  /** The text a cell shows (its value in its number format). */
  cellText(sheet: string, ref: string): string;
  /** The value a cell holds (a formula's computed result). */
  cellValue(sheet: string, ref: string): CellValue;
  /** Selects a cell (showing its sheet), as a click on it does. */
  select(sheet: string, ref: string): void;
  /** The commands run so far with their round trips. */
  readonly records: readonly CommandRecord[];
  /** Milliseconds the sample took to load, open and recalculate (undefined until then, or when it failed). */
  readonly sampleMs: number | undefined;
  /** For the panel's frame: resolves once a workbook is loaded. */
  readonly loaded: Promise<void>;
  /** For the panel's frame: it mounted the panel. */
  panelMounted(): void;
}

export interface WorkbenchDeps {
  /** The in-memory HostBridge over a workbook (memoryBridge with Excel's spelling). */
  readonly bridgeFor: (book: MemoryWorkbook) => HostBridge;
  /** The sample workbook's bytes. */
  readonly loadSample: () => Promise<ArrayBuffer>;
  /** The sample's file name (default portfolio.xlsx). */
  readonly sampleName?: string;
  /** The add-in reference a saved workbook keeps when its file had one (undefined: not kept). */
  readonly webExtension?: WebExtensionRef & { readonly autoShow?: boolean };
  /** Recalculates the add-in's formulas (default xlsx/recalculate.ts). */
  readonly recalculate?: (book: MemoryWorkbook) => Promise<unknown>;
}

/** The ids of the page's parts (the stable DOM contract). */
export const IDS = {
  open: 'wb-open',
  download: 'wb-download',
  look: 'wb-look',
  status: 'wb-status',
  address: 'wb-address',
  formula: 'wb-formula',
  calls: 'wb-calls',
  tabs: 'wb-tabs',
  sheet: 'wb-sheet',
  grid: 'wb-grid',
  note: 'wb-note',
  panel: 'wb-panel',
} as const;

/** Log lines kept on the page. */
const MAX_LOG = 500;

export type Look = 'excel' | 'sheets';

export const lookOf = (x: unknown): Look => (x === 'sheets' ? 'sheets' : 'excel');

/** The panel frame's address for a look. */
export const panelSrc = (look: Look) => (look === 'sheets' ? 'panel.html?look=sheets' : 'panel.html');


/** The sample's top-left table cell on the sheet Demand, found as the command line finds it. */
export function demandTopLeft(book: MemoryWorkbook, sheetName = 'Demand'): { sheet: string; row: number; col: number } | undefined {
  const sheet = book.sheet(sheetName);
  const where = sheet && tableTopLeft(sheet.values());
  return where && { sheet: sheet.name, ...where };
}

export function startWorkbench(win: Window & typeof globalThis, deps: WorkbenchDeps): WorkbenchApi {
  const doc = win.document;
  const recalc = deps.recalculate ?? recalculateBook;
  const sampleName = deps.sampleName ?? 'portfolio.xlsx';
  const status = el<HTMLElement>(doc, IDS.status);
  const address = el<HTMLOutputElement>(doc, IDS.address);
  const formulaBox = el<HTMLOutputElement>(doc, IDS.formula);
  const calls = el<HTMLOListElement>(doc, IDS.calls);
  const openInput = el<HTMLInputElement>(doc, IDS.open);
  const downloadButton = el<HTMLButtonElement>(doc, IDS.download);
  const lookSelect = el<HTMLSelectElement>(doc, IDS.look);
  const frame = el<HTMLIFrameElement>(doc, IDS.panel);

  const state = {
    book: new MemoryWorkbook(),
    bridge: undefined as HostBridge | undefined,
    fileName: sampleName,
    webExtension: false,
  };
  state.bridge = deps.bridgeFor(state.book);
  const records: CommandRecord[] = [];

  const say = (text: string, problem = false) => {
    status.textContent = text;
    status.classList.toggle('wb-problem', problem);
  };

  const showSelection = (sheet: string, row: number, col: number) => {
    address.textContent = cellAddress(sheet, row, col);
    const cell = state.book.sheet(sheet)?.cell(row, col);
    if (!cell) {
      formulaBox.textContent = '';
      formulaBox.removeAttribute('title');
      return;
    }
    const shown = displayCell(cell);
    formulaBox.textContent = cell.formula !== '' ? cell.formula : shown.text;
    if (shown.message) formulaBox.title = `${shown.text}: ${shown.message}`;
    else formulaBox.removeAttribute('title');
  };

  const grid = new GridView(
    state.book,
    { tabs: el(doc, IDS.tabs), panel: el(doc, IDS.sheet), table: el<HTMLTableElement>(doc, IDS.grid), note: el(doc, IDS.note) },
    { onSelect: showSelection },
  );
  const refresh = () => {
    grid.refresh();
    const sel = state.book.selection;
    if (sel) showSelection(sel.sheet, sel.row, sel.col);
    else {
      address.textContent = '';
      formulaBox.textContent = '';
    }
  };

  const logRecord = (record: CommandRecord) => {
    records.push(record);
    const li = doc.createElement('li');
    li.textContent = describeRecord(record);
    if (record.log.length > 0) li.title = record.log.join('\n');
    calls.append(li);
    while (calls.children.length > MAX_LOG) calls.firstElementChild?.remove();
    li.scrollIntoView?.({ block: 'nearest' });
  };

  // While a command runs (its recalculation and redraw included), the page's own actions wait:
  // opening a file would drop its result, a download would miss it, and the look switch reloads
  // the panel's frame, losing its progress, its Cancel and its answer.
  let busy = false;
  let saving = false;
  const settleControls = () => {
    openInput.disabled = busy;
    lookSelect.disabled = busy;
    downloadButton.disabled = busy || saving;
  };

  const bridge = countedBridge({
    current: () => ({ book: state.book, bridge: state.bridge! }),
    busy: (now) => {
      busy = now;
      settleControls();
    },
    after: async (record, book) => {
      logRecord(record);
      if (record.writes === 0) return;
      let recalculated = true;
      try {
        await recalc(book);
      } catch (e) {
        recalculated = false;
        say(`The workbook could not be recalculated: ${errorMessage(e)}`, true);
      }
      if (book !== state.book) return;
      refresh();
      // A command may have added a sheet (BTM Capacity, the template's): the count stays true.
      if (recalculated) say(`${state.fileName}: ${plural(book.sheets.length, 'sheet')}`);
    },
  });

  const useBook = (book: MemoryWorkbook, fileName: string, webExtension: boolean) => {
    state.book = book;
    state.bridge = deps.bridgeFor(book);
    state.fileName = fileName;
    state.webExtension = webExtension;
    grid.setBook(book);
    refresh();
  };

  // Openings in the order asked (the sample's from the start of its download): one that ends
  // after a later one was shown is dropped, and only the latest asked speaks in the status.
  let openAsked = 0;
  let openShown = 0;

  /**
   * Opens bytes as the workbook; a plain message (and the old workbook kept) when they are not a
   * workbook. False also when a file asked for after this one (`ticket`) is shown already.
   */
  const open = async (bytes: ArrayBuffer, fileName: string, ticket: number): Promise<boolean> => {
    const latest = () => ticket === openAsked;
    if (latest()) say('Opening the file…'); // the file's name only in the outcome, which a reader (or a test) waits for
    let opened;
    try {
      opened = await openWorkbook(bytes);
    } catch (e) {
      if (latest()) say(openProblem(fileName, e), true);
      return false;
    }
    let recalcProblem = '';
    try {
      await recalc(opened.book);
    } catch (e) {
      recalcProblem = ` Its add-in formulas could not be recalculated: ${errorMessage(e)}`;
    }
    if (ticket < openShown) return false;
    openShown = ticket;
    useBook(opened.book, fileName, opened.webExtension);
    if (!latest()) return true;
    const respelled = opened.respelled > 0 ? `; ${plural(opened.respelled, 'formula')} respelled for Excel (BTM.NAME)` : '';
    say(`${fileName}: ${plural(opened.book.sheets.length, 'sheet')}${respelled}${recalcProblem}`, recalcProblem !== '');
    return true;
  };

  // ---- Open and download
  openInput.addEventListener('change', () => {
    const file = openInput.files?.[0];
    if (!file) return;
    const tooLarge = sizeProblem(file.size);
    if (tooLarge) {
      openInput.value = '';
      say(openProblem(file.name, new Error(tooLarge)), true);
      return;
    }
    const ticket = ++openAsked;
    void (async () => {
      try {
        const bytes = await file.arrayBuffer();
        openInput.value = ''; // the same file can be opened again
        await open(bytes, file.name, ticket);
      } catch (e) {
        if (ticket === openAsked) say(openProblem(file.name, e), true);
      }
    })();
  });

  downloadButton.addEventListener('click', () => {
    if (saving || busy) return;
    saving = true;
    settleControls();
    const name = /\.xlsx$/i.test(state.fileName) ? state.fileName : `${state.fileName.replace(/\.[^.]*$/, '')}.xlsx`;
    void saveWorkbook(state.book, state.webExtension ? deps.webExtension : undefined)
      .then((bytes) => {
        const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: XLSX_TYPE });
        const url = URL.createObjectURL(blob);
        const a = doc.createElement('a');
        a.href = url;
        a.download = name;
        a.hidden = true;
        doc.body.append(a);
        a.click();
        a.remove();
        win.setTimeout(() => URL.revokeObjectURL(url), 30_000);
        say(`Downloaded ${name} (${Math.max(1, Math.round(bytes.byteLength / 1024))} KB).`);
      })
      .catch((e: unknown) => say(`Could not save ${name}: ${errorMessage(e)}`, true))
      .finally(() => {
        saving = false;
        settleControls();
      });
  });

  // ---- The panel's look
  const setLook = (look: Look) => {
    doc.body.dataset.look = look;
    lookSelect.value = look;
    const src = panelSrc(look);
    if (frame.getAttribute('src') !== src) frame.setAttribute('src', src);
  };
  lookSelect.addEventListener('change', () => setLook(lookOf(lookSelect.value)));
  setLook(lookOf(new URLSearchParams(win.location.search).get('look')));

  // ---- Start: the sample, its Demand table's top-left cell selected
  let markMounted: () => void = () => undefined;
  const mounted = new Promise<void>((resolve) => (markMounted = resolve));
  let sampleMs: number | undefined;
  const loaded = (async () => {
    const t0 = Date.now();
    const ticket = ++openAsked; // a file the user opens while the sample downloads wins
    let bytes: ArrayBuffer | undefined;
    try {
      bytes = await deps.loadSample();
    } catch (e) {
      if (ticket === openAsked) say(`Could not load the sample ${sampleName} (${errorMessage(e)}): open a .xlsx file instead.`, true);
    }
    if (bytes && (await open(bytes, sampleName, ticket))) {
      const start = demandTopLeft(state.book);
      if (start) grid.select(start.sheet, start.row, start.col);
      sampleMs = Date.now() - t0;
    } else if (state.book.sheets.length === 0) {
      useBook(new MemoryWorkbook(['Sheet1']), 'Book1.xlsx', false);
    }
  })();

  const api: WorkbenchApi = {
    ready: Promise.all([loaded, mounted]).then(() => undefined),
    bridge,
    get book() {
      return state.book;
    },
    cellText: (sheet, ref) => cellText(state.book, sheet, ref),
    cellValue: (sheet, ref) => cellValue(state.book, sheet, ref),
    select: (sheet, ref) => {
      const { row, col } = parseCellRef(ref);
      grid.select(sheet, row, col);
    },
    records,
    get sampleMs() {
      return sampleMs;
    },
    loaded,
    panelMounted: () => markMounted(),
  };
  return api;
}
