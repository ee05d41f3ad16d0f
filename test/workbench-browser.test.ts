// The workbench (dist/workbench, served as `npm start` serves it) in headless Chromium: the real
// panel in its frame runs Score demand -> Plan capacity -> Generate roadmap on the sample
// portfolio, the owned sheets' key cells are checked, the round trips shown, the result
// downloaded and read back; a workbook whose user text is `<img src=x onerror=alert(1)>` goes
// through every command without a script running; the page needs no network, keeps to its
// Content-Security-Policy and passes axe-core. Screenshots: test-output/screenshots/workbench-*.png.
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import type { Frame, Page } from 'playwright-core';
import { serveWorkbench } from '../build/workbench-server.cjs';
import type { WorkbenchServer } from '../build/workbench-server.cjs';
import { readXlsx, writeXlsx } from '../xlsx/xlsx-io';
import { DIST, SCREENSHOTS, axeViolations, closeBrowser, cspLines, describeBrowser, openPage, runAxe, screenshot } from './support/browser';
import type { OpenedPage } from './support/browser';
import { EXAMPLE } from './support/cli';

const PAYLOAD = '<img src=x onerror=alert(1)>';
const VIEWPORT = { width: 1400, height: 900 };

/** Catches any script the payload could start: alert is the payload's, __xss counts it in every frame. */
const XSS_TRAP = `window.__xss = 0; window.alert = function () { window.__xss++; };`;

let server: WorkbenchServer;

beforeAll(async () => {
  if (!fs.existsSync(path.join(DIST, 'workbench', 'index.html'))) throw new Error('dist/workbench is missing: run `npm run build` first (npm test does)');
  server = await serveWorkbench({ port: 0 });
});

afterAll(async () => {
  await server?.close();
  await closeBrowser();
});

/** The workbench opened and its sample loaded, the panel mounted. */
async function openWorkbench(options: { bypassCSP?: boolean } = {}): Promise<OpenedPage & { panel: Frame }> {
  const opened = await openPage(server.url, { viewport: VIEWPORT, initScripts: [XSS_TRAP], ...options });
  await opened.page.evaluate(() => (window as unknown as { btmWorkbench: { ready: Promise<void> } }).btmWorkbench.ready);
  const handle = await opened.page.$('#wb-panel');
  const panel = await handle!.contentFrame();
  if (!panel) throw new Error('the panel frame has no document');
  await panel.waitForSelector('#sd-run');
  return { ...opened, panel };
}

/** Presses a panel button and waits until its section answered (the button enabled again). */
async function press(panel: Frame, id: string): Promise<void> {
  await panel.click(`#${id}`);
  await panel.waitForFunction((sel) => !(document.querySelector(sel) as HTMLButtonElement).disabled, `#${id}`, { timeout: 90_000 });
}

const text = (panel: Frame, id: string) => panel.$eval(`#${id}`, (e) => e.textContent ?? '');

/** A cell as the grid shows it. */
const shown = (page: Page, sheet: string, ref: string) =>
  page.evaluate(([s, r]) => (window as unknown as { btmWorkbench: { cellText(s: string, r: string): string } }).btmWorkbench.cellText(s, r), [sheet, ref]);

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

describeBrowser('the workbench runs the real panel on the sample portfolio', () => {
  let opened: OpenedPage & { panel: Frame };

  beforeAll(async () => {
    opened = await openWorkbench();
  }, 60_000);

  afterAll(async () => {
    await opened?.close();
  });

  it('serves every file with its Content-Security-Policy header', async () => {
    for (const file of ['', 'index.html', 'panel.html', 'workbench.js', 'solver-worker.js']) {
      const { headers } = await get(new URL(file, server.url).href);
      expect(headers['content-security-policy']).toContain("default-src 'self'");
      expect(headers['content-security-policy']).toContain("object-src 'none'");
    }
  });

  it('loads the sample with its sheets as tabs and the Demand table selected', async () => {
    const { page } = opened;
    expect(await page.$$eval('#wb-tabs [role=tab]', (tabs) => tabs.map((t) => t.textContent))).toEqual(['Demand', 'Business cases', 'Capacity', 'BTM Settings']);
    expect(await page.textContent('#wb-address')).toBe('Demand!A3'); // the table's header row, first cell
    expect(await shown(page, 'Demand', 'A3')).toBe('ID');
    expect(await shown(page, 'Demand', 'B4')).not.toBe('');
  });

  it('scores the demand: the five BTM columns computed, OPS-17 ranked first', async () => {
    const { page, panel } = opened;
    await press(panel, 'sd-run');
    expect(await text(panel, 'sd-error')).toBe('');
    expect(await text(panel, 'sd-status')).toMatch(/^Wrote BTM Score, BTM Rank, BTM Check, BTM Proposal, BTM WSJF/);
    expect(await Promise.all(['AD3', 'AE3', 'AF3', 'AG3', 'AH3'].map((ref) => shown(page, 'Demand', ref)))).toEqual(['BTM Score', 'BTM Rank', 'BTM Check', 'BTM Proposal', 'BTM WSJF']);
    const ranks = await page.evaluate(() => {
      const wb = (window as unknown as { btmWorkbench: { cellValue(s: string, r: string): unknown } }).btmWorkbench;
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
    const { page, panel } = opened;
    await press(panel, 'pc-run');
    expect(await text(panel, 'pc-error')).toBe('');
    const summary = await text(panel, 'pc-summary');
    expect(summary).toContain('33 of 60');
    expect(summary).toContain('8,908,000');
    expect(await page.$$eval('#wb-tabs [role=tab]', (tabs) => tabs.map((t) => t.textContent))).toContain('BTM Capacity');
    expect(await Promise.all(['B3', 'B4', 'B5', 'B6'].map((ref) => shown(page, 'BTM Capacity', ref)))).toEqual(['optimal', '33 of 60 initiatives', '8,908,000', '6,788,000']);
    expect((await calls(page)).at(-1)).toBe('Plan capacity: 2 reads, 1 write');
  }, 120_000);

  it('generates the roadmap: 45 of 60 placed on a new BTM Roadmap sheet, shown on its tab', async () => {
    const { page, panel } = opened;
    await press(panel, 'rm-run');
    expect(await text(panel, 'rm-error')).toBe('');
    expect(await text(panel, 'rm-summary')).toContain('60: 45 placed, 15 cannot be placed');
    expect((await calls(page)).at(-1)).toBe('Generate roadmap: 2 reads, 1 write');
    expect(await shown(page, 'BTM Roadmap', 'A2')).toBe('Placed: 45 of 60; 15 cannot be placed (see Reason)');
    // The first initiative of the first lane, its bar from January 2027 with gates A and B.
    expect(await Promise.all(['A9', 'A10', 'C10', 'E10', 'F10', 'H10'].map((ref) => shown(page, 'BTM Roadmap', ref)))).toEqual(['Customer', 'CUS-07', 'Customer', '2027-01', '2027-04', 'AB']);
    await page.click('#wb-tabs [role=tab]:text-is("BTM Roadmap")');
    expect(await page.getAttribute('#wb-tabs [role=tab]:text-is("BTM Roadmap")', 'aria-selected')).toBe('true');
    // Bars are cell fills: the roadmap sheet has filled cells in the shown grid.
    const filled = await page.$$eval('#wb-grid td[data-ref]', (cells) => cells.filter((c) => (c as HTMLElement).style.backgroundColor !== '').length);
    expect(filled).toBeGreaterThan(45);
    await screenshot(page, 'workbench-roadmap');
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await (await page.$('#wb-panel'))!.screenshot({ path: path.join(SCREENSHOTS, 'workbench-panel.png') });
  }, 60_000);

  it('downloads the workbook as a file Excel reads: formulas in the file spelling with their values', async () => {
    const { page } = opened;
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#wb-download')]);
    const bytes = fs.readFileSync((await download.path())!);
    const book = await readXlsx(bytes);
    expect(book.sheets.map((s) => s.name)).toEqual(['Demand', 'Business cases', 'Capacity', 'BTM Settings', 'BTM Capacity', 'BTM Roadmap']);
    const score = book.sheet('Demand')!.cell(4, 30);
    expect(score.formula).toMatch(/^=_xldudf_BTM_SCORE\(/);
    expect(typeof score.value).toBe('number');
  });

  it('needed no network, broke no policy and threw nothing', () => {
    const { record } = opened;
    expect(record.blocked).toEqual([]);
    expect(cspLines(record)).toEqual([]);
    expect(record.pageErrors).toEqual([]);
    expect(record.consoleErrors).toEqual([]);
    expect(record.dialogs).toEqual([]);
  });

  it('says in plain words when a file is not a workbook, and keeps the one open', async () => {
    const { page } = opened;
    await page.setInputFiles('#wb-open', { name: 'notes.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('just text') });
    await page.waitForFunction(() => /notes\.xlsx/.test(document.querySelector('#wb-status')?.textContent ?? ''));
    expect(await page.textContent('#wb-status')).toMatch(/notes\.xlsx.*not/i);
    expect(await page.$$eval('#wb-tabs [role=tab]', (tabs) => tabs.length)).toBe(6);
  });
});

/** The sample with the payload as an initiative's name and value stream, a criterion header, and a sheet's name holding a formula to repair. */
async function hostileWorkbook(): Promise<Buffer> {
  const book = await readXlsx(fs.readFileSync(EXAMPLE));
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

describeBrowser('user text is shown as text through every command', () => {
  let opened: OpenedPage & { panel: Frame };

  beforeAll(async () => {
    // The page's policy would block an injected handler anyway: bypass it, so the test proves the
    // text is never made into markup rather than that CSP caught it.
    opened = await openWorkbench({ bypassCSP: true });
    await opened.page.setInputFiles('#wb-open', { name: 'hostile.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await hostileWorkbook() });
    await opened.page.waitForFunction(() => /hostile\.xlsx/.test(document.querySelector('#wb-status')?.textContent ?? ''));
    await opened.panel.waitForSelector('#sd-run:not([disabled])');
  }, 60_000);

  afterAll(async () => {
    await opened?.close();
  });

  it('runs no script from `<img src=x onerror=alert(1)>` in any command, and shows it as text', async () => {
    const { page, panel } = opened;
    await press(panel, 'it-run'); // Insert template: renames listed
    await press(panel, 'sd-settings'); // the workbook has BTM Settings: the answer says so
    await press(panel, 'sd-run'); // the mapping table offers the payload header
    await press(panel, 'pc-run');
    await press(panel, 'rm-run'); // the payload is a lane
    await panel.fill('#rm-lane', PAYLOAD); // no such column: the error beside the field names it
    await press(panel, 'rm-run');
    expect(await text(panel, 'rm-lane-error')).toContain(`No column of the demand table is headed "${PAYLOAD}"`);
    await press(panel, 'rf-run'); // the payload sheet's formula repaired: the report names the sheet
    expect(await text(panel, 'rf-status')).toContain(PAYLOAD);
    await page.evaluate((sheet) => (window as unknown as { btmWorkbench: { select(s: string, r: string): void } }).btmWorkbench.select(sheet, 'A1'), PAYLOAD);
    await panel.click('[data-use-selection="bc-costs"]');
    await panel.waitForFunction(() => (document.querySelector('#bc-costs') as HTMLInputElement).value !== '');
    expect(await panel.inputValue('#bc-costs')).toContain(PAYLOAD);
    await panel.fill('#bc-benefits', `'${PAYLOAD}'!A1:A3`);
    await press(panel, 'bc-insert');

    expect(await shown(page, 'Demand', 'B4')).toBe(PAYLOAD);
    expect(await page.$$eval('#wb-tabs [role=tab]', (tabs) => tabs.map((t) => t.textContent))).toContain(PAYLOAD);
    for (const frame of [page.mainFrame(), panel]) {
      expect(await frame.evaluate(() => (window as unknown as { __xss: number }).__xss)).toBe(0);
      expect(await frame.$$('img')).toHaveLength(0);
    }
    expect(opened.record.dialogs).toEqual([]);
    expect(opened.record.requests.filter((url) => new URL(url).pathname === '/x')).toEqual([]);
  }, 180_000);
});

describeBrowser('a long Plan capacity can be cancelled in the workbench', () => {
  it('shows progress and Cancel while the solver works in its Web Worker, and writes nothing once cancelled', async () => {
    const opened = await openWorkbench();
    try {
      const { page, panel } = opened;
      await panel.click('#pc-options summary');
      // Fifty frontier levels: long enough to cancel.
      await panel.fill('#pc-from', '2000000');
      await panel.fill('#pc-to', '12000000');
      await panel.fill('#pc-steps', '50');
      await panel.click('#pc-run');
      await panel.waitForSelector('#pc-cancel:not([hidden])', { timeout: 30_000 });
      expect(await panel.isVisible('#pc-progress')).toBe(true);
      expect(await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(1))))).toBe(1); // the page still draws
      // Switching the look would reload the panel's frame and lose the run's Cancel: it waits, as do Open and Download.
      for (const id of ['wb-look', 'wb-open', 'wb-download']) expect([id, await page.isDisabled(`#${id}`)]).toEqual([id, true]);
      await panel.click('#pc-cancel');
      await panel.waitForFunction(() => !(document.querySelector('#pc-run') as HTMLButtonElement).disabled, undefined, { timeout: 30_000 });
      for (const id of ['wb-look', 'wb-open', 'wb-download']) expect([id, await page.isDisabled(`#${id}`)]).toEqual([id, false]);
      expect(await text(panel, 'pc-status')).toBe('Cancelled: nothing was written.');
      expect((await calls(page)).at(-1)).toBe('Plan capacity: 2 reads, 0 writes');
      expect(await page.$$eval('#wb-tabs [role=tab]', (tabs) => tabs.map((t) => t.textContent))).not.toContain('BTM Capacity');
    } finally {
      await opened.close();
    }
  }, 90_000);
});

describeBrowser('the workbench is accessible', () => {
  it('passes axe-core on the page and the panel, in both looks', async () => {
    const opened = await openWorkbench({ bypassCSP: true });
    try {
      const excel = await runAxe(opened.page);
      expect(axeViolations(excel)).toEqual([]);
      await opened.page.selectOption('#wb-look', 'sheets');
      await opened.page.waitForFunction(() => {
        const frame = document.querySelector('#wb-panel') as HTMLIFrameElement;
        const doc = frame.contentDocument;
        return doc?.body?.className === 'sheets' && doc.querySelector('#sd-run') !== null && frame.getBoundingClientRect().width === 300;
      });
      const sheets = await runAxe(opened.page);
      expect(axeViolations(sheets)).toEqual([]);
      await screenshot(opened.page, 'workbench-sheets-look');
    } finally {
      await opened.close();
    }
  }, 60_000);

  it('moves between sheet tabs with the arrow keys', async () => {
    const opened = await openWorkbench();
    try {
      const { page } = opened;
      await page.focus('#wb-tabs [role=tab][aria-selected=true]');
      await page.keyboard.press('ArrowRight');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Business cases');
      expect(await page.getAttribute('#wb-tabs [role=tab]:text-is("Business cases")', 'aria-selected')).toBe('true');
    } finally {
      await opened.close();
    }
  }, 60_000);
});
