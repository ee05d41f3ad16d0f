// Shared vocabulary for finance tests: call a catalogue function as a host would after
// normalising cells, and compare to 1e-10 relative.
import { CellValue, Range, findFunction, invoke, isSheetError, serialFromParts } from '../../core';

export const TOLERANCE = 1e-10;

export const col = (xs: readonly CellValue[]): Range => xs.map((x) => [x]);

export function call(name: string, ...args: Array<CellValue | Range | undefined>): unknown {
  const spec = findFunction(name);
  if (!spec) throw new Error(`no function ${name}`);
  return invoke(spec, args);
}

/** Relative difference, with absolute difference near zero. */
export function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
}

export function expectClose(actual: unknown, expected: number, tolerance = TOLERANCE): void {
  if (typeof actual !== 'number') throw new Error(`expected ${expected}, got ${JSON.stringify(actual)}`);
  if (expected === 0) {
    expect(Math.abs(actual)).toBeLessThanOrEqual(tolerance);
    return;
  }
  if (!(relativeError(actual, expected) <= tolerance)) {
    throw new Error(`expected ${expected}, got ${actual} (relative error ${relativeError(actual, expected)})`);
  }
}

export function expectError(actual: unknown, code: string, messagePart?: RegExp): void {
  if (!isSheetError(actual)) throw new Error(`expected ${code}, got ${JSON.stringify(actual)}`);
  expect(actual.code).toBe(code);
  if (messagePart) expect(actual.message).toMatch(messagePart);
}

export const date = (y: number, m: number, d: number): number => serialFromParts(y, m, d);
