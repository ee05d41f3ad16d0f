// The one list of custom functions. Add a function here and every host, the README and the
// tests pick it up.
import { FINANCE_FUNCTIONS } from './finance-functions';
import type { AnyFunctionSpec } from './spec';

export const CATALOGUE: readonly AnyFunctionSpec[] = [...FINANCE_FUNCTIONS];

export function findFunction(name: string): AnyFunctionSpec | undefined {
  const upper = name.toUpperCase();
  return CATALOGUE.find((f) => f.name === upper);
}

export * from './spec';
export { invoke } from './invoke';
export type { HostArg, Outcome } from './invoke';
