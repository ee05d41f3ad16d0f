// The built host pages in headless Chromium: dist/excel/taskpane.html on a stub Office.js and
// dist/sheets/sidebar.html on a stub google.script.run. They render, mount the panel, reach their
// host, show its answers and failures next to the control that asked, need no network, keep to
// the task pane's Content-Security-Policy, pass axe-core's checks in both looks (initially and with
// everything open, answered and failing), can be worked with the keyboard alone, and fit the
// sidebar's 300 px. Screenshots go to test-output/screenshots/.
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
  type TestServer,
  axeViolations,
  closeBrowser,
  cspLines,
  describeBrowser,
  launchMs,
  openPage,
  answered,
  press,
  runAxe,
  screenshot,
  serveDist,
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

async function openTaskPane(options: { bypassCSP?: boolean; viewport?: { width: number; height: number } } = {}) {
  const opened = await openPage(excel.url('taskpane.html'), { viewport: EXCEL_VIEWPORT, stubs: { [OFFICE_JS]: { body: OFFICE_STUB } }, ...options });
  await opened.page.waitForFunction(() => (window as unknown as { __btmExcel?: { ready: number } }).__btmExcel?.ready === 1);
  return opened;
}

async function openSidebar(options: { bypassCSP?: boolean; viewport?: { width: number; height: number } } = {}) {
  return openPage(sheets.url('sidebar.html'), { viewport: SHEETS_VIEWPORT, initScripts: [SCRIPT_RUN_STUB], ...options });
}

/** The element's text once it is not empty (10 s at most), for an element only the answer fills (a field's error). */
async function textOf(page: Page, selector: string): Promise<string> {
  await page.waitForFunction((s) => (document.querySelector(s)?.textContent ?? '') !== '', selector, { timeout: 10_000 }).catch(() => undefined);
  return (await page.textContent(selector)) ?? '';
}

const excelState = (page: Page) =>
  page.evaluate(() => (window as unknown as { __btmExcel: { registered: string[]; runs: number } }).__btmExcel);
const setExcel = (page: Page, settings: { selection?: string; fail?: string | null; hang?: boolean }) =>
  page.evaluate((s) => Object.assign((window as unknown as { __btmExcel: object }).__btmExcel, s), settings);
const serverCalls = (page: Page) =>
  page.evaluate(() => (window as unknown as { __btmSheets: { calls: { name: string; args: unknown[] }[] } }).__btmSheets.calls);
const answer = (page: Page, name: ServerEntryPoint, a: Answer) =>
  page.evaluate(([n, v]) => ((window as unknown as { __btmSheets: { answers: Record<string, unknown> } }).__btmSheets.answers[n as string] = v), [name, a] as const);

/** Waits (10 s at most) until `done` holds, for what the test records from outside the page. */
async function until(done: () => boolean, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !done() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
}

/** Opens every <details> of the page. */
const openAllDetails = (page: Page) => page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));

/**
 * Puts the sidebar in the state that shows the most: every <details> open, Score demand's
 * mapping table, Insert template's lists, the roadmap's and the business case's questions, Plan
 * capacity's progress bar and Cancel button, a field error and a section error.
 */
async function sidebarEverythingShown(page: Page): Promise<void> {
  await openAllDetails(page);
  await page.click('#sd-run');
  await page.waitForSelector('#sd-mapping:not([hidden])');
  await page.click('#it-run');
  await page.waitForSelector('#it-sheets:not([hidden])');
  await page.click('#rm-run');
  await page.waitForSelector('#rm-confirm:not([hidden])');
  await page.click('#bc-insert');
  await page.waitForSelector('#bc-confirm:not([hidden])');
  await answer(page, 'panelSelection', { error: 'Select the benefits: one row or one column.' });
  await page.click('[data-use-selection="bc-benefits"]');
  await textOf(page, '#bc-benefits-error');
  await answer(page, 'panelRepairFormulas', { error: 'Exception: Service Spreadsheets timed out while accessing document.' });
  await page.click('#rf-run');
  await textOf(page, '#rf-error');
  await page.fill('#pc-steps', 'ten');
  await page.click('#pc-run');
  await textOf(page, '#pc-frontier-error');
  await page.fill('#pc-steps', '');
  await page.click('#pc-run');
  await page.waitForSelector('#pc-progress-box:not([hidden])');
  await page.waitForFunction(() => (document.getElementById('pc-progress') as HTMLProgressElement).value > 0);
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/** Presses Tab until the element with this id has the focus (40 presses at most). */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 40 && (await focusedId(page)) !== id; i++) await page.keyboard.press('Tab');
  expect(await focusedId(page)).toBe(id);
}

/** The keyboard-reachable controls in document order (visible, enabled), as short names. */
const tabStops = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary, [tabindex]'))
      .filter((e) => e.tabIndex >= 0 && !(e as HTMLButtonElement).disabled && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
      .map((e) => e.id || (e.dataset.useSelection ? `use-selection:${e.dataset.useSelection}` : `${e.tagName.toLowerCase()}:${e.textContent?.trim()}`)),
  );

/** Presses Tab once per stop and gives, for each focused element, its short name and its focus indicator. */
async function tabThrough(page: Page, stops: number) {
  const seen: { name: string; focusVisible: boolean; outline: string }[] = [];
  for (let i = 0; i < stops; i++) {
    await page.keyboard.press('Tab');
    seen.push(
      await page.evaluate(() => {
        const e = document.activeElement as HTMLElement;
        const style = getComputedStyle(e);
        return {
          name: e.id || (e.dataset.useSelection ? `use-selection:${e.dataset.useSelection}` : `${e.tagName.toLowerCase()}:${e.textContent?.trim()}`),
          focusVisible: e.matches(':focus-visible'),
          outline: style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2 ? 'none' : `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
        };
      }),
    );
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
    await closeBrowser();
    await excel?.close();
    await sheets?.close();
    console.log(`Browser tests: Chromium launched in ${launchMs ?? '-'} ms; the file took ${Date.now() - startedAt} ms.`);
  });

  it('finds Chromium (CI must have it installed)', () => {
    expect(CHROMIUM).toBeDefined();
  });

  describe('the Excel task pane on a stub Office.js', () => {
    it('loads with no request leaving the test server but the stubbed office.js, and registers the 23 custom functions', async () => {
      const { page, record, close } = await openTaskPane();
      try {
        const ids = (JSON.parse(fs.readFileSync(path.join(DIST, 'excel', 'functions.json'), 'utf8')) as { functions: { id: string }[] }).functions.map((f) => f.id);
        const { registered } = await excelState(page);
        expect(ids).toHaveLength(23);
        expect([...registered].sort()).toEqual([...ids].sort());
        expect(registered).toContain('NPV');
        expect(await page.title()).toBe('BTM Portfolio');
        expect(await page.getAttribute('body', 'class')).toBe('excel');
        expect(record.blocked).toEqual([]);
        expect(record.stubbed).toEqual([OFFICE_JS]);
        expect(record.requests.filter((u) => !u.startsWith(excel.origin) && u !== OFFICE_JS)).toEqual([]);
        expect(record.pageErrors).toEqual([]);
        expect(record.consoleErrors).toEqual([]);
        expect(cspLines(record)).toEqual([]);
        expect(record.dialogs).toEqual([]);
      } finally {
        await close();
      }
    });

    it('keeps to its Content-Security-Policy: an injected inline script does not run, eval is refused, and the violation is reported', async () => {
      const { page, record, close } = await openTaskPane();
      try {
        const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
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
        await until(() => record.csp.filter((v) => v.via === 'event').length >= 2);
        expect(await page.evaluate(() => (window as unknown as { __timerRan?: boolean }).__timerRan === true)).toBe(false);
        const events = record.csp.filter((v) => v.via === 'event').map((v) => `${v.text} ${v.blocked}`);
        expect(events).toEqual(expect.arrayContaining(['script-src-elem inline', 'script-src eval']));
        expect(record.dialogs).toEqual([]);
      } finally {
        await close();
      }
    });

    it('fills Costs from "Use selection" with the address Excel gives', async () => {
      const { page, record, close } = await openTaskPane();
      try {
        await page.click('[data-use-selection="bc-costs"]');
        await page.waitForFunction(() => (document.getElementById('bc-costs') as HTMLInputElement).value !== '');
        expect(await page.inputValue('#bc-costs')).toBe('Sheet1!B2:B7');
        expect(await page.inputValue('#bc-benefits')).toBe('');
        expect((await excelState(page)).runs).toBe(1);
        expect(record.pageErrors).toEqual([]);
      } finally {
        await close();
      }
    });

    it('shows a failing Excel.run next to the control that asked', async () => {
      const { page, close } = await openTaskPane();
      try {
        await setExcel(page, { fail: 'The current selection is invalid for this operation.' });
        await page.click('[data-use-selection="bc-benefits"]');
        expect(await textOf(page, '#bc-benefits-error')).toBe('The current selection is invalid for this operation.');
        expect(await page.getAttribute('#bc-benefits', 'aria-invalid')).toBe('true');
        expect(await page.textContent('#bc-costs-error')).toBe('');
        // The error sits right under its field, between it and the next label.
        expect(await page.evaluate(() => document.getElementById('bc-benefits')!.closest('.row')!.nextElementSibling!.id)).toBe('bc-benefits-error');
        expect(await page.getAttribute('#bc-benefits', 'aria-describedby')).toContain('bc-benefits-error');
      } finally {
        await close();
      }
    });
  });

  describe('the Sheets sidebar on a stub google.script.run', () => {
    it('loads with no request leaving the test server and no errors', async () => {
      const { page, record, close } = await openSidebar();
      try {
        expect(await page.getAttribute('body', 'class')).toBe('sheets');
        expect(await page.$('meta[http-equiv="Content-Security-Policy"]')).toBeNull(); // HtmlService sets the sandbox's policy
        expect(record.requests.filter((u) => !u.startsWith(sheets.origin))).toEqual([]);
        expect(record.blocked).toEqual([]);
        expect(record.pageErrors).toEqual([]);
        expect(record.consoleErrors).toEqual([]);
        expect(record.dialogs).toEqual([]);
      } finally {
        await close();
      }
    });

    it('fills a field from "Use selection" with the server\'s answer', async () => {
      const { page, close } = await openSidebar();
      try {
        await page.click('[data-use-selection="bc-costs"]');
        await page.waitForFunction(() => (document.getElementById('bc-costs') as HTMLInputElement).value !== '');
        expect(await page.inputValue('#bc-costs')).toBe('Sheet1!B2:B7');
        expect(await serverCalls(page)).toEqual([{ name: 'panelSelection', args: [] }]);
        // Each "Use selection" button says which field it fills.
        expect(await page.getByRole('button', { name: 'Use selection for costs', exact: true }).count()).toBe(1);
        expect(await page.getByRole('button', { name: 'Use selection for benefits', exact: true }).count()).toBe(1);
      } finally {
        await close();
      }
    });

    it('scores demand through panelScoreDemand and shows what was written', async () => {
      const { page, close } = await openSidebar();
      try {
        await press(page, '#sd-run');
        expect(await page.textContent('#sd-status')).toBe('Wrote BTM Score, BTM Rank, BTM Check, BTM Proposal, BTM WSJF at Demand!Q1:U61.');
        expect(await serverCalls(page)).toEqual([{ name: 'panelScoreDemand', args: [{}] }]);
        expect(await page.isVisible('#sd-mapping')).toBe(true);
        expect(await page.textContent('#sd-notes')).toContain('BTM WSJF needs the columns');
        expect(await page.textContent('#sd-error')).toBe('');
      } finally {
        await close();
      }
    });

    it('shows a server failure in #sd-error', async () => {
      const { page, close } = await openSidebar();
      try {
        await answer(page, 'panelScoreDemand', { error: 'Exception: You do not have permission to edit this range.' });
        await press(page, '#sd-run');
        expect(await page.textContent('#sd-error')).toBe('Exception: You do not have permission to edit this range.');
        expect(await page.textContent('#sd-status')).toBe('');
        expect(await page.isVisible('#sd-error')).toBe(true);
      } finally {
        await close();
      }
    });

    it('shows Plan capacity\'s progress bar and Cancel after a second, both labelled, and Cancel reaches the server', async () => {
      const { page, close } = await openSidebar();
      try {
        // Clicked in the page, checked in the same task: nothing is shown at once.
        const shownAtOnce = await page.evaluate(() => {
          document.getElementById('pc-run')!.click();
          return !document.getElementById('pc-progress-box')!.hidden;
        });
        expect(shownAtOnce).toBe(false);
        await page.waitForSelector('#pc-progress-box:not([hidden])');
        await page.waitForFunction(() => (document.getElementById('pc-progress') as HTMLProgressElement).value > 0);
        const bar = page.getByRole('progressbar');
        expect(await bar.getAttribute('id')).toBe('pc-progress');
        expect((await page.evaluate(() => (document.getElementById('pc-progress') as HTMLProgressElement).labels![0].textContent))).toBe('Progress: Choosing the portfolio');
        expect(await page.getByRole('button', { name: 'Cancel', exact: true }).isVisible()).toBe(true);
        await page.getByRole('button', { name: 'Cancel', exact: true }).click();
        expect(await page.textContent('#pc-status')).toBe('Cancelling…');
        // Progress is polled every 700 ms until the run answers: polls may come after the cancel.
        const calls = await serverCalls(page);
        const run = calls[0];
        expect(run.name).toBe('panelPlanCapacity');
        const runId = run.args[1];
        expect(calls).toContainEqual({ name: 'panelPlanCapacityProgress', args: [runId] });
        expect(calls.filter((c) => c.name === 'panelCancelPlanCapacity')).toEqual([{ name: 'panelCancelPlanCapacity', args: [runId] }]);
      } finally {
        await close();
      }
    });
  });

  describe('axe-core', () => {
    const looks = ['sheets', 'excel'] as const;

    it('finds nothing on the Excel task pane, initially and with its details open, an error and the progress bar shown', async () => {
      const { page, close } = await openTaskPane({ bypassCSP: true });
      try {
        expect(axeViolations(await runAxe(page))).toEqual([]);
        await openAllDetails(page);
        await setExcel(page, { fail: 'The current selection is invalid for this operation.' });
        await page.click('[data-use-selection="bc-costs"]');
        await textOf(page, '#bc-costs-error');
        await page.click('#it-run');
        await textOf(page, '#it-error');
        await setExcel(page, { fail: null, hang: true });
        await page.click('#pc-run');
        await page.waitForSelector('#pc-progress-box:not([hidden])');
        expect(axeViolations(await runAxe(page))).toEqual([]);
        await screenshot(page, 'excel-taskpane-working');
      } finally {
        await close();
      }
    });

    it.each(looks)('finds nothing on the sidebar markup in the %s look, initially and with everything shown', async (look) => {
      const { page, close } = await openSidebar({ bypassCSP: true, viewport: look === 'excel' ? EXCEL_VIEWPORT : SHEETS_VIEWPORT });
      try {
        await page.evaluate((l) => (document.body.className = l), look);
        expect(axeViolations(await runAxe(page))).toEqual([]);
        await sidebarEverythingShown(page);
        expect(axeViolations(await runAxe(page))).toEqual([]);
        await screenshot(page, `${look}-look-everything`);
      } finally {
        await close();
      }
    });
  });

  describe('the keyboard', () => {
    it.each([
      ['excel', openTaskPane],
      ['sheets', openSidebar],
    ] as const)('reaches every control of the %s panel with Tab, in document order, each with a visible focus ring', async (_host, open) => {
      const { page, close } = await open();
      try {
        await openAllDetails(page);
        const expected = await tabStops(page);
        expect(expected).toEqual(
          expect.arrayContaining(['it-run', 'sd-run', 'sd-settings', 'pc-from', 'pc-to', 'pc-steps', 'pc-time', 'pc-run', 'rm-lane', 'rm-run', 'rf-run', 'bc-rate', 'bc-costs', 'use-selection:bc-costs', 'bc-insert']),
        );
        const seen = await tabThrough(page, expected.length);
        expect(seen.map((s) => s.name)).toEqual(expected);
        expect(seen.filter((s) => !s.focusVisible || s.outline === 'none').map((s) => s.name)).toEqual([]);
      } finally {
        await close();
      }
    });

    it('runs Score demand with Enter on its focused button (Sheets), the focus back on the button after', async () => {
      const { page, close } = await openSidebar();
      try {
        await tabTo(page, 'sd-run');
        await page.keyboard.press('Enter');
        await answered(page, '#sd-run');
        expect(await page.textContent('#sd-status')).toMatch(/^Wrote BTM Score/);
        expect((await serverCalls(page)).map((c) => c.name)).toEqual(['panelScoreDemand']);
        // The button was disabled while the server worked (which sends the focus to the page): it has the focus again.
        expect(await focusedId(page)).toBe('sd-run');
      } finally {
        await close();
      }
    });

    it('runs and cancels Plan capacity from the keyboard (Sheets), the focus back on Plan capacity after', async () => {
      const { page, close } = await openSidebar();
      try {
        await tabTo(page, 'pc-run');
        await page.keyboard.press('Enter');
        await page.waitForSelector('#pc-cancel:not([hidden])');
        await page.keyboard.press('Tab');
        expect(await focusedId(page)).toBe('pc-cancel');
        await page.keyboard.press('Enter');
        expect(await page.textContent('#pc-status')).toBe('Cancelling…');
        expect((await serverCalls(page)).map((c) => c.name)).toContain('panelCancelPlanCapacity');
        await page.evaluate(() => (window as unknown as { __btmSheets: { settle(n: string, v: unknown): boolean } }).__btmSheets.settle('panelPlanCapacity', { status: 'cancelled' }));
        await answered(page, '#pc-run');
        expect(await page.textContent('#pc-status')).toBe('Cancelled: nothing was written.');
        expect(await page.isVisible('#pc-cancel')).toBe(false);
        expect(await focusedId(page)).toBe('pc-run');
      } finally {
        await close();
      }
    });

    it('runs Insert template with Enter on its focused button (Excel), its failure shown under it', async () => {
      const { page, close } = await openTaskPane();
      try {
        await setExcel(page, { fail: 'This workbook is read-only.' });
        await page.keyboard.press('Tab');
        expect(await focusedId(page)).toBe('it-run');
        await page.keyboard.press('Enter');
        await answered(page, '#it-run');
        expect(await page.textContent('#it-error')).toBe('Excel could not insert the template: This workbook is read-only. Nothing was inserted.');
        expect((await excelState(page)).runs).toBe(1);
        expect(await focusedId(page)).toBe('it-run');
      } finally {
        await close();
      }
    });
  });

  describe('the look', () => {
    it('screenshots the Excel task pane at 350 px', async () => {
      const { page, close } = await openTaskPane();
      try {
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(EXCEL_VIEWPORT.width);
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
        expect(fs.statSync(await screenshot(page, 'excel-taskpane')).size).toBeGreaterThan(0);
      } finally {
        await close();
      }
    });

    it('screenshots the Sheets sidebar at 300 px, nothing wider than the sidebar', async () => {
      const { page, close } = await openSidebar();
      try {
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(300);
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
        expect(fs.statSync(await screenshot(page, 'sheets-sidebar')).size).toBeGreaterThan(0);
        // Everything open and answered still fits.
        await sidebarEverythingShown(page);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(300);
      } finally {
        await close();
      }
    });
  });
});
