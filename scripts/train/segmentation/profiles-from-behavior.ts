/**
 * Behaviour data → the product's own profiles → features, through the SAME code the cloud
 * functions run: each record becomes a stored event (`StoredEvent`), events are folded by the
 * profile reducer (common/profile `foldEvents`), and features come from common/features
 * (`computeFeatures` = model input, `computeRawFeatures` = plain values for centroid profiles).
 *
 * Mapping: Taobao pv/cart/fav/buy → product_view/add_to_cart/favorite(on)/purchase (no price, so
 * amountFen 0); sessions are unknown, so one session per customer per UTC+8 day (the spec's
 * "active days when sessions are unknown"). CDNOW rows → purchase with amountFen = dollars × 100
 * (dollars taken as yuan), category "cd".
 */
import { computeFeatures, computeRawFeatures, FEATURE_NAMES } from '../../../cloudfunctions/common/features';
import { dayKey, foldEvents, type ReducedProfile, type StoredEvent } from '../../../cloudfunctions/common/profile';
import type { BehaviorCustomer, BehaviorEvent } from './behavior-data';

const NAME = { view: 'product_view', cart: 'add_to_cart', fav: 'favorite', buy: 'purchase' } as const;

function toStored(c: Pick<BehaviorCustomer, 'id'>, e: BehaviorEvent, i: number): StoredEvent {
  const categoryId = e.categoryId ?? 'none';
  const productId = `p${i}`;
  const props: Record<string, unknown> =
    e.kind === 'buy'
      ? { orderId: `o${i}`, amountFen: Math.round((e.amountYuan ?? 0) * 100), items: [{ productId, categoryId, quantity: e.quantity ?? 1, priceFen: 0 }] }
      : e.kind === 'fav'
        ? { productId, categoryId, on: true }
        : e.kind === 'cart'
          ? { productId, categoryId, quantity: 1, priceFen: 0 }
          : { productId, categoryId };
  return {
    _id: `${c.id}:${i}`,
    openid: c.id,
    eventId: String(i),
    name: NAME[e.kind],
    ts: e.ts,
    clientTs: e.ts,
    receivedAt: e.ts,
    sessionId: `${dayKey(e.ts)}`,
    deviceId: 'import',
    seq: i,
    props,
    applied: true,
  };
}

/** The customer's profile, folded by the product's reducer. */
export const profileOf = (c: Pick<BehaviorCustomer, 'id' | 'events'>): ReducedProfile => foldEvents(c.events.map((e, i) => toStored(c, e, i)));

/** Features of every customer: model input rows and plain values (null → NaN). */
export function featuresOf(customers: BehaviorCustomer[], onProgress?: (done: number) => void): { input: number[][]; raw: number[][] } {
  const input: number[][] = [];
  const raw: number[][] = [];
  customers.forEach((c, k) => {
    const profile = profileOf(c);
    input.push(computeFeatures(profile, c.asOf));
    const r = computeRawFeatures(profile, c.asOf);
    raw.push(FEATURE_NAMES.map((f) => r[f] ?? NaN));
    if (onProgress && k % 2000 === 0) onProgress(k);
  });
  onProgress?.(customers.length);
  return { input, raw };
}
