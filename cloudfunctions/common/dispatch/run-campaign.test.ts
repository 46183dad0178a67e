import type { Campaign } from '../campaign/campaign-schema';
import { isHeldOut } from '../campaign/holdout';
import { priceDropCampaign } from '../campaign/testing/price-drop-campaign';
import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import type { Db } from '../db/wx-db';
import { grantId } from './grants-ledger';
import { acquireLease, type Lease } from './lease';
import { Pacer } from './pacer';
import { runCampaignPass, type PassOptions } from './run-campaign';
import type { Sender, SubscribeMessage } from './send-one';
import { wechatSend } from './testing/wechat-send';

const TPL = 'tpl_price_drop';
const N = 30;
const uid = (i: number): string => `u${String(i).padStart(3, '0')}`;

function campaign(over: Partial<Campaign> = {}): Campaign {
  return priceDropCampaign({ _id: 'c1', name: '降价提醒', holdoutPct: 0, status: 'running', ...over }) as unknown as Campaign;
}

/**
 * N customers: segment 1 + i % 3 (segment 3 is outside the audience), consent missing for every
 * 7th, no grant for every 5th. Answers the openids the campaign may reach.
 */
async function seed(db: Db, n = N): Promise<Set<string>> {
  await db.insert(COLLECTIONS.products, [{ _id: 'p1', name: '有机高山绿茶', priceFen: 5800 }]);
  const eligible = new Set<string>();
  for (let i = 0; i < n; i++) {
    const openid = uid(i);
    await db.insert(COLLECTIONS.profiles, [{ _id: openid, openid, rev: 1, d: {}, segment: 1 + (i % 3) }]);
    if (i % 7 !== 0)
      await db.insert(COLLECTIONS.consents, [
        { _id: openid, granted: true, grantedAt: 1, personalization: true },
      ]);
    if (i % 5 !== 0)
      await db.insert(COLLECTIONS.grants, [
        { _id: grantId(openid, TPL), openid, templateId: TPL, available: 1, accepted: 1, consumed: 0 },
      ]);
    if (i % 3 !== 2 && i % 7 !== 0 && i % 5 !== 0) eligible.add(openid);
  }
  return eligible;
}

async function setup(c = campaign(), o: { customers?: number; pageCap?: number } = {}) {
  const { db, tables } = memoryDb({ pageCap: o.pageCap });
  const eligible = await seed(db, o.customers);
  const sent: SubscribeMessage[] = [];
  const send: Sender = wechatSend(async (m) => void sent.push(m));
  const lease = (await acquireLease(db, 'run1', 60_000)) as Lease;
  const opts: PassOptions = {
    pageSize: 4,
    deadline: Date.now() + 60_000,
    retry: { maxAttempts: 2, baseDelayMs: 0 },
    concurrency: 2,
    miniprogramState: 'formal',
  };
  const pass = () => runCampaignPass(db, send, c, lease, new Pacer(100_000), opts);
  const cursor = () => (tables.get(COLLECTIONS.jobs)?.get('dispatch:c1') as { cursor: string }).cursor;
  return { db, tables, eligible, sent, send, lease, opts, pass, cursor };
}

it('sends exactly once to every eligible customer, page by page, with rendered data and the campaign page', async () => {
  const s = await setup();
  const r = await s.pass();
  expect(r).toMatchObject({ campaignId: 'c1', finished: true, lostLease: false });
  expect(new Set(s.sent.map((m) => m.touser))).toEqual(s.eligible);
  expect(s.sent).toHaveLength(s.eligible.size);
  expect(s.sent[0]).toMatchObject({
    templateId: TPL,
    page: 'pages/product/index?id=p1&campaignId=c1',
    data: { thing1: { value: '有机高山绿茶' }, amount2: { value: '¥58.00' } },
  });
  expect(r.counts.sent).toBe(s.eligible.size);
  // Segment 3 never leaves the database (the audience query); the rest skip for the first reason.
  const inAudience = Array.from({ length: N }, (_, i) => i).filter((i) => i % 3 !== 2);
  expect(r.counts.skip_no_consent).toBe(inAudience.filter((i) => i % 7 === 0).length);
  expect(r.counts.skip_no_grant).toBe(inAudience.filter((i) => i % 7 !== 0 && i % 5 === 0).length);
  expect(r.counts.skip_not_in_segment).toBeUndefined();
  expect(s.cursor()).toBe(''); // finished: the next pass starts over
  // A second pass finds every eligible customer decided: nothing more is sent.
  expect((await s.pass()).counts.sent ?? 0).toBe(0);
  expect(s.sent).toHaveLength(s.eligible.size);
});

it('a cloud that answers 100 documents to a page of 200 still reaches every customer in one pass', async () => {
  const s = await setup(campaign(), { customers: 260, pageCap: 100 });
  s.opts.pageSize = 200;
  const r = await s.pass();
  expect(r).toMatchObject({ finished: true });
  expect(new Set(s.sent.map((m) => m.touser))).toEqual(s.eligible);
  expect(s.eligible.size).toBeGreaterThan(100);
});

it('stops at the deadline and resumes at the cursor without resending', async () => {
  const s = await setup();
  let calls = 0;
  const first = await runCampaignPass(
    s.db,
    async (m) => {
      s.sent.push(m);
      if (++calls === 3) s.opts.deadline = 0; // time runs out mid-page
    },
    campaign(),
    s.lease,
    new Pacer(100_000),
    s.opts,
  );
  expect(first.finished).toBe(false);
  expect(s.sent.length).toBeGreaterThanOrEqual(3);
  expect(s.cursor()).not.toBe('');
  s.opts.deadline = Date.now() + 60_000;
  expect((await s.pass()).finished).toBe(true);
  expect(s.sent.map((m) => m.touser).sort()).toEqual([...s.eligible].sort());
});

it.each([
  // a release removed the page mid-pass: the campaign's fault
  [41030, 'invalid page hint', { fault: 'page_invalid' }, 'page_invalid'],
  // the merchant deleted the template on the 公众平台 mid-pass: the campaign's fault
  [40037, 'invalid template_id', { fault: 'template_invalid' }, 'template_invalid'],
  // WeChat banned the app's subscribe messages mid-pass: the whole run stops
  [43107, 'subscribe message capability banned', { banned: true }, 'banned'],
] as const)('stops at WeChat refusing beyond one customer (%i) with nobody failed, and sends each eligible customer once after it is fixed or lifted', async (code, msg, stop, outcome) => {
  const s = await setup();
  let refuse = false;
  const refusedTo: string[] = [];
  const send: Sender = wechatSend(async (m) => {
    if (refuse) {
      refusedTo.push(m.touser);
      throw Object.assign(new Error(msg), { errCode: code });
    }
    s.sent.push(m);
    if (s.sent.length === 5) refuse = true; // both workers meet it
  });
  const r = await runCampaignPass(s.db, send, campaign(), s.lease, new Pacer(100_000), s.opts);
  expect(r).toMatchObject({ finished: false, lostLease: false, ...stop });
  expect('banned' in stop ? r.fault : r.banned).toBeUndefined();
  expect(r.quota).toBeUndefined();
  // Stopped at once: at most the customers already in flight (concurrency 2) were refused.
  expect(refusedTo.length).toBeGreaterThanOrEqual(1);
  expect(refusedTo.length).toBeLessThanOrEqual(s.opts.concurrency);
  expect(r.counts[outcome]).toBe(refusedTo.length);
  expect(r.counts.failed).toBeUndefined();
  const outbox = [...(s.tables.get(COLLECTIONS.outbox)?.values() ?? [])] as Array<{ openid: string; status: string }>;
  // No entry for the refused (re-sendable), none failed.
  expect(outbox.filter((d) => refusedTo.includes(d.openid))).toEqual([]);
  expect(outbox.filter((d) => d.status === 'failed')).toEqual([]);
  for (const openid of refusedTo)
    expect(s.tables.get(COLLECTIONS.grants)?.get(grantId(openid, TPL))).toMatchObject({ available: 1, consumed: 0 });
  // Fixed (or lifted): the next pass resumes and every eligible customer has exactly one notice.
  refuse = false;
  const fixed = await runCampaignPass(s.db, wechatSend(async (m) => void s.sent.push(m)), campaign(), s.lease, new Pacer(100_000), s.opts);
  expect(fixed.finished).toBe(true);
  expect(s.sent.map((m) => m.touser).sort()).toEqual([...s.eligible].sort());
});

it('stops without sending when another dispatcher holds the lease', async () => {
  const s = await setup();
  await s.db.updateById(COLLECTIONS.jobs, 'dispatch-lease', { owner: 'run2' });
  const r = await s.pass();
  expect(r).toMatchObject({ finished: false, lostLease: true });
  expect(s.sent).toHaveLength(0);
});

it('claims the holdout group without sending to it', async () => {
  const c = campaign({ holdoutPct: 50 });
  const s = await setup(c);
  const r = await s.pass();
  const held = [...s.eligible].filter((o) => isHeldOut('c1', o, 50));
  expect(held.length).toBeGreaterThan(0);
  expect(r.counts.holdout).toBe(held.length);
  expect(s.sent.map((m) => m.touser).sort()).toEqual([...s.eligible].filter((o) => !held.includes(o)).sort());
  const outbox = [...s.tables.get(COLLECTIONS.outbox)!.values()];
  expect(
    outbox
      .filter((d) => d.group === 'holdout')
      .map((d) => d.openid)
      .sort(),
  ).toEqual(held.sort());
});

it('an opt-out or a withdrawal that lands after the page was read is honoured at the send, its grant given back', async () => {
  const s = await setup();
  const [optsOut, withdraws] = [...s.eligible].sort();
  // Both change their mind right after the pass read their page's consents, before the sends.
  const racing = Object.create(s.db) as Db;
  racing.findByIds = async (coll, ids) => {
    const found = await s.db.findByIds(coll, ids);
    if (coll === COLLECTIONS.consents && ids.includes(optsOut)) {
      await s.db.updateById(COLLECTIONS.consents, optsOut, { personalization: false });
      await s.db.updateById(COLLECTIONS.consents, withdraws, { granted: false, withdrawnAt: Date.now() });
    }
    return found;
  };
  const r = await runCampaignPass(racing, s.send, campaign(), s.lease, new Pacer(100_000), s.opts);
  expect(r.finished).toBe(true);
  const to = s.sent.map((m) => m.touser);
  expect(to).not.toContain(optsOut);
  expect(to).not.toContain(withdraws);
  expect(to.sort()).toEqual([...s.eligible].filter((o) => o !== optsOut && o !== withdraws).sort()); // one each
  expect(r.counts.skip_personalization_off).toBe(1);
  const outbox = s.tables.get(COLLECTIONS.outbox)!;
  expect(outbox.get(`c1:${optsOut}`)).toMatchObject({ status: 'opted_out', reason: 'personalization_off' });
  expect(outbox.get(`c1:${withdraws}`)).toMatchObject({ status: 'opted_out', reason: 'no_consent' });
  // Nothing went to WeChat for them, so their one-time grants are theirs again.
  for (const o of [optsOut, withdraws])
    expect(s.tables.get(COLLECTIONS.grants)!.get(grantId(o, TPL))).toMatchObject({ available: 1, consumed: 0 });
});
