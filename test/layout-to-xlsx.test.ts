// A sheet layout written to a real .xlsx with exceljs and read back with exceljs: values keep
// their types (user text stays text, "=HYPERLINK(...)" included), fills, font colours, bold rows,
// number formats, column widths, the hidden column block, frozen panes and the print settings
// arrive as laid out. No LibreOffice here: `npm run render:roadmap` is where the file is drawn.
import ExcelJS from 'exceljs';
import { CapacitySheet, sheetError } from '../core';
import type { RoadmapLayout } from '../core/commands/generate-roadmap';
import { SheetLayout, addLayoutSheet, argb, pxToWidth, widthToPx } from '../xlsx/layout-to-xlsx';

const BLUE = '#4472c4';
const GREEN = '#70ad47';

/** A small roadmap-like sheet: a title, a header row, two initiatives, a hidden "previous version" block in F:G. */
const LAYOUT: SheetLayout = {
  values: [
    ['Roadmap 2027', null, null, null, null, null, null],
    ['Initiative', 'Lane', 'Jan', 'Feb', 'Mar', 'prev start', 'prev end'],
    ['=HYPERLINK("https://evil.example","click")', 'Customer', 'A', 'B', null, 0, 1],
    ['007', 'Back office', null, 'C', 'D', 1, 2],
    ['Broken', 'Back office', sheetError('#N/A', 'no start'), true, 0.25, null, null],
  ],
  fills: [
    [null, null, null, null, null, null, null],
    [null, null, null, null, null, null, null],
    [null, null, BLUE, BLUE, null, null, null],
    [null, null, null, GREEN, GREEN, null, null],
    [null, null, null, null, null, null, null],
  ],
  fontColors: [
    [null, null, null, null, null, null, null],
    [null, null, null, null, null, null, null],
    [null, null, '#ffffff', '#ffffff', null, null, null],
    [null, null, null, '#ffffff', '#ffffff', null, null],
    [null, null, null, null, null, null, null],
  ],
  formats: [
    [null, null, null, null, null, null, null],
    [null, null, null, null, null, null, null],
    [null, null, null, null, null, null, null],
    [null, null, null, null, null, null, null],
    [null, null, null, null, '0%', null, null],
  ],
  boldRows: [0, 1],
  boldCells: [[2, 3]],
  frozenRows: 2,
  frozenCols: 2,
  columnWidths: [180, 96, 26, 26, 26, 40, 40],
  hiddenColumns: { from: 6, count: 2 },
};

async function roundTrip(layout: SheetLayout, print?: Parameters<typeof addLayoutSheet>[3]): Promise<ExcelJS.Worksheet> {
  const out = new ExcelJS.Workbook();
  addLayoutSheet(out, 'BTM Roadmap', layout, print);
  const buffer = await out.xlsx.writeBuffer();
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(buffer as ArrayBuffer);
  const ws = back.getWorksheet('BTM Roadmap');
  if (!ws) throw new Error('the sheet did not come back');
  return ws;
}

const fillOf = (ws: ExcelJS.Worksheet, address: string) => {
  const fill = ws.getCell(address).fill as ExcelJS.FillPattern | undefined;
  return fill?.type === 'pattern' ? fill.fgColor?.argb : undefined;
};

// The panel commands' sheets are layouts as they are (checked by the compiler, not at run time).
export const asLayout: (sheet: RoadmapLayout | CapacitySheet) => SheetLayout = (sheet) => sheet;

describe('colours and widths as .xlsx wants them', () => {
  test('#rrggbb becomes opaque ARGB, in capitals', () => {
    expect(argb('#4472c4')).toBe('FF4472C4');
    expect(argb('70AD47')).toBe('FF70AD47');
  });

  test('a colour that is not #rrggbb is a programmer mistake, named', () => {
    expect(() => argb('blue')).toThrow('"blue" is not a #rrggbb colour');
    expect(() => argb('#fff')).toThrow('"#fff" is not a #rrggbb colour');
  });

  test('pixels become characters of a 7 px digit plus 5 px padding, and back', () => {
    expect(pxToWidth(75)).toBe(10);
    expect(pxToWidth(26)).toBe(3);
    expect(pxToWidth(180)).toBe(25);
    expect(pxToWidth(3)).toBe(0);
    expect(widthToPx(10)).toBe(75);
    expect(widthToPx(pxToWidth(96))).toBe(96);
  });
});

describe('a layout written with exceljs and read back', () => {
  let ws: ExcelJS.Worksheet;
  beforeAll(async () => {
    ws = await roundTrip(LAYOUT, { print: { orientation: 'landscape', pagesWide: 1, paper: 'A4' } });
  });

  test('values come back with their types; text that looks like a formula or a number stays text', () => {
    expect(ws.getCell('A1').value).toBe('Roadmap 2027');
    expect(ws.getCell('A3').value).toBe('=HYPERLINK("https://evil.example","click")');
    expect(ws.getCell('A3').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('A3').formula).toBeUndefined();
    expect(ws.getCell('A4').value).toBe('007');
    expect(ws.getCell('A4').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('F3').value).toBe(0);
    expect(ws.getCell('G4').value).toBe(2);
    expect(ws.getCell('D5').value).toBe(true);
    expect(ws.getCell('E5').value).toBe(0.25);
  });

  test('an error value becomes an error cell with its code', () => {
    expect(ws.getCell('C5').value).toEqual({ error: '#N/A' });
    expect(ws.getCell('C5').type).toBe(ExcelJS.ValueType.Error);
  });

  test('blanks stay empty', () => {
    expect(ws.getCell('B1').value).toBeNull();
    expect(ws.getCell('E3').value).toBeNull();
    expect(ws.getCell('B1').type).toBe(ExcelJS.ValueType.Null);
  });

  test('fills are solid fills of the laid-out colour; cells without one have none', () => {
    expect(fillOf(ws, 'C3')).toBe('FF4472C4');
    expect(fillOf(ws, 'D3')).toBe('FF4472C4');
    expect(fillOf(ws, 'D4')).toBe('FF70AD47');
    expect(fillOf(ws, 'E4')).toBe('FF70AD47');
    expect(fillOf(ws, 'E3')).toBeUndefined();
    expect(fillOf(ws, 'A3')).toBeUndefined();
    expect((ws.getCell('C3').fill as ExcelJS.FillPattern).pattern).toBe('solid');
  });

  test('font colours, bold rows and single bold cells', () => {
    expect(ws.getCell('C3').font?.color?.argb).toBe('FFFFFFFF');
    expect(ws.getCell('E4').font?.color?.argb).toBe('FFFFFFFF');
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getCell('C2').font?.bold).toBe(true);
    expect(ws.getCell('D3').font).toMatchObject({ bold: true, color: { argb: 'FFFFFFFF' } });
    expect(ws.getCell('A3').font?.bold).toBeFalsy();
    expect(ws.getCell('C3').font?.bold).toBeFalsy();
  });

  test('a cell given a colour or bold keeps the default font, Calibri 11', () => {
    for (const address of ['A1', 'C2', 'C3', 'E4']) expect(ws.getCell(address).font).toMatchObject({ name: 'Calibri', size: 11 });
  });

  test('number formats where laid out, General elsewhere', () => {
    expect(ws.getCell('E5').numFmt).toBe('0%');
    expect(ws.getCell('D5').numFmt).toBeUndefined();
  });

  test('column widths in pixels arrive as .xlsx widths', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((c) => ws.getColumn(c).width)).toEqual([25, 13, 3, 3, 3, 5, 5]);
    expect([1, 2, 3].map((c) => widthToPx(ws.getColumn(c).width ?? 0))).toEqual([180, 96, 26]);
  });

  test('the hidden block is F:G and nothing else', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((c) => ws.getColumn(c).hidden)).toEqual([false, false, false, false, false, true, true]);
  });

  test('two rows and two columns are frozen', () => {
    expect(ws.views).toHaveLength(1);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 2 });
  });

  test('printed landscape on A4, one page wide, as many pages high as it takes, headers on every page', () => {
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:2' });
  });
});

describe('what a layout may leave out', () => {
  test('values alone: no fills, no frozen panes, no hidden columns, default widths and print settings', async () => {
    const ws = await roundTrip({ values: [['a', 1], ['b']] });
    expect(ws.getCell('A1').value).toBe('a');
    expect(ws.getCell('B1').value).toBe(1);
    expect(ws.getCell('B2').value).toBeNull();
    expect(fillOf(ws, 'A1')).toBeUndefined();
    expect((ws.views ?? []).filter((v) => v.state === 'frozen')).toEqual([]);
    expect(ws.getColumn(1).hidden).toBe(false);
    expect(ws.getColumn(1).width).toBeUndefined();
    expect(ws.pageSetup.orientation).toBe('portrait');
    expect(ws.pageSetup.fitToPage).toBeFalsy();
  });

  test('a hidden block of count 0 hides nothing; frozen rows alone freeze no column; Letter paper; repeated rows can be turned off', async () => {
    const ws = await roundTrip(
      { values: [['h1', 'h2', 'h3']], frozenRows: 1, hiddenColumns: { from: 2, count: 0 } },
      { print: { orientation: 'portrait', paper: 'letter', repeatFrozenRows: false } },
    );
    expect(ws.pageSetup.paperSize).toBe(1);
    expect([1, 2, 3].map((c) => ws.getColumn(c).hidden)).toEqual([false, false, false]);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 0, ySplit: 1 });
    expect(ws.pageSetup.printTitlesRow).toBeUndefined();
    expect(ws.pageSetup.fitToPage).toBeFalsy();
  });

  test('a malformed fill stops the write, naming the colour', async () => {
    await expect(roundTrip({ values: [['x']], fills: [['red']] })).rejects.toThrow('"red" is not a #rrggbb colour');
  });
});
