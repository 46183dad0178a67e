import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import { ERASURE_SLACK_MS, erasedSince, lastErasureAt, markErased } from './erasures';
import { isCurrentConsent, tombstoneId } from './policy';

const T0 = Date.UTC(2026, 11, 5);

describe('erasure marks', () => {
  it('mark the consent record (kept, still current) or create one that grants nothing', async () => {
    const { db } = memoryDb();
    await db.insert(COLLECTIONS.consents, [{ _id: 'a', openid: 'a', version: 1, granted: true, personalization: true }]);
    await markErased(db, 'a', T0);
    await markErased(db, 'b', T0 + 5);
    const a = await db.getById(COLLECTIONS.consents, 'a');
    expect(a).toMatchObject({ granted: true, erasedAt: T0, updatedAt: T0 });
    expect(isCurrentConsent(a as never)).toBe(true);
    const b = await db.getById(COLLECTIONS.consents, 'b');
    expect(b).toMatchObject({ openid: 'b', granted: false, erasedAt: T0 + 5 });
    expect(isCurrentConsent(b as never)).toBe(false);
    expect(await lastErasureAt(db)).toBe(T0 + 5);
  });

  it('marking again with the same values keeps the consent (CloudBase counts modified documents: 0)', async () => {
    const { db } = memoryDb();
    await db.insert(COLLECTIONS.consents, [{ _id: 'a', openid: 'a', version: 1, granted: true, personalization: true }]);
    await markErased(db, 'a', T0);
    const update = db.updateWhere.bind(db);
    db.updateWhere = async (coll, where, data) => (await update(coll, where, data), 0); // nothing modified
    await markErased(db, 'a', T0);
    expect(await db.getById(COLLECTIONS.consents, 'a')).toMatchObject({ granted: true, version: 1, erasedAt: T0 });
  });

  it('erasedSince sees marks after (and just before, by the slack) a read, on records and tombstones', async () => {
    const { db } = memoryDb();
    expect(await lastErasureAt(db)).toBe(0);
    expect((await erasedSince(db, T0))('a')).toBe(false);
    await markErased(db, 'old', T0 - ERASURE_SLACK_MS - 1);
    await markErased(db, 'near', T0 - ERASURE_SLACK_MS + 1);
    await markErased(db, 'after', T0 + 1);
    await db.insert(COLLECTIONS.consents, [{ _id: tombstoneId('gone'), tombstone: true, withdrawnAt: T0 + 2, erasedAt: T0 + 2 }]);
    const erased = await erasedSince(db, T0);
    expect(['old', 'near', 'after', 'gone', 'other'].map(erased)).toEqual([false, true, true, true, false]);
  });

  it('more marks than one query answers: everyone counts as erased (skip rather than risk a write)', async () => {
    const { db } = memoryDb();
    await db.insert(
      COLLECTIONS.consents,
      Array.from({ length: 1000 }, (_, i) => ({ _id: `c${i}`, openid: `c${i}`, erasedAt: T0 + i })),
    );
    expect((await erasedSince(db, T0))('someone')).toBe(true);
  });
});
