// The add-in's formulas computed inside the in-memory workbook (xlsx/recalculate.ts): a formula
// reading what another one spills gets it computed first, wherever that one sits.
import { MemoryWorkbook } from '../xlsx/memory-workbook';
import { recalculate } from '../xlsx/recalculate';

describe('recalculate', () => {
  it('computes a spill before the formulas that read it, on its sheet and from an earlier sheet', async () => {
    const book = new MemoryWorkbook(['Summary', 'Data']);
    const data = book.sheet('Data')!;
    // A1 comes first in cell order but reads C2:C4, which C2 spills into.
    data.setCell(1, 1, { value: null, formula: '=BTM.NPV(0.1,C2:C4)' });
    data.setCell(2, 3, { value: null, formula: '=BTM.PRIORITY({30;10;20})' });
    book.sheet('Summary')!.setCell(1, 1, { value: null, formula: '=BTM.NPV(0,Data!C2:C4)' });

    expect(await recalculate(book)).toEqual({ evaluated: 3, errors: 0, unsupported: 0 });
    expect(data.spills).toEqual([{ row: 2, col: 3, rows: 3, cols: 1 }]);
    expect([2, 3, 4].map((r) => data.cell(r, 3).value)).toEqual([1, 3, 2]);
    expect(data.cell(1, 1).value).toBeCloseTo(1 / 1.1 + 3 / 1.1 ** 2 + 2 / 1.1 ** 3, 10);
    expect(book.sheet('Summary')!.cell(1, 1).value).toBe(6);
  });

  it('computes one formula per row from its own row', async () => {
    const book = new MemoryWorkbook(['Data']);
    const data = book.sheet('Data')!;
    for (let r = 1; r <= 5; r++) {
      data.setCell(r, 1, { value: -1000 });
      data.setCell(r, 2, { value: 600 + r });
      data.setCell(r, 3, { value: null, formula: `=_xldudf_BTM_NPV(0,A${r}:B${r})` });
    }
    expect(await recalculate(book)).toEqual({ evaluated: 5, errors: 0, unsupported: 0 });
    expect([1, 2, 3, 4, 5].map((r) => data.cell(r, 3).value)).toEqual([-399, -398, -397, -396, -395]);
  });

  it('spills a result of 200,000 rows without overflowing the call stack', async () => {
    const book = new MemoryWorkbook(['Data']);
    const data = book.sheet('Data')!;
    const n = 200_000;
    for (let r = 1; r <= n; r++) data.setCell(r, 1, { value: r % 97 });
    data.setCell(1, 2, { value: null, formula: `=BTM.PRIORITY(A1:A${n})` });
    expect(await recalculate(book)).toEqual({ evaluated: 1, errors: 0, unsupported: 0 });
    expect(data.spills).toEqual([{ row: 1, col: 2, rows: n, cols: 1 }]);
    expect(typeof data.cell(n, 2).value).toBe('number');
  }, 60_000);

  it('answers a whole-sheet reference with an error value instead of reading 17 billion cells', async () => {
    const book = new MemoryWorkbook(['Data']);
    const data = book.sheet('Data')!;
    data.setCell(1, 1, { value: 5 });
    data.setCell(1, 2, { value: null, formula: '=BTM.NPV(0.1,A1:XFD1048576)' });
    expect(await recalculate(book)).toEqual({ evaluated: 1, errors: 1, unsupported: 0 });
    expect(data.cell(1, 2).value).toMatchObject({ code: '#NUM!' });
  });
});
