// The workbench (dist/workbench, served as `npm start` serves it) in headless Chromium: the real
// panel in its frame runs Score demand -> Plan capacity -> Generate roadmap on the sample
// portfolio, the owned sheets' key cells are checked, the round trips shown, the result
// downloaded and read back; a workbook whose user text is `<img src=x onerror=alert(1)>` goes
// through every command without a script running; a long Plan capacity can be cancelled; the
// page needs no network, keeps to its Content-Security-Policy and passes axe-core.
// Screenshots: test-output/screenshots/workbench-*.png.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { serveWorkbench } from '../build/workbench-server.cjs';
import type { WorkbenchServer } from '../build/workbench-server.cjs';
import type { WorkbenchApi } from '../workbench/page';
import { readXlsx, writeXlsx } from '../xlsx/xlsx-io';
import { ROOT, answered, axeViolations, closeAll, closeBrowser, closedAfterEach, cspLines, describeBrowser, openPage, press, runAxe, screenshot, sharedPage } from './support/browser';
import type { OpenedPage } from './support/browser';

const SAMPLE = path.join(ROOT, 'examples', 'portfolio.xlsx');
const PAYLOAD = '<img src=x onerror=alert(1)>';
const VIEWPORT = { width: 1400, height: 900 };

/** Catches any script the payload could start: alert is the payload's, __xss counts it in every frame. */
const XSS_TRAP = `window.__xss = 0; window.alert = function () { window.__xss++; };`;

type WorkbenchWindow = Window & { btmWorkbench: WorkbenchApi };
type OpenedWorkbench = OpenedPage & { panel: Frame };

let server: WorkbenchServer;

/** The workbench opened and its sample loaded, the panel mounted. */
async function openWorkbench(options: { bypassCSP?: boolean } = {}): Promise<OpenedWorkbench> {
  const opened = await openPage(server.url, { viewport: VIEWPORT, initScripts: [XSS_TRAP], ...options });
  try {
    await opened.page.evaluate(() => (window as unknown as WorkbenchWindow).btmWorkbench.ready);
    const panel = await (await opened.page.$('#wb-panel'))?.contentFrame();
    if (!panel) throw new Error('the panel frame has no document');
    await panel.waitForSelector('#sd-run');
    return { ...opened, panel };
  } catch (e) {
    await opened.close();
    throw e;
  }
}

const text = (target: Page | Frame, selector: string) => target.$eval(selector, (e) => e.textContent ?? '');

/** The sheet tabs' names, in order. */
const tabNames = (page: Page) => page.$$eval('#wb-tabs [role=tab]', (tabs) => tabs.map((t) => t.textContent ?? ''));

/** Cells as the grid shows them (their values in their number formats). */
const shown = (page: Page, sheet: string, refs: readonly string[]) =>
  page.evaluate(([s, rs]) => rs.map((r) => (window as unknown as WorkbenchWindow).btmWorkbench.cellText(s, r)), [sheet, refs] as const);

/** The round-trip log's lines. */
const calls = (page: Page) => page.$$eval('#wb-calls li', (items) => items.map((li) => li.textContent ?? ''));

function get(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      })
      .on('error', reject);
  });
}

/** The sample with the payload as an initiative's name and value stream, a criterion header, and a sheet's name holding a formula to repair. */
async function hostileWorkbook(): Promise<Buffer> {
  const book = await readXlsx(fs.readFileSync(SAMPLE));
  const demand = book.sheet('Demand')!;
  demand.setCell(4, 2, { value: PAYLOAD }); // Name
  demand.setCell(4, 3, { value: PAYLOAD }); // Value stream: a lane of the roadmap
  demand.setCell(3, 11, { value: PAYLOAD }); // the "Risk" header: a column the mapping table offers
  const odd = book.createSheet(PAYLOAD);
  odd.setCell(1, 1, { value: PAYLOAD });
  odd.setCell(1, 2, { value: 5 });
  odd.setCell(2, 2, { formula: '=BTM_NPV(0.1,B1)', value: 4.55 }); // spelled for Sheets: Repair rewrites it
  book.select('Demand', 4, 1);
  return Buffer.from(await writeXlsx(book));
}

describeBrowser('the workbench in Chromium', () => {
  beforeAll(async () => {
    server = await serveWorkbench({ port: 0 });
  });

  afterAll(() => closeAll(server, { close: closeBrowser }));

  it('serves every file with its Content-Security-Policy header', async () => {
    for (const file of ['', 'index.html', 'panel.html', 'workbench.js', 'solver-worker.js']) {
      const { headers } = await get(new URL(file, server.url).href);
      expect(headers['content-security-policy']).toContain("default-src 'self'");
      expect(headers['content-security-policy']).toContain("object-src 'none'");
    }
  });

  // One page, the commands in the order a user runs them: each test goes on from where the one
  // before it left the workbook.
  describe('runs the real panel on the sample portfolio, one command after the other', () => {
    const workbench = sharedPage(() => openWorkbench());

    it('loads the sample with its sheets as tabs and the Demand table selected', async () => {
      const { page } = workbench();
      expect(await tabNames(page)).toEqual(['Demand', 'Business cases', 'Capacity', 'BTM Settings']);
      expect(await page.textContent('#wb-address')).toBe('Demand!A3'); // the table's header row, first cell
      expect(await shown(page, 'Demand', ['A3', 'A4', 'B4'])).toEqual(['ID', 'CUS-01', 'Customer 360 platform']);
    });

    it('scores the demand: the five BTM columns computed, OPS-17 ranked first', async () => {
      const { page, panel } = workbench();
      await press(panel, '#sd-run');
      expect(await text(panel, '#sd-error')).toBe('');
      expect(await text(panel, '#sd-status')).toMatch(/^Wrote BTM Score, BTM Rank, BTM Check, BTM Proposal, BTM WSJF/);
      expect(await shown(page, 'Demand', ['AD3', 'AE3', 'AF3', 'AG3', 'AH3'])).toEqual(['BTM Score', 'BTM Rank', 'BTM Check', 'BTM Proposal', 'BTM WSJF']);
      const ranks = await page.evaluate(() => {
        const wb = (window as unknown as WorkbenchWindow).btmWorkbench;
        const out: Record<string, unknown> = {};
        for (let row = 4; row <= 63; row++) out[String(wb.cellValue('Demand', `A${row}`))] = wb.cellValue('Demand', `AE${row}`);
        return out;
      });
      expect(Object.keys(ranks)).toHaveLength(60);
      expect([ranks['OPS-17'], ranks['OPS-14'], ranks['OPS-03']]).toEqual([1, 2, 3]);
      expect(await page.$eval('#wb-grid td[data-ref="AD4"]', (td) => td.getAttribute('title'))).toMatch(/^=BTM\.SCORE\(/);
      expect((await calls(page)).at(-1)).toBe('Score demand: 3 reads, 1 write');
    });

    it('plans capacity: 33 of 60 selected for 8,908,000 on a new BTM Capacity sheet', async () => {
      const { page, panel } = workbench();
      await press(panel, '#pc-run');
      expect(await text(panel, '#pc-error')).toBe('');
      const summary = await text(panel, '#pc-summary');
      expect(summary).toContain('33 of 60');
      expect(summary).toContain('8,908,000');
      expect(await tabNames(page)).toContain('BTM Capacity');
      expect(await shown(page, 'BTM Capacity', ['B3', 'B4', 'B5', 'B6'])).toEqual(['optimal', '33 of 60 initiatives', '8,908,000', '6,788,000']);
      expect((await calls(page)).at(-1)).toBe('Plan capacity: 2 reads, 1 write');
    }, 120_000);

    it('generates the roadmap: 45 of 60 placed on a new BTM Roadmap sheet, shown on its tab', async () => {
      const { page, panel } = workbench();
      await press(panel, '#rm-run');
      expect(await text(panel, '#rm-error')).toBe('');
      expect(await text(panel, '#rm-summary')).toContain('60: 45 placed, 15 cannot be placed');
      expect((await calls(page)).at(-1)).toBe('Generate roadmap: 2 reads, 1 write');
      expect(await shown(page, 'BTM Roadmap', ['A2'])).toEqual(['Placed: 45 of 60; 15 cannot be placed (see Reason)']);
      // The first initiative of the first lane, its bar from January 2027 with gates A and B.
      expect(await shown(page, 'BTM Roadmap', ['A9', 'A10', 'C10', 'E10', 'F10', 'H10'])).toEqual(['Customer', 'CUS-07', 'Customer', '2027-01', '2027-04', 'AB']);
      await page.click('#wb-tabs [role=tab]:text-is("BTM Roadmap")');
      expect(await page.getAttribute('#wb-tabs [role=tab]:text-is("BTM Roadmap")', 'aria-selected')).toBe('true');
      // Bars are cell fills: the roadmap sheet has filled cells in the shown grid.
      const filled = await page.$$eval('#wb-grid td[data-ref]', (cells) => cells.filter((c) => (c as HTMLElement).style.backgroundColor !== '').length);
      expect(filled).toBeGreaterThan(45);
      await screenshot(page, 'workbench-roadmap');
      await screenshot(page.locator('#wb-panel'), 'workbench-panel');
    }, 60_000);

    it('downloads the workbook as a file Excel reads: formulas in the file spelling with their values', async () => {
      const { page } = workbench();
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#wb-download')]);
      const book = await readXlsx(fs.readFileSync((await download.path())!));
      expect(book.sheets.map((s) => s.name)).toEqual(['Demand', 'Business cases', 'Capacity', 'BTM Settings', 'BTM Capacity', 'BTM Roadmap']);
      const score = book.sheet('Demand')!.cell(4, 30);
      expect(score.formula).toMatch(/^=_xldudf_BTM_SCORE\(/);
      expect(typeof score.value).toBe('number');
    });

    it('needed no network, broke no policy and threw nothing', () => {
      const { record } = workbench();
      expect(record.blocked).toEqual([]);
      expect(cspLines(record)).toEqual([]);
      expect(record.pageErrors).toEqual([]);
      expect(record.consoleErrors).toEqual([]);
      expect(record.dialogs).toEqual([]);
    });

    it('says in plain words when a file is not a workbook, and keeps the one open', async () => {
      const { page } = workbench();
      const before = await tabNames(page);
      await page.setInputFiles('#wb-open', { name: 'notes.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('just text') });
      await page.waitForFunction(() => /notes\.xlsx/.test(document.querySelector('#wb-status')?.textContent ?? ''));
      expect(await page.textContent('#wb-status')).toMatch(/notes\.xlsx.*not/i);
      expect(await tabNames(page)).toEqual(before);
    });
  });

  describe('user text is shown as text through every command', () => {
    const workbench = sharedPage(async () => {
      // The page's policy would block an injected handler anyway: bypass it, so the test proves the
      // text is never made into markup rather than that CSP caught it.
      const opened = await openWorkbench({ bypassCSP: true });
      await opened.page.setInputFiles('#wb-open', { name: 'hostile.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await hostileWorkbook() });
      await opened.page.waitForFunction(() => /hostile\.xlsx/.test(document.querySelector('#wb-status')?.textContent ?? ''));
      await opened.panel.waitForSelector('#sd-run:not([disabled])');
      return opened;
    });

    it('runs no script from `<img src=x onerror=alert(1)>` in any command, and shows it as text', async () => {
      const { page, panel } = workbench();
      /** After each step: scripts the payload ran, and <img> elements it made, in the page and the panel. */
      const after: { step: string; scripts: number[]; images: number[] }[] = [];
      const step = async (name: string, run: () => Promise<void>) => {
        await run();
        const frames = [page.mainFrame(), panel];
        after.push({
          step: name,
          scripts: await Promise.all(frames.map((f) => f.evaluate(() => (window as unknown as { __xss: number }).__xss))),
          images: await Promise.all(frames.map(async (f) => (await f.$$('img')).length)),
        });
      };
      await step('open', async () => undefined);
      await step('Insert template', () => press(panel, '#it-run')); // renames listed
      await step('Write BTM Settings sheet', () => press(panel, '#sd-settings')); // the workbook has BTM Settings: the answer says so
      await step('Score demand', () => press(panel, '#sd-run')); // the mapping table offers the payload header
      await step('Plan capacity', () => press(panel, '#pc-run'));
      await step('Generate roadmap', () => press(panel, '#rm-run')); // the payload is a lane
      await step('Generate roadmap, the payload as the lane', async () => {
        await panel.fill('#rm-lane', PAYLOAD); // no such column: the error beside the field names it
        await press(panel, '#rm-run');
      });
      await step('Repair formulas', () => press(panel, '#rf-run')); // the payload sheet's formula repaired: the report names the sheet
      await step('Use selection on the payload sheet', async () => {
        await page.evaluate((sheet) => (window as unknown as WorkbenchWindow).btmWorkbench.select(sheet, 'A1'), PAYLOAD);
        await panel.click('[data-use-selection="bc-costs"]');
        await panel.waitForFunction(() => (document.querySelector('#bc-costs') as HTMLInputElement).value !== '');
      });
      await step('Insert business case', async () => {
        await panel.fill('#bc-benefits', `'${PAYLOAD}'!A1:A3`);
        await press(panel, '#bc-insert');
      });

      expect(after).toEqual(after.map(({ step: s }) => ({ step: s, scripts: [0, 0], images: [0, 0] })));
      expect(await text(panel, '#rm-lane-error')).toContain(`No column of the demand table is headed "${PAYLOAD}"`);
      expect(await text(panel, '#rf-status')).toContain(PAYLOAD);
      expect(await panel.inputValue('#bc-costs')).toContain(PAYLOAD);
      expect(await shown(page, 'Demand', ['B4'])).toEqual([PAYLOAD]);
      expect(await tabNames(page)).toContain(PAYLOAD);
      expect(workbench().record.dialogs).toEqual([]);
      expect(workbench().record.requests.filter((url) => new URL(url).pathname === '/x')).toEqual([]);
    }, 180_000);
  });

  describe('a long Plan capacity', () => {
    const closeAfterTest = closedAfterEach();

    it('shows progress and Cancel while the solver works in a Web Worker, and writes nothing once cancelled', async () => {
      const { page, panel } = closeAfterTest(await openWorkbench());
      await panel.click('#pc-options summary');
      // Fifty frontier levels: long enough to cancel.
      await panel.fill('#pc-from', '2000000');
      await panel.fill('#pc-to', '12000000');
      await panel.fill('#pc-steps', '50');
      await panel.click('#pc-run');
      await panel.waitForSelector('#pc-cancel:not([hidden])', { timeout: 30_000 });
      expect(await panel.isVisible('#pc-progress')).toBe(true);
      // The solver runs off the page's thread, in a worker of its own.
      expect(page.workers().map((w) => path.basename(new URL(w.url()).pathname))).toContain('solver-worker.js');
      // Switching the look would reload the panel's frame and lose the run's Cancel: it waits, as do Open and Download.
      for (const id of ['wb-look', 'wb-open', 'wb-download']) expect([id, await page.isDisabled(`#${id}`)]).toEqual([id, true]);
      await panel.click('#pc-cancel');
      await answered(panel, '#pc-run');
      for (const id of ['wb-look', 'wb-open', 'wb-download']) expect([id, await page.isDisabled(`#${id}`)]).toEqual([id, false]);
      expect(await text(panel, '#pc-status')).toBe('Cancelled: nothing was written.');
      expect((await calls(page)).at(-1)).toBe('Plan capacity: 2 reads, 0 writes');
      expect(await tabNames(page)).not.toContain('BTM Capacity');
    }, 90_000);
  });

  // One page as it loaded; each test sets the panel's look it checks.
  describe('the workbench as it loaded', () => {
    const workbench = sharedPage(() => openWorkbench());

    /** Chooses the panel's look and waits until its frame shows it, at its width. */
    async function chooseLook(look: 'excel' | 'sheets'): Promise<void> {
      const { page } = workbench();
      await page.selectOption('#wb-look', look);
      await page.waitForFunction(
        ([l, width]) => {
          const frame = document.querySelector('#wb-panel') as HTMLIFrameElement;
          const doc = frame.contentDocument;
          return doc?.readyState === 'complete' && doc.body?.className === l && doc.querySelector('#sd-run') !== null && frame.getBoundingClientRect().width === width;
        },
        [look, look === 'sheets' ? 300 : 350] as const,
      );
    }

    it('passes axe-core on the page and the panel in the Excel look, its Content-Security-Policy in force', async () => {
      await chooseLook('excel');
      expect(axeViolations(await runAxe(workbench().page))).toEqual([]);
    }, 60_000);

    // The look changes the panel and the pane's title, not the grid (about 2,000 cells, most of
    // axe's time): the grid is checked in the Excel look above.
    it('passes axe-core on the page and the panel in the Sheets look', async () => {
      const { page } = workbench();
      await chooseLook('sheets');
      expect(axeViolations(await runAxe(page, {}, { exclude: [['#wb-grid']] }))).toEqual([]);
      await screenshot(page, 'workbench-sheets-look');
    }, 60_000);

    it('moves between sheet tabs with the arrow keys', async () => {
      const { page } = workbench();
      await page.click('#wb-tabs [role=tab]:text-is("Demand")');
      await page.keyboard.press('ArrowRight');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Business cases');
      expect(await page.getAttribute('#wb-tabs [role=tab]:text-is("Business cases")', 'aria-selected')).toBe('true');
    });
  });
});
