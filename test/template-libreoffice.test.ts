// The real-application check of the template (issue 6): LibreOffice Calc, headless, opens the
// file `btm template` writes, recalculates every formula and saves it again; the built-in
// formulas (sums, net flows, NPV, the Value column's references to them) come back with the
// values the template computed. The add-in's own functions are unknown to LibreOffice (they read
// #NAME? there after a recalculation), so they are left out of the comparison.
// Needs LibreOffice (Debian libreoffice-calc, which .ci/run installs); skipped outside CI only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runBtm } from '../cli/commands';
import { readXlsx } from '../xlsx/xlsx-io';
import { callsCatalogue } from '../core/formulas/evaluate';
import { findSoffice, recalculateWithLibreOffice } from './support/libreoffice';

const soffice = findSoffice();
const describeWithOffice = soffice || process.env.CI ? describe : describe.skip;
if (!soffice && !process.env.CI) process.stdout.write('template-libreoffice.test.ts skipped: LibreOffice (soffice) is not installed\n');

describeWithOffice('the template in LibreOffice Calc', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'btm-lo-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('opens, recalculates its built-in formulas to the values the template wrote, and keeps every sheet', async () => {
    const file = path.join(dir, 'template.xlsx');
    const r = await runBtm(['template', file, '--year', '2027'], { out: () => undefined, err: () => undefined, errIsTTY: false });
    expect(r.code).toBe(0);
    const ours = await readXlsx(fs.readFileSync(file));
    const theirs = await readXlsx(await recalculateWithLibreOffice(fs.readFileSync(file)));

    expect(theirs.sheets.map((s) => s.name)).toEqual(ours.sheets.map((s) => s.name));
    let compared = 0;
    for (const sheet of ours.sheets) {
      const other = theirs.sheet(sheet.name)!;
      sheet.forEachCell((row, col, cell) => {
        if (cell.formula === '' || callsCatalogue(cell.formula)) return;
        const got = other.cell(row, col).value;
        expect([sheet.name, row, col, typeof got]).toEqual([sheet.name, row, col, 'number']);
        expect(got as number).toBeCloseTo(cell.value as number, 2);
        compared += 1;
      });
    }
    // Per business case: five net flows, three totals and the NPV; and the five Value cells.
    expect(compared).toBe(5 * 9 + 5);
    // The constants came through: the Demand header, the lists, the capacity months as text.
    expect(theirs.sheet('Demand')!.cell(3, 1).value).toBe('ID');
    expect(theirs.sheet('Capacity')!.cell(1, 2).value).toBe('2027-01');
    expect(theirs.sheet('BTM Settings')!.cell(43, 2).value).toBe('Capability planning');
    // The business case NPV LibreOffice computed is the one BUSINESSCASE cached beside it.
    const npv = theirs.sheet('Business cases')!.cell(9, 2).value as number;
    expect(npv).toBeCloseTo(ours.sheet('Business cases')!.cell(7, 10).value as number, 2);
  }, 180_000);
});
