/**
 * Server-side consent: the `consents` document (`_id` = openid) written by the privacy function
 * and read by `track`. Tracking is allowed only with a current consent: granted, not withdrawn,
 * for a policy version at least {@link CONSENT_VERSION}.
 */
import crypto from 'node:crypto';

import { CONSENT_VERSION } from '../contracts/consent';

export { CONSENT_VERSION };

/** A customer's consent record. */
export interface ConsentDoc {
  _id: string;
  openid: string;
  /** Policy version agreed to. */
  version: number;
  granted: boolean;
  /** ms */
  grantedAt?: number;
  /** ms, set when consent was withdrawn */
  withdrawnAt?: number;
  /** PIPL art. 24: personalised pushes allowed (default true until the customer opts out). */
  personalization: boolean;
  updatedAt?: number;
  /** ms, the erasure mark of the latest deletion (common/consent/erasures.ts). */
  erasedAt?: number;
  /** ms, the same mark when she still held a profile or events then: what restarts refits in flight. */
  dataErasedAt?: number;
  /** ms, when that data began (her profile's `firstSeenAt`): a refit whose read ended before it cannot hold her. */
  dataFrom?: number;
  /** ms, set when that erasure finished. */
  erasureDoneAt?: number;
}

/** A withdrawal tombstone: no openid, only its salted hash and the time (so late events are refused). */
export interface TombstoneDoc {
  _id: string;
  tombstone: true;
  withdrawnAt: number;
}

/** True when `doc` allows tracking now. */
export function isCurrentConsent(
  doc: Pick<ConsentDoc, 'granted' | 'version' | 'withdrawnAt'> | null | undefined,
): boolean {
  return !!doc && doc.granted === true && doc.withdrawnAt === undefined && doc.version >= CONSENT_VERSION;
}

/**
 * `_id` of the tombstone of `openid` in `consents`: a salted SHA-256, so the record proves a
 * withdrawal without keeping the identifier itself. The salt is per deployment (QX_TOMBSTONE_SALT).
 */
export function tombstoneId(openid: string): string {
  const salt = process.env.QX_TOMBSTONE_SALT ?? 'qunxiang-tombstone-v1';
  return `t_${crypto.createHash('sha256').update(`${salt}:${openid}`).digest('hex')}`;
}
