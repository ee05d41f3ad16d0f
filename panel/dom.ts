// Small DOM helpers shared by the panel's sections (and the workbench page).

export function el<T extends HTMLElement>(doc: Document, id: string): T {
  const found = doc.getElementById(id);
  if (!found) throw new Error(`the page lacks #${id}`);
  return found as T;
}

/**
 * Plain words for a failure reported by the host. An Error made in another window (the workbench's
 * panel frame gets its bridge from the page around it) is not `instanceof` this window's Error,
 * so any object with a text `message` counts.
 */
export function errorMessage(e: unknown): string {
  if (typeof e === 'string') return e;
  const text = typeof e === 'object' && e !== null ? (e as { message?: unknown }).message : undefined;
  return typeof text === 'string' && text !== '' ? text : 'Something went wrong talking to the spreadsheet.';
}

/** A count and its noun: "1 sheet", "1,200 named lists". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Adds a term and its definition to a <dl>, as text (user text never becomes markup). */
export function addTerm(list: HTMLElement, term: string, definition: string): void {
  const doc = list.ownerDocument;
  const dt = doc.createElement('dt');
  dt.textContent = term;
  const dd = doc.createElement('dd');
  dd.textContent = definition;
  list.append(dt, dd);
}

/** Adds an item to a list, as text. */
export function addItem(list: HTMLElement, text: string): void {
  const li = list.ownerDocument.createElement('li');
  li.textContent = text;
  list.append(li);
}

/** The parts of a panel section that a call to the host drives. */
export interface Section {
  /** Disabled while a call runs: a second press would send the same write again. */
  readonly buttons: readonly HTMLButtonElement[];
  /** Says what is being done while the call runs; emptied when it answers. */
  readonly status: HTMLElement;
  /** Where a failure of the host is shown, in plain words; emptied as each call starts. */
  readonly error: HTMLElement;
  /** Empties whatever else the last answer showed, as each call starts. */
  readonly clear?: () => void;
}

export interface OneAtATime {
  /** Whether a call is running. */
  readonly busy: boolean;
  /**
   * Makes the call unless one is running: the section cleared, its buttons disabled and `working`
   * said until the host answers; then `show` gets the answer, or the failure is shown in plain words.
   */
  run<T>(working: string, call: () => Promise<T>, show: (answer: T) => void): Promise<void>;
}

/** One call to the host at a time for a section. */
export function oneAtATime(section: Section): OneAtATime {
  let busy = false;
  const enable = (on: boolean) => section.buttons.forEach((b) => (b.disabled = !on));
  return {
    get busy() {
      return busy;
    },
    async run<T>(working: string, call: () => Promise<T>, show: (answer: T) => void) {
      if (busy) return;
      busy = true;
      const doc = section.status.ownerDocument;
      const focused = doc.activeElement;
      enable(false);
      section.error.textContent = '';
      section.clear?.();
      section.status.textContent = working;
      try {
        const answer = await call();
        section.status.textContent = '';
        show(answer);
      } catch (e) {
        section.status.textContent = '';
        section.error.textContent = errorMessage(e);
      } finally {
        busy = false;
        enable(true);
        // Disabling the focused button sent the focus to the page (a keyboard user pressed it):
        // give it back, unless the answer put the focus somewhere (a question, a field in error).
        const button = section.buttons.find((b) => b === focused);
        if (button && !button.hidden && (doc.activeElement === null || doc.activeElement === doc.body)) button.focus();
      }
    },
  };
}
