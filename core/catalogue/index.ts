// The one list of custom functions. Add a function here and every host, the README and the
// tests pick it up.
import { FINANCE_FUNCTIONS } from './finance-functions';
import { SCORING_FUNCTIONS } from './scoring-functions';
import { GOVERNANCE_FUNCTIONS } from './governance-functions';
import { SELECTION_FUNCTIONS } from './selection-functions';
import { ALLOCATION_FUNCTIONS } from './allocation-functions';
import { ROADMAP_FUNCTIONS } from './roadmap-functions';
import type { AnyFunctionSpec } from './spec';

export const CATALOGUE: readonly AnyFunctionSpec[] = [
  ...FINANCE_FUNCTIONS,
  ...SCORING_FUNCTIONS,
  ...GOVERNANCE_FUNCTIONS,
  ...SELECTION_FUNCTIONS,
  ...ALLOCATION_FUNCTIONS,
  ...ROADMAP_FUNCTIONS,
];

const BY_NAME = new Map(CATALOGUE.map((f) => [f.name, f]));

export function findFunction(name: string): AnyFunctionSpec | undefined {
  return BY_NAME.get(name) ?? BY_NAME.get(name.toUpperCase());
}

export * from './spec';
export { invoke } from './invoke';
export type { HostArg, Outcome } from './invoke';
