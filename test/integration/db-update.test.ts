/**
 * Contract: update operators as db.command serialises them — set, remove, inc, mul, min, max,
 * rename, push (each/position/slice/sort), pull, pullAll, addToSet, pop, shift, unshift — plus
 * `updated` counts (0 when nothing changed), `_id` immutability and updateAndReturn
 * (database.modifyAndReturnDoc, reached through the SDK's own @cloudbase/database layer).
 */
import { announceTarget, sdkTarget, type SdkTarget } from '../helpers/local-cloud';

let t: SdkTarget;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any, _: any, c: any, name: string;
let n = 0;
async function roundTrip(initial: Record<string, unknown>, data: Record<string, unknown>): Promise<Record<string, unknown>> {
  const id = `d${n++}`;
  await c.add({ data: { _id: id, ...initial } });
  await c.doc(id).update({ data });
  const { data: doc } = await c.doc(id).get();
  delete doc._id;
  return doc;
}

beforeAll(async () => {
  announceTarget('db-update');
  t = await sdkTarget();
  db = t.db;
  _ = db.command;
  name = await t.collection('update');
  c = db.collection(name);
});
afterAll(() => t.close());

it('set replaces a whole sub-object; plain objects merge by path', async () => {
  expect(await roundTrip({ o: { a: 1, b: 2 } }, { o: _.set({ c: 3 }) })).toEqual({ o: { c: 3 } });
  expect(await roundTrip({ o: { a: 1, b: 2 } }, { o: { c: 3 } })).toEqual({ o: { a: 1, b: 2, c: 3 } });
});

it('remove, inc, mul, min, max, rename', async () => {
  expect(await roundTrip({ a: 1, b: 2 }, { a: _.remove() })).toEqual({ b: 2 });
  expect(await roundTrip({ a: 1 }, { a: _.inc(2), z: _.inc(1) })).toEqual({ a: 3, z: 1 });
  expect(await roundTrip({ a: 3 }, { a: _.mul(1.5) })).toEqual({ a: 4.5 });
  expect(await roundTrip({ a: 3, b: 3 }, { a: _.min(1), b: _.min(9) })).toEqual({ a: 1, b: 3 });
  expect(await roundTrip({ a: 3, b: 3 }, { a: _.max(1), b: _.max(9) })).toEqual({ a: 3, b: 9 });
  expect(await roundTrip({ a: 1 }, { a: _.rename('b') })).toEqual({ b: 1 });
});

it('array operators: push, pull, pullAll, addToSet, pop, shift, unshift', async () => {
  expect(await roundTrip({ t: [1] }, { t: _.push([2, 3]) })).toEqual({ t: [1, 2, 3] });
  expect(await roundTrip({ t: [1, 4] }, { t: _.push({ each: [2, 3], position: 1 }) })).toEqual({ t: [1, 2, 3, 4] });
  expect(await roundTrip({ t: [5, 1] }, { t: _.push({ each: [3], sort: 1, slice: 2 }) })).toEqual({ t: [1, 3] });
  expect(await roundTrip({ t: [1, 2, 3, 2] }, { t: _.pull(2) })).toEqual({ t: [1, 3] });
  expect(await roundTrip({ t: [1, 2, 3, 4] }, { t: _.pull(_.gt(2)) })).toEqual({ t: [1, 2] });
  expect(await roundTrip({ t: [1, 2, 3] }, { t: _.pullAll([1, 3]) })).toEqual({ t: [2] });
  expect(await roundTrip({ t: [1, 2] }, { t: _.addToSet(2) })).toEqual({ t: [1, 2] });
  expect(await roundTrip({ t: [1, 2] }, { t: _.addToSet({ each: [2, 3] }) })).toEqual({ t: [1, 2, 3] });
  expect(await roundTrip({ t: [1, 2, 3] }, { t: _.pop() })).toEqual({ t: [1, 2] });
  expect(await roundTrip({ t: [1, 2, 3] }, { t: _.shift() })).toEqual({ t: [2, 3] });
  expect(await roundTrip({ t: [3] }, { t: _.unshift([1, 2]) })).toEqual({ t: [1, 2, 3] });
});

it('sets nested paths and array elements by index', async () => {
  expect(await roundTrip({ o: { p: { q: 1 } } }, { 'o.p.q': 2 })).toEqual({ o: { p: { q: 2 } } });
  expect(await roundTrip({ t: [1, 2, 3] }, { 't.1': 9 })).toEqual({ t: [1, 9, 3] });
});

it('resolves db.serverDate() in updates; inside _.set() the SDK sends only {offset}', async () => {
  const before = Date.now() - 5000;
  const doc = await roundTrip({ a: 1 }, { seenAt: db.serverDate(), 'o.at': db.serverDate({ offset: -1000 }), p: _.set({ at: db.serverDate() }) });
  expect(doc.seenAt).toBeInstanceOf(Date);
  expect((doc.seenAt as Date).getTime()).toBeGreaterThan(before);
  expect((doc.o as { at: Date }).at.getTime()).toBeLessThan((doc.seenAt as Date).getTime());
  // wx-server-sdk 4.0.2 does not encode operands of _.set(): the wire carries {"offset":0}, so
  // the service (real or local) stores that object, not a date. Use plain fields for server dates.
  expect(doc.p).toEqual({ at: { offset: 0 } });
});

it('reports updated 0 when nothing changes', async () => {
  await c.add({ data: { _id: 'same', a: 1 } });
  expect((await c.doc('same').update({ data: { a: 1 } })).stats.updated).toBe(0);
  expect((await c.doc('same').update({ data: { a: 2 } })).stats.updated).toBe(1);
});

it('applies concurrent _.inc() calls atomically', async () => {
  await c.add({ data: { _id: 'ctr', n: 0 } });
  await Promise.all(Array.from({ length: 50 }, () => c.doc('ctr').update({ data: { n: _.inc(1) } })));
  expect((await c.doc('ctr').get()).data.n).toBe(50);
});

it('refuses to change _id', async () => {
  await c.add({ data: { _id: 'fixed', a: 1 } });
  await expect(c.doc('fixed').update({ data: { _id: 'other' } })).rejects.toThrow();
  expect((await c.doc('fixed').get()).data.a).toBe(1);
});

it('where().update() updates every match, multi:false only the first', async () => {
  await c.add({ data: [{ g: 'm', v: 0 }, { g: 'm', v: 0 }, { g: 'm', v: 0 }] });
  expect((await c.where({ g: 'm' }).update({ data: { v: _.inc(1) } })).stats.updated).toBe(3);
  expect((await c.where({ g: 'm' }).update({ data: { v: _.inc(1) }, multi: false })).stats.updated).toBe(1);
  const vs = (await c.where({ g: 'm' }).get()).data.map((d: { v: number }) => d.v).sort();
  expect(vs).toEqual([1, 1, 2]);
});

it('updateAndReturn returns the document after the update', async () => {
  await c.add({ data: { _id: 'ret', cnt: 1, k: 'r' } });
  const raw = db._db; // @cloudbase/database Db underneath wx-server-sdk
  const res = await raw.collection(name).where({ k: 'r' }).updateAndReturn({ cnt: raw.command.inc(4) });
  expect(res.updated).toBe(1);
  expect(res.doc).toEqual({ _id: 'ret', cnt: 5, k: 'r' });
  const none = await raw.collection(name).where({ k: 'none' }).updateAndReturn({ cnt: 1 });
  expect(none.updated).toBe(0);
  expect(none.doc).toBeNull();
});

it('refuses inc on a non-numeric field and paths through scalars, changing nothing', async () => {
  await c.add({ data: { _id: 'badinc', d: 'x', rev: 's', n: 1 } });
  await expect(c.doc('badinc').update({ data: { rev: _.inc(1), n: _.inc(1) } })).rejects.toThrow(/non-numeric/);
  await expect(c.doc('badinc').update({ data: { 'd.k': _.inc(1) } })).rejects.toThrow(/cannot create field/);
  const { data: doc } = await c.doc('badinc').get();
  expect(doc).toEqual({ _id: 'badinc', d: 'x', rev: 's', n: 1 });
});
