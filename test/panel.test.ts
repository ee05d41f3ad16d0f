/** @jest-environment jsdom */
// The shared panel (panel/panel.html + panel/panel.ts) in a DOM, on a fake HostBridge: what a
// person sees and what the host is asked to do.
import fs from 'node:fs';
import path from 'node:path';
import { mountPanel } from '../panel/panel';
import type { HostBridge } from '../panel/bridge';
import type { InsertRequest, InsertResponse, ScoreDemandRequest, ScoreDemandResponse } from '../core';

const TEMPLATE = fs.readFileSync(path.resolve(__dirname, '..', 'panel', 'panel.html'), 'utf8');

/** Renders the template's two kinds of tags for one host, as html-webpack-plugin does. */
function render(host: 'excel' | 'sheets'): string {
  const html = TEMPLATE.replace(/<% if \(host === '(\w+)'\) \{ %>([\s\S]*?)<% \} %>/g, (_m, h: string, body: string) => (h === host ? body : '')).replace(
    /<%= host %>/g,
    host,
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

function bridge(
  over: Partial<{
    selection: () => Promise<string>;
    insert: (r: InsertRequest) => Promise<InsertResponse>;
    score: (r: ScoreDemandRequest) => Promise<ScoreDemandResponse>;
  }> = {},
) {
  const selection = jest.fn(over.selection ?? (() => Promise.resolve('Sheet1!B2:B4')));
  const insertBusinessCase = jest.fn(over.insert ?? (() => Promise.resolve(INSERTED)));
  const scoreDemand = jest.fn(over.score ?? (() => Promise.resolve(SCORED)));
  const writeSettingsSheet = jest.fn(() => Promise.resolve({ status: 'created' as const, address: "'BTM Settings'!A1:D21" }));
  const b: HostBridge = { host: 'excel', selection, insertBusinessCase, scoreDemand, writeSettingsSheet };
  return { bridge: b, selection, insertBusinessCase, scoreDemand, writeSettingsSheet };
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
    expect(document.querySelector('details')!.open).toBe(true);
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
