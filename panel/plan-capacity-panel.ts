// The panel's "Plan capacity" section: optional frontier levels and time limit, a Run button,
// a progress bar with a Cancel button for anything that takes over a second, and the result in
// plain words (what was selected, how good it is, what binds, what selective resourcing gains,
// what the lint found). Everything from the workbook is set as text, never as HTML.
import type { HostBridge, PlanCapacityRequest, PlanCapacityResponse, Progress } from './bridge';
import { addItem, addTerm, el, oneAtATime } from './dom';

/** The progress bar and Cancel button appear once a run has taken this long. */
const SHOW_PROGRESS_AFTER_MS = 1000;

type Written = Extract<PlanCapacityResponse, { status: 'written' }>;

/** A number as typed: "1,200,000", "1200000", " 250.5 "; undefined when it is not one. */
function numberTyped(text: string): number | undefined {
  const t = text.trim().replace(/[\s,_]/g, '');
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

const plain = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 2 });
const percent = (x: number) => `${(x * 100).toLocaleString('en-US', { maximumFractionDigits: 2 })}%`;

export function mountPlanCapacity(doc: Document, bridge: HostBridge, showProgressAfterMs = SHOW_PROGRESS_AFTER_MS): void {
  const run = el<HTMLButtonElement>(doc, 'pc-run');
  const cancel = el<HTMLButtonElement>(doc, 'pc-cancel');
  const progressBox = el<HTMLElement>(doc, 'pc-progress-box');
  const bar = el<HTMLProgressElement>(doc, 'pc-progress');
  const step = el<HTMLElement>(doc, 'pc-progress-step');
  const status = el<HTMLElement>(doc, 'pc-status');
  const error = el<HTMLElement>(doc, 'pc-error');
  const summary = el<HTMLElement>(doc, 'pc-summary');
  const notes = el<HTMLElement>(doc, 'pc-notes');
  const options = el<HTMLDetailsElement>(doc, 'pc-options');
  const from = el<HTMLInputElement>(doc, 'pc-from');
  const to = el<HTMLInputElement>(doc, 'pc-to');
  const steps = el<HTMLInputElement>(doc, 'pc-steps');
  const time = el<HTMLInputElement>(doc, 'pc-time');
  const frontierError = el<HTMLElement>(doc, 'pc-frontier-error');
  const timeError = el<HTMLElement>(doc, 'pc-time-error');
  const flight = oneAtATime({ buttons: [run], status, error });

  const clear = () => {
    for (const e of [error, status, frontierError, timeError]) e.textContent = '';
    for (const i of [from, to, steps, time]) i.removeAttribute('aria-invalid');
    summary.replaceChildren();
    summary.hidden = true;
    notes.replaceChildren();
  };
  const fieldError = (inputs: HTMLInputElement[], where: HTMLElement, text: string) => {
    where.textContent = text;
    inputs.forEach((i) => i.setAttribute('aria-invalid', 'true'));
    options.open = true;
    inputs[0].focus();
  };

  /** The request from the optional fields; undefined (and the fault shown next to its field) when one is not a fitting number. */
  const readRequest = (): PlanCapacityRequest | undefined => {
    const request: { frontier?: { from: number; to: number; steps: number }; timeLimitSeconds?: number } = {};
    const typed = [from, to, steps].filter((i) => i.value.trim() !== '');
    if (typed.length > 0) {
      const missing = [from, to, steps].filter((i) => i.value.trim() === '');
      if (missing.length > 0) {
        fieldError(missing, frontierError, 'Give the lowest budget, the highest budget and the number of levels, or leave all three empty for the default range.');
        return undefined;
      }
      const [lo, hi, n] = [from, to, steps].map((i) => numberTyped(i.value));
      const notNumbers = [from, to, steps].filter((_, k) => [lo, hi, n][k] === undefined);
      if (notNumbers.length > 0) {
        fieldError(notNumbers, frontierError, `"${notNumbers[0].value.trim()}" is not a number: type budgets such as 1200000 or 1,200,000.`);
        return undefined;
      }
      if (lo! < 0 || hi! < lo!) {
        fieldError([from, to], frontierError, 'The budgets must be 0 or more, the highest at least the lowest.');
        return undefined;
      }
      if (!Number.isInteger(n) || n! < 1) {
        fieldError([steps], frontierError, 'The number of levels must be a whole number of at least 1.');
        return undefined;
      }
      request.frontier = { from: lo!, to: hi!, steps: n! };
    }
    if (time.value.trim() !== '') {
      const seconds = numberTyped(time.value);
      if (seconds === undefined || seconds <= 0) {
        fieldError([time], timeError, 'The time limit must be a number of seconds above 0, such as 30.');
        return undefined;
      }
      request.timeLimitSeconds = seconds;
    }
    return request;
  };

  const row = (term: string, definition: string) => addTerm(summary, term, definition);
  const note = (text: string) => addItem(notes, text);

  const showResult = (r: Written) => {
    status.textContent = `Wrote the plan to the ${r.sheet} sheet.`;
    row('Selected', `${r.selected} of ${r.candidates} initiatives`);
    const gain = r.value - r.greedyValue;
    row('Total value', `${plain(r.value)} (greedy by value per cost: ${plain(r.greedyValue)}; ${gain >= 0 ? 'gain' : 'loss'} ${plain(Math.abs(gain))})`);
    row(
      'Optimality',
      r.optimality === 'optimal'
        ? `optimal (proven gap ${percent(r.gap)})`
        : `best found within the time limit: proven gap ${Number.isFinite(r.gap) ? percent(r.gap) : 'unknown'}`,
    );
    row('Binding constraints', r.binding.length > 0 ? r.binding.join('; ') : 'none: budget and capacity have room left');
    const t = r.throughput;
    row('Throughput of the selection', `selective resourcing ${plain(t.selective)} vs even spreading ${plain(t.even)} (gain ${plain(t.gain)})`);
    if (r.demandThroughput) {
      const d = r.demandThroughput;
      row('Throughput of the whole demand', `selective resourcing ${plain(d.selective)} vs even spreading ${plain(d.even)} (gain ${plain(d.gain)})`);
    }
    const e = r.findings.errors;
    const w = r.findings.warnings;
    row('Findings', `${e} ${e === 1 ? 'error' : 'errors'}, ${w} ${w === 1 ? 'warning' : 'warnings'} (listed on the ${r.sheet} sheet)`);
    summary.hidden = false;
    r.notes.forEach(note);
  };

  const plan = async () => {
    if (flight.busy) return;
    clear();
    const request = readRequest();
    if (!request) return;
    cancel.disabled = false;
    bar.value = 0;
    step.textContent = 'Starting';
    // Quick runs never show the bar; longer ones show it with the Cancel button after a second.
    const reveal = setTimeout(() => {
      progressBox.hidden = false;
      cancel.hidden = false;
    }, showProgressAfterMs);
    const onProgress = (p: Progress) => {
      if (!flight.busy) return;
      bar.value = Math.min(1, Math.max(0, p.fraction));
      step.textContent = p.step;
    };
    await flight.run('Planning…', () => bridge.planCapacity(request, onProgress), (r) => {
      if (r.status === 'written') showResult(r);
      else if (r.status === 'cancelled') status.textContent = 'Cancelled: nothing was written.';
      else error.textContent = r.message;
    });
    clearTimeout(reveal);
    // Hiding Cancel while it has the focus would leave a keyboard user nowhere: the focus goes
    // back to the Run button. (Once Cancel was pressed it is disabled and the section gave the
    // focus back to Run already.)
    const cancelHadFocus = doc.activeElement === cancel;
    progressBox.hidden = true;
    cancel.hidden = true;
    if (cancelHadFocus) run.focus();
  };

  run.addEventListener('click', () => void plan());
  cancel.addEventListener('click', () => {
    if (!flight.busy) return;
    cancel.disabled = true;
    status.textContent = 'Cancelling…';
    bridge.cancel();
  });
}
