/** The shop's ports on the real database (wx-server-sdk; locally: the local cloud). */
import type { OrderFence } from '../common/catalog/order-fence';
import { adoptHold, holdsFor, releaseHeld, releaseHold, returnHeld, returnStock, takeStock, withoutHolds } from '../common/catalog/stock-holds';
import { nameContains } from '../common/audience/name-search';
import { COLLECTIONS } from '../common/contracts/collections';
import { Db, type Doc } from '../common/db/wx-db';
import type { OrderStore, ProductStore } from './ports';
import type { Order, Product } from './schema';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function dbProductStore(db: Db, sdk: any): ProductStore {
  const P = COLLECTIONS.products;
  const _ = db._;
  return {
    async list(filter, from, limit) {
      const where: Doc = {};
      if (filter.categoryId) where.categoryId = filter.categoryId;
      // The customer's text taken literally, Latin letters in either case, the same under the
      // cloud's PCRE and the local cloud's JavaScript (the admin's name searches use it too).
      if (filter.q) where.name = nameContains(filter.q);
      // After the customer's last product: a product added or delisted while they scroll shifts
      // no page (an offset would show one card twice or skip one).
      const docs = 'after' in from
        ? (await db.keysetPage(P, where, { after: from.after, limit })).docs
        : await db.find(P, where, { orderBy: ['_id', 'asc'], skip: from.skip, limit });
      return docs.map(withoutHolds) as Product[];
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      return (await db.find(P, { _id: _.in(ids) }, { limit: ids.length })).map(withoutHolds) as Product[];
    },
    async categories() {
      // Up to 1,000 categories (aggregateAll throws past that rather than cut the list); a
      // final limit(100) here once cut a bigger shop's list at 100 without a word.
      const $ = sdk.command.aggregate;
      const list = await db.aggregateAll(P, (p) =>
        p.group({ _id: '$categoryId', categoryName: $.first('$categoryName'), count: $.sum(1) }).sort({ _id: 1 }),
      );
      return (list as unknown as { _id: string; categoryName: string; count: number }[]).map((c) => ({ categoryId: c._id, categoryName: c.categoryName, count: c.count }));
    },
    takeStock: (productId, quantity, { attempt, orderId, at }) => takeStock(db, productId, attempt, { orderId, quantity, at }),
    returnStock: (productId, quantity, attempt) => returnStock(db, productId, attempt, quantity),
    releaseHold: (productId, attempt) => releaseHold(db, productId, attempt),
    holdsFor: (productIds, orderId) => holdsFor(db, productIds, orderId),
    returnHeld: (hold) => returnHeld(db, hold),
    releaseHeld: (hold) => releaseHeld(db, hold),
    adoptHold: (hold, attempt, at) => adoptHold(db, hold, attempt, at),
  };
}

export function dbOrderStore(db: Db): OrderStore {
  const O = COLLECTIONS.orders;
  return {
    insert: (order, writeId) => db.insertUnique(O, order as unknown as Doc & { _id: string }, { writeId }),
    isOwn: (orderId, writeId) => db.isOwnWrite(O, orderId, writeId),
    get: async (orderId) => (await db.getById(O, orderId)) as Order | OrderFence | null,
    getEach: async (orderIds) => (await db.findByIds(O, orderIds)) as Map<string, Order | OrderFence>,
    async setFacts(orderId, facts) {
      await db.updateById(O, orderId, { facts });
    },
    async listByOpenid(openid, limit) {
      return (await db.find(O, { openid }, { orderBy: ['createdAt', 'desc'], limit })) as Order[];
    },
  };
}
