/**
 * The storage ports of the ingest path. The track pipeline, rebuild and privacy code depend on
 * these, not on the SDK; `wx-ports.ts` implements them on the real database.
 */
import type { ConsentDoc } from '../consent/policy';
import type { ProfileDoc, StoredEvent } from '../profile/types';
import type { UpdateSpec } from '../profile/update-spec';

/** Raw events (`events`). */
export interface EventStore {
  /** Insert all or none; throws DuplicateKeyError when any `_id` exists. */
  insertMany(docs: StoredEvent[]): Promise<void>;
  /** Insert one; false when its `_id` exists already. */
  insertOne(doc: StoredEvent): Promise<boolean>;
  /** Which of `ids` are stored. */
  existingIds(ids: string[]): Promise<Set<string>>;
  /** Flag events whose profile increments have landed. */
  markApplied(ids: string[]): Promise<void>;
  /** Remove events by `_id`. */
  removeIds(ids: string[]): Promise<number>;
}

/** Living profiles (`profiles`). */
export interface ProfileStore {
  /** Apply one combined update atomically (creating the profile when missing); bumps rev + updatedAt. */
  applySpec(openid: string, spec: UpdateSpec): Promise<void>;
  get(openid: string): Promise<ProfileDoc | null>;
  remove(openid: string): Promise<void>;
}

/** Consent records (`consents`). */
export interface ConsentStore {
  get(openid: string): Promise<ConsentDoc | null>;
}

/** Dead letters (`dead_letters`). */
export interface DeadLetterStore {
  add(docs: Array<{ openid: string; step: string; reason: string; event: unknown; at: number }>): Promise<void>;
}
