// The bridge the workbench's panel talks to: the in-memory workbook's HostBridge, wrapped so that
// each command's round trips show on the page. Every call reads the workbook's port counter
// (book.calls: reads and writes, each one what an Excel `sync` would be) before and after, and
// reports "<command>: N reads, M writes" with the port's log lines; when the command wrote, the
// workbook is recalculated and the grid redrawn before the panel gets its answer.
//
// The wrapper is one object for the page's life; the workbook behind it changes when a file is
// opened (`current` is asked at each call, and Cancel reaches the bridge a run started on).
// Commands that overlap in time (a long Plan capacity and a Score demand pressed meanwhile)
// share the counter, so their counts mix.
import type { HostBridge, Progress } from '../panel/bridge';
import { plural } from '../panel/dom';
import type { MemoryWorkbook } from '../xlsx/memory-workbook';

/** The panel's commands by the words of its buttons. */
export const COMMAND_NAMES = {
  selection: 'Use selection',
  insertBusinessCase: 'Insert business case',
  scoreDemand: 'Score demand',
  writeSettingsSheet: 'Write BTM Settings sheet',
  planCapacity: 'Plan capacity',
  generateRoadmap: 'Generate roadmap',
  repairFormulas: 'Repair BTM formulas',
  insertTemplate: 'Insert template',
} as const;

export type CommandMethod = keyof typeof COMMAND_NAMES;

export interface CommandRecord {
  readonly method: CommandMethod;
  /** The command as the panel's button says it. */
  readonly command: string;
  readonly reads: number;
  readonly writes: number;
  /** The port's calls in order ('read snapshot Demand', 'write formulas Demand'). */
  readonly log: readonly string[];
  /** Whether the bridge failed (threw) rather than answered. */
  readonly failed: boolean;
  /** Milliseconds from the call to the answer (recalculation not included). */
  readonly ms: number;
}

/** "Score demand: 3 reads, 1 write" */
export function describeRecord(r: Pick<CommandRecord, 'command' | 'reads' | 'writes' | 'failed'>): string {
  return `${r.command}: ${plural(r.reads, 'read')}, ${plural(r.writes, 'write')}${r.failed ? ' (failed)' : ''}`;
}

export interface CountedBridgeOptions {
  /** The workbook and its bridge now. */
  readonly current: () => { readonly book: MemoryWorkbook; readonly bridge: HostBridge };
  /** After each call, before its answer goes back: show the record; recalculate and redraw when it wrote. */
  readonly after: (record: CommandRecord, book: MemoryWorkbook) => Promise<void> | void;
  /** Told true when a call starts with none in flight, false when the last one has answered (after `after`). */
  readonly busy?: (busy: boolean) => void;
  readonly now?: () => number;
}

export function countedBridge(options: CountedBridgeOptions): HostBridge {
  const now = options.now ?? (() => Date.now());
  /** The bridges with calls in flight, and how many each. */
  const inFlight = new Map<HostBridge, number>();
  const track = (bridge: HostBridge, delta: 1 | -1) => {
    const wasBusy = inFlight.size > 0;
    const n = (inFlight.get(bridge) ?? 0) + delta;
    if (n > 0) inFlight.set(bridge, n);
    else inFlight.delete(bridge);
    if (wasBusy === inFlight.size > 0) return;
    try {
      options.busy?.(!wasBusy);
    } catch {
      // As with `after`: the page's display never turns an answer into a failure.
    }
  };
  const counted = async <T>(method: CommandMethod, call: (bridge: HostBridge) => Promise<T>): Promise<T> => {
    const { book, bridge } = options.current();
    track(bridge, 1);
    const before = { reads: book.calls.reads, writes: book.calls.writes, log: book.log.length };
    const start = now();
    let failed = false;
    try {
      return await call(bridge);
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      const record: CommandRecord = {
        method,
        command: COMMAND_NAMES[method],
        reads: book.calls.reads - before.reads,
        writes: book.calls.writes - before.writes,
        log: book.log.slice(before.log),
        failed,
        ms: now() - start,
      };
      try {
        await options.after(record, book);
      } catch {
        // Showing the record must never turn an answer into a failure.
      }
      track(bridge, -1);
    }
  };
  const host = () => options.current().bridge.host;
  return {
    get host() {
      return host();
    },
    selection: () => counted('selection', (b) => b.selection()),
    insertBusinessCase: (request) => counted('insertBusinessCase', (b) => b.insertBusinessCase(request)),
    scoreDemand: (request) => counted('scoreDemand', (b) => b.scoreDemand(request)),
    writeSettingsSheet: () => counted('writeSettingsSheet', (b) => b.writeSettingsSheet()),
    planCapacity: (request, progress: (p: Progress) => void) => counted('planCapacity', (b) => b.planCapacity(request, progress)),
    cancel: () => {
      for (const bridge of inFlight.keys()) bridge.cancel();
    },
    generateRoadmap: (request) => counted('generateRoadmap', (b) => b.generateRoadmap(request)),
    repairFormulas: () => counted('repairFormulas', (b) => b.repairFormulas()),
    insertTemplate: () => counted('insertTemplate', (b) => b.insertTemplate()),
  };
}
