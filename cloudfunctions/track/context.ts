/**
 * What the track pipeline works on: the per-request context (identity, clock, storage ports,
 * sentiment scorer) and the per-event item that steps enrich.
 */
import type { TrackedEvent } from '../common/contracts/events';
import type { ConsentStore, DeadLetterStore, EventStore, ProfileStore } from '../common/db/ports';
import type { StoredEvent } from '../common/profile/types';

/** Sentiment model port: positive probability per text (models-sentiment's `scoreSentiment`). */
export type SentimentScorer = (texts: string[]) => Promise<Array<{ positive: number }>>;

/** Storage the pipeline needs. */
export interface TrackPorts {
  events: EventStore;
  profiles: ProfileStore;
  consents: ConsentStore;
  deadLetters: DeadLetterStore;
}

/** One request's context. `openid` comes from `cloud.getWXContext()` only. */
export interface TrackContext {
  openid: string | undefined;
  /** Server receive time of the request (ms). */
  now: number;
  /** Unique id of this invocation's batch (key-safe: letters and digits), for the profile's pending marks. */
  batchId: string;
  ports: TrackPorts;
  scorer: SentimentScorer | null;
  log: (msg: string, err?: unknown) => void;
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
