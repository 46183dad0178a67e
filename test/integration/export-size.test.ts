/**
 * A staff export bigger than a function may answer a mini program (1 MB, CloudBase
 * EXCEED_MAX_RESPONSE_SIZE), through the REAL admin function: a big rule segment's CSV comes back
 * as a file in cloud storage with a temporary link (the file holds what the inline CSV would);
 * a small one stays inline. The old inline answer of this segment failed the call.
 */
import { namedFileIds } from '../../cloudfunctions/common/admin/export-names';
import { makeCustomers, seedShop, startFixtureCloud, STAFF, type Fixture } from './dispatch-fixtures';

jest.setTimeout(240_000);
let fx: Fixture;
const customers = makeCustomers(12_000, 'exp');
import type { Reply } from '../helpers/reply';
const admin = (event: unknown): Promise<Reply> => fx.cloud.invokeFunction('admin', event, { openid: STAFF, source: 'wx_client' }) as Promise<Reply>;
// Every customer, with a reason per condition: ~110 bytes a row.
const everyone = {
  name: '全部消费者',
  include: {
    op: 'and',
    items: ['monetary_90d', 'recency_days', 'frequency_90d', 'sentiment_mean'].map((field) => ({ kind: 'range', field, min: 0 })),
  },
};
const top = { name: '高消费', include: { op: 'and', items: [{ kind: 'range', field: 'monetary_90d', min: 350 }] } };

beforeAll(async () => {
  fx = await startFixtureCloud();
  await seedShop(fx.cloud, customers);
});
afterAll(() => fx?.close());

it('answers a big segment CSV as a file and its link, a small one inline', async () => {
  const big = await admin({ action: 'ruleSegmentSave', rule: everyone });
  expect(big.error).toBeUndefined();
  const out = await admin({ action: 'ruleSegmentCsv', id: big.data._id });
  expect(out.error).toBeUndefined();
  expect(out.data.csv).toBeUndefined();
  expect(out.data.file).toMatchObject({ fileID: expect.stringContaining('exports/rule-segments/'), url: expect.any(String), expiresInS: 600 });
  // named on the rule, so that a customer's erasure deletes it (consent/erase-customer.ts)
  expect(namedFileIds(fx.cloud.db.collection('rule_segments').get(big.data._id) ?? {})).toEqual([out.data.file.fileID]);
  const res = await fetch(out.data.file.url);
  expect(res.status).toBe(200);
  const raw = Buffer.from(await res.arrayBuffer());
  expect(raw.length).toBe(out.data.file.bytes);
  // a BOM first, so that Excel and WPS read the Chinese header and reasons as UTF-8
  expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = raw.subarray(3).toString('utf8');
  expect(text.split('\n')[1]).toBe('客户编号（脱敏）,匹配原因,流失风险依据');
  expect(out.data.file.bytes).toBeGreaterThan(1024 * 1024);
  expect(text.split('\n')).toHaveLength(out.data.rows + 2);
  for (const c of customers.slice(0, 50)) expect(text).not.toContain(c.openid);

  // Exported again: a new file at a new path, never over the first one. A link goes through the
  // storage CDN, which may serve what it cached until the link expires (README, "Cloud storage and
  // its CDN"): a path written once can serve nothing else, so each link staff hold gives the file it
  // was issued for, under either reading.
  const again = await admin({ action: 'ruleSegmentCsv', id: big.data._id });
  expect(again.error).toBeUndefined();
  expect(again.data.file.fileID).not.toBe(out.data.file.fileID);
  expect(namedFileIds(fx.cloud.db.collection('rule_segments').get(big.data._id) ?? {}).sort()).toEqual([out.data.file.fileID, again.data.file.fileID].sort());
  expect(Buffer.compare(Buffer.from(await (await fetch(out.data.file.url)).arrayBuffer()), raw)).toBe(0);
  const later = Buffer.from(await (await fetch(again.data.file.url)).arrayBuffer());
  expect(later.length).toBe(again.data.file.bytes);

  const small = await admin({ action: 'ruleSegmentSave', rule: top });
  const inline = await admin({ action: 'ruleSegmentCsv', id: small.data._id });
  expect(inline.data.file).toBeUndefined();
  expect(inline.data.csv.split('\n')[1]).toBe('客户编号（脱敏）,匹配原因,流失风险依据');
});
