/**
 * The tracked-event contract: one zod schema per event name, shared by the tracker
 * (miniprogram/src/tracking, type-only import) and the `track` cloud function (runtime validation).
 *
 * Money is always integer fen (1 yuan = 100 fen): profiles are sums updated with `$inc` in any
 * arrival order, and only integers make those sums exactly order-independent.
 */
import './zod-zh';
import { z } from 'zod';

/** Identifier: letters, digits, `_` and `-` only — never `$` or `.` (NoSQL operator injection). */
export const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, '只能包含字母、数字、_ 和 -');

const fen = z.number().int().min(0).max(1e11);
const lineItem = z
  .object({ productId: id, categoryId: id, quantity: z.number().int().min(1).max(9999), priceFen: fen })
  .strict();
const items = z.array(lineItem).min(1).max(50);
const path = z.string().max(256);

/** Properties per event name. `.strict()` everywhere: unknown keys are rejected, not stored. */
export const eventProps = {
  app_launch: z.object({ scene: z.number().int().optional(), path: path.optional() }).strict(),
  app_show: z.object({ scene: z.number().int().optional() }).strict(),
  app_hide: z.object({}).strict(),
  page_view: z.object({ path, referrer: path.optional() }).strict(),
  page_leave: z.object({ path, durationMs: z.number().int().min(0).max(864e5) }).strict(),
  share: z.object({ path, channel: z.enum(['friend', 'timeline']) }).strict(),
  product_view: z.object({ productId: id, categoryId: id, priceFen: fen.optional() }).strict(),
  search: z.object({ query: z.string().min(1).max(100), resultCount: z.number().int().min(0) }).strict(),
  add_to_cart: z
    .object({ productId: id, categoryId: id, quantity: z.number().int().min(1).max(9999), priceFen: fen })
    .strict(),
  remove_from_cart: z
    .object({ productId: id, categoryId: id.optional(), quantity: z.number().int().min(1).max(9999) })
    .strict(),
  favorite: z.object({ productId: id, categoryId: id, on: z.boolean() }).strict(),
  order_submit: z.object({ orderId: id, amountFen: fen, items }).strict(),
  purchase: z.object({ orderId: id, amountFen: fen, items }).strict(),
  review_submit: z
    .object({
      productId: id,
      categoryId: id.optional(),
      orderId: id.optional(),
      text: z.string().min(1).max(2000),
      rating: z.number().int().min(1).max(5),
    })
    .strict(),
  subscribe_result: z
    .object({ templateId: id, result: z.enum(['accept', 'reject', 'ban', 'filter']) })
    .strict(),
  push_open: z.object({ campaignId: id, templateId: id.optional() }).strict(),
} as const;

/** Every event name the product knows. */
export type EventName = keyof typeof eventProps;
export const EVENT_NAMES = Object.keys(eventProps) as EventName[];

/** Properties of event `N`. */
export type EventProps<N extends EventName> = z.infer<(typeof eventProps)[N]>;

/** Envelope fields every event carries, whatever its name. */
export const eventEnvelope = z
  .object({
    /** Client-generated unique id; `(openid, eventId)` is stored once. */
    eventId: id,
    name: z.enum(EVENT_NAMES as [EventName, ...EventName[]]),
    /** Per-device monotonically increasing sequence number. */
    seq: z.number().int().min(0),
    deviceId: id,
    sessionId: id,
    /** Client clock, ms since epoch. The server adds its own receive time. */
    clientTs: z.number().int().min(0),
    page: path.optional(),
    props: z.record(z.unknown()),
  })
  .strict();

/** A tracked event as sent by the tracker (before server-side enrichment). */
export type TrackedEvent = {
  [N in EventName]: Omit<z.infer<typeof eventEnvelope>, 'name' | 'props'> & { name: N; props: EventProps<N> };
}[EventName];

/** Limits of one `track` request (see the track function; the tracker batches under them). */
export const TRACK_LIMITS = { maxEvents: 100, maxBytes: 64 * 1024, maxTextChars: 2000 } as const;
