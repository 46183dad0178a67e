/**
 * The shop's own names for category ids, read from the products that carry them. Profiles and
 * segment statistics key interests by category id; staff and customers should read the name the
 * merchant gave the category (女装, 茶叶), never an id.
 */
import { COLLECTIONS } from '../contracts/collections';
import type { Db } from '../db/wx-db';

/**
 * categoryId → categoryName for each of `ids` some product carries; ids no product carries are
 * absent. One aggregate grouped by category, so a category with thousands of products costs one
 * row (a plain `find` with a limit can fill the page with one big category and miss the rest).
 */
export async function categoryNames(db: Db, ids: readonly string[]): Promise<Record<string, string>> {
  return (await catalogLookup(db, ids)).names;
}

/** The catalog's answer for `ids`: the names it gives, and every id some product carries. */
async function catalogLookup(db: Db, ids: readonly string[]): Promise<{ names: Record<string, string>; carried: Set<string> }> {
  // No prototype: a category id may be `constructor` (see privacy/readable-profile.ts), and callers
  // read `names[id] ?? id`.
  const names = Object.create(null) as Record<string, string>;
  const carried = new Set<string>();
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return { names, carried };
  const rows = await db.aggregateAll(COLLECTIONS.products, (p) =>
    p.match({ categoryId: db._.in(wanted) }).group({ _id: '$categoryId', name: db.$.first('$categoryName') }),
  );
  for (const row of rows as Array<{ _id: unknown; name: unknown }>) {
    if (typeof row._id !== 'string') continue;
    carried.add(row._id);
    if (typeof row.name === 'string' && row.name) names[row._id] = row.name;
  }
  return { names, carried };
}

/**
 * Stands for every category of a profile whose id is not known: a hashed key (an id too long for
 * its key, catalog/category-keys.ts) that no product's id hashes to. Not a category id (those are
 * `[A-Za-z0-9_-]+`), so it meets none.
 */
export const UNLISTED_CATEGORY = '(unlisted)';

/**
 * What staff read for `ids` in aggregate views (segment portraits and their CSV): the shop's name;
 * for a category no product carries any more, 「已下架类目（id）」 — its name went with its products,
 * and no profile or event stores names — and for {@link UNLISTED_CATEGORY} 「已下架类目」. A category
 * products still carry without a name is absent (the page shows its id).
 */
export async function staffCategoryNames(db: Db, ids: readonly string[]): Promise<Record<string, string>> {
  const { names, carried } = await catalogLookup(db, ids.filter((id) => id !== UNLISTED_CATEGORY));
  for (const id of ids)
    if (id === UNLISTED_CATEGORY) names[id] = '已下架类目';
    else if (!carried.has(id)) names[id] = `已下架类目（${id}）`;
  return names;
}

/**
 * What a customer reads for `ids` (我的, their data export): the shop's name; 「已下架类目」 for a
 * category no product carries any more (or {@link UNLISTED_CATEGORY}) — as staff's pages say, but
 * without the id, which tells a customer nothing. A category products carry without a name is
 * absent, as in {@link categoryNames}.
 */
export async function customerCategoryNames(db: Db, ids: readonly string[]): Promise<Record<string, string>> {
  const { names, carried } = await catalogLookup(db, ids.filter((id) => id !== UNLISTED_CATEGORY));
  for (const id of ids) if (!carried.has(id)) names[id] = DELISTED_CATEGORY_NAME;
  return names;
}

/** The customer's name of a category no product carries any more. */
export const DELISTED_CATEGORY_NAME = '已下架类目';

/**
 * Every category some product carries, sorted by id, with the shop's name for it (absent when no
 * product names it): one grouped aggregation, so a catalog larger than a page of products (the
 * campaign editor reads 200) still offers all of its categories.
 */
export async function shopCategories(db: Db): Promise<Array<{ id: string; name?: string }>> {
  const rows = await db.aggregateAll(
    COLLECTIONS.products,
    (p) => p.match({ categoryId: db._.exists(true) }).group({ _id: '$categoryId', name: db.$.first('$categoryName') }),
    { max: 10_000 },
  );
  return rows
    .filter((r): r is { _id: string; name?: unknown } => typeof r._id === 'string')
    .map((r) => (typeof r.name === 'string' && r.name ? { id: r._id, name: r.name } : { id: r._id }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Every category id some product carries, sorted ({@link shopCategories} without the names). */
export async function shopCategoryIds(db: Db): Promise<string[]> {
  return (await shopCategories(db)).map((c) => c.id);
}
