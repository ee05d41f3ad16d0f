// What the panel needs from its host. The Excel task pane implements it in-process with
// Office.js; the Sheets sidebar forwards each call to the Apps Script server; the workbench and
// the command line run it over the in-memory workbook (xlsx/memory-bridge.ts).
import { SETTINGS_SHEET } from '../core/demand/settings';
import { OWNED_COLUMNS } from '../core/commands/score-demand';
import type { CellValue, HostKind, InsertRequest, InsertResponse, ScoreDemandRequest, ScoreDemandResponse } from '../core';
import { isSheetError } from '../core/values/errors';
import { asTextCell } from '../core/values/text-cell';
import { planCapacity } from '../core/commands/plan-capacity';
import type { CapacitySheet, PlanCapacityInputs, PlanCapacityRequest, PlanCapacityResponse, Progress } from '../core/commands/plan-capacity';
import type { SelectionSolver } from '../core/capacity/solver';
import type { RoadmapRequest, RoadmapResponse } from '../core/commands/generate-roadmap';
import type { RepairPlan } from '../core/commands/repair-formulas';
import type { InsertTemplateResponse } from '../core/commands/insert-template';

export type { InsertTemplateResponse, PlanCapacityRequest, PlanCapacityResponse, Progress, RoadmapRequest, RoadmapResponse };

/**
 * What "Repair BTM formulas" answers: the plan's sentence (report) and, when cells were rewritten,
 * how many formula cells in which sheets (only sheets with at least one; spill shims cleared are
 * in the report, not in `cells`). Plain data: it crosses google.script.run in Sheets.
 */
export type RepairResponse =
  | { readonly status: 'repaired'; readonly report: string; readonly sheets: readonly { readonly sheet: string; readonly cells: number }[] }
  | { readonly status: 'nothing'; readonly report: string };

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
  /**
   * Plan capacity: one read (the demand table under the selection, the Capacity sheet, the BTM
   * Settings sheet), the core's plan (selection, frontier, allocation, lint), then one write of
   * the add-in-owned BTM Capacity sheet; no other sheet changes. `progress` is called now and
   * then while it works. Resolves { status: 'cancelled' }, with nothing written, when cancel()
   * stopped it in time.
   */
  planCapacity(request: PlanCapacityRequest, progress: (p: Progress) => void): Promise<PlanCapacityResponse>;
  /**
   * Asks the Plan capacity run in progress to stop: it answers 'cancelled' and writes nothing
   * (a run already writing finishes). Does nothing when no run is in progress. The bridge runs
   * one Plan capacity at a time as far as cancel() is concerned: it stops the latest one.
   */
  cancel(): void;
  /**
   * Generate roadmap: one read (the demand table under the selection, the Capacity, BTM Settings
   * and BTM Roadmap sheets), the core's schedule and layout, then one write of the add-in-owned
   * BTM Roadmap sheet; no other sheet changes. When the user edited that sheet since the add-in
   * wrote it, answers { status: 'confirm' } and writes nothing; the same request with
   * `replace: true` then replaces it.
   */
  generateRoadmap(request: RoadmapRequest): Promise<RoadmapResponse>;
  /**
   * Repair BTM formulas: every sheet's formulas read once, the core's plan (calls spelled for the
   * other host or for the .xlsx file rewritten to this host's spelling, Google's export wrappers
   * undone), then one write per sheet that changes in Excel (the bounding block, null where a cell
   * stays) and one write per block of changed cells in Sheets. Constants are never written.
   */
  repairFormulas(): Promise<RepairResponse>;
  /**
   * Insert template: the names of the workbook's sheets and defined names read once, the core's
   * template built around them (a clashing sheet or name gets a suffix, listed in `renamed`), then
   * its sheets created after the existing ones with their cells, formats, widths and frozen rows,
   * its named ranges and its drop-down lists, in a fixed number of host calls whatever the
   * template's size. No existing sheet or name changes.
   */
  insertTemplate(): Promise<InsertTemplateResponse>;
}

// What follows runs in the hosts (the task pane, Apps Script), not in the Sheets sidebar, which
// imports this file's types only.

/** Where Score demand's column choices are remembered: Excel's workbook settings, Sheets' document properties, the in-memory workbook's settings. */
export const OVERRIDES_SETTING = 'btm.scoreDemand.overrides';

/** Write BTM Settings sheet's answer when the workbook has one: it is never overwritten. */
export const SETTINGS_SHEET_EXISTS: SettingsSheetResponse = Object.freeze({
  status: 'exists',
  message: `The workbook already has a ${SETTINGS_SHEET} sheet; edit it there.`,
});

/**
 * Why Score demand's planned block is not the add-in's own text, or undefined. It is written as
 * formulas, so only the header row of OWNED_COLUMNS and one row of formulas may go in.
 */
export function scoreBlockProblem(cells: readonly (readonly string[])[]): string | undefined {
  const [headers = [], formulas = []] = cells;
  const ownHeaders = headers.every((h) => (OWNED_COLUMNS as readonly string[]).includes(h));
  if (cells.length !== 2 || !ownHeaders || !formulas.every((f) => f.startsWith('=')) || formulas.length !== headers.length) {
    return 'the planned block is not the BTM columns; nothing was written';
  }
  return undefined;
}

/** Only field -> header pairs of text; anything else in a request or a stored setting is ignored. */
export function textRecord(x: unknown): Record<string, string> | undefined {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(x as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Score demand's column choices as the workbook remembers them (JSON text, or what the host parsed); {} when unreadable. */
export function rememberedChoices(stored: unknown): Record<string, string> {
  if (typeof stored !== 'string') return textRecord(stored) ?? {};
  try {
    return textRecord(JSON.parse(stored)) ?? {};
  } catch {
    return {};
  }
}

/** Only the parts of a Plan capacity request a host acts on, of the right types (what the panel sends crosses a process boundary in Sheets). */
export function planCapacityRequest(x: unknown): PlanCapacityRequest {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return {};
  const r = x as Record<string, unknown>;
  const out: { overrides?: Record<string, string>; frontier?: { from: number; to: number; steps: number }; timeLimitSeconds?: number } = {};
  const overrides = textRecord(r.overrides);
  if (overrides) out.overrides = overrides;
  const f = r.frontier as Record<string, unknown> | null | undefined;
  if (typeof f === 'object' && f !== null && typeof f.from === 'number' && typeof f.to === 'number' && typeof f.steps === 'number') {
    out.frontier = { from: f.from, to: f.to, steps: f.steps };
  }
  if (typeof r.timeLimitSeconds === 'number') out.timeLimitSeconds = r.timeLimitSeconds;
  return out;
}

/** Only the parts of a Generate roadmap request a host acts on, of the right types. */
export function roadmapRequest(x: unknown): RoadmapRequest {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return {};
  const r = x as Record<string, unknown>;
  const out: { overrides?: Record<string, string>; lane?: string; replace?: boolean } = {};
  const overrides = textRecord(r.overrides);
  if (overrides) out.overrides = overrides;
  if (typeof r.lane === 'string') out.lane = r.lane; // '' asks for one lane
  if (r.replace === true) out.replace = true;
  return out;
}

/** The panel's answer for a repair plan (after the host wrote its blocks). */
export function repairResponse(plan: RepairPlan): RepairResponse {
  if (plan.cellsRewritten === 0 && plan.sheets.every((s) => s.blocks.length === 0)) return { status: 'nothing', report: plan.report };
  return {
    status: 'repaired',
    report: plan.report,
    sheets: plan.sheets.filter((s) => s.cellsRewritten > 0).map((s) => ({ sheet: s.sheet, cells: s.cellsRewritten })),
  };
}

/**
 * Insert template's answer to a host failure, shown next to the button: what could not be done
 * (`failure`, in the host's words), then whether template sheets it added stay in the workbook.
 */
export function templateFailure(failure: Error, sheetsLeft: boolean): InsertTemplateResponse {
  const left = sheetsLeft ? 'Template sheets it added before stopping stay in the workbook: delete them before trying again.' : 'Nothing was inserted.';
  return { status: 'invalid', message: `${failure.message.replace(/[.\s]+$/, '')}. ${left}` };
}

/** A Plan capacity run as the bridge's cancel() sees it. */
export interface PlanRun {
  cancelled: boolean;
}

/**
 * The core's plan for a run that cancel() may stop: progress is reported only while the run goes
 * on, and a Cancel pressed while the last steps ran still answers 'cancelled', so nothing is written.
 */
export async function planUnlessCancelled(
  inputs: PlanCapacityInputs,
  solve: SelectionSolver,
  run: PlanRun,
  progress: (p: Progress) => void,
): Promise<CapacitySheet | PlanCapacityResponse> {
  const planned = await planCapacity(inputs, {
    solve,
    isCancelled: () => run.cancelled,
    onProgress: (p) => {
      if (!run.cancelled) progress(p);
    },
  });
  if ('status' in planned) return planned;
  return run.cancelled ? { status: 'cancelled' } : planned;
}

// ---------------------------------------------------------------------------------------------
// The owned sheets (BTM Capacity, BTM Roadmap) as both hosts write them, from the core's layout.

/** What a host writes into one cell of the owned sheet: user text made safe (asTextCell), blanks as ''. */
export type HostCell = string | number | boolean;

/** The layout's cells as a host writes them: text that would read as a formula, number or date keeps a leading apostrophe. */
export function ownedSheetValues(values: readonly (readonly CellValue[])[]): HostCell[][] {
  return values.map((row) =>
    row.map((c): HostCell => {
      if (c === null) return '';
      if (isSheetError(c)) return asTextCell(c.code) as string;
      if (typeof c === 'number') return Number.isFinite(c) ? c : (asTextCell(String(c)) as string);
      return asTextCell(c) as HostCell;
    }),
  );
}

/** Number formats with the hosts' "General" where the layout has none. */
export function ownedSheetFormats(formats: readonly (readonly (string | null)[])[]): string[][] {
  return formats.map((row) => row.map((f) => f ?? 'General'));
}

/**
 * A width in characters for each column: its longest text or number, from 8 to 48 characters.
 * Longer text (notes, lists of IDs) runs over into the empty cells to its right or is cut.
 */
export function columnChars(values: readonly (readonly CellValue[])[]): number[] {
  const width = Math.max(0, ...values.map((r) => r.length));
  const chars = Array.from({ length: width }, () => 8);
  for (const row of values) {
    row.forEach((c, k) => {
      const n = c === null ? 0 : typeof c === 'number' ? Math.min(14, Math.abs(Math.round(c)).toString().length + 4) : isSheetError(c) ? c.code.length : String(c).length;
      chars[k] = Math.max(chars[k], Math.min(48, n + 1));
    });
  }
  return chars;
}
