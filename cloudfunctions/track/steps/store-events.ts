/**
 * store-events: `_id` = `${openid}:${eventId}` makes the database the judge of "stored once".
 * Fast path: one all-or-nothing insert of the batch. On a conflict (a retry, or a concurrent
 * retry of the same batch) the already stored ids are reported `duplicate`, the rest inserted
 * again, and if another invocation still races us, event by event. An event counts as new for
 * THIS invocation only if its own insert succeeded — so only one invocation ever applies its
 * profile increments. In the event-by-event path, an event the database refuses for itself
 * (not a duplicate) is dead-lettered instead of failing its neighbours.
 */
import { DbError, DuplicateKeyError } from '../../common/db/wx-db';
import { deadLetter, drop, ok, type Step, type StepOutcome } from '../../common/pipeline/types';
import type { StoredEvent } from '../../common/profile/types';
import type { TrackContext, TrackItem } from '../context';

async function insertAll(ctx: TrackContext, docs: StoredEvent[]): Promise<boolean> {
  try {
    await ctx.ports.events.insertMany(docs);
    return true;
  } catch (err) {
    if (err instanceof DuplicateKeyError) return false;
    throw err;
  }
}

type Fate = 'mine' | 'duplicate' | { dead: string };

/** After a conflict: what happened to each id this invocation tried. */
async function insertFresh(ctx: TrackContext, docs: StoredEvent[]): Promise<Map<string, Fate>> {
  const fates = new Map<string, Fate>(docs.map((d) => [d._id, 'duplicate']));
  const existing = await ctx.ports.events.existingIds(docs.map((d) => d._id));
  const fresh = docs.filter((d) => !existing.has(d._id));
  if (fresh.length > 0 && (await insertAll(ctx, fresh))) {
    for (const d of fresh) fates.set(d._id, 'mine');
    return fates;
  }
  for (const d of fresh) {
    try {
      if (await ctx.ports.events.insertOne(d)) fates.set(d._id, 'mine');
    } catch (err) {
      if (!(err instanceof DbError)) throw err;
      fates.set(d._id, { dead: `store refused the event: ${err.message}` });
    }
  }
  return fates;
}

/** The store-events step. */
export const storeEvents: Step<TrackContext, TrackItem> = {
  name: 'store-events',
  async run(ctx, items) {
    const docs = items.map((i) => i.doc!);
    if (await insertAll(ctx, docs)) return items.map((i) => ok(i));
    const fates = await insertFresh(ctx, docs);
    // Nothing new (a pure retry): no increments will follow, so clear this batch's pending mark now.
    if (![...fates.values()].includes('mine'))
      await ctx.ports.profiles.clearPending(ctx.openid!, ctx.batchId);
    return items.map((i): StepOutcome<TrackItem> => {
      const f = fates.get(i.doc!._id)!;
      if (f === 'mine') return ok(i);
      if (f === 'duplicate') return drop('DUPLICATE', 'already stored');
      return deadLetter(f.dead);
    });
  },
};
