/**
 * While WeChat answers 43107 the dispatcher backs off per template (1, 2, 4 … minutes, at most an
 * hour), tries at once when staff ask (立即重试) or another banned template goes through, and
 * starts again at the first step after a send; staff can pause a campaign while it waits, and a
 * paused campaign sends nothing after the lift until it is resumed, then once to each not yet sent.
 */
import { priceDropCampaign } from '../campaign/testing/price-drop-campaign';
import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import { dispatchCampaign } from '../admin/campaigns';
import { pauseCampaign } from '../admin/campaign-pause';
import { grantId } from './grants-ledger';
import { DEFAULT_DISPATCH, runDispatch } from './run-dispatch';
import type { SubscribeMessage } from './send-one';
import { readTemplateFaults, requestBanRetry } from './template-faults';
import { wechatSend } from './testing/wechat-send';

const TPL = 'tpl_price_drop';
const OTHER = 'tpl_back_in_stock';
const PEOPLE = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
const MIN = 60_000;
const opts = { ...DEFAULT_DISPATCH, concurrency: 1, pageSize: 2, retry: { maxAttempts: 2, baseDelayMs: 0 } };

// The dispatcher's clock: real time moved on by whole ticks (the pacer and the lease still run).
const realNow = Date.now;
let offset = 0;
beforeEach(() => {
  offset = 0;
  jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
});
afterEach(() => jest.restoreAllMocks());

async function setup(campaigns: Array<{ id: string; templateId?: string }>, staleReadMs = 0) {
  const { db, tables, replica } = memoryDb({ staleReadMs });
  await db.insert(COLLECTIONS.products, [{ _id: 'p1', name: '有机高山绿茶', priceFen: 5800 }]);
  for (const openid of PEOPLE) {
    await db.insert(COLLECTIONS.profiles, [{ _id: openid, openid, rev: 1, d: {}, segment: 1 }]);
    await db.insert(COLLECTIONS.consents, [{ _id: openid, granted: true, grantedAt: 1, personalization: true }]);
    for (const t of [TPL, OTHER])
      await db.insert(COLLECTIONS.grants, [{ _id: grantId(openid, t), openid, templateId: t, available: 2, accepted: 2, consumed: 0 }]);
  }
  for (const c of campaigns)
    await db.insert(COLLECTIONS.campaigns, [
      { _id: c.id, ...priceDropCampaign({ holdoutPct: 0, quietHours: null }), templateId: c.templateId ?? TPL, name: c.id, status: 'scheduled', nextRunAt: 1, revision: 1, createdAt: 1, updatedAt: 1 },
    ]);
  // Reads that lag (staleReadMs) start from the world as set up.
  replica?.catchUp();
  return { db, tables };
}

/** WeChat: refuses the templates in `banned` with 43107, takes the rest. */
function wechat() {
  const banned = new Set<string>();
  const refused: Array<SubscribeMessage & { at: number }> = [];
  const sent: SubscribeMessage[] = [];
  const send = wechatSend(async (m) => {
    if (banned.has(m.templateId)) {
      refused.push({ ...m, at: offset });
      throw Object.assign(new Error('subscribe message capability banned'), { errCode: 43107 });
    }
    sent.push(m);
  });
  return { banned, refused, sent, send };
}

const to = (sent: SubscribeMessage[], id: string) => sent.filter((m) => m.page.endsWith(`campaignId=${id}`)).map((m) => m.touser).sort();

it('backs off 1, 2, 4 … minutes up to an hour, tries at the next tick after 立即重试, and starts over after a send', async () => {
  const { db } = await setup([{ id: 'c1' }]);
  const wx = wechat();
  wx.banned.add(TPL);
  // Two hours of timer ticks under the ban.
  for (let m = 0; m < 130; m++) {
    offset = m * MIN;
    await runDispatch(db, wx.send, `run-${m}`, opts);
  }
  // 9 refused calls in 130 minutes, not 130: at 0, 1, 3, 7, 15, 31, 63 and then hourly.
  expect(wx.refused.map((r) => r.at / MIN)).toEqual([0, 1, 3, 7, 15, 31, 63, 123]);
  const f = (await readTemplateFaults(db)).banned[0];
  expect(f).toMatchObject({ refusals: 8 });
  expect(f.nextTryAt).toBeGreaterThanOrEqual(realNow() + 183 * MIN - 5_000);

  // Staff ask to try again: the next tick tries (and, still refused, waits the capped step).
  offset = 130 * MIN;
  await requestBanRetry(db, 'staff_1');
  await runDispatch(db, wx.send, 'run-retry', opts);
  expect(wx.refused).toHaveLength(9);
  expect((await readTemplateFaults(db)).retries).toEqual([{ by: 'staff_1', at: expect.any(Number) }]);
  offset = 131 * MIN;
  await runDispatch(db, wx.send, 'run-after-retry', opts);
  expect(wx.refused).toHaveLength(9);

  // Lifted: the try due an hour on sends everyone once; the back-off is gone.
  wx.banned.clear();
  offset = 190 * MIN;
  await runDispatch(db, wx.send, 'run-lifted', opts);
  expect(to(wx.sent, 'c1')).toEqual(PEOPLE);
  expect((await readTemplateFaults(db)).banned).toEqual([]);

  // Banned again later (another campaign): the back-off starts over at its first step.
  await db.insert(COLLECTIONS.campaigns, [{ _id: 'c3', ...priceDropCampaign({ holdoutPct: 0, quietHours: null }), name: 'c3', status: 'scheduled', nextRunAt: 1, revision: 1 }]);
  wx.banned.add(TPL);
  for (const m of [200, 201, 202]) {
    offset = m * MIN;
    await runDispatch(db, wx.send, `run-again-${m}`, opts);
  }
  expect(wx.refused.slice(9).map((r) => r.at / MIN)).toEqual([200, 201]);
});

it('a template-only ban backs off that template while the others send every tick, and keeps the evidence', async () => {
  const { db } = await setup([{ id: 'c1' }, { id: 'c2', templateId: OTHER }]);
  const wx = wechat();
  wx.banned.add(TPL);
  await runDispatch(db, wx.send, 'run-0', opts);
  // c1 (TPL) was tried first (no ban known) and stopped the run; c2 had not started.
  expect(wx.refused).toHaveLength(1);
  offset = 30_000;
  await runDispatch(db, wx.send, 'run-1', opts);
  // TPL is not due for a minute: not asked; c2 sends.
  expect(wx.refused).toHaveLength(1);
  expect(to(wx.sent, 'c2')).toEqual(PEOPLE);
  const f = await readTemplateFaults(db);
  expect(f.banned.map((b) => b.templateId)).toEqual([TPL]);
  expect(f.lastSent).toEqual({ templateId: OTHER, at: expect.any(Number) });
  expect(f.lastSent!.at).toBeGreaterThan(f.banned[0].since);
});

it('a send through one banned template makes the others due at once (an app-wide ban lifted for all)', async () => {
  const { db } = await setup([{ id: 'c1' }, { id: 'c2', templateId: OTHER }]);
  const wx = wechat();
  wx.banned.add(TPL).add(OTHER);
  for (let m = 0; m < 12; m++) {
    offset = m * MIN;
    await runDispatch(db, wx.send, `run-${m}`, opts);
  }
  const before = await readTemplateFaults(db);
  expect(before.banned.map((b) => b.templateId).sort()).toEqual([OTHER, TPL]);
  // The ban ends; the next tick that tries one of them sends both campaigns in the same run.
  wx.banned.clear();
  const due = Math.min(...before.banned.map((b) => b.nextTryAt!)) - realNow();
  offset = Math.ceil(due / MIN) * MIN;
  await runDispatch(db, wx.send, 'run-lifted', opts);
  expect(to(wx.sent, 'c1')).toEqual(PEOPLE);
  expect(to(wx.sent, 'c2')).toEqual(PEOPLE);
  expect((await readTemplateFaults(db)).banned).toEqual([]);
});

it('staff pause a campaign waiting out a ban: nothing goes out after the lift until 继续发送, then once to each not yet sent', async () => {
  const { db, tables } = await setup([{ id: 'c1' }]);
  const wx = wechat();
  // The first page goes out, then the ban begins mid-pass.
  let n = 0;
  const send = wechatSend(async (m) => {
    if (++n === 3) wx.banned.add(TPL);
    return wx.send(m);
  });
  await runDispatch(db, send, 'run-0', opts);
  expect(to(wx.sent, 'c1')).toEqual(['u1', 'u2']);
  expect(tables.get(COLLECTIONS.campaigns)?.get('c1')).toMatchObject({ status: 'running', deferredReason: 'subscribe_banned' });

  const paused = await pauseCampaign(db, 'staff_1', 'c1', realNow());
  expect(paused).toMatchObject({ status: 'paused', pausedBy: 'staff_1', pausedFrom: 'running', deferredReason: null, nextRunAt: null });
  expect(paused.staffActions).toEqual([{ action: 'pause', by: 'staff_1', at: expect.any(Number) }]);
  wx.banned.clear();
  for (let m = 1; m < 6; m++) {
    offset = m * MIN;
    await runDispatch(db, send, `run-${m}`, opts);
  }
  expect(wx.sent).toHaveLength(2);

  // 继续发送: the rest, once each, at once (it was mid-pass).
  const started: string[] = [];
  await dispatchCampaign(db, 'c1', async (id) => void started.push(id), realNow() + offset, 'staff_1');
  expect(started).toEqual(['c1']);
  await runDispatch(db, send, 'run-resumed', opts);
  expect(to(wx.sent, 'c1')).toEqual(PEOPLE);
  const c = tables.get(COLLECTIONS.campaigns)?.get('c1');
  expect(c).toMatchObject({ status: 'done', pausedBy: null, pausedFrom: null });
  expect((c?.staffActions as Array<{ action: string }>).map((a) => a.action)).toEqual(['pause', 'resume']);
});

it('a pause that lands mid-pass stops it at the next page and is not written over', async () => {
  const { db, tables } = await setup([{ id: 'c1' }]);
  const wx = wechat();
  let n = 0;
  const send = wechatSend(async (m) => {
    if (++n === 1) await pauseCampaign(db, 'staff_1', 'c1', realNow());
    return wx.send(m);
  });
  const r = await runDispatch(db, send, 'run-0', opts);
  // The page under way (2 customers) finishes; the next page is not started.
  expect(to(wx.sent, 'c1')).toEqual(['u1', 'u2']);
  expect(r.passes[0]).toMatchObject({ notRunning: true, finished: false });
  expect(tables.get(COLLECTIONS.campaigns)?.get('c1')).toMatchObject({ status: 'paused', pausedBy: 'staff_1' });
});

it.each([
  ['runs to the end without one', 0, PEOPLE],
  ['stops at the next page after one', 1, ['u1', 'u2']],
])('reads that lag the writes by 10 minutes: a pass %s (running is asked of the primary)', async (_name, pauseAtSend, sent) => {
  const { db, tables } = await setup([{ id: 'c1' }], 600_000);
  const wx = wechat();
  let n = 0;
  // A pause that landed (pauseCampaign's own write), not yet seen by the lagging reads.
  const send = wechatSend(async (m) => {
    if (++n === pauseAtSend) await db.updateWhere(COLLECTIONS.campaigns, { _id: 'c1', status: 'running' }, { status: 'paused', pausedBy: 'staff_1', pausedFrom: 'running' });
    return wx.send(m);
  });
  await runDispatch(db, send, 'run-0', opts);
  expect(to(wx.sent, 'c1')).toEqual(sent);
  expect(tables.get(COLLECTIONS.campaigns)?.get('c1')).toMatchObject({ status: pauseAtSend ? 'paused' : 'done' });
});

it('refuses to pause a draft, a finished or an already paused campaign', async () => {
  const { db } = await setup([{ id: 'c1' }]);
  await db.updateById(COLLECTIONS.campaigns, 'c1', { status: 'done' });
  await expect(pauseCampaign(db, 's', 'c1')).rejects.toMatchObject({ code: 'CONFLICT' });
  await db.updateById(COLLECTIONS.campaigns, 'c1', { status: 'draft' });
  await expect(pauseCampaign(db, 's', 'c1')).rejects.toMatchObject({ code: 'CONFLICT' });
  await db.updateById(COLLECTIONS.campaigns, 'c1', { status: 'scheduled' });
  await pauseCampaign(db, 's', 'c1');
  await expect(pauseCampaign(db, 's', 'c1')).rejects.toMatchObject({ code: 'CONFLICT', message: '活动已暂停' });
  await expect(pauseCampaign(db, 's', 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
});
