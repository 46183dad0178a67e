/**
 * The admin lists past what one answer holds, through the admin function on the full local cloud
 * (real SDK, the stricter 100-document answers): a rule-name search finds the oldest of 251 rules
 * (any case of a Latin letter, the text taken literally) and pages like the list; the campaign
 * list pages through 230 campaigns (it stopped at the newest 200); the count lines' totals; a
 * product search finds any of 261 products by name, and productGet answers one by id (null once gone).
 */
import { campaignDoc, makeCustomers, newerRules, seedShop, startFixtureCloud, STAFF, type Fixture } from './dispatch-fixtures';
import type { Reply } from '../helpers/reply';

jest.setTimeout(120_000);

let fx: Fixture;
const admin = (event: unknown): Promise<Reply> =>
  fx.cloud.invokeFunction('admin', event, { openid: STAFF, source: 'wx_client' }) as Promise<Reply>;

const OLD_NAME = 'Summer老客(A+B)*';
const NEWER = 250;
const CAMPAIGNS = 230;
let oldId = '';

/** Walks a newest-first list `limit` at a time (cursor `key` of the last row), as the pages do. */
type Row = { _id: string; updatedAt: number } & Record<string, unknown>;

async function walk(event: Record<string, unknown>, limit: number, key: 'updatedAt'): Promise<Row[]> {
  const seen: Row[] = [];
  let before: { updatedAt: number; _id: string } | undefined;
  for (let pages = 0; pages < 20; pages++) {
    const r = await admin({ ...event, limit, ...(before ? { before } : {}) });
    expect(r.error).toBeUndefined();
    seen.push(...r.data);
    if (r.data.length < limit) return seen;
    const last = r.data[r.data.length - 1];
    before = { updatedAt: last[key], _id: last._id };
  }
  throw new Error('more pages than expected');
}

const newestFirst = (rows: Array<{ _id: string; updatedAt: number }>) =>
  [...rows].sort((a, b) => b.updatedAt - a.updatedAt || (a._id < b._id ? 1 : -1)).map((r) => r._id);

beforeAll(async () => {
  fx = await startFixtureCloud();
  await seedShop(fx.cloud, makeCustomers(6, 'alm'));
  const saved = await admin({
    action: 'ruleSegmentSave',
    rule: { name: OLD_NAME, include: { op: 'and', items: [{ kind: 'range', field: 'monetary_90d', min: 250 }] } },
  });
  expect(saved.error).toBeUndefined();
  oldId = saved.data._id;
  await fx.cloud.db.collection('rule_segments').insert(newerRules(NEWER, saved.data.updatedAt as number));
  const t0 = Date.now() - 1_000_000;
  await fx.cloud.db.collection('campaigns').insert(
    Array.from({ length: CAMPAIGNS }, (_, i) =>
      campaignDoc(`cmp_many${String(i).padStart(4, '0')}`, { status: 'draft', nextRunAt: null, createdAt: t0 + i, updatedAt: t0 + Math.floor(i / 3) }),
    ),
  );
});
afterAll(() => fx?.close());

describe('rule-name search', () => {
  it('finds the oldest of 251 rules by a piece of its name, Latin letters in any case', async () => {
    for (const text of ['summer', 'SUMMER老', '老客(a+b)*', ' mer老 ']) {
      const r = await admin({ action: 'ruleSegmentList', name: text });
      expect(r.error).toBeUndefined();
      expect(r.data.map((x: { _id: string }) => x._id)).toEqual([oldId]);
    }
    const count = await admin({ action: 'listCount', list: 'ruleSegments', name: 'Summer' });
    expect(count.data).toEqual({ total: 1 });
  });

  it('takes the text literally: a pattern matches only a name that contains it', async () => {
    for (const text of ['.*', '^新', 'A+C', '规则[0-9]', '\\', 'B)?']) {
      const r = await admin({ action: 'ruleSegmentList', name: text });
      expect(r.error).toBeUndefined();
      expect(r.data).toEqual([]);
    }
  });

  it('pages its matches like the list: every match once, newest first', async () => {
    // 新规则1, 新规则10–19 and 新规则100–199: 111 matches, more than one answer holds.
    const seen = await walk({ action: 'ruleSegmentList', name: '规则1' }, 40, 'updatedAt');
    const expected = Array.from({ length: NEWER }, (_, i) => i).filter((i) => String(i).startsWith('1'));
    expect(seen).toHaveLength(expected.length);
    expect(seen.map((r) => r._id)).toEqual(newestFirst(seen as never));
    expect(new Set(seen.map((r) => r._id))).toEqual(new Set(expected.map((i) => `rule_n${String(i).padStart(5, '0')}`)));
    expect((await admin({ action: 'listCount', list: 'ruleSegments', name: '规则1' })).data).toEqual({ total: expected.length });
    expect((await admin({ action: 'listCount', list: 'ruleSegments' })).data).toEqual({ total: NEWER + 1 });
  });

  it('refuses an empty, too long or control-character search, and a filter the list does not have', async () => {
    for (const name of ['', '   ', 'x'.repeat(21), 'a\u0000b']) {
      expect((await admin({ action: 'ruleSegmentList', name })).error?.code).toBe('INVALID_INPUT');
    }
    expect((await admin({ action: 'listCount', list: 'campaigns', name: 'x' })).error?.code).toBe('INVALID_INPUT');
    expect((await admin({ action: 'listCount', list: 'ruleSegments', campaignId: 'cmp_x' })).error?.code).toBe('INVALID_INPUT');
  });
});

describe('the campaign list', () => {
  it('pages through all 230 campaigns, none twice, most recently changed first', async () => {
    const seen = await walk({ action: 'campaignList' }, 60, 'updatedAt');
    expect(seen).toHaveLength(CAMPAIGNS);
    expect(new Set(seen.map((c) => c._id)).size).toBe(CAMPAIGNS);
    expect(seen.map((c) => c._id)).toEqual(newestFirst(seen as never));
    expect(seen[CAMPAIGNS - 1]._id).toBe('cmp_many0000');
    expect(seen[0]).toMatchObject({ staleTargets: [], timing: expect.any(Object) });
    expect((await admin({ action: 'listCount', list: 'campaigns' })).data).toEqual({ total: CAMPAIGNS });
  });

  it('answers the newest 200 to a page of an earlier release (no page asked for)', async () => {
    const r = await admin({ action: 'campaignList' });
    expect(r.data).toHaveLength(200);
  });
});

describe('the outbox count', () => {
  it('counts every entry of a campaign and those sent, past one answer', async () => {
    const now = Date.now();
    await fx.cloud.db.collection('outbox').insert(
      Array.from({ length: 150 }, (_, i) => ({
        _id: `cmp_many0001:o${String(i).padStart(27, 'x')}`,
        campaignId: 'cmp_many0001',
        openid: `o${String(i).padStart(27, 'x')}`,
        status: i < 120 ? 'sent' : 'skipped',
        group: 'treatment',
        claimedAt: now - i,
        attempts: [],
      })),
    );
    expect((await admin({ action: 'listCount', list: 'outbox', campaignId: 'cmp_many0001' })).data).toEqual({ total: 150, sent: 120 });
    expect((await admin({ action: 'listCount', list: 'outbox', campaignId: 'cmp_many0002' })).data).toEqual({ total: 0, sent: 0 });
  });
});

describe('product search (the campaign editor offered the first 12 of 200 products)', () => {
  it('finds any product by a piece of its name, at most 50 with `more`', async () => {
    await fx.cloud.db.collection('products').insert([
      ...Array.from({ length: 260 }, (_, i) => ({ _id: `p_${String(i).padStart(4, '0')}`, name: `加购商品${i}`, priceFen: 100 + i, stock: 5, categoryId: 'tea' })),
      { _id: 'p_zzzz', name: 'Zebra花茶礼盒', priceFen: 9900, stock: 5, categoryId: 'tea' },
    ]);
    const zebra = await admin({ action: 'productSearch', name: 'zEBRA' });
    expect(zebra.error).toBeUndefined();
    expect(zebra.data).toEqual({ products: [{ _id: 'p_zzzz', name: 'Zebra花茶礼盒', priceFen: 9900 }], more: false });
    const many = await admin({ action: 'productSearch', name: '加购商品1' });
    expect(many.data.products).toHaveLength(50);
    expect(many.data.more).toBe(true);
    expect((await admin({ action: 'productSearch', name: '.*' })).data).toEqual({ products: [], more: false });
    expect((await admin({ action: 'productSearch', name: '' })).error?.code).toBe('INVALID_INPUT');
  });

  it('answers one product by id for the editor (a campaign linked past its 200), null once it is gone', async () => {
    await fx.cloud.db.collection('products').insert([
      { _id: 'p_get_tea', name: '晚到的白茶', priceFen: 2990, stock: 5, categoryId: 'tea' },
      { _id: 'p_get_old', title: '旧标题商品', priceFen: 500, stock: 5, categoryId: 'tea' },
    ]);
    expect((await admin({ action: 'productGet', id: 'p_get_tea' })).data).toEqual({ product: { _id: 'p_get_tea', name: '晚到的白茶', priceFen: 2990 } });
    expect((await admin({ action: 'productGet', id: 'p_get_old' })).data).toEqual({ product: { _id: 'p_get_old', title: '旧标题商品', priceFen: 500 } });
    await fx.cloud.db.collection('products').remove({ _id: 'p_get_tea' });
    expect((await admin({ action: 'productGet', id: 'p_get_tea' })).data).toEqual({ product: null });
    expect((await admin({ action: 'productGet', id: '' })).error?.code).toBe('INVALID_INPUT');
    expect((await admin({ action: 'productGet', id: 'p_get_tea', name: 'x' })).error?.code).toBe('INVALID_INPUT');
  });
});
