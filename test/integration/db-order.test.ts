/**
 * Result order through the REAL wx-server-sdk against the local cloud, which answers what a query
 * leaves unordered (no orderBy; ties of a non-unique orderBy) in a per-query random order, as a
 * MongoDB-like cloud may. Paging by `skip` over `orderBy('ts', 'desc')` with tied timestamps then
 * reads some documents twice and misses others; the product's `Db.find` adds `_id` as a final
 * tie-breaker and refuses `skip` without `orderBy`, and `Db.findAll` pages by `_id` keyset.
 */
import { Db, UnorderedSkipError } from '../../cloudfunctions/common/db/wx-db';
import { reviewPage } from '../../cloudfunctions/refit/sentiment/reviews';
import { loadSdk, startTestCloud, type TestCloud } from '../helpers/local-cloud';

jest.setTimeout(120_000);
let local: TestCloud;
let db: Db;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let raw: any;
const TS = Date.UTC(2026, 11, 1);
const N = 250;

beforeAll(async () => {
  local = await startTestCloud({ resultOrder: 'shuffled' });
  Object.assign(process.env, local.env);
  raw = loadSdk('local').database();
  db = new Db(raw);
  // 250 reviews submitted in the same millisecond (an import, a batch upload): all ts tie.
  await local.cloud.db.collection('events').insert(
    Array.from({ length: N }, (_, i) => ({
      _id: `u${i % 7}:r${String(i).padStart(3, '0')}`,
      openid: `u${i % 7}`,
      name: 'review_submit',
      ts: TS,
      props: { productId: 'p1', text: `评价${i}`, rating: 1 + (i % 5) },
    })),
  );
});
afterAll(() => local?.close());

const ids = (docs: Array<Record<string, unknown>>) => docs.map((d) => String(d._id));

it('answers an unordered query and the ties of a sort in an order that differs per query', async () => {
  // Two customers' 72 reviews: one answer holds them all under either page cap (100 or 1000).
  const two = Array.from({ length: N }, (_, i) => i).filter((i) => i % 7 < 2).length;
  const get = async () => ids((await raw.collection('events').where({ name: 'review_submit', openid: raw.command.in(['u0', 'u1']) }).limit(100).get()).data);
  const [a, b] = [await get(), await get()];
  expect(new Set(a).size).toBe(two);
  expect(a).not.toEqual(b);
  expect(a).not.toEqual([...a].sort());
});

it('skip paging over a tied orderBy alone repeats and misses reviews (the old query)', async () => {
  const seen: string[] = [];
  for (let skip = 0; skip < N; skip += 100)
    seen.push(...ids((await raw.collection('events').where({ name: 'review_submit' }).orderBy('ts', 'desc').skip(skip).limit(100).get()).data));
  expect(seen).toHaveLength(N);
  expect(new Set(seen).size).toBeLessThan(N);
});

it('the sentiment refit reads every tied review exactly once (reviewPage: keyset on ts, _id)', async () => {
  const seen: string[] = [];
  for (let after; ; ) {
    const page = await reviewPage(db, TS, after, 100);
    seen.push(...page.rows.map((r) => r.key));
    if (page.last) break;
    after = page.next;
  }
  expect(seen).toHaveLength(N);
  expect(new Set(seen).size).toBe(N);
});

it('Db.find refuses skip without orderBy', async () => {
  await expect(db.find('events', { name: 'review_submit' }, { skip: 100, limit: 100 })).rejects.toBeInstanceOf(UnorderedSkipError);
});

it('Db.findAll reads every match exactly once across pages, whatever the page size', async () => {
  for (const pageSize of [1000, 60, 7]) {
    const all = await db.findAll('events', { name: 'review_submit', openid: db._.in(['u1', 'u2', 'u3']) }, { pageSize, fields: { openid: true } });
    const want = Array.from({ length: N }, (_, i) => i).filter((i) => [1, 2, 3].includes(i % 7)).length;
    expect(all).toHaveLength(want);
    expect(new Set(ids(all)).size).toBe(want);
    expect(Object.keys(all[0]).sort()).toEqual(['_id', 'openid']);
  }
  await expect(db.findAll('events', { _id: 'x' })).rejects.toThrow(/must not constrain _id/);
});
