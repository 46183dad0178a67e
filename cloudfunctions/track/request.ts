/**
 * The `track` request at the boundary: shape and limits, checked before any event is looked at.
 * Over-limit requests are refused whole (PAYLOAD_TOO_LARGE) so the tracker splits and retries.
 */
import { z } from 'zod';
import { QxError } from '../common/contracts/errors';
import { id, TRACK_LIMITS } from '../common/contracts/events';
import { requestOf } from '../common/contracts/platform-event';
import { refusalText } from '../common/contracts/refusal-text';
import type { TrackTrust } from './context';

/**
 * Request body: `{ events: [...] }`. `openid` is ignored; WeChat's injected `userInfo` is dropped
 * before parsing (platform-event.ts).
 * `importFor`: a trusted history import for that customer (see {@link resolveCaller}).
 */
export const trackRequest = z
  .object({
    events: z.array(z.unknown()),
    importFor: id.optional(),
    sentAt: z.number().int().min(0).optional(),
    openid: z.unknown().optional(),
  })
  .strict();

/** Parses and limit-checks a raw `track` event; throws QxError. */
export function parseTrackRequest(raw: unknown): unknown[] {
  const parsed = trackRequest.safeParse(requestOf(raw));
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new QxError('INVALID_INPUT', refusalText('请求格式错误', i));
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

/** Sources of operator tools: WeChat DevTools / the SDK with the environment's keys, and timers. */
const TRUSTED_SOURCES = new Set(['wx_devtools', 'wx_trigger']);

/**
 * Who the batch is for and who vouches for it. A customer's device (any other source): the
 * customer is the context's OPENID and trust is 'client'. An operator tool importing history
 * (`importFor`, only from a trusted source — a client asking for it is refused whole): the named
 * customer, trust 'import'.
 */
export function resolveCaller(
  raw: unknown,
  wx: { OPENID?: string; SOURCE?: string },
): { openid: string | undefined; trust: TrackTrust } {
  const importFor = (raw as { importFor?: unknown } | null)?.importFor;
  if (importFor === undefined) return { openid: wx.OPENID || undefined, trust: 'client' };
  if (!TRUSTED_SOURCES.has(wx.SOURCE ?? ''))
    throw new QxError('FORBIDDEN', '历史导入仅限管理工具调用');
  const parsed = id.safeParse(importFor);
  if (!parsed.success) throw new QxError('INVALID_INPUT', refusalText('请求格式错误', { ...parsed.error.issues[0], path: ['importFor'] }));
  return { openid: parsed.data, trust: 'import' };
}
