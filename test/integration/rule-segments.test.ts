/**
 * Merchant-defined rule segments through the admin function on the full local cloud (real SDK):
 * live preview, versioned saves, masked member list with reasons, masked CSV, and a campaign
 * targeting the rule — sent only to members, never to a customer who turned personalisation off.
 */
import { parseCsv } from '../../scripts/eval/csv';
import { campaignDoc, makeCustomers, seedShop, startFixtureCloud, STAFF, type Fixture } from './dispatch-fixtures';

jest.setTimeout(120_000);

let fx: Fixture;
const customers = makeCustomers(60, 'rul');
import type { Reply } from '../helpers/reply';
const admin = (event: unknown): Promise<Reply> =>
  fx.cloud.invokeFunction('admin', event, { openid: STAFF, source: 'wx_client' }) as Promise<Reply>;

// Seeded features: segment s has monetary_90d = 400 - 100 s and recency_days = 30 s, so
// "spent ≥ 150 yuan and bought ≥ 50 days ago" is exactly segment 2.
const rule = {
  name: '高消费但久未购买',
  include: {
    op: 'and',
    items: [
      { kind: 'range', field: 'monetary_90d', min: 150 },
      { kind: 'range', field: 'recency_days', min: 50 },
    ],
  },
};
const expected = customers.filter((c) => c.segment === 2 && c.consent === 'granted' && c.personalization);
const optedOut = customers.filter((c) => c.segment === 2 && c.consent === 'granted' && !c.personalization);

beforeAll(async () => {
  fx = await startFixtureCloud();
  await seedShop(fx.cloud, customers);
});
afterAll(() => fx?.close());

describe('rule segments', () => {
  it('previews the size while editing, counting whom consent and the opt-out left out', async () => {
    const p = await admin({ action: 'ruleSegmentPreview', rule });
    expect(p.error).toBeUndefined();
    expect(p.data).toMatchObject({ size: expected.length, population: customers.length, excludedOptOut: optedOut.length });
    const narrower = await admin({
      action: 'ruleSegmentPreview',
      rule: { ...rule, exclude: { op: 'or', items: [{ kind: 'range', field: 'sentiment_mean', max: 0.9 }] } },
    });
    expect(narrower.data.size).toBe(0);
    expect(narrower.data.excludedByExclusion).toBe(expected.length);
    const bad = await admin({ action: 'ruleSegmentPreview', rule: { include: { op: 'and', items: [] } } });
    expect(bad.error?.code).toBe('INVALID_INPUT');
    expect(bad.error?.message).toContain('请至少添加一个条件');
  });

  it('saves versions, lists with sizes, and shows members masked with their reasons', async () => {
    // Other tests save rules too: the list grows by one rule (not one row per version).
    const listed = (await admin({ action: 'ruleSegmentList' })).data.length as number;
    const saved = await admin({ action: 'ruleSegmentSave', rule });
    expect(saved.error).toBeUndefined();
    expect(saved.data).toMatchObject({ name: rule.name, version: 1 });
    const id = saved.data._id as string;
    const again = await admin({ action: 'ruleSegmentSave', rule: { ...rule, _id: id, description: '召回' } });
    expect(again.data.version).toBe(2);
    expect(fx.cloud.db.collection('rule_segment_versions').count({ ruleId: id })).toBe(2);
    const list = await admin({ action: 'ruleSegmentList' });
    expect(list.data).toHaveLength(listed + 1);
    expect(list.data.filter((r: { _id: string }) => r._id === id)).toEqual([
      expect.objectContaining({ _id: id, version: 2, size: expected.length }),
    ]);
    const members = await admin({ action: 'ruleSegmentMembers', id, limit: 5 });
    expect(members.data.total).toBe(expected.length);
    expect(members.data.members).toHaveLength(5);
    expect(members.data.members[0].reasons).toEqual(['近90天消费200元（条件 ≥ 150元）', '最近一次购买在60天前（条件 ≥ 50天）']);
    const csv = await admin({ action: 'ruleSegmentCsv', id });
    expect(csv.data.csv.split('\n')[0]).toContain('仅含脱敏编号');
    expect(csv.data.rows).toBe(expected.length);
    for (const c of customers) {
      expect(JSON.stringify(members.data)).not.toContain(c.openid);
      expect(csv.data.csv).not.toContain(c.openid);
    }
  });

  it('exports a CSV no spreadsheet runs as a formula, whatever the names hold', async () => {
    // A name with a comma used to split the CSV's first line into a cell of its own: `=1+2…`.
    const saved = await admin({ action: 'ruleSegmentSave', rule: { ...rule, name: '召回,=1+2' } });
    expect(saved.error).toBeUndefined();
    const csv = await admin({ action: 'ruleSegmentCsv', id: saved.data._id });
    expect(csv.error).toBeUndefined();
    const rows = parseCsv(csv.data.csv);
    expect(rows[0]).toHaveLength(1);
    expect(rows[0][0]).toMatch(/^# 召回,=1\+2（第 1 版）/);
    expect(rows).toHaveLength(2 + expected.length);
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^\s*[=+\-@\t\r]/);
  });

  it('targets a campaign at the rule: members only, never an opted-out customer', async () => {
    const rs = await admin({ action: 'ruleSegmentSave', rule: { ...rule, name: '召回活动' } });
    expect(rs.error).toBeUndefined();
    const id = rs.data._id as string;
    const input: Record<string, unknown> = { ...campaignDoc('x'), segments: [`rule:${id}`], holdoutPct: 0 };
    for (const k of ['_id', 'status', 'createdBy', 'createdAt', 'updatedAt', 'nextRunAt']) delete input[k];
    const saved = await admin({ action: 'campaignSave', campaign: input });
    expect(saved.error).toBeUndefined();
    const unknown = await admin({ action: 'campaignSave', campaign: { ...input, segments: ['rule:rule_aaaaaaaaaaaa'] } });
    expect(unknown.error?.code).toBe('INVALID_INPUT');
    const d = await admin({ action: 'campaignDispatch', id: saved.data._id });
    expect(d.data.run.ok).toBe(true);
    const sent = fx.cloud.db
      .collection('outbox')
      .find({ campaignId: saved.data._id, status: 'sent' }, { limit: 1000 })
      .map((r) => String(r.openid))
      .sort();
    const withGrant = expected.filter((c) => c.grants > 0).map((c) => c.openid).sort();
    expect(sent).toEqual(withGrant);
    for (const c of optedOut) expect(sent).not.toContain(c.openid);
  });
});
