// The DMO's rules of thumb for capacity (DOMAIN.md, "Resources and capacity"). All are
// defaults a DMO can change in the BTM Settings sheet.

export interface CapacityRules {
  /** Share of a person's time really available: "100% allocated" is 80-90% in practice. */
  readonly availability: number;
  /** Share of the effective capacity that may be planned; the rest is kept for surprises. */
  readonly plannableShare: number;
  /** An allocation at or below this share of a person produces nothing meaningful. */
  readonly minAllocation: number;
  /** A high-performing team has this many people. */
  readonly teamSize: { readonly min: number; readonly max: number };
}

export const DEFAULT_CAPACITY_RULES: CapacityRules = {
  availability: 0.85,
  plannableShare: 0.75,
  minAllocation: 0.2,
  teamSize: { min: 5, max: 7 },
};

/** FTE a role can really deliver in a period: its headcount (or FTE) times availability. */
export function effectiveCapacity(headcount: number, rules: CapacityRules = DEFAULT_CAPACITY_RULES): number {
  return headcount * rules.availability;
}

/** FTE that may be planned: the effective capacity times the plannable share. */
export function plannableCapacity(headcount: number, rules: CapacityRules = DEFAULT_CAPACITY_RULES): number {
  return effectiveCapacity(headcount, rules) * rules.plannableShare;
}
