// The LibreOffice harness really recalculates: a formula whose cached result is deliberately wrong
// comes back with the right value, including an array formula in a package finishPackage
// finished (web extension and dynamic-array metadata parts). Without LibreOffice these tests
// are skipped locally; in CI (CI set) they run and fail, so CI proves the harness works.
import ExcelJS from 'exceljs';
import { finishPackage } from '../xlsx/package-parts';
import { readXlsx } from '../xlsx/xlsx-io';
import { findSoffice, recalculateWithLibreOffice } from './support/libreoffice';

const soffice = findSoffice();
const runHere = soffice !== undefined || Boolean(process.env.CI);
if (!runHere) console.log('LibreOffice tests skipped: soffice is not installed (apt-get install libreoffice-calc); CI runs them.');
const describeLo = runHere ? describe : describe.skip;

async function bytesOf(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describeLo('recalculateWithLibreOffice', () => {
  jest.setTimeout(180_000);

  it('finds soffice (CI must have LibreOffice installed)', () => {
    expect(soffice).toBeDefined();
  });

  it('recalculates a formula whose cached result is wrong', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.getCell('A1').value = 2;
    ws.getCell('A2').value = 3;
    ws.getCell('A3').value = { formula: 'A1+A2', result: 999 } as ExcelJS.CellValue;
    const input = await bytesOf(wb);
    expect((await readXlsx(input)).sheet('Sheet1')!.cell(3, 1).value).toBe(999);

    const started = Date.now();
    const book = await readXlsx(await recalculateWithLibreOffice(input));
    console.log(`One LibreOffice recalculation took ${Date.now() - started} ms.`);
    const a3 = book.sheet('Sheet1')!.cell(3, 1);
    expect(a3.formula).toBe('=A1+A2');
    expect(a3.value).toBe(5);
  });

  it('recalculates the array formula of a finished package (dynamic array and task pane parts)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Plan');
    [1, 2, 3].forEach((v, i) => (ws.getCell(1 + i, 1).value = v));
    ws.getCell('B1').value = { formula: 'A1:A3*10', result: -1, shareType: 'array', ref: 'B1:B3' } as ExcelJS.CellValue;
    ws.getCell('B2').value = -1;
    ws.getCell('B3').value = -1;
    const finished = await finishPackage(await bytesOf(wb), {
      dynamicArrays: { Plan: ['B1'] },
      webExtension: { id: '798f0dd7-169f-4348-af82-d04a65739a2b', version: '0.1.0.0', store: 'EXCatalog', storeType: 'EXCatalog' },
    });
    const sheet = (await readXlsx(await recalculateWithLibreOffice(finished))).sheet('Plan')!;
    expect([1, 2, 3].map((r) => sheet.cell(r, 2).value)).toEqual([10, 20, 30]);
  });

  it('runs two conversions in parallel, each with its own profile', async () => {
    const book = async (n: number) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('S');
      ws.getCell('A1').value = n;
      ws.getCell('A2').value = { formula: 'A1*A1', result: 0 } as ExcelJS.CellValue;
      return bytesOf(wb);
    };
    const out = await Promise.all([7, 8].map(async (n) => recalculateWithLibreOffice(await book(n))));
    const values = await Promise.all(out.map(async (b) => (await readXlsx(b)).sheet('S')!.cell(2, 1).value));
    expect(values).toEqual([49, 64]);
  });

  it('fails clearly on a file that is not a workbook', async () => {
    await expect(recalculateWithLibreOffice(new TextEncoder().encode('hello, not a workbook'))).rejects.toThrow(
      /LibreOffice did not convert the workbook \(exit 0\): [\s\S]*source file could not be loaded/,
    );
  });
});
