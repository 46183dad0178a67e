/**
 * Contract: transactions as WeChat documents them — startTransaction / runTransaction with
 * single-document operations (doc get/set/update/remove, add), read-your-writes inside,
 * nothing visible before commit, rollback discards, conflicting commits fail (and runTransaction
 * retries them).
 */
import { announceTarget, sdkTarget, type SdkTarget } from '../helpers/local-cloud';

let t: SdkTarget;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any, _: any, name: string;

beforeAll(async () => {
  announceTarget('db-transaction');
  t = await sdkTarget();
  db = t.db;
  _ = db.command;
  name = await t.collection('tx');
  await db.collection(name).add({ data: [{ _id: 'acc1', balance: 100 }, { _id: 'acc2', balance: 0 }] });
});
afterAll(() => t.close());

it('commits writes atomically and hides them until commit', async () => {
  const tx = await db.startTransaction();
  const a = await tx.collection(name).doc('acc1').get();
  expect(a.data.balance).toBe(100);
  await tx.collection(name).doc('acc1').update({ data: { balance: _.inc(-30) } });
  await tx.collection(name).doc('acc2').update({ data: { balance: _.inc(30) } });
  await tx.collection(name).add({ data: { _id: 'log1', amount: 30 } });
  expect((await tx.collection(name).doc('acc1').get()).data.balance).toBe(70); // read-your-writes
  expect((await db.collection(name).doc('acc1').get()).data.balance).toBe(100); // not yet visible
  await tx.commit();
  expect((await db.collection(name).doc('acc1').get()).data.balance).toBe(70);
  expect((await db.collection(name).doc('acc2').get()).data.balance).toBe(30);
  expect((await db.collection(name).doc('log1').get()).data.amount).toBe(30);
});

it('rollback discards every write', async () => {
  // Documents of its own (it read the balance and log the commit test left).
  await db.collection(name).add({ data: [{ _id: 'acc9', balance: 70 }, { _id: 'log9', amount: 30 }] });
  const tx = await db.startTransaction();
  await tx.collection(name).doc('acc9').set({ data: { balance: 0 } });
  await tx.collection(name).doc('log9').remove();
  await tx.rollback();
  expect((await db.collection(name).doc('acc9').get()).data.balance).toBe(70);
  expect((await db.collection(name).doc('log9').get()).data.amount).toBe(30);
});

it('runTransaction returns the callback result and aborts on a thrown error', async () => {
  const moved = await db.runTransaction(async (tx: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const { data } = await tx.collection(name).doc('acc2').get();
    await tx.collection(name).doc('acc2').update({ data: { balance: data.balance - 10 } });
    return 10;
  });
  expect(moved).toBe(10);
  expect((await db.collection(name).doc('acc2').get()).data.balance).toBe(20);
  await expect(
    db.runTransaction(async (tx: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      await tx.collection(name).doc('acc2').update({ data: { balance: 999 } });
      throw new Error('insufficient');
    }, 1),
  ).rejects.toThrow('insufficient');
  expect((await db.collection(name).doc('acc2').get()).data.balance).toBe(20);
});

it('a transaction never silently overwrites a concurrent change', async () => {
  const tx = await db.startTransaction();
  await tx.collection(name).doc('acc1').get();
  await tx.collection(name).doc('acc1').update({ data: { balance: 1 } });
  // outside the tx: the real service (MongoDB) makes it wait for the tx; the local cloud applies it
  // at once and refuses the commit (optimistic) — either way the result is a serial order.
  const outside = db.collection(name).doc('acc1').update({ data: { balance: _.inc(5) } });
  if (t.kind === 'local') await outside; // make the local order deterministic: outside write first
  const committed = await tx.commit().then(
    () => true,
    (e: { code?: string }) => {
      expect(e.code).toBe('DATABASE_TRANSACTION_CONFLICT');
      return false;
    },
  );
  await outside;
  const { balance } = (await db.collection(name).doc('acc1').get()).data;
  expect(balance).toBe(committed ? 6 : 75);
  if (t.kind === 'local') expect(committed).toBe(false);
});

it('get of a missing document inside a transaction yields null data', async () => {
  const tx = await db.startTransaction();
  const r = await tx.collection(name).doc('ghost').get().catch((e: Error) => e);
  // wx-server-sdk: transaction doc.get() of a missing doc fails like a normal get
  expect(String((r as Error).message ?? r)).toMatch(/ghost does not exist/);
  await tx.rollback();
});
