// Entry of the Sheets sidebar (runs in the browser, in HtmlService's sandbox): the shared panel
// on a bridge that forwards each call to the Apps Script server through google.script.run.
// Plan capacity runs in one server call; while it runs, the sidebar asks the server for its
// progress every POLL_MS (a second google.script.run call each time), and Cancel sets a flag
// the running call reads. This file imports the panel's types only, so the sidebar carries no
// solver code.
import type { InsertRequest, InsertResponse, ScoreDemandRequest, ScoreDemandResponse } from '../core';
import type { HostBridge, InsertTemplateResponse, PlanCapacityRequest, PlanCapacityResponse, Progress, RepairResponse, RoadmapRequest, RoadmapResponse, SettingsSheetResponse } from '../panel/bridge';
import type { ServerEntryPoint } from './entry-points';
import { mountPanel } from '../panel/panel';

export interface ScriptRunner {
  withSuccessHandler(f: (value: unknown) => void): ScriptRunner;
  withFailureHandler(f: (error: Error) => void): ScriptRunner;
  [name: string]: unknown;
}

/** How often the sidebar asks for the progress of a Plan capacity run. */
export const POLL_MS = 700;

export interface SidebarClock {
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** A progress report from the server, or undefined when it is none. */
function progressOf(x: unknown): Progress | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const p = x as Record<string, unknown>;
  if (typeof p.step !== 'string' || typeof p.fraction !== 'number' || !Number.isFinite(p.fraction)) return undefined;
  return { step: p.step, fraction: Math.min(1, Math.max(0, p.fraction)) };
}

/** An id for one run, unique enough for one user's cache: letters and digits. */
function newRunId(): string {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  const words = new Uint32Array(4);
  if (c?.getRandomValues) c.getRandomValues(words);
  else for (let i = 0; i < words.length; i++) words[i] = Math.floor(Math.random() * 2 ** 32);
  return Array.from(words, (w) => w.toString(36)).join('');
}

/**
 * The bridge on google.script.run (`runner` gives a fresh runner per call, as google.script.run
 * does). Plan capacity: one server call does the work; progress is polled every POLL_MS, one poll
 * at a time; cancel() asks the server to stop the run (its answer is then 'cancelled').
 */
export function scriptBridge(runner: () => ScriptRunner, clock: SidebarClock = globalThis as unknown as SidebarClock, runId: () => string = newRunId): HostBridge {
  const callServer = <T>(name: ServerEntryPoint, ...args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const r = runner().withSuccessHandler((v) => resolve(v as T)).withFailureHandler(reject);
      (r[name] as (...a: unknown[]) => void)(...args);
    });
  let current: string | undefined;

  return {
    host: 'sheets',
    selection: () => callServer<string>('panelSelection'),
    insertBusinessCase: (request: InsertRequest) => callServer<InsertResponse>('panelInsertBusinessCase', request),
    scoreDemand: (request: ScoreDemandRequest) => callServer<ScoreDemandResponse>('panelScoreDemand', request),
    writeSettingsSheet: () => callServer<SettingsSheetResponse>('panelWriteSettingsSheet'),
    planCapacity: (request: PlanCapacityRequest, progress: (p: Progress) => void) => {
      const id = runId();
      current = id;
      let done = false;
      let timer: unknown;
      const poll = () => {
        timer = undefined;
        if (done) return;
        callServer<unknown>('panelPlanCapacityProgress', id)
          .then(
            (answer) => {
              const p = progressOf(answer);
              if (p && !done) progress(p);
            },
            () => undefined, // a lost poll only delays the bar
          )
          .then(() => {
            if (!done) timer = clock.setTimeout(poll, POLL_MS);
          });
      };
      timer = clock.setTimeout(poll, POLL_MS);
      const stop = () => {
        done = true;
        if (timer !== undefined) clock.clearTimeout(timer);
        if (current === id) current = undefined;
      };
      return callServer<PlanCapacityResponse>('panelPlanCapacity', request, id).then(
        (r) => {
          stop();
          return r;
        },
        (e: unknown) => {
          stop();
          throw e;
        },
      );
    },
    cancel: () => {
      if (current) callServer<void>('panelCancelPlanCapacity', current).catch(() => undefined);
    },
    generateRoadmap: (request: RoadmapRequest) => callServer<RoadmapResponse>('panelGenerateRoadmap', request),
    repairFormulas: () => callServer<RepairResponse>('panelRepairFormulas'),
    insertTemplate: () => callServer<InsertTemplateResponse>('panelInsertTemplate'),
  };
}

declare const google: { script: { run: ScriptRunner } } | undefined;

// In the sidebar (not when a test imports this file): mount the panel on google.script.run.
if (typeof document !== 'undefined' && typeof google !== 'undefined') {
  mountPanel(
    document,
    scriptBridge(() => google!.script.run, { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) }),
  );
}
