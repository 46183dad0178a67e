/**
 * Contract: query command operators as wx-server-sdk serialises them (db.command), matched with
 * MongoDB semantics — comparison, in/nin, logic and/or/nor/not, exists, elemMatch, size, regex,
 * nested fields, arrays, Dates.
 */
import { announceTarget, sdkTarget, type SdkTarget } from '../helpers/local-cloud';
import { idsWhere } from '../helpers/reading-cloud';

let t: SdkTarget;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any, _: any, c: any;
const ids = (q: unknown): Promise<string[]> => idsWhere(c, q);

beforeAll(async () => {
  announceTarget('db-query');
  t = await sdkTarget();
  db = t.db;
  _ = db.command;
  c = db.collection(await t.collection('query'));
  await c.add({
    data: [
      { _id: 'a', n: 1, s: 'apple', tags: ['x', 'y'], o: { k: 1 }, at: new Date('2024-01-01T00:00:00Z'), items: [{ sku: 's1', q: 2 }] },
      { _id: 'b', n: 2, s: 'banana', tags: ['y'], o: { k: 2 }, at: new Date('2024-06-01T00:00:00Z'), items: [{ sku: 's2', q: 5 }, { sku: 's1', q: 1 }] },
      { _id: 'c', n: 3, s: 'Cherry', tags: [], o: { k: 3 }, at: new Date('2025-01-01T00:00:00Z'), items: [] },
      { _id: 'd', n: 4, s: 'date', tags: ['x', 'y', 'z'], nil: null },
    ],
  });
});
afterAll(() => t.close());

it('compares with eq/neq/gt/gte/lt/lte', async () => {
  expect(await ids({ n: _.eq(2) })).toEqual(['b']);
  expect(await ids({ n: _.neq(2) })).toEqual(['a', 'c', 'd']);
  expect(await ids({ n: _.gt(2) })).toEqual(['c', 'd']);
  expect(await ids({ n: _.gte(2).and(_.lt(4)) })).toEqual(['b', 'c']);
  expect(await ids({ n: _.lte(1) })).toEqual(['a']);
  expect(await ids({ at: _.gte(new Date('2024-03-01T00:00:00Z')) })).toEqual(['b', 'c']);
});

it('matches in/nin', async () => {
  expect(await ids({ s: _.in(['apple', 'date']) })).toEqual(['a', 'd']);
  expect(await ids({ n: _.nin([1, 2]) })).toEqual(['c', 'd']);
  // `in` against an ARRAY field compares the whole array by default (QX_ARRAY_NEQ=whole,
  // common/db/array-neq.ts): an array is never in a list of scalars; MongoDB's reading (some
  // element in the list) is covered by db-array-neq.test.ts.
  expect(await ids({ tags: _.in(['z']) })).toEqual([]);
});

it('combines with and/or/nor/not', async () => {
  expect(await ids(_.or([{ n: 1 }, { s: 'date' }]))).toEqual(['a', 'd']);
  expect(await ids(_.and([{ n: _.gt(1) }, { n: _.lt(4) }]))).toEqual(['b', 'c']);
  expect(await ids({ n: _.or(_.lt(2), _.gt(3)) })).toEqual(['a', 'd']);
  expect(await ids(_.nor([{ n: 1 }, { n: 2 }]))).toEqual(['c', 'd']);
  expect(await ids({ n: _.not(_.gt(2)) })).toEqual(['a', 'b']);
});

it('tests presence with exists (null is present, missing is not)', async () => {
  expect(await ids({ nil: _.exists(true) })).toEqual(['d']);
  expect(await ids({ at: _.exists(false) })).toEqual(['d']);
  // Equality with null is read as SQL's `= NULL` by default (QX_NULL_EQ=nomatch, common/db/null-eq.ts):
  // it matches nothing; MongoDB's reading (null and missing) is covered by db-null-eq.test.ts.
  expect(await ids({ nil: null })).toEqual([]);
});

it('queries arrays: equality on element, all, size, elemMatch', async () => {
  expect(await ids({ tags: 'x' })).toEqual(['a', 'd']);
  expect(await ids({ tags: _.all(['x', 'y']) })).toEqual(['a', 'd']);
  expect(await ids({ tags: _.size(0) })).toEqual(['c']);
  expect(await ids({ items: _.elemMatch({ sku: 's1', q: _.gte(2) }) })).toEqual(['a']);
  expect(await ids({ 'items.sku': 's1' })).toEqual(['a', 'b']);
});

it('queries nested fields with dot paths and nested objects', async () => {
  expect(await ids({ 'o.k': _.gte(2) })).toEqual(['b', 'c']);
  expect(await ids({ o: { k: 1 } })).toEqual(['a']); // the SDK flattens to o.k
});

it('matches regular expressions (db.RegExp with options, JS RegExp)', async () => {
  expect(await ids({ s: db.RegExp({ regexp: '^c', options: 'i' }) })).toEqual(['c']);
  expect(await ids({ s: /an/ })).toEqual(['b']);
});

it('evaluates aggregation expressions with _.expr', async () => {
  const $ = _.aggregate;
  expect(await ids(_.expr($.gt(['$n', $.size('$tags')])))).toEqual(['b', 'c', 'd']);
});

it('counts with the same filters', async () => {
  expect((await c.where({ tags: 'y' }).count()).total).toBe(3);
  expect((await c.where(_.or([{ n: 1 }, { n: 4 }])).count()).total).toBe(2);
});
