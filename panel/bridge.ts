// What the panel needs from its host. The Excel task pane implements it in-process with
// Office.js; the Sheets sidebar forwards each call to the Apps Script server.
import type { HostKind, InsertRequest, InsertResponse } from '../core';

export interface HostBridge {
  readonly host: HostKind;
  /** The selected range with its sheet, e.g. Sheet1!B2:B9. */
  selection(): Promise<string>;
  /** Plans and inserts the BUSINESSCASE formula at the selected cell (one read, one write). */
  insertBusinessCase(request: InsertRequest): Promise<InsertResponse>;
}
