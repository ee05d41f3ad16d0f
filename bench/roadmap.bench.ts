// Benchmark (not a test): the roadmap scheduler on seeded random portfolios of 30 and 120
// initiatives x 4 roles x 24 monthly periods. For each instance it prints the makespan of the
// baseline (serial schedule generation in priority order), after the forward-backward
// improvement (default: neither makespan nor priority-weighted completion may get worse), after
// the makespan-first improvement (for the trade-off), the lower bound (critical path and
// resource bounds) and the gaps to that bound, the weighted completion relative to the
// baseline, and the time taken.
//   npx tsx bench/roadmap.bench.ts            (BENCH_SEEDS=n instances per size, default 10)
import os from 'node:os';
import { isSheetError } from '../core/values/errors';
import { RoadmapInitiative, RoadmapProblem, priorityOrderFrom } from '../core/roadmap/model';
import { planRoadmap, serialSchedule } from '../core/roadmap/scheduler';
import { makespanLowerBound } from '../core/roadmap/bounds';
import { mulberry32 } from './prng';

const SIZES = [30, 120];
const ROLES = ['Developer', 'Analyst', 'Tester', 'Architect'];
const PERIODS = Array.from({ length: 24 }, (_, t) => `${2027 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`);
const SEEDS = Math.max(1, Number(process.env.BENCH_SEEDS) || 10);
/** Share of the plannable capacity the portfolio's work asks for over the horizon. */
const UTILISATION = 0.6;

/**
 * A value stream's portfolio: durations of 1-6 months, each initiative needing 1-3 roles at
 * 0.5-3 FTE; 15% wait for one or two earlier ones of the same theme (eight initiatives to a
 * theme, so dependency chains stay within what a horizon can hold); a fifth cannot start before a given
 * month; about 3% are pinned; priority by a random WSJF. Capacity per role is set so the work
 * asks for UTILISATION of it, with July and December at 80% (holidays).
 */
function portfolio(n: number, seed: number): RoadmapProblem {
  const rng = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const T = PERIODS.length;
  const initiatives: RoadmapInitiative[] = [];
  for (let i = 0; i < n; i++) {
    const duration = int(1, 6);
    const fte = ROLES.map(() => 0);
    const used = new Set<number>();
    const roleCount = int(1, 3);
    while (used.size < roleCount) used.add(int(0, ROLES.length - 1));
    for (const r of used) fte[r] = int(1, 6) / 2;
    const after = new Set<string>();
    if (i % 8 > 0 && rng() < 0.15) for (let k = int(1, 2); k > 0; k--) after.add(`I${int(i - (i % 8), i - 1) + 1}`);
    const it: RoadmapInitiative = { id: `I${i + 1}`, duration, fte, after: [...after] };
    if (rng() < 0.2) initiatives.push({ ...it, earliestStart: int(0, 6) });
    else if (rng() < 0.03) initiatives.push({ ...it, pinnedStart: int(0, T - duration) });
    else initiatives.push(it);
  }
  const capacity = ROLES.map((_, r) => {
    const work = initiatives.reduce((s, it) => s + it.fte[r] * it.duration, 0);
    const most = Math.max(...initiatives.map((it) => it.fte[r]));
    const level = Math.max(most, Math.round((work / (T * UTILISATION)) * 2) / 2);
    return PERIODS.map((p) => (p.endsWith('-07') || p.endsWith('-12') ? Math.max(most, Math.round(level * 0.8 * 2) / 2) : level));
  });
  const wsjf = initiatives.map(() => Math.round(rng() * 1000) / 10);
  return { initiatives, roles: ROLES, periods: PERIODS, capacity, priorityOrder: priorityOrderFrom(wsjf, 'highest-first') };
}

interface Row {
  readonly n: number;
  readonly seed: number;
  readonly baseline: number;
  /** Makespan after the default improvement (neither measure worse) and after the makespan-first one. */
  readonly improved: number;
  readonly shortest: number;
  readonly bound: number | null;
  readonly critical: number;
  readonly resource: number | null;
  /** Priority-weighted completion: baseline, improved, makespan-first. */
  readonly wcBase: number;
  readonly wcImproved: number;
  readonly wcShortest: number;
  /** Initiatives not placed by the baseline / after the improvement. */
  readonly unplacedBase: number;
  readonly unplaced: number;
  readonly rounds: number;
  readonly msBaseline: number;
  readonly ms: number;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const signed = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const mean = (xs: number[]) => (xs.length === 0 ? NaN : xs.reduce((s, x) => s + x, 0) / xs.length);

/** The result and the fastest of five runs (the others carry garbage collection and JIT noise). */
function timed<T>(f: () => T): { value: T; ms: number } {
  let ms = Infinity;
  let value = f();
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    value = f();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { value, ms };
}

function main(): void {
  console.log(`Roadmap scheduler: serial SGS in WSJF order, then forward-backward improvement; ${ROLES.length} roles x ${PERIODS.length} periods, work at ${pct(UTILISATION)} of capacity`);
  console.log(`Machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`);
  // Warm up the JIT so the first instance's time is not the compiler's.
  for (let k = 0; k < 5; k++) planRoadmap(portfolio(120, k));
  const rows: Row[] = [];
  for (const n of SIZES) {
    for (let k = 0; k < SEEDS; k++) {
      const seed = 0x50ad + 1000 * n + k;
      const p = portfolio(n, seed);
      const base = timed(() => serialSchedule(p));
      const plan = timed(() => planRoadmap(p));
      const shortest = planRoadmap(p, { objective: 'makespan' });
      const lb = makespanLowerBound(p);
      if (isSheetError(base.value) || isSheetError(plan.value) || isSheetError(shortest) || isSheetError(lb)) throw new Error(`instance ${n}/${seed} refused`);
      const { baseline, improved } = plan.value;
      if (baseline.makespan !== base.value.makespan) throw new Error('planRoadmap and serialSchedule disagree on the baseline');
      rows.push({
        n,
        seed,
        baseline: baseline.makespan,
        improved: improved.makespan,
        shortest: shortest.improved.makespan,
        bound: lb.bound,
        critical: lb.criticalPath,
        resource: lb.resource,
        wcBase: baseline.weightedCompletion,
        wcImproved: improved.weightedCompletion,
        wcShortest: shortest.improved.weightedCompletion,
        unplacedBase: baseline.unplaceable.length,
        unplaced: improved.unplaceable.length,
        rounds: plan.value.rounds,
        msBaseline: base.ms,
        ms: plan.ms,
      });
    }
  }

  // A gap to the bound means something only when every initiative the bound counts is placed.
  const complete = (r: Row) => r.unplacedBase === 0 && r.unplaced === 0 && r.bound !== null && r.bound > 0;
  const gap = (r: Row, mk: number) => (complete(r) ? pct(mk / (r.bound as number) - 1) : 'n/a');
  const header = ['items', 'seed', 'baseline', 'improved', 'makespan-first', 'bound (CP / res)', 'gap base', 'gap impr', 'gap mk-first', 'wtd completion impr / mk-first', 'unplaced', 'rounds', 'time base / plan'];
  const table = rows.map((r) => [
    String(r.n),
    String(r.seed),
    String(r.baseline),
    String(r.improved),
    String(r.shortest),
    `${r.bound ?? 'n/a'} (${r.critical} / ${r.resource ?? 'n/a'})`,
    gap(r, r.baseline),
    gap(r, r.improved),
    gap(r, r.shortest),
    `${signed(r.wcImproved / r.wcBase - 1)} / ${signed(r.wcShortest / r.wcBase - 1)}`,
    r.unplacedBase === r.unplaced ? String(r.unplaced) : `${r.unplacedBase} -> ${r.unplaced}`,
    String(r.rounds),
    `${r.msBaseline.toFixed(1)} / ${r.ms.toFixed(1)} ms`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...table.map((row) => row[c].length)));
  const line = (cells: string[]) => cells.map((x, c) => x.padEnd(widths[c])).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) console.log(line(row));

  console.log('\nMeans over the seeds (gaps over the instances where everything was placed; weighted completion relative to the baseline, lower is better):');
  for (const n of SIZES) {
    const rs = rows.filter((r) => r.n === n);
    const full = rs.filter(complete);
    const meanGap = (mk: (r: Row) => number) => pct(mean(full.map((r) => mk(r) / (r.bound as number) - 1)));
    console.log(
      `  ${n} initiatives: makespan baseline ${mean(rs.map((r) => r.baseline)).toFixed(2)}, improved ${mean(rs.map((r) => r.improved)).toFixed(2)}, ` +
        `makespan-first ${mean(rs.map((r) => r.shortest)).toFixed(2)}, lower bound ${mean(rs.map((r) => r.bound ?? NaN)).toFixed(2)}; ` +
        `gap to bound ${meanGap((r) => r.baseline)} -> ${meanGap((r) => r.improved)} (makespan-first ${meanGap((r) => r.shortest)}) on ${full.length}/${rs.length}; ` +
        `shorter in ${rs.filter((r) => r.improved < r.baseline).length}/${rs.length} (makespan-first ${rs.filter((r) => r.shortest < r.baseline).length}/${rs.length}); ` +
        `weighted completion ${signed(mean(rs.map((r) => r.wcImproved / r.wcBase - 1)))} (makespan-first ${signed(mean(rs.map((r) => r.wcShortest / r.wcBase - 1)))}); ` +
        `${mean(rs.map((r) => r.msBaseline)).toFixed(1)} ms baseline, ${mean(rs.map((r) => r.ms)).toFixed(1)} ms with improvement`,
    );
  }
}

main();
