// Lint for a resource plan: every finding names the role, the period and the initiative (or
// person) it is about, so a portfolio manager can go straight to the cell.
import { CapacityRules, DEFAULT_CAPACITY_RULES, effectiveCapacity, plannableCapacity } from './rules';

/** One person's (or one unnamed role slot's) share of time on an initiative in a period. */
export interface Allocation {
  readonly initiative: string;
  readonly role: string;
  /** Omitted for plans made per role rather than per person. */
  readonly person?: string;
  readonly period: string;
  /** Share of a full-time person: 0.5 is half time. */
  readonly fte: number;
}

export interface RoleCapacity {
  readonly role: string;
  readonly period: string;
  /** People (or FTE) in the role in that period, before availability. */
  readonly headcount: number;
}

export type Severity = 'error' | 'warning';

export type FindingKind = 'below-minimum' | 'person-over-100' | 'role-over-plannable' | 'role-over-capacity' | 'role-without-capacity' | 'team-size';

export interface Finding {
  readonly severity: Severity;
  readonly kind: FindingKind;
  readonly role: string;
  readonly period: string;
  /** The initiative concerned, or '' for a finding about a role or a person as a whole. */
  readonly initiative: string;
  readonly person?: string;
  readonly message: string;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
const fte = (x: number) => `${Math.round(x * 100) / 100} FTE`;

function sumBy<K extends string>(items: readonly Allocation[], key: (a: Allocation) => K | undefined): Map<K, number> {
  const sums = new Map<K, number>();
  for (const a of items) {
    const k = key(a);
    if (k !== undefined) sums.set(k, (sums.get(k) ?? 0) + a.fte);
  }
  return sums;
}

const SEP = '\u0000';

/**
 * Checks a plan against the rules: allocations at or below the minimum (warning), people over
 * 100% in a period (error), roles planned above the plannable share (warning) or above their
 * effective capacity (error), roles with allocations but no capacity (error), and initiative
 * teams outside the team-size band in a period (warning; plans per person only). Findings come
 * errors first, then by period, role and initiative.
 */
export function lintPlan(allocations: readonly Allocation[], capacity: readonly RoleCapacity[], rules: CapacityRules = DEFAULT_CAPACITY_RULES): Finding[] {
  const findings: Finding[] = [];

  for (const a of allocations) {
    if (a.fte > 0 && a.fte <= rules.minAllocation) {
      const who = a.person ? `${a.person} (${a.role})` : a.role;
      findings.push({
        severity: 'warning',
        kind: 'below-minimum',
        role: a.role,
        period: a.period,
        initiative: a.initiative,
        ...(a.person ? { person: a.person } : {}),
        message: `${who} on ${a.initiative} in ${a.period}: ${pct(a.fte)} is at or below the ${pct(rules.minAllocation)} that produces anything meaningful`,
      });
    }
  }

  const perPerson = sumBy(allocations, (a) => (a.person ? `${a.person}${SEP}${a.role}${SEP}${a.period}` : undefined));
  for (const [key, total] of perPerson) {
    if (total > 1 + 1e-9) {
      const [person, role, period] = key.split(SEP);
      findings.push({ severity: 'error', kind: 'person-over-100', role, period, initiative: '', person, message: `${person} (${role}) in ${period} is planned at ${pct(total)}, above 100%` });
    }
  }

  const headcount = new Map(capacity.map((c) => [`${c.role}${SEP}${c.period}`, c.headcount]));
  const perRole = sumBy(allocations, (a) => `${a.role}${SEP}${a.period}`);
  for (const [key, total] of perRole) {
    const [role, period] = key.split(SEP);
    const people = headcount.get(key);
    if (people === undefined || people <= 0) {
      findings.push({ severity: 'error', kind: 'role-without-capacity', role, period, initiative: '', message: `${role} in ${period} has ${fte(total)} planned but no capacity` });
      continue;
    }
    const effective = effectiveCapacity(people, rules);
    const plannable = plannableCapacity(people, rules);
    if (total > effective + 1e-9) {
      findings.push({
        severity: 'error',
        kind: 'role-over-capacity',
        role,
        period,
        initiative: '',
        message: `${role} in ${period}: ${fte(total)} planned is above the effective capacity of ${fte(effective)} (${people} at ${pct(rules.availability)} availability)`,
      });
    } else if (total > plannable + 1e-9) {
      findings.push({
        severity: 'warning',
        kind: 'role-over-plannable',
        role,
        period,
        initiative: '',
        message: `${role} in ${period}: ${fte(total)} planned is above the ${pct(rules.plannableShare)} that may be planned (${fte(plannable)}); keep a reserve for surprises`,
      });
    }
  }

  // Teams: distinct people per initiative and period, for plans made per person.
  const teams = new Map<string, Set<string>>();
  for (const a of allocations) {
    if (!a.person || !(a.fte > 0)) continue;
    const key = `${a.initiative}${SEP}${a.period}`;
    const team = teams.get(key) ?? new Set<string>();
    team.add(a.person);
    teams.set(key, team);
  }
  for (const [key, team] of teams) {
    const { min, max } = rules.teamSize;
    if (team.size < min || team.size > max) {
      const [initiative, period] = key.split(SEP);
      findings.push({
        severity: 'warning',
        kind: 'team-size',
        role: '',
        period,
        initiative,
        message: `${initiative} in ${period} has a team of ${team.size}; high-performing teams have ${min}-${max} people`,
      });
    }
  }

  const rank = (f: Finding) => (f.severity === 'error' ? 0 : 1);
  return findings.sort((x, y) => rank(x) - rank(y) || x.period.localeCompare(y.period) || x.role.localeCompare(y.role) || x.initiative.localeCompare(y.initiative));
}
