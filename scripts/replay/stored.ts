/**
 * The stored form of a replayed event as `track` would store it (historic client times are never
 * ahead of the server, so no clamping), for computing expected profiles without the cloud.
 */
import type { StoredEvent } from '../../cloudfunctions/common/profile/types';
import type { ReplayEvent } from './map-events';

/** `track`'s stored document of a replayed event (receive time `receivedAt`). */
export function toStored({ openid, event }: ReplayEvent, receivedAt = 0): StoredEvent {
  return {
    _id: `${openid}:${event.eventId}`,
    openid,
    eventId: event.eventId,
    name: event.name,
    ts: event.clientTs,
    clientTs: event.clientTs,
    receivedAt,
    sessionId: event.sessionId,
    deviceId: event.deviceId,
    seq: event.seq,
    props: event.props as Record<string, unknown>,
  };
}
