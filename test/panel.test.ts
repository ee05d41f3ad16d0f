/** @jest-environment jsdom */
// The shared panel (panel/panel.html + panel/panel.ts) in a DOM, on a fake HostBridge: what a
// person sees and what the host is asked to do.
import fs from 'node:fs';
import path from 'node:path';
import { mountPanel } from '../panel/panel';
import type { HostBridge } from '../panel/bridge';
import type { InsertRequest, InsertResponse, ScoreDemandRequest, ScoreDemandResponse } from '../core';
import type { PlanCapacityRequest, PlanCapacityResponse, Progress } from '../core/commands/plan-capacity';
import type { RoadmapRequest, RoadmapResponse } from '../core/commands/generate-roadmap';
import type { InsertTemplateResponse, RepairResponse } from '../panel/bridge';

const TEMPLATE = fs.readFileSync(path.resolve(__dirname, '..', 'panel', 'panel.html'), 'utf8');

/** The template's parameters per host, as webpack.config.js passes them (the CSP here is a stand-in). */
const PARAMETERS = {
  excel: { host: 'excel', officeJs: true, csp: "default-src 'self'" },
  sheets: { host: 'sheets', officeJs: false, csp: '' },
} as const;

/** Renders the template's tags (`<% if (param) { %>`, `<%= param %>`) for one host, as html-webpack-plugin does. */
function render(host: 'excel' | 'sheets'): string {
  const params: Record<string, string | boolean> = PARAMETERS[host];
  const html = TEMPLATE.replace(/<% if \((\w+)\) \{ %>([\s\S]*?)<% \} %>/g, (_m, name: string, body: string) => (params[name] ? body : '')).replace(
    /<%= (\w+) %>/g,
    (_m, name: string) => String(params[name]),
  );
  if (html.includes('<%')) throw new Error('panel.html has a template tag this test does not render');
  return html;
}

/** Puts the rendered panel in the test's document; scripts (office.js) are left out, not run. */
function loadPanel(host: 'excel' | 'sheets' = 'excel'): void {
  const parsed = new DOMParser().parseFromString(render(host), 'text/html');
  parsed.querySelectorAll('script').forEach((s) => s.remove());
  document.replaceChild(document.importNode(parsed.documentElement, true), document.documentElement);
}

const INSERTED: InsertResponse = { status: 'inserted', address: 'Sheet1!E2', formula: '=BTM.BUSINESSCASE(0.08,B2:B4,C2:C4)' };
const XSS = '<img src=x onerror=alert(1)>';

const SCORED: ScoreDemandResponse = {
  status: 'written',
  address: 'Demand!Q1:R2',
  headers: ['BTM Score', 'BTM Rank'],
  mapping: { 'Business value': 'Value', Cost: 'Cost' },
  tableHeaders: ['Initiative', 'Value', 'Cost', 'Capex'],
  fields: ['Business value', 'Cost', 'Risk'],
  skipped: ['BTM WSJF needs the columns Time criticality, Risk reduction, Job size.'],
  settingsProblems: [],
};

const PLANNED: PlanCapacityResponse = {
  status: 'written',
  sheet: 'BTM Capacity',
  selected: 4,
  candidates: 10,
  value: 820,
  greedyValue: 580,
  optimality: 'optimal',
  gap: 0,
  binding: ['budget in 2027-01', 'Developer in 2027-01'],
  throughput: { selective: 640, even: 640, gain: 0 },
  demandThroughput: { selective: 900, even: 250, gain: 650 },
  findings: { errors: 1, warnings: 6 },
  mapping: { Initiative: 'ID', Value: 'NPV' },
  tableHeaders: ['ID', 'NPV'],
  notes: ['AI runs past 2027-06: 1 of its 3 periods fall after it.'],
};

const ROADMAP: RoadmapResponse = {
  status: 'written',
  sheet: 'BTM Roadmap',
  initiatives: 12,
  placed: 11,
  unplaceable: 1,
  changes: { added: 2, moved: 3, removed: 1, unchanged: 6, first: false },
  summary: ['Since the last version: 2 new, 3 moved, 1 removed.'],
  notes: ['AI needs 12 Developer FTE in a month; the most there is is 10.'],
  mapping: { Initiative: 'ID', Duration: 'Months' },
  tableHeaders: ['ID', 'Months', 'Value stream', 'Demand type'],
};

const REPAIRED: RepairResponse = {
  status: 'repaired',
  report: 'Repaired 12 formulas in 2 sheets: Demand (10), Business cases (2). Left as they were, not BTM functions: BTM_FOO (Business cases)',
  sheets: [
    { sheet: 'Demand', cells: 10 },
    { sheet: 'Business cases', cells: 2 },
  ],
};

const TEMPLATE_INSERTED: InsertTemplateResponse = {
  status: 'inserted',
  sheets: ['Read me', 'Demand (2)', 'Business cases', 'Capacity', 'BTM Roadmap', 'BTM Settings (2)'],
  names: 24,
  renamed: ['The workbook has a sheet "Demand": the template\'s is "Demand (2)".', 'The workbook has a sheet "BTM Settings": the template\'s is "BTM Settings (2)".'],
};

function bridge(
  over: Partial<{
    selection: () => Promise<string>;
    insert: (r: InsertRequest) => Promise<InsertResponse>;
    score: (r: ScoreDemandRequest) => Promise<ScoreDemandResponse>;
    plan: (r: PlanCapacityRequest, progress: (p: Progress) => void) => Promise<PlanCapacityResponse>;
    roadmap: (r: RoadmapRequest) => Promise<RoadmapResponse>;
    repair: () => Promise<RepairResponse>;
    template: () => Promise<InsertTemplateResponse>;
  }> = {},
) {
  const selection = jest.fn(over.selection ?? (() => Promise.resolve('Sheet1!B2:B4')));
  const insertBusinessCase = jest.fn(over.insert ?? (() => Promise.resolve(INSERTED)));
  const scoreDemand = jest.fn(over.score ?? (() => Promise.resolve(SCORED)));
  const writeSettingsSheet = jest.fn(() => Promise.resolve({ status: 'created' as const, address: "'BTM Settings'!A1:D21" }));
  const planCapacity = jest.fn(over.plan ?? (() => Promise.resolve(PLANNED)));
  const cancel = jest.fn();
  const generateRoadmap = jest.fn(over.roadmap ?? (() => Promise.resolve(ROADMAP)));
  const repairFormulas = jest.fn(over.repair ?? (() => Promise.resolve(REPAIRED)));
  const insertTemplate = jest.fn(over.template ?? (() => Promise.resolve(TEMPLATE_INSERTED)));
  const b: HostBridge = { host: 'excel', selection, insertBusinessCase, scoreDemand, writeSettingsSheet, planCapacity, cancel, generateRoadmap, repairFormulas, insertTemplate };
  return { bridge: b, selection, insertBusinessCase, scoreDemand, writeSettingsSheet, planCapacity, cancel, generateRoadmap, repairFormulas, insertTemplate };
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`no #${id}`);
  return found as T;
};
const input = (field: string) => $<HTMLInputElement>(`bc-${field}`);
const useSelection = (field: string) => document.querySelector<HTMLButtonElement>(`[data-use-selection="bc-${field}"]`)!;
/** Lets the panel's awaited bridge calls finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function submit(): Promise<void> {
  $<HTMLButtonElement>('bc-insert').click();
  await settle();
}

function fill(values: Record<string, string>): void {
  for (const [field, value] of Object.entries(values)) input(field).value = value;
}

beforeEach(() => loadPanel());

describe('the markup', () => {
  test('renders the host into the body class and loads office.js only for Excel', () => {
    expect(render('excel')).toContain('<body class="excel">');
    expect(render('excel')).toContain('appsforoffice.microsoft.com/lib/1/hosted/office.js');
    expect(render('sheets')).toContain('<body class="sheets">');
    expect(render('sheets')).not.toContain('office.js');
  });

  test('puts the Content-Security-Policy meta first in the head only where the build gives one', () => {
    expect(render('excel')).toMatch(/<head>\s*<meta charset="utf-8">\s*<meta name="viewport"[^>]*>\s*<meta http-equiv="Content-Security-Policy" content="default-src 'self'">/);
    expect(render('sheets')).not.toContain('Content-Security-Policy');
  });

  test('mounts on the sidebar markup as well', () => {
    loadPanel('sheets');
    expect(() => mountPanel(document, bridge().bridge)).not.toThrow();
    expect(document.body.className).toBe('sheets');
  });

  test('starts with the discount rate at 8% and the question hidden', () => {
    mountPanel(document, bridge().bridge);
    expect(input('rate').value).toBe('8%');
    expect($('bc-confirm').hidden).toBe(true);
  });
});

describe('Use selection', () => {
  test('fills the costs field with the selected range', async () => {
    const b = bridge({ selection: () => Promise.resolve("'Q1 plan'!B2:B7") });
    mountPanel(document, b.bridge);
    useSelection('costs').click();
    await settle();
    expect(input('costs').value).toBe("'Q1 plan'!B2:B7");
    expect(input('benefits').value).toBe('');
  });

  test('fills the benefits field from its own button', async () => {
    mountPanel(document, bridge({ selection: () => Promise.resolve('Sheet1!C2:C7') }).bridge);
    useSelection('benefits').click();
    await settle();
    expect(input('benefits').value).toBe('Sheet1!C2:C7');
  });

  test('clears the error shown under the field it fills', async () => {
    const b = bridge({ insert: () => Promise.resolve({ status: 'invalid', field: 'costs', message: 'The costs must be one row or one column of periods.' }) });
    mountPanel(document, b.bridge);
    await submit();
    expect($('bc-costs-error').textContent).toBe('The costs must be one row or one column of periods.');
    useSelection('costs').click();
    await settle();
    expect(input('costs').hasAttribute('aria-invalid')).toBe(false);
    expect($('bc-costs-error').textContent).toBe('');
  });

  test('shows a failure to read the selection under that field', async () => {
    mountPanel(document, bridge({ selection: () => Promise.reject(new Error('Select a range first.')) }).bridge);
    useSelection('benefits').click();
    await settle();
    expect($('bc-benefits-error').textContent).toBe('Select a range first.');
    expect(input('benefits').getAttribute('aria-invalid')).toBe('true');
  });
});

describe('Insert', () => {
  test('sends the form as typed with overwrite false', async () => {
    const b = bridge();
    mountPanel(document, b.bridge);
    fill({ rate: '7.5%', costs: 'Sheet1!B2:B4', benefits: 'Sheet1!C2:C4', reinvestRate: '10%' });
    await submit();
    expect(b.insertBusinessCase.mock.calls).toEqual([
      [{ form: { rate: '7.5%', costs: 'Sheet1!B2:B4', benefits: 'Sheet1!C2:C4', financeRate: '', reinvestRate: '10%' }, overwrite: false }],
    ]);
  });

  test('shows what was inserted where', async () => {
    mountPanel(document, bridge().bridge);
    await submit();
    expect($('bc-status').textContent).toBe('Inserted =BTM.BUSINESSCASE(0.08,B2:B4,C2:C4) at Sheet1!E2.');
  });

  test('says it is inserting and disables the button until the host answers', async () => {
    let answer: (r: InsertResponse) => void = () => undefined;
    mountPanel(document, bridge({ insert: () => new Promise<InsertResponse>((resolve) => (answer = resolve)) }).bridge);
    $<HTMLButtonElement>('bc-insert').click();
    expect($('bc-status').textContent).toBe('Inserting…');
    expect($<HTMLButtonElement>('bc-insert').disabled).toBe(true);
    answer(INSERTED);
    await settle();
    expect($<HTMLButtonElement>('bc-insert').disabled).toBe(false);
  });

  test('sends one insert when the form is submitted twice before the host answers', async () => {
    let answer: (r: InsertResponse) => void = () => undefined;
    const b = bridge({ insert: () => new Promise<InsertResponse>((resolve) => (answer = resolve)) });
    mountPanel(document, b.bridge);
    $<HTMLFormElement>('bc-form').dispatchEvent(new Event('submit', { cancelable: true }));
    $<HTMLFormElement>('bc-form').dispatchEvent(new Event('submit', { cancelable: true }));
    answer(INSERTED);
    await settle();
    expect(b.insertBusinessCase).toHaveBeenCalledTimes(1);
  });

  test('does not leave the page when the form is submitted', async () => {
    mountPanel(document, bridge().bridge);
    const event = new Event('submit', { cancelable: true });
    $<HTMLFormElement>('bc-form').dispatchEvent(event);
    await settle();
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('an invalid answer', () => {
  const invalid = (field: 'rate' | 'costs' | 'benefits' | 'financeRate' | 'reinvestRate' | 'target', message: string) =>
    bridge({ insert: () => Promise.resolve({ status: 'invalid', field, message }) }).bridge;

  test('shows its message under the field that caused it', async () => {
    mountPanel(document, invalid('benefits', 'Costs cover 6 periods but benefits cover 5; select the same periods for both.'));
    await submit();
    expect($('bc-benefits-error').textContent).toBe('Costs cover 6 periods but benefits cover 5; select the same periods for both.');
    expect($('bc-costs-error').textContent).toBe('');
    expect($('bc-status').textContent).toBe('');
  });

  test('marks that field invalid', async () => {
    mountPanel(document, invalid('benefits', 'Costs cover 6 periods but benefits cover 5; select the same periods for both.'));
    await submit();
    expect(input('benefits').getAttribute('aria-invalid')).toBe('true');
    expect(input('costs').hasAttribute('aria-invalid')).toBe(false);
  });

  test('moves the focus to that field', async () => {
    mountPanel(document, invalid('rate', 'Enter a rate such as 8% or a cell that holds it.'));
    await submit();
    expect(document.activeElement).toBe(input('rate'));
  });

  test('opens the MIRR section when a MIRR rate is wrong', async () => {
    mountPanel(document, invalid('reinvestRate', '"ten" is neither a rate such as 8% nor a cell reference.'));
    await submit();
    expect($('bc-form').querySelector('details')!.open).toBe(true);
    expect($('bc-reinvestRate-error').textContent).toBe('"ten" is neither a rate such as 8% nor a cell reference.');
    expect(document.activeElement).toBe(input('reinvestRate'));
  });

  test('shows a target problem under the Insert button', async () => {
    mountPanel(document, invalid('target', 'Select the cell where the summary should go.'));
    await submit();
    expect($('bc-target-error').textContent).toBe('Select the cell where the summary should go.');
  });

  test('is cleared by the next insert', async () => {
    const responses: InsertResponse[] = [{ status: 'invalid', field: 'rate', message: 'Enter a rate such as 8% or a cell that holds it.' }, INSERTED];
    mountPanel(document, bridge({ insert: () => Promise.resolve(responses.shift()!) }).bridge);
    await submit();
    await submit();
    expect($('bc-rate-error').textContent).toBe('');
    expect(input('rate').hasAttribute('aria-invalid')).toBe(false);
    expect($('bc-status').textContent).toBe('Inserted =BTM.BUSINESSCASE(0.08,B2:B4,C2:C4) at Sheet1!E2.');
  });
});

describe('a confirm answer', () => {
  const QUESTION = 'The summary needs Sheet1!E2:F11 empty, but F5 holds data. Insert anyway?';
  const confirming = () => {
    const answers: InsertResponse[] = [{ status: 'confirm', message: QUESTION }, INSERTED];
    return bridge({ insert: () => Promise.resolve(answers.shift()!) });
  };

  test('shows the question with the focus on Cancel', async () => {
    mountPanel(document, confirming().bridge);
    await submit();
    expect($('bc-confirm').hidden).toBe(false);
    expect($('bc-confirm-text').textContent).toBe(QUESTION);
    expect(document.activeElement).toBe($('bc-confirm-no'));
    expect($('bc-status').textContent).toBe('');
  });

  test('"Insert anyway" sends the form again with overwrite true', async () => {
    const b = confirming();
    mountPanel(document, b.bridge);
    await submit();
    $('bc-confirm-yes').click();
    await settle();
    expect(b.insertBusinessCase.mock.calls.map(([r]) => r.overwrite)).toEqual([false, true]);
    expect(b.insertBusinessCase.mock.calls[1][0].form).toEqual(b.insertBusinessCase.mock.calls[0][0].form);
    expect($('bc-confirm').hidden).toBe(true);
    expect($('bc-status').textContent).toBe('Inserted =BTM.BUSINESSCASE(0.08,B2:B4,C2:C4) at Sheet1!E2.');
  });

  test('"Insert anyway" pressed twice while the host works sends one insert', async () => {
    const b = confirming();
    mountPanel(document, b.bridge);
    await submit();
    $('bc-confirm-yes').click();
    $('bc-confirm-yes').click();
    await settle();
    expect(b.insertBusinessCase).toHaveBeenCalledTimes(2);
  });

  test('"Cancel" inserts nothing and says so', async () => {
    const b = confirming();
    mountPanel(document, b.bridge);
    await submit();
    $('bc-confirm-no').click();
    await settle();
    expect(b.insertBusinessCase).toHaveBeenCalledTimes(1);
    expect($('bc-confirm').hidden).toBe(true);
    expect($('bc-status').textContent).toBe('Nothing was inserted.');
  });
});

describe('a failing host', () => {
  test('shows the error message in plain words', async () => {
    mountPanel(document, bridge({ insert: () => Promise.reject(new Error('Service Spreadsheets timed out.')) }).bridge);
    await submit();
    expect($('bc-target-error').textContent).toBe('Service Spreadsheets timed out.');
    expect($('bc-status').textContent).toBe('');
    expect($<HTMLButtonElement>('bc-insert').disabled).toBe(false);
  });

  test('shows a general message when the failure carries no message', async () => {
    mountPanel(document, bridge({ insert: () => Promise.reject({ code: 500 }) }).bridge);
    await submit();
    expect($('bc-target-error').textContent).toBe('Something went wrong talking to the spreadsheet.');
  });
});

describe('text from the host is shown as text', () => {
  test('a selection that looks like HTML lands in the field as text', async () => {
    mountPanel(document, bridge({ selection: () => Promise.resolve(XSS) }).bridge);
    useSelection('costs').click();
    await settle();
    expect(input('costs').value).toBe(XSS);
    expect(document.querySelector('img')).toBeNull();
  });

  test('an invalid message that looks like HTML is shown as text', async () => {
    mountPanel(document, bridge({ insert: () => Promise.resolve({ status: 'invalid', field: 'costs', message: XSS }) }).bridge);
    await submit();
    expect($('bc-costs-error').textContent).toBe(XSS);
    expect(document.querySelector('img')).toBeNull();
  });

  test('a question that looks like HTML is shown as text', async () => {
    mountPanel(document, bridge({ insert: () => Promise.resolve({ status: 'confirm', message: XSS }) }).bridge);
    await submit();
    expect($('bc-confirm-text').textContent).toBe(XSS);
    expect(document.querySelector('img')).toBeNull();
  });

  test('an inserted formula and address that look like HTML are shown as text', async () => {
    mountPanel(document, bridge({ insert: () => Promise.resolve({ status: 'inserted', address: XSS, formula: XSS }) }).bridge);
    await submit();
    expect($('bc-status').textContent).toBe(`Inserted ${XSS} at ${XSS}.`);
    expect(document.querySelector('img')).toBeNull();
  });

  test('an error message that looks like HTML is shown as text', async () => {
    mountPanel(document, bridge({ insert: () => Promise.reject(new Error(XSS)), selection: () => Promise.reject(new Error(XSS)) }).bridge);
    await submit();
    useSelection('benefits').click();
    await settle();
    expect($('bc-target-error').textContent).toBe(XSS);
    expect($('bc-benefits-error').textContent).toBe(XSS);
    expect(document.querySelector('img')).toBeNull();
  });
});


describe('Score demand', () => {
  const run = async (id = 'sd-run') => {
    $<HTMLButtonElement>(id).click();
    await settle();
  };

  test('says what it wrote and what it left out', async () => {
    const b = bridge();
    mountPanel(document, b.bridge);
    await run();
    expect(b.scoreDemand).toHaveBeenCalledWith({});
    expect($('sd-status').textContent).toBe('Wrote BTM Score, BTM Rank at Demand!Q1:R2.');
    expect($('sd-notes').textContent).toBe('BTM WSJF needs the columns Time criticality, Risk reduction, Job size.');
  });

  test('shows the column used for each field, labelled, with every header to choose from', async () => {
    mountPanel(document, bridge().bridge);
    await run();
    expect($('sd-mapping').hidden).toBe(false);
    const selects = Array.from(document.querySelectorAll<HTMLSelectElement>('#sd-mapping-rows select'));
    expect(selects.map((x) => x.value)).toEqual(['Value', 'Cost', '']);
    expect(Array.from(selects[2].options).map((o) => o.textContent)).toEqual(['(not used)', 'Initiative', 'Value', 'Cost', 'Capex']);
    expect(document.querySelector(`label[for="${selects[0].id}"]`)?.textContent).toBe('Business value');
  });

  test('scores again with the columns the user chose', async () => {
    const b = bridge();
    mountPanel(document, b.bridge);
    await run();
    const selects = Array.from(document.querySelectorAll<HTMLSelectElement>('#sd-mapping-rows select'));
    selects[1].value = 'Capex';
    await run('sd-rerun');
    expect(b.scoreDemand).toHaveBeenLastCalledWith({ overrides: { 'Business value': 'Value', Cost: 'Capex', Risk: '' } });
  });

  test('shows why nothing was written when cells are in the way', async () => {
    const message = 'Nothing was written: the results need Demand!R3 empty. Move or clear that cell and run Score demand again.';
    mountPanel(document, bridge({ score: () => Promise.resolve({ status: 'blocked', message, cells: ['R3'] }) }).bridge);
    await run();
    expect($('sd-error').textContent).toBe(message);
    expect($('sd-mapping').hidden).toBe(true);
  });

  test('shows a host failure in plain words', async () => {
    mountPanel(document, bridge({ score: () => Promise.reject(new Error('The sheet is protected.')) }).bridge);
    await run();
    expect($('sd-error').textContent).toBe('The sheet is protected.');
  });

  test('writes the settings sheet and says where', async () => {
    const b = bridge();
    mountPanel(document, b.bridge);
    await run('sd-settings');
    expect(b.writeSettingsSheet).toHaveBeenCalledTimes(1);
    expect($('sd-status').textContent).toBe("Wrote the default settings at 'BTM Settings'!A1:D21. Edit them there; Score demand reads them.");
  });

  test('renders header names from the workbook as text', async () => {
    const evil: ScoreDemandResponse = { ...SCORED, tableHeaders: [XSS], mapping: { Cost: XSS }, fields: [XSS], skipped: [XSS] };
    mountPanel(document, bridge({ score: () => Promise.resolve(evil) }).bridge);
    await run();
    expect(document.querySelector('img')).toBeNull();
    expect($('sd-notes').textContent).toBe(XSS);
    expect(document.querySelector('#sd-mapping-rows label')?.textContent).toBe(XSS);
  });
});

describe('Plan capacity', () => {
  /** Lets awaited bridge calls finish while the clock is fake. */
  const flush = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  /** A planCapacity that stays open until the test answers, reporting through `report`. */
  function pending() {
    const state = {
      answer: (_r: PlanCapacityResponse) => undefined as void,
      report: (_p: Progress) => undefined as void,
    };
    const plan = (_r: PlanCapacityRequest, progress: (p: Progress) => void) =>
      new Promise<PlanCapacityResponse>((resolve) => {
        state.answer = resolve;
        state.report = progress;
      });
    return { state, plan };
  }
  const summary = () =>
    Array.from(document.querySelectorAll('#pc-summary dt')).map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]);

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('every control of the section is labelled', () => {
    mountPanel(document, bridge().bridge);
    const section = $('pc-title').closest('section')!;
    const controls = Array.from(section.querySelectorAll<HTMLElement>('input, progress'));
    expect(controls.map((c) => c.id)).toEqual(['pc-from', 'pc-to', 'pc-steps', 'pc-time', 'pc-progress']);
    for (const c of controls) expect(section.querySelector(`label[for="${c.id}"]`)).not.toBeNull();
    expect(document.querySelector('label[for="pc-time"]')!.textContent).toBe('Time limit per solve (seconds)');
    expect($('pc-run').textContent).toBe('Plan capacity');
    expect($('pc-cancel').hidden).toBe(true);
    expect($('pc-progress-box').hidden).toBe(true);
  });

  test('a quick run shows the result and never the progress bar', async () => {
    const b = bridge();
    mountPanel(document, b.bridge);
    $('pc-run').click();
    expect($('pc-status').textContent).toBe('Planning…');
    await flush();
    expect(b.planCapacity).toHaveBeenCalledTimes(1);
    expect(b.planCapacity.mock.calls[0][0]).toEqual({});
    expect($('pc-status').textContent).toBe('Wrote the plan to the BTM Capacity sheet.');
    expect(summary()).toEqual([
      ['Selected', '4 of 10 initiatives'],
      ['Total value', '820 (greedy by value per cost: 580; gain 240)'],
      ['Optimality', 'optimal (proven gap 0%)'],
      ['Binding constraints', 'budget in 2027-01; Developer in 2027-01'],
      ['Throughput of the selection', 'selective resourcing 640 vs even spreading 640 (gain 0)'],
      ['Throughput of the whole demand', 'selective resourcing 900 vs even spreading 250 (gain 650)'],
      ['Findings', '1 error, 6 warnings (listed on the BTM Capacity sheet)'],
    ]);
    expect($('pc-notes').textContent).toBe('AI runs past 2027-06: 1 of its 3 periods fall after it.');
    jest.advanceTimersByTime(5000);
    expect($('pc-progress-box').hidden).toBe(true);
    expect($('pc-cancel').hidden).toBe(true);
  });

  test('a run over a second shows the progress bar, its step and the Cancel button', async () => {
    const { state, plan } = pending();
    mountPanel(document, bridge({ plan }).bridge);
    $('pc-run').click();
    await flush();
    state.report({ step: 'Selecting among 200 initiatives', fraction: 0.05 });
    jest.advanceTimersByTime(999);
    expect($('pc-progress-box').hidden).toBe(true);
    jest.advanceTimersByTime(1);
    expect($('pc-progress-box').hidden).toBe(false);
    expect($('pc-cancel').hidden).toBe(false);
    expect($<HTMLProgressElement>('pc-progress').value).toBeCloseTo(0.05);
    expect($('pc-progress-step').textContent).toBe('Selecting among 200 initiatives');
    state.report({ step: 'Efficient frontier: budget level 3 of 10', fraction: 0.46 });
    expect($<HTMLProgressElement>('pc-progress').value).toBeCloseTo(0.46);
    expect($('pc-progress-label').textContent).toBe('Progress: Efficient frontier: budget level 3 of 10');
    expect($<HTMLButtonElement>('pc-run').disabled).toBe(true);
    state.answer(PLANNED);
    await flush();
    expect($('pc-progress-box').hidden).toBe(true);
    expect($('pc-cancel').hidden).toBe(true);
    expect($<HTMLButtonElement>('pc-run').disabled).toBe(false);
    expect($('pc-status').textContent).toBe('Wrote the plan to the BTM Capacity sheet.');
  });

  test('Cancel asks the bridge to stop and says "Cancelled" when the host stopped', async () => {
    const { state, plan } = pending();
    const b = bridge({ plan });
    mountPanel(document, b.bridge);
    $('pc-run').click();
    await flush();
    jest.advanceTimersByTime(1000);
    $('pc-cancel').click();
    expect(b.cancel).toHaveBeenCalledTimes(1);
    expect($('pc-status').textContent).toBe('Cancelling…');
    expect($<HTMLButtonElement>('pc-cancel').disabled).toBe(true);
    state.answer({ status: 'cancelled' });
    await flush();
    expect($('pc-status').textContent).toBe('Cancelled: nothing was written.');
    expect($('pc-summary').hidden).toBe(true);
    expect($('pc-progress-box').hidden).toBe(true);
    expect($<HTMLButtonElement>('pc-run').disabled).toBe(false);
  });

  test('sends one run when Run is pressed twice', async () => {
    const { state, plan } = pending();
    const b = bridge({ plan });
    mountPanel(document, b.bridge);
    $('pc-run').click();
    $('pc-run').click();
    state.answer(PLANNED);
    await flush();
    expect(b.planCapacity).toHaveBeenCalledTimes(1);
  });

  test('sends the frontier range and the time limit as typed', async () => {
    const b = bridge();
    mountPanel(document, b.bridge);
    $<HTMLInputElement>('pc-from').value = '1,000,000';
    $<HTMLInputElement>('pc-to').value = ' 2500000 ';
    $<HTMLInputElement>('pc-steps').value = '6';
    $<HTMLInputElement>('pc-time').value = '12.5';
    $('pc-run').click();
    await flush();
    expect(b.planCapacity.mock.calls[0][0]).toEqual({ frontier: { from: 1_000_000, to: 2_500_000, steps: 6 }, timeLimitSeconds: 12.5 });
  });

  test('a frontier range given in part is refused next to its fields, and nothing runs', async () => {
    const b = bridge();
    mountPanel(document, b.bridge);
    $<HTMLInputElement>('pc-from').value = '100';
    $('pc-run').click();
    await flush();
    expect(b.planCapacity).not.toHaveBeenCalled();
    expect($('pc-frontier-error').textContent).toBe(
      'Give the lowest budget, the highest budget and the number of levels, or leave all three empty for the default range.',
    );
    expect($('pc-to').getAttribute('aria-invalid')).toBe('true');
    expect($('pc-steps').getAttribute('aria-invalid')).toBe('true');
    expect($('pc-from').hasAttribute('aria-invalid')).toBe(false);
    expect($<HTMLDetailsElement>('pc-options').open).toBe(true);
    expect(document.activeElement).toBe($('pc-to'));
  });

  test('a budget that is no number, a range upside down, or a time limit of 0 are refused in plain words', async () => {
    const b = bridge();
    mountPanel(document, b.bridge);
    const set = (from: string, to: string, steps: string, time = '') => {
      $<HTMLInputElement>('pc-from').value = from;
      $<HTMLInputElement>('pc-to').value = to;
      $<HTMLInputElement>('pc-steps').value = steps;
      $<HTMLInputElement>('pc-time').value = time;
      $('pc-run').click();
    };
    set('lots', '200', '5');
    expect($('pc-frontier-error').textContent).toBe('"lots" is not a number: type budgets such as 1200000 or 1,200,000.');
    set('300', '200', '5');
    expect($('pc-frontier-error').textContent).toBe('The budgets must be 0 or more, the highest at least the lowest.');
    set('100', '200', '2.5');
    expect($('pc-frontier-error').textContent).toBe('The number of levels must be a whole number of at least 1.');
    set('', '', '', '0');
    expect($('pc-frontier-error').textContent).toBe('');
    expect($('pc-time-error').textContent).toBe('The time limit must be a number of seconds above 0, such as 30.');
    expect($('pc-time').getAttribute('aria-invalid')).toBe('true');
    await flush();
    expect(b.planCapacity).not.toHaveBeenCalled();
  });

  test('shows the host\'s reason when it plans nothing', async () => {
    const message = 'The workbook has no "Capacity" sheet. Add one with the roles in column A and the periods in row 1.';
    mountPanel(document, bridge({ plan: () => Promise.resolve({ status: 'invalid', message }) }).bridge);
    $('pc-run').click();
    await flush();
    expect($('pc-error').textContent).toBe(message);
    expect($('pc-status').textContent).toBe('');
    expect($('pc-summary').hidden).toBe(true);
  });

  test('shows a host failure in plain words', async () => {
    mountPanel(document, bridge({ plan: () => Promise.reject(new Error('Excel could not plan capacity: The workbook is protected.')) }).bridge);
    $('pc-run').click();
    await flush();
    expect($('pc-error').textContent).toBe('Excel could not plan capacity: The workbook is protected.');
    expect($<HTMLButtonElement>('pc-run').disabled).toBe(false);
  });

  test('a result within the time limit says so, with its gap', async () => {
    const timed: PlanCapacityResponse = { ...(PLANNED as Extract<PlanCapacityResponse, { status: 'written' }>), optimality: 'time-limit', gap: 0.0008, binding: [] };
    mountPanel(document, bridge({ plan: () => Promise.resolve(timed) }).bridge);
    $('pc-run').click();
    await flush();
    expect(summary()[2]).toEqual(['Optimality', 'best found within the time limit: proven gap 0.08%']);
    expect(summary()[3]).toEqual(['Binding constraints', 'none: budget and capacity have room left']);
  });

  test('initiative names and messages from the workbook are shown as text', async () => {
    const evil: PlanCapacityResponse = {
      ...(PLANNED as Extract<PlanCapacityResponse, { status: 'written' }>),
      binding: [`${XSS} requires CRM`],
      notes: [`${XSS} runs past 2027-06.`],
    };
    mountPanel(document, bridge({ plan: () => Promise.resolve(evil) }).bridge);
    $('pc-run').click();
    await flush();
    expect(summary()[3]).toEqual(['Binding constraints', `${XSS} requires CRM`]);
    expect($('pc-notes').textContent).toBe(`${XSS} runs past 2027-06.`);
    expect(document.querySelector('img')).toBeNull();
  });

  test('an invalid message and a progress step that look like HTML are shown as text', async () => {
    const { state, plan } = pending();
    mountPanel(document, bridge({ plan }).bridge);
    $('pc-run').click();
    await flush();
    state.report({ step: XSS, fraction: 0.1 });
    jest.advanceTimersByTime(1000);
    expect($('pc-progress-step').textContent).toBe(XSS);
    state.answer({ status: 'invalid', message: XSS });
    await flush();
    expect($('pc-error').textContent).toBe(XSS);
    expect(document.querySelector('img')).toBeNull();
  });
});

describe('Generate roadmap', () => {
  const generate = async (id = 'rm-run') => {
    $<HTMLButtonElement>(id).click();
    await settle();
  };
  const summary = () => Array.from(document.querySelectorAll('#rm-summary dt')).map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]);
  const notes = () => Array.from(document.querySelectorAll('#rm-notes li')).map((li) => li.textContent);
  const QUESTION = 'The BTM Roadmap sheet was edited since the add-in wrote it (B7 and 3 more cells). Replace it with the new roadmap?';

  test('every control of the section is labelled, and the question starts hidden', () => {
    mountPanel(document, bridge().bridge);
    const section = $('rm-title').closest('section')!;
    const controls = Array.from(section.querySelectorAll<HTMLElement>('input, select, textarea'));
    expect(controls.map((c) => c.id)).toEqual(['rm-lane']);
    expect(section.querySelector('label[for="rm-lane"]')!.textContent).toBe('Lanes from column');
    expect($('rm-lane').getAttribute('aria-describedby')).toBe('rm-lane-hint rm-lane-error');
    expect(Array.from(section.querySelectorAll('button')).map((b) => b.textContent)).toEqual(['Generate roadmap', 'Replace anyway', 'Keep my edits']);
    expect($('rm-confirm').hidden).toBe(true);
    expect($('rm-confirm').getAttribute('role')).toBe('alertdialog');
    expect($('rm-summary').hidden).toBe(true);
  });

  test('a run sends no lane when none is typed, then says what it wrote, placed and changed', async () => {
    const b = bridge();
    mountPanel(document, b.bridge);
    $<HTMLButtonElement>('rm-run').click();
    expect($('rm-status').textContent).toBe('Generating the roadmap…');
    expect($<HTMLButtonElement>('rm-run').disabled).toBe(true);
    await settle();
    expect(b.generateRoadmap.mock.calls).toEqual([[{}]]);
    expect($('rm-status').textContent).toBe('Wrote the roadmap to the BTM Roadmap sheet.');
    expect(summary()).toEqual([
      ['Initiatives', '12: 11 placed, 1 cannot be placed'],
      ['Changes since the last version', '2 new, 3 moved, 1 removed, 6 unchanged'],
      ['Columns used', 'Initiative: ID; Duration: Months'],
    ]);
    expect(notes()).toEqual(['Since the last version: 2 new, 3 moved, 1 removed.', 'AI needs 12 Developer FTE in a month; the most there is is 10.']);
    expect($<HTMLButtonElement>('rm-run').disabled).toBe(false);
  });

  test('the first version says there is nothing to compare with', async () => {
    const first: RoadmapResponse = { ...(ROADMAP as Extract<RoadmapResponse, { status: 'written' }>), changes: { added: 12, moved: 0, removed: 0, unchanged: 0, first: true } };
    mountPanel(document, bridge({ roadmap: () => Promise.resolve(first) }).bridge);
    await generate();
    expect(summary()[1]).toEqual(['Changes since the last version', 'first version: nothing to compare with']);
  });

  test('after a run the lane field offers the table\'s headers; the lane typed is sent trimmed', async () => {
    const b = bridge();
    mountPanel(document, b.bridge);
    expect($('rm-lane-options').children).toHaveLength(0);
    await generate();
    expect(Array.from(document.querySelectorAll<HTMLOptionElement>('#rm-lane-options option')).map((o) => o.value)).toEqual(['ID', 'Months', 'Value stream', 'Demand type']);
    $<HTMLInputElement>('rm-lane').value = '  Demand type ';
    await generate();
    expect(b.generateRoadmap).toHaveBeenLastCalledWith({ lane: 'Demand type' });
  });

  test('Enter in the lane field runs it too', async () => {
    const b = bridge();
    mountPanel(document, b.bridge);
    $<HTMLInputElement>('rm-lane').value = 'Team';
    $('rm-lane').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await settle();
    expect(b.generateRoadmap.mock.calls).toEqual([[{ lane: 'Team' }]]);
  });

  test('a confirm answer shows the question with the focus on "Keep my edits"; nothing is said written', async () => {
    mountPanel(document, bridge({ roadmap: () => Promise.resolve({ status: 'confirm', message: QUESTION }) }).bridge);
    await generate();
    expect($('rm-confirm').hidden).toBe(false);
    expect($('rm-confirm-text').textContent).toBe(QUESTION);
    expect(document.activeElement).toBe($('rm-confirm-no'));
    expect($('rm-status').textContent).toBe('');
    expect($('rm-summary').hidden).toBe(true);
  });

  test('"Replace anyway" resends the same request with replace: true and shows the result', async () => {
    const answers: RoadmapResponse[] = [{ status: 'confirm', message: QUESTION }, ROADMAP];
    const b = bridge({ roadmap: () => Promise.resolve(answers.shift()!) });
    mountPanel(document, b.bridge);
    $<HTMLInputElement>('rm-lane').value = 'Value stream';
    await generate();
    $<HTMLInputElement>('rm-lane').value = 'something typed meanwhile';
    await generate('rm-confirm-yes');
    expect(b.generateRoadmap.mock.calls).toEqual([[{ lane: 'Value stream' }], [{ lane: 'Value stream', replace: true }]]);
    expect($('rm-confirm').hidden).toBe(true);
    expect($('rm-status').textContent).toBe('Wrote the roadmap to the BTM Roadmap sheet.');
  });

  test('"Replace anyway" pressed twice while the host works sends one replace', async () => {
    let answer: (r: RoadmapResponse) => void = () => undefined;
    const answers: (() => Promise<RoadmapResponse>)[] = [() => Promise.resolve({ status: 'confirm', message: QUESTION }), () => new Promise((resolve) => (answer = resolve))];
    const b = bridge({ roadmap: () => answers.shift()!() });
    mountPanel(document, b.bridge);
    await generate();
    $('rm-confirm-yes').click();
    $('rm-confirm-yes').click();
    $('rm-run').click();
    answer(ROADMAP);
    await settle();
    expect(b.generateRoadmap).toHaveBeenCalledTimes(2);
  });

  test('"Keep my edits" writes nothing and says so', async () => {
    const b = bridge({ roadmap: () => Promise.resolve({ status: 'confirm', message: QUESTION }) });
    mountPanel(document, b.bridge);
    await generate();
    $('rm-confirm-no').click();
    await settle();
    expect(b.generateRoadmap).toHaveBeenCalledTimes(1);
    expect($('rm-confirm').hidden).toBe(true);
    expect($('rm-status').textContent).toBe('Nothing was written: your edits to the roadmap sheet are kept.');
  });

  test('an invalid answer shows its message under the Run button', async () => {
    const message = 'Add a "Duration" column to the demand table: the roadmap needs how many months each initiative takes.';
    mountPanel(document, bridge({ roadmap: () => Promise.resolve({ status: 'invalid', message }) }).bridge);
    await generate();
    expect($('rm-error').textContent).toBe(message);
    expect($('rm-lane-error').textContent).toBe('');
    expect($('rm-status').textContent).toBe('');
  });

  test('an invalid answer about a lane the table lacks shows next to the lane field, which it marks', async () => {
    const message = 'The demand table has no column "Tema" for the lanes.';
    const answers: RoadmapResponse[] = [ROADMAP, { status: 'invalid', message }, ROADMAP];
    mountPanel(document, bridge({ roadmap: () => Promise.resolve(answers.shift()!) }).bridge);
    await generate(); // learns the headers
    $<HTMLInputElement>('rm-lane').value = 'Tema';
    await generate();
    expect($('rm-lane-error').textContent).toBe(message);
    expect($('rm-error').textContent).toBe('');
    expect($('rm-lane').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe($('rm-lane'));
    $<HTMLInputElement>('rm-lane').value = 'Value stream';
    await generate();
    expect($('rm-lane-error').textContent).toBe('');
    expect($('rm-lane').hasAttribute('aria-invalid')).toBe(false);
  });

  test('before any run, an invalid answer quoting the lane typed shows next to the lane field', async () => {
    const message = 'No column of the demand table is headed "Tema": pick the lane column among "ID", "Months", "Value stream".';
    mountPanel(document, bridge({ roadmap: () => Promise.resolve({ status: 'invalid', message }) }).bridge);
    $<HTMLInputElement>('rm-lane').value = 'Tema';
    await generate();
    expect($('rm-lane-error').textContent).toBe(message);
    expect($('rm-error').textContent).toBe('');
  });

  test('a host failure is shown in plain words and the button works again', async () => {
    mountPanel(document, bridge({ roadmap: () => Promise.reject(new Error('Excel could not generate the roadmap: The workbook is protected. (AccessDenied)')) }).bridge);
    await generate();
    expect($('rm-error').textContent).toBe('Excel could not generate the roadmap: The workbook is protected. (AccessDenied)');
    expect($<HTMLButtonElement>('rm-run').disabled).toBe(false);
  });

  test('names, headers and messages from the workbook are shown as text', async () => {
    const evil: RoadmapResponse = {
      ...(ROADMAP as Extract<RoadmapResponse, { status: 'written' }>),
      summary: [XSS],
      notes: [`${XSS} waits for CRM`],
      mapping: { Initiative: XSS },
      tableHeaders: [XSS],
    };
    const answers: RoadmapResponse[] = [evil, { status: 'confirm', message: XSS }, { status: 'invalid', message: XSS }];
    mountPanel(document, bridge({ roadmap: () => Promise.resolve(answers.shift()!) }).bridge);
    await generate();
    expect(notes()).toEqual([XSS, `${XSS} waits for CRM`]);
    expect(summary()[2]).toEqual(['Columns used', `Initiative: ${XSS}`]);
    expect(document.querySelector<HTMLOptionElement>('#rm-lane-options option')!.value).toBe(XSS);
    await generate();
    expect($('rm-confirm-text').textContent).toBe(XSS);
    await generate();
    expect($('rm-error').textContent).toBe(XSS);
    expect(document.querySelector('img')).toBeNull();
  });
});

describe('Repair BTM formulas', () => {
  const repair = async () => {
    $<HTMLButtonElement>('rf-run').click();
    await settle();
  };

  test('the section has a heading, one described Run button and no unlabelled controls', () => {
    mountPanel(document, bridge().bridge);
    const section = $('rf-title').closest('section')!;
    expect($('rf-title').textContent).toBe('Repair BTM formulas');
    expect(section.getAttribute('aria-labelledby')).toBe('rf-title');
    expect(section.querySelectorAll('input, select, textarea')).toHaveLength(0);
    expect(Array.from(section.querySelectorAll('button')).map((b) => b.textContent)).toEqual(['Repair BTM formulas']);
    expect($('rf-run').getAttribute('aria-describedby')).toBe('rf-hint');
    expect($('rf-hint').textContent).toContain('Text and numbers are never changed');
    expect($('rf-status').getAttribute('role')).toBe('status');
    expect($('rf-error').getAttribute('role')).toBe('alert');
  });

  test('a run says it is working, then shows the report; the button works again', async () => {
    let answer: (r: RepairResponse) => void = () => undefined;
    const b = bridge({ repair: () => new Promise((resolve) => (answer = resolve)) });
    mountPanel(document, b.bridge);
    $<HTMLButtonElement>('rf-run').click();
    expect($('rf-status').textContent).toBe('Repairing the BTM formulas…');
    expect($<HTMLButtonElement>('rf-run').disabled).toBe(true);
    $<HTMLButtonElement>('rf-run').click(); // pressed again while the host works: one call
    answer(REPAIRED);
    await settle();
    expect(b.repairFormulas).toHaveBeenCalledTimes(1);
    expect(b.repairFormulas.mock.calls).toEqual([[]]);
    expect($('rf-status').textContent).toBe(`${REPAIRED.report}.`);
    expect($('rf-error').textContent).toBe('');
    expect($<HTMLButtonElement>('rf-run').disabled).toBe(false);
  });

  test('nothing to repair is said as such', async () => {
    mountPanel(document, bridge({ repair: () => Promise.resolve({ status: 'nothing', report: "Nothing to repair: no formula uses the other host's spelling" }) }).bridge);
    await repair();
    expect($('rf-status').textContent).toBe("Nothing to repair: no formula uses the other host's spelling.");
  });

  test('a host failure is shown in plain words and a later run clears it', async () => {
    const answers: (() => Promise<RepairResponse>)[] = [() => Promise.reject(new Error('Excel could not repair the BTM formulas: The sheet is protected. (AccessDenied)')), () => Promise.resolve(REPAIRED)];
    mountPanel(document, bridge({ repair: () => answers.shift()!() }).bridge);
    await repair();
    expect($('rf-error').textContent).toBe('Excel could not repair the BTM formulas: The sheet is protected. (AccessDenied)');
    expect($('rf-status').textContent).toBe('');
    expect($<HTMLButtonElement>('rf-run').disabled).toBe(false);
    await repair();
    expect($('rf-error').textContent).toBe('');
    expect($('rf-status').textContent).toBe(`${REPAIRED.report}.`);
  });

  test('sheet names in the report are shown as text', async () => {
    mountPanel(document, bridge({ repair: () => Promise.resolve({ status: 'repaired', report: `Repaired 1 formula in 1 sheet: ${XSS} (1)`, sheets: [{ sheet: XSS, cells: 1 }] }) }).bridge);
    await repair();
    expect($('rf-status').textContent).toBe(`Repaired 1 formula in 1 sheet: ${XSS} (1).`);
    expect(document.querySelector('img')).toBeNull();
  });
});

describe('Insert template', () => {
  const insert = async () => {
    $<HTMLButtonElement>('it-run').click();
    await settle();
  };
  const items = (id: string) => Array.from($(id).querySelectorAll('li')).map((li) => li.textContent);

  test('the section has a heading, one described button, an explanation and no fields', () => {
    mountPanel(document, bridge().bridge);
    const section = $('it-title').closest('section')!;
    expect($('it-title').textContent).toBe('Insert template');
    expect(section.getAttribute('aria-labelledby')).toBe('it-title');
    expect(section.querySelectorAll('input, select, textarea')).toHaveLength(0);
    expect(Array.from(section.querySelectorAll('button')).map((b) => b.textContent)).toEqual(['Insert template']);
    expect($('it-run').getAttribute('aria-describedby')).toBe('it-hint it-error');
    expect($('it-hint').textContent).toContain('never changed');
    expect($('it-status').getAttribute('role')).toBe('status');
    expect($('it-error').getAttribute('role')).toBe('alert');
    expect($('it-sheets').hidden).toBe(true);
    // The sidebar gets the same section.
    loadPanel('sheets');
    mountPanel(document, bridge().bridge);
    expect($('it-title').textContent).toBe('Insert template');
  });

  test('a click asks the host once, says it is working, then lists the sheets created and each rename', async () => {
    let answer: (r: InsertTemplateResponse) => void = () => undefined;
    const b = bridge({ template: () => new Promise((resolve) => (answer = resolve)) });
    mountPanel(document, b.bridge);
    $<HTMLButtonElement>('it-run').click();
    expect($('it-status').textContent).toBe('Inserting the template…');
    expect($<HTMLButtonElement>('it-run').disabled).toBe(true);
    $<HTMLButtonElement>('it-run').click(); // pressed again while the host works: one call
    answer(TEMPLATE_INSERTED);
    await settle();
    expect(b.insertTemplate).toHaveBeenCalledTimes(1);
    expect(b.insertTemplate.mock.calls).toEqual([[]]);
    expect($('it-status').textContent).toBe('Inserted the template: 6 sheets and 24 named lists.');
    expect($('it-sheets').hidden).toBe(false);
    expect(items('it-sheets')).toEqual(TEMPLATE_INSERTED.status === 'inserted' ? [...TEMPLATE_INSERTED.sheets] : []);
    expect(items('it-renamed')).toEqual([
      'The workbook has a sheet "Demand": the template\'s is "Demand (2)".',
      'The workbook has a sheet "BTM Settings": the template\'s is "BTM Settings (2)".',
    ]);
    expect($('it-error').textContent).toBe('');
    expect($<HTMLButtonElement>('it-run').disabled).toBe(false);
  });

  test('no clash: no rename lines', async () => {
    mountPanel(document, bridge({ template: () => Promise.resolve({ status: 'inserted', sheets: ['Read me', 'Demand'], names: 1, renamed: [] }) }).bridge);
    await insert();
    expect($('it-status').textContent).toBe('Inserted the template: 2 sheets and 1 named list.');
    expect(items('it-sheets')).toEqual(['Read me', 'Demand']);
    expect(items('it-renamed')).toEqual([]);
  });

  test('an invalid answer is shown next to the button as text, and a later run clears it', async () => {
    const answers: (() => Promise<InsertTemplateResponse>)[] = [
      () => Promise.resolve({ status: 'invalid', message: `Excel could not insert the template: ${XSS}. Nothing was inserted.` }),
      () => Promise.resolve(TEMPLATE_INSERTED),
    ];
    mountPanel(document, bridge({ template: () => answers.shift()!() }).bridge);
    await insert();
    expect($('it-error').textContent).toBe(`Excel could not insert the template: ${XSS}. Nothing was inserted.`);
    expect($('it-error').closest('section')).toBe($('it-run').closest('section'));
    expect(document.querySelector('img')).toBeNull();
    expect($('it-status').textContent).toBe('');
    expect($('it-sheets').hidden).toBe(true);
    await insert();
    expect($('it-error').textContent).toBe('');
    expect($('it-status').textContent).toBe('Inserted the template: 6 sheets and 24 named lists.');
  });

  test('a failing host is shown in plain words', async () => {
    mountPanel(document, bridge({ template: () => Promise.reject(new Error('Google Sheets could not insert the template: Service Spreadsheets timed out.')) }).bridge);
    await insert();
    expect($('it-error').textContent).toBe('Google Sheets could not insert the template: Service Spreadsheets timed out.');
    expect($('it-status').textContent).toBe('');
    expect($<HTMLButtonElement>('it-run').disabled).toBe(false);
  });

  test('sheet names and rename sentences from the host are shown as text', async () => {
    mountPanel(document, bridge({ template: () => Promise.resolve({ status: 'inserted', sheets: [XSS], names: 0, renamed: [`The workbook has a sheet "${XSS}".`] }) }).bridge);
    await insert();
    expect($('it-status').textContent).toBe('Inserted the template: 1 sheet.');
    expect(items('it-sheets')).toEqual([XSS]);
    expect(items('it-renamed')).toEqual([`The workbook has a sheet "${XSS}".`]);
    expect(document.querySelector('img')).toBeNull();
  });
});
