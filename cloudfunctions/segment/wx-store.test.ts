import { loseAddAnswers } from '../common/db/testing/lost-answer';
import { memorySdk } from '../common/db/testing/memory-sdk';
import { Db } from '../common/db/wx-db';
import { wxSegmentStore } from './wx-store';

describe('wxSegmentStore.acquire: the first job after an answer lost', () => {
  it('an invocation whose job insert was stored but answered -501001 holds the lease', async () => {
    // wx-server-sdk reports a lost answer as -501001, the code a duplicate _id arrives with.
    const sdk = loseAddAnswers(memorySdk(), 'jobs');
    const store = wxSegmentStore(new Db(sdk));
    const job = await store.acquire(1_000, 61_000, 'L1');
    expect(job).toMatchObject({ _id: 'segment', leaseId: 'L1', leaseUntil: 61_000, cursor: '' });
    // Another invocation within the lease is refused; after it, it takes the lease over.
    expect(await store.acquire(2_000, 62_000, 'L2')).toBeNull();
    expect(await store.acquire(61_001, 121_001, 'L3')).toMatchObject({ leaseId: 'L3' });
  });
});

describe('wxSegmentStore.acquire while reads lag the writes', () => {
  it('holds the lease it took though its read of the job does not show it yet (first job, and later)', async () => {
    const sdk = memorySdk(new Map(), { staleReadMs: 600_000 });
    const store = wxSegmentStore(new Db(sdk));
    // The first job: inserted by this call, read back from a replica that lacks it.
    expect(await store.acquire(1_000, 61_000, 'L1')).toMatchObject({ _id: 'segment', leaseId: 'L1', leaseUntil: 61_000, cursor: '' });
    expect(await store.acquire(2_000, 62_000, 'L2')).toBeNull();
    await store.saveJob({ cursor: 'c5', leaseUntil: 0, leaseId: null });
    sdk.replica!.catchUp();
    // Later: the lease update is newer than the read, which shows the job as it stood before it.
    expect(await store.acquire(3_000, 63_000, 'L3')).toMatchObject({ leaseId: 'L3', leaseUntil: 63_000, cursor: 'c5' });
  });
});

describe('wxSegmentStore: what a segment write sets, forgetSegment takes back', () => {
  it('writes the reasons with their figures and removes both (an erasure during a page)', async () => {
    const db = new Db(memorySdk());
    await db.insert('profiles', [{ _id: 'u1', rev: 2, d: {} }]);
    const store = wxSegmentStore(db);
    const facts = [{ f: 'frequency_30d', v: 3, t: 0.1, up: true }];
    const fields = { segment: 6, segmentName: '忠诚高消费客户', segmentPhrase: '高价值客户', segmentReasons: ['近30天购买3次'], segmentReasonFacts: facts, features: {}, featuresAt: 1, segmentedRev: 2, modelVersion: 'v' };
    expect(await store.writeSegment('u1', 2, fields)).toBe(true);
    expect(await db.getById('profiles', 'u1')).toMatchObject({ segmentReasonFacts: facts });
    await store.forgetSegment!('u1');
    const left = (await db.getById('profiles', 'u1'))!;
    for (const k of Object.keys(fields)) expect(left).not.toHaveProperty(k);
    expect(left).toMatchObject({ _id: 'u1', rev: 2 });
  });
});
