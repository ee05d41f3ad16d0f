// Entry of the Excel task pane: the shared panel on the Excel bridge, once Office is ready.
// Plan capacity solves in Web Workers (dist/excel/solver-worker.js, beside this script), so the
// pane stays responsive and Cancel stops a solve at once. This bundle is a webpack entry of its
// own, with its own copy of the core, so it installs the worker solver itself: the one
// functions.js installs serves the custom functions' copy only.
import { useSelectionSolver } from '../core/capacity/solver';
import { mountPanel } from '../panel/panel';
import { excelBridge } from './excel-bridge';
import { createWorkerSolver, siblingUrl } from './worker-solver';

useSelectionSolver(createWorkerSolver({ url: siblingUrl('solver-worker.js') }));

Office.onReady(() => mountPanel(document, excelBridge((batch) => Excel.run(batch))));
