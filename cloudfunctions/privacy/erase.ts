/**
 * Erasing a customer's data: raw events, profile and subscribe-message grants ledger entries.
 * Shared by deleteMyData (consent kept) and withdrawConsent (consent revoked first).
 */
import { COLLECTIONS } from '../common/contracts/collections';
import type { PrivacyDeps } from './deps';

/** How many documents were removed per collection. */
export interface EraseCounts {
  events: number;
  profile: number;
  grants: number;
}

/** Removes every event, the profile and the grants of the caller. */
export async function eraseCustomerData({ db, openid }: PrivacyDeps): Promise<EraseCounts> {
  const events = await db.removeWhere(COLLECTIONS.events, { openid });
  const profile = await db.removeWhere(COLLECTIONS.profiles, { _id: openid });
  const grants = await db.removeWhere(COLLECTIONS.grants, { openid });
  return { events, profile, grants };
}
