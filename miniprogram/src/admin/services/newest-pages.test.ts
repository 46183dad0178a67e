import { loadPages, PAGE_SIZE, type PageFetch } from './newest-pages';

type R = { _id: string; updatedAt: number };
/** A server's newest-first list of `n` rules (two per millisecond), counting the asks. */
function server(n: number): { fetch: PageFetch<R>; asks: number[] } {
  const all: R[] = Array.from({ length: n }, (_, i) => ({ _id: `rule_${String(i).padStart(6, '0')}`, updatedAt: Math.floor(i / 2) }))
    .sort((a, b) => b.updatedAt - a.updatedAt || (a._id < b._id ? 1 : -1));
  const asks: number[] = [];
  const fetch: PageFetch<R> = async ({ before, limit }) => {
    expect(limit).toBeLessThanOrEqual(200);
    asks.push(limit);
    const from = before ? all.findIndex((r) => r._id === before._id) + 1 : 0;
    return all.slice(from, from + limit);
  };
  return { fetch, asks };
}

describe('loadPages', () => {
  it('shows 50 of 120 with more, then the next 50, then the last 20 without', async () => {
    const s = server(120);
    const first = await loadPages(s.fetch, PAGE_SIZE);
    expect(first.items).toHaveLength(50);
    expect(first.more).toBe(true);
    const second = await loadPages(s.fetch, PAGE_SIZE, first.items[49]);
    expect(second.items[0]._id).not.toBe(first.items[49]._id);
    const third = await loadPages(s.fetch, PAGE_SIZE, second.items[49]);
    expect(third).toMatchObject({ more: false });
    const ids = [...first.items, ...second.items, ...third.items].map((r) => r._id);
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
  });

  it('says no more when exactly a page is left', async () => {
    expect((await loadPages(server(50).fetch, PAGE_SIZE)).more).toBe(false);
    expect((await loadPages(server(51).fetch, PAGE_SIZE)).more).toBe(true);
  });

  it('reloads as many as were loaded (450 of 500) in asks the server allows', async () => {
    const s = server(500);
    const r = await loadPages(s.fetch, 450);
    expect(r.items).toHaveLength(450);
    expect(r.more).toBe(true);
    expect(s.asks).toEqual([200, 200, 53]);
  });
});
