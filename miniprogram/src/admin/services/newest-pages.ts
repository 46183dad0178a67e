/**
 * The admin's long lists (自定义分群, 活动), a page at a time: a shop with hundreds of rules or
 * campaigns sees the newest 50 and a 加载更多 button, not only the newest 200 (the server's lists
 * used to stop there, silently). Each ask takes one item more than it shows, so 加载更多 appears
 * only when there is more. The server pages by a keyset (`updatedAt`, then `_id`).
 */
import type { PageCursor } from '../../../../cloudfunctions/common/contracts/admin-replies';
import { readOneMore } from '../../../../cloudfunctions/common/contracts/read-one-more';

/** Items shown per 加载更多. */
export const PAGE_SIZE = 50;
/** The most items one ask may take (the server's cap), one of them only to tell whether more exist. */
const ASK_MAX = 200;

export type { PageCursor };

/** One ask of a server's newest-first list. */
export type PageFetch<R> = (page: { before?: PageCursor; limit: number }) => Promise<R[]>;

/** Where the list goes on after `r`. */
export const cursorOf = (r: PageCursor): PageCursor => ({ updatedAt: r.updatedAt, _id: r._id });

/**
 * `want` items after `before` (from the newest when absent), in as many asks as it takes, and
 * whether any come after them. A reload asks for as many as staff had loaded, so acting on an item
 * far down the list does not take the list back to its first page.
 */
export async function loadPages<R extends PageCursor>(
  fetch: PageFetch<R>,
  want: number,
  before?: PageCursor,
): Promise<{ items: R[]; more: boolean }> {
  const items: R[] = [];
  for (let after = before; ; ) {
    const take = Math.min(want - items.length, ASK_MAX - 1);
    const page = await readOneMore(take, (limit) => fetch({ ...(after ? { before: after } : {}), limit }));
    items.push(...page.items);
    if (!page.more) return { items, more: false };
    if (items.length >= want) return { items, more: true };
    after = cursorOf(items[items.length - 1]);
  }
}
