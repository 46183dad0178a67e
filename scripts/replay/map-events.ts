/**
 * The documented mapping of the real data onto tracked events (contracts/events.ts):
 *
 * Taobao (openid `tb_<user_id>`; eventId `tb<row>`, stable so a re-send is a true duplicate):
 *   pv → product_view, cart → add_to_cart (quantity 1), fav → favorite (on), buy → purchase of one
 *   unit (orderId `tbo<row>`). productId `i<item_id>`, categoryId `c<category_id>`, price from
 *   prices.ts. Taobao has no sessions: a session is a user's UTC+8 day (`s<user>_<day>`).
 * CDNOW (openid `cd_<customer_id>`; eventId `cd<row>`): every row → one purchase at 12:00 UTC+8 of
 *   its date (+1 s per row so same-day orders stay distinct), amountFen = round(dollars × 100),
 *   one line item `cdnow_cd` × number_of_cds in category `cmusic`.
 */
import type { TrackedEvent } from '../../cloudfunctions/common/contracts/events';
import { dayIndex } from '../../cloudfunctions/common/profile/day';
import { itemPriceFen } from './prices';
import type { CdnowRow, TaobaoRow } from './sources';

/** An event and the customer it belongs to (the replay calls `track` as that customer). */
export interface ReplayEvent {
  openid: string;
  event: TrackedEvent;
}

/** Maps Taobao rows; `row` numbering is the file order (stable ids). */
export function mapTaobao(
  rows: readonly TaobaoRow[],
  prices: readonly number[],
  opts: { prefix?: string; shiftMs?: number } = {},
): ReplayEvent[] {
  const prefix = opts.prefix ?? 'tb';
  const shift = opts.shiftMs ?? 0;
  const seqs = new Map<string, number>();
  return rows.map((r, row) => {
    const ms = r.ts * 1000 + shift;
    const seq = (seqs.get(r.userId) ?? 0) + 1;
    seqs.set(r.userId, seq);
    const productId = `i${r.itemId}`;
    const categoryId = `c${r.categoryId}`;
    const priceFen = itemPriceFen(r.itemId, prices);
    const base = {
      eventId: `${prefix}${row}`,
      seq,
      deviceId: `${prefix}d${r.userId}`,
      sessionId: `s${r.userId}_${dayIndex(ms)}`,
      clientTs: ms,
    };
    let event: TrackedEvent;
    if (r.behavior === 'pv')
      event = { ...base, name: 'product_view', props: { productId, categoryId, priceFen } };
    else if (r.behavior === 'cart')
      event = { ...base, name: 'add_to_cart', props: { productId, categoryId, quantity: 1, priceFen } };
    else if (r.behavior === 'fav')
      event = { ...base, name: 'favorite', props: { productId, categoryId, on: true } };
    else
      event = {
        ...base,
        name: 'purchase',
        props: {
          orderId: `${prefix}o${row}`,
          amountFen: priceFen,
          items: [{ productId, categoryId, quantity: 1, priceFen }],
        },
      };
    return { openid: `${prefix}_${r.userId}`, event };
  });
}

/** 12:00 UTC+8 of a YYYY-MM-DD date, in ms. */
function noonCst(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d, 4, 0, 0);
}

/** Maps CDNOW rows. */
export function mapCdnow(rows: readonly CdnowRow[], opts: { prefix?: string } = {}): ReplayEvent[] {
  const prefix = opts.prefix ?? 'cd';
  const seqs = new Map<string, number>();
  return rows.map((r, row) => {
    const seq = (seqs.get(r.customerId) ?? 0) + 1;
    seqs.set(r.customerId, seq);
    const ms = noonCst(r.date) + seq * 1000;
    const amountFen = Math.round(r.dollars * 100);
    const quantity = Math.max(1, r.cds);
    const event: TrackedEvent = {
      eventId: `${prefix}${row}`,
      seq,
      deviceId: `${prefix}d${r.customerId}`,
      sessionId: `s${r.customerId}_${dayIndex(ms)}`,
      clientTs: ms,
      name: 'purchase',
      props: {
        orderId: `${prefix}o${row}`,
        amountFen,
        items: [
          {
            productId: 'cdnow_cd',
            categoryId: 'cmusic',
            quantity,
            priceFen: Math.round(amountFen / quantity),
          },
        ],
      },
    };
    return { openid: `${prefix}_${r.customerId}`, event };
  });
}
