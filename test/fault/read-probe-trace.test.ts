/**
 * `Db.presentOnPrimary` asks the primary with an update that writes a fresh `qxReadProbe`
 * (common/db/wx-db.ts). Every `Db` read strips that field, but an export, the console, the
 * in-process handle and an instance of a release that strips only the write-id see whatever is
 * stored. So every document a probe found must be left as it was: its own fields and, for an
 * insertUnique, the write-id — nothing else. Through the REAL wx-server-sdk, with reads lagging
 * 10 minutes (the probe's reason to exist), under both readings of `stats.updated`
 * (QX_UPDATE_COUNT). Before the probe was removed again, every found document kept the field.
 */
import { placedBy, takeStock } from '../../cloudfunctions/common/catalog/stock-holds';
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import { WRITE_ID_FIELD } from '../../cloudfunctions/common/db/write-id';
import { Db, type Doc } from '../../cloudfunctions/common/db/wx-db';
import { TcbError, type ActionHandler } from '../../scripts/local-cloud';
import { loadSdk, startTestCloud, type TestCloud } from '../helpers/local-cloud';

const LAG = 10 * 60_000;
const C = 'claims';
const O = COLLECTIONS.orders;
const P = COLLECTIONS.products;

describe.each(['modified', 'matched'] as const)('reads asked of the primary leave nothing behind (update count: %s)', (mode) => {
  let t: TestCloud;
  let db: Db;
  /** The next insert is stored and then answered with a timeout (its answer lost). */
  let loseNext = false;
  /** Every document of `coll` as stored, read in-process (not through `Db`, which strips the layer's fields). */
  const raw = (coll: string): Doc[] => t.cloud.db.collection(coll).find({});

  beforeAll(async () => {
    t = await startTestCloud({ schema: true, staleReadMs: LAG, updateCount: mode });
    Object.assign(process.env, t.env, { SILENCE: 'true' });
    const sdk = loadSdk('local');
    db = new Db(sdk.database());
    await sdk.database().createCollection(C);
    const insert = t.cloud.registry.resolve('database.insertDocument') as ActionHandler;
    t.cloud.registry.register('database.insertDocument', async (req) => {
      const lose = loseNext;
      loseNext = false;
      const out = await insert(req);
      if (!lose) return out;
      throw new TcbError('DATABASE_REQUEST_FAILED', 'database request failed');
    });
  });
  afterAll(() => t?.close());

  it('insertUnique whose stored insert lost its answer: ours, and the claim holds only its fields and write-id', async () => {
    loseNext = true;
    expect(await db.insertUnique(C, { _id: 'a', by: 'me' })).toBe(true);
    expect(raw(C).find((d) => d._id === 'a')).toEqual({ _id: 'a', by: 'me', [WRITE_ID_FIELD]: expect.any(String) });
  });

  it("insertUnique over another writer's document not yet visible: theirs, and theirs is untouched", async () => {
    await db.insert(C, [{ _id: 'b', by: 'other' }]);
    expect(await db.insertUnique(C, { _id: 'b', by: 'me' })).toBe(false);
    expect(raw(C).find((d) => d._id === 'b')).toEqual({ _id: 'b', by: 'other' });
  });

  it('isOwnWrite, asked by several at once about a document reads do not show yet: right, and nothing left', async () => {
    expect(await db.insertUnique(C, { _id: 'c' }, { writeId: 'w-c' })).toBe(true);
    const asks = await Promise.all([db.isOwnWrite(C, 'c', 'w-c'), db.isOwnWrite(C, 'c', 'w-x'), db.isOwnWrite(C, 'c', 'w-c'), db.isOwnWrite(C, 'c', 'w-y')]);
    expect(asks).toEqual([true, false, true, false]);
    expect(raw(C).find((d) => d._id === 'c')).toEqual({ _id: 'c', [WRITE_ID_FIELD]: 'w-c' });
  });

  it('the repair pass asking whose an order is (all three of its primary questions): the order is stored as placed', async () => {
    await db.insert(P, [{ _id: 'p1', name: '有机绿茶', categoryId: 'tea', categoryName: '茶叶', priceFen: 5800, stock: 5 }]);
    expect(await takeStock(db, 'p1', 'att1', { orderId: 'o1', quantity: 1, at: 1 })).toBe(true);
    const order = { _id: 'o1', openid: 'u1', items: [{ productId: 'p1', name: '有机绿茶', priceFen: 5800, quantity: 1 }], amountFen: 5800, status: 'paid', createdAt: 1, facts: 'done' };
    expect(await db.insertUnique(O, order, { writeId: 'att1' })).toBe(true);
    await db.insert(O, [{ ...order, _id: 'o2', attempt: 'att2' }]);
    expect(await placedBy(db, 'o1', ['att0', 'att1'])).toBe(true);
    expect(await placedBy(db, 'o2', ['att2'])).toBe(true);
    expect(await placedBy(db, 'o2', ['att3'])).toBe(false);
    expect(raw(O).sort((x, y) => String(x._id).localeCompare(String(y._id)))).toEqual([
      { ...order, [WRITE_ID_FIELD]: 'att1' },
      { ...order, _id: 'o2', attempt: 'att2' },
    ]);
  });

  it('no document of any collection a probe touched carries a field the product did not write', async () => {
    const foreign = [C, O, P].flatMap((coll) => raw(coll).flatMap((d) => Object.keys(d).filter((k) => k.startsWith('qx') && k !== WRITE_ID_FIELD)));
    expect(foreign).toEqual([]);
  });
});
