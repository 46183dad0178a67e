/**
 * The local cloud's two batch-insert behaviours (`QX_BATCH_INSERT`), through the real
 * wx-server-sdk: 'ordered' (MongoDB's default, the local default) keeps the documents before the
 * first refused one and names its index; 'atomic' keeps none. Both answer CloudBase's documented
 * DATABASE_DUPLICATE_WRITE, which the SDK surfaces as errCode -501001 (its table lacks the code),
 * and the one duplicate-key helper (`common/db`) classifies both without reading the message.
 */
import { WRITE_ID_FIELD } from '../../cloudfunctions/common/db/write-id';
import { Db, DuplicateKeyError } from '../../cloudfunctions/common/db/wx-db';
import { loadSdk, startTestCloud, type TestCloud } from '../helpers/local-cloud';

describe.each(['ordered', 'atomic'] as const)('a batch insert with a duplicate _id (%s)', (mode) => {
  let t: TestCloud;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let db: any;
  beforeAll(async () => {
    t = await startTestCloud({ batchInsert: mode });
    Object.assign(process.env, t.env);
    db = loadSdk('local').database();
    for (const c of ['batch', 'batch2']) await db.createCollection(c);
  });
  afterAll(() => t.close());

  it(`keeps ${mode === 'ordered' ? 'the prefix before the refused document' : 'nothing'} and says which index failed`, async () => {
    const c = db.collection('batch');
    await c.add({ data: { _id: 'same', v: 1 } });
    const err = await c.add({ data: [{ _id: 'a' }, { _id: 'b' }, { _id: 'same' }, { _id: 'c' }] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ errCode: -501001 });
    expect(String(err.errMsg)).toMatch(/E11000 duplicate key.*index: 2, code: 11000.*nInserted: /);
    expect(String(err.errMsg)).toContain(`nInserted: ${mode === 'ordered' ? 2 : 0}`);
    const ids = (await c.get()).data.map((d: { _id: string }) => d._id).sort();
    expect(ids).toEqual(mode === 'ordered' ? ['a', 'b', 'same'] : ['same']);
  });

  it('the common/db helper reports what is present, so callers can tell their own prefix from duplicates', async () => {
    const wx = new Db(db);
    await wx.insert('batch2', [{ _id: 'old', by: 'x' }]);
    const err = await wx.insert('batch2', [{ _id: 'n1', by: 'me' }, { _id: 'old', by: 'me' }, { _id: 'n2', by: 'me' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DuplicateKeyError);
    const present = (err as DuplicateKeyError).present;
    expect([...present.keys()].sort()).toEqual(mode === 'ordered' ? ['n1', 'old'] : ['old']);
    expect(present.get('old')).toMatchObject({ by: 'x' });
    expect(await wx.insertUnique('batch2', { _id: 'old' })).toBe(false);
    expect(await wx.insertUnique('batch2', { _id: 'n3' })).toBe(true);
    // -501001 (the documented duplicate code, as the SDK reports it) with the document stored is a
    // duplicate, whoever stored it; with nothing stored it is thrown as it came.
    expect(await wx.insertUnique('batch2', { _id: 'n3' })).toBe(false);
  });

  it('insertUnique stores its write-id through the real SDK, and no Db reader answers it', async () => {
    const wx = new Db(db);
    expect(await wx.insertUnique('batch2', { _id: 'w1', v: 1 })).toBe(true);
    // The cloud accepts the field (CloudBase's field-name rule: no leading underscore) and keeps it.
    const raw = (await db.collection('batch2').doc('w1').get()).data;
    expect(raw[WRITE_ID_FIELD]).toEqual(expect.any(String));
    expect(await wx.getById('batch2', 'w1')).toEqual({ _id: 'w1', v: 1 });
    const agg = await wx.aggregateAll('batch2', (p) => p.match({ _id: 'w1' }));
    expect(agg).toEqual([{ _id: 'w1', v: 1 }]);
  });
});
