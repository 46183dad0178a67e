/**
 * WeChat bans the app's subscribe messages (43107) mid-campaign, through the real wx-server-sdk
 * against the local cloud: the whole run stops at the first refusal, nobody is marked failed, every
 * grant stays (WeChat's and the ledger's), staff read the ban; while it lasts the tries back off
 * (1, 2, 4 … minutes; staff's 立即重试 makes the next tick try); a campaign staff pause sends
 * nothing after the lift until 继续发送; once lifted each customer due gets exactly one notice.
 */
import { campaignDoc, invariants, STAFF, TPL, type Fixture } from './dispatch-fixtures';
import { campaignFaultSuite } from './campaign-fault-suite';

jest.setTimeout(120_000);

const { fx: cloud, due, admin, answered } = campaignFaultSuite('ban');
let fx: Fixture;
beforeAll(() => void (fx = cloud()));

type RunReply = { data: { status: string; banned?: { campaignId: string; templateId: string }; paused: unknown[] } };
// The timer's way: every due campaign, not one named by staff.
const run = async (): Promise<RunReply> => (await fx.cloud.invokeFunction('dispatch', { action: 'run', concurrency: 1 }, {})) as RunReply;

it('stops the whole run at the first 43107 with nobody failed, shows staff the ban, and sends once after it is lifted', async () => {
  expect(due.length).toBeGreaterThan(3);
  // Two campaigns of the template, one for half the audience each way: a ban stops both.
  await fx.cloud.db.collection('campaigns').insert(campaignDoc('cbn1', { holdoutPct: 0 }));
  await fx.cloud.db.collection('campaigns').insert(campaignDoc('cbn2', { holdoutPct: 0, segments: [1] }));
  await fx.cloud.subscribe.banSubscribe();

  const r = await run();
  // One refusal for the whole run, not one per customer or per campaign.
  expect(answered(43107)).toHaveLength(1);
  expect(answered(0)).toHaveLength(0);
  expect(r.data).toMatchObject({ status: 'partial', banned: { campaignId: 'cbn1', templateId: TPL }, paused: [] });
  // Nobody is marked failed (the notice would be lost after the ban): no outbox entry at all.
  expect(fx.cloud.db.collection('outbox').count({})).toBe(0);
  for (const c of due) {
    expect(fx.cloud.subscribe.grant(c.openid, TPL)).toMatchObject({ available: c.grants });
    expect(fx.cloud.db.collection('grants').get(`${c.openid}:${TPL}`)).toMatchObject({ available: c.grants, consumed: 0 });
  }
  expect(fx.cloud.db.collection('campaigns').get('cbn1')).toMatchObject({ status: 'running', deferredReason: 'subscribe_banned' });
  expect(fx.cloud.db.collection('campaigns').get('cbn2')).toMatchObject({ status: 'scheduled' });
  // Staff read the ban (the campaigns page's banner) and the card says why nothing goes out.
  const faults = (await admin({ action: 'subscribeFaults' })).data;
  expect(faults.banned).toEqual([{ templateId: TPL, since: expect.any(Number), lastSeenAt: expect.any(Number), campaignId: 'cbn1', refusals: 1, nextTryAt: expect.any(Number) }]);
  // Nothing has sent since: the banner may say only that every template tried was refused, and
  // one campaign of the banned template besides the one tried waits.
  expect(faults.lastSent).toBeUndefined();
  expect(faults.waiting).toBe(2);
  const card = (await admin({ action: 'campaignList' })).data.find((c: { _id: string }) => c._id === 'cbn1');
  expect(card.timing.text).toContain('错误码 43107');
  expect(card.timing.text).not.toContain('本小程序的订阅消息能力');
  // The second campaign (same template, not started) waits for the template's next try, and says so.
  const second = (await admin({ action: 'campaignList' })).data.find((c: { _id: string }) => c._id === 'cbn2');
  expect(second.timing.state).toBe('deferred');
  expect(second.timing.at).toBeGreaterThanOrEqual(faults.banned[0].nextTryAt);
  expect(second.timing.text).toMatch(/^等待解封：本活动的通知模板被微信拒绝（错误码 43107），下次试发：(\d\d-\d\d \d\d:\d\d（北京时间）|1 分钟内)；/);

  // The next tick, still inside the first step (a minute): no call at all.
  await run();
  expect(answered(43107)).toHaveLength(1);
  // A minute on (the functions' clock is the cloud's own, so the test moves the stored next try
  // back by what the step waits): one more refusal, and the next step waits two minutes.
  const stepBack = (ms: number) => fx.cloud.db.collection('jobs').update({ _id: 'subscribe-template-faults' }, { $inc: { 'banned.0.nextTryAt': -ms } });
  await stepBack(60_000);
  const t2 = Date.now();
  await run();
  expect(answered(43107)).toHaveLength(2);
  const later = (await admin({ action: 'subscribeFaults' })).data;
  expect(later.banned[0]).toMatchObject({ since: faults.banned[0].since, refusals: 2 });
  expect(later.banned[0].nextTryAt).toBeGreaterThanOrEqual(t2 + 120_000);
  expect(later.banned[0].nextTryAt).toBeLessThanOrEqual(Date.now() + 120_000);
  await run();
  expect(answered(43107)).toHaveLength(2);

  // Staff: 立即重试 (the next tick tries whatever the step; who asked is kept) and 暂停发送 of the
  // campaign still waiting.
  const retried = (await admin({ action: 'subscribeRetry' })).data;
  // The page names staff without a name on their admins record by a masked openid (staff-names.ts).
  expect(retried.retries).toEqual([{ by: STAFF, at: expect.any(Number), who: '员工 sta…emo' }]);
  const paused = await admin({ action: 'campaignPause', id: 'cbn2' });
  expect(paused.data).toMatchObject({ status: 'paused', pausedBy: STAFF, pausedFrom: 'scheduled' });
  const listed = ((await admin({ action: 'campaignList' })).data as Array<{ _id: string; staffLog?: unknown }>).find((c) => c._id === 'cbn2');
  expect(listed?.staffLog).toEqual([{ action: 'pause', at: expect.any(Number), who: '员工 sta…emo' }]);
  await run();
  expect(answered(43107)).toHaveLength(3);
  const third = (await admin({ action: 'subscribeFaults' })).data;
  expect(third.banned[0]).toMatchObject({ refusals: 3 });
  expect(third.waiting).toBe(1);

  // Lifted (an appeal succeeded): the tick when the step (four minutes) ran out sends, and carries
  // on; the paused campaign sends nothing.
  await fx.cloud.subscribe.liftBan();
  await run();
  expect(answered(0)).toHaveLength(0);
  await stepBack(240_000);
  const lifted = await run();
  expect(lifted.data.status).toBe('done');
  expect(answered(43107)).toHaveLength(3);
  expect(answered(0).filter((e) => e.page?.endsWith('campaignId=cbn2'))).toEqual([]);
  expect(fx.cloud.db.collection('campaigns').get('cbn2')).toMatchObject({ status: 'paused' });
  // 继续发送: those not yet sent, once each.
  expect((await admin({ action: 'campaignDispatch', id: 'cbn2' })).ok).toBe(true);
  const delivered = answered(0);
  const bySegment1 = due.filter((c) => c.segment === 1).map((c) => c.openid);
  const to = (id: string) => delivered.filter((e) => e.page?.endsWith(`campaignId=${id}`)).map((e) => e.touser).sort();
  // Each customer due gets exactly one notice per campaign (cbn2 only those of segment 1 with a grant left).
  expect(to('cbn1')).toEqual(due.map((c) => c.openid).sort());
  const secondGrant = due.filter((c) => c.grants > 1).map((c) => c.openid);
  expect(to('cbn2')).toEqual(bySegment1.filter((o) => secondGrant.includes(o)).sort());
  expect((await admin({ action: 'subscribeFaults' })).data).toMatchObject({ banned: [], removed: [] });
  expect(fx.cloud.db.collection('campaigns').get('cbn2')).toMatchObject({ status: 'done', pausedBy: null });
  expect(fx.cloud.db.collection('campaigns').get('cbn1')).toMatchObject({ status: 'done', deferredReason: null });
  expect(fx.cloud.db.collection('outbox').find({ status: 'failed' })).toEqual([]);
  expect(invariants(fx.cloud)).toEqual({ delivered: delivered.length, duplicates: 0, sent_without_grant: 0 });
});
