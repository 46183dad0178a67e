/**
 * rollout-flows.test.ts's flows whose README bounds rest on what a call reads, again with every
 * read lagging the writes (the local cloud's stale-read fault: each wire query, count and
 * aggregation answered from the database as it was 10 minutes ago; writes act on the primary).
 * Production reads may lag: CloudBase does not state its read preference (scripts/local-cloud/README.md).
 * The README's "Updating a running environment" states what the lag changes: a checkout retried
 * right after the repair pass is refused once (nothing taken), an erasure right after an export
 * leaves its file to retention's pass, a retry on an old `wxpush` fails until its read catches up.
 * (Run first, this found the rebuild job skipping its first call: rebuild/job-lag.test.ts.)
 *
 * Deterministic: the lag is far longer than the test, so no write becomes visible by itself under
 * load; the replica catches up (`catchUp`) only where the flow lets time pass (the repair pass's
 * grace period, a week until retention removes a fence, an hour until an export's file expires)
 * or a person acts (staff save a rule, then export it). Everything else — a retry right after the
 * repair pass, the checkout right after retention's pass, an erasure right after an export,
 * WeChat's retried pushes — reads the database as it was before the flow's last writes.
 * Fewer runs than the fresh file keep it well short of doubling rollout-flows' time: every
 * assignment of the checkout's two lagged shop calls, in the README's order only; the two mixed
 * assignments of an export and retention's pass, and of a push and its retry; the erasure and the
 * pushes of the releases before per-export files and the pushed map as there.
 */
import { exportNames, namedFileIds } from '../../cloudfunctions/common/admin/export-names';
import { arrayNeqMode } from '../../cloudfunctions/common/db/array-neq';
import { grantId } from '../../cloudfunctions/common/dispatch/grants-ledger';
import { keyedOrderId } from '../../cloudfunctions/shop/checkout-order-id';
import type { FullCloud } from '../../scripts/local-cloud/cloud';
import { injectLateCommits, type LateCommits } from '../../scripts/local-cloud';
import { MSG_PUSH_SOURCE } from '../../scripts/local-cloud/openapi/message-push';
import type { Reply as AdminReply } from '../helpers/reply';
import { expectOldLinkWithinBound, isStored } from '../helpers/stored-file';
import { makeCustomers, seedShop, STAFF, TPL } from './dispatch-fixtures';
import { ageHolds as ageHeld, assignments, expectPushesAppliedOnce, orderState, startRolloutCloud, triggerTimer, type RolloutCloud } from './rollout-cloud';

const RELEASE = 'session14-head';
const DAY_MS = 86_400_000;
const LAG_MS = 10 * 60_000;
const PREVIOUS_ONLY = { mode: 'random', seed: 1, previousShare: 1 } as const;

type Reply = { ok: boolean; data?: { _id: string; items?: unknown[] }; error?: { code: string } };

let rc: RolloutCloud;
let cloud: FullCloud;
let late: LateCommits;

jest.setTimeout(600_000);

beforeAll(async () => {
  rc = await startRolloutCloud({ staleReadMs: LAG_MS });
  cloud = rc.cloud;
  late = injectLateCommits(cloud.registry);
  // An environment being updated has run its timers before: the rebuild job exists (the release
  // before reads it back right after leasing it and skips the call while that read does not show it).
  await trigger('rebuild');
  catchUp();
  for (const fn of ['shop', 'rebuild']) await cloud.runtime.startRollout(fn, { release: RELEASE, routing: { mode: 'alternate' } });
});

afterAll(() => rc?.close());

/** Time passes (or a person acts): the replica has every write so far. */
const catchUp = () => cloud.replica!.catchUp();

const trigger = (fn: string) => triggerTimer(cloud, fn);
const ageHolds = (productId: string, ms: number) => ageHeld(cloud, productId, ms);
const state = (openid: string, productId: string) => orderState(cloud, openid, productId);

it('the fault is on: a write is not read back until the replica catches up', async () => {
  await cloud.db.collection('products').insert({ _id: 'lag_probe', name: '探针', categoryId: 'tea', categoryName: '茶叶', priceFen: 1, stock: 1 });
  const list = async () => (await cloud.runtime.invokeDetailed('shop', { action: 'listProducts' }, { openid: 'lag_reader', source: 'wx_client' })).result as { data?: { products?: Array<{ _id: string }> } };
  expect(JSON.stringify(await list())).not.toContain('lag_probe');
  catchUp();
  expect(JSON.stringify(await list())).toContain('lag_probe');
});

// The checkout's calls all read (shop its ids, rebuild the holds, retention the fences). The two
// shop calls that read right after other calls' writes (the retry at once after the repair pass,
// the last one after retention's) on every pair of releases, the others on the other release,
// rebuild alternating, in the README's order: retention stays on the previous release while shop
// rolls (the other order's second order needs the last retry to miss the fence retention just
// removed, which only a fresh read does: rollout-flows pins it).
describe('checkout retries during a shop rollout with lagging reads, shop before retention (the README order)', () => {
  beforeAll(() => cloud.runtime.startRollout('retention', { release: RELEASE, routing: PREVIOUS_ONLY }));

  it.each(assignments(2))('the retry at once on %s, the last retry on %s', async (a, b) => {
    const releases = [b, a, a, b];
    const run = `${a[0]}${b[0]}`;
    const openid = `lcust_${run}`;
    const productId = `ltea_${run}`;
    const orderKey = `lkey_${run}`;
    const ids = [0, 1].map((g) => keyedOrderId(openid, orderKey, g));
    await cloud.db.collection('products').insert({ _id: productId, name: '有机高山绿茶 250g', categoryId: 'tea', categoryName: '茶叶', priceFen: 5800, stock: 3 });
    catchUp(); // the catalog was there long before
    await cloud.runtime.startRollout('shop', { release: RELEASE, routing: { mode: 'sequence', releases } });
    const checkout = async () => (await cloud.runtime.invokeDetailed('shop', { action: 'createOrder', orderKey, items: [{ productId, quantity: 1 }] }, { openid, source: 'wx_client' })).result as Reply;

    late.arm('orders', 'serverTimeout');
    expect(await checkout()).toMatchObject({ ok: false, error: { code: 'OUTCOME_UNKNOWN' } });

    // The grace period passes; the repair pass fences the id, the late insert is refused.
    ageHolds(productId, 10 * 60_000);
    catchUp();
    expect(((await trigger('rebuild')).result as { ok: boolean }).ok).toBe(true);
    expect(cloud.db.collection('orders').get(ids[0])).toMatchObject({ fencedAt: expect.any(Number) });
    await late.commit();

    // The app retries at once: its read shows neither the fence nor the units given back, so it
    // tries the fenced id, is refused, and gives back what it took: 这个订单正在提交, nothing held.
    expect(await checkout()).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '这个订单正在提交' } });
    expect(state(openid, productId)).toMatchObject({ orders: [], stock: 3, held: 0, holds: 0 });
    // A moment later the read shows the fence: the order goes under the checkout's next id.
    catchUp();
    const second = await checkout();
    expect(second).toMatchObject({ ok: true, data: { _id: ids[1] } });

    // A week later retention's pass, then the app's last retry right after it.
    cloud.db.collection('orders').update({ _id: ids[0] }, { $set: { fencedAt: Date.now() - 8 * DAY_MS } });
    catchUp();
    expect((await trigger('retention')).release).toBe('previous');
    const third = await checkout();
    expect(third).toMatchObject({ ok: true, data: { _id: ids[1] } });

    const s = state(openid, productId);
    expect(s.orders.map((o) => o._id)).toEqual([ids[1]]);
    expect({ stock: s.stock, held: s.held, holds: s.holds }).toEqual({ stock: 2, held: 0, holds: 0 });
  });
});

const everyone = { name: '全部消费者', include: { op: 'and', items: ['monetary_90d', 'recency_days', 'frequency_90d', 'sentiment_mean'].map((field) => ({ kind: 'range', field, min: 0 })) } };
const admin = async (event: unknown) => (await cloud.runtime.invokeDetailed('admin', event, { openid: STAFF, source: 'wx_client' })).result as AdminReply;
const status = async (url: string) => (await fetch(url)).status;
const ruleDoc = (id: string) => cloud.db.collection('rule_segments').get(id) ?? {};
function ageExport(id: string, fileID: string): void {
  const [exportId] = exportNames(ruleDoc(id)).find(([, n]) => n.fileID === fileID)!;
  cloud.db.collection('rule_segments').update({ _id: id }, { $set: { [`exportFiles.${exportId}.at`]: Date.now() - 2 * 3_600_000 } });
}
/** Staff save a rule and, a moment later, export it. */
async function savedRule(): Promise<string> {
  const rule = await admin({ action: 'ruleSegmentSave', rule: everyone });
  expect(rule.error).toBeUndefined();
  catchUp();
  return rule.data._id;
}

describe('rule-segment exports and erasures with lagging reads', () => {
  beforeAll(async () => {
    await seedShop(cloud, makeCustomers(3000, 'lexp').map((c) => ({ ...c, grants: 0, consent: 'granted' as const })));
    catchUp();
  });

  // Retention's pass right after a fresh export (whose name its read does not show yet) and an
  // hour after an earlier one: the old file goes, the fresh one stays.
  it.each([['previous', 'current'], ['current', 'previous']] as const)('exports on %s, retention on %s', async (a, retention) => {
    await cloud.runtime.startRollout('admin', { release: RELEASE, routing: { mode: 'sequence', releases: [a, a] } });
    await cloud.runtime.startRollout('retention', { release: RELEASE, routing: { mode: 'sequence', releases: [retention] } });
    const id = await savedRule();
    const old = (await admin({ action: 'ruleSegmentCsv', id })).data.file as { fileID: string; url: string; bytes: number };
    ageExport(id, old.fileID);
    catchUp();
    const fresh = (await admin({ action: 'ruleSegmentCsv', id })).data.file as { fileID: string; url: string };
    expect((await trigger('retention')).release).toBe(retention);
    // Gone from storage (its old link may serve it until it expires: the CDN's bound); the fresh
    // one stays, and its link works.
    expect(await isStored(cloud, old.fileID)).toBe(false);
    await expectOldLinkWithinBound(old.url, old.bytes);
    expect(await isStored(cloud, fresh.fileID)).toBe(true);
    expect(await status(fresh.url)).toBe(200);
    expect(namedFileIds(ruleDoc(id))).toEqual([fresh.fileID]);
  });

  // A customer erased right after staff exported: the erasure's read of the rules does not show
  // the export's name yet, so the file with their masked id stays until retention's pass an hour
  // after the export, whichever privacy erases (the README's per-export-files bullet, under lag).
  it.each(['current', 'previous'] as const)('an erasure right after an export, privacy on the %s release', async (release) => {
    for (const fn of ['admin', 'retention']) await cloud.runtime.endRollout(fn);
    await cloud.runtime.startRollout('privacy', { release: 'before-export-files', routing: { mode: 'sequence', releases: [release] } });
    const id = await savedRule();
    const file = (await admin({ action: 'ruleSegmentCsv', id })).data.file as { fileID: string; url: string; bytes: number };
    expect(await status(file.url)).toBe(200);
    const erased = await cloud.runtime.invokeDetailed('privacy', { action: 'deleteMyData' }, { openid: `lexp0000${release === 'current' ? 2 : 3}`, source: 'wx_client' });
    expect(erased).toMatchObject({ release, result: { ok: true } });
    // The bound: still stored (asked by a new link: the old one would serve a deleted file too).
    expect(await isStored(cloud, file.fileID)).toBe(true);
    ageExport(id, file.fileID);
    catchUp();
    await trigger('retention');
    expect(await isStored(cloud, file.fileID)).toBe(false);
    await expectOldLinkWithinBound(file.url, file.bytes);
    expect(namedFileIds(ruleDoc(id))).toEqual([]);
  });
});

describe("WeChat's subscribe pushes retried across a wxpush rollout, with lagging reads", () => {

  it.each([['previous', 'current'], ['current', 'previous']] as const)('a push first on %s, its retry on %s: applied once, in sequence and at once', async (a, b) => {
    const openid = `lpush_${a[0]}${b[0]}`;
    await expectPushesAppliedOnce(cloud, RELEASE, openid, TPL, a, b);
  });

  const itUnlessSome = arrayNeqMode() === 'some' ? it.skip : it;
  itUnlessSome.each(assignments(2))('from the release before the pushed map: a popup accept first on %s, its retry on %s', async (a, b) => {
    const openid = `llegacy_${a[0]}${b[0]}`;
    await cloud.runtime.startRollout('wxpush', { release: 'before-pushed-map', routing: { mode: 'sequence', releases: [a, b] } });
    const ev = cloud.push.event(openid, 'subscribe_msg_popup_event', [{ TemplateId: TPL, SubscribeStatusString: 'accept' }]);
    const push = () => cloud.runtime.invokeDetailed('wxpush', ev, { openid, source: MSG_PUSH_SOURCE });
    const [first, retry] = [await push(), await push()];
    expect(first).toMatchObject({ result: 'success', release: a });
    if (b === 'previous') {
      // That release reads its own grant back after its insert is refused as a duplicate and, not
      // finding it on a lagging read, fails the push; WeChat pushes it again, after the lag here.
      expect(retry).toMatchObject({ result: { ok: false, error: { code: 'INTERNAL' } }, release: 'previous' });
      catchUp();
      await cloud.runtime.startRollout('wxpush', { release: 'before-pushed-map', routing: { mode: 'sequence', releases: ['previous'] } });
      expect(await push()).toMatchObject({ result: 'success', release: 'previous' });
    } else expect(retry).toMatchObject({ result: 'success', release: b });
    // The bound as with fresh reads (rollout-flows): applied again by that release under `whole`.
    const accepted = b === 'previous' && arrayNeqMode() === 'whole' ? 2 : 1;
    expect(cloud.db.collection('grants').get(grantId(openid, TPL))).toMatchObject({ accepted, available: accepted });
  });
});
