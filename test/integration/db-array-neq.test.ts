/**
 * The local cloud's three readings of `neq`/`nin`/`in` on an ARRAY field (`QX_ARRAY_NEQ`,
 * common/db/array-neq.ts), through the real wx-server-sdk: 'element' is MongoDB's ("no element
 * equals"), 'whole' a backend that compares the array as one value (never equal to a scalar),
 * 'some' one that applies `neq` to the elements as the documented comparisons are ("some element
 * differs"). Every form of query the wire carries reads the same way; what CloudBase documents
 * (equality with an element, `all`, `size`) reads the same under all; the in-process handle keeps
 * MongoDB's reading. The grants ledger applies a retried push once under all three — the array
 * `pushKeys` it asked `neq` of applied every retry again under 'whole', and never applied the first
 * push under 'some'.
 */
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { applyAccept, applyReject, availableOf, grantId } from '../../cloudfunctions/common/dispatch/grants-ledger';
import type { TestCloud } from '../helpers/local-cloud';
import { idsWhere, startReadingCloud } from '../helpers/reading-cloud';

describe.each(['element', 'whole', 'some'] as const)('neq/nin/in on an array field (%s)', (mode) => {
  let t: TestCloud;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let db: any, _: any, c: any;
  const ids = (q: unknown): Promise<string[]> => idsWhere(c, q);
  // 'a' and 'e' hold arrays, 's' and 't' scalars.
  const seed = [
    { _id: 'a', k: ['x', 'y'] },
    { _id: 'e', k: [] },
    { _id: 's', k: 'x' },
    { _id: 't', k: 'z' },
  ];
  const by = <T>(answers: Record<typeof mode, T>): T => answers[mode];

  beforeAll(async () => {
    ({ t, db, _, c } = await startReadingCloud({ arrayNeq: mode, neqMissing: 'nomatch' }, 'arr', seed));
    // Both ledger tests write grants (the second created none of its own and failed alone).
    await db.createCollection(COLLECTIONS.grants);
  });
  afterAll(() => t.close());

  it('get and count: neq/nin/in on an array read per the mode', async () => {
    const neqX = by({ element: ['e', 't'], whole: ['a', 'e', 't'], some: ['a', 't'] });
    expect(await ids({ k: _.neq('x') })).toEqual(neqX);
    expect(await ids({ k: _.nin(['y', 'z']) })).toEqual(by({ element: ['e', 's'], whole: ['a', 'e', 's'], some: ['a', 's'] }));
    expect(await ids({ k: _.in(['y', 'z']) })).toEqual(by({ element: ['a', 't'], whole: ['t'], some: ['a', 't'] }));
    expect((await c.where({ k: _.neq('y') }).count()).total).toBe(by({ element: 3, whole: 4, some: 3 }));
    // Inside or/and, at any depth.
    expect(await ids(_.or([{ k: _.neq('x') }, { _id: 'zz' }]))).toEqual(neqX);
  });

  it('what CloudBase documents for arrays reads the same under all', async () => {
    expect(await ids({ k: 'x' })).toEqual(['a', 's']);
    expect(await ids({ k: _.all(['x', 'y']) })).toEqual(['a']);
    expect(await ids({ k: _.size(0) })).toEqual(['e']);
    expect(await ids({ k: _.exists(true), _id: _.neq('t') })).toEqual(['a', 'e', 's']);
  });

  it('update, remove and an aggregation $match read it the same way', async () => {
    const u = await c.where({ k: _.neq('x') }).update({ data: { seen: true } });
    expect(u.stats.updated).toBe(by({ element: 2, whole: 3, some: 2 }));
    const agg = await c.aggregate().match({ k: _.nin(['x']) }).sort({ _id: 1 }).limit(10).end();
    expect(agg.list.map((d: { _id: string }) => d._id)).toEqual(by({ element: ['e', 't'], whole: ['a', 'e', 't'], some: ['a', 't'] }));
    const r = await c.where({ k: _.neq('y'), seen: true }).remove();
    expect(r.stats.removed).toBe(by({ element: 2, whole: 3, some: 2 }));
    await c.where({ _id: _.exists(true) }).remove();
    await c.add({ data: seed });
  });

  it("the in-process handle keeps MongoDB's reading whatever the wire's", () => {
    expect(t.cloud.db.collection('arr').find({ k: { $ne: 'x' } }).map((d) => d._id).sort()).toEqual(['e', 't']);
  });

  it('the grants ledger applies a push once, retried in sequence or at once', async () => {
    const wx = new Db(db);
    const key = (n: number) => `popup:u1:${n}:tpl`;
    expect(await applyAccept(wx, 'u1', 'tpl', key(1), 100)).toBe('applied');
    expect(await applyAccept(wx, 'u1', 'tpl', key(1), 100)).toBe('duplicate');
    // WeChat pushes again after 5 s without waiting for the first answer: three at once.
    const racing = await Promise.all([1, 2, 3].map(() => applyAccept(wx, 'u1', 'tpl', key(2), 101)));
    expect(racing.filter((r) => r === 'applied')).toHaveLength(1);
    expect(await availableOf(wx, 'u1', ['tpl'])).toEqual({ tpl: 2 });
    expect(await applyReject(wx, 'u1', 'tpl', 'change:u1:200:tpl', 200, 'change')).toBe('applied');
    expect(await applyReject(wx, 'u1', 'tpl', 'change:u1:200:tpl', 200, 'change')).toBe('duplicate');
    expect(await wx.getById(COLLECTIONS.grants, grantId('u1', 'tpl'))).toMatchObject({ available: 0, accepted: 2, rejected: 1 });
  });

  it('a grants document whose keys are still an array (written before the map) dedups a retry of one of them', async () => {
    const wx = new Db(db);
    const gid = grantId('u2', 'tpl');
    const old = { _id: gid, openid: 'u2', templateId: 'tpl', available: 1, accepted: 1, rejected: 0, consumed: 0, blocked: false, blockedAt: 0 };
    await wx.insert(COLLECTIONS.grants, [{ ...old, pushKeys: ['popup:u2:100:tpl'], updatedAt: 1 }]);
    expect(await applyAccept(wx, 'u2', 'tpl', 'popup:u2:100:tpl', 100)).toBe('duplicate');
    expect(await applyAccept(wx, 'u2', 'tpl', 'popup:u2:101:tpl', 101)).toBe('applied');
    expect(await applyAccept(wx, 'u2', 'tpl', 'popup:u2:101:tpl', 101)).toBe('duplicate');
    expect(await availableOf(wx, 'u2', ['tpl'])).toEqual({ tpl: 2 });
  });
});
