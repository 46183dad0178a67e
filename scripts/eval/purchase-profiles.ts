/**
 * Customers' behaviour as the product sees it at a cut-off: events up to the cut are folded by
 * the product's profile reducer (common/profile, via the training importer's `profileOf`) and
 * features come from common/features as of the cut — the profile shape and feature code the
 * segment function and the refit use. What happens after the cut is the hold-out.
 */
import { computeFeatures } from '../../cloudfunctions/common/features';
import { dayIndex } from '../../cloudfunctions/common/profile/day';
import type { PurchaseHistory } from '../../cloudfunctions/common/value/history';
import type { BehaviorCustomer } from '../train/segmentation/behavior-data';
import { profileOf } from '../train/segmentation/profiles-from-behavior';
import type { UsefulnessInput } from './segment-eval';
import { beijingDayStartOfIndex } from '../../cloudfunctions/common/beijing-time';

/** Last millisecond of calendar day `day` in UTC+8: "as of the end of that day". */
export const endOfDay = (day: number): number => beijingDayStartOfIndex(day + 1) - 1;

/** A customer's events (any order). */
export type EventCustomer = Pick<BehaviorCustomer, 'id' | 'events'>;

/** A purchase history as importer events: one purchase at noon (UTC+8) of each purchase day. */
export const historyCustomer = (id: string, h: PurchaseHistory): EventCustomer => ({
  id,
  events: h.days.map((d, i) => ({ ts: beijingDayStartOfIndex(d) + 12 * 3_600_000, kind: 'buy' as const, amountYuan: h.amounts[i], categoryId: 'shop' })),
});

/** Purchase days (UTC+8) in (from, to] and the money spent on them. */
function purchasesBetween(c: EventCustomer, from: number, to: number): { days: Set<number>; spend: number; last: number } {
  const days = new Set<number>();
  let spend = 0;
  let last = -Infinity;
  for (const e of c.events) {
    if (e.kind !== 'buy' || e.ts <= from || e.ts > to) continue;
    const d = dayIndex(e.ts);
    days.add(d);
    spend += e.amountYuan ?? 0;
    last = Math.max(last, d);
  }
  return { days, spend, last };
}

/** Recency of a customer who never bought: ranks below every buyer (finite, so ranks can sort it). */
const NEVER_BOUGHT_DAYS = 1e9;

/**
 * Customers with at least one event on or before the cut (others are not customers yet), their
 * model-input rows as of the cut, R/F/M of their history up to it, and what they did in
 * (cut, holdoutEnd]. `withAmounts` = the data has money (else spend is not measured).
 */
export function usefulnessInputAt(customers: Iterable<EventCustomer>, cut: number, holdoutEnd: number, withAmounts: boolean): UsefulnessInput {
  const out: UsefulnessInput = { rows: [], rfm: [], holdoutPurchases: [], holdoutSpend: withAmounts ? [] : null };
  const cutDay = dayIndex(cut);
  for (const c of customers) {
    const seen = c.events.filter((e) => e.ts <= cut);
    if (seen.length === 0) continue;
    out.rows.push(computeFeatures(profileOf({ id: c.id, events: seen.sort((a, b) => a.ts - b.ts) }), cut));
    const cal = purchasesBetween(c, -Infinity, cut);
    out.rfm.push({ recencyDays: cal.days.size ? cutDay - cal.last : NEVER_BOUGHT_DAYS, frequency: cal.days.size, monetary: cal.spend });
    const hold = purchasesBetween(c, cut, holdoutEnd);
    out.holdoutPurchases.push(hold.days.size);
    out.holdoutSpend?.push(hold.spend);
  }
  return out;
}
