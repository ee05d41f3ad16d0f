// Gates: the period in which each flow zone (A capture demand, B build, C release, D roll out and
// release value) starts, from the schedule and each initiative's development approach.
import { isSheetError } from '../core';
import { serialSchedule, Schedule } from '../core/roadmap/scheduler';
import { APPROACHES, DEFAULT_ZONE_SHARES, InitiativeGates, ZONES, checkZoneShares, gatePeriods, parseApproach, zoneStarts } from '../core/roadmap/gates';

const MONTHS = Array.from({ length: 12 }, (_, t) => `2027-${String(t + 1).padStart(2, '0')}`);

function schedule(): Schedule {
  const s = serialSchedule({
    roles: ['Developer'],
    periods: MONTHS,
    capacity: [MONTHS.map(() => 10)],
    initiatives: [
      { id: 'Project', duration: 10, fte: [1], earliestStart: 2 },
      { id: 'Backlog', duration: 4, fte: [1] },
      { id: 'Change', duration: 1, fte: [1], earliestStart: 5 },
      { id: 'TooBig', duration: 1, fte: [11] },
    ],
  });
  if (isSheetError(s)) throw new Error(s.message);
  return s;
}

describe('default zone shares', () => {
  it('add up to 100% for every approach, and gate-based is 15/55/15/15', () => {
    for (const a of APPROACHES) expect(checkZoneShares(a, DEFAULT_ZONE_SHARES[a])).toBeUndefined();
    expect(DEFAULT_ZONE_SHARES['gate-based']).toEqual({ A: 0.15, B: 0.55, C: 0.15, D: 0.15 });
  });
});

describe('zoneStarts', () => {
  it('puts each gate in the period that holds the boundary', () => {
    // 10 periods from period 2: boundaries after 1.5, 7 and 8.5 periods.
    expect(zoneStarts(2, 10, DEFAULT_ZONE_SHARES['gate-based'])).toEqual({ A: 2, B: 3, C: 9, D: 10 });
    // Sprint-based, 4 periods: boundaries after 0.4, 2.4 and 2.8 periods, so two gates share a period.
    expect(zoneStarts(0, 4, DEFAULT_ZONE_SHARES['sprint-based'])).toEqual({ A: 0, B: 0, C: 2, D: 2 });
  });

  it('does not lose a boundary to floating point (0.05 + 0.05 + 0.7 is 0.7999..., x 5 is 3.999...)', () => {
    expect(zoneStarts(0, 5, { A: 0.05, B: 0.05, C: 0.7, D: 0.2 })).toEqual({ A: 0, B: 0, C: 0, D: 4 });
  });

  it('passes every gate in the one period of a one-period initiative', () => {
    expect(zoneStarts(5, 1, DEFAULT_ZONE_SHARES['change-request'])).toEqual({ A: 5, B: 5, C: 5, D: 5 });
  });

  it('keeps a zone with no share inside the run', () => {
    expect(zoneStarts(0, 4, { A: 0.25, B: 0.75, C: 0, D: 0 })).toEqual({ A: 0, B: 1, C: 3, D: 3 });
  });
});

describe('gatePeriods', () => {
  it('gives each placed initiative its gates, by its approach, and none to one not placed', () => {
    const g = gatePeriods(schedule(), ['gate-based', 'sprint-based', 'change-request', 'hybrid']);
    expect(g).toEqual<InitiativeGates[]>([
      { id: 'Project', approach: 'gate-based', zones: { A: 2, B: 3, C: 9, D: 10 } },
      { id: 'Backlog', approach: 'sprint-based', zones: { A: 0, B: 0, C: 2, D: 2 } },
      { id: 'Change', approach: 'change-request', zones: { A: 5, B: 5, C: 5, D: 5 } },
      { id: 'TooBig', approach: 'hybrid', zones: null },
    ]);
  });

  it('uses the DMO\'s split where it set one, the defaults elsewhere', () => {
    const g = gatePeriods(schedule(), ['gate-based', 'sprint-based', 'gate-based', 'gate-based'], { 'gate-based': { A: 0.1, B: 0.6, C: 0.2, D: 0.1 } });
    expect(isSheetError(g) ? g.message : g.map((x) => x.zones)).toEqual([{ A: 2, B: 3, C: 9, D: 11 }, { A: 0, B: 0, C: 2, D: 2 }, { A: 5, B: 5, C: 5, D: 5 }, null]);
  });

  it('refuses a split that does not add up, an unknown approach, and a wrong count', () => {
    const s = schedule();
    expect(gatePeriods(s, ['gate-based', 'gate-based', 'gate-based', 'gate-based'], { hybrid: { A: 0.15, B: 0.55, C: 0.15, D: 0.1 } })).toMatchObject({
      code: '#VALUE!',
      message: 'hybrid: the zone shares add up to 95%, not 100%.',
    });
    expect(gatePeriods(s, ['gate-based', 'gate-based', 'gate-based', 'gate-based'], { 'sprint-based': { A: -0.1, B: 0.6, C: 0.2, D: 0.3 } })).toMatchObject({
      message: 'sprint-based: the share of zone A must be a number of at least 0 (got -0.1).',
    });
    expect(gatePeriods(s, ['gate-based', 'gate-based', 'gate-based', 'kanban' as never])).toMatchObject({
      message: 'Initiative TooBig: unknown development approach "kanban" (use gate-based, sprint-based, change-request, hybrid).',
    });
    expect(gatePeriods(s, ['gate-based'])).toMatchObject({ message: 'Gates need one development approach per initiative (4), got 1.' });
  });
});

describe('parseApproach', () => {
  it('reads the approach as people write it', () => {
    expect(['Gate-based', 'gate based', 'Project', 'Sprint-based', 'Agile', 'Change request', 'CR', 'change_request', 'Hybrid', 'agile project'].map(parseApproach)).toEqual([
      'gate-based',
      'gate-based',
      'gate-based',
      'sprint-based',
      'sprint-based',
      'change-request',
      'change-request',
      'change-request',
      'hybrid',
      'hybrid',
    ]);
    expect(parseApproach('')).toBeUndefined();
    expect(parseApproach('kanban')).toBeUndefined();
  });

  it('has a zone for every letter', () => {
    expect(ZONES).toEqual(['A', 'B', 'C', 'D']);
  });
});
