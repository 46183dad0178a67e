/**
 * Shapes of the living profile and of a stored event. Everything the reducer writes is an integer
 * (counts, fen, permille, ms), so sums are exact and independent of arrival order.
 */
import type { EventName } from '../contracts/events';

/** A tracked event as stored in `events` (`_id` = `${openid}:${eventId}`). */
export interface StoredEvent {
  _id: string;
  openid: string;
  eventId: string;
  name: EventName;
  /** Event time (ms): the client clock, clamped to the receive time when it runs ahead. */
  ts: number;
  clientTs: number;
  /** Server receive time (ms). */
  receivedAt: number;
  sessionId: string;
  deviceId: string;
  seq: number;
  page?: string;
  props: Record<string, unknown>;
  /** Review sentiment as positive-probability permille (0..1000), when the model scored it. */
  sentiment?: number;
  /** The client clock ran ahead of the server and `ts` was clamped (data-quality signal). */
  skewed?: boolean;
  /**
   * The track invocation that stored it (its pending-mark id). After a refused batch insert this
   * tells which present documents this invocation stored itself (the cloud may keep a prefix).
   */
  batchId?: string;
  /** Unused since batches are tracked by the profile's `pending` marks; tolerated on old documents. */
  applied?: boolean;
  /** 'server': a fact the server wrote itself (an order from `shop`), not a client's report. */
  origin?: 'server';
}

/** Per-day counters, keyed in the profile by the UTC+8 date (`dYYYYMMDD`). */
export interface DayBucket {
  /** events of any kind */
  e?: number;
  /** product views */
  pv?: number;
  /** cart adds (events) */
  ca?: number;
  /** favourites switched on */
  fv?: number;
  /** purchases (orders) */
  pu?: number;
  /** money spent, fen */
  fen?: number;
  /** reviews written */
  rv?: number;
  /** reviews that carry a sentiment score */
  rs?: number;
  /** sum of positive-probability permille over scored reviews */
  rp?: number;
  /** scored reviews judged negative (positive < 0.5) */
  rn?: number;
  /** sessions seen that day: `s<sessionId>` → 1 (a set; union over days = distinct sessions) */
  s?: Record<string, number>;
  /** events whose client clock ran ahead and was clamped (data quality) */
  sk?: number;
  /** category interest weight that day: `c<categoryId>` → weight */
  c?: Record<string, number>;
}

/** Totals of day buckets folded away by compaction (older than 400 days before last activity). */
export interface ArchiveTotals {
  e?: number;
  pu?: number;
  fen?: number;
  rv?: number;
  rs?: number;
  rp?: number;
  rn?: number;
  sk?: number;
  /** last archived day index (UTC+8 days since epoch) */
  to?: number;
}

/** The part of a profile owned by the reducer (incremental path and full rebuild write exactly this). */
export interface ReducedProfile {
  firstSeenAt?: number;
  lastActiveAt?: number;
  lastPurchaseAt?: number;
  /** day buckets */
  d: Record<string, DayBucket>;
  /** archived totals */
  a?: ArchiveTotals;
}

/**
 * A profile document (`profiles`, `_id` = openid). `rev` counts writes (optimistic concurrency for
 * rebuilds); `updatedAt` (server time) is the dirty marker the segmentation job compares with its
 * `segmentedAt`. Fields named `segment*` belong to the segmentation job and are never touched here.
 */
export interface ProfileDoc extends ReducedProfile {
  _id: string;
  openid: string;
  rev: number;
  updatedAt?: unknown;
  /**
   * Batches of `track` that started storing events and have not applied them yet: batchId → start
   * time (ms). Set before the events are stored, removed by the same atomic update that applies
   * their increments. An entry older than a minute or two marks a crashed call: the rebuild job
   * recomputes the customer from raw events.
   */
  pending?: Record<string, number>;
  /** Number of entries in `pending` (indexable: the repair pass finds profiles with pendingCount > 0). */
  pendingCount?: number;
  /**
   * Mirror of the customer's consent: the policy version agreed to, written by `track` after it
   * read a current consent record. Lets one conditional update check consent and mark a batch
   * (track/steps/open-batch.ts). Erased with the profile on withdrawal; never the source of truth.
   */
  consentV?: number;
  /**
   * The daily ingestion quota's count (track/quota.ts): events `track` was asked to store on the
   * Beijing receive day `day`. Written only by the claim in open-batch's update (common/db/quota-claim.ts).
   */
  q?: { day: string; n: number };
  [segmentField: string]: unknown;
}

/** One atomic update operation on a profile path (`path` segments, joined with `.` for the DB). */
export interface DeltaOp {
  op: 'inc' | 'min' | 'max' | 'set';
  path: readonly string[];
  value: number;
}
