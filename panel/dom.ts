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
