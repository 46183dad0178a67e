/** {@link CatalogLookup} on the `products` collection: one `_id in [...]` query, ids and categories only. */
import { COLLECTIONS } from '../contracts/collections';
import type { Db } from '../db/wx-db';
import type { CatalogLookup } from './catalog-port';

/** The catalog lookup on the real database. */
export function wxCatalog(db: Db): CatalogLookup {
  return {
    async categoriesOf(productIds) {
      const out = new Map<string, string>();
      // A batch holds ≤ 100 events, so ≤ 100 ids: one request (the server's cap is 1000).
      for (let i = 0; i < productIds.length; i += 1000) {
        const part = productIds.slice(i, i + 1000);
        const docs = await db.find(
          COLLECTIONS.products,
          { _id: db._.in(part) },
          { limit: part.length, fields: { _id: true, categoryId: true } },
        );
        for (const d of docs) out.set(d._id as string, String(d.categoryId));
      }
      return out;
    },
  };
}
