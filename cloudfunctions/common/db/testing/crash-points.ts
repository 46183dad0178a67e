/**
 * A systematic crash-point explorer for write paths written against {@link Db}.
 *
 * Why: the product's guarantees (one order per checkout, each batch stored once, one send per
 * grant, erasures that finish, guarded promotions, resumable refits) must hold whichever database
 * call a crash hits. Tests that attack one hand-picked step miss the others; this runs an
 * operation once per database call it makes, crashing exactly that call, then the product's own
 * recovery, then the invariants.
 *
 * The seam is the SDK database under {@link Db} (every Qunxiang write goes through it, and the
 * same wrapper fits the in-memory SDK and the real wx-server-sdk against the local cloud). A crash
 * at call N is one of:
 * - `refused`: the request never reached the store (nothing applied), the caller gets -501001;
 * - `lost`: the store applied it, the answer never came (wx-server-sdk: -501001, request timeout).
 * and then either the call's process `dies` (every later database call of the operation fails
 * too, and {@link CrashPlan.alive} turns false for side effects such as a WeChat send) or it
 * `continues` (only that call failed; the code's own error handling runs).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { DB_SYS_ERR } from '../duplicate-key';
import type { SdkDatabase } from '../wx-db';

/** Whether the crashed request was applied before its answer was lost. */
export type CrashKind = 'refused' | 'lost';
/** What the operation's process does after the crash. */
export type AfterCrash = 'dies' | 'continues';

/** The SDK methods that send one request to the database. */
const REQUESTS = new Set(['get', 'count', 'update', 'remove', 'add', 'set', 'end']);

/** One database request the armed operation made. */
export interface CallRecord {
  n: number;
  collection: string;
  op: string;
}

/** Where and how one exploration run crashes; counts the requests while armed. */
export class CrashPlan {
  private armed = false;
  private dead = false;
  /** The requests made while armed, in order (the crashed one included). */
  readonly calls: CallRecord[] = [];
  /** Set once the crash has happened. */
  fired = false;

  constructor(
    readonly n: number,
    readonly kind: CrashKind,
    readonly after: AfterCrash,
  ) {}

  /** Start counting requests (setup before this is not counted and never crashes). */
  arm(): void {
    this.armed = true;
  }

  /**
   * Stop counting and crashing. A process that died stays dead: whatever of the operation still
   * runs in the background keeps failing, so recovery and the invariants must read and write
   * through the unwrapped SDK.
   */
  disarm(): void {
    this.armed = false;
  }

  /** False once the operation's process has died: side effects outside the database must stop too. */
  alive(): boolean {
    return !this.dead;
  }

  /** Names the point, for failure messages. */
  describe(): string {
    const c = this.calls[this.n - 1];
    return `crash at request ${this.n} (${c ? `${c.collection}.${c.op}` : 'none'}, ${this.kind}, process ${this.after})`;
  }

  /** Runs one request under the plan. */
  async request<T>(collection: string, op: string, send: () => Promise<T>): Promise<T> {
    if (this.dead) throw crashError(collection, op, 'the process died');
    if (!this.armed) return send();
    const n = this.calls.push({ n: this.calls.length + 1, collection, op });
    if (n !== this.n) return send();
    this.fired = true;
    if (this.after === 'dies') this.dead = true;
    if (this.kind === 'refused') throw crashError(collection, op, 'request failed before reaching the store');
    await send();
    throw crashError(collection, op, 'request timeout (stored, answer lost)');
  }
}

/** The error wx-server-sdk gives a request that failed or whose answer never came. */
function crashError(collection: string, op: string, why: string): unknown {
  return { errCode: DB_SYS_ERR, errMsg: `${collection}.${op}:fail -501001 ${why}` };
}

/** Wraps every object of a query chain so that its request methods run under `plan`. */
function wrapChain(target: any, collection: string, plan: CrashPlan): any {
  return new Proxy(target, {
    get(t, k) {
      const v = Reflect.get(t, k);
      if (typeof v !== 'function' || typeof k !== 'string') return v;
      if (REQUESTS.has(k)) return (...args: any[]) => plan.request(collection, k, () => v.apply(t, args));
      return (...args: any[]) => {
        const r = v.apply(t, args);
        return r && typeof r === 'object' ? wrapChain(r, collection, plan) : r;
      };
    },
  });
}

/** `sdk` with every database request (get, count, update, remove, add, set, aggregate end) under `plan`. */
export function crashingSdk<S extends SdkDatabase>(sdk: S, plan: CrashPlan): S {
  return new Proxy(sdk, {
    get(t, k) {
      const v: any = Reflect.get(t, k);
      if (k !== 'collection') return typeof v === 'function' ? v.bind(t) : v;
      return (name: string) => wrapChain(v.call(t, name), name, plan);
    },
  });
}

/**
 * One exploration: a fresh world per crash point, the operation, the recovery, the invariants.
 * The operation runs on `crashingSdk(sdk, plan)`; recovery and checks on `sdk` itself.
 */
export interface Exploration<W> {
  /** A fresh world whose database runs under `plan` (setup writes are not counted). */
  setup(plan: CrashPlan): Promise<W>;
  /** The operation under test; may throw (a crash, or the code's own error). */
  run(world: W, plan: CrashPlan): Promise<unknown>;
  /** What the product documents as recovery (the client's retry, the next tick, the repair job). */
  recover(world: W): Promise<void>;
  /** Throws when an invariant is broken. */
  check(world: W): Promise<void>;
  kinds?: CrashKind[];
  afters?: AfterCrash[];
  /** Safety stop: an operation that makes more requests than this fails the exploration. */
  maxRequests?: number;
}

/** What an exploration covered. */
export interface ExplorationReport {
  /** Requests of the uncrashed operation (per kind × after; the same unless the code branches on time). */
  requests: number;
  /** Crash points run (each: a fresh world, a crash, recovery, invariants). */
  points: number;
}

/** Raised when an invariant broke after a crash point, naming the point. */
export class CrashPointViolation extends Error {
  override name = 'CrashPointViolation';
}

/**
 * For each kind × after and N = 1, 2, … until the operation completes without reaching request N:
 * a fresh world, the operation crashed at request N, recovery, the invariants.
 */
export async function exploreCrashPoints<W>(e: Exploration<W>): Promise<ExplorationReport> {
  const report: ExplorationReport = { requests: 0, points: 0 };
  const max = e.maxRequests ?? 200;
  for (const kind of e.kinds ?? (['refused', 'lost'] as const))
    for (const after of e.afters ?? (['dies', 'continues'] as const))
      for (let n = 1; ; n++) {
        if (n > max) throw new CrashPointViolation(`more than ${max} requests: raise maxRequests or shrink the operation`);
        const plan = new CrashPlan(n, kind, after);
        const world = await e.setup(plan);
        plan.arm();
        try {
          await e.run(world, plan);
        } catch (err) {
          if (!plan.fired) throw err; // the operation failed by itself: not a crash point's doing
        } finally {
          plan.disarm();
        }
        if (!plan.fired) {
          report.requests = Math.max(report.requests, plan.calls.length);
          await e.check(world).catch((err: Error) => {
            throw new CrashPointViolation(`without a crash: ${err.message}`);
          });
          break;
        }
        report.points++;
        try {
          await e.recover(world);
          await e.check(world);
        } catch (err) {
          const trail = plan.calls.map((c) => `${c.n}:${c.collection}.${c.op}`).join(' ');
          throw new CrashPointViolation(`${plan.describe()}: ${(err as Error).message}\n  requests: ${trail}`);
        }
      }
  return report;
}
