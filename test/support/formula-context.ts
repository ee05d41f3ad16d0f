// The evaluator's cells for tests of core/formulas/evaluate.ts without a workbook: sheets as
// grids from A1, defined names as 'Sheet!A1:B2', both found in any letter case.
import type { CellValue } from '../../core/values/cells';
import { parseRange } from '../../core/values/a1';
import type { FormulaContext, SheetRange } from '../../core/formulas/evaluate';

export function gridContext(sheets: Record<string, readonly (readonly CellValue[])[]>, names: Record<string, string> = {}, sheet = 'Data'): FormulaContext {
  const find = <T>(record: Record<string, T>, key: string): T | undefined => {
    const found = Object.keys(record).find((k) => k.toLowerCase() === key.toLowerCase());
    return found === undefined ? undefined : record[found];
  };
  return {
    sheet,
    readRange(ref: SheetRange) {
      const grid = find(sheets, ref.sheet) ?? [];
      const out: CellValue[][] = [];
      for (let r = ref.start.row; r <= ref.end.row; r++) {
        const row: CellValue[] = [];
        for (let c = ref.start.col; c <= ref.end.col; c++) row.push(grid[r - 1]?.[c - 1] ?? null);
        out.push(row);
      }
      return out;
    },
    name(n: string) {
      const text = find(names, n);
      const ref = text === undefined ? undefined : parseRange(text);
      return ref?.sheet === undefined ? undefined : { ...ref, sheet: ref.sheet };
    },
  };
}
