/**
 * Waiting out a read that lags the writes. CloudBase does not promise read-your-writes (the local
 * cloud's stale-read fault), so a decision whose read went stale — a compare-and-set that lost, a
 * campaign staff saved a moment ago that no read shows yet — reads again after a jittered back-off
 * (send-policy's: 50 ms doubling, at most 2 s a wait; at least 2.5 s, at most about 5 s over all
 * tries) instead of at once, when every try would read the same stale record.
 */
import { backoffMs } from '../dispatch/send-policy';

/**
 * Tries and waits. `baseMs` 0 tries at once: for tests that step every database request
 * (db/testing/interleavings.ts), where a timer would be a wait on something other than a request.
 */
export const LAG_RETRY: { readonly tries: number; baseMs: number; readonly capMs: number } = { tries: 8, baseMs: 50, capMs: 2_000 };

/** Waits before try number `attempt` (0-based; the first try does not wait). */
export async function lagWait(attempt: number): Promise<void> {
  if (attempt <= 0 || LAG_RETRY.baseMs <= 0) return;
  const ms = Math.min(LAG_RETRY.capMs, backoffMs(attempt, LAG_RETRY.baseMs));
  await new Promise((r) => setTimeout(r, ms));
}
