// "Generate roadmap" as pure planning: the demand table and the Capacity sheet read once, the
// schedule (scheduleRoadmap, the same path as the ROADMAP function), and the add-in-owned BTM
// Roadmap sheet laid out as one grid of values and one of fills, with the previous version and a
// fingerprint of the visible cells kept in hidden columns for the next refresh. The sample
// (test/support/roadmap-workbook.ts) is a value stream's 2027: seven initiatives, two roles
// (6 Developer and 2.4 Analyst FTE plannable every month), twelve months.
import { CellValue, asTextCell, serialFromParts, sheetError } from '../core';
import { ROADMAP_SHEET, RoadmapLayout, RoadmapRequest, RoadmapResponse, prepareRoadmap } from '../core/commands/generate-roadmap';
import {
  HEADER_FILL,
  LANE_COLOURS,
  MARKER_FILLS,
  MARKER_FONT,
  VERSION_MARK,
  clockMarkers,
  compareVersions,
  fingerprint,
  gateText,
  periodAxis,
  readPreviousVersion,
  textWidth,
  yearLabels,
} from '../core/roadmap/roadmap-layout';
import { MONTHS_2027, SAMPLE_HEADERS, SAMPLE_ROWS, demandSheet, generatedWorkbook, sampleCapacity, sampleSettings, withCell, withColumn } from './support/roadmap-workbook';

type Written = Extract<RoadmapResponse, { status: 'written' }>;

function run(
  rows: readonly (readonly CellValue[])[] = SAMPLE_ROWS,
  options: { headers?: readonly CellValue[]; capacity?: CellValue[][]; owned?: CellValue[][]; request?: RoadmapRequest; settings?: CellValue[][] } = {},
) {
  return prepareRoadmap(demandSheet(options.headers ?? SAMPLE_HEADERS, rows), options.capacity ?? sampleCapacity(), options.settings ?? sampleSettings(), options.owned, options.request ?? {});
}

function layoutOf(x: ReturnType<typeof run>): RoadmapLayout {
  if (!x.layout) throw new Error(JSON.stringify(x.response));
  return x.layout;
}

function written(x: ReturnType<typeof run>): Written {
  if (x.response.status !== 'written') throw new Error(JSON.stringify(x.response));
  return x.response;
}

function messageOf(x: ReturnType<typeof run>): string {
  if (x.response.status === 'written') throw new Error('written');
  expect(x.layout).toBeUndefined();
  return x.response.message;
}

/** The first 7 columns are Initiative, Name, Lane, Approach, Start, End, Change; the periods follow, then Reason. */
const FIXED = 7;
/** Reason, right of the sample's 12 months. */
const REASON = FIXED + 12;
/** The 0-based row of an initiative (or lane) below the header rows. */
const rowOf = (l: RoadmapLayout, first: string) => l.values.findIndex((r, i) => i >= l.frozenRows && r[0] === first);
/**
 * An initiative's periods as the sheet shows them, four characters each: a filled cell is its
 * gate letters padded with "=" ("AB==", "===="), an empty one "....".
 */
function chart(l: RoadmapLayout, first: string, periods = 12): string {
  const r = rowOf(l, first);
  return Array.from({ length: periods }, (_, t) => (l.fills[r][FIXED + t] ? String(l.values[r][FIXED + t] ?? '').padEnd(4, '=') : '....')).join(' ');
}
/** The lane header rows' names, top to bottom. */
const laneNames = (l: RoadmapLayout) => l.boldRows.filter((i) => i >= l.frozenRows).map((i) => l.values[i][0]);
/** An initiative's row as a table: Initiative, Name, Lane, Approach, Start, End, Change and Reason (right of the periods). */
const fixed = (l: RoadmapLayout, first: string) => {
  const r = l.values[rowOf(l, first)];
  return [...r.slice(0, FIXED), r[l.columns?.byName.Reason as number]];
};
/** One cell of an initiative's row, by its column's header. */
const cell = (l: RoadmapLayout, first: string, column: string) => l.values[rowOf(l, first)][l.values[l.columns?.headerRow as number].indexOf(column)];

/** What a host reads back from the sheet it wrote: blanks as '', the rest as written (text stays text). */
const readBack = (l: RoadmapLayout): CellValue[][] => l.values.map((r) => r.map((c) => (c === null ? '' : c)));

describe('Generate roadmap reads the demand table and the Capacity sheet', () => {
  it('maps the columns by their headers, the lane from "Value stream"', () => {
    const r = written(run());
    expect(r.mapping).toEqual({
      Initiative: 'ID',
      Name: 'Name',
      Duration: 'Duration',
      Start: 'Earliest start',
      'Pinned start': 'Pinned start',
      Requires: 'Requires',
      Priority: 'Priority',
      Lane: 'Value stream',
      'Development approach': 'Development approach',
      'FTE: Developer': 'Developer',
      'FTE: Analyst': 'Analyst FTE',
    });
    expect(r.tableHeaders).toEqual(SAMPLE_HEADERS);
    expect(r.fields).toEqual(['Initiative', 'Name', 'Duration', 'Start', 'Pinned start', 'Requires', 'Priority', 'Value', 'Lane', 'Demand type', 'Development approach', 'Selected', 'Forced', 'FTE: Developer', 'FTE: Analyst']);
    expect(r.notes).toEqual([]);
    expect(r).toMatchObject({ status: 'written', sheet: ROADMAP_SHEET, initiatives: 7, placed: 6, unplaceable: 1 });
  });

  it('orders by the Priority column (lowest first), else by the value column (highest first), else in table order, and says which', () => {
    expect(written(run()).summary[3]).toBe('Order: by the "Priority" column, lowest first, then the table\'s order');
    // Without Priority: by NPV, highest first. MOBILE (NPV 900) now comes before CRM and takes
    // the developers CRM would have had in June; CRM still starts in January.
    const byValue = withColumn('NPV', [100, 90, 80, 70, 60, 50, 900], SAMPLE_ROWS.map((r) => r.map((c, j) => (j === 8 ? null : c))));
    const headers = byValue.headers.map((h) => (h === 'Priority' ? 'Notes' : h));
    const v = run(byValue.rows, { headers });
    expect(written(v).summary[3]).toBe('Order: by the "NPV" column, highest first, then the table\'s order');
    const none = run(SAMPLE_ROWS, { headers: SAMPLE_HEADERS.map((h) => (h === 'Priority' ? 'Notes' : h)) });
    expect(written(none).summary[3]).toBe("Order: the table's order (no Priority, Rank or Value column)");
  });

  it('schedules only the rows a Selected column says yes to (yes, TRUE, 1, x); a dependency on one left out is dropped and noted', () => {
    const sel = withColumn('Selected', ['yes', 'yes', 'no', true, 1, null, 'x']);
    const x = run(sel.rows, { headers: sel.headers });
    const r = written(x);
    expect(r.initiatives).toBe(5);
    expect(r.mapping.Selected).toBe('Selected');
    expect(r.notes).toEqual(['BI requires DWH, which is not on the roadmap (not selected): BI does not wait for it.', '2 not selected, so not on the roadmap: DWH, HUGE.']);
    const l = layoutOf(x);
    expect(rowOf(l, 'DWH')).toBe(-1);
    expect(fixed(l, 'BI')).toEqual(['BI', 'Self-service reporting', 'Finance', 'sprint-based', '2027-01', '2027-02', 'new', null]);
  });

  it('without a Selected column, leaves out the rows forced out', () => {
    const f = withColumn('Forced', [null, null, null, null, null, 'out', 'in']);
    const r = written(run(f.rows, { headers: f.headers }));
    expect(r.initiatives).toBe(6);
    expect(r.notes).toEqual(['1 forced out, so not on the roadmap: HUGE.']);
  });

  it('reads a blank development approach as gate-based, and says how many', () => {
    const x = run(withCell('MOBILE', 'Development approach', null));
    expect(cell(layoutOf(x), 'MOBILE', 'Approach')).toBe('gate-based');
    expect(written(x).notes).toEqual(['1 with no development approach: drawn as gate-based.']);
  });

  it('takes the lanes from the column the request names, else Value stream, else Demand type, else one lane "All"', () => {
    const team = withColumn('Team', ['Alpha', 'Beta', 'Alpha', 'Beta', 'Alpha', 'Beta', 'Alpha']);
    const byTeam = layoutOf(run(team.rows, { headers: team.headers, request: { lane: 'team' } }));
    expect(byTeam.values[rowOf(byTeam, 'Alpha')][0]).toBe('Alpha');
    expect(cell(byTeam, 'DWH', 'Lane')).toBe('Alpha');

    const typed = SAMPLE_HEADERS.map((h) => (h === 'Value stream' ? 'Demand type' : h));
    const x = run(SAMPLE_ROWS, { headers: typed });
    expect(written(x).mapping['Demand type']).toBe('Demand type');
    expect(layoutOf(x).values[rowOf(layoutOf(x), 'Sales')][0]).toBe('Sales');

    const none = SAMPLE_HEADERS.map((h) => (h === 'Value stream' ? 'Sponsor' : h));
    const one = layoutOf(run(SAMPLE_ROWS, { headers: none }));
    expect(laneNames(one)).toEqual(['All']);
    // '' asks for one lane even when the table has a lane column.
    const asked = layoutOf(run(SAMPLE_ROWS, { request: { lane: '' } }));
    expect(laneNames(asked)).toEqual(['All']);
    expect(laneNames(layoutOf(run()))).toEqual(['Sales', 'Finance', '(no Value stream)']);
  });

  it('shows the names beside the IDs in a Name column when the table has one; the ID stays the identity', () => {
    // ID and Name: a Name column right of Initiative, both frozen.
    const l = layoutOf(run());
    expect(l.values[6].slice(0, 3)).toEqual(['Initiative', 'Name', 'Lane']);
    expect(fixed(l, 'PORTAL').slice(0, 2)).toEqual(['PORTAL', 'Customer portal v2']);
    expect(l.frozenCols).toBe(2);
    // Key and Title: the same.
    const jira = SAMPLE_HEADERS.map((h) => (h === 'ID' ? 'Key' : h === 'Name' ? 'Title' : h));
    const j = run(SAMPLE_ROWS, { headers: jira });
    expect(written(j).mapping).toMatchObject({ Initiative: 'Key', Name: 'Title' });
    expect(fixed(layoutOf(j), 'PORTAL').slice(0, 2)).toEqual(['PORTAL', 'Customer portal v2']);
    // Initiative and Initiative name.
    const named = SAMPLE_HEADERS.map((h) => (h === 'ID' ? 'Initiative' : h === 'Name' ? 'Initiative name' : h));
    expect(written(run(SAMPLE_ROWS, { headers: named })).mapping).toMatchObject({ Initiative: 'Initiative', Name: 'Initiative name' });
    // "Name" as the only naming column is the ID, as it always was: no Name column.
    const only = SAMPLE_HEADERS.map((h) => (h === 'ID' ? 'Name' : h === 'Name' ? 'Notes' : h));
    const o = run(SAMPLE_ROWS, { headers: only });
    expect(written(o).mapping.Initiative).toBe('Name');
    expect(written(o).mapping.Name).toBeUndefined();
    const ol = layoutOf(o);
    expect(ol.values[6].slice(0, 7)).toEqual(['Initiative', 'Lane', 'Approach', 'Start', 'End', 'Change', 'J']);
    expect(ol.frozenCols).toBe(1);
    expect(ol.values[rowOf(ol, 'PORTAL')].slice(0, 4)).toEqual(['PORTAL', 'Sales', 'sprint-based', '2027-05']);
    // The panel's "not used" leaves the names out.
    expect(layoutOf(run(SAMPLE_ROWS, { request: { overrides: { Name: '' } } })).values[6][1]).toBe('Lane');
  });

  it('writes a name as the text it shows: a number with its digits, an error as its code, a blank as blank', () => {
    const rows = withCell('CRM', 'Name', 2027, withCell('BI', 'Name', sheetError('#N/A', 'not available'), withCell('DWH', 'Name', '   ')));
    const l = layoutOf(run(rows));
    expect([cell(l, 'CRM', 'Name'), cell(l, 'BI', 'Name'), cell(l, 'DWH', 'Name')]).toEqual(['2027', '#N/A', null]);
  });
});

describe('The BTM Roadmap sheet of the sample', () => {
  const l = layoutOf(run());

  it('opens with a title, the counts, what changed and the order, then the legend', () => {
    expect(l.values.slice(0, 5).map((r) => r[0])).toEqual([
      'BTM Roadmap: 7 initiatives from Demand!A3:K10, 2027-01 to 2027-12',
      'Placed: 6 of 7; 1 cannot be placed (see Reason)',
      'First version: all 7 initiatives are new',
      'Order: by the "Priority" column, lowest first, then the table\'s order',
      'Legend',
    ]);
    expect(l.values[4][1]).toBe('Bars in the lane’s colour; letters where a zone starts: A capture demand, B build, C release, D roll out (A-D: all four in that period)');
    // The legend's text runs over empty cells only.
    expect(l.values[4].slice(2, REASON + 1).every((c) => c === null)).toBe(true);
    expect(l.fills[4].every((f) => f === null)).toBe(true);
  });

  it('has three frozen header rows: the year over its first month, the columns with a letter per month, the annual clock', () => {
    expect(l.frozenRows).toBe(8);
    expect(l.frozenCols).toBe(2);
    expect(l.values[5].slice(0, REASON + 1)).toEqual([...Array(FIXED).fill(null), '2027', ...Array(11).fill(null), null]);
    // One letter per month fits a 28-pixel column in bold; the year row says which year.
    expect(l.values[6].slice(0, REASON + 1)).toEqual(['Initiative', 'Name', 'Lane', 'Approach', 'Start', 'End', 'Change', 'J', 'F', 'M', 'A', 'M', 'J', 'J', 'A', 'S', 'O', 'N', 'D', 'Reason']);
    expect(l.fills[6].slice(0, REASON + 1).every((f) => f === HEADER_FILL)).toBe(true);
    expect(l.columns).toEqual({
      headerRow: 6,
      byName: { Initiative: 0, Name: 1, Lane: 2, Approach: 3, Start: 4, End: 5, Change: 6, Reason: REASON },
      firstPeriod: FIXED,
      periods: 12,
    });
    // Planning rounds in March and September, portfolio reviews in January, April, July, October.
    expect(l.values[7].slice(0, REASON + 1)).toEqual([
      'Annual clock: P planning round, R portfolio review',
      ...Array(FIXED - 1).fill(null),
      'R', null, 'P', 'R', null, null, 'R', null, 'P', 'R', null, null,
      null,
    ]);
    // Dark markers with a white letter: no lane is dark, so no marker reads as a bar.
    const { planning: P, review: R } = MARKER_FILLS;
    expect(l.fills[7].slice(FIXED, REASON)).toEqual([R, null, P, R, null, null, R, null, P, R, null, null]);
    expect(l.fontColors[7].slice(FIXED, REASON)).toEqual([MARKER_FONT, null, MARKER_FONT, MARKER_FONT, null, null, MARKER_FONT, null, MARKER_FONT, MARKER_FONT, null, null]);
    expect(l.boldRows).toEqual([0, 5, 6, 7, 8, 12, 16]);
  });

  it('uses marker colours that no lane colour comes near: the lanes are light, the markers dark', () => {
    const lightness = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
      return (0.299 * r + 0.587 * g + 0.114 * b) / 255;
    };
    expect(Math.min(...LANE_COLOURS.map(lightness))).toBeGreaterThan(0.6);
    expect(Math.max(...[MARKER_FILLS.planning, MARKER_FILLS.review].map(lightness))).toBeLessThan(0.35);
  });

  it('groups the initiatives in lanes (lane rows in the lane colour across the whole width), by start within a lane, those not placed last', () => {
    expect(l.values.slice(8).map((r) => r[0])).toEqual(['Sales', 'CRM', 'PORTAL', 'HUGE', 'Finance', 'AUDIT', 'DWH', 'BI', '(no Value stream)', 'MOBILE']);
    // The table, the timeline and the reason; not the hidden block.
    expect(l.fills[8]).toEqual([...Array(REASON + 1).fill(LANE_COLOURS[0]), null, null, null]);
    expect(l.values[8].slice(1)).toEqual(Array(REASON + 3).fill(null));
    expect(l.fills[12][REASON]).toBe(LANE_COLOURS[1]);
    expect(l.fills[16][FIXED + 5]).toBe(LANE_COLOURS[2]);
  });

  it('writes each initiative: name, lane, approach, start, end, change, and after the timeline the reason it starts later', () => {
    expect(fixed(l, 'CRM')).toEqual(['CRM', 'Customer relationship management', 'Sales', 'gate-based', '2027-01', '2027-04', 'new', null]);
    expect(fixed(l, 'PORTAL')).toEqual(['PORTAL', 'Customer portal v2', 'Sales', 'sprint-based', '2027-05', '2027-07', 'new', 'waits for CRM']);
    expect(fixed(l, 'HUGE')).toEqual(['HUGE', 'Platform rewrite', 'Sales', 'gate-based', null, null, 'new', 'needs 7 FTE Developer in every period it runs; Developer never has more than 6 plannable']);
    expect(fixed(l, 'AUDIT')).toEqual(['AUDIT', 'Audit trail', 'Finance', 'change-request', '2027-03', '2027-03', 'new', 'pinned']);
    // CRM (4 FTE) leaves 2 of the 6 developers free until April: DWH (3 FTE) starts in May.
    expect(fixed(l, 'DWH')).toEqual(['DWH', 'Data warehouse', 'Finance', 'gate-based', '2027-05', '2027-07', 'new', 'Developer capacity full until 2027-04']);
    expect(fixed(l, 'BI')).toEqual(['BI', 'Self-service reporting', 'Finance', 'sprint-based', '2027-08', '2027-09', 'new', 'waits for DWH']);
    expect(fixed(l, 'MOBILE')).toEqual(['MOBILE', 'Mobile app', '(no Value stream)', 'hybrid', '2027-06', '2027-07', 'new', null]);
    expect(l.values[6][REASON]).toBe('Reason');
  });

  it('draws the bars in the lane colour with the gate letters where each zone starts; no bar where it cannot be placed', () => {
    // Gate-based over 4 months (15/55/15/15%): A and B start in month 1, C in month 3, D in month 4.
    expect(chart(l, 'CRM')).toBe('AB== ==== C=== D=== .... .... .... .... .... .... .... ....');
    // Sprint-based over 3 months (10/50/10/30%).
    expect(chart(l, 'PORTAL')).toBe('.... .... .... .... AB== C=== D=== .... .... .... .... ....');
    expect(chart(l, 'HUGE')).toBe('.... .... .... .... .... .... .... .... .... .... .... ....');
    // All four gates in its one month: "A-D", which fits the column ("ABCD" ran into the next).
    expect(chart(l, 'AUDIT')).toBe('.... .... A-D= .... .... .... .... .... .... .... .... ....');
    expect(chart(l, 'DWH')).toBe('.... .... .... .... AB== ==== CD== .... .... .... .... ....');
    expect(chart(l, 'BI')).toBe('.... .... .... .... .... .... .... AB== CD== .... .... ....');
    expect(chart(l, 'MOBILE')).toBe('.... .... .... .... .... AB== CD== .... .... .... .... ....');
    const crm = rowOf(l, 'CRM');
    expect(l.fills[crm].slice(FIXED, FIXED + 4)).toEqual(Array(4).fill(LANE_COLOURS[0]));
    expect(l.fills[rowOf(l, 'DWH')][FIXED + 4]).toBe(LANE_COLOURS[1]);
    // The gate letters are bold where a host can make single cells bold.
    expect(l.boldCells).toContainEqual([crm, FIXED]);
    expect(l.boldCells).toContainEqual([crm, FIXED + 2]);
    expect(l.boldCells).toHaveLength(13);
  });

  it('writes gates starting in the same period as one or two letters, three or four as a range', () => {
    expect(gateText(['A'])).toBe('A');
    expect(gateText(['A', 'B'])).toBe('AB');
    expect(gateText(['C', 'D'])).toBe('CD');
    expect(gateText(['A', 'B', 'C'])).toBe('A-C');
    expect(gateText(['B', 'C', 'D'])).toBe('B-D');
    expect(gateText(['A', 'B', 'C', 'D'])).toBe('A-D');
    // Each fits the 28-pixel period column in bold (Calibri 11, 2 pixels of padding either side).
    for (const t of ['AB', 'CD', 'A-C', 'B-D', 'A-D']) expect(textWidth(t, true)).toBeLessThanOrEqual(24);
  });

  it('colours the change and the reason of what cannot be placed', () => {
    expect(l.fontColors[rowOf(l, 'CRM')][6]).toBe('#375623');
    expect(l.fontColors[rowOf(l, 'HUGE')][REASON]).toBe('#c00000');
    expect(l.fontColors[rowOf(l, 'CRM')][REASON]).toBeNull();
  });

  it('keeps this version in three hidden columns right of Reason, with the fingerprint of the visible cells', () => {
    const h = REASON + 1;
    expect(l.hiddenColumns).toEqual({ from: h + 1, count: 3 });
    expect(l.values[0].slice(h)).toEqual([VERSION_MARK, fingerprint(l.values, h), null]);
    expect(l.values[rowOf(l, 'CRM')].slice(h)).toEqual(['CRM', '2027-01', '2027-04']);
    expect(l.values[rowOf(l, 'HUGE')].slice(h)).toEqual(['HUGE', null, null]);
    expect(fingerprint(l.values, h)).toMatch(/^fnv1a-[0-9a-f]{8}$/);
  });

  it('is rectangular, with widths that follow the texts: the table narrow enough to leave the timeline room, Reason as wide as its longest text', () => {
    const width = REASON + 1 + 3;
    for (const grid of [l.values, l.fills, l.fontColors]) {
      expect(grid).toHaveLength(l.values.length);
      expect(grid.every((r) => r.length === width)).toBe(true);
    }
    // Initiative (the header is the widest), Name ("Customer relationship management"), Lane ("(no Value stream)"),
    // Approach ("change-request"), Start and End ("2027-01"), Change (the header), 12 months, Reason (HUGE's), the hidden block.
    expect(l.columnWidths).toEqual([68, 218, 115, 103, 62, 62, 59, ...Array(12).fill(28), 535, 80, 80, 80]);
    expect(l.columnWidths[1]).toBe(textWidth('Customer relationship management') + 12);
    expect(l.columnWidths[REASON]).toBe(textWidth('needs 7 FTE Developer in every period it runs; Developer never has more than 6 plannable') + 12);
    // The table left of the timeline: 687 pixels, where Reason alone was 300 and the table 944.
    expect(l.columnWidths.slice(0, FIXED).reduce((a, b) => a + b, 0)).toBe(687);
  });

  it('keeps a column within bounds whatever the text: a long name is cut at 240 pixels, a short ID column still holds its header', () => {
    const long = withCell('CRM', 'Name', 'A very long initiative name that would push the timeline off the screen if the column followed it');
    const w = layoutOf(run(long)).columnWidths;
    expect(w[1]).toBe(240);
    expect(w[0]).toBe(textWidth('Initiative', true) + 12);
  });

  it('gives the same sheet for the same input', () => {
    expect(layoutOf(run())).toEqual(l);
  });
});

describe('The time axis', () => {
  it('reads months from labels such as 2027-01, Jan 2027, 03/2027, Q1 2027, H1 2027 or a year (a month shown by its letter); other labels name none', () => {
    const axis = periodAxis(['Jan 2027', 'February 2027', '2027/03', '04/2027', 'Sept 27', '2027 Dec', '2027-01-15', 'Q1 2027', '2027-Q2', 'q3-27', 'H1 2027', '2027 H2', '2027', 'P1', 'Sprint 4']);
    expect(axis.map((p) => [p.short, p.year, p.months?.join(',')])).toEqual([
      ['J', 2027, '1'],
      ['F', 2027, '2'],
      ['M', 2027, '3'],
      ['A', 2027, '4'],
      ['S', 2027, '9'],
      ['D', 2027, '12'],
      ['J', 2027, '1'],
      ['Q1', 2027, '1,2,3'],
      ['Q2', 2027, '4,5,6'],
      ['Q3', 2027, '7,8,9'],
      ['H1', 2027, '1,2,3,4,5,6'],
      ['H2', 2027, '7,8,9,10,11,12'],
      ['2027', 2027, '1,2,3,4,5,6,7,8,9,10,11,12'],
      ['P1', undefined, undefined],
      ['Sprint 4', undefined, undefined],
    ]);
  });

  it('reads dated headers three months apart as quarters (the Capacity sheet names dates 2027-01, 2027-04 ...)', () => {
    const axis = periodAxis(['2027-01', '2027-04', '2027-07', '2027-10', '2028-01']);
    expect(axis.map((p) => p.short)).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'Q1']);
    expect(yearLabels(axis)).toEqual(['2027', '', '', '', '2028']);
    expect(clockMarkers(axis, { planningRounds: [3, 9], portfolioReviews: [1, 4, 7, 10] })).toEqual(['PR', 'R', 'PR', 'R', 'PR']);
  });

  it('puts the year over the first period of each year, even when the axis starts mid-year', () => {
    expect(yearLabels(periodAxis(['2027-11', '2027-12', '2028-01', '2028-02']))).toEqual(['2027', '', '2028', '']);
    expect(yearLabels(periodAxis(['P1', 'P2']))).toEqual(['', '']);
  });

  it('marks the annual clock the DMO set: a quarter gets the marker when one of its months has it', () => {
    const settings = sampleSettings().map((r) => [...r]);
    const rounds = settings.findIndex((r) => typeof r[0] === 'string' && /planning/i.test(r[0]));
    const reviews = settings.findIndex((r) => typeof r[0] === 'string' && /review/i.test(r[0]));
    settings[rounds][1] = '2, 8';
    settings[reviews][1] = '5, 11';
    const l = layoutOf(run(SAMPLE_ROWS, { settings }));
    expect(written(run(SAMPLE_ROWS, { settings })).notes).toEqual([]);
    expect(l.values[7].slice(FIXED, FIXED + 12)).toEqual([null, 'P', null, null, 'R', null, null, 'P', null, null, 'R', null]);
  });

  it('draws a quarterly Capacity sheet by quarters, with the years and the markers; what does not fit the horizon says why', () => {
    const quarters = ['Q1 2027', 'Q2 2027', 'Q3 2027', 'Q4 2027', 'Q1 2028', 'Q2 2028'];
    const rows = withCell('MOBILE', 'Earliest start', 'Q2 2027', withCell('CRM', 'Earliest start', 'Q1 2027', withCell('AUDIT', 'Pinned start', 2)));
    const l = layoutOf(run(rows, { capacity: sampleCapacity(quarters) }));
    expect(l.values[5].slice(FIXED, FIXED + 6)).toEqual(['2027', null, null, null, '2028', null]);
    expect(l.values[6].slice(FIXED, FIXED + 7)).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'Q1', 'Q2', 'Reason']);
    expect(l.values[7].slice(FIXED, FIXED + 6)).toEqual(['PR', 'R', 'PR', 'R', 'PR', 'R']);
    // A quarter with both markers takes the planning round's fill.
    expect(l.fills[7].slice(FIXED, FIXED + 2)).toEqual([MARKER_FILLS.planning, MARKER_FILLS.review]);
    expect(chart(l, 'CRM', 6)).toBe('AB== ==== C=== D=== .... ....');
    expect(fixed(l, 'AUDIT').slice(4, 6)).toEqual(['Q2 2027', 'Q2 2027']);
    expect(fixed(l, 'PORTAL')[7]).toBe('waits for CRM (until Q4 2027), then needs 3 periods; the horizon ends with Q2 2028');
    // CRM holds 4 of the 6 developers all through 2027; from Q1 2028 two quarters are left, DWH needs three.
    expect(fixed(l, 'DWH')[7]).toBe('no room before the horizon ends: Developer capacity full until Q4 2027');
    expect(fixed(l, 'BI')[7]).toBe('waits for DWH, which cannot be placed');
    expect(l.columnWidths.slice(FIXED, FIXED + 6)).toEqual(Array(6).fill(28));
  });

  it('notes when the period labels name no months (no year row or markers then)', () => {
    const x = run(withCell('MOBILE', 'Earliest start', 6, withCell('CRM', 'Earliest start', null, withCell('AUDIT', 'Pinned start', 3))), { capacity: sampleCapacity(MONTHS_2027.map((_, t) => `P${t + 1}`)) });
    expect(written(x).notes).toEqual(['The periods of the Capacity sheet (P1 …) name no months: the roadmap shows no year labels and no annual-clock markers. Name them like 2027-01, Jan 2027 or Q1 2027.']);
    const l = layoutOf(x);
    expect(l.values[7][0]).toBe('Annual clock: the period labels name no months');
    expect(l.values[6].slice(FIXED, FIXED + 3)).toEqual(['P1', 'P2', 'P3']);
    expect(l.values[5].every((c) => c === null)).toBe(true);
  });
});

describe('Refreshing the roadmap', () => {
  const first = run();
  const firstLayout = layoutOf(first);

  it('first run: every initiative is new', () => {
    expect(written(first).changes).toEqual({ added: 7, moved: 0, removed: 0, unchanged: 0, first: true });
  });

  it('the same input again: nothing changed, the Change column is empty', () => {
    const again = run(SAMPLE_ROWS, { owned: readBack(firstLayout) });
    expect(written(again).changes).toEqual({ added: 0, moved: 0, removed: 0, unchanged: 7, first: false });
    expect(written(again).summary[2]).toBe('Since the last version: no changes');
    const l = layoutOf(again);
    expect(['CRM', 'PORTAL', 'HUGE', 'AUDIT', 'DWH', 'BI', 'MOBILE'].map((id) => cell(l, id, 'Change'))).toEqual([null, null, null, null, null, null, null]);
  });

  it('after a duration change: what moved and by how many periods, the biggest moves named in the summary', () => {
    const second = run(withCell('CRM', 'Duration', 5), { owned: readBack(firstLayout) });
    const r = written(second);
    expect(r.changes).toEqual({ added: 0, moved: 4, removed: 0, unchanged: 3, first: false });
    expect(r.summary[2]).toBe('Since the last version: 0 new, 4 moved (biggest: CRM +1, PORTAL +1, DWH +1), 0 removed');
    const l = layoutOf(second);
    expect(fixed(l, 'CRM')).toEqual(['CRM', 'Customer relationship management', 'Sales', 'gate-based', '2027-01', '2027-05', 'moved +1', null]);
    expect(fixed(l, 'PORTAL').slice(4, 7)).toEqual(['2027-06', '2027-08', 'moved +1']);
    expect(fixed(l, 'BI').slice(4, 7)).toEqual(['2027-09', '2027-10', 'moved +1']);
    expect(cell(l, 'AUDIT', 'Change')).toBeNull();
    expect(l.fontColors[rowOf(l, 'CRM')][6]).toBe('#c65911');
    expect(chart(l, 'CRM')).toBe('AB== ==== ==== C=== D=== .... .... .... .... .... .... ....');

    // And back: moved -1.
    const third = run(SAMPLE_ROWS, { owned: readBack(l) });
    expect(cell(layoutOf(third), 'CRM', 'Change')).toBe('moved -1');
  });

  it('lists an initiative deleted from the table under "Removed since last version", and a new one as new', () => {
    const rows = [...SAMPLE_ROWS.filter((r) => r[0] !== 'BI'), ['CLOUD', 'Cloud landing zone', 'Finance', 'Sprint', 2, '2027-10', null, null, 8, 1, 0.5]];
    const x = run(rows, { owned: readBack(firstLayout) });
    expect(written(x).changes).toEqual({ added: 1, moved: 0, removed: 1, unchanged: 6, first: false });
    expect(written(x).summary[2]).toBe('Since the last version: 1 new, 0 moved, 1 removed');
    const l = layoutOf(x);
    expect(fixed(l, 'CLOUD').slice(4, 7)).toEqual(['2027-10', '2027-11', 'new']);
    const title = rowOf(l, 'Removed since last version');
    expect(l.values[title - 1].every((c) => c === null)).toBe(true);
    expect(l.boldRows).toContain(title);
    expect(l.values[title + 1].slice(0, REASON + 1)).toEqual(['BI', null, null, null, '2027-08', '2027-09', 'removed', ...Array(12).fill(null), null]);
    expect(l.fontColors[title + 1].slice(0, FIXED)).toEqual(Array(FIXED).fill('#7f7f7f'));
    expect(l.values.length).toBe(title + 2);
    // The removed one is not kept in the new version: it is not listed again next time.
    const next = run(rows, { owned: readBack(l) });
    expect(written(next).changes.removed).toBe(0);
  });

  it('asks before replacing a sheet the user edited since it was generated, and replaces it when asked to', () => {
    const edited = readBack(firstLayout);
    edited[rowOf(firstLayout, 'DWH')][REASON] = 'Waiting for the vendor contract';
    expect(run(SAMPLE_ROWS, { owned: edited }).response).toEqual({
      status: 'confirm',
      message: 'The BTM Roadmap sheet was edited since it was generated. Generating the roadmap again replaces those edits: go ahead?',
    });
    expect(run(SAMPLE_ROWS, { owned: edited }).layout).toBeUndefined();
    // A row typed below the roadmap is an edit too.
    const added = [...readBack(firstLayout), ['my note', ...Array(firstLayout.values[0].length - 1).fill('')]];
    expect(run(SAMPLE_ROWS, { owned: added }).response.status).toBe('confirm');

    const replaced = run(SAMPLE_ROWS, { owned: edited, request: { replace: true } });
    expect(written(replaced).changes).toEqual({ added: 0, moved: 0, removed: 0, unchanged: 7, first: false });
    expect(cell(layoutOf(replaced), 'DWH', 'Reason')).toBe('Developer capacity full until 2027-04');
  });

  it('asks before replacing a BTM Roadmap sheet the add-in did not write; an empty one it just fills', () => {
    const foreign: CellValue[][] = [['My own roadmap'], ['CRM', 'Q1']];
    expect(run(SAMPLE_ROWS, { owned: foreign }).response).toEqual({
      status: 'confirm',
      message: 'A sheet named "BTM Roadmap" already exists and was not generated by the add-in (or its hidden columns were removed). Replace its content with the roadmap?',
    });
    expect(written(run(SAMPLE_ROWS, { owned: foreign, request: { replace: true } })).changes.first).toBe(true);
    expect(written(run(SAMPLE_ROWS, { owned: [[''], ['']] })).changes.first).toBe(true);
  });

  it('is not fooled by how a host reads the sheet back: trailing blanks trimmed, a year label as a number, dates for period labels', () => {
    const h = REASON + 1;
    const back = readBack(firstLayout).map((r) => r.map((c) => (c === '2027' ? 2027 : c === '2027-04' ? 46478 : c)));
    const trimmed = back.map((r) => {
      const out = [...r];
      while (out.length > 0 && out[out.length - 1] === '') out.pop();
      return out;
    });
    const prev = readPreviousVersion(trimmed);
    expect(prev.kind === 'version' && prev.edited).toBe(false);
    expect(prev.kind === 'version' && prev.entries.find((e) => e.id === 'CRM')).toEqual({ id: 'CRM', start: '2027-01', end: '2027-04' });
    expect(back[0][h]).toBe(VERSION_MARK);
    expect(written(run(SAMPLE_ROWS, { owned: trimmed })).changes.unchanged).toBe(7);
  });

  it('measures moves across a horizon that moved on (2027-04 … 2028-03 after 2027-01 … 2027-12)', () => {
    const changes = compareVersions(
      [
        { id: 'CRM', start: 0, end: 1 },
        { id: 'BI', start: 1, end: 2 },
        { id: 'NEW', start: 0, end: 0 },
        { id: 'GONE2', start: null, end: null },
        { id: 'EARLY', start: 0, end: 1 },
      ],
      [
        { id: 'crm', start: '2027-04', end: '2027-05' },
        { id: 'BI', start: '2027-06', end: '2027-07' },
        { id: 'GONE', start: '2027-01', end: '2027-02' },
        { id: 'GONE2', start: '2027-01', end: '2027-02' },
        // Started before the new horizon: its start moved from 2027-02 to 2027-04, its end stayed.
        { id: 'EARLY', start: '2027-02', end: '2027-05' },
      ],
      ['2027-04', '2027-05', '2027-06', '2027-07', '2027-08'],
    );
    expect(changes.change).toEqual(['', 'moved -1', 'new', 'not placed', 'moved +2']);
    expect(changes.removed).toEqual([{ id: 'GONE', start: '2027-01', end: '2027-02' }]);
    expect(changes.biggest).toEqual(['EARLY +2', 'BI -1']);
    expect(changes).toMatchObject({ added: 1, moved: 3, unchanged: 1, first: false });
  });
});

describe('User text stays as typed', () => {
  it('an ID that looks like a formula is written as that text (hosts keep it text with asTextCell) and survives a refresh', () => {
    const link = '=HYPERLINK("https://jira.example.com/browse/CRM-1","CRM-1")';
    const rows = withCell('PORTAL', 'Requires', null, withCell('CRM', 'ID', link));
    const x = run(rows);
    const l = layoutOf(x);
    const r = l.values.findIndex((row) => row[0] === link);
    expect(l.values[r].slice(0, 6)).toEqual([link, 'Customer relationship management', 'Sales', 'gate-based', '2027-01', '2027-04']);
    expect(asTextCell(l.values[r][0])).toBe(`'${link}`);
    expect(l.values[r][REASON + 1]).toBe(link);
    const again = run(rows, { owned: readBack(l) });
    expect(written(again).changes).toMatchObject({ unchanged: 7, first: false });
  });

  it('lane names and numbers as IDs keep their text', () => {
    const rows = withCell('CRM', 'ID', 101, withCell('PORTAL', 'Requires', '101', withCell('CRM', 'Value stream', '  2027 Growth ')));
    const l = layoutOf(run(rows));
    expect(l.values[rowOf(l, '101')].slice(0, 3)).toEqual(['101', 'Customer relationship management', '2027 Growth']);
    expect(rowOf(l, '2027 Growth')).toBeGreaterThan(0);
  });
});

describe('Every invalid input is named', () => {
  it('the selection and the Capacity sheet', () => {
    const snap = { ...demandSheet(), selection: { row: 2, col: 1 } };
    expect(prepareRoadmap(snap, sampleCapacity(), undefined, undefined, {}).response).toEqual({ status: 'invalid', message: 'Select a cell inside your demand table (the selected cell is empty).' });
    expect(messageOf(prepareRoadmap(demandSheet(), undefined, undefined, undefined, {}))).toMatch(/^The workbook has no "Capacity" sheet\. Lay out the "Capacity" sheet from A1/);
    expect(messageOf(run(SAMPLE_ROWS, { capacity: [['Period', '2027-01']] }))).toMatch(/^The "Capacity" sheet has no header row starting with "Role"\./);
  });

  it('the table: no data rows, no ID, duration or role columns, an unknown lane column', () => {
    const headerOnly = { ...demandSheet(SAMPLE_HEADERS, []), selection: { row: 3, col: 2 } };
    expect(prepareRoadmap(headerOnly, sampleCapacity(), undefined, undefined, {}).response).toEqual({ status: 'invalid', message: 'The demand table has a header row but no data rows below it.' });
    const bare = SAMPLE_HEADERS.map((h) => (h === 'ID' ? 'Ref' : h === 'Name' ? 'Summary' : h === 'Duration' ? 'Effort' : h));
    expect(messageOf(run(SAMPLE_ROWS, { headers: bare }))).toBe(
      'No column gives the initiatives: name one "ID", "Initiative" or "Name", or choose it in the panel. No column gives the duration: name one "Duration" or "Periods" (whole periods of the Capacity sheet), or choose it in the panel.',
    );
    const noRoles = SAMPLE_HEADERS.map((h) => (h === 'Developer' ? 'Dev' : h === 'Analyst FTE' ? 'BA' : h));
    expect(messageOf(run(SAMPLE_ROWS, { headers: noRoles }))).toBe(
      'No column gives the FTE of a role of the Capacity sheet: add columns named after the roles ("Developer", "Analyst", or e.g. "Developer FTE") with the FTE each initiative needs per period.',
    );
    expect(messageOf(run(SAMPLE_ROWS, { request: { lane: 'Team' } }))).toBe(
      'No column of the demand table is headed "Team": pick the lane column among "ID", "Name", "Value stream", "Development approach", "Duration", "Earliest start", "Pinned start", "Requires", "Priority", "Developer", "Analyst FTE".',
    );
  });

  it.each<[string, CellValue[][], string]>([
    ['a blank ID', withCell('MOBILE', 'ID', null), 'Demand!A10: the initiative has no ID; give it one (or clear the row).'],
    ['an ID used twice', withCell('MOBILE', 'ID', 'crm '), 'Demand!A10: the ID "crm " is used twice (also in Demand!A4); IDs must be unique.'],
    // BI requires DWH: once DWH's ID is blank, BI names a missing ID.
    ['a blank ID someone requires', withCell('DWH', 'ID', null), 'Demand!A6: the initiative has no ID; give it one (or clear the row). Demand!H7: "DWH" is not an ID in the table\'s ID column.'],
    ['a duration of 0', withCell('DWH', 'Duration', 0), 'Demand!E6: the duration must be a whole number of periods of at least 1, not 0.'],
    ['a duration as text', withCell('DWH', 'Duration', 'long'), 'Demand!E6: the duration must be a number, not the text "long".'],
    ['a blank duration', withCell('DWH', 'Duration', null), 'Demand!E6: the duration is blank.'],
    ['a start outside the horizon', withCell('DWH', 'Earliest start', '2028-01'), 'Demand!F6: the start "2028-01" is neither a period of the Capacity sheet (2027-01 … 2027-12) nor a period number from 1 to 12.'],
    ['a pinned start that is no period', withCell('AUDIT', 'Pinned start', 'someday'), 'Demand!G8: the pinned start "someday" is neither a period of the Capacity sheet (2027-01 … 2027-12) nor a period number from 1 to 12.'],
    ['a pinned start holding an error', withCell('AUDIT', 'Pinned start', sheetError('#REF!', 'a deleted reference')), 'Demand!G8 holds #REF!: the pinned start must be a period of the Capacity sheet or a period number.'],
    ['an unknown requirement', withCell('BI', 'Requires', 'DWH; XYZ'), 'Demand!H7: "XYZ" is not an ID in the table\'s ID column.'],
    ['an initiative requiring itself', withCell('BI', 'Requires', 'BI'), 'Demand!H7: an initiative cannot require itself.'],
    ['a negative FTE', withCell('BI', 'Developer', -1), 'Demand!J7: the FTE of Developer cannot be negative (-1).'],
    ['an FTE error', withCell('BI', 'Analyst FTE', sheetError('#N/A', 'not available')), 'Demand!K7 holds #N/A: the FTE of Analyst must be a number.'],
    ['a priority as text', withCell('BI', 'Priority', 'soon'), 'Demand!I7: the priority must be a number, not the text "soon".'],
    [
      'an unknown approach',
      withCell('BI', 'Development approach', 'Kanban'),
      'Demand!D7: the development approach must be gate-based, sprint-based, change-request or hybrid (or blank for gate-based), not "Kanban".',
    ],
    ['a lane holding an error', withCell('BI', 'Value stream', sheetError('#N/A', 'not available')), 'Demand!C7 holds #N/A: the lane must be text (or blank).'],
  ])('%s', (_, rows, message) => {
    expect(messageOf(run(rows))).toBe(message);
  });

  it('refuses to plan from the sheet it writes, whatever its letter case', () => {
    const x = prepareRoadmap(demandSheet(SAMPLE_HEADERS, SAMPLE_ROWS, 'btm roadmap'), sampleCapacity(), sampleSettings(), undefined, {});
    expect(messageOf(x)).toBe('Select a cell in your demand table: the BTM Roadmap sheet is where the add-in writes the roadmap.');
  });

  it('a pinned start dated before the first period of a dated Capacity sheet is refused, an earliest start so dated starts at once', () => {
    const dated = sampleCapacity(MONTHS_2027.map((_, t) => serialFromParts(2027, t + 1, 1)));
    expect(messageOf(run(withCell('AUDIT', 'Pinned start', serialFromParts(2026, 6, 1)), { capacity: dated }))).toBe(
      'Demand!G8: the pinned start 2026-06 is before the first period of the Capacity sheet (2027-01); move it into the plan or clear it.',
    );
    const early = run(withCell('DWH', 'Earliest start', serialFromParts(2026, 6, 1)), { capacity: dated });
    expect(early.response.status).toBe('written');
  });

  it('a Selected cell that is neither yes nor no; no row selected; every row forced out', () => {
    const sel = withColumn('Selected', ['yes', 'maybe', 'no', 'no', 'no', 'no', 'no']);
    expect(messageOf(run(sel.rows, { headers: sel.headers }))).toBe('Demand!L5: selected must be yes or no (TRUE/FALSE, 1/0; blank is no), not "maybe".');
    const none = withColumn('Selected', Array(7).fill('no'));
    expect(messageOf(run(none.rows, { headers: none.headers }))).toBe('No initiative is on the roadmap: no row of the "Selected" column says yes.');
    const out = withColumn('Forced', Array(7).fill('out'));
    expect(messageOf(run(out.rows, { headers: out.headers }))).toBe('No initiative is on the roadmap: every row is forced out.');
  });

  it('several problems at once: the first five, then how many more', () => {
    let rows = SAMPLE_ROWS.map((r) => [...r]);
    for (const id of ['CRM', 'PORTAL', 'DWH', 'BI', 'AUDIT', 'HUGE', 'MOBILE']) rows = withCell(id, 'Duration', 0, rows);
    expect(messageOf(run(rows))).toMatch(/^Demand!E4: the duration must be .*Demand!E8: the duration must be a whole number of periods of at least 1, not 0\. \(and 2 more like these\)$/);
  });

  it('a dependency cycle, with the Requires cells to fix', () => {
    const rows = withCell('CRM', 'Requires', 'BI', withCell('DWH', 'Requires', 'PORTAL'));
    expect(messageOf(run(rows))).toBe(
      'Dependencies form a cycle: CRM -> PORTAL -> DWH -> BI -> CRM (each must finish before the next starts). Remove one of these requirements: Demand!H4 (CRM), Demand!H5 (PORTAL), Demand!H6 (DWH), Demand!H7 (BI).',
    );
  });

  it('a table whose rows are all blank (an Excel table with empty rows)', () => {
    const snap = demandSheet(SAMPLE_HEADERS, [Array(11).fill(null), Array(11).fill(null)]);
    const withTable = { ...snap, listObject: { start: { row: 3, col: 1 }, end: { row: 5, col: 11 } } };
    expect(prepareRoadmap(withTable, sampleCapacity(), undefined, undefined, {}).response).toEqual({
      status: 'invalid',
      message: 'The demand table has no initiatives: every row below the header is blank.',
    });
  });
});

describe('500 initiatives over 36 months', () => {
  const wb = generatedWorkbook(500, 36);
  const started = Date.now();
  const x = prepareRoadmap(wb.demand, wb.capacity, wb.settings, undefined, {});
  const elapsed = Date.now() - started;

  it('is one values grid and one fills grid of the same shape', () => {
    const l = layoutOf(x);
    const lanes = new Set(wb.rows.map((r) => r[2])).size;
    expect(l.values).toHaveLength(8 + lanes + 500);
    expect(l.values.every((r) => r.length === FIXED + 36 + 1 + 3)).toBe(true);
    expect(l.fills).toHaveLength(l.values.length);
    expect(l.fills.every((r) => r.length === FIXED + 36 + 1 + 3)).toBe(true);
    expect(l.columnWidths).toHaveLength(FIXED + 36 + 1 + 3);
    expect(l.hiddenColumns).toEqual({ from: FIXED + 36 + 2, count: 3 });
    const r = written(x);
    expect(r.initiatives).toBe(500);
    expect(r.placed + r.unplaceable).toBe(500);
    expect(r.placed).toBeGreaterThan(450);
    expect(l.values[5].slice(FIXED, FIXED + 36).filter((c) => c !== null)).toEqual(['2027', '2028', '2029']);
    // Comfortably inside a panel call (typically well under a second).
    expect(elapsed).toBeLessThan(10_000);
  });

  it('keeps every dependency: nothing starts before what it requires has ended', () => {
    const l = layoutOf(x);
    const h = FIXED + 36 + 1;
    const at = new Map<string, { start: number; end: number }>();
    for (const row of l.values) {
      if (typeof row[h] === 'string' && row[h] !== VERSION_MARK && row[h + 1] !== null) {
        at.set(row[h] as string, { start: wb.periods.indexOf(row[h + 1] as string), end: wb.periods.indexOf(row[h + 2] as string) });
      }
    }
    let checked = 0;
    for (const row of wb.rows) {
      const me = at.get(row[0] as string);
      const before = row[6] === null ? undefined : at.get(row[6] as string);
      if (me && before) {
        expect(me.start).toBeGreaterThan(before.end);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('refreshes against itself: nothing changed, not edited', () => {
    const again = prepareRoadmap(wb.demand, wb.capacity, wb.settings, readBack(layoutOf(x)), {});
    expect(written(again).changes).toEqual({ added: 0, moved: 0, removed: 0, unchanged: 500, first: false });
  });

  it('the builder is deterministic', () => {
    expect(generatedWorkbook(500, 36)).toEqual(wb);
    expect(generatedWorkbook(30, 8, { quarters: true }).periods).toEqual(['Q1 2027', 'Q2 2027', 'Q3 2027', 'Q4 2027', 'Q1 2028', 'Q2 2028', 'Q3 2028', 'Q4 2028']);
  });
});
