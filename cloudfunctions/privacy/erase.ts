/**
 * Erasing a customer's data: raw events, profile, subscribe-message grants ledger entries, dead
 * letters and segment history. Shared by deleteMyData (consent kept) and withdrawConsent (consent
 * revoked first). Kept on purpose (and listed in the export): orders — transaction records the
 * merchant must retain by law (PIPL art. 47 exception) — and the outbox of notices already sent,
 * which proves what was sent and keeps a campaign from sending twice.
 */
import { COLLECTIONS } from '../common/contracts/collections';
import type { PrivacyDeps } from './deps';

/** How many documents were removed per collection. */
export interface EraseCounts {
  events: number;
  profile: number;
  grants: number;
  deadLetters: number;
  segmentHistory: number;
}

/**
 * Removes the profile, every event and the grants of the caller. The profile goes FIRST: it carries
 * the consent mirror `track` checks in one conditional update, so once it is gone an in-flight
 * batch either finished its writes before this erases the events, or re-reads the consent record
 * (see track/steps/confirm-consent.ts).
 */
export async function eraseCustomerData({ db, openid }: PrivacyDeps): Promise<EraseCounts> {
  const profile = await db.removeWhere(COLLECTIONS.profiles, { _id: openid });
  const events = await db.removeWhere(COLLECTIONS.events, { openid });
  const grants = await db.removeWhere(COLLECTIONS.grants, { openid });
  const deadLetters = await db.removeWhere(COLLECTIONS.deadLetters, { openid });
  const segmentHistory = await db.removeWhere(COLLECTIONS.segmentHistory, { openid });
  return { events, profile, grants, deadLetters, segmentHistory };
}
