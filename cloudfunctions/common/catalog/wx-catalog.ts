/** {@link CatalogLookup} on the `products` collection: one `_id in [...]` query, ids and categories only. */
import { COLLECTIONS } from '../contracts/collections';
import type { Db } from '../db/wx-db';
import type { CatalogLookup } from './catalog-port';

/** The catalog lookup on the real database. */
export function wxCatalog(db: Db): CatalogLookup {
  return {
    async categoriesOf(productIds) {
      // A batch holds ≤ 100 events, so ≤ 100 ids: one request (findByIds asks 100 ids a query).
      const docs = await db.findByIds(COLLECTIONS.products, productIds, { categoryId: true });
      return new Map([...docs].map(([id, d]) => [id, String(d.categoryId)]));
    },
  };
}
