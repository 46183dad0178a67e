/**
 * The catalog as behaviour-event checks see it: which products exist and in which category.
 * A category exists when a product of the catalog carries it, so checking an event's category
 * against its product's category is both the existence check and a consistency check.
 */

/** Looks products up by id. */
export interface CatalogLookup {
  /** productId → categoryId for each of `productIds` in the catalog; missing ids are absent. */
  categoriesOf(productIds: readonly string[]): Promise<Map<string, string>>;
}
