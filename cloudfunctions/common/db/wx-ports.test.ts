/**
 * The profile store's first mark of a customer after an insert whose answer was lost: wx-server-sdk
 * reports it as -501001, the code a duplicate `_id` arrives with, so the profile this call created
 * reads back as a concurrent creator's. Applying the mark again counted the batch twice
 * (pendingCount 2 for one pending batch), which no batch ever takes back: the profile stayed
 * "stuck" until the rebuild's repair pass rewrote it.
 */
import { COLLECTIONS } from '../contracts/collections';
import { loseAddAnswers } from './testing/lost-answer';
import { memorySdk } from './testing/memory-sdk';
import { Db } from './wx-db';
import { wxProfileStore } from './wx-ports';

it("a profile created though the insert's answer was lost carries the batch once", async () => {
  const sdk = loseAddAnswers(memorySdk(), COLLECTIONS.profiles);
  const profiles = wxProfileStore(new Db(sdk));
  await profiles.markPending('u1', 'b1', 1_000, 1, null);
  expect(sdk.tables.get(COLLECTIONS.profiles)?.get('u1')).toMatchObject({ pending: { b1: 1_000 }, pendingCount: 1, rev: 1 });
});
