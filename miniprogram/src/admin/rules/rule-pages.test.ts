import { loadRulePages, RULE_PAGE, type RuleFetch } from './rule-pages';

type R = { _id: string; updatedAt: number };
/** A server's newest-first list of `n` rules (two per millisecond), counting the asks. */
function server(n: number): { fetch: RuleFetch<R>; asks: number[] } {
  const all: R[] = Array.from({ length: n }, (_, i) => ({ _id: `rule_${String(i).padStart(6, '0')}`, updatedAt: Math.floor(i / 2) }))
    .sort((a, b) => b.updatedAt - a.updatedAt || (a._id < b._id ? 1 : -1));
  const asks: number[] = [];
  const fetch: RuleFetch<R> = async ({ before, limit }) => {
    expect(limit).toBeLessThanOrEqual(200);
    asks.push(limit);
    const from = before ? all.findIndex((r) => r._id === before._id) + 1 : 0;
    return all.slice(from, from + limit);
  };
  return { fetch, asks };
}

describe('loadRulePages', () => {
  it('shows 50 of 120 with more, then the next 50, then the last 20 without', async () => {
    const s = server(120);
    const first = await loadRulePages(s.fetch, RULE_PAGE);
    expect(first.rules).toHaveLength(50);
    expect(first.more).toBe(true);
    const second = await loadRulePages(s.fetch, RULE_PAGE, first.rules[49]);
    expect(second.rules[0]._id).not.toBe(first.rules[49]._id);
    const third = await loadRulePages(s.fetch, RULE_PAGE, second.rules[49]);
    expect(third).toMatchObject({ more: false });
    const ids = [...first.rules, ...second.rules, ...third.rules].map((r) => r._id);
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
  });

  it('says no more when exactly a page is left', async () => {
    expect((await loadRulePages(server(50).fetch, RULE_PAGE)).more).toBe(false);
    expect((await loadRulePages(server(51).fetch, RULE_PAGE)).more).toBe(true);
  });

  it('reloads as many as were loaded (450 of 500) in asks the server allows', async () => {
    const s = server(500);
    const r = await loadRulePages(s.fetch, 450);
    expect(r.rules).toHaveLength(450);
    expect(r.more).toBe(true);
    expect(s.asks).toEqual([200, 200, 53]);
  });
});
