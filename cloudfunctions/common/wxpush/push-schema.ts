/**
 * The JSON form of WeChat's subscribe-message event pushes, as cloud development hands them to a
 * function's `event` (JSON only, never XML). WeChat's documented quirks are accepted here and
 * nowhere else: `List` is an OBJECT for one item and an ARRAY for several; `CreateTime`,
 * `PopupScene` and `ErrorCode` arrive as strings in the documentation's samples and as numbers
 * in practice. `parsePush` turns any of these into one normalised shape.
 */
import { z } from 'zod';

/** The three events this receiver handles. */
export const PUSH_EVENTS = ['subscribe_msg_popup_event', 'subscribe_msg_change_event', 'subscribe_msg_sent_event'] as const;
/** One of {@link PUSH_EVENTS}. */
export type PushEventName = (typeof PUSH_EVENTS)[number];

const str = (max: number) => z.string().min(1).max(max);
/** A number WeChat may send as a decimal string. */
const intLike = z.union([z.number().int(), z.string().regex(/^-?\d{1,20}$/).transform(Number)]);
/** One item or several: WeChat sends an object for one and an array for more. */
const oneOrMany = <T extends z.ZodTypeAny>(item: T) =>
  z.union([item.transform((x: z.infer<T>) => [x]), z.array(item).min(1).max(50)]);

const popupItem = z.object({
  TemplateId: str(128),
  SubscribeStatusString: z.enum(['accept', 'reject']),
  PopupScene: intLike.optional(),
});
const changeItem = z.object({ TemplateId: str(128), SubscribeStatusString: z.enum(['accept', 'reject']) });
const sentItem = z.object({
  TemplateId: str(128),
  MsgID: z.union([str(64), z.number().int().transform(String)]),
  ErrorCode: intLike,
  ErrorStatus: z.string().max(200),
});

const envelope = {
  ToUserName: str(64),
  FromUserName: str(64),
  CreateTime: intLike.pipe(z.number().int().min(1).max(9_999_999_999)),
  MsgType: z.literal('event'),
};

/** What the receiver accepts; unknown events are a separate, logged outcome (see parsePush). */
export const pushSchema = z.discriminatedUnion('Event', [
  z.object({ ...envelope, Event: z.literal('subscribe_msg_popup_event'), List: oneOrMany(popupItem) }),
  z.object({ ...envelope, Event: z.literal('subscribe_msg_change_event'), List: oneOrMany(changeItem) }),
  z.object({ ...envelope, Event: z.literal('subscribe_msg_sent_event'), List: oneOrMany(sentItem) }),
]);
/** A parsed push (List always an array). */
export type Push = z.infer<typeof pushSchema>;

/** Result of {@link parsePush}. */
export type ParsedPush =
  | { kind: 'push'; push: Push }
  | { kind: 'ignored'; msgType: string; event: string }
  | { kind: 'invalid'; issues: z.ZodIssue[] };

/**
 * Parses a push. Events this receiver does not handle (another MsgType/Event routed here by a
 * console setting) are `ignored` — answered `success` so WeChat does not retry them, and logged.
 */
export function parsePush(raw: unknown): ParsedPush {
  const r = raw as { MsgType?: unknown; Event?: unknown } | null;
  const event = typeof r?.Event === 'string' ? r.Event : '';
  if (r && typeof r === 'object' && !(PUSH_EVENTS as readonly string[]).includes(event)) {
    return { kind: 'ignored', msgType: String(r.MsgType ?? ''), event };
  }
  const p = pushSchema.safeParse(raw);
  return p.success ? { kind: 'push', push: p.data } : { kind: 'invalid', issues: p.error.issues.slice(0, 5) };
}

/**
 * Idempotency key of one list item: WeChat retries a push it got no `success` for (same
 * FromUserName, CreateTime, Event and items), so the same key means the same user action.
 */
export function itemKey(p: Push, item: { TemplateId: string; MsgID?: string }): string {
  if (p.Event === 'subscribe_msg_sent_event') return `sent:${item.MsgID}`;
  return `${p.Event === 'subscribe_msg_popup_event' ? 'popup' : 'change'}:${p.FromUserName}:${p.CreateTime}:${item.TemplateId}`;
}
