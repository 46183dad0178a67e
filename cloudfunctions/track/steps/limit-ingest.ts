/**
 * limit-ingest: the refusals a container can make without asking the database, before any event
 * is looked at. Both answer RATE_LIMITED for the whole batch, with `details.retryAt`.
 *
 * - A batch carrying more events than the room this container last saw left in the customer's
 *   day (open-batch remembers it on a refusal; the day's count only grows) is refused at once: a
 *   flooder past the quota costs no request. Judged on the events the batch carries, some of
 *   which later steps might have dropped — only a customer already refused today meets it.
 * - Burst guard: a token bucket per customer per container (ingest-guard.ts): 300 batches back
 *   to back, then ten a second — a client firing batches as fast as the network allows (tens a
 *   second per container) is slowed, an honest tracker never notices (one request in flight;
 *   draining its whole 1,000-event queue is ~10 batches). It matters for what the daily quota
 *   cannot see: batches whose events are all dropped before open-batch (unknown products,
 *   sessions past the cap — each new session costs cap-sessions a read) are never counted. Set
 *   this loose on purpose: a fuzzer or a replay of one customer must not trip it.
 * Without a guard in the context (unit tests of other steps) nothing is refused here. Trusted
 * history imports are not limited (the operator vouches for them).
 */
import { QxError } from '../../common/contracts/errors';
import { ok, type Step } from '../../common/pipeline/types';
import { dayKey } from '../../common/profile/day';
import type { TrackContext, TrackItem } from '../context';
import { DAILY_EVENT_QUOTA, overQuota, quotaClaim, type RateLimitDetails } from '../quota';

/** The limit-ingest step. */
export const limitIngest: Step<TrackContext, TrackItem> = {
  name: 'limit-ingest',
  async run(ctx, items) {
    const guard = ctx.guard;
    if (ctx.trust !== 'client' || !guard) return items.map((i) => ok(i));
    const openid = ctx.openid!;
    const max = ctx.quota ?? DAILY_EVENT_QUOTA;
    const room = guard.roomLeft(openid, dayKey(ctx.now));
    if (room !== undefined && items.length > room) throw overQuota(quotaClaim(ctx.now, items.length, max), max - room, ctx.now);
    const waitMs = guard.takeToken(openid, ctx.now);
    if (waitMs > 0) {
      const details: RateLimitDetails = { scope: 'burst', limit: guard.capacity, retryAt: ctx.now + waitMs };
      throw new QxError('RATE_LIMITED', `上报过于频繁，请 ${Math.ceil(waitMs / 1000)} 秒后再试`, details);
    }
    return items.map((i) => ok(i));
  },
};
