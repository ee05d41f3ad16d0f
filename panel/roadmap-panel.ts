// The panel's "Generate roadmap" section: the column whose values become lanes (free text, with
// the table's headers offered once a run has read them), a Run button, the result in plain words
// (placed, unplaceable, what changed since the last version), and the question asked when the
// user edited the BTM Roadmap sheet: "Replace anyway" sends the same request with replace: true.
// Everything from the workbook is set as text, never as HTML.
import type { HostBridge, RoadmapRequest, RoadmapResponse } from './bridge';
import { addItem, addTerm, el, oneAtATime } from './dom';

type Written = Extract<RoadmapResponse, { status: 'written' }>;

const plain = (n: number) => n.toLocaleString('en-US');

/** What changed since the last version, in words. */
function changesText(c: Written['changes']): string {
  if (c.first) return 'first version: nothing to compare with';
  return `${plain(c.added)} new, ${plain(c.moved)} moved, ${plain(c.removed)} removed, ${plain(c.unchanged)} unchanged`;
}

export function mountRoadmap(doc: Document, bridge: HostBridge): void {
  const lane = el<HTMLInputElement>(doc, 'rm-lane');
  const laneOptions = el<HTMLDataListElement>(doc, 'rm-lane-options');
  const laneError = el<HTMLElement>(doc, 'rm-lane-error');
  const run = el<HTMLButtonElement>(doc, 'rm-run');
  const error = el<HTMLElement>(doc, 'rm-error');
  const status = el<HTMLElement>(doc, 'rm-status');
  const summary = el<HTMLElement>(doc, 'rm-summary');
  const notes = el<HTMLElement>(doc, 'rm-notes');
  const confirmBox = el<HTMLElement>(doc, 'rm-confirm');
  const confirmText = el<HTMLElement>(doc, 'rm-confirm-text');
  const yes = el<HTMLButtonElement>(doc, 'rm-confirm-yes');
  const no = el<HTMLButtonElement>(doc, 'rm-confirm-no');
  /** The request the question is about: "Replace anyway" resends it. */
  let asked: RoadmapRequest | undefined;
  /** The demand table's headers from the last run that read them. */
  let headers: readonly string[] = [];

  const clear = () => {
    laneError.textContent = '';
    lane.removeAttribute('aria-invalid');
    summary.replaceChildren();
    summary.hidden = true;
    notes.replaceChildren();
    confirmBox.hidden = true;
  };
  const flight = oneAtATime({ buttons: [run, yes], status, error, clear });
  const row = (term: string, definition: string) => addTerm(summary, term, definition);
  const note = (text: string) => addItem(notes, text);
  const offerHeaders = (list: readonly string[]) => {
    headers = list;
    laneOptions.replaceChildren(
      ...list.map((h) => {
        const option = doc.createElement('option');
        option.value = h;
        return option;
      }),
    );
  };

  const showResult = (r: Written) => {
    status.textContent = `Wrote the roadmap to the ${r.sheet} sheet.`;
    row('Initiatives', `${plain(r.initiatives)}: ${plain(r.placed)} placed, ${plain(r.unplaceable)} cannot be placed`);
    row('Changes since the last version', changesText(r.changes));
    const used = Object.entries(r.mapping).map(([field, header]) => `${field}: ${header}`);
    if (used.length > 0) row('Columns used', used.join('; '));
    summary.hidden = false;
    r.summary.forEach(note);
    r.notes.forEach(note);
    offerHeaders(r.tableHeaders);
  };

  /**
   * An invalid answer: next to the lane field when it is about the lane typed (a header the
   * table's last known headers lack, or, before any run, one the message quotes), under the Run
   * button otherwise.
   */
  const showInvalid = (message: string, request: RoadmapRequest) => {
    const typed = request.lane?.trim();
    const aboutLane =
      !!typed &&
      (headers.length > 0 ? !headers.some((h) => h.trim().toLowerCase() === typed.toLowerCase()) : message.toLowerCase().includes(`"${typed.toLowerCase()}"`));
    if (aboutLane) {
      laneError.textContent = message;
      lane.setAttribute('aria-invalid', 'true');
      lane.focus();
    } else {
      error.textContent = message;
    }
  };

  const generate = (request: RoadmapRequest) =>
    flight.run('Generating the roadmap…', () => bridge.generateRoadmap(request), (r) => {
      if (r.status === 'written') {
        asked = undefined;
        showResult(r);
      } else if (r.status === 'confirm') {
        asked = request;
        confirmText.textContent = r.message;
        confirmBox.hidden = false;
        no.focus();
      } else {
        showInvalid(r.message, request);
      }
    });

  const requestFromFields = (): RoadmapRequest => {
    const typed = lane.value.trim();
    return typed ? { lane: typed } : {};
  };

  run.addEventListener('click', () => void generate(requestFromFields()));
  lane.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void generate(requestFromFields());
    }
  });
  yes.addEventListener('click', () => void generate({ ...(asked ?? requestFromFields()), replace: true }));
  no.addEventListener('click', () => {
    confirmBox.hidden = true;
    asked = undefined;
    status.textContent = 'Nothing was written: your edits to the roadmap sheet are kept.';
    run.focus();
  });
}
