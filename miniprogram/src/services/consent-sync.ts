/**
 * The launch check of the device's consent against the server's record. While it runs the tracker
 * is paused (events are still captured into the local queue, nothing is sent). Outcomes:
 * - the server holds this device's current consent → resume sending ('in-sync');
 * - it does not (withdrawn elsewhere, another account on this device, a reinstall) → forget the
 *   local consent and the queue, which may belong to someone else, and ask again ('asked-again');
 * - the server cannot be asked (offline, function error) → the state is UNKNOWN: stay paused —
 *   sending could deliver another person's events — log it, and check again later with backoff.
 * Platform-free: the tracker, the privacy call and the timer come in as {@link ConsentSyncDeps}.
 */
import type { LocalConsent } from '../tracking/consent-gate';

/** What the check needs. */
export interface ConsentSyncDeps {
  tracker: {
    readonly consentState: LocalConsent | null;
    pause(): void;
    resume(): void;
    forgetConsent(): void;
  };
  getConsent(): Promise<{ current: boolean; grantedAt?: number | null }>;
  forgetQueueOwner(): void;
  /** Called when a later retry finds the consent gone (the launch caller handles the first answer). */
  askAgain(): void;
  later(fn: () => void, ms: number): void;
  log(msg: string, err?: unknown): void;
}

/** Result of one check. */
export type ConsentSyncResult = 'asked-again' | 'in-sync' | 'unknown';

/** Delay before retry `attempt` (0-based): 5 s doubling, at most 5 minutes. */
export function retryDelayMs(attempt: number): number {
  return Math.min(300_000, 5_000 * 2 ** attempt);
}

/** Runs the check; on an unknown answer, schedules the next one and stays paused. */
export async function syncConsent(d: ConsentSyncDeps, attempt = 0): Promise<ConsentSyncResult> {
  const local = d.tracker.consentState;
  if (!local?.granted) return 'in-sync';
  d.tracker.pause();
  let server: { current: boolean; grantedAt?: number | null };
  try {
    server = await d.getConsent();
  } catch (err) {
    d.log(`consent check failed (attempt ${attempt + 1}); sending stays paused until it succeeds`, err);
    d.later(() => {
      void syncConsent(d, attempt + 1).then((r) => {
        if (r === 'asked-again') d.askAgain();
      });
    }, retryDelayMs(attempt));
    return 'unknown';
  }
  const sameRecord = !local.serverMark || String(server.grantedAt ?? '') === local.serverMark;
  if (server.current && sameRecord) {
    d.tracker.resume();
    return 'in-sync';
  }
  // Not this server record: the queued events may belong to someone else — never send them.
  d.tracker.forgetConsent();
  d.forgetQueueOwner();
  return 'asked-again';
}
