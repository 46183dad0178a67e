/**
 * Asks a function again while it answers UNAVAILABLE — the database did not answer in time
 * (common/contracts/reply-of-error.ts) — as staff's 重试 would, at most `retries` more times. For
 * suites whose statistics the local cloud aggregates in the jest process: at a heavily loaded CI
 * (load 10–22 on 2 cores) an aggregation that takes 0.3–1.6 s there can outlast wx-server-sdk's
 * 15 s request timeout (session 18 reproduced it in refit-segmentation). Only UNAVAILABLE is asked
 * again, so a wrong answer, a refusal or INTERNAL fails the test at once; each retry is printed,
 * so a CI log shows that it happened.
 */

/** What a function replied, as far as this looks at it. */
interface Answer {
  ok?: boolean;
  error?: { code?: string };
}

/** `call()` again while it answers UNAVAILABLE, at most `retries` times (default 2); the last answer. */
export async function retryWhileUnavailable<R extends Answer>(what: string, call: () => Promise<R>, retries = 2): Promise<R> {
  for (let attempt = 0; ; attempt++) {
    const r = await call();
    if (r.ok !== false || r.error?.code !== 'UNAVAILABLE' || attempt >= retries) return r;
    console.warn(`[retry-unavailable] ${what}: UNAVAILABLE (the database timed out), asking again (${attempt + 1} of ${retries})`);
  }
}
