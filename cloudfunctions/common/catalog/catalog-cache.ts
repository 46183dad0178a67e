/**
 * A per-container cache in front of a {@link CatalogLookup}. Known products are remembered for
 * {@link CATALOG_TTL_MS} (a product's category hardly ever changes; a delisted product stops being
 * accepted within that time), so a warm container checks a batch without any database request.
 * Unknown ids are never cached: a product created a second ago is looked up (one query for all
 * the ids of a batch the cache does not know) and accepted at once. The price of not caching
 * misses: a batch naming made-up products costs one query — it is then rejected.
 */
import type { CatalogLookup } from './catalog-port';

/** How long a known product is trusted without asking the database again. */
export const CATALOG_TTL_MS = 10 * 60_000;

/** Entries above this are dropped oldest-first (bounded memory on huge catalogs). */
const MAX_ENTRIES = 50_000;

/** The cache with a counter of source lookups (for tests and benches). */
export interface CachedCatalog extends CatalogLookup {
  /** How many times the source was asked. */
  readonly lookups: number;
}

/** Wraps `source` in a TTL cache; `now` is injectable for tests. */
export function cachedCatalog(
  source: CatalogLookup,
  o: { ttlMs?: number; now?: () => number } = {},
): CachedCatalog {
  const ttl = o.ttlMs ?? CATALOG_TTL_MS;
  const now = o.now ?? Date.now;
  const known = new Map<string, { categoryId: string; until: number }>();
  let lookups = 0;
  return {
    get lookups() {
      return lookups;
    },
    async categoriesOf(productIds) {
      const t = now();
      const out = new Map<string, string>();
      const unknown: string[] = [];
      for (const id of new Set(productIds)) {
        const hit = known.get(id);
        if (hit && hit.until > t) out.set(id, hit.categoryId);
        else unknown.push(id);
      }
      if (unknown.length === 0) return out;
      lookups++;
      const found = await source.categoriesOf(unknown);
      for (const [id, categoryId] of found) {
        out.set(id, categoryId);
        known.delete(id);
        known.set(id, { categoryId, until: t + ttl });
      }
      while (known.size > MAX_ENTRIES) known.delete(known.keys().next().value as string);
      return out;
    },
  };
}
