import { readOneMore } from './read-one-more';

describe('readOneMore', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => i);
  /** A read that answers up to `stored` rows, remembering the limit it was asked for. */
  const store = (stored: number) => {
    const asked: number[] = [];
    return { asked, read: async (limit: number) => (asked.push(limit), rows(Math.min(limit, stored))) };
  };

  it('asks for one more than it shows, and says more only when that one came', async () => {
    for (const [stored, more] of [[0, false], [3, false], [5, false], [6, true], [40, true]] as const) {
      const s = store(stored);
      await expect(readOneMore(5, s.read)).resolves.toEqual({ items: rows(Math.min(5, stored)), more });
      expect(s.asked).toEqual([6]);
    }
  });

  it('shows none of a read that answered only the extra one', async () => {
    await expect(readOneMore(0, store(1).read)).resolves.toEqual({ items: [], more: true });
  });
});
