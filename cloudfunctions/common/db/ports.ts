/**
 * The storage ports of the ingest path. The track pipeline, rebuild and privacy code depend on
 * these, not on the SDK; `wx-ports.ts` implements them on the real database.
 */
import type { ConsentDoc } from '../consent/policy';
import type { ProfileDoc, StoredEvent } from '../profile/types';
import type { UpdateSpec } from '../profile/update-spec';

/**
 * A batch's claim on the customer's daily ingestion quota (track/quota.ts): `n` more events on
 * `day`, the profile's `q: {day, n}` staying ≤ `max`.
 */
export interface QuotaClaim {
  day: string;
  n: number;
  max: number;
}

/** What a quota-checked mark found: marked, or no room (`used`: the day's count as read). */
export type MarkResult = { marked: true } | { marked: false; used: number };

/** Raw events (`events`). */
export interface EventStore {
  /**
   * Insert the batch. The cloud may store all or none, or — MongoDB's default — the ones before
   * the first refused document. Throws DuplicateKeyError (`present`: the stored documents among
   * the batch's ids, read after the refusal) or DbError.
   */
  insertMany(docs: StoredEvent[]): Promise<void>;
  /** Remove every event of a customer. */
  removeCustomer(openid: string): Promise<number>;
}

/** Living profiles (`profiles`). */
export interface ProfileStore {
  /**
   * ONE conditional update: when the profile mirrors a current consent (`consentV` ≥ the policy
   * version) and — with a `claim` — the day's quota has room for it, record that batch `batchId`
   * is about to store events, count the claim, and answer `{marked: true}`. Otherwise change
   * nothing and answer `'no-mirror'` (no profile, an old policy version — or, with a claim, maybe
   * no room: markPending tells; an implementation may answer `{marked: false, used}` directly).
   * (A first batch of the day may take a second update.)
   */
  openBatch(openid: string, batchId: string, at: number, claim: QuotaClaim | null): Promise<MarkResult | 'no-mirror'>;
  /**
   * Record batch `batchId` as pending, count `claim` and mirror consent version `consentV`
   * (creates the profile when missing); `{marked: false, used}` when the day has no room for the
   * claim (nothing changed). Only after the consent record was read and found current.
   */
  markPending(openid: string, batchId: string, at: number, consentV: number, claim: QuotaClaim | null): Promise<MarkResult>;
  /**
   * Apply one combined update and clear the batch's pending mark, atomically, bumping rev +
   * updatedAt — only while the profile mirrors a current consent. False when it does not (erased
   * by a withdrawal or a deletion): nothing applied.
   */
  applySpec(openid: string, spec: UpdateSpec, batchId: string): Promise<boolean>;
  /** Clear the batch's pending mark when it stored nothing new (all duplicates). */
  clearPending(openid: string, batchId: string): Promise<void>;
  get(openid: string): Promise<ProfileDoc | null>;
  /** The session keys of each of `days` (bucket keys) in the profile, canonical (profile/bucket-keys.ts); empty sets when none. */
  sessionsOn(openid: string, days: string[]): Promise<Map<string, Set<string>>>;
  remove(openid: string): Promise<void>;
}

/** Consent records (`consents`). */
export interface ConsentStore {
  get(openid: string): Promise<ConsentDoc | null>;
}

/** Dead letters (`dead_letters`). */
export interface DeadLetterStore {
  add(
    docs: Array<{ openid: string; step: string; reason: string; event: unknown; at: number }>,
  ): Promise<void>;
}
