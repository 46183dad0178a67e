/** The admin function against the local cloud: staff-only gate, campaign lifecycle, results, stats. */
import { beijingClock } from '../../cloudfunctions/common/beijing-time';
import {
  campaignDoc,
  makeCustomers,
  SEED_SEGMENT_NAMES,
  seededFeatures,
  seedShop,
  startFixtureCloud,
  STAFF,
  type Fixture,
} from './dispatch-fixtures';

jest.setTimeout(120_000);

let fx: Fixture;
const customers = makeCustomers(40, 'adm');
import type { Reply } from '../helpers/reply';
const admin = (event: unknown, openid: string | null = STAFF): Promise<Reply> =>
  fx.cloud.invokeFunction('admin', event, {
    openid: openid ?? undefined,
    source: 'wx_client',
  }) as Promise<Reply>;
/** Customers a test erased (the 概览 test's withdrawal), for the tests that count profiles after it. */
const erasedByTests = new Set<string>();
/** Campaigns stored: a refused save leaves it as it was, whatever other tests saved before. */
const campaignCount = () => fx.cloud.db.collection('campaigns').count();

beforeAll(async () => {
  fx = await startFixtureCloud();
  await seedShop(fx.cloud, customers);
});
afterAll(() => fx?.close());

const draft = () => {
  const input: Record<string, unknown> = { ...campaignDoc('x'), holdoutPct: 20 };
  for (const k of ['_id', 'status', 'createdBy', 'createdAt', 'updatedAt', 'nextRunAt']) delete input[k];
  return input as { data: Record<string, unknown> } & Record<string, unknown>;
};

describe('admin', () => {
  it('refuses every action to a customer (FORBIDDEN) and to nobody (UNAUTHENTICATED)', async () => {
    for (const action of [
      'whoami',
      'overview',
      'segments',
      'segmentsCsv',
      'campaignList',
      'outboxList',
      'editorOptions',
    ]) {
      expect((await admin({ action }, customers[0].openid)).error?.code).toBe('FORBIDDEN');
    }
    const stored = campaignCount();
    expect(
      (await admin({ action: 'campaignSave', campaign: draft() }, customers[0].openid)).error?.code,
    ).toBe('FORBIDDEN');
    const anon = await admin({ action: 'overview' }, null);
    expect(anon.error?.code).toBe('UNAUTHENTICATED');
    expect(campaignCount()).toBe(stored);
    expect((await admin({ action: 'nope' })).error?.code).toBe('UNKNOWN_ACTION');
  });

  it('refuses a campaign whose values break WeChat field rules, with paths', async () => {
    const bad = {
      ...draft(),
      data: {
        ...(draft().data as object),
        thing4: { from: 'text', value: '这是一段超过二十个字符的温馨提示文字内容哦' },
      },
    };
    const stored = campaignCount();
    const r = await admin({ action: 'campaignSave', campaign: bad });
    expect(r.error?.code).toBe('INVALID_INPUT');
    expect(r.error?.details.problems).toContainEqual(expect.objectContaining({ path: 'data.thing4' }));
    // Named as the editor labels the field, by WeChat's keyword name: 「thing4（thing）的值…」 before.
    const said = (r.error?.details.problems as Array<{ path: string; message: string }>).filter((p) => p.path.startsWith('data.thing4'));
    expect(said.map((p) => p.message)).toEqual([expect.stringMatching(/^「温馨提示」的值“.+”不符合规则：20 个以内/)]);
    expect(campaignCount()).toBe(stored);
  });

  it('refuses a campaign whose page is not in the mini program (WeChat would answer every send 41030)', async () => {
    const stored = campaignCount();
    const r = await admin({ action: 'campaignSave', campaign: { ...draft(), page: 'pages/flash-sale/index' } });
    expect(r.error?.code).toBe('INVALID_INPUT');
    expect(r.error?.details.problems).toContainEqual({ path: 'page', message: expect.stringContaining('小程序中没有页面 pages/flash-sale/index') });
    expect(campaignCount()).toBe(stored);
  });

  it('saves, dispatches, and reports opens, conversions and uplift', async () => {
    const saved = await admin({ action: 'campaignSave', campaign: draft() });
    expect(saved.ok).toBe(true);
    expect(saved.data.status).toBe('draft');
    const id = saved.data._id as string;
    const d = await admin({ action: 'campaignDispatch', id });
    expect(d.ok).toBe(true);
    expect(d.data.run.ok).toBe(true);
    expect(d.data.outcome).toMatch(/^已发送 \d+ 条/);
    expect(d.data.campaign.timing.state).toBe('done');
    const sent = fx.cloud.db.collection('outbox').find({ campaignId: id, status: 'sent' }, { limit: 1000 });
    const held = fx.cloud.db
      .collection('outbox')
      .find({ campaignId: id, status: 'holdout' }, { limit: 1000 });
    expect(sent.length).toBeGreaterThan(5);
    // Two recipients open the notice; one buys within the window; one held-out customer buys too.
    const now = Date.now();
    const ev = (openid: string, name: string, props: object, i: number) => ({
      _id: `${openid}:e${i}`,
      openid,
      eventId: `e${i}`,
      name,
      ts: now + 1000,
      clientTs: now,
      receivedAt: now,
      props,
      applied: true,
    });
    await fx.cloud.db
      .collection('events')
      .insert([
        ev(sent[0].openid as string, 'push_open', { campaignId: id }, 1),
        ev(sent[1].openid as string, 'push_open', { campaignId: id }, 2),
        ev(sent[0].openid as string, 'purchase', { orderId: 'o1', amountFen: 5800, items: [] }, 3),
        ...(held.length
          ? [ev(held[0].openid as string, 'purchase', { orderId: 'o2', amountFen: 100, items: [] }, 4)]
          : []),
      ]);
    await fx.cloud.push.drain(); // WeChat's sent events: results count delivered messages
    const r = await admin({ action: 'campaignResults', id });
    expect(r.data).toMatchObject({
      sent: sent.length,
      opens: 2,
      holdout: held.length,
      conversions: { treatment: 1, holdout: held.length ? 1 : 0 },
    });
    if (held.length) expect(r.data.uplift.uplift).toBeCloseTo(1 / sent.length - 1 / held.length, 10);
    else expect(r.data.uplift.uplift).toBeNull(); // no control group drawn: no estimate
    const list = await admin({ action: 'outboxList', campaignId: id });
    expect(list.data.length).toBe(sent.length + held.length);
    expect(JSON.stringify(list.data)).not.toContain(sent[0].openid);
  });

  it('computes segment stats and a CSV without personal data', async () => {
    // Expected from the seeded inputs (dispatch-fixtures.ts seedShop), less the customer the 概览
    // test withdraws when it ran first — never from the profiles still stored, so a product bug
    // that erased or rewrote the wrong profiles fails here.
    const present = customers.filter((c) => !erasedByTests.has(c.openid));
    const s = await admin({ action: 'segments' });
    expect(s.ok).toBe(true);
    const seeded = (seg: number) => present.filter((c) => c.segment === seg);
    expect(s.data.segments.map((x: { id: string; size: number }) => [x.id, x.size])).toEqual(
      [1, 2, 3].map((seg) => [String(seg), seeded(seg).length]),
    );
    for (const seg of [1, 2, 3]) {
      const stat = s.data.segments.find((x: { id: string }) => x.id === String(seg));
      // Every member was seeded with the same features: each mean is that value.
      const f = seededFeatures(seg);
      for (const [name, v] of Object.entries(f)) expect(stat.means[name]).toBeCloseTo(v, 6);
      // sentiment_mean 0.3 / 0.5 / 0.7: all of a segment's members in bin floor(5 × value).
      const bins = [0, 0, 0, 0, 0];
      bins[Math.floor(f.sentiment_mean * 5)] = seeded(seg).length;
      expect(stat.sentimentBins).toEqual(bins);
    }
    expect(s.data.population.size).toBe(present.length);
    expect((await admin({ action: 'segments' })).data.cached).toBe(true);
    await fx.cloud.db
      .collection('profiles')
      .insert({ _id: 'late_joiner', openid: 'late_joiner', segment: 1, d: {}, rev: 1 });
    const fresh = await admin({ action: 'segments' });
    expect(fresh.data.cached).toBe(false);
    expect(fresh.data.population.size).toBe(present.length + 1);
    // The serving model does not name segment 3: the name its members carry reaches the page and
    // the CSV, as it reaches the map's legend.
    expect(fresh.data.segments.find((x: { id: string }) => x.id === '3').name).toBe(SEED_SEGMENT_NAMES[3]);
    expect(fresh.data.catalog['3']).toBeUndefined();
    await fx.cloud.db.collection('profiles').remove({ _id: 'late_joiner' });
    const csv = await admin({ action: 'segmentsCsv' });
    expect(csv.data.csv.split('\n')[0]).toMatch(/^分群编号,分群名称,人数,占全体比例,距上次购买天数（均值）,/);
    for (const c of customers) expect(csv.data.csv).not.toContain(c.openid);
    expect(csv.data.csv).toContain(`\n3,${SEED_SEGMENT_NAMES[3]},`);
    const o = await admin({ action: 'overview' });
    // As many campaigns as are stored (it expected the one an earlier test saved: 0 alone).
    expect(o.data).toMatchObject({ customers: present.length, campaigns: { total: fx.cloud.db.collection('campaigns').count() } });
  });

  it('trend: the 30 newest segment runs by finishedAt, oldest first, however many are stored', async () => {
    // more runs than one unordered read returns (1000), stored newest LAST in _id order, plus a
    // run written out of order: only an ordered query finds the newest ones
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const H6 = 6 * 3600_000;
    const runs = Array.from({ length: 1100 }, (_, i) => ({
      _id: `run-${String(i).padStart(5, '0')}`,
      startedAt: t0 + i * H6 - 60_000,
      finishedAt: t0 + i * H6,
      modelVersion: 'seg-test',
      total: 10,
      counts: { '1': i % 10, '2': 10 - (i % 10) },
      psi: i === 0 ? null : 0.01,
    }));
    runs.push({ ...runs[5], _id: 'a-late-run', finishedAt: t0 + 1100 * H6, counts: { '1': 7, '2': 3 } });
    await fx.cloud.db.collection('segment_runs').insert(runs);
    try {
      const s = await admin({ action: 'segments', refresh: true });
      expect(s.error).toBeUndefined();
      const at = s.data.trend.map((r: { at: number }) => r.at);
      expect(at).toHaveLength(30);
      expect(at[29]).toBe(t0 + 1100 * H6);
      expect(at[0]).toBe(t0 + 1071 * H6);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      expect(s.data.trend[29].distribution).toEqual({ '1': 7, '2': 3 });
    } finally {
      await fx.cloud.db.collection('segment_runs').remove({});
    }
  });

  it('a campaign inside quiet hours says when it will go out and why, on its card and in the 立即发送 answer', async () => {
    const hhmm = (ms: number) => beijingClock(ms).toISOString().slice(11, 16);
    const now = Date.now();
    const quietHours = { start: hhmm(now - 3600_000), end: hhmm(now + 3600_000) };
    const saved = await admin({ action: 'campaignSave', campaign: { ...draft(), name: '免打扰测试', quietHours } });
    expect(saved.ok).toBe(true);
    const id = saved.data._id as string;
    const d = await admin({ action: 'campaignDispatch', id });
    expect(d.ok).toBe(true);
    expect(d.data.outcome).toMatch(/^现在处于免打扰时段，没有发送；已推迟到 \d\d-\d\d /);
    expect(d.data.outcome).toContain(`${quietHours.end} 自动发送`);
    expect(fx.cloud.db.collection('outbox').count({ campaignId: id })).toBe(0);
    const card = (await admin({ action: 'campaignList' })).data.find((c: { _id: string }) => c._id === id);
    expect(card.timing.state).toBe('deferred');
    expect(card.timing.text).toContain(`免打扰时段 ${quietHours.start}–${quietHours.end}`);
    const results = await admin({ action: 'campaignResults', id });
    expect(results.data.timing.state).toBe('deferred');
  });

  it('概览 counts people: consenting now, and withdrawn (a tombstone), not a share of consent records', async () => {
    // The fixture: 35 granted, 3 withdrawn (records whose erasure retention has yet to finish), 2 never asked.
    const granted = customers.filter((c) => c.consent === 'granted');
    const before = (await admin({ action: 'overview' })).data;
    expect(before).toMatchObject({ customers: 40, consented: granted.length, withdrawn: 3 });
    expect(before).not.toHaveProperty('consentedShare');
    // A customer withdraws: the data (profile included) is erased and only a hashed tombstone stays.
    const who = granted[0].openid;
    const w = (await fx.cloud.invokeFunction('privacy', { action: 'withdrawConsent' }, { openid: who, source: 'wx_client' })) as Reply;
    expect(w.ok).toBe(true);
    erasedByTests.add(who);
    expect(fx.cloud.db.collection('consents').count({ _id: who })).toBe(0);
    const after = (await admin({ action: 'overview' })).data;
    expect(after).toMatchObject({ customers: 39, consented: granted.length - 1, withdrawn: 4 });
  });
});
