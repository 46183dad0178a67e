/**
 * The `track` request at the boundary: shape and limits, checked before any event is looked at.
 * Over-limit requests are refused whole (PAYLOAD_TOO_LARGE) so the tracker splits and retries.
 */
import { z } from 'zod';
import { QxError } from '../common/contracts/errors';
import { TRACK_LIMITS } from '../common/contracts/events';

/** Request body: `{ events: [...] }`. `openid` and WeChat's injected `userInfo` are ignored. */
export const trackRequest = z
  .object({
    events: z.array(z.unknown()),
    sentAt: z.number().int().min(0).optional(),
    openid: z.unknown().optional(),
    userInfo: z.unknown().optional(),
  })
  .strict();

/** Parses and limit-checks a raw `track` event; throws QxError. */
export function parseTrackRequest(raw: unknown): unknown[] {
  const parsed = trackRequest.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new QxError('INVALID_INPUT', `请求格式错误：${i.path.join('.') || '请求'} ${i.message}`);
  }
  const { events } = parsed.data;
  if (events.length > TRACK_LIMITS.maxEvents) {
    throw new QxError(
      'PAYLOAD_TOO_LARGE',
      `一次最多上报 ${TRACK_LIMITS.maxEvents} 条事件（收到 ${events.length} 条）`,
      {
        maxEvents: TRACK_LIMITS.maxEvents,
      },
    );
  }
  const bytes = Buffer.byteLength(JSON.stringify(events), 'utf8');
  if (bytes > TRACK_LIMITS.maxBytes) {
    throw new QxError('PAYLOAD_TOO_LARGE', `请求体超过 ${TRACK_LIMITS.maxBytes} 字节（${bytes} 字节）`, {
      maxBytes: TRACK_LIMITS.maxBytes,
    });
  }
  return events;
}
