// Entry of dist/excel/functions.js: runs with only CustomFunctions and Office defined.
import { registerAll } from './custom-functions';
import { useSelectionSolver } from '../core/capacity/solver';
import { createWorkerSolver, siblingUrl } from './worker-solver';

// SELECT and FRONTIER solve in Web Workers (dist/excel/solver-worker.js, beside this script);
// the first worker starts on the first solve, not here.
useSelectionSolver(createWorkerSolver({ url: siblingUrl('solver-worker.js') }));

registerAll(CustomFunctions as unknown as Parameters<typeof registerAll>[0]);
