/**
 * mark-pending: before any event is stored, the profile records "batch B is storing events"
 * (`pending.B` = now, `pendingCount` + 1). update-profiles removes the mark in the same atomic
 * update that applies the increments. So a call that dies in between leaves a mark behind, and the
 * rebuild job's repair pass recomputes that customer from raw events — while a fresh mark tells
 * the rebuild "in flight, keep your hands off" (see rebuild/rebuild-one.ts).
 */
import { ok, type Step } from '../../common/pipeline/types';
import type { TrackContext, TrackItem } from '../context';

/** The mark-pending step. */
export const markPending: Step<TrackContext, TrackItem> = {
  name: 'mark-pending',
  async run(ctx, items) {
    await ctx.ports.profiles.markPending(ctx.openid!, ctx.batchId, ctx.now);
    return items.map((i) => ok(i));
  },
};
