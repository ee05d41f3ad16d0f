// The HostBridge in Excel: Office.js calls, batched. Inserting the business case costs two
// round trips (read selection and spill area, then write) whatever the sizes involved.
import { BUSINESS_CASE_SIZE, CellValue, InsertRequest, InsertResponse, planBusinessCase, spillConflict } from '../core';
import type { HostBridge } from '../panel/bridge';

/** Excel.run, or office-addin-mock's stand-in for it in tests. */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

function cellOf(x: unknown): CellValue {
  return x === '' || x === null || x === undefined ? null : typeof x === 'number' || typeof x === 'boolean' ? x : String(x);
}

export function excelBridge(run: ExcelRun): HostBridge {
  return {
    host: 'excel',
    selection: () =>
      run(async (context) => {
        const range = context.workbook.getSelectedRange();
        range.load('address');
        await context.sync();
        return range.address;
      }),
    insertBusinessCase: (request: InsertRequest) =>
      run(async (context): Promise<InsertResponse> => {
        const selected = context.workbook.getSelectedRange();
        const target = selected.getCell(0, 0);
        const block = target.getResizedRange(BUSINESS_CASE_SIZE.rows - 1, BUSINESS_CASE_SIZE.cols - 1);
        selected.load('address');
        block.load(['values', 'formulas']);
        await context.sync();
        const plan = planBusinessCase(request.form, 'excel', selected.address);
        if ('status' in plan) return plan;
        const conflict = spillConflict(plan, block.values.map((row) => row.map(cellOf)), block.formulas as string[][]);
        if (conflict && !request.overwrite) return { status: 'confirm', message: conflict };
        target.formulas = [[plan.formula]];
        await context.sync();
        return { status: 'inserted', address: selected.address.split(':')[0], formula: plan.formula };
      }),
  };
}
