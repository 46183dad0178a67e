/**
 * Retry-or-drop, as pure functions of the response (after segmentio/analytics-next): given the
 * ids of a batch and what sending it came back with, say which events are done, which are
 * dropped as poison, which must be retried, and whether to back off before the next attempt.
 */
import type { SendOutcome } from './ports';

/** What to do with each event of a sent batch. */
export interface RetryDecision {
  /** Stored by the server (accepted) or already stored before (duplicate): forget them. */
  done: string[];
  /** The server will never take these (rejected): drop them so they cannot block the queue. */
  drop: { eventId: string; code: string }[];
  /** Not known to be stored: keep them, in order, and send again. */
  retry: string[];
  /** Wait (exponential backoff) before the next attempt. */
  backoff: boolean;
  /** The batch was refused as a whole for its size or shape: next time send smaller batches. */
  shrink: boolean;
  /**
   * RATE_LIMITED with the time sending can succeed again (`details.retryAt`, ms): hold the whole
   * queue until then — the next Beijing day for the daily quota, a second for the burst guard.
   */
  holdUntil?: number;
  /** Short reason, for debug logs. */
  reason: string;
}

/** Envelope-level error codes after which sending again later can succeed. */
const TRANSIENT_CODES = new Set(['INTERNAL', 'UNAVAILABLE', 'RATE_LIMITED', 'MODEL_UNAVAILABLE', 'DB_NOT_INITIALIZED', 'UNAUTHENTICATED', 'CONSENT_REQUIRED']);
/** Envelope-level codes that mean "this batch, as a whole, can never be accepted". */
const BATCH_REFUSED_CODES = new Set(['INVALID_INPUT', 'PAYLOAD_TOO_LARGE']);

/** Decides per event from a send outcome. Pure: no clock, no randomness, no I/O. */
export function decideRetry(batchIds: readonly string[], outcome: SendOutcome): RetryDecision {
  const all = [...batchIds];
  const retryAll = (reason: string, backoff = true): RetryDecision => ({ done: [], drop: [], retry: all, backoff, shrink: false, reason });

  switch (outcome.kind) {
    case 'network':
      return retryAll(`network: ${outcome.message}`);
    case 'timeout':
      return retryAll('timeout');
    case 'http':
      if (outcome.status === 413) return refuseBatch(all, 'PAYLOAD_TOO_LARGE');
      // 401 (no session yet), 408, 429, 5xx and anything unexpected: the events are fine, the
      // channel is not. Keep them; the queue's age and size bounds cap how long.
      return retryAll(`http ${outcome.status}`);
    case 'reply': {
      const reply = outcome.reply;
      if (!reply.ok) {
        if (BATCH_REFUSED_CODES.has(reply.error.code)) return refuseBatch(all, reply.error.code);
        const retryAt = (reply.error.details as { retryAt?: unknown } | undefined)?.retryAt;
        if (reply.error.code === 'RATE_LIMITED' && typeof retryAt === 'number' && Number.isFinite(retryAt))
          return { ...retryAll('refused: RATE_LIMITED (hold)'), holdUntil: retryAt };
        // Transient codes (and unknown ones, to lose nothing): keep the events, wait, try again.
        return retryAll(`refused: ${reply.error.code}${TRANSIENT_CODES.has(reply.error.code) ? "" : " (unexpected)"}`);
      }
      const byId = new Map<string, { status: string; code?: string }>();
      for (const r of reply.data?.results ?? []) if (r && typeof r.eventId === 'string') byId.set(r.eventId, r);
      const d: RetryDecision = { done: [], drop: [], retry: [], backoff: false, shrink: false, reason: 'reply' };
      for (const id of all) {
        const r = byId.get(id);
        if (!r) d.retry.push(id);
        else if (r.status === 'accepted' || r.status === 'duplicate') d.done.push(id);
        else if (r.status === 'rejected') d.drop.push({ eventId: id, code: r.code ?? 'REJECTED' });
        else d.retry.push(id);
      }
      // Events the server did not mention: try again, but a reply came, so no need to wait long.
      if (d.retry.length) d.reason = `reply without ${d.retry.length} result(s)`;
      return d;
    }
  }
}

/** A batch refused as a whole: split it, unless it is already a single event (then it is poison). */
function refuseBatch(all: string[], code: string): RetryDecision {
  if (all.length <= 1) return { done: [], drop: all.map((eventId) => ({ eventId, code })), retry: [], backoff: false, shrink: false, reason: `poison: ${code}` };
  return { done: [], drop: [], retry: all, backoff: false, shrink: true, reason: `batch refused (${code}): shrink` };
}

/** Backoff settings. */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before attempt `attempt` (0-based) after failures: exponential, capped, with "equal
 * jitter" (half fixed, half random) so many devices coming back at once do not stampede.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions, random: () => number): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.min(attempt, 30));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(exp / 2 + (exp / 2) * r);
}
