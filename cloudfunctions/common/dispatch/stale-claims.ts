/**
 * A dead run's claims that provably sent nothing. A send always follows the grant's consumption,
 * and the consumption stamps the grants document with the claim's `consumeBy` and its claim time
 * (grants-ledger.ts consumeGrant). A stale claim whose grant shows neither its stamp nor any
 * consumption at or after its claim time consumed nothing, so WeChat was never called: removing
 * it leaves the customer due with their grant, where closing it `unknown` would lose the notice.
 * So does one whose grant shows its stamp refunded (sendOne gave the grant back, then failed to
 * take the claim back): in `refunds`, where a give-back moves the stamp from `consumptions`.
 * The consumption is sendOne's last write before the call, so a claim whose grant shows its stamp
 * (not refunded) reached WeChat, or its process died right between that write and the call.
 * Those, claims from before the stamp existed (no `consumeBy`) and every doubtful case stay for
 * the caller to close `unknown`: a duplicate is worse than a lost notice.
 * Claims since session 13 (`ledgerEntry`) are read by their own entry in the grant's
 * `consumptions` list alone: another campaign's consumption since the claim no longer makes a claim
 * that consumed nothing doubtful (it was closed `unknown`, its notice lost, before).
 */
import { COLLECTIONS } from '../contracts/collections';
import type { Db } from '../db/wx-db';
import { grantId, refundedStamp, STAMPS_KEPT } from './grants-ledger';

/** Removes claims older than `before` that consumed no grant; returns how many. */
export async function releaseUnsentClaims(db: Db, before: number): Promise<number> {
  const _ = db._;
  const stale = await db.findAll(COLLECTIONS.outbox, { status: 'claimed', claimedAt: _.lt(before), consumeBy: _.exists(true) });
  let released = 0;
  for (const c of stale) {
    const grant = await db.getById(COLLECTIONS.grants, grantId(String(c.openid), String(c.templateId)));
    const stamp = String(c.consumeBy);
    const has = (list: unknown): boolean => Array.isArray(list) && list.includes(stamp);
    const consumedSince = Number(grant?.lastConsumedAt ?? 0) >= Number(c.claimedAt);
    // Its consumption given back (the run failed to take the claim back after): nothing sent.
    // Its entry in `refunds` says so whoever consumed the grant since; `lastConsumedBy` says so
    // for refunds written before that list (and, for the release before it, for later ones too).
    const refunded = has(grant?.refunds) || grant?.lastConsumedBy === refundedStamp(stamp);
    // A claim whose consumption would be an entry in `consumptions` (ledgerEntry) is read exactly:
    // kept only when its entry is there (consumed, not given back), whoever consumed the grant
    // since. Unless the list is full (an entry may have been pushed out): then as older claims.
    const list = grant?.consumptions;
    if (c.ledgerEntry === true && !(Array.isArray(list) && list.length >= STAMPS_KEPT)) {
      if (has(list)) continue;
    } else if (!refunded && (has(list) || grant?.lastConsumedBy === stamp || consumedSince)) continue;
    released += await db.removeWhere(COLLECTIONS.outbox, { _id: c._id, status: 'claimed', claimedAt: c.claimedAt });
  }
  return released;
}
