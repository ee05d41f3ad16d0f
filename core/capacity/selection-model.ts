// Portfolio selection as a model: which initiatives to fund and staff so that total value is
// largest within the budget per period, the capacity per role and period, dependencies,
// exclusions and forced choices. Solver-independent: the feasibility check that every
// solution must pass, the greedy value/cost ranking the optimiser is compared with, and an
// exhaustive search for small instances (the tests' referee).

export interface Candidate {
  readonly id: string;
  readonly value: number;
  /** Cost in each period (zeros where it costs nothing). */
  readonly cost: readonly number[];
  /** FTE per role (rows) and period (columns). */
  readonly demand: readonly (readonly number[])[];
  readonly forced?: 'in' | 'out';
}

export interface SelectionProblem {
  readonly candidates: readonly Candidate[];
  /** Budget per period. */
  readonly budget: readonly number[];
  /** Role names, in the order of each candidate's demand rows and of capacity's rows. */
  readonly roles: readonly string[];
  /** Periods' names, in the order of the columns. */
  readonly periods: readonly string[];
  /** Plannable FTE per role and period. */
  readonly capacity: readonly (readonly number[])[];
  /** [a, b]: a requires b (a selected only if b is). Indices into candidates. */
  readonly requires: readonly (readonly [number, number])[];
  /** [a, b]: a and b exclude each other. */
  readonly excludes: readonly (readonly [number, number])[];
}

const EPS = 1e-9;

/** Every constraint a selection breaks, in words (empty: feasible). */
export function violations(p: SelectionProblem, selected: readonly boolean[]): string[] {
  const out: string[] = [];
  const { candidates: c } = p;
  c.forEach((x, i) => {
    if (x.forced === 'in' && !selected[i]) out.push(`${x.id} is forced in but not selected`);
    if (x.forced === 'out' && selected[i]) out.push(`${x.id} is forced out but selected`);
  });
  p.periods.forEach((period, t) => {
    let spend = 0;
    c.forEach((x, i) => selected[i] && (spend += x.cost[t] ?? 0));
    if (spend > p.budget[t] + EPS * Math.max(1, p.budget[t])) out.push(`budget in ${period}: ${spend} spent of ${p.budget[t]}`);
    p.roles.forEach((role, k) => {
      let load = 0;
      c.forEach((x, i) => selected[i] && (load += x.demand[k]?.[t] ?? 0));
      const cap = p.capacity[k]?.[t] ?? 0;
      if (load > cap + EPS * Math.max(1, cap)) out.push(`${role} in ${period}: ${load} FTE planned of ${cap}`);
    });
  });
  for (const [a, b] of p.requires) if (selected[a] && !selected[b]) out.push(`${c[a].id} requires ${c[b].id}`);
  for (const [a, b] of p.excludes) if (selected[a] && selected[b]) out.push(`${c[a].id} and ${c[b].id} exclude each other`);
  return out;
}

export function totalValue(p: SelectionProblem, selected: readonly boolean[]): number {
  let v = 0;
  p.candidates.forEach((x, i) => selected[i] && (v += x.value));
  return v;
}

/** A candidate's whole cost, the denominator of the greedy ranking. */
function totalCost(x: Candidate): number {
  let s = 0;
  for (const v of x.cost) s += v;
  return s;
}

/**
 * The greedy baseline a spreadsheet user would do by hand: forced-in items first, then by value
 * per unit of cost (highest first; free items first), adding an item when the selection stays
 * feasible with it (an item that requires others is added together with them if they fit).
 */
export function greedySelection(p: SelectionProblem): boolean[] {
  const n = p.candidates.length;
  const selected = new Array<boolean>(n).fill(false);
  const requiresOf = (i: number) => p.requires.filter(([a]) => a === i).map(([, b]) => b);
  const tryAdd = (i: number): boolean => {
    if (selected[i] || p.candidates[i].forced === 'out') return selected[i];
    const adding = new Set<number>();
    const visit = (k: number) => {
      if (selected[k] || adding.has(k)) return;
      adding.add(k);
      requiresOf(k).forEach(visit);
    };
    visit(i);
    adding.forEach((k) => (selected[k] = true));
    const broken = violations(p, selected).filter((v) => !v.includes('forced in'));
    if (broken.length === 0) return true;
    adding.forEach((k) => (selected[k] = false));
    return false;
  };
  const order = p.candidates
    .map((x, i) => ({ i, forced: x.forced === 'in', ratio: totalCost(x) > 0 ? x.value / totalCost(x) : Infinity }))
    .sort((a, b) => Number(b.forced) - Number(a.forced) || b.ratio - a.ratio || a.i - b.i);
  for (const { i } of order) tryAdd(i);
  return selected;
}

/** The optimum by trying every subset: the referee for small instances (at most 20 items). */
export function bestByExhaustiveSearch(p: SelectionProblem): { selected: boolean[]; value: number } | undefined {
  const n = p.candidates.length;
  if (n > 20) throw new RangeError('bestByExhaustiveSearch: at most 20 candidates');
  let best: { selected: boolean[]; value: number } | undefined;
  for (let mask = 0; mask < 1 << n; mask++) {
    const selected = Array.from({ length: n }, (_, i) => (mask & (1 << i)) !== 0);
    const value = totalValue(p, selected);
    if (best && value <= best.value) continue;
    if (violations(p, selected).length === 0) best = { selected, value };
  }
  return best;
}
