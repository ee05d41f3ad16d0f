// Entry of the Apps Script bundle (dist/sheets/btm.js, library variable BTMAddin). The build
// adds the top-level BTM_ globals and entry points that call into it.
import { HostArg, findFunction, invoke } from '../core';
import { argFromSheets, spreadsheetDates, toSheets } from './custom-functions';
import { useSheetsHighs } from './highs-loader';

// HiGHS for SELECT, FRONTIER and the sidebar's Plan capacity: from the wasm shipped as base64
// in its own file, loaded on the first solve only.
useSheetsHighs();

/**
 * Called by every BTM_ global with the arguments object Sheets passed. A solver-backed
 * function answers with a Promise, which Apps Script awaits: it resolves to the value, or
 * rejects with the same Error a synchronous function throws.
 */
export function sheetsCall(name: string, args: ArrayLike<unknown>): ReturnType<typeof toSheets> | Promise<ReturnType<typeof toSheets>> {
  const spec = findFunction(name);
  if (!spec) throw new Error(`BTM_${name}: no such function in this add-on version`);
  const dates = spreadsheetDates();
  const hostArgs: HostArg[] = new Array(args.length);
  for (let i = 0; i < args.length; i++) hostArgs[i] = argFromSheets(args[i], dates);
  const outcome = invoke(spec, hostArgs);
  return outcome instanceof Promise ? outcome.then((o) => toSheets(spec, o)) : toSheets(spec, outcome);
}

export {
  onOpen,
  onInstall,
  showSidebar,
  panelSelection,
  panelInsertBusinessCase,
  panelScoreDemand,
  panelWriteSettingsSheet,
  panelPlanCapacity,
  panelPlanCapacityProgress,
  panelCancelPlanCapacity,
  panelGenerateRoadmap,
  panelRepairFormulas,
  panelInsertTemplate,
} from './server';
