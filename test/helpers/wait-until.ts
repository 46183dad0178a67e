/**
 * Polling with a deadline, for tests that wait for something to happen. CI runs on 2 cores at
 * load 4–20, so a fixed sleep followed by an assertion fails whenever the machine is slower than
 * the sleep assumed; a poll with a generous deadline costs nothing when the machine is fast.
 */

/** Raised when the condition did not hold before the deadline; names what was awaited. */
export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
}

/** Options of {@link waitUntil}. */
export interface WaitOptions {
  /** What is awaited, for the error message. */
  what: string;
  /** Deadline (default 60 s: generous on purpose, the fast path never waits that long). */
  timeoutMs?: number;
  /** Pause between checks (default 50 ms). */
  intervalMs?: number;
}

/** Resolves with the first truthy value of `check`; throws {@link WaitTimeoutError} after the deadline. */
export async function waitUntil<T>(check: () => T | Promise<T>, opts: WaitOptions): Promise<NonNullable<T>> {
  const end = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new WaitTimeoutError(`timed out after ${opts.timeoutMs ?? 60_000} ms waiting for ${opts.what}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
}
