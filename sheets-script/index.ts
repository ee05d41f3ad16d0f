// Entry of the Apps Script bundle (dist/sheets/btm.js, library variable BTMAddin). The build
// adds the top-level BTM_ globals and entry points that call into it.
import { HostArg, findFunction, invoke } from '../core';
import { argFromSheets, spreadsheetDates, toSheets } from './custom-functions';

/** Called by every BTM_ global with the arguments object Sheets passed. */
export function sheetsCall(name: string, args: ArrayLike<unknown>): ReturnType<typeof toSheets> {
  const spec = findFunction(name);
  if (!spec) throw new Error(`BTM_${name}: no such function in this add-on version`);
  const dates = spreadsheetDates();
  const hostArgs: HostArg[] = new Array(args.length);
  for (let i = 0; i < args.length; i++) hostArgs[i] = argFromSheets(args[i], dates);
  return toSheets(spec, invoke(spec, hostArgs));
}

export { onOpen, onInstall, showSidebar, panelSelection, panelInsertBusinessCase, panelScoreDemand, panelWriteSettingsSheet } from './server';
