/**
 * THE reducer: what one stored event adds to a profile, as a list of atomic operations.
 * The incremental path sends these as `_.inc/_.min/_.max/_.set` on dotted keys; the full rebuild
 * applies the very same list in memory ({@link applyDelta}). One definition, so both agree exactly.
 * Every operation is commutative and idempotent where it must be (set of 1, min, max) or an integer
 * increment, so the result does not depend on arrival order.
 */
import { dayKey } from './day';
import type { DeltaOp, StoredEvent } from './types';

/** Category interest weight per behaviour (integers; a purchase says more than a view). */
export const CATEGORY_WEIGHTS = {
  product_view: 1,
  favorite: 2,
  add_to_cart: 3,
  review_submit: 2,
  purchase: 5,
} as const;

/** A scored review is negative when its positive probability is below one half. */
export const NEGATIVE_BELOW_PERMILLE = 500;

interface Item {
  categoryId: string;
}

/** The atomic operations one event contributes to its customer's profile. */
export function eventDelta(ev: StoredEvent): DeltaOp[] {
  const D = dayKey(ev.ts);
  const ops: DeltaOp[] = [
    { op: 'inc', path: ['d', D, 'e'], value: 1 },
    { op: 'set', path: ['d', D, 's', `s${ev.sessionId}`], value: 1 },
    { op: 'min', path: ['firstSeenAt'], value: ev.ts },
    { op: 'max', path: ['lastActiveAt'], value: ev.ts },
  ];
  if (ev.skewed) ops.push({ op: 'inc', path: ['d', D, 'sk'], value: 1 });
  const inc = (field: string, value: number): void => {
    if (value !== 0) ops.push({ op: 'inc', path: ['d', D, field], value });
  };
  const cat = (categoryId: unknown, weight: number): void => {
    if (typeof categoryId === 'string')
      ops.push({ op: 'inc', path: ['d', D, 'c', `c${categoryId}`], value: weight });
  };
  const p = ev.props;
  switch (ev.name) {
    case 'product_view':
      inc('pv', 1);
      cat(p.categoryId, CATEGORY_WEIGHTS.product_view);
      break;
    case 'add_to_cart':
      inc('ca', 1);
      cat(p.categoryId, CATEGORY_WEIGHTS.add_to_cart);
      break;
    case 'favorite':
      if (p.on === true) {
        inc('fv', 1);
        cat(p.categoryId, CATEGORY_WEIGHTS.favorite);
      }
      break;
    case 'purchase': {
      inc('pu', 1);
      inc('fen', p.amountFen as number);
      ops.push({ op: 'max', path: ['lastPurchaseAt'], value: ev.ts });
      // One weight per distinct category of the order, so a 10-line order is not 10 purchases.
      const cats = new Set((p.items as Item[]).map((i) => i.categoryId));
      for (const c of cats) cat(c, CATEGORY_WEIGHTS.purchase);
      break;
    }
    case 'review_submit':
      inc('rv', 1);
      cat(p.categoryId, CATEGORY_WEIGHTS.review_submit);
      if (typeof ev.sentiment === 'number') {
        inc('rs', 1);
        inc('rp', ev.sentiment);
        inc('rn', ev.sentiment < NEGATIVE_BELOW_PERMILLE ? 1 : 0);
      }
      break;
    default:
      break;
  }
  return ops;
}
