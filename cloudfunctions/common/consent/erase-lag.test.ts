/**
 * The runner's erasure check where reads lag the writes by more than the clock slack (the local
 * cloud's stale-read fault; undocumented on CloudBase): a data erasure its read of `consents` shows
 * only after the next check's window has moved past it is still placed, once.
 */
import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import { createJobRunner, memoryJobPorts, type JobHandler } from '../jobs';
import { memoryModelFiles } from '../model-store/memory-ports';
import { erasureGuard } from './erase-guard';
import { eraseCustomerData } from './erase-customer';

const T = 10_000_000;
const LAG_MS = 600_000;

async function setup(kind: string) {
  const { db, replica } = memoryDb({ staleReadMs: LAG_MS });
  const files = memoryModelFiles();
  const ports = { ...memoryJobPorts(), files };
  let clock = T;
  const runner = createJobRunner({ ...ports, now: () => clock, erasures: erasureGuard(db, files) });
  const { runId } = await runner.start(kind, { requestedBy: 'timer' });
  await db.insert(COLLECTIONS.profiles, [{ _id: 'o_m', openid: 'o_m', firstSeenAt: T - 1e9 }]);
  replica!.catchUp();
  return { db, files, ports, runner, runId, replica: replica!, at: (t: number) => void (clock = t), run: () => ports.db.runs.get(runId)! };
}

/** A walk over `positions` in openid order, one file per step (a value refit's read). */
const walk = (kind: string, positions: string[]): JobHandler => ({
  kind,
  async step(ctx) {
    const n = Number(ctx.run.state.parts ?? 0);
    await ctx.putArtifact(`rows-${n}.json`, Buffer.from(JSON.stringify([{ key: `${positions[n] ?? 'o_zz'}:ev${n}` }])));
    return { phase: 'read', cursor: positions[n] ?? 'o_zz', state: { parts: n + 1 }, yield: true };
  },
});

it('a data erasure the runner first reads more than 60 s late restarts a run whose files may hold her, once', async () => {
  const w = await setup('k');
  const h = walk('k', ['o_z', 'o_z', 'o_z', 'o_z', 'o_z', 'o_z']);
  await w.runner.tick(h); // the run read her: its files may hold her rows
  w.at(T + 60_000);
  await eraseCustomerData({ db: w.db, files: w.files, openid: 'o_m', now: () => T + 60_000 });
  w.at(T + 180_000);
  await w.runner.tick(h); // its read of consents lags: no mark yet
  w.replica.catchUp();
  w.at(T + 240_000);
  await w.runner.tick(h); // the mark shows, older than this check's window
  expect(w.run().restartedAt).toBe(T + 60_000);
  for (const t of [T + 300_000, T + 360_000, T + 420_000]) {
    w.at(t);
    await w.runner.tick(h);
  }
  // Placed once: the run goes on from its restart.
  expect(w.run().restartedAt).toBe(T + 60_000);
  expect(w.run().steps).toBeGreaterThanOrEqual(4);
});

it('a late mark placed while the walk is before her does not restart the run when the walk passes her later', async () => {
  const w = await setup('refit:value');
  const h = walk('refit:value', ['o_a', 'o_b', 'o_c', 'o_p', 'o_z']);
  await w.runner.tick(h); // position o_a: she is not in the files
  w.at(T + 60_000);
  await eraseCustomerData({ db: w.db, files: w.files, openid: 'o_m', now: () => T + 60_000 });
  w.at(T + 180_000);
  await w.runner.tick(h); // o_b, no mark seen yet
  w.replica.catchUp();
  w.at(T + 240_000);
  await w.runner.tick(h); // o_c: the late mark is placed, she is after the position
  expect(w.run().restartedAt).toBeUndefined();
  expect(w.run().erasuresPlaced).toEqual([T + 60_000]);
  for (const t of [T + 300_000, T + 360_000]) {
    w.at(t);
    await w.runner.tick(h); // o_p, o_z: past her openid (her profile was gone before the walk got there)
  }
  expect(w.run().restartedAt).toBeUndefined();
  expect(w.run().cursor).toBe('o_z');
});

it('two erasures marked in one millisecond, one shown late: the late one is placed even when it reads first', async () => {
  const w = await setup('refit:value');
  await w.db.insert(COLLECTIONS.profiles, [
    { _id: 'o_c', openid: 'o_c', firstSeenAt: T - 1e9 },
    { _id: 'o_x', openid: 'o_x', firstSeenAt: T - 1e9 },
  ]);
  w.replica.catchUp();
  const h = walk('refit:value', ['o_a', 'o_d', 'o_e', 'o_f', 'o_g']);
  await w.runner.tick(h); // position o_a
  w.at(T + 60_000);
  await eraseCustomerData({ db: w.db, files: w.files, openid: 'o_x', now: () => T + 60_000 });
  w.replica.catchUp(); // her mark shows at once
  await eraseCustomerData({ db: w.db, files: w.files, openid: 'o_c', now: () => T + 60_000 }); // same ms, shown late
  w.at(T + 180_000);
  await w.runner.tick(h); // o_d: its (lagging) read may have seen o_c; only o_x's mark shows
  expect(w.run().restartedAt).toBeUndefined();
  w.replica.catchUp();
  w.at(T + 240_000);
  await w.runner.tick(h); // both marks show; o_c's is late and the files before o_d may hold her
  expect(w.run().restartedAt).toBe(T + 60_000);
  for (const t of [T + 300_000, T + 360_000]) {
    w.at(t);
    await w.runner.tick(h);
  }
  expect(w.run().restartedAt).toBe(T + 60_000);
  expect(JSON.stringify(w.run())).not.toMatch(/o_c|o_x/);
});
