import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import type { Db } from '../db/wx-db';
import { applyAccept, applyReject, consumeGrant, grantId, settleGrant } from '../dispatch/grants-ledger';
import { markErased } from '../consent/erasures';
import { tombstoneId } from '../consent/policy';
import { buildGrantHolders, cachedGrantHolders, HOLDERS_TTL_MS, MAX_GRANT_PATCH } from './grant-holders';

const TPL = 'tpl_price_drop';
const grant = (openid: string, available: number, over: Record<string, unknown> = {}) => ({
  _id: grantId(openid, TPL),
  openid,
  templateId: TPL,
  available,
  accepted: available,
  consumed: 0,
  blocked: false,
  blockedAt: 0,
  pushKeys: [],
  ...over,
});

/** Counts the grants queries a call makes (pages of the walk, or the patch's one query). */
function counting(db: Db): { db: Db; reads: () => number } {
  let n = 0;
  const spy = Object.create(db) as Db;
  spy.find = async (coll, where, o) => {
    if (coll === COLLECTIONS.grants) n++;
    return db.find(coll, where, o);
  };
  return { db: spy, reads: () => n };
}

describe('grant holders per template: built once, then only what changed', () => {
  it('a repeated estimate reads one query, not every grant again', async () => {
    const { db } = memoryDb();
    // 2,500 holders: three pages of the walk (the cloud answers at most 1,000 a page)
    await db.insert(COLLECTIONS.grants, Array.from({ length: 2500 }, (_, i) => grant(`u${i}`, 1)));
    await db.insert(COLLECTIONS.grants, [grant('blocked', 1, { blocked: true }), grant('spent', 0), { ...grant('other', 1), _id: 'other:tpl_x', templateId: 'tpl_x' }]);
    const c = counting(db);
    const first = await cachedGrantHolders(c.db, TPL, { refresh: true });
    expect(first.openids.size).toBe(2500);
    expect(c.reads()).toBeGreaterThanOrEqual(3);
    const before = c.reads();
    const again = await cachedGrantHolders(c.db, TPL);
    expect(again).toBe(first);
    expect(c.reads() - before).toBe(1);
  });

  it.each(['match', 'nomatch'] as const)('counts a holder whose document predates pushes (no `blocked`) (neq on missing: %s)', async (neqMissing) => {
    const { db } = memoryDb({ neqMissing });
    const { blocked: _b, blockedAt: _ba, pushKeys: _pk, ...legacy } = grant('old', 1);
    await db.insert(COLLECTIONS.grants, [legacy, grant('new', 1), grant('blocked', 1, { blocked: true })]);
    expect([...(await buildGrantHolders(db, TPL)).openids].sort()).toEqual(['new', 'old']);
  });

  it('follows every ledger write at the next use: accept, consume, refund, zero, reject-later', async () => {
    const { db } = memoryDb();
    await db.insert(COLLECTIONS.grants, [grant('a', 1), grant('b', 0)]);
    const h = await cachedGrantHolders(db, TPL, { refresh: true });
    expect([...h.openids]).toEqual(['a']);
    const at = Math.floor(Date.now() / 1000);
    await applyAccept(db, 'b', TPL, 'k1', at);
    await applyAccept(db, 'c', TPL, 'k2', at); // a new grants document
    expect([...(await cachedGrantHolders(db, TPL)).openids].sort()).toEqual(['a', 'b', 'c']);
    expect(await consumeGrant(db, 'a', TPL)).toBe(true);
    expect([...(await cachedGrantHolders(db, TPL)).openids].sort()).toEqual(['b', 'c']);
    await settleGrant(db, 'a', TPL, 47003); // refused for its data, not sent: the grant comes back
    expect((await cachedGrantHolders(db, TPL)).openids.has('a')).toBe(true);
    await settleGrant(db, 'a', TPL, 43101); // WeChat says there is no grant: zeroed
    expect((await cachedGrantHolders(db, TPL)).openids.has('a')).toBe(false);
    await applyReject(db, 'c', TPL, 'k3', at + 1, 'change'); // 拒收 from the notice card
    const h2 = await cachedGrantHolders(db, TPL);
    expect(h2).toBe(h);
    expect([...h2.openids]).toEqual(['b']);
    // What a fresh walk finds, the patched set holds.
    expect([...(await buildGrantHolders(db, TPL)).openids]).toEqual([...h2.openids]);
  });

  it('a cloud that answers 100 documents a query: 150 spent grants all leave the set', async () => {
    const { db } = memoryDb({ pageCap: 100 });
    await db.insert(COLLECTIONS.grants, Array.from({ length: 200 }, (_, i) => grant(`p${i}`, 1)));
    const h = await cachedGrantHolders(db, TPL, { refresh: true });
    expect(h.openids.size).toBe(200);
    for (let i = 0; i < 150; i++) expect(await consumeGrant(db, `p${i}`, TPL)).toBe(true);
    const h2 = await cachedGrantHolders(db, TPL);
    expect(h2).toBe(h); // patched, not rebuilt
    expect(h2.openids.size).toBe(50);
  });

  it('forgets erased customers at once (their grants go without a stamp), and counts them again when they subscribe again', async () => {
    const { db } = memoryDb();
    await db.insert(COLLECTIONS.grants, [grant('a', 1), grant('b', 1), grant('c', 1)]);
    const h = await cachedGrantHolders(db, TPL, { refresh: true });
    expect(h.openids.size).toBe(3);
    const at = Date.now();
    // 删除我的数据 of a: the mark first, then the grants go.
    await markErased(db, 'a', at);
    await db.removeWhere(COLLECTIONS.grants, { openid: 'a' });
    await db.updateById(COLLECTIONS.consents, 'a', { erasureDoneAt: at, updatedAt: at });
    // 撤回同意 of b: the mark, the grants, then a hashed tombstone replaces the record.
    await markErased(db, 'b', at);
    await db.removeWhere(COLLECTIONS.grants, { openid: 'b' });
    await db.setById(COLLECTIONS.consents, tombstoneId('b'), { tombstone: true, withdrawnAt: at, erasedAt: at });
    await db.removeWhere(COLLECTIONS.consents, { _id: 'b' });
    expect([...(await cachedGrantHolders(db, TPL)).openids]).toEqual(['c']);
    // a subscribes again after the deletion: a holder again, on this look and the next.
    await applyAccept(db, 'a', TPL, 'k-again', Math.floor(Date.now() / 1000));
    expect([...(await cachedGrantHolders(db, TPL)).openids].sort()).toEqual(['a', 'c']);
    expect([...(await cachedGrantHolders(db, TPL)).openids].sort()).toEqual(['a', 'c']);
  });

  it('rebuilds after the TTL, or when more changed than one page of changes', async () => {
    const { db } = memoryDb();
    await db.insert(COLLECTIONS.grants, [grant('a', 1)]);
    const now = Date.now();
    const h = await cachedGrantHolders(db, TPL, { refresh: true, now });
    expect(await cachedGrantHolders(db, TPL, { now: now + HOLDERS_TTL_MS + 1 })).not.toBe(h);
    const h2 = await cachedGrantHolders(db, TPL, { refresh: true, now });
    await db.insert(COLLECTIONS.grants, Array.from({ length: MAX_GRANT_PATCH + 1 }, (_, i) => grant(`n${i}`, 1, { updatedAt: now + 1 })));
    const h3 = await cachedGrantHolders(db, TPL, { now: now + 2 });
    expect(h3).not.toBe(h2);
    expect(h3.openids.size).toBe(MAX_GRANT_PATCH + 2);
  });
});
