// Entry of the Sheets sidebar (runs in the browser, in HtmlService's sandbox): the shared panel
// on a bridge that forwards each call to the Apps Script server through google.script.run.
import type { InsertRequest, InsertResponse, ScoreDemandRequest, ScoreDemandResponse } from '../core';
import type { HostBridge, SettingsSheetResponse } from '../panel/bridge';
import type { ServerEntryPoint } from './entry-points';
import { mountPanel } from '../panel/panel';

interface ScriptRunner {
  withSuccessHandler(f: (value: unknown) => void): ScriptRunner;
  withFailureHandler(f: (error: Error) => void): ScriptRunner;
  [name: string]: unknown;
}
declare const google: { script: { run: ScriptRunner } };

function callServer<T>(name: ServerEntryPoint, ...args: unknown[]): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const runner = google.script.run.withSuccessHandler((v) => resolve(v as T)).withFailureHandler(reject);
    (runner[name] as (...a: unknown[]) => void)(...args);
  });
}

export const sheetsBridge: HostBridge = {
  host: 'sheets',
  selection: () => callServer<string>('panelSelection'),
  insertBusinessCase: (request: InsertRequest) => callServer<InsertResponse>('panelInsertBusinessCase', request),
  scoreDemand: (request: ScoreDemandRequest) => callServer<ScoreDemandResponse>('panelScoreDemand', request),
  writeSettingsSheet: () => callServer<SettingsSheetResponse>('panelWriteSettingsSheet'),
};

mountPanel(document, sheetsBridge);
