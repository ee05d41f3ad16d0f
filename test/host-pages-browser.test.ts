// The built host pages in headless Chromium: dist/excel/taskpane.html on a stub Office.js and
// dist/sheets/sidebar.html on a stub google.script.run. They render, mount the panel, reach their
// host, show its answers and failures next to the control that asked, need no network, keep to
// the task pane's Content-Security-Policy, pass axe-core's checks in both looks (initially and with
// everything open, answered and failing), can be worked with the keyboard alone, and fit the
// sidebar's 300 px. Screenshots go to test-output/screenshots/.
//
// Tests that only look at a page as it loaded share one page per describe (opened in beforeAll);
// a test that sets a look or a viewport sets the one it reads. Tests that press buttons open
// their own page, closed after them.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { InsertResponse, ScoreDemandResponse } from '../core';
import type { RoadmapResponse } from '../core/commands/generate-roadmap';
import type { InsertTemplateResponse, RepairResponse, SettingsSheetResponse } from '../panel/bridge';
import type { ServerEntryPoint } from '../sheets-script/entry-points';
import {
  CHROMIUM,
  DIST,
  type OpenedPage,
  type TestServer,
  answered,
  axeViolations,
  closeAll,
  closeBrowser,
  closedAfterEach,
  cspLines,
  describeBrowser,
  launchMs,
  openPage,
  press,
  runAxe,
  screenshot,
  serveDist,
  sharedPage,
  textOnceSet,
} from './support/browser';

const startedAt = Date.now();
const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
/** Excel's task pane is 350 px wide by default (it can be widened); Sheets' sidebar is fixed at 300 px. */
const EXCEL_VIEWPORT = { width: 350, height: 720 };
const SHEETS_VIEWPORT = { width: 300, height: 720 };

// ---------------------------------------------------------------------------------------------
// Stub hosts

/**
 * Office.js as the task pane uses it: Office.onReady, requirement checks, CustomFunctions.associate
 * (recorded) and an Excel.run whose workbook has only a selected range. window.__btmExcel steers it:
 * `selection` (the address the range loads), `fail` (Excel.run rejects with this message), `hang`
 * (Excel.run never answers).
 */
const OFFICE_STUB = `(() => {
  const state = (window.__btmExcel = { registered: [], ready: 0, runs: 0, selection: 'Sheet1!B2:B7', fail: null, hang: false });
  window.Office = {
    HostType: { Excel: 'Excel' },
    PlatformType: { OfficeOnline: 'OfficeOnline' },
    context: { requirements: { isSetSupported: () => true } },
    onReady(callback) {
      return Promise.resolve().then(() => {
        const info = { host: 'Excel', platform: 'OfficeOnline' };
        if (callback) callback(info);
        state.ready++;
        return info;
      });
    },
  };
  class CustomFunctionsError extends Error {
    constructor(code, message) { super(message || code); this.code = code; }
  }
  window.CustomFunctions = {
    associate(id, fn) { if (typeof fn !== 'function') throw new Error(id + ' is no function'); state.registered.push(id); },
    Error: CustomFunctionsError,
    ErrorCode: { invalidValue: '#VALUE!', notAvailable: '#N/A', divisionByZero: '#DIV/0!', invalidNumber: '#NUM!', nullReference: '#NULL!', invalidName: '#NAME?', invalidReference: '#REF!' },
  };
  window.Excel = {
    run(batch) {
      state.runs++;
      if (state.hang) return new Promise(() => undefined);
      if (state.fail) return Promise.reject(new Error(state.fail));
      const range = { load() { range.address = state.selection; return range; } };
      const context = { workbook: { getSelectedRange: () => range }, sync: () => Promise.resolve() };
      return Promise.resolve().then(() => batch(context));
    },
  };
})();`;

/** What the stub server answers: a value (the success handler), an error (the failure handler) or nothing ever. */
type Answer = { value: unknown } | { error: string } | { pending: true };

const SCORED: ScoreDemandResponse = {
  status: 'written',
  address: 'Demand!Q1:U61',
  headers: ['BTM Score', 'BTM Rank', 'BTM Check', 'BTM Proposal', 'BTM WSJF'],
  mapping: { 'Business value': 'Value', Cost: 'Cost' },
  tableHeaders: ['Initiative', 'Value', 'Cost', 'Risk reduction and opportunity enablement'],
  fields: ['Business value', 'Cost', 'Risk'],
  skipped: ['BTM WSJF needs the columns Time criticality, Risk reduction, Job size.'],
  settingsProblems: [],
};
const ROADMAP_CONFIRM: RoadmapResponse = { status: 'confirm', message: 'The BTM Roadmap sheet was edited since the add-in wrote it: replace it with the new roadmap?' };
const INSERT_CONFIRM: InsertResponse = { status: 'confirm', message: 'Sheet1!E2:F12 holds data: write over it?' };
const TEMPLATE_INSERTED: InsertTemplateResponse = {
  status: 'inserted',
  sheets: ['Read me', 'Demand (2)', 'Business cases', 'Capacity', 'BTM Roadmap', 'BTM Settings'],
  names: 24,
  renamed: ['The workbook has a sheet "Demand": the template\'s is "Demand (2)".'],
};
/** Text from the workbook that looks like markup: a sheet's name, a column's header. */
const PAYLOAD = '<img src=x onerror=alert(1)>';
const ROADMAP_WRITTEN: RoadmapResponse = {
  status: 'written',
  sheet: 'BTM Roadmap',
  initiatives: 3,
  placed: 2,
  unplaceable: 1,
  changes: { added: 0, moved: 0, removed: 0, unchanged: 0, first: true },
  summary: ['Placed: 2 of 3; 1 cannot be placed (see Reason)'],
  notes: [`The lane column "${PAYLOAD}" has 1 empty cell: its initiative is in the lane (none).`],
  mapping: { Lane: PAYLOAD },
  tableHeaders: ['Initiative', PAYLOAD],
};
const REPAIRED: RepairResponse = { status: 'nothing', report: 'No formula needed repair' };
const SETTINGS: SettingsSheetResponse = { status: 'created', address: "'BTM Settings'!A1:E40" };

/** The stub server's answer to each entry point the sidebar calls, unless a test changes it. */
const DEFAULT_ANSWERS: Partial<Record<ServerEntryPoint, Answer>> = {
  panelSelection: { value: 'Sheet1!B2:B7' },
  panelScoreDemand: { value: SCORED },
  panelWriteSettingsSheet: { value: SETTINGS },
  panelInsertBusinessCase: { value: INSERT_CONFIRM },
  panelPlanCapacity: { pending: true },
  panelPlanCapacityProgress: { value: { step: 'Choosing the portfolio', fraction: 0.4 } },
  panelCancelPlanCapacity: { value: null },
  panelGenerateRoadmap: { value: ROADMAP_CONFIRM },
  panelRepairFormulas: { value: REPAIRED },
  panelInsertTemplate: { value: TEMPLATE_INSERTED },
};

/**
 * google.script.run as HtmlService gives it: each access a fresh runner; withSuccessHandler and
 * withFailureHandler return a runner holding the handler; any other property is a server function
 * that records its name and arguments and answers (asynchronously, as the real one does) from
 * window.__btmSheets.answers. A pending call waits for window.__btmSheets.settle(name, value).
 */
const SCRIPT_RUN_STUB = `(() => {
  const pending = {};
  const state = (window.__btmSheets = {
    calls: [],
    answers: ${JSON.stringify(DEFAULT_ANSWERS)},
    settle(name, value) { const f = pending[name]; delete pending[name]; if (f) f(value); return Boolean(f); },
  });
  const runner = (success, failure) => new Proxy({}, {
    get(_target, name) {
      if (name === 'withSuccessHandler') return (f) => runner(f, failure);
      if (name === 'withFailureHandler') return (f) => runner(success, f);
      if (name === 'withUserObject') return () => runner(success, failure);
      if (typeof name !== 'string' || name === 'then' || name === 'toJSON') return undefined;
      return (...args) => {
        state.calls.push({ name, args: JSON.parse(JSON.stringify(args)) });
        const answer = state.answers[name] || { error: 'ScriptError: Script function not found: ' + name };
        if (answer.pending) { pending[name] = success; return; }
        setTimeout(() => {
          if ('error' in answer) { if (failure) failure(new Error(answer.error)); }
          else if (success) success(JSON.parse(JSON.stringify(answer.value)));
        }, 10);
      };
    },
  });
  window.google = { script: { get run() { return runner(undefined, undefined); }, host: { close() {}, setHeight() {}, setWidth() {}, editor: { focus() {} } } } };
})();`;

// ---------------------------------------------------------------------------------------------
// Helpers

let excel: TestServer;
let sheets: TestServer;

/** The Excel task pane at its default width, Office.js stubbed, once Office.onReady has called back. */
async function openTaskPane(): Promise<OpenedPage> {
  const opened = await openPage(excel.url('taskpane.html'), { viewport: EXCEL_VIEWPORT, stubs: { [OFFICE_JS]: { body: OFFICE_STUB } } });
  await opened.page.waitForFunction(() => (window as unknown as { __btmExcel?: { ready: number } }).__btmExcel?.ready === 1);
  return opened;
}

/** The Sheets sidebar at its 300 px, google.script.run stubbed. */
function openSidebar(): Promise<OpenedPage> {
  return openPage(sheets.url('sidebar.html'), { viewport: SHEETS_VIEWPORT, initScripts: [SCRIPT_RUN_STUB] });
}

/** Shows the sidebar's markup in a look (its body class) at that host's width. */
async function showLook(page: Page, look: 'sheets' | 'excel'): Promise<void> {
  await page.setViewportSize(look === 'excel' ? EXCEL_VIEWPORT : SHEETS_VIEWPORT);
  await page.evaluate((l) => (document.body.className = l), look);
}

const excelState = (page: Page) =>
  page.evaluate(() => (window as unknown as { __btmExcel: { registered: string[]; runs: number } }).__btmExcel);
const setExcel = (page: Page, settings: { selection?: string; fail?: string | null; hang?: boolean }) =>
  page.evaluate((s) => Object.assign((window as unknown as { __btmExcel: object }).__btmExcel, s), settings);
const serverCalls = (page: Page) =>
  page.evaluate(() => (window as unknown as { __btmSheets: { calls: { name: string; args: unknown[] }[] } }).__btmSheets.calls);
const answer = (page: Page, name: ServerEntryPoint, a: Answer) =>
  page.evaluate(([n, v]) => ((window as unknown as { __btmSheets: { answers: Record<string, unknown> } }).__btmSheets.answers[n as string] = v), [name, a] as const);
/** Answers the pending call to a server function (the stub keeps the success handler until then). */
const settle = (page: Page, name: ServerEntryPoint, value: unknown) =>
  page.evaluate(([n, v]) => (window as unknown as { __btmSheets: { settle(n: string, v: unknown): boolean } }).__btmSheets.settle(n as string, v), [name, value] as const);

/** Waits (10 s at most) until `done` holds, for what the test records from outside the page; says whether it did. */
async function waitUntil(done: () => boolean, ms = 10_000): Promise<boolean> {
  for (const end = Date.now() + ms; !done() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
  return done();
}

/** Opens every <details> of the page. */
const openAllDetails = (page: Page) => page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));

/** The page's widest content, in CSS pixels (more than the viewport means a sideways scrollbar). */
const contentWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** Plan capacity's progress bar with its Cancel, shown (a run shows them after a second) and the first progress drawn. */
async function progressShown(page: Page): Promise<void> {
  await page.waitForSelector('#pc-progress-box:not([hidden])');
  await page.waitForFunction(() => (document.getElementById('pc-progress') as HTMLProgressElement).value > 0);
}

/**
 * Puts the sidebar in the state that shows the most: every <details> open, Score demand's
 * mapping table, Insert template's lists, the roadmap's and the business case's questions, Plan
 * capacity's progress bar and Cancel button, a field error and a section error.
 */
async function sidebarEverythingShown(page: Page): Promise<void> {
  await openAllDetails(page);
  await press(page, '#sd-run');
  await page.waitForSelector('#sd-mapping:not([hidden])');
  await press(page, '#it-run');
  await page.waitForSelector('#it-sheets:not([hidden])');
  await press(page, '#rm-run');
  await page.waitForSelector('#rm-confirm:not([hidden])');
  await press(page, '#bc-insert');
  await page.waitForSelector('#bc-confirm:not([hidden])');
  await answer(page, 'panelSelection', { error: 'Select the benefits: one row or one column.' });
  await page.click('[data-use-selection="bc-benefits"]');
  await textOnceSet(page, '#bc-benefits-error');
  await answer(page, 'panelRepairFormulas', { error: 'Exception: Service Spreadsheets timed out while accessing document.' });
  await press(page, '#rf-run');
  await page.fill('#pc-steps', 'ten');
  await page.click('#pc-run');
  await textOnceSet(page, '#pc-frontier-error');
  await page.fill('#pc-steps', '');
  await page.click('#pc-run');
  await progressShown(page);
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/** Presses Tab until the element with this id has the focus (40 presses at most). */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 40 && (await focusedId(page)) !== id; i++) await page.keyboard.press('Tab');
  expect(await focusedId(page)).toBe(id);
}

/** What counts as a control for the Tab walk. */
const CONTROLS = 'a[href], button, input, select, textarea, summary, [tabindex]';

/**
 * The page's controls in document order, each with a short name (its id, use-selection:<field>
 * for a "Use selection" button, else tag:text) and whether Tab should reach it (visible, enabled,
 * not tabindex=-1).
 */
const controls = (page: Page) =>
  page.evaluate(
    (selector) =>
      Array.from(document.querySelectorAll<HTMLElement>(selector)).map((e) => ({
        name: e.id || (e.dataset.useSelection ? `use-selection:${e.dataset.useSelection}` : `${e.tagName.toLowerCase()}:${e.textContent?.trim()}`),
        reachable: e.tabIndex >= 0 && !(e as HTMLButtonElement).disabled && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden',
      })),
    CONTROLS,
  );

/** Presses Tab `stops` times and gives, for each focused element, its short name (as controls() names it) and its focus indicator. */
async function tabThrough(page: Page, stops: number) {
  const list = await controls(page);
  const seen: { name: string; focusVisible: boolean; outline: string }[] = [];
  for (let i = 0; i < stops; i++) {
    await page.keyboard.press('Tab');
    const { index, ...ring } = await page.evaluate((selector) => {
      const e = document.activeElement as HTMLElement;
      const style = getComputedStyle(e);
      return {
        index: Array.from(document.querySelectorAll(selector)).indexOf(e),
        focusVisible: e.matches(':focus-visible'),
        outline: style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2 ? 'none' : `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      };
    }, CONTROLS);
    seen.push({ name: list[index]?.name ?? `(not a control: ${index})`, ...ring });
  }
  return seen;
}

// ---------------------------------------------------------------------------------------------

describeBrowser('the built host pages in Chromium', () => {
  jest.setTimeout(90_000);

  beforeAll(async () => {
    excel = await serveDist('excel', { needs: ['taskpane.html', 'taskpane.js', 'functions.js', 'functions.json'] });
    sheets = await serveDist('sheets', { needs: ['sidebar.html'] });
  });
  afterAll(async () => {
    await closeAll({ close: closeBrowser }, excel, sheets);
    console.log(`Browser tests: Chromium launched in ${launchMs ?? '-'} ms; the file took ${Date.now() - startedAt} ms.`);
  });

  it('finds Chromium (CI must have it installed)', () => {
    expect(CHROMIUM).toBeDefined();
  });

  describe('the Excel task pane on a stub Office.js, as it loaded', () => {
    const taskPane = sharedPage(() => openTaskPane());

    it('registers the 23 custom functions of functions.json', async () => {
      const ids = (JSON.parse(fs.readFileSync(path.join(DIST, 'excel', 'functions.json'), 'utf8')) as { functions: { id: string }[] }).functions.map((f) => f.id);
      const { registered } = await excelState(taskPane().page);
      expect(ids).toHaveLength(23);
      expect(ids).toContain('NPV');
      expect([...registered].sort()).toEqual([...ids].sort());
    });

    it('is the panel in the Excel look, titled BTM Portfolio', async () => {
      const { page } = taskPane();
      expect(await page.title()).toBe('BTM Portfolio');
      expect(await page.getAttribute('body', 'class')).toBe('excel');
    });

    it('asks nothing of the network but the stubbed office.js, and logs no error, policy refusal or dialog', () => {
      const { record } = taskPane();
      expect(record.stubbed).toEqual([OFFICE_JS]);
      expect(record.blocked).toEqual([]);
      expect(record.pageErrors).toEqual([]);
      expect(record.consoleErrors).toEqual([]);
      expect(cspLines(record)).toEqual([]);
      expect(record.dialogs).toEqual([]);
    });

    it('passes axe-core with its Content-Security-Policy in force', async () => {
      expect(axeViolations(await runAxe(taskPane().page))).toEqual([]);
    });

    it("fits 350 px in Fluent's font, colours and corners", async () => {
      const { page } = taskPane();
      expect(await contentWidth(page)).toBeLessThanOrEqual(EXCEL_VIEWPORT.width);
      const style = await page.evaluate(() => {
        const body = getComputedStyle(document.body);
        const primary = getComputedStyle(document.getElementById('sd-run')!);
        const secondary = getComputedStyle(document.getElementById('sd-settings')!);
        const input = getComputedStyle(document.getElementById('bc-rate')!);
        return { font: body.fontFamily, size: body.fontSize, text: body.color, primary: primary.backgroundColor, secondary: secondary.borderTopColor, input: input.borderTopColor, radius: input.borderTopLeftRadius };
      });
      expect(style.font).toMatch(/^"Segoe UI"/);
      expect(style.size).toBe('14px');
      expect(style.text).toBe('rgb(36, 36, 36)'); // Fluent neutral foreground #242424
      expect(style.primary).toBe('rgb(15, 108, 189)'); // Fluent brand #0f6cbd
      expect([style.secondary, style.input]).toEqual(['rgb(209, 209, 209)', 'rgb(209, 209, 209)']); // Fluent stroke #d1d1d1
      expect(style.radius).toBe('4px');
      await screenshot(page, 'excel-taskpane');
    });
  });

  describe('the Excel task pane at work', () => {
    const closeAfterTest = closedAfterEach();

    it('keeps to its Content-Security-Policy: an injected inline script does not run, eval is refused, and both are reported', async () => {
      const { page, record } = closeAfterTest(await openTaskPane());
      const meta = await page.$('meta[http-equiv="Content-Security-Policy"]');
      const csp = await meta?.getAttribute('content');
      expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com");
      expect(csp).toContain("object-src 'none'");
      const ran = await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.__injectedRan = true;';
        document.head.append(script);
        return (window as unknown as { __injectedRan?: boolean }).__injectedRan === true;
      });
      expect(ran).toBe(false);
      // eval inside the page (not the test's own evaluate, which the policy does not cover): a page script would need a timer string.
      await page.evaluate(() => {
        window.setTimeout('window.__timerRan = true' as unknown as () => void, 0);
      });
      await waitUntil(() => record.csp.filter((v) => v.via === 'event').length >= 2);
      expect(await page.evaluate(() => (window as unknown as { __timerRan?: boolean }).__timerRan === true)).toBe(false);
      const events = record.csp.filter((v) => v.via === 'event').map((v) => `${v.text} ${v.blocked}`);
      expect(events).toEqual(expect.arrayContaining(['script-src-elem inline', 'script-src eval']));
      expect(record.dialogs).toEqual([]);
    });

    it('fills Costs from "Use selection" with the address Excel gives', async () => {
      const { page, record } = closeAfterTest(await openTaskPane());
      await page.click('[data-use-selection="bc-costs"]');
      await page.waitForFunction(() => (document.getElementById('bc-costs') as HTMLInputElement).value !== '');
      expect(await page.inputValue('#bc-costs')).toBe('Sheet1!B2:B7');
      expect(await page.inputValue('#bc-benefits')).toBe('');
      expect((await excelState(page)).runs).toBe(1);
      expect(record.pageErrors).toEqual([]);
    });

    it('shows a failing Excel.run under the field whose button asked, tied to it for screen readers', async () => {
      const { page } = closeAfterTest(await openTaskPane());
      await setExcel(page, { fail: 'The current selection is invalid for this operation.' });
      await page.click('[data-use-selection="bc-benefits"]');
      expect(await textOnceSet(page, '#bc-benefits-error')).toBe('The current selection is invalid for this operation.');
      expect(await page.getAttribute('#bc-benefits', 'aria-invalid')).toBe('true');
      expect(await page.textContent('#bc-costs-error')).toBe('');
      // The error sits right under its field, between it and the next label.
      expect(await page.evaluate(() => document.getElementById('bc-benefits')!.closest('.row')!.nextElementSibling!.id)).toBe('bc-benefits-error');
      expect(await page.getAttribute('#bc-benefits', 'aria-describedby')).toContain('bc-benefits-error');
    });

    it('passes axe-core with its details open, a field error, a section error and the progress bar shown', async () => {
      const { page } = closeAfterTest(await openTaskPane());
      await openAllDetails(page);
      await setExcel(page, { fail: 'The current selection is invalid for this operation.' });
      await page.click('[data-use-selection="bc-costs"]');
      expect(await textOnceSet(page, '#bc-costs-error')).not.toBe('');
      await press(page, '#it-run');
      expect(await page.textContent('#it-error')).not.toBe('');
      await setExcel(page, { fail: null, hang: true });
      await page.click('#pc-run');
      await page.waitForSelector('#pc-progress-box:not([hidden])');
      expect(axeViolations(await runAxe(page))).toEqual([]);
      await screenshot(page, 'excel-taskpane-working');
    });
  });

  describe('the Sheets sidebar on a stub google.script.run, as it loaded', () => {
    const sidebar = sharedPage(() => openSidebar());

    it('asks nothing of the network and logs no error or dialog', () => {
      const { record } = sidebar();
      expect(record.requests.filter((u) => !u.startsWith(sheets.origin))).toEqual([]);
      expect(record.pageErrors).toEqual([]);
      expect(record.consoleErrors).toEqual([]);
      expect(record.dialogs).toEqual([]);
    });

    it("is the panel in the Sheets look, with no policy of its own (HtmlService sets the sandbox's)", async () => {
      const { page } = sidebar();
      expect(await page.getAttribute('body', 'class')).toBe('sheets');
      expect(await page.$('meta[http-equiv="Content-Security-Policy"]')).toBeNull();
    });

    it('names each "Use selection" button by the field it fills', async () => {
      const { page } = sidebar();
      expect(await page.getByRole('button', { name: 'Use selection for costs', exact: true }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Use selection for benefits', exact: true }).count()).toBe(1);
    });

    it.each(['sheets', 'excel'] as const)('passes axe-core in the %s look', async (look) => {
      const { page } = sidebar();
      await showLook(page, look);
      expect(axeViolations(await runAxe(page))).toEqual([]);
    });

    it("fits 300 px in the Sheets font and colours", async () => {
      const { page } = sidebar();
      await showLook(page, 'sheets');
      expect(await contentWidth(page)).toBeLessThanOrEqual(300);
      const style = await page.evaluate(() => {
        const body = getComputedStyle(document.body);
        const primary = getComputedStyle(document.getElementById('sd-run')!);
        const input = getComputedStyle(document.getElementById('bc-rate')!);
        return { font: body.fontFamily, size: body.fontSize, primary: primary.backgroundColor, input: input.borderTopColor };
      });
      expect(style.font).toMatch(/^"Google Sans", Roboto, Arial/);
      expect(style.size).toBe('13px');
      expect(style.primary).toBe('rgb(26, 115, 232)'); // #1a73e8
      expect(style.input).toBe('rgb(218, 220, 224)'); // #dadce0
      await screenshot(page, 'sheets-sidebar');
    });
  });

  describe('the Sheets sidebar with everything open, answered and failing', () => {
    const sidebar = sharedPage(async () => {
      const opened = await openSidebar();
      await sidebarEverythingShown(opened.page);
      return opened;
    });

    it.each(['sheets', 'excel'] as const)('passes axe-core in the %s look', async (look) => {
      const { page } = sidebar();
      await showLook(page, look);
      expect(axeViolations(await runAxe(page))).toEqual([]);
      await screenshot(page, `${look}-look-everything`);
    });

    it('still fits 300 px', async () => {
      const { page } = sidebar();
      await showLook(page, 'sheets');
      expect(await contentWidth(page)).toBeLessThanOrEqual(300);
    });
  });

  describe('the Sheets sidebar at work', () => {
    const closeAfterTest = closedAfterEach();

    it('fills a field from "Use selection" with the server\'s answer', async () => {
      const { page } = closeAfterTest(await openSidebar());
      await page.click('[data-use-selection="bc-costs"]');
      await page.waitForFunction(() => (document.getElementById('bc-costs') as HTMLInputElement).value !== '');
      expect(await page.inputValue('#bc-costs')).toBe('Sheet1!B2:B7');
      expect(await serverCalls(page)).toEqual([{ name: 'panelSelection', args: [] }]);
    });

    it('scores demand through panelScoreDemand and shows what was written', async () => {
      const { page } = closeAfterTest(await openSidebar());
      await press(page, '#sd-run');
      expect(await page.textContent('#sd-status')).toBe('Wrote BTM Score, BTM Rank, BTM Check, BTM Proposal, BTM WSJF at Demand!Q1:U61.');
      expect(await serverCalls(page)).toEqual([{ name: 'panelScoreDemand', args: [{}] }]);
      expect(await page.isVisible('#sd-mapping')).toBe(true);
      expect(await page.textContent('#sd-notes')).toBe('BTM WSJF needs the columns Time criticality, Risk reduction, Job size.');
      expect(await page.textContent('#sd-error')).toBe('');
    });

    it('shows a server failure in #sd-error', async () => {
      const { page } = closeAfterTest(await openSidebar());
      await answer(page, 'panelScoreDemand', { error: 'Exception: You do not have permission to edit this range.' });
      await press(page, '#sd-run');
      expect(await page.textContent('#sd-error')).toBe('Exception: You do not have permission to edit this range.');
      expect(await page.textContent('#sd-status')).toBe('');
      expect(await page.isVisible('#sd-error')).toBe(true);
    });

    it("shows the workbook's text that looks like markup as text in the answers' lists and summaries", async () => {
      const { page, record } = closeAfterTest(await openSidebar());
      const renamed = `The workbook has a sheet "${PAYLOAD}": the template's is "${PAYLOAD} (2)".`;
      await answer(page, 'panelInsertTemplate', { value: { ...TEMPLATE_INSERTED, sheets: [`${PAYLOAD} (2)`], renamed: [renamed] } });
      await answer(page, 'panelScoreDemand', { value: { ...SCORED, skipped: [`BTM WSJF needs the column ${PAYLOAD}.`] } });
      await answer(page, 'panelGenerateRoadmap', { value: ROADMAP_WRITTEN });
      await press(page, '#it-run');
      await press(page, '#sd-run');
      await press(page, '#rm-run');
      const texts = (selector: string) => page.$$eval(selector, (items) => items.map((i) => i.textContent));
      expect(await texts('#it-sheets li')).toEqual([`${PAYLOAD} (2)`]);
      expect(await texts('#it-renamed li')).toEqual([renamed]);
      expect(await texts('#sd-notes li')).toEqual([`BTM WSJF needs the column ${PAYLOAD}.`]);
      expect(await texts('#rm-summary dd')).toContain(`Lane: ${PAYLOAD}`);
      expect(await texts('#rm-notes li')).toContain(ROADMAP_WRITTEN.notes[0]);
      expect(await page.$$('img')).toHaveLength(0);
      expect(record.dialogs).toEqual([]);
    });

    it("shows Plan capacity's progress bar and Cancel after a second, both labelled, and Cancel asks the server to stop that run", async () => {
      const { page } = closeAfterTest(await openSidebar());
      // Clicked and checked half a second later by the page's own timers, which fire in the order
      // they fall due however slow the machine: the bar's one-second timer has not fired yet.
      const shownAfterHalfASecond = await page.evaluate(async () => {
        document.getElementById('pc-run')!.click();
        await new Promise((resolve) => setTimeout(resolve, 500));
        return !document.getElementById('pc-progress-box')!.hidden;
      });
      expect(shownAfterHalfASecond).toBe(false);
      await progressShown(page);
      expect(await page.getByRole('progressbar').getAttribute('id')).toBe('pc-progress');
      expect(await page.evaluate(() => (document.getElementById('pc-progress') as HTMLProgressElement).labels![0].textContent)).toBe('Progress: Choosing the portfolio');
      const cancel = page.getByRole('button', { name: 'Cancel', exact: true });
      expect(await cancel.isVisible()).toBe(true);
      await cancel.click();
      expect(await page.textContent('#pc-status')).toBe('Cancelling…');
      // Progress is polled every 700 ms until the run answers: polls may come after the cancel.
      const calls = await serverCalls(page);
      const run = calls[0];
      expect(run.name).toBe('panelPlanCapacity');
      const runId = run.args[1];
      expect(calls).toContainEqual({ name: 'panelPlanCapacityProgress', args: [runId] });
      expect(calls.filter((c) => c.name === 'panelCancelPlanCapacity')).toEqual([{ name: 'panelCancelPlanCapacity', args: [runId] }]);
    });
  });

  describe('the keyboard', () => {
    const closeAfterTest = closedAfterEach();

    it.each([
      ['excel', openTaskPane],
      ['sheets', openSidebar],
    ] as const)('reaches every control of the %s panel with Tab, in document order, each with a visible focus ring', async (_host, open) => {
      const { page } = closeAfterTest(await open());
      await openAllDetails(page);
      const expected = (await controls(page)).filter((c) => c.reachable).map((c) => c.name);
      expect(expected).toEqual(
        expect.arrayContaining(['it-run', 'sd-run', 'sd-settings', 'pc-from', 'pc-to', 'pc-steps', 'pc-time', 'pc-run', 'rm-lane', 'rm-run', 'rf-run', 'bc-rate', 'bc-costs', 'use-selection:bc-costs', 'bc-insert']),
      );
      const seen = await tabThrough(page, expected.length);
      expect(seen.map((s) => s.name)).toEqual(expected);
      expect(seen.filter((s) => !s.focusVisible || s.outline === 'none').map((s) => s.name)).toEqual([]);
    });

    it('runs Score demand with Enter on its focused button (Sheets), the focus back on the button after', async () => {
      const { page } = closeAfterTest(await openSidebar());
      await tabTo(page, 'sd-run');
      await page.keyboard.press('Enter');
      await answered(page, '#sd-run');
      expect(await page.textContent('#sd-status')).toMatch(/^Wrote BTM Score/);
      expect((await serverCalls(page)).map((c) => c.name)).toEqual(['panelScoreDemand']);
      // The button was disabled while the server worked (which sends the focus to the page): it has the focus again.
      expect(await focusedId(page)).toBe('sd-run');
    });

    it('runs and cancels Plan capacity from the keyboard (Sheets), the focus back on Plan capacity after', async () => {
      const { page } = closeAfterTest(await openSidebar());
      await tabTo(page, 'pc-run');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#pc-cancel:not([hidden])');
      await page.keyboard.press('Tab');
      expect(await focusedId(page)).toBe('pc-cancel');
      await page.keyboard.press('Enter');
      expect(await page.textContent('#pc-status')).toBe('Cancelling…');
      expect((await serverCalls(page)).map((c) => c.name)).toContain('panelCancelPlanCapacity');
      await settle(page, 'panelPlanCapacity', { status: 'cancelled' });
      await answered(page, '#pc-run');
      expect(await page.textContent('#pc-status')).toBe('Cancelled: nothing was written.');
      expect(await page.isVisible('#pc-cancel')).toBe(false);
      expect(await focusedId(page)).toBe('pc-run');
    });

    it('runs Insert template with Enter on its focused button (Excel), its failure shown under it', async () => {
      const { page } = closeAfterTest(await openTaskPane());
      await setExcel(page, { fail: 'This workbook is read-only.' });
      await page.keyboard.press('Tab');
      expect(await focusedId(page)).toBe('it-run');
      await page.keyboard.press('Enter');
      await answered(page, '#it-run');
      expect(await page.textContent('#it-error')).toBe('Excel could not insert the template: This workbook is read-only. Nothing was inserted.');
      expect((await excelState(page)).runs).toBe(1);
      expect(await focusedId(page)).toBe('it-run');
    });
  });
});
