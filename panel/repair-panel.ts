// The panel's "Repair BTM formulas" section: a Run button, then the host's sentence (how many
// formulas were rewritten in which sheets, what was left alone) or a failure in plain words.
// Everything from the workbook (sheet names, function names) is set as text, never as HTML.
import type { HostBridge } from './bridge';
import { el, errorMessage } from './dom';

export function mountRepairFormulas(doc: Document, bridge: HostBridge): void {
  const run = el<HTMLButtonElement>(doc, 'rf-run');
  const error = el<HTMLElement>(doc, 'rf-error');
  const status = el<HTMLElement>(doc, 'rf-status');
  let busy = false;

  const repair = async () => {
    if (busy) return;
    busy = true;
    run.disabled = true;
    error.textContent = '';
    status.textContent = 'Repairing the BTM formulas…';
    try {
      const r = await bridge.repairFormulas();
      status.textContent = r.report.endsWith('.') ? r.report : `${r.report}.`;
    } catch (e) {
      status.textContent = '';
      error.textContent = errorMessage(e);
    } finally {
      busy = false;
      run.disabled = false;
    }
  };

  run.addEventListener('click', () => void repair());
}
