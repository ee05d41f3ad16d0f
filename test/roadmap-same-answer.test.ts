// ROADMAP and the panel's Generate roadmap must give the same answer for the same inputs: the
// sample value stream fed to both, initiative by initiative (start, end, gate letters, reason).
import { CellValue, Range, invoke, isSheetError, prepareRoadmap } from '../core';
import { ROADMAP } from '../core/catalogue/roadmap-functions';
import { gateText } from '../core/roadmap/roadmap-layout';
import type { Zone } from '../core/roadmap/gates';
import { MONTHS_2027, SAMPLE_HEADERS, SAMPLE_ROWS, demandSheet, sampleCapacity, sampleSettings } from './support/roadmap-workbook';

const column = (header: string): Range => {
  const c = SAMPLE_HEADERS.indexOf(header);
  if (c < 0) throw new Error(`no column ${header}`);
  return [[header], ...SAMPLE_ROWS.map((r) => [r[c]])];
};

/** The sample's starts for ROADMAP: the earliest start, or "pinned <period>" where the table pins one. */
function starts(): Range {
  const earliest = SAMPLE_HEADERS.indexOf('Earliest start');
  const pinned = SAMPLE_HEADERS.indexOf('Pinned start');
  return [['Start'], ...SAMPLE_ROWS.map((r) => [r[pinned] ? `pinned ${r[pinned]}` : r[earliest]])];
}

/** The roles' rows of the Capacity sheet (ROADMAP takes no budget row). */
const capacity = (): Range => sampleCapacity().filter((row) => row[0] !== 'Budget');

interface Answer {
  readonly start: CellValue;
  readonly end: CellValue;
  /** Gate letters by period label, as the sheet writes them in the bar. */
  readonly gates: Readonly<Record<string, string>>;
  readonly reason: CellValue;
}

function fromFunction(): Map<string, Answer> {
  const demand: Range = [['Developer', 'Analyst FTE'], ...SAMPLE_ROWS.map((r) => [r[SAMPLE_HEADERS.indexOf('Developer')], r[SAMPLE_HEADERS.indexOf('Analyst FTE')]])];
  const out = invoke(ROADMAP, [column('ID'), column('Duration'), column('Priority'), column('Requires'), demand, capacity(), starts(), column('Development approach'), sampleSettings()]);
  if (isSheetError(out) || !Array.isArray(out)) throw new Error(`ROADMAP failed: ${JSON.stringify(out)}`);
  const [header, ...rows] = out as CellValue[][];
  expect(header).toEqual(['Initiative', 'Start', 'End', 'A', 'B', 'C', 'D', 'Reason']);
  const answers = new Map<string, Answer>();
  for (const [id, start, end, a, b, c, d, reason] of rows) {
    const byPeriod: Record<string, Zone[]> = {};
    (['A', 'B', 'C', 'D'] as const).forEach((letter, i) => {
      const period = [a, b, c, d][i];
      if (period !== '' && period !== null) (byPeriod[String(period)] ??= []).push(letter);
    });
    const gates = Object.fromEntries(Object.entries(byPeriod).map(([p, letters]) => [p, gateText(letters)]));
    answers.set(String(id), { start, end, gates, reason });
  }
  return answers;
}

function fromPanel(): Map<string, Answer> {
  const { layout, response } = prepareRoadmap(demandSheet(), sampleCapacity(), sampleSettings(), undefined, {});
  if (!layout) throw new Error(`Generate roadmap failed: ${JSON.stringify(response)}`);
  const { headerRow, byName, firstPeriod, periods } = layout.columns!;
  const at = (name: string) => {
    const c = byName[name as keyof typeof byName];
    if (c === undefined) throw new Error(`the roadmap has no ${name} column`);
    return c;
  };
  const labels = MONTHS_2027.slice(0, periods);
  const answers = new Map<string, Answer>();
  const ids = new Set(SAMPLE_ROWS.map((r) => String(r[0])));
  for (const row of layout.values.slice(headerRow + 1)) {
    const id = String(row[at('Initiative')] ?? '');
    if (!ids.has(id) || answers.has(id)) continue;
    const gates: Record<string, string> = {};
    labels.forEach((label, t) => {
      const text = row[firstPeriod + t];
      if (typeof text === 'string' && /^[A-D](-?[A-D])*$/.test(text)) gates[label] = text;
    });
    answers.set(id, { start: row[at('Start')] ?? '', end: row[at('End')] ?? '', gates, reason: row[at('Reason')] ?? '' });
  }
  return answers;
}

describe('ROADMAP and Generate roadmap', () => {
  it('place every initiative of the sample in the same periods, with the same gates and reasons', () => {
    const fn = fromFunction();
    const panel = fromPanel();
    expect([...panel.keys()].sort()).toEqual([...fn.keys()].sort());
    for (const [id, answer] of fn) expect({ id, ...panel.get(id) }).toEqual({ id, ...answer });
  });

  it('agree on the sample\'s telling cases: a wait, a pinned start and an initiative too big to place', () => {
    const fn = fromFunction();
    expect(fn.get('PORTAL')?.reason).toMatch(/^waits for CRM/);
    expect(fn.get('AUDIT')).toMatchObject({ start: '2027-03', end: '2027-03', reason: expect.stringMatching(/^pinned/) });
    expect(fn.get('HUGE')).toMatchObject({ start: '', end: '' });
    expect(String(fn.get('HUGE')?.reason)).toMatch(/Developer/);
  });
});
