/**
 * 概览's 「N 人撤回过同意」 counts each customer once, at every step of a withdrawal: the revoked
 * record and the hashed tombstone both exist for a moment (finishWithdrawal writes the tombstone,
 * then removes the record), and a withdrawal whose call died there keeps both until retention.
 */
import { withdrawConsent, setConsent } from '../../privacy/actions/consent';
import type { PrivacyDeps } from '../../privacy/deps';
import { tombstoneId } from '../consent/policy';
import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import type { Db } from '../db/wx-db';
import { countWithdrawn } from './overview';

const T0 = Date.UTC(2026, 11, 6, 8);
const files = { remove: async () => undefined };
const WRITES = new Set(['setById', 'updateById', 'updateWhere', 'removeWhere', 'insert', 'insertUnique']);

async function shop(): Promise<Db> {
  const { db } = memoryDb();
  await db.insert(COLLECTIONS.consents, [
    { _id: 'u1', openid: 'u1', version: 1, granted: true, grantedAt: T0 - 1000, personalization: true },
    { _id: 'u2', openid: 'u2', version: 1, granted: true, grantedAt: T0 - 1000, personalization: true },
  ]);
  await db.insert(COLLECTIONS.profiles, [{ _id: 'u1', openid: 'u1', rev: 1, d: {} }]);
  return db;
}

/** `db` that counts the withdrawn customers before and after each write it is asked to make. */
function watched(db: Db, seen: Array<{ withdrawn: number; both: boolean }>): Db {
  const look = async () => {
    const both = !!(await db.getById(COLLECTIONS.consents, 'u1')) && !!(await db.getById(COLLECTIONS.consents, tombstoneId('u1')));
    seen.push({ withdrawn: await countWithdrawn(db), both });
  };
  return new Proxy(db, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver) as unknown;
      if (typeof v !== 'function' || !WRITES.has(String(key))) return v;
      return async (...args: unknown[]) => {
        await look();
        const out = await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        await look();
        return out;
      };
    },
  });
}

const deps = (db: Db, now = T0): PrivacyDeps => ({ db, files, openid: 'u1', now: () => now });

describe('countWithdrawn', () => {
  it('counts a withdrawal once at every step, the moment record and tombstone coexist included', async () => {
    const db = await shop();
    const seen: Array<{ withdrawn: number; both: boolean }> = [];
    await withdrawConsent(deps(watched(db, seen)));
    expect(seen.some((s) => s.both)).toBe(true); // the step the old count doubled
    expect(new Set(seen.map((s) => s.withdrawn))).toEqual(new Set([0, 1]));
    expect(await countWithdrawn(db)).toBe(1);
  });

  it('counts a withdrawal whose call died after the tombstone once, until retention finishes it', async () => {
    const db = await shop();
    await db.setById(COLLECTIONS.consents, 'u1', { openid: 'u1', version: 1, granted: false, withdrawnAt: T0, personalization: false });
    expect(await countWithdrawn(db)).toBe(1);
    await db.setById(COLLECTIONS.consents, tombstoneId('u1'), { tombstone: true, withdrawnAt: T0, erasedAt: T0 });
    expect(await countWithdrawn(db)).toBe(1);
  });

  it('counts a customer who withdrew, agreed again and withdraws again once', async () => {
    const db = await shop();
    await withdrawConsent(deps(db));
    await setConsent(deps(db, T0 + 1000), { version: 1 });
    expect(await countWithdrawn(db)).toBe(1);
    const seen: Array<{ withdrawn: number; both: boolean }> = [];
    await withdrawConsent(deps(watched(db, seen), T0 + 2000));
    expect(seen.map((s) => s.withdrawn).every((n) => n === 1)).toBe(true);
    expect(await countWithdrawn(db)).toBe(1);
  });
});
