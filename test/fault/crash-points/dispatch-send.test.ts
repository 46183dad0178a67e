/**
 * One WeChat send per one-time grant, whichever database request of a dispatcher invocation a crash
 * hits: after the next timer tick (a lease later), no customer got two sends, no send went out
 * without a consumed grant, every consumed grant has an outbox record that is not re-sendable, and
 * every customer the pass reached is decided. And it is exact about lost notices: each customer
 * still allows one and holds a grant, so after the next tick each got it unless WeChat was called
 * (this fake sender records the calls that reach it). The one exception: the grant's consumption,
 * the last write before the call, stored with its answer lost and the process dead (no recovery
 * can tell that from a call whose answer died with it).
 */
import { priceDropCampaign, PRICE_DROP_TEMPLATE } from '../../../cloudfunctions/common/campaign/testing/price-drop-campaign';
import { COLLECTIONS } from '../../../cloudfunctions/common/contracts/collections';
import { CRASH_CODES, CrashPlan, exploreCrashPoints } from '../../../cloudfunctions/common/db/testing/crash-points';
import { grantId } from '../../../cloudfunctions/common/dispatch/grants-ledger';
import { outboxId } from '../../../cloudfunctions/common/dispatch/outbox';
import { DEFAULT_DISPATCH, runDispatch, type DispatchOptions } from '../../../cloudfunctions/common/dispatch/run-dispatch';
import type { Sender } from '../../../cloudfunctions/common/dispatch/send-one';
import { wechatSend } from '../../../cloudfunctions/common/dispatch/testing/wechat-send';
import { crashWorld, NOW } from './world';

const CUSTOMERS = ['u1', 'u2', 'u3'];
const OPTS: DispatchOptions = { ...DEFAULT_DISPATCH, campaignId: 'c1', pageSize: 2, concurrency: 1, ratePerSec: 100_000, retry: { maxAttempts: 2, baseDelayMs: 0 } };

/** The clock of the dispatcher: the recovery tick runs a lease and a minute after the crashed one. */
let clock = NOW;
beforeEach(() => jest.spyOn(Date, 'now').mockImplementation(() => clock));
afterEach(() => jest.restoreAllMocks());

async function setup(plan: CrashPlan) {
  clock = NOW;
  const w = crashWorld(plan);
  await w.raw.insert(COLLECTIONS.products, [{ _id: 'p1', name: '有机高山绿茶', priceFen: 5800 }]);
  for (const openid of CUSTOMERS) {
    await w.raw.insert(COLLECTIONS.profiles, [{ _id: openid, openid, rev: 1, d: {}, segment: 1 }]);
    await w.raw.insert(COLLECTIONS.consents, [{ _id: openid, openid, version: 1, granted: true, grantedAt: 1, personalization: true }]);
    await w.raw.insert(COLLECTIONS.grants, [{ _id: grantId(openid, PRICE_DROP_TEMPLATE), openid, templateId: PRICE_DROP_TEMPLATE, available: 1, accepted: 1, consumed: 0, blocked: false }]);
  }
  await w.raw.insert(COLLECTIONS.campaigns, [{ _id: 'c1', name: '降价提醒', ...priceDropCampaign({ holdoutPct: 0 }), status: 'running', nextRunAt: NOW - 1 }]);
  /** The calls that reached WeChat (a live process's), per customer: this fake accepts each one. */
  const delivered: string[] = [];
  const wechat = wechatSend(async (m) => {
    delivered.push(m.touser);
    return { errCode: 0, msgid: `m${delivered.length}` };
  });
  const sender = (alive: () => boolean): Sender => async (m) => {
    if (!alive()) throw new Error('the process died before this send');
    return wechat(m);
  };
  return { ...w, plan, delivered, send: sender(() => plan.alive()), recoverySend: sender(() => true) };
}
type World = Awaited<ReturnType<typeof setup>>;

async function recover(w: World, crashing = false): Promise<void> {
  // The next tick a lease later; after a tick that died too, another lease later.
  clock = NOW + (crashing ? 1 : 2) * (OPTS.leaseMs + 60_000);
  await runDispatch(crashing ? w.db : w.raw, crashing ? w.send : w.recoverySend, crashing ? 'tick-2' : 'tick-3', OPTS);
}

/**
 * Whether `p` crashed where no recovery can be exact: the grant's consumption (the last write
 * before the call) stored, its answer lost, the process dead before it could call.
 */
function diedAfterConsuming(p: CrashPlan | undefined): boolean {
  const c = p?.calls[p.n - 1];
  return !!p && !p.second && p.after === 'dies' && p.kind === 'lost' && c?.collection === COLLECTIONS.grants && c.op === 'update';
}

async function check(w: World): Promise<void> {
  // A process that died right after consuming a grant leaves one notice that may be lost: the
  // crashed operation's, and (recoveryCrashes) the crashed recovery's.
  let mayLose = [w.plan, w.plan.next].filter(diedAfterConsuming).length;
  for (const openid of CUSTOMERS) {
    const sends = w.delivered.filter((u) => u === openid).length;
    const grant = (await w.raw.getById(COLLECTIONS.grants, grantId(openid, PRICE_DROP_TEMPLATE)))!;
    const entry = await w.raw.getById(COLLECTIONS.outbox, outboxId('c1', openid));
    const what = `${openid}: ${sends} sends, grant ${JSON.stringify({ available: grant.available, consumed: grant.consumed })}, outbox ${entry?.status}`;
    if (sends > 1) throw new Error(`${what}: sent twice`);
    if (sends > grant.consumed) throw new Error(`${what}: sent without consuming a grant`);
    if (grant.consumed + grant.available !== 1) throw new Error(`${what}: the ledger lost or made a grant`);
    if (grant.consumed > 0 && !['sent', 'unknown'].includes(entry?.status)) throw new Error(`${what}: a grant consumed without a send record`);
    if (sends === 1 && !['sent', 'unknown'].includes(entry?.status)) throw new Error(`${what}: a send recorded as not sent (re-sendable)`);
    if (!entry || entry.status === 'claimed') throw new Error(`${what}: not decided after the next tick`);
    // Every customer here still allows the notice and holds a grant: after the next tick each
    // got it, unless WeChat was called (and answered who knows what). This fake accepts every
    // call that reaches it, so no send means no call: a claim closed without one lost a notice,
    // allowed only where the process died right after consuming that grant.
    if (sends === 0) {
      const window = entry.status === 'unknown' && grant.consumed === 1 && mayLose-- > 0;
      if (!window) throw new Error(`${what}: a legitimate send lost (WeChat was never called)`);
    }
  }
}

// Hundreds of crash points, pairs included: seconds on a quiet machine, minutes under CI's load.
jest.setTimeout(600_000);

it('dispatch: every crash point and the next tick leave at most one send per grant, each recorded, and no notice lost without a call', async () => {
  const report = await exploreCrashPoints<World>({
    setup,
    run: (w) => runDispatch(w.db, w.send, 'tick-1', OPTS),
    recover,
    check,
    pairs: true,
  });
  expect(report.requests).toBeGreaterThan(15);
  // Each request of the clean run crashed once per kind × code × after (2 refused + 3 lost codes,
  // 2 afters), and the pairs ran too: an exploration that stopped early would pass the invariants
  // vacuously. (Not 10 × `requests`: that is the most requests any run made, an error path's included.)
  expect(report.points - report.pairs).toBeGreaterThanOrEqual(10 * 16);
  expect(report.pairs).toBeGreaterThan(report.requests);
});


/** A run without faults: its requests in order, to name the points below by what they are. */
async function requestsOfCleanRun(): Promise<Array<{ n: number; collection: string; op: string }>> {
  const plan = new CrashPlan(0, 'refused', 'dies'); // request 0 never comes: no fault
  const w = await setup(plan);
  plan.arm();
  await runDispatch(w.db, w.send, 'tick-1', OPTS);
  plan.disarm();
  return plan.calls;
}

/** A request of the invocation, by what it is. */
type Named = { collection: string; op: string };

/** The number of the first `collection.op` request after the first customer's claim. */
async function firstAfterClaim({ collection, op }: Named): Promise<number> {
  const calls = await requestsOfCleanRun();
  const claim = calls.findIndex((c) => c.collection === COLLECTIONS.outbox && c.op === 'add');
  const hit = calls.slice(claim + 1).find((c) => c.collection === collection && c.op === op);
  if (claim < 0 || !hit) throw new Error(`no ${collection}.${op} after a claim`);
  return hit.n;
}

/**
 * Runs tick 1 under `plan`, the next tick, and the invariants; false when the faults were not all
 * reached. `at`: what the plan's first fault must hit (a plan that crashed something else proves
 * nothing about the named point).
 */
async function runPlan(plan: CrashPlan, at?: Named): Promise<boolean> {
  const w = await setup(plan);
  plan.arm();
  await runDispatch(w.db, w.send, 'tick-1', OPTS).catch(() => undefined);
  plan.disarm();
  if (!plan.fired || (plan.second && !plan.secondFired)) return false;
  if (at) expect(plan.calls[plan.n - 1]).toMatchObject(at);
  await recover(w);
  await check(w).catch((err: Error) => {
    throw new Error(`${plan.describe()}: ${err.message}`);
  });
  return true;
}

/**
 * The fault at request `at` (a process that goes on), then each later request of the invocation
 * refused or lost in turn. Counted: the requests before a second fault are those of the run with
 * the first fault alone (the clock stands still), so exactly its requests after `at` are each
 * failed once per kind — a loop that skipped some, or that never reached `at`, fails here.
 */
async function thenEachLaterRequestFailing(at: Named, kind: 'refused' | 'lost'): Promise<void> {
  const first = await firstAfterClaim(at);
  // The first fault with each code wx-server-sdk gives it; the second's default code.
  for (const code of CRASH_CODES[kind]) {
    const alone = new CrashPlan(first, kind, 'continues', undefined, code);
    expect(await runPlan(alone, at)).toBe(true);
    const later = alone.calls.length - first;
    expect(later).toBeGreaterThan(0);
    for (const second of ['refused', 'lost'] as const) {
      let ran = 0;
      for (let m = first + 1; await runPlan(new CrashPlan(first, kind, 'continues', { n: m, kind: second }, code), at); m++) ran++;
      expect({ code, second, ran }).toEqual({ code, second, ran: later });
    }
  }
}

// The three ways a consumed grant used to end 'unknown' without a WeChat call (the exploration
// finds them too; named here so that a failure says which).
it("a consumption whose answer is lost and whose read-back fails: the grant is given back, the customer stays due", async () => {
  await thenEachLaterRequestFailing({ collection: COLLECTIONS.grants, op: 'update' }, 'lost');
});

it("a consent read that fails, then the give-back or the claim's take-back failing too: the customer stays due", async () => {
  await thenEachLaterRequestFailing({ collection: COLLECTIONS.consents, op: 'get' }, 'refused');
});

it('a process dying at the consent read before the call: the next tick sends', async () => {
  const at = { collection: COLLECTIONS.consents, op: 'get' };
  const n = await firstAfterClaim(at);
  for (const kind of ['refused', 'lost'] as const)
    for (const code of CRASH_CODES[kind]) expect(await runPlan(new CrashPlan(n, kind, 'dies', undefined, code), at)).toBe(true);
});
