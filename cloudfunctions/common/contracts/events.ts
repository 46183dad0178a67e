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

/**
 * Sane numeric ranges (a value outside is garbage or an attack, never a real shop's data):
 * money ≤ ¥10,000,000 per amount, ≤ 999 units per cart step or order line, counts ≤ a million.
 */
export const RANGES = {
  maxFen: 1e9,
  maxQuantity: 999,
  maxCount: 1_000_000,
  maxSeq: 2_147_483_647,
  /** Client clocks outside [1990-01-01, 2100-01-01) are not clocks (seconds for ms, zero, junk). */
  minClientTs: Date.UTC(1990, 0, 1),
  maxClientTs: Date.UTC(2100, 0, 1),
} as const;

const fen = z.number().int().min(0).max(RANGES.maxFen);
const quantity = z.number().int().min(1).max(RANGES.maxQuantity);
const lineItem = z.object({ productId: id, categoryId: id, quantity, priceFen: fen }).strict();
const items = z.array(lineItem).min(1).max(50);
const path = z.string().max(256);
/** WeChat scene values are four-digit codes (1001 …); 0 when unknown. */
const scene = z.number().int().min(0).max(99_999);

/** Properties per event name. `.strict()` everywhere: unknown keys are rejected, not stored. */
export const eventProps = {
  app_launch: z.object({ scene: scene.optional(), path: path.optional() }).strict(),
  app_show: z.object({ scene: scene.optional() }).strict(),
  app_hide: z.object({}).strict(),
  page_view: z.object({ path, referrer: path.optional() }).strict(),
  page_leave: z.object({ path, durationMs: z.number().int().min(0).max(864e5) }).strict(),
  share: z.object({ path, channel: z.enum(['friend', 'timeline']) }).strict(),
  product_view: z.object({ productId: id, categoryId: id, priceFen: fen.optional() }).strict(),
  search: z.object({ query: z.string().min(1).max(100), resultCount: z.number().int().min(0).max(RANGES.maxCount) }).strict(),
  add_to_cart: z
    .object({ productId: id, categoryId: id, quantity, priceFen: fen })
    .strict(),
  remove_from_cart: z.object({ productId: id, categoryId: id.optional(), quantity }).strict(),
  favorite: z.object({ productId: id, categoryId: id, on: z.boolean() }).strict(),
  /** Server fact (written by `shop.createOrder`, see {@link SERVER_EVENT_NAMES}). */
  order_submit: z.object({ orderId: id, amountFen: fen, items }).strict(),
  /** Server fact (written by `shop.createOrder`, see {@link SERVER_EVENT_NAMES}). */
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

/**
 * Facts only the server can vouch for: orders and payments enter the event stream from the `shop`
 * function (and from a trusted history import), never from a client. `track` rejects them from a
 * client with SERVER_FACT, and the tracker cannot emit them (its names are {@link ClientEventName}).
 */
export const SERVER_EVENT_NAMES = ['order_submit', 'purchase'] as const;
/** A server-fact event name. */
export type ServerEventName = (typeof SERVER_EVENT_NAMES)[number];
/** Event names a client may send. */
export type ClientEventName = Exclude<EventName, ServerEventName>;
/** Whether `name` is a server fact. */
export function isServerEventName(name: string): name is ServerEventName {
  return (SERVER_EVENT_NAMES as readonly string[]).includes(name);
}

/** Properties of event `N`. */
export type EventProps<N extends EventName> = z.infer<(typeof eventProps)[N]>;

/** Envelope fields every event carries, whatever its name. */
export const eventEnvelope = z
  .object({
    /** Client-generated unique id; `(openid, eventId)` is stored once. */
    eventId: id,
    name: z.enum(EVENT_NAMES as [EventName, ...EventName[]]),
    /** Per-device monotonically increasing sequence number. */
    seq: z.number().int().min(0).max(RANGES.maxSeq),
    deviceId: id,
    sessionId: id,
    /**
     * Client clock, ms since epoch, within {@link RANGES}. The server adds its own receive time and
     * bounds the event time on both sides (track's identify-user and floor-event-time steps).
     */
    clientTs: z.number().int().min(RANGES.minClientTs).max(RANGES.maxClientTs),
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
