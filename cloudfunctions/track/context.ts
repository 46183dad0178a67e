/**
 * What the track pipeline works on: the per-request context (identity, clock, storage ports,
 * sentiment scorer) and the per-event item that steps enrich.
 */
import type { TrackedEvent } from '../common/contracts/events';
import type { ConsentStore, DeadLetterStore, EventStore, ProfileStore } from '../common/db/ports';
import type { StoredEvent } from '../common/profile/types';
import type { CatalogLookup } from '../common/catalog/catalog-port';
import type { IngestGuard } from './ingest-guard';

/** Sentiment model port: positive probability per text (models-sentiment's `scoreSentiment`). */
export type SentimentScorer = (texts: string[]) => Promise<Array<{ positive: number }>>;

/** Storage the pipeline needs. */
export interface TrackPorts {
  events: EventStore;
  profiles: ProfileStore;
  consents: ConsentStore;
  deadLetters: DeadLetterStore;
  /** The shop's catalog, as track checks behaviour events against it (cached per container). */
  catalog: CatalogLookup;
}

/**
 * Who vouches for the batch. 'client': the mini program (the customer's own device) — server
 * facts are refused, products must exist, event time is bounded on both sides. 'import': a
 * trusted operator tool (SOURCE wx_devtools / wx_trigger) loading history the merchant vouches
 * for — purchases and old event times are accepted, products may have left the catalog since.
 */
export type TrackTrust = 'client' | 'import';

/** One request's context. `openid` comes from `cloud.getWXContext()` only. */
export interface TrackContext {
  openid: string | undefined;
  trust: TrackTrust;
  /** Server receive time of the request (ms). */
  now: number;
  /** Unique id of this invocation's batch (key-safe: letters and digits), for the profile's pending marks. */
  batchId: string;
  ports: TrackPorts;
  /** The container's ingest guard (burst bucket, customers known full); none: no such refusal. */
  guard?: IngestGuard;
  /** Events one customer may have stored per Beijing day (default: quota.ts DAILY_EVENT_QUOTA; tests lower it). */
  quota?: number;
  scorer: SentimentScorer | null;
  log: (msg: string, err?: unknown) => void;
  /**
   * Filled by open-batch when it read the consent record (first batch of a customer, a policy bump,
   * an erased profile): when the current consent was granted (ms), a floor of event time.
   */
  consentSince?: number;
  /** Filled by steps: whether profile increments landed ('deferred' = the repair pass will). */
  profile: 'applied' | 'deferred' | 'none';
  /**
   * Filled by open-batch: where it saw the customer's consent — the profile's mirror (one
   * conditional update) or the consent record (read; then confirm-consent re-reads it).
   */
  consentSeen?: 'mirror' | 'record';
}

/** One event on its way through the pipeline. */
export interface TrackItem {
  raw: unknown;
  /** The client's eventId when it could be read (echoed in the reply). */
  eventId?: string;
  event?: TrackedEvent;
  doc?: StoredEvent;
}
