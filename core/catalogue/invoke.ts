// The one boundary every host goes through: arguments in the shape each parameter expects,
// the implementation run, and a result that is always a number, a table or a SheetError.
import { CellValue, Range } from '../values/cells';
import { Result, SheetError, isSheetError, sheetError } from '../values/errors';
import { AnyFunctionSpec, ParamSpec } from './spec';

/** An argument after the host adapter normalised its cells; undefined when the caller left it out. */
export type HostArg = CellValue | Range | undefined;

export type Outcome = Result<number> | Result<CellValue[][]>;

function shapeArg(fn: string, p: ParamSpec, arg: HostArg): CellValue | Range | SheetError {
  if (arg === undefined) {
    return p.optional ? (p.shape === 'range' ? [] : null) : sheetError('#VALUE!', `${fn}: ${p.name} is required`);
  }
  if (p.shape === 'range') {
    if (!Array.isArray(arg)) return [[arg]];
    const rows: unknown[] = arg;
    return rows.every((row) => Array.isArray(row)) ? (arg as Range) : rows.map((row) => (Array.isArray(row) ? row : [row as CellValue]));
  }
  if (!Array.isArray(arg)) return arg;
  const rows = arg.length;
  const cols = rows ? (Array.isArray(arg[0]) ? arg[0].length : 1) : 0;
  if (rows === 0 || cols === 0) return null;
  if (rows === 1 && cols === 1) return Array.isArray(arg[0]) ? arg[0][0] : (arg[0] as CellValue);
  return sheetError('#VALUE!', `${fn}: ${p.name} takes a single cell, not a range of ${rows}×${cols}`);
}

function cleanCell(x: unknown): CellValue {
  if (typeof x === 'number') return Number.isFinite(x) ? x : sheetError('#NUM!', 'the result is not a finite number');
  if (typeof x === 'string' || typeof x === 'boolean' || x === null || isSheetError(x)) return x;
  return sheetError('#VALUE!', 'the result is not a cell value');
}

function internalError(spec: AnyFunctionSpec, e: unknown): SheetError {
  return sheetError('#VALUE!', `${spec.name}: internal error (${e instanceof Error ? e.message : String(e)}); please report it`);
}

/** The implementation's answer made a clean outcome: a finite number, or a table of cell values. */
function finish(spec: AnyFunctionSpec, result: unknown): Outcome {
  if (isSheetError(result)) return result;
  if (spec.result === 'scalar') {
    const cell = cleanCell(result);
    return typeof cell === 'number' || isSheetError(cell) ? cell : sheetError('#VALUE!', `${spec.name}: the result is not a number`);
  }
  if (!Array.isArray(result) || result.length === 0) return sheetError('#VALUE!', `${spec.name}: the result is not a table`);
  return result.map((row: unknown) => (Array.isArray(row) ? row.map(cleanCell) : [cleanCell(row)]));
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return (typeof x === 'object' || typeof x === 'function') && x !== null && typeof (x as PromiseLike<unknown>).then === 'function';
}

/**
 * Runs a catalogue function on normalised host arguments. Never throws; an asynchronous
 * implementation gives a Promise of the outcome that never rejects (a rejection becomes #VALUE!).
 */
export function invoke(spec: AnyFunctionSpec, args: readonly HostArg[]): Outcome | Promise<Outcome> {
  if (args.length > spec.params.length && args.slice(spec.params.length).some((a) => a !== undefined)) {
    return sheetError('#VALUE!', `${spec.name} takes at most ${spec.params.length} arguments, not ${args.length}`);
  }
  const shaped: Array<CellValue | Range> = new Array(spec.params.length);
  for (let i = 0; i < spec.params.length; i++) {
    const a = shapeArg(spec.name, spec.params[i], args[i]);
    if (isSheetError(a)) return a;
    shaped[i] = a;
  }
  let result: unknown;
  try {
    result = (spec.impl as (...xs: Array<CellValue | Range>) => unknown).apply(undefined, shaped);
  } catch (e) {
    return internalError(spec, e);
  }
  if (!isThenable(result)) return finish(spec, result);
  return Promise.resolve(result).then(
    (r) => {
      try {
        return finish(spec, r);
      } catch (e) {
        return internalError(spec, e);
      }
    },
    (e: unknown) => internalError(spec, e),
  );
}
