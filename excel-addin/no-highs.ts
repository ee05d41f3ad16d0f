// Stands in for npm highs in the bundles of pages that solve in the solver worker
// (webpack.config.js, alias): the Excel task pane and custom functions, and the workbench page.
// Each installs the worker solver (excel-addin/worker-solver.ts) before anything solves, and that
// solver has no in-page fallback, so HiGHS's 230 KB there would be dead weight. Only
// solver-worker.js carries the real HiGHS.
export default function loadHighs(): never {
  throw new Error('HiGHS runs in the solver worker (solver-worker.js), not in this page');
}
