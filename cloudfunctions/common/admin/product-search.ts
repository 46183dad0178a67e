/**
 * The campaign editor's products: the first 200 by `_id` come with its options, and it showed 12
 * of them, so a shop's other products could not be linked to a campaign. Staff now find any
 * product by a piece of its name (the rule search's pattern: audience/name-search.ts), and the
 * editor names a campaign's product outside those 200 by fetching it by id.
 */
import { nameContains } from '../audience/name-search';
import { COLLECTIONS } from '../contracts/collections';
import { readOneMore } from '../contracts/read-one-more';
import type { Db } from '../db/wx-db';

/** Products one search answers. */
export const PRODUCT_HITS = 50;

/** A product as the editor offers it. */
export interface ProductOption {
  _id: string;
  name?: string;
  /** Older products' name field (the editor reads `name ?? title`). */
  title?: string;
  priceFen?: number;
}

/** Up to {@link PRODUCT_HITS} products whose name contains `name`, by `_id`; `more` says others match. */
export async function searchProducts(db: Db, name: string): Promise<{ products: ProductOption[]; more: boolean }> {
  const fields = { name: true, priceFen: true };
  const { items, more } = await readOneMore(PRODUCT_HITS, async (limit) => (await db.keysetPage(COLLECTIONS.products, { name: nameContains(name) }, { limit, fields })).docs);
  return { products: items as ProductOption[], more };
}

/**
 * The product `id` as the editor offers it, or null when the shop no longer has it (a delisted
 * product's document is removed: shop/handlers.ts answers 商品不存在或已下架 for it).
 */
export async function productById(db: Db, id: string): Promise<ProductOption | null> {
  const [doc] = await db.find(COLLECTIONS.products, { _id: id }, { limit: 1, fields: { name: true, title: true, priceFen: true } });
  return (doc as ProductOption | undefined) ?? null;
}
