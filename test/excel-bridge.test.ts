// The Excel HostBridge against office-addin-mock's stand-in for Excel.run: what it loads, what it
// writes, and how many round trips (context.sync calls) each command costs.

import { OfficeMockObject } from 'office-addin-mock';
import { excelBridge } from '../excel-addin/excel-bridge';
import type { BusinessCaseForm, InsertRequest } from '../core';
import type { HostBridge } from '../panel/bridge';

/** A 10 x 2 block as Excel returns it: empty cells are "". */
const blank = (): (string | number)[][] => Array.from({ length: 10 }, () => ['', '']);

interface Workbook {
  bridge: HostBridge;
  /** context.sync() calls so far. */
  syncs(): number;
  /** The selected range's first cell (what getCell(0, 0) returned). */
  target: { formulas?: unknown; values?: unknown };
  /** The 10 x 2 block the table would spill into (what getResizedRange returned). */
  block: { values: unknown; formulas: unknown };
  calls: { getCell: number[][]; getResizedRange: number[][] };
}

/**
 * One Excel workbook whose selection is `address`. Ranges are plain mock objects inside the
 * context tree so that context.sync() reaches them (office-addin-mock only syncs objects it was
 * built with); the methods return them. office-addin-mock cannot derive a range from another
 * (getCell, getResizedRange), so each method hands back the one range it stands for and records
 * its arguments.
 */
function workbook(address: string, values = blank(), formulas = blank()): Workbook {
  const calls = { getCell: [] as number[][], getResizedRange: [] as number[][] };
  const data = {
    host: 'excel',
    context: {
      workbook: {
        selected: {
          address,
          cell: {
            block: {
              values,
              formulas,
            },
            getResizedRange(rows: number, cols: number) {
              calls.getResizedRange.push([rows, cols]);
              return this.block;
            },
          },
          getCell(row: number, col: number) {
            calls.getCell.push([row, col]);
            return this.cell;
          },
        },
        getSelectedRange() {
          return this.selected;
        },
      },
    },
  };
  const mock = new OfficeMockObject(data) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  const context = mock.context;
  const realSync = context.sync.bind(context);
  let syncs = 0;
  context.sync = async () => {
    syncs++;
    await realSync();
  };
  const bridge = excelBridge((batch) => batch(context as Excel.RequestContext));
  const cell = mock.context.workbook.selected.cell;
  return { bridge, syncs: () => syncs, target: cell, block: cell.block, calls };
}

const form = (over: Partial<BusinessCaseForm> = {}): BusinessCaseForm => ({
  rate: '8%',
  costs: 'Sheet1!B2:B4',
  benefits: 'Sheet1!C2:C4',
  ...over,
});
const request = (over: Partial<BusinessCaseForm> = {}, overwrite = false): InsertRequest => ({ form: form(over), overwrite });

describe('excelBridge.selection', () => {
  test('returns the selected address with its sheet', async () => {
    const wb = workbook("'Q1 plan'!B2:B9");
    expect(await wb.bridge.selection()).toBe("'Q1 plan'!B2:B9");
  });

  test('costs one sync', async () => {
    const wb = workbook('Sheet1!B2:B9');
    await wb.bridge.selection();
    expect(wb.syncs()).toBe(1);
  });

  test('says it is the Excel bridge', () => {
    expect(workbook('Sheet1!A1').bridge.host).toBe('excel');
  });
});

describe('excelBridge.insertBusinessCase', () => {
  test('writes the formula in Excel spelling into the top-left cell of the selection', async () => {
    const wb = workbook('Sheet1!E2:F3');
    const response = await wb.bridge.insertBusinessCase(request());
    expect(wb.target.formulas).toEqual([['=BTM.BUSINESSCASE(0.08,B2:B4,C2:C4)']]);
    expect(response).toEqual({ status: 'inserted', address: 'Sheet1!E2', formula: '=BTM.BUSINESSCASE(0.08,B2:B4,C2:C4)' });
  });

  test('takes the first cell of the selection and the 10 x 2 block below it', async () => {
    const wb = workbook('Sheet1!E2:F3');
    await wb.bridge.insertBusinessCase(request());
    expect(wb.calls.getCell).toEqual([[0, 0]]);
    expect(wb.calls.getResizedRange).toEqual([[9, 1]]);
  });

  test('costs exactly two syncs', async () => {
    const wb = workbook('Sheet1!E2');
    await wb.bridge.insertBusinessCase(request());
    expect(wb.syncs()).toBe(2);
  });

  test('costs the same two syncs for 3 periods and for 300 periods', async () => {
    const small = workbook('Sheet1!E2');
    const large = workbook('Sheet1!E2');
    const r3 = await small.bridge.insertBusinessCase(request({ costs: 'Sheet1!B2:B4', benefits: 'Sheet1!C2:C4' }));
    const r300 = await large.bridge.insertBusinessCase(request({ costs: 'Sheet1!B2:B301', benefits: 'Sheet1!C2:C301' }));
    expect(r3.status).toBe('inserted');
    expect(r300).toEqual({ status: 'inserted', address: 'Sheet1!E2', formula: '=BTM.BUSINESSCASE(0.08,B2:B301,C2:C301)' });
    expect([small.syncs(), large.syncs()]).toEqual([2, 2]);
  });

  test('keeps the sheet of ranges on another sheet, quoted when needed', async () => {
    const wb = workbook("'Q1 plan'!H5");
    const response = await wb.bridge.insertBusinessCase(request({ costs: 'Data!B2:B4', benefits: "'Q1 plan'!C2:C4" }));
    expect(wb.target.formulas).toEqual([['=BTM.BUSINESSCASE(0.08,Data!B2:B4,C2:C4)']]);
    expect(response).toMatchObject({ status: 'inserted', address: "'Q1 plan'!H5" });
  });

  test('treats null cells, as Excel on the web returns them, as empty', async () => {
    const nulls = Array.from({ length: 10 }, () => [null, null]) as unknown as string[][];
    const wb = workbook('Sheet1!E2', nulls, nulls);
    expect((await wb.bridge.insertBusinessCase(request())).status).toBe('inserted');
  });

  test('inserts on a sheet whose name Excel writes unquoted in another script', async () => {
    const wb = workbook('Übersicht!E2');
    const response = await wb.bridge.insertBusinessCase(request({ costs: 'Übersicht!B2:B4', benefits: 'Übersicht!C2:C4' }));
    expect(response).toEqual({ status: 'inserted', address: 'Übersicht!E2', formula: '=BTM.BUSINESSCASE(0.08,B2:B4,C2:C4)' });
  });

  test('asks before covering a cell that holds a value, and writes nothing', async () => {
    const values = blank();
    values[3][1] = 'keep me';
    const wb = workbook('Sheet1!E2', values);
    const response = await wb.bridge.insertBusinessCase(request());
    expect(response).toEqual({
      status: 'confirm',
      message:
        'The summary needs Sheet1!E2:F11 empty, but F5 holds data. Insert anyway? Only the first cell is written; the others stay as they are and the table will not spill until they are cleared.',
    });
    expect(wb.target.formulas).toBeUndefined();
    expect(wb.syncs()).toBe(1);
  });

  test('asks before covering a cell whose formula shows nothing', async () => {
    const formulas = blank();
    formulas[9][0] = '=""';
    const wb = workbook('Sheet1!E2', blank(), formulas);
    const response = await wb.bridge.insertBusinessCase(request());
    expect(response.status).toBe('confirm');
    expect(response.status === 'confirm' && response.message).toContain('but E11 holds data');
    expect(wb.target.formulas).toBeUndefined();
  });

  test('counts a zero in the block as data', async () => {
    const values = blank();
    values[0][0] = 0;
    const wb = workbook('Sheet1!E2', values);
    expect((await wb.bridge.insertBusinessCase(request())).status).toBe('confirm');
  });

  test('writes over occupied cells when overwrite is true, with two syncs', async () => {
    const values = blank();
    values[3][1] = 'keep me';
    const wb = workbook('Sheet1!E2', values);
    const response = await wb.bridge.insertBusinessCase(request({}, true));
    expect(response).toEqual({ status: 'inserted', address: 'Sheet1!E2', formula: '=BTM.BUSINESSCASE(0.08,B2:B4,C2:C4)' });
    expect(wb.target.formulas).toEqual([['=BTM.BUSINESSCASE(0.08,B2:B4,C2:C4)']]);
    expect(wb.syncs()).toBe(2);
  });

  test('leaves the rest of the block untouched when it overwrites', async () => {
    const values = blank();
    values[3][1] = 'keep me';
    const wb = workbook('Sheet1!E2', values);
    await wb.bridge.insertBusinessCase(request({}, true));
    expect((wb.block.values as string[][])[3][1]).toBe('keep me');
  });

  test('returns invalid for a blank rate without writing', async () => {
    const wb = workbook('Sheet1!E2');
    const response = await wb.bridge.insertBusinessCase(request({ rate: '' }));
    expect(response).toEqual({ status: 'invalid', field: 'rate', message: 'Enter a rate such as 8% or a cell that holds it.' });
    expect(wb.target.formulas).toBeUndefined();
    expect(wb.syncs()).toBe(1);
  });

  test('returns invalid for costs and benefits of different lengths without writing', async () => {
    const wb = workbook('Sheet1!E2');
    const response = await wb.bridge.insertBusinessCase(request({ benefits: 'Sheet1!C2:C9' }));
    expect(response).toMatchObject({ status: 'invalid', field: 'benefits' });
    expect(wb.target.formulas).toBeUndefined();
  });
});
