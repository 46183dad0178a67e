/**
 * A systematic interleaving explorer for operations that race on one store (an export and an
 * erasure, two campaigns): every order in which their requests can reach the store, each run on a
 * fresh world, then the invariants.
 *
 * Why: crash-points.ts crashes one operation at each of its requests; a race needs the other
 * operation's requests placed between them, at every place. Each operation waits at a gate before
 * each request that matters; when every operation is waiting (or done), the schedule picks which
 * request goes next. A depth-first walk over those choices replays a prefix and branches at the
 * last choice not yet exhausted, so every order of the gated requests is run exactly once.
 *
 * Only requests that can conflict need a gate: an erasure's removal of events commutes with an
 * export's reads of profiles, so its order among them cannot change the outcome. The caller says
 * which requests are gated; the others run as part of the step before. With `reduce`, the walk
 * also runs only one order of neighbouring steps that commute (two reads, writes of different
 * collections: interleavings-reduction.ts), which keeps every final state.
 * Operations must wait on nothing but gated requests and promises (no timers): the explorer lets
 * the event loop settle (one macrotask) before each choice. A gated request sent through
 * {@link gatedSdk} may take longer than that (the real wx-server-sdk's HTTP round trip to the local
 * cloud): the explorer waits for its answer too (`Gate.track`), so a schedule means the same on a
 * real backend as in memory.
 */
import { crashingSdk, type RequestHook } from './crash-points';
import { ANY, CLOCK, backtrack, childSleep, nextPick, type Access, type Frame } from './interleavings-reduction';
import type { SdkDatabase } from '../wx-db';

export type { Access } from './interleavings-reduction';

/**
 * Waits for this operation's turn before the request `label`; `access`: what the request touches
 * (by default everything: it conflicts with every other step). `track`: the request, once sent, so
 * the explorer waits for its answer before the next choice (a request over real I/O). `touch`: a
 * request sent without a gate (the reduction counts it in the step that sent it). A wrapper around
 * a gate must pass all three on.
 */
export type Gate = ((label: string, access?: Access) => Promise<void>) & {
  track?: (request: Promise<unknown>) => void;
  touch?: (access: Access) => void;
};

interface Waiting {
  op: number;
  /** `op#n`: the operation's n-th gated request, the same in every replay of a prefix. */
  key: string;
  n: number;
  label: string;
  access: Access;
  go: () => void;
}

/** One run: the order its gated requests went in, and what each step touched. */
class Schedule {
  /** `op:label` of each request in the order it went. */
  readonly steps: string[] = [];
  /** Accesses of the step running now (from its request's release to the next choice). */
  current: Access[] | null = null;
  private waiting: Waiting[] = [];
  private readonly arrived = new Map<number, number>();
  /** Gated requests sent and not answered yet. */
  readonly inFlight = new Set<Promise<unknown>>();

  gate(op: number, label: string, access: Access = ANY): Promise<void> {
    const n = this.arrived.get(op) ?? 0;
    this.arrived.set(op, n + 1);
    return new Promise((go) => this.waiting.push({ op, key: `${op}#${n}`, n, label, access, go }));
  }

  touch(access: Access): void {
    this.current?.push(access);
  }

  track(request: Promise<unknown>): void {
    this.inFlight.add(request);
    const done = () => void this.inFlight.delete(request);
    request.then(done, done);
  }

  /** The waiting requests, ordered by operation and arrival. */
  offered(): Waiting[] {
    return this.waiting.sort((a, b) => a.op - b.op || a.n - b.n);
  }

  /** Lets the waiting request at `pick` go. */
  release(pick: number): void {
    const [w] = this.waiting.splice(pick, 1);
    this.steps.push(`${w.op}:${w.label}`);
    this.current = [w.access];
    w.go();
  }
}

/** How one operation ended. */
export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** An exploration: a fresh world per schedule, the racing operations, the invariants. */
export interface Interleavings<W> {
  setup(): Promise<W>;
  /** The racing operations; each passes every request that matters through its gate. */
  ops: Array<(world: W, gate: Gate) => Promise<unknown>>;
  /** Throws when an invariant is broken; `steps` is the order the gated requests went in. */
  check(world: W, outcomes: Outcome[], steps: string[]): Promise<void>;
  /** Safety stop on the number of schedules. */
  maxSchedules?: number;
  /**
   * Run one order of each set of orders that differ only by swapping neighbouring steps that
   * commute (interleavings-reduction.ts): every final state is still reached. Sound only when the
   * operations share nothing but what their steps report: each gated request its access, each
   * ungated one `Gate.touch` (gatedSdk does both), and `Date.now` (watched by the explorer).
   * QX_INTERLEAVINGS_FULL=1 turns it off.
   */
  reduce?: boolean;
}

/** What an exploration covered. */
export interface InterleavingsReport {
  /** Runs to the end, each checked. */
  schedules: number;
  /** Gated requests of the longest schedule. */
  maxSteps: number;
  /** Runs left part-way by the reduction (every order from there was run elsewhere). */
  pruned: number;
}

const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

/** `Date.now` as the operations see it during `run`, each read counted as a step touching the clock. */
async function watchingClock<T>(s: () => Schedule | null, run: () => Promise<T>): Promise<T> {
  const now = Object.getOwnPropertyDescriptor(Date, 'now')!;
  const inner = Date.now;
  Date.now = () => (s()?.touch(CLOCK), inner.call(Date));
  try {
    return await run();
  } finally {
    Object.defineProperty(Date, 'now', now);
  }
}

/** Runs every order of the operations' gated requests; throws naming the first that breaks `check`. */
export async function exploreInterleavings<W>(given: Interleavings<W>): Promise<InterleavingsReport> {
  // QX_INTERLEAVINGS_FULL=1: the full walk, to compare with the reduced one.
  const e = { ...given, reduce: given.reduce === true && process.env.QX_INTERLEAVINGS_FULL !== '1' };
  let running: Schedule | null = null;
  const explore = async (): Promise<InterleavingsReport> => {
    const frames: Frame[] = [];
    const report: InterleavingsReport = { schedules: 0, maxSteps: 0, pruned: 0 };
    do {
      if (report.schedules + report.pruned >= (e.maxSchedules ?? 100_000)) throw new Error(`more than ${e.maxSchedules ?? 100_000} schedules`);
      const world = await e.setup();
      const s = new Schedule();
      running = s;
      const ran = await runOnce(e, world, s, frames);
      running = null;
      if (!ran) {
        report.pruned++;
        continue;
      }
      const outcomes = await ran;
      report.schedules++;
      report.maxSteps = Math.max(report.maxSteps, s.steps.length);
      await e.check(world, outcomes, s.steps).catch((err: Error) => {
        throw new Error(`schedule ${s.steps.join(' → ')}: ${err.message}`);
      });
    } while (backtrack(frames));
    return report;
  };
  return e.reduce ? watchingClock(() => running, explore) : explore();
}

/**
 * One schedule: the choices of `frames` replayed, then the first step neither asleep nor done at
 * each new depth. Answers the outcomes, or null when it reached a state whose every step is asleep
 * (the operations are left waiting there).
 */
async function runOnce<W>(e: Interleavings<W>, world: W, s: Schedule, frames: Frame[]): Promise<Promise<Outcome[]> | null> {
  let live = e.ops.length;
  const runs = e.ops.map((op, i) =>
    op(world, Object.assign((label: string, access?: Access) => s.gate(i, label, e.reduce ? access : ANY), { track: (r: Promise<unknown>) => s.track(r), touch: (a: Access) => s.touch(a) }))
      .then((value): Outcome => ({ ok: true, value }), (error): Outcome => ({ ok: false, error }))
      .finally(() => void live--),
  );
  for (let depth = 0, idle = 0; ; ) {
    await settle();
    while (s.inFlight.size) {
      await Promise.allSettled([...s.inFlight]);
      await settle();
    }
    if (depth > 0 && s.current) frames[depth - 1].accesses = e.reduce ? s.current : [ANY];
    s.current = null;
    if (live === 0) break;
    const offered = s.offered();
    if (!offered.length) {
      if (++idle > 100) throw new Error('an operation waits on something other than a gated request');
      continue;
    }
    idle = 0;
    const keys = offered.map((w) => w.key);
    let f = frames[depth];
    if (f) {
      if (f.keys.join() !== keys.join()) throw new Error(`a replay offered ${keys.join(', ')} where its first run offered ${f.keys.join(', ')}: the operations are not deterministic`);
    } else {
      const sleep = e.reduce && depth > 0 ? childSleep(frames[depth - 1]) : new Map();
      const pick = nextPick({ keys, sleep, done: new Map() });
      if (pick < 0) return null;
      f = { keys, ops: offered.map((w) => w.op), pick, sleep, done: new Map() };
      frames.push(f);
    }
    s.release(f.pick);
    depth++;
  }
  return Promise.all(runs);
}

/** SDK requests that only read (crash-points.ts lists them all; `end` ends an aggregate). */
const READS = new Set(['get', 'count', 'end']);

/** `sdk` with each request for which `gated(collection, op)` holds waiting at `gate` first. */
export function gatedSdk<S extends SdkDatabase>(sdk: S, gate: Gate, gated: (collection: string, op: string) => boolean): S {
  const hook: RequestHook = {
    async request(collection, op, send) {
      const access = { on: collection, write: !READS.has(op) };
      if (!gated(collection, op)) return gate.touch?.(access), send();
      await gate(`${collection}.${op}`, access);
      const answer = send();
      gate.track?.(answer);
      return answer;
    },
  };
  return crashingSdk(sdk, hook);
}
