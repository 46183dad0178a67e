/**
 * Deterministic holdout: a customer is in a campaign's control group when a hash of
 * (campaignId, openid) falls below the holdout share. Deterministic so retries, resumed pages and
 * concurrent dispatchers always agree, and independent across campaigns (the campaign id salts it).
 */
import { createHash } from 'node:crypto';

/** A uniform number in [0, 1) from (campaignId, openid). */
export function holdoutBucket(campaignId: string, openid: string): number {
  const h = createHash('sha256').update(`${campaignId}\u0000${openid}`).digest();
  return h.readUInt32BE(0) / 2 ** 32;
}

/** True when the customer is held out (never sent) for this campaign. */
export function isHeldOut(campaignId: string, openid: string, holdoutPct: number): boolean {
  return holdoutPct > 0 && holdoutBucket(campaignId, openid) < holdoutPct / 100;
}
