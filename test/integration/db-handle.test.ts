/**
 * The in-process `db` handle (same engine as the wire), hash indexes, and persistence across a
 * clean restart. Local only.
 */
import { startLocalCloud } from '../../scripts/local-cloud';
import { loadSdk, startTestCloud, type TestCloud } from '../helpers/local-cloud';

let tc: TestCloud;
beforeAll(async () => {
  tc = await startTestCloud();
  Object.assign(process.env, tc.env);
});
afterAll(() => tc.close());

it('reads and writes through the handle with the same semantics the SDK sees', async () => {
  const users = tc.cloud.db.collection('users');
  const ids = await users.insert([{ _id: 'u1', n: 1, tags: ['a'] }, { n: 2 }]);
  expect(ids[0]).toBe('u1');
  expect(ids[1]).toMatch(/^[0-9a-f]{32}$/);
  expect(await users.update({ _id: 'u1' }, { $inc: { n: 10 }, $push: { tags: 'b' } })).toEqual({ matched: 1, updated: 1 });
  expect(users.get('u1')).toEqual({ _id: 'u1', n: 11, tags: ['a', 'b'] });
  expect(users.count({ n: { $gt: 1 } })).toBe(2);
  expect(users.find({}, { sort: { n: -1 }, limit: 1, projection: { n: 1 } })).toEqual([{ _id: 'u1', n: 11 }]);
  const sdk = loadSdk('local');
  const viaSdk = await sdk.database().collection('users').doc('u1').get();
  expect(viaSdk.data).toEqual(users.get('u1'));
  expect(await users.remove({ n: 2 })).toBe(1);
  expect(users.count()).toBe(1);
});

it('returns copies: mutating a result does not change the store', () => {
  const users = tc.cloud.db.collection('users');
  const doc = users.get('u1') as { n: number };
  doc.n = 999;
  expect((users.get('u1') as { n: number }).n).toBe(11);
});

it('stamps _openid only when asked (client-side adds), never for server-SDK adds', async () => {
  const c = tc.cloud.db.collection('owned');
  await c.insert({ _id: 'x' }, { openid: 'o_user' });
  expect(c.get('x')).toEqual({ _id: 'x', _openid: 'o_user' });
});

it('index lookups narrow candidates without changing results', async () => {
  const ev = tc.cloud.db.collection('events_ix');
  const docs = Array.from({ length: 2000 }, (_, i) => ({ openid: `o${i % 50}`, type: i % 2 ? 'view' : 'buy', items: [{ sku: `s${i % 7}` }] }));
  await ev.insert(docs);
  const before = {
    eq: ev.find({ openid: 'o7' }, { limit: 1000 }),
    inq: ev.count({ openid: { $in: ['o1', 'o2'] }, type: 'buy' }),
    and: ev.count({ $and: [{ openid: 'o3' }, { type: 'view' }] }),
    nested: ev.count({ 'items.sku': 's3' }),
  };
  await ev.ensureIndex('openid');
  await tc.cloud.db.ensureIndex('events_ix', 'items.sku');
  const engine = tc.cloud.db.engine;
  expect([...engine.coll('events_ix').candidates({ openid: 'o7' })]).toHaveLength(40);
  expect([...engine.coll('events_ix').candidates({ 'items.sku': 's3' })].length).toBeLessThan(400);
  expect(ev.find({ openid: 'o7' }, { limit: 1000 })).toEqual(before.eq); // same docs, same natural order
  expect(ev.count({ openid: { $in: ['o1', 'o2'] }, type: 'buy' })).toBe(before.inq);
  expect(ev.count({ $and: [{ openid: 'o3' }, { type: 'view' }] })).toBe(before.and);
  expect(ev.count({ 'items.sku': 's3' })).toBe(before.nested);
  // index follows updates and removes
  await ev.update({ openid: 'o7' }, { $set: { openid: 'o7b' } }, { multi: true });
  expect(ev.count({ openid: 'o7' })).toBe(0);
  expect(ev.count({ openid: 'o7b' })).toBe(40);
  await ev.remove({ openid: 'o7b' });
  expect([...engine.coll('events_ix').candidates({ openid: 'o7b' })]).toHaveLength(0);
});

it('keeps documents and index declarations across a restart', async () => {
  const dir = tc.dataDir;
  await tc.cloud.close();
  const again = await startLocalCloud({ dataDir: dir });
  try {
    expect(again.db.collection('users').get('u1')).toEqual({ _id: 'u1', n: 11, tags: ['a', 'b'] });
    expect(again.db.engine.coll('events_ix').indexes.has('openid')).toBe(true);
    expect(again.db.collection('events_ix').count()).toBe(1960);
  } finally {
    await again.close();
  }
});
