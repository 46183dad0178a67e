/**
 * THE reducer: what one stored event adds to a profile, as a list of atomic operations.
 * The incremental path sends these as `_.inc/_.min/_.max/_.set` on dotted keys; the full rebuild
 * applies the very same list in memory ({@link applyDelta}). One definition, so both agree exactly.
 * Every operation is commutative and idempotent where it must be (set of 1, min, max) or an integer
 * increment, so the result does not depend on arrival order.
 */
import { categoryKey, sessionKey } from './bucket-keys';
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

/**
 * Receives one operation: operator, value and a path of one to four segments. Emitting into a
 * sink (instead of building arrays) lets the full rebuild fold a million events without
 * allocating per operation; {@link eventDelta} collects the very same emissions into a list.
 */
export type OpSink = (
  op: DeltaOp['op'],
  value: number,
  p0: string,
  p1?: string,
  p2?: string,
  p3?: string,
) => void;

function cat(sink: OpSink, D: string, categoryId: unknown, weight: number): void {
  if (typeof categoryId === 'string') sink('inc', weight, 'd', D, 'c', categoryKey(categoryId));
}

function inc(sink: OpSink, D: string, field: string, value: number): void {
  if (value !== 0) sink('inc', value, 'd', D, field);
}

/** Emits the atomic operations one event contributes to its customer's profile. */
export function emitEventOps(ev: StoredEvent, sink: OpSink): void {
  const D = dayKey(ev.ts);
  sink('inc', 1, 'd', D, 'e');
  sink('set', 1, 'd', D, 's', sessionKey(ev.sessionId));
  sink('min', ev.ts, 'firstSeenAt');
  sink('max', ev.ts, 'lastActiveAt');
  if (ev.skewed) sink('inc', 1, 'd', D, 'sk');
  const p = ev.props;
  switch (ev.name) {
    case 'product_view':
      inc(sink, D, 'pv', 1);
      cat(sink, D, p.categoryId, CATEGORY_WEIGHTS.product_view);
      break;
    case 'add_to_cart':
      inc(sink, D, 'ca', 1);
      cat(sink, D, p.categoryId, CATEGORY_WEIGHTS.add_to_cart);
      break;
    case 'favorite':
      if (p.on === true) {
        inc(sink, D, 'fv', 1);
        cat(sink, D, p.categoryId, CATEGORY_WEIGHTS.favorite);
      }
      break;
    case 'purchase': {
      inc(sink, D, 'pu', 1);
      inc(sink, D, 'fen', p.amountFen as number);
      sink('max', ev.ts, 'lastPurchaseAt');
      // One weight per distinct category of the order, so a 10-line order is not 10 purchases.
      const items = p.items as Item[];
      for (let i = 0; i < items.length; i++) {
        const c = items[i].categoryId;
        let seen = false;
        for (let j = 0; j < i; j++) if (items[j].categoryId === c) seen = true;
        if (!seen) cat(sink, D, c, CATEGORY_WEIGHTS.purchase);
      }
      break;
    }
    case 'review_submit':
      inc(sink, D, 'rv', 1);
      cat(sink, D, p.categoryId, CATEGORY_WEIGHTS.review_submit);
      if (typeof ev.sentiment === 'number') {
        inc(sink, D, 'rs', 1);
        inc(sink, D, 'rp', ev.sentiment);
        inc(sink, D, 'rn', ev.sentiment < NEGATIVE_BELOW_PERMILLE ? 1 : 0);
      }
      break;
    default:
      break;
  }
}

/** The atomic operations one event contributes to its customer's profile, as a list. */
export function eventDelta(ev: StoredEvent): DeltaOp[] {
  const ops: DeltaOp[] = [];
  emitEventOps(ev, (op, value, p0, p1, p2, p3) => {
    const path =
      p3 !== undefined
        ? [p0, p1!, p2!, p3]
        : p2 !== undefined
          ? [p0, p1!, p2]
          : p1 !== undefined
            ? [p0, p1]
            : [p0];
    ops.push({ op, path, value });
  });
  return ops;
}
