/**
 * A privacy call that dies half-way through an erasure (a crash, the 20 s limit) does not leave the
 * customer half-erased for good: the daily retention pass finishes it — a deletion as a deletion
 * (consent kept), a withdrawal down to its tombstone.
 */
import { eraseCustomerData, finishWithdrawal } from '../common/consent/erase-customer';
import { erasedSince, lastErasureAt } from '../common/consent/erasures';
import { tombstoneId } from '../common/consent/policy';
import { COLLECTIONS } from '../common/contracts/collections';
import { memoryDb } from '../common/db/testing/memory-sdk';
import type { Db } from '../common/db/wx-db';
import { ERASURE_GRACE_MS, finishErasures } from './erasures';

const T0 = Date.UTC(2026, 11, 5, 12);
const files = { upload: async () => '', idOf: async () => '', download: async () => Buffer.alloc(0), remove: async () => undefined };

async function shop(ltMissing?: 'match' | 'nomatch'): Promise<Db> {
  const { db } = memoryDb({ ltMissing });
  for (const id of ['a', 'b', 'keep']) {
    await db.insert(COLLECTIONS.consents, [{ _id: id, openid: id, version: 1, granted: true, personalization: true }]);
    await db.insert(COLLECTIONS.profiles, [{ _id: id, openid: id, rev: 1, d: {} }]);
    await db.insert(COLLECTIONS.events, [{ _id: `${id}:e1`, openid: id, name: 'product_view', ts: T0 }]);
    await db.insert(COLLECTIONS.grants, [{ _id: `${id}:tpl`, openid: id, templateId: 'tpl', available: 1 }]);
  }
  return db;
}

/** `db` whose removal of events fails once: the call dies after the mark and the profile went. */
function dyingOnEvents(db: Db): Db {
  const removeWhere = db.removeWhere.bind(db);
  let died = false;
  db.removeWhere = async (coll, where) => {
    if (coll === COLLECTIONS.events && !died) {
      died = true;
      throw new Error('killed');
    }
    return removeWhere(coll, where);
  };
  return db;
}

const left = async (db: Db, id: string) => ({
  profile: await db.getById(COLLECTIONS.profiles, id),
  events: await db.count(COLLECTIONS.events, { openid: id }),
  grants: await db.count(COLLECTIONS.grants, { openid: id }),
});

describe('retention finishes erasures a dead call left half-done', () => {
  it('a deletion: the rest goes, the consent record stays (marked done)', async () => {
    const db = dyingOnEvents(await shop());
    await expect(eraseCustomerData({ db, files, openid: 'a', now: () => T0 })).rejects.toThrow('killed');
    expect(await left(db, 'a')).toEqual({ profile: null, events: 1, grants: 1 });
    const pass = (now: number) => finishErasures({ db, files, now: () => now, deadline: now + 10_000 });
    expect(await pass(T0 + 60_000)).toEqual({ finished: 0, done: true }); // the call may still run
    expect(await pass(T0 + ERASURE_GRACE_MS + 1)).toEqual({ finished: 1, done: true });
    expect(await left(db, 'a')).toEqual({ profile: null, events: 0, grants: 0 });
    expect(await db.getById(COLLECTIONS.consents, 'a')).toMatchObject({ granted: true, erasureDoneAt: expect.any(Number) });
    expect(await left(db, 'keep')).toMatchObject({ events: 1, grants: 1 });
    expect(await pass(T0 + 2 * ERASURE_GRACE_MS)).toEqual({ finished: 0, done: true });
  });

  it('a withdrawal: erased, tombstoned, the record gone', async () => {
    const db = dyingOnEvents(await shop());
    await db.setById(COLLECTIONS.consents, 'b', { openid: 'b', version: 1, granted: false, withdrawnAt: T0, personalization: false, updatedAt: T0 });
    await expect(finishWithdrawal({ db, files, openid: 'b', now: () => T0 }, T0)).rejects.toThrow('killed');
    const now = T0 + ERASURE_GRACE_MS + 1;
    expect(await finishErasures({ db, files, now: () => now, deadline: now + 10_000 })).toEqual({ finished: 1, done: true });
    expect(await left(db, 'b')).toEqual({ profile: null, events: 0, grants: 0 });
    expect(await db.getById(COLLECTIONS.consents, 'b')).toBeNull();
    expect(await db.getById(COLLECTIONS.consents, tombstoneId('b'))).toMatchObject({ tombstone: true, withdrawnAt: T0, erasedAt: now });
  });

  it('a finished withdrawal marks the time of its erasure, not of the revocation (jobs that read in between see it)', async () => {
    const db = dyingOnEvents(await shop());
    await db.setById(COLLECTIONS.consents, 'b', { openid: 'b', version: 1, granted: false, withdrawnAt: T0, personalization: false, updatedAt: T0 });
    await expect(finishWithdrawal({ db, files, openid: 'b', now: () => T0 }, T0)).rejects.toThrow('killed');
    // A value or segment pass reads b's profile-less data (events, grants are still there) after
    // the dead call, and checks for erasures since its read once retention has finished b.
    const readAt = T0 + 5 * 60_000;
    const now = T0 + ERASURE_GRACE_MS + 1;
    await finishErasures({ db, files, now: () => now, deadline: now + 10_000 });
    expect((await erasedSince(db, readAt))('b')).toBe(true);
    // and runs started before the erasure count as holding b's data (retention/job-runs.ts)
    expect(await lastErasureAt(db)).toBeGreaterThanOrEqual(readAt);
  });

  it('a finished deletion is not repeated; a new one clears the done mark until it is done', async () => {
    const db = await shop();
    await eraseCustomerData({ db, files, openid: 'a', now: () => T0 });
    const now = T0 + ERASURE_GRACE_MS + 1;
    expect(await finishErasures({ db, files, now: () => now, deadline: now + 10_000 })).toEqual({ finished: 0, done: true });
    const dying = dyingOnEvents(db);
    await expect(eraseCustomerData({ db: dying, files, openid: 'a', now: () => now })).rejects.toThrow('killed');
    expect((await db.getById(COLLECTIONS.consents, 'a'))?.erasureDoneAt).toBeUndefined();
  });

  // Whether `lt` matches a missing field is not documented for CloudBase (common/db/lt-missing.ts):
  // where it does, a bare `erasedAt < cut` would select every consent that was never erased.
  it.each(['match', 'nomatch'] as const)('customers never erased or withdrawn are left alone (lt on missing: %s)', async (mode) => {
    const db = dyingOnEvents(await shop(mode));
    await expect(eraseCustomerData({ db, files, openid: 'a', now: () => T0 })).rejects.toThrow('killed');
    const now = T0 + ERASURE_GRACE_MS + 1;
    let looks = 0; // a pass that keeps selecting the same records ends instead of looping
    const clock = () => now + (++looks > 200 ? 60_000 : 0);
    expect(await finishErasures({ db, files, now: clock, deadline: now + 10_000 })).toEqual({ finished: 1, done: true });
    for (const id of ['b', 'keep']) {
      expect(await left(db, id)).toMatchObject({ events: 1, grants: 1 });
      expect(await db.getById(COLLECTIONS.consents, id)).not.toHaveProperty('erasedAt');
    }
  });
});
