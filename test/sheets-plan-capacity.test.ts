// Plan capacity on Google Sheets. The server side: the built bundle (dist/sheets) in a vm with a
// stub SpreadsheetApp and CacheService (test/support/sheets-spreadsheet.ts), called through its
// top-level globals as google.script.run calls them: how many calls reach the spreadsheet, that
// only the BTM Capacity sheet is written, progress and Cancel through the user's cache. The
// sidebar side: its bridge on a stand-in google.script.run and clock (polling, cancel). The server
// tests need `npm run build`.
import { inRealm } from './support/bundles';
import { FakeSpreadsheet, SheetsHost as Host, loadOn, recordingRunner, sheetsGrid } from './support/sheets-spreadsheet';
import { PLAN_HEADERS, capacitySheetGrid, demandGrid, initiativeRow } from './support/plan-capacity-fixture';
import { DEFAULT_SETTINGS, SETTINGS_SHEET, settingsToGrid } from '../core';
import type { CellValue } from '../core';
import { OWNED_CAPACITY_SHEET } from '../core/commands/plan-capacity';
import type { PlanCapacityRequest, PlanCapacityResponse, Progress } from '../core/commands/plan-capacity';
import { SERVER_ENTRY_POINTS } from '../sheets-script/entry-points';
import { POLL_MS, scriptBridge } from '../sheets-script/sidebar';

const LINK = '=HYPERLINK("https://intranet/crm","CRM")';
const withLinkId = (i: number, n: number): CellValue[] => {
  const row = initiativeRow(i, n);
  if (i === 5) row[0] = LINK;
  return row;
};
function host(n: number, setUp: (book: FakeSpreadsheet) => void = () => undefined, capacity = true): Host {
  const book = new FakeSpreadsheet();
  book.addSheet('Demand', sheetsGrid(demandGrid(n, withLinkId)));
  if (capacity) book.addSheet('Capacity', sheetsGrid(capacitySheetGrid(n)));
  book.addSheet(SETTINGS_SHEET, sheetsGrid(settingsToGrid(DEFAULT_SETTINGS)));
  book.addSheet('Notes', [['Steering committee notes'], ['Q1', 'budget frozen until March']]);
  book.select('Demand', 5, 2);
  setUp(book);
  return loadOn(book);
}

/** Calls panelPlanCapacity as google.script.run does: the top-level global, plain arguments. */
const plan = (h: Host, request: PlanCapacityRequest = {}, runId?: string) =>
  Promise.resolve(h.ctx.panelPlanCapacity(inRealm(h.ctx, request), runId) as Promise<PlanCapacityResponse>).then((r) => JSON.parse(JSON.stringify(r)) as PlanCapacityResponse);

const FAST: PlanCapacityRequest = { frontier: { from: 1000, to: 4000, steps: 4 }, timeLimitSeconds: 5 };

/** The counts that do not depend on time (the cache is read and written by the clock). */
const spreadsheetCounts = (book: FakeSpreadsheet) => Object.fromEntries(Object.entries(book.counts).filter(([k]) => !k.startsWith('cache.')));

const byPrefix = (book: FakeSpreadsheet, method: string, suffix: string) => book.cacheCalls.filter((c) => c.method === method && c.key.endsWith(suffix));

describe('panelPlanCapacity', () => {
  test('the entry points are in the bundle for google.script.run', () => {
    const h = host(10);
    for (const name of ['panelPlanCapacity', 'panelPlanCapacityProgress', 'panelCancelPlanCapacity']) {
      expect(SERVER_ENTRY_POINTS).toContain(name);
      expect(typeof h.ctx[name]).toBe('function');
      // The top-level function calls the library's: sheets-script/index.ts must export it.
      expect(typeof (h.ctx.BTMAddin as unknown as Record<string, unknown>)[name]).toBe('function');
    }
  });

  test('10 and 200 initiatives: the same calls to the spreadsheet, one of each kind of write, only the owned sheet written', async () => {
    const counts: Record<string, number>[] = [];
    for (const n of [10, 200]) {
      const h = host(n);
      const before = h.book.snapshot();
      const response = await plan(h, n === 10 ? FAST : { frontier: { from: 20_000, to: 60_000, steps: 2 }, timeLimitSeconds: 3 }, `run${n}`);
      expect(response).toMatchObject({ status: 'written', sheet: 'BTM Capacity', candidates: n });
      expect(h.book.writes.every((w) => w.sheet === OWNED_CAPACITY_SHEET)).toBe(true);
      expect(h.book.snapshot(OWNED_CAPACITY_SHEET)).toEqual(before);
      expect(h.book.active).toBe('Demand'); // the user stays on their sheet
      counts.push(spreadsheetCounts(h.book));
      // The cancel flag was read at most every 500 ms between the first look and the last.
      const gets = byPrefix(h.book, 'get', '.cancel').map((c) => c.at);
      expect(gets.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < gets.length - 1; i++) expect(gets[i] - gets[i - 1]).toBeGreaterThanOrEqual(500);
    }
    expect(counts[1]).toEqual(counts[0]);
    expect(counts[0]).toEqual({
      // The read: the sheet under the selection (values, formulas, merged areas), Capacity, BTM Settings.
      getDataRange: 3,
      getValues: 3,
      getFormulas: 1,
      getMergedRanges: 1,
      getSheetByName: 3, // Capacity, BTM Settings, then BTM Capacity
      // The write: a new sheet (the user's sheet shown again), room checked, one call per kind.
      getActiveSheet: 1,
      insertSheet: 1,
      setActiveSheet: 1,
      getMaxRows: 1,
      getMaxColumns: 1,
      setValues: 1,
      setNumberFormats: 1,
      setBackgrounds: 1,
      setFontWeights: 1,
      setColumnWidth: 13, // one per column: the role and twelve months
      newChart: 1,
      insertChart: 1,
    });
  });

  test('writes the layout with formats, fills, bold rows and a line chart of the frontier; user text stays text', async () => {
    const h = host(10);
    const response = await plan(h, FAST);
    expect(response.status).toBe('written');
    const owned = h.book.sheets.get(OWNED_CAPACITY_SHEET)!;
    expect(owned.value(1, 1)).toBe('BTM Capacity: portfolio selection and allocation');
    const rows = owned.values.length;
    const column = (c: number) => Array.from({ length: rows }, (_, r) => owned.value(r + 1, c));
    const header = column(1).indexOf('ID') + 1;
    expect(owned.value(header, 2)).toBe('Selected');
    expect(owned.value(header + 5, 1)).toBe(LINK); // text, not a formula
    expect(owned.formulas.flat().filter(Boolean)).toEqual([]);
    const load = column(1).indexOf('Role') + 1;
    expect([2, 3, 4].map((c) => owned.value(load, c))).toEqual(['2027-01', '2027-02', '2027-03']); // text, not dates
    expect(owned.weights[`${header},1`]).toBe('bold');
    expect(Object.values(owned.backgrounds).length).toBeGreaterThan(0);
    expect(Object.values(owned.backgrounds).every((c) => /^#[0-9a-f]{6}$/.test(c))).toBe(true);
    expect(Object.values(owned.formats)).toContain('0%');
    const budget = column(1).indexOf('Budget') + 1;
    expect(owned.value(budget, 2)).toBe('Best value');
    expect(owned.charts).toEqual([
      {
        type: 'line',
        ranges: [[budget, 1, 5, 2]],
        headers: 1,
        position: [budget, owned.values.reduce((w, r) => Math.max(w, r.length), 0) + 2],
        options: { title: 'Efficient frontier: best value by total budget', xAxisTitle: 'Total budget', yAxisTitle: 'Best value', legend: { position: 'none' } },
      },
    ]);
  });

  test('a second run clears the owned sheet and replaces its chart', async () => {
    const h = host(10, (b) => {
      const old = b.addSheet(OWNED_CAPACITY_SHEET, [['an older plan']]);
      old.put(300, 26, 'left over at Z300', '');
      old.charts.push({ type: 'pie', ranges: [[1, 1, 3, 1]], options: {} });
      b.select('Demand', 5, 2);
    });
    const before = h.book.snapshot(OWNED_CAPACITY_SHEET);
    expect(await plan(h, FAST)).toMatchObject({ status: 'written' });
    const owned = h.book.sheets.get(OWNED_CAPACITY_SHEET)!;
    expect(owned.values.flat()).not.toContain('left over at Z300');
    expect(owned.charts.map((c) => c.type)).toEqual(['line']);
    expect(h.book.writes.slice(0, 2).map((w) => w.method)).toEqual(['clear', 'removeChart']);
    expect(h.book.counts.insertSheet).toBeUndefined();
    expect(h.book.snapshot(OWNED_CAPACITY_SHEET)).toEqual(before);
  });

  test('progress is readable while it runs and after, under the run id', async () => {
    const h = host(10);
    const seen: unknown[] = [];
    h.book.onCachePut = (key) => {
      if (key.endsWith('.progress')) seen.push(JSON.parse(JSON.stringify(h.ctx.panelPlanCapacityProgress('run-1'))));
    };
    await plan(h, FAST, 'run-1');
    expect(seen[0]).toEqual({ step: 'Reading the demand and capacity tables', fraction: 0 });
    expect(seen).toContainEqual({ step: 'Selecting among 10 initiatives', fraction: 0.05 });
    expect(JSON.parse(JSON.stringify(h.ctx.panelPlanCapacityProgress('run-1')))).toEqual({ step: 'Writing the BTM Capacity sheet', fraction: 1 });
    expect(h.ctx.panelPlanCapacityProgress('another-run')).toBeNull();
    expect(h.ctx.panelPlanCapacityProgress('../../etc')).toBeNull();
  });

  test('Cancel pressed while the frontier is solved stops it: nothing written, the flag removed', async () => {
    const h = host(10);
    const before = h.book.snapshot();
    h.book.onCachePut = (key, value) => {
      if (key.endsWith('.progress') && (JSON.parse(value) as Progress).step.startsWith('Efficient frontier')) {
        h.ctx.panelCancelPlanCapacity('run-2');
        // The run looks at the flag at most every 500 ms: let that time pass.
        const until = Date.now() + 550;
        while (Date.now() < until) {
          /* wait */
        }
      }
    };
    expect(await plan(h, FAST, 'run-2')).toEqual({ status: 'cancelled' });
    expect((h.ctx.panelPlanCapacityProgress('run-2') as Progress).step).toMatch(/^Efficient frontier/); // it got no further
    expect(h.book.writes).toEqual([]);
    expect(h.book.snapshot()).toEqual(before);
    expect(h.book.cache.has('btm.planCapacity.run-2.cancel')).toBe(false);
  });

  test('Cancel pressed before the run reads anything: cancelled at once', async () => {
    const h = host(10);
    h.ctx.panelCancelPlanCapacity('run-3');
    expect(await plan(h, FAST, 'run-3')).toEqual({ status: 'cancelled' });
    expect(spreadsheetCounts(h.book)).toEqual({});
  });

  test('without a run id it plans without the cache; a run id that is no id is ignored', async () => {
    const h = host(10);
    expect(await plan(h, FAST)).toMatchObject({ status: 'written' });
    expect(await plan(h, FAST, 'a b/../c')).toMatchObject({ status: 'written' });
    h.ctx.panelCancelPlanCapacity('a b/../c');
    expect(h.book.cacheCalls).toEqual([]);
  });

  test('without a Capacity sheet: the core\'s message, nothing written', async () => {
    const h = host(10, () => undefined, false);
    expect(await plan(h, FAST)).toMatchObject({ status: 'invalid', message: expect.stringContaining('The workbook has no "Capacity" sheet.') });
    expect(h.book.writes).toEqual([]);
  });

  test('refuses to plan from the owned sheet, or with no selection', async () => {
    const h = host(10, (b) => {
      b.addSheet(OWNED_CAPACITY_SHEET, [['an older plan']]);
      b.select(OWNED_CAPACITY_SHEET, 1, 1);
    });
    expect(await plan(h, FAST)).toEqual({ status: 'invalid', message: 'Select a cell in your demand table: the BTM Capacity sheet is where the add-in writes the plan.' });
    h.book.selection = null;
    expect(await plan(h, FAST)).toEqual({ status: 'invalid', message: 'Select a cell inside your demand table first.' });
    expect(h.book.writes).toEqual([]);
  });

  test('the demand table\'s headers and the mapping come back for the panel', async () => {
    const h = host(10);
    const r = await plan(h, FAST);
    expect(r.status === 'written' && r.tableHeaders).toEqual(PLAN_HEADERS);
    expect(r.status === 'written' && r.mapping).toMatchObject({ Initiative: 'ID', Value: 'NPV', Cost: 'Cost', 'FTE: Analyst': 'Analyst FTE' });
  });
});

// ---------------------------------------------------------------------------------------------
// The sidebar's bridge: google.script.run and the clock stood in for.

function sidebar() {
  const { runner, calls } = recordingRunner();
  const timers: { f: () => void; ms: number; id: number }[] = [];
  let next = 1;
  const clock = {
    setTimeout: (f: () => void, ms: number) => {
      timers.push({ f, ms, id: next });
      return next++;
    },
    clearTimeout: (id: unknown) => {
      const k = timers.findIndex((t) => t.id === id);
      if (k >= 0) timers.splice(k, 1);
    },
  };
  /** Runs the timers due now (all of them: each is one poll interval away). */
  const tick = () => timers.splice(0).forEach((t) => t.f());
  const bridge = scriptBridge(runner, clock, () => 'run42');
  return { bridge, calls, timers, tick };
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('the sidebar bridge', () => {
  test('runs Plan capacity in one server call and polls its progress every 700 ms, one poll at a time', async () => {
    const s = sidebar();
    const progress: Progress[] = [];
    const answer = s.bridge.planCapacity({ timeLimitSeconds: 20 }, (p) => progress.push(p));
    expect(s.calls.map((c) => [c.name, c.args])).toEqual([['panelPlanCapacity', [{ timeLimitSeconds: 20 }, 'run42']]]);
    expect(s.timers.map((t) => t.ms)).toEqual([POLL_MS]);
    expect(POLL_MS).toBe(700);

    s.tick();
    expect(s.calls[1].name).toBe('panelPlanCapacityProgress');
    expect(s.calls[1].args).toEqual(['run42']);
    expect(s.timers).toEqual([]); // the next poll waits for this one's answer
    s.calls[1].resolve({ step: 'Selecting among 200 initiatives', fraction: 0.05 });
    await flush();
    expect(progress).toEqual([{ step: 'Selecting among 200 initiatives', fraction: 0.05 }]);
    expect(s.timers.map((t) => t.ms)).toEqual([POLL_MS]);

    s.tick();
    s.calls[2].resolve(null); // nothing stored yet: no report
    await flush();
    s.tick();
    s.calls[3].reject(new Error('Service unavailable')); // a lost poll only delays the bar
    await flush();
    expect(progress).toHaveLength(1);
    expect(s.timers).toHaveLength(1);

    s.calls[0].resolve({ status: 'cancelled' });
    expect(await answer).toEqual({ status: 'cancelled' });
    expect(s.timers).toEqual([]); // polling stopped
  });

  test('cancel() asks the server to stop the run in progress, and nothing when none runs', async () => {
    const s = sidebar();
    s.bridge.cancel();
    expect(s.calls).toEqual([]);
    const answer = s.bridge.planCapacity({}, () => undefined);
    s.bridge.cancel();
    expect(s.calls.map((c) => [c.name, c.args])).toEqual([
      ['panelPlanCapacity', [{}, 'run42']],
      ['panelCancelPlanCapacity', ['run42']],
    ]);
    s.calls[0].reject(new Error('Exceeded maximum execution time'));
    await expect(answer).rejects.toThrow('Exceeded maximum execution time');
    s.bridge.cancel();
    expect(s.calls).toHaveLength(2);
    expect(s.timers).toEqual([]);
  });

  test('a progress answer that is not one is ignored', async () => {
    const s = sidebar();
    const progress: Progress[] = [];
    void s.bridge.planCapacity({}, (p) => progress.push(p));
    s.tick();
    s.calls[1].resolve({ step: 3, fraction: 'half' });
    await flush();
    s.tick();
    s.calls[2].resolve({ step: 'Allocating people to the selected initiatives', fraction: 1.5 });
    await flush();
    expect(progress).toEqual([{ step: 'Allocating people to the selected initiatives', fraction: 1 }]);
  });
});
