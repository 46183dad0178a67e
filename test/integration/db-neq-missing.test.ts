/**
 * The local cloud's two readings of `neq`/`nin` on a document that lacks the field
 * (`QX_NEQ_MISSING`, common/db/neq-missing.ts), through the real wx-server-sdk: 'match' is
 * MongoDB's, 'nomatch' a backend that reads `a ≠ x` as "a holds another value". Every form of
 * query the wire carries reads the same way (get, count, update, remove, an aggregation's
 * `$match`); the spelled-out "other, or missing" matches under both; the in-process handle keeps
 * MongoDB's reading (tests and the emulator's own services). The product's queries that mean
 * "other than x, or missing" answer the same under both.
 */
import { buildGrantHolders } from '../../cloudfunctions/common/audience/grant-holders';
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { applyAccept, consumeGrant, grantId } from '../../cloudfunctions/common/dispatch/grants-ledger';
import type { TestCloud } from '../helpers/local-cloud';
import { idsWhere, startReadingCloud } from '../helpers/reading-cloud';

describe.each(['match', 'nomatch'] as const)('neq/nin on a missing field (%s)', (mode) => {
  let t: TestCloud;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let db: any, _: any, c: any;
  const ids = (q: unknown): Promise<string[]> => idsWhere(c, q);
  // 'm' lacks `f`, 'n' holds null, 'o' lacks the parent of `p.d`.
  const seed = [
    { _id: 'a', f: 1, p: { d: 'x' } },
    { _id: 'b', f: 2, p: { d: 'y' } },
    { _id: 'm', g: 1 },
    { _id: 'n', f: null, p: {} },
  ];
  const withMissing = (present: string[]): string[] => (mode === 'match' ? [...present, 'm'].sort() : present);

  beforeAll(async () => {
    ({ t, db, _, c } = await startReadingCloud({ neqMissing: mode }, 'neq', seed));
  });
  afterAll(() => t.close());

  it('get and count: a document without the field matches only in MongoDB reading; null is a value', async () => {
    expect(await ids({ f: _.neq(1) })).toEqual(withMissing(['b', 'n']));
    expect(await ids({ f: _.nin([1, 2]) })).toEqual(withMissing(['n']));
    expect((await c.where({ f: _.neq(2) }).count()).total).toBe(withMissing(['a', 'n']).length);
    // A dotted path through a missing parent is missing; an empty parent too.
    expect(await ids({ 'p.d': _.neq('x') })).toEqual(mode === 'match' ? ['b', 'm', 'n'] : ['b']);
    // Inside or/and, at any depth.
    expect(await ids(_.or([{ f: _.neq(1) }, { g: 5 }]))).toEqual(withMissing(['b', 'n']));
    expect(await ids(_.and([{ _id: _.in(['a', 'm']) }, { f: _.neq(7) }]))).toEqual(withMissing(['a']));
  });

  it('the spelled-out "another value, or none" matches the same under both readings', async () => {
    expect(await ids(_.or([{ f: _.neq(1) }, { f: _.exists(false) }]))).toEqual(['b', 'm', 'n']);
    expect(await ids(_.and([{ g: 1 }, _.or([{ f: _.neq(1) }, { f: _.exists(false) }])]))).toEqual(['m']);
  });

  it('update, remove and an aggregation $match read it the same way', async () => {
    const u = await c.where({ f: _.neq(1) }).update({ data: { seen: true } });
    expect(u.stats.updated).toBe(withMissing(['b', 'n']).length);
    const agg = await c.aggregate().match({ f: _.neq(2) }).sort({ _id: 1 }).limit(10).end();
    expect(agg.list.map((d: { _id: string }) => d._id)).toEqual(withMissing(['a', 'n']));
    const r = await c.where({ f: _.nin([2]), seen: true }).remove();
    expect(r.stats.removed).toBe(withMissing(['n']).length);
    await c.where({ _id: _.in(['n', 'm']) }).remove();
    await c.add({ data: seed.filter((d) => d._id === 'n' || d._id === 'm') });
  });

  it("the in-process handle keeps MongoDB's reading whatever the wire's", () => {
    expect(t.cloud.db.collection('neq').find({ f: { $ne: 1 } }).map((d) => d._id).sort()).toEqual(['b', 'm', 'n']);
  });

  it('grants documents from before pushes fed the ledger (no blocked/blockedAt/push keys) hold, are consumed and counted', async () => {
    const wx = new Db(db);
    await db.createCollection(COLLECTIONS.grants);
    const legacy = (openid: string) => ({ _id: grantId(openid, 'tpl'), openid, templateId: 'tpl', available: 1, consumed: 0 });
    await wx.insert(COLLECTIONS.grants, [legacy('u1'), legacy('u2')]);
    expect([...(await buildGrantHolders(wx, 'tpl')).openids].sort()).toEqual(['u1', 'u2']);
    expect(await consumeGrant(wx, 'u1', 'tpl')).toBe(true);
    expect(await applyAccept(wx, 'u2', 'tpl', 'k1', 100)).toBe('applied');
    expect(await applyAccept(wx, 'u2', 'tpl', 'k1', 100)).toBe('duplicate');
    expect(await wx.getById(COLLECTIONS.grants, grantId('u2', 'tpl'))).toMatchObject({ available: 2, pushed: { k1: expect.any(Number) }, blockedAt: 0 });
  });
});
