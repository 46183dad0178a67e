/**
 * What a crashed request answers with, for the crash-point explorer (crash-points.ts).
 *
 * Why several: wx-server-sdk 4.0.2 does not give one code for "the answer never came"
 * (duplicate-key.ts; test/integration/db-lost-answer-codes pins them through the real SDK): -501001
 * (a transport error with a code, CloudBase's DATABASE_TIMEOUT), -501002 (the service's
 * SERVER_TIMEOUT) or -1 (a gateway's HTML error page, a SyntaxError in the SDK). A request that
 * never reached the store arrives as -501001 (ECONNRESET, ECONNREFUSED) or as the service's own
 * refusal, -502001 (DATABASE_REQUEST_FAILED). Code that reads one of them as "nothing was applied",
 * or branches on one, is only tested by a crash answering with each, so every crash point runs
 * once per code of its kind.
 */
import { DB_REQUEST_FAILED, DB_SERVER_TIMEOUT, DB_SYS_ERR, SDK_GENERIC_ERR } from '../duplicate-key';

/** Whether the crashed request was applied before its answer was lost. */
export type CrashKind = 'refused' | 'lost';

/** The codes a crash of each kind answers with, in the order the explorer runs them. */
export const CRASH_CODES: Readonly<Record<CrashKind, readonly number[]>> = {
  refused: [DB_SYS_ERR, DB_REQUEST_FAILED],
  lost: [DB_SYS_ERR, DB_SERVER_TIMEOUT, SDK_GENERIC_ERR],
};

/** The SDK's wording after `:fail ` for each code (as the real SDK and the local cloud give them). */
const WORDING: Record<number, (why: string) => string> = {
  [DB_SYS_ERR]: (why) => `-501001 ${why}`,
  [DB_SERVER_TIMEOUT]: (why) => `-501002 service response timeout (${why})`,
  [DB_REQUEST_FAILED]: (why) => `-502001 database request failed (${why})`,
  // The SDK parses a gateway's 504 page as JSON first: the SyntaxError's text is all it keeps.
  [SDK_GENERIC_ERR]: () => `Unexpected token '<', "<html><bo"... is not valid JSON`,
};

/** The error wx-server-sdk gives request `collection.op` that failed with `code`. */
export function crashError(collection: string, op: string, code: number, why: string): unknown {
  const say = WORDING[code] ?? ((w: string) => `${code} ${w}`);
  return { errCode: code, errMsg: `${collection}.${op}:fail ${say(why)}` };
}
