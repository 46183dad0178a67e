import { COLLECTIONS } from '../contracts/collections';
import { eraseCustomerData } from '../consent/erase-customer';
import { markErased } from '../consent/erasures';
import { memoryDb } from '../db/testing/memory-sdk';
import { buildProjection, cachedProjection, MAX_CONSENT_PATCH, patchConsentChanges } from './projection-cache';

const T0 = Date.UTC(2026, 11, 1);
const profile = (id: string) => ({ _id: id, openid: id, rev: 1, d: {}, segment: 1 });
const consent = (id: string, over: Record<string, unknown> = {}) => ({
  _id: id,
  openid: id,
  version: 1,
  granted: true,
  grantedAt: T0 - 86_400_000,
  personalization: true,
  updatedAt: T0 - 86_400_000,
  ...over,
});

async function shop(n: number, pageCap?: number) {
  const { db } = memoryDb(pageCap ? { pageCap } : {});
  const ids = Array.from({ length: n }, (_, i) => `u${String(i).padStart(3, '0')}`);
  await db.insert(COLLECTIONS.profiles, ids.map(profile));
  await db.insert(COLLECTIONS.consents, ids.map((id) => consent(id)));
  return { db, ids };
}

const row = (p: { rows: Array<{ openid: string; personalization: boolean; consented: boolean }> }, id: string) =>
  p.rows.find((r) => r.openid === id)!;

describe('projection cache: consent is never left to the TTL', () => {
  it('an opt-out written after the build leaves the cached rows at the next use', async () => {
    const { db } = await shop(5);
    const built = await cachedProjection(db, { refresh: true, now: T0 });
    expect(row(built, 'u002').personalization).toBe(true);
    await db.updateById(COLLECTIONS.consents, 'u002', { personalization: false, updatedAt: T0 + 1_000 });
    const p = await cachedProjection(db, { now: T0 + 2_000 });
    expect(p).toBe(built); // patched in place, not rebuilt
    expect(row(p, 'u002').personalization).toBe(false);
    expect(p.rows.filter((r) => r.personalization)).toHaveLength(4);
    expect(p.consentsSeenAt).toBe(T0 + 1_000);
  });

  it('a deletion (profile gone, consent record marked) drops the row at the next use', async () => {
    const { db } = await shop(4);
    const built = await cachedProjection(db, { refresh: true, now: T0 });
    await markErased(db, 'u001', T0 + 1_000);
    await db.removeWhere(COLLECTIONS.profiles, { _id: 'u001' });
    const p = await cachedProjection(db, { now: T0 + 2_000 });
    expect(p).toBe(built);
    expect(p.rows.map((r) => r.openid)).toEqual(['u000', 'u002', 'u003']);
  });

  it('a deletion the projection looked at half-way (marked, profile still there) drops the row once it is done', async () => {
    const { db } = await shop(4);
    const built = await cachedProjection(db, { refresh: true, now: T0 });
    const removeWhere = db.removeWhere.bind(db);
    let looked = false;
    db.removeWhere = async (coll, where) => {
      // A preview between the erasure's mark and its removal of the profile: the row is patched, not dropped.
      if (coll === COLLECTIONS.profiles && !looked) looked = !!(await cachedProjection(db, { now: T0 + 1_500 }));
      return removeWhere(coll, where);
    };
    let clock = T0 + 1_000;
    await eraseCustomerData({ db, files: { remove: async () => undefined }, openid: 'u001', now: () => (clock += 10) });
    const p = await cachedProjection(db, { now: T0 + 2_000 });
    expect(p).toBe(built);
    expect(p.rows.map((r) => r.openid)).toEqual(['u000', 'u002', 'u003']);
  });

  it('nothing changed: the rows stay and no rebuild happens', async () => {
    const { db } = await shop(3);
    const p0 = await buildProjection(db, T0);
    const before = structuredClone(p0.rows);
    expect(await patchConsentChanges(db, p0, T0 + 1_000)).toBe(true);
    expect(p0.rows).toEqual(before);
  });

  it('a withdrawal (tombstone without openid) or a burst of changes asks for a rebuild', async () => {
    const { db, ids } = await shop(MAX_CONSENT_PATCH + 2);
    const p = await buildProjection(db, T0);
    await db.insert(COLLECTIONS.consents, [{ _id: 'tomb:abc', tombstone: true, withdrawnAt: T0 + 1_000 }]);
    expect(await patchConsentChanges(db, p, T0 + 2_000)).toBe(false);
    const q = await buildProjection(db, T0 + 3_000);
    for (const id of ids) await db.updateById(COLLECTIONS.consents, id, { personalization: false, updatedAt: T0 + 4_000 });
    expect(await patchConsentChanges(db, q, T0 + 5_000)).toBe(false);
  });

  it('a cloud that answers 100 documents a query: 150 opt-outs are all applied, none taken for the last', async () => {
    const { db, ids } = await shop(160, 100);
    const p = await buildProjection(db, T0);
    for (const id of ids.slice(0, 150)) await db.updateById(COLLECTIONS.consents, id, { personalization: false, updatedAt: T0 + 1_000 });
    expect(await patchConsentChanges(db, p, T0 + 2_000)).toBe(true);
    // One answer of 100 used to pass for all of them: 50 customers stayed personalised.
    expect(p.rows.filter((r) => !r.personalization)).toHaveLength(150);
  });

  it('a rebuild after a withdrawal drops the erased customer', async () => {
    const { db } = await shop(4);
    await cachedProjection(db, { refresh: true, now: T0 });
    await db.removeWhere(COLLECTIONS.profiles, { _id: 'u001' });
    await db.removeWhere(COLLECTIONS.consents, { _id: 'u001' });
    await db.insert(COLLECTIONS.consents, [{ _id: 'tomb:u001', tombstone: true, withdrawnAt: T0 + 1_000 }]);
    const p = await cachedProjection(db, { now: T0 + 2_000 });
    expect(p.rows.map((r) => r.openid)).toEqual(['u000', 'u002', 'u003']);
  });
});
