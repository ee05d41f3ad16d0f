// The command line (issue 6, "Command line"): `btm plan` and `btm roadmap` run in-process over
// .xlsx files in a temporary folder, with stdout and stderr captured. Outputs are read back with
// readXlsx; inputs are compared byte for byte before and after.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, tableTopLeft } from '../cli/commands';
import { copyExample, read, run, save, temporaryFolders } from './support/cli';
import { CAPACITY_SHEET } from '../core/commands/plan-capacity';
import { DEMAND_HEADERS, DEMAND_HEADER_ROW } from '../core/template/template';
import { DEMAND_SHEET, buildPortfolio } from '../examples/generate-portfolio';

const folder = temporaryFolders('btm-cli-');

describe('btm plan', () => {
  it('writes NAME-planned.xlsx with the BTM Capacity sheet, the selected rows as the response counts, and leaves the input alone', async () => {
    const d = folder('plan');
    const input = copyExample(path.join(d, 'portfolio.xlsx'));
    const before = fs.readFileSync(input);
    const out = path.join(d, 'results');
    const r = await run(['plan', input, '--out', out, '--time-limit', '2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const target = path.join(out, 'portfolio-planned.xlsx');
    expect(r.results).toEqual([expect.objectContaining({ file: input, status: 'written', output: target })]);
    // 33 when the solver proves the optimum within the 2 s; a busy machine may stop it earlier.
    const selected = r.results[0].selected!;
    expect(selected).toBeGreaterThanOrEqual(30);
    expect(r.stdout).toMatch(/File\s+Status\s+Selected\s+Value\s+Output/);
    expect(r.stdout).toMatch(new RegExp(`${selected} of 60 selected\\s+[\\d,]+ \\((optimal|gap [\\d.]+%)\\)`));
    expect(fs.readFileSync(input).equals(before)).toBe(true);

    const book = await read(target);
    expect(book.sheets.map((s) => s.name)).toEqual([...(await read(input)).sheets.map((s) => s.name), 'BTM Capacity']);
    const chosen = book.sheet('BTM Capacity')!.values().filter((row) => row[1] === 'yes');
    expect(chosen).toHaveLength(selected);
    expect(chosen.map((row) => row[0])).toEqual(expect.arrayContaining(['FIN-02', 'OPS-05']));
  });
});

describe('btm roadmap', () => {
  it('writes the BTM Roadmap sheet beside the input; a hand-edited roadmap needs --replace; --in-place writes the input', async () => {
    const d = folder('roadmap');
    const input = copyExample(path.join(d, 'portfolio.xlsx'));
    const before = fs.readFileSync(input);
    const r = await run(['roadmap', input]);
    expect(r.code).toBe(0);
    const target = path.join(d, 'portfolio-roadmap.xlsx');
    expect(r.results).toEqual([expect.objectContaining({ status: 'written', output: target, placed: 46 })]);
    expect(r.stdout).toContain('46 of 60 placed');
    expect(fs.readFileSync(input).equals(before)).toBe(true);
    const book = await read(target);
    const roadmap = book.sheet('BTM Roadmap')!;
    expect(roadmap.values().flat()).toEqual(expect.arrayContaining(['CUS-01', 'FIN-02', 'OPS-05']));
    expect(roadmap.frozenRows).toBeGreaterThan(0);
    expect(roadmap.hiddenColumns.size).toBeGreaterThan(0);

    // Refreshing the written file in place: unchanged, so no question.
    const again = await run(['roadmap', target, '--in-place']);
    expect(again.code).toBe(0);
    expect(again.results[0].output).toBe(target);

    // Edited by hand: the core asks; without --replace that file fails and is not written.
    const edited = await read(target);
    const { rows } = edited.sheet('BTM Roadmap')!.usedSize();
    edited.sheet('BTM Roadmap')!.setCell(rows + 2, 1, { value: 'my note' });
    await save(edited, target);
    const editedBytes = fs.readFileSync(target);
    const asked = await run(['roadmap', target, '--in-place']);
    expect(asked.code).toBe(1);
    expect(asked.stderr).toContain(target);
    expect(asked.stderr).toContain('--replace');
    expect(fs.readFileSync(target).equals(editedBytes)).toBe(true);
    const replaced = await run(['roadmap', target, '--in-place', '--replace']);
    expect(replaced.code).toBe(0);
    expect((await read(target)).sheet('BTM Roadmap')!.values().flat()).not.toContain('my note');
  });
});

describe('many files', () => {
  it('reports each broken file by name with the reason, still writes the good ones, and exits 1', async () => {
    const d = folder('many');
    const good1 = copyExample(path.join(d, 'stream-a.xlsx'));
    const good2 = copyExample(path.join(d, 'stream-b.xlsx'));
    const notXlsx = path.join(d, 'notes.xlsx');
    fs.writeFileSync(notXlsx, 'this is not a workbook');
    const noCapacity = buildPortfolio();
    noCapacity.removeSheet(CAPACITY_SHEET);
    await save(noCapacity, path.join(d, 'no-capacity.xlsx'));
    const badTable = buildPortfolio();
    // A duration that is text: the core names the sheet and the cell.
    const durationCol = DEMAND_HEADERS.indexOf('Duration') + 1;
    badTable.sheet(DEMAND_SHEET)!.setCell(DEMAND_HEADER_ROW + 2, durationCol, { value: 'soon' });
    await save(badTable, path.join(d, 'bad-table.xlsx'));
    const files = [good1, notXlsx, path.join(d, 'no-capacity.xlsx'), path.join(d, 'bad-table.xlsx'), good2];
    const out = path.join(d, 'results');

    const r = await run(['roadmap', ...files, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.results.map((x) => x.status)).toEqual(['written', 'failed', 'failed', 'failed', 'written']);
    expect(fs.readdirSync(out).sort()).toEqual(['stream-a-roadmap.xlsx', 'stream-b-roadmap.xlsx']);
    const lines = r.stderr.split('\n');
    expect(lines).toEqual(expect.arrayContaining(['[1/5] stream-a.xlsx', '[5/5] stream-b.xlsx', 'btm roadmap: 3 of 5 files failed.']));
    expect(lines.find((l) => l.includes('notes.xlsx:'))).toMatch(/notes\.xlsx: The file is not an \.xlsx workbook/);
    expect(lines.find((l) => l.includes('no-capacity.xlsx:'))).toMatch(/Capacity/);
    const cell = `${String.fromCharCode(64 + durationCol)}${DEMAND_HEADER_ROW + 2}`;
    expect(lines.find((l) => l.includes('bad-table.xlsx:'))).toContain(`Demand!${cell}`);
    // The summary on stdout: one line per file, failures with their reason.
    expect(r.stdout.split('\n').filter((l) => /written|failed/.test(l))).toHaveLength(5);
    expect(r.stdout).toMatch(/notes\.xlsx\s+failed\s+The file is not an \.xlsx workbook/);
  });

  it('draws a progress bar on a terminal', async () => {
    const d = folder('tty');
    const files = [copyExample(path.join(d, 'a.xlsx')), copyExample(path.join(d, 'b.xlsx'))];
    const r = await run(['roadmap', ...files], true);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\r\[#*-*\]\s+\d+% 1\/2 a\.xlsx/);
    expect(r.stderr).toMatch(/\r\[#+\]\s+100% 2\/2 b\.xlsx/);
    expect(r.stderr).not.toContain('\n');
  });
});

describe('the input is never overwritten without --in-place', () => {
  it('fails a file whose output would be another input of the run, and two inputs with one output', async () => {
    const d = folder('clash');
    const a = copyExample(path.join(d, 'a.xlsx'));
    const aRoadmap = copyExample(path.join(d, 'a-roadmap.xlsx'));
    const before = fs.readFileSync(aRoadmap);
    const r = await run(['roadmap', a, aRoadmap]);
    expect(r.code).toBe(1);
    expect(r.results[0]).toMatchObject({ status: 'failed' });
    expect(r.results[0].message).toContain('is one of the input files');
    expect(r.results[1]).toMatchObject({ status: 'written', output: path.join(d, 'a-roadmap-roadmap.xlsx') });
    expect(fs.readFileSync(aRoadmap).equals(before)).toBe(true);

    const sub = folder('clash/sub');
    const a2 = copyExample(path.join(sub, 'a.xlsx'));
    const out = path.join(d, 'out');
    const twice = await run(['roadmap', a, a2, '--out', out]);
    expect(twice.results.map((x) => x.status)).toEqual(['written', 'failed']);
    expect(twice.results[1].message).toContain('also the output of');
  });
});

describe('usage errors exit 2 with the usage', () => {
  it.each([
    [[]],
    [['frobnicate', 'x.xlsx']],
    [['template', 'x.xlsx', '--sheet', 'Demand']],
    [['template', 'x.xlsx', '--year', '27']],
    [['score', 'x.xlsx', '--year', '2027']],
    [['plan']],
    [['plan', 'x.xlsx', '--bogus']],
    [['plan', 'x.xlsx', '--time-limit']],
    [['plan', 'x.xlsx', '--time-limit', 'abc']],
    [['plan', 'x.xlsx', '--time-limit', '0']],
    [['plan', 'x.xlsx', '--replace']],
    [['roadmap', 'x.xlsx', '--time-limit', '2']],
    [['roadmap', 'x.xlsx', '--in-place', '--out', 'dir']],
    [['roadmap', 'x.xlsx', '--in-place=yes']],
    [['roadmap', 'x.xlsx', '--cell', 'A4']],
    [['roadmap', 'x.xlsx', '--sheet', 'Demand', '--cell', 'A4:B5']],
  ])('%j', async (argv) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^btm: .+\n\nUsage: btm <command>/);
    expect(r.stdout).toBe('');
    expect(r.results).toEqual([]);
  });

  it('--help prints the usage on stdout and exits 0', async () => {
    const r = await run(['plan', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Exit codes: 0');
  });

  it('parses --opt=value and -- before file names', () => {
    expect(parseArgs(['plan', '--out=res', '--time-limit=5', '--sheet', 'Intake', '--cell', 'b3', '--', '--odd.xlsx'])).toEqual({
      command: 'plan',
      files: ['--odd.xlsx'],
      out: 'res',
      inPlace: false,
      timeLimit: 5,
      replace: false,
      sheet: 'Intake',
      cell: { row: 3, col: 2 },
    });
  });
});

describe('finding the demand table', () => {
  it('takes the first row with two filled cells as the table top, past a title row', () => {
    expect(tableTopLeft([['Title'], [], [null, 'ID', 'Value'], [null, 'A', 1]])).toEqual({ row: 3, col: 2 });
    expect(tableTopLeft([])).toBeUndefined();
  });

  it('uses the Demand sheet when the saved selection is elsewhere, or --sheet/--cell', async () => {
    const d = folder('find');
    const book = buildPortfolio();
    book.select(CAPACITY_SHEET, 1, 1);
    const input = await save(book, path.join(d, 'moved.xlsx'));
    const r = await run(['roadmap', input]);
    expect(r.code).toBe(0);
    expect(r.results[0].placed).toBe(46);
    // The command runs from the table's cell, but the file keeps the selection it was saved with.
    expect((await read(r.results[0].output)).selection).toEqual({ sheet: CAPACITY_SHEET, row: 1, col: 1 });

    const renamed = buildPortfolio();
    const sheet = renamed.sheet(DEMAND_SHEET)!;
    const intake = renamed.createSheet('Intake');
    sheet.forEachCell((row, col, cell) => intake.setCell(row, col, cell));
    renamed.removeSheet(DEMAND_SHEET);
    renamed.select(CAPACITY_SHEET, 1, 1);
    const other = await save(renamed, path.join(d, 'intake.xlsx'));
    const lost = await run(['roadmap', other]);
    expect(lost.code).toBe(1);
    expect(lost.stderr).toContain('--sheet');
    const found = await run(['roadmap', other, '--sheet', 'Intake', '--cell', 'B10']);
    expect(found.code).toBe(0);
    expect(found.results[0].placed).toBe(46);
    expect((await read(found.results[0].output)).selection).toEqual({ sheet: CAPACITY_SHEET, row: 1, col: 1 });
    const missing = await run(['roadmap', other, '--sheet', 'Nope']);
    expect(missing.stderr).toContain('no sheet named "Nope"');
  });
});

describe('hostile text', () => {
  it('an initiative named =HYPERLINK(...) stays text in the demand table and in both owned sheets', async () => {
    const d = folder('hostile');
    const book = buildPortfolio();
    const demand = book.sheet(DEMAND_SHEET)!;
    const col = (h: string) => DEMAND_HEADERS.indexOf(h) + 1;
    // An initiative nobody requires or excludes, so renaming it breaks no link.
    const linked = new Set<string>();
    demand.values().slice(DEMAND_HEADER_ROW).forEach((row) => {
      for (const h of ['Requires', 'Excludes']) for (const id of String(row[col(h) - 1] ?? '').split(',')) linked.add(id.trim());
    });
    let target = DEMAND_HEADER_ROW + 1;
    while (linked.has(String(demand.cell(target, 1).value)) || demand.cell(target, col('Forced')).value !== null) target++;
    const ID = '=HYPERLINK("x")';
    const NAME = '=HYPERLINK("https://example.com/steal","Click me")';
    demand.setCell(target, 1, { value: ID });
    demand.setCell(target, col('Name'), { value: NAME });
    const input = await save(book, path.join(d, 'hostile.xlsx'));

    const plan = await run(['plan', input, '--time-limit', '2']);
    expect(plan.code).toBe(0);
    const roadmap = await run(['roadmap', path.join(d, 'hostile-planned.xlsx')]);
    expect(roadmap.code).toBe(0);
    const result = await read(path.join(d, 'hostile-planned-roadmap.xlsx'));

    const cellsWith = (sheet: string, text: string) => {
      const found: { value: unknown; formula: string }[] = [];
      result.sheet(sheet)!.forEachCell((_r, _c, cell) => {
        if (typeof cell.value === 'string' && cell.value.includes('HYPERLINK')) found.push({ value: cell.value, formula: cell.formula });
      });
      return found.filter((c) => c.value === text);
    };
    for (const sheet of ['Demand', 'BTM Capacity', 'BTM Roadmap']) {
      const ids = cellsWith(sheet, ID);
      expect(ids.length).toBeGreaterThan(0);
      for (const c of ids) expect(c).toEqual({ value: ID, formula: '' });
    }
    expect(cellsWith('BTM Roadmap', NAME)).toEqual([{ value: NAME, formula: '' }]);
    // No cell anywhere came back as a formula made of the text.
    for (const sheet of result.sheets) sheet.forEachCell((_r, _c, cell) => expect(cell.formula).not.toMatch(/HYPERLINK/i));
  });
});
