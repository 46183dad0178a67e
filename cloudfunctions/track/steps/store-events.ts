/**
 * store-events: `_id` = `${openid}:${eventId}` makes the database the judge of "stored once".
 * Fast path: one insert of the batch, every document marked with this invocation's `batchId`.
 *
 * The cloud may insert a batch all-or-nothing or in order up to the first refused document (the
 * ones before it stay — MongoDB's default); this step is exact under both. After a duplicate-key
 * refusal the error carries the batch's documents that are now present: a present document with
 * OUR batchId was stored by this invocation (the ordered prefix), any other was stored before (a
 * retry, or a concurrent retry of the same batch) and is reported `duplicate`. The ones not present
 * are inserted again, until every event is decided. An event counts as new for THIS invocation only
 * if its own insert stored it — so only one invocation ever applies its profile increments. (A
 * duplicate arrives as -501001: CloudBase's DATABASE_DUPLICATE_WRITE, which the SDK does not know;
 * see common/db/duplicate-key.ts.) A refusal that is not a duplicate (errCode -502001, nothing of
 * ours present) switches to
 * event-by-event inserts, where an event the database refuses for itself is dead-lettered instead
 * of failing its neighbours. Any other failure (timeout, outage) fails the request: the client
 * retries the batch, and the insert itself sorts out what was stored.
 */
import { DB_REQUEST_FAILED, DbError, DuplicateKeyError } from '../../common/db/duplicate-key';
import { deadLetter, drop, ok, type Step, type StepOutcome } from '../../common/pipeline/types';
import type { StoredEvent } from '../../common/profile/types';
import type { TrackContext, TrackItem } from '../context';

type Fate = 'mine' | 'duplicate' | { dead: string };

/** Insert `docs` (all carrying `batchId`); returns the fate of each id. */
export async function claimEvents(
  insert: (docs: StoredEvent[]) => Promise<void>,
  docs: StoredEvent[],
  batchId: string,
): Promise<Map<string, Fate>> {
  const fates = new Map<string, Fate>();
  let rest = docs;
  let oneByOne = false;
  while (rest.length > 0) {
    const part = oneByOne ? rest.slice(0, 1) : rest;
    try {
      await insert(part);
      for (const d of part) fates.set(d._id, 'mine');
    } catch (err) {
      if (err instanceof DuplicateKeyError) {
        for (const d of part) {
          const stored = err.present.get(d._id);
          if (stored) fates.set(d._id, stored.batchId === batchId ? 'mine' : 'duplicate');
        }
        // The database must name at least one present id; otherwise do not loop forever.
        if (!part.some((d) => fates.has(d._id))) throw err;
      } else if (err instanceof DbError && err.errCode === DB_REQUEST_FAILED) {
        // the database refused one of them (not a timeout or an outage: those fail the request)
        if (!oneByOne) {
          oneByOne = true;
          continue;
        }
        fates.set(part[0]._id, { dead: `store refused the event: ${err.message}` });
      } else throw err;
    }
    rest = rest.filter((d) => !fates.has(d._id));
  }
  return fates;
}

/** The store-events step. */
export const storeEvents: Step<TrackContext, TrackItem> = {
  name: 'store-events',
  async run(ctx, items) {
    const marked = items.map((i) => ({ ...i, doc: { ...i.doc!, batchId: ctx.batchId } }));
    const fates = await claimEvents((d) => ctx.ports.events.insertMany(d), marked.map((i) => i.doc), ctx.batchId);
    // Nothing new (a pure retry): no increments will follow, so clear this batch's pending mark now.
    if (![...fates.values()].includes('mine')) await ctx.ports.profiles.clearPending(ctx.openid!, ctx.batchId);
    return marked.map((i): StepOutcome<TrackItem> => {
      const f = fates.get(i.doc!._id)!;
      if (f === 'mine') return ok(i);
      if (f === 'duplicate') return drop('DUPLICATE', 'already stored');
      return deadLetter(f.dead);
    });
  },
};
