/**
 * One dispatcher at a time: a lease document in `jobs`, taken and renewed with conditional atomic
 * updates (single-document operations are atomic in the cloud database). A crashed holder's lease
 * simply expires. The lease is the first line of defence; the unique outbox claim is the second,
 * so even two holders (a lease that expired under a slow run) never send twice.
 */
import { COLLECTIONS } from '../contracts/collections';
import type { Db } from '../db/wx-db';

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
  await db.insertUnique(COLLECTIONS.jobs, { _id: LEASE_ID, kind: 'lease', owner: '', leaseUntil: 0 });
  const taken = await db.updateWhere(
    COLLECTIONS.jobs,
    { _id: LEASE_ID, leaseUntil: db._.lt(now) },
    { owner, leaseUntil: now + ttlMs, acquiredAt: now },
  );
  return taken === 1 ? { owner, ttlMs } : null;
}

/**
 * Extends the lease; false when it was lost (taken by another dispatcher after it expired).
 * An expired lease nobody took is still ours: continuing is safe, the claims guard every send.
 */
export async function renewLease(db: Db, lease: Lease, now = Date.now()): Promise<boolean> {
  // The count is of MODIFIED documents (CloudBase and the local cloud): a renewal in the same
  // millisecond as the acquisition or the last renewal would set the same leaseUntil, count 0
  // and read as lost. The counter makes every renewal a change.
  return (
    (await db.updateWhere(
      COLLECTIONS.jobs,
      { _id: LEASE_ID, owner: lease.owner },
      { leaseUntil: now + lease.ttlMs, renewals: db._.inc(1) },
    )) === 1
  );
}

/** Gives the lease back so the next run need not wait for it to expire. */
export async function releaseLease(db: Db, lease: Lease): Promise<void> {
  await db.updateWhere(COLLECTIONS.jobs, { _id: LEASE_ID, owner: lease.owner }, { leaseUntil: 0 });
}
