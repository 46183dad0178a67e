/**
 * The lists that say whether more exist than they show (the campaign editor's product search, the
 * review page's orders, the app's product pages, 模型's versions, the admin's newest-first pages)
 * read one item more than they show: that one is not shown, only counted. Here, not in each list,
 * so the "more" of every reply means the same. In contracts because the app's pages use it too.
 */

/** Up to `show` items, and whether any came after them. */
export interface SomeOf<T> {
  items: T[];
  more: boolean;
}

/** Asks `read` for `show + 1` items and answers the first `show`, and whether a further one came. */
export async function readOneMore<T>(show: number, read: (limit: number) => Promise<T[]>): Promise<SomeOf<T>> {
  const got = await read(show + 1);
  return { items: got.slice(0, show), more: got.length > show };
}
