/**
 * An in-memory SDK whose READS of some collections time out, as wx-server-sdk reports a database
 * that did not answer in time: queries (`get`), counts and aggregations (`end`) reject with the
 * SDK's failure; writes on the same collections go through. The unit tests' stand-in for the local
 * cloud's slow-reads fault (scripts/local-cloud/db/slow-reads.ts).
 */
import { LOST_ANSWERS } from './lost-answer';
import type { memorySdk } from './memory-sdk';

type MemorySdk = ReturnType<typeof memorySdk>;

/** How a read that timed out reaches the caller (the codes of duplicate-key.ts). */
export const READ_TIMEOUTS = {
  /** wx-server-sdk's own 15 s `request timeout` (ESOCKETTIMEDOUT), or CloudBase's DATABASE_TIMEOUT. */
  requestTimeout: { ...LOST_ANSWERS.timeout, errMsg: 'collection.get:fail -501001 request timeout' },
  /** The service's SERVER_TIMEOUT. */
  serverTimeout: { ...LOST_ANSWERS.serverTimeout, errMsg: 'collection.get:fail -501002 server timeout' },
  /** A gateway's 504 page: not JSON, so -1. */
  gateway504: LOST_ANSWERS.unreadable,
} as const;

const READS = new Set(['get', 'count', 'end']);

/** `real`, whose chained builders keep failing `answer` at their read and pass writes through. */
function failingReads(real: object, answer: unknown): object {
  return new Proxy(real, {
    get(target, key) {
      if (READS.has(String(key))) return async () => Promise.reject(answer);
      const v = Reflect.get(target, key) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        const out = (v as (...a: unknown[]) => unknown).apply(target, args);
        // Builders (where, orderBy, doc, aggregate stages) chain on; a write's promise is the answer.
        return out && typeof out === 'object' && !(out instanceof Promise) ? failingReads(out, answer) : out;
      };
    },
  });
}

/**
 * Makes every read of the collections `slow` names fail with `answer` (a function is asked at each
 * `collection()`, so a test can start and end the fault); returns `sdk`.
 */
export function timeOutReads<S extends MemorySdk>(answer: unknown, sdk: S, slow: string[] | ((name: string) => boolean)): S {
  const collection = sdk.collection.bind(sdk);
  const isSlow = typeof slow === 'function' ? slow : (name: string) => slow.includes(name);
  sdk.collection = ((name: string) => {
    const c = collection(name);
    return isSlow(name) ? failingReads(c, answer) : c;
  }) as typeof sdk.collection;
  return sdk;
}
