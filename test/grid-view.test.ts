/** @jest-environment jsdom */
// The workbench's grid (workbench/grid-view.ts) in a DOM: values in their number formats, fills,
// bold and font colours, hostile text shown as text, hidden columns left out, frozen rows kept in
// view, selection by mouse and keyboard, the sheet tabs as a tablist. Then the workbench's files
// (workbench/workbook-file.ts): formulas shown in Excel's spelling once opened, saved in the
// file's, the add-in's task pane kept; and the round-trip log of the counted bridge.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sheetError } from '../core/values/errors';
import { MemoryWorkbook } from '../xlsx/memory-workbook';
import { readXlsx, writeXlsx } from '../xlsx/xlsx-io';
import { STORES, hasWebExtension } from '../xlsx/package-parts';
import type { HostBridge } from '../panel/bridge';
import { charsIn, displayCell, fitGeneral, textWidth } from '../workbench/cell-text';
import { GridView, MAX_CELLS, cellAddress, cellText, cellValue, cutNote, drawArea, parseCellRef } from '../workbench/grid-view';
import { copyWorkbook, fileSpelled, openProblem, openWorkbook, respell, saveWorkbook } from '../workbench/workbook-file';
import { countedBridge, describeRecord } from '../workbench/counted-bridge';
import type { CommandRecord } from '../workbench/counted-bridge';
import { demandTopLeft, lookOf, panelSrc, startWorkbench } from '../workbench/page';
import { memoryBridge } from '../xlsx/memory-bridge';

const XSS = '<img src=x onerror=alert(1)>';
const SAMPLE = path.resolve(__dirname, '..', 'examples', 'portfolio.xlsx');

function page(): { tabs: HTMLElement; panel: HTMLElement; table: HTMLTableElement; note: HTMLElement } {
  document.body.innerHTML = '<div id="wb-sheet"><table id="wb-grid"></table></div><div id="wb-tabs"></div><p id="wb-note"></p>';
  return {
    tabs: document.getElementById('wb-tabs')!,
    panel: document.getElementById('wb-sheet')!,
    table: document.getElementById('wb-grid') as HTMLTableElement,
    note: document.getElementById('wb-note')!,
  };
}

/** A small workbook: formats, styles, a hidden column, frozen rows, hostile text, two sheets. */
function book(): MemoryWorkbook {
  const b = new MemoryWorkbook(['Demand', XSS]);
  const s = b.sheet('Demand')!;
  s.setCell(1, 1, { value: 'ID', bold: true, fill: '#DDEBF7' });
  s.setCell(1, 2, { value: 'Share', bold: true, fill: '#ddebf7' });
  s.setCell(1, 3, { value: 'Secret', bold: true });
  s.setCell(1, 4, { value: 'Start', bold: true });
  s.setCell(1, 5, { value: 'NPV', bold: true });
  s.setCell(2, 1, { value: XSS, fontColor: '#C00000' });
  s.setCell(2, 2, { value: 0.25, format: '0%' });
  s.setCell(2, 3, { value: 'hidden text' });
  s.setCell(2, 4, { value: 46000, format: 'yyyy-mm-dd' });
  s.setCell(2, 5, { value: 1234567.891, format: '#,##0', formula: '=BTM.NPV(0.1,F2:J2)' });
  s.setCell(3, 1, { value: true });
  s.setCell(3, 2, { value: sheetError('#NUM!', 'IRR did not converge') });
  s.setCell(3, 4, { value: -5, format: '#,##0;[Red]-#,##0' });
  s.columnWidths = [80, 100, null, 90];
  s.hiddenColumns.add(3);
  s.frozenRows = 1;
  b.sheet(XSS)!.setCell(1, 1, { value: XSS });
  b.select('Demand', 2, 2);
  return b;
}

describe('cell text: values in their number formats', () => {
  test.each([
    ['a percent', 0.25, '0%', '25%'],
    ['a date', 46000, 'yyyy-mm-dd', '2025-12-09'],
    ['thousands', 1234567.891, '#,##0', '1,234,568'],
    ['thousands with decimals', 1234567.891, '#,##0.00', '1,234,567.89'],
    ['General, without binary noise', 0.1 + 0.2, null, '0.3'],
    ['General by name', 42, 'General', '42'],
  ])('%s: %p in %p shows %p', (_what, value, format, text) => {
    expect(displayCell({ value, format })).toEqual({ text, kind: 'number' });
  });

  test('booleans, errors (with their message), text in a number format, and blanks', () => {
    expect(displayCell({ value: true, format: null })).toEqual({ text: 'TRUE', kind: 'boolean' });
    expect(displayCell({ value: sheetError('#N/A', 'no match'), format: null })).toEqual({ text: '#N/A', kind: 'error', message: 'no match' });
    expect(displayCell({ value: XSS, format: '0%' })).toEqual({ text: XSS, kind: 'text' });
    expect(displayCell({ value: null, format: '0%' })).toEqual({ text: '', kind: 'blank' });
  });

  test('a date or time Excel cannot show fills the column with #, as in Excel', () => {
    expect(displayCell({ value: -1, format: 'yyyy-mm-dd' }, 100).text).toBe('#############');
    expect(displayCell({ value: 2958466, format: 'yyyy-mm-dd' }, 100).text).toBe('#############'); // 10000-01-01
    expect(displayCell({ value: -0.5, format: 'hh:mm' }, 40).text).toBe('#####');
    expect(displayCell({ value: 2958465, format: 'yyyy-mm-dd' }, 100).text).toBe('9999-12-31');
    expect(displayCell({ value: 1, format: 'yyyy-mm-dd' }, 100).text).toBe('1900-01-01');
  });

  test('a format colour section colours the value', () => {
    expect(displayCell({ value: -5, format: '#,##0;[Red]-#,##0' })).toEqual({ text: '-5', kind: 'number', color: '#ff0000' });
    expect(displayCell({ value: 5, format: '#,##0;[Red]-#,##0' }).color).toBeUndefined();
  });

  test('a format numfmt cannot read falls back to General', () => {
    expect(displayCell({ value: 1.5, format: '0.0.0.[[[' }).text).toBe('1.5');
  });

  test("Excel's measure: a 64 px column holds 8 digits; commas are narrow", () => {
    expect(charsIn(64)).toBe(8);
    expect(textWidth('1,234,568')).toBe(56);
  });

  test('a General number drops decimals to fit its column, up to the 10 Excel shows', () => {
    expect(displayCell({ value: 33.83678726144479, format: null }, 64).text).toBe('33.83679');
    expect(displayCell({ value: 33.83678726144479, format: null }, 70).text).toBe('33.836787');
    expect(displayCell({ value: 33.83678726144479, format: null }, 80).text).toBe('33.83678726');
    expect(displayCell({ value: 33.83678726144479, format: null }, 200).text).toBe('33.83678726');
  });

  test('a General number too long for its column turns scientific, then #', () => {
    expect(fitGeneral(123456789012, 64)).toBe('1.23E+11');
    expect(fitGeneral(-0.000001234, 64)).toBe('-1.23E-06');
    expect(fitGeneral(-0.000001234, 50)).toBe('-1E-06');
    expect(fitGeneral(0.5, 10)).toBe('#');
  });

  test('a number in a fixed format shows #### when its column is too narrow', () => {
    expect(displayCell({ value: 1234567.891, format: '#,##0' }, 64).text).toBe('1,234,568');
    expect(displayCell({ value: 1234567.891, format: '#,##0' }, 50).text).toBe('######');
    expect(displayCell({ value: 46000, format: 'yyyy-mm-dd' }, 40).text).toBe('#####');
  });

  test('text is never cut to its column', () => {
    expect(displayCell({ value: 'a long header text', format: null }, 20).text).toBe('a long header text');
  });
});

describe('grid view', () => {
  /** The book() drawn: its page's parts, and a cell of the grid by reference. */
  function drawn(b = book()): ReturnType<typeof page> & { td(ref: string): HTMLTableCellElement } {
    const el = page();
    new GridView(b, el);
    return { ...el, td: (ref) => el.table.querySelector<HTMLTableCellElement>(`td[data-ref="${ref}"]`)! };
  }

  test('draws column letters and row numbers', () => {
    const { table } = drawn();
    expect(Array.from(table.querySelectorAll('thead th')).map((th) => th.textContent).slice(0, 4)).toEqual(['A', 'B', 'D', 'E']); // C is hidden
    expect(Array.from(table.querySelectorAll('tbody tr th')).map((th) => th.textContent).slice(0, 3)).toEqual(['1', '2', '3']);
  });

  test('shows each cell as cellText gives it: its value in its format', () => {
    const b = book();
    const { td } = drawn(b);
    const refs = ['A2', 'B2', 'D2', 'E2', 'A3', 'B3', 'D3'];
    expect(refs.map((ref) => td(ref).textContent)).toEqual([XSS, '25%', '2025-12-09', '1,234,568', 'TRUE', '#NUM!', '-5']);
    expect(refs.map((ref) => cellText(b, 'Demand', ref))).toEqual(refs.map((ref) => td(ref).textContent));
  });

  test('marks number cells (aligned right) and colours a value as its format says', () => {
    const { td } = drawn();
    expect(td('B2').classList.contains('wb-number')).toBe(true);
    expect(td('A2').classList.contains('wb-number')).toBe(false);
    expect(td('D3').style.color).toBe('rgb(255, 0, 0)');
  });

  test("a formula's cell has the formula as its title, an error's cell its message", () => {
    const { td } = drawn();
    expect(td('E2').title).toBe('=BTM.NPV(0.1,F2:J2)');
    expect(td('B3').title).toBe('IRR did not converge');
  });

  test('the grid is a grid named by its sheet', () => {
    const { table } = drawn();
    expect(table.getAttribute('role')).toBe('grid');
    expect(table.getAttribute('aria-label')).toBe('Sheet Demand');
  });

  test('cellValue gives the value a cell holds, null for an empty one', () => {
    const b = book();
    expect(cellValue(b, 'Demand', 'B2')).toBe(0.25);
    expect(cellValue(b, 'Demand', 'Z99')).toBeNull();
  });

  test('fills, bold and font colours', () => {
    const el = page();
    new GridView(book(), el);
    const a1 = el.table.querySelector<HTMLElement>('td[data-ref="A1"]')!;
    expect(a1.style.backgroundColor).toBe('rgb(221, 235, 247)');
    expect(a1.classList.contains('wb-bold')).toBe(true);
    const a2 = el.table.querySelector<HTMLElement>('td[data-ref="A2"]')!;
    expect(a2.style.color).toBe('rgb(192, 0, 0)');
    expect(a2.classList.contains('wb-bold')).toBe(false);
  });

  test('hostile text in cells and sheet names is text, never markup', () => {
    const el = page();
    const b = book();
    const view = new GridView(b, el);
    expect(document.querySelector('img')).toBeNull();
    const a2 = el.table.querySelector<HTMLElement>('td[data-ref="A2"]')!;
    expect(a2.textContent).toBe(XSS);
    const tabs = Array.from(el.tabs.querySelectorAll('[role="tab"]'));
    expect(tabs.map((t) => t.textContent)).toEqual(['Demand', XSS]);
    view.showSheet(XSS);
    expect(document.querySelector('img')).toBeNull();
    expect(el.table.querySelector('td[data-ref="A1"]')!.textContent).toBe(XSS);
    expect(el.table.getAttribute('aria-label')).toBe(`Sheet ${XSS}`);
  });

  test('hidden columns are left out, widths kept, frozen rows stay in view', () => {
    const el = page();
    new GridView(book(), el);
    expect(el.table.querySelector('td[data-ref="C2"]')).toBeNull();
    expect(el.table.textContent).not.toContain('hidden text');
    const d = Array.from(el.table.querySelectorAll('thead th')).find((th) => th.textContent === 'D')!;
    expect(d.classList.contains('wb-after-hidden')).toBe(true);
    expect(d.getAttribute('title')).toBe('Column C is hidden');
    const cols = Array.from(el.table.querySelectorAll('col')).map((c) => (c as HTMLElement).style.width);
    expect(cols.slice(0, 4)).toEqual(['44px', '80px', '100px', '90px']); // row numbers, A, B, D
    const frozen = el.table.querySelector<HTMLElement>('td[data-ref="B1"]')!;
    expect(frozen.classList.contains('wb-fr')).toBe(true);
    expect(frozen.style.top).toBe('20px');
    expect(el.table.querySelector('td[data-ref="B2"]')!.classList.contains('wb-fr')).toBe(false);
    expect(el.panel.style.scrollPaddingTop).toBe('40px');
  });

  test('text runs over empty cells at its right, as in Excel', () => {
    const el = page();
    const b = new MemoryWorkbook(['S']);
    b.sheet('S')!.setCell(1, 1, { value: 'A title longer than its column' });
    b.sheet('S')!.setCell(2, 1, { value: 'blocked' });
    b.sheet('S')!.setCell(2, 2, { value: 1 });
    new GridView(b, el);
    const a1 = el.table.querySelector('td[data-ref="A1"]')!;
    expect(a1.classList.contains('wb-overflow')).toBe(true);
    expect(a1.querySelector('span.wb-run')!.textContent).toBe('A title longer than its column');
    expect(el.table.querySelector('td[data-ref="A2"]')!.classList.contains('wb-overflow')).toBe(false);
  });

  test('a click selects the cell in the workbook; the arrow keys move the selection, skipping hidden columns', () => {
    const el = page();
    const b = book();
    const seen: string[] = [];
    new GridView(b, el, { onSelect: (sheet, row, col) => seen.push(cellAddress(sheet, row, col)) });
    const td = (ref: string) => el.table.querySelector<HTMLTableCellElement>(`td[data-ref="${ref}"]`)!;
    expect(td('B2').getAttribute('aria-selected')).toBe('true');
    expect(td('B2').tabIndex).toBe(0);
    expect(td('A1').tabIndex).toBe(-1);

    td('A2').click();
    expect(b.selection).toEqual({ sheet: 'Demand', row: 2, col: 1 });
    expect(document.activeElement).toBe(td('A2'));
    expect(td('B2').getAttribute('aria-selected')).toBe('false');

    const key = (k: string, init: KeyboardEventInit = {}) =>
      (document.activeElement as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...init }));
    key('ArrowRight');
    key('ArrowRight'); // over hidden C to D
    expect(b.selection).toEqual({ sheet: 'Demand', row: 2, col: 4 });
    expect(document.activeElement).toBe(td('D2'));
    key('ArrowDown');
    key('ArrowLeft');
    expect(b.selection).toEqual({ sheet: 'Demand', row: 3, col: 2 });
    key('ArrowUp');
    key('ArrowUp');
    key('ArrowUp'); // stops at row 1
    expect(b.selection).toEqual({ sheet: 'Demand', row: 1, col: 2 });
    key('Home');
    expect(b.selection).toEqual({ sheet: 'Demand', row: 1, col: 1 });
    key('End', { ctrlKey: true }); // last used cell
    expect(b.selection).toEqual({ sheet: 'Demand', row: 3, col: 5 });
    expect(seen).toEqual(['Demand!A2', 'Demand!B2', 'Demand!D2', 'Demand!D3', 'Demand!B3', 'Demand!B2', 'Demand!B1', 'Demand!B1', 'Demand!A1', 'Demand!E3']);
    expect(td('E3').classList.contains('wb-sel')).toBe(true);
    expect(el.table.querySelectorAll('.wb-sel').length).toBe(1);
    const heads = Array.from(el.table.querySelectorAll('.wb-sel-head')).map((h) => h.textContent);
    expect(heads).toEqual(['E', '3']);
  });

  test('the tabs are a tablist: arrow keys, Home and End choose a sheet, which is selected', () => {
    const el = page();
    const b = book();
    b.createSheet('Capacity');
    const view = new GridView(b, el);
    const tabs = () => Array.from(el.tabs.querySelectorAll<HTMLElement>('[role="tab"]'));
    expect(el.tabs.getAttribute('role')).toBe('tablist');
    expect(tabs().map((t) => [t.textContent, t.getAttribute('aria-selected'), t.tabIndex])).toEqual([
      ['Demand', 'true', 0],
      [XSS, 'false', -1],
      ['Capacity', 'false', -1],
    ]);
    expect(el.panel.getAttribute('role')).toBe('tabpanel');
    expect(el.panel.getAttribute('aria-labelledby')).toBe(tabs()[0].id);
    expect(tabs()[0].getAttribute('aria-controls')).toBe(el.panel.id);

    tabs()[0].focus();
    const key = (k: string) => (document.activeElement as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    key('ArrowRight');
    expect(view.sheetName).toBe(XSS);
    expect(b.selection).toEqual({ sheet: XSS, row: 1, col: 1 });
    expect(document.activeElement).toBe(tabs()[1]);
    expect(tabs()[1].getAttribute('aria-selected')).toBe('true');
    key('End');
    expect(view.sheetName).toBe('Capacity');
    key('ArrowRight'); // wraps
    expect(view.sheetName).toBe('Demand');
    expect(b.selection).toEqual({ sheet: 'Demand', row: 2, col: 2 }); // its last selected cell
    key('ArrowLeft');
    expect(view.sheetName).toBe('Capacity');
    key('Home');
    expect(view.sheetName).toBe('Demand');
    tabs()[2].click();
    expect(view.sheetName).toBe('Capacity');
    expect(el.table.querySelectorAll('td[data-ref]').length).toBeGreaterThan(0);
  });

  test('refresh shows new sheets and values after a command wrote', () => {
    const el = page();
    const b = book();
    const view = new GridView(b, el);
    b.writeValues('Demand', 5, 1, [['written']]);
    b.addSheet('BTM Capacity');
    view.refresh();
    expect(el.table.querySelector('td[data-ref="A5"]')!.textContent).toBe('written');
    expect(Array.from(el.tabs.children).map((t) => t.textContent)).toContain('BTM Capacity');
  });

  test('a huge sheet is drawn up to MAX_CELLS cells (its layout is what costs), and the note says what is left out', () => {
    const el = page();
    const b = new MemoryWorkbook(['Big']);
    const big = b.sheet('Big')!;
    big.setCell(5000, 300, { value: 1 });
    const area = drawArea(big, 1, 1);
    expect([area.rows, area.cols.length]).toEqual([MAX_CELLS / 200, 200]);
    expect(cutNote(area)).toBe('Showing rows 1 to 200 of 5000 and columns A to GR of KN.');
    b.createSheet('Small').setCell(3, 2, { value: 1 });
    b.select('Small', 1, 1);
    new GridView(b, el);
    expect(el.note.textContent).toBe('');
    expect(el.table.querySelectorAll('td[data-ref]').length).toBe(30 * 12);
    // Columns hidden up to the sheet's end (a common way to tidy a template) are not content left out.
    const tidy = b.createSheet('Tidy');
    tidy.setCell(3, 2, { value: 1 });
    for (let c = 11; c <= 16384; c++) tidy.hiddenColumns.add(c);
    const tidied = drawArea(tidy, 1, 1);
    expect(tidied.cols).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(cutNote(tidied)).toBe('');
  });

  test('parseCellRef reads B4 and $B$4, and refuses ranges and nonsense', () => {
    expect(parseCellRef('B4')).toEqual({ row: 4, col: 2 });
    expect(parseCellRef('$AD$12')).toEqual({ row: 12, col: 30 });
    expect(() => parseCellRef('B4:C5')).toThrow('not a cell reference');
    expect(() => parseCellRef('Sheet1!B4')).toThrow('not a cell reference');
    expect(() => parseCellRef(XSS)).toThrow('not a cell reference');
  });

  test('cellAddress quotes a sheet name that needs it', () => {
    expect(cellAddress('Demand', 2, 1)).toBe('Demand!A2');
    expect(cellAddress(XSS, 1, 1)).toBe(`'<img src=x onerror=alert(1)>'!A1`);
  });

  test('cellText refuses a sheet the workbook lacks', () => {
    expect(() => cellText(book(), 'Nope', 'A1')).toThrow('no sheet named "Nope"');
  });
});

describe('workbench files: spelling on open and download', () => {
  /** A file as Excel saves it: the add-in's calls as _xldudf_BTM_..., one as Sheets spells it, text that only looks like a call. */
  async function fileBytes(webExtension = false): Promise<Uint8Array> {
    const b = new MemoryWorkbook(['Cases']);
    const s = b.sheet('Cases')!;
    s.setCell(1, 1, { value: -100 });
    s.setCell(2, 1, { value: 60 });
    s.setCell(3, 1, { value: 60 });
    s.setCell(1, 2, { formula: '=_xldudf_BTM_NPV(0.1,A1:A3)', value: 4.13, format: '#,##0.00' });
    s.setCell(2, 2, { formula: '=BTM_IRR(A1:A3)', value: 0.13 });
    s.setCell(3, 2, { formula: '=IF(A1<0,"BTM_NPV(x)",SUM(A1:A3))', value: 20 });
    s.setCell(4, 2, { value: '=BTM_NPV(not a formula)' });
    return writeXlsx(b, webExtension ? { webExtension: { id: '798f0dd7-169f-4348-af82-d04a65739a2b', version: '0.1.0.0', ...STORES.centralized } } : {});
  }

  test('opening shows the file spelling as Excel does (BTM.NPV); Sheets spelling, strings and text cells stay as they are', async () => {
    const opened = await openWorkbook(await fileBytes());
    const s = opened.book.sheet('Cases')!;
    expect(s.cell(1, 2).formula).toBe('=BTM.NPV(0.1,A1:A3)');
    expect(s.cell(1, 2).value).toBe(4.13);
    expect(s.cell(1, 2).format).toBe('#,##0.00');
    // As Excel shows a workbook from Google Sheets: "Repair BTM formulas" rewrites this one.
    expect(s.cell(2, 2).formula).toBe('=BTM_IRR(A1:A3)');
    expect(s.cell(3, 2).formula).toBe('=IF(A1<0,"BTM_NPV(x)",SUM(A1:A3))');
    expect(s.cell(4, 2)).toMatchObject({ value: '=BTM_NPV(not a formula)', formula: '' });
    expect(opened.respelled).toBe(1);
    expect(opened.webExtension).toBe(false);
  });

  test('downloading writes the file spelling (_xldudf_BTM_NPV) and leaves the page in Excel spelling', async () => {
    const opened = await openWorkbook(await fileBytes());
    const saved = await saveWorkbook(opened.book);
    expect(opened.book.sheet('Cases')!.cell(1, 2).formula).toBe('=BTM.NPV(0.1,A1:A3)');
    const back = await readXlsx(saved);
    expect(back.sheet('Cases')!.cell(1, 2).formula).toBe('=_xldudf_BTM_NPV(0.1,A1:A3)');
    expect(back.sheet('Cases')!.cell(2, 2).formula).toBe('=_xldudf_BTM_IRR(A1:A3)');
    expect(back.sheet('Cases')!.cell(3, 2).formula).toBe('=IF(A1<0,"BTM_NPV(x)",SUM(A1:A3))');
    expect(back.sheet('Cases')!.cell(1, 2).value).toBe(4.13);
    // The stored XML holds the file spelling, as Excel writes it.
    const xl = new ExcelJS.Workbook();
    await xl.xlsx.load(saved as unknown as ArrayBuffer);
    expect((xl.getWorksheet('Cases')!.getCell('B1').value as { formula: string }).formula).toBe('_xldudf_BTM_NPV(0.1,A1:A3)');
  });

  test("a file that opened the add-in's task pane keeps it when downloaded", async () => {
    const opened = await openWorkbook(await fileBytes(true));
    expect(opened.webExtension).toBe(true);
    const ref = { id: '798f0dd7-169f-4348-af82-d04a65739a2b', version: '0.1.0.0', ...STORES.centralized, autoShow: true };
    expect(await hasWebExtension(await saveWorkbook(opened.book, ref), ref.id)).toBe(true);
    expect(await hasWebExtension(await saveWorkbook(opened.book))).toBe(false);
  });

  test('the copy written keeps everything the model holds', async () => {
    const b = (await openWorkbook(fs.readFileSync(SAMPLE))).book;
    const s = b.sheet('Demand')!;
    s.hiddenColumns.add(7);
    s.merged = [{ start: { row: 1, col: 1 }, end: { row: 1, col: 3 } }];
    s.print = { orientation: 'landscape', pagesWide: 1 };
    s.addValidation({ range: 'D4:D10', source: '', values: ['a', 'b'] });
    s.setCell(70, 1, { formula: '=BTM.SCORE(F4:K63,{1,1,1,1,1,1},{1,1,1,1,1,1},"minmax",D4:D63)', value: 1 });
    s.setCell(71, 1, { value: 2 });
    s.setSpill({ row: 70, col: 1, rows: 2, cols: 1 });
    b.defineName('BTM_Test', 'Demand', '$A$4:$A$63');
    b.select('Capacity', 2, 3);
    const copy = copyWorkbook(b, 'xlsx');
    expect(copy.sheets.map((x) => x.name)).toEqual(b.sheets.map((x) => x.name));
    for (const sheet of b.sheets) {
      const c = copy.sheet(sheet.name)!;
      const cells: unknown[] = [];
      const copied: unknown[] = [];
      sheet.forEachCell((r, col, cell) => cells.push([r, col, { ...cell, formula: respellOne(cell.formula) }]));
      c.forEachCell((r, col, cell) => copied.push([r, col, cell]));
      expect(copied).toEqual(cells);
      expect([c.columnWidths, [...c.hiddenColumns], c.frozenRows, c.frozenCols, c.merged, c.print, c.validations, c.spills]).toEqual([
        sheet.columnWidths,
        [...sheet.hiddenColumns],
        sheet.frozenRows,
        sheet.frozenCols,
        sheet.merged,
        sheet.print,
        sheet.validations,
        sheet.spills,
      ]);
    }
    expect(copy.names()).toEqual(b.names());
    expect(copy.selection).toEqual(b.selection);
    expect(copy.sheet('Demand')!.cell(70, 1).formula).toBe('=_xldudf_BTM_SCORE(F4:K63,{1,1,1,1,1,1},{1,1,1,1,1,1},"minmax",D4:D63)');
  });

  test('respell rewrites in place and counts the cells changed', () => {
    const b = new MemoryWorkbook(['S']);
    b.sheet('S')!.setCell(1, 1, { formula: '=BTM.NPV(0.1,A2:A4)+BTM.IRR(A2:A4)', value: 3 });
    b.sheet('S')!.setCell(2, 1, { formula: '=SUM(A3:A4)', value: 3 });
    expect(respell(b, 'sheets')).toBe(1);
    expect(b.sheet('S')!.cell(1, 1)).toMatchObject({ formula: '=BTM_NPV(0.1,A2:A4)+BTM_IRR(A2:A4)', value: 3 });
    expect(respell(b, 'sheets')).toBe(0);
    expect(respell(b, 'excel', fileSpelled)).toBe(0);
    expect([fileSpelled('=_xldudf_BTM_NPV(1,A1)'), fileSpelled('=BTM_NPV(1,A1)'), fileSpelled('=BTM.NPV(1,A1)')]).toEqual([true, false, false]);
  });

  test('a file that is not a workbook gives a plain message naming it', async () => {
    const problem = await openWorkbook(Buffer.from('hello, not a workbook')).then(
      () => 'opened',
      (e: unknown) => openProblem('notes.xlsx', e),
    );
    expect(problem).toMatch(/^Could not open notes\.xlsx: .+\.$/);
    expect(openProblem('x.xlsx', new Error(''))).toBe('Could not open x.xlsx: it could not be read.');
  });

  test("the sample opens with its Demand table's top-left cell found (the header row's first cell)", async () => {
    const opened = await openWorkbook(fs.readFileSync(SAMPLE));
    expect(opened.book.sheets.map((s) => s.name)).toEqual(['Demand', 'Business cases', 'Capacity', 'BTM Settings']);
    expect(demandTopLeft(opened.book)).toEqual({ sheet: 'Demand', row: 3, col: 1 });
    expect(cellText(opened.book, 'Demand', 'J4')).toBe('790,000');
    expect(cellText(opened.book, 'Business cases', 'C4')).toBe('10%');
    expect(demandTopLeft(new MemoryWorkbook(['Other']))).toBeUndefined();
  });
});

/** A formula as copyWorkbook(…, 'xlsx') writes it (test-side, by hand, for the add-in's names used above). */
function respellOne(formula: string): string {
  return formula.replace(/\bBTM\.([A-Z]+)\(/g, '_xldudf_BTM_$1(');
}

describe('round-trip log', () => {
  function fake(book: MemoryWorkbook): HostBridge {
    const never = () => Promise.reject(new Error('not in this test'));
    return {
      host: 'excel',
      selection: async () => 'Demand!B2',
      insertBusinessCase: never,
      scoreDemand: async () => {
        book.snapshot('Demand');
        book.readGrid('Demand');
        book.readGrid('Demand');
        book.writeValues('Demand', 9, 1, [['x']]);
        return { status: 'invalid', message: 'stub' } as never;
      },
      writeSettingsSheet: async () => {
        book.sheetNames();
        throw new Error('the host failed');
      },
      planCapacity: never,
      cancel: () => undefined,
      generateRoadmap: never,
      repairFormulas: never,
      insertTemplate: never,
    };
  }

  test('each command is one line: its name as the button says it, its reads and writes', async () => {
    const b = book();
    const inner = fake(b);
    const records: CommandRecord[] = [];
    const bridge = countedBridge({ current: () => ({ book: b, bridge: inner }), after: (r) => void records.push(r) });
    expect(bridge.host).toBe('excel');
    await bridge.scoreDemand({});
    expect(await bridge.selection()).toBe('Demand!B2');
    await expect(bridge.writeSettingsSheet()).rejects.toThrow('the host failed');
    expect(records.map(describeRecord)).toEqual(['Score demand: 3 reads, 1 write', 'Use selection: 0 reads, 0 writes', 'Write BTM Settings sheet: 1 read, 0 writes (failed)']);
    expect(records[0].log).toEqual(['read snapshot Demand', 'read grid Demand', 'read grid Demand', 'write values Demand']);
  });

  test('busy from the first call in flight until the last one answered and was shown; Cancel reaches the bridge a run started on', async () => {
    const b = book();
    let finish: () => void = () => undefined;
    let cancelled = 0;
    const first = { ...fake(b), planCapacity: () => new Promise<never>((resolve) => (finish = () => resolve({ status: 'cancelled' } as never))), cancel: () => void cancelled++ };
    let inner: HostBridge = first;
    const seen: string[] = [];
    const bridge = countedBridge({
      current: () => ({ book: b, bridge: inner }),
      busy: (busy) => seen.push(busy ? 'busy' : 'idle'),
      after: async (r) => {
        await Promise.resolve();
        seen.push(`shown ${r.method}`);
      },
    });
    const planned = bridge.planCapacity({}, () => undefined);
    await bridge.selection();
    expect(seen).toEqual(['busy', 'shown selection']);
    inner = fake(new MemoryWorkbook(['Other'])); // a file opened meanwhile
    bridge.cancel();
    expect(cancelled).toBe(1);
    finish();
    await planned;
    expect(seen).toEqual(['busy', 'shown selection', 'shown planCapacity', 'idle']);
    bridge.cancel(); // nothing in flight: nothing to stop
    expect(cancelled).toBe(1);
  });

  test('a failing display never turns an answer into a failure', async () => {
    const b = book();
    const bridge = countedBridge({ current: () => ({ book: b, bridge: fake(b) }), after: () => Promise.reject(new Error('display broke')) });
    await expect(bridge.selection()).resolves.toBe('Demand!B2');
  });
});

test('the panel frame address per look', () => {
  expect(panelSrc(lookOf('sheets'))).toBe('panel.html?look=sheets');
  expect(panelSrc(lookOf('excel'))).toBe('panel.html');
  expect(panelSrc(lookOf(XSS))).toBe('panel.html');
});

describe('the workbench page (startWorkbench) on the sample, with the in-memory bridge', () => {
  const TEMPLATE = fs.readFileSync(path.resolve(__dirname, '..', 'workbench', 'index.html'), 'utf8');

  /** The page's markup as the build renders it (no policy here), scripts left out. */
  function loadPage(): void {
    const html = TEMPLATE.replace(/<% if \(csp\) \{ %>[\s\S]*?<% \} %>/g, '');
    const parsed = new DOMParser().parseFromString(html, 'text/html');
    parsed.querySelectorAll('script').forEach((el) => el.remove());
    document.replaceChild(document.importNode(parsed.documentElement, true), document.documentElement);
  }

  const sample = () => {
    const bytes = fs.readFileSync(SAMPLE);
    return Promise.resolve(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  };
  const text = (id: string) => document.getElementById(id)!.textContent;

  const calls = () => Array.from(document.querySelectorAll('#wb-calls li')).map((li) => li.textContent);

  // One page on the sample (loading and recalculating it takes seconds), the commands in the
  // order a user runs them: each test goes on from where the one before it left the workbook.
  describe('on the sample, one command after the other', () => {
    let wb: ReturnType<typeof startWorkbench>;
    let readyBeforeMount: boolean;

    beforeAll(async () => {
      loadPage();
      wb = startWorkbench(window, { bridgeFor: (b) => memoryBridge(b, { spelling: 'excel' }), loadSample: sample });
      await wb.loaded;
      let ready = false;
      void wb.ready.then(() => (ready = true));
      await Promise.resolve();
      readyBeforeMount = ready;
      wb.panelMounted();
      await wb.ready;
    });

    test('is ready only once the panel has mounted', () => {
      expect(readyBeforeMount).toBe(false);
    });

    test("opens the sample at the Demand table's header, its cells in their formats, nothing logged yet", () => {
      expect(wb.sampleMs).toBeGreaterThanOrEqual(0);
      expect(text('wb-status')).toBe('portfolio.xlsx: 4 sheets');
      expect(text('wb-address')).toBe('Demand!A3');
      expect(text('wb-formula')).toBe('ID');
      expect(Array.from(document.querySelectorAll('#wb-tabs [role="tab"]')).map((t) => [t.textContent, t.getAttribute('aria-selected')])).toEqual([
        ['Demand', 'true'],
        ['Business cases', 'false'],
        ['Capacity', 'false'],
        ['BTM Settings', 'false'],
      ]);
      expect(document.querySelector('#wb-grid td[data-ref="J4"]')!.textContent).toBe('790,000');
      expect(wb.cellText('Business cases', 'C4')).toBe('10%');
      expect(wb.cellValue('Business cases', 'C4')).toBe(0.1);
      expect(calls()).toEqual([]);
    });

    test("logs a command with its reads and writes, and shows the formulas it wrote computed, in Excel's spelling", async () => {
      const scored = await wb.bridge.scoreDemand({});
      expect(scored.status).toBe('written');
      expect(calls()).toEqual(['Score demand: 3 reads, 1 write']);
      const header = Array.from(document.querySelectorAll<HTMLElement>('#wb-grid td')).find((td) => td.textContent === 'BTM Score');
      expect(header?.dataset.ref).toBe('AD3');
      const first = document.querySelector<HTMLElement>('#wb-grid td[data-ref="AD4"]')!;
      expect(first.title).toMatch(/^=BTM\.SCORE\(/);
      expect(typeof wb.cellValue('Demand', 'AD4')).toBe('number');
      expect(first.textContent).toBe(wb.cellText('Demand', 'AD4'));
      expect(first.textContent).not.toBe('');
    });

    test("answers Use selection with the selected cell; select() shows the cell's sheet; both uses are logged", async () => {
      wb.select('Demand', 'A3');
      expect(await wb.bridge.selection()).toBe('Demand!A3');
      wb.select('Capacity', 'B2');
      expect(text('wb-address')).toBe('Capacity!B2');
      expect(document.querySelector('#wb-tabs [aria-selected="true"]')!.textContent).toBe('Capacity');
      expect(await wb.bridge.selection()).toBe('Capacity!B2');
      expect(calls().slice(-2)).toEqual(['Use selection: 0 reads, 0 writes', 'Use selection: 0 reads, 0 writes']);
      expect(wb.records.slice(-2).map((r) => r.method)).toEqual(['selection', 'selection']);
    });

    test('a command that adds a sheet adds its tab, and the status counts it', async () => {
      expect((await wb.bridge.writeSettingsSheet()).status).toBe('exists');
      expect(text('wb-status')).toBe('portfolio.xlsx: 4 sheets');
      wb.select('Demand', 'A3');
      expect((await wb.bridge.generateRoadmap({})).status).toBe('written');
      expect(text('wb-status')).toBe('portfolio.xlsx: 5 sheets');
      expect(document.querySelector('#wb-tabs [role="tab"]:last-child')!.textContent).toBe('BTM Roadmap');
    });
  });

  test('while a command runs, opening a file, downloading and the look switch wait', async () => {
    loadPage();
    let finish: () => void = () => undefined;
    const wb = startWorkbench(window, {
      bridgeFor: (b) => ({ ...memoryBridge(b, { spelling: 'excel' }), planCapacity: () => new Promise((resolve) => (finish = () => resolve({ status: 'cancelled' }))) }),
      loadSample: sample,
    });
    await wb.loaded;
    const controls = () => ['wb-open', 'wb-download', 'wb-look'].map((id) => (document.getElementById(id) as HTMLInputElement).disabled);
    expect(controls()).toEqual([false, false, false]);
    const planned = wb.bridge.planCapacity({}, () => undefined);
    expect(controls()).toEqual([true, true, true]);
    finish();
    await planned;
    expect(controls()).toEqual([false, false, false]);
  });

  test('a file opened while the sample still downloads stays open when the sample arrives', async () => {
    loadPage();
    let arrive: (bytes: ArrayBuffer) => void = () => undefined;
    const wb = startWorkbench(window, { bridgeFor: (b) => memoryBridge(b, { spelling: 'excel' }), loadSample: () => new Promise((resolve) => (arrive = resolve)) });
    const mine = await writeXlsx(new MemoryWorkbook(['Mine']));
    const input = document.getElementById('wb-open') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [{ name: 'mine.xlsx', arrayBuffer: async () => mine.slice().buffer }] });
    input.dispatchEvent(new Event('change'));
    for (let i = 0; i < 200 && text('wb-status') !== 'mine.xlsx: 1 sheet'; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(text('wb-status')).toBe('mine.xlsx: 1 sheet');
    arrive(await sample());
    await wb.loaded;
    expect(wb.book.sheets.map((s) => s.name)).toEqual(['Mine']);
    expect(text('wb-status')).toBe('mine.xlsx: 1 sheet');
    expect(wb.sampleMs).toBeUndefined();
  });

  test('a file too large to open is refused before it is read', async () => {
    loadPage();
    const wb = startWorkbench(window, { bridgeFor: (b) => memoryBridge(b, { spelling: 'excel' }), loadSample: sample });
    await wb.loaded;
    const read = jest.fn(() => Promise.reject(new Error('read')));
    const input = document.getElementById('wb-open') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [{ name: 'huge.xlsx', size: 3 * 1024 ** 3, arrayBuffer: read }] });
    input.dispatchEvent(new Event('change'));
    expect(text('wb-status')).toBe('Could not open huge.xlsx: The file is 3072 MB; the workbench opens files up to 50 MB.');
    expect(read).not.toHaveBeenCalled();
    expect(wb.book.sheets.map((s) => s.name)).toEqual(['Demand', 'Business cases', 'Capacity', 'BTM Settings']);
  });

  test('a sample that cannot be loaded is said plainly; the page works on an empty workbook', async () => {
    loadPage();
    const wb = startWorkbench(window, { bridgeFor: (b) => memoryBridge(b, { spelling: 'excel' }), loadSample: () => Promise.reject(new Error('HTTP 404')) });
    await wb.loaded;
    expect(text('wb-status')).toBe('Could not load the sample portfolio.xlsx (HTTP 404): open a .xlsx file instead.');
    expect(wb.book.sheets.map((s) => s.name)).toEqual(['Sheet1']);
    expect(text('wb-address')).toBe('Sheet1!A1');
  });

  test('bytes that are not a workbook leave the page as it was, with a message', async () => {
    loadPage();
    const wb = startWorkbench(window, { bridgeFor: (b) => memoryBridge(b, { spelling: 'excel' }), loadSample: () => Promise.resolve(Buffer.from(XSS).buffer as ArrayBuffer) });
    await wb.loaded;
    expect(text('wb-status')).toMatch(/^Could not open portfolio\.xlsx: /);
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(wb.book.sheets.map((s) => s.name)).toEqual(['Sheet1']);
  });

  test('the look switch changes the frame and the page', () => {
    loadPage();
    startWorkbench(window, { bridgeFor: (b) => memoryBridge(b), loadSample: () => new Promise(() => undefined) });
    const look = document.getElementById('wb-look') as HTMLSelectElement;
    const frame = document.getElementById('wb-panel') as HTMLIFrameElement;
    expect([frame.getAttribute('src'), document.body.dataset.look]).toEqual(['panel.html', 'excel']);
    look.value = 'sheets';
    look.dispatchEvent(new Event('change'));
    expect([frame.getAttribute('src'), document.body.dataset.look]).toEqual(['panel.html?look=sheets', 'sheets']);
  });

  test("the page's controls say what they do; its status is announced and its log is a list", () => {
    loadPage();
    expect(document.querySelector('label[for="wb-look"]')).not.toBeNull();
    expect(document.querySelector('label[for="wb-open"]')!.textContent).toBe('Open .xlsx');
    expect((document.getElementById('wb-open') as HTMLInputElement).accept).toBe('.xlsx');
    expect(document.getElementById('wb-download')!.textContent).toBe('Download .xlsx');
    expect(document.getElementById('wb-status')!.getAttribute('role')).toBe('status');
    expect(document.getElementById('wb-calls')!.tagName).toBe('OL');
  });
});
