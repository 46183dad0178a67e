/**
 * store-events: `_id` = `${openid}:${eventId}` makes the database the judge of "stored once".
 * Fast path: one all-or-nothing insert of the batch. On a conflict (a retry, or a concurrent
 * retry of the same batch) the already stored ids are reported `duplicate`, the rest inserted
 * again, and if another invocation still races us, event by event. An event counts as new for
 * THIS invocation only if its own insert succeeded — so only one invocation ever applies its
 * profile increments.
 */
import { DuplicateKeyError } from '../../common/db/wx-db';
import { drop, ok, type Step, type StepOutcome } from '../../common/pipeline/types';
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

/** The store-events step. */
export const storeEvents: Step<TrackContext, TrackItem> = {
  name: 'store-events',
  async run(ctx, items) {
    const docs = items.map((i) => i.doc!);
    if (await insertAll(ctx, docs)) return items.map((i) => ok(i));
    const mine = await insertFresh(ctx, docs);
    // Nothing new (a pure retry): no increments will follow, so clear this batch's pending mark now.
    if (mine.size === 0) await ctx.ports.profiles.clearPending(ctx.openid!, ctx.batchId);
    return items.map((i): StepOutcome<TrackItem> =>
      mine.has(i.doc!._id) ? ok(i) : drop('DUPLICATE', 'already stored'),
    );
  },
};

/** After a conflict: the ids this invocation inserted itself. */
async function insertFresh(ctx: TrackContext, docs: StoredEvent[]): Promise<Set<string>> {
  const existing = await ctx.ports.events.existingIds(docs.map((d) => d._id));
  const fresh = docs.filter((d) => !existing.has(d._id));
  const mine = new Set<string>();
  if (fresh.length > 0 && (await insertAll(ctx, fresh))) fresh.forEach((d) => mine.add(d._id));
  else for (const d of fresh) if (await ctx.ports.events.insertOne(d)) mine.add(d._id);
  return mine;
}
