// The core's public face for host adapters, the command line and tests.
export * from './values/cells';
export * from './values/errors';
export * from './catalogue';
export * from './values/a1';
export * from './commands/business-case-formula';
export * from './demand/settings';
export * from './demand/header-mapping';
export * from './commands/score-demand';
export * from './capacity/allocation';
export * from './capacity/solver';
export * from './capacity/frontier';
export * from './capacity/capacity-table';
export * from './commands/plan-capacity';
export type { Candidate, SelectionProblem } from './capacity/selection-model';
export type { SelectionResult } from './capacity/optimiser';
export * from './commands/generate-roadmap';
export * from './formulas/translate';
export * from './commands/repair-formulas';
