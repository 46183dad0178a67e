/**
 * Erasures whose privacy call died half-way are finished by the daily pass: a consent record with
 * an erasure mark but no `erasureDoneAt`, or a withdrawn record still present (a finished
 * withdrawal leaves only its hashed tombstone). Every step of an erasure is idempotent
 * (common/consent/erase-customer.ts), so finishing repeats it whole. Records younger than the
 * grace period may belong to a call still running and wait for the next pass.
 */
import { eraseCustomerData, finishWithdrawal } from '../common/consent/erase-customer';
import { COLLECTIONS } from '../common/contracts/collections';
import { epochBefore } from '../common/db/epoch-range';
import type { PassContext } from './policies';

/** Longer than any privacy call can live. */
export const ERASURE_GRACE_MS = 10 * 60_000;

/** What one pass finished. */
export interface ErasuresReport {
  finished: number;
  done: boolean;
}

/** Finishes interrupted erasures and withdrawals until none is left or the deadline passes. */
export async function finishErasures(o: PassContext): Promise<ErasuresReport> {
  const { db } = o;
  const _ = db._;
  let finished = 0;
  for (;;) {
    if (o.now() > o.deadline) return { finished, done: false };
    const cut = o.now() - ERASURE_GRACE_MS;
    const page = await db.find(
      COLLECTIONS.consents,
      // Bounded below: most consent records were never erased or withdrawn (no such field), and a
      // bare `lt` may select those too where missing sorts lowest (common/db/epoch-range.ts).
      _.or([
        { erasedAt: epochBefore(_, cut), erasureDoneAt: _.exists(false), tombstone: _.exists(false) },
        { withdrawnAt: epochBefore(_, cut), tombstone: _.exists(false) },
      ]),
      { limit: 50 },
    );
    if (page.length === 0) return { finished, done: true };
    for (const c of page) {
      const d = { db, files: o.files, openid: String(c._id), now: o.now };
      if (typeof c.withdrawnAt === 'number') await finishWithdrawal(d, c.withdrawnAt);
      else await eraseCustomerData(d);
      finished++;
    }
  }
}
