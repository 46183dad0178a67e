/**
 * The local cloud's two readings of an equality with null (`QX_NULL_EQ`, common/db/null-eq.ts),
 * through the real wx-server-sdk: 'match' is MongoDB's (null matches a stored null and a missing
 * field), 'nomatch' SQL's `= NULL` (matches nothing). The job runner's slot, which means "no active
 * run" by a stored sentinel, lets a kind start again after its first run under both.
 */
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { wxJobDb } from '../../cloudfunctions/common/jobs/wx-ports';
import type { TestCloud } from '../helpers/local-cloud';
import { idsWhere, startReadingCloud } from '../helpers/reading-cloud';

describe.each(['match', 'nomatch'] as const)('equality with null (%s)', (mode) => {
  let t: TestCloud;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let db: any, _: any, c: any;
  const ids = (q: unknown): Promise<string[]> => idsWhere(c, q);
  const nullish = (present: string[]): string[] => (mode === 'match' ? present : []);

  beforeAll(async () => {
    ({ t, db, _, c } = await startReadingCloud({ nullEq: mode }, 'nul', [{ _id: 'a', f: 1 }, { _id: 'e', f: '' }, { _id: 'm', g: 1 }, { _id: 'n', f: null }]));
  });
  afterAll(() => t.close());

  it('get, count and update: null matches null and missing only in MongoDB reading', async () => {
    expect(await ids({ f: null })).toEqual(nullish(['m', 'n']));
    expect(await ids({ f: _.eq(null) })).toEqual(nullish(['m', 'n']));
    expect((await c.where({ f: null }).count()).total).toBe(nullish(['m', 'n']).length);
    expect(await ids(_.or([{ f: null }, { g: 1 }]))).toEqual(mode === 'match' ? ['m', 'n'] : ['m']);
    expect(await ids({ f: _.in(['', null]) })).toEqual(mode === 'match' ? ['e', 'm', 'n'] : ['e']);
    const u = await c.where({ f: null }).update({ data: { seen: true } });
    expect(u.stats.updated).toBe(nullish(['m', 'n']).length);
  });

  it('the spelled-out "sentinel, or none" matches the sentinel and a missing field under both', async () => {
    const none = await ids({ f: _.in(['', null]).or(_.exists(false)) });
    expect(none).toEqual(mode === 'match' ? ['e', 'm', 'n'] : ['e', 'm']);
  });

  it('a job kind starts again after its first run ended', async () => {
    await db.createCollection(COLLECTIONS.jobs);
    const jobs = wxJobDb(new Db(db));
    expect(await jobs.swapSlot('k', null, { active: 'r1' })).toBe(true);
    expect(await jobs.swapSlot('k', 'r1', { active: null, lastRun: 'r1' })).toBe(true);
    expect(await jobs.getSlot('k')).toEqual({ _id: 'k', active: null, lastRun: 'r1' });
    expect(await jobs.swapSlot('k', null, { active: 'r2' })).toBe(true);
    expect(await jobs.swapSlot('k', null, { active: 'r3' })).toBe(false);
    expect(await jobs.getSlot('k')).toEqual({ _id: 'k', active: 'r2', lastRun: 'r1' });
  });
});
