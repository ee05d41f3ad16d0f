// Stands in for npm highs in the workbench page's bundle (webpack.config.js, alias): the page
// solves in the Excel add-in's solver worker (workbench.ts installs it before anything solves),
// so HiGHS's 230 KB would be dead weight, compiled and minified on every build for nothing.
export default function loadHighs(): never {
  throw new Error('HiGHS runs in the solver worker (solver-worker.js), not in the workbench page');
}
