/**
 * The read probe while `shop` is updated over the release before it (50f2d93^, kept as the
 * snapshot before-read-probe), both releases serving at once in the local cloud, through the real
 * wx-server-sdk: the README's "Updating a running environment" bullet on the read probe, pinned.
 *
 * Reads lag the writes (the stale-read fault, 10 minutes), so a checkout whose order insert was
 * stored but answered with an error finds nothing on its read-back and asks the primary
 * (`Db.presentOnPrimary`): one update writes a random `qxReadProbe` into the order, the next removes
 * it. Here the instance is killed (SIGKILL) right between the two. The field is left in the stored
 * order; this release's reads strip it, an instance of the release before the probe answers it to
 * its client (`listOrders`): a random value, nothing else. A checkout that lives through both updates
 * leaves nothing, and a checkout on the release before writes no probe at all.
 */
import { PROBE_FIELD, WRITE_ID_FIELD } from '../../cloudfunctions/common/db/write-id';
import { TcbError } from '../../scripts/local-cloud';
import type { FullCloud } from '../../scripts/local-cloud/cloud';
import { updateData } from '../../scripts/local-cloud/db/wire';
import type { Release } from '../../scripts/local-cloud/functions/rollout';
import { killServingInstance, startRolloutCloud, type RolloutCloud } from './rollout-cloud';

const RELEASE = 'before-read-probe';
const LAG_MS = 10 * 60_000;

let rc: RolloutCloud;
let cloud: FullCloud;

/** The next order insert is stored and answered with an error; with `kill`, its probe's removal kills the instance. */
const fault = { loseInsert: false, kill: false, killed: 0 };

jest.setTimeout(300_000);

beforeAll(async () => {
  rc = await startRolloutCloud({ staleReadMs: LAG_MS });
  cloud = rc.cloud;
  const reg = cloud.registry;
  const insert = reg.resolve('database.insertDocument')!;
  reg.register('database.insertDocument', async (req) => {
    const out = await insert(req);
    if (!fault.loseInsert || req.body.collectionName !== 'orders') return out;
    fault.loseInsert = false;
    throw new TcbError('DATABASE_REQUEST_FAILED', 'database request failed');
  });
  const modify = reg.resolve('database.modifyDocument')!;
  reg.register('database.modifyDocument', async (req) => {
    const change = JSON.stringify(updateData(req.body, Date.now()));
    if (!fault.kill || req.body.collectionName !== 'orders' || !change.includes(PROBE_FIELD) || !change.includes('unset')) return modify(req);
    // The probe is in the order; its removal never arrives: the instance dies first.
    fault.kill = false;
    fault.killed++;
    return killServingInstance(cloud, 'shop');
  });
});

afterAll(() => rc?.close());

type Orders = { ok: boolean; data?: { orders: Array<Record<string, unknown>> } };

describe.each([
  ['dies between the probe and its removal', true],
  ['lives through both updates', false],
] as const)('a checkout whose order insert lost its answer under lagging reads %s', (_name, kill) => {
  it.each([
    ['previous', 'previous'],
    ['previous', 'current'],
    ['current', 'previous'],
    ['current', 'current'],
  ] as Array<[Release, Release]>)('checkout on %s, the order listed on %s', async (first, second) => {
    const run = `${kill ? 'k' : 'l'}${first[0]}${second[0]}`;
    const openid = `probe_${run}`;
    const productId = `tea_${run}`;
    await cloud.db.collection('products').insert({ _id: productId, name: '有机高山绿茶 250g', categoryId: 'tea', categoryName: '茶叶', priceFen: 5800, stock: 3 });
    cloud.replica!.catchUp();
    await cloud.runtime.startRollout('shop', { release: RELEASE, routing: { mode: 'sequence', releases: [first, second] } });

    Object.assign(fault, { loseInsert: true, kill, killed: 0 });
    const checkout = await cloud.runtime
      .invokeDetailed('shop', { action: 'createOrder', orderKey: `key_${run}`, items: [{ productId, quantity: 1 }] }, { openid, source: 'wx_client' })
      .then((o) => o.release, (err: Error) => err.message);
    fault.kill = false;
    const dies = kill && first === 'current';
    if (dies) expect(checkout).toMatch(/instance process exited during the invocation/);
    else expect(checkout).toBe(first);
    expect(fault.killed).toBe(dies ? 1 : 0);
    const [stored] = cloud.db.collection('orders').find({ openid });
    expect(stored).toBeDefined();
    // Only a probing release's call that died leaves the field.
    expect(PROBE_FIELD in stored).toBe(dies);

    cloud.replica!.catchUp(); // the replica has the order now
    const listed = await cloud.runtime.invokeDetailed('shop', { action: 'listOrders' }, { openid, source: 'wx_client' });
    expect(listed.release).toBe(second);
    const reply = listed.result as Orders;
    expect(reply.ok).toBe(true);
    const [order] = reply.data!.orders;
    expect(order._id).toBe(stored._id);
    expect(WRITE_ID_FIELD in order).toBe(false);
    // The README's bound: answered to the client only by the release before the probe, and then
    // a random value (96 bits, write-id.ts newWriteId), nothing of the customer's.
    if (dies && second === 'previous') expect(order[PROBE_FIELD]).toMatch(/^[\w-]{16}$/);
    else expect(PROBE_FIELD in order).toBe(false);
  });
});
