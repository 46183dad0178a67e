/**
 * The storage ports of the ingest path. The track pipeline, rebuild and privacy code depend on
 * these, not on the SDK; `wx-ports.ts` implements them on the real database.
 */
import type { ConsentDoc } from '../consent/policy';
import type { ProfileDoc, StoredEvent } from '../profile/types';
import type { UpdateSpec } from '../profile/update-spec';

/** Raw events (`events`). */
export interface EventStore {
  /**
   * Insert the batch. The cloud may store all or none, or — MongoDB's default — the ones before
   * the first refused document. Throws DuplicateKeyError (`present`: the stored documents among
   * the batch's ids, read after the refusal) or DbError.
   */
  insertMany(docs: StoredEvent[]): Promise<void>;
  /** Remove events by `_id`. */
  removeIds(ids: string[]): Promise<number>;
}

/** Living profiles (`profiles`). */
export interface ProfileStore {
  /** Record that batch `batchId` is about to store events (creates the profile when missing). */
  markPending(openid: string, batchId: string, at: number): Promise<void>;
  /** Apply one combined update and clear the batch's pending mark, atomically; bumps rev + updatedAt. */
  applySpec(openid: string, spec: UpdateSpec, batchId: string): Promise<void>;
  /** Clear the batch's pending mark when it stored nothing new (all duplicates). */
  clearPending(openid: string, batchId: string): Promise<void>;
  get(openid: string): Promise<ProfileDoc | null>;
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
