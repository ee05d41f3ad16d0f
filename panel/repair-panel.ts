// The panel's "Repair BTM formulas" section: a Run button, then the host's sentence (how many
// formulas were rewritten in which sheets, what was left alone) or a failure in plain words.
// Everything from the workbook (sheet names, function names) is set as text, never as HTML.
import type { HostBridge } from './bridge';
import { el, oneAtATime } from './dom';

export function mountRepairFormulas(doc: Document, bridge: HostBridge): void {
  const run = el<HTMLButtonElement>(doc, 'rf-run');
  const error = el<HTMLElement>(doc, 'rf-error');
  const status = el<HTMLElement>(doc, 'rf-status');
  const flight = oneAtATime({ buttons: [run], status, error });

  const repair = () =>
    flight.run('Repairing the BTM formulas…', () => bridge.repairFormulas(), (r) => {
      status.textContent = r.report.endsWith('.') ? r.report : `${r.report}.`;
    });

  run.addEventListener('click', () => void repair());
}
