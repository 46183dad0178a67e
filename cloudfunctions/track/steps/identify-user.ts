/**
 * identify-user: the customer is `cloud.getWXContext().OPENID`, nothing else. Builds the stored
 * document: `_id` = `${openid}:${eventId}`, event time = client time unless it runs more than
 * {@link MAX_CLOCK_AHEAD_MS} ahead of the server (then the receive time, flagged `skewed`).
 */
import { QxError } from '../../common/contracts/errors';
import { ok, type Step } from '../../common/pipeline/types';
import type { StoredEvent } from '../../common/profile/types';
import type { TrackContext, TrackItem } from '../context';

/** Tolerated client clock lead before the event time is clamped. */
export const MAX_CLOCK_AHEAD_MS = 5 * 60_000;

/** The identify-user step (throws UNAUTHENTICATED without an OPENID). */
export const identifyUser: Step<TrackContext, TrackItem> = {
  name: 'identify-user',
  async run(ctx, items) {
    const openid = ctx.openid;
    if (!openid) throw new QxError('UNAUTHENTICATED', '无法识别用户身份（缺少 OPENID）');
    return items.map((item) => {
      const e = item.event!;
      const skewed = e.clientTs > ctx.now + MAX_CLOCK_AHEAD_MS;
      const doc: StoredEvent = {
        _id: `${openid}:${e.eventId}`,
        openid,
        eventId: e.eventId,
        name: e.name,
        ts: skewed ? ctx.now : e.clientTs,
        clientTs: e.clientTs,
        receivedAt: ctx.now,
        sessionId: e.sessionId,
        deviceId: e.deviceId,
        seq: e.seq,
        props: e.props as Record<string, unknown>,
      };
      if (e.page !== undefined) doc.page = e.page;
      if (skewed) doc.skewed = true;
      return ok({ ...item, doc });
    });
  },
};
