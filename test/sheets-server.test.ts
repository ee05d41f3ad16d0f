// The Apps Script side of the sidebar, from the built bundle (dist/sheets), called through the
// top-level globals as Google Sheets and google.script.run call them. Needs `npm run build`.
import fs from 'node:fs';
import path from 'node:path';
import { DIST, inRealm, loadSheets, SheetsGlobals } from './support/bundles';
import { parseRange } from '../core/values/a1';
import type { BusinessCaseForm, InsertRequest } from '../core';

type Cell = { value?: unknown; formula?: string };

/** One sheet: cells by A1 address, and a count of every call a test cares about. */
class FakeSheet {
  readonly counts = { getRange: 0, getValues: 0, getFormulas: 0, setFormula: 0, setValue: 0, setValues: 0 };
  readonly read: string[] = [];
  readonly written: { a1: string; formula: string }[] = [];

  constructor(
    private readonly name: string,
    private readonly cells: Record<string, Cell> = {},
  ) {}

  getName() {
    return this.name;
  }

  getRange(a1: string) {
    this.counts.getRange++;
    const ref = parseRange(a1);
    if (!ref || ref.sheet !== undefined) throw new Error(`the fake sheet only takes plain A1 ranges, not ${a1}`);
    const grid = <T>(f: (c: Cell) => T): T[][] => {
      const rows: T[][] = [];
      for (let r = ref.start.row; r <= ref.end.row; r++) {
        const row: T[] = [];
        for (let c = ref.start.col; c <= ref.end.col; c++) row.push(f(this.cells[a1Of(r, c)] ?? {}));
        rows.push(row);
      }
      return rows;
    };
    return {
      getValues: () => {
        this.counts.getValues++;
        this.read.push(a1);
        return grid((c) => (c.value === undefined ? '' : c.value));
      },
      getFormulas: () => {
        this.counts.getFormulas++;
        return grid((c) => c.formula ?? '');
      },
      setFormula: (formula: string) => {
        this.counts.setFormula++;
        this.written.push({ a1, formula });
      },
      setValue: () => void this.counts.setValue++,
      setValues: () => void this.counts.setValues++,
    };
  }
}

function a1Of(row: number, col: number): string {
  let letters = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `${letters}${row}`;
}

interface Host {
  ctx: SheetsGlobals;
  sheet: FakeSheet;
  menu: { items: [string, string][]; addedToUi: number; kind: string[] };
  sidebar: { files: string[]; titles: string[]; shown: unknown[] };
}

/** Loads the bundle with a spreadsheet whose selection is `selection` on `sheet`. */
function host(sheet: FakeSheet | null, selection = 'E2'): Host {
  const menuState = { items: [] as [string, string][], addedToUi: 0, kind: [] as string[] };
  const sidebar = { files: [] as string[], titles: [] as string[], shown: [] as unknown[] };
  const menu = {
    addItem(caption: string, fn: string) {
      menuState.items.push([caption, fn]);
      return menu;
    },
    addSeparator: () => menu,
    addToUi() {
      menuState.addedToUi++;
    },
  };
  const ui = {
    createAddonMenu() {
      menuState.kind.push('addon');
      return menu;
    },
    createMenu() {
      menuState.kind.push('plain');
      return menu;
    },
    showSidebar(html: unknown) {
      sidebar.shown.push(html);
    },
  };
  const html = {
    setTitle(title: string) {
      sidebar.titles.push(title);
      return html;
    },
    setWidth: () => html,
  };
  const SpreadsheetApp = {
    getUi: () => ui,
    getActiveSpreadsheet: () => ({ getSpreadsheetTimeZone: () => 'UTC' }),
    getActiveRange: () => (sheet ? { getSheet: () => sheet, getA1Notation: () => selection } : null),
  };
  const HtmlService = {
    createHtmlOutputFromFile(file: string) {
      sidebar.files.push(file);
      return html;
    },
  };
  const ctx = loadSheets({ SpreadsheetApp, HtmlService });
  return { ctx, sheet: sheet as FakeSheet, menu: menuState, sidebar };
}

const form = (over: Partial<BusinessCaseForm> = {}): BusinessCaseForm => ({
  rate: '8%',
  costs: 'Sheet1!B2:B4',
  benefits: 'Sheet1!C2:C4',
  ...over,
});

/** Calls panelInsertBusinessCase as google.script.run does, with a plain-object request. */
function insert(h: Host, over: Partial<BusinessCaseForm> = {}, overwrite = false): unknown {
  const request: InsertRequest = { form: form(over), overwrite };
  return h.ctx.panelInsertBusinessCase(inRealm(h.ctx, request));
}

describe('menu and sidebar', () => {
  test('onOpen adds an add-on menu item that runs showSidebar', () => {
    const h = host(null);
    h.ctx.onOpen();
    expect(h.menu.kind).toEqual(['addon']);
    expect(h.menu.items).toEqual([['Open panel', 'showSidebar']]);
    expect(h.menu.addedToUi).toBe(1);
  });

  test('onInstall adds the same menu', () => {
    const h = host(null);
    h.ctx.onInstall();
    expect(h.menu.items).toEqual([['Open panel', 'showSidebar']]);
    expect(h.menu.addedToUi).toBe(1);
  });

  test('showSidebar shows the HTML file "sidebar" titled BTM Portfolio', () => {
    const h = host(null);
    h.ctx.showSidebar();
    expect(h.sidebar.files).toEqual(['sidebar']);
    expect(h.sidebar.titles).toEqual(['BTM Portfolio']);
    expect(h.sidebar.shown).toHaveLength(1);
  });

  test('the build ships the sidebar file that showSidebar names', () => {
    const html = fs.readFileSync(path.join(DIST, 'sheets', 'sidebar.html'), 'utf8');
    // The build minifies the HTML, so attribute quotes may be gone.
    expect(html).toMatch(/id="?bc-form"?/);
    expect(html).toMatch(/<body class="?sheets"?>/);
    expect(html).toContain('panelInsertBusinessCase');
    expect(html).not.toContain('office.js');
  });
});

describe('panelSelection', () => {
  test('returns the selected range with its sheet', () => {
    const h = host(new FakeSheet('Sheet1'), 'B2:B9');
    expect(h.ctx.panelSelection()).toBe('Sheet1!B2:B9');
  });

  test('quotes a sheet name with a quote in it', () => {
    const h = host(new FakeSheet("Bob's plan"), 'B2:B9');
    expect(h.ctx.panelSelection()).toBe("'Bob''s plan'!B2:B9");
  });

  test('quotes a sheet name that looks like a cell', () => {
    const h = host(new FakeSheet('A1'), 'C3');
    expect(h.ctx.panelSelection()).toBe("'A1'!C3");
  });

  test('fails with a plain message when nothing is selected', () => {
    const h = host(null);
    expect(() => h.ctx.panelSelection()).toThrow('Select a range first.');
  });
});

describe('panelInsertBusinessCase', () => {
  test('writes the formula in Sheets spelling into the first selected cell', () => {
    const h = host(new FakeSheet('Sheet1'), 'E2:F3');
    const response = insert(h);
    expect(h.sheet.written).toEqual([{ a1: 'E2', formula: '=BTM_BUSINESSCASE(0.08,B2:B4,C2:C4)' }]);
    expect(response).toEqual({ status: 'inserted', address: 'Sheet1!E2', formula: '=BTM_BUSINESSCASE(0.08,B2:B4,C2:C4)' });
  });

  test('reads the 10 x 2 block once and writes once', () => {
    const h = host(new FakeSheet('Sheet1'), 'E2');
    insert(h);
    expect(h.sheet.read).toEqual(['E2:F11']);
    expect(h.sheet.counts).toEqual({ getRange: 2, getValues: 1, getFormulas: 1, setFormula: 1, setValue: 0, setValues: 0 });
  });

  test('makes the same calls for 300 periods as for 3', () => {
    const h = host(new FakeSheet('Sheet1'), 'E2');
    const response = insert(h, { costs: 'Sheet1!B2:B301', benefits: 'Sheet1!C2:C301' });
    expect(response).toMatchObject({ status: 'inserted', formula: '=BTM_BUSINESSCASE(0.08,B2:B301,C2:C301)' });
    expect(h.sheet.counts).toEqual({ getRange: 2, getValues: 1, getFormulas: 1, setFormula: 1, setValue: 0, setValues: 0 });
  });

  test('keeps quoted sheet names of ranges on other sheets', () => {
    const h = host(new FakeSheet("Bob's plan"), 'H5');
    const response = insert(h, { costs: "'Q1 plan'!B2:B4", benefits: "'Bob''s plan'!C2:C4", rate: "'Q1 plan'!$A$1" });
    expect(h.sheet.written).toEqual([{ a1: 'H5', formula: "=BTM_BUSINESSCASE('Q1 plan'!A1,'Q1 plan'!B2:B4,C2:C4)" }]);
    expect(response).toMatchObject({ status: 'inserted', address: "'Bob''s plan'!H5" });
  });

  test('asks before covering a cell that holds a value, and writes nothing', () => {
    const h = host(new FakeSheet('Sheet1', { F5: { value: 'keep me' } }), 'E2');
    expect(insert(h)).toEqual({
      status: 'confirm',
      message:
        'The summary needs Sheet1!E2:F11 empty, but F5 holds data. Insert anyway? Only the first cell is written; the others stay as they are and the table will not spill until they are cleared.',
    });
    expect(h.sheet.counts.setFormula).toBe(0);
  });

  test('asks before covering a formula that shows an empty text', () => {
    const h = host(new FakeSheet('Sheet1', { E11: { value: '', formula: '=IF(TRUE,"","")' } }), 'E2');
    expect(insert(h)).toMatchObject({ status: 'confirm', message: expect.stringContaining('but E11 holds data') });
    expect(h.sheet.counts.setFormula).toBe(0);
  });

  test('treats a Date in the block as data', () => {
    const h = host(new FakeSheet('Sheet1', { E3: { value: new Date(Date.UTC(2025, 0, 1)) } }), 'E2');
    expect(insert(h)).toMatchObject({ status: 'confirm', message: expect.stringContaining('but E3 holds data') });
  });

  test('writes over occupied cells when overwrite is true', () => {
    const h = host(new FakeSheet('Sheet1', { F5: { value: 'keep me' } }), 'E2');
    const response = insert(h, {}, true);
    expect(response).toEqual({ status: 'inserted', address: 'Sheet1!E2', formula: '=BTM_BUSINESSCASE(0.08,B2:B4,C2:C4)' });
    expect(h.sheet.written).toEqual([{ a1: 'E2', formula: '=BTM_BUSINESSCASE(0.08,B2:B4,C2:C4)' }]);
  });

  test('returns invalid for a blank rate without reading or writing cells', () => {
    const h = host(new FakeSheet('Sheet1'), 'E2');
    expect(insert(h, { rate: '' })).toEqual({ status: 'invalid', field: 'rate', message: 'Enter a rate such as 8% or a cell that holds it.' });
    expect(h.sheet.counts).toEqual({ getRange: 0, getValues: 0, getFormulas: 0, setFormula: 0, setValue: 0, setValues: 0 });
  });

  test('returns invalid naming the target when nothing is selected', () => {
    const h = host(null);
    expect(insert(h)).toEqual({ status: 'invalid', field: 'target', message: 'Select the cell where the summary should go.' });
  });
});
