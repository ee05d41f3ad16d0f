// The panel's "Score demand" section: runs the command, shows what was written, what was left
// out and why, and the column chosen for each field, which the user may change. Text only.
import type { ScoreDemandResponse } from '../core';
import type { HostBridge } from './bridge';
import { addItem, el, oneAtATime } from './dom';

const NONE = '';

export function mountScoreDemand(doc: Document, bridge: HostBridge): void {
  const run = el<HTMLButtonElement>(doc, 'sd-run');
  const rerun = el<HTMLButtonElement>(doc, 'sd-rerun');
  const settingsButton = el<HTMLButtonElement>(doc, 'sd-settings');
  const status = el<HTMLElement>(doc, 'sd-status');
  const error = el<HTMLElement>(doc, 'sd-error');
  const notes = el<HTMLElement>(doc, 'sd-notes');
  const mapping = el<HTMLElement>(doc, 'sd-mapping');
  const rows = el<HTMLElement>(doc, 'sd-mapping-rows');

  const clear = () => notes.replaceChildren();
  const note = (text: string) => addItem(notes, text);

  const showMapping = (r: Extract<ScoreDemandResponse, { status: 'written' }>) => {
    rows.replaceChildren();
    r.fields.forEach((field, i) => {
      const tr = doc.createElement('tr');
      const th = doc.createElement('th');
      th.scope = 'row';
      const label = doc.createElement('label');
      label.htmlFor = `sd-field-${i}`;
      label.textContent = field;
      th.append(label);
      const select = doc.createElement('select');
      select.id = `sd-field-${i}`;
      select.dataset.field = field;
      for (const header of [NONE, ...r.tableHeaders]) {
        const option = doc.createElement('option');
        option.value = header;
        option.textContent = header === NONE ? '(not used)' : header;
        select.append(option);
      }
      select.value = r.mapping[field] ?? NONE;
      const td = doc.createElement('td');
      td.append(select);
      tr.append(th, td);
      rows.append(tr);
    });
    mapping.hidden = false;
  };

  /** Every field's choice: a header, or '' for "not used" (so a field can be switched off). */
  const chosenColumns = (): Record<string, string> => {
    const chosen: Record<string, string> = {};
    for (const select of Array.from(rows.querySelectorAll('select'))) {
      if (select.dataset.field) chosen[select.dataset.field] = select.value;
    }
    return chosen;
  };

  const flight = oneAtATime({ buttons: [run, rerun, settingsButton], status, error, clear });
  const score = (overrides?: Record<string, string>) =>
    flight.run('Scoring…', () => bridge.scoreDemand(overrides ? { overrides } : {}), (r) => {
      if (r.status === 'written') {
        status.textContent = `Wrote ${r.headers.join(', ')} at ${r.address}.`;
        r.skipped.forEach(note);
        r.settingsProblems.forEach((p) => note(`Settings not used: ${p}`));
        showMapping(r);
      } else {
        error.textContent = r.message;
      }
    });

  run.addEventListener('click', () => void score());
  rerun.addEventListener('click', () => void score(chosenColumns()));
  settingsButton.addEventListener('click', () =>
    void flight.run('Writing the settings sheet…', () => bridge.writeSettingsSheet(), (r) => {
      status.textContent = r.status === 'created' ? `Wrote the default settings at ${r.address}. Edit them there; Score demand reads them.` : r.message;
    }),
  );
}
