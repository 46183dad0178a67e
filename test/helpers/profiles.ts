/**
 * Test profiles built the way production builds them: purchase events folded by the real
 * profile reducer (`foldEvents`), so tests of segmentation and campaigns see real profile shapes.
 */
import { foldEvents } from '../../cloudfunctions/common/profile';
import type { DayBucket, ProfileDoc, StoredEvent } from '../../cloudfunctions/common/profile/types';

const DAY = 86_400_000;

/** Options of {@link buyerProfile}. */
export interface BuyerOptions {
  /** Price of each purchase, in fen (default 20,000 = ¥200). */
  fen?: number;
  productId?: string;
  categoryId?: string;
}

/** A customer who bought once on each of `buysDaysAgo` days before `now` (ms). */
export function buyerProfile(
  id: string,
  now: number,
  buysDaysAgo: number[],
  o: BuyerOptions = {},
): ProfileDoc {
  const fen = o.fen ?? 20000;
  const events = buysDaysAgo.map((d, i): StoredEvent => {
    const ts = now - d * DAY;
    return {
      _id: `${id}:${i}`,
      openid: id,
      eventId: String(i),
      name: 'purchase',
      ts,
      clientTs: ts,
      receivedAt: ts,
      sessionId: `s${d}`,
      deviceId: 'd',
      seq: i,
      applied: true,
      props: {
        orderId: `o${i}`,
        amountFen: fen,
        items: [
          { productId: o.productId ?? 'p', categoryId: o.categoryId ?? 'c', quantity: 1, priceFen: fen },
        ],
      },
    };
  });
  return { _id: id, openid: id, rev: 1, updatedAt: new Date(now - DAY), ...foldEvents(events) } as ProfileDoc;
}

/**
 * A customer who never bought: on each of `daysAgo` days before `now` (ms) they viewed a product,
 * and with `cart` they also put it in the cart (a visitor to the value model).
 */
export function visitorProfile(id: string, now: number, daysAgo: number[], o: { cart?: boolean } = {}): ProfileDoc {
  const events = daysAgo.flatMap((d, i): StoredEvent[] => {
    const ts = now - d * DAY;
    const base = { openid: id, ts, clientTs: ts, receivedAt: ts, sessionId: `s${d}`, deviceId: 'd', applied: true };
    const view: StoredEvent = { ...base, _id: `${id}:v${i}`, eventId: `v${i}`, name: 'product_view', seq: 2 * i, props: { productId: 'p', categoryId: 'c' } };
    if (!o.cart) return [view];
    return [view, { ...base, _id: `${id}:c${i}`, eventId: `c${i}`, name: 'add_to_cart', seq: 2 * i + 1, ts: ts + 1000, props: { productId: 'p', categoryId: 'c', quantity: 1 } }];
  });
  return { _id: id, openid: id, rev: 1, updatedAt: new Date(now - DAY), ...foldEvents(events) } as ProfileDoc;
}

/**
 * A seasonal shop with two years and more of history (in days ago): `n` buyers who first bought
 * 500–800 days before `now`. A third buy only in the quarter the model will be asked about (the
 * next 90 days), a year and two years before (days ago 275–365, 640–730); the rest are regulars, a
 * fifth of them lapsed. Long enough for last season's trees (common/value/season-ensemble.ts).
 */
export function seasonalBuyerProfiles(now: number, n = 300, prefix = 's'): ProfileDoc[] {
  return Array.from({ length: n }, (_, i) => {
    const start = 500 + ((i * 53) % 300);
    const days: number[] = [];
    if (i % 3 === 0) {
      for (const from of [730, 365])
        for (let k = 0; k < 2 + (i % 2); k++) {
          const d = from - 5 - ((i * 7 + k * 31) % 85);
          if (d <= start) days.push(d);
        }
    } else {
      const gap = 12 + (i % 8) * 7;
      const stop = i % 5 === 1 ? 200 + (i % 7) * 30 : 1 + (i % 9);
      for (let d = start; d >= stop; d -= gap) days.push(d);
    }
    days.sort((a, b) => b - a);
    return buyerProfile(`${prefix}${String(i).padStart(4, '0')}`, now, days, { fen: 3000 + (i % 11) * 500 });
  });
}

/**
 * A young but busy shop: 320 buyers over the last 200 days before `now`, too short a history to
 * train on the 90-day horizon (h′ < h), enough rows for trees: the Pareto/NBD-hybrid level applies
 * (common/value/hybrid-level.ts).
 */
export function shortHistoryBuyerProfiles(now: number, n = 320, prefix = 's'): ProfileDoc[] {
  return Array.from({ length: n }, (_, i) => {
    const gap = 5 + (i % 6) * 3;
    const stop = i % 3 === 0 ? 60 + (i % 7) * 10 : 1 + (i % 5);
    const days: number[] = [];
    for (let d = 200 - (i % 40); d >= stop; d -= gap + (i % 4)) days.push(d);
    return buyerProfile(`${prefix}${String(i).padStart(4, '0')}`, now, days, { fen: 3000 + (i % 11) * 500 });
  });
}

/** A day-bucket counter summed over every day of a stored profile (0 for none). */
export function sumDayCounter(p: { d?: unknown } | null | undefined, field: keyof DayBucket): number {
  const days = Object.values((p?.d ?? {}) as Record<string, DayBucket>);
  return days.reduce((s, b) => s + (typeof b[field] === 'number' ? (b[field] as number) : 0), 0);
}
