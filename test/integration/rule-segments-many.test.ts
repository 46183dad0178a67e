/**
 * A shop with more saved rule segments than one list holds (251 > the newest 200), through the
 * admin function on the full local cloud (real SDK): a campaign aimed at the oldest rule is saved,
 * named, estimated, offered by the editor and sent like any other (it used to be refused as
 * 已删除, estimated at 0 and shown as 已失效), and the 自定义分群 list pages through every rule.
 */
import { campaignDoc, makeCustomers, newerRules, seedShop, startFixtureCloud, STAFF, TPL, type Fixture } from './dispatch-fixtures';
import type { Reply } from '../helpers/reply';

jest.setTimeout(120_000);

let fx: Fixture;
const customers = makeCustomers(30, 'rmn');
const admin = (event: unknown): Promise<Reply> =>
  fx.cloud.invokeFunction('admin', event, { openid: STAFF, source: 'wx_client' }) as Promise<Reply>;

// Seeded features: monetary_90d = 400 - 100 s, so "spent ≥ 250 yuan" is exactly segment 1.
const members = customers.filter((c) => c.segment === 1 && c.consent === 'granted' && c.personalization);
const NEWER = 250;
let oldId = '';

beforeAll(async () => {
  fx = await startFixtureCloud();
  await seedShop(fx.cloud, customers);
  const saved = await admin({
    action: 'ruleSegmentSave',
    rule: { name: '老规则', include: { op: 'and', items: [{ kind: 'range', field: 'monetary_90d', min: 250 }] } },
  });
  expect(saved.error).toBeUndefined();
  oldId = saved.data._id;
  // 250 rules saved after it (none matches anyone), so it is the 251st newest.
  await fx.cloud.db.collection('rule_segments').insert(newerRules(NEWER, saved.data.updatedAt as number));
});
afterAll(() => fx?.close());

describe('a campaign aimed at a rule older than the newest 200', () => {
  const target = () => `rule:${oldId}`;
  let campaignId = '';

  it('is saved, listed without a stale warning and named by its card', async () => {
    const input: Record<string, unknown> = { ...campaignDoc('x'), segments: [target()], holdoutPct: 0 };
    for (const k of ['_id', 'status', 'createdBy', 'createdAt', 'updatedAt', 'nextRunAt']) delete input[k];
    const saved = await admin({ action: 'campaignSave', campaign: input });
    expect(saved.error).toBeUndefined();
    campaignId = saved.data._id;
    const list = await admin({ action: 'campaignList' });
    const row = (list.data as Array<{ _id: string }>).find((c) => c._id === campaignId);
    expect(row).toMatchObject({ staleTargets: [], targetRules: [{ id: target(), name: '老规则', version: 1 }] });
  });

  it('is estimated by its members and offered by the editor of that campaign', async () => {
    const est = await admin({ action: 'campaignAudience', segments: [target()], templateId: TPL });
    expect(est.error).toBeUndefined();
    expect(est.data.targeted).toBe(members.length);
    expect(est.data.targeted).toBeGreaterThan(0);
    const plain = await admin({ action: 'editorOptions' });
    const plainIds = (plain.data.ruleSegments as Array<{ id: string }>).map((r) => r.id);
    expect(plainIds).toHaveLength(200);
    expect(plainIds).not.toContain(target());
    const editing = await admin({ action: 'editorOptions', targets: [target(), 1, 'rule:rule_n00249'] });
    const ids = (editing.data.ruleSegments as Array<{ id: string }>).map((r) => r.id);
    expect(ids).toHaveLength(201);
    expect(ids[200]).toBe(target());
    expect(editing.data.ruleSegments[200]).toEqual({ id: target(), name: '老规则', version: 1 });
  });

  it('is sent to the rule members (a campaign stored before, not refused as stale)', async () => {
    const stored = campaignDoc('cmp_oldrule', { segments: [target()], holdoutPct: 0, status: 'draft', nextRunAt: null });
    await fx.cloud.db.collection('campaigns').insert(stored);
    campaignId = 'cmp_oldrule';
    const d = await admin({ action: 'campaignDispatch', id: campaignId });
    expect(d.error).toBeUndefined();
    expect(d.data.run.ok).toBe(true);
    expect(d.data.campaign.targetRules).toEqual([{ id: target(), name: '老规则', version: 1 }]);
    const sent = fx.cloud.db
      .collection('outbox')
      .find({ campaignId, status: 'sent' }, { limit: 1000 })
      .map((r) => String(r.openid))
      .sort();
    expect(sent).toEqual(members.filter((c) => c.grants > 0).map((c) => c.openid).sort());
  });
});

describe('the 自定义分群 list', () => {
  it('pages through every rule newest first, none twice, the oldest last', async () => {
    const seen: Array<{ _id: string; updatedAt: number; size: number }> = [];
    let before: { updatedAt: number; _id: string } | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const r = await admin({ action: 'ruleSegmentList', limit: 60, ...(before ? { before } : {}) });
      expect(r.error).toBeUndefined();
      seen.push(...r.data);
      if (r.data.length < 60) break;
      const last = r.data[r.data.length - 1];
      before = { updatedAt: last.updatedAt, _id: last._id };
    }
    expect(seen).toHaveLength(NEWER + 1);
    expect(new Set(seen.map((r) => r._id)).size).toBe(NEWER + 1);
    expect(seen.map((r) => r._id)).toEqual(
      [...seen].sort((a, b) => b.updatedAt - a.updatedAt || (a._id < b._id ? 1 : -1)).map((r) => r._id),
    );
    expect(seen[NEWER]).toMatchObject({ _id: oldId, size: members.length });
    // Without a page asked for, the newest 200 as before.
    expect((await admin({ action: 'ruleSegmentList' })).data).toHaveLength(200);
    const bad = await admin({ action: 'ruleSegmentList', before: { updatedAt: 1, _id: 'x' } });
    expect(bad.error?.code).toBe('INVALID_INPUT');
  });
});
