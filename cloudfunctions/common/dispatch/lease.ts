/**
 * One dispatcher at a time: a lease document in `jobs`, taken and renewed with conditional atomic
 * updates (single-document operations are atomic in the cloud database). A crashed holder's lease
 * simply expires. The lease is the first line of defence; the unique outbox claim is the second,
 * so even two holders (a lease that expired under a slow run) never send twice.
 */
import { COLLECTIONS } from '../contracts/collections';
import { insertUnique, updatedCount, type Db } from './db';

/** `_id` of the dispatcher's lease in `jobs`. */
export const LEASE_ID = 'dispatch-lease';

/** A held lease. */
export interface Lease {
  owner: string;
  ttlMs: number;
}

/** Takes the lease when free or expired; null when someone else holds it. */
export async function acquireLease(
  db: Db,
  owner: string,
  ttlMs: number,
  now = Date.now(),
): Promise<Lease | null> {
  const _ = db.command;
  await insertUnique(db, COLLECTIONS.jobs, { _id: LEASE_ID, kind: 'lease', owner: '', leaseUntil: 0 });
  const res = await db
    .collection(COLLECTIONS.jobs)
    .where({ _id: LEASE_ID, leaseUntil: _.lt(now) })
    .update({ data: { owner, leaseUntil: now + ttlMs, acquiredAt: now } });
  return updatedCount(res) === 1 ? { owner, ttlMs } : null;
}

/**
 * Extends the lease; false when it was lost (taken by another dispatcher after it expired).
 * An expired lease nobody took is still ours: continuing is safe, the claims guard every send.
 */
export async function renewLease(db: Db, lease: Lease, now = Date.now()): Promise<boolean> {
  const res = await db
    .collection(COLLECTIONS.jobs)
    .where({ _id: LEASE_ID, owner: lease.owner })
    .update({ data: { leaseUntil: now + lease.ttlMs } });
  return updatedCount(res) === 1;
}

/** Gives the lease back so the next run need not wait for it to expire. */
export async function releaseLease(db: Db, lease: Lease): Promise<void> {
  await db
    .collection(COLLECTIONS.jobs)
    .where({ _id: LEASE_ID, owner: lease.owner })
    .update({ data: { leaseUntil: 0 } });
}
