// Insert template's planning (core/commands/insert-template.ts) on hand-made templates: what a
// host is told to write, the guard against touching an existing sheet or name whatever the
// template says, and a plan whose size per sheet does not depend on the template's rows.
import { planFromTemplate, planInsertTemplate, widthRuns } from '../core/commands/insert-template';
import type { Template, TemplateSheet } from '../core/template/template';

function sheet(over: Partial<TemplateSheet> & Pick<TemplateSheet, 'key' | 'name'>): TemplateSheet {
  return {
    wanted: over.name,
    values: [],
    formulas: [],
    formats: [],
    fills: [],
    boldRows: [],
    columnWidths: [],
    frozenRows: 0,
    hiddenColumns: { from: 0, count: 0 },
    validations: [],
    ...over,
  };
}

/** A settings sheet with a list of n types and a demand sheet of n rows using it. */
function template(n: number, over: Partial<Template> = {}): Template {
  const types = Array.from({ length: n }, (_, k) => [`Type ${k + 1}`]);
  return {
    sheets: [
      sheet({ key: 'readme', name: 'Read me', values: [['Hello'], [null, 'ragged']], formulas: [[''], ['', '']], formats: [[null]], fills: [[null]] }),
      sheet({
        key: 'demand',
        name: 'Demand',
        values: [['ID', 'Type', 'Score'], ...Array.from({ length: n }, (_, k) => [`D-${k + 1}`, 'Type 1', null])],
        formulas: [['', '', ''], ...Array.from({ length: n }, (_, k) => ['', '', k === 0 ? '=BTM.SCORE(A2:A9)' : ''])],
        formats: [[null, null, null], ...Array.from({ length: n }, () => [null, null, '0.00'])],
        fills: [['#dde7f3', '#dde7f3', '#dde7f3'], ...Array.from({ length: n }, () => [null, null, null])],
        boldRows: [0, 0],
        columnWidths: [80, 80, null, 120],
        frozenRows: 1,
        validations: [{ range: `B2:B${n + 1}`, listName: 'BTM_Types', values: types.map((t) => t[0]) }],
      }),
      sheet({ key: 'settings', name: 'BTM Settings', values: [['Types'], ...types], formulas: [[''], ...types.map(() => [''])], hiddenColumns: { from: 3, count: 2 } }),
    ],
    names: [{ name: 'BTM_Types', wanted: 'BTM_Types', sheet: 'BTM Settings', range: `$A$2:$A$${n + 1}` }],
    renamed: [],
    ...over,
  };
}

const plan = (t: Template, existing = { sheets: ['Sheet1'], names: [] as string[] }) => {
  const p = planFromTemplate(t, existing);
  if ('status' in p) throw new Error(p.message);
  return p;
};

describe('planFromTemplate', () => {
  test('each sheet as one padded block from A1, its formats, fills, bold rows, widths, frozen and hidden columns, lists on names', () => {
    const p = plan(template(3));
    expect(p.activate).toBe('Demand');
    expect(p.response).toEqual({ status: 'inserted', sheets: ['Read me', 'Demand', 'BTM Settings'], names: 1, renamed: [] });
    const [readme, demand, settings] = p.sheets;
    // Ragged rows padded: null (left empty), 'General', no fill.
    expect(readme).toMatchObject({ rows: 2, cols: 2, cells: [['Hello', null], [null, 'ragged']], formats: [['General', 'General'], ['General', 'General']], fills: [[null, null], [null, null]] });
    expect(demand.cells[1]).toEqual(['D-1', 'Type 1', '=BTM.SCORE(A2:A9)']);
    expect(demand.cells[2]).toEqual(['D-2', 'Type 1', null]);
    expect(demand.formats[1]).toEqual(['General', 'General', '0.00']);
    expect(demand.boldRows).toEqual([0]);
    expect(demand.widths).toEqual([
      { col: 1, cols: 2, pixels: 80 },
      { col: 4, cols: 1, pixels: 120 },
    ]);
    expect(demand.frozenRows).toBe(1);
    expect(demand.validations).toEqual([
      { range: 'B2:B4', ref: { start: { row: 2, col: 2 }, end: { row: 4, col: 2 } }, listName: 'BTM_Types', listSheet: 'BTM Settings', listRef: { start: { row: 2, col: 1 }, end: { row: 4, col: 1 } }, help: 'Pick one of the values of the list BTM_Types (on the BTM Settings sheet).' },
    ]);
    // The sheet must hold the block, the widths and the lists.
    expect(demand.extent).toEqual({ rows: 4, cols: 4 });
    expect(settings.hiddenColumns).toEqual({ from: 3, count: 2 });
    expect(settings.extent).toEqual({ rows: 4, cols: 4 });
    expect(p.names).toEqual([{ name: 'BTM_Types', sheet: 'BTM Settings', range: '$A$2:$A$4', ref: { start: { row: 2, col: 1 }, end: { row: 4, col: 1 } } }]);
  });

  test('the plan has the same parts whatever the rows: 5 or 5,000 initiatives', () => {
    const shape = (n: number) =>
      plan(template(n)).sheets.map((s) => ({ widths: s.widths.length, bold: s.boldRows.length, validations: s.validations.length, frozen: s.frozenRows, hidden: s.hiddenColumns }));
    expect(shape(5000)).toEqual(shape(5));
  });

  test('a template sheet or name matching an existing one (any case) is refused, nothing planned', () => {
    expect(planFromTemplate(template(2), { sheets: ['demand'], names: [] })).toEqual({ status: 'invalid', message: 'The workbook already has a sheet named "Demand"; nothing was inserted.' });
    expect(planFromTemplate(template(2), { sheets: [], names: ['btm_types'] })).toEqual({ status: 'invalid', message: 'The workbook already has a name "BTM_Types"; nothing was inserted.' });
  });

  test('a list drawing from a name the template lacks, or a name on a sheet it does not create, is refused', () => {
    const t = template(2);
    const orphanList = { ...t, names: [] };
    expect(planFromTemplate(orphanList, { sheets: [], names: [] })).toEqual({
      status: 'invalid',
      message: 'The template\'s list on Demand!B2:B3 draws from "BTM_Types", which it does not define; nothing was inserted.',
    });
    const elsewhere = { ...t, names: [{ ...t.names[0], sheet: 'Sheet9' }] };
    expect(planFromTemplate(elsewhere, { sheets: [], names: [] })).toEqual({
      status: 'invalid',
      message: 'The template\'s name "BTM_Types" refers to Sheet9!$A$2:$A$3, which it does not create; nothing was inserted.',
    });
  });

  test('without a Demand sheet the first one is shown', () => {
    const t = template(2);
    expect(plan({ ...t, sheets: t.sheets.filter((s) => s.key !== 'demand').map((s) => ({ ...s, validations: [] })) }).activate).toBe('Read me');
  });

  test('planInsertTemplate builds the template for the host around the existing names', () => {
    const seen: unknown[] = [];
    const p = planInsertTemplate('sheets', { sheets: ['Demand'], names: ['X'] }, (host, existing) => {
      seen.push([host, existing]);
      return template(2, { sheets: template(2).sheets.map((s) => (s.key === 'demand' ? { ...s, name: 'Demand (2)' } : s)), renamed: ['renamed'] });
    });
    expect(seen).toEqual([['sheets', { sheets: ['Demand'], names: ['X'] }]]);
    expect('status' in p ? p : p.response).toEqual({ status: 'inserted', sheets: ['Read me', 'Demand (2)', 'BTM Settings'], names: 1, renamed: ['renamed'] });
  });

  test('widthRuns: runs of equal width, columns without a width skipped', () => {
    expect(widthRuns([null, 60, 60, null, 60, 90, 90])).toEqual([
      { col: 2, cols: 2, pixels: 60 },
      { col: 5, cols: 1, pixels: 60 },
      { col: 6, cols: 2, pixels: 90 },
    ]);
  });
});
