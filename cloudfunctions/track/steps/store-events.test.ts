/**
 * claimEvents through the real database layer (Db on the in-memory SDK): a batch the cloud stored
 * whose answer was lost is this invocation's own, whatever code the loss arrived with (-501001,
 * -501002, -1: common/db/duplicate-key.ts) — so its profile increments are applied now, by this
 * call, and a retry of the batch finds its events as duplicates.
 */
import { LOST_ANSWERS, loseAddAnswersAs } from '../../common/db/testing/lost-answer';
import { memorySdk } from '../../common/db/testing/memory-sdk';
import { Db } from '../../common/db/wx-db';
import type { StoredEvent } from '../../common/profile/types';
import { claimEvents } from './store-events';

const doc = (id: string, batchId: string) =>
  ({ _id: `u1:${id}`, openid: 'u1', eventId: id, name: 'product_view', ts: 1, props: {}, batchId }) as unknown as StoredEvent;

describe.each(Object.entries(LOST_ANSWERS))('a stored batch whose answer was lost (%s)', (_name, answer) => {
  it("is the invocation's own, and a retry's duplicate", async () => {
    const sdk = loseAddAnswersAs(answer, memorySdk(), 'events');
    const insert = (docs: StoredEvent[]) => new Db(sdk).insert('events', docs as never);
    const fates = await claimEvents(insert, [doc('e1', 'b1'), doc('e2', 'b1')], 'b1');
    expect(Object.fromEntries(fates)).toEqual({ 'u1:e1': 'mine', 'u1:e2': 'mine' });
    const retry = await claimEvents(insert, [doc('e1', 'b2'), doc('e2', 'b2')], 'b2');
    expect(Object.fromEntries(retry)).toEqual({ 'u1:e1': 'duplicate', 'u1:e2': 'duplicate' });
  });
});
