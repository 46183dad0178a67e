/**
 * The local cloud's two readings of `lt`/`lte` on a field that is missing or null
 * (`QX_LT_MISSING`, common/db/lt-missing.ts), through the real wx-server-sdk: 'nomatch' is
 * MongoDB's type bracketing, 'match' a backend that compares in BSON's cross-type order (missing
 * and null lowest, as MongoDB's own `$expr` does). A lower bound reads the same under both; the
 * in-process handle keeps MongoDB's reading. Then the product query that selects by a timestamp
 * most documents lack — retention finishing interrupted erasures — under both.
 */
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { ERASURE_GRACE_MS, finishErasures } from '../../cloudfunctions/retention/erasures';
import type { TestCloud } from '../helpers/local-cloud';
import { idsWhere, startReadingCloud } from '../helpers/reading-cloud';

describe.each(['match', 'nomatch'] as const)('lt/lte on a missing or null field (%s)', (mode) => {
  let t: TestCloud;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let db: any, _: any, c: any;
  const ids = (q: unknown): Promise<string[]> => idsWhere(c, q);
  // 'm' lacks `t`, 'n' holds null.
  const seed = [{ _id: 'a', t: 1 }, { _id: 'b', t: 5 }, { _id: 'm' }, { _id: 'n', t: null }];
  const low = (present: string[]): string[] => (mode === 'match' ? [...present, 'm', 'n'].sort() : present);

  beforeAll(async () => {
    ({ t, db, _, c } = await startReadingCloud({ ltMissing: mode, schema: true }, 'lt', seed));
  });
  afterAll(() => t.close());

  it('an upper bound alone matches missing and null only in the cross-type reading; a lower bound never', async () => {
    expect(await ids({ t: _.lt(3) })).toEqual(low(['a']));
    expect(await ids({ t: _.lte(5) })).toEqual(low(['a', 'b']));
    expect((await c.where({ t: _.lt(3) }).count()).total).toBe(low(['a']).length);
    expect(await ids(_.or([{ t: _.lt(3) }, { _id: 'b' }]))).toEqual(low(['a', 'b']));
    expect(await ids({ t: _.gt(0).and(_.lt(3)) })).toEqual(['a']);
    expect(await ids({ t: _.gte(5) })).toEqual(['b']);
  });

  it('update, remove and an aggregation $match read it the same way', async () => {
    expect((await c.where({ t: _.lt(3) }).update({ data: { seen: true } })).stats.updated).toBe(low(['a']).length);
    const agg = await c.aggregate().match({ t: _.lte(1) }).sort({ _id: 1 }).limit(10).end();
    expect(agg.list.map((d: { _id: string }) => d._id)).toEqual(low(['a']));
    expect((await c.where({ t: _.lt(3), seen: true }).remove()).stats.removed).toBe(low(['a']).length);
    expect(t.cloud.db.collection('lt').find({ t: { $lt: 3 } })).toEqual([]); // in-process: MongoDB's
    await c.where({ _id: _.in(seed.map((d) => d._id)) }).remove();
    await c.add({ data: seed });
  });

  it('retention finishes an interrupted erasure and leaves consents that were never erased alone', async () => {
    const wx = new Db(db);
    const T0 = Date.UTC(2026, 11, 5, 12);
    await wx.insert(COLLECTIONS.consents, [
      { _id: 'keep', openid: 'keep', version: 1, granted: true, personalization: true },
      { _id: 'gone', openid: 'gone', version: 1, granted: true, personalization: true, erasedAt: T0 },
    ]);
    await wx.insert(COLLECTIONS.events, [
      { _id: 'keep:e1', openid: 'keep', name: 'product_view', ts: T0 },
      { _id: 'gone:e1', openid: 'gone', name: 'product_view', ts: T0 },
    ]);
    const files = { upload: async () => '', idOf: async () => '', download: async () => Buffer.alloc(0), remove: async () => undefined };
    const now = T0 + ERASURE_GRACE_MS + 1;
    // A clock that stands still for 200 looks, then jumps past the deadline: a pass that keeps
    // selecting the same records ends (done: false) instead of looping until the test times out.
    let looks = 0;
    const clock = () => now + (++looks > 200 ? 120_000 : 0);
    expect(await finishErasures({ db: wx, files, now: clock, deadline: now + 60_000 })).toEqual({ finished: 1, done: true });
    expect(await wx.count(COLLECTIONS.events, { openid: 'keep' })).toBe(1);
    expect(await wx.count(COLLECTIONS.events, { openid: 'gone' })).toBe(0);
    expect(await wx.getById(COLLECTIONS.consents, 'keep')).not.toHaveProperty('erasureDoneAt');
  });
});
