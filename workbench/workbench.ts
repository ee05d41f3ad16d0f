// Entry of dist/workbench/workbench.js: the workbench page (see page.ts). The workbook lives
// here, with the in-memory bridge in Excel's spelling and Plan capacity's solver in Web Workers
// (solver-worker.js and highs.wasm beside this script, as in the Excel task pane), so the page
// stays responsive while HiGHS works and Cancel stops it at once.
import { useSelectionSolver } from '../core/capacity/solver';
import { createWorkerSolver, siblingUrl } from '../excel-addin/worker-solver';
import { memoryBridge } from '../xlsx/memory-bridge';
import { webExtensionFromManifest } from '../xlsx/package-parts';
import type { WebExtensionRef } from '../xlsx/package-parts';
import { startWorkbench } from './page';
import type { WorkbenchApi } from './page';

/** manifest.xml's text, put in by webpack.config.js (DefinePlugin). */
declare const BTM_MANIFEST_XML: string;

const solve = createWorkerSolver({ url: siblingUrl('solver-worker.js') });
// The bridge is handed the solver; installing it too covers any path that asks the core's
// (BTM.SELECT formulas in a recalculation): the page bundle has no HiGHS of its own (excel-addin/no-highs.ts).
useSelectionSolver(solve);

let webExtension: (WebExtensionRef & { autoShow: boolean }) | undefined;
try {
  webExtension = { ...webExtensionFromManifest(BTM_MANIFEST_XML), autoShow: true };
} catch {
  webExtension = undefined; // a manifest without an id: downloads simply carry no add-in reference
}

const SAMPLE = 'portfolio.xlsx';

const workbench: WorkbenchApi = startWorkbench(window, {
  bridgeFor: (book) => memoryBridge(book, { spelling: 'excel', solve }),
  loadSample: async () => {
    const response = await fetch(SAMPLE, { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.arrayBuffer();
  },
  sampleName: SAMPLE,
  webExtension,
});

(window as unknown as { btmWorkbench: WorkbenchApi }).btmWorkbench = workbench;
