// How Plan capacity and Generate roadmap both begin, kept in one place so the two commands refuse
// the same workbook with the same words: the demand table under the selection, the Capacity sheet
// and the BTM Settings sheet, read once from what the host fetched.
import { CellValue } from '../values/cells';
import { columnLetters, formatRange, quoteSheet } from '../values/a1';
import { DEFAULT_SETTINGS, DemandSettings, SETTINGS_SHEET, settingsFromGrid } from '../demand/settings';
import { CapacityTable, capacityLayoutHelp, readCapacityGrid } from '../capacity/capacity-table';
import { headerText } from '../demand/header-mapping';
import { DemandTable, SheetSnapshot, findDemandTable } from './score-demand';

export const CAPACITY_SHEET = 'Capacity';

export interface DemandAndCapacity {
  readonly found: DemandTable;
  readonly cap: CapacityTable;
  readonly settings: DemandSettings;
  /** The Capacity sheet's notes, then one per BTM Settings block that fell back to its defaults; the command adds its own. */
  readonly notes: string[];
  /** The table's header row as read, and as text ('' for a blank or an error). */
  readonly headers: CellValue[];
  readonly tableHeaders: string[];
  /** The table's range in A1 notation, for the summary. */
  readonly source: string;
}

/** The sheet a command writes, and what it writes there: never a demand table to plan from. */
export interface OwnedSheet {
  readonly sheet: string;
  readonly writes: string;
}

/** Why the sheet under the selection cannot hold the demand table: it is the command's own. Hosts ask before reading further. */
export function ownedSheetProblem(sheet: string, owned: OwnedSheet): string | undefined {
  if (sheet.toLowerCase() !== owned.sheet.toLowerCase()) return undefined;
  return `Select a cell in your demand table: the ${owned.sheet} sheet is where the add-in writes ${owned.writes}.`;
}

/** The three sheets both capacity commands read, or the first problem that stops them. settingsGrid undefined: the defaults. */
export function readDemandAndCapacity(
  snap: SheetSnapshot,
  capacityGrid: CellValue[][] | undefined,
  settingsGrid: CellValue[][] | undefined,
  owned: OwnedSheet,
): DemandAndCapacity | { readonly problem: string } {
  const mine = ownedSheetProblem(snap.sheet, owned);
  if (mine) return { problem: mine };
  const found = findDemandTable(snap);
  if ('problem' in found) return found;
  if (!capacityGrid) return { problem: `The workbook has no "${CAPACITY_SHEET}" sheet. ${capacityLayoutHelp(CAPACITY_SHEET)}` };
  const cap = readCapacityGrid(capacityGrid, CAPACITY_SHEET);
  if ('problem' in cap) return cap;
  const reading = settingsGrid ? settingsFromGrid(settingsGrid) : { settings: DEFAULT_SETTINGS, problems: [] };
  const notes = [...cap.notes, ...reading.problems.map((p) => `${quoteSheet(SETTINGS_SHEET)}!${columnLetters(p.col)}${p.row}: ${p.message} (that block's defaults apply).`)];
  if (found.values.length < 2) return { problem: 'The demand table has a header row but no data rows below it.' };
  const headers = found.values[0].slice(0, found.width);
  const lastRow = found.top + found.values.length - 1;
  return {
    found,
    cap,
    settings: reading.settings,
    notes,
    headers,
    tableHeaders: headers.map(headerText),
    source: formatRange({ sheet: found.sheet, start: { row: found.top, col: found.left }, end: { row: lastRow, col: found.left + found.width - 1 } }),
  };
}
