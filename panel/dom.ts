// Small DOM helpers shared by the panel's sections.

export function el<T extends HTMLElement>(doc: Document, id: string): T {
  const found = doc.getElementById(id);
  if (!found) throw new Error(`panel markup lacks #${id}`);
  return found as T;
}

/** Plain words for a failure reported by the host. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : typeof e === 'string' ? e : 'Something went wrong talking to the spreadsheet.';
}

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
