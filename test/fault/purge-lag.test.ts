/**
 * The age-based purge (retention/purge.ts) through the REAL wx-server-sdk while reads lag the
 * removals by 10 minutes and unordered results come back in natural order — the reading of a real
 * backend, under which a lagging replica answers the same first page again after it was removed.
 * A purge that asks for "the first page of what still matches" then either spins to its deadline or
 * stops for the day after one page, and a shop expiring more than a page a day never catches up on
 * its retention promise. Paging from a cursor goes on.
 */
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import { Db, type Doc } from '../../cloudfunctions/common/db/wx-db';
import { DAY_MS } from '../../cloudfunctions/common/profile/day';
import { purgeExpiredEvents } from '../../cloudfunctions/retention/purge';
import { loadSdk, startTestCloud, type TestCloud } from '../helpers/local-cloud';

const E = COLLECTIONS.events;
const NOW = Date.UTC(2026, 11, 6, 12);
const DAYS = 180;

let t: TestCloud;
let db: Db;

beforeAll(async () => {
  t = await startTestCloud({ schema: true, staleReadMs: 10 * 60_000, resultOrder: 'natural' });
  Object.assign(process.env, t.env, { SILENCE: 'true' });
  db = new Db(loadSdk('local').database());
});
afterAll(() => t?.close());

const event = (id: string, ts: number): Doc => ({ _id: id, openid: `o-${id}`, type: 'view', ts });
const stored = (): string[] => t.cloud.db.collection(E).find({}).map((d) => String(d._id)).sort();

it('removes every expired event in one pass, in pages, though each read still shows the removed ones', async () => {
  const expired = Array.from({ length: 2_345 }, (_, i) => event(`x-${String(i).padStart(4, '0')}`, NOW - (DAYS + 1) * DAY_MS - (i % 7) * 1000));
  const young = Array.from({ length: 5 }, (_, i) => event(`y-${i}`, NOW - (DAYS - 1) * DAY_MS + i));
  const coll = loadSdk('local').database().collection(E);
  for (let i = 0; i < expired.length; i += 500) await coll.add({ data: expired.slice(i, i + 500) });
  await coll.add({ data: young });
  t.cloud.replica?.catchUp();

  const r = await purgeExpiredEvents({ db, now: () => NOW, retentionDays: DAYS, budgetMs: 60_000, pageSize: 1000 });
  expect(r).toMatchObject({ removed: expired.length, done: true });
  expect(stored()).toEqual(young.map((d) => d._id));
  // The lagging read still shows them all: the pass did not depend on it catching up.
  expect(await db.count(E, {})).toBe(expired.length + young.length);
  t.cloud.replica?.catchUp();
  expect(await purgeExpiredEvents({ db, now: () => NOW, retentionDays: DAYS, budgetMs: 60_000 })).toMatchObject({ removed: 0, done: true });
});
