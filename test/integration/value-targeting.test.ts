/**
 * The value model's predictions put to work, end to end on the full local cloud (real functions,
 * real wx-server-sdk): the value function scores real purchase histories, a merchant rule
 * "high value (≥ ¥500 in the last 365 days) AND churn risk high" targets a campaign, and the
 * dispatcher sends to exactly those customers — never to one who turned personalisation off.
 * The 价值 card's 历史消费高 counts are the buyers the rule it names takes (the same past spend);
 * 查看成员 gives staff each member's stored churn sentence. The customer's own 我的 summary
 * (privacy `me`) carries no churn label or prediction.
 */
import { parseCsv } from '../../scripts/eval/csv';
import { buyerProfile } from '../helpers/profiles';
import {
  campaignDoc,
  seedShop,
  startFixtureCloud,
  STAFF,
  type Fixture,
  type SeedCustomer,
} from './dispatch-fixtures';

jest.setTimeout(240_000);

import type { Reply } from '../helpers/reply';
let fx: Fixture;
const admin = (event: unknown): Promise<Reply> =>
  fx.cloud.invokeFunction('admin', event, { openid: STAFF, source: 'wx_client' }) as Promise<Reply>;

/** A group of customers with one buying pattern: days ago of each purchase, fen per purchase. */
interface Group {
  prefix: string;
  n: number;
  days: (i: number) => number[];
  fen: number;
}
const GROUPS: Group[] = [
  // Gone quiet after regular buying: the big spenders are the rule's target, the small ones are not.
  { prefix: 'qbig', n: 14, days: (i) => [200 + i, 215 + i, 230 + i, 245 + i, 260 + i], fen: 15000 },
  { prefix: 'qsml', n: 10, days: (i) => [200 + i, 215 + i, 230 + i, 245 + i, 260 + i], fen: 3000 },
  // The biggest spenders of all have gone quiet too: the top band of past spend (the 价值 card's 历史消费高).
  { prefix: 'qvip', n: 4, days: (i) => [200 + i, 215 + i, 230 + i, 245 + i, 260 + i], fen: 100000 },
  // Still buying every fortnight, big spenders: high value, low churn risk.
  { prefix: 'loyal', n: 12, days: (i) => Array.from({ length: 18 }, (_, k) => 1 + i + 15 * k), fen: 20000 },
  { prefix: 'once', n: 6, days: (i) => [30 + 40 * i], fen: 9900 },
];
const customers: Array<SeedCustomer & { group: Group; i: number }> = GROUPS.flatMap((g) =>
  Array.from({ length: g.n }, (_, i) => ({
    openid: `${g.prefix}${String(i).padStart(2, '0')}`,
    segment: 1 + (i % 3),
    consent: 'granted' as const,
    // One of each group turned personalised pushes off.
    personalization: i !== 1,
    grants: 1,
    group: g,
    i,
  })),
);
const pastSpendYuan = (c: (typeof customers)[number]) =>
  (c.group.days(c.i).filter((d) => d < 365).length * c.group.fen) / 100;

beforeAll(async () => {
  fx = await startFixtureCloud();
  await seedShop(fx.cloud, customers);
  const now = Date.now();
  // Real purchase histories (day buckets), no stored features: rules compute them from the buckets.
  const profiles = fx.cloud.db.collection('profiles');
  for (const c of customers) {
    const { features: _features, ...seeded } = profiles.get(c.openid) as Record<string, unknown>;
    const d = buyerProfile(c.openid, now, c.group.days(c.i), { fen: c.group.fen }).d;
    await profiles.update({ _id: c.openid }, { ...seeded, d }, { merge: false });
  }
  const timer = { Type: 'Timer', TriggerName: 'value-every-10-min', Time: new Date().toISOString() };
  for (let i = 0; i < 20; i++) {
    const r = (await fx.cloud.invokeFunction('value', timer, { source: 'wx_trigger' })) as Reply;
    expect(r.error).toBeUndefined();
    if (r.data.score?.status === 'succeeded') break;
  }
});
afterAll(() => fx?.close());

const profileValue = (openid: string) =>
  (fx.cloud.db.collection('profiles').get(openid) as { value?: { churnRisk: string; version: string } })
    .value;

it('a campaign on "high value and churn risk high" reaches exactly those customers, never an opted-out one', async () => {
  const predicted = customers.filter(
    (c) => profileValue(c.openid)?.churnRisk === 'high' && pastSpendYuan(c) >= 500,
  );
  // The model sees what the histories show: the quiet big spenders are the high-value ones slipping away.
  expect(predicted.map((c) => c.openid).sort()).toEqual(
    customers.filter((c) => c.group.prefix === 'qbig' || c.group.prefix === 'qvip').map((c) => c.openid),
  );
  expect(
    customers
      .filter((c) => c.group.prefix === 'qsml')
      .every((c) => profileValue(c.openid)?.churnRisk === 'high'),
  ).toBe(true);
  expect(
    customers
      .filter((c) => c.group.prefix === 'loyal')
      .every((c) => profileValue(c.openid)?.churnRisk === 'low'),
  ).toBe(true);

  const rule = {
    name: '高价值流失预警',
    include: {
      op: 'and',
      items: [
        { kind: 'range', field: 'monetary_365d', min: 500 },
        { kind: 'churn_risk', in: ['high'] },
      ],
    },
  };
  const preview = await admin({ action: 'ruleSegmentPreview', rule });
  expect(preview.error).toBeUndefined();
  expect(preview.data).toMatchObject({ size: predicted.length - 2, excludedOptOut: 2 });
  const saved = await admin({ action: 'ruleSegmentSave', rule });
  expect(saved.error).toBeUndefined();
  const input: Record<string, unknown> = {
    ...campaignDoc('x'),
    segments: [`rule:${saved.data._id}`],
    holdoutPct: 0,
  };
  for (const k of ['_id', 'status', 'createdBy', 'createdAt', 'updatedAt', 'nextRunAt']) delete input[k];
  const campaign = await admin({ action: 'campaignSave', campaign: input });
  expect(campaign.error).toBeUndefined();
  const d = await admin({ action: 'campaignDispatch', id: campaign.data._id });
  expect(d.data.run.ok).toBe(true);
  const sent = fx.cloud.db
    .collection('outbox')
    .find({ campaignId: campaign.data._id, status: 'sent' }, { limit: 1000 })
    .map((r) => String(r.openid))
    .sort();
  const optedOut = predicted.filter((c) => !c.personalization);
  expect(optedOut).toHaveLength(2);
  expect(sent).toEqual(
    predicted
      .filter((c) => c.personalization)
      .map((c) => c.openid)
      .sort(),
  );
  for (const o of optedOut) expect(sent).not.toContain(o.openid);
});

it("the 价值 card's 历史消费高 counts and the rule its card names take the same buyers", async () => {
  const ov = await admin({ action: 'valueOverview' });
  expect(ov.error).toBeUndefined();
  const snap = ov.data.latest as { highValue: { thresholdFen: number; count: number }; atRiskHighValue: number };
  expect(snap.highValue.thresholdFen).toBeGreaterThan(0);
  const min = snap.highValue.thresholdFen / 100; // what the card tells staff to type (atRiskTargetingText)
  const counted = async (items: unknown[]) => {
    const p = await admin({ action: 'ruleSegmentPreview', rule: { name: 'x', include: { op: 'and', items } } });
    expect(p.error).toBeUndefined();
    // The card counts every buyer; the rule leaves out whom consent and the opt-out exclude.
    return p.data.size + p.data.excludedOptOut + p.data.excludedNoConsent;
  };
  const past = { kind: 'range', field: 'monetary_365d', min };
  expect(await counted([past, { kind: 'churn_risk', in: ['high'] }])).toBe(snap.atRiskHighValue);
  expect(await counted([past, { kind: 'value_stage', in: ['buyer'] }])).toBe(snap.highValue.count);
  // Both are PAST spend, the top band: the quiet biggest spenders (¥5,000 in the year) and the loyal
  // (¥3,600), of whom only the quiet are at risk; the quiet ¥750 spenders are under the threshold.
  const of = (...prefixes: string[]) => customers.filter((c) => prefixes.includes(c.group.prefix)).length;
  expect(snap.highValue.count).toBe(of('qvip', 'loyal'));
  expect(snap.atRiskHighValue).toBe(of('qvip'));
});

it('查看成员 gives each listed member the churn sentence the pass stored, for staff', async () => {
  const list = await admin({ action: 'ruleSegmentList', name: '高价值流失预警' });
  expect(list.error).toBeUndefined();
  const m = await admin({ action: 'ruleSegmentMembers', id: list.data[0]._id });
  expect(m.error).toBeUndefined();
  const members = m.data.members as Array<{ customer: string; reasons: string[]; churn?: { level: string; reason: string } }>;
  const stored = customers
    .filter((c) => (c.group.prefix === 'qbig' || c.group.prefix === 'qvip') && c.personalization)
    .map((c) => (fx.cloud.db.collection('profiles').get(c.openid) as { value: { churnRisk: string; churnReason: string } }).value);
  expect(members).toHaveLength(stored.length);
  expect(members.map((x) => x.churn).sort((a, b) => a!.reason.localeCompare(b!.reason))).toEqual(
    stored.map((v) => ({ level: v.churnRisk, reason: v.churnReason })).sort((a, b) => a.reason.localeCompare(b.reason)),
  );
  for (const x of members) {
    expect(x.churn).toMatchObject({ level: 'high', reason: expect.stringContaining('流失风险高') });
    expect(x.reasons).toContain('流失风险高');
  }
  // A customer asks for nothing of this: their own call to admin is refused.
  const asCustomer = await fx.cloud.invokeFunction('admin', { action: 'ruleSegmentMembers', id: list.data[0]._id }, { openid: 'qbig00', source: 'wx_client' });
  expect((asCustomer as Reply).error?.code).toBe('FORBIDDEN');
});

it('the rule CSV carries the churn sentence 查看成员 shows (medium and high only), worded from the stored facts', async () => {
  const rule = { name: '近一年消费高', include: { op: 'and', items: [{ kind: 'range', field: 'monetary_365d', min: 500 }] } };
  const saved = await admin({ action: 'ruleSegmentSave', rule });
  expect(saved.error).toBeUndefined();
  const id = saved.data._id as string;
  const read = async () => {
    const m = await admin({ action: 'ruleSegmentMembers', id, limit: 200 });
    const csv = await admin({ action: 'ruleSegmentCsv', id });
    expect(m.error).toBeUndefined();
    expect(csv.error).toBeUndefined();
    const rows = parseCsv(csv.data.csv as string);
    expect(rows[1]).toEqual(['客户编号（脱敏）', '匹配原因', '流失风险依据']);
    return { members: m.data.members as Array<{ customer: string; churn?: { level: 'low' | 'medium' | 'high'; reason: string } }>, rows: rows.slice(2) };
  };
  const { members, rows } = await read();
  const of = (...prefixes: string[]) => customers.filter((c) => prefixes.includes(c.group.prefix)).length;
  expect(rows).toHaveLength(members.length);
  // Masked ids repeat (qbi…), so row by row: the CSV lists members in 查看成员's order.
  const shown = members.map((x) => [x.customer, x.churn && x.churn.level !== 'low' ? x.churn.reason : '']);
  expect(rows.map((r) => [r[0], r[2]])).toEqual(shown);
  // Big spenders who went quiet carry the sentence; the loyal ones (low risk) an empty cell.
  expect(shown.filter(([, t]) => t.includes('流失风险高')).length).toBe(of('qbig', 'qvip') - 2);
  expect(shown.filter(([, t]) => t === '').length).toBe(of('loyal') - 1);
  for (const cell of rows.flat()) expect(cell).not.toMatch(/^\s*[=+\-@\t\r]/);

  // A pass of an older wording stored its own sentence: staff read the stored facts in today's words.
  const profiles = fx.cloud.db.collection('profiles');
  const quiet = customers.find((c) => c.group.prefix === 'qbig' && c.personalization)!.openid;
  const before = (profiles.get(quiet) as { value: { churnReason: string } }).value.churnReason;
  await profiles.update({ _id: quiet }, { $set: { 'value.churnReason': '已200天未购买，流失风险很高（旧说法）' } });
  const again = await read();
  expect(JSON.stringify(again)).not.toContain('旧说法');
  expect(again.rows.map((r) => r[2])).toContain(before);
  await profiles.update({ _id: quiet }, { $set: { 'value.churnReason': before } });
});

it("the customer's 我的 summary carries no churn label and no prediction", async () => {
  const slipping = customers.find((c) => c.group.prefix === 'qbig')!.openid;
  expect(profileValue(slipping)?.churnRisk).toBe('high');
  const me = (await fx.cloud.invokeFunction(
    'privacy',
    { action: 'me' },
    { openid: slipping, source: 'wx_client' },
  )) as Reply;
  expect(me.error).toBeUndefined();
  const text = JSON.stringify(me.data);
  for (const word of ['churn', 'pActive', 'spend90d', 'purchases90d', '流失', '风险', '未购买'])
    expect(text).not.toContain(word);
});
