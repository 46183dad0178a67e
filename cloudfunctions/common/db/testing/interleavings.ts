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
 * Only requests that can conflict need a gate (partial-order reduction): an erasure's removal of
 * events commutes with an export's reads of profiles, so its order among them cannot change the
 * outcome. The caller says which requests are gated; the others run as part of the step before.
 * Operations must wait on nothing but gated requests and promises (no timers): the explorer lets
 * the event loop settle (one macrotask) before each choice. A gated request sent through
 * {@link gatedSdk} may take longer than that (the real wx-server-sdk's HTTP round trip to the local
 * cloud): the explorer waits for its answer too (`Gate.track`), so a schedule means the same on a
 * real backend as in memory.
 */
import { crashingSdk, type RequestHook } from './crash-points';
import type { SdkDatabase } from '../wx-db';

/**
 * Waits for this operation's turn before the request `label`. `track`: the request, once sent, so
 * the explorer waits for its answer before the next choice (a request over real I/O).
 */
export type Gate = ((label: string) => Promise<void>) & { track?: (request: Promise<unknown>) => void };

interface Waiting {
  op: number;
  seq: number;
  label: string;
  go: () => void;
}

/** One run: the choices made (index into the waiting requests, ordered by operation and arrival). */
class Schedule {
  readonly taken: number[] = [];
  readonly widths: number[] = [];
  /** `op:label` of each request in the order it went. */
  readonly steps: string[] = [];
  private waiting: Waiting[] = [];
  private seq = 0;
  /** Gated requests sent and not answered yet. */
  readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly prefix: readonly number[]) {}

  gate(op: number, label: string): Promise<void> {
    return new Promise((go) => this.waiting.push({ op, seq: this.seq++, label, go }));
  }

  track(request: Promise<unknown>): void {
    this.inFlight.add(request);
    const done = () => void this.inFlight.delete(request);
    request.then(done, done);
  }

  /** Lets one waiting request go; false when none waits. */
  step(): boolean {
    if (!this.waiting.length) return false;
    this.waiting.sort((a, b) => a.op - b.op || a.seq - b.seq);
    const pick = this.prefix[this.taken.length] ?? 0;
    if (pick >= this.waiting.length) throw new Error(`a replay offered ${this.waiting.length} requests where its first run offered more: the operations are not deterministic`);
    this.taken.push(pick);
    this.widths.push(this.waiting.length);
    const [w] = this.waiting.splice(pick, 1);
    this.steps.push(`${w.op}:${w.label}`);
    w.go();
    return true;
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
}

/** What an exploration covered. */
export interface InterleavingsReport {
  schedules: number;
  /** Gated requests of the longest schedule. */
  maxSteps: number;
}

const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Runs every order of the operations' gated requests; throws naming the first that breaks `check`. */
export async function exploreInterleavings<W>(e: Interleavings<W>): Promise<InterleavingsReport> {
  let prefix: number[] = [];
  let schedules = 0;
  let maxSteps = 0;
  for (;;) {
    if (++schedules > (e.maxSchedules ?? 100_000)) throw new Error(`more than ${e.maxSchedules ?? 100_000} schedules`);
    const world = await e.setup();
    const s = new Schedule(prefix);
    let live = e.ops.length;
    const runs = e.ops.map((op, i) =>
      op(world, Object.assign((label: string) => s.gate(i, label), { track: (r: Promise<unknown>) => s.track(r) }))
        .then((value): Outcome => ({ ok: true, value }), (error): Outcome => ({ ok: false, error }))
        .finally(() => void live--),
    );
    for (let idle = 0; live > 0; ) {
      await settle();
      while (s.inFlight.size) {
        await Promise.allSettled([...s.inFlight]);
        await settle();
      }
      if (s.step()) idle = 0;
      else if (live > 0 && ++idle > 100) throw new Error('an operation waits on something other than a gated request');
    }
    const outcomes = await Promise.all(runs);
    maxSteps = Math.max(maxSteps, s.steps.length);
    await e.check(world, outcomes, s.steps).catch((err: Error) => {
      throw new Error(`schedule ${s.steps.join(' → ')}: ${err.message}`);
    });
    let k = s.taken.length - 1;
    while (k >= 0 && s.taken[k] + 1 >= s.widths[k]) k--;
    if (k < 0) return { schedules, maxSteps };
    prefix = [...s.taken.slice(0, k), s.taken[k] + 1];
  }
}

/** `sdk` with each request for which `gated(collection, op)` holds waiting at `gate` first. */
export function gatedSdk<S extends SdkDatabase>(sdk: S, gate: Gate, gated: (collection: string, op: string) => boolean): S {
  const hook: RequestHook = {
    async request(collection, op, send) {
      if (!gated(collection, op)) return send();
      await gate(`${collection}.${op}`);
      const answer = send();
      gate.track?.(answer);
      return answer;
    },
  };
  return crashingSdk(sdk, hook);
}
