/**
 * The dispatch function end to end against the local cloud: real function instances, the real
 * wx-server-sdk, WeChat's side enforcing one send per one-time grant.
 */
import { beijingDayStart, beijingHour } from '../../cloudfunctions/common/beijing-time';
import { isHeldOut } from '../../cloudfunctions/common/campaign/holdout';
import {
  campaignDoc,
  invariants,
  makeCustomers,
  seedShop,
  startFixtureCloud,
  STAFF,
  TPL,
  type Fixture,
} from './dispatch-fixtures';
import { waitUntil } from '../helpers/wait-until';

jest.setTimeout(120_000);

let fx: Fixture;
const customers = makeCustomers(60);

beforeAll(async () => {
  fx = await startFixtureCloud();
  await seedShop(fx.cloud, customers, { recordViaFunction: true });
});
afterAll(() => fx?.close());

describe('dispatch', () => {
  it('keeps the grants WeChat pushed (popup accepts via wxpush), one per accept', () => {
    const c = customers.find((x) => x.grants === 2)!;
    expect(fx.cloud.db.collection('grants').get(`${c.openid}:${TPL}`)).toMatchObject({
      available: 2,
      accepted: 2,
    });
  });

  it('refuses recordSubscribe without a user and run from a customer', async () => {
    const anon = (await fx.cloud.invokeFunction(
      'dispatch',
      { action: 'recordSubscribe', results: [{ templateId: TPL, result: 'accept' }] },
      { source: 'wx_client' },
    )) as { ok: boolean; error: { code: string } };
    expect(anon.error.code).toBe('UNAUTHENTICATED');
    const r = (await fx.cloud.invokeFunction(
      'dispatch',
      { action: 'run' },
      { openid: customers[0].openid, source: 'wx_client' },
    )) as { ok: boolean; error: { code: string } };
    expect(r).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    const bad = (await fx.cloud.invokeFunction('dispatch', { action: 'run', pageSize: 'x' }, {})) as {
      ok: boolean;
      error: { code: string };
    };
    expect(bad.error.code).toBe('INVALID_INPUT');
  });

  it('sends exactly to eligible, non-held-out customers, once', async () => {
    await fx.cloud.db.collection('campaigns').insert(campaignDoc('c1'));
    const r = (await fx.cloud.invokeFunction(
      'dispatch',
      { action: 'run', pageSize: 7 },
      { openid: STAFF, source: 'wx_client' },
    )) as { ok: boolean; data: { status: string } };
    expect(r.ok).toBe(true);
    expect(r.data.status).toBe('done');
    const expected = customers.filter(
      (c) =>
        c.consent === 'granted' &&
        c.personalization &&
        c.segment !== 3 &&
        c.grants > 0 &&
        !isHeldOut('c1', c.openid, 10),
    );
    const outbox = fx.cloud.db.collection('outbox').find({ campaignId: 'c1' }, { limit: 1000 });
    const sent = outbox
      .filter((d) => d.status === 'sent')
      .map((d) => d.openid)
      .sort();
    expect(sent).toEqual(expected.map((c) => c.openid).sort());
    expect(outbox.filter((d) => d.status === 'holdout').length).toBeGreaterThan(0);
    for (const c of customers.filter((x) => x.consent !== 'granted' || !x.personalization)) {
      expect(sent).not.toContain(c.openid);
    }
    const inv = invariants(fx.cloud);
    expect(inv).toEqual({ delivered: expected.length, duplicates: 0, sent_without_grant: 0 });
    expect(fx.cloud.db.collection('campaigns').get('c1')).toMatchObject({ status: 'done' });
    // The notice opens the product page with the campaign id.
    const wx = fx.cloud.subscribe.outbox({ limit: 1 })[0];
    expect(wx.page).toBe('pages/product/index?id=p1&campaignId=c1');
    // A second run finds nothing to do.
    await fx.cloud.db
      .collection('campaigns')
      .update({ _id: 'c1' }, { $set: { status: 'scheduled', nextRunAt: 0 } });
    await fx.cloud.invokeFunction('dispatch', { action: 'run' }, {});
    expect(invariants(fx.cloud).delivered).toBe(expected.length);
  });

  it('respects the frequency cap across campaigns', async () => {
    await fx.cloud.db
      .collection('campaigns')
      .insert(campaignDoc('c2', { frequencyCap: { max: 1, windowHours: 24 }, holdoutPct: 0 }));
    const before = invariants(fx.cloud).delivered;
    await fx.cloud.invokeFunction('dispatch', { action: 'run' }, {});
    const c2 = fx.cloud.db.collection('outbox').find({ campaignId: 'c2', status: 'sent' }, { limit: 1000 });
    const c1 = new Set(
      fx.cloud.db
        .collection('outbox')
        .find({ campaignId: 'c1', status: 'sent' }, { limit: 1000 })
        .map((d) => d.openid),
    );
    for (const d of c2) expect(c1.has(d.openid)).toBe(false);
    expect(invariants(fx.cloud)).toMatchObject({
      delivered: before + c2.length,
      duplicates: 0,
      sent_without_grant: 0,
    });
  });

  it('records 43101 as permanent and zeroes the ledger when WeChat has no grant', async () => {
    const victim = 'ghost_no_wx_grant';
    await fx.cloud.db
      .collection('profiles')
      .insert({ _id: victim, openid: victim, segment: 1, rev: 1, d: {} });
    await fx.cloud.db
      .collection('consents')
      .insert({ _id: victim, granted: true, personalization: true, version: 1 });
    // Our ledger believes in a grant WeChat never registered (a lying client).
    await fx.cloud.db
      .collection('grants')
      .insert({ _id: `${victim}:${TPL}`, openid: victim, templateId: TPL, available: 1, consumed: 0 });
    await fx.cloud.db.collection('campaigns').insert(campaignDoc('c3', { segments: [1], holdoutPct: 0 }));
    await fx.cloud.invokeFunction('dispatch', { action: 'run', campaignId: 'c3' }, {});
    const doc = fx.cloud.db.collection('outbox').get(`c3:${victim}`);
    expect(doc).toMatchObject({ status: 'failed', errorCode: 43101 });
    expect((doc!.attempts as unknown[]).length).toBe(1);
    expect(fx.cloud.db.collection('grants').get(`${victim}:${TPL}`)).toMatchObject({ available: 0 });
  });

  it("stops at WeChat's daily quota (45009): the customer keeps the grant and stays due, the campaign waits for tomorrow", async () => {
    const victims = ['quota_victim', 'quota_victim2'];
    for (const victim of victims) {
      await fx.cloud.db.collection('profiles').insert({ _id: victim, openid: victim, segment: 9, rev: 1, d: {} });
      await fx.cloud.db.collection('consents').insert({ _id: victim, granted: true, personalization: true, version: 1 });
      await fx.cloud.subscribe.registerGrants(victim, { [TPL]: 'accept' }, { push: true });
      await waitUntil(() => fx.cloud.db.collection('grants').get(`${victim}:${TPL}`)?.available === 1, { what: 'the popup push in the ledger' });
    }
    // WeChat answers 45009 to every send today: the limit is the app's, not the customer's
    // (its figure is unpublished; the local cloud's option).
    fx.cloud.subscribe.dailySendQuota = 0;
    let r: { ok: boolean; data: { status: string; deferred: Array<{ campaignId: string; until: number; reason: string }> } };
    try {
      await fx.cloud.db.collection('campaigns').insert(campaignDoc('c9', { segments: [9], holdoutPct: 0 }));
      r = (await fx.cloud.invokeFunction('dispatch', { action: 'run', campaignId: 'c9', concurrency: 1 }, {})) as typeof r;
    } finally {
      fx.cloud.subscribe.dailySendQuota = null;
    }
    // Not one failed send per remaining customer: nobody of the audience is used up for today's limit.
    expect(fx.cloud.db.collection('outbox').count({ campaignId: 'c9' })).toBe(0);
    for (const victim of victims) {
      // Nothing was delivered and WeChat still holds the grant: so does the ledger.
      expect(fx.cloud.subscribe.grant(victim, TPL)).toMatchObject({ available: 1 });
      expect(fx.cloud.db.collection('grants').get(`${victim}:${TPL}`)).toMatchObject({ available: 1, consumed: 0 });
    }
    // Until the next midnight in UTC+8, when WeChat's daily count starts again.
    expect(r.data.deferred).toEqual([{ campaignId: 'c9', until: expect.any(Number), reason: 'daily_quota' }]);
    const tomorrow = r.data.deferred[0].until;
    expect(beijingDayStart(tomorrow)).toBe(tomorrow);
    expect(tomorrow - Date.now()).toBeGreaterThan(0);
    expect(tomorrow - Date.now()).toBeLessThanOrEqual(86_400_000);
    expect(fx.cloud.db.collection('campaigns').get('c9')).toMatchObject({ status: 'running', nextRunAt: tomorrow, deferredReason: 'daily_quota' });
    // When WeChat takes sends again, the pass goes on with the same customers.
    await fx.cloud.invokeFunction('dispatch', { action: 'run', campaignId: 'c9' }, {});
    expect(victims.map((v) => fx.cloud.db.collection('outbox').get(`c9:${v}`)?.status)).toEqual(['sent', 'sent']);
    expect(fx.cloud.db.collection('campaigns').get('c9')).toMatchObject({ status: 'done', deferredReason: null });
  });

  it('defers inside quiet hours and reschedules cron campaigns from the timer', async () => {
    // (The 43101 of the previous test — a ledger grant WeChat never had — counts as one attempt.)
    const before = invariants(fx.cloud).sent_without_grant;
    const hour = beijingHour(Date.now());
    const hh = (h: number) => String((h + 24) % 24).padStart(2, '0');
    // A quiet window around the current UTC+8 hour.
    const quiet = { start: `${hh(hour - 1)}:00`, end: `${hh(hour + 2)}:00` };
    await fx.cloud.db.collection('campaigns').insert(campaignDoc('c4', { quietHours: quiet }));
    const r = (await fx.cloud.invokeFunction(
      'dispatch',
      { Type: 'Timer', TriggerName: 'dispatch-every-minute', Time: new Date().toISOString() },
      { source: 'wx_trigger' },
    )) as { ok: boolean; data: { deferred: Array<{ campaignId: string; until: number }> } };
    expect(r.data.deferred.map((d) => d.campaignId)).toContain('c4');
    expect(fx.cloud.db.collection('outbox').count({ campaignId: 'c4' })).toBe(0);
    expect(fx.cloud.db.collection('campaigns').get('c4')!.nextRunAt).toBeGreaterThan(Date.now());

    const cron = { kind: 'cron', cron: '0 0 10 * * * *' };
    await fx.cloud.db
      .collection('campaigns')
      .insert(
        campaignDoc('c5', { schedule: cron, segments: [3], holdoutPct: 0, nextRunAt: Date.now() - 1000 }),
      );
    await fx.cloud.invokeFunction('dispatch', { Type: 'Timer' }, { source: 'wx_trigger' });
    const c5 = fx.cloud.db.collection('campaigns').get('c5')!;
    expect(c5.status).toBe('scheduled');
    expect(beijingHour(Number(c5.nextRunAt))).toBe(10);
    expect(fx.cloud.db.collection('outbox').count({ campaignId: 'c5' })).toBeGreaterThan(0);
    expect(invariants(fx.cloud)).toMatchObject({ duplicates: 0, sent_without_grant: before });
    // A customer cannot pose as the timer.
    const forged = (await fx.cloud.invokeFunction(
      'dispatch',
      { Type: 'Timer' },
      { openid: customers[1].openid, source: 'wx_client' },
    )) as { error?: { code: string } };
    expect(forged.error?.code).toBe('FORBIDDEN');
  });

  it('stops before its time budget and resumes from the stored cursor', async () => {
    const before = invariants(fx.cloud);
    await fx.cloud.db
      .collection('campaigns')
      .insert(
        campaignDoc('c6', {
          segments: [],
          holdoutPct: 0,
          frequencyCap: { max: 10, windowHours: 1 },
          nextRunAt: Date.now(),
        }),
      );
    const statuses: string[] = [];
    const cursors: string[] = [];
    for (let i = 0; i < 20 && fx.cloud.db.collection('campaigns').get('c6')!.status !== 'done'; i++) {
      const r = (await fx.cloud.invokeFunction(
        'dispatch',
        { action: 'run', campaignId: 'c6', budgetMs: 1000, ratePerSec: 10, pageSize: 8, concurrency: 2 },
        {},
      )) as { data: { status: string } };
      statuses.push(r.data.status);
      cursors.push(String(fx.cloud.db.collection('jobs').get('dispatch:c6')?.cursor ?? ''));
    }
    expect(statuses[0]).toBe('partial');
    expect(statuses[statuses.length - 1]).toBe('done');
    // The cursor only moves forward while the pass is running, and is cleared when it ends.
    const running = cursors.slice(0, -1);
    expect([...running].sort()).toEqual(running);
    expect(cursors[cursors.length - 1]).toBe('');
    const docs = fx.cloud.db.collection('outbox').find({ campaignId: 'c6' }, { limit: 1000 });
    expect(new Set(docs.map((d) => d.openid)).size).toBe(docs.length);
    expect(docs.filter((d) => d.status === 'sent').length).toBeGreaterThan(10);
    expect(invariants(fx.cloud)).toMatchObject({
      duplicates: 0,
      sent_without_grant: before.sent_without_grant,
    });
  });
});
