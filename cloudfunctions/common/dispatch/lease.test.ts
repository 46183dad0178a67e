import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import { acquireLease, LEASE_ID, renewLease, type Lease } from './lease';

describe('the dispatcher lease', () => {
  it('a renewal in the same millisecond as the acquisition (or the last renewal) keeps it', async () => {
    // The memory SDK counts modified documents, as CloudBase does: setting the same leaseUntil
    // again must not read as a lost lease (a campaign pass then stopped before its first send).
    const { db } = memoryDb();
    const now = Date.UTC(2026, 11, 6);
    const lease = (await acquireLease(db, 'run1', 60_000, now)) as Lease;
    expect(lease).not.toBeNull();
    expect(await renewLease(db, lease, now)).toBe(true);
    expect(await renewLease(db, lease, now)).toBe(true);
  });

  it('a lease taken over by another dispatcher after it expired is lost', async () => {
    const { db } = memoryDb();
    const now = Date.UTC(2026, 11, 6);
    const mine = (await acquireLease(db, 'run1', 60_000, now)) as Lease;
    expect(await acquireLease(db, 'run2', 60_000, now + 1_000)).toBeNull();
    expect(await acquireLease(db, 'run2', 60_000, now + 61_000)).not.toBeNull();
    expect(await renewLease(db, mine, now + 61_001)).toBe(false);
    expect(((await db.getById(COLLECTIONS.jobs, LEASE_ID)) as { owner: string }).owner).toBe('run2');
  });
});
