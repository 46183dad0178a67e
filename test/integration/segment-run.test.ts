/**
 * segment through the REAL function (esbuild bundle, child process, real wx-server-sdk, real
 * ONNX model) against the local cloud. Profiles are built by the real track function from
 * tracked events, then the timer run segments them, a staff-triggered run rescores the dirty
 * one, a later timer call sweeps only the freshly updated profile, and each full pass leaves a
 * segment_runs snapshot with PSI.
 */
import spec from '../../models/feature-spec.json';
import { ev, startIngestCloud, type IngestCloud } from './track-cloud';

import type { Reply } from '../helpers/reply';
let c: IngestCloud;
const DAY = 86_400_000;

const buy = (daysAgo: number, fen: number) =>
  ev({ name: 'purchase', clientTs: Date.now() - daysAgo * DAY, sessionId: `s${daysAgo}`, props: { orderId: `o${Math.random().toString(36).slice(2, 10)}`, amountFen: fen, items: [{ productId: 'p1', categoryId: 'c1', quantity: 1, priceFen: fen }] } });
const view = (daysAgo: number) => ev({ name: 'product_view', clientTs: Date.now() - daysAgo * DAY, sessionId: `v${daysAgo}` });

async function customer(openid: string, events: Record<string, unknown>[]): Promise<void> {
  expect((await c.call<Reply>('privacy', { action: 'setConsent', version: 1 }, openid)).ok).toBe(true);
  // Months of history with purchases: a trusted import (a client cannot send either).
  const r = await c.importAs<Reply>(openid, events);
  expect(r.data?.accepted).toBe(events.length);
}

const timer = { Type: 'Timer', TriggerName: 'segment-every-10-min', Time: new Date().toISOString() };

beforeAll(async () => {
  c = await startIngestCloud(2);
  for (let i = 0; i < 3; i++) await customer(`loyal${i}`, [buy(1, 30000), buy(6, 25000), buy(15, 40000), buy(33, 28000), buy(61, 30000), view(1), view(2)]);
  for (let i = 0; i < 3; i++) await customer(`gone${i}`, [buy(300 + i, 1200)]);
  await c.cloud.db.collection('admins').insert({ _id: 'staff_demo', role: 'staff' });
}, 120_000);
afterAll(async () => c?.close());

describe('segment function', () => {
  it('timer run: segments every profile, writes names and reasons, history and a run snapshot', async () => {
    const r = await c.call<Reply>('segment', timer, undefined, 'wx_trigger');
    expect(r.error).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(r.data.status).toBe('completed');
    expect(r.data.scored).toBe(6);
    const profiles = c.cloud.db.collection('profiles');
    const loyal = profiles.get('loyal0')!;
    const gone = profiles.get('gone0')!;
    for (const p of [loyal, gone]) {
      expect(typeof p.segment).toBe('number');
      expect(typeof p.segmentName).toBe('string');
      expect(p.segmentPhrase).toMatch(/^[\u4e00-\u9fa5]{1,5}$/);
      expect(Array.isArray(p.segmentReasons)).toBe(true);
      expect(p.modelVersion).toMatch(/^seg-/);
      expect(p.segmentedAt).toBeTruthy();
      expect(p.segmentedRev).toBe(p.rev);
    }
    expect(loyal.segment).not.toBe(gone.segment);
    expect(gone.segmentName).toMatch(/沉睡/);
    expect((loyal.segmentReasons as string[]).length).toBeGreaterThan(0);
    expect(profiles.get('loyal1')!.segment).toBe(loyal.segment);
    expect(c.cloud.db.collection('segment_history').count({})).toBe(6);
    const runs = c.cloud.db.collection('segment_runs').find({});
    expect(runs).toHaveLength(1);
    expect(runs[0].total).toBe(6);
    expect((runs[0].counts as Record<string, number>)[String(loyal.segment)]).toBe(3);
    expect(runs[0].psi).toBeNull();
    const job = c.cloud.db.collection('jobs').get('segment')!;
    expect(job.passId).toBeNull();
    expect(job.lastRunId).toBe(runs[0]._id);
  });

  it('stores the raw features it scored; the admin portrait averages those stored values', async () => {
    const profiles = c.cloud.db.collection('profiles').find({});
    const names = spec.features.map((f) => f.name);
    for (const p of profiles) {
      expect(Object.keys(p.features as object)).toEqual(names);
      expect(typeof p.featuresAt).toBe('number');
    }
    const loyal = profiles.find((p) => p._id === 'loyal0')!;
    const lf = loyal.features as Record<string, number | null>;
    expect(lf.frequency_365d).toBe(5);
    expect(lf.monetary_365d).toBe(1530);
    expect(lf.recency_days).toBeGreaterThan(0.9);
    expect(lf.recency_days).toBeLessThan(1.1);
    expect(lf.sentiment_mean).toBeNull();
    // change the stored values in the database: the portrait must follow them, not the
    // centroids of the model nor a computation from the day buckets
    await c.cloud.db.collection('profiles').update({ _id: 'loyal0' }, { $set: { 'features.monetary_90d': 777 } });
    const r = await c.call<Reply>('admin', { action: 'segments', refresh: true }, 'staff_demo');
    expect(r.error).toBeUndefined();
    const stored = c.cloud.db.collection('profiles').find({});
    const mean = (seg: unknown, f: string) => {
      const vs = stored.filter((p) => seg === 'all' || p.segment === seg).map((p) => (p.features as Record<string, number | null>)[f]).filter((v): v is number => typeof v === 'number');
      return vs.length ? vs.reduce((a, b) => a + b, 0) / vs.length : null;
    };
    const seg = r.data.segments.find((x: { id: string }) => x.id === String(loyal.segment));
    expect(seg.size).toBe(3);
    for (const f of names) {
      if (mean(loyal.segment, f) === null) expect(seg.means[f]).toBeNull();
      else expect(seg.means[f]).toBeCloseTo(mean(loyal.segment, f) as number, 6);
      if (mean('all', f) !== null) expect(r.data.population.means[f]).toBeCloseTo(mean('all', f) as number, 6);
    }
    expect(seg.means.monetary_90d).toBeCloseTo((777 + 2 * 1530) / 3, 6);
    expect(seg.means.monetary_90d).not.toBeCloseTo(r.data.catalog[String(loyal.segment)].centroid.monetary_90d, 0);
    // (a tampered value would be repaired by the next pass: stale features are rewritten)
    await c.cloud.db.collection('profiles').update({ _id: 'loyal0' }, { $set: { 'features.monetary_90d': lf.monetary_90d } });
  });

  it('staff run: rescores only the dirty profile and stores PSI vs the previous run', async () => {
    const r0 = await c.call<Reply>('track', { events: [view(0)] }, 'gone1');
    expect(r0.data.accepted).toBe(1);
    const r = await c.call<Reply>('segment', { action: 'run' }, 'staff_demo');
    expect(r.ok).toBe(true);
    expect(r.data.status).toBe('completed');
    expect(r.data.scored).toBe(6);
    expect(r.data.written).toBe(1);
    const runs = c.cloud.db.collection('segment_runs').find({}, { sort: { finishedAt: 1 } });
    expect(runs).toHaveLength(2);
    expect(typeof runs[1].psi).toBe('number');
    expect(runs[1].previousRunId).toBe(runs[0]._id);
    const status = await c.call<Reply>('segment', { action: 'status' }, 'staff_demo');
    expect(status.data.lastRun._id).toBe(runs[1]._id);
    // 分群's trend carries the version each run used, so the page can mark a refit's or a rollback's jump.
    const page = await c.call<Reply>('admin', { action: 'segments', refresh: true }, 'staff_demo');
    expect(page.error).toBeUndefined();
    expect(typeof runs[0].modelVersion).toBe('string');
    expect(page.data.trend.map((t: { modelVersion?: unknown }) => t.modelVersion)).toEqual(runs.map((r) => r.modelVersion));
  });

  it('timer between full passes: a dirty sweep writes only the updated profile, no new snapshot', async () => {
    const before = c.cloud.db.collection('profiles').get('gone2')!;
    expect((await c.importAs<Reply>('gone2', [buy(0, 50000), view(0)])).data.accepted).toBe(2);
    const r = await c.call<Reply>('segment', { ...timer, Time: new Date().toISOString() }, undefined, 'wx_trigger');
    expect(r.error).toBeUndefined();
    // the watermark steps back 5 s for clock skew, so profiles seeded seconds ago are re-read too;
    // only the one whose rev moved is written
    expect(r.data).toMatchObject({ status: 'swept', kind: 'sweep', written: 1 });
    expect(r.data.scored).toBeGreaterThanOrEqual(1);
    const after = c.cloud.db.collection('profiles').get('gone2')!;
    expect(after.segmentedRev).toBe(after.rev);
    expect(after.rev).toBeGreaterThan(before.rev as number);
    expect(c.cloud.db.collection('segment_runs').count({})).toBe(2);
  });

  it('refuses customers, bad input and payload tricks with stable codes', async () => {
    expect((await c.call<Reply>('segment', { action: 'run' }, 'loyal0')).error?.code).toBe('FORBIDDEN');
    expect((await c.call<Reply>('segment', { action: 'explode' }, 'staff_demo')).error?.code).toBe('INVALID_INPUT');
    expect((await c.call<Reply>('segment', { action: 'run', budgetMs: 10 ** 9 }, 'staff_demo')).error?.code).toBe('INVALID_INPUT');
    // A customer is refused before the event is read, whatever identity it claims (guard.ts).
    expect((await c.call<Reply>('segment', { action: 'run', openid: 'staff_demo' }, 'loyal0')).error?.code).toBe('FORBIDDEN');
  });
  it('names the renamed rule by today\'s name: the admin catalog of the shipped model, and the names the pass writes', async () => {
    const page = await c.call<Reply>('admin', { action: 'segments' }, 'staff_demo');
    expect(page.error).toBeUndefined();
    const names = Object.values(page.data.catalog as Record<string, { name: string }>).map((x) => x.name);
    expect(names).toContain('忠诚高消费客户');
    expect(JSON.stringify(page.data)).not.toContain('高价值忠诚客户');
    for (const p of c.cloud.db.collection('profiles').find({})) expect(p.segmentName).not.toMatch(/^高价值忠诚客户/);
  });

  it('a customer last segmented under the old name: the pass records the move in today\'s words, and her export says no old name', async () => {
    const profiles = c.cloud.db.collection('profiles');
    // Segmented by today's pass first (whether or not the tests before ran).
    expect((await c.call<Reply>('segment', { action: 'run' }, 'staff_demo')).error).toBeUndefined();
    const real = profiles.get('gone0')!;
    expect(real.segmentName).toMatch(/沉睡/);
    // Old stored data on purpose: a pass before the rename put gone0 in id 6 as 高价值忠诚客户, and
    // its history entry says so (segment_history keeps what a pass wrote).
    await profiles.update({ _id: 'gone0' }, { $set: { segment: 6, segmentName: '高价值忠诚客户' } });
    await c.cloud.db.collection('segment_history').insert({ _id: 'oldpass:gone0', openid: 'gone0', from: null, fromName: null, to: 6, toName: '高价值忠诚客户', at: Date.now() - DAY, modelVersion: real.modelVersion, passId: 'oldpass' });
    const r = await c.call<Reply>('segment', { action: 'run' }, 'staff_demo');
    expect(r.error).toBeUndefined();
    const moved = c.cloud.db.collection('segment_history').find({ openid: 'gone0', from: 6 });
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ fromName: '忠诚高消费客户', to: real.segment, toName: real.segmentName });
    // 导出我的数据: her profile and both history entries name id 6 by today's name.
    const exp = (await c.call<Reply>('privacy', { action: 'exportMyData' }, 'gone0')).data;
    expect(exp.nextCursor).toBeNull();
    const names = (exp.segmentHistory as Array<{ to: number; toName: string | null; from: number | null; fromName: string | null }>)
      .flatMap((h) => [[h.from, h.fromName], [h.to, h.toName]])
      .filter(([id]) => id === 6);
    expect(names).toEqual([[6, '忠诚高消费客户'], [6, '忠诚高消费客户']]);
    expect(JSON.stringify(exp)).not.toContain('高价值忠诚客户');
    expect(exp.profile.segmentName).toBe(real.segmentName);
    // The store keeps what the old pass wrote; only what is read is worded today.
    expect(c.cloud.db.collection('segment_history').get('oldpass:gone0')!.toName).toBe('高价值忠诚客户');
  });

  it("我的 words the stored reasons' figures by today's rules, not the sentences a pass stored; a profile without figures gets them on the next pass", async () => {
    const profiles = c.cloud.db.collection('profiles');
    const loyal = profiles.get('loyal0')!;
    const facts = loyal.segmentReasonFacts as Array<{ f: string; v: number; t: number; up: boolean }>;
    expect(facts.length).toBeGreaterThan(0);
    expect(facts.map((f) => typeof f.f === 'string' && typeof f.v === 'number' && typeof f.t === 'number' && typeof f.up === 'boolean')).not.toContain(false);
    const me = async () => (await c.call<Reply>('privacy', { action: 'me' }, 'loyal0')).data.segment.reasons as string[];
    const today = await me();
    expect(today).toEqual(loyal.segmentReasons); // the pass wrote the same words it stores the figures of
    // A pass of an older wording stored 「一般客户：…0.1次」: what 我的 says does not follow the stored sentence.
    await profiles.update({ _id: 'loyal0' }, { $set: { segmentReasons: ['近30天购买3次，高于一般客户（一般客户：近30天购买0.1次）'] } });
    expect(await me()).toEqual(today);
    // A profile segmented before the figures were stored: its sentences are shown, and the next pass stores the figures.
    await profiles.update({ _id: 'loyal1' }, { $unset: { segmentReasonFacts: '' } });
    const r = await c.call<Reply>('segment', { action: 'run' }, 'staff_demo');
    expect(r.data.written).toBe(1);
    expect(profiles.get('loyal1')!.segmentReasonFacts).toEqual(expect.arrayContaining([expect.objectContaining({ up: expect.any(Boolean) })]));
  });
});
