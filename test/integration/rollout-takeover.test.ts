/**
 * A checkout's retry taking over the earlier call's held units (this release's `shop`, 80519b3)
 * while code from before that takeover still settles holds — the README's order-fences bullet,
 * "Left even with `shop` first", pinned. The release before order fences (1b0dbbd^, kept as the
 * snapshot before-order-fences with its `shop` and `rebuild`) judges a hold only by its own call:
 * "did this call's insert place the order?" (session14-head already asks the calls in `from`).
 *
 * The interleaving, through the real wx-server-sdk against the local cloud: the first call's order
 * insert times out (the late-commit fault holds it); the app's retry, on this release's `shop`,
 * takes over the first call's hold (the hold now lists the first call in `from`) and ends before it
 * settles — its instance killed (SIGKILL) as its own insert is sent, or that insert timing out too
 * before the first one lands; then the first insert commits late, so the order stands with the
 * first call's write-id and the retry's hold. Whoever settles that hold next: the repair pass (the
 * README's case: `rebuild` of either release) or the app's next tap (`shop` of either release,
 * which an update from before order fences also serves side by side while `shop` rolls). Code of
 * the release before gives the units back while the order stands: stock one order too high. This
 * release's code keeps them: stock exact. One order either way, nothing left held.
 */
import { WRITE_ID_FIELD } from '../../cloudfunctions/common/db/write-id';
import { keyedOrderId } from '../../cloudfunctions/shop/checkout-order-id';
import { injectLateCommits, type LateCommits } from '../../scripts/local-cloud';
import type { FullCloud } from '../../scripts/local-cloud/cloud';
import type { Release } from '../../scripts/local-cloud/functions/rollout';
import { ageHolds, killServingInstance, orderState, startRolloutCloud, triggerTimer, type RolloutCloud } from './rollout-cloud';

const RELEASE = 'before-order-fences';
const STOCK = 3;

type Reply = { ok: boolean; data?: { _id: string }; error?: { code: string } };
type Hold = { attempt: string; from?: string[] };

let rc: RolloutCloud;
let cloud: FullCloud;
let late: LateCommits;
/** Armed: the next order insert never arrives, its instance killed as it is sent. */
const kill = { armed: false, killed: 0 };

jest.setTimeout(300_000);

beforeAll(async () => {
  rc = await startRolloutCloud();
  cloud = rc.cloud;
  late = injectLateCommits(cloud.registry);
  const insert = cloud.registry.resolve('database.insertDocument')!;
  cloud.registry.register('database.insertDocument', async (req) => {
    if (!kill.armed || req.body.collectionName !== 'orders') return insert(req);
    kill.armed = false;
    kill.killed++;
    return killServingInstance(cloud, 'shop');
  });
});

afterAll(() => rc?.close());

const holdsOf = (productId: string): Hold[] => Object.values((cloud.db.collection('products').get(productId) as { holds?: Record<string, Hold> }).holds ?? {});

describe.each([
  ['killed as its insert is sent', 'killed'],
  ['answered OUTCOME_UNKNOWN, its own insert timed out too', 'timedOut'],
] as const)('the retry takes over the first call’s hold and ends before settling it: %s', (_name, ending) => {
  it.each([
    ['rebuild', 'previous'],
    ['rebuild', 'current'],
    ['shop', 'previous'],
    ['shop', 'current'],
  ] as Array<['rebuild' | 'shop', Release]>)('then the first insert commits late; the hold settled by %s on the %s release', async (settler, release) => {
    const run = `${ending[0]}${settler[0]}${release[0]}`;
    const openid = `takeover_${run}`;
    const productId = `tea_takeover_${run}`;
    const orderKey = `key_takeover_${run}`;
    const orderId = keyedOrderId(openid, orderKey, 0);
    await cloud.db.collection('products').insert({ _id: productId, name: '有机高山绿茶 250g', categoryId: 'tea', categoryName: '茶叶', priceFen: 5800, stock: STOCK });
    // Both checkout calls on this release's shop; the app's next tap (the shop settler) on `release`.
    await cloud.runtime.startRollout('shop', { release: RELEASE, routing: { mode: 'sequence', releases: ['current', 'current', settler === 'shop' ? release : 'current'] } });
    await cloud.runtime.startRollout('rebuild', { release: RELEASE, routing: { mode: 'sequence', releases: [release] } });
    const checkout = () =>
      cloud.runtime.invokeDetailed('shop', { action: 'createOrder', orderKey, items: [{ productId, quantity: 1 }] }, { openid, source: 'wx_client' }).then(
        (o) => ({ reply: o.result as Reply, release: o.release }),
        (err: Error) => ({ reply: undefined, release: err.message }),
      );

    // 1. The first call's insert times out and is held; the call keeps its hold.
    late.arm('orders', 'serverTimeout');
    expect((await checkout()).reply).toMatchObject({ ok: false, error: { code: 'OUTCOME_UNKNOWN' } });
    const [first] = holdsOf(productId);
    expect(first.from ?? []).toEqual([]);

    // 2. The retry takes that hold over and ends before it settles it.
    if (ending === 'killed') kill.armed = true;
    else late.arm('orders', 'serverTimeout');
    const retry = await checkout();
    if (ending === 'killed') {
      expect(retry.release).toMatch(/instance process exited during the invocation/);
      expect(kill.killed).toBe(1);
      kill.killed = 0;
    } else expect(retry).toMatchObject({ release: 'current', reply: { ok: false, error: { code: 'OUTCOME_UNKNOWN' } } });
    const holds = holdsOf(productId);
    expect(holds).toEqual([expect.objectContaining({ from: [first.attempt] })]);
    expect(holds[0].attempt).not.toBe(first.attempt);

    // 3. The first insert commits late (a timed-out retry's, after it, is refused as a duplicate).
    expect(await late.commit()).toEqual(ending === 'killed' ? [{ collection: 'orders', stored: true }] : [{ collection: 'orders', stored: true }, { collection: 'orders', stored: false }]);
    expect(cloud.db.collection('orders').get(orderId)).toMatchObject({ [WRITE_ID_FIELD]: first.attempt, items: [{ productId, quantity: 1 }] });
    expect(orderState(cloud, openid, productId)).toMatchObject({ stock: STOCK - 1, held: 1 });

    // 4. The hold is settled: by the repair pass past its grace period, or by the app's next tap.
    if (settler === 'rebuild') {
      ageHolds(cloud, productId, 10 * 60_000);
      expect(await triggerTimer(cloud, 'rebuild')).toMatchObject({ release, result: { ok: true } });
    } else {
      expect(await checkout()).toEqual({ release, reply: expect.objectContaining({ ok: true, data: expect.objectContaining({ _id: orderId }) }) });
    }

    // One order, nothing held; its unit back on the shelf only where old code settled the hold.
    const s = orderState(cloud, openid, productId);
    expect(s.orders.map((o) => o._id)).toEqual([orderId]);
    const oneTooHigh = release === 'previous';
    expect({ stock: s.stock, held: s.held, holds: s.holds }).toEqual({ stock: STOCK - 1 + (oneTooHigh ? 1 : 0), held: 0, holds: 0 });
  });
});
