// Benchmark (not a test): this project's IRR, XIRR and NPV, called the way Google Sheets calls them
// (the built Apps Script bundle's BTM_ globals, one call per series, ranges as 2-D columns, dates
// as Date objects), against @formulajs/formulajs and financial, measured in the same process.
// Also: accuracy of every series against every peer, and our time split by layer (Sheets
// adapter, catalogue, core math) so a missed goal points at the part that costs.
//   npm run bench        (builds first; then  tsx bench/finance.bench.ts)
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as formulajs from '@formulajs/formulajs';
import * as financial from 'financial';
import { findFunction, invoke, isSheetError } from '../core';
import type { AnyFunctionSpec } from '../core';
import { irr as coreIrr, xirr as coreXirr } from '../core/finance/rates-of-return';
import { cashFlows, isolateRoots } from '../core/finance/rate-solver';
import { checkDates, npv as coreNpv } from '../core/finance/present-value';
import { datedFlows, numbersSkippingOthers } from '../core/values/coerce';
import { argFromSheets, dateReader } from '../sheets-script/custom-functions';
import { mulberry32 } from './prng';

// The Sheets stub's spreadsheet time zone is UTC, so Sheets hands dates over as UTC midnights.
// formulajs reads dates in the process's local zone: make that UTC too, so all see the same days.
process.env.TZ = 'UTC';

const IRR_SERIES = 10_000;
const XIRR_SERIES = 10_000;
const NPV_SERIES = 100_000;
const PERIODS = 20;
const ROUNDS = 5;
const GOALS = { IRR: 5, XIRR: 4, NPV: 5 } as const;
const SEED = 0x5eed_b7a1;
const DAY_MS = 86_400_000;
const EPOCH_MS = Date.UTC(1899, 11, 30);

type Col = number[][];
type DateCol = Date[][];

// ---------------------------------------------------------------------------------------------
// Seeded inputs


const rng = mulberry32(SEED);
const uniform = (lo: number, hi: number) => lo + (hi - lo) * rng();
const chance = (p: number) => rng() < p;

/**
 * A business case over `times` (periods or years from the start): an investment of 50k..500k at
 * the start (sometimes split with the second flow), then returns that ramp up, plateau with a
 * trend and noise, now and then a negative year (refit, migration); scaled so the rate of
 * return lands near `target`.
 */
function businessCase(times: readonly number[], target: number): number[] {
  for (;;) {
    const invest = uniform(50_000, 500_000);
    const split = chance(0.3);
    const first = split ? invest * uniform(0.4, 0.8) : invest;
    const flows = new Array<number>(times.length).fill(0);
    flows[0] = -first;
    let start = 1;
    if (split) {
      flows[1] = -(invest - first);
      start = 2;
    }
    const ramp = 1 + Math.floor(rng() * 4);
    const trend = uniform(-0.04, 0.05);
    const decline = chance(0.3) ? times.length - 1 - Math.floor(rng() * 5) : times.length;
    for (let i = start; i < times.length; i++) {
      const k = i - start;
      let level = Math.min(1, (k + 1) / ramp) * Math.pow(1 + trend, k);
      if (i >= decline) level *= 0.6;
      let c = level * (1 + uniform(-0.25, 0.25));
      if (k >= 1 && chance(0.06)) c = -level * uniform(0.1, 0.6); // a bad year
      flows[i] = c;
    }
    // Scale the returns so the present value at the target rate is zero.
    let pvReturns = 0;
    let pvInvest = 0;
    for (let i = 0; i < times.length; i++) {
      const d = Math.pow(1 + target, -times[i]);
      if (i < start) pvInvest -= flows[i] * d;
      else pvReturns += flows[i] * d;
    }
    if (!(pvReturns > 0)) continue;
    const k = pvInvest / pvReturns;
    for (let i = start; i < times.length; i++) flows[i] = Math.round(flows[i] * k);
    for (let i = 0; i < start; i++) flows[i] = Math.round(flows[i]);
    if (flows.slice(start).some((c) => c > 0)) return flows;
  }
}

const PERIOD_TIMES = Array.from({ length: PERIODS }, (_, i) => i);
const column = (flat: readonly number[]): Col => flat.map((x) => [x]);

interface PeriodicSet {
  flat: number[][];
  col: Col[];
}
function periodicSet(n: number): PeriodicSet {
  const flat: number[][] = [];
  for (let s = 0; s < n; s++) flat.push(businessCase(PERIOD_TIMES, uniform(-0.3, 0.6)));
  return { flat, col: flat.map(column) };
}

interface DatedSet {
  flat: number[][];
  col: Col[];
  dates: Date[][]; // flat, for formulajs
  dateCol: DateCol[]; // as Sheets passes them
  serialCol: Col[]; // what the Sheets adapter turns them into
  days: number[][]; // serial days, for the core
}
function datedSet(n: number): DatedSet {
  const out: DatedSet = { flat: [], col: [], dates: [], dateCol: [], serialCol: [], days: [] };
  const firstDay = Date.UTC(2020, 0, 1) / DAY_MS;
  const lastDay = Date.UTC(2026, 11, 31) / DAY_MS;
  for (let s = 0; s < n; s++) {
    const quarterly = chance(0.5);
    const day0 = firstDay + Math.floor(rng() * (lastDay - firstDay + 1));
    const days = [day0];
    for (let i = 1; i < PERIODS; i++) {
      const step = quarterly ? 91 + Math.round(uniform(-20, 20)) : 30 + Math.round(uniform(-9, 9));
      days.push(days[i - 1] + step);
    }
    const years = days.map((d) => (d - day0) / 365);
    const flows = businessCase(years, uniform(-0.3, 0.6));
    const dates = days.map((d) => new Date(d * DAY_MS));
    const serials = days.map((d) => (d * DAY_MS - EPOCH_MS) / DAY_MS);
    out.flat.push(flows);
    out.col.push(column(flows));
    out.dates.push(dates);
    out.dateCol.push(dates.map((d) => [d]));
    out.serialCol.push(column(serials));
    out.days.push(serials);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Timing

// A full collection before each timed pass, so one contender's garbage is not charged to the next.
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

/** Calls for series from..to-1; returns a checksum so nothing is optimised away. */
type Pass = (from: number, to: number) => number;

interface Timed {
  label: string;
  pass: Pass;
  calls: number;
  best: number; // ns per call
}

/** Chunks per pass: each is timed on its own, so a pre-emption by another process spoils one chunk of one round only. */
const CHUNKS = 100;

/**
 * Warms every contender (two full passes), then runs ROUNDS interleaved rounds of full passes,
 * each chunk of series timed separately. A contender's time is the sum over chunks of the
 * chunk's best round: best-of-ROUNDS at a grain fine enough to dodge a busy machine.
 */
function timeAll(items: Array<{ label: string; pass: Pass; calls: number }>): Timed[] {
  let sink = 0;
  for (const it of items) for (let w = 0; w < 2; w++) sink += it.pass(0, it.calls);
  const bests = items.map(() => new Array<number>(CHUNKS).fill(Infinity));
  for (let r = 0; r < ROUNDS; r++) {
    items.forEach((it, k) => {
      collect();
      const best = bests[k];
      for (let c = 0; c < CHUNKS; c++) {
        const from = Math.floor((c * it.calls) / CHUNKS);
        const to = Math.floor(((c + 1) * it.calls) / CHUNKS);
        const t0 = process.hrtime.bigint();
        sink += it.pass(from, to);
        const ns = Number(process.hrtime.bigint() - t0);
        if (ns < best[c]) best[c] = ns;
      }
    });
  }
  if (sink === 42.4242) console.log('');
  return items.map((it, k) => ({ ...it, best: bests[k].reduce((a, b) => a + b, 0) / it.calls }));
}

function loop(one: (i: number) => unknown): Pass {
  return (from, to) => {
    let s = 0;
    for (let i = from; i < to; i++) {
      try {
        const r = one(i);
        if (typeof r === 'number') s += r === r ? r : 0;
        else s += 1;
      } catch {
        s += 2;
      }
    }
    return s;
  };
}

/** The least any adapter must do: touch every cell of the column Sheets passes. */
function readColumn(col: Col): number {
  let s = 0;
  for (let k = 0; k < col.length; k++) s += col[k][0];
  return s;
}
function readDates(col: DateCol): number {
  let s = 0;
  for (let k = 0; k < col.length; k++) s += col[k][0].getTime();
  return s;
}

// ---------------------------------------------------------------------------------------------
// Accuracy

type Got = { v: number } | { fail: string };

function got(f: () => unknown): Got {
  try {
    const r = f();
    if (typeof r === 'number') return Number.isFinite(r) ? { v: r } : { fail: String(r) };
    if (isSheetError(r)) return { fail: r.code };
    if (r instanceof Error) return { fail: r.message || r.name };
    return { fail: typeof r };
  } catch (e) {
    return { fail: e instanceof Error ? e.message : String(e) };
  }
}

/** |PV at rate| relative to the sum of the discounted magnitudes: ~1e-16 for an exact root. */
function residual(flows: readonly number[], times: readonly number[], rate: number): number {
  let f = 0;
  let size = 0;
  const u = Math.log1p(rate);
  // Factor out the largest exponent so nothing overflows for rates near -100%.
  let m = -Infinity;
  for (let i = 0; i < flows.length; i++) if (flows[i] !== 0) m = Math.max(m, -times[i] * u);
  for (let i = 0; i < flows.length; i++) {
    const w = Math.exp(-times[i] * u - m);
    f += flows[i] * w;
    size += Math.abs(flows[i] * w);
  }
  return Math.abs(f) / size;
}

/**
 * Newton's method from the guess as a spreadsheet runs it (Excel: 20 steps for IRR, 100 for
 * XIRR); undefined when it leaves r > -100% or does not settle. Used to say which root a
 * spreadsheet would report, and which series take our solver's slow fallback.
 */
function spreadsheetNewton(flows: readonly number[], times: readonly number[], steps: number, guess = 0.1): number | undefined {
  let r = guess;
  for (let k = 0; k < steps; k++) {
    let f = 0;
    let d = 0;
    for (let i = 0; i < flows.length; i++) {
      const w = Math.pow(1 + r, -times[i]);
      f += flows[i] * w;
      d -= (times[i] * flows[i] * w) / (1 + r);
    }
    const next = r - f / d;
    if (!(next > -1) || !Number.isFinite(next)) return undefined;
    const step = Math.abs(next - r);
    r = next;
    if (step <= 1e-7 * Math.max(1, Math.abs(r))) return r;
  }
  return undefined;
}

const ROOT_TOL = 1e-6; // residual below which a rate counts as a root
const SAME_ROOT = 1e-3; // two rates this close are the same root, found more or less exactly

interface PeerStats {
  compared: number; // both returned a number
  same: number; // ... the same root
  maxRel: number; // over the same root
  maxAbs: number;
  peerMaxResidual: number; // over the same root: how exact the peer is
  otherRoot: number; // both valid roots, but different ones (series with several IRRs)
  otherRootOursIsNewton: number; // ... where ours is the root a spreadsheet's Newton from 10% reaches
  peerNotRoot: number; // the peer's number is not a root (or not a rate: <= -100%)
  peerBelowMinus100: number;
  peerFailOursRoot: number;
  oursFailPeerNumber: number;
  examples: string[];
}
const newStats = (): PeerStats => ({
  compared: 0, same: 0, maxRel: 0, maxAbs: 0, peerMaxResidual: 0, otherRoot: 0, otherRootOursIsNewton: 0,
  peerNotRoot: 0, peerBelowMinus100: 0, peerFailOursRoot: 0, oursFailPeerNumber: 0, examples: [],
});

interface RateCheck {
  ours: Got[];
  oursMaxResidual: number;
  oursAboveTol: number;
  oursFailed: number;
  coreMismatch: number; // Sheets global vs core function, bit for bit
  newtonFails: boolean[]; // a spreadsheet's Newton from 10% does not converge: our fallback runs
  peers: Record<string, PeerStats>;
}

function checkRates(
  n: number,
  flows: (i: number) => number[],
  times: (i: number) => number[],
  newtonSteps: number,
  ours: (i: number) => unknown,
  core: (i: number) => unknown,
  peers: Record<string, (i: number) => unknown>,
  describe: (i: number) => string,
): RateCheck {
  const check: RateCheck = { ours: [], oursMaxResidual: 0, oursAboveTol: 0, oursFailed: 0, coreMismatch: 0, newtonFails: [], peers: {} };
  for (const name of Object.keys(peers)) check.peers[name] = newStats();
  for (let i = 0; i < n; i++) {
    const o = got(() => ours(i));
    check.ours.push(o);
    const c = got(() => core(i));
    if ('v' in o !== 'v' in c || ('v' in o && 'v' in c && !Object.is(o.v, c.v))) check.coreMismatch++;
    const newton = spreadsheetNewton(flows(i), times(i), newtonSteps);
    check.newtonFails.push(newton === undefined);
    let oRes = Infinity;
    if ('v' in o) {
      oRes = residual(flows(i), times(i), o.v);
      check.oursMaxResidual = Math.max(check.oursMaxResidual, oRes);
      if (oRes > 1e-9) check.oursAboveTol++;
    } else check.oursFailed++;
    for (const [name, fn] of Object.entries(peers)) {
      const st = check.peers[name];
      const p = got(() => fn(i));
      if (!('v' in p)) {
        if ('v' in o) st.peerFailOursRoot++;
        continue;
      }
      const pRes = p.v > -1 ? residual(flows(i), times(i), p.v) : Infinity;
      if (!('v' in o)) {
        st.oursFailPeerNumber++;
        st.examples.push(`LOSS: ours ${o.fail}, ${name} ${p.v} (residual ${exp(pRes)}): ${describe(i)}`);
        continue;
      }
      st.compared++;
      const abs = Math.abs(o.v - p.v);
      if (abs <= SAME_ROOT) {
        st.same++;
        st.maxAbs = Math.max(st.maxAbs, abs);
        st.maxRel = Math.max(st.maxRel, abs / Math.max(Math.abs(p.v), 1e-300));
        st.peerMaxResidual = Math.max(st.peerMaxResidual, pRes);
      } else if (pRes <= ROOT_TOL) {
        st.otherRoot++;
        const oursIsNewton = newton !== undefined && Math.abs(newton - o.v) <= SAME_ROOT;
        if (oursIsNewton) st.otherRootOursIsNewton++;
        if (st.otherRoot <= 2) st.examples.push(`other root: ours ${o.v} (residual ${exp(oRes)}${oursIsNewton ? ', Newton from 10% reaches it' : ''}) vs ${name} ${p.v} (residual ${exp(pRes)}): ${describe(i)}`);
      } else {
        st.peerNotRoot++;
        if (!(p.v > -1)) st.peerBelowMinus100++;
        if (st.peerNotRoot <= 2) st.examples.push(`not a root: ${name} ${p.v} (residual ${exp(pRes)}) vs ours ${o.v} (residual ${exp(oRes)}): ${describe(i)}`);
      }
    }
  }
  return check;
}

interface NpvCheck {
  oursFailed: number;
  coreMismatch: number;
  peers: Record<string, { compared: number; maxRel: number; maxRelToScale: number; peerFailOursNumber: number; oursFailPeerNumber: number }>;
}

// ---------------------------------------------------------------------------------------------
// Output

const fmtNs = (ns: number) => `${Math.round(ns).toLocaleString('en-US')} ns`;
const fmtX = (x: number) => (x >= 10 ? x.toFixed(0) : x.toFixed(1));
const pad = (s: string, w: number) => s.padEnd(w);
const padL = (s: string, w: number) => s.padStart(w);
const exp = (x: number) => (x === 0 ? '0' : x.toExponential(1));

function ratioLine(fn: keyof typeof GOALS, ours: Timed, peers: Array<Timed | undefined>, missing: string[]): string {
  const real = peers.filter((p): p is Timed => p !== undefined);
  const fastest = real.reduce((a, b) => (b.best < a.best ? b : a));
  const ratio = fastest.best / ours.best;
  const parts = [`${pad(fn, 5)} ours ${fmtNs(ours.best)}`];
  for (const p of real) parts.push(`${p.label} ${fmtNs(p.best)}`);
  for (const m of missing) parts.push(`${m} n/a`);
  const verdict = ratio >= 1 ? `${fmtX(ratio)}x faster than the fastest peer (${fastest.label})` : `${fmtX(1 / ratio)}x SLOWER than the fastest peer (${fastest.label})`;
  const goal = ratio >= GOALS[fn] ? `goal ${GOALS[fn]}x met` : `goal ${GOALS[fn]}x MISSED`;
  return `${parts.join('  ')}  -> ${verdict}; ${goal}`;
}

function printRateCheck(fn: string, n: number, c: RateCheck): void {
  const nf = c.newtonFails.filter(Boolean).length;
  console.log(`  ${fn}: ours returned a rate for ${(n - c.oursFailed).toLocaleString('en-US')}/${n.toLocaleString('en-US')} series; ` +
    `max |PV at ours|/scale ${exp(c.oursMaxResidual)} (${c.oursAboveTol} above 1e-9); Sheets global = core bit for bit except ${c.coreMismatch}; ` +
    `a spreadsheet's Newton from 10% fails on ${nf.toLocaleString('en-US')}`);
  for (const [name, st] of Object.entries(c.peers)) {
    console.log(`    vs ${pad(name, 9)} both a number ${padL(st.compared.toLocaleString('en-US'), 6)}: same root ${padL(st.same.toLocaleString('en-US'), 6)} ` +
      `(max rel diff ${exp(st.maxRel)}, max abs ${exp(st.maxAbs)}, peer max |PV|/scale ${exp(st.peerMaxResidual)}), ` +
      `another valid root ${st.otherRoot} (ours = Newton-from-10% root in ${st.otherRootOursIsNewton}), peer not a root ${st.peerNotRoot} (${st.peerBelowMinus100} of them <= -100%)`);
    console.log(`    ${' '.repeat(12)} peer fails (error/NaN) where ours has a root: ${st.peerFailOursRoot.toLocaleString('en-US')};  ours fails where the peer has a number: ${st.oursFailPeerNumber}`);
    for (const e of st.examples) console.log(`      ${e}`);
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const repo = path.resolve(__dirname, '..');
  const hostsUrl = pathToFileURL(path.resolve(repo, '..', 'shared', 'tools', 'hosts.mjs')).href;
  const hosts = await import(hostsUrl);
  const g = hosts.loadSheetsHere(path.join(repo, 'dist', 'sheets')) as Record<string, unknown>;
  const BTM_IRR = g.BTM_IRR as (values: Col) => number;
  const BTM_XIRR = g.BTM_XIRR as (values: Col, dates: DateCol) => number;
  const BTM_NPV = g.BTM_NPV as (rate: number, values: Col) => number;
  for (const [k, f] of Object.entries({ BTM_IRR, BTM_XIRR, BTM_NPV })) if (typeof f !== 'function') throw new Error(`${k} is not a global of the Sheets bundle`);
  const IRR_SPEC = findFunction('IRR') as AnyFunctionSpec;
  const XIRR_SPEC = findFunction('XIRR') as AnyFunctionSpec;
  const NPV_SPEC = findFunction('NPV') as AnyFunctionSpec;
  const utc = () => dateReader('UTC');
  const FJ = formulajs as unknown as { IRR: (v: unknown, g?: unknown) => unknown; XIRR: (v: unknown, d: unknown, g?: unknown) => unknown; NPV: (...a: unknown[]) => unknown };

  const t0 = Date.now();
  const P = periodicSet(IRR_SERIES);
  const D = datedSet(XIRR_SERIES);
  const N = periodicSet(NPV_SERIES);
  const npvRates = Array.from({ length: NPV_SERIES }, () => Math.round(uniform(-0.02, 0.25) * 10_000) / 10_000);
  console.log(`btm-portfolio finance benchmark  (node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu?'}, seed 0x${SEED.toString(16)})`);
  console.log(`inputs: IRR ${IRR_SERIES.toLocaleString('en-US')} x ${PERIODS} periods, XIRR ${XIRR_SERIES.toLocaleString('en-US')} x ${PERIODS} dated flows, ` +
    `NPV ${NPV_SERIES.toLocaleString('en-US')} x ${PERIODS}; built in ${Date.now() - t0} ms`);
  console.log(`timing: ${ROUNDS} interleaved rounds after 2 warm-up passes, each pass in ${CHUNKS} chunks, best round per chunk; ` +
    `load average at start ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs${os.loadavg()[0] > os.cpus().length * 0.5 ? ' (busy machine: absolute times inflated, ratios less so)' : ''}`);

  // ---- accuracy (also warms everything up) ----
  const periodTimes = () => PERIOD_TIMES;
  const irrCheck = checkRates(
    IRR_SERIES, (i) => P.flat[i], periodTimes, 20,
    (i) => BTM_IRR(P.col[i]), (i) => coreIrr(P.flat[i]),
    { formulajs: (i) => FJ.IRR(P.flat[i]), financial: (i) => financial.irr(P.flat[i]) },
    (i) => `[${P.flat[i].join(', ')}]`,
  );
  const years = D.days.map((d) => d.map((x) => (x - d[0]) / 365));
  const xirrCheck = checkRates(
    XIRR_SERIES, (i) => D.flat[i], (i) => years[i], 100,
    (i) => BTM_XIRR(D.col[i], D.dateCol[i]), (i) => coreXirr({ values: D.flat[i], days: D.days[i] }),
    { formulajs: (i) => FJ.XIRR(D.flat[i], D.dates[i]) },
    (i) => `values [${D.flat[i].join(', ')}] dates [${D.dates[i].map((d) => d.toISOString().slice(0, 10)).join(', ')}]`,
  );
  const rates = irrCheck.ours.filter((o): o is { v: number } => 'v' in o).map((o) => o.v).sort((a, b) => a - b);
  const xrates = xirrCheck.ours.filter((o): o is { v: number } => 'v' in o).map((o) => o.v).sort((a, b) => a - b);
  const q = (a: number[], p: number) => (a.length ? `${(a[Math.min(a.length - 1, Math.floor(p * a.length))] * 100).toFixed(1)}%` : '-');
  const npvCheck: NpvCheck = { oursFailed: 0, coreMismatch: 0, peers: {} };
  const npvPeers: Record<string, (i: number) => unknown> = {
    formulajs: (i) => FJ.NPV(npvRates[i], N.flat[i]),
    financial: (i) => financial.npv(npvRates[i], N.flat[i]) / (1 + npvRates[i]),
  };
  for (const name of Object.keys(npvPeers)) npvCheck.peers[name] = { compared: 0, maxRel: 0, maxRelToScale: 0, peerFailOursNumber: 0, oursFailPeerNumber: 0 };
  for (let i = 0; i < NPV_SERIES; i++) {
    const o = got(() => BTM_NPV(npvRates[i], N.col[i]));
    const c = got(() => coreNpv(npvRates[i], N.flat[i]));
    if ('v' in o !== 'v' in c || ('v' in o && 'v' in c && !Object.is(o.v, c.v))) npvCheck.coreMismatch++;
    if (!('v' in o)) npvCheck.oursFailed++;
    let scale = 0;
    for (let k = 0; k < PERIODS; k++) scale += Math.abs(N.flat[i][k]) * Math.pow(1 + npvRates[i], -(k + 1));
    for (const [name, fn] of Object.entries(npvPeers)) {
      const st = npvCheck.peers[name];
      const p = got(() => fn(i));
      if (!('v' in p)) {
        if ('v' in o) st.peerFailOursNumber++;
        continue;
      }
      if (!('v' in o)) {
        st.oursFailPeerNumber++;
        continue;
      }
      st.compared++;
      const abs = Math.abs(o.v - p.v);
      st.maxRel = Math.max(st.maxRel, abs / Math.max(Math.abs(p.v), 1e-300));
      st.maxRelToScale = Math.max(st.maxRelToScale, abs / scale);
    }
  }

  // ---- timing: Sheets globals against the peers ----
  const irrT = timeAll([
    { label: 'ours', calls: IRR_SERIES, pass: loop((i) => BTM_IRR(P.col[i])) },
    { label: 'formulajs', calls: IRR_SERIES, pass: loop((i) => FJ.IRR(P.flat[i])) },
    { label: 'financial', calls: IRR_SERIES, pass: loop((i) => financial.irr(P.flat[i])) },
  ]);
  const xirrT = timeAll([
    { label: 'ours', calls: XIRR_SERIES, pass: loop((i) => BTM_XIRR(D.col[i], D.dateCol[i])) },
    { label: 'formulajs', calls: XIRR_SERIES, pass: loop((i) => FJ.XIRR(D.flat[i], D.dates[i])) },
  ]);
  const npvT = timeAll([
    { label: 'ours', calls: NPV_SERIES, pass: loop((i) => BTM_NPV(npvRates[i], N.col[i])) },
    { label: 'formulajs', calls: NPV_SERIES, pass: loop((i) => FJ.NPV(npvRates[i], N.flat[i])) },
    { label: 'financial', calls: NPV_SERIES, pass: loop((i) => financial.npv(npvRates[i], N.flat[i]) / (1 + npvRates[i])) },
  ]);

  // ---- timing: our call path layer by layer (tsx-compiled sources, same code as the bundle) ----
  // Series on which a spreadsheet's Newton from 10% converges (our solver stops there) and the
  // others (Newton leaves r > -100%: our solver falls back to root isolation).
  const subset = (fails: boolean[], want: boolean) => fails.flatMap((f, i) => (f === want ? [i] : []));
  const irrEasy = subset(irrCheck.newtonFails, false);
  const irrHard = subset(irrCheck.newtonFails, true);
  const xirrEasy = subset(xirrCheck.newtonFails, false);
  const xirrHard = subset(xirrCheck.newtonFails, true);
  const over = (ix: number[], one: (i: number) => unknown) => ({ calls: ix.length, pass: loop((k) => one(ix[k])) });
  const share = (ix: number[], n: number) => `${ix.length.toLocaleString('en-US')} series, ${((100 * ix.length) / n).toFixed(0)}%`;
  const irrL = timeAll([
    { label: 'Sheets global BTM_IRR (bundle)', calls: IRR_SERIES, pass: loop((i) => BTM_IRR(P.col[i])) },
    { label: 'floor: read the 20x1 column once (sum of c[k][0])', calls: IRR_SERIES, pass: loop((i) => readColumn(P.col[i])) },
    { label: 'Sheets adapter argFromSheets only', calls: IRR_SERIES, pass: loop((i) => argFromSheets(P.col[i], utc)) },
    { label: 'catalogue invoke(IRR, 2-D) (no Sheets adapter)', calls: IRR_SERIES, pass: loop((i) => invoke(IRR_SPEC, [P.col[i]])) },
    { label: 'catalogue numbersSkippingOthers(2-D) only', calls: IRR_SERIES, pass: loop((i) => numbersSkippingOthers(P.col[i], 'values')) },
    { label: 'core irr(flat number[])', calls: IRR_SERIES, pass: loop((i) => coreIrr(P.flat[i])) },
    { label: `  core irr, Newton from 10% converges (${share(irrEasy, IRR_SERIES)})`, ...over(irrEasy, (i) => coreIrr(P.flat[i])) },
    { label: `  core irr, Newton fails (${share(irrHard, IRR_SERIES)})`, ...over(irrHard, (i) => coreIrr(P.flat[i])) },
    { label: '    isolateRoots(cashFlows(v)) alone (the fallback)', ...over(irrHard, (i) => isolateRoots(cashFlows(P.flat[i]))) },
    { label: '  core cashFlows(v) only (normalise the series)', calls: IRR_SERIES, pass: loop((i) => cashFlows(P.flat[i])) },
  ]);
  const xirrL = timeAll([
    { label: 'Sheets global BTM_XIRR (bundle)', calls: XIRR_SERIES, pass: loop((i) => BTM_XIRR(D.col[i], D.dateCol[i])) },
    { label: 'floor: read both columns once (values, Date.getTime)', calls: XIRR_SERIES, pass: loop((i) => readColumn(D.col[i]) + readDates(D.dateCol[i])) },
    { label: 'Sheets adapter argFromSheets(dates) only', calls: XIRR_SERIES, pass: loop((i) => argFromSheets(D.dateCol[i], utc)) },
    { label: 'Sheets adapter argFromSheets(values) only', calls: XIRR_SERIES, pass: loop((i) => argFromSheets(D.col[i], utc)) },
    { label: 'catalogue invoke(XIRR, 2-D serials) (no Sheets adapter)', calls: XIRR_SERIES, pass: loop((i) => invoke(XIRR_SPEC, [D.col[i], D.serialCol[i]])) },
    { label: 'catalogue datedFlows(2-D, 2-D) only', calls: XIRR_SERIES, pass: loop((i) => datedFlows(D.col[i], D.serialCol[i], 'XIRR')) },
    { label: '  of which 2 x Array.prototype.flat() on a 20x1 column', calls: XIRR_SERIES, pass: loop((i) => D.col[i].flat().length + D.serialCol[i].flat().length) },
    { label: 'core checkDates only', calls: XIRR_SERIES, pass: loop((i) => checkDates('XIRR', D.flat[i], D.days[i])) },
    { label: 'core xirr({values, days})', calls: XIRR_SERIES, pass: loop((i) => coreXirr({ values: D.flat[i], days: D.days[i] })) },
    { label: `  core xirr, Newton from 10% converges (${share(xirrEasy, XIRR_SERIES)})`, ...over(xirrEasy, (i) => coreXirr({ values: D.flat[i], days: D.days[i] })) },
    { label: `  core xirr, Newton fails (${share(xirrHard, XIRR_SERIES)})`, ...over(xirrHard, (i) => coreXirr({ values: D.flat[i], days: D.days[i] })) },
    { label: '  core cashFlows(v, years) only (sort, merge, scale)', calls: XIRR_SERIES, pass: loop((i) => cashFlows(D.flat[i], years[i])) },
  ]);
  const npvL = timeAll([
    { label: 'Sheets global BTM_NPV (bundle)', calls: NPV_SERIES, pass: loop((i) => BTM_NPV(npvRates[i], N.col[i])) },
    { label: 'floor: read the 20x1 column once (sum of c[k][0])', calls: NPV_SERIES, pass: loop((i) => readColumn(N.col[i])) },
    { label: 'Sheets adapter argFromSheets only', calls: NPV_SERIES, pass: loop((i) => argFromSheets(N.col[i], utc)) },
    { label: 'catalogue invoke(NPV, 2-D) (no Sheets adapter)', calls: NPV_SERIES, pass: loop((i) => invoke(NPV_SPEC, [npvRates[i], N.col[i]])) },
    { label: 'catalogue numbersSkippingOthers(2-D) only', calls: NPV_SERIES, pass: loop((i) => numbersSkippingOthers(N.col[i], 'values')) },
    { label: 'core npv(rate, flat number[])', calls: NPV_SERIES, pass: loop((i) => coreNpv(npvRates[i], N.flat[i])) },
  ]);

  // ---- report ----
  console.log('');
  console.log(`our rates: IRR 5/50/95th percentile ${q(rates, 0.05)} / ${q(rates, 0.5)} / ${q(rates, 0.95)} (min ${q(rates, 0)}, max ${q(rates, 1 - 1e-9)}); ` +
    `XIRR ${q(xrates, 0.05)} / ${q(xrates, 0.5)} / ${q(xrates, 0.95)} (min ${q(xrates, 0)}, max ${q(xrates, 1 - 1e-9)})`);
  console.log('');
  console.log(`${pad('ns/call', 8)}${padL('ours (Sheets)', 15)}${padL('formulajs', 12)}${padL('financial', 12)}   ours vs fastest peer      goal`);
  const row = (fn: keyof typeof GOALS, t: Timed[]) => {
    const by = (l: string) => t.find((x) => x.label === l);
    const ours = by('ours') as Timed;
    const peers = t.filter((x) => x.label !== 'ours');
    const fastest = peers.reduce((a, b) => (b.best < a.best ? b : a));
    const ratio = fastest.best / ours.best;
    const cell = (l: string) => (by(l) ? fmtNs((by(l) as Timed).best) : 'n/a');
    console.log(`${pad(fn, 8)}${padL(fmtNs(ours.best), 15)}${padL(cell('formulajs'), 12)}${padL(cell('financial'), 12)}   ` +
      `${pad(`${ratio >= 1 ? `${fmtX(ratio)}x faster` : `${fmtX(1 / ratio)}x slower`} (${fastest.label})`, 26)}${ratio >= GOALS[fn] ? 'met' : 'MISSED'} (${GOALS[fn]}x faster)`);
  };
  row('IRR', irrT);
  row('XIRR', xirrT);
  row('NPV', npvT);

  console.log('');
  console.log('our call path by layer (ns/call; adapter/catalogue/core timed from the tsx-compiled sources):');
  for (const [fn, layers] of [['IRR', irrL], ['XIRR', xirrL], ['NPV', npvL]] as const) {
    for (const l of layers) console.log(`  ${pad(fn, 5)} ${pad(l.label, 62)} ${padL(l.calls ? fmtNs(l.best) : '-', 10)}`);
  }

  const L = (t: Timed[], prefix: string) => (t.find((x) => x.label.trim().startsWith(prefix)) as Timed).best;
  const pct = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;
  {
    const g = L(irrL, 'Sheets global');
    const core = L(irrL, 'core irr(');
    const hard = irrHard.length ? (L(irrL, 'core irr, Newton fails') * irrHard.length) / IRR_SERIES : 0;
    console.log(`  where the time goes: IRR  core math ${pct(core, g)} of the Sheets call (the root-isolation fallback on ${pct(irrHard.length, IRR_SERIES)} of the series: ${pct(hard, g)}); ` +
      `adapter + catalogue ~${fmtNs(Math.max(0, g - core))} (${pct(Math.max(0, g - core), g)})`);
    const xg = L(xirrL, 'Sheets global');
    const xd = L(xirrL, 'Sheets adapter argFromSheets(dates)');
    const xc = L(xirrL, 'core xirr(');
    const xflat = L(xirrL, 'of which 2 x Array.prototype.flat');
    console.log(`  where the time goes: XIRR reading ${PERIODS} Dates (Intl per date) ${pct(xd, xg)}, catalogue ${pct(L(xirrL, 'catalogue invoke') - xc, xg)} ` +
      `(2 x Array.prototype.flat ${pct(xflat, xg)}), core math ${pct(xc, xg)}`);
    const ng = L(npvL, 'Sheets global');
    const nc = L(npvL, 'core npv(');
    console.log(`  where the time goes: NPV  core math ${pct(nc, ng)}; reading the column (floor) ${fmtNs(L(npvL, 'floor'))}; ` +
      `the rest (copying the 2-D range twice, per-call lookups, wrapping) ${pct(ng - nc - L(npvL, 'floor'), ng)}`);
  }

  console.log('');
  console.log('accuracy (every series; rel diff = |ours - peer| / |peer|; residual = |PV at the rate| / sum of discounted |flows|):');
  printRateCheck('IRR', IRR_SERIES, irrCheck);
  printRateCheck('XIRR', XIRR_SERIES, xirrCheck);
  console.log(`  NPV: ours failed on ${npvCheck.oursFailed} series; Sheets global vs core: ${npvCheck.coreMismatch} mismatches (financial's npv starts at t=0, so it is divided by 1+rate)`);
  for (const [name, st] of Object.entries(npvCheck.peers)) {
    console.log(`    vs ${pad(name, 9)} compared ${st.compared.toLocaleString('en-US')}  max rel diff ${exp(st.maxRel)}  max diff / sum of discounted |flows| ${exp(st.maxRelToScale)}  ` +
      `peer fails, ours a number: ${st.peerFailOursNumber}  ours fails, peer a number: ${st.oursFailPeerNumber}`);
  }

  console.log('');
  const by = (t: Timed[], l: string) => t.find((x) => x.label === l);
  console.log(ratioLine('IRR', by(irrT, 'ours') as Timed, [by(irrT, 'formulajs'), by(irrT, 'financial')], []));
  console.log(ratioLine('XIRR', by(xirrT, 'ours') as Timed, [by(xirrT, 'formulajs')], ['financial']));
  console.log(ratioLine('NPV', by(npvT, 'ours') as Timed, [by(npvT, 'formulajs'), by(npvT, 'financial')], []));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e); // a crash is not a result: fail (a missed goal still exits 0)
    process.exit(1);
  },
);
