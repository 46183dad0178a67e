/**
 * floor-event-time: the lower bound of a client's event time (identify-user clamps the upper).
 * A client event cannot have happened before the customer's current consent (the tracker captures
 * nothing before it) nor more than {@link MAX_EVENT_AGE_MS} before it reached us (the tracker drops
 * queued events after 7 days; one more day absorbs a slow clock). Below the floor the event time
 * becomes the receive time and the event is flagged `skewed` — exactly like a clock running ahead —
 * so a wrong clock loses no event and a forged one cannot back-date first-seen or tenure.
 * Trusted history imports keep their times (only the contract's absolute range applies).
 */
import { ok, type Step } from '../../common/pipeline/types';
import type { TrackContext, TrackItem } from '../context';
import { MAX_CLOCK_AHEAD_MS } from './identify-user';

/** Oldest event time accepted from a client, relative to receive time. */
export const MAX_EVENT_AGE_MS = 8 * 86_400_000;

/** The earliest acceptable client event time of a request received at `now`. */
export function eventTimeFloor(now: number, consentSince: number | undefined): number {
  const byAge = now - MAX_EVENT_AGE_MS;
  // A clock a little behind the server's may stamp the first events just before the consent.
  const byConsent = consentSince === undefined ? byAge : consentSince - MAX_CLOCK_AHEAD_MS;
  return Math.max(byAge, byConsent);
}

/**
 * The floor-event-time step. It runs after open-batch, which knows the consent time when it read
 * the consent record — always for a customer's first batch, so first-seen never precedes the
 * consent. On open-batch's one-request fast path (the profile mirrors a current consent) only the
 * age floor applies: reading the consent again would cost every batch a request, and the profile's
 * first-seen is already anchored by the first batch, so a back-dated clock can move it by at most
 * {@link MAX_EVENT_AGE_MS}. The step never drops an item (safe after open-batch's pending mark).
 */
export const floorEventTime: Step<TrackContext, TrackItem> = {
  name: 'floor-event-time',
  async run(ctx, items) {
    if (ctx.trust === 'client') {
      const floor = eventTimeFloor(ctx.now, ctx.consentSince);
      for (const item of items) {
        const doc = item.doc!;
        if (doc.ts < floor) {
          doc.ts = ctx.now;
          doc.skewed = true;
        }
      }
    }
    return items.map((i) => ok(i));
  },
};
