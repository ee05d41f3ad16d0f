// Headless Chromium for tests of the built pages (the Excel task pane, the Sheets sidebar, the
// workbench): Debian's chromium driven by playwright-core, never a downloaded browser.
//
//   findChromium()            the browser: $BTM_CHROMIUM, else /usr/bin/chromium, else chromium on PATH
//   describeBrowser           describe, or describe.skip with a one-line message when Chromium is
//                             missing outside CI (under CI=true the suite runs, and fails)
//   serveDist('excel', ...)   a static HTTP server on 127.0.0.1 over a dist/ folder, with extra
//                             response headers if asked (a Content-Security-Policy header, say)
//   openPage(url, options)    a page in a fresh context of one shared browser, whose every request
//                             that leaves the test's server is aborted and recorded (or answered
//                             by a stub the test gives), with console errors, page errors, CSP
//                             violations and dialogs recorded
//   runAxe(pageOrFrame)       axe-core's checks, injected into the page and each of its frames
//   screenshot(page, name)    a full-page PNG in test-output/screenshots/
//   closeBrowser()            in afterAll
//
// The browser runs headless with a throwaway profile: playwright-core's launch() gives it a
// fresh --user-data-dir in the temporary folder and deletes it on close (it refuses a
// --user-data-dir in args). The background-networking flags keep Chromium from calling Google's
// hosts (update checks, safe browsing lists, sync), which a closed network refuses.
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { AxeResults, ImpactValue, RunOptions } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { createStaticHandler } from '../../build/static-server.cjs';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DIST = path.join(ROOT, 'dist');
export const SCREENSHOTS = path.join(ROOT, 'test-output', 'screenshots');

/** The flags every launch passes (besides playwright-core's own headless set). */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium executable: $BTM_CHROMIUM, else /usr/bin/chromium, else `chromium` on PATH; undefined when there is none. */
export function findChromium(): string | undefined {
  const chosen = process.env.BTM_CHROMIUM;
  if (chosen) return executable(chosen) ? chosen : undefined;
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return ['/usr/bin/chromium', ...dirs.map((d) => path.join(d, 'chromium'))].find(executable);
}

export const CHROMIUM = findChromium();
/** Browser tests run where Chromium is installed, and always in CI (where a missing Chromium fails them). */
export const BROWSER_TESTS_RUN = CHROMIUM !== undefined || Boolean(process.env.CI);
if (!BROWSER_TESTS_RUN) console.log('Browser tests skipped: Chromium is not installed (apt-get install chromium, or set BTM_CHROMIUM); CI runs them.');
/** describe where browser tests run, describe.skip elsewhere (undefined outside jest: the helpers also serve scripts run with tsx). */
export const describeBrowser: jest.Describe = (typeof describe === 'function' ? (BROWSER_TESTS_RUN ? describe : describe.skip) : undefined) as jest.Describe;

// ---------------------------------------------------------------------------------------------
// The browser: one per test file, launched on first use.

let launching: Promise<Browser> | undefined;
/** How long the launch took, in ms (for the report a test prints). */
export let launchMs: number | undefined;

/** The shared headless Chromium, launched on first call. */
export function browser(): Promise<Browser> {
  if (!launching) {
    if (!CHROMIUM) return Promise.reject(new Error('Chromium is not installed: on Debian apt-get install chromium, or set BTM_CHROMIUM to its executable'));
    const started = Date.now();
    launching = chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_FLAGS], timeout: 60_000 }).then((b) => {
      launchMs = Date.now() - started;
      return b;
    });
  }
  return launching;
}

/** Closes the shared browser (afterAll); the next browser() launches a new one. */
export async function closeBrowser(): Promise<void> {
  const b = launching;
  launching = undefined;
  if (b) await (await b.catch(() => undefined))?.close();
}

// ---------------------------------------------------------------------------------------------
// The test's web server.

export interface TestServer {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** The full URL of a path on this server ('taskpane.html' or '/taskpane.html'). */
  url(file: string): string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** The file `/` redirects to; '' (the default here) turns the redirect off. */
  index?: string;
  /** Extra response headers, for every file or per path (e.g. a Content-Security-Policy for the HTML page). */
  headers?: Record<string, string> | ((urlPath: string) => Record<string, string> | undefined);
}

/** Serves the files of `dir` (build/static-server.cjs) on 127.0.0.1, port chosen by the system. */
export async function serveFolder(dir: string, options: ServeOptions = {}): Promise<TestServer> {
  const handler = createStaticHandler(dir, { index: options.index ?? '' });
  const server = http.createServer((req, res) => {
    const extra = typeof options.headers === 'function' ? options.headers((req.url ?? '').split(/[?#]/, 1)[0]) : options.headers;
    // writeHead merges headers set here with its own (its own win on a clash).
    for (const [name, value] of Object.entries(extra ?? {})) res.setHeader(name, value);
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (file) => new URL(file.replace(/^\/*/, '/'), origin).href,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves a folder of the build, dist/<sub> ('excel', 'sheets', 'workbench'); throws when the build lacks it or one of `needs`. */
export function serveDist(sub: string, options: ServeOptions & { needs?: readonly string[] } = {}): Promise<TestServer> {
  const dir = path.join(DIST, sub);
  for (const file of ['.', ...(options.needs ?? [])]) {
    if (!existsSync(path.join(dir, file))) throw new Error(`dist/${sub}/${file === '.' ? '' : file} is missing: run \`npm run build\` first (npm test does)`);
  }
  return serveFolder(dir, options);
}

// ---------------------------------------------------------------------------------------------
// Pages and what they did.

export interface CspViolation {
  /** 'event' (a securitypolicyviolation event) or 'console' (Chromium's "Refused to ..." message). */
  readonly via: 'event' | 'console';
  /** The directive (event) or the console message. */
  readonly text: string;
  /** What was blocked: a URL, 'inline' or 'eval' (events only). */
  readonly blocked?: string;
  /** The URL of the document (or frame) that refused it. */
  readonly where: string;
}

/** What a page did that a test may want to see, recorded as it happens. */
export interface PageRecord {
  /** Every request the page (or its frames and workers) made, in order. */
  readonly requests: string[];
  /** Requests to anywhere but the allowed origins, aborted (the page got a network error). */
  readonly blocked: string[];
  /** Requests answered by a stub the test gave. */
  readonly stubbed: string[];
  /** console.error messages (CSP refusals go to `csp` instead). */
  readonly consoleErrors: string[];
  /** Uncaught exceptions and unhandled rejections. */
  readonly pageErrors: string[];
  readonly csp: CspViolation[];
  /** alert/confirm/prompt/beforeunload, as "type: message"; each is dismissed. */
  readonly dialogs: string[];
}

export interface Stub {
  readonly body: string;
  /** Default text/javascript; charset=utf-8 */
  readonly contentType?: string;
  readonly status?: number;
}

export interface OpenOptions {
  /** Default 800 x 600. */
  viewport?: { width: number; height: number };
  /** Lets scripts the test adds run despite the page's CSP (for axe-core); the page's own policy is then not in force. */
  bypassCSP?: boolean;
  /** Origins (besides the page's own) whose requests go through. */
  allowOrigins?: readonly string[];
  /** Answers for URLs outside the allowed origins (exact URL, query ignored), e.g. a stub office.js. */
  stubs?: Readonly<Record<string, Stub>>;
  /** Scripts run in every frame before the page's own (stubs of host APIs). */
  initScripts?: readonly string[];
  colorScheme?: 'light' | 'dark';
  /** Whether to wait for 'load' (default) or only 'domcontentloaded'. */
  waitUntil?: 'load' | 'domcontentloaded' | 'networkidle';
}

export interface OpenedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly record: PageRecord;
  /** Closes the context (and its page). */
  close(): Promise<void>;
}

/** Reports securitypolicyviolation events of every frame to the test through a binding. */
const CSP_LISTENER = `(() => {
  const report = window.__btmCspViolation;
  if (typeof report !== 'function') return;
  document.addEventListener('securitypolicyviolation', (e) => {
    report({ directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI, where: e.documentURI });
  }, true);
})();`;

function withoutQuery(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

/**
 * Opens `url` in a fresh browser context (its own cookies and storage). Every request to an origin
 * other than the page's own and `allowOrigins` is answered by a stub or aborted, and recorded, so a
 * test can assert that the page needs no network.
 */
export async function openPage(url: string, options: OpenOptions = {}): Promise<OpenedPage> {
  const b = await browser();
  const context = await b.newContext({
    viewport: options.viewport ?? { width: 800, height: 600 },
    bypassCSP: options.bypassCSP ?? false,
    colorScheme: options.colorScheme ?? 'light',
    serviceWorkers: 'block',
  });
  const record: PageRecord = { requests: [], blocked: [], stubbed: [], consoleErrors: [], pageErrors: [], csp: [], dialogs: [] };
  const allowed = new Set([new URL(url).origin, ...(options.allowOrigins ?? [])]);
  const stubs = new Map(Object.entries(options.stubs ?? {}).map(([u, s]) => [withoutQuery(u), s]));

  await context.route('**/*', async (route) => {
    const requested = route.request().url();
    record.requests.push(requested);
    let origin: string;
    try {
      origin = new URL(requested).origin;
    } catch {
      origin = '';
    }
    if (allowed.has(origin)) return route.continue();
    const stub = /^https?:/.test(requested) ? stubs.get(withoutQuery(requested)) : undefined;
    if (stub) {
      record.stubbed.push(requested);
      return route.fulfill({ status: stub.status ?? 200, contentType: stub.contentType ?? 'text/javascript; charset=utf-8', body: stub.body });
    }
    record.blocked.push(requested);
    return route.abort('internetdisconnected');
  });
  await context.exposeBinding('__btmCspViolation', (_source, v: { directive: string; blocked: string; where: string }) => {
    record.csp.push({ via: 'event', text: v.directive, blocked: v.blocked, where: v.where });
  });
  await context.addInitScript(CSP_LISTENER);
  for (const script of options.initScripts ?? []) await context.addInitScript(script);

  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() !== 'error' && !m.text().startsWith('Refused to')) return;
    if (m.text().startsWith('Refused to')) record.csp.push({ via: 'console', text: m.text(), where: m.location().url || page.url() });
    // An aborted request logs "Failed to load resource: net::ERR_INTERNET_DISCONNECTED": it is in `blocked`.
    else if (!m.text().includes('net::ERR_INTERNET_DISCONNECTED')) record.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => record.pageErrors.push(e.stack ?? String(e)));
  page.on('dialog', (d) => {
    record.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => undefined);
  });
  await page.goto(url, { waitUntil: options.waitUntil ?? 'load' });
  return { page, context, record, close: () => context.close() };
}

/** The CSP violations' lines, for a readable expect(...).toEqual([]). */
export function cspLines(record: PageRecord): string[] {
  return record.csp.map((v) => (v.via === 'event' ? `${v.text} blocked ${v.blocked} in ${v.where}` : v.text));
}

// ---------------------------------------------------------------------------------------------
// axe-core

let axeSource: string | undefined;
const axeScript = (): string => (axeSource ??= (require('axe-core') as { source: string }).source);

/**
 * Runs axe-core on a page (and its frames) or on one frame. axe is injected as a script the test
 * evaluates, so a page with a strict CSP should be opened with bypassCSP: true for this.
 */
export async function runAxe(target: Page | Frame, options: RunOptions = {}): Promise<AxeResults> {
  const frames = 'mainFrame' in target ? target.frames() : [target];
  for (const frame of frames) {
    if (frame.isDetached()) continue;
    const has = await frame.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object').catch(() => false);
    if (!has) await frame.evaluate(axeScript());
  }
  const main = 'mainFrame' in target ? target.mainFrame() : target;
  return main.evaluate(
    (opts) => (window as unknown as { axe: { run(context: Document, options: unknown): Promise<unknown> } }).axe.run(document, opts),
    { resultTypes: ['violations', 'incomplete'], ...options } as RunOptions,
  ) as Promise<AxeResults>;
}

const IMPACT_ORDER: readonly ImpactValue[] = ['minor', 'moderate', 'serious', 'critical'];

/** The violations at `atLeast` impact or worse, one line each with the offending elements, for expect(...).toEqual([]). */
export function axeViolations(results: AxeResults, atLeast: ImpactValue = 'minor'): string[] {
  const floor = IMPACT_ORDER.indexOf(atLeast);
  return results.violations
    .filter((v) => IMPACT_ORDER.indexOf(v.impact ?? 'minor') >= floor)
    .map((v) => `${v.impact} ${v.id}: ${v.help} -- ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// ---------------------------------------------------------------------------------------------
// Screenshots

/** A full-page PNG of the page as test-output/screenshots/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, name.endsWith('.png') ? name : `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
