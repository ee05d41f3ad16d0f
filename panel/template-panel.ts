// The panel's "Insert template" section: an Insert button with a short explanation, then the
// sheets the host created and one line per clash it avoided ("A sheet "Demand" exists: the
// template's is "Demand (2)"."), or a failure in plain words next to the button. Everything from
// the workbook or the host (sheet names, messages) is set as text, never as HTML.
import type { HostBridge, InsertTemplateResponse } from './bridge';
import { addItem, el, oneAtATime, plural } from './dom';

type Inserted = Extract<InsertTemplateResponse, { status: 'inserted' }>;

/** The status line after an insert. */
function insertedText(r: Inserted): string {
  const names = r.names > 0 ? ` and ${plural(r.names, 'named list')}` : '';
  return `Inserted the template: ${plural(r.sheets.length, 'sheet')}${names}.`;
}

export function mountInsertTemplate(doc: Document, bridge: HostBridge): void {
  const run = el<HTMLButtonElement>(doc, 'it-run');
  const error = el<HTMLElement>(doc, 'it-error');
  const status = el<HTMLElement>(doc, 'it-status');
  const sheets = el<HTMLElement>(doc, 'it-sheets');
  const renamed = el<HTMLElement>(doc, 'it-renamed');
  const clear = () => {
    sheets.replaceChildren();
    sheets.hidden = true;
    renamed.replaceChildren();
  };
  const flight = oneAtATime({ buttons: [run], status, error, clear });

  const insert = () =>
    flight.run('Inserting the template…', () => bridge.insertTemplate(), (r) => {
      if (r.status === 'inserted') {
        status.textContent = insertedText(r);
        r.sheets.forEach((name) => addItem(sheets, name));
        sheets.hidden = r.sheets.length === 0;
        r.renamed.forEach((line) => addItem(renamed, line));
      } else {
        error.textContent = r.message;
      }
    });

  run.addEventListener('click', () => void insert());
}
