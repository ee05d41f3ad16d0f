// What the panel needs from its host. The Excel task pane implements it in-process with
// Office.js; the Sheets sidebar forwards each call to the Apps Script server.
import type { HostKind, InsertRequest, InsertResponse, ScoreDemandRequest, ScoreDemandResponse } from '../core';

export type SettingsSheetResponse =
  | { readonly status: 'created'; readonly address: string }
  | { readonly status: 'exists'; readonly message: string };

export interface HostBridge {
  readonly host: HostKind;
  /** The selected range with its sheet, e.g. Sheet1!B2:B9. */
  selection(): Promise<string>;
  /** Plans and inserts the BUSINESSCASE formula at the selected cell (one read, one write). */
  insertBusinessCase(request: InsertRequest): Promise<InsertResponse>;
  /**
   * Scores the demand table under the selection: one read of the sheet (and of the BTM Settings
   * sheet and the remembered column choices), the core's plan, one write of the BTM columns.
   * Column choices sent in the request are remembered in the workbook for the next run.
   */
  scoreDemand(request: ScoreDemandRequest): Promise<ScoreDemandResponse>;
  /** Writes the default BTM Settings sheet when the workbook has none; never overwrites one. */
  writeSettingsSheet(): Promise<SettingsSheetResponse>;
}
