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
//   sharedPage(open)          in a describe: one page for its tests, opened before and closed after them
//   closedAfterEach()         in a describe: gives a function that marks a page to be closed after
//                             the test that opened it, whether it passed or failed
//   press(target, selector)   clicks a panel button and waits for its section's answer
//   answered, textOnceSet     waiting for a section's answer, for a text to be shown
//   runAxe(pageOrFrame)       axe-core's checks, injected into the page and each of its frames
//   screenshot(page, name)    a full-page PNG (or one element's) in test-output/screenshots/
//   closeAll(...)             in afterAll: closes each of the browser, servers and pages even when
//                             another fails to (closeBrowser() closes the browser alone)
//
// The browser runs headless with a throwaway profile: playwright-core's launch() gives it a
// fresh --user-data-dir in the temporary folder and deletes it on close (it refuses a
// --user-data-dir in args). The background-networking flags keep Chromium from calling Google's
// hosts (update checks, safe browsing lists, sync), which a closed network refuses.
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { AxeResults, ContextObject, ImpactValue, RunOptions } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Frame, type Locator, type Page } from 'playwright-core';
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
// Written to stderr: jest drops a fully skipped file's console output when it runs several files.
if (!BROWSER_TESTS_RUN) {
  const testPath = typeof expect === 'function' ? expect.getState().testPath : undefined;
  const file = testPath ? ` in ${path.basename(testPath)}` : '';
  process.stderr.write(`Browser tests${file} skipped: Chromium is not installed (apt-get install chromium, or set BTM_CHROMIUM); CI runs them.\n`);
}
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

/** Closes the shared browser and with it every context still open (afterAll); the next browser() launches a new one. */
export async function closeBrowser(): Promise<void> {
  const b = launching;
  launching = undefined;
  if (b) await (await b.catch(() => undefined))?.close();
}

/**
 * Closes what a test file opened (afterAll), each even when another fails to close: the browser,
 * servers, shared pages. Rejects afterwards with the first failure.
 */
export async function closeAll(...things: ReadonlyArray<{ close(): Promise<void> } | undefined>): Promise<void> {
  const results = await Promise.allSettled(things.map((t) => t?.close()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
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
  /**
   * Turns the page's Content-Security-Policy off: for a test that must show what the page's own code
   * does without the policy's help (user text never made markup). axe-core needs no bypass.
   */
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
  try {
    await page.goto(url, { waitUntil: options.waitUntil ?? 'load' });
  } catch (e) {
    await context.close();
    throw e;
  }
  return { page, context, record, close: () => context.close() };
}

/**
 * For a describe whose tests share one page (they only look at it, or go on from each other):
 * opens it in beforeAll (`timeout` ms at most) and closes it in afterAll; the function returned
 * gives it to the tests.
 */
export function sharedPage<T extends OpenedPage>(open: () => Promise<T>, timeout = 60_000): () => T {
  let opened: T | undefined;
  beforeAll(async () => {
    opened = await open();
  }, timeout);
  afterAll(() => opened?.close());
  return () => {
    if (!opened) throw new Error('the shared page did not open (see the beforeAll error)');
    return opened;
  };
}

/**
 * For a describe whose tests each open their own page: registers an afterEach that closes the
 * pages passed to the returned function during the test, even when it failed (no try/finally in
 * the tests). Pages opened in a beforeAll are the describe's to close in its afterAll.
 */
export function closedAfterEach(): <T extends OpenedPage>(opened: T) => T {
  const open = new Set<OpenedPage>();
  afterEach(async () => {
    const pages = [...open];
    open.clear();
    await closeAll(...pages);
  });
  return (opened) => {
    open.add(opened);
    return opened;
  };
}

// ---------------------------------------------------------------------------------------------
// The panel's answers. Each section of the panel disables its buttons while the host works and
// enables them when the answer (or the failure) is shown, in the same task.

/** How long a section may take to answer: the solver on the sample takes seconds, more on a loaded machine. */
export const ANSWER_TIMEOUT_MS = 60_000;

/** Waits until the button is enabled again, i.e. its section has shown the host's answer. */
export async function answered(target: Page | Frame, selector: string, timeout = ANSWER_TIMEOUT_MS): Promise<void> {
  await target.waitForFunction((s) => (document.querySelector(s) as HTMLButtonElement | null)?.disabled === false, selector, { timeout });
}

/** Clicks a panel button and waits until its section has answered (the button disabled itself on the click). */
export async function press(target: Page | Frame, selector: string, timeout = ANSWER_TIMEOUT_MS): Promise<void> {
  await target.click(selector);
  await answered(target, selector, timeout);
}

/**
 * The element's text once it is not empty (for an element only the answer fills: a field's error,
 * a Cancel's status); '' when nothing came within `timeout`, for a readable expect(...).toBe(...).
 */
export async function textOnceSet(target: Page | Frame, selector: string, timeout = 10_000): Promise<string> {
  await target.waitForFunction((s) => (document.querySelector(s)?.textContent ?? '') !== '', selector, { timeout }).catch(() => undefined);
  return (await target.textContent(selector)) ?? '';
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
 * Runs axe-core on a page (and its frames) or on one frame. axe is injected through the DevTools
 * protocol (Playwright's evaluate), which the page's Content-Security-Policy does not govern: a
 * page keeps its policy while axe checks it. Injecting costs about a second per document; later
 * runs on the same document reuse it. `context` narrows what is checked (axe's include/exclude);
 * the default is the whole document with its frames.
 */
export async function runAxe(target: Page | Frame, options: RunOptions = {}, context?: ContextObject): Promise<AxeResults> {
  const frames = 'mainFrame' in target ? target.frames() : [target];
  for (const frame of frames) {
    if (frame.isDetached()) continue;
    const has = await frame.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object').catch(() => false);
    if (!has) await frame.evaluate(axeScript());
  }
  const main = 'mainFrame' in target ? target.mainFrame() : target;
  return main.evaluate(
    ({ ctx, opts }) => (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<unknown> } }).axe.run(ctx ?? document, opts),
    // Plain JSON for the page (axe's own types are too deep for evaluate's argument type).
    { ctx: context ?? null, opts: { resultTypes: ['violations', 'incomplete'], ...options } } as { ctx: object | null; opts: object },
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

/** A PNG of the whole page, or of one element, as test-output/screenshots/<name>.png; returns its path. */
export async function screenshot(target: Page | Locator, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, name.endsWith('.png') ? name : `${name}.png`);
  if ('goto' in target) await target.screenshot({ path: file, fullPage: true });
  else await target.screenshot({ path: file });
  return file;
}
