/**
 * What a thrown error becomes at a cloud function's boundary — one mapping for every function, so
 * a caller meets the same code for the same failure wherever it happens:
 * - a {@link QxError} keeps its code, message and details (refusals, OUTCOME_UNKNOWN, …);
 * - a database call that timed out or could not reach the service (db/timed-out.ts) during a call
 *   the function declares `retrySafe` (it reads only, or doing it twice does what doing it once
 *   does) is `UNAVAILABLE` 「系统繁忙，请稍后重试」 with `details.retryable: true`: nothing was
 *   lost, and the same request again is safe;
 * - anything else — a timeout in a call that may have written something not idempotent included —
 *   is logged and answered `INTERNAL` with the function's own message (never the error's text).
 * A write whose outcome is unknown is never made "retry freely" here: a handler that can say the
 * retry is safe throws OUTCOME_UNKNOWN itself (shop createOrder), which passes through unchanged.
 */
import { dbTimedOut } from '../db/timed-out';
import { fail, QxError, type FnFailure } from './errors';

/** The words of UNAVAILABLE, as the admin page and the app show them. */
export const UNAVAILABLE_MESSAGE = '系统繁忙，请稍后重试';

/** Where the error surfaced, and what that call may do again. */
export interface FailureSite {
  /** The function's name, for the log line. */
  fn: string;
  /** True when the call reads only or is idempotent: a timeout there may be retried as it is. */
  retrySafe: boolean;
  /** The INTERNAL message for people (the function's own wording). */
  internal: string;
  /** Where an unexpected error is logged (default console.error). */
  log?: (msg: string, err: unknown) => void;
}

/** The failure reply for `err`, thrown by a handler of `site.fn` (see the module comment). */
export function replyOfError(err: unknown, site: FailureSite): FnFailure {
  if (err instanceof QxError) return fail(err.code, err.message, err.details);
  const log = site.log ?? ((msg, e) => console.error(msg, e));
  if (site.retrySafe && dbTimedOut(err)) {
    // Logged too: a cloud that times out often is something staff should hear about.
    log(`[${site.fn}] database unavailable (answered UNAVAILABLE)`, err);
    return fail('UNAVAILABLE', UNAVAILABLE_MESSAGE, { retryable: true });
  }
  log(`[${site.fn}] internal error`, err);
  return fail('INTERNAL', site.internal);
}
