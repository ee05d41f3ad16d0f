// Where selection problems get solved. By default HiGHS runs in the caller's thread
// (optimiseSelection); a host may install its own solver instead: the Excel add-in installs
// one that runs HiGHS in a Web Worker, so that a long solve neither freezes the task pane nor
// holds up the other custom functions, and can be stopped at once.
import { optimiseSelection } from './optimiser';
import type { SelectionResult } from './optimiser';
import type { SelectionProblem } from './selection-model';

export interface SolveOptions {
  /** Stop when the proven relative gap is at most this (default 0: the proven optimum). */
  readonly relativeGap?: number;
  /** Seconds from the call, loading the solver included (default 60). */
  readonly timeLimitSeconds?: number;
  /** Called now and then while solving: best value found so far (undefined before the first) and proven bound. */
  readonly onProgress?: (p: { best?: number; bound: number; gap?: number }) => void;
  /**
   * Checked now and then; true stops the solver, which answers status 'cancelled'. In the
   * caller's thread HiGHS looks at it between its own steps (up to about 1.5 s apart on a
   * 1,000-initiative problem); the Excel worker solver stops at once.
   */
  readonly isCancelled?: () => boolean;
}

export type SelectionSolver = (p: SelectionProblem, options?: SolveOptions) => Promise<SelectionResult>;

let installed: SelectionSolver = optimiseSelection;

/** Installs the solver every later solveSelection call uses (optimiseSelection restores the default). */
export function useSelectionSolver(solver: SelectionSolver): void {
  installed = solver;
}

/** Solves with the installed solver (by default optimiseSelection, in the caller's thread). */
export function solveSelection(p: SelectionProblem, options?: SolveOptions): Promise<SelectionResult> {
  return installed(p, options);
}
