/**
 * An in-memory SDK whose inserts into some collections are stored and then answered as lost.
 *
 * Why: wx-server-sdk reports a request whose answer never came as -501001, the code a duplicate
 * `_id` (CloudBase's DATABASE_DUPLICATE_WRITE) also arrives with, so every insertUnique caller must
 * tell its own stored write from someone else's. Tests of that path share this one stand-in.
 */
import { DB_SYS_ERR } from '../duplicate-key';
import type { memorySdk } from './memory-sdk';

type MemorySdk = ReturnType<typeof memorySdk>;

/** Makes `add` on each of `collections` store its documents, then throw -501001; returns `sdk`. */
export function loseAddAnswers<S extends MemorySdk>(sdk: S, ...collections: string[]): S {
  const collection = sdk.collection.bind(sdk);
  sdk.collection = ((name: string) => {
    const c = collection(name);
    if (!collections.includes(name)) return c;
    return {
      ...c,
      async add(a: Parameters<typeof c.add>[0]) {
        await c.add(a);
        throw { errCode: DB_SYS_ERR, errMsg: 'collection.add:fail -501001 request timeout' };
      },
    };
  }) as typeof sdk.collection;
  return sdk;
}
