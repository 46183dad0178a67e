/**
 * update-profiles: the reducer's operations of every newly stored event, combined into ONE atomic
 * update of the customer's profile (`_.inc/_.min/_.max/_.set` on dotted keys — no read, so no lost
 * update under concurrent batches), which also removes this batch's pending mark. The update is
 * conditional on the profile's consent mirror: when it matches nothing the profile was erased
 * (withdrawal or deletion) while we stored — confirm-consent then reads the consent record.
 *
 * Crash safety: if this update fails (or the call dies before it), the events stay stored — a
 * retry would only see duplicates — and the pending mark stays. The reply says
 * `profile: 'deferred'`, and the rebuild job's repair pass recomputes the customer from raw events.
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
      const applied = await ctx.ports.profiles.applySpec(ctx.openid!, combineDeltas(docs.map(eventDelta)), ctx.batchId);
      ctx.profile = applied ? 'applied' : 'deferred';
      if (!applied) ctx.log(`profile of ${docs.length} stored events was erased meanwhile; consent is re-checked`);
    } catch (err) {
      ctx.profile = 'deferred';
      ctx.log(`profile update failed for ${docs.length} stored events; the repair pass will apply them`, err);
    }
    return items.map((i) => ok(i));
  },
};
