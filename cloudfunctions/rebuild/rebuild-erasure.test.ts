/**
 * No resurrection by the rebuild: an erasure removes the profile, then the events. A rebuild that
 * reads in between finds no profile but events, and inserts a profile — which it must take back,
 * because the erasure marked the customer first (common/consent/erasures.ts).
 */
import { ERASURE_SLACK_MS, markErased } from '../common/consent/erasures';
import { COLLECTIONS } from '../common/contracts/collections';
import { loseAddAnswers } from '../common/db/testing/lost-answer';
import { memoryDb, memorySdk } from '../common/db/testing/memory-sdk';
import { Db } from '../common/db/wx-db';
import { rebuildCustomer } from './rebuild-one';

const NOW = Date.UTC(2026, 11, 5, 12);
const event = (openid: string, i: number) => ({
  _id: `${openid}:e${i}`,
  openid,
  eventId: `e${i}`,
  name: 'product_view',
  ts: NOW - i * 60_000,
  clientTs: NOW - i * 60_000,
  receivedAt: NOW - i * 60_000,
  sessionId: 's',
  deviceId: 'd',
  seq: i,
  props: { productId: 'p1', categoryId: 'c1' },
});

async function shopWith(openid: string) {
  const { db } = memoryDb();
  await db.insert(COLLECTIONS.events, [event(openid, 1), event(openid, 2)]);
  await db.insert(COLLECTIONS.profiles, [{ _id: openid, openid, rev: 3, d: {} }]);
  return db;
}

describe('rebuild vs an erasure mid-way', () => {
  it('a profile re-created between the erasure removing the profile and the events is taken back', async () => {
    const db = await shopWith('u1');
    // The erasure's first half: the mark, then the profile.
    await markErased(db, 'u1', NOW);
    await db.removeWhere(COLLECTIONS.profiles, { _id: 'u1' });
    // The rebuild reads now: no profile, two events.
    expect(await rebuildCustomer({ db, now: NOW + 10, horizonMs: 0 }, 'u1')).toBe('erased');
    // The erasure's second half.
    await db.removeWhere(COLLECTIONS.events, { openid: 'u1' });
    expect(await db.getById(COLLECTIONS.profiles, 'u1')).toBeNull();
  });

  it('…also when the re-created profile\'s insert lost its answer (-501001 reads as a concurrent creator)', async () => {
    const sdk = loseAddAnswers(memorySdk(), COLLECTIONS.profiles);
    const db = new Db(sdk);
    await db.insert(COLLECTIONS.events, [event('u4', 1), event('u4', 2)]);
    await markErased(db, 'u4', NOW); // the erasure marked, removed the profile, and is removing the events
    expect(await rebuildCustomer({ db, now: NOW + 10, horizonMs: 0 }, 'u4')).toBe('erased');
    expect(await db.getById(COLLECTIONS.profiles, 'u4')).toBeNull();
  });

  it('events arriving long after an erasure (consent kept) build a profile again', async () => {
    const db = await shopWith('u2');
    await markErased(db, 'u2', NOW - ERASURE_SLACK_MS - 60_000);
    await db.removeWhere(COLLECTIONS.profiles, { _id: 'u2' });
    expect(await rebuildCustomer({ db, now: NOW, horizonMs: 0 }, 'u2')).toBe('written');
    expect(await db.getById(COLLECTIONS.profiles, 'u2')).toMatchObject({ _id: 'u2', rev: 1 });
  });

  it('another customer erased meanwhile does not stop this one', async () => {
    const db = await shopWith('u3');
    await markErased(db, 'other', NOW);
    await db.removeWhere(COLLECTIONS.profiles, { _id: 'u3' });
    expect(await rebuildCustomer({ db, now: NOW, horizonMs: 0 }, 'u3')).toBe('written');
  });
});
