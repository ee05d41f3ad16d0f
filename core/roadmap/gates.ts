// Gates: where an initiative's flow zones begin on the roadmap (DOMAIN.md, "Governance model").
// Every initiative passes the same four zones, A capture demand -> B build solution and
// operational readiness -> C release service -> D roll out and release business value, and the
// portfolio decisions sit at the boundaries between them. How much of the run each zone takes
// depends on the development approach, so the DMO sets one split per approach; the schedule's
// start and duration then give the period in which each zone starts (the gate letters drawn on
// the roadmap).
import { sheetError } from '../values/errors';
import type { PeriodIndex, RoadmapError } from './model';
import type { Schedule } from './scheduler';

export type Approach = 'gate-based' | 'sprint-based' | 'change-request' | 'hybrid';
export const APPROACHES: readonly Approach[] = ['gate-based', 'sprint-based', 'change-request', 'hybrid'];

export const ZONES = ['A', 'B', 'C', 'D'] as const;
export type Zone = (typeof ZONES)[number];

/** Share of an initiative's duration spent in each zone, as fractions adding up to 1. */
export type ZoneShares = Readonly<Record<Zone, number>>;

/**
 * Defaults a DMO can replace, chosen from what each approach is (DOMAIN.md):
 *  - gate-based (a sequential project): a feasibility phase, a long build, a separate release
 *    and a roll-out at the end: 15 / 55 / 15 / 15.
 *  - sprint-based (continual agile work from a backlog): demand is refined sprint by sprint and
 *    value is released from the first increments, so capture is short and roll-out long:
 *    10 / 50 / 10 / 30.
 *  - change-request (small changes by the service team): the request, its approval and impact
 *    analysis are a large share of a small change: 25 / 45 / 15 / 15.
 *  - hybrid (an agile project inside portfolio gates): gated capture and release like a project,
 *    value released in increments as in sprint work: 15 / 50 / 10 / 25.
 */
export const DEFAULT_ZONE_SHARES: Readonly<Record<Approach, ZoneShares>> = {
  'gate-based': { A: 0.15, B: 0.55, C: 0.15, D: 0.15 },
  'sprint-based': { A: 0.1, B: 0.5, C: 0.1, D: 0.3 },
  'change-request': { A: 0.25, B: 0.45, C: 0.15, D: 0.15 },
  hybrid: { A: 0.15, B: 0.5, C: 0.1, D: 0.25 },
};

/** How far the shares may add up away from 1 (they are typed as percentages and divided). */
const SUM_TOLERANCE = 1e-6;
/**
 * Added before rounding down a zone's offset: 0.7 x 10 is 6.999... in floating point and must
 * still land in period 7 of the run.
 */
const OFFSET_EPSILON = 1e-9;

/**
 * Reads an approach as people write it in a demand table: "Gate-based", "gate", "project",
 * "Sprint", "agile", "Change request", "CR", "hybrid". Undefined when it is none of them.
 */
export function parseApproach(text: string): Approach | undefined {
  const t = text.trim().toLowerCase().replace(/[\s_]+/g, '-');
  if (t === '') return undefined;
  if (/^(gate|gates|gate-based|gated|project|waterfall|sequential)$/.test(t)) return 'gate-based';
  if (/^(sprint|sprints|sprint-based|agile|backlog|continual|continuous)$/.test(t)) return 'sprint-based';
  if (/^(cr|change|change-request|change-requests|change-request-based|service)$/.test(t)) return 'change-request';
  if (/^(hybrid|agile-project)$/.test(t)) return 'hybrid';
  return undefined;
}

/** What is wrong with a split, in words naming the approach; undefined when it is usable. */
export function checkZoneShares(label: string, shares: ZoneShares): string | undefined {
  let sum = 0;
  for (const z of ZONES) {
    const x = shares[z];
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) return `${label}: the share of zone ${z} must be a number of at least 0 (got ${String(x)}).`;
    sum += x;
  }
  if (Math.abs(sum - 1) > SUM_TOLERANCE) return `${label}: the zone shares add up to ${Math.round(sum * 1e4) / 100}%, not 100%.`;
  return undefined;
}

/**
 * The period in which each zone starts for a run of duration periods from start: the period
 * that contains the boundary, i.e. start + floor(share of the zones before it x duration). A
 * short run can pass two gates in one period; a zone with no share starts where the next one
 * does, and one at the very end is put in the last period of the run, never after it.
 */
export function zoneStarts(start: PeriodIndex, duration: number, shares: ZoneShares): Record<Zone, PeriodIndex> {
  const out = {} as Record<Zone, PeriodIndex>;
  let before = 0;
  for (const z of ZONES) {
    out[z] = start + Math.min(duration - 1, Math.floor(before * duration + OFFSET_EPSILON));
    before += shares[z];
  }
  return out;
}

export interface InitiativeGates {
  readonly id: string;
  readonly approach: Approach;
  /** Period in which each zone starts; null when the initiative is not placed. */
  readonly zones: Record<Zone, PeriodIndex> | null;
}

/**
 * Gate periods for every initiative of a schedule (table order), from each one's approach and
 * the DMO's splits (the defaults for any approach the DMO did not set). An error names the
 * approach whose split is unusable, or says the approaches do not match the initiatives.
 */
export function gatePeriods(
  schedule: Schedule,
  approaches: readonly Approach[],
  shares: Partial<Readonly<Record<Approach, ZoneShares>>> = {},
): readonly InitiativeGates[] | RoadmapError {
  if (approaches.length !== schedule.initiatives.length) {
    return sheetError('#VALUE!', `Gates need one development approach per initiative (${schedule.initiatives.length}), got ${approaches.length}.`);
  }
  const split = { ...DEFAULT_ZONE_SHARES, ...shares };
  for (const a of APPROACHES) {
    const problem = checkZoneShares(a, split[a]);
    if (problem) return sheetError('#VALUE!', problem);
  }
  const unknown = approaches.findIndex((a) => !APPROACHES.includes(a));
  if (unknown >= 0) {
    return sheetError('#VALUE!', `Initiative ${schedule.initiatives[unknown].id}: unknown development approach "${String(approaches[unknown])}" (use ${APPROACHES.join(', ')}).`);
  }
  return schedule.initiatives.map((it, i) => {
    const approach = approaches[i];
    const zones = it.start === null || it.end === null ? null : zoneStarts(it.start, it.end - it.start + 1, split[approach]);
    return { id: it.id, approach, zones };
  });
}
