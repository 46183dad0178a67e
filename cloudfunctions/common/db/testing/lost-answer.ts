/**
 * An in-memory SDK whose inserts into some collections are stored and then answered as lost.
 *
 * Why: wx-server-sdk reports a request whose answer never came as -501001, the code a duplicate
 * `_id` (CloudBase's DATABASE_DUPLICATE_WRITE) also arrives with — or as -501002 (the service's
 * SERVER_TIMEOUT) or -1 (an answer it could not parse): duplicate-key.ts. So every insertUnique
 * caller must tell its own stored write from someone else's, whatever the code. Tests of that
 * path share this one stand-in.
 */
import { DB_SERVER_TIMEOUT, DB_SYS_ERR, SDK_GENERIC_ERR } from '../duplicate-key';
import type { memorySdk } from './memory-sdk';

type MemorySdk = ReturnType<typeof memorySdk>;

/** How wx-server-sdk answers an insert that was stored but whose answer it did not get. */
export const LOST_ANSWERS = {
  /** The request timed out (ESOCKETTIMEDOUT), or the service answered DATABASE_TIMEOUT. */
  timeout: { errCode: DB_SYS_ERR, errMsg: 'collection.add:fail -501001 request timeout' },
  /** The service's own SERVER_TIMEOUT. */
  serverTimeout: { errCode: DB_SERVER_TIMEOUT, errMsg: 'collection.add:fail -501002 server timeout' },
  /** An answer whose body was not JSON (a gateway's error page): a SyntaxError in the SDK, errCode -1. */
  unreadable: {
    errCode: SDK_GENERIC_ERR,
    errMsg: `collection.add:fail Unexpected token '<', "<html>" is not valid JSON`,
  },
} as const;

/** Makes `add` on each of `collections` store its documents, then throw -501001; returns `sdk`. */
export function loseAddAnswers<S extends MemorySdk>(sdk: S, ...collections: string[]): S {
  return loseAddAnswersAs(LOST_ANSWERS.timeout, sdk, ...collections);
}

/** Makes `add` on each of `collections` store its documents, then throw `answer`; returns `sdk`. */
export function loseAddAnswersAs<S extends MemorySdk>(answer: unknown, sdk: S, ...collections: string[]): S {
  const collection = sdk.collection.bind(sdk);
  sdk.collection = ((name: string) => {
    const c = collection(name);
    if (!collections.includes(name)) return c;
    return {
      ...c,
      async add(a: Parameters<typeof c.add>[0]) {
        await c.add(a);
        throw answer;
      },
    };
  }) as typeof sdk.collection;
  return sdk;
}
