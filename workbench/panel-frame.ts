// Entry of dist/workbench/panel.js, the script of the workbench's panel frame (panel.html: the
// add-in's panel template, without office.js). It mounts the real panel (panel/panel.ts) on the
// bridge of the page around it (window.parent.btmWorkbench, same origin), so the workbook, its
// recalculation and the solver live in the page. ?look=sheets gives the Sheets sidebar's look
// (body class 'sheets'); the default is the Excel task pane's.
import { mountPanel } from '../panel/panel';
import type { WorkbenchApi } from './page';

const POLL_MS = 20;
const WAIT_MS = 20_000;

document.body.className = new URLSearchParams(location.search).get('look') === 'sheets' ? 'sheets' : 'excel';

/** The page's workbench, once its script has run; undefined outside the workbench (opened alone, or framed by another origin). */
function workbench(): WorkbenchApi | undefined {
  try {
    if (window.parent === window) return undefined;
    return (window.parent as unknown as { btmWorkbench?: WorkbenchApi }).btmWorkbench;
  } catch {
    return undefined; // another origin's page: no access, no panel
  }
}

function waitForWorkbench(): Promise<WorkbenchApi | undefined> {
  const start = Date.now();
  return new Promise((resolve) => {
    const look = () => {
      const found = workbench();
      if (found || window.parent === window || Date.now() - start > WAIT_MS) resolve(found);
      else setTimeout(look, POLL_MS);
    };
    look();
  });
}

function alone(): void {
  const note = document.createElement('p');
  note.className = 'error';
  note.setAttribute('role', 'alert');
  note.textContent = 'This panel runs inside the BTM workbench: open the workbench page (/) instead.';
  document.querySelector('main')?.prepend(note);
  for (const b of Array.from(document.querySelectorAll('button'))) b.disabled = true;
}

void waitForWorkbench().then(async (wb) => {
  if (!wb) {
    alone();
    return;
  }
  await wb.loaded;
  mountPanel(document, wb.bridge);
  wb.panelMounted();
});
