// Defined names, list validations and spills through a .xlsx file: the in-memory workbook's names,
// drop-downs (from a named range and from a literal list) and dynamic array results written with
// exceljs (plus the dynamic-array metadata of xlsx/package-parts.ts) and read back the same; what
// exceljs itself sees in the written file; files as other programs write them (a Google Sheets
// export's literal lists, Excel's multi-area, relative and built-in names, a stray formula inside
// an array formula's area) read without complaint.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { CellValue, isSheetError, sheetError } from '../core';
import { MemoryWorkbook } from '../xlsx/memory-workbook';
import { listValues, literalList, readXlsx, writeXlsx } from '../xlsx/xlsx-io';

const shown = (v: CellValue) => (isSheetError(v) ? v.code : v);

async function exceljsOf(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

async function partOf(bytes: Uint8Array, path: string): Promise<string | undefined> {
  return (await JSZip.loadAsync(bytes)).file(path)?.async('string');
}

/** The bytes with some parts' text changed, as another program would have written them. */
async function patched(bytes: Uint8Array, edits: Record<string, (xml: string) => string>): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  for (const [path, edit] of Object.entries(edits)) {
    const xml = await zip.file(path)!.async('string');
    const next = edit(xml);
    if (next === xml) throw new Error(`the edit of ${path} changed nothing`);
    zip.file(path, next);
  }
  return zip.generateAsync({ type: 'uint8array' });
}

const SETTINGS = 'BTM Settings';
const LISTS = "Q1, O'Brien's lists";

/** A book with names (plain, quoted and apostrophe sheet names, one cell), validations and two spills. */
function sample(): MemoryWorkbook {
  const book = new MemoryWorkbook([SETTINGS, 'Demand', LISTS, '2024']);
  const settings = book.sheet(SETTINGS)!;
  ['Run', 'Grow', 'Transform'].forEach((t, i) => settings.setCell(4 + i, 2, { value: t }));
  book.addName('BTM_DemandTypes', SETTINGS, '$B$4:$B$6');
  book.addName('Owners', LISTS, 'A1:C3');
  book.addName('BTM.Rate', 'Demand', '$K$1');
  book.addName('Plan2024', '2024', 'A1:A2');

  const demand = book.sheet('Demand')!;
  demand.setCell(1, 1, { value: 'Initiative', bold: true });
  demand.setCell(1, 4, { value: 'Demand type' });
  demand.setCell(4, 4, { value: 'Grow' });
  demand.setCell(1, 11, { value: 0.08, format: '0%' });
  // Print titles are a name of Excel's own (_xlnm.Print_Titles) next to the book's names.
  demand.frozenRows = 1;
  demand.print = { orientation: 'landscape' };
  book.addValidations('Demand', [
    { range: 'D2:D203', source: 'BTM_DemandTypes' },
    { range: 'E2:F203', source: '', values: ['Yes', 'No', 'Say "maybe"'] },
    { range: 'G2', source: 'Owners' },
  ]);
  book.addValidations(LISTS, [{ range: 'B5:B9', source: '', values: ['a b', 'c'] }]);

  // A column of a business-case summary: text, number, error, boolean.
  demand.setCell(4, 8, { formula: '=_xldudf_BTM_CASESUMMARY(A1:A3)', value: 'NPV' });
  demand.setCell(5, 8, { value: 1200.5 });
  demand.setCell(6, 8, { value: sheetError('#N/A', 'no payback') });
  demand.setCell(7, 8, { value: true });
  demand.setSpill({ row: 4, col: 8, rows: 4, cols: 1 });
  // A 2 x 3 block whose anchor holds a number.
  demand.setCell(10, 2, { formula: '=_xldudf_BTM_FRONTIER(A1:A3,B1:B3)', value: 100, format: '#,##0' });
  [[null, 'x', 3], [4, 5, 'y']].forEach((line, r) =>
    line.forEach((v, c) => {
      if (r > 0 || c > 0) demand.setCell(10 + r, 2 + c, { value: v as CellValue });
    }),
  );
  demand.setSpill({ row: 10, col: 2, rows: 2, cols: 3 });
  return book;
}

/** Every cell of a sheet as [A1, shown value, formula]. */
function cells(book: MemoryWorkbook, sheet: string): [number, number, CellValue, string][] {
  const out: [number, number, CellValue, string][] = [];
  book.sheet(sheet)!.forEachCell((r, c, cell) => out.push([r, c, shown(cell.value), cell.formula]));
  return out;
}

describe('defined names, list validations and spills through a .xlsx file', () => {
  let bytes: Uint8Array;
  let back: MemoryWorkbook;
  const book = sample();

  beforeAll(async () => {
    bytes = await writeXlsx(book);
    back = await readXlsx(bytes);
  });

  it('reads back the names, the validations and the spills it wrote, and the cells unchanged', () => {
    expect(back.names()).toEqual([
      { name: 'BTM_DemandTypes', sheet: SETTINGS, range: '$B$4:$B$6' },
      { name: 'Owners', sheet: LISTS, range: '$A$1:$C$3' },
      { name: 'BTM.Rate', sheet: 'Demand', range: '$K$1' },
      { name: 'Plan2024', sheet: '2024', range: '$A$1:$A$2' },
    ]);
    expect(back.sheet('Demand')!.print).toEqual({ orientation: 'landscape' });
    expect(back.nameRange('btm_demandtypes')).toEqual({ sheet: SETTINGS, start: { row: 4, col: 2 }, end: { row: 6, col: 2 } });
    expect(back.sheet('Demand')!.validations).toEqual([
      { range: 'D2:D203', source: 'BTM_DemandTypes' },
      { range: 'E2:F203', source: '', values: ['Yes', 'No', 'Say "maybe"'] },
      { range: 'G2', source: 'Owners' },
    ]);
    expect(back.sheet(LISTS)!.validations).toEqual([{ range: 'B5:B9', source: '', values: ['a b', 'c'] }]);
    expect(back.sheet(SETTINGS)!.validations).toEqual([]);
    expect(back.sheet('Demand')!.spills).toEqual([
      { row: 4, col: 8, rows: 4, cols: 1 },
      { row: 10, col: 2, rows: 2, cols: 3 },
    ]);
    expect(cells(back, 'Demand')).toEqual(cells(book, 'Demand'));
    expect(cells(back, SETTINGS)).toEqual(cells(book, SETTINGS));
    const d = back.sheet('Demand')!;
    expect(d.cell(4, 8)).toMatchObject({ value: 'NPV', formula: '=_xldudf_BTM_CASESUMMARY(A1:A3)' });
    expect(d.cell(5, 8)).toMatchObject({ value: 1200.5, formula: '' });
    expect(shown(d.cell(6, 8).value)).toBe('#N/A');
    expect(d.cell(7, 8)).toMatchObject({ value: true, formula: '' });
    expect(d.cell(10, 2)).toMatchObject({ value: 100, format: '#,##0', formula: '=_xldudf_BTM_FRONTIER(A1:A3,B1:B3)' });
    expect(d.cell(11, 4)).toMatchObject({ value: 'y', formula: '' });
  });

  it('round-trips a second time to the same model', async () => {
    const again = await readXlsx(await writeXlsx(back));
    expect(again.names()).toEqual(back.names());
    for (const s of back.sheets) {
      expect(again.sheet(s.name)!.validations).toEqual(s.validations);
      expect(again.sheet(s.name)!.spills).toEqual(s.spills);
      expect(cells(again, s.name)).toEqual(cells(back, s.name));
    }
  });

  it('writes what exceljs reads as an array formula with its area, the other cells as plain values', async () => {
    const ws = (await exceljsOf(bytes)).getWorksheet('Demand')!;
    expect(ws.getCell('H4').value).toEqual({ formula: '_xldudf_BTM_CASESUMMARY(A1:A3)', result: 'NPV', shareType: 'array', ref: 'H4:H7' });
    expect(ws.getCell('B10').value).toEqual({ formula: '_xldudf_BTM_FRONTIER(A1:A3,B1:B3)', result: 100, shareType: 'array', ref: 'B10:D11' });
    for (const [address, value] of [['H5', 1200.5], ['H6', { error: '#N/A' }], ['H7', true], ['C10', 'x'], ['D10', 3], ['B11', 4], ['D11', 'y']] as const) {
      expect(ws.getCell(address).type).not.toBe(ExcelJS.ValueType.Formula);
      expect(ws.getCell(address).value).toEqual(value);
    }
  });

  it('marks the anchors as dynamic arrays, writes one validation per range and the names with their sheets quoted as Excel does', async () => {
    const sheet = (await partOf(bytes, 'xl/worksheets/sheet2.xml'))!;
    expect(sheet).toMatch(/<c r="H4"[^>]* cm="1"><f t="array" ref="H4:H7">/);
    expect(sheet).toMatch(/<c r="B10"[^>]* cm="1"><f t="array" ref="B10:D11">/);
    expect(sheet.match(/cm="1"/g)).toHaveLength(2);
    expect(await partOf(bytes, 'xl/metadata.xml')).toContain('XLDAPR');
    expect(sheet.match(/<dataValidation /g)).toHaveLength(3);
    expect(sheet).toContain('<dataValidations count="3">');
    expect(sheet).toContain('sqref="D2:D203"><formula1>BTM_DemandTypes</formula1>');
    expect(sheet).toContain('sqref="E2:F203"><formula1>&quot;Yes,No,Say &quot;&quot;maybe&quot;&quot;&quot;</formula1>');
    expect(sheet).toMatch(/<dataValidation type="list" allowBlank="1" showErrorMessage="1" errorStyle="stop" errorTitle="[^"]+" error="[^"]+" sqref="G2">/);
    const workbook = (await partOf(bytes, 'xl/workbook.xml'))!;
    expect(workbook).toContain('<definedName name="BTM_DemandTypes">&apos;BTM Settings&apos;!$B$4:$B$6</definedName>');
    expect(workbook).toContain('<definedName name="Owners">&apos;Q1, O&apos;&apos;Brien&apos;&apos;s lists&apos;!$A$1:$C$3</definedName>');
    expect(workbook).toContain('<definedName name="BTM.Rate">Demand!$K$1</definedName>');
    // exceljs's own definedNames.add would write 2024!$A$1:$A$2, which Excel does not read.
    expect(workbook).toContain('<definedName name="Plan2024">&apos;2024&apos;!$A$1:$A$2</definedName>');
    expect(workbook).toContain('<definedName name="_xlnm.Print_Titles" localSheetId="1">&apos;Demand&apos;!$1:$1</definedName>');
    expect(workbook.match(/<definedName /g)).toHaveLength(5);
  });

  it('leaves a workbook without spills as exceljs wrote it (no cell metadata) and adds the task pane when asked', async () => {
    const plain = new MemoryWorkbook(['Demand']);
    plain.addName('Types', 'Demand', '$A$1:$A$3');
    plain.sheet('Demand')!.setCell(1, 1, { formula: '=1+1', value: 2 });
    const written = await writeXlsx(plain);
    expect(await partOf(written, 'xl/metadata.xml')).toBeUndefined();
    expect(await partOf(written, 'xl/worksheets/sheet1.xml')).not.toContain('cm="1"');
    expect(await partOf(written, 'xl/webextensions/webextension1.xml')).toBeUndefined();

    const id = '798f0dd7-169f-4348-af82-d04a65739a2b';
    const withPane = await writeXlsx(plain, { webExtension: { id, version: '1.0.0.0', store: 'EXCatalog', storeType: 'EXCatalog', autoShow: false } });
    const extension = (await partOf(withPane, 'xl/webextensions/webextension1.xml'))!;
    expect(extension).toContain(`<we:reference id="${id}" version="1.0.0.0" store="EXCatalog" storeType="EXCatalog"/>`);
    expect(extension).not.toContain('AutoShowTaskpaneWithDocument');
    expect(await partOf(withPane, 'xl/webextensions/taskpanes.xml')).toContain('visibility="0"');
    const read = await readXlsx(withPane);
    expect(read.names()).toEqual([{ name: 'Types', sheet: 'Demand', range: '$A$1:$A$3' }]);
    expect(read.sheet('Demand')!.cell(1, 1)).toMatchObject({ value: 2, formula: '=1+1' });
  });
});

describe('reading names, validations and array formulas other programs wrote', () => {
  /** A workbook exceljs builds: Demand (with an array formula), Lists (2). */
  async function base(): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    const demand = wb.addWorksheet('Demand');
    demand.getCell('A1').value = 'Initiative';
    // The typings leave out fillFormula's shareType argument (doc/worksheet.js takes 'array').
    (demand as unknown as { fillFormula(range: string, formula: string, results: number[], shareType: string): void }).fillFormula('H2:H4', 'SEQUENCE(3)', [1, 2, 3], 'array');
    demand.getCell('J2').value = { formula: 'TRANSPOSE(A1:A2)', result: 'Initiative', shareType: 'array', ref: 'J2:K2' } as ExcelJS.CellFormulaValue;
    demand.getCell('K2').value = { formula: '1+1', result: 2 }; // a formula inside the area: not Excel's doing
    const lists = wb.addWorksheet('Lists (2)');
    ['Value stream', 'Retail', 'Logistics', 'Finance'].forEach((v, i) => (lists.getCell(1 + i, 2).value = v));
    return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  }

  it("reads a Google Sheets export's literal lists over several ranges, a list from a range, and skips other kinds", async () => {
    const validations =
      '<dataValidations count="4">' +
      '<dataValidation type="list" allowBlank="1" showDropDown="1" showErrorMessage="1" sqref="C2:C1000 E2:E1000">' +
      '<formula1>"Run,Grow,Transform"</formula1></dataValidation>' +
      '<dataValidation type="list" allowBlank="1" sqref="F2:F10"><formula1>\'Lists (2)\'!$B$2:$B$4</formula1></dataValidation>' +
      '<dataValidation type="whole" operator="between" allowBlank="1" sqref="G2:G10"><formula1>1</formula1><formula2>10</formula2></dataValidation>' +
      '<dataValidation type="list" sqref="B2"><formula1>=BTM_Lanes</formula1></dataValidation>' +
      '</dataValidations>';
    const bytes = await patched(await base(), {
      'xl/worksheets/sheet1.xml': (xml) => xml.replace('<pageMargins', `${validations}<pageMargins`),
    });
    const book = await readXlsx(bytes);
    expect(book.sheet('Demand')!.validations).toEqual([
      { range: 'B2', source: 'BTM_Lanes' },
      { range: 'C2:C1000', source: '', values: ['Run', 'Grow', 'Transform'] },
      { range: 'E2:E1000', source: '', values: ['Run', 'Grow', 'Transform'] },
      { range: 'F2:F10', source: "'Lists (2)'!$B$2:$B$4" },
    ]);
    // Written again, each range is one element.
    const sheet = (await partOf(await writeXlsx(book), 'xl/worksheets/sheet1.xml'))!;
    expect(sheet.match(/<dataValidation /g)).toHaveLength(4);
    expect(sheet).toContain('sqref="C2:C1000"><formula1>&quot;Run,Grow,Transform&quot;</formula1>');
  });

  it('reads names over one range of one sheet and skips the rest', async () => {
    const names =
      '<definedNames>' +
      '<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Demand!$A$1:$E$10</definedName>' +
      '<definedName name="TwoAreas">Demand!$A$1:$A$3,Demand!$C$1:$C$3</definedName>' +
      '<definedName name="Rate">0.08</definedName>' +
      '<definedName name="Relative">Demand!A1:A3</definedName>' +
      '<definedName name="WholeColumn">Demand!$A:$A</definedName>' +
      '<definedName name="Ghost">Missing!$A$1</definedName>' +
      '<definedName name="Broken">#REF!</definedName>' +
      '<definedName name="Lanes">\'Lists (2)\'!$B$2:$B$4</definedName>' +
      '<definedName name="Header">Demand!$A$1</definedName>' +
      '</definedNames>';
    const bytes = await patched(await base(), { 'xl/workbook.xml': (xml) => xml.replace('</sheets>', `</sheets>${names}`) });
    const book = await readXlsx(bytes);
    expect(book.names()).toEqual([
      { name: 'Lanes', sheet: 'Lists (2)', range: '$B$2:$B$4' },
      { name: 'Header', sheet: 'Demand', range: '$A$1' },
    ]);
  });

  it('reads array formulas as spills whose other cells are constants, even where the file put a formula', async () => {
    const book = await readXlsx(await base());
    const d = book.sheet('Demand')!;
    expect(d.spills).toEqual([
      { row: 2, col: 8, rows: 3, cols: 1 },
      { row: 2, col: 10, rows: 1, cols: 2 },
    ]);
    expect(d.cell(2, 8)).toMatchObject({ value: 1, formula: '=SEQUENCE(3)' });
    expect([d.cell(3, 8), d.cell(4, 8)].map((c) => [c.value, c.formula])).toEqual([
      [2, ''],
      [3, ''],
    ]);
    expect(d.cell(2, 11)).toMatchObject({ value: 2, formula: '' });
    expect(d.formulas().flat().filter((f) => f !== '')).toEqual(['=SEQUENCE(3)', '=TRANSPOSE(A1:A2)']);
  });
});

describe('literal lists as a validation formula spells them', () => {
  it('quotes the list and doubles quotes, and reads back only a single quoted string', () => {
    expect(literalList(['Run', 'Grow'])).toBe('"Run,Grow"');
    expect(literalList(['say "hi"', ''])).toBe('"say ""hi"","');
    expect(listValues('"Run,Grow"')).toEqual(['Run', 'Grow']);
    expect(listValues('"say ""hi"","')).toEqual(['say "hi"', '']);
    expect(listValues(' "a" ')).toEqual(['a']);
    expect(listValues('BTM_DemandTypes')).toBeUndefined();
    expect(listValues('"a"&"b"')).toBeUndefined();
    expect(listValues('"')).toBeUndefined();
  });
});

describe('a large sheet with validations', () => {
  it('writes and reads 50,000 rows with a validation per column range, not per cell', async () => {
    const n = 50_000;
    const book = new MemoryWorkbook(['Demand']);
    const s = book.sheet('Demand')!;
    for (let r = 1; r <= n; r++) s.setCell(r, 1, { value: `I${r}` });
    book.addName('Types', 'Demand', '$C$1:$C$3');
    book.addValidations('Demand', [
      { range: `B2:B${n}`, source: 'Types' },
      { range: `D2:E${n}`, source: '', values: ['Yes', 'No'] },
    ]);
    const bytes = await writeXlsx(book);
    const sheet = (await partOf(bytes, 'xl/worksheets/sheet1.xml'))!;
    expect(sheet.match(/<dataValidation /g)).toHaveLength(2);
    const back = await readXlsx(bytes);
    expect(back.sheet('Demand')!.validations).toEqual([
      { range: `B2:B${n}`, source: 'Types' },
      { range: `D2:E${n}`, source: '', values: ['Yes', 'No'] },
    ]);
    expect(back.sheet('Demand')!.usedSize()).toEqual({ rows: n, cols: 1 });
  });
});
