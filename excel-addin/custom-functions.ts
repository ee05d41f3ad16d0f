// Excel's side of the catalogue: cell values from Excel into the core, results back as
// numbers, spilled arrays or CustomFunctions.Error. No business rule lives here.
import { AnyFunctionSpec, CATALOGUE, CellValue, ErrorCode, HostArg, Outcome, SheetError, asErrorCode, invoke, isSheetError, sheetError } from '../core';

/** The part of Excel's CustomFunctions runtime this adapter uses (a stub in tests). */
export interface ExcelRuntime {
  associate(id: string, fn: (...args: unknown[]) => unknown): void;
  Error: new (code: CustomFunctions.ErrorCode, message?: string) => unknown;
  ErrorCode: typeof CustomFunctions.ErrorCode;
}

const CODE_NAMES: Record<ErrorCode, keyof typeof CustomFunctions.ErrorCode> = {
  '#DIV/0!': 'divisionByZero',
  '#N/A': 'notAvailable',
  '#NAME?': 'invalidName',
  '#NULL!': 'nullReference',
  '#NUM!': 'invalidNumber',
  '#REF!': 'invalidReference',
  '#VALUE!': 'invalidValue',
};

/** Only #VALUE! and #N/A show a custom message in Excel. */
const SHOWS_MESSAGE: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['#VALUE!', '#N/A']);

/**
 * One cell from Excel. Excel passes numbers, text, booleans, null for an empty cell (on the web;
 * desktop passes 0, which cannot be told apart), dates as serial numbers, and error cells as
 * CustomFunctions.Error objects.
 */
function cellFromExcel(x: unknown): CellValue {
  if (x === null || x === undefined) return null;
  if (typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean') return x;
  if (typeof x === 'object' && typeof (x as { code?: unknown }).code === 'string') {
    const code = asErrorCode((x as { code: string }).code) ?? '#VALUE!';
    return sheetError(code, (x as { message?: string }).message ?? '');
  }
  return sheetError('#VALUE!', 'a cell holds a value this function cannot read');
}

/** True when Excel's cell is already a core cell value: only error objects need translating. */
function isPlainCell(c: unknown): boolean {
  // Not `typeof c !== 'object'`: a symbol, function or bigint is no cell value and must go
  // through cellFromExcel, which turns it into #VALUE!.
  return c === null || typeof c === 'number' || typeof c === 'string' || typeof c === 'boolean';
}

export function argFromExcel(x: unknown): HostArg {
  if (x === null) return null; // an omitted optional argument, or an empty cell
  if (!Array.isArray(x)) return cellFromExcel(x);
  let plain = true;
  for (let r = 0; r < x.length && plain; r++) {
    const row = x[r];
    if (!Array.isArray(row)) plain = false;
    else for (let c = 0; c < row.length; c++) if (!isPlainCell(row[c]) || row[c] === undefined) { plain = false; break; }
  }
  if (plain) return x as CellValue[][];
  return x.map((row) => (Array.isArray(row) ? row.map(cellFromExcel) : [cellFromExcel(row)]));
}

export function excelError(runtime: ExcelRuntime, e: SheetError): unknown {
  const code = runtime.ErrorCode[CODE_NAMES[e.code]];
  return SHOWS_MESSAGE.has(e.code) && e.message ? new runtime.Error(code, e.message) : new runtime.Error(code);
}

/** The value Excel receives: a number, a 2-D array (errors inside as Error objects), or a thrown Error. */
export function toExcel(runtime: ExcelRuntime, outcome: Outcome): number | unknown[][] {
  if (isSheetError(outcome)) throw excelError(runtime, outcome);
  if (typeof outcome === 'number') return outcome;
  return outcome.map((row) => row.map((cell) => (isSheetError(cell) ? excelError(runtime, cell) : cell === null ? '' : cell)));
}

/**
 * The function Excel calls. A solver-backed function answers with a Promise, which Excel
 * awaits: it resolves to the number or table, or rejects with the CustomFunctions.Error.
 */
export function excelFunction(runtime: ExcelRuntime, spec: AnyFunctionSpec): (...args: unknown[]) => number | unknown[][] | Promise<number | unknown[][]> {
  return (...args: unknown[]) => {
    const outcome = invoke(spec, args.slice(0, spec.params.length).map(argFromExcel));
    return outcome instanceof Promise ? outcome.then((o) => toExcel(runtime, o)) : toExcel(runtime, outcome);
  };
}

/** Registers every catalogue function under its id (the name; Excel adds the BTM namespace). */
export function registerAll(runtime: ExcelRuntime): void {
  for (const spec of CATALOGUE) runtime.associate(spec.name, excelFunction(runtime, spec));
}
