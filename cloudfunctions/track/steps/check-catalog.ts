/**
 * check-catalog: behaviour events from a client must name products of the shop's catalog, and
 * their category must be that product's category — otherwise made-up products and categories
 * would enter profiles (category interest, top categories of a segment). Such events are
 * REJECTED (UNKNOWN_PRODUCT / CATEGORY_MISMATCH), not stored with a flag: nothing downstream
 * would read a flag, and the tracker drops rejected events instead of retrying them.
 * Cost: the catalog port is cached per container (common/catalog/catalog-cache.ts), so a warm
 * container checks a batch with no database request; only ids the cache does not know are looked
 * up, in one query. Trusted imports skip the check: history may name products delisted since.
 */
import { drop, ok, type Step, type StepOutcome } from '../../common/pipeline/types';
import type { TrackContext, TrackItem } from '../context';

function productOf(item: TrackItem): { productId: string; categoryId?: string } | null {
  const p = item.doc!.props as { productId?: unknown; categoryId?: unknown };
  if (typeof p.productId !== 'string') return null;
  return { productId: p.productId, categoryId: typeof p.categoryId === 'string' ? p.categoryId : undefined };
}

/** The check-catalog step. */
export const checkCatalog: Step<TrackContext, TrackItem> = {
  name: 'check-catalog',
  async run(ctx, items) {
    if (ctx.trust !== 'client') return items.map((i) => ok(i));
    const ids = items
      .map(productOf)
      .filter((x) => x !== null)
      .map((x) => x.productId);
    const known = ids.length > 0 ? await ctx.ports.catalog.categoriesOf(ids) : new Map<string, string>();
    return items.map((item): StepOutcome<TrackItem> => {
      const p = productOf(item);
      if (!p) return ok(item);
      const categoryId = known.get(p.productId);
      if (categoryId === undefined)
        return drop('UNKNOWN_PRODUCT', `product "${p.productId}" is not in the catalog`);
      if (p.categoryId !== undefined && p.categoryId !== categoryId)
        return drop(
          'CATEGORY_MISMATCH',
          `product "${p.productId}" is in category "${categoryId}", not "${p.categoryId}"`,
        );
      return ok(item);
    });
  },
};
