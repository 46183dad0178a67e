import fc from 'fast-check';
import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import { crashingSdk } from '../db/testing/crash-points';
import { memorySdk } from '../db/testing/memory-sdk';
import { Db } from '../db/wx-db';
import { applyAccept, applyReject, availableOf, consumeGrant, consumedBy, grantId, refundConsumption, refundedStamp } from './grants-ledger';
import { KEYS_KEPT } from './push-keys';

const TPL = 'tpl_price_drop';

describe('grants ledger (fed by WeChat pushes only)', () => {
  // Whether `neq` on an array compares its elements or the whole array is not documented for
  // CloudBase (common/db/array-neq.ts): the ledger asks neither, so both readings.
  it.each(['whole', 'some', 'element'] as const)('one grant per distinct accept, whatever the retries and their order (property; array neq: %s)', async (arrayNeq) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 30 }),
        async (keys) => {
          const { db } = memoryDb({ arrayNeq });
          for (const k of keys) await applyAccept(db, 'u1', TPL, `popup:u1:${k}:${TPL}`, 1_700_000_000 + k);
          expect((await availableOf(db, 'u1', [TPL]))[TPL]).toBe(new Set(keys).size);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a later reject zeroes and blocks; only a newer accept reopens', async () => {
    const { db, tables } = memoryDb();
    await applyAccept(db, 'u1', TPL, 'a1', 100);
    await applyAccept(db, 'u1', TPL, 'a2', 101);
    expect(await applyReject(db, 'u1', TPL, 'c1', 200, 'change')).toBe('applied');
    expect(tables.get(COLLECTIONS.grants)?.get(grantId('u1', TPL))).toMatchObject({ available: 0, blocked: true, rejected: 1 });
    expect(await consumeGrant(db, 'u1', TPL)).toBe(false);
    expect(await applyAccept(db, 'u1', TPL, 'a0', 150)).toBe('stale'); // an older push arriving late
    expect(await applyAccept(db, 'u1', TPL, 'a9', 200)).toBe('stale'); // the very second of the 拒收: the tie goes to it
    expect(await applyAccept(db, 'u1', TPL, 'a3', 300)).toBe('applied');
    expect(await applyAccept(db, 'u1', TPL, 'a3', 300)).toBe('duplicate');
    expect(await consumeGrant(db, 'u1', TPL)).toBe(true);
    expect(await consumeGrant(db, 'u1', TPL)).toBe(false);
  });

  it("gives back a stamped consumption once, and never another claim's", async () => {
    const { db, tables } = memoryDb();
    await applyAccept(db, 'u1', TPL, 'a1', 100);
    await applyAccept(db, 'u1', TPL, 'a2', 101);
    expect(await refundConsumption(db, 'u1', TPL, 'run1/c1:u1')).toBe(false); // never consumed
    expect(await consumeGrant(db, 'u1', TPL, 1, 'run1/c1:u1')).toBe(true);
    expect(await refundConsumption(db, 'u1', TPL, 'run1/c1:u1')).toBe(true);
    expect(await refundConsumption(db, 'u1', TPL, 'run1/c1:u1')).toBe(false); // not twice
    expect(await consumeGrant(db, 'u1', TPL, 2, 'run2/c2:u1')).toBe(true);
    expect(await refundConsumption(db, 'u1', TPL, 'run1/c1:u1')).toBe(false); // another's since
    expect(tables.get(COLLECTIONS.grants)?.get(grantId('u1', TPL))).toMatchObject({ available: 1, consumed: 1, lastConsumedBy: 'run2/c2:u1' });
  });

  it('gives back a consumption whatever consumed the same grant after it, and reads each back by its own entry', async () => {
    const { db, tables } = memoryDb();
    for (const k of ['a1', 'a2', 'a3']) await applyAccept(db, 'u1', TPL, k, 100);
    expect(await consumeGrant(db, 'u1', TPL, 1, 'run1/c1:u1')).toBe(true);
    expect(await consumeGrant(db, 'u1', TPL, 2, 'run2/c2:u1')).toBe(true);
    expect(await consumedBy(db, 'u1', TPL, 'run1/c1:u1')).toBe(true); // not the last, still found
    expect(await refundConsumption(db, 'u1', TPL, 'run1/c1:u1')).toBe(true);
    expect(await consumedBy(db, 'u1', TPL, 'run1/c1:u1')).toBe(false);
    expect(await consumedBy(db, 'u1', TPL, 'run2/c2:u1')).toBe(true);
    expect(await refundConsumption(db, 'u1', TPL, 'run1/c1:u1')).toBe(false); // not twice
    expect(tables.get(COLLECTIONS.grants)?.get(grantId('u1', TPL))).toMatchObject({
      available: 2,
      consumed: 1,
      consumptions: ['run2/c2:u1'],
      refunds: ['run1/c1:u1'],
      // Not ours to mark: the release before the list reads run2's stamp here (it sent).
      lastConsumedBy: 'run2/c2:u1',
    });
  });

  // The release before the `refunds` list reads a give-back only as `lastConsumedBy` =
  // `<stamp>#refunded` (test/integration/rollout-dispatch.test.ts runs it).
  it('marks the give-back of the last consumption for the release before the list, in the same single update', async () => {
    const sdk = memorySdk();
    const updates: string[] = [];
    const db = new Db(
      crashingSdk(sdk, {
        request: (collection, op, send) => {
          if (op === 'update') updates.push(collection);
          return send();
        },
      }),
    );
    await new Db(sdk).insert(COLLECTIONS.grants, [{ _id: grantId('u1', TPL), openid: 'u1', templateId: TPL, available: 1, consumed: 0 }]);
    expect(await consumeGrant(db, 'u1', TPL, 1, 'run1/c1:u1')).toBe(true);
    updates.length = 0;
    expect(await refundConsumption(db, 'u1', TPL, 'run1/c1:u1', { lastErrorCode: -1 })).toBe(true);
    // One write: a process dying after it leaves both readings given back, before it neither.
    expect(updates).toEqual([COLLECTIONS.grants]);
    expect(await new Db(sdk).getById(COLLECTIONS.grants, grantId('u1', TPL))).toMatchObject({
      available: 1,
      consumed: 0,
      consumptions: [],
      refunds: ['run1/c1:u1'],
      lastConsumedBy: refundedStamp('run1/c1:u1'),
      lastErrorCode: -1,
    });
    updates.length = 0;
    expect(await refundConsumption(db, 'u1', TPL, 'run1/c1:u1')).toBe(false); // not twice
    expect(await new Db(sdk).getById(COLLECTIONS.grants, grantId('u1', TPL))).toMatchObject({ available: 1, consumed: 0 });
    // A later consumption replaces the mark as it replaced the stamp before.
    expect(await consumeGrant(db, 'u1', TPL, 2, 'run2/c2:u1')).toBe(true);
    expect(await new Db(sdk).getById(COLLECTIONS.grants, grantId('u1', TPL))).toMatchObject({ available: 0, lastConsumedBy: 'run2/c2:u1' });
  });

  // Such a document has no `blocked`, `blockedAt` or `pushKeys`; whether `neq` matches a missing
  // field is not documented for CloudBase, so both readings (common/db/neq-missing.ts).
  it.each(['match', 'nomatch'] as const)('a document written before pushes fed the ledger accepts grants, dedups retries and is consumed (neq on missing: %s)', async (neqMissing) => {
    const { db } = memoryDb({ neqMissing });
    const legacy = () => db.insert(COLLECTIONS.grants, [{ _id: grantId('u1', TPL), openid: 'u1', templateId: TPL, available: 1, consumed: 0 }]);
    await legacy();
    expect(await consumeGrant(db, 'u1', TPL)).toBe(true);
    expect(await consumeGrant(db, 'u1', TPL)).toBe(false);
    expect(await applyAccept(db, 'u1', TPL, 'k', 100)).toBe('applied');
    expect(await applyAccept(db, 'u1', TPL, 'k', 100)).toBe('duplicate');
    expect((await availableOf(db, 'u1', [TPL]))[TPL]).toBe(1);
    // A reject from the notice card on such a document blocks it.
    await db.removeWhere(COLLECTIONS.grants, {});
    await legacy();
    expect(await applyReject(db, 'u1', TPL, 'c', 200, 'change')).toBe('applied');
    expect(await consumeGrant(db, 'u1', TPL)).toBe(false);
  });

  it.each(['whole', 'some', 'element'] as const)('a document whose keys are still an array (written before the map) dedups a retry of one of them (array neq: %s)', async (arrayNeq) => {
    const { db, tables } = memoryDb({ arrayNeq });
    const gid = grantId('u1', TPL);
    const old = { _id: gid, openid: 'u1', templateId: TPL, available: 1, accepted: 1, rejected: 0, consumed: 0, blocked: false, blockedAt: 0 };
    await db.insert(COLLECTIONS.grants, [{ ...old, pushKeys: ['popup:u1:100:tpl'] }]);
    expect(await applyAccept(db, 'u1', TPL, 'popup:u1:100:tpl', 100)).toBe('duplicate');
    expect(await applyAccept(db, 'u1', TPL, 'popup:u1:101:tpl', 101)).toBe('applied');
    expect(await applyAccept(db, 'u1', TPL, 'popup:u1:101:tpl', 101)).toBe('duplicate');
    expect(await applyAccept(db, 'u1', TPL, 'popup:u1:100:tpl', 100)).toBe('duplicate');
    // The array is still written (the release before the map reads it during a rolling deploy).
    expect(tables.get(COLLECTIONS.grants)?.get(gid)).toMatchObject({ available: 2, accepted: 2, pushKeys: ['popup:u1:100:tpl', 'popup:u1:101:tpl'] });
  });

  it('remembers the newest KEYS_KEPT keys, dropping the oldest in the same update', async () => {
    const { db, tables } = memoryDb();
    let now = 1_000;
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => (now += 1));
    try {
      for (let i = 0; i < KEYS_KEPT + 6; i++) expect(await applyAccept(db, 'u1', TPL, `popup:u1:${i}:${TPL}`, 100 + i)).toBe('applied');
      const doc = tables.get(COLLECTIONS.grants)?.get(grantId('u1', TPL)) as { pushed: Record<string, unknown>; pushKeys: string[]; available: number };
      expect(Object.keys(doc.pushed)).toHaveLength(KEYS_KEPT);
      expect(doc.pushKeys).toHaveLength(KEYS_KEPT); // the old release's array, kept as it kept it
      expect(doc.available).toBe(KEYS_KEPT + 6);
      expect(await applyAccept(db, 'u1', TPL, `popup:u1:${KEYS_KEPT + 5}:${TPL}`, 100)).toBe('duplicate');
      expect(await applyAccept(db, 'u1', TPL, `popup:u1:6:${TPL}`, 106)).toBe('duplicate');
      // Past the window a key is forgotten (WeChat retries within seconds, not 64 pushes later).
      expect(await applyAccept(db, 'u1', TPL, `popup:u1:5:${TPL}`, 105)).toBe('applied');
    } finally {
      clock.mockRestore();
    }
  });
});
