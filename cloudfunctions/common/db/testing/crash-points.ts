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
 * - `refused`: the request never reached the store (nothing applied), the caller gets -501001 or
 *   the service's refusal -502001;
 * - `lost`: the store applied it, the answer never came: -501001, -501002 or -1, as wx-server-sdk
 *   reports it (crash-codes.ts) — each crash point runs once per code of its kind;
 * and then either the call's process `dies` (every later database call of the operation fails
 * too, and {@link CrashPlan.alive} turns false for side effects such as a WeChat send) or it
 * `continues` (only that call failed; the code's own error handling runs).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { DB_SYS_ERR } from '../duplicate-key';
import type { SdkDatabase } from '../wx-db';
import { CRASH_CODES, crashError, type CrashKind } from './crash-codes';

export { CRASH_CODES, type CrashKind };
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
  /** Set once the second fault (if any) has happened. */
  secondFired = false;

  constructor(
    readonly n: number,
    readonly kind: CrashKind,
    readonly after: AfterCrash,
    /** A second failed request later in the same operation (only while the process goes on). */
    readonly second?: { n: number; kind: CrashKind; code?: number },
    /** The errCode the crashed request answers with (default: the kind's first, -501001). */
    readonly code: number = CRASH_CODES[kind][0],
  ) {
    if (second && (after !== 'continues' || second.n <= n)) throw new Error('a second fault comes later, in a process that went on');
  }

  private successor?: CrashPlan;

  /**
   * From now on requests through this plan's SDK run under `next` (a recovery run on the same
   * world, crashed in turn): the dead operation's process is left behind.
   */
  handOver(next: CrashPlan): void {
    this.successor = next;
  }

  /** The plan a dead operation's world was handed over to ({@link CrashPlan.handOver}), if any. */
  get next(): CrashPlan | undefined {
    return this.successor;
  }

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
    return this.successor ? this.successor.alive() : !this.dead;
  }

  /** Names the point, for failure messages. */
  describe(): string {
    const at = (n: number, kind: CrashKind, code: number): string => {
      const c = this.calls[n - 1];
      return `request ${n} (${c ? `${c.collection}.${c.op}` : 'none'}, ${kind} ${code}`;
    };
    const then = this.second ? `, then at ${at(this.second.n, this.second.kind, this.secondCode)})` : '';
    return `crash at ${at(this.n, this.kind, this.code)}, process ${this.after})${then}`;
  }

  private get secondCode(): number {
    return this.second ? (this.second.code ?? CRASH_CODES[this.second.kind][0]) : this.code;
  }

  /** Runs one request under the plan. */
  async request<T>(collection: string, op: string, send: () => Promise<T>): Promise<T> {
    if (this.successor) return this.successor.request(collection, op, send);
    if (this.dead) throw crashError(collection, op, DB_SYS_ERR, 'the process died');
    if (!this.armed) return send();
    const n = this.calls.push({ n: this.calls.length + 1, collection, op });
    let kind: CrashKind;
    let code: number;
    if (n === this.n) {
      this.fired = true;
      if (this.after === 'dies') this.dead = true;
      [kind, code] = [this.kind, this.code];
    } else if (n === this.second?.n) {
      this.secondFired = true;
      [kind, code] = [this.second.kind, this.secondCode];
    } else return send();
    if (kind === 'refused') throw crashError(collection, op, code, 'request failed before reaching the store');
    await send();
    throw crashError(collection, op, code, 'request timeout (stored, answer lost)');
  }
}

/** Wraps every object of a query chain so that its request methods run under `plan`. */
/** What the request wrapper asks of a plan: run one request (an interleaving explorer's gate fits too). */
export type RequestHook = Pick<CrashPlan, 'request'>;

function wrapChain(target: any, collection: string, plan: RequestHook): any {
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
export function crashingSdk<S extends SdkDatabase>(sdk: S, plan: RequestHook): S {
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
  /**
   * What the product documents as recovery (the client's retry, the next tick, the repair job).
   * `crashing`: run it on the world's crashing database (see {@link Exploration.recoveryCrashes}).
   */
  recover(world: W, crashing?: boolean): Promise<void>;
  /** Throws when an invariant is broken. */
  check(world: W): Promise<void>;
  kinds?: CrashKind[];
  /**
   * The errCodes each kind's crash answers with (default {@link CRASH_CODES}): every single crash
   * point runs once per code; pairs and crashed recoveries take the codes in turn.
   */
  codes?: Partial<Record<CrashKind, readonly number[]>>;
  afters?: AfterCrash[];
  /**
   * Also every pair of failed requests N < M in a process that goes on (each refused or lost): an
   * error path's own requests (a read-back after a lost answer, a give-back) failing too.
   */
  pairs?: boolean;
  /**
   * Also crash the recovery: after each crash point of the operation (process dying), recovery runs on the
   * crashing database and dies at its request M (refused or lost), then recovery runs again
   * cleanly (the next tick) before the invariants — the repair must survive its own death.
   */
  recoveryCrashes?: boolean;
  /** Safety stop: an operation that makes more requests than this fails the exploration. */
  maxRequests?: number;
}

/** What an exploration covered. */
export interface ExplorationReport {
  /** Requests of the uncrashed operation (per kind × after; the same unless the code branches on time). */
  requests: number;
  /** Crash points run (each: a fresh world, a crash, recovery, invariants). */
  points: number;
  /** Of those, runs with two failed requests ({@link Exploration.pairs}). */
  pairs: number;
  /** Of those, runs whose first recovery died too ({@link Exploration.recoveryCrashes}). */
  recoveryCrashes: number;
}

/** Raised when an invariant broke after a crash point, naming the point. */
export class CrashPointViolation extends Error {
  override name = 'CrashPointViolation';
}

/** One run of the operation under `plan`: false when it ended without reaching every fault. */
async function runPoint<W>(e: Exploration<W>, plan: CrashPlan, report: ExplorationReport): Promise<boolean> {
  const world = await e.setup(plan);
  plan.arm();
  try {
    await e.run(world, plan);
  } catch (err) {
    if (!plan.fired) throw err; // the operation failed by itself: not a crash point's doing
  } finally {
    plan.disarm();
  }
  if (!plan.fired || (plan.second && !plan.secondFired)) {
    report.requests = Math.max(report.requests, plan.calls.length);
    if (!plan.fired)
      await e.check(world).catch((err: Error) => {
        throw new CrashPointViolation(`without a crash: ${err.message}`);
      });
    return false;
  }
  report.points++;
  if (plan.second) report.pairs++;
  try {
    await e.recover(world);
    await e.check(world);
  } catch (err) {
    const trail = plan.calls.map((c) => `${c.n}:${c.collection}.${c.op}`).join(' ');
    throw new CrashPointViolation(`${plan.describe()}: ${(err as Error).message}\n  requests: ${trail}`);
  }
  return true;
}

/** The codes `e` runs crashes of `kind` with. */
const codesOf = <W>(e: Exploration<W>, kind: CrashKind): readonly number[] => e.codes?.[kind] ?? CRASH_CODES[kind];
/**
 * The codes of the `i`-th of two faults in turn, so consecutive `i` go through every combination
 * (two refused: -501001/-501001, -502001/-501001, -501001/-502001, -502001/-502001, …): how pairs
 * and crashed recoveries, too many to run once per combination, still meet each.
 */
const inTurn = (first: readonly number[], second: readonly number[], i: number): [number, number] => [
  first[i % first.length],
  second[Math.floor(i / first.length) % second.length],
];

/**
 * For each kind × code × after and N = 1, 2, … until the operation completes without reaching
 * request N: a fresh world, the operation crashed at request N, recovery, the invariants. With
 * `pairs`, then every N < M of a process that goes on (the codes taken in turn).
 */
export async function exploreCrashPoints<W>(e: Exploration<W>): Promise<ExplorationReport> {
  const report: ExplorationReport = { requests: 0, points: 0, pairs: 0, recoveryCrashes: 0 };
  const max = e.maxRequests ?? 200;
  const kinds = e.kinds ?? (['refused', 'lost'] as const);
  const tooMany = (n: number): void => {
    if (n > max) throw new CrashPointViolation(`more than ${max} requests: raise maxRequests or shrink the operation`);
  };
  for (const kind of kinds)
    for (const code of codesOf(e, kind))
      for (const after of e.afters ?? (['dies', 'continues'] as const))
        for (let n = 1; ; n++) {
          tooMany(n);
          if (!(await runPoint(e, new CrashPlan(n, kind, after, undefined, code), report))) break;
        }
  if (e.recoveryCrashes) await exploreRecoveryCrashes(e, report);
  if (!e.pairs) return report;
  for (const kind of kinds)
    for (let n = 1; ; n++) {
      tooMany(n);
      let reached = false;
      for (const second of kinds)
        for (let m = n + 1; ; m++) {
          tooMany(m);
          const [first, code] = inTurn(codesOf(e, kind), codesOf(e, second), n + m);
          const plan = new CrashPlan(n, kind, 'continues', { n: m, kind: second, code }, first);
          const went = await runPoint(e, plan, report);
          if (plan.fired) reached = true;
          if (!went) break;
        }
      if (!reached) break;
    }
  return report;
}

/**
 * Each crash point of the operation whose process died (what leaves the most to repair), then
 * recovery dying at each of its requests, then recovery again.
 */
async function exploreRecoveryCrashes<W>(e: Exploration<W>, report: ExplorationReport): Promise<void> {
  const kinds = e.kinds ?? (['refused', 'lost'] as const);
  for (const kind of kinds)
    for (const after of (e.afters ?? ['dies']).filter((a) => a === 'dies'))
      for (let n = 1; ; n++) {
        let reached = false;
        for (const rkind of kinds)
          for (let m = 1; ; m++) {
            const [code, rcode] = inTurn(codesOf(e, kind), codesOf(e, rkind), n + m);
            const plan = new CrashPlan(n, kind, after, undefined, code);
            const world = await e.setup(plan);
            plan.arm();
            await Promise.resolve(e.run(world, plan)).catch(() => undefined);
            plan.disarm();
            if (!plan.fired) break;
            reached = true;
            const again = new CrashPlan(m, rkind, 'dies', undefined, rcode);
            plan.handOver(again);
            again.arm();
            try {
              await e.recover(world, true);
            } catch (err) {
              if (!again.fired) throw new CrashPointViolation(`${plan.describe()}: recovery failed by itself: ${(err as Error).message}`);
            } finally {
              again.disarm();
            }
            if (!again.fired) break;
            report.points++;
            report.recoveryCrashes++;
            try {
              await e.recover(world);
              await e.check(world);
            } catch (err) {
              const trail = again.calls.map((c) => `${c.n}:${c.collection}.${c.op}`).join(' ');
              throw new CrashPointViolation(`${plan.describe()}, then recovery's ${again.describe()}: ${(err as Error).message}\n  recovery requests: ${trail}`);
            }
          }
        if (!reached) break;
      }
}
