/**
 * The rebuild job when reads lag the writes (the memory SDK's stale-read option, the local cloud's
 * replica): the first call of a new environment creates the job, takes its lease, and reads it
 * back from a replica that has neither; it must still run, not skip every repair for the tick.
 */
import { COLLECTIONS } from '../common/contracts/collections';
import { memoryDb } from '../common/db/testing/memory-sdk';
import { JOB_ID, runRebuildJob, type RebuildJobDoc } from './job';

const NOW = Date.UTC(2026, 11, 6, 12);
const LAG = 600_000;

/** A product with one call's hold on it, taken an hour ago for an order never stored. */
async function shopWithStaleHold() {
  const m = memoryDb({ staleReadMs: LAG });
  await m.db.insert(COLLECTIONS.products, [
    { _id: 'p1', name: '绿茶', categoryId: 'tea', priceFen: 100, stock: 2, held: 1, holds: { a1: { orderId: 'o1', quantity: 1, at: NOW - 3_600_000, attempt: 'a1' } } },
  ]);
  m.replica!.catchUp();
  return m;
}
const run = (db: ReturnType<typeof memoryDb>['db']) => runRebuildJob({ db, now: () => NOW, budgetMs: 30_000, retentionDays: 180 });
const job = (tables: ReturnType<typeof memoryDb>['tables']) => tables.get(COLLECTIONS.jobs)!.get(JOB_ID) as unknown as RebuildJobDoc;

it('the first call settles stale holds and runs the full pass though its read of the job it just created lags', async () => {
  const { db, tables } = await shopWithStaleHold();
  const r = await run(db);
  expect(r).toMatchObject({ leased: true, holdsSettled: 1, full: { state: 'idle', cursor: '' } });
  expect(tables.get(COLLECTIONS.products)!.get('p1')).toMatchObject({ stock: 3, held: 0 });
  expect(tables.get(COLLECTIONS.orders)!.get('o1')).toMatchObject({ fencedAt: expect.any(Number) });
  // It gave its lease back: the next tick is not locked out for the lease's 45 s.
  expect(job(tables)).toMatchObject({ state: 'idle', leaseUntil: 0, completedAt: NOW });
});
