// Entry of the Apps Script bundle (dist/sheets/btm.js, library variable BTMAddin). The build
// adds the top-level BTM_ globals and entry points that call into it.
import { findFunction, invoke } from '../core';
import { DateReader, argFromSheets, dateReader, toSheets } from './custom-functions';

function spreadsheetTimeZone(): string {
  try {
    return SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone() || Session.getScriptTimeZone();
  } catch {
    return Session.getScriptTimeZone();
  }
}

/** Called by every BTM_ global with the arguments Sheets passed. */
export function sheetsCall(name: string, args: readonly unknown[]): ReturnType<typeof toSheets> {
  const spec = findFunction(name);
  if (!spec) throw new Error(`BTM_${name}: no such function in this add-on version`);
  let reader: DateReader | undefined;
  const dates = () => (reader ??= dateReader(spreadsheetTimeZone()));
  return toSheets(spec, invoke(spec, args.map((a) => argFromSheets(a, dates))));
}

export { onOpen, onInstall, showSidebar, panelSelection, panelInsertBusinessCase } from './server';
