import { memoryDb } from './memory-sdk';

const ids = (docs: Array<Record<string, unknown>>) => docs.map((d) => String(d._id));

async function shop(o: Parameters<typeof memoryDb>[0] = {}) {
  const m = memoryDb(o);
  await m.db.insert('c', Array.from({ length: 40 }, (_, i) => ({ _id: `k${String(i).padStart(2, '0')}`, ts: i % 4 })));
  return m.db;
}

it('answers what a query leaves unordered in a per-query random order, like the local cloud', async () => {
  const db = await shop({ resultOrderSeed: 7 });
  const inserted = Array.from({ length: 40 }, (_, i) => `k${String(i).padStart(2, '0')}`);
  const a = ids(await db.find('c', {}, { limit: 40 }));
  const b = ids(await db.find('c', {}, { limit: 40 }));
  expect([...a].sort()).toEqual(inserted);
  expect(a).not.toEqual(inserted);
  expect(a).not.toEqual(b);
  // Ties of a non-unique sort too; Db.find's `_id` tie-breaker makes the order total again.
  const raw = db.sdk.collection('c');
  const tied1 = ids((await raw.orderBy('ts', 'asc').limit(40).get()).data);
  const tied2 = ids((await raw.orderBy('ts', 'asc').limit(40).get()).data);
  expect(tied1).not.toEqual(tied2);
  const total = ids(await db.find('c', {}, { orderBy: ['ts', 'asc'], limit: 40 }));
  expect(total).toEqual([...inserted].sort((x, y) => Number(x.slice(1)) % 4 - Number(y.slice(1)) % 4 || (x < y ? -1 : 1)));
  // The same seed replays; natural order is for debugging.
  expect(ids(await (await shop({ resultOrderSeed: 7 })).find('c', {}, { limit: 40 }))).toEqual(a);
  expect(ids(await (await shop({ resultOrder: 'natural' })).find('c', {}, { limit: 40 }))).toEqual(inserted);
});

it('counts the documents an update modified, not those it matched, like CloudBase and the local cloud', async () => {
  const db = await shop({ updateCount: 'modified' });
  expect(await db.updateWhere('c', { ts: 1 }, { ts: 1 })).toBe(0);
  expect(await db.updateById('c', 'k01', { ts: 5 })).toBe(1);
  expect(await db.updateWhere('c', { ts: 5 }, { ts: 5, note: 'x' })).toBe(1);
});

it('counts the documents an update matched under the other reading (QX_UPDATE_COUNT=matched), as the local cloud then does', async () => {
  const db = await shop({ updateCount: 'matched' });
  expect(await db.updateWhere('c', { ts: 1 }, { ts: 1 })).toBe(10);
  expect(await db.updateById('c', 'k01', { ts: 5 })).toBe(1);
  expect(await db.updateWhere('c', { ts: 5 }, { ts: 5 })).toBe(1);
  expect(await db.updateWhere('c', { ts: 9 }, { ts: 5 })).toBe(0);
});

it("refuses field names the local cloud refuses (CloudBase's FAQ rule by default), storing nothing", async () => {
  const { db, tables } = memoryDb();
  const refused = /DATABASE_REQUEST_FAILED.*"ab-cd".*not valid for storage/;
  // A batch with one bad document stores none of it, as the local cloud.
  await expect(db.insert('c', [{ _id: 'ok', a: 1 }, { _id: 'bad', holds: { 'ab-cd': 1 } }])).rejects.toThrow(refused);
  expect(tables.get('c')?.size ?? 0).toBe(0);
  await db.insert('c', [{ _id: 'a', n: 1 }]);
  // An update's path segment and a stored value's nested key; a removal's path is free.
  await expect(db.updateById('c', 'a', { 'holds.ab-cd': 1 })).rejects.toThrow(refused);
  await expect(db.updateById('c', 'a', { holds: db._.set({ 'ab-cd': 1 }) })).rejects.toThrow(refused);
  await expect(db.updateById('c', 'a', { ['k'.repeat(33)]: 1 })).rejects.toThrow(/not valid for storage/);
  await expect(db.updateById('c', 'a', { _private: 1 })).rejects.toThrow(/not valid for storage/);
  expect(tables.get('c')!.get('a')).toEqual({ _id: 'a', n: 1 });
  await db.updateById('c', 'a', { 'ab-cd': db._.remove(), ok_2: { x: 1 } });
  expect(tables.get('c')!.get('a')).toEqual({ _id: 'a', n: 1, ok_2: { x: 1 } });
  // MongoDB's looser rule on request, as QX_FIELD_NAMES=mongo gives the local cloud.
  const loose = memoryDb({ fieldNames: 'mongo' });
  await loose.db.insert('c', [{ _id: 'a', holds: { 'ab-cd': 1 } }]);
  await expect(loose.db.insert('c', [{ _id: 'b', 'a.b': 1 }])).rejects.toThrow(/no '\.'/);
});
