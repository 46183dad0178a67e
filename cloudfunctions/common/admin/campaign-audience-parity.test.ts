/**
 * The editor's 预计可发送 and the send count the same target (session 23 left them apart): the
 * editor's drop from 所选分群 to 已同意数据收集且未关闭个性化推送 is the customers the send skips
 * for consent or the opt-out. With a rule segment among the targets the send pages the whole shop,
 * and it counted every opted-out customer of the shop there (「关闭了个性化推送跳过 N 人」 for the
 * shop while the editor counted the target's). Neither evaluates a rule on an opted-out customer.
 */
import type { Campaign } from '../campaign/campaign-schema';
import { priceDropCampaign } from '../campaign/testing/price-drop-campaign';
import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import { grantId } from '../dispatch/grants-ledger';
import { acquireLease, type Lease } from '../dispatch/lease';
import { Pacer } from '../dispatch/pacer';
import { runCampaignPass } from '../dispatch/run-campaign';
import { wechatSend } from '../dispatch/testing/wechat-send';
import { campaignAudience } from './campaign-audience';

const TPL = 'tpl_price_drop';
const RULE = 'rule_recent1';
const uid = (i: number): string => `u${String(i).padStart(3, '0')}`;

/** 60 customers in segments 1–4 (i % 4); every 5th turned personalised pushes off, every 9th never agreed. */
async function shop() {
  const { db } = memoryDb();
  await db.insert(COLLECTIONS.products, [{ _id: 'p1', name: '有机高山绿茶', priceFen: 5800 }]);
  for (let i = 0; i < 60; i++) {
    const openid = uid(i);
    await db.insert(COLLECTIONS.profiles, [{ _id: openid, openid, rev: 1, d: {}, segment: 1 + (i % 4), segmentName: `分群${1 + (i % 4)}` }]);
    if (i % 9 !== 0) await db.insert(COLLECTIONS.consents, [{ _id: openid, openid, version: 1, granted: true, grantedAt: 1, personalization: i % 5 !== 0, updatedAt: 1 }]);
    await db.insert(COLLECTIONS.grants, [{ _id: grantId(openid, TPL), openid, templateId: TPL, available: 1, accepted: 1, consumed: 0, blocked: false }]);
  }
  // A rule segment: the customers in model segment 3 (its condition reads the profile).
  await db.insert(COLLECTIONS.ruleSegments, [{ _id: RULE, name: '第三群', version: 1, include: { op: 'and', items: [{ kind: 'segment', in: ['3'] }] }, createdBy: 's', createdAt: 1, updatedAt: 1, updatedBy: 's' }]);
  return db;
}

// Drops: segment 1 (i = 0, 4, …, 56) holds 2 who never agreed (0, 36) and 2 who turned pushes off
// (20, 40); the shop 7 who never agreed and 10 more who turned pushes off; a rule holds neither.
it.each([
  ['a model segment', [1], 4],
  ['a model segment and a rule segment', [1, `rule:${RULE}`], 4],
  ['a rule segment only', [`rule:${RULE}`], 0],
  ['no target (everyone, not personalised: the opted-out receive it)', [], 7],
  // a filter makes it personalised: the editor is told one is set (it counted the 10 as reachable)
  ['no target and a filter (everyone, personalised)', [], 17, true],
])('with %s, the send skips for consent exactly the editor\'s drop', async (_what, segments, drop, filtered = false) => {
  const db = await shop();
  // a filter every customer passes (none has reviews): what differs is only that it personalises
  const filters = filtered ? { sentiment: { min: 0 } } : {};
  const est = await campaignAudience(db, segments as Array<number | string>, TPL, filtered as boolean);
  const c = priceDropCampaign({ _id: 'c1', name: '降价提醒', holdoutPct: 0, status: 'running', segments, filters }) as unknown as Campaign;
  const lease = (await acquireLease(db, 'run1', 60_000)) as Lease;
  const r = await runCampaignPass(db, wechatSend(async () => {}), c, lease, new Pacer(100_000), {
    pageSize: 7, deadline: Date.now() + 60_000, retry: { maxAttempts: 1, baseDelayMs: 0 }, concurrency: 1, miniprogramState: 'formal',
  });
  expect(r.finished).toBe(true);
  const consentSkips = (r.counts.skip_no_consent ?? 0) + (r.counts.skip_personalization_off ?? 0);
  expect({ consentSkips, sent: r.counts.sent ?? 0 }).toEqual({ consentSkips: est.targeted - est.reachable, sent: filtered ? r.counts.sent ?? 0 : est.subscribed });
  expect(est.targeted - est.reachable).toBe(drop);
});
