// `btm template` and `btm score` (issue 6): run in-process over .xlsx files in a temporary folder;
// outputs are read back with readXlsx and, for the package parts, unzipped.
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { MemoryWorkbook } from '../xlsx/memory-workbook';
import { EXAMPLE, copyExample, read, run, save, temporaryFolders } from './support/cli';
import { hasWebExtension } from '../xlsx/package-parts';
import { DEFAULT_SETTINGS, SETTINGS_SHEET, settingsToGrid } from '../core/demand/settings';

const folder = temporaryFolders('btm-cli-ts-');
const round1 = (v: unknown) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v);

describe('btm template', () => {
  it('creates a new template workbook with its sheets, names, drop-downs, web extension and computed formulas', async () => {
    const d = folder('new');
    const file = path.join(d, 'template.xlsx');
    const r = await run(['template', file, '--year', '2027']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/template\.xlsx\s+written\s+6 sheets/);

    const book = await read(file);
    expect(book.sheets.map((s) => s.name)).toEqual(['Read me', 'Demand', 'Business cases', 'Capacity', 'BTM Roadmap', 'BTM Settings']);
    expect(book.names()).toHaveLength(38);
    expect(book.names().find((n) => n.name === 'BTM_DemandTypes')).toEqual({ name: 'BTM_DemandTypes', sheet: 'BTM Settings', range: '$B$43:$B$45' });
    const demand = book.sheet('Demand')!;
    expect(demand.validations.map((v) => [v.range, v.source])).toEqual([
      ['C4:C203', 'BTM_ValueStreams'],
      ['D4:D203', 'BTM_DemandTypes'],
      ['E4:E203', 'BTM_Approaches'],
      ['L4:R203', 'BTM_CheckAnswers'],
      ['Y4:Y203', 'BTM_ForcedChoices'],
    ]);
    // The add-in's formulas as Excel stores them, with their values cached and spilled.
    const score = demand.cell(4, 30);
    expect(score.formula).toBe('=_xldudf_BTM_SCORE(BTM_Demand_Criteria,BTM_Weights,BTM_Directions,"minmax",BTM_Demand_Type)');
    expect([4, 5, 6, 7, 8].map((r) => round1(demand.cell(r, 30).value))).toEqual([84.6, 41, 59, 23.1, 59]);
    expect(demand.spillAt(4, 30)).toEqual({ row: 4, col: 30, rows: 5, cols: 1 });
    expect([4, 5, 6, 7, 8].map((r) => demand.cell(r, 31).value)).toEqual([1, 4, 2, 5, 3]);
    expect([4, 5, 6, 7, 8].map((r) => demand.cell(r, 32).value)).toEqual(['Flow approval', 'Escalate: Financing', 'Flow approval', 'Flow approval', 'Escalate: Architecture']);
    // Escalated or between the thresholds (40 and 60): passed forward to portfolio steering.
    expect([4, 5, 6, 7, 8].map((r) => demand.cell(r, 33).value)).toEqual(['Include', 'Pass forward', 'Pass forward', 'Reject', 'Pass forward']);
    // Value takes the NPV of the business case (an ordinary formula with its value).
    expect(demand.cell(4, 19)).toMatchObject({ formula: '=BTM_CUS_01_NPV', value: 498226.33 });
    const cases = book.sheet('Business cases')!;
    expect(cases.cell(4, 9).formula).toBe('=_xldudf_BTM_BUSINESSCASE(BTM_CUS_01_Rate,BTM_CUS_01_Costs,BTM_CUS_01_Benefits)');
    expect(cases.cell(7, 9).value).toBe('NPV (period 0 undiscounted)');
    expect(round1(cases.cell(7, 10).value)).toBe(498226.3);

    // Excel offers the add-in; spills are dynamic arrays, not legacy array formulas.
    const bytes = fs.readFileSync(file);
    expect(await hasWebExtension(bytes)).toBe(true);
    const zip = await JSZip.loadAsync(bytes);
    const sheet2 = await zip.file('xl/worksheets/sheet2.xml')!.async('string');
    expect(sheet2).toMatch(/<c r="AD4"[^>]* cm="1"[^>]*><f t="array" ref="AD4:AD8">_xldudf_BTM_SCORE\(/);
    expect(zip.file('xl/metadata.xml')).not.toBeNull();
  });

  it('does not replace a workbook already at the --out target of a new template', async () => {
    const d = folder('new-out');
    const outDir = path.join(d, 'out');
    fs.mkdirSync(outDir);
    const existing = path.join(outDir, 'plan.xlsx');
    fs.writeFileSync(existing, 'not a template');
    const r = await run(['template', path.join(d, 'plan.xlsx'), '--out', outDir, '--year', '2027']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already exists; it is not overwritten/);
    expect(fs.readFileSync(existing, 'utf8')).toBe('not a template');
  });

  it('inserts into an existing workbook without touching its sheets; clashing names get a suffix and are reported', async () => {
    const d = folder('insert');
    const input = copyExample(path.join(d, 'portfolio.xlsx'));
    const before = fs.readFileSync(input);
    const r = await run(['template', input]);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      `btm template: ${input}: The workbook has a sheet "Demand": the template's is "Demand (2)".`,
      `btm template: ${input}: The workbook has a sheet "Business cases": the template's is "Business cases (2)".`,
      `btm template: ${input}: The workbook has a sheet "Capacity": the template's is "Capacity (2)".`,
      `btm template: ${input}: The workbook has a sheet "BTM Settings": the template's is "BTM Settings (2)".`,
    ]);
    expect(fs.readFileSync(input).equals(before)).toBe(true);
    const original = await read(input);
    const result = await read(path.join(d, 'portfolio-template.xlsx'));
    expect(result.sheets.map((s) => s.name)).toEqual([
      'Demand', 'Business cases', 'Capacity', 'BTM Settings',
      'Read me', 'Demand (2)', 'Business cases (2)', 'Capacity (2)', 'BTM Roadmap', 'BTM Settings (2)',
    ]);
    for (const s of original.sheets) expect([s.name, result.sheet(s.name)!.values()]).toEqual([s.name, s.values()]);
    // The template's formulas read the template's own sheets.
    expect(result.names().find((n) => n.name === 'BTM_Weights')?.sheet).toBe('BTM Settings (2)');
    expect(round1(result.sheet('Demand (2)')!.cell(4, 30).value)).toBe(84.6);
  });

  it('refuses a new file name that is not .xlsx', async () => {
    const r = await run(['template', path.join(folder('bad-name'), 'template.txt')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/template\.txt: no such file; to create a new template workbook, give a name ending in \.xlsx\./);
  });
});

describe('btm score', () => {
  it('writes Score demand\'s formula columns with computed values beside the sample portfolio\'s table', async () => {
    const d = folder('score');
    const input = copyExample(path.join(d, 'portfolio.xlsx'));
    const r = await run(['score', input]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.results[0]).toMatchObject({ status: 'written', scored: 60, count: '60 rows scored', value: 'top: OPS-17, OPS-14, OPS-03' });
    const book = await read(path.join(d, 'portfolio-scored.xlsx'));
    const demand = book.sheet('Demand')!;
    expect(demand.values()[2].slice(29, 34)).toEqual(['BTM Score', 'BTM Rank', 'BTM Check', 'BTM Proposal', 'BTM WSJF']);
    expect(demand.cell(4, 30).formula).toMatch(/^=_xldudf_BTM_SCORE\(F4:K63,\{3,3,2,2,2,1\},\{1,1,1,1,-1,-1\},"minmax",D4:D63\)$/);
    expect(demand.spillAt(4, 30)).toEqual({ row: 4, col: 30, rows: 60, cols: 1 });
    const ranks = Array.from({ length: 60 }, (_, k) => demand.cell(4 + k, 31).value);
    expect([...ranks].sort((a, b) => (a as number) - (b as number))).toEqual(Array.from({ length: 60 }, (_, k) => k + 1));
    const scores = Array.from({ length: 60 }, (_, k) => demand.cell(4 + k, 30).value);
    expect(scores.every((v) => typeof v === 'number' && v >= 0 && v <= 100)).toBe(true);
    // The best ranked row has the highest score.
    const best = ranks.indexOf(1);
    expect(scores[best]).toBe(Math.max(...(scores as number[])));
    expect(demand.cell(4 + best, 1).value).toBe('OPS-17');
  });

  it('scores again over its own columns, with the same values', async () => {
    const d = folder('score-twice');
    const input = copyExample(path.join(d, 'p.xlsx'));
    expect((await run(['score', input])).code).toBe(0);
    const first = await read(path.join(d, 'p-scored.xlsx'));
    const again = await run(['score', path.join(d, 'p-scored.xlsx')]);
    expect(again.code).toBe(0);
    const second = await read(path.join(d, 'p-scored-scored.xlsx'));
    expect(second.sheet('Demand')!.values()).toEqual(first.sheet('Demand')!.values());
  });

  it('template, then score, plan and roadmap: the chain a DMO runs, read back', async () => {
    const d = folder('chain');
    const file = path.join(d, 'vs.xlsx');
    expect((await run(['template', file, '--year', '2027'])).code).toBe(0);
    expect((await run(['score', file, '--in-place'])).code).toBe(0);
    const plan = await run(['plan', file, '--in-place', '--time-limit', '5']);
    expect(plan.results[0]).toMatchObject({ status: 'written', selected: 3 });
    const roadmap = await run(['roadmap', file, '--in-place']);
    // The template's empty roadmap is replaced without --replace.
    expect(roadmap.results[0]).toMatchObject({ status: 'written', placed: 5 });
    const book = await read(file);
    const demand = book.sheet('Demand')!;
    // Score demand rewrote its own columns (range formulas now) with the same values.
    expect(demand.cell(4, 30).formula).toMatch(/^=_xldudf_BTM_SCORE\(F4:K8,/);
    expect([4, 5, 6, 7, 8].map((r) => round1(demand.cell(r, 30).value))).toEqual([84.6, 41, 59, 23.1, 59]);
    const rows = book.sheet('BTM Roadmap')!.values();
    expect(rows[1][0]).toBe('Placed: 5 of 5');
    const line = (id: string) => rows.find((row) => row[0] === id)!;
    expect(line('CUS-01').slice(4, 6)).toEqual(['2027-01', '2027-06']);
    expect(line('CUS-02').slice(4, 6)).toEqual(['2027-07', '2027-09']);
    expect(line('FIN-01').slice(4, 6)).toEqual(['2027-03', '2027-06']);
    expect(line('OPS-01').slice(4, 6)).toEqual(['2027-07', '2027-12']);
    // Still a BTM workbook for Excel.
    expect(await hasWebExtension(fs.readFileSync(file))).toBe(true);
  });

  it('a 50,000-row demand table completes, every row scored', async () => {
    const d = folder('big');
    const book = new MemoryWorkbook();
    const demand = book.createSheet('Demand');
    const criteria = DEFAULT_SETTINGS.criteria.map((c) => c.name);
    const header = ['ID', 'Name', 'Demand type', ...criteria];
    header.forEach((h, c) => demand.setCell(1, c + 1, { value: h }));
    const types = ['Capability planning', 'Ideas & concepts', 'Increments & improvements'];
    for (let i = 0; i < 50_000; i++) {
      const row = [`D${i + 1}`, `Initiative ${i + 1}`, types[i % 3], ...criteria.map((_, k) => 1 + ((i * (k + 3)) % 5))];
      row.forEach((v, c) => demand.setCell(2 + i, c + 1, { value: v }));
    }
    const settings = book.createSheet(SETTINGS_SHEET);
    settingsToGrid(DEFAULT_SETTINGS).forEach((line, r) => line.forEach((v, c) => settings.setCell(r + 1, c + 1, { value: v })));
    const input = await save(book, path.join(d, 'big.xlsx'));
    const started = Date.now();
    const r = await run(['score', input]);
    const seconds = (Date.now() - started) / 1000;
    expect(r.stderr).toBe('');
    expect(r.results[0]).toMatchObject({ status: 'written', scored: 50_000 });
    const out = await read(path.join(d, 'big-scored.xlsx'));
    const sheet = out.sheet('Demand')!;
    expect(sheet.cell(1, 10).value).toBe('BTM Score');
    expect(sheet.spillAt(2, 10)).toEqual({ row: 2, col: 10, rows: 50_000, cols: 1 });
    expect(typeof sheet.cell(50_001, 10).value).toBe('number');
    expect(typeof sheet.cell(50_001, 11).value).toBe('number');
    process.stdout.write(`btm score on 50,000 rows: ${seconds.toFixed(1)} s\n`);
  }, 240_000);
});

describe('broken and hostile files', () => {
  it('a file that is not a workbook is reported and skipped; the others are still written', async () => {
    const d = folder('broken');
    const good = copyExample(path.join(d, 'good.xlsx'));
    const text = path.join(d, 'notes.xlsx');
    fs.writeFileSync(text, 'just some text');
    const truncated = path.join(d, 'cut.xlsx');
    fs.writeFileSync(truncated, fs.readFileSync(EXAMPLE).subarray(0, 2000));
    const r = await run(['score', text, good, truncated]);
    expect(r.code).toBe(1);
    expect(r.results.map((x) => x.status)).toEqual(['failed', 'written', 'failed']);
    expect(r.stderr).toContain(`btm score: ${text}: The file is not an .xlsx workbook: it is not a zip archive.`);
    expect(r.stderr).toMatch(new RegExp(`btm score: ${truncated.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: The file is damaged`));
    expect(fs.existsSync(path.join(d, 'good-scored.xlsx'))).toBe(true);
    expect(fs.existsSync(path.join(d, 'notes-scored.xlsx'))).toBe(false);
  });

  it('text that looks like a formula stays text through score, and no cached value is a formula', async () => {
    const d = folder('hostile');
    const book = await read(EXAMPLE);
    const NAME = '=HYPERLINK("https://example.com/steal","Click me")';
    book.sheet('Demand')!.setCell(5, 2, { value: NAME });
    book.sheet('Demand')!.setCell(6, 2, { value: '<img src=x onerror=alert(1)>' });
    const input = await save(book, path.join(d, 'hostile.xlsx'));
    const r = await run(['score', input]);
    expect(r.code).toBe(0);
    const out = await read(path.join(d, 'hostile-scored.xlsx'));
    expect(out.sheet('Demand')!.cell(5, 2)).toMatchObject({ value: NAME, formula: '' });
    expect(out.sheet('Demand')!.cell(6, 2)).toMatchObject({ value: '<img src=x onerror=alert(1)>', formula: '' });
    out.sheet('Demand')!.forEachCell((_r, _c, cell) => expect(cell.formula).not.toMatch(/HYPERLINK/i));
  });

  it('a demand table without criteria is refused with the core\'s message naming what is missing', async () => {
    const d = folder('no-criteria');
    const book = new MemoryWorkbook();
    const s = book.createSheet('Demand');
    ['ID', 'Colour'].forEach((h, c) => s.setCell(1, c + 1, { value: h }));
    ['A', 'blue'].forEach((v, c) => s.setCell(2, c + 1, { value: v }));
    const input = await save(book, path.join(d, 'plain.xlsx'));
    const r = await run(['score', input]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No column is named after a scoring criterion');
  });
});
