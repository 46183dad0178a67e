/**
 * A step that read a customer before their erasure and checkpoints after the erasure moved the
 * positions off them writes their id back: the runner asks the guard after each checkpoint.
 */
import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import { createJobRunner, memoryJobPorts, type JobHandler } from '../jobs';
import { erasureGuard, positionCustomers } from './erase-guard';
import { ERASURE_SLACK_MS } from './erasures';

const X = 'o_erin';

it('names the customers of every stored position form', () => {
  expect(positionCustomers({ cursor: X, state: {} })).toEqual([X]);
  expect(positionCustomers({ cursor: { ts: 1, id: `${X}:rv1` }, state: {} })).toEqual([X]);
  expect(positionCustomers({ cursor: null, state: { read: { after: X } } })).toEqual([X]);
  expect(positionCustomers({ cursor: '', state: { read: { after: '' } } })).toEqual([]);
});

describe('the runner with the guard', () => {
  async function setup(erasedAt: number) {
    const { db } = memoryDb();
    await db.insert(COLLECTIONS.profiles, [{ _id: 'o_anna' }, { _id: 'o_zoe' }]);
    await db.insert(COLLECTIONS.consents, [{ _id: X, openid: X, granted: true, erasedAt }]);
    const ports = memoryJobPorts();
    // The memory runner's run documents live in the same database the guard reads (as on the cloud).
    const mirror = ports.db.saveRun.bind(ports.db);
    ports.db.saveRun = async (id, lease, patch) => {
      const ok = await mirror(id, lease, patch);
      if (ok && 'cursor' in patch) await db.setById(COLLECTIONS.jobRuns, id, { status: 'running', cursor: patch.cursor ?? null });
      return ok;
    };
    const runner = createJobRunner({ ...ports, now: () => T, erasures: erasureGuard(db) });
    return { db, runner };
  }
  const T = 10_000_000;
  // A step that read X (its page ended on X) after X's erasure removed the profile.
  const handler: JobHandler = { kind: 'k', step: async () => ({ cursor: X, yield: true }) };

  it('moves a position that names a customer erased during the step', async () => {
    const { db, runner } = await setup(T);
    const { runId } = await runner.start('k', { requestedBy: 'timer' });
    await runner.tick(handler);
    expect(await db.getById(COLLECTIONS.jobRuns, runId)).toMatchObject({ cursor: 'o_anna' });
  });

  it('leaves a position alone when the erasure came long before the step', async () => {
    const { db, runner } = await setup(T - ERASURE_SLACK_MS - 1);
    const { runId } = await runner.start('k', { requestedBy: 'timer' });
    await runner.tick(handler);
    expect(await db.getById(COLLECTIONS.jobRuns, runId)).toMatchObject({ cursor: X });
  });
});
