/**
 * update-profiles: the reducer's operations of every newly stored event, combined into ONE atomic
 * update of the customer's profile (`_.inc/_.min/_.max/_.set` on dotted keys — no read, so no lost
 * update under concurrent batches). Then the events are flagged `applied`.
 *
 * Crash safety: events are stored with `applied: false` first. If the profile update fails, the
 * events stay stored (a retry would only see duplicates) and the reply says `profile: 'deferred'`;
 * the rebuild job's repair pass recomputes that customer from raw events and flags them. If the
 * update landed but the flagging did not, the same repair recomputes — exact either way.
 */
import { ok, type Step } from '../../common/pipeline/types';
import { eventDelta } from '../../common/profile/delta';
import { combineDeltas } from '../../common/profile/update-spec';
import type { TrackContext, TrackItem } from '../context';

/** The update-profiles step. */
export const updateProfiles: Step<TrackContext, TrackItem> = {
  name: 'update-profiles',
  async run(ctx, items) {
    const docs = items.map((i) => i.doc!);
    try {
      await ctx.ports.profiles.applySpec(ctx.openid!, combineDeltas(docs.map(eventDelta)));
      ctx.profile = 'applied';
    } catch (err) {
      ctx.profile = 'deferred';
      ctx.log(`profile update failed for ${docs.length} stored events; repair pass will apply them`, err);
      return items.map((i) => ok(i));
    }
    try {
      await ctx.ports.events.markApplied(docs.map((d) => d._id));
    } catch (err) {
      ctx.log('marking events applied failed; repair pass will recompute the profile', err);
    }
    return items.map((i) => ok(i));
  },
};
