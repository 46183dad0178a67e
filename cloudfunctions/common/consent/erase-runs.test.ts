/**
 * A refit in flight whose checkpoint files may hold an erased customer's rows: the erasure deletes
 * the files and restarts the run; a step that read her before the erasure and stored its file
 * after it makes the runner do the same at its checkpoint, once per erasure.
 */
import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import { createJobRunner, memoryJobPorts, type JobHandler } from '../jobs';
import { memoryModelFiles } from '../model-store/memory-ports';
import { erasureGuard } from './erase-guard';
import { restartRunsInFlight } from './erase-runs';
import { eraseCustomerData, finishWithdrawal } from './erase-customer';
import { lastDataErasureAt, markErased } from './erasures';

const T = 10_000_000;

async function setup() {
  const { db } = memoryDb();
  const files = memoryModelFiles();
  const ports = { ...memoryJobPorts(), files };
  let clock = T;
  const runner = createJobRunner({ ...ports, now: () => clock, erasures: erasureGuard(db) });
  const { runId } = await runner.start('k', { requestedBy: 'timer' });
  return { db, ports, files, runner, runId, tick: (h: JobHandler) => runner.tick(h), at: (t: number) => void (clock = t) };
}

/** Reads one page a step into `rows-<n>.json`; `during` runs inside the step, after the read. */
const reader = (during: () => Promise<void> = async () => undefined): JobHandler => ({
  kind: 'k',
  async step(ctx) {
    const n = Number(ctx.run.state.parts ?? 0);
    await during();
    await ctx.putArtifact(`rows-${n}.json`, Buffer.from(JSON.stringify([{ key: `o_erin:ev${n}`, text: '好评' }])));
    return { phase: 'read', cursor: 'o_erin', state: { parts: n + 1 }, yield: true };
  },
});

it('a step that read the customer before her erasure and stored its file after it: the runner deletes the files and starts over, once', async () => {
  const s = await setup();
  await s.tick(reader());
  expect(s.files.blobs.size).toBe(1);
  s.at(T + 5_000);
  // The erasure lands mid-step (the runner's own run documents are the memory port's, not `db`'s: only the step's guard sees it).
  await s.tick(reader(() => markErased(s.db, 'o_erin', T + 5_000)));
  expect(s.files.blobs.size).toBe(0);
  expect(s.ports.db.runs.get(s.runId)).toMatchObject({ phase: 'start', cursor: null, state: {}, restartedAt: T + 5_000, status: 'running' });
  // The erasure finishes; a step begun more than the clock slack after that cannot have read her.
  await s.db.updateById(COLLECTIONS.consents, 'o_erin', { erasureDoneAt: T + 6_000 });
  s.at(T + 6_000 + 60_001);
  await s.tick(reader());
  expect(s.ports.db.runs.get(s.runId)).toMatchObject({ phase: 'read', state: { parts: 1 }, restartedAt: T + 5_000 });
  expect(s.files.blobs.size).toBe(1);
});

it('an erasure long before the run began restarts nothing', async () => {
  const s = await setup();
  await markErased(s.db, 'o_old', T - 3_600_000);
  await s.tick(reader());
  await s.tick(reader());
  expect(s.ports.db.runs.get(s.runId)).toMatchObject({ phase: 'read', state: { parts: 2 } });
  expect(s.files.blobs.size).toBe(2);
});

it('the erasure itself restarts a running run with files between ticks, once per mark, and leaves ended runs and runs without files', async () => {
  const { db } = memoryDb();
  const removed: string[][] = [];
  const files = { remove: async (ids: string[]) => void removed.push(ids) };
  await db.insert(COLLECTIONS.jobRuns, [
    { _id: 'r1', status: 'running', phase: 'read', cursor: { ts: 1, id: 'o_a:e1' }, state: { parts: 2, until: 5 }, artifacts: { rows0: 'cloud://f0', rows1: 'cloud://f1' } },
    { _id: 'r2', status: 'running', phase: 'read', cursor: 'o_b', state: { n: 1 }, artifacts: {} },
    { _id: 'r3', status: 'succeeded', phase: 'fit', cursor: null, state: {}, artifacts: { m: 'cloud://f3' } },
  ]);
  expect(await restartRunsInFlight(db, files, T, { openid: 'o_x', is: (o) => o === 'o_x' })).toBe(2);
  expect(removed).toEqual([['cloud://f0', 'cloud://f1']]);
  expect(await db.getById(COLLECTIONS.jobRuns, 'r1')).toMatchObject({ phase: 'start', cursor: null, state: {}, restartedAt: T });
  expect(await db.getById(COLLECTIONS.jobRuns, 'r2')).toMatchObject({ phase: 'read', cursor: 'o_b', state: { n: 1 } });
  // The same erasure finished again (retention's finisher): the run already restarted for it.
  expect(await restartRunsInFlight(db, files, T, { openid: 'o_x', is: (o) => o === 'o_x' })).toBe(0);
  expect(removed).toHaveLength(1);
});

it('a customer with nothing stored, erasing again and again, restarts no refit; one who holds data does (review22 on bd8b365)', async () => {
  const s = await setup();
  await s.tick(reader());
  const run = () => s.ports.db.runs.get(s.runId)!;
  // The erasure's own restart works on `db`'s job_runs; the run lives in the runner's memory port,
  // so mirror it there for the erasure to see.
  const mirror = async () => {
    await s.db.removeWhere(COLLECTIONS.jobRuns, {});
    await s.db.insert(COLLECTIONS.jobRuns, [{ _id: s.runId, status: 'running', phase: run().phase, cursor: run().cursor, state: run().state, artifacts: Object.fromEntries(Object.values(run().artifacts).map((v, i) => [`a${i}`, v])) }]);
  };
  for (let i = 1; i <= 3; i++) {
    s.at(T + i * 60_000);
    await mirror();
    await eraseCustomerData({ db: s.db, files: s.files, openid: 'o_nobody', now: () => T + i * 60_000 });
    await s.tick(reader());
  }
  expect(run()).toMatchObject({ phase: 'read', state: { parts: 4 } });
  expect(run().restartedAt).toBeUndefined();
  expect(s.files.blobs.size).toBe(4);
  expect(await s.db.getById(COLLECTIONS.consents, 'o_nobody')).toMatchObject({ erasedAt: T + 180_000 });
  expect((await s.db.getById(COLLECTIONS.consents, 'o_nobody'))?.dataErasedAt).toBeUndefined();

  await s.db.insert(COLLECTIONS.profiles, [{ _id: 'o_erin', openid: 'o_erin' }]);
  s.at(T + 240_000);
  await mirror();
  const counts = await eraseCustomerData({ db: s.db, files: s.files, openid: 'o_erin', now: () => T + 240_000 });
  expect(counts.profile).toBe(1);
  expect(counts.artifacts).toBe(4);
  expect(await s.db.getById(COLLECTIONS.jobRuns, s.runId)).toMatchObject({ phase: 'start', restartedAt: T + 240_000 });
  // The runner's own check, at the next checkpoint of a tick that read before the reset, sees the data mark.
  await s.tick(reader());
  expect(run()).toMatchObject({ phase: 'start', restartedAt: T + 240_000 });
});

it('an erasure that held data and died before restarting the refits restarts them when it is finished again', async () => {
  const { db } = memoryDb();
  const files = memoryModelFiles();
  await db.insert(COLLECTIONS.jobRuns, [{ _id: 'r1', status: 'running', phase: 'fit', cursor: null, state: {}, artifacts: { a0: 'cloud://f0' } }]);
  // The first call marked (she held data), removed her profile and died: no erasureDoneAt.
  await markErased(db, 'o_died', T, true);
  await eraseCustomerData({ db, files, openid: 'o_died', now: () => T + 60_000 });
  expect(await db.getById(COLLECTIONS.jobRuns, 'r1')).toMatchObject({ phase: 'start', restartedAt: T + 60_000 });
  // Finished now: a later call with nothing stored restarts nothing.
  await db.updateById(COLLECTIONS.jobRuns, 'r1', { phase: 'fit', artifacts: { a0: 'cloud://f1' } });
  await eraseCustomerData({ db, files, openid: 'o_died', now: () => T + 120_000 });
  expect(await db.getById(COLLECTIONS.jobRuns, 'r1')).toMatchObject({ phase: 'fit', restartedAt: T + 60_000 });
});

describe('under read lag (reads 10 min behind the writes; the removals act on the primary)', () => {
  const LAG = { staleReadMs: 600_000 };
  const running = { _id: 'r1', status: 'running', phase: 'fit', cursor: null, state: {}, artifacts: { a0: 'cloud://f0' } };

  it('a profile written a moment ago, which no read shows yet, still restarts the refits and sets the data mark', async () => {
    const { db, replica } = memoryDb(LAG);
    await db.insert(COLLECTIONS.jobRuns, [running]);
    replica!.catchUp();
    await db.insert(COLLECTIONS.profiles, [{ _id: 'o_new', openid: 'o_new' }]);
    const counts = await eraseCustomerData({ db, files: memoryModelFiles(), openid: 'o_new', now: () => T });
    expect(counts).toMatchObject({ profile: 1, artifacts: 1 });
    replica!.catchUp();
    expect(await db.getById(COLLECTIONS.jobRuns, 'r1')).toMatchObject({ phase: 'start', restartedAt: T });
    expect(await lastDataErasureAt(db)).toBe(T);
  });

  it("a withdrawal's tombstone keeps this erasure's data mark though the read before it lags the mark", async () => {
    const { db, replica } = memoryDb(LAG);
    await db.insert(COLLECTIONS.consents, [{ _id: 'o_w', openid: 'o_w', version: 1, granted: false, withdrawnAt: T - 1 }]);
    await db.insert(COLLECTIONS.profiles, [{ _id: 'o_w', openid: 'o_w' }]);
    replica!.catchUp();
    await finishWithdrawal({ db, files: memoryModelFiles(), openid: 'o_w', now: () => T }, T - 1);
    replica!.catchUp();
    expect(await db.getById(COLLECTIONS.consents, 'o_w')).toBeNull();
    // The runner's checkpoint check (erase-guard.ts artifactsErased) asks exactly this.
    expect(await lastDataErasureAt(db)).toBe(T);
  });
});
