/**
 * A newest-first admin list held by a page: the items loaded so far, whether more exist, the
 * server's total for the count line, 加载更多 and a reload that keeps as many items as were shown.
 * `key` names the list's filter (a search text): a new key starts from the first page.
 */
import { useEffect, useRef, useState } from 'react';
import { cursorOf, loadPages, PAGE_SIZE, type PageCursor, type PageFetch } from './newest-pages';

/** What a page renders and calls. `total` is null until counted, or when the count failed. */
export interface NewestList<R> {
  items: R[] | null;
  more: boolean;
  total: number | null;
  error: string;
  reload(): void;
  loadMore(): void;
}

/** `fetch`/`count` of the list under `key`; both are read at call time, so they may be inline. */
export function useNewestList<R extends PageCursor>(key: string, fetch: PageFetch<R>, count: () => Promise<number>): NewestList<R> {
  const [items, setItems] = useState<R[] | null>(null);
  const [more, setMore] = useState(false);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState('');
  // The latest answer wins: a reload and a 加载更多 in flight at once must not mix their items.
  const seq = useRef(0);
  const shown = useRef<R[]>([]);
  const io = useRef({ fetch, count });
  io.current = { fetch, count };
  const show = (mine: number, list: R[], hasMore: boolean) => {
    if (mine !== seq.current) return;
    shown.current = list;
    setItems(list);
    setMore(hasMore);
    setError('');
  };
  const ask = (want: number, before?: PageCursor, kept: R[] = []) => {
    const mine = ++seq.current;
    void loadPages(io.current.fetch, want, before).then(
      (p) => show(mine, [...kept, ...p.items], p.more),
      (e: Error) => mine === seq.current && setError(e.message),
    );
    // The count line's total; without it the line says only what is shown.
    io.current.count().then(
      (n) => mine === seq.current && setTotal(n),
      () => mine === seq.current && setTotal(null),
    );
  };
  const reload = () => ask(Math.max(PAGE_SIZE, shown.current.length));
  useEffect(() => {
    shown.current = [];
    setItems(null);
    setTotal(null);
    reload();
  }, [key]);
  return {
    items,
    more,
    total,
    error,
    reload,
    loadMore: () => {
      const last = shown.current[shown.current.length - 1];
      if (last) ask(PAGE_SIZE, cursorOf(last), shown.current);
    },
  };
}
