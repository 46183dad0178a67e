/**
 * Contract: documents in and out through the REAL wx-server-sdk — add (one/many), _id format and
 * uniqueness, doc get/set/update/remove, where get/count/update/remove, limit/skip/orderBy/field,
 * serverDate, db.RegExp, and the missing-document error. Runs against the local cloud, or a real
 * CloudBase env when QX_CLOUD_ENV + keys are set (see test/helpers/local-cloud.ts).
 */
import { announceTarget, sdkTarget, type SdkTarget } from '../helpers/local-cloud';

let t: SdkTarget;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any;
beforeAll(async () => {
  announceTarget('db-crud');
  t = await sdkTarget();
  db = t.db;
});
afterAll(() => t.close());

describe('add', () => {
  it('adds one document and generates a 32-hex _id without _openid (server SDK)', async () => {
    const c = db.collection(await t.collection('crud_add'));
    const res = await c.add({ data: { name: '苹果', price: 1200 } });
    expect(res.errMsg).toBe('collection.add:ok');
    expect(res._id).toMatch(/^[0-9a-f]{32}$/);
    const { data } = await c.doc(res._id).get();
    expect(data).toEqual({ _id: res._id, name: '苹果', price: 1200 });
    expect(data).not.toHaveProperty('_openid');
  });

  it('adds many documents in one call, keeping given _ids', async () => {
    const c = db.collection(await t.collection('crud_many'));
    const res = await c.add({ data: [{ _id: 'p1', n: 1 }, { n: 2 }, { _id: 'p3', n: 3 }] });
    expect(res._ids).toHaveLength(3);
    expect(res._ids[0]).toBe('p1');
    expect(res._ids[2]).toBe('p3');
    expect((await c.count()).total).toBe(3);
  });

  it("rejects a duplicate _id with CloudBase's DATABASE_DUPLICATE_WRITE (the SDK's -501001) and leaves the stored document alone", async () => {
    const c = db.collection(await t.collection('crud_dup'));
    await c.add({ data: { _id: 'same', v: 1 } });
    // wx-server-sdk 4.0.2 has no errCode for the documented code: it becomes SYS_ERR, -501001.
    await expect(c.add({ data: { _id: 'same', v: 2 } })).rejects.toMatchObject({ errCode: -501001 });
    await expect(c.add({ data: { _id: 'same', v: 2 } })).rejects.toThrow(/duplicate key/i);
    expect((await c.doc('same').get()).data.v).toBe(1);
    // what a refused batch keeps depends on QX_BATCH_INSERT: see db-batch-insert.test.ts
  });

  it('round-trips every JSON type, big integers, floats and Dates unchanged', async () => {
    const c = db.collection(await t.collection('crud_types'));
    const doc = {
      int: 42, neg: -7, big: 1_700_000_000_123, float: 19.99, zero: 0, t: true, f: false, nul: null,
      s: '群像 ✓', empty: {}, arr: [1, 'a', [2, 3], { x: 1 }], at: new Date('2024-05-06T07:08:09.123Z'),
    };
    const { _id } = await c.add({ data: doc });
    expect((await c.doc(_id).get()).data).toEqual({ _id, ...doc });
    expect((await c.where({ big: 1_700_000_000_123, float: 19.99 }).count()).total).toBe(1);
  });

  it('stores db.serverDate() as a Date set by the server (with offset)', async () => {
    const c = db.collection(await t.collection('crud_date'));
    const before = Date.now();
    const { _id } = await c.add({ data: { at: db.serverDate(), later: db.serverDate({ offset: 60_000 }) } });
    const { data } = await c.doc(_id).get();
    expect(data.at).toBeInstanceOf(Date);
    expect(data.at.getTime()).toBeGreaterThanOrEqual(before - 5000);
    expect(data.later.getTime() - data.at.getTime()).toBeGreaterThanOrEqual(59_000);
    const found = await c.where({ at: db.command.lte(new Date()) }).get();
    expect(found.data).toHaveLength(1);
  });
});

describe('doc', () => {
  it('fails doc().get() of a missing document like the real service', async () => {
    const c = db.collection(await t.collection('crud_missing'));
    await c.add({ data: { _id: 'there' } });
    await expect(c.doc('not-there').get()).rejects.toThrow('document.get:fail document with _id not-there does not exist');
  });

  it('set() replaces the whole document (upserting), update() merges', async () => {
    const c = db.collection(await t.collection('crud_set'));
    const created = await c.doc('u1').set({ data: { a: 1, nested: { x: 1, y: 2 } } });
    expect(created.stats).toEqual({ updated: 0, created: 1 });
    const replaced = await c.doc('u1').set({ data: { b: 2 } });
    expect(replaced.stats).toEqual({ updated: 1, created: 0 });
    expect((await c.doc('u1').get()).data).toEqual({ _id: 'u1', b: 2 });
    const upd = await c.doc('u1').update({ data: { c: 3, nested: { x: 9 } } });
    expect(upd.stats.updated).toBe(1);
    expect((await c.doc('u1').get()).data).toEqual({ _id: 'u1', b: 2, c: 3, nested: { x: 9 } });
    // update of a missing doc changes nothing (no upsert)
    expect((await c.doc('nobody').update({ data: { a: 1 } })).stats.updated).toBe(0);
    expect((await c.where({ _id: 'nobody' }).count()).total).toBe(0);
  });

  it('field() on doc projects', async () => {
    const c = db.collection(await t.collection('crud_docfield'));
    await c.add({ data: { _id: 'f', a: 1, b: 2, c: 3 } });
    expect((await c.doc('f').field({ a: true }).get()).data).toEqual({ _id: 'f', a: 1 });
  });

  it('remove() deletes one document', async () => {
    const c = db.collection(await t.collection('crud_rm'));
    await c.add({ data: [{ _id: 'r1' }, { _id: 'r2' }] });
    expect((await c.doc('r1').remove()).stats.removed).toBe(1);
    expect((await c.doc('r1').remove()).stats.removed).toBe(0);
    expect((await c.count()).total).toBe(1);
  });
});

describe('where', () => {
  /** A new collection of 30 documents: i 0–29, g = i % 3, name n<i>. */
  async function thirty(name: string) {
    const c = db.collection(await t.collection(name));
    const docs = Array.from({ length: 30 }, (_, i) => ({ _id: `w${String(i).padStart(2, '0')}`, i, g: i % 3, name: `n${i}`, extra: i }));
    await c.add({ data: docs });
    return c;
  }
  // Read only by the tests below; the one that updates and removes has its own (each stands alone).
  let c: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  beforeAll(async () => {
    c = await thirty('crud_where');
  });

  it('orders by several fields, skips and limits', async () => {
    const r = await c.orderBy('g', 'desc').orderBy('i', 'asc').skip(2).limit(3).get();
    expect(r.data.map((d: { i: number }) => d.i)).toEqual([8, 11, 14]);
  });

  it('defaults to 100 documents from the SDK and counts without a limit', async () => {
    expect((await c.get()).data).toHaveLength(30);
    expect((await c.where({ g: 1 }).count()).total).toBe(10);
  });

  it('projects with field() (include and exclude)', async () => {
    const inc = await c.where({ i: 4 }).field({ name: true }).get();
    expect(inc.data).toEqual([{ _id: 'w04', name: 'n4' }]);
    const exc = await c.where({ i: 4 }).field({ extra: false, name: false }).get();
    expect(exc.data).toEqual([{ _id: 'w04', i: 4, g: 1 }]);
  });

  it('updates all matches (multi) and removes all matches', async () => {
    const c = await thirty('crud_where_rm');
    const u = await c.where({ g: 0 }).update({ data: { flagged: true } });
    expect(u.stats.updated).toBe(10);
    expect((await c.where({ flagged: true }).count()).total).toBe(10);
    const r = await c.where({ flagged: true, i: db.command.gte(15) }).remove();
    expect(r.stats.removed).toBe(5);
    expect((await c.count()).total).toBe(25);
  });

  it('matches db.RegExp and JS RegExp', async () => {
    const a = await c.where({ name: db.RegExp({ regexp: '^N2', options: 'i' }) }).get();
    expect(a.data.map((d: { i: number }) => d.i).sort((x: number, y: number) => x - y)).toEqual([2, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
    const b = await c.where({ name: /^n1\d$/ }).count();
    expect(b.total).toBe(10); // n10..n19
  });
});

describe('collections', () => {
  it('refuses to read or write a collection that was never created, and to create one twice', async () => {
    const ghost = db.collection(`never_created_${Date.now()}`);
    await expect(ghost.count()).rejects.toMatchObject({ errCode: -502005 });
    await expect(ghost.add({ data: { a: 1 } })).rejects.toMatchObject({ errCode: -502005 });
    const name = await t.collection('crud_twice');
    await expect(db.createCollection(name)).rejects.toThrow();
  });
});

describe('limit', () => {
  // The documents disagree (reference: 1000; older guide and developers' measurements: 100), so
  // the contract is "one of the two"; the local cloud answers its configured cap (default 100,
  // QX_GET_CAP; scripts/local-cloud/db/get-cap.ts). A real env run records which one holds.
  it('caps a where-get of limit 1000 at 100 or 1000 documents, and skip pages on from there', async () => {
    const c = db.collection(await t.collection('crud_limit'));
    const docs = Array.from({ length: 1100 }, (_, i) => ({ i }));
    for (let k = 0; k < docs.length; k += 500) await c.add({ data: docs.slice(k, k + 500) });
    const r = await c.orderBy('i', 'asc').limit(1000).get();
    const cap = r.data.length;
    expect([100, 1000]).toContain(cap);
    if (t.kind === 'local') expect(cap).toBe(Number(process.env.QX_GET_CAP || 100));
    else console.info(`[db-crud] this env answers ${cap} documents to limit(1000)`);
    const page2 = await c.orderBy('i', 'asc').skip(cap).limit(1000).get();
    expect(page2.data.map((d: { i: number }) => d.i)).toEqual(Array.from({ length: Math.min(cap, 1100 - cap) }, (_, k) => cap + k));
  });
});
