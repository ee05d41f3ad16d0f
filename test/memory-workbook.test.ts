// The in-memory workbook port (the command line's and the workbench's host) and its .xlsx reader
// and writer: the port's batch calls and their count, a round trip memory -> .xlsx -> memory
// that keeps values, formulas with their results, text that looks like a formula as text, dates
// as serials and the formats; a file built with exceljs directly read back (shared formulas, rich
// text, errors, dates, hyperlinks, theme fills, merges); broken files refused in plain words.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { CellValue, DEFAULT_SETTINGS, SETTINGS_SHEET, isSheetError, prepareScoreDemand, settingsToGrid, sheetError } from '../core';
import { BLANK_CELL, MemoryWorkbook } from '../xlsx/memory-workbook';
import { readXlsx, serialOf, writeXlsx } from '../xlsx/xlsx-io';

const INJECTION = '=HYPERLINK("https://evil.example","click")';

/** Sorted-out error code of a value, or the value itself (SheetError messages differ by source). */
const shown = (v: CellValue) => (isSheetError(v) ? v.code : v);
const shownGrid = (g: readonly (readonly CellValue[])[] | undefined) => g?.map((r) => r.map(shown));

async function roundTrip(book: MemoryWorkbook): Promise<MemoryWorkbook> {
  return readXlsx(await writeXlsx(book));
}

async function exceljsBytes(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('the memory workbook: model and port', () => {
  it('finds sheets regardless of case, keeps their order and refuses a second sheet of the same name', () => {
    const book = new MemoryWorkbook(['Demand', 'Capacity']);
    book.addSheet('BTM Settings');
    expect(book.sheets.map((s) => s.name)).toEqual(['Demand', 'Capacity', 'BTM Settings']);
    expect(book.sheet('btm SETTINGS')?.name).toBe('BTM Settings');
    expect(book.sheet('Nope')).toBeUndefined();
    expect(() => book.addSheet('DEMAND')).toThrow('already has a sheet of that name');
    expect(() => book.addSheet('a/b')).toThrow(': \\ / ? * [ ]');
    expect(() => book.addSheet('x'.repeat(32))).toThrow('longer than 31');
    expect(() => book.addSheet(' ')).toThrow('blank');
    book.removeSheet('capacity');
    expect(book.sheetNames()).toEqual(['Demand', 'BTM Settings']);
  });

  it('snapshots the used range from A1 with formulas, the selection and merged areas', () => {
    const book = new MemoryWorkbook(['Other', 'Demand']);
    const demand = book.sheet('Demand')!;
    demand.setCell(2, 2, { value: 'Initiative' });
    demand.setCell(3, 2, { value: 'CRM' });
    demand.setCell(3, 3, { value: 6, formula: '=2*3' });
    demand.setCell(9, 9, { fill: '#FF0000' }); // a format alone does not grow the used range
    demand.merged = [{ start: { row: 2, col: 2 }, end: { row: 2, col: 3 } }];
    book.select('demand', 3, 2);
    const snap = book.snapshot();
    expect(snap).toEqual({
      sheet: 'Demand',
      top: 1,
      left: 1,
      values: [
        [null, null, null],
        [null, 'Initiative', null],
        [null, 'CRM', 6],
      ],
      formulas: [
        ['', '', ''],
        ['', '', ''],
        ['', '', '=2*3'],
      ],
      selection: { row: 3, col: 2 },
      merged: [{ sheet: 'Demand', start: { row: 2, col: 2 }, end: { row: 2, col: 3 } }],
    });
    // Another sheet's snapshot starts from its A1.
    expect(book.snapshot('Other')).toMatchObject({ sheet: 'Other', values: [], formulas: [], selection: { row: 1, col: 1 } });
    expect(demand.cell(9, 9).fill).toBe('#ff0000');
    expect(demand.cell(50, 50)).toBe(BLANK_CELL);
  });

  it('writes user text as text and formulas only through writeFormulas', () => {
    const book = new MemoryWorkbook(['S']);
    book.writeValues('S', 1, 1, [[INJECTION, '+1', "'quoted", '', NaN, Infinity, true, sheetError('#N/A', 'none')]]);
    const s = book.sheet('S')!;
    expect(s.cell(1, 1)).toMatchObject({ value: INJECTION, formula: '' });
    expect(s.cell(1, 2).value).toBe('+1');
    expect(s.cell(1, 3).value).toBe("'quoted");
    expect(s.cell(1, 4)).toBe(BLANK_CELL);
    expect(shown(s.cell(1, 5).value)).toBe('#NUM!');
    expect(shown(s.cell(1, 6).value)).toBe('#NUM!');
    expect(s.cell(1, 7).value).toBe(true);
    expect(shown(s.cell(1, 8).value)).toBe('#N/A');

    book.writeFormulas('S', 2, 1, [['BTM Score', '=SUM(1,2)', '=B2*2', '']], [[null, 3]]);
    expect(s.cell(2, 1)).toMatchObject({ value: 'BTM Score', formula: '' });
    expect(s.cell(2, 2)).toMatchObject({ value: 3, formula: '=SUM(1,2)' });
    expect(s.cell(2, 3)).toMatchObject({ value: null, formula: '=B2*2' });
    // A value written over a formula replaces it.
    book.writeValues('S', 2, 2, [[INJECTION]]);
    expect(s.cell(2, 2)).toMatchObject({ value: INJECTION, formula: '' });
    expect(() => s.setCell(1, 1, { formula: 'SUM(1)' })).toThrow('not formula text');
    expect(() => s.setCell(1, 1, { fill: 'red' })).toThrow('not a #rrggbb colour');
    expect(() => s.setCell(0, 1, { value: 1 })).toThrow('1-based');
  });

  it('writes scattered formula cells in one write, leaving the cells between them as they were', () => {
    const book = new MemoryWorkbook(['S']);
    book.writeValues('S', 1, 1, [['keep', 'keep too', 'and me']]);
    book.resetCalls();
    book.writeFormulaCells('S', [
      { row: 1, col: 2, formula: '=1+1', value: 2 },
      { row: 3, col: 4, formula: '=BTM.NPV(0.1,A1)' },
      { row: 2, col: 1, formula: '<img src=x onerror=alert(1)>' },
    ]);
    expect(book.calls).toEqual({ reads: 0, writes: 1 });
    const sheet = book.sheet('S')!;
    expect([sheet.cell(1, 1).value, sheet.cell(1, 3).value]).toEqual(['keep', 'and me']);
    expect(sheet.cell(1, 2)).toMatchObject({ formula: '=1+1', value: 2 });
    expect(sheet.cell(3, 4)).toMatchObject({ formula: '=BTM.NPV(0.1,A1)', value: null });
    expect(sheet.cell(2, 1)).toMatchObject({ formula: '', value: '<img src=x onerror=alert(1)>' });
  });

  it('writes a layout into a cleared sheet, creating it when missing', () => {
    const book = new MemoryWorkbook(['Demand', 'BTM Roadmap']);
    const old = book.sheet('BTM Roadmap')!;
    old.setCell(40, 10, { value: 'left over' });
    old.hiddenColumns.add(3);
    old.frozenRows = 5;
    old.merged = [{ start: { row: 1, col: 1 }, end: { row: 2, col: 2 } }];
    const layout = {
      values: [['Roadmap', null], ['Initiative', 'Jan'], [INJECTION, 'B']] as CellValue[][],
      fills: [[null, null], [null, null], [null, '#4472C4']],
      fontColors: [[null, null], [null, null], [null, '#ffffff']],
      formats: [[null, null], [null, '0%'], [null, null]],
      boldRows: [0, 1],
      frozenRows: 2,
      frozenCols: 1,
      columnWidths: [180, 26],
      hiddenColumns: { from: 5, count: 2 },
    };
    const written = book.writeLayout('btm roadmap', layout, { print: { orientation: 'landscape', pagesWide: 1 } });
    expect(written).toBe(old);
    expect(old.values()).toEqual(layout.values);
    expect(old.cell(40, 10)).toBe(BLANK_CELL);
    expect(old.cell(3, 1)).toMatchObject({ value: INJECTION, formula: '' });
    expect(old.cell(3, 2)).toMatchObject({ fill: '#4472c4', fontColor: '#ffffff', bold: false });
    expect(old.cell(1, 1).bold).toBe(true);
    expect(old.cell(2, 2)).toMatchObject({ format: '0%', bold: true });
    expect([...old.hiddenColumns]).toEqual([5, 6]);
    expect([old.frozenRows, old.frozenCols]).toEqual([2, 1]);
    expect(old.merged).toEqual([]);
    expect(old.columnWidths).toEqual([180, 26]);
    expect(old.print).toEqual({ orientation: 'landscape', pagesWide: 1 });

    book.writeLayout('BTM Capacity', { values: [['x']] });
    expect(book.sheets.map((s) => s.name)).toEqual(['Demand', 'BTM Roadmap', 'BTM Capacity']);
  });

  it('counts one round trip per batch call, whatever the size', () => {
    const book = new MemoryWorkbook(['Demand']);
    const rows = 2000;
    book.writeValues('Demand', 1, 1, [['Initiative', 'Value'], ...Array.from({ length: rows }, (_, i) => [`I${i}`, i])]);
    expect(book.calls).toEqual({ reads: 0, writes: 1 });
    book.resetCalls();

    book.select('Demand', 2, 1);
    const snap = book.snapshot();
    const [capacity, settings] = book.readGrids(['Capacity', SETTINGS_SHEET]);
    expect(snap.values).toHaveLength(rows + 1);
    expect(capacity).toBeUndefined();
    expect(settings).toBeUndefined();
    book.writeLayout('BTM Capacity', { values: snap.values.map((r) => [...r]) });
    expect(book.calls).toEqual({ reads: 2, writes: 1 });
    expect(book.log).toEqual(['read snapshot Demand', 'read grids Capacity, BTM Settings', 'write layout BTM Capacity']);
    // Model access (the reader, the writer, a grid view) is not a round trip.
    book.sheet('Demand')!.cell(1, 1);
    void book.selection;
    expect(book.calls).toEqual({ reads: 2, writes: 1 });
  });

  it('runs Score demand over the port in two reads and one write', () => {
    const book = new MemoryWorkbook(['Demand']);
    const headers = ['Initiative', 'Demand type', 'Business value', 'Time criticality', 'Risk reduction', 'Job size', 'Cost', 'Strategic fit'];
    const rows = [1, 2, 3].map((r) => headers.map((_, c): CellValue => (c === 0 ? `=HYPERLINK("x${r}")` : c === 1 ? 'Run' : r + c)));
    book.writeValues('Demand', 1, 1, [headers, ...rows]);
    book.addSheet(SETTINGS_SHEET);
    book.writeValues(SETTINGS_SHEET, 1, 1, settingsToGrid(DEFAULT_SETTINGS));
    book.select('Demand', 2, 1);
    book.resetCalls();

    const snap = book.snapshot();
    const settings = book.readGrid(SETTINGS_SHEET);
    const { plan, response } = prepareScoreDemand(snap, settings, 'excel', {});
    expect(response.status).not.toBe('invalid');
    if (!plan) throw new Error('no plan');
    book.writeFormulas(snap.sheet, plan.block.start.row, plan.block.start.col, plan.cells);
    expect(book.calls).toEqual({ reads: 2, writes: 1 });

    const demand = book.sheet('Demand')!;
    const col = plan.block.start.col;
    expect(demand.cell(1, col)).toMatchObject({ value: 'BTM Score', formula: '' });
    expect(demand.cell(2, col).formula).toMatch(/^=BTM\.SCORE\(/);
    // The initiatives' names that look like formulas are still text.
    expect(demand.cell(2, 1)).toMatchObject({ value: '=HYPERLINK("x1")', formula: '' });
  });
});

describe('the memory workbook through a .xlsx file and back', () => {
  const DATE = 46402; // 2027-01-15

  function sample(): MemoryWorkbook {
    const book = new MemoryWorkbook(['Demand', "Q1, O'Brien's plan", 'BTM Roadmap']);
    const d = book.sheet('Demand')!;
    d.setCell(1, 1, { value: 'Initiative', bold: true, fill: '#d9e1f2' });
    d.setCell(1, 2, { value: 'Start', bold: true });
    d.setCell(1, 3, { value: 'Cost', bold: true });
    d.setCell(1, 4, { value: 'Double', bold: true });
    d.setCell(2, 1, { value: INJECTION });
    d.setCell(2, 2, { value: DATE, format: 'yyyy-mm-dd' });
    d.setCell(2, 3, { value: 1234.5, format: '#,##0.00', fontColor: '#C00000' });
    d.setCell(2, 4, { value: 2469, formula: '=C2*2' });
    d.setCell(3, 1, { value: '007' });
    d.setCell(3, 2, { value: DATE + 0.75, format: 'yyyy-mm-dd hh:mm' });
    d.setCell(3, 3, { value: sheetError('#DIV/0!', 'x') });
    d.setCell(3, 4, { value: sheetError('#DIV/0!', 'x'), formula: '=C3*2' });
    d.setCell(4, 1, { value: true });
    d.setCell(4, 2, { value: 'text result', formula: '=A1&" result"' });
    d.setCell(4, 3, { value: null, formula: '=_xldudf_BTM_NPV(0.1,C2:C3)' });
    d.setCell(4, 4, { value: -0.125, format: '0%' });
    d.columnWidths = [180, null, 96];
    d.merged = [{ start: { row: 6, col: 1 }, end: { row: 6, col: 3 } }];
    d.setCell(6, 1, { value: 'Notes across three columns' });
    book.writeLayout('BTM Roadmap', {
      values: [['Roadmap', null, null, null], ['Initiative', 'Jan', 'Feb', 'Mar']],
      fills: [[null, null, null, null], [null, '#4472c4', '#4472c4', null]],
      boldRows: [0],
      frozenRows: 2,
      frozenCols: 1,
      columnWidths: [120, 26, 26, 26],
      hiddenColumns: { from: 6, count: 2 },
    }, { print: { orientation: 'landscape', pagesWide: 1, paper: 'A4' } });
    book.sheet("Q1, O'Brien's plan")!.setCell(1, 1, { value: 'Quoted name' });
    book.select('Demand', 3, 2);
    return book;
  }

  it('keeps sheets, values, formulas with results, text as text and dates as serials', async () => {
    const back = await roundTrip(sample());
    expect(back.sheets.map((s) => s.name)).toEqual(['Demand', "Q1, O'Brien's plan", 'BTM Roadmap']);
    const d = back.sheet('Demand')!;
    expect(shownGrid(d.values().slice(0, 4))).toEqual([
      ['Initiative', 'Start', 'Cost', 'Double'],
      [INJECTION, DATE, 1234.5, 2469],
      ['007', DATE + 0.75, '#DIV/0!', '#DIV/0!'],
      [true, 'text result', null, -0.125],
    ]);
    expect(d.formulas().slice(0, 4)).toEqual([
      ['', '', '', ''],
      ['', '', '', '=C2*2'],
      ['', '', '', '=C3*2'],
      ['', '=A1&" result"', '=_xldudf_BTM_NPV(0.1,C2:C3)', ''],
    ]);
    expect(d.cell(2, 1).formula).toBe('');
    expect(d.cell(2, 2).format).toBe('yyyy-mm-dd');
    expect(d.cell(3, 2).format).toBe('yyyy-mm-dd hh:mm');
    expect(back.selection).toEqual({ sheet: 'Demand', row: 3, col: 2 });
  });

  it('keeps fills, font colours, bold, formats, widths, frozen panes, hidden columns, merges and print settings', async () => {
    const back = await roundTrip(sample());
    const d = back.sheet('Demand')!;
    expect(d.cell(1, 1)).toMatchObject({ bold: true, fill: '#d9e1f2' });
    expect(d.cell(2, 3)).toMatchObject({ fontColor: '#c00000', format: '#,##0.00', bold: false });
    expect(d.cell(4, 4).format).toBe('0%');
    expect(d.columnWidths.slice(0, 3)).toEqual([180, null, 96]);
    expect(d.merged).toEqual([{ start: { row: 6, col: 1 }, end: { row: 6, col: 3 } }]);
    expect(d.cell(6, 1).value).toBe('Notes across three columns');
    expect(d.cell(6, 2).value).toBeNull();

    const r = back.sheet('BTM Roadmap')!;
    expect(r.cell(2, 2).fill).toBe('#4472c4');
    expect(r.cell(2, 4).fill).toBeNull();
    expect(r.cell(1, 1).bold).toBe(true);
    expect(r.cell(2, 1).bold).toBe(false);
    expect([r.frozenRows, r.frozenCols]).toEqual([2, 1]);
    expect([...r.hiddenColumns].sort()).toEqual([6, 7]);
    expect(r.columnWidths.slice(0, 4)).toEqual([120, 26, 26, 26]);
    expect(r.print).toEqual({ orientation: 'landscape', pagesWide: 1, paper: 'A4' });
    expect(back.sheet('Demand')!.frozenRows).toBe(0);
  });

  it('writes a file in which user text is a string cell and a formula a formula with its cached value', async () => {
    const xl = new ExcelJS.Workbook();
    await xl.xlsx.load((await writeXlsx(sample())) as unknown as ArrayBuffer);
    const ws = xl.getWorksheet('Demand')!;
    expect(ws.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('A2').value).toBe(INJECTION);
    expect(ws.getCell('D2').type).toBe(ExcelJS.ValueType.Formula);
    expect(ws.getCell('D2').value).toMatchObject({ formula: 'C2*2', result: 2469 });
    expect(ws.getCell('D3').value).toMatchObject({ formula: 'C3*2', result: { error: '#DIV/0!' } });
    expect(ws.getCell('C4').value).toEqual({ formula: '_xldudf_BTM_NPV(0.1,C2:C3)' });
    expect(ws.getCell('B2').value).toBeInstanceOf(Date); // a number in a date format, as Excel shows it
    expect(serialOf(ws.getCell('B2').value as Date)).toBe(DATE);
  });

  it('round-trips a second time unchanged', async () => {
    const once = await roundTrip(sample());
    const twice = await roundTrip(once);
    for (const s of once.sheets) {
      const t = twice.sheet(s.name)!;
      expect(shownGrid(t.values())).toEqual(shownGrid(s.values()));
      expect(t.formulas()).toEqual(s.formulas());
      const cells: unknown[] = [];
      const again: unknown[] = [];
      s.forEachCell((r, c, cell) => cells.push([r, c, cell.fill, cell.fontColor, cell.bold, cell.format]));
      t.forEachCell((r, c, cell) => again.push([r, c, cell.fill, cell.fontColor, cell.bold, cell.format]));
      expect(again).toEqual(cells);
      expect([t.frozenRows, t.frozenCols, [...t.hiddenColumns], t.columnWidths]).toEqual([s.frozenRows, s.frozenCols, [...s.hiddenColumns], s.columnWidths]);
    }
  });
});

describe('reading a workbook exceljs built', () => {
  let book: MemoryWorkbook;
  beforeAll(async () => {
    const bytes = await exceljsBytes((wb) => {
      const ws = wb.addWorksheet('Data');
      ws.getCell('A1').value = 1;
      ws.getCell('A2').value = 2;
      ws.getCell('A3').value = 3;
      ws.getCell('B1').value = { formula: 'A1*10', result: 10, shareType: 'shared', ref: 'B1:B3' } as ExcelJS.CellValue;
      ws.getCell('B2').value = { sharedFormula: 'B1', result: 20 } as ExcelJS.CellValue;
      ws.getCell('B3').value = { sharedFormula: 'B1', result: 30 } as ExcelJS.CellValue;
      ws.getCell('C1').value = { richText: [{ text: 'Customer ' }, { font: { bold: true }, text: 'portal' }] };
      ws.getCell('C2').value = { error: '#N/A' } as ExcelJS.CellErrorValue;
      ws.getCell('C3').value = { formula: 'VLOOKUP(1,A1:A2,3,FALSE)', result: { error: '#REF!' } } as ExcelJS.CellValue;
      ws.getCell('D1').value = new Date(Date.UTC(2027, 0, 15));
      ws.getCell('D2').value = { text: 'Specs', hyperlink: 'https://example.com/specs' };
      ws.getCell('D3').value = { formula: 'DATE(2027,1,15)', result: new Date(Date.UTC(2027, 0, 15)) } as ExcelJS.CellValue;
      ws.getCell('E1').value = { formula: 'NOW()' } as ExcelJS.CellValue;
      ws.getCell('E2').fill = { type: 'pattern', pattern: 'solid', fgColor: { theme: 4 } as ExcelJS.Color };
      ws.getCell('E3').fill = { type: 'pattern', pattern: 'solid', fgColor: { theme: 9, tint: 0.3999 } as unknown as ExcelJS.Color };
      ws.getCell('E4').fill = { type: 'pattern', pattern: 'solid', fgColor: { theme: 4, tint: -0.25 } as unknown as ExcelJS.Color };
      ws.getCell('F1').value = 'Merged';
      ws.mergeCells('F1:G2');
      ws.getColumn(8).hidden = true;
      ws.getColumn(1).width = 25;
      ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 1 }];
      wb.addWorksheet('Empty');
    });
    book = await readXlsx(bytes);
  });

  it('spells out shared formulas cell by cell with their cached results', () => {
    const s = book.sheet('data')!;
    expect(s.formulas().map((r) => r[1])).toEqual(['=A1*10', '=A2*10', '=A3*10']);
    expect(s.values().map((r) => r[1])).toEqual([10, 20, 30]);
  });

  it('reads rich text and hyperlinks as their text, errors as SheetErrors, dates as serials', () => {
    const s = book.sheet('Data')!;
    expect(s.cell(1, 3).value).toBe('Customer portal');
    expect(shown(s.cell(2, 3).value)).toBe('#N/A');
    expect(isSheetError(s.cell(2, 3).value) && s.cell(2, 3).value).toMatchObject({ kind: 'sheet-error', code: '#N/A', message: expect.stringContaining('Data!C2') });
    expect(s.cell(3, 3)).toMatchObject({ formula: '=VLOOKUP(1,A1:A2,3,FALSE)' });
    expect(shown(s.cell(3, 3).value)).toBe('#REF!');
    expect(s.cell(1, 4).value).toBe(46402);
    expect(s.cell(2, 4).value).toBe('Specs');
    expect(s.cell(3, 4)).toMatchObject({ value: 46402, formula: '=DATE(2027,1,15)' });
    expect(s.cell(1, 5)).toMatchObject({ value: null, formula: '=NOW()' });
  });

  it('reads theme fills, merged areas (only the first cell holds the value), widths, hidden columns and frozen rows', () => {
    const s = book.sheet('Data')!;
    expect(s.cell(2, 5).fill).toBe('#4472c4');
    // Excel's "Green, Accent 6, Lighter 40%" and "Blue, Accent 1, Darker 25%".
    // (Excel rounds on its own HLS scale: within 2 per channel of what it shows.)
    const near = (got: string | null, want: string) =>
      [1, 3, 5].every((i) => Math.abs(parseInt(got!.slice(i, i + 2), 16) - parseInt(want.slice(i, i + 2), 16)) <= 2);
    expect(near(s.cell(3, 5).fill, '#a9d08e')).toBe(true);
    expect(near(s.cell(4, 5).fill, '#2f5597')).toBe(true);
    expect(s.cell(1, 6).value).toBe('Merged');
    expect(s.cell(1, 7).value).toBeNull();
    expect(s.cell(2, 6).value).toBeNull();
    expect(s.merged).toEqual([{ start: { row: 1, col: 6 }, end: { row: 2, col: 7 } }]);
    expect(s.columnWidths[0]).toBe(180);
    expect(s.hiddenColumns.has(8)).toBe(true);
    expect([s.frozenRows, s.frozenCols]).toEqual([1, 0]);
    expect(book.sheet('Empty')!.values()).toEqual([]);
    expect(book.readGrid('Empty')).toEqual([]);
    expect(book.selection).toEqual({ sheet: 'Data', row: 1, col: 1 });
  });

  it('takes an ArrayBuffer as well as a Buffer', async () => {
    const bytes = await writeXlsx(new MemoryWorkbook(['One']));
    const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    expect((await readXlsx(copy)).sheets.map((s) => s.name)).toEqual(['One']);
    expect((await readXlsx(Buffer.from(bytes))).sheets.map((s) => s.name)).toEqual(['One']);
  });
});

describe('broken files', () => {
  it('says the file is empty', async () => {
    await expect(readXlsx(Buffer.alloc(0))).rejects.toThrow('The file is empty.');
  });
  it('says a text file is not a zip archive', async () => {
    await expect(readXlsx(Buffer.from('Initiative,Value\nCRM,5\n'))).rejects.toThrow('The file is not an .xlsx workbook: it is not a zip archive.');
  });
  it('says a zip without a workbook holds none', async () => {
    await expect(readXlsx(await new JSZip().file('readme.txt', 'hello').generateAsync({ type: 'uint8array' }))).rejects.toThrow('The file is a zip archive without a workbook in it');
  });
  it('says a cut-off file is damaged', async () => {
    const bytes = await writeXlsx(new MemoryWorkbook(['One']));
    await expect(readXlsx(bytes.subarray(0, Math.floor(bytes.length / 2)))).rejects.toThrow(/^The file is damaged: it is not a readable zip archive/);
  });
  it('names an old .xls or a password-protected workbook', async () => {
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    await expect(readXlsx(ole)).rejects.toThrow('old Excel 97-2003 (.xls) workbook or a password-protected one');
  });
  it('throws Errors whose messages carry no stack or file paths', async () => {
    const e = await readXlsx(Buffer.from('nope')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).not.toMatch(/\/|node_modules/);
  });
});

describe('the memory workbook: defined names, list validations and spills', () => {
  it('defines names over a sheet range, found regardless of case, counted as one write each', () => {
    const book = new MemoryWorkbook(['BTM Settings', 'Demand']);
    expect(book.addName('BTM_DemandTypes', 'btm settings', '$B$4:$B$9')).toEqual({ name: 'BTM_DemandTypes', sheet: 'BTM Settings', range: '$B$4:$B$9' });
    // A relative range is kept absolute; one cell stays one cell.
    expect(book.addName('Budget.Total', 'Demand', 'c2').range).toBe('$C$2');
    expect(book.addName('_Lanes', 'Demand', 'D9:B4').range).toBe('$B$4:$D$9');
    expect(book.calls).toEqual({ reads: 0, writes: 3 });
    expect(book.log).toEqual(['write name BTM_DemandTypes', 'write name Budget.Total', 'write name _Lanes']);
    expect(book.names().map((n) => n.name)).toEqual(['BTM_DemandTypes', 'Budget.Total', '_Lanes']);
    expect(book.nameRange('btm_demandtypes')).toEqual({ sheet: 'BTM Settings', start: { row: 4, col: 2 }, end: { row: 9, col: 2 } });
    expect(book.nameRange('budget.total')).toEqual({ sheet: 'Demand', start: { row: 2, col: 3 }, end: { row: 2, col: 3 } });
    expect(book.nameRange('Nope')).toBeUndefined();
    // The list handed out is a copy.
    (book.names() as unknown[]).length = 0;
    expect(book.names()).toHaveLength(3);
  });

  it('defines a batch of names in one write, keeping those before a refused one as Excel does', () => {
    const book = new MemoryWorkbook(['S']);
    book.addNames([
      { name: 'First', sheet: 'S', range: '$A$1' },
      { name: 'Second', sheet: 'S', range: '$B$1:$B$4' },
    ]);
    expect(book.calls).toEqual({ reads: 0, writes: 1 });
    expect(book.names().map((n) => n.name)).toEqual(['First', 'Second']);
    expect(() => book.addNames([{ name: 'Third', sheet: 'S', range: '$C$1' }, { name: 'A1', sheet: 'S', range: '$D$1' }])).toThrow('reads as a cell reference');
    expect(book.names().map((n) => n.name)).toEqual(['First', 'Second', 'Third']);
  });

  it("refuses a name that exists, breaks Excel's rules or points nowhere", () => {
    const book = new MemoryWorkbook(['Demand']);
    book.addName('Types', 'Demand', 'A1:A3');
    expect(() => book.addName('TYPES', 'Demand', 'B1')).toThrow('Cannot add the name "TYPES": the workbook already has a name of that spelling.');
    expect(() => book.addName('', 'Demand', 'B1')).toThrow('a name cannot be blank');
    expect(() => book.addName('1st', 'Demand', 'B1')).toThrow('must start with a letter or _');
    expect(() => book.addName('Demand types', 'Demand', 'B1')).toThrow('hold only letters, digits, _ and .');
    expect(() => book.addName('Cost-total', 'Demand', 'B1')).toThrow('hold only letters, digits, _ and .');
    for (const ref of ['A1', 'xfd1048576', 'BTM1', 'R1C1', 'r', 'C', 'RC', 'R2', 'c12']) {
      expect(() => book.addName(ref, 'Demand', 'B1')).toThrow(`the name "${ref}" reads as a cell reference`);
    }
    expect(() => book.addName('_xlnm.Print_Area', 'Demand', 'B1')).toThrow('one Excel keeps for itself');
    expect(() => book.addName('N'.repeat(256), 'Demand', 'B1')).toThrow('longer than 255 characters');
    expect(() => book.addName('Lists', 'Capacity', 'B1')).toThrow('Cannot add the name "Lists": the workbook has no sheet named "Capacity".');
    expect(() => book.addName('Lists', 'Demand', 'Demand!B1:B3')).toThrow('is not a range on a sheet (A1, without the sheet name)');
    expect(() => book.addName('Lists', 'Demand', 'B1:B2:B3')).toThrow('is not a range on a sheet');
    // Letters beyond ASCII, digits, _ and . are a name; 255 characters still are.
    expect(book.addName('Übersicht_2.a', 'Demand', 'B1').name).toBe('Übersicht_2.a');
    expect(book.addName('N'.repeat(255), 'Demand', 'B1').name).toHaveLength(255);
    expect(book.addName('Rate', 'Demand', 'B1').name).toBe('Rate');
    expect(book.names()).toHaveLength(4);
  });

  it('drops the names of a removed sheet but keeps them when the sheet is only cleared', () => {
    const book = new MemoryWorkbook(['Lists', 'Demand']);
    book.addName('Types', 'Lists', '$A$1:$A$3');
    book.addName('Owners', 'Demand', '$B$2:$B$9');
    book.clearSheet('Lists');
    expect(book.names().map((n) => n.name)).toEqual(['Types', 'Owners']);
    book.removeSheet('LISTS');
    expect(book.names()).toEqual([{ name: 'Owners', sheet: 'Demand', range: '$B$2:$B$9' }]);
    expect(book.nameRange('Types')).toBeUndefined();
    // The name is free again once its sheet is gone.
    book.addSheet('Lists');
    expect(book.addName('types', 'Lists', 'A1').sheet).toBe('Lists');
  });

  it('keeps list validations per range, one counted write per batch, and lets a new rule take over the cells it covers', () => {
    const book = new MemoryWorkbook(['Demand']);
    const demand = book.sheet('Demand')!;
    book.addValidations('demand', [
      { range: 'D4:D203', source: 'BTM_DemandTypes' },
      { range: '$E$4:$F$10', source: '', values: ['Yes', 'No'] },
      { range: 'G4', source: '=BTM_Lanes' },
    ]);
    expect(book.calls).toEqual({ reads: 0, writes: 1 });
    expect(book.log).toEqual(['write validations Demand']);
    expect(demand.validations).toEqual([
      { range: 'D4:D203', source: 'BTM_DemandTypes' },
      { range: 'E4:F10', source: '', values: ['Yes', 'No'] },
      { range: 'G4', source: 'BTM_Lanes' },
    ]);
    // D50:D60 taken over: D4:D203 keeps D4:D49 and D61:D203.
    demand.addValidation({ range: 'D50:D60', source: '', values: ['Run'] });
    expect(demand.validations).toEqual([
      { range: 'D4:D49', source: 'BTM_DemandTypes' },
      { range: 'D61:D203', source: 'BTM_DemandTypes' },
      { range: 'E4:F10', source: '', values: ['Yes', 'No'] },
      { range: 'G4', source: 'BTM_Lanes' },
      { range: 'D50:D60', source: '', values: ['Run'] },
    ]);
    // The same range again replaces the rule; a block over part of E4:F10 leaves its left and right.
    demand.addValidation({ range: 'G4', source: 'Other' });
    demand.addValidation({ range: 'F5:F6', source: 'Other' });
    expect(demand.validations.map((v) => `${v.range} ${v.source}`)).toEqual([
      'D4:D49 BTM_DemandTypes',
      'D61:D203 BTM_DemandTypes',
      'E4:F4 ',
      'E7:F10 ',
      'E5:E6 ',
      'D50:D60 ',
      'G4 Other',
      'F5:F6 Other',
    ]);
  });

  it('refuses a validation it could not write, adding none of the batch', () => {
    const book = new MemoryWorkbook(['Demand']);
    const bad = (rule: unknown) => () => book.addValidations('Demand', [{ range: 'A1', source: 'Ok' }, rule as never]);
    expect(bad({ range: 'Demand!D4:D9', source: 'X' })).toThrow('the validation range "Demand!D4:D9" names a sheet; give the range without it');
    expect(bad({ range: 'D4:', source: 'X' })).toThrow('the validation range "D4:" is not an A1 range');
    expect(bad({ range: 'D4', source: '' })).toThrow('the validation of D4 has neither a source nor values');
    expect(bad({ range: 'D4', source: ' ', values: [] })).toThrow('has neither a source nor values');
    expect(bad({ range: 'D4', source: '', values: ['a', 'b,c'] })).toThrow('the list value "b,c" of the validation of D4 holds a comma');
    expect(bad({ range: 'D4', source: '', values: ['x'.repeat(200), 'y'.repeat(60)] })).toThrow('is 261 characters; Excel takes at most 255');
    expect(() => book.addValidations('Nope', [])).toThrow('The workbook has no sheet named "Nope".');
    expect(book.sheet('Demand')!.validations).toEqual([]);
  });

  it('records spills by anchor, finds the spill covering a cell and replaces the one at the same anchor', () => {
    const book = new MemoryWorkbook(['Demand']);
    const s = book.sheet('Demand')!;
    s.setCell(4, 8, { formula: '=BTM.SUMMARY(A1:A3)', value: 'NPV' });
    s.setCell(5, 8, { value: 1200 });
    s.setCell(2, 2, { formula: '=BTM.ROADMAP(A1)', value: 1 });
    expect(s.setSpill({ row: 4, col: 8, rows: 10, cols: 2 })).toEqual({ row: 4, col: 8, rows: 10, cols: 2 });
    s.setSpill({ row: 2, col: 2, rows: 1, cols: 3 });
    expect(s.spills).toEqual([
      { row: 2, col: 2, rows: 1, cols: 3 },
      { row: 4, col: 8, rows: 10, cols: 2 },
    ]);
    expect(s.spillAt(4, 8)).toEqual({ row: 4, col: 8, rows: 10, cols: 2 });
    expect(s.spillAt(5, 8)).toBeUndefined();
    expect(s.spillCovering(13, 9)).toEqual({ row: 4, col: 8, rows: 10, cols: 2 });
    expect(s.spillCovering(4, 8)).toEqual({ row: 4, col: 8, rows: 10, cols: 2 });
    expect(s.spillCovering(14, 8)).toBeUndefined();
    expect(s.spillCovering(4, 10)).toBeUndefined();
    expect(s.spillCovering(2, 4)?.row).toBe(2);
    s.setSpill({ row: 4, col: 8, rows: 3, cols: 1 });
    expect(s.spillAt(4, 8)).toEqual({ row: 4, col: 8, rows: 3, cols: 1 });
    expect(s.spills).toHaveLength(2);
    s.clearSpill(2, 2);
    expect(s.spills).toEqual([{ row: 4, col: 8, rows: 3, cols: 1 }]);
    // The anchor keeps its formula and value; the covered cells are constants.
    expect(s.cell(4, 8)).toMatchObject({ formula: '=BTM.SUMMARY(A1:A3)', value: 'NPV' });
    expect(s.cell(5, 8)).toMatchObject({ formula: '', value: 1200 });
  });

  it('refuses a spill without a formula at its anchor, one over another formula or spill, or one off the sheet', () => {
    const s = new MemoryWorkbook(['S']).sheet('S')!;
    s.setCell(1, 1, { formula: '=BTM.A()' });
    s.setCell(3, 1, { formula: '=BTM.B()' });
    s.setCell(1, 3, { formula: '=BTM.C()' });
    expect(() => s.setSpill({ row: 2, col: 1, rows: 2, cols: 1 })).toThrow('the spill at A2 has no formula at its anchor');
    expect(() => s.setSpill({ row: 1, col: 1, rows: 3, cols: 1 })).toThrow('the spill A1:A3 would cover A3, which holds a formula');
    expect(() => s.setSpill({ row: 1, col: 1, rows: 0, cols: 1 })).toThrow('the spill at A1 needs a 1-based row and column and a size of at least 1 x 1');
    expect(() => s.setSpill({ row: 1, col: 1, rows: 1.5, cols: 1 })).toThrow('at least 1 x 1');
    expect(() => s.setSpill({ row: 1, col: 3, rows: 1_048_576, cols: 16_382 })).not.toThrow(); // C1 to the last cell
    s.clearSpill(1, 3);
    expect(() => s.setSpill({ row: 1, col: 3, rows: 1_048_577, cols: 1 })).toThrow('the spill at C1 reaches beyond the last row or column');
    s.setSpill({ row: 1, col: 1, rows: 2, cols: 2 }); // A1:B2
    s.setCell(2, 4, { formula: '=BTM.D()' });
    s.setSpill({ row: 2, col: 4, rows: 2, cols: 1 }); // D2:D3
    s.setCell(2, 3, { formula: '=BTM.E()' });
    expect(() => s.setSpill({ row: 2, col: 3, rows: 1, cols: 2 })).toThrow('the spill C2:D2 overlaps the spill of D2');
    s.setCell(3, 3, { formula: '=BTM.F()' });
    s.clearSpill(2, 4);
    expect(() => s.setSpill({ row: 2, col: 3, rows: 2, cols: 1 })).toThrow('the spill C2:C3 would cover C3, which holds a formula');
    expect(() => s.setSpill({ row: 1, col: 3, rows: 1, cols: 1 })).not.toThrow(); // C1 touches A1:B2, not overlaps
    expect(s.spills.map((x) => `${x.row},${x.col}`)).toEqual(['1,1', '1,3']);
  });

  it('finds the spills meeting a block, and stays quick with thousands of spills', () => {
    const s = new MemoryWorkbook(['S']).sheet('S')!;
    // 20,000 array formulas of 2 x 1 down columns A and C (a legacy workbook can hold many).
    const started = Date.now();
    for (let r = 1; r <= 20_000; r += 2) {
      for (const col of [1, 3]) {
        s.setCell(r, col, { formula: '=BTM.X()', value: r });
        s.setSpill({ row: r, col, rows: 2, cols: 1 });
      }
    }
    expect(s.spills).toHaveLength(20_000);
    expect(s.spillCovering(10_000, 3)).toEqual({ row: 9999, col: 3, rows: 2, cols: 1 });
    expect(s.spillCovering(10_000, 2)).toBeUndefined();
    // Rows 255-258 of A:C: not the spills of row 253 (they end at 254).
    expect(s.spillsMeeting(255, 1, 4, 3)).toEqual([
      { row: 255, col: 1, rows: 2, cols: 1 },
      { row: 255, col: 3, rows: 2, cols: 1 },
      { row: 257, col: 1, rows: 2, cols: 1 },
      { row: 257, col: 3, rows: 2, cols: 1 },
    ]);
    expect(s.spillsMeeting(254, 3, 1, 1)).toEqual([{ row: 253, col: 3, rows: 2, cols: 1 }]);
    expect(s.spillsMeeting(1, 2, 20_000, 1)).toEqual([]);
    expect(s.spillsMeeting(19_999, 1, 5, 5).map((x) => x.col)).toEqual([1, 3]);
    // Spills across a band's edge (rows 256/257) are found from either side.
    s.setCell(250, 5, { formula: '=BTM.Y()' });
    s.setSpill({ row: 250, col: 5, rows: 600, cols: 2 });
    expect(s.spillCovering(849, 6)).toEqual({ row: 250, col: 5, rows: 600, cols: 2 });
    expect(s.spillCovering(850, 6)).toBeUndefined();
    expect(s.spillsMeeting(700, 6, 1, 1)).toEqual([{ row: 250, col: 5, rows: 600, cols: 2 }]);
    s.clearSpill(250, 5);
    expect(s.spillCovering(700, 6)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('drops a spill when its anchor loses its formula or a formula lands inside it, and on clear', () => {
    const book = new MemoryWorkbook(['S']);
    const s = book.sheet('S')!;
    const anchor = (row: number, col: number, rows: number, cols: number) => {
      s.setCell(row, col, { formula: '=BTM.X()', value: 1 });
      s.setSpill({ row, col, rows, cols });
    };
    anchor(1, 1, 3, 1);
    s.setCell(1, 1, { fill: '#ff0000', value: 5, formula: '=BTM.Y()' }); // a new formula keeps the spill
    expect(s.spillAt(1, 1)).toBeDefined();
    s.setCell(1, 1, { formula: '' });
    expect(s.spillAt(1, 1)).toBeUndefined();

    anchor(1, 1, 3, 1);
    book.writeValues('S', 1, 1, [[7]]); // a constant over the anchor
    expect(s.spills).toEqual([]);
    expect(s.cell(1, 1)).toMatchObject({ value: 7, formula: '' });

    anchor(1, 1, 3, 1);
    book.writeValues('S', 2, 1, [[8]]); // a value inside the area leaves the spill (the cell is one of its values)
    expect(s.spills).toHaveLength(1);
    book.writeFormulas('S', 3, 1, [['=1+1']]); // a formula inside it blocks it, as #SPILL! would
    expect(s.spills).toEqual([]);

    anchor(5, 5, 2, 2);
    s.validations.push({ range: 'A1', source: 'X' });
    book.clearSheet('S');
    expect([s.spills, s.validations]).toEqual([[], []]);
    anchor(5, 5, 2, 2);
    s.addValidation({ range: 'A1', source: 'X' });
    book.writeLayout('S', { values: [['x']] });
    expect([s.spills, s.validations]).toEqual([[], []]);
    anchor(5, 5, 2, 2);
    s.clear();
    expect(s.spills).toEqual([]);
  });
});
