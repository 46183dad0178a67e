/**
 * The `wxpush` function's core: WeChat's subscribe-message pushes in, the grants ledger and the
 * outbox's delivery results out. Refuses anything that is not the platform's push (see
 * push-source.ts), validates with zod, and is idempotent per item (WeChat retries pushes).
 * Answers `success` — what WeChat's message push expects — once every item is applied.
 */
import { fail, type FnReply } from '../contracts/errors';
import { replyOfError } from '../contracts/reply-of-error';
import type { Db } from '../db/wx-db';
import { applyAccept, applyReject, type LedgerChange } from '../dispatch/grants-ledger';
import { markDelivery, recordPush } from './push-log';
import { itemKey, parsePush, type Push } from './push-schema';
import { refusePushCaller, type PushContext } from './push-source';

/** What the handler needs besides the event. */
export interface PushDeps {
  db: Db;
  /** The merchant's template ids: grants for any other template are not kept. */
  knownTemplates: Set<string>;
  /** `QX_WXPUSH_SOURCES` (strict mode when set). */
  pinnedSources?: string;
  log?: (line: string) => void;
}

/** Counts of one push. */
export interface PushSummary {
  event: string;
  items: number;
  applied: number;
  duplicate: number;
  stale: number;
  unknownTemplate: number;
}

async function applyItem(p: Push, item: Push['List'][number], d: PushDeps, s: PushSummary): Promise<void> {
  const key = itemKey(p, item as { TemplateId: string; MsgID?: string });
  const openid = p.FromUserName;
  const base = { key, openid, templateId: item.TemplateId, createTime: p.CreateTime, receivedAt: Date.now() };
  if (p.Event === 'subscribe_msg_sent_event') {
    const it = item as Extract<Push, { Event: 'subscribe_msg_sent_event' }>['List'][number];
    // The record first, then the outbox: send-one reads the record after writing msgId, so
    // whichever of the two writes second sees the other.
    const fresh = await recordPush(d.db, {
      ...base,
      event: 'sent',
      msgId: it.MsgID,
      errorCode: it.ErrorCode,
      errorStatus: it.ErrorStatus,
    });
    await markDelivery(d.db, it.MsgID, it.ErrorCode, it.ErrorStatus, p.CreateTime);
    s[fresh ? 'applied' : 'duplicate']++;
    return;
  }
  if (!d.knownTemplates.has(item.TemplateId)) {
    s.unknownTemplate++;
    d.log?.(`wxpush: template ${item.TemplateId} is not one of the merchant's; not kept`);
    return;
  }
  const it = item as { TemplateId: string; SubscribeStatusString: 'accept' | 'reject'; PopupScene?: number };
  const popup = p.Event === 'subscribe_msg_popup_event';
  let change: LedgerChange;
  if (popup && it.SubscribeStatusString === 'accept') change = await applyAccept(d.db, openid, it.TemplateId, key, p.CreateTime);
  else if (it.SubscribeStatusString === 'reject')
    change = await applyReject(d.db, openid, it.TemplateId, key, p.CreateTime, popup ? 'popup' : 'change');
  else change = 'stale'; // a change event only ever carries rejects; an "accept" there grants nothing
  s[change]++;
  await recordPush(d.db, {
    ...base,
    event: popup ? 'popup' : 'change',
    status: it.SubscribeStatusString,
    ...(it.PopupScene !== undefined ? { popupScene: it.PopupScene } : {}),
    ledger: change,
  });
}

/** Handles one invocation of `wxpush`. */
export async function handleWxPush(raw: unknown, ctx: PushContext, d: PushDeps): Promise<FnReply<unknown> | 'success'> {
  try {
    const from = (raw as { FromUserName?: unknown } | null)?.FromUserName;
    const why = refusePushCaller(ctx, typeof from === 'string' ? from : undefined, d.pinnedSources);
    if (why) {
      d.log?.(`wxpush: refused a call that is not WeChat's message push (${why})`);
      return fail('FORBIDDEN', '仅接受微信消息推送');
    }
    const parsed = parsePush(raw);
    if (parsed.kind === 'ignored') {
      d.log?.(`wxpush: ignored MsgType=${parsed.msgType} Event=${parsed.event} (not a subscribe-message event)`);
      return 'success';
    }
    if (parsed.kind === 'invalid') {
      d.log?.(`wxpush: invalid push ${JSON.stringify(parsed.issues)}`);
      return fail('INVALID_INPUT', '推送格式无效', parsed.issues);
    }
    const p = parsed.push;
    const s: PushSummary = { event: p.Event, items: p.List.length, applied: 0, duplicate: 0, stale: 0, unknownTemplate: 0 };
    for (const item of p.List) await applyItem(p, item, d, s);
    d.log?.(`wxpush: SOURCE=${ctx.SOURCE} ${JSON.stringify(s)}`);
    return 'success';
  } catch (err) {
    // Not `success`: WeChat retries the push, and every item is idempotent.
    return replyOfError(err, { fn: 'wxpush', retrySafe: true, internal: '推送处理失败，等待微信重试' });
  }
}
