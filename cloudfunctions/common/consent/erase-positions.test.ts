/**
 * Every form of paging position that can name a customer, moved off them: cleared where the work
 * ended, moved to the item before them where it goes on (so the walk resumes right after them).
 */
import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import { movePositionsOff } from './erase-positions';

const X = 'o_erin';
const T = 1_000_000;

async function seeded() {
  const { db } = memoryDb();
  // Profiles that remain after X's removal: one before X, one after.
  await db.insert(COLLECTIONS.profiles, [{ _id: 'o_anna' }, { _id: 'o_zoe' }]);
  await db.insert(COLLECTIONS.events, [
    // The sentiment read walks (ts, _id) descending: ann's ts+1 was read before X's, bob's after.
    { _id: 'o_ann:rv1', openid: 'o_ann', name: 'review_submit', ts: T + 1 },
    { _id: 'o_zed:rv2', openid: 'o_zed', name: 'review_submit', ts: T },
    { _id: 'o_bob:rv3', openid: 'o_bob', name: 'review_submit', ts: T - 1 },
    // Outside the run's window (ts > until): never read by it, so never its position.
    { _id: 'o_new:rv4', openid: 'o_new', name: 'review_submit', ts: T + 50 },
  ]);
  const run = (id: string, status: string, extra: Record<string, unknown>) => ({ _id: id, kind: id.split('@')[0], status, createdAt: T + 10, state: {}, ...extra });
  await db.insert(COLLECTIONS.jobRuns, [
    run('refit:value@1', 'running', { cursor: X }),
    run('score:value@1', 'succeeded', { cursor: X }),
    run('refit:segmentation@1', 'running', { cursor: null, state: { read: { after: X, rows: 3 } } }),
    run('refit:segmentation@0', 'failed', { cursor: null, state: { read: { after: X, rows: 3 } } }),
    // Same ts as o_zed's review, a smaller _id: o_zed:rv2 came just before it in the walk.
    run('refit:sentiment@1', 'running', { cursor: { ts: T, id: `${X}:rv9` }, state: { until: T + 10 } }),
    run('refit:sentiment@0', 'running', { cursor: { ts: T + 2, id: `${X}:rv8` }, state: { until: T + 10 } }),
    run('refit:value@2', 'running', { cursor: 'o_someone_else' }),
  ]);
  await db.insert(COLLECTIONS.jobs, [
    { _id: 'rebuild', state: 'running', cursor: X },
    { _id: 'segment', cursor: X, sweepCursor: X },
    { _id: 'dispatch:c1', kind: 'dispatch-cursor', cursor: X },
  ]);
  return db;
}

it('moves positions of work in flight to the item before the customer, clears ended ones', async () => {
  const db = await seeded();
  const r = await movePositionsOff(db, X);
  const run = (id: string) => db.getById(COLLECTIONS.jobRuns, id);
  expect(await run('refit:value@1')).toMatchObject({ cursor: 'o_anna' });
  expect(await run('score:value@1')).toMatchObject({ cursor: null });
  expect((await run('refit:segmentation@1'))?.state).toEqual({ read: { after: 'o_anna', rows: 3 } });
  expect((await run('refit:segmentation@0'))?.state).toEqual({ read: { after: '', rows: 3 } });
  expect((await run('refit:sentiment@1'))?.cursor).toEqual({ ts: T, id: 'o_zed:rv2' });
  // Nothing in the window before it: the read's start (every event with ts ≤ until follows).
  expect((await run('refit:sentiment@0'))?.cursor).toEqual({ ts: T + 11, id: '' });
  expect(await run('refit:value@2')).toMatchObject({ cursor: 'o_someone_else' });
  expect(await db.getById(COLLECTIONS.jobs, 'rebuild')).toMatchObject({ cursor: 'o_anna' });
  expect(await db.getById(COLLECTIONS.jobs, 'segment')).toMatchObject({ cursor: 'o_anna', sweepCursor: 'o_anna' });
  expect(await db.getById(COLLECTIONS.jobs, 'dispatch:c1')).toMatchObject({ cursor: 'o_anna' });
  expect(r).toEqual({ cleared: 2, moved: 8 });
  expect(JSON.stringify([...(await db.findAll(COLLECTIONS.jobRuns, {})), ...(await db.findAll(COLLECTIONS.jobs, {}))])).not.toContain(X);
});

it("an idle rebuild forgets the position; with no profile before the customer, a walk's start stands in", async () => {
  const { db } = memoryDb();
  await db.insert(COLLECTIONS.profiles, [{ _id: 'o_zoe' }]);
  await db.insert(COLLECTIONS.jobs, [{ _id: 'rebuild', state: 'idle', cursor: X }, { _id: 'dispatch:c1', cursor: X }]);
  await movePositionsOff(db, X);
  expect(await db.getById(COLLECTIONS.jobs, 'rebuild')).toMatchObject({ cursor: '' });
  expect(await db.getById(COLLECTIONS.jobs, 'dispatch:c1')).toMatchObject({ cursor: '' });
});

it('a walk that moved on meanwhile keeps its own position', async () => {
  const db = await seeded();
  const find = db.findAll.bind(db);
  // The sentiment read checkpoints a later position between the erasure's read and its write.
  jest.spyOn(db, 'findAll').mockImplementation(async (...a: Parameters<typeof db.findAll>) => {
    const out = await find(...a);
    if (a[0] === COLLECTIONS.jobRuns) await db.updateById(COLLECTIONS.jobRuns, 'refit:sentiment@1', { cursor: db._.set({ ts: T - 1, id: 'o_bob:rv3' }) });
    return out;
  });
  await movePositionsOff(db, X);
  expect((await db.getById(COLLECTIONS.jobRuns, 'refit:sentiment@1'))?.cursor).toEqual({ ts: T - 1, id: 'o_bob:rv3' });
});
