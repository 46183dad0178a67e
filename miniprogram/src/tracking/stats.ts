/** Counters of everything the tracker decided, for debug views, tests and the bench. */
export interface TrackerStats {
  tracked: number;
  enqueued: number;
  requests: number;
  accepted: number;
  duplicate: number;
  /** Rejected by the server as invalid (poison): dropped, never retried. */
  rejected: number;
  retries: number;
  dropped: { overflow: number; expired: number; noConsent: number; invalid: number; purged: number };
  /** Storage writes that failed (the event stays in memory and is still sent). */
  persistFailed: number;
}

/** Fresh zeroed counters. */
export function emptyStats(): TrackerStats {
  return {
    tracked: 0,
    enqueued: 0,
    requests: 0,
    accepted: 0,
    duplicate: 0,
    rejected: 0,
    retries: 0,
    dropped: { overflow: 0, expired: 0, noConsent: 0, invalid: 0, purged: 0 },
    persistFailed: 0,
  };
}
