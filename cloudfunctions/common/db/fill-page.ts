/**
 * Filling one page from as many answers as it takes: the loop under {@link Db.keysetPage} (by
 * `_id`) and `sortedPage` (by a field, then `_id`). One answer may be capped below what it asked
 * (WeChat's documents say 1000 or 100 a `get()`) or refused for its size (1 MB), so the page is
 * asked for again after its last document until it is full or surely the last.
 */
import { AnswerTooLargeError } from './sdk-call';
import type { Doc } from './wx-db';

/**
 * The smallest server-side page cap documented or measured (WeChat's reference said 100 before it
 * said 1000; developers measured 100 in 2019): a page shorter than this and than asked is surely
 * the last.
 */
const SURE_LAST_PAGE = 100;

/**
 * Whether a page of `length` documents, asked for `limit`, is surely the last of an ordered walk:
 * empty, or shorter than both `limit` and {@link SURE_LAST_PAGE} (a cloud that caps pages at 100
 * answers 100 to a limit of 1000 long before the end).
 */
export const isLastPage = (length: number, limit: number): boolean =>
  length === 0 || length < Math.min(limit, SURE_LAST_PAGE);

/**
 * Up to `limit` documents from `ask(want, end)` — the next `want` documents after `end`, the last
 * document so far (undefined at first). An answer refused for its size is asked again at half the
 * size (only a single document over the limit fails); a short answer ends the walk only when it is
 * surely the last, or when `ends(end)` says no document can follow. `last` says nothing follows.
 */
export async function fillPage(
  limit: number,
  ask: (want: number, end: Doc | undefined) => Promise<Doc[]>,
  ends: (end: Doc) => boolean = () => false,
): Promise<{ docs: Doc[]; last: boolean }> {
  const docs: Doc[] = [];
  let size = limit;
  let end: Doc | undefined;
  while (docs.length < limit) {
    const want = Math.min(size, limit - docs.length);
    let page: Doc[];
    try {
      page = await ask(want, end);
    } catch (err) {
      if (!(err instanceof AnswerTooLargeError) || want === 1) throw err;
      size = Math.ceil(want / 2);
      continue;
    }
    docs.push(...page);
    if (isLastPage(page.length, want)) return { docs, last: true };
    end = page[page.length - 1];
    if (ends(end)) return { docs, last: true };
  }
  return { docs, last: false };
}
