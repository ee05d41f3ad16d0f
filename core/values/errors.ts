// Spreadsheet errors as plain values. The core returns them instead of throwing; the host
// adapters turn them into CustomFunctions.Error (Excel) or a thrown Error (Sheets).

export type ErrorCode = '#NULL!' | '#DIV/0!' | '#VALUE!' | '#REF!' | '#NAME?' | '#NUM!' | '#N/A';

export interface SheetError {
  readonly kind: 'sheet-error';
  readonly code: ErrorCode;
  /** Plain words for the person looking at the cell: what is wrong and where. */
  readonly message: string;
}

export function sheetError(code: ErrorCode, message: string): SheetError {
  return Object.freeze({ kind: 'sheet-error', code, message });
}

export function isSheetError(x: unknown): x is SheetError {
  return typeof x === 'object' && x !== null && (x as SheetError).kind === 'sheet-error';
}

/** A computed value or the error that explains why there is none. */
export type Result<T> = T | SheetError;

export const ERROR_CODES: readonly ErrorCode[] = ['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A'];

/** Recognises an error code written as text (as Sheets shows it, or as a user typed it). */
export function asErrorCode(text: string): ErrorCode | undefined {
  const t = text.trim().toUpperCase();
  return (ERROR_CODES as readonly string[]).includes(t) ? (t as ErrorCode) : undefined;
}

/** The text a host shows for an error: the function's host name, then the cause. */
export function errorText(fnLabel: string, fnName: string, e: SheetError): string {
  const cause = e.message.startsWith(`${fnName}: `) ? e.message.slice(fnName.length + 2) : e.message;
  return `${fnLabel}: ${cause || e.code} (${e.code})`;
}
