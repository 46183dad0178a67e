/**
 * dedupe-events: the same eventId twice in one batch is stored once (the later copy is reported
 * `duplicate`). Duplicates of events stored by earlier requests are found by store-events, whose
 * insert conflicts are the only reliable judge under concurrent retries.
 */
import { drop, ok, type Step } from '../../common/pipeline/types';
import type { TrackContext, TrackItem } from '../context';

/** The dedupe-events step. */
export const dedupeEvents: Step<TrackContext, TrackItem> = {
  name: 'dedupe-events',
  async run(_ctx, items) {
    const seen = new Set<string>();
    return items.map((item) => {
      const id = item.doc!._id;
      if (seen.has(id)) return drop('DUPLICATE', 'repeated in this batch');
      seen.add(id);
      return ok(item);
    });
  },
};
