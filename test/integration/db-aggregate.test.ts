/**
 * Contract: aggregate().…end() pipelines through the real SDK (database.aggregateDocuments with
 * `stages: [{stageKey, stageValue}]`): match, group, project, addFields, sort, limit, skip, count,
 * unwind, lookup, sortByCount, bucket, and the aggregate operators of db.command.aggregate.
 */
import { AggregateCutError, Db } from '../../cloudfunctions/common/db/wx-db';
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

describe('how many documents an aggregation answers', () => {
  // 25 groups: more than the 20 WeChat cloud answers without a final limit stage.
  let many: string;
  beforeAll(async () => {
    many = await t.collection('agg_many');
    await db.collection(many).add({
      data: Array.from({ length: 50 }, (_x, i) => ({ _id: `m${i}`, g: `g${String(i % 25).padStart(2, '0')}`, w: i })),
    });
  });

  it('a pipeline that does not end in limit answers 20 here (WeChat cloud: 20, measured by developers)', async () => {
    const bare = (await db.collection(many).aggregate().group({ _id: '$g', n: $.sum(1) }).end()).list;
    if (t.kind === 'local') expect(bare).toHaveLength(20);
    else expect([20, 25]).toContain(bare.length);
    // A limit that is not the last stage does not lift it (the stricter reading).
    const early = (await db.collection(many).aggregate().limit(50).group({ _id: '$g' }).end()).list;
    if (t.kind === 'local') expect(early).toHaveLength(20);
    const ended = (await db.collection(many).aggregate().group({ _id: '$g' }).limit(30).end()).list;
    expect(ended).toHaveLength(25);
  });

  it('Db.aggregateAll answers every group, refuses an answer it cannot tell is whole, keeps a sorted head when asked', async () => {
    const facade = new Db(db);
    const all = await facade.aggregateAll(many, (p) => p.group({ _id: '$g', n: $.sum(1) }));
    expect(all).toHaveLength(25);
    expect(all.every((g) => g.n === 2)).toBe(true);
    await expect(facade.aggregateAll(many, (p) => p.group({ _id: '$g' }), { max: 25 })).rejects.toBeInstanceOf(
      AggregateCutError,
    );
    const heaviest = await facade.aggregateAll(
      many,
      (p) => p.group({ _id: '$g', w: $.sum('$w') }).sort({ w: -1 }),
      { max: 3, cut: 'keep' },
    );
    expect(heaviest.map((g) => g._id)).toEqual(['g24', 'g23', 'g22']);
  });
});
