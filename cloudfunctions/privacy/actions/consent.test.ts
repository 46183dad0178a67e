/**
 * Agreeing again (setConsent) after an erasure must not undo it: the record it writes is the one
 * that carries the erasure mark jobs in flight check (common/consent/erasures.ts), and a withdrawn
 * record still present is a withdrawal whose call died half-way (retention/erasures.ts).
 */
import { erasedSince } from '../../common/consent/erasures';
import { eraseCustomerData } from '../../common/consent/erase-customer';
import { tombstoneId } from '../../common/consent/policy';
import { COLLECTIONS } from '../../common/contracts/collections';
import { memoryDb } from '../../common/db/testing/memory-sdk';
import type { Db } from '../../common/db/wx-db';
import { ERASURE_GRACE_MS, finishErasures } from '../../retention/erasures';
import type { PrivacyDeps } from '../deps';
import { setConsent } from './consent';

const T0 = Date.UTC(2026, 11, 5, 12);
const files = { upload: async () => '', idOf: async () => '', download: async () => Buffer.alloc(0), remove: async () => undefined };

async function customer(): Promise<Db> {
  const { db } = memoryDb();
  await db.insert(COLLECTIONS.consents, [{ _id: 'u1', openid: 'u1', version: 1, granted: true, grantedAt: T0 - 1000, personalization: true }]);
  await db.insert(COLLECTIONS.profiles, [{ _id: 'u1', openid: 'u1', rev: 1, d: {} }]);
  await db.insert(COLLECTIONS.events, [{ _id: 'u1:e1', openid: 'u1', name: 'product_view', ts: T0 - 1000 }]);
  return db;
}

const deps = (db: Db, now: number): PrivacyDeps => ({ db, files, openid: 'u1', now: () => now });
const retention = (db: Db, now: number) => finishErasures({ db, files, now: () => now, deadline: now + 10_000 });

describe('setConsent after an erasure', () => {
  it('keeps the erasure mark: a job that read the customer before the deletion still sees it', async () => {
    const db = await customer();
    await eraseCustomerData(deps(db, T0));
    await setConsent(deps(db, T0 + 5_000), { version: 1 });
    expect((await erasedSince(db, T0 - 1000))('u1')).toBe(true);
    expect(await db.getById(COLLECTIONS.consents, 'u1')).toMatchObject({ granted: true, erasedAt: T0, erasureDoneAt: T0 });
  });

  it('keeps it when the update changes nothing (CloudBase counts modified documents: 0)', async () => {
    const db = await customer();
    await eraseCustomerData(deps(db, T0));
    await setConsent(deps(db, T0 + 5_000), { version: 1 });
    const update = db.updateWhere.bind(db);
    db.updateWhere = async (coll, where, data) => (await update(coll, where, data), 0); // the same values again
    await setConsent(deps(db, T0 + 5_000), { version: 1 });
    expect(await db.getById(COLLECTIONS.consents, 'u1')).toMatchObject({ granted: true, erasedAt: T0 });
  });

  it('leaves a deletion that died half-way for retention to finish', async () => {
    const db = await customer();
    await db.updateById(COLLECTIONS.consents, 'u1', { erasedAt: T0, updatedAt: T0 }); // marked, then the call died
    await setConsent(deps(db, T0 + 5_000), { version: 1 });
    expect(await retention(db, T0 + ERASURE_GRACE_MS + 1)).toEqual({ finished: 1, done: true });
    expect(await db.count(COLLECTIONS.events, { openid: 'u1' })).toBe(0);
  });

  it('finishes a withdrawal that died half-way before the new consent', async () => {
    const db = await customer();
    // withdrawConsent's first step landed (revoked), the erasure never ran
    await db.setById(COLLECTIONS.consents, 'u1', { openid: 'u1', version: 1, granted: false, withdrawnAt: T0, personalization: false, updatedAt: T0 });
    const view = await setConsent(deps(db, T0 + 5_000), { version: 1 });
    expect(view).toMatchObject({ granted: true, current: true, withdrawnAt: null, personalization: true });
    expect(await db.count(COLLECTIONS.events, { openid: 'u1' })).toBe(0);
    expect(await db.getById(COLLECTIONS.profiles, 'u1')).toBeNull();
    expect(await db.getById(COLLECTIONS.consents, tombstoneId('u1'))).toMatchObject({ tombstone: true, withdrawnAt: T0 });
    expect((await erasedSince(db, T0))('u1')).toBe(true);
  });
});
