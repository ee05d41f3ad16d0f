// Loads the built add-in bundles the way each host runs them, so tests call the custom
// functions exactly as Excel and Google Sheets call them.
//   loadSheets(): every .js file of dist/sheets in one global scope (Apps Script's model),
//                 with stub Apps Script services that the test may extend.
//   loadExcel():  dist/excel/functions.js with a stub CustomFunctions runtime that records
//                 CustomFunctions.associate(id, fn), and Web Workers that run the built
//                 dist/excel/solver-worker.js (VmWorker), so SELECT and FRONTIER really solve.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

export const DIST = path.resolve(__dirname, '..', '..', 'dist');

export function requireBuild(): void {
  if (!fs.existsSync(path.join(DIST, 'excel', 'functions.js')) || !fs.existsSync(path.join(DIST, 'sheets', 'btm.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  }
}

/** Stub Apps Script services; pass overrides for the ones a test drives. */
export function appsScriptStubs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const menu = { addItem: () => menu, addSeparator: () => menu, addToUi: () => undefined };
  const ui = { createAddonMenu: () => menu, createMenu: () => menu, showSidebar: () => undefined };
  const html = { setTitle: () => html, setWidth: () => html, getContent: () => '' };
  const spreadsheet = { getSpreadsheetTimeZone: () => 'UTC' };
  return {
    SpreadsheetApp: { getUi: () => ui, getActiveSpreadsheet: () => spreadsheet, getActive: () => spreadsheet, getActiveRange: () => null },
    HtmlService: { createHtmlOutputFromFile: () => html },
    Session: { getScriptTimeZone: () => 'UTC' },
    console,
    ...overrides,
  };
}

export type SheetsGlobals = vm.Context & Record<string, (...args: unknown[]) => unknown>;

export function loadSheets(overrides: Record<string, unknown> = {}): SheetsGlobals {
  requireBuild();
  const dir = path.join(DIST, 'sheets');
  const ctx = vm.createContext(appsScriptStubs(overrides));
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
    vm.runInContext(fs.readFileSync(path.join(dir, f), 'utf8'), ctx, { filename: f });
  }
  return ctx as SheetsGlobals;
}

/** Rebuilds a value inside the bundle's realm, as the host's own arrays and Dates would be. */
export function inRealm<T>(ctx: vm.Context, value: T): T {
  const copy = vm.runInContext(
    '(function copy(x) { if (x instanceof Object && typeof x.getTime === "function") return new Date(x.getTime()); if (Array.isArray(x)) return x.map(copy); return x; })',
    ctx,
  ) as (x: T) => T;
  return copy(value);
}

/** The stand-in for Excel's CustomFunctions.Error: keeps code and message for assertions. */
export class ExcelError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

export const EXCEL_ERROR_CODES = {
  invalidValue: '#VALUE!',
  notAvailable: '#N/A',
  divisionByZero: '#DIV/0!',
  invalidNumber: '#NUM!',
  nullReference: '#NULL!',
  invalidName: '#NAME?',
  invalidReference: '#REF!',
  busy: '#BUSY!',
};

/**
 * A Web Worker running a built script of dist/excel/ in a realm of its own, as a browser runs
 * it: `self` with postMessage/onmessage, fetch for files beside the script (highs.wasm), no
 * performance object (the loader's shim stands in, as in Apps Script). Messages cross as
 * structured clones, asynchronously. Every instance counts itself in VmWorker.started.
 */
export class VmWorker {
  static started = 0;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  terminated = false;
  private readonly scope: vm.Context & { onmessage?: ((event: { data: unknown }) => void) | null };

  /** dir: where the script and the files it fetches live (default dist/excel). */
  constructor(url: string, dir: string = path.join(DIST, 'excel')) {
    VmWorker.started++;
    const file = path.basename(new URL(url, 'https://addin.example/').pathname);
    const fetch = async (href: string) => {
      const name = path.basename(new URL(href).pathname);
      const found = fs.existsSync(path.join(dir, name));
      const bytes = found ? fs.readFileSync(path.join(dir, name)) : Buffer.alloc(0);
      return { ok: found, status: found ? 200 : 404, arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
    };
    const postMessage = (message: unknown) => {
      const data = structuredClone(message);
      setImmediate(() => !this.terminated && this.onmessage?.({ data }));
    };
    this.scope = vm.createContext({ console, setTimeout, clearTimeout, URL, fetch, postMessage, location: { href: `https://addin.example/${file}` } });
    vm.runInContext('self = globalThis;', this.scope);
    vm.runInContext(fs.readFileSync(path.join(dir, file), 'utf8'), this.scope, { filename: file });
  }

  postMessage(message: unknown): void {
    const data = structuredClone(message);
    setImmediate(() => {
      if (this.terminated) return;
      try {
        this.scope.onmessage?.({ data });
      } catch (e) {
        this.onerror?.({ message: (e as Error).message });
      }
    });
  }

  terminate(): void {
    this.terminated = true;
  }
}

export function loadExcel(): Map<string, (...args: unknown[]) => unknown> {
  requireBuild();
  const fns = new Map<string, (...args: unknown[]) => unknown>();
  const CustomFunctions = {
    associate(id: string, fn: (...args: unknown[]) => unknown) {
      fns.set(id.toUpperCase(), fn);
    },
    Error: ExcelError,
    ErrorCode: EXCEL_ERROR_CODES,
  };
  const Office = { onReady: () => Promise.resolve({ host: 'Excel' }) };
  const ctx = vm.createContext({ CustomFunctions, Office, console, Worker: VmWorker, setTimeout, clearTimeout });
  vm.runInContext(fs.readFileSync(path.join(DIST, 'excel', 'functions.js'), 'utf8'), ctx, { filename: 'functions.js' });
  return fns;
}

/**
 * Calls a host function; a thrown error becomes { error: code or message }. A function that
 * answers with a Promise gives a Promise of the same (await it).
 */
export function callHost(fn: (...args: unknown[]) => unknown, args: unknown[]): unknown {
  const caught = (e: unknown) => {
    if (e instanceof ExcelError) return { error: e.code, message: e.message };
    return { error: (e as Error).message };
  };
  try {
    const out = fn(...args);
    return isThenable(out) ? Promise.resolve(out).then((x) => x, caught) : out;
  } catch (e) {
    return caught(e);
  }
}

/** A Promise from any realm (the bundles' own Promise is not this realm's). */
export function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as PromiseLike<unknown>).then === 'function';
}
