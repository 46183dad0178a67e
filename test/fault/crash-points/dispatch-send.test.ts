/**
 * One WeChat send per one-time grant, whichever database request of a dispatcher invocation a crash
 * hits: after the next timer tick (a lease later), no customer got two sends, no send went out
 * without a consumed grant, every consumed grant has an outbox record that is not re-sendable, and
 * every customer the pass reached is decided. For a single failure it is exact about lost notices:
 * each customer still allows one and holds a grant, so after the next tick each got it unless
 * WeChat was called (this fake sender records the calls that reach it), but for a grant consumed
 * by a process that then died before the call.
 */
import { priceDropCampaign, PRICE_DROP_TEMPLATE } from '../../../cloudfunctions/common/campaign/testing/price-drop-campaign';
import { COLLECTIONS } from '../../../cloudfunctions/common/contracts/collections';
import { exploreCrashPoints, type CrashPlan } from '../../../cloudfunctions/common/db/testing/crash-points';
import { grantId } from '../../../cloudfunctions/common/dispatch/grants-ledger';
import { outboxId } from '../../../cloudfunctions/common/dispatch/outbox';
import { DEFAULT_DISPATCH, runDispatch, type DispatchOptions } from '../../../cloudfunctions/common/dispatch/run-dispatch';
import type { Sender } from '../../../cloudfunctions/common/dispatch/send-one';
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
  const sender = (alive: () => boolean): Sender => async (m) => {
    if (!alive()) throw new Error('the process died before this send');
    delivered.push(m.touser);
    return { errCode: 0, msgid: `m${delivered.length}` };
  };
  return { ...w, delivered, alive: () => plan.alive(), pair: !!plan.second, send: sender(() => plan.alive()), recoverySend: sender(() => true) };
}
type World = Awaited<ReturnType<typeof setup>>;

async function recover(w: World, crashing = false): Promise<void> {
  // The next tick a lease later; after a tick that died too, another lease later.
  clock = NOW + (crashing ? 1 : 2) * (OPTS.leaseMs + 60_000);
  await runDispatch(crashing ? w.db : w.raw, crashing ? w.send : w.recoverySend, crashing ? 'tick-2' : 'tick-3', OPTS);
}

async function check(w: World): Promise<void> {
  // With two failures, a consumption whose answer and read-back both failed, or a give-back whose
  // refund failed, still leaves a consumed grant's claim 'unknown' without a call (a known gap).
  const gaveUp = w.pair || !w.alive();
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
    // call that reaches it, so no send means no call: a claim closed without one lost a notice.
    // The one window no recovery can see into: the grant consumed, then the process died before
    // the call (indistinguishable from a call whose answer died with it).
    const window = entry.status === 'unknown' && grant.consumed === 1 && gaveUp;
    if (sends === 0 && !window) throw new Error(`${what}: a legitimate send lost (WeChat was never called)`);
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
});

