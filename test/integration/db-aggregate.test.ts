/**
 * Contract: aggregate().…end() pipelines through the real SDK (database.aggregateDocuments with
 * `stages: [{stageKey, stageValue}]`): match, group, project, addFields, sort, limit, skip, count,
 * unwind, lookup, sortByCount, bucket, and the aggregate operators of db.command.aggregate.
 */
import { announceTarget, sdkTarget, type SdkTarget } from '../helpers/local-cloud';

let t: SdkTarget;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any, $: any, _: any, orders: any, productsName: string;

beforeAll(async () => {
  announceTarget('db-aggregate');
  t = await sdkTarget();
  db = t.db;
  _ = db.command;
  $ = db.command.aggregate;
  orders = db.collection(await t.collection('agg_orders'));
  productsName = await t.collection('agg_products');
  await db.collection(productsName).add({ data: [{ _id: 'p1', title: '茶' }, { _id: 'p2', title: '咖啡' }] });
  await orders.add({
    data: [
      { _id: 'o1', user: 'u1', amount: 1200, product: 'p1', tags: ['a', 'b'] },
      { _id: 'o2', user: 'u1', amount: 300, product: 'p2', tags: ['a'] },
      { _id: 'o3', user: 'u2', amount: 5000, product: 'p1', tags: [] },
      { _id: 'o4', user: 'u3', amount: 80, product: 'p2', tags: ['c', 'a'] },
    ],
  });
});
afterAll(() => t.close());

it('match + group + sort', async () => {
  const { list } = await orders
    .aggregate()
    .match({ amount: _.gte(100) })
    .group({ _id: '$user', total: $.sum('$amount'), n: $.sum(1), avg: $.avg('$amount') })
    .sort({ total: -1 })
    .end();
  expect(list).toEqual([
    { _id: 'u2', total: 5000, n: 1, avg: 5000 },
    { _id: 'u1', total: 1500, n: 2, avg: 750 },
  ]);
});

it('project + addFields + skip + limit', async () => {
  const { list } = await orders
    .aggregate()
    .sort({ amount: 1 })
    .addFields({ yuan: $.divide(['$amount', 100]) })
    .project({ _id: 0, user: 1, yuan: 1 })
    .skip(1)
    .limit(2)
    .end();
  expect(list).toEqual([
    { user: 'u1', yuan: 3 },
    { user: 'u1', yuan: 12 },
  ]);
});

it('match + sort + skip + limit alone', async () => {
  const { list } = await orders.aggregate().match({ amount: _.gt(100) }).sort({ user: 1, amount: -1 }).skip(1).limit(2).end();
  expect(list.map((o: { _id: string }) => o._id)).toEqual(['o2', 'o3']);
});

it('count', async () => {
  const { list } = await orders.aggregate().match({ user: 'u1' }).count('n').end();
  expect(list).toEqual([{ n: 2 }]);
});

it('unwind + sortByCount', async () => {
  const { list } = await orders.aggregate().unwind('$tags').sortByCount('$tags').end();
  expect(list[0]).toEqual({ _id: 'a', count: 3 });
  expect(list).toHaveLength(3);
});

it('lookup joins another collection', async () => {
  const { list } = await orders
    .aggregate()
    .match({ _id: 'o1' })
    .lookup({ from: productsName, localField: 'product', foreignField: '_id', as: 'p' })
    .end();
  expect(list[0].p).toEqual([{ _id: 'p1', title: '茶' }]);
});

it('bucket', async () => {
  const { list } = await orders
    .aggregate()
    .bucket({ groupBy: '$amount', boundaries: [0, 500, 2000], default: 'big', output: { n: $.sum(1) } })
    .end();
  expect(list).toEqual([
    { _id: 0, n: 2 },
    { _id: 500, n: 1 },
    { _id: 'big', n: 1 },
  ]);
});

it('aggregation does not change stored documents', async () => {
  await orders.aggregate().addFields({ extra: 1 }).end();
  expect((await orders.doc('o1').get()).data).not.toHaveProperty('extra');
});
