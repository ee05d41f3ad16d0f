// What a custom function is, declared once: from this come Excel's functions.json and
// registrations, the Sheets globals with their JSDoc, the README reference and the tests.
import { CellValue, Range } from '../values/cells';
import { Result } from '../values/errors';

export type ParamShape = 'scalar' | 'range';

export interface ParamSpec {
  readonly name: string;
  readonly description: string;
  /** A single cell or a block of cells. */
  readonly shape: ParamShape;
  /** What the cells should hold; 'any' lets text and blanks through for the core to judge. */
  readonly type: 'number' | 'boolean' | 'any';
  readonly optional?: boolean;
}

export type ResultShape = 'scalar' | 'table';

/** The argument a parameter receives after the adapter normalised it (omitted: null). */
export type ArgOf<P extends ParamSpec> = P['shape'] extends 'range' ? Range : CellValue;

type ArgsOf<P extends readonly ParamSpec[]> = { -readonly [K in keyof P]: P[K] extends ParamSpec ? ArgOf<P[K]> : never };

/** A single number, or a table of cells (any cell may be an error of its own). */
export type ResultOf<S extends ResultShape> = S extends 'scalar' ? Result<number> : Result<CellValue[][]>;

export interface FunctionSpec<P extends readonly ParamSpec[] = readonly ParamSpec[], S extends ResultShape = ResultShape> {
  /** Name without prefix: Excel shows BTM.NAME, Sheets BTM_NAME. */
  readonly name: string;
  /** One line, shown in the hosts' formula autocomplete. */
  readonly summary: string;
  /** Conventions a user needs (blanks, errors, several roots ...), for the README. */
  readonly details: string;
  readonly params: P;
  readonly result: S;
  readonly resultDescription: string;
  /** The calculation; a solver-backed function answers with a Promise (both hosts accept one). */
  readonly impl: (...args: ArgsOf<P>) => ResultOf<S> | Promise<ResultOf<S>>;
}

/** The catalogue's element type: any parameter list, implementation typed by its own list. */
export type AnyFunctionSpec = FunctionSpec<readonly ParamSpec[], ResultShape>;

export function defineFunction<const P extends readonly ParamSpec[], S extends ResultShape>(spec: FunctionSpec<P, S>): AnyFunctionSpec {
  return spec as unknown as AnyFunctionSpec;
}

export const EXCEL_NAMESPACE = 'BTM';
export const SHEETS_PREFIX = 'BTM_';

export type HostKind = 'excel' | 'sheets';

/** How a formula calls a catalogue function in each host: BTM.NPV in Excel, BTM_NPV in Sheets. */
export function hostFunctionName(host: HostKind, name: string): string {
  return host === 'excel' ? `${EXCEL_NAMESPACE}.${name}` : `${SHEETS_PREFIX}${name}`;
}
