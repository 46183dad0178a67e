/**
 * A 43107 (subscribe messages banned) stops the whole dispatch run, not one customer or one
 * campaign, and is recorded for staff; the next run tries again and carries on once WeChat sends.
 */
import { priceDropCampaign } from '../campaign/testing/price-drop-campaign';
import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import { grantId } from './grants-ledger';
import { banLast, DEFAULT_DISPATCH, runDispatch } from './run-dispatch';
import type { Sender, SubscribeMessage } from './send-one';
import { readTemplateFaults } from './template-faults';
import { wechatSend } from './testing/wechat-send';

const TPL = 'tpl_price_drop';
const OTHER = 'tpl_back_in_stock';
const PEOPLE = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];

async function setup() {
  const { db, tables } = memoryDb();
  await db.insert(COLLECTIONS.products, [{ _id: 'p1', name: '有机高山绿茶', priceFen: 5800 }]);
  for (const openid of PEOPLE) {
    await db.insert(COLLECTIONS.profiles, [{ _id: openid, openid, rev: 1, d: {}, segment: 1 }]);
    await db.insert(COLLECTIONS.consents, [{ _id: openid, granted: true, grantedAt: 1, personalization: true }]);
    await db.insert(COLLECTIONS.grants, [{ _id: grantId(openid, TPL), openid, templateId: TPL, available: 2, accepted: 2, consumed: 0 }]);
  }
  // Two due campaigns of the same template (two grants each): a ban must stop both, not only the first.
  for (const id of ['c1', 'c2'])
    await db.insert(COLLECTIONS.campaigns, [{ _id: id, ...priceDropCampaign({ holdoutPct: 0 }), name: id, status: 'scheduled', nextRunAt: 1, revision: 1 }]);
  return { db, tables };
}

const opts = { ...DEFAULT_DISPATCH, concurrency: 1, retry: { maxAttempts: 2, baseDelayMs: 0 } };

it('stops the whole run at the first 43107, fails nobody, keeps grants, records the ban; the next run sends each customer once', async () => {
  const { db, tables } = await setup();
  let banned = true;
  const refused: SubscribeMessage[] = [];
  const sent: SubscribeMessage[] = [];
  const send: Sender = wechatSend(async (m) => {
    if (banned) {
      refused.push(m);
      throw Object.assign(new Error('subscribe message capability banned'), { errCode: 43107 });
    }
    sent.push(m);
  });
  const r = await runDispatch(db, send, 'run-1', opts);
  // One refused call for the whole run: c2 was never started.
  expect(refused).toHaveLength(1);
  expect(r).toMatchObject({ status: 'partial', banned: { campaignId: 'c1', templateId: TPL }, paused: [] });
  expect(r.passes.map((p) => p.campaignId)).toEqual(['c1']);
  expect([...(tables.get(COLLECTIONS.outbox)?.values() ?? [])]).toEqual([]);
  for (const openid of PEOPLE) expect(tables.get(COLLECTIONS.grants)?.get(grantId(openid, TPL))).toMatchObject({ available: 2, consumed: 0 });
  expect(tables.get(COLLECTIONS.campaigns)?.get('c1')).toMatchObject({ status: 'running', deferredReason: 'subscribe_banned' });
  const faults = await readTemplateFaults(db);
  expect(faults.banned).toEqual([{ templateId: TPL, since: expect.any(Number), lastSeenAt: expect.any(Number), campaignId: 'c1', refusals: 1, nextTryAt: expect.any(Number) }]);
  const since = faults.banned[0].since;

  // Still banned at the tick a minute later (the back-off's first step): one more refusal, the
  // first refusal's time kept.
  const realNow = Date.now;
  jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 61_000);
  await runDispatch(db, send, 'run-2', opts);
  expect(refused).toHaveLength(2);
  expect((await readTemplateFaults(db)).banned[0]).toMatchObject({ since });

  // Lifted: the next tick due (two minutes on: the second step) sends, and the run carries on.
  banned = false;
  jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 61_000 + 121_000);
  const lifted = await runDispatch(db, send, 'run-3', opts);
  expect(lifted.status).toBe('done');
  expect(lifted.banned).toBeUndefined();
  for (const id of ['c1', 'c2'])
    expect(sent.filter((m) => m.page.endsWith(`campaignId=${id}`)).map((m) => m.touser).sort()).toEqual(PEOPLE);
  expect(tables.get(COLLECTIONS.campaigns)?.get('c1')).toMatchObject({ status: 'done', deferredReason: null });
  expect(await readTemplateFaults(db)).toEqual({ banned: [], removed: [] });
  jest.restoreAllMocks();
});

it('tries the campaigns whose template met a ban last, the longest-refused first among them', () => {
  const due = [
    { _id: 'a', templateId: TPL },
    { _id: 'b', templateId: OTHER },
    { _id: 'c', templateId: 'tpl_x' },
    { _id: 'd', templateId: OTHER },
  ];
  const at = (templateId: string, lastSeenAt: number) => ({ templateId, since: 1, lastSeenAt, campaignId: 'z' });
  expect(banLast(due, []).map((c) => c._id)).toEqual(['a', 'b', 'c', 'd']);
  expect(banLast(due, [at(TPL, 50)]).map((c) => c._id)).toEqual(['b', 'c', 'd', 'a']);
  expect(banLast(due, [at(TPL, 50), at('tpl_x', 20)]).map((c) => c._id)).toEqual(['b', 'd', 'c', 'a']);
});
