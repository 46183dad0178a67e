/**
 * Set-up shared by the tests of the local cloud's query readings (`QX_NULL_EQ`, `QX_NEQ_MISSING`,
 * `QX_LT_MISSING`, `QX_ARRAY_NEQ`): a local cloud started with the reading under test, the real
 * wx-server-sdk pointed at it, and one collection seeded with the documents the test asks about.
 * Each test still names its own switch in the options it passes.
 */
import type { LocalCloudOptions } from '../../scripts/local-cloud';
import { loadSdk, startTestCloud, type TestCloud, type WxSdk } from './local-cloud';

/** What a reading test queries through. */
export interface ReadingCloud {
  t: TestCloud;
  /** The real SDK's database, its command object and the seeded collection. */
  db: WxSdk;
  _: WxSdk;
  c: WxSdk;
}

/** Starts the cloud with `opts`, points the SDK at it and seeds collection `name` with `seed`. */
export async function startReadingCloud(
  opts: Partial<LocalCloudOptions> & { schema?: boolean },
  name: string,
  seed: Array<Record<string, unknown>>,
): Promise<ReadingCloud> {
  const t = await startTestCloud(opts);
  Object.assign(process.env, t.env);
  const db = loadSdk('local').database();
  await db.createCollection(name);
  const c = db.collection(name);
  await c.add({ data: seed });
  return { t, db, _: db.command, c };
}

/** The `_id`s `where(q)` selects in collection `c`, in `_id` order. */
export async function idsWhere(c: WxSdk, q: unknown): Promise<string[]> {
  return ((await c.where(q).orderBy('_id', 'asc').get()).data as Array<{ _id: string }>).map((d) => d._id);
}
