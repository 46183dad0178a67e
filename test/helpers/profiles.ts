/**
 * Test profiles built the way production builds them: purchase events folded by the real
 * profile reducer (`foldEvents`), so tests of segmentation and campaigns see real profile shapes.
 */
import { foldEvents } from '../../cloudfunctions/common/profile';
import type { ProfileDoc, StoredEvent } from '../../cloudfunctions/common/profile/types';

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
